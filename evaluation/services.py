"""Writes of the income evaluation: income records, enrollments, targets, reports, findings, actions.

Every service takes a required keyword ``actor`` — the user at the page, the API or the admin, or
``core.actors.SYSTEM`` for the beat task, the Celery worker, the tourism signal and the demo loader.
Income records are written by the units' own people (``selectors.units_answered_by``); everything
else (enrollments, targets, reports, findings, improvement actions) by CDD staff.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.actors import SYSTEM, as_user
from core.choices import NotificationEvent
from core.files import delete_after_commit
from core.models import ProducerGroup
from core.notifications import active_staff, group_members, notify
from core.permissions import Actor
from core.thai_dates import fiscal_year_of, format_month

from .choices import ActionStatus, IncomeSource, ReportStatus
from .models import (
    DistrictTarget,
    Enrollment,
    Finding,
    ImprovementAction,
    IncomeRecord,
    ProductSale,
    Report,
    Target,
    UnitTarget,
)
from .selectors import evaluation_window, parse_month, units_answered_by

logger = logging.getLogger(__name__)

# A tourism.TourismCommunity: evaluation reads tourism only through tourism.selectors, so it is typed loosely.
Community = Any

STAFF_ONLY = "เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น"


def _recorded_by(actor: Actor) -> Any:
    """The user for a ``…_by`` column: None for SYSTEM."""
    return as_user(actor)


def _display_name(user: Any) -> str:
    """Who a report is by, for its "about" sheet: the user's name, "" for the system."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _require_staff(actor: Actor) -> None:
    if actor is None:
        raise ValueError("a service needs an actor (a user or core.actors.SYSTEM), not None")
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(STAFF_ONLY)


def _check_unit(producer_group: Model | None, tourism_community: Community | None) -> None:
    if bool(producer_group) == bool(tourism_community):
        raise ValidationError("ระบุกลุ่มผู้ผลิตหรือชุมชนท่องเที่ยวอย่างใดอย่างหนึ่งเท่านั้น")


def _apply(obj: Model, fields: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "แก้ไขฟิลด์นี้ไม่ได้"))
    for name, value in fields.items():
        setattr(obj, name, value)


# --- Income records ---------------------------------------------------------------------------


def can_record_income(actor: Actor, *, producer_group: ProducerGroup | None = None,
                      tourism_community: Community | None = None) -> bool:
    """Staff for any unit; producers for their own groups; coordinators for their communities."""
    return units_answered_by(user=actor).includes(
        producer_group_id=producer_group.pk if producer_group is not None else None,
        tourism_community_id=tourism_community.pk if tourism_community is not None else None)


def _require_recorder(actor: Actor, producer_group: ProducerGroup | None, tourism_community: Community | None) -> None:
    if actor is None:
        raise ValueError("a service needs an actor (a user or core.actors.SYSTEM), not None")
    if not can_record_income(actor, producer_group=producer_group, tourism_community=tourism_community):
        raise PermissionDenied("คุณบันทึกรายได้ได้เฉพาะกลุ่มหรือชุมชนของคุณเท่านั้น")


def _past_month(month: Any) -> dt.date:
    month = parse_month(month)
    if month > timezone.localdate().replace(day=1):
        raise ValidationError({"month": "บันทึกรายได้ของเดือนในอนาคตไม่ได้"})
    return month


def _check_breakdown_still_fits(record: IncomeRecord) -> None:
    """A record (locked by the caller) with a product breakdown keeps its source and group, and its
    amount may not drop below the breakdown's sum (the database trigger says so too)."""
    if record.pk is None:
        return
    lines = list(ProductSale.objects.filter(income_record_id=record.pk).values_list("amount", flat=True))
    if not lines:
        return
    original = IncomeRecord.objects.values("source", "producer_group_id").get(pk=record.pk)
    if record.source != original["source"] or record.producer_group_id != original["producer_group_id"]:
        raise ValidationError("รายได้นี้มียอดขายรายผลิตภัณฑ์ เปลี่ยนแหล่งรายได้หรือกลุ่มไม่ได้ ลบรายการแยกก่อน")
    total = sum(lines, Decimal("0"))
    if Decimal(record.amount) < total:
        raise ValidationError({"amount": f"รายได้ต้องไม่น้อยกว่ายอดขายรายผลิตภัณฑ์ที่แยกไว้ ({total:,.2f} บาท)"})


