"""Writes of the KBO knowledge network. Views, the API, the admin and Celery tasks call these.

Rules implemented here (each function's docstring states its rule):
- event capacity and the waitlist hold under concurrent registration (the event row is locked);
- one registration per person per event (also database constraints);
- registration closes at the deadline (or the start when no deadline);
- cancelling a confirmed place promotes the first on the waitlist;
- the online meeting link goes only to confirmed participants (emails included);
- one reminder per registration, the day before the event (reminded_at, conditional UPDATE);
- knowledge is published only after staff review; Q&A moderation by staff.
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.services import unique_slug
from core.thai_dates import format_datetime

from .choices import (
    Audience,
    EventStatus,
    KnowledgeStatus,
    MentorshipStatus,
    RegistrationStatus,
)
from .models import (
    Answer,
    Event,
    ExpertProfile,
    KnowledgeItem,
    MentoringSession,
    Mentorship,
    Question,
    Registration,
)

logger = logging.getLogger(__name__)

# --- Experts ---------------------------------------------------------------------------


@transaction.atomic
def expert_create(*, name: str, districts_served=(), is_demo: bool = False, **fields) -> ExpertProfile:
    """Staff add an expert profile (optionally linked to an account with the expert role)."""
    expert = ExpertProfile(name=name, is_demo=is_demo, **fields)
    expert.slug = unique_slug(ExpertProfile, name)
    expert.full_clean()
    expert.save()
    if districts_served:
        expert.districts_served.set(districts_served)
    return expert


@transaction.atomic
def expert_update(*, expert: ExpertProfile, districts_served=None, **fields) -> ExpertProfile:
    fields.pop("slug", None)
    for name, value in fields.items():
        setattr(expert, name, value)
    expert.full_clean()
    expert.save()
    if districts_served is not None:
        expert.districts_served.set(districts_served)
    return expert


# --- Knowledge ---------------------------------------------------------------------------


def _set_links(item: KnowledgeItem, *, wisdom_records=None, products=None, experts=None) -> None:
    if wisdom_records is not None:
        item.wisdom_records.set(wisdom_records)
    if products is not None:
        item.products.set(products)
    if experts is not None:
        item.experts.set(experts)


def normalise_tags(tags) -> list[str]:
    """Tags are trimmed, lower-cased (Latin), de-duplicated, '#' removed; order kept."""
    if isinstance(tags, str):
        tags = re.split(r"[,\n]", tags)
    seen: list[str] = []
    for tag in tags or []:
        tag = str(tag).strip().lstrip("#").strip().lower()[:40]
        if tag and tag not in seen:
            seen.append(tag)
    return seen


@transaction.atomic
def knowledge_create(*, title: str, kind: str, author=None, wisdom_records=None, products=None, experts=None,
                     tags=(), is_demo: bool = False, **fields) -> KnowledgeItem:
    """A new knowledge item starts as a draft (only staff may create it already published)."""
    status = fields.pop("status", KnowledgeStatus.DRAFT)
    if status == KnowledgeStatus.PUBLISHED and not (is_demo or permissions.is_staff_user(author)):
        status = KnowledgeStatus.DRAFT
    item = KnowledgeItem(title=title, kind=kind, author=author, tags=normalise_tags(tags), status=status,
                         is_demo=is_demo, **fields)
    item.slug = unique_slug(KnowledgeItem, title)
    if status == KnowledgeStatus.PUBLISHED:
        item.published_at = timezone.now()
    item.full_clean()
    item.save()
    _set_links(item, wisdom_records=wisdom_records, products=products, experts=experts)
    if status == KnowledgeStatus.PUBLISHED:
        _check_publishable(item)
    return item


@transaction.atomic
def knowledge_update(*, item: KnowledgeItem, wisdom_records=None, products=None, experts=None,
                     **fields) -> KnowledgeItem:
    fields.pop("slug", None)
    fields.pop("status", None)  # status changes only through submit/publish/return
    if "tags" in fields:
        fields["tags"] = normalise_tags(fields["tags"])
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    _set_links(item, wisdom_records=wisdom_records, products=products, experts=experts)
    return item



@transaction.atomic
def knowledge_delete(*, item: KnowledgeItem, by) -> None:
    """Delete a knowledge item: its author while it is a draft, or staff. The attachment files
    are removed once the transaction commits."""
    if not KnowledgeItem.objects.editable_by(by).filter(pk=item.pk).exists():
        raise PermissionDenied(_("ลบได้เฉพาะร่างของคุณเองหรือโดยเจ้าหน้าที่"))
    stored = [(a.file.storage, a.file.name) for a in item.attachments.all() if a.file]
    item.delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])

@transaction.atomic
def knowledge_submit(*, item: KnowledgeItem, by) -> KnowledgeItem:
    """Rule: the author (or staff) sends a draft for staff review (draft → in review)."""
    if not (permissions.is_staff_user(by) or item.author_id == getattr(by, "pk", None)):
        raise PermissionDenied(_("เฉพาะผู้เขียนหรือเจ้าหน้าที่เท่านั้นที่ส่งตรวจได้"))
    if item.status != KnowledgeStatus.DRAFT:
        raise ValidationError(_("ส่งตรวจได้เฉพาะองค์ความรู้ที่เป็นร่าง"))
    item.status = KnowledgeStatus.IN_REVIEW
    item.save(update_fields=["status", "updated_at"])
    return item


def _check_publishable(item: KnowledgeItem) -> None:
    from wisdom.selectors import consent_blockers

    blockers = consent_blockers(list(item.wisdom_records.all()))
    if blockers:
        raise ValidationError(list(blockers.values()))


@transaction.atomic
def knowledge_publish(*, item: KnowledgeItem, by) -> KnowledgeItem:
    """Rule: only staff publish, and only an item in review; linked wisdom records must have
    their knowledge holders' consent (wisdom.selectors.consent_blockers)."""
    if not permissions.is_staff_user(by):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่เผยแพร่องค์ความรู้ได้"))
    if item.status != KnowledgeStatus.IN_REVIEW:
        raise ValidationError(_("เผยแพร่ได้เฉพาะองค์ความรู้ที่อยู่ระหว่างรอตรวจ"))
    _check_publishable(item)
    item.status = KnowledgeStatus.PUBLISHED
    item.reviewed_by = by
    item.published_at = timezone.now()
    item.save(update_fields=["status", "reviewed_by", "published_at", "updated_at"])
    return item


