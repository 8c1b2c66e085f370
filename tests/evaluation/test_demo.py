import pytest

from core import demo as core_demo
from evaluation import demo, selectors
from evaluation.models import Enrollment, IncomeRecord, Target

pytestmark = pytest.mark.django_db


def test_it_loads_realistic_demo_data_once():
    core_demo.load()
    demo.load()
    counts = (IncomeRecord.objects.count(), Enrollment.objects.count(), Target.objects.count())
    demo.load()
    assert (IncomeRecord.objects.count(), Enrollment.objects.count(), Target.objects.count()) == counts
    assert not IncomeRecord.objects.filter(is_demo=False).exists()
    assert not Enrollment.objects.filter(is_demo=False).exists()
    statuses = {r["status"] for r in selectors.evaluation_rows(fiscal_year=2570, as_of="2026-10")}
    assert statuses == {"met", "not_met", "no_baseline"}


def test_it_splits_the_court_doll_groups_last_months_of_sales_by_product():
    from evaluation.models import ProductSale
    from products import demo as products_demo
    from wisdom import demo as wisdom_demo

    core_demo.load()
    wisdom_demo.load()
    products_demo.load()
    demo.load()
    lines = ProductSale.objects.select_related("income_record", "product")
    assert lines.count() == 2 * demo.SALES_MONTHS and all(s.is_demo for s in lines)
    assert {s.product.slug for s in lines} == {"court-dolls-thai-games", "court-dolls-loy-krathong"}
    for sale in lines:  # price × quantity, within the month
        price = {"court-dolls-thai-games": 450, "court-dolls-loy-krathong": 650}[sale.product.slug]
        assert sale.amount == price * sale.quantity
        assert sum(s.amount for s in lines if s.income_record_id == sale.income_record_id) <= sale.income_record.amount
    demo.load()
    assert ProductSale.objects.count() == 2 * demo.SALES_MONTHS


def test_it_gives_the_court_doll_groups_district_a_target_with_a_reason_marked_demo():
    from core.models import ProducerGroup
    from evaluation.models import DistrictTarget, UnitTarget

    core_demo.load()
    demo.load()
    dolls = ProducerGroup.objects.select_related("subdistrict").get(slug="bang-sadet-court-dolls")
    target = DistrictTarget.objects.get(fiscal_year=2570, district_id=dolls.subdistrict.district_id)
    assert target.is_demo and target.reason and target.target_percent == demo.DISTRICT_TARGET[0]
    assert target.district.name_th == "ป่าโมก"
    assert all(t.is_demo and t.reason for t in UnitTarget.objects.all()) and UnitTarget.objects.exists()
    counts = (DistrictTarget.objects.count(), UnitTarget.objects.count(), target.history.count())
    demo.load()
    assert (DistrictTarget.objects.count(), UnitTarget.objects.count(), target.history.count()) == counts
    rows = [r for r in selectors.evaluation_rows(fiscal_year=2570, as_of="2026-10") if r["district"] == "1503"]
    assert {r["target_level"] for r in rows} >= {"district"}