@transaction.atomic
def income_record_submit(*, actor: Actor, month: Any, source: str, amount: Decimal,
                         producer_group: ProducerGroup | None = None, tourism_community: Community | None = None,
                         is_demo: bool = False) -> tuple[IncomeRecord, bool]:
    """Record a unit's income for a month and source.

    Rule: one record per unit, month and source (a database constraint); submitting the same
    unit/month/source again updates the amount (history keeps the old value) instead of duplicating.
    Producers write only their groups, coordinators only their communities, staff any unit.
    Returns (record, created).
    """
    _check_unit(producer_group, tourism_community)
    _require_recorder(actor, producer_group, tourism_community)
    month = _past_month(month)
    unit = {"producer_group": producer_group} if producer_group else {"tourism_community": tourism_community}
    for _attempt in range(2):
        record = IncomeRecord.objects.select_for_update().filter(**unit, month=month, source=source).first()
        created = record is None
        if record is None:
            record = IncomeRecord(**unit, month=month, source=source, created_by=_recorded_by(actor), is_demo=is_demo)
        record.amount = amount
        if not created:
            _check_breakdown_still_fits(record)
        record.full_clean()
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            # Another request created the same unit/month/source meanwhile: update it instead.
            continue
        return record, created
    raise ValidationError("บันทึกไม่สำเร็จ กรุณาลองอีกครั้ง")


def income_record_create(*, actor: Actor, month: Any, source: str, amount: Decimal,
                         producer_group: ProducerGroup | None = None, tourism_community: Community | None = None,
                         is_demo: bool = False) -> IncomeRecord:
    """``income_record_submit`` for callers that want the record only (the admin, imports)."""
    record, _created = income_record_submit(actor=actor, month=month, source=source, amount=amount,
                                            producer_group=producer_group, tourism_community=tourism_community,
                                            is_demo=is_demo)
    return record


@transaction.atomic
def income_record_update(*, actor: Actor, record: IncomeRecord, **changes: Any) -> IncomeRecord:
    """Correct a record (amount, month, source or unit). The actor must answer for the unit before
    and after the change; the month stays a past month; one record per unit, month and source."""
    record = IncomeRecord.objects.select_for_update().get(pk=record.pk)
    _require_recorder(actor, record.producer_group, record.tourism_community)
    if "month" in changes:
        changes["month"] = _past_month(changes["month"])
    _apply(record, changes, {"producer_group", "tourism_community", "month", "source", "amount"})
    _check_unit(record.producer_group, record.tourism_community)
    _require_recorder(actor, record.producer_group, record.tourism_community)
    _check_breakdown_still_fits(record)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def income_record_delete(*, actor: Actor, record: IncomeRecord) -> None:
    """Staff delete a record entered by mistake (units correct theirs by submitting again);
    the history keeps what was deleted."""
    _require_staff(actor)
    record.delete()


# --- Product-sales breakdown ---------------------------------------------------------------

BREAKDOWN_EXCEEDS = "ยอดขายรายผลิตภัณฑ์รวม %(total)s บาท เกินรายได้จากยอดขายของเดือน %(amount)s บาท"


def _lock_sales_record(actor: Actor, record: IncomeRecord) -> IncomeRecord:
    """The income record locked (every change of its breakdown is serialised on this row) and checked:
    a producer group's product sales, recorded by someone who answers for the group."""
    record = IncomeRecord.objects.select_for_update(of=("self",)).select_related("producer_group").get(pk=record.pk)
    _require_recorder(actor, record.producer_group, record.tourism_community)
    if record.source != IncomeSource.PRODUCT_SALES or record.producer_group_id is None:
        raise ValidationError("แยกยอดขายรายผลิตภัณฑ์ได้เฉพาะรายได้จากยอดขายผลิตภัณฑ์ของกลุ่มผู้ผลิต")
    return record


def _check_product(record: IncomeRecord, product: Any) -> None:
    from products.selectors import products_of_groups

    if product is None or not products_of_groups(group_ids=[record.producer_group_id]).filter(pk=product.pk).exists():
        raise ValidationError({"product": "เลือกได้เฉพาะผลิตภัณฑ์ของกลุ่มนี้"})


