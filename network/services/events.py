"""Writes for events, registrations and attendance.

Rules: event capacity and the waitlist hold under concurrent registration (the event row is locked
while seats are counted); one registration per person per event (account, else e-mail or phone;
also database constraints); registration closes at the deadline (or the start when there is none);
cancelling a confirmed place, or raising the capacity, promotes the first on the waitlist; staff
cancel events and record attendance of confirmed registrations once the event has started.
The e-mails these steps send are queued through .emails.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.services import unique_slug
from core.thai_dates import format_datetime

from ..choices import Audience, EventStatus, RegistrationStatus
from ..models import Event, Registration
from .emails import _notify_after_commit


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
