"""Writes of the benefit-sharing app: agreements, beneficiaries, the monthly ledger, payments.

Staff write everything here (the portal itself, ``core.actors.SYSTEM``, computes the ledger on the 1st);
producer groups, tourism communities and knowledge holders only read (see ``models``).

**The ledger rule** (``compute_ledger``), for agreement A, beneficiary B and month M:

1. *Basis* — the month's attributed figures of the products and programs A covers:
   - percentage: product sales attributed to the products (``evaluation.selectors.product_sales_by_month``,
     baht) + revenue of confirmed bookings of the programs (``tourism.selectors.booking_revenue_by_month``,
     the total price each booking stored);
   - fixed per unit: the quantities of those product sales (lines without a quantity count 0);
   - fixed per visitor: the people of those bookings.
2. *Gross* of A for M = basis × rate ÷ 100 (percentage) or basis × rate (fixed).
3. *Entitled days* of B in M: the days of M inside A's period (start to end date, both included); for a
   knowledge holder, only those of them on which the holder consented to "benefit sharing" (a consent
   withdrawn on day D no longer covers D — ``wisdom.selectors.consent_periods``). The community fund is
   entitled on every day of A's period.
4. *Amount* of B for M = gross × B's share ÷ 100 × entitled days ÷ days of M, computed in exact decimals
   and rounded once, to the satang, half up (0.125 → 0.13).

So a holder who withdraws benefit-sharing consent on 11 March 2026 earns 10/31 of their March share,
and nothing from April; restoring consent later opens a new period and accrual resumes from its date.

**Corrections.** Computing a month writes an *accrual* (revision 0) for each beneficiary the first time.
Computing it again compares the rule's amount with everything already entered for that month
(accrual + adjustments): equal → nothing is written (recomputation is idempotent); different (a late
income correction, a booking confirmed late, a changed rate) → one *adjustment* with the next revision for
the difference, whose basis is the corrected basis. A computed month is never edited, paid or not, so a
statement printed earlier stays true and the change is visible as its own line.

Every night ``recheck_computed_months`` (beat task ``benefits.recheck_ledger``) computes again the months
already in the ledger (the last 24), so a late correction shows up as its adjustment the next morning; staff
can also compute a month again at once from the agreement's page.

**Due and overdue.** What a month earns is due by the end of the following month; ``selectors`` call
"overdue" the part of a beneficiary's balance earned by months whose due date has passed (payments
are applied to the oldest months first).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.actors import SYSTEM, is_system
from core.files import delete_after_commit
from evaluation import selectors as evaluation_selectors
from tourism import selectors as tourism_selectors
from wisdom import selectors as wisdom_selectors
from wisdom.choices import ConsentScope

from .choices import BeneficiaryKind, EntryKind, ShareBasis
from .models import Agreement, Beneficiary, LedgerEntry, Payment

Actor = permissions.Actor
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def money(value: Decimal) -> Decimal:
    """Exact to the satang, half up (never float, never banker's rounding)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _require_staff(actor: Actor) -> None:
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น"))


def _user_or_none(actor: Actor) -> Any:
    return None if is_system(actor) or not getattr(actor, "pk", None) else actor


def month_first(value: Any) -> dt.date:
    """'2026-03', a date or a datetime → the first day of that month."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.replace(day=1)
    try:
        year, month = str(value).strip().split("-")[:2]
        return dt.date(int(year), int(month), 1)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"month": _("รูปแบบเดือนต้องเป็น YYYY-MM (ปีคริสต์ศักราช) เช่น 2026-03")}) from exc


def month_last(first: dt.date) -> dt.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def add_months(first: dt.date, n: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


# --- Agreements ---------------------------------------------------------------------------------


def _check_agreement(agreement: Agreement, products: list[Any] | None, programs: list[Any] | None) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    if products is not None and agreement.producer_group_id is None and products:
        errors["products"].append(_("ผลิตภัณฑ์ใช้ได้กับข้อตกลงของกลุ่มผู้ผลิตเท่านั้น"))
    if products and agreement.producer_group_id is not None:
        if any(p.group_id != agreement.producer_group_id for p in products):
            errors["products"].append(_("ผลิตภัณฑ์ต้องเป็นของกลุ่มผู้ผลิตในข้อตกลง"))
    if programs and agreement.tourism_community_id is None:
        errors["programs"].append(_("โปรแกรมท่องเที่ยวใช้ได้กับข้อตกลงของชุมชนท่องเที่ยวเท่านั้น"))
    elif programs and any(p.community_id != agreement.tourism_community_id for p in programs):
        errors["programs"].append(_("โปรแกรมท่องเที่ยวต้องเป็นของชุมชนในข้อตกลง"))
    if products is not None and programs is not None:
        if agreement.share_basis == ShareBasis.PER_UNIT and not products:
            errors["products"].append(_("ส่วนแบ่งต่อชิ้นต้องระบุผลิตภัณฑ์อย่างน้อยหนึ่งรายการ"))
        elif agreement.share_basis == ShareBasis.PER_VISITOR and not programs:
            errors["programs"].append(_("ส่วนแบ่งต่อนักท่องเที่ยวต้องระบุโปรแกรมท่องเที่ยวอย่างน้อยหนึ่งรายการ"))
        elif not products and not programs:
            errors["products"].append(_("ระบุผลิตภัณฑ์หรือโปรแกรมท่องเที่ยวที่ข้อตกลงครอบคลุม"))
    if errors:
        raise ValidationError(dict(errors))


@transaction.atomic
def agreement_create(*, actor: Actor, title: str, share_basis: str, rate: Decimal, start_date: dt.date,
                     producer_group: Any = None, tourism_community: Any = None, wisdom_record: Any = None,
                     products: Any = (), programs: Any = (), end_date: dt.date | None = None,
                     signed_on: dt.date | None = None, document: Any = None, note: str = "",
                     is_demo: bool = False) -> Agreement:
    """Record an agreement; its beneficiaries are added with ``beneficiary_add``."""
    _require_staff(actor)
    agreement = Agreement(title=title, share_basis=share_basis, rate=rate, start_date=start_date,
                          end_date=end_date, signed_on=signed_on, producer_group=producer_group,
                          tourism_community=tourism_community, wisdom_record=wisdom_record,
                          note=note, created_by=_user_or_none(actor), is_demo=is_demo)
    if document:
        agreement.document = document
    products, programs = list(products or ()), list(programs or ())
    agreement.full_clean()
    _check_agreement(agreement, products, programs)
    agreement.save()
    agreement.products.set(products)
    agreement.programs.set(programs)
    return agreement


@transaction.atomic
def agreement_update(*, actor: Actor, agreement: Agreement, products: Any = None, programs: Any = None,
                     **fields: Any) -> Agreement:
    """Change an agreement. What the ledger already holds is not edited: the next computation of a
    month turns any difference the change makes into an adjustment."""
    _require_staff(actor)
    if fields.get("document") is False:  # "clear" ticked on a form
        fields["document"] = ""
    old_document = agreement.document if "document" in fields else None
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    new_products = list(products) if products is not None else list(agreement.products.all())
    new_programs = list(programs) if programs is not None else list(agreement.programs.all())
    _check_agreement(agreement, new_products, new_programs)
    agreement.save()
    if products is not None:
        agreement.products.set(new_products)
    if programs is not None:
        agreement.programs.set(new_programs)
    if old_document and old_document.name and old_document.name != agreement.document.name:
        delete_after_commit(old_document)
    return agreement


@transaction.atomic
def agreement_delete(*, actor: Actor, agreement: Agreement) -> None:
    """Only an agreement with nothing in its ledger may be deleted (its history is kept)."""
    _require_staff(actor)
    if agreement.ledger_entries.exists():
        raise ValidationError(_("ลบไม่ได้: ข้อตกลงนี้มีรายการในบัญชีผลประโยชน์แล้ว"))
    document = agreement.document
    agreement.delete()
    delete_after_commit(document)


# --- Beneficiaries -------------------------------------------------------------------------------


def _check_beneficiary(beneficiary: Beneficiary) -> None:
    agreement = beneficiary.agreement
    if beneficiary.kind == BeneficiaryKind.HOLDER and beneficiary.holder is not None:
        if agreement.wisdom_record_id is None or beneficiary.holder.record_id != agreement.wisdom_record_id:
            raise ValidationError({"holder": _("ปราชญ์ชาวบ้านต้องเป็นผู้ถือภูมิปัญญาของข้อตกลงนี้")})
        if not beneficiary.name:
            beneficiary.name = beneficiary.holder.name
    if not beneficiary.name:
        raise ValidationError({"name": _("ระบุชื่อผู้รับประโยชน์")})
    others = (Beneficiary.objects.filter(agreement=agreement).exclude(pk=beneficiary.pk)
              .aggregate(total=Sum("share_percent"))["total"] or Decimal(0))
    if others + (beneficiary.share_percent or 0) > HUNDRED:
        raise ValidationError({"share_percent": _("สัดส่วนของผู้รับประโยชน์ทั้งหมดรวมกันต้องไม่เกินร้อยละ 100 "
                                                  "(ผู้อื่นรวมแล้วร้อยละ %(o)s)") % {"o": others}})


@transaction.atomic
def beneficiary_add(*, actor: Actor, agreement: Agreement, kind: str, share_percent: Decimal,
                    holder: Any = None, name: str = "", account: Any = None, is_demo: bool = False) -> Beneficiary:
    """Add a knowledge holder of the agreement's wisdom record, or the community fund (named)."""
    _require_staff(actor)
    Agreement.objects.select_for_update().filter(pk=agreement.pk).first()  # serialise the 100 % check
    beneficiary = Beneficiary(agreement=agreement, kind=kind, holder=holder if kind == BeneficiaryKind.HOLDER else None,
                              name=name, account=account, share_percent=share_percent, is_demo=is_demo)
    _check_beneficiary(beneficiary)
    beneficiary.full_clean()
    beneficiary.save()
    return beneficiary


@transaction.atomic
def beneficiary_update(*, actor: Actor, beneficiary: Beneficiary, **fields: Any) -> Beneficiary:
    _require_staff(actor)
    Agreement.objects.select_for_update().filter(pk=beneficiary.agreement_id).first()
    if "kind" in fields and fields["kind"] != beneficiary.kind and beneficiary.ledger_entries.exists():
        raise ValidationError({"kind": _("เปลี่ยนประเภทไม่ได้: มีรายการในบัญชีผลประโยชน์แล้ว")})
    for name, value in fields.items():
        setattr(beneficiary, name, value)
    _check_beneficiary(beneficiary)
    beneficiary.full_clean()
    beneficiary.save()
    return beneficiary


@transaction.atomic
def beneficiary_remove(*, actor: Actor, beneficiary: Beneficiary) -> None:
    _require_staff(actor)
    if beneficiary.ledger_entries.exists() or beneficiary.payments.exists():
        raise ValidationError(_("ลบไม่ได้: ผู้รับประโยชน์นี้มีรายการในบัญชีผลประโยชน์แล้ว"))
    beneficiary.delete()


# --- The ledger ------------------------------------------------------------------------------------


@dataclass
class LedgerRun:
    """What one computation did (for messages and the task's result)."""

    month: dt.date
    accruals: int = 0
    adjustments: int = 0
    unchanged: int = 0
    agreements: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"month": self.month.strftime("%Y-%m"), "accruals": self.accruals,
                "adjustments": self.adjustments, "unchanged": self.unchanged, "agreements": self.agreements}


