"""The benefits app's part of a wisdom record's lineage: the agreements on the record with what their ledger
accrued and what was paid, for viewers of the full version who may see the agreement; nothing publicly."""

import datetime as dt
from decimal import Decimal

import pytest

from benefits import services
from benefits.lineage import wisdom_lineage
from core.actors import SYSTEM
from tests.factories.benefits import agreement, sale
from tests.factories.products import ProductFactory
from tests.factories.wisdom import KnowledgeHolderFactory, WisdomRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(group):
    record = WisdomRecordFactory(title_th="ตุ๊กตาชาววังทดสอบ", owner_group=group)
    holder = KnowledgeHolderFactory(record=record, name="นางสาวเอ")  # every scope from 2026-01-15
    doll = ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], rate="5.00", title="ข้อตกลงตุ๊กตา",
                  shares=[(holder, "60.00"), (None, "40.00")])
    sale(doll, "2026-03", "1000.00")   # 5 % = 50.00: holder 30.00, fund 20.00
    sale(doll, "2026-11", "200.00")    # 5 % = 10.00: holder 6.00, fund 4.00 (fiscal year 2570)
    for month in ("2026-03", "2026-11"):
        services.compute_ledger(actor=SYSTEM, month=month, today=dt.date(2026, 12, 6))
    holder_row = a.beneficiaries.get(holder=holder)
    services.record_payment(actor=SYSTEM, beneficiary=holder_row, paid_on=dt.date(2026, 4, 20),
                            amount=Decimal("25.00"), method="transfer", reference="TX1")
    return record, a


def figures(section):
    return {f.label: f.value for f in section.figures}


def test_it_sums_the_ledger_and_the_payments_of_the_agreements_on_the_record(chain, users):
    record, a = chain
    section = wisdom_lineage(records=[record], user=users["staff"], private=True)[record.pk]
    assert [e.title for e in section.entries] == ["ข้อตกลงตุ๊กตา"]
    assert figures(section) == {"ข้อตกลงแบ่งปันผลประโยชน์": 1, "ส่วนแบ่งที่สะสมให้ผู้รับ": Decimal("60.00"),
                                "จ่ายแล้ว": Decimal("25.00"), "ค้างจ่าย": Decimal("35.00")}
    assert section.milestones[0].day == a.start_date


def test_a_fiscal_year_counts_its_own_months_and_payments(chain, users):
    record, _a = chain
    fy2569 = wisdom_lineage(records=[record], user=users["staff"], private=True, fiscal_year=2569)[record.pk]
    assert figures(fy2569)["ส่วนแบ่งที่สะสมให้ผู้รับ"] == Decimal("50.00")
    assert figures(fy2569)["จ่ายแล้ว"] == Decimal("25.00")
    fy2570 = wisdom_lineage(records=[record], user=users["staff"], private=True, fiscal_year=2570)[record.pk]
    assert (figures(fy2570)["ส่วนแบ่งที่สะสมให้ผู้รับ"], figures(fy2570)["จ่ายแล้ว"]) == (Decimal("10.00"), Decimal("0"))


def test_only_viewers_who_see_the_agreement_get_the_section_and_never_publicly(chain, users):
    record, _a = chain
    assert wisdom_lineage(records=[record], user=users["staff"], private=False) == {}
    assert record.pk in wisdom_lineage(records=[record], user=users["owner"], private=True)
    for role in ("anonymous", "outsider", "partner", "expert"):
        assert wisdom_lineage(records=[record], user=users[role], private=True) == {}, role


def test_it_shows_on_the_staff_lineage_page(chain, client_for, users):
    record, _a = chain
    page = client_for(users["staff"]).get(f"/wisdom/{record.slug}/lineage/")
    assert page.status_code == 200
    assert "การแบ่งปันผลประโยชน์แก่ผู้ถือภูมิปัญญา" in page.content.decode()
    public = client_for(users["outsider"]).get(f"/wisdom/{record.slug}/lineage/")
    assert "การแบ่งปันผลประโยชน์แก่ผู้ถือภูมิปัญญา" not in public.content.decode()
