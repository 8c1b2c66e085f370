"""Writes for events, registrations and attendance.

Rules: event capacity and the waitlist hold under concurrent registration (the event row is locked
while seats are counted); one registration per person per event (account, else e-mail or phone;
also database constraints); registration closes at the deadline (or the start when there is none);
cancelling a confirmed place, or raising the capacity, promotes the first on the waitlist; staff
cancel events and record attendance of confirmed registrations once the event has started.
Staff create, change and delete events (the materials file goes with a deleted event) and correct or
delete registrations (a deleted confirmed place goes to the waitlist too).
The e-mails these steps send are queued through .emails.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.actors import as_user, is_system
from core.permissions import Actor
from core.services import unique_slug
from core.thai_dates import format_datetime

from ..choices import Audience, EventStatus, RegistrationStatus
from ..models import Event, Registration
from .emails import _notify_after_commit


def _require_staff(actor: Actor, message: str = "") -> None:
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(message or _("เฉพาะเจ้าหน้าที่เท่านั้น"))


def _delete_file_after_commit(file: Any) -> None:
    if file:
        storage, name = file.storage, file.name
        transaction.on_commit(lambda: storage.delete(name))


def _check_wisdom_consent(event: Event) -> None:
    """A published training may teach a wisdom record only when all its knowledge holders consent to
    education and training (ConsentScope.EDUCATION), as for knowledge items."""
    from wisdom.choices import ConsentScope
    from wisdom.selectors import consent_blockers

    if event.status != EventStatus.PUBLISHED:
        return
    blockers = consent_blockers(list(event.wisdom_records.all()), scope=ConsentScope.EDUCATION)
    if blockers:
        raise ValidationError({"wisdom_records": list(blockers.values())})


@transaction.atomic
def event_unpublish_for_withdrawn_consent(*, actor: Actor, record_ids: Iterable[int]) -> list[str]:
    """A knowledge holder withdrew consent to education and training for these wisdom records: every
    published event or training that teaches them and has not ended goes back to draft now (its
    registrations are kept; staff, told by the wisdom service, decide whether to cancel it). Past
    events stay as the record of what was taught. Restoring the consent does not republish. Returns
    Thai one-line descriptions of what was unpublished."""
    _require_staff(actor)
    events = list(Event.objects.select_for_update().filter(
        pk__in=Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__gte=timezone.now(),
                                    wisdom_records__in=list(record_ids)).values("pk")).order_by("pk"))
    for event in events:
        event.status = EventStatus.DRAFT
        event.save(update_fields=["status", "updated_at"])
    return [_("กิจกรรม/การอบรม: %(t)s") % {"t": event.title} for event in events]


@transaction.atomic
def event_create(*, actor: Actor, title: str, kind: str, starts_at: dt.datetime, ends_at: dt.datetime,
                 speakers: Iterable[Any] = (), wisdom_records: Iterable[Any] = (), slug: str = "",
                 is_demo: bool = False, **fields: Any) -> Event:
    """Staff create an event; the slug is romanised from the title unless one is given. `wisdom_records`:
    the local wisdom the event or training teaches (its lineage shows the event)."""
    _require_staff(actor)
    event = Event(title=title, kind=kind, starts_at=starts_at, ends_at=ends_at, is_demo=is_demo, **fields)
    event.slug = slug or unique_slug(Event, title)
    event.full_clean()
    event.save()
    if speakers:
        event.speakers.set(speakers)
    if wisdom_records:
        event.wisdom_records.set(wisdom_records)
    _check_wisdom_consent(event)
    return event


@transaction.atomic
def event_update(*, actor: Actor, event: Event, speakers: Iterable[Any] | None = None,
                 wisdom_records: Iterable[Any] | None = None, **fields: Any) -> Event:
    """Staff change an event. Raising the capacity promotes waitlisted people into the new seats;
    setting the status to cancelled is event_cancel (the registrants are told). A replaced
    materials file is removed after commit."""
    _require_staff(actor)
    fields.pop("slug", None)
    event = Event.objects.select_for_update().get(pk=event.pk)
    cancelling = fields.get("status") == EventStatus.CANCELLED and event.status != EventStatus.CANCELLED
    if cancelling:
        fields.pop("status")
    old_file = event.materials_file if "materials_file" in fields and event.materials_file else None
    for name, value in fields.items():
        setattr(event, name, value)
    event.full_clean()
    event.save()
    if speakers is not None:
        event.speakers.set(speakers)
    if wisdom_records is not None:
        event.wisdom_records.set(wisdom_records)
    _check_wisdom_consent(event)
    if old_file is not None and old_file.name != event.materials_file.name:
        _delete_file_after_commit(old_file)
    if cancelling:
        return event_cancel(actor=actor, event=event)
    _fill_free_seats(event)
    return event


@transaction.atomic
def event_delete(*, actor: Actor, event: Event) -> None:
    """Staff delete an event with its registrations; its materials file is removed after commit.
    (To keep the record and tell the registrants, cancel it instead.)"""
    _require_staff(actor)
    file = event.materials_file
    event.delete()
    _delete_file_after_commit(file)


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
    """Whether `event` takes registrations at `now` (published, before the deadline or the start)."""
    now = now or timezone.now()
    return event.status == EventStatus.PUBLISHED and now < event.closes_at


@transaction.atomic
def registration_register(*, actor: Actor, event: Event, user: Any = None, name: str = "", email: str = "",
                          phone: str = "", group: Any = None, now: dt.datetime | None = None,
                          notify: bool = True, is_demo: bool = False) -> Registration:
    """Register a person for an event: the actor themselves (a logged-in account, or an anonymous
    visitor giving a name and contact), or — staff and SYSTEM only — the account `user`.

    Rules: the event must be published and open (now before the registration deadline, or the
    start when there is none); producer-only events take producer accounts only; public events
    also take anyone with a name and an e-mail or phone. A person registers once per event
    (account, or e-mail/phone when anonymous; database constraints back this). The event row is
    locked (select_for_update) while seats are counted, so concurrent registrations never exceed
    the capacity: beyond it people join the waitlist in order of registration. The registrant is
    e-mailed after commit (``notify=False``: the demo loader, SYSTEM only).
    """
    if not notify and not is_system(actor):
        raise PermissionDenied
    if user is not None and getattr(user, "pk", None) != getattr(actor, "pk", None):
        _require_staff(actor, _("ลงทะเบียนแทนผู้อื่นได้เฉพาะเจ้าหน้าที่"))
    elif user is None and permissions.is_member(actor) and not is_system(actor):
        user = actor
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
    reg = existing or Registration(event=event, user=account, contact_key=key, is_demo=is_demo)
    reg.name, reg.email, reg.phone, reg.group_id = name, (email or "").strip(), (phone or "").strip(), group_id
    reg.phone_key = phone_digits(phone) if account is None else ""
    reg.status, reg.registered_at, reg.attended, reg.reminded_at = status, now, None, None
    reg.full_clean(validate_constraints=False)  # constraints: the database, under the event lock
    reg.save()
    reg.event = event
    if notify:
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
def event_cancel(*, actor: Actor, event: Event) -> Event:
    """Staff cancel an event: it stays visible as cancelled, registration closes and every
    confirmed or waitlisted person is told by e-mail (the meeting link is not sent)."""
    _require_staff(actor)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("กิจกรรมนี้ถูกยกเลิกไปแล้ว"))
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    for pk in Registration.objects.filter(event=event).active().values_list("pk", flat=True):
        _notify_after_commit(pk, "event_cancelled")
    return event


@transaction.atomic
def event_fill_free_seats(*, actor: Actor, event: Event) -> list[Registration]:
    """Admit waitlisted people (oldest first) into any free seats, e.g. after the capacity grew."""
    _require_staff(actor)
    return _fill_free_seats(Event.objects.select_for_update().get(pk=event.pk))


@transaction.atomic
def registration_cancel(*, actor: Actor, registration: Registration) -> Registration:
    """The registrant (or staff) cancels. A freed confirmed seat goes to the first on the waitlist."""
    if not (permissions.is_staff_user(actor) or (registration.user_id and registration.user_id == actor.pk)):
        raise PermissionDenied(_("คุณยกเลิกการลงทะเบียนนี้ไม่ได้"))
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    reg = Registration.objects.select_for_update().get(pk=registration.pk)
    if reg.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("การลงทะเบียนนี้ถูกยกเลิกไปแล้ว"))
    if timezone.now() >= event.starts_at and not permissions.is_staff_user(actor):
        raise ValidationError(_("กิจกรรมเริ่มแล้ว ไม่สามารถยกเลิกได้"))
    was_confirmed = reg.status == RegistrationStatus.CONFIRMED
    reg.status = RegistrationStatus.CANCELLED
    reg.save(update_fields=["status", "updated_at"])
    if was_confirmed:
        _fill_free_seats(event)
    return reg


@transaction.atomic
def registration_mark_attendance(*, actor: Actor, registration: Registration, attended: bool) -> Registration:
    """Staff record who actually came (confirmed registrations only, once the event has started)."""
    _require_staff(actor, _("เฉพาะเจ้าหน้าที่เท่านั้นที่บันทึกการเข้าร่วมได้"))
    reg = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if reg.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("บันทึกการเข้าร่วมได้เฉพาะผู้ที่ได้รับการยืนยันแล้ว"))
    if timezone.now() < reg.event.starts_at:
        raise ValidationError(_("บันทึกการเข้าร่วมได้เมื่อกิจกรรมเริ่มแล้ว"))
    reg.attended = bool(attended)
    reg.attendance_marked_by = as_user(actor)
    reg.save(update_fields=["attended", "attendance_marked_by", "updated_at"])
    return reg


# What staff may correct on a registration (its place, status and attendance change only through
# the steps above, which keep the capacity and the waitlist right).
REGISTRATION_CONTACT_FIELDS = frozenset({"name", "email", "phone", "group"})


@transaction.atomic
def registration_update(*, actor: Actor, registration: Registration, **fields: Any) -> Registration:
    """Staff correct a registrant's name, contact or producer group."""
    _require_staff(actor)
    unknown = set(fields) - REGISTRATION_CONTACT_FIELDS
    if unknown:
        raise ValidationError(_("แก้ไขได้เฉพาะชื่อ ช่องทางติดต่อ และกลุ่ม (%(f)s)") % {"f": ", ".join(sorted(unknown))})
    reg = Registration.objects.select_for_update().get(pk=registration.pk)
    for name, value in fields.items():
        setattr(reg, name, value)
    if "phone" in fields and reg.user_id is None:
        reg.phone_key = phone_digits(reg.phone)
    reg.full_clean(validate_constraints=False)
    reg.save()
    return reg


@transaction.atomic
def registration_delete(*, actor: Actor, registration: Registration) -> None:
    """Staff remove a registration altogether; a freed confirmed seat goes to the first on the waitlist."""
    _require_staff(actor)
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    was_confirmed = Registration.objects.filter(pk=registration.pk, status=RegistrationStatus.CONFIRMED).exists()
    registration.delete()
    if was_confirmed:
        _fill_free_seats(event)