def _days_between(start: dt.date, end: dt.date) -> int:
    return max(0, (end - start).days + 1)


def _covered_days(window: tuple[dt.date, dt.date] | None, periods: list[tuple[dt.date, dt.date | None]]) -> int:
    """Days of `window` (inclusive) covered by consent periods [given_on, withdrawn_on) (periods do not
    overlap: one open period per holder and scope is a database constraint)."""
    if window is None:
        return 0
    start, end = window
    days = 0
    for given, withdrawn in periods:
        last = end if withdrawn is None else min(end, withdrawn - dt.timedelta(days=1))
        days += _days_between(max(start, given), last)
    return days


def entry_amount(*, share_basis: str, basis: Decimal, rate: Decimal, share_percent: Decimal,
                 days_entitled: int, days_in_month: int) -> Decimal:
    """The rule's amount for one beneficiary and month (see the module docstring), rounded once."""
    gross = basis * rate / HUNDRED if share_basis == ShareBasis.PERCENT else basis * rate
    return money(gross * share_percent / HUNDRED * Decimal(days_entitled) / Decimal(days_in_month))


def _bases(agreements: list[Agreement], first: dt.date) -> dict[int, Decimal]:
    """Each agreement's basis for the month (one query for the sales, one for the bookings)."""
    product_ids = {p.pk for a in agreements for p in a.products.all()}
    program_ids = {p.pk for a in agreements for p in a.programs.all()}
    sales = {row["product_id"]: row for row in
             evaluation_selectors.product_sales_by_month(product_ids=product_ids, start=first, end=first)} \
        if product_ids else {}
    bookings = {row["program_id"]: row for row in
                tourism_selectors.booking_revenue_by_month(program_ids=program_ids, start=first, end=first)} \
        if program_ids else {}
    bases: dict[int, Decimal] = {}
    for a in agreements:
        total = Decimal(0)
        for product in a.products.all():
            row = sales.get(product.pk)
            if row is None:
                continue
            if a.share_basis == ShareBasis.PERCENT:
                total += Decimal(row["amount"] or 0)
            elif a.share_basis == ShareBasis.PER_UNIT:
                total += Decimal(row["quantity"] or 0)
        for program in a.programs.all():
            row = bookings.get(program.pk)
            if row is None:
                continue
            if a.share_basis == ShareBasis.PERCENT:
                total += Decimal(row["revenue"] or 0)
            elif a.share_basis == ShareBasis.PER_VISITOR:
                total += Decimal(row["people"] or 0)
        bases[a.pk] = total
    return bases