@transaction.atomic
def knowledge_return(*, item: KnowledgeItem, by) -> KnowledgeItem:
    """Staff send an item in review (or a published one) back to draft."""
    if not permissions.is_staff_user(by):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))
    item.status = KnowledgeStatus.DRAFT
    item.reviewed_by = by
    item.save(update_fields=["status", "reviewed_by", "updated_at"])
    return item


# --- Events --------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, title: str, kind: str, starts_at, ends_at, speakers=(), is_demo: bool = False,
                 **fields) -> Event:
    event = Event(title=title, kind=kind, starts_at=starts_at, ends_at=ends_at, is_demo=is_demo, **fields)
    event.slug = unique_slug(Event, title)
    event.full_clean()
    event.save()
    if speakers:
        event.speakers.set(speakers)
    return event


@transaction.atomic
def event_update(*, event: Event, speakers=None, **fields) -> Event:
    """Staff change an event. Raising the capacity promotes waitlisted people into the new seats."""
    fields.pop("slug", None)
    event = Event.objects.select_for_update().get(pk=event.pk)
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    if speakers is not None:
        event.speakers.set(speakers)
    _fill_free_seats(event)
    return event


def phone_digits(phone: str) -> str:
    """081-234-5678, +66 81 234 5678 and 0812345678 are the same number."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("66") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def contact_key_for(*, email: str = "", phone: str = "") -> str:
    """The identity of a person without an account: the e-mail (lower case), else the phone digits."""
    email = (email or "").strip().lower()
    if email:
        return f"email:{email}"
    digits = phone_digits(phone)
    return f"phone:{digits}" if digits else ""


def registration_is_open(event: Event, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return event.status == EventStatus.PUBLISHED and now < event.closes_at


@transaction.atomic
def registration_register(*, event: Event, user=None, name: str = "", email: str = "", phone: str = "",
                          group=None, now: dt.datetime | None = None) -> Registration:
    """Register a person for an event.

    Rules: the event must be published and open (now before the registration deadline, or the
    start when there is none); producer-only events take producer accounts only; public events
    also take anyone with a name and an e-mail or phone. A person registers once per event
    (account, or e-mail/phone when anonymous; database constraints back this). The event row is
    locked (select_for_update) while seats are counted, so concurrent registrations never exceed
    the capacity: beyond it people join the waitlist in order of registration.
    """
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("กิจกรรมนี้ไม่เปิดรับลงทะเบียน"))
    if now >= event.closes_at:
        raise ValidationError(_("ปิดรับลงทะเบียนแล้ว (ปิดรับเมื่อ %(d)s)") % {"d": format_datetime(event.closes_at)})
    account = user if (user is not None and user.is_authenticated) else None
    if event.audience == Audience.PRODUCERS and not permissions.is_producer(account):
        raise ValidationError(_("กิจกรรมนี้รับเฉพาะผู้ผลิต/ผู้ประกอบการ OTOP ที่เข้าสู่ระบบแล้ว"))
    if account is not None:
        name = account.get_full_name() or account.username
        email = email or account.email
        phone = phone or getattr(account, "phone", "")
        key = ""
        if group is not None and group.pk not in permissions.producer_group_ids(account):
            raise ValidationError({"group": _("คุณไม่ได้เป็นสมาชิกกลุ่มนี้")})
        if group is None and permissions.is_producer(account):
            ids = sorted(permissions.producer_group_ids(account))
            group_id = ids[0] if ids else None
        else:
            group_id = group.pk if group else None
        existing = Registration.objects.filter(event=event, user=account).first()
    else:
        name = (name or "").strip()
        key = contact_key_for(email=email, phone=phone)
        errors = {}
        if not name:
            errors["name"] = _("กรุณากรอกชื่อ-นามสกุล")
        if not key:
            errors["phone"] = _("กรุณากรอกอีเมลหรือเบอร์โทรศัพท์อย่างน้อยหนึ่งช่องทาง")
        if errors:
            raise ValidationError(errors)
        group_id = None
        existing = Registration.objects.filter(event=event, contact_key=key).first()
        digits = phone_digits(phone)
        if existing is None and digits:  # same phone under another e-mail is the same person
            existing = Registration.objects.filter(event=event, user__isnull=True, phone_key=digits).first()
            if existing is not None and existing.status == RegistrationStatus.CANCELLED:
                key = existing.contact_key
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise ValidationError(_("ลงทะเบียนกิจกรรมนี้แล้ว (สถานะ: %(s)s)") % {"s": existing.get_status_display()})

    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
    status = RegistrationStatus.CONFIRMED if confirmed < event.capacity else RegistrationStatus.WAITLISTED
    reg = existing or Registration(event=event, user=account, contact_key=key)
    reg.name, reg.email, reg.phone, reg.group_id = name, (email or "").strip(), (phone or "").strip(), group_id
    reg.phone_key = phone_digits(phone) if account is None else ""
    reg.status, reg.registered_at, reg.attended, reg.reminded_at = status, now, None, None
    reg.full_clean(validate_constraints=False)  # constraints: the database, under the event lock
    reg.save()
    reg.event = event
    _notify_after_commit(reg.pk, "registered")
    return reg


def _fill_free_seats(event: Event) -> list[Registration]:
    """Promote waitlisted registrations (oldest first) into free seats. Call with the event row locked."""
    confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()
    free = event.capacity - confirmed
    if free <= 0 or event.status != EventStatus.PUBLISHED:
        return []
    promoted = list(Registration.objects.select_for_update().filter(
        event=event, status=RegistrationStatus.WAITLISTED).order_by("registered_at", "pk")[:free])
    for reg in promoted:
        reg.status = RegistrationStatus.CONFIRMED
        reg.save(update_fields=["status", "updated_at"])
        _notify_after_commit(reg.pk, "promoted")
    return promoted


@transaction.atomic
def event_cancel(*, event: Event, by) -> Event:
    """Staff cancel an event: it stays visible as cancelled, registration closes and every
    confirmed or waitlisted person is told by e-mail (the meeting link is not sent)."""
    if not permissions.is_staff_user(by):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("กิจกรรมนี้ถูกยกเลิกไปแล้ว"))
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    for pk in Registration.objects.filter(event=event).active().values_list("pk", flat=True):
        _notify_after_commit(pk, "event_cancelled")
    return event


@transaction.atomic
def event_fill_free_seats(*, event: Event) -> list[Registration]:
    """Admit waitlisted people (oldest first) into any free seats, e.g. after the capacity grew."""
    return _fill_free_seats(Event.objects.select_for_update().get(pk=event.pk))


@transaction.atomic
def registration_cancel(*, registration: Registration, by) -> Registration:
    """The registrant (or staff) cancels. A freed confirmed seat goes to the first on the waitlist."""
    if not (permissions.is_staff_user(by) or (registration.user_id and registration.user_id == by.pk)):
        raise PermissionDenied(_("คุณยกเลิกการลงทะเบียนนี้ไม่ได้"))
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    reg = Registration.objects.select_for_update().get(pk=registration.pk)
    if reg.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("การลงทะเบียนนี้ถูกยกเลิกไปแล้ว"))
    if timezone.now() >= event.starts_at and not permissions.is_staff_user(by):
        raise ValidationError(_("กิจกรรมเริ่มแล้ว ไม่สามารถยกเลิกได้"))
    was_confirmed = reg.status == RegistrationStatus.CONFIRMED
    reg.status = RegistrationStatus.CANCELLED
    reg.save(update_fields=["status", "updated_at"])
    if was_confirmed:
        _fill_free_seats(event)
    return reg


@transaction.atomic
def registration_mark_attendance(*, registration: Registration, attended: bool, by) -> Registration:
    """Staff record who actually came (confirmed registrations only, once the event has started)."""
    if not permissions.is_staff_user(by):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่บันทึกการเข้าร่วมได้"))
    reg = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if reg.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("บันทึกการเข้าร่วมได้เฉพาะผู้ที่ได้รับการยืนยันแล้ว"))
    if timezone.now() < reg.event.starts_at:
        raise ValidationError(_("บันทึกการเข้าร่วมได้เมื่อกิจกรรมเริ่มแล้ว"))
    reg.attended = bool(attended)
    reg.attendance_marked_by = by
    reg.save(update_fields=["attended", "attendance_marked_by", "updated_at"])
    return reg


# --- E-mails -------------------------------------------------------------------------------


def can_see_online_url(event: Event, user, registration: Registration | None = None) -> bool:
    """The meeting link is for staff and confirmed participants only (and not once cancelled)."""
    if not event.online_url:
        return False
    if permissions.is_staff_user(user):
        return True
    if event.status != EventStatus.PUBLISHED:
        return False
    if registration is not None:
        return registration.status == RegistrationStatus.CONFIRMED
    return bool(permissions.is_member(user) and Registration.objects.filter(
        event=event, user=user, status=RegistrationStatus.CONFIRMED).exists())


def _notify_after_commit(registration_id: int, kind: str) -> None:
    """Queue the e-mail (Celery) once the registration is committed. If the broker is down the
    mail is sent in-process rather than lost; a failure there is logged, never shown to the user."""

    def queue():
        from . import tasks

        try:
            tasks.registration_notify.delay(registration_id, kind)
        except Exception:  # broker unreachable
            logger.warning("network: broker unavailable, sending registration mail in-process", exc_info=True)
            try:
                registration_notify(registration_id=registration_id, kind=kind)
            except Exception:
                logger.exception("network: registration mail %s for %s failed", kind, registration_id)

    transaction.on_commit(queue)


def _render_mail(reg: Registration, kind: str) -> tuple[str, str]:
    link_ok = reg.status == RegistrationStatus.CONFIRMED and reg.event.status == EventStatus.PUBLISHED
    ctx = {"reg": reg, "event": reg.event, "kind": kind, "online_url": reg.event.online_url if link_ok else ""}
    subject = render_to_string("network/email/registration_subject.txt", ctx).strip()
    body = render_to_string("network/email/registration_body.txt", ctx)
    return subject, body


def registration_notify(*, registration_id: int, kind: str) -> bool:
    """E-mail the registrant about their registration (confirmed / waitlisted / promoted).
    The meeting link is included only while the registration is confirmed."""
    reg = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
    if reg is None or not reg.recipient or reg.status == RegistrationStatus.CANCELLED:
        return False
    subject, body = _render_mail(reg, kind)
    send_mail(subject, body, None, [reg.recipient])
    return True


def reminders_due(now: dt.datetime | None = None):
    """Confirmed, not yet reminded registrations of published events starting tomorrow (Bangkok)."""
    now = timezone.localtime(now or timezone.now())
    tomorrow = now.date() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    return Registration.objects.filter(
        status=RegistrationStatus.CONFIRMED, reminded_at__isnull=True,
        event__status=EventStatus.PUBLISHED, event__starts_at__gte=start, event__starts_at__lt=end)


def registration_remind(*, registration_id: int, now: dt.datetime | None = None) -> bool:
    """Send one reminder for one registration, at most once ever.

    Rule (idempotent): inside one transaction a conditional UPDATE sets reminded_at only where it is
    still empty; only the caller whose UPDATE changed the row sends the e-mail, and if sending fails
    the transaction rolls back so a later run retries. Two workers can never both send it."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration_id, reminded_at__isnull=True, status=RegistrationStatus.CONFIRMED,
        ).update(reminded_at=now)
        if claimed != 1:
            return False
        reg = Registration.objects.select_related("event", "user").get(pk=registration_id)
        if not reg.recipient:
            return True  # nothing to send to; counted as handled so it is not retried forever
        subject, body = _render_mail(reg, "reminder")
        send_mail(subject, body, None, [reg.recipient])
    return True


