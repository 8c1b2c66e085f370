"""Writes of the OCTO API and of the resellers it serves (the capacity rule is tourism.services').

Every OCTO booking is a tourism Booking of the reseller: a reserve takes places in the same
ProgramDateCapacity row as the portal's own requests (locked, CHECK booked <= capacity), so the two
channels can never overbook each other. ON_HOLD → (confirm) REQUESTED, which OCTO reads as PENDING
until the community confirms or declines it in the coordinators' queue. An ON_HOLD booking whose
hold has run out is expired exactly once (its row is locked and its status re-read before the places
are released) by the beat task and lazily whenever the reseller reads or acts on it.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import uuid as uuid_module
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.actors import SYSTEM, as_user
from core.outbox import email_queue
from core.permissions import Actor

from .. import services as tourism_services
from ..choices import ACTIVE_STATUSES, BookingStatus
from ..models import Booking, Program, Reseller, ResellerKey
from ..validators import normalise_thai_phone
from . import selectors as sel
from .errors import (
    BAD_REQUEST,
    INVALID_AVAILABILITY_ID,
    INVALID_BOOKING_UUID,
    INVALID_UNIT_ID,
    UNPROCESSABLE_ENTITY,
    OctoError,
)

KEY_PREFIX = "octo_"
DEFAULT_HOLD_MINUTES = 30
MAX_HOLD_MINUTES = 24 * 60
_INTERNATIONAL_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,18}$")


def _require_staff(actor: Actor) -> None:
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น"))


def _require_reseller(actor: Actor, reseller: Reseller) -> None:
    """The reseller itself (its key authenticated the request) or SYSTEM (demo, tasks) acts on its bookings."""
    if actor is not SYSTEM and not (isinstance(actor, Reseller) and actor.pk == reseller.pk):
        raise PermissionDenied(_("เฉพาะตัวแทนจำหน่ายเจ้าของการจองเท่านั้น"))


# --- Resellers and their keys (staff) ---------------------------------------------------------


@transaction.atomic
def reseller_create(
    *, actor: Actor, name: str, programs: Iterable[Program] = (), is_demo: bool = False, **fields: Any
) -> Reseller:
    """Staff register a reseller (a travel seller that books through /octo/) and open programs to it."""
    _require_staff(actor)
    reseller = Reseller(name=(name or "").strip(), is_demo=is_demo, **fields)
    reseller.full_clean()
    reseller.save()
    reseller.programs.set(programs)
    return reseller


@transaction.atomic
def reseller_update(
    *, actor: Actor, reseller: Reseller, programs: Iterable[Program] | None = None, **fields: Any
) -> Reseller:
    """Staff change a reseller's details, switch it on or off (`active`: off, none of its keys works)
    or change the programs opened to it (its bookings of a closed program stay as they are)."""
    _require_staff(actor)
    for name, value in fields.items():
        setattr(reseller, name, value)
    reseller.full_clean()
    reseller.save()
    if programs is not None:
        reseller.programs.set(programs)
    return reseller


@transaction.atomic
def reseller_delete(*, actor: Actor, reseller: Reseller) -> None:
    """Staff delete a reseller that never booked (its bookings protect it: switch it off instead)."""
    _require_staff(actor)
    tourism_services._delete_or_refuse(reseller, _("ลบตัวแทนจำหน่ายที่มีการจองแล้วไม่ได้ ให้ปิดการใช้งานแทน"))


def key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def reseller_key_create(*, actor: Actor, reseller: Reseller, label: str = "") -> tuple[ResellerKey, str]:
    """Staff give a reseller a new API key. Returns the key row and the key itself, which is shown
    this once: only its SHA-256 is stored."""
    _require_staff(actor)
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ResellerKey(
        reseller=reseller,
        label=(label or "").strip(),
        prefix=raw[:12],
        key_hash=key_hash(raw),
        created_by=as_user(actor) if permissions.is_member(actor) else None,
    )
    key.full_clean()
    key.save()
    return key, raw


@transaction.atomic
def reseller_key_revoke(*, actor: Actor, key: ResellerKey) -> ResellerKey:
    """Staff revoke a key: from now on it is refused (FORBIDDEN). Revoking twice changes nothing."""
    _require_staff(actor)
    key = ResellerKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.revoked_by = as_user(actor) if permissions.is_member(actor) else None
        key.save(update_fields=["revoked_at", "revoked_by"])
    return key


def reseller_authenticate(*, actor: Actor, raw_key: str) -> Reseller | None:
    """The active reseller whose unrevoked key this is, or None. Notes when the key was last used
    (at most once a minute, so a busy reseller does not write on every request)."""
    if not raw_key or not raw_key.startswith(KEY_PREFIX) or len(raw_key) > 200:
        return None
    key = (
        ResellerKey.objects.select_related("reseller")
        .filter(key_hash=key_hash(raw_key), revoked_at__isnull=True, reseller__active=True)
        .first()
    )
    if key is None:
        return None
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > datetime.timedelta(minutes=1):
        ResellerKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key.reseller


# --- Expiry ---------------------------------------------------------------------------------


@transaction.atomic
def _expire_one(pk: int, now: datetime.datetime) -> bool:
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .filter(pk=pk, status=BookingStatus.ON_HOLD, hold_expires_at__lte=now)
        .first()
    )
    if booking is None:  # confirmed, cancelled, extended or expired by someone else meanwhile
        return False
    tourism_services._release(booking.program_id, booking.date, booking.people)
    booking.status = BookingStatus.EXPIRED
    booking.save(update_fields=["status", "updated_at"])
    return True


def holds_expire(
    *,
    actor: Actor,
    now: datetime.datetime | None = None,
    program: Program | None = None,
    reseller: Reseller | None = None,
    booking: Booking | None = None,
) -> int:
    """Expire the ON_HOLD bookings whose hold has run out (all, or of one program, reseller or
    booking) and release their places; each exactly once, in its own transaction. Returns how many."""
    if actor is not SYSTEM and not isinstance(actor, Reseller):
        _require_staff(actor)
    now = now or timezone.now()
    due = sel.holds_due(now=now, program=program, reseller=reseller)
    if booking is not None:
        due = due.filter(pk=booking.pk)
    return sum(_expire_one(pk, now) for pk in due.values_list("pk", flat=True))


# --- Reserve ---------------------------------------------------------------------------------------


def _check_units(program: Program, unit_items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    items = []
    for item in unit_items:
        unit_id = item.get("unitId")
        if unit_id not in sel.UNIT_IDS:
            raise OctoError(INVALID_UNIT_ID, unitId=unit_id)
        items.append(
            {
                "uuid": str(item.get("uuid") or uuid_module.uuid4()),
                "unitId": unit_id,
                "resellerReference": item.get("resellerReference") or None,
            }
        )
    people = len(items)
    if not program.min_group_size <= people <= program.max_group_size:
        raise OctoError(
            UNPROCESSABLE_ENTITY,
            _("จำนวนผู้เดินทางต้องอยู่ระหว่าง %(min)s ถึง %(max)s คน")
            % {"min": program.min_group_size, "max": program.max_group_size},
        )
    counts = Counter(item["unitId"] for item in items)
    if counts[sel.CHILD] and not counts[sel.ADULT]:
        raise OctoError(UNPROCESSABLE_ENTITY, _("เด็กต้องเดินทางพร้อมผู้ใหญ่อย่างน้อยหนึ่งคน"))
    return items


def octo_reserve(
    *,
    actor: Actor,
    reseller: Reseller,
    program: Program,
    uuid: uuid_module.UUID,
    availability_id: str,
    unit_items: list[dict[str, Any]],
    expiration_minutes: int = DEFAULT_HOLD_MINUTES,
    reseller_reference: str = "",
    notes: str = "",
    now: datetime.datetime | None = None,
    is_demo: bool = False,
) -> Booking:
    """Reserve (OCTO "Booking Reservation"): hold places for `expiration_minutes` as an ON_HOLD booking.
    Idempotent by (reseller, uuid): a retry returns the booking already made, even when it raced the
    first call. Refusals: INVALID_AVAILABILITY_ID (not one of the program's availabilities, not open
    or past the cut-off), INVALID_UNIT_ID, UNPROCESSABLE_ENTITY (group size, a child without an adult,
    not enough places left — the capacity row decides, for both channels)."""
    _require_reseller(actor, reseller)
    existing = Booking.objects.filter(reseller=reseller, uuid=uuid).first()
    if existing is not None:
        return existing
    try:
        return _reserve_new(
            reseller=reseller,
            program=program,
            uuid=uuid,
            availability_id=availability_id,
            unit_items=unit_items,
            expiration_minutes=expiration_minutes,
            reseller_reference=reseller_reference,
            notes=notes,
            now=now or timezone.now(),
            is_demo=is_demo,
        )
    except IntegrityError:
        existing = Booking.objects.filter(reseller=reseller, uuid=uuid).first()
        if existing is None:
            raise
        return existing


@transaction.atomic
def _reserve_new(
    *,
    reseller: Reseller,
    program: Program,
    uuid: uuid_module.UUID,
    availability_id: str,
    unit_items: list[dict[str, Any]],
    expiration_minutes: int,
    reseller_reference: str,
    notes: str,
    now: datetime.datetime,
    is_demo: bool,
) -> Booking:
    if not 1 <= expiration_minutes <= MAX_HOLD_MINUTES:
        raise OctoError(
            BAD_REQUEST, _("expirationMinutes ต้องอยู่ระหว่าง 1 ถึง %(max)s นาที") % {"max": MAX_HOLD_MINUTES}
        )
    day = sel.parse_availability_id(program, availability_id)
    if day is None or day <= timezone.localdate(now) or not program.is_available_on(day):
        raise OctoError(INVALID_AVAILABILITY_ID, availabilityId=availability_id)
    items = _check_units(program, unit_items)
    people = len(items)
    try:
        tourism_services._reserve(program, day, people)
    except ValidationError as exc:
        raise OctoError(UNPROCESSABLE_ENTITY, " ".join(exc.messages), availabilityId=availability_id) from exc
    booking = Booking(
        program=program,
        code=tourism_services._new_code(),
        date=day,
        people=people,
        name=reseller.name,
        status=BookingStatus.ON_HOLD,
        reseller=reseller,
        uuid=uuid,
        reseller_reference=(reseller_reference or "").strip()[:100],
        notes=(notes or "").strip(),
        hold_expires_at=now + datetime.timedelta(minutes=expiration_minutes),
        unit_items=items,
        total_price=program.price_for(people),
        is_demo=is_demo,
    )
    booking.full_clean(validate_constraints=False)  # the unique (reseller, uuid) is the database's to decide
    booking.save()
    return booking


# --- Confirm, extend, cancel -------------------------------------------------------------------


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update(of=("self",))
        .select_related("program__community")
        .get(pk=booking.pk)
    )


def _hold_ran_out(booking: Booking, now: datetime.datetime) -> bool:
    return booking.status == BookingStatus.ON_HOLD and (
        booking.hold_expires_at is None or booking.hold_expires_at <= now
    )


def _expired_error() -> OctoError:
    return OctoError(INVALID_BOOKING_UUID, _("การกันที่ของการจองนี้หมดเวลาแล้ว กรุณาจองใหม่"))


def _contact(contact: dict[str, Any]) -> dict[str, Any]:
    full = (contact.get("fullName") or "").strip() or " ".join(
        p for p in [(contact.get("firstName") or "").strip(), (contact.get("lastName") or "").strip()] if p
    )
    email = (contact.get("emailAddress") or "").strip()
    phone = (contact.get("phoneNumber") or "").strip()
    missing = [name for name, value in (("fullName", full), ("emailAddress", email)) if not value]
    if missing:
        raise OctoError(BAD_REQUEST, _("กรุณาระบุข้อมูลผู้ติดต่อ: %(fields)s") % {"fields": ", ".join(missing)})
    try:
        validate_email(email)
    except ValidationError as exc:
        raise OctoError(BAD_REQUEST, _("อีเมลผู้ติดต่อไม่ถูกต้อง")) from exc
    if phone:
        try:
            phone = normalise_thai_phone(phone)
        except ValidationError:
            if not _INTERNATIONAL_PHONE.match(phone):
                raise OctoError(BAD_REQUEST, _("เบอร์โทรศัพท์ผู้ติดต่อไม่ถูกต้อง")) from None
            phone = re.sub(r"[ ()\-]", "", phone)[:20]
    locales = [str(x)[:35] for x in (contact.get("locales") or [])][:5]
    return {
        "name": full[:200],
        "email": email,
        "phone": phone,
        "contact_locales": locales,
        "notes": (contact.get("notes") or "").strip(),
    }


def octo_confirm(
    *,
    actor: Actor,
    reseller: Reseller,
    booking: Booking,
    contact: dict[str, Any],
    reseller_reference: str | None = None,
    notes: str | None = None,
    unit_items: list[dict[str, Any]] | None = None,
    now: datetime.datetime | None = None,
) -> Booking:
    """Confirm (OCTO "Booking Confirmation"): an ON_HOLD booking whose hold has not run out gets its
    traveller's contact (full name and e-mail required) and becomes REQUESTED — PENDING for OCTO —
    in the community's queue (the coordinators are e-mailed). A repeated confirm returns the booking
    unchanged; an expired hold is INVALID_BOOKING_UUID; a cancelled or rejected one UNPROCESSABLE_ENTITY."""
    _require_reseller(actor, reseller)
    now = now or timezone.now()
    holds_expire(actor=actor, now=now, booking=booking)
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status in ACTIVE_STATUSES:
            return booking
        if booking.status == BookingStatus.EXPIRED or (_hold_ran_out(booking, now)):
            raise _expired_error()
        if booking.status != BookingStatus.ON_HOLD:
            raise OctoError(UNPROCESSABLE_ENTITY, _("ยืนยันการจองที่ยกเลิกหรือถูกปฏิเสธแล้วไม่ได้"))
        if unit_items is not None and Counter(i.get("unitId") for i in unit_items) != Counter(
            i["unitId"] for i in booking.unit_items
        ):
            raise OctoError(UNPROCESSABLE_ENTITY, _("เปลี่ยนจำนวนผู้เดินทางตอนยืนยันไม่ได้ กรุณายกเลิกแล้วจองใหม่"))
        data = _contact(contact)
        contact_notes = data.pop("notes")
        for name, value in data.items():
            setattr(booking, name, value)
        if reseller_reference is not None and reseller_reference.strip():
            booking.reseller_reference = reseller_reference.strip()[:100]
        booking.notes = "\n".join(x for x in [booking.notes, (notes or "").strip(), contact_notes] if x)
        booking.status = BookingStatus.REQUESTED
        booking.confirmed_by_reseller_at = now
        booking.full_clean(validate_constraints=False)
        booking.save()
        tourism_services._notify_coordinators(booking)
        return booking


def octo_extend(
    *,
    actor: Actor,
    reseller: Reseller,
    booking: Booking,
    expiration_minutes: int = DEFAULT_HOLD_MINUTES,
    now: datetime.datetime | None = None,
) -> Booking:
    """Extend (OCTO "Extend Reservation"): an ON_HOLD booking's hold runs `expiration_minutes` from now.
    An expired hold is INVALID_BOOKING_UUID; a booking no longer on hold UNPROCESSABLE_ENTITY."""
    _require_reseller(actor, reseller)
    now = now or timezone.now()
    if not 1 <= expiration_minutes <= MAX_HOLD_MINUTES:
        raise OctoError(
            BAD_REQUEST, _("expirationMinutes ต้องอยู่ระหว่าง 1 ถึง %(max)s นาที") % {"max": MAX_HOLD_MINUTES}
        )
    holds_expire(actor=actor, now=now, booking=booking)
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status == BookingStatus.EXPIRED or (_hold_ran_out(booking, now)):
            raise _expired_error()
        if booking.status != BookingStatus.ON_HOLD:
            raise OctoError(UNPROCESSABLE_ENTITY, _("ขยายเวลาได้เฉพาะการจองที่กันที่ไว้"))
        booking.hold_expires_at = now + datetime.timedelta(minutes=expiration_minutes)
        booking.save(update_fields=["hold_expires_at", "updated_at"])
        return booking


def octo_cancel(
    *,
    actor: Actor,
    reseller: Reseller,
    booking: Booking,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Booking:
    """Cancel (OCTO "Booking Cancellation"): an ON_HOLD booking any time, a PENDING or CONFIRMED one
    until CANCELLATION_CUTOFF_HOURS before it starts; its places are released and, for a booking the
    community already had, the coordinators are e-mailed. Cancelling twice returns the booking;
    after the cut-off, or an expired or rejected booking, is UNPROCESSABLE_ENTITY."""
    _require_reseller(actor, reseller)
    now = now or timezone.now()
    holds_expire(actor=actor, now=now, booking=booking)
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status == BookingStatus.CANCELLED:
            return booking
        if booking.status not in (BookingStatus.ON_HOLD, *ACTIVE_STATUSES):
            raise OctoError(UNPROCESSABLE_ENTITY, _("ยกเลิกการจองที่หมดเวลาหรือถูกปฏิเสธแล้วไม่ได้"))
        was_requested = booking.status in ACTIVE_STATUSES
        if was_requested and now > sel.cancellation_deadline(booking.program, booking.date):
            raise OctoError(
                UNPROCESSABLE_ENTITY,
                _("เลยกำหนดยกเลิกแล้ว (ยกเลิกได้ไม่น้อยกว่า %(h)s ชั่วโมงก่อนเริ่มโปรแกรม)")
                % {"h": sel.CANCELLATION_CUTOFF_HOURS},
            )
        tourism_services._release(booking.program_id, booking.date, booking.people)
        booking.status = BookingStatus.CANCELLED
        booking.decided_by = None
        booking.decided_at = now
        booking.response_note = (reason or "").strip()[:1000]
        booking.save(update_fields=["status", "decided_by", "decided_at", "response_note", "updated_at"])
        if was_requested:
            _notify_cancelled(booking)
        return booking


def _notify_cancelled(booking: Booking) -> None:
    community = booking.program.community
    recipients = sorted(
        {
            e
            for e in [
                community.contact_email,
                *community.coordinators.exclude(email="").values_list("email", flat=True),
            ]
            if e
        }
    )
    if not recipients:
        return
    subject = _("ตัวแทนจำหน่ายยกเลิกการจอง %(code)s: %(program)s") % {
        "code": booking.code,
        "program": booking.program.title_th,
    }
    body = render_to_string(
        "tourism/email/reseller_cancelled.txt",
        {
            "booking": booking,
            "program": booking.program,
            "community": community,
            "site_url": settings.SITE_URL,
        },
    )
    email_queue(
        actor=SYSTEM,
        key=f"booking:{booking.pk}:reseller-cancelled",
        to=recipients,
        subject=subject,
        body=body,
    )
