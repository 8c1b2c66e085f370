"""Demo data of the benefit-sharing app (issue 17's demo chain): the Ban Bang Sadet court-doll group's
agreement with the holders of the court-doll wisdom record and the community fund — 5 % of the sales
attributed to two court-doll products — with the ledger of the three latest months that have an
attributed breakdown (evaluation.demo writes it) and one payment.

Realistic but NOT official (every row is_demo=True). Idempotent: the agreement is keyed by its title,
beneficiaries by holder/name, the ledger is recomputed (nothing new when the figures did not change) and
the payment is keyed by its reference.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.actors import SYSTEM
from core.models import ProducerGroup
from evaluation import selectors as evaluation_selectors
from products import selectors as products_selectors
from wisdom import selectors as wisdom_selectors

from . import services
from .models import Agreement, Beneficiary, Payment

TITLE = "ข้อตกลงแบ่งปันผลประโยชน์ตุ๊กตาชาววังบ้านบางเสด็จ (ตัวอย่าง)"
GROUP = "bang-sadet-court-dolls"
RECORD = "court-dolls-ban-bang-sadet"
PRODUCTS = ("court-dolls-thai-games", "court-dolls-loy-krathong")
FUND = "กองทุนหมู่บ้านบางเสด็จ (กองทุนชุมชน)"
# Holder shares by name (the wisdom demo's holders); the fund gets the rest.
HOLDER_SHARES = {"นางสมจิตร ปั้นงาม": Decimal("40.00"), "นางสาวอรุณี ศรีบางเสด็จ": Decimal("20.00")}
FUND_SHARE = Decimal("40.00")
PAYMENT_REFERENCE = "DEMO-BEN-0001"
MONTHS = 3


@transaction.atomic
def load() -> dict[str, int]:
    group = ProducerGroup.objects.filter(slug=GROUP).first()
    record = wisdom_selectors.records_of_groups(slugs=[GROUP]).filter(slug=RECORD).first()
    if group is None or record is None:
        return {"agreements": 0}
    products = list(products_selectors.products_of_groups(group_ids=[group.pk]).filter(slug__in=PRODUCTS))
    if not products:
        return {"agreements": 0}
    agreement = Agreement.objects.filter(title=TITLE, is_demo=True).first()
    if agreement is None:
        agreement = services.agreement_create(
            actor=SYSTEM, title=TITLE, producer_group=group, wisdom_record=record, products=products,
            share_basis="percent", rate=Decimal("5.00"), start_date=dt.date(2025, 10, 1),
            signed_on=dt.date(2025, 9, 25), is_demo=True,
            note="ข้อมูลตัวอย่าง: กลุ่มแบ่งร้อยละ 5 ของยอดขายตุ๊กตาสองรุ่นที่ใช้ภูมิปัญญานี้ "
                 "ให้ปราชญ์ผู้ถ่ายทอดและกองทุนหมู่บ้าน จ่ายทุกเดือนผ่านบัญชีกองทุน")
    holders = {h.name: h for h in wisdom_selectors.holders_of_records(record_ids=[record.pk])}
    existing = {(b.holder_id, b.name) for b in Beneficiary.objects.filter(agreement=agreement)}
    for name, share in HOLDER_SHARES.items():
        holder = holders.get(name)
        if holder is not None and not any(h == holder.pk for h, _ in existing):
            services.beneficiary_add(actor=SYSTEM, agreement=agreement, kind="holder", holder=holder,
                                     share_percent=share, is_demo=True)
    if not any(n == FUND for _, n in existing):
        services.beneficiary_add(actor=SYSTEM, agreement=agreement, kind="fund", name=FUND,
                                 share_percent=FUND_SHARE, is_demo=True)

    this_month = timezone.localdate().replace(day=1)
    months = sorted({row["month"] for row in evaluation_selectors.product_sales_by_month(
        product_ids=[p.pk for p in products]) if row["month"] < this_month})[-MONTHS:]
    for month in months:
        services.compute_ledger(actor=SYSTEM, month=month, agreements=[agreement])

    first_holder = Beneficiary.objects.filter(agreement=agreement, kind="holder").order_by("pk").first()
    payments = 0
    if months and first_holder is not None and not Payment.objects.filter(reference=PAYMENT_REFERENCE).exists():
        entry = first_holder.ledger_entries.filter(month=months[0], kind="accrual").first()
        if entry is not None and entry.amount > 0:
            paid_on = min(services.month_last(services.add_months(months[0], 1)), timezone.localdate())
            services.record_payment(actor=SYSTEM, beneficiary=first_holder, entry=entry, paid_on=paid_on,
                                    amount=entry.amount, method="transfer", reference=PAYMENT_REFERENCE,
                                    note="ข้อมูลตัวอย่าง: โอนเข้าบัญชีของปราชญ์", is_demo=True)
            payments = 1
    return {"agreements": 1, "months": len(months), "payments": payments}