def send_event_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind every confirmed participant of tomorrow's events; returns how many e-mails were handled.
    Safe to run any number of times a day (see registration_remind)."""
    sent = 0
    for pk in list(reminders_due(now).values_list("pk", flat=True)):
        if registration_remind(registration_id=pk, now=now):
            sent += 1
    return sent


# --- Mentoring -------------------------------------------------------------------------------


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


# --- Q&A --------------------------------------------------------------------------------------


@transaction.atomic
def question_ask(*, by, topic: str, title: str, body: str = "", is_demo: bool = False) -> Question:
    """Producers (and staff, experts) ask a question; partners and anonymous visitors do not."""
    if not (permissions.is_producer(by) or permissions.is_staff_user(by) or permissions.is_expert(by)):
        raise PermissionDenied(_("เฉพาะผู้ผลิต/ผู้ประกอบการที่เข้าสู่ระบบเท่านั้นที่ตั้งคำถามได้"))
    q = Question(asked_by=by, topic=topic, title=title.strip(), body=body, is_demo=is_demo)
    q.full_clean()
    q.save()
    return q


@transaction.atomic
def answer_post(*, question: Question, by, body: str, is_demo: bool = False) -> Answer:
    """Any logged-in member who can see the question answers it (experts and peers)."""
    if not Question.objects.visible_to(by).filter(pk=question.pk).exists():
        raise PermissionDenied(_("คุณไม่สามารถตอบคำถามนี้ได้"))
    if question.is_hidden and not permissions.is_staff_user(by):
        raise ValidationError(_("คำถามนี้ถูกซ่อนโดยเจ้าหน้าที่"))
    answer = Answer(question=question, author=by, body=body.strip(), is_demo=is_demo)
    answer.full_clean()
    answer.save()
    return answer


@transaction.atomic
def moderate(*, obj: Question | Answer, by, hidden: bool) -> Question | Answer:
    """Staff hide or unhide a question or an answer."""
    if not permissions.is_staff_user(by):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่ซ่อน/แสดงได้"))
    obj.is_hidden = hidden
    obj.save(update_fields=["is_hidden", "updated_at"])
    return obj


@transaction.atomic
def answer_accept(*, answer: Answer, by) -> Answer:
    """The asker (or staff) accepts one answer; accepting another replaces the previous choice."""
    question = Question.objects.select_for_update().get(pk=answer.question_id)
    if not (permissions.is_staff_user(by) or question.asked_by_id == by.pk):
        raise PermissionDenied(_("เฉพาะผู้ถามหรือเจ้าหน้าที่เท่านั้นที่เลือกคำตอบได้"))
    if answer.is_hidden:
        raise ValidationError(_("เลือกคำตอบที่ถูกซ่อนไม่ได้"))
    Answer.objects.filter(question=question, is_accepted=True).exclude(pk=answer.pk).update(is_accepted=False)
    answer.is_accepted = True
    answer.save(update_fields=["is_accepted", "updated_at"])
    return answer