def _check_total(record: IncomeRecord, total: Decimal) -> None:
    if total > record.amount:
        raise ValidationError({"amount": BREAKDOWN_EXCEEDS % {"total": f"{total:,.2f}", "amount": f"{record.amount:,.2f}"}})


def _save_sale(actor: Actor, sale: ProductSale) -> ProductSale:
    sale._history_user = _recorded_by(actor)  # type: ignore[attr-defined]
    sale.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            sale.save()
    except IntegrityError as exc:  # the database trigger, should a write have slipped past the checks
        raise ValidationError("ยอดขายรายผลิตภัณฑ์รวมเกินรายได้จากยอดขายของเดือน") from exc
    return sale


@transaction.atomic
def product_sale_upsert(*, actor: Actor, record: IncomeRecord, product: Any, amount: Decimal,
                        quantity: int | None = None, is_demo: bool = False) -> ProductSale:
    """Attribute part of a month's product sales to one product of the group (or change that line).

    Rules: only a producer group's ``product_sales`` record, only that group's products, by staff or
    the group's members; amount ≥ 0, quantity ≥ 0 when given; the lines of the record may not sum to
    more than its amount (checked with the record row locked; a database trigger too)."""
    record = _lock_sales_record(actor, record)
    _check_product(record, product)
    amount = Decimal(amount)
    if amount < 0:
        raise ValidationError({"amount": "ยอดขายต้องไม่ติดลบ"})
    sale = ProductSale.objects.filter(income_record=record, product=product).first()
    others = sum((s.amount for s in record.product_sales.exclude(product=product)), Decimal("0"))
    _check_total(record, others + amount)
    if sale is None:
        sale = ProductSale(income_record=record, product=product, created_by=_recorded_by(actor), is_demo=is_demo)
    sale.amount, sale.quantity = amount, quantity
    return _save_sale(actor, sale)


@transaction.atomic
def product_sales_set(*, actor: Actor, record: IncomeRecord, lines: list[dict[str, Any]],
                      is_demo: bool = False) -> list[ProductSale]:
    """Replace a month's breakdown with `lines` ([{product, amount, quantity}], one per product; a product
    left out loses its line). All or nothing, under the same rules as ``product_sale_upsert``."""
    record = _lock_sales_record(actor, record)
    seen: set[int] = set()
    total = Decimal("0")
    for line in lines:
        _check_product(record, line.get("product"))
        if line["product"].pk in seen:
            raise ValidationError({"product": "ระบุผลิตภัณฑ์เดียวกันซ้ำ"})
        seen.add(line["product"].pk)
        if Decimal(line["amount"]) < 0:
            raise ValidationError({"amount": "ยอดขายต้องไม่ติดลบ"})
        total += Decimal(line["amount"])
    _check_total(record, total)
    record.product_sales.exclude(product_id__in=seen).delete()
    existing = {s.product_id: s for s in record.product_sales.all()}
    # Lower lines first, so the running sum the trigger checks never passes the total on the way.
    saved = []
    for line in sorted(lines, key=lambda li: Decimal(li["amount"]) - (existing[li["product"].pk].amount
                                                                      if li["product"].pk in existing else 0)):
        sale = existing.get(line["product"].pk) or ProductSale(income_record=record, product=line["product"],
                                                               created_by=_recorded_by(actor), is_demo=is_demo)
        sale.amount, sale.quantity = Decimal(line["amount"]), line.get("quantity")
        saved.append(_save_sale(actor, sale))
    return sorted(saved, key=lambda s: s.product_id)


@transaction.atomic
def product_sale_delete(*, actor: Actor, sale: ProductSale) -> None:
    """Remove one line of a month's breakdown (whoever may change the record)."""
    _lock_sales_record(actor, sale.income_record)
    sale.delete()


