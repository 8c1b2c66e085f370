"""The knowledge network's queues in the workspaces (/me/, core.workspace)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from core import permissions
from core.thai_dates import format_date, format_datetime
from core.workspace import EXPERT, PRODUCER, STAFF, Queue, Row

from . import selectors


def producer_queues(*, user: Any) -> Queue | None:
    """Upcoming events the producer registered for (confirmed or on the waiting list)."""
    if not permissions.is_producer(user):
        return None
    rows = [
        Row(
            title=r.event.title,
            url=r.event.get_absolute_url(),
            detail=f"{format_datetime(r.event.starts_at)} · {r.get_status_display()}",
        )
        for r in selectors.upcoming_registrations(user=user)
    ]
    return Queue(
        key="producer.events",
        role=PRODUCER,
        order=70,
        rows=rows,
        title=_("กิจกรรมที่ลงทะเบียนไว้"),
        more_url=reverse("network:my_registrations"),
    )


def staff_queues(*, user: Any) -> list[Queue] | None:
    if not permissions.is_staff_user(user):
        return None
    knowledge = [
        Row(
            title=k.title,
            url=reverse("admin:network_knowledgeitem_change", args=[k.pk]),
            since=k.updated_at,
            detail=str(k.author or ""),
            action=_("ตรวจ"),
        )
        for k in selectors.knowledge_to_review(user=user)
    ]
    questions = [
        Row(
            title=q.title,
            url=q.get_absolute_url(),
            since=q.created_at,
            detail=f"{q.get_topic_display()} · {q.asked_by}",
            action=_("ดูแล"),
        )
        for q in selectors.questions_to_moderate(user=user)
    ]
    return [
        Queue(key="staff.knowledge_review", role=STAFF, order=20, rows=knowledge, title=_("องค์ความรู้รอตรวจ")),
        Queue(
            key="staff.questions",
            role=STAFF,
            order=30,
            rows=questions,
            title=_("ถาม-ตอบที่ยังไม่มีคำตอบ (ดูแลเนื้อหา)"),
            more_url=reverse("network:question_list"),
        ),
    ]


def expert_queues(*, user: Any) -> list[Queue] | None:
    """Open questions in the expert's fields and districts, mentoring sessions due, events they speak at."""
    profile = selectors.active_expert_profile(user=user)
    if profile is None:
        return None
    questions = [
        Row(
            title=q.title,
            url=q.get_absolute_url(),
            since=q.created_at,
            detail=q.get_topic_display(),
            action=_("ตอบ"),
        )
        for q in selectors.open_questions_for_expert(user=user, profile=profile)
    ]
    mentoring = [
        Row(
            title=f"{m.topic} · {m.mentee_group}",
            url=m.get_absolute_url(),
            detail=(_("พบกันล่าสุด %(d)s") % {"d": format_date(m.last_session)})
            if m.last_session
            else _("ยังไม่มีบันทึกการพบ"),
            action=_("บันทึกการพบ"),
        )
        for m in selectors.mentoring_due(profile=profile)
    ]
    events = [
        Row(title=e.title, url=e.get_absolute_url(), detail=format_datetime(e.starts_at))
        for e in selectors.events_speaking(profile=profile)
    ]
    return [
        Queue(
            key="expert.questions",
            role=EXPERT,
            order=10,
            rows=questions,
            title=_("คำถามในสาขาและพื้นที่ของคุณ"),
            more_url=reverse("network:question_list"),
        ),
        Queue(
            key="expert.mentoring",
            role=EXPERT,
            order=20,
            rows=mentoring,
            title=_("การพี่เลี้ยงที่ถึงเวลาพบ (เกิน 30 วัน)"),
            more_url=reverse("network:my_mentoring"),
        ),
        Queue(key="expert.events", role=EXPERT, order=30, rows=events, title=_("กิจกรรมที่คุณเป็นวิทยากร")),
    ]
