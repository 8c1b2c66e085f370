"""Writes of the income evaluation: income records, enrollments, targets, reports, findings, actions."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from core import permissions
from core.models import ProducerGroup
from core.thai_dates import fiscal_year_of
from tourism.models import TourismCommunity

from .choices import ActionStatus, IncomeSource, ReportStatus
from .models import Enrollment, Finding, ImprovementAction, IncomeRecord, Report, Target
from .selectors import parse_month

logger = logging.getLogger(__name__)


def _check_unit(producer_group, tourism_community) -> None:
    if bool(producer_group) == bool(tourism_community):
        raise ValidationError("ระบุกลุ่มผู้ผลิตหรือชุมชนท่องเที่ยวอย่างใดอย่างหนึ่งเท่านั้น")


def can_record_income(user, *, producer_group: ProducerGroup | None = None,
                      tourism_community: TourismCommunity | None = None) -> bool:
    """Staff for any unit; producers for their own groups; coordinators for their communities."""
    if permissions.is_staff_user(user):
        return True
    if producer_group is not None:
        return permissions.can_edit_group(user, producer_group.pk)
    if tourism_community is not None:
        return TourismCommunity.objects.coordinated_by(user).filter(pk=tourism_community.pk).exists()
    return False


@transaction.atomic
def income_record_submit(*, user, month, source: str, amount: Decimal,
                         producer_group: ProducerGroup | None = None,
                         tourism_community: TourismCommunity | None = None) -> tuple[IncomeRecord, bool]:
    """Record a unit's income for a month and source.

    Rule: one record per unit, month and source (a database constraint); submitting the same
    unit/month/source again updates the amount (history keeps the old value) instead of duplicating.
    Producers write only their groups, coordinators only their communities, staff any unit.
    Returns (record, created).
    """
    _check_unit(producer_group, tourism_community)
    if not can_record_income(user, producer_group=producer_group, tourism_community=tourism_community):
        raise PermissionDenied("คุณบันทึกรายได้ได้เฉพาะกลุ่มหรือชุมชนของคุณเท่านั้น")
    month = parse_month(month)
    if month > timezone.localdate().replace(day=1):
        raise ValidationError({"month": "บันทึกรายได้ของเดือนในอนาคตไม่ได้"})
    unit = {"producer_group": producer_group} if producer_group else {"tourism_community": tourism_community}
    for _attempt in range(2):
        record = IncomeRecord.objects.select_for_update().filter(**unit, month=month, source=source).first()
        created = record is None
        if created:
            record = IncomeRecord(**unit, month=month, source=source, created_by=user)
        record.amount = amount
        record.full_clean()
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            # Another request created the same unit/month/source meanwhile: update it instead.
            continue
        return record, created
    raise ValidationError("บันทึกไม่สำเร็จ กรุณาลองอีกครั้ง")


@transaction.atomic
def income_record_from_tourism_visit(*, visit) -> IncomeRecord:
    """Mirror a tourism community's monthly visit record (tourism app) into its `tourism`
    income record for that month: the income a coordinator records with the visitors is
    the income the evaluation counts. Same unit/month/source rule: updated, never duplicated."""
    record, _created = IncomeRecord.objects.select_for_update().get_or_create(
        tourism_community=visit.community, month=visit.month, source=IncomeSource.TOURISM,
        defaults={"amount": visit.income, "created_by": visit.recorded_by, "is_demo": visit.is_demo})
    if record.amount != visit.income:
        record.amount = visit.income
        record.full_clean()
        record.save(update_fields=["amount", "updated_at"])
    return record


@transaction.atomic
def enrollment_create(*, fiscal_year: int, project: str, producer_group: ProducerGroup | None = None,
                      tourism_community: TourismCommunity | None = None) -> Enrollment:
    """Enroll a unit in a project for a fiscal year (once: a database constraint)."""
    _check_unit(producer_group, tourism_community)
    enrollment = Enrollment(fiscal_year=fiscal_year, project=project, producer_group=producer_group,
                            tourism_community=tourism_community)
    enrollment.full_clean()
    enrollment.save()
    return enrollment


@transaction.atomic
def target_set(*, fiscal_year: int, project: str, target_percent: Decimal) -> Target:
    """Set (create or change) the target of a fiscal year for `all` or one project; history kept."""
    target = Target.objects.select_for_update().filter(fiscal_year=fiscal_year, project=project).first() \
        or Target(fiscal_year=fiscal_year, project=project)
    target.target_percent = target_percent
    target.full_clean()
    target.save()
    return target


# --- Reports -------------------------------------------------------------------------


def _queue_generation(report: Report) -> None:
    from .tasks import generate_report

    transaction.on_commit(lambda: generate_report.delay(report.pk))


@transaction.atomic
def report_request(*, fiscal_year: int, as_of, user=None, queue: bool = True) -> Report:
    """Ask for a report of FY N as of month M: a NEW version (older versions are kept).

    Returns at once with status `queued`; the work is done by the Celery task after commit.
    """
    from .selectors import evaluation_window

    window = evaluation_window(fiscal_year=fiscal_year, as_of=as_of)
    for _attempt in range(3):
        latest = Report.objects.filter(fiscal_year=window.fiscal_year, as_of=window.as_of) \
            .aggregate(v=Max("version"))["v"] or 0
        try:
            with transaction.atomic():
                report = Report.objects.create(fiscal_year=window.fiscal_year, as_of=window.as_of,
                                               version=latest + 1, created_by=user)
        except IntegrityError:
            continue  # a concurrent request took that version number
        if queue:
            _queue_generation(report)
        return report
    raise ValidationError("ขอรายงานไม่สำเร็จ กรุณาลองอีกครั้ง")


@transaction.atomic
def report_request_monthly(*, today: dt.date | None = None, queue: bool = True) -> Report:
    """The beat task's report: the month just ended, version 1 — asked twice, it is still one report."""
    today = today or timezone.localdate()
    as_of = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    fiscal_year = fiscal_year_of(as_of)
    report, created = Report.objects.get_or_create(fiscal_year=fiscal_year, as_of=as_of, version=1)
    if created and queue:
        _queue_generation(report)
    return report


