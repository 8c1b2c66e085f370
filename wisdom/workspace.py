"""The wisdom registry's queues in the workspaces (/me/, core.workspace)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core import permissions
from core.workspace import PRODUCER, STAFF, Queue, Row

from . import selectors


def producer_queues(*, user: Any) -> Queue | None:
    """Drafts sent back by staff, each with the comment saying what to fix."""
    if not permissions.is_producer(user):
        return None
    rows = [
        Row(
            title=r.title_th,
            url=reverse("wisdom:edit", args=[r.slug]),
            since=r.sent_back_at,
            detail=_("ความเห็นเจ้าหน้าที่: %(c)s") % {"c": Truncator(r.sent_back_comment or "–").chars(200)},
            action=_("แก้ไข"),
        )
        for r in selectors.sent_back_drafts(user=user)
    ]
    return Queue(
        key="producer.wisdom_sent_back",
        role=PRODUCER,
        order=20,
        rows=rows,
        title=_("ภูมิปัญญาที่ถูกส่งกลับให้แก้ไข"),
        more_url=reverse("wisdom:mine"),
    )


def staff_queues(*, user: Any) -> Queue | None:
    if not permissions.is_staff_user(user):
        return None
    rows = [
        Row(
            title=r.title_th,
            url=r.get_absolute_url(),
            since=r.submitted_at,
            detail=_("อ.%(d)s") % {"d": r.subdistrict.district.name_th},
            action=_("ตรวจสอบ"),
        )
        for r in selectors.submitted_for_review(user=user)
    ]
    return Queue(key="staff.wisdom_submitted", role=STAFF, order=10, rows=rows, title=_("ภูมิปัญญารอตรวจสอบ"))