def agreements_for_month(first: dt.date) -> Any:
    """Agreements whose period touches the month, and any that already have entries in it."""
    last = month_last(first)
    return Agreement.objects.filter(
        Q(start_date__lte=last, end_date__isnull=True) | Q(start_date__lte=last, end_date__gte=first)
        | Q(pk__in=LedgerEntry.objects.filter(month=first).values("agreement_id")))


@transaction.atomic
def compute_ledger(*, actor: Actor, month: Any, agreements: Any = None,
                   today: dt.date | None = None) -> LedgerRun:
    """Compute (or recompute) the ledger of `month` for `agreements` (default: every agreement the month
    concerns), by the rule in this module's docstring. Idempotent: a second run with the same figures
    writes nothing; changed figures add adjustments. Only months that have ended may be computed."""
    _require_staff(actor)
    first = month_first(month)
    today = today or timezone.localdate()
    if first >= today.replace(day=1):
        raise ValidationError({"month": _("คำนวณได้เฉพาะเดือนที่สิ้นสุดแล้ว")})
    last = month_last(first)
    days_in_month = last.day
    qs = agreements_for_month(first)
    if agreements is not None:
        qs = qs.filter(pk__in=[a if isinstance(a, int) else a.pk for a in agreements])
    # Lock the agreements so two computations of the same month do not both add an adjustment.
    locked = list(qs.select_for_update(of=("self",)).order_by("pk"))
    chosen = list(Agreement.objects.filter(pk__in=[a.pk for a in locked]).order_by("pk")
                  .prefetch_related("products", "programs", "beneficiaries"))
    run = LedgerRun(month=first, agreements=[a.pk for a in chosen])
    if not chosen:
        return run
    bases = _bases(chosen, first)
    holder_ids = [b.holder_id for a in chosen for b in a.beneficiaries.all() if b.holder_id]
    periods = wisdom_selectors.consent_periods(holder_ids=holder_ids, scope=ConsentScope.BENEFIT)
    entered: dict[tuple[int, int], dict[str, Any]] = {}
    for row in (LedgerEntry.objects.filter(agreement__in=chosen, month=first)
                .values("agreement_id", "beneficiary_id")
                .annotate(total=Sum("amount"), last_revision=Max("revision"))):
        entered[(row["agreement_id"], row["beneficiary_id"])] = dict(row)
    new_entries = []
    for a in chosen:
        start = max(a.start_date, first)
        end = min(a.end_date or last, last)
        window = (start, end) if start <= end else None
        basis = bases[a.pk]
        for b in a.beneficiaries.all():
            if b.kind == BeneficiaryKind.HOLDER:
                days = _covered_days(window, periods.get(b.holder_id or 0, []))
            else:
                days = _days_between(*window) if window else 0
            amount = entry_amount(share_basis=a.share_basis, basis=basis, rate=a.rate,
                                  share_percent=b.share_percent, days_entitled=days, days_in_month=days_in_month)
            common = {"agreement": a, "beneficiary": b, "month": first, "share_basis": a.share_basis,
                      "basis": basis, "rate": a.rate, "share_percent": b.share_percent,
                      "days_entitled": days, "days_in_month": days_in_month, "is_demo": a.is_demo}
            previous = entered.get((a.pk, b.pk))
            if previous is None:
                new_entries.append(LedgerEntry(kind=EntryKind.ACCRUAL, revision=0, amount=amount, **common))
                run.accruals += 1
            elif previous["total"] != amount:
                difference = amount - previous["total"]
                new_entries.append(LedgerEntry(
                    kind=EntryKind.ADJUSTMENT, revision=previous["last_revision"] + 1, amount=difference,
                    note=_("คำนวณใหม่: ยอดของเดือนเปลี่ยนจาก %(old)s เป็น %(new)s บาท") % {
                        "old": previous["total"], "new": amount}, **common))
                run.adjustments += 1
            else:
                run.unchanged += 1
    LedgerEntry.objects.bulk_create(new_entries)
    return run


