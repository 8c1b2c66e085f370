"""Writes of the tourism app: every business rule lives here (HackSoft style).

Capacity rule: the people of every booking that is requested or confirmed hold
places in ProgramDateCapacity(program, date). Each change locks that row with
SELECT ... FOR UPDATE and the row carries CHECK (booked <= capacity), so two
requests racing for the last places cannot both succeed.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import permissions
from core.services import unique_slug
from core.thai_dates import format_date
from core.uploads import stripped_copy, thumbnail, validate_image_file

from . import signals
from .choices import HOLDING_STATUSES, BookingStatus, PublishStatus
from .models import (
    Activity,
    Booking,
    CommunityPhoto,
    MonthlyVisit,
    Program,
    ProgramDateCapacity,
    ProgramItem,
    TourismCommunity,
)
from .validators import normalise_thai_phone

logger = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: easy to read out on the phone
CODE_LENGTH = 8


# --- Communities and programs ---------------------------------------------------


@transaction.atomic
def community_photo_add(*, community: TourismCommunity, image, caption: str = "", order: int = 0,
                        is_demo: bool = False) -> CommunityPhoto:
    """Store a community photo: validated as a real image, re-encoded without EXIF/GPS, with a thumbnail."""
    validate_image_file(image)
    name = getattr(image, "name", "photo")
    photo = CommunityPhoto(community=community, caption=caption, order=order, is_demo=is_demo)
    photo.image.save(name, stripped_copy(image, name), save=False)
    photo.thumbnail.save(name, thumbnail(image, name), save=False)
    photo.full_clean()
    photo.save()
    return photo


def readiness_blockers(community: TourismCommunity) -> list[str]:
    """Thai reasons why the community is not ready to receive tourists (empty = ready)."""
    return community.readiness_missing()


def wisdom_consent_blockers(program: Program) -> list[str]:
    """Thai reasons from the wisdom registry: a program must not be published while an activity
    of it features a wisdom record whose knowledge holders' consent is pending or withdrawn."""
    from wisdom.models import WisdomRecord
    from wisdom.selectors import consent_blockers

    records = list(WisdomRecord.objects.filter(tourism_activities__program_items__program=program).distinct())
    return list(consent_blockers(records).values())


@transaction.atomic
def program_publish(*, program: Program, by=None) -> Program:
    """Publish a program. Rules: only when its community's readiness checklist is complete
    (safety briefing, contact person, prices agreed, toilets/parking noted, photos), and no wisdom
    record featured by its activities lacks its knowledge holders' consent."""
    if by is not None and not Program.objects.editable_by(by).filter(pk=program.pk).exists():
        raise PermissionDenied(_("คุณไม่มีสิทธิ์เผยแพร่โปรแกรมนี้"))
    community = TourismCommunity.objects.select_for_update().get(pk=program.community_id)
    missing = readiness_blockers(community)
    if missing:
        raise ValidationError(
            _("ยังเผยแพร่โปรแกรมไม่ได้ เพราะความพร้อมของชุมชนยังไม่ครบ: %(items)s") % {"items": ", ".join(missing)},
            code="community_not_ready")
    consent = wisdom_consent_blockers(program)
    if consent:
        raise ValidationError(
            _("ยังเผยแพร่โปรแกรมไม่ได้: %(items)s") % {"items": ", ".join(consent)}, code="wisdom_consent")
    program.status = PublishStatus.PUBLISHED
    program.full_clean()
    program.save(update_fields=["status", "updated_at"])
    return program


@transaction.atomic
def program_unpublish(*, program: Program) -> Program:
    program.status = PublishStatus.DRAFT
    program.save(update_fields=["status", "updated_at"])
    return program


# --- Bookings -------------------------------------------------------------------------


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        if not Booking.objects.filter(code=code).exists():
            return code


def _local_today() -> datetime.date:
    return timezone.localdate()


def _date_errors(program: Program, date: datetime.date | None, today: datetime.date) -> list[str]:
    if date is None:
        return [_("กรุณาระบุวันที่เดินทาง")]
    if date <= today:
        return [_("วันที่เดินทางต้องเป็นวันในอนาคต (ตั้งแต่พรุ่งนี้เป็นต้นไป)")]
    if not program.is_available_on(date):
        days = ", ".join(program.weekday_labels) or _("ทุกวัน")
        return [_("โปรแกรมนี้ไม่เปิดรับในวันที่เลือก (เปิดวัน: %(days)s%(season)s)") % {
            "days": days, "season": _season_text(program)}]
    return []


def _season_text(program: Program) -> str:
    if program.season_start and program.season_end:
        return _(" ช่วง %(start)s ถึง %(end)s") % {"start": format_date(program.season_start),
                                                 "end": format_date(program.season_end)}
    return ""