@transaction.atomic
def product_sales_import(*, actor: Actor, rows: list[dict[str, Any]]) -> int:
    """A spreadsheet of breakdown lines (columns ``group`` (slug), ``month`` (YYYY-MM), ``product``
    (slug), ``amount``, ``quantity``), all or nothing: each row goes through ``product_sale_upsert``;
    any refused row refuses the file, with every row's Thai errors ("แถวที่ n: …", row 1 = headings).
    Returns the number of lines written."""
    from products.selectors import products_of_groups

    errors: list[str] = []
    done = 0
    for n, row in enumerate(rows, start=2):  # row 1 holds the column names
        try:
            with transaction.atomic():
                group = ProducerGroup.objects.filter(slug=str(row.get("group") or "").strip()).first()
                if group is None:
                    raise ValidationError(f"ไม่พบกลุ่มผู้ผลิต “{row.get('group') or ''}”")
                month = parse_month(str(row.get("month") or "").strip()[:7])
                record = IncomeRecord.objects.filter(producer_group=group, month=month,
                                                     source=IncomeSource.PRODUCT_SALES).first()
                if record is None:
                    raise ValidationError("ยังไม่มีรายได้จากยอดขายผลิตภัณฑ์ของกลุ่มนี้ในเดือนนี้ บันทึกรายได้รวมก่อน")
                product = products_of_groups(group_ids=[group.pk]).filter(
                    slug=str(row.get("product") or "").strip()).first()
                try:
                    amount = Decimal(str(row.get("amount")).replace(",", "").strip())
                    raw_qty = str(row.get("quantity") if row.get("quantity") is not None else "").strip()
                    quantity = int(float(raw_qty)) if raw_qty else None
                except (ArithmeticError, ValueError) as exc:
                    raise ValidationError("ยอดขายหรือจำนวนไม่ใช่ตัวเลข") from exc
                if quantity is not None and quantity < 0:
                    raise ValidationError("จำนวนที่ขายต้องไม่ติดลบ")
                product_sale_upsert(actor=actor, record=record, product=product, amount=amount, quantity=quantity)
                done += 1
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            errors += [f"แถวที่ {n}: {m}" for m in messages]
    if errors:
        raise ValidationError(errors)
    return done


@transaction.atomic
def income_record_from_tourism_visit(*, actor: Actor, visit: Any) -> IncomeRecord:
    """Mirror a tourism community's monthly visit record (tourism app) into its `tourism`
    income record for that month: the income a coordinator records with the visitors is
    the income the evaluation counts. Same unit/month/source rule: updated, never duplicated.
    Called by the ``tourism.signals.visit_recorded`` handler with ``actor=SYSTEM`` (the tourism
    service has already checked who recorded the visit)."""
    _require_staff(actor)
    record, _created = IncomeRecord.objects.select_for_update().get_or_create(
        tourism_community=visit.community, month=visit.month, source=IncomeSource.TOURISM,
        defaults={"amount": visit.income, "created_by": visit.recorded_by, "is_demo": visit.is_demo})
    if record.amount != visit.income:
        record.amount = visit.income
        record.full_clean()
        record.save(update_fields=["amount", "updated_at"])
    return record


@transaction.atomic
def income_record_drop_tourism_visit(*, actor: Actor, visit: Any) -> int:
    """A monthly visit record deleted in the tourism app takes its mirrored `tourism` income record of
    that month with it (a month that was moved is recorded again under its new month). Called by the
    ``tourism.signals.visit_deleted`` handler with ``actor=SYSTEM``; returns how many records went."""
    _require_staff(actor)
    deleted, _ = IncomeRecord.objects.filter(tourism_community=visit.community, month=visit.month.replace(day=1),
                                             source=IncomeSource.TOURISM).delete()
    return deleted


# --- Enrollments and targets --------------------------------------------------------------------


@transaction.atomic
def enrollment_create(*, actor: Actor, fiscal_year: int, project: str, producer_group: ProducerGroup | None = None,
                      tourism_community: Community | None = None, is_demo: bool = False) -> Enrollment:
    """Staff enroll a unit in a project for a fiscal year (once: a database constraint)."""
    _require_staff(actor)
    _check_unit(producer_group, tourism_community)
    enrollment = Enrollment(fiscal_year=fiscal_year, project=project, producer_group=producer_group,
                            tourism_community=tourism_community, is_demo=is_demo)
    enrollment.full_clean()
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_update(*, actor: Actor, enrollment: Enrollment, **changes: Any) -> Enrollment:
    """Staff correct an enrollment (year, project or unit); still once per unit, year and project."""
    _require_staff(actor)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    _apply(enrollment, changes, {"fiscal_year", "project", "producer_group", "tourism_community"})
    _check_unit(enrollment.producer_group, enrollment.tourism_community)
    enrollment.full_clean()
    enrollment.save()
    return enrollment


