import pytest

from benefits import demo
from benefits.models import Agreement, Beneficiary, LedgerEntry, Payment
from core import demo as core_demo
from evaluation import demo as evaluation_demo
from products import demo as products_demo
from wisdom import demo as wisdom_demo

pytestmark = pytest.mark.django_db


def test_it_loads_the_court_doll_agreement_with_three_months_and_a_payment_once():
    core_demo.load()
    wisdom_demo.load()
    products_demo.load()
    evaluation_demo.load()
    demo.load()
    agreement = Agreement.objects.get()
    assert agreement.is_demo and agreement.wisdom_record.slug == demo.RECORD
    assert Beneficiary.objects.filter(agreement=agreement).count() == 3
    entries = LedgerEntry.objects.filter(agreement=agreement)
    assert entries.values("month").distinct().count() == 3 and entries.count() == 9
    assert all(e.is_demo and e.kind == "accrual" for e in entries)
    assert entries.filter(amount__gt=0).count() == 9
    payment = Payment.objects.get()
    assert payment.is_demo and payment.amount == payment.entry.amount
    counts = (Agreement.objects.count(), Beneficiary.objects.count(), LedgerEntry.objects.count(),
              Payment.objects.count())
    demo.load()
    assert (Agreement.objects.count(), Beneficiary.objects.count(), LedgerEntry.objects.count(),
            Payment.objects.count()) == counts