def report_generate(*, report_id: int) -> Report:
    """Compute a report's snapshot and files, all or nothing.

    Idempotent: the report row is locked for the run; a report already done is returned unchanged,
    so a retried or duplicated task produces no second report. A failure rolls the whole run back
    (no snapshot, no files) and marks the report `failed` with the reason.
    """
    from . import reports

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
            report.xlsx.save(f"{stem}.xlsx", ContentFile(reports.render_xlsx(snapshot)), save=False)
            written.append(report.xlsx)
            report.pdf.save(f"{stem}.pdf", ContentFile(reports.render_pdf(snapshot)), save=False)
            written.append(report.pdf)
            report.snapshot = snapshot
            report.status = ReportStatus.DONE
            report.error = ""
            report.finished_at = timezone.now()
            report.save(update_fields=["snapshot", "xlsx", "pdf", "status", "error", "finished_at",
                                       "updated_at"])
    except Exception as exc:
        for fieldfile in written:
            fieldfile.storage.delete(fieldfile.name)
        logger.exception("evaluation report %s failed", report_id)
        Report.objects.filter(pk=report_id).exclude(status=ReportStatus.DONE).update(
            status=ReportStatus.FAILED, error=str(exc)[:1000], finished_at=timezone.now())
        raise
    return report


# --- Findings and improvement actions ---------------------------------------------------


@transaction.atomic
def finding_create(*, report: Report, title: str, detail: str = "", user=None) -> Finding:
    """Staff attach a finding to a report."""
    if not permissions.is_staff_user(user):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น")
    finding = Finding(report=report, title=title, detail=detail, created_by=user)
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def action_create(*, finding: Finding, what: str, owner: str, due_date: dt.date, user=None,
                  **links) -> ImprovementAction:
    """Staff create an improvement action from a finding, optionally linked to a unit, product,
    tourism program or development issue."""
    if not permissions.is_staff_user(user):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น")
    action = ImprovementAction(finding=finding, what=what, owner=owner, due_date=due_date, created_by=user,
                               **links)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_set_status(*, action: ImprovementAction, status: str, result_note: str = "",
                      user=None) -> ImprovementAction:
    """Move an action along open -> in_progress -> done (done records when); cancelled ends it."""
    if not permissions.is_staff_user(user):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น")
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
