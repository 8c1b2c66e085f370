"""Tourism's queues in the workspaces (/me/, core.workspace)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from core import permissions
from core.thai_dates import format_date
from core.workspace import PRODUCER, STAFF, Queue, Row

from . import selectors


def _booking_row(b: Any, action: str) -> Row:
    return Row(
        title=f"{b.program.title_th} · {b.name}",
        url=reverse("tourism:manage_booking_detail", args=[b.pk]),
        since=b.created_at,
        detail=_("%(community)s · เดินทาง %(date)s · %(n)s คน")
        % {"community": b.program.community.name_th, "date": format_date(b.date), "n": b.people},
        action=action,
    )


def coordinator_queues(*, user: Any) -> Queue | None:
    """Booking requests waiting for the user's community to confirm (shown with the producer's work)."""
    if permissions.is_staff_user(user) or not (
        permissions.is_producer(user) or selectors.coordinates_any_community(user=user)
    ):
        return None
    rows = [_booking_row(b, _("ตอบรับ/ปฏิเสธ")) for b in selectors.bookings_awaiting_confirmation(user=user)]
    return Queue(
        key="producer.bookings",
        role=PRODUCER,
        order=40,
        rows=rows,
        title=_("การจองที่รอชุมชนยืนยัน"),
        more_url=reverse("tourism:manage_bookings"),
    )


def staff_queues(*, user: Any) -> list[Queue] | None:
    if not permissions.is_staff_user(user):
        return None
    bookings = [_booking_row(b, _("ติดตาม")) for b in selectors.bookings_unanswered(user=user)]
    programs = [
        Row(
            title=p.title_th,
            url=reverse("tourism:manage_program_edit", args=[p.slug]),
            since=p.created_at,
            detail=p.community.name_th,
            action=_("ตรวจและเผยแพร่"),
        )
        for p in selectors.programs_awaiting_publication(user=user)
    ]
    return [
        Queue(
            key="staff.programs_draft", role=STAFF, order=45, rows=programs, title=_("โปรแกรมท่องเที่ยวรอเผยแพร่")
        ),
        Queue(
            key="staff.bookings_unanswered",
            role=STAFF,
            order=60,
            rows=bookings,
            title=_("การจองที่ชุมชนยังไม่ตอบเกิน 48 ชั่วโมง"),
            more_url=reverse("tourism:manage_bookings"),
        ),
    ]
