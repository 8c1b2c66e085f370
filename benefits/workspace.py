"""The benefit-sharing queues in the workspaces (/me/, core.workspace): each reads one selector."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from core import permissions
from core.templatetags.thai import baht
from core.thai_dates import format_month
from core.workspace import PRODUCER, STAFF, Queue, Row

from . import selectors


def staff_queues(*, user: Any) -> Queue | None:
    """Beneficiaries with an overdue balance, largest first (one query)."""
    if not permissions.is_staff_user(user):
        return None
    summary = selectors.province_summary(user=user)
    overdue = sorted((b for b in summary["rows"] if b.overdue > 0), key=lambda b: (-b.overdue, b.pk))
    rows = [Row(title=f"{b.name} · {b.agreement.title}", url=b.get_absolute_url(),
                detail=_("เกินกำหนด %(a)s") % {"a": baht(b.overdue)}, action=_("บันทึกการจ่าย"))
            for b in overdue]
    return Queue(key="staff.benefits_overdue", role=STAFF, order=75, rows=rows,
                 title=_("ผลประโยชน์ที่เกินกำหนดจ่าย"), empty=_("ไม่มียอดเกินกำหนด"),
                 more_url=reverse("benefits:summary"),
                 note=_("ยอดของเดือนก่อน%(m)s ที่ยังไม่ได้จ่าย") % {"m": format_month(summary["cutoff"])})


def member_queues(*, user: Any) -> Queue | None:
    """A producer's view: their group's agreements and their own statements (as a knowledge holder with
    an account). None when they have neither (two queries)."""
    if permissions.is_staff_user(user) or not permissions.is_producer(user):
        return None
    rows = [Row(title=a.title, url=a.get_absolute_url(), detail=a.get_share_basis_display())
            for a in selectors.agreement_list(user=user)]
    rows += [Row(title=_("ใบแจ้งยอดของฉัน · %(t)s") % {"t": b.agreement.title}, url=b.get_absolute_url(),
                 detail=_("ค้างจ่าย %(a)s") % {"a": baht(b.owed)}) for b in selectors.my_statements(user=user)]
    if not rows:
        return None
    return Queue(key="producer.benefits", role=PRODUCER, order=60, rows=rows,
                 title=_("ข้อตกลงแบ่งปันผลประโยชน์"), more_url=reverse("benefits:agreement_list"))