@transaction.atomic
def enrollment_delete(*, actor: Actor, enrollment: Enrollment) -> None:
    """Staff withdraw a unit from a project's year (its income records stay)."""
    _require_staff(actor)
    enrollment.delete()


@transaction.atomic
def target_set(*, actor: Actor, fiscal_year: int, target_percent: Decimal, project: str = "all",
               is_demo: bool = False) -> Target:
    """Staff set (create or change) the target of a fiscal year for `all` or one project; history kept."""
    _require_staff(actor)
    target = Target.objects.select_for_update().filter(fiscal_year=fiscal_year, project=project).first() \
        or Target(fiscal_year=fiscal_year, project=project, is_demo=is_demo)
    target.target_percent = target_percent
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def target_update(*, actor: Actor, target: Target, **changes: Any) -> Target:
    """Staff change a target's percentage. A target's year and project are what it is the target of:
    changing them is refused (set a new target for that year and project instead)."""
    _require_staff(actor)
    if changes.get("fiscal_year", target.fiscal_year) != target.fiscal_year \
            or changes.get("project", target.project) != target.project:
        raise ValidationError("เปลี่ยนปีหรือโครงการของเป้าหมายไม่ได้ ให้สร้างเป้าหมายใหม่แทน")
    return target_set(actor=actor, fiscal_year=target.fiscal_year, project=target.project,
                      target_percent=changes.get("target_percent", target.target_percent))


@transaction.atomic
def target_delete(*, actor: Actor, target: Target) -> None:
    """Staff delete a target (the `all` target, if any, then applies to that project)."""
    _require_staff(actor)
    target.delete()


# --- District and unit targets (cascaded: unit > district > project > `all`; selectors.evaluation_result) ---


def _clean_reason(reason: Any) -> str:
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "ระบุเหตุผลที่กำหนดเป้าหมายนี้"})
    return reason


def _save_cascaded(actor: Actor, target: DistrictTarget | UnitTarget, *, target_percent: Decimal,
                   reason: Any) -> Any:
    target.target_percent = target_percent
    target.reason = _clean_reason(reason)
    target.set_by = _recorded_by(actor)
    target._history_user = _recorded_by(actor)  # type: ignore[union-attr]
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def district_target_set(*, actor: Actor, fiscal_year: int, district: Any, target_percent: Decimal, reason: str,
                        is_demo: bool = False) -> DistrictTarget:
    """Staff set (create or change) a district's own target for a fiscal year, with the reason; it
    overrides the department's target for the district and for its units without a target of their
    own. Who set it is kept, and the history keeps every earlier value, reason and author."""
    _require_staff(actor)
    target = DistrictTarget.objects.select_for_update().filter(fiscal_year=fiscal_year, district=district).first() \
        or DistrictTarget(fiscal_year=fiscal_year, district=district, is_demo=is_demo)
    return _save_cascaded(actor, target, target_percent=target_percent, reason=reason)


@transaction.atomic
def district_target_update(*, actor: Actor, target: DistrictTarget, **changes: Any) -> DistrictTarget:
    """Staff change a district target's percentage and reason (a new reason is required with every
    change); its year and district are what it is the target of and do not change."""
    _require_staff(actor)
    _apply_fixed(target, changes, ("fiscal_year", "district"), {"target_percent", "reason"})
    return district_target_set(actor=actor, fiscal_year=target.fiscal_year, district=target.district,
                               target_percent=changes.get("target_percent", target.target_percent),
                               reason=changes.get("reason", ""))


@transaction.atomic
def district_target_delete(*, actor: Actor, target: DistrictTarget) -> None:
    """Staff remove a district target: the department's target applies again (history keeps it)."""
    _require_staff(actor)
    target._history_user = _recorded_by(actor)  # type: ignore[attr-defined]
    target.delete()


@transaction.atomic
def unit_target_set(*, actor: Actor, fiscal_year: int, target_percent: Decimal, reason: str,
                    producer_group: ProducerGroup | None = None, tourism_community: Community | None = None,
                    is_demo: bool = False) -> UnitTarget:
    """Staff set (create or change) a producer group's or tourism community's own target for a fiscal
    year, with the reason; it overrides its district's target and the department's, for every project
    the unit is enrolled in. Who set it is kept; the history keeps every earlier value."""
    _require_staff(actor)
    _check_unit(producer_group, tourism_community)
    unit = {"producer_group": producer_group} if producer_group else {"tourism_community": tourism_community}
    target = UnitTarget.objects.select_for_update().filter(fiscal_year=fiscal_year, **unit).first() \
        or UnitTarget(fiscal_year=fiscal_year, is_demo=is_demo, **unit)
    return _save_cascaded(actor, target, target_percent=target_percent, reason=reason)


