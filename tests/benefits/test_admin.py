"""The back office writes through benefits.services: agreements with their beneficiaries, payments; the
ledger is read-only with a "compute again" action."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from benefits.models import Agreement, LedgerEntry, Payment
from tests.factories.benefits import agreement, sale
from tests.factories.products import ProductFactory
from tests.factories.wisdom import KnowledgeHolderFactory, WisdomRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(group):
    record = WisdomRecordFactory()
    holder = KnowledgeHolderFactory(record=record)
    doll = ProductFactory(group=group)
    a = agreement(group=group, record=record, products=[doll], rate="5.00", shares=[(holder, "100")])
    sale(doll, "2026-03", "1000.00")
    return a, doll, holder


@pytest.mark.parametrize("model", ["agreement", "ledgerentry", "payment"])
def test_the_lists_and_forms_open_for_staff_only(model, deal, client_for, staff, owner):
    assert client_for(staff).get(reverse(f"admin:benefits_{model}_changelist")).status_code == 200
    assert client_for(owner).get(reverse(f"admin:benefits_{model}_changelist")).status_code == 302
    if model != "ledgerentry":
        assert client_for(staff).get(reverse(f"admin:benefits_{model}_add")).status_code == 200


def test_an_agreement_and_its_beneficiaries_are_saved_through_the_services(deal, client_for, staff, group):
    a, doll, holder = deal
    data = {"title": "ข้อตกลงจากหลังบ้าน", "producer_group": group.pk, "wisdom_record": a.wisdom_record_id,
            "products": [doll.pk], "share_basis": "percent", "rate": "4.00", "start_date": "2026-01-01",
            "beneficiaries-TOTAL_FORMS": "2", "beneficiaries-INITIAL_FORMS": "0",
            "beneficiaries-MIN_NUM_FORMS": "0", "beneficiaries-MAX_NUM_FORMS": "1000",
            "beneficiaries-0-kind": "holder", "beneficiaries-0-holder": holder.pk, "beneficiaries-0-share_percent": "70",
            "beneficiaries-1-kind": "fund", "beneficiaries-1-name": "กองทุนหมู่บ้าน", "beneficiaries-1-share_percent": "40"}
    refused = client_for(staff).post(reverse("admin:benefits_agreement_add"), data)
    assert refused.status_code == 200  # 70 + 40 > 100: the service refuses, nothing is saved
    assert not Agreement.objects.filter(title="ข้อตกลงจากหลังบ้าน").exists()
    data["beneficiaries-1-share_percent"] = "30"
    response = client_for(staff).post(reverse("admin:benefits_agreement_add"), data)
    assert response.status_code == 302
    created = Agreement.objects.get(title="ข้อตกลงจากหลังบ้าน")
    assert created.created_by == staff
    assert sorted(b.name for b in created.beneficiaries.all()) == sorted([holder.name, "กองทุนหมู่บ้าน"])


def test_the_ledger_is_computed_again_by_an_action_and_payments_are_checked(deal, client_for, staff):
    from benefits import services
    from core.actors import SYSTEM

    a, doll, _ = deal
    services.compute_ledger(actor=SYSTEM, month="2026-03")
    sale(doll, "2026-03", "2000.00")
    entry = LedgerEntry.objects.get()
    c = client_for(staff)
    c.post(reverse("admin:benefits_ledgerentry_changelist"), {"action": "compute_again", "_selected_action": [entry.pk]})
    assert LedgerEntry.objects.get(kind="adjustment").amount == Decimal("50.00")
    too_much = c.post(reverse("admin:benefits_payment_add"), {
        "beneficiary": entry.beneficiary_id, "paid_on": "2026-04-01", "amount": "100.01", "method": "cash"})
    assert too_much.status_code == 200 and not Payment.objects.exists()
    ok = c.post(reverse("admin:benefits_payment_add"), {
        "beneficiary": entry.beneficiary_id, "paid_on": "2026-04-01", "amount": "100.00", "method": "cash"})
    assert ok.status_code == 302
    payment = Payment.objects.get()
    assert payment.recorded_by == staff and payment.paid_on == dt.date(2026, 4, 1)
    assert payment.history.count() == 1