def _lock_slot(program: Program, date: datetime.date) -> ProgramDateCapacity:
    """The capacity row of program+date, created if missing, locked until the transaction ends.
    It follows the program's current daily capacity (never below the places already held)."""
    ProgramDateCapacity.objects.bulk_create(
        [ProgramDateCapacity(program=program, date=date, capacity=program.daily_capacity)], ignore_conflicts=True)
    slot = ProgramDateCapacity.objects.select_for_update().get(program=program, date=date)
    wanted = max(program.daily_capacity, slot.booked)
    if slot.capacity != wanted:
        slot.capacity = wanted
        slot.save(update_fields=["capacity"])
    return slot


def _reserve(program: Program, date: datetime.date, people: int, *, field: str = "date") -> None:
    slot = _lock_slot(program, date)
    if slot.booked + people > slot.capacity:
        remaining = max(slot.capacity - slot.booked, 0)
        if remaining:
            msg = _("วันที่เลือกเหลือที่ว่างเพียง %(n)s คน") % {"n": remaining}
        else:
            msg = _("วันที่เลือกเต็มแล้ว กรุณาเลือกวันอื่น")
        raise ValidationError({field: [msg]}, code="capacity_full")
    ProgramDateCapacity.objects.filter(pk=slot.pk).update(booked=F("booked") + people)


def _release(program_id: int, date: datetime.date, people: int) -> None:
    slot = ProgramDateCapacity.objects.select_for_update().filter(program_id=program_id, date=date).first()
    if slot is not None:
        ProgramDateCapacity.objects.filter(pk=slot.pk).update(booked=F("booked") - min(people, slot.booked))


@transaction.atomic
def booking_create(*, program: Program, date: datetime.date | None, people: int | None, name: str,
                   phone: str = "", line_id: str = "", email: str = "", notes: str = "",
                   today: datetime.date | None = None, is_demo: bool = False) -> Booking:
    """A tourist's booking request. Rules: the program is published; the date is in the future,
    on an available weekday and inside the season; min <= people <= max group size; at least one
    contact (phone in a Thai format, LINE id or e-mail); the date's capacity is not exceeded
    (locked row + CHECK constraint). The tourist is e-mailed the reference code."""
    today = today or _local_today()
    program = Program.objects.select_related("community").get(pk=program.pk)
    errors: dict[str, list[str]] = {}
    if program.status != PublishStatus.PUBLISHED or program.community.status != PublishStatus.PUBLISHED:
        raise ValidationError(_("โปรแกรมนี้ยังไม่เปิดรับจอง"), code="not_published")
    if date_errors := _date_errors(program, date, today):
        errors["date"] = date_errors
    if people is None or people < program.min_group_size or people > program.max_group_size:
        errors["people"] = [_("จำนวนผู้เดินทางต้องอยู่ระหว่าง %(min)s ถึง %(max)s คน") % {
            "min": program.min_group_size, "max": program.max_group_size}]
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("กรุณาระบุชื่อผู้จอง")]
    phone, line_id, email = (phone or "").strip(), (line_id or "").strip(), (email or "").strip()
    if phone:
        try:
            phone = normalise_thai_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("อีเมลไม่ถูกต้อง")]
    if not (phone or line_id or email):
        errors.setdefault("phone", []).append(
            _("กรุณาระบุช่องทางติดต่ออย่างน้อยหนึ่งช่องทาง (โทรศัพท์ LINE ID หรืออีเมล)"))
    if errors:
        raise ValidationError(errors)

    _reserve(program, date, people)
    booking = Booking(program=program, code=_new_code(), date=date, people=people, name=name, phone=phone,
                      line_id=line_id, email=email, notes=notes.strip(), is_demo=is_demo,
                      total_price=program.price_for(people))
    booking.full_clean()
    booking.save()
    _notify(booking, "created")
    _notify_coordinators(booking)
    return booking


def _locked_booking_for(booking: Booking, by) -> Booking:
    if not Booking.objects.editable_by(by).filter(pk=booking.pk).exists():
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของชุมชนและเจ้าหน้าที่เท่านั้น"))
    # Lock only the booking row (FOR UPDATE OF): locking the joined program row too would make new
    # requests for that program (whose INSERT takes a key-share lock on it) deadlock with us.
    return Booking.objects.select_for_update(of=("self",)).select_related("program__community").get(pk=booking.pk)


def _decided(booking: Booking, by, note: str) -> None:
    booking.decided_by = by if permissions.is_member(by) else None
    booking.decided_at = timezone.now()
    booking.response_note = (note or "").strip()