@transaction.atomic
def unit_target_update(*, actor: Actor, target: UnitTarget, **changes: Any) -> UnitTarget:
    """Staff change a unit target's percentage and reason (a new reason with every change); its year
    and unit do not change."""
    _require_staff(actor)
    _apply_fixed(target, changes, ("fiscal_year", "producer_group", "tourism_community"),
                 {"target_percent", "reason"})
    return unit_target_set(actor=actor, fiscal_year=target.fiscal_year, producer_group=target.producer_group,
                           tourism_community=target.tourism_community,
                           target_percent=changes.get("target_percent", target.target_percent),
                           reason=changes.get("reason", ""))


@transaction.atomic
def unit_target_delete(*, actor: Actor, target: UnitTarget) -> None:
    """Staff remove a unit target: its district's (or the department's) target applies again."""
    _require_staff(actor)
    target._history_user = _recorded_by(actor)  # type: ignore[attr-defined]
    target.delete()


def _apply_fixed(target: Model, changes: dict[str, Any], fixed: tuple[str, ...], allowed: set[str]) -> None:
    """Refuse a change of what a target is the target of, or of any field but ``allowed``."""
    for name in fixed:
        if name in changes and changes[name] != getattr(target, name):
            raise ValidationError("เปลี่ยนปีหรือหน่วยของเป้าหมายไม่ได้ ให้กำหนดเป้าหมายใหม่แทน")
    unknown = set(changes) - allowed - set(fixed)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "แก้ไขฟิลด์นี้ไม่ได้"))


# --- Reports -------------------------------------------------------------------------


def _queue_generation(report: Report) -> None:
    """After commit; a broker outage keeps the task for resending (core.tasks_dispatch) instead of a 500."""
    from core.tasks_dispatch import enqueue_after_commit

    from .tasks import generate_report

    enqueue_after_commit(generate_report, args=[report.pk])


@transaction.atomic
def report_request(*, actor: Actor, fiscal_year: int, as_of: Any, queue: bool = True) -> Report:
    """Staff ask for a report of FY N as of month M: a NEW version (older versions are kept).

    Returns at once with status `queued`; the work is done by the Celery task after commit.
    """
    _require_staff(actor)
    window = evaluation_window(fiscal_year=fiscal_year, as_of=as_of)
    for _attempt in range(3):
        latest = Report.objects.filter(fiscal_year=window.fiscal_year, as_of=window.as_of) \
            .aggregate(v=Max("version"))["v"] or 0
        try:
            with transaction.atomic():
                report = Report.objects.create(fiscal_year=window.fiscal_year, as_of=window.as_of,
                                               version=latest + 1, created_by=_recorded_by(actor))
        except IntegrityError:
            continue  # a concurrent request took that version number
        if queue:
            _queue_generation(report)
        return report
    raise ValidationError("ขอรายงานไม่สำเร็จ กรุณาลองอีกครั้ง")


@transaction.atomic
def report_request_monthly(*, actor: Actor, today: dt.date | None = None, queue: bool = True) -> Report:
    """The beat task's report: the month just ended, version 1 — asked twice, it is still one report."""
    _require_staff(actor)
    today = today or timezone.localdate()
    as_of = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    fiscal_year = fiscal_year_of(as_of)
    report, created = Report.objects.get_or_create(fiscal_year=fiscal_year, as_of=as_of, version=1)
    if created and queue:
        _queue_generation(report)
    return report


