"""Writes for mentoring: staff pair a mentor (an expert or a producer group) with a mentee group,
participants log sessions while the mentorship is active, staff record the outcome and close it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import permissions

from ..choices import MentorshipStatus
from ..models import MentoringSession, Mentorship


@transaction.atomic
def mentorship_create(*, mentee_group, topic: str, started_on: dt.date, mentor_expert=None, mentor_group=None,
                      created_by=None, is_demo: bool = False, **fields) -> Mentorship:
    """Staff pair a mentor (an expert OR a producer group, exactly one) with a mentee group."""
    if created_by is not None and not permissions.is_staff_user(created_by):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่จับคู่พี่เลี้ยงได้"))
    m = Mentorship(mentee_group=mentee_group, topic=topic, started_on=started_on, mentor_expert=mentor_expert,
                   mentor_group=mentor_group, created_by=created_by, is_demo=is_demo, **fields)
    m.full_clean()
    m.save()
    return m


def can_log_session(mentorship: Mentorship, user) -> bool:
    """Staff, the mentor expert's account, and members of the mentor or mentee group."""
    if permissions.is_staff_user(user):
        return True
    if not permissions.is_member(user):
        return False
    groups = permissions.producer_group_ids(user)
    if mentorship.mentee_group_id in groups or (mentorship.mentor_group_id and mentorship.mentor_group_id in groups):
        return True
    return bool(mentorship.mentor_expert_id and mentorship.mentor_expert.user_id == user.pk)


@transaction.atomic
def mentoring_session_log(*, mentorship: Mentorship, by, date: dt.date, covered: str, next_step: str = "",
                          is_demo: bool = False) -> MentoringSession:
    """A participant (or staff) logs a session: date, what was covered, the next step."""
    if not can_log_session(mentorship, by):
        raise PermissionDenied(_("เฉพาะผู้ที่อยู่ในการจับคู่พี่เลี้ยงนี้เท่านั้นที่บันทึกได้"))
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise ValidationError(_("การเป็นพี่เลี้ยงนี้ปิดแล้ว"))
    if date < mentorship.started_on:
        raise ValidationError({"date": _("วันที่ต้องไม่ก่อนวันเริ่มการเป็นพี่เลี้ยง")})
    session = MentoringSession(mentorship=mentorship, date=date, covered=covered, next_step=next_step,
                               logged_by=by, is_demo=is_demo)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def mentorship_close(*, mentorship: Mentorship, by, outcome: str,
                     status: str = MentorshipStatus.COMPLETED) -> Mentorship:
    """Staff record the outcome and close the mentorship."""
    if not permissions.is_staff_user(by):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))
    if not outcome.strip():
        raise ValidationError({"outcome": _("กรุณาบันทึกผลลัพธ์")})
    if status == MentorshipStatus.ACTIVE:
        raise ValidationError({"status": _("เลือกสถานะปิด: เสร็จสิ้น หรือ ยุติ")})
    mentorship.outcome, mentorship.status = outcome, status
    mentorship.full_clean()
    mentorship.save(update_fields=["outcome", "status", "updated_at"])
    return mentorship