RECHECK_MONTHS = 24  # how far back the nightly recheck looks for late corrections


def recheck_computed_months(*, actor: Actor, today: dt.date | None = None,
                            months_back: int = RECHECK_MONTHS) -> list[LedgerRun]:
    """Compute again every month already in the ledger within the last `months_back` months (the nightly
    beat task ``benefits.recheck_ledger``): a late income correction, a product-sales line changed or a
    booking confirmed or cancelled after its month was computed becomes an adjustment the next night,
    without anyone asking. Idempotent: unchanged months write nothing."""
    _require_staff(actor)
    today = today or timezone.localdate()
    since = add_months(today.replace(day=1), -months_back)
    months = sorted(set(LedgerEntry.objects.filter(month__gte=since, month__lt=today.replace(day=1))
                        .values_list("month", flat=True)))
    return [compute_ledger(actor=actor, month=month, today=today) for month in months]


def on_consent_withdrawn(sender: Any, *, holder: Any, scope: str, on: dt.date, **kwargs: Any) -> list[str]:
    """Receiver of ``wisdom.signals.consent_withdrawn`` (connected in BenefitsConfig.ready): a holder who
    withdraws "benefit sharing" stops accruing from that date. Months not computed yet will follow the
    rule by themselves; months already computed from that date on (a withdrawal recorded late) are computed
    again at once, in the withdrawal's transaction, so the difference appears as adjustments."""
    if scope != ConsentScope.BENEFIT:
        return []
    agreement_ids = sorted(set(Beneficiary.objects.filter(holder_id=holder.pk).values_list("agreement_id", flat=True)))
    if not agreement_ids:
        return []
    months = sorted(set(LedgerEntry.objects.filter(agreement_id__in=agreement_ids, month__gte=month_first(on))
                        .values_list("month", flat=True)))
    for month in months:
        compute_ledger(actor=SYSTEM, month=month, agreements=agreement_ids)
    return [_("ข้อตกลงแบ่งปันผลประโยชน์ “%(t)s”: หยุดคิดส่วนแบ่งของ %(h)s ตั้งแต่วันที่ถอนความยินยอม") % {
        "t": title, "h": holder.name} for title in Agreement.objects.filter(pk__in=agreement_ids)
        .order_by("title").values_list("title", flat=True)]


