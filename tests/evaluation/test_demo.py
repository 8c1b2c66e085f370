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
