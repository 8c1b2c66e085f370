"""Writes for mentoring: staff pair a mentor (an expert or a producer group) with a mentee group,
change or delete the pairing; participants log sessions while the mentorship is active; staff correct
or delete sessions, record the outcome and close the mentorship."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import permissions
from core.actors import as_user
from core.permissions import Actor

from ..choices import MentorshipStatus
from ..models import MentoringSession, Mentorship


def _require_staff(actor: Actor) -> None:
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))


@transaction.atomic
def mentorship_create(*, actor: Actor, mentee_group: Any, topic: str, started_on: dt.date,
                      mentor_expert: Any = None, mentor_group: Any = None, is_demo: bool = False,
                      **fields: Any) -> Mentorship:
    """Staff pair a mentor (an expert OR a producer group, exactly one) with a mentee group.
    A new mentorship is active; it closes through mentorship_close."""
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่จับคู่พี่เลี้ยงได้"))
    fields.pop("status", None)
    fields.pop("created_by", None)
    m = Mentorship(mentee_group=mentee_group, topic=topic, started_on=started_on, mentor_expert=mentor_expert,
                   mentor_group=mentor_group, created_by=as_user(actor), is_demo=is_demo, **fields)
    m.full_clean()
    m.save()
    return m


@transaction.atomic
def mentorship_update(*, actor: Actor, mentorship: Mentorship, **fields: Any) -> Mentorship:
    """Staff change the pairing, topic, start or outcome; the status changes only by mentorship_close."""
    _require_staff(actor)
    for name in ("status", "created_by"):
        fields.pop(name, None)
    for name, value in fields.items():
        setattr(mentorship, name, value)
    mentorship.full_clean()
    mentorship.save()
    return mentorship


@transaction.atomic
def mentorship_delete(*, actor: Actor, mentorship: Mentorship) -> None:
    """Staff delete a mentorship with its logged sessions."""
    _require_staff(actor)
    mentorship.delete()


def can_log_session(mentorship: Mentorship, user: Actor) -> bool:
    """Staff, the mentor expert's account, and members of the mentor or mentee group."""
    if permissions.is_staff_user(user):
        return True
    if not permissions.is_member(user):
        return False
    groups = permissions.producer_group_ids(user)
    if mentorship.mentee_group_id in groups or (mentorship.mentor_group_id and mentorship.mentor_group_id in groups):
        return True
    expert = mentorship.mentor_expert if mentorship.mentor_expert_id else None
    return bool(expert is not None and expert.user_id == user.pk)


@transaction.atomic
def mentoring_session_log(*, actor: Actor, mentorship: Mentorship, date: dt.date, covered: str,
                          next_step: str = "", is_demo: bool = False, **fields: Any) -> MentoringSession:
    """A participant (or staff) logs a session: date, what was covered, the next step."""
    if not can_log_session(mentorship, actor):
        raise PermissionDenied(_("เฉพาะผู้ที่อยู่ในการจับคู่พี่เลี้ยงนี้เท่านั้นที่บันทึกได้"))
    if mentorship.status != MentorshipStatus.ACTIVE:
        raise ValidationError(_("การเป็นพี่เลี้ยงนี้ปิดแล้ว"))
    if date < mentorship.started_on:
        raise ValidationError({"date": _("วันที่ต้องไม่ก่อนวันเริ่มการเป็นพี่เลี้ยง")})
    fields.pop("logged_by", None)
    session = MentoringSession(mentorship=mentorship, date=date, covered=covered, next_step=next_step,
                               logged_by=as_user(actor), is_demo=is_demo, **fields)
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def mentoring_session_update(*, actor: Actor, session: MentoringSession, **fields: Any) -> MentoringSession:
    """Staff (or whoever logged it) correct a session's date, content or next step."""
    if not (permissions.is_staff_user(actor) or (session.logged_by_id and session.logged_by_id == actor.pk)):
        raise PermissionDenied(_("แก้ไขได้เฉพาะผู้บันทึกหรือเจ้าหน้าที่"))
    for name in ("mentorship", "logged_by"):
        fields.pop(name, None)
    for name, value in fields.items():
        setattr(session, name, value)
    if session.date < session.mentorship.started_on:
        raise ValidationError({"date": _("วันที่ต้องไม่ก่อนวันเริ่มการเป็นพี่เลี้ยง")})
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def mentoring_session_delete(*, actor: Actor, session: MentoringSession) -> None:
    """Staff delete a logged session."""
    _require_staff(actor)
    session.delete()


@transaction.atomic
def mentorship_close(*, actor: Actor, mentorship: Mentorship, outcome: str,
                     status: str = MentorshipStatus.COMPLETED) -> Mentorship:
    """Staff record the outcome and close the mentorship."""
    _require_staff(actor)
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("กรุณาบันทึกผลลัพธ์")})
    if status == MentorshipStatus.ACTIVE:
        raise ValidationError({"status": _("เลือกสถานะปิด: เสร็จสิ้น หรือ ยุติ")})
    mentorship.outcome, mentorship.status = outcome, status
    mentorship.full_clean()
    mentorship.save(update_fields=["outcome", "status", "updated_at"])
    return mentorship
