"""Benefit agreements for tests: an agreement with beneficiaries, and the figures the ledger reads."""

import datetime as dt
from decimal import Decimal

from benefits import services
from core.actors import SYSTEM
from evaluation.models import IncomeRecord, ProductSale
from tourism.models import Booking


def agreement(*, group=None, community=None, record=None, products=(), programs=(), basis="percent",
              rate="5.00", start=dt.date(2026, 1, 1), end=None, shares=(), title="ข้อตกลงทดสอบ"):
    """shares: [(holder_or_None_for_fund, "60.00"), …]"""
    a = services.agreement_create(actor=SYSTEM, title=title, producer_group=group, tourism_community=community,
                                  wisdom_record=record, products=products, programs=programs, share_basis=basis,
                                  rate=Decimal(rate), start_date=start, end_date=end)
    for holder, share in shares:
        if holder is None:
            services.beneficiary_add(actor=SYSTEM, agreement=a, kind="fund", name="กองทุนชุมชนทดสอบ",
                                     share_percent=Decimal(share))
        else:
            services.beneficiary_add(actor=SYSTEM, agreement=a, kind="holder", holder=holder,
                                     share_percent=Decimal(share))
    return a


def sale(product, month: str, amount, quantity=None):
    """Attribute `amount` of product sales (and `quantity`) in `month` to `product` — the month's income
    record is created or raised so the breakdown never exceeds it."""
    y, m = (int(p) for p in month.split("-"))
    first = dt.date(y, m, 1)
    record, _ = IncomeRecord.objects.get_or_create(producer_group=product.group, month=first,
                                                   source="product_sales", defaults={"amount": Decimal(0)})
    existing = ProductSale.objects.filter(income_record=record).exclude(product=product)
    needed = sum((s.amount for s in existing), Decimal(0)) + Decimal(str(amount))
    if record.amount < needed:
        IncomeRecord.objects.filter(pk=record.pk).update(amount=needed)
    ProductSale.objects.update_or_create(income_record=record, product=product,
                                         defaults={"amount": Decimal(str(amount)), "quantity": quantity})
    if record.amount > needed:
        IncomeRecord.objects.filter(pk=record.pk).update(amount=needed)


def booking(program, day: dt.date, people: int, status="confirmed", code=None):
    return Booking.objects.create(program=program, code=code or f"B{Booking.objects.count():06d}", date=day,
                                  people=people, name="นักท่องเที่ยว", phone="0812345678", total_price=program.price_per_person * people,
                                  status=status)