def report_generate(*, actor: Actor, report_id: int) -> Report:
    """Compute a report's snapshot and files, all or nothing.

    Idempotent: the report row is locked for the run; a report already done is returned unchanged,
    so a retried or duplicated task produces no second report. A failure rolls the whole run back
    (no snapshot, no files) and marks the report `failed` with the reason. A run killed with the
    process (SIGKILL, power cut) commits nothing: the report stays `running` without snapshot or files
    (pages show a report only when `done`); the redelivered task or the sweep
    (report_requeue_stalled) runs it again, first removing the files the killed run had written,
    so the report ends with exactly one snapshot and one xlsx and PDF under their own names.
    """
    from . import reports

    _require_staff(actor)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status == ReportStatus.DONE:
            return report
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, started_at=timezone.now())
    written: list = []
    try:
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report_id)
            if report.status == ReportStatus.DONE:
                return report
            snapshot = reports.build_snapshot(fiscal_year=report.fiscal_year, as_of=report.as_of)
            stem = f"evaluation-{report.fiscal_year}-{report.as_of:%Y-%m}-v{report.version}"
            for fieldfile, ext in ((report.xlsx, "xlsx"), (report.pdf, "pdf")):
                # left by a run that was killed before its commit: no row points at it
                leftover = fieldfile.field.generate_filename(report, f"{stem}.{ext}")
                if fieldfile.storage.exists(leftover):
                    fieldfile.storage.delete(leftover)
            report.xlsx.save(f"{stem}.xlsx", ContentFile(reports.render_xlsx(
                snapshot, generated_by=_display_name(report.created_by))), save=False)
            written.append(report.xlsx)
            report.pdf.save(f"{stem}.pdf", ContentFile(reports.render_pdf(snapshot)), save=False)
            written.append(report.pdf)
            report.snapshot = snapshot
            report.status = ReportStatus.DONE
            report.error = ""
            report.finished_at = timezone.now()
            report.save(update_fields=["snapshot", "xlsx", "pdf", "status", "error", "finished_at",
                                       "updated_at"])
            _tell_report_ready(report)
    except Exception as exc:
        for fieldfile in written:
            fieldfile.storage.delete(fieldfile.name)
        logger.exception("evaluation report %s failed", report_id)
        Report.objects.filter(pk=report_id).exclude(status=ReportStatus.DONE).update(
            status=ReportStatus.FAILED, error=str(exc)[:1000], finished_at=timezone.now())
        raise
    return report


def _tell_report_ready(report: Report) -> None:
    """Tell who asked for the report (the monthly report: every active staff member) that it is ready."""
    recipients = [report.created_by] if report.created_by_id else active_staff()
    notify(actor=SYSTEM, recipients=recipients, event=NotificationEvent.REPORT_READY, object=report,
           title=_("รายงานประเมินผลปีงบประมาณ %(fy)s ณ %(month)s พร้อมแล้ว") % {
               "fy": report.fiscal_year, "month": format_month(report.as_of)},
           key=f"report:{report.pk}:ready")


@transaction.atomic
def income_missing_notify(*, actor: Actor, today: dt.date | None = None) -> int:
    """On the 5th of the month (beat): tell the members of every producer group enrolled in this fiscal
    year whose income of the month just ended is not recorded yet. Once per group and month (the key),
    however often it runs. Returns how many notifications were written. Staff or SYSTEM only."""
    _require_staff(actor)
    today = today or timezone.localdate()
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    enrolled = Enrollment.objects.filter(fiscal_year=fiscal_year_of(month), producer_group__isnull=False)
    recorded = IncomeRecord.objects.filter(month=month, producer_group__isnull=False)
    groups = ProducerGroup.objects.filter(pk__in=enrolled.values("producer_group")) \
        .exclude(pk__in=recorded.values("producer_group")).order_by("pk")
    url = reverse("evaluation:income")
    written = 0
    for group in groups:
        written += len(notify(
            actor=actor, recipients=group_members(group.pk), event=NotificationEvent.INCOME_MISSING, object=group,
            title=_("ยังไม่ได้บันทึกรายได้เดือน %(month)s ของ %(group)s") % {
                "month": format_month(month), "group": group.name_th},
            body=_("กรุณาบันทึกรายได้ของเดือนที่ผ่านมา เพื่อใช้ประเมินผลโครงการ"), url=url,
            key=f"income-missing:{group.pk}:{month:%Y-%m}"))
    return written


# A report queued or running for longer than this, and locked by no worker, was lost by a dead worker.
STALLED_AFTER = dt.timedelta(minutes=10)


