"""The database itself refuses what the ledger must never hold, whoever writes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from benefits.models import Agreement, Beneficiary, LedgerEntry, Payment
from tests.factories.benefits import agreement
from tests.factories.products import ProductFactory
from tests.factories.tourism import CommunityFactory
from tests.factories.wisdom import KnowledgeHolderFactory, WisdomRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(group):
    record = WisdomRecordFactory()
    holder = KnowledgeHolderFactory(record=record)
    a = agreement(group=group, record=record, products=[ProductFactory(group=group)], shares=[(holder, "100")])
    return a, a.beneficiaries.get()


def entry(a, b, **kw):
    values = {"agreement": a, "beneficiary": b, "month": dt.date(2026, 3, 1), "kind": "accrual", "revision": 0,
              "share_basis": "percent", "basis": Decimal("100"), "rate": Decimal("5"),
              "share_percent": Decimal("100"), "days_entitled": 31, "days_in_month": 31, "amount": Decimal("5")}
    return LedgerEntry.objects.create(**{**values, **kw})


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_one_entry_per_agreement_beneficiary_month_kind_and_revision(setup):
    a, b = setup
    entry(a, b)
    refused(lambda: entry(a, b))
    entry(a, b, kind="adjustment", revision=1, amount=Decimal("-2.00"))
    refused(lambda: entry(a, b, kind="adjustment", revision=1, amount=Decimal("1.00")))
    entry(a, b, kind="adjustment", revision=2, amount=Decimal("1.00"))


@pytest.mark.parametrize("bad", [
    {"amount": Decimal("-0.01")},                                            # a negative accrual
    {"revision": 1},                                                          # an accrual is revision 0
    {"kind": "adjustment", "revision": 1, "amount": Decimal("0")},            # an empty adjustment
    {"kind": "adjustment", "revision": 0, "amount": Decimal("1")},            # adjustments count from 1
    {"basis": Decimal("-1")},
    {"rate": Decimal("-1")},
    {"month": dt.date(2026, 3, 2)},
    {"days_entitled": 32},
])
def test_the_ledger_refuses_impossible_lines(setup, bad):
    a, b = setup
    refused(lambda: entry(a, b, **bad))


def test_an_adjustment_may_be_negative(setup):
    a, b = setup
    assert entry(a, b, kind="adjustment", revision=1, amount=Decimal("-15.00")).amount == Decimal("-15.00")


def test_payments_agreements_and_beneficiaries_are_checked(setup, group):
    a, b = setup
    refused(lambda: Payment.objects.create(beneficiary=b, paid_on=dt.date(2026, 4, 1), amount=Decimal("0")))
    refused(lambda: Payment.objects.create(beneficiary=b, paid_on=dt.date(2026, 4, 1), amount=Decimal("-1")))
    refused(lambda: Agreement.objects.create(title="x", producer_group=group, tourism_community=CommunityFactory(),
                                             rate=Decimal("1"), start_date=dt.date(2026, 1, 1)))
    refused(lambda: Agreement.objects.create(title="x", rate=Decimal("1"), start_date=dt.date(2026, 1, 1)))
    refused(lambda: Agreement.objects.create(title="x", producer_group=group, rate=Decimal("101"),
                                             start_date=dt.date(2026, 1, 1)))
    refused(lambda: Agreement.objects.create(title="x", producer_group=group, rate=Decimal("1"),
                                             start_date=dt.date(2026, 1, 1), end_date=dt.date(2025, 1, 1)))
    refused(lambda: Beneficiary.objects.create(agreement=a, kind="fund", name="f", share_percent=Decimal("0")))
    refused(lambda: Beneficiary.objects.create(agreement=a, kind="holder", name="h", share_percent=Decimal("1")))
    refused(lambda: Beneficiary.objects.create(agreement=a, kind="holder", holder=b.holder, name="h",
                                               share_percent=Decimal("1")))
