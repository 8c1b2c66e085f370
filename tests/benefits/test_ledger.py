"""The ledger rule on hand-computed cases (benefits/services.py docstring states the rule)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from benefits import selectors, services
from benefits.models import LedgerEntry
from core.actors import SYSTEM
from tests.factories import core as cf
from tests.factories.benefits import agreement, booking, sale
from tests.factories.products import ProductFactory
from tests.factories.tourism import CommunityFactory, ProgramFactory
from tests.factories.wisdom import HolderConsentFactory, KnowledgeHolderFactory, WisdomRecordFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


def compute(month, **kw):
    return services.compute_ledger(actor=SYSTEM, month=month, today=TODAY, **kw)


def amounts(a, month="2026-03"):
    first = services.month_first(month)
    return {(e.beneficiary.name, e.kind, e.revision): e.amount
            for e in LedgerEntry.objects.filter(agreement=a, month=first).select_related("beneficiary")}


@pytest.fixture
def record():
    return WisdomRecordFactory(title_th="ตุ๊กตาชาววังทดสอบ")


@pytest.fixture
def holders(record):
    # Every scope (benefit sharing included) from 2026-01-15.
    return (KnowledgeHolderFactory(record=record, name="นางสาวเอ"), KnowledgeHolderFactory(record=record, name="นายบี"))


def test_it_computes_a_percentage_agreement_split_between_holders_and_the_fund(group, record, holders):
    doll, other = ProductFactory(group=group), ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], rate="5.00",
                  shares=[(holders[0], "60.00"), (holders[1], "30.00"), (None, "10.00")])
    sale(doll, "2026-03", "12345.67")
    sale(other, "2026-03", "1000.00")  # not covered

    run = compute("2026-03")

    # gross = 12,345.67 × 5 % = 617.2835; 60 % = 370.3701, 30 % = 185.18505, 10 % = 61.72835
    assert amounts(a) == {("นางสาวเอ", "accrual", 0): Decimal("370.37"), ("นายบี", "accrual", 0): Decimal("185.19"),
                          ("กองทุนชุมชนทดสอบ", "accrual", 0): Decimal("61.73")}
    assert run.accruals == 3 and run.adjustments == 0
    e = LedgerEntry.objects.get(agreement=a, beneficiary__name="นางสาวเอ")
    assert (e.basis, e.rate, e.share_percent, e.days_entitled, e.days_in_month) == (
        Decimal("12345.67"), Decimal("5.00"), Decimal("60.00"), 31, 31)


def test_it_adds_booking_revenue_to_a_percentage_agreement_of_a_community(record, holders):
    community = CommunityFactory()
    program = ProgramFactory(community=community, price_per_person=450)
    a = agreement(community=community, record=record, programs=[program], rate="10.00", shares=[(holders[0], "100")])
    booking(program, dt.date(2026, 3, 5), 3)          # 1,350
    booking(program, dt.date(2026, 3, 28), 2)         # 900
    booking(program, dt.date(2026, 3, 29), 10, status="requested")  # not confirmed: not counted
    booking(program, dt.date(2026, 4, 2), 4)          # another month

    compute("2026-03")
    assert amounts(a) == {("นางสาวเอ", "accrual", 0): Decimal("225.00")}  # 2,250 × 10 %


def test_it_computes_a_fixed_amount_per_unit(group, record, holders):
    doll, dress = ProductFactory(group=group), ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll, dress], basis="per_unit", rate="20.00",
                  shares=[(holders[0], "50"), (None, "50")])
    sale(doll, "2026-03", "9250.00", quantity=37)
    sale(dress, "2026-03", "800.00")  # no quantity given: counts 0 units

    compute("2026-03")
    # 37 units × 20 baht = 740; half each
    assert amounts(a) == {("นางสาวเอ", "accrual", 0): Decimal("370.00"),
                          ("กองทุนชุมชนทดสอบ", "accrual", 0): Decimal("370.00")}
    assert LedgerEntry.objects.filter(agreement=a).first().basis == Decimal("37.00")


def test_it_computes_a_fixed_amount_per_visitor(record, holders):
    community = CommunityFactory()
    program = ProgramFactory(community=community)
    a = agreement(community=community, record=record, programs=[program], basis="per_visitor", rate="15.00",
                  shares=[(holders[0], "100")])
    booking(program, dt.date(2026, 3, 7), 4)
    booking(program, dt.date(2026, 3, 21), 7)
    booking(program, dt.date(2026, 3, 22), 5, status="declined")

    compute("2026-03")
    assert amounts(a) == {("นางสาวเอ", "accrual", 0): Decimal("165.00")}  # 11 visitors × 15


def test_it_stops_accrual_from_the_day_consent_is_withdrawn_and_resumes_from_a_restore(group, record):
    holder = KnowledgeHolderFactory(record=record, name="นางสาวเอ", scopes=["product"])
    HolderConsentFactory(holder=holder, scope="benefit", given_on=dt.date(2026, 1, 15),
                         withdrawn_on=dt.date(2026, 3, 11))
    HolderConsentFactory(holder=holder, scope="benefit", given_on=dt.date(2026, 4, 21))
    doll = ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], rate="10.00",
                  shares=[(holder, "100")])
    for month in ("2026-03", "2026-04"):
        sale(doll, month, "3100.00")
        compute(month)

    # March: 310 × 10 days (1–10; withdrawn on the 11th) / 31 = 100.00
    assert amounts(a, "2026-03") == {("นางสาวเอ", "accrual", 0): Decimal("100.00")}
    # April: 310 × 10 days (21–30, consent restored on the 21st) / 30 = 103.333… → 103.33
    assert amounts(a, "2026-04") == {("นางสาวเอ", "accrual", 0): Decimal("103.33")}
    march = LedgerEntry.objects.get(agreement=a, month=dt.date(2026, 3, 1))
    assert (march.days_entitled, march.days_in_month) == (10, 31)


def test_the_fund_is_not_affected_by_a_holders_withdrawal_but_by_the_agreements_period(group, record):
    holder = KnowledgeHolderFactory(record=record, name="นางสาวเอ", scopes=[])
    doll = ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], rate="10.00", start=dt.date(2026, 3, 17),
                  shares=[(holder, "50"), (None, "50")])
    sale(doll, "2026-03", "3100.00")
    compute("2026-03")
    # holder never consented to benefit sharing: 0; fund: 155 × 15 days (17–31) / 31 = 75.00
    assert amounts(a) == {("นางสาวเอ", "accrual", 0): Decimal("0.00"),
                          ("กองทุนชุมชนทดสอบ", "accrual", 0): Decimal("75.00")}


def test_a_late_correction_of_a_paid_month_adds_adjustments_and_never_edits_the_month(group, record, holders):
    doll = ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], rate="5.00", shares=[(holders[0], "100")])
    sale(doll, "2026-03", "1000.00")
    compute("2026-03")
    accrual = LedgerEntry.objects.get(agreement=a)
    beneficiary = accrual.beneficiary
    services.record_payment(actor=SYSTEM, beneficiary=beneficiary, paid_on=dt.date(2026, 4, 20),
                            amount=Decimal("50.00"), method="transfer", entry=accrual)

    sale(doll, "2026-03", "1200.00")  # the producer corrects March
    run = compute("2026-03")
    assert run.adjustments == 1
    sale(doll, "2026-03", "900.00")   # and corrects it again, downwards
    compute("2026-03")

    assert amounts(a) == {("นางสาวเอ", "accrual", 0): Decimal("50.00"),
                          ("นางสาวเอ", "adjustment", 1): Decimal("10.00"),     # 60 − 50
                          ("นางสาวเอ", "adjustment", 2): Decimal("-15.00")}    # 45 − 60
    accrual.refresh_from_db()
    assert accrual.basis == Decimal("1000.00")  # the paid line is as it was
    assert LedgerEntry.objects.get(agreement=a, revision=2).basis == Decimal("900.00")
    balance = selectors.beneficiary_balance(beneficiary=beneficiary, today=TODAY)
    assert balance["earned"] == Decimal("45.00") and balance["paid"] == Decimal("50.00")
    assert balance["owed"] == Decimal("-5.00")


def test_it_rounds_exactly_half_a_satang_up(group, record, holders):
    doll = ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], basis="per_unit", rate="0.25",
                  shares=[(holders[0], "50"), (None, "50")])
    sale(doll, "2026-03", "10.00", quantity=1)
    compute("2026-03")
    # 1 unit × 0.25 = 0.25; half of it is 0.125 → 0.13 each (banker's rounding would give 0.12)
    assert set(amounts(a).values()) == {Decimal("0.13")}
    assert services.entry_amount(share_basis="percent", basis=Decimal("0.10"), rate=Decimal("5.00"),
                                 share_percent=Decimal("100"), days_entitled=1, days_in_month=1) == Decimal("0.01")
    assert services.entry_amount(share_basis="percent", basis=Decimal("0.30"), rate=Decimal("5.00"),
                                 share_percent=Decimal("100"), days_entitled=1, days_in_month=1) == Decimal("0.02")


def test_recomputing_is_idempotent(group, record, holders):
    doll = ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], rate="5.00",
                  shares=[(holders[0], "60"), (holders[1], "40")])
    sale(doll, "2026-03", "777.77")
    first = compute("2026-03")
    before = list(LedgerEntry.objects.order_by("pk").values_list("pk", "amount"))
    second = compute("2026-03")
    third = compute("2026-03", agreements=[a])
    assert first.accruals == 2
    assert (second.accruals, second.adjustments, second.unchanged) == (0, 0, 2)
    assert (third.accruals, third.adjustments, third.unchanged) == (0, 0, 2)
    assert list(LedgerEntry.objects.order_by("pk").values_list("pk", "amount")) == before


def test_a_month_outside_the_agreement_gets_no_entries_and_an_unfinished_month_is_refused(group, record, holders):
    doll = ProductFactory(group=group)
    agreement(group=group, record=record, products=[doll], start=dt.date(2026, 5, 1), shares=[(holders[0], "100")])
    sale(doll, "2026-03", "1000.00")
    assert compute("2026-03").agreements == []
    with pytest.raises(ValidationError):
        compute("2026-12")


def test_payments_may_not_exceed_the_balance(group, record, holders):
    doll = ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], rate="5.00", shares=[(holders[0], "100")])
    sale(doll, "2026-03", "1000.00")
    compute("2026-03")
    b = a.beneficiaries.get()
    with pytest.raises(ValidationError):
        services.record_payment(actor=SYSTEM, beneficiary=b, paid_on=dt.date(2026, 4, 1),
                                amount=Decimal("50.01"), method="cash")
    services.record_payment(actor=SYSTEM, beneficiary=b, paid_on=dt.date(2026, 4, 1), amount=Decimal("20.00"),
                            method="cash")
    assert selectors.beneficiary_balance(beneficiary=b, today=TODAY) == {
        "earned": Decimal("50.00"), "paid": Decimal("20.00"), "owed": Decimal("30.00"), "overdue": Decimal("30.00")}
    # March is due by the end of April: not overdue yet on 15 April
    assert selectors.beneficiary_balance(beneficiary=b, today=dt.date(2026, 4, 15))["overdue"] == Decimal("0.00")


def test_the_agreement_rules_are_checked(group, other_group, record, holders):
    foreign = ProductFactory(group=other_group)
    with pytest.raises(ValidationError):
        agreement(group=group, record=record, products=[foreign])
    with pytest.raises(ValidationError):
        agreement(group=group, record=record, products=[], basis="per_unit")
    a = agreement(group=group, record=record, products=[ProductFactory(group=group)], shares=[(holders[0], "70")])
    with pytest.raises(ValidationError):  # 70 + 40 > 100
        services.beneficiary_add(actor=SYSTEM, agreement=a, kind="holder", holder=holders[1],
                                 share_percent=Decimal("40"))
    stranger = KnowledgeHolderFactory()  # a holder of another record
    with pytest.raises(ValidationError):
        services.beneficiary_add(actor=SYSTEM, agreement=a, kind="holder", holder=stranger,
                                 share_percent=Decimal("10"))
    with pytest.raises(PermissionDenied):  # only staff write
        services.agreement_update(actor=cf.producer(group), agreement=a, title="x")


def test_a_withdrawal_recorded_after_the_month_was_computed_adjusts_it_at_once(group, record, staff):
    from wisdom import services as wisdom_services

    holder = KnowledgeHolderFactory(record=record, name="นางสาวเอ")  # every scope from 2026-01-15
    doll = ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], rate="10.00", shares=[(holder, "100")])
    sale(doll, "2026-03", "3100.00")
    compute("2026-03")
    assert amounts(a) == {("นางสาวเอ", "accrual", 0): Decimal("310.00")}

    _, done = wisdom_services.consent_withdraw(actor=staff, holder=holder, scope="benefit", on=dt.date(2026, 3, 11))

    # 10 days of 31 remain: 100.00, so −210.00 is added; the accrual stays as it was
    assert amounts(a) == {("นางสาวเอ", "accrual", 0): Decimal("310.00"),
                          ("นางสาวเอ", "adjustment", 1): Decimal("-210.00")}
    assert any("ข้อตกลงทดสอบ" in line for line in done)


def test_naming_an_agreement_outside_its_period_writes_nothing(group, record, holders):
    doll = ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], start=dt.date(2026, 5, 1), shares=[(holders[0], "100")])
    assert compute("2026-03", agreements=[a]).agreements == []
    assert not LedgerEntry.objects.exists()
