"""Campaigns' queues in the workspaces (/me/, core.workspace): issues and partners' support."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from core import permissions
from core.thai_dates import format_date
from core.workspace import PARTNER, PRODUCER, STAFF, Queue, Row

from . import selectors


def _issue_row(issue: Any, *, since: Any = None, action: str = "") -> Row:
    return Row(
        title=issue.title,
        url=issue.get_absolute_url(),
        since=since,
        detail=" · ".join(x for x in (issue.get_status_display(), getattr(issue.group, "name_th", "")) if x),
        action=action,
    )


def producer_queues(*, user: Any) -> Queue | None:
    """The issues the producer (or their group) raised, with their status."""
    if not permissions.is_producer(user):
        return None
    rows = [_issue_row(i, since=i.updated_at) for i in selectors.issues_raised(user=user)]
    return Queue(
        key="producer.issues",
        role=PRODUCER,
        order=50,
        rows=rows,
        title=_("ประเด็นปัญหาที่แจ้งไว้"),
        empty=_("ไม่มีประเด็นปัญหาที่ยังไม่ปิด"),
        more_url=reverse("campaigns:issue_list"),
    )


def staff_queues(*, user: Any) -> Queue | None:
    if not permissions.is_staff_user(user):
        return None
    rows = [
        _issue_row(i, since=i.created_at, action=_("มอบหมายภาคี"))
        for i in selectors.issues_unassigned(user=user)
    ]
    return Queue(
        key="staff.issues_unassigned",
        role=STAFF,
        order=50,
        rows=rows,
        title=_("ประเด็นปัญหาที่ยังไม่ได้มอบหมาย"),
        more_url=reverse("campaigns:issue_list"),
    )


def partner_queues(*, user: Any) -> list[Queue] | None:
    """Assigned issues awaiting accept/decline, issues silent for 14 days, support records to complete."""
    if not permissions.is_partner(user):
        return None
    awaiting = [
        _issue_row(i, since=i.assigned_at, action=_("รับ/ปฏิเสธ"))
        for i in selectors.issues_awaiting_partner(user=user)
    ]
    stale = [
        _issue_row(i, since=i.last_activity, action=_("รายงานความคืบหน้า"))
        for i in selectors.issues_stale(user=user)
    ]
    supports = [
        Row(
            title=s.title,
            url=reverse("campaigns:support_edit", args=[s.pk]),
            detail=f"{s.recipient} · {format_date(s.date)}",
            action=_("บันทึกผลลัพธ์"),
        )
        for s in selectors.supports_to_complete(user=user)
    ]
    return [
        Queue(
            key="partner.issues_awaiting",
            role=PARTNER,
            order=10,
            rows=awaiting,
            title=_("ประเด็นที่ได้รับมอบหมาย รอตอบรับ"),
        ),
        Queue(
            key="partner.issues_stale",
            role=PARTNER,
            order=20,
            rows=stale,
            title=_("ประเด็นที่กำลังดำเนินการ ไม่มีความคืบหน้าเกิน 14 วัน"),
        ),
        Queue(
            key="partner.supports",
            role=PARTNER,
            order=30,
            rows=supports,
            title=_("การสนับสนุนที่ยังไม่ได้บันทึกผลลัพธ์"),
            more_url=reverse("campaigns:support_list"),
        ),
    ]