# --- Payments --------------------------------------------------------------------------------------


@transaction.atomic
def record_payment(*, actor: Actor, beneficiary: Beneficiary, paid_on: dt.date, amount: Decimal,
                   method: str, reference: str = "", receipt: Any = None, entry: LedgerEntry | None = None,
                   note: str = "", is_demo: bool = False) -> Payment:
    """Record money paid to a beneficiary. It may not exceed what the ledger says is owed to them
    (the beneficiary row is locked, so two clerks cannot both pay the last balance), nor be dated
    in the future; an entry named must be the beneficiary's own."""
    _require_staff(actor)
    Beneficiary.objects.select_for_update().filter(pk=beneficiary.pk).first()
    if entry is not None and entry.beneficiary_id != beneficiary.pk:
        raise ValidationError({"entry": _("รายการที่จ่ายต้องเป็นของผู้รับประโยชน์รายนี้")})
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("วันที่จ่ายต้องไม่เป็นวันในอนาคต")})
    amount = Decimal(amount)
    if amount <= 0 or amount != money(amount):
        raise ValidationError({"amount": _("จำนวนเงินต้องมากกว่า 0 และละเอียดไม่เกินสตางค์")})
    earned = LedgerEntry.objects.filter(beneficiary=beneficiary).aggregate(t=Sum("amount"))["t"] or Decimal(0)
    paid = Payment.objects.filter(beneficiary=beneficiary).aggregate(t=Sum("amount"))["t"] or Decimal(0)
    if amount > earned - paid:
        raise ValidationError({"amount": _("จำนวนเงินเกินยอดค้างจ่าย (%(b)s บาท)") % {"b": money(earned - paid)}})
    payment = Payment(beneficiary=beneficiary, entry=entry, paid_on=paid_on, amount=amount, method=method,
                      reference=reference, note=note, recorded_by=_user_or_none(actor), is_demo=is_demo)
    if receipt:
        payment.receipt = receipt
    payment.full_clean()
    payment.save()
    return payment