def report_requeue_stalled(*, actor: Actor, now: dt.datetime | None = None,
                           older_than: dt.timedelta = STALLED_AFTER) -> list[int]:
    """Queue again the reports a dead worker left behind (beat, every five minutes): `running` since
    longer than `older_than`, or `queued` that long ago (the task message was lost).

    The lease is the row lock: report_generate holds the report's row for its whole run, so
    ``SKIP LOCKED`` passes over every report a live worker is generating, however long it takes; a
    killed worker's lock went with its database connection. Queuing a report twice is harmless
    (report_generate is idempotent). Staff or SYSTEM only. Returns the ids queued."""
    _require_staff(actor)
    cutoff = (now or timezone.now()) - older_than
    with transaction.atomic():
        stalled = Report.objects.select_for_update(skip_locked=True).filter(
            Q(status=ReportStatus.QUEUED, created_at__lte=cutoff)
            | Q(status=ReportStatus.RUNNING, started_at__lte=cutoff))
        ids = list(stalled.order_by("pk").values_list("pk", flat=True))
        for report in Report.objects.filter(pk__in=ids).order_by("pk"):
            logger.warning("evaluation report %s was left %s: queued again", report.pk, report.status)
            _queue_generation(report)
    return ids


def report_update(*, actor: Actor, report: Report, **changes: Any) -> Report:
    """A report is a stored snapshot: nothing of it changes (ask for a new version instead).
    Its findings are written through their own services."""
    _require_staff(actor)
    if changes:
        raise ValidationError("รายงานที่สร้างแล้วแก้ไขไม่ได้ ให้ขอรายงานฉบับใหม่แทน")
    return report


@transaction.atomic
def report_delete(*, actor: Actor, report: Report) -> None:
    """Staff delete a report version: its findings and actions go with it, and its xlsx and PDF files."""
    _require_staff(actor)
    files = (report.xlsx, report.pdf)
    report.delete()
    delete_after_commit(*files)


# --- Findings and improvement actions ---------------------------------------------------


@transaction.atomic
def finding_create(*, actor: Actor, report: Report, title: str, detail: str = "") -> Finding:
    """Staff attach a finding to a report."""
    _require_staff(actor)
    finding = Finding(report=report, title=title, detail=detail, created_by=_recorded_by(actor))
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def finding_update(*, actor: Actor, finding: Finding, **changes: Any) -> Finding:
    """Staff correct a finding's title or text (or the report it belongs to)."""
    _require_staff(actor)
    _apply(finding, changes, {"report", "title", "detail"})
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def finding_delete(*, actor: Actor, finding: Finding) -> None:
    """Staff delete a finding and its improvement actions."""
    _require_staff(actor)
    finding.delete()


ACTION_LINKS = {"producer_group", "tourism_community", "product", "program", "development_issue"}


@transaction.atomic
def action_create(*, actor: Actor, finding: Finding, what: str, owner: str, due_date: dt.date,
                  result_note: str = "", **links: Any) -> ImprovementAction:
    """Staff create an improvement action from a finding, optionally linked to a unit, product,
    tourism program or development issue. It starts `open`; its status moves by action_set_status."""
    _require_staff(actor)
    action = ImprovementAction(finding=finding, what=what, owner=owner, due_date=due_date,
                               result_note=result_note, created_by=_recorded_by(actor))
    _apply(action, links, ACTION_LINKS)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_update(*, actor: Actor, action: ImprovementAction, **changes: Any) -> ImprovementAction:
    """Staff edit an action's what, owner, due date, note and links. Its status changes only through
    action_set_status (so `done` always records when)."""
    _require_staff(actor)
    if "status" in changes:
        raise ValidationError({"status": "เปลี่ยนสถานะด้วยคำสั่งเปลี่ยนสถานะเท่านั้น"})
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    _apply(action, changes, {"finding", "what", "owner", "due_date", "result_note", *ACTION_LINKS})
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_set_status(*, actor: Actor, action: ImprovementAction, status: str,
                      result_note: str = "") -> ImprovementAction:
    """Move an action along open -> in_progress -> done (done records when); cancelled ends it."""
    _require_staff(actor)
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if status not in ActionStatus.values:
        raise ValidationError({"status": "สถานะไม่ถูกต้อง"})
    action.status = status
    action.done_at = timezone.now() if status == ActionStatus.DONE else None
    if result_note:
        action.result_note = result_note
    action.full_clean()
    action.save(update_fields=["status", "done_at", "result_note", "updated_at"])
    return action


@transaction.atomic
def action_delete(*, actor: Actor, action: ImprovementAction) -> None:
    """Staff delete an improvement action."""
    _require_staff(actor)
    action.delete()