@transaction.atomic
def booking_confirm(*, booking: Booking, by, note: str = "") -> Booking:
    """A coordinator of the community (or staff) confirms a requested booking; the tourist is e-mailed."""
    booking = _locked_booking_for(booking, by)
    if booking.status != BookingStatus.REQUESTED:
        raise ValidationError(_("ยืนยันได้เฉพาะคำขอที่รอชุมชนยืนยัน"), code="invalid_status")
    booking.status = BookingStatus.CONFIRMED
    _decided(booking, by, note)
    booking.save(update_fields=["status", "decided_by", "decided_at", "response_note", "updated_at"])
    _notify(booking, "confirmed")
    return booking


@transaction.atomic
def booking_decline(*, booking: Booking, by, reason: str) -> Booking:
    """Decline a requested or confirmed booking (a reason is required); its places are released."""
    booking = _locked_booking_for(booking, by)
    if booking.status not in HOLDING_STATUSES:
        raise ValidationError(_("การจองนี้ถูกปฏิเสธไปแล้ว"), code="invalid_status")
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("กรุณาระบุเหตุผลที่ปฏิเสธ เพื่อแจ้งนักท่องเที่ยว")]})
    _release(booking.program_id, booking.date, booking.people)
    booking.status = BookingStatus.DECLINED
    _decided(booking, by, reason)
    booking.save(update_fields=["status", "decided_by", "decided_at", "response_note", "updated_at"])
    _notify(booking, "declined")
    return booking


@transaction.atomic
def booking_reschedule(*, booking: Booking, by, new_date: datetime.date, note: str = "",
                       today: datetime.date | None = None) -> Booking:
    """Move a requested or confirmed booking to another date: the new date must be in the future and
    available, and its capacity is checked again (both dates' rows are locked, earliest first)."""
    booking = _locked_booking_for(booking, by)
    today = today or _local_today()
    if booking.status not in HOLDING_STATUSES:
        raise ValidationError(_("เลื่อนวันได้เฉพาะการจองที่ยังไม่ถูกปฏิเสธ"), code="invalid_status")
    if new_date == booking.date:
        raise ValidationError({"new_date": [_("วันที่ใหม่ต้องไม่ใช่วันเดิม")]})
    if date_errors := _date_errors(booking.program, new_date, today):
        raise ValidationError({"new_date": date_errors})
    old_date = booking.date
    for day in sorted([old_date, new_date]):  # one lock order for everyone: no deadlocks
        _lock_slot(booking.program, day)
    _reserve(booking.program, new_date, booking.people, field="new_date")
    _release(booking.program_id, old_date, booking.people)
    booking.date = new_date
    _decided(booking, by, note)
    booking.save(update_fields=["date", "decided_by", "decided_at", "response_note", "updated_at"])
    _notify(booking, "rescheduled", old_date=old_date)
    return booking


SUBJECTS = {
    "created": gettext_lazy("ได้รับคำขอจองแล้ว รหัส %(code)s"),
    "confirmed": gettext_lazy("ชุมชนยืนยันการจองแล้ว รหัส %(code)s"),
    "declined": gettext_lazy("ชุมชนไม่สามารถรับการจองได้ รหัส %(code)s"),
    "rescheduled": gettext_lazy("มีการเลื่อนวันเดินทาง รหัส %(code)s"),
}


def _notify(booking: Booking, kind: str, **extra) -> None:
    """E-mail the tourist (when an address was given) after the transaction commits."""
    if not booking.email:
        return
    from django.conf import settings

    context = {"booking": booking, "kind": kind, "program": booking.program,
               "community": booking.program.community, "site_url": settings.SITE_URL, **extra}
    subject = str(SUBJECTS[kind]) % {"code": booking.code}
    body = render_to_string("tourism/email/booking_update.txt", context)
    recipient = booking.email

    def send():
        try:
            send_mail(subject, body, None, [recipient])
        except Exception:  # a mail server outage must not undo a booking
            logger.exception("could not e-mail booking %s", booking.code)

    transaction.on_commit(send)


def _notify_coordinators(booking: Booking) -> None:
    """Tell the community (its contact e-mail and its coordinators' accounts) about a new request."""
    from django.conf import settings

    community = booking.program.community
    recipients = sorted({e for e in [community.contact_email,
                                     *community.coordinators.exclude(email="").values_list("email", flat=True)] if e})
    if not recipients:
        return
    subject = _("คำขอจองใหม่ %(code)s: %(program)s") % {"code": booking.code, "program": booking.program.title_th}
    body = render_to_string("tourism/email/new_request.txt", {
        "booking": booking, "program": booking.program, "community": community, "site_url": settings.SITE_URL})

    def send():
        try:
            send_mail(subject, body, None, recipients)
        except Exception:
            logger.exception("could not e-mail the coordinators of booking %s", booking.code)

    transaction.on_commit(send)


# --- Monthly visits ----------------------------------------------------------------------


@transaction.atomic
def visit_record_upsert(*, community: TourismCommunity, month: datetime.date, visitors_thai: int,
                        visitors_foreign: int, income: Decimal, note: str = "", recorded_by=None,
                        is_demo: bool = False) -> MonthlyVisit:
    """Record (or correct) a community's visitors and tourism income for one month.
    Rule: one row per community and month (unique), counts and income >= 0; `month` may be any
    day of the month (stored as its first day). Only its coordinators and staff may record."""
    if recorded_by is not None and not TourismCommunity.objects.editable_by(recorded_by) \
            .filter(pk=community.pk).exists():
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของชุมชนและเจ้าหน้าที่เท่านั้น"))
    first = month.replace(day=1)
    errors = {}
    for field, value in (("visitors_thai", visitors_thai), ("visitors_foreign", visitors_foreign),
                         ("income", income)):
        if value is None or value < 0:
            errors[field] = [_("ต้องไม่ติดลบ")]
    if first > _local_today().replace(day=1):
        errors["month"] = [_("บันทึกได้เฉพาะเดือนปัจจุบันหรือเดือนที่ผ่านมา")]
    if errors:
        raise ValidationError(errors)
    visit = MonthlyVisit.objects.select_for_update().filter(community=community, month=first).first()
    if visit is None:
        visit = MonthlyVisit(community=community, month=first, is_demo=is_demo)
    visit.visitors_thai = visitors_thai
    visit.visitors_foreign = visitors_foreign
    visit.income = income
    visit.note = note
    visit.recorded_by = recorded_by if permissions.is_member(recorded_by) else None
    visit.full_clean(validate_unique=False)
    visit.save()
    signals.visit_recorded.send(sender=MonthlyVisit, visit=visit)
    return visit


def community_slug(text: str) -> str:
    return unique_slug(TourismCommunity, text)


# --- Coordinators manage their community -----------------------------------------------------


def _require_editable(model, obj, by) -> None:
    if by is not None and not model.objects.editable_by(by).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("เฉพาะผู้ประสานงานของชุมชนและเจ้าหน้าที่เท่านั้น"))


@transaction.atomic
def community_update(*, community: TourismCommunity, by=None, **fields) -> TourismCommunity:
    """Coordinators keep their community's story, contacts, facilities and readiness checklist up to date."""
    _require_editable(TourismCommunity, community, by)
    for name, value in fields.items():
        setattr(community, name, value)
    community.full_clean()
    community.save()
    return community


@transaction.atomic
def community_photo_delete(*, photo: CommunityPhoto, by=None) -> None:
    _require_editable(CommunityPhoto, photo, by)
    photo.image.delete(save=False)
    photo.thumbnail.delete(save=False)
    photo.delete()


@transaction.atomic
def activity_save(*, community: TourismCommunity, by=None, activity: Activity | None = None, products=None,
                  wisdom_records=None, **fields) -> Activity:
    """Create or change an activity of the community (slug made from the title on creation)."""
    _require_editable(TourismCommunity, community, by)
    if activity is None:
        activity = Activity(community=community)
        activity.slug = unique_slug(Activity, fields.get("title_en") or fields.get("title_th", ""))
    elif activity.community_id != community.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    activity.save()
    if products is not None:
        activity.products.set(products)
    if wisdom_records is not None:
        activity.wisdom_records.set(wisdom_records)
    return activity


@transaction.atomic
def program_save(*, community: TourismCommunity, by=None, program: Program | None = None,
                 items: list[dict] | None = None, **fields) -> Program:
    """Create or change a program and (optionally) replace its itinerary.

    A new program starts as a draft; publishing goes through program_publish (readiness rule).
    Every activity of the itinerary must belong to the program's community."""
    _require_editable(TourismCommunity, community, by)
    if program is None:
        program = Program(community=community, status=PublishStatus.DRAFT)
        program.slug = unique_slug(Program, fields.get("title_en") or fields.get("title_th", ""))
    elif program.community_id != community.pk:
        raise PermissionDenied
    fields.pop("status", None)
    for name, value in fields.items():
        setattr(program, name, value)
    program.full_clean()
    program.save()
    if items is not None:
        errors = [_("กิจกรรม “%(a)s” ไม่ใช่กิจกรรมของชุมชนนี้") % {"a": item["activity"]}
                  for item in items if item["activity"].community_id != community.pk]
        if errors:
            raise ValidationError(errors)
        program.items.all().delete()
        for order, item in enumerate(sorted(items, key=lambda i: (i.get("day", 1), i["start_time"])), start=1):
            row = ProgramItem(program=program, order=order, **{k: v for k, v in item.items() if k != "order"})
            row.full_clean()
            row.save()
    return program
