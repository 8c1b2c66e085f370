"""Writes of the tourism app: every business rule lives here (HackSoft style).

Every service takes a required keyword ``actor``: the user at the page, the API client or the
admin, or ``core.actors.SYSTEM`` (demo loader, tasks, signal handlers). Pages, the API and the
admin call these functions alike; nothing else writes tourism rows.

Capacity rule: the people of every booking that is requested or confirmed hold
places in ProgramDateCapacity(program, date). Each change locks that row with
SELECT ... FOR UPDATE and the row carries CHECK (booked <= capacity), so two
requests racing for the last places cannot both succeed.
"""

from __future__ import annotations

import datetime
import logging
import secrets
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Model, ProtectedError
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import permissions
from core.actors import SYSTEM, as_user
from core.choices import NotificationChannel, NotificationEvent
from core.notifications import notify
from core.outbox import email_queue
from core.permissions import Actor
from core.photos import delete_photo, next_position, store_photo
from core.services import unique_slug
from core.thai_dates import format_date
from wisdom.choices import ConsentScope
from wisdom.selectors import consent_blockers

from . import signals
from .choices import ACTIVE_STATUSES, BookingStatus, PublishStatus
from .models import (
    Activity,
    Booking,
    CommunityPhoto,
    Fair,
    MonthlyVisit,
    Program,
    ProgramDateCapacity,
    ProgramItem,
    TourismCommunity,
)
from .selectors import booking_status_link
from .validators import normalise_thai_phone

logger = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no I, O, 0, 1: easy to read out on the phone
CODE_LENGTH = 8

NOT_COORDINATOR = gettext_lazy("เฉพาะผู้ประสานงานของชุมชนและเจ้าหน้าที่เท่านั้น")


# --- Shared helpers -------------------------------------------------------------


def _require_staff(actor: Actor) -> None:
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น"))


def _require_editable(model: type[Model], obj: Model, actor: Actor) -> None:
    """Coordinators of the community and staff (SYSTEM included) change a community's rows."""
    if not model._default_manager.editable_by(actor).filter(pk=obj.pk).exists():  # type: ignore[attr-defined]
        raise PermissionDenied(str(NOT_COORDINATOR))


def _user(actor: Actor) -> Any:
    """The account to store in a `…_by` field: None for SYSTEM (and for a visitor without one)."""
    return as_user(actor) if permissions.is_member(actor) else None


def _apply(obj: Model, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)


def _delete_or_refuse(obj: Model, reason: str) -> None:
    """Delete `obj`, or raise a Thai ValidationError when rows that must be kept protect it."""
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as exc:
        raise ValidationError(reason, code="protected") from exc


# --- Communities ---------------------------------------------------------------------

# Only staff name a community's place, its slug, its coordinators and its producer groups.
COMMUNITY_STAFF_FIELDS = frozenset({"name_th", "slug", "subdistrict", "coordinators", "producer_groups",
                                    "wisdom_records"})


def community_slug(text: str) -> str:
    return unique_slug(TourismCommunity, text)


@transaction.atomic
def community_create(*, actor: Actor, name_th: str, subdistrict: Any, slug: str = "",
                     producer_groups: Iterable[Any] = (), wisdom_records: Iterable[Any] = (),
                     coordinators: Iterable[Any] = (), is_demo: bool = False,
                     **fields: Any) -> TourismCommunity:
    """Staff register a tourism community. It starts as a draft (community_publish puts it online);
    the slug is romanised from the English or Thai name unless one is given."""
    _require_staff(actor)
    fields.pop("status", None)
    community = TourismCommunity(name_th=name_th, subdistrict=subdistrict, status=PublishStatus.DRAFT,
                                 is_demo=is_demo, **fields)
    community.slug = slug or community_slug(fields.get("name_en") or name_th)
    community.full_clean()
    community.save()
    community.producer_groups.set(producer_groups)
    community.wisdom_records.set(wisdom_records)
    community.coordinators.set(coordinators)
    return community


@transaction.atomic
def community_update(*, actor: Actor, community: TourismCommunity, **fields: Any) -> TourismCommunity:
    """Coordinators keep their community's story, contacts, facilities and readiness checklist up
    to date; staff also its name, place, slug, coordinators, producer groups and wisdom. The status
    changes only through community_publish / community_unpublish."""
    _require_editable(TourismCommunity, community, actor)
    if COMMUNITY_STAFF_FIELDS & fields.keys():
        _require_staff(actor)
    fields.pop("status", None)
    relations = {name: fields.pop(name) for name in ("producer_groups", "wisdom_records", "coordinators")
                 if name in fields}
    _apply(community, fields)
    community.full_clean()
    community.save()
    for name, values in relations.items():
        getattr(community, name).set(values)
    return community


def _set_status(actor: Actor, obj: Any, status: str) -> Any:
    """Staff publish or unpublish a community or a fair (the row locked while it changes)."""
    _require_staff(actor)
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    obj.status = status
    obj.save(update_fields=["status", "updated_at"])
    return obj


@transaction.atomic
def community_publish(*, actor: Actor, community: TourismCommunity) -> TourismCommunity:
    """Staff put a community online (its published programs become visible with it)."""
    return _set_status(actor, community, PublishStatus.PUBLISHED)


@transaction.atomic
def community_unpublish(*, actor: Actor, community: TourismCommunity) -> TourismCommunity:
    """Staff take a community offline: it and all its programs disappear from the public pages."""
    return _set_status(actor, community, PublishStatus.DRAFT)


@transaction.atomic
def community_delete(*, actor: Actor, community: TourismCommunity) -> None:
    """Staff delete a community that nothing depends on (its programs, visits and income records
    protect it); its photos go with it, files included."""
    _require_staff(actor)
    photos = list(community.photos.all())
    _delete_or_refuse(community, _("ลบชุมชนไม่ได้ เพราะยังมีโปรแกรม สถิตินักท่องเที่ยว หรือข้อมูลรายได้ของชุมชนนี้อยู่"))
    for photo in photos:
        photo.delete_files()


# --- Community photos -----------------------------------------------------------------


@transaction.atomic
def community_photo_add(*, actor: Actor, community: TourismCommunity, image: Any, caption: str = "",
                        position: int | None = None, is_demo: bool = False) -> CommunityPhoto:
    """Store a community photo through the one photo pipeline (core.photos.store_photo: validated as
    a real image, re-encoded without EXIF/GPS, with a thumbnail); by default after the last one."""
    _require_editable(TourismCommunity, community, actor)
    if position is None:
        position = next_position(community.photos.all())
    photo = CommunityPhoto(community=community, caption=caption or "", position=position, is_demo=is_demo)
    store_photo(photo, image)
    return photo


@transaction.atomic
def community_photo_update(*, actor: Actor, photo: CommunityPhoto, image: Any = None,
                           **fields: Any) -> CommunityPhoto:
    """Change a photo's caption or position; a new image replaces the stored copies."""
    _require_editable(CommunityPhoto, photo, actor)
    fields.pop("community", None)
    _apply(photo, fields)
    if image and not isinstance(image, FieldFile):  # a new upload (not the stored file, not "clear")
        old = CommunityPhoto(image=photo.image.name, thumbnail=photo.thumbnail.name)
        store_photo(photo, image)
        old.delete_files()
    else:
        photo.full_clean()
        photo.save()
    return photo


@transaction.atomic
def community_photo_delete(*, actor: Actor, photo: CommunityPhoto) -> None:
    """Delete a community photo and its files."""
    _require_editable(CommunityPhoto, photo, actor)
    delete_photo(photo)


# --- Activities --------------------------------------------------------------------


@transaction.atomic
def activity_create(*, actor: Actor, community: TourismCommunity, slug: str = "",
                    products: Iterable[Any] | None = None, wisdom_records: Iterable[Any] | None = None,
                    is_demo: bool = False, **fields: Any) -> Activity:
    """Add an activity to a community (slug made from the title unless given)."""
    _require_editable(TourismCommunity, community, actor)
    activity = Activity(community=community, is_demo=is_demo)
    _apply(activity, fields)
    activity.slug = slug or unique_slug(Activity, fields.get("title_en") or fields.get("title_th", ""))
    activity.full_clean()
    activity.save()
    if products is not None:
        activity.products.set(products)
    if wisdom_records is not None:
        activity.wisdom_records.set(wisdom_records)
    return activity


@transaction.atomic
def activity_update(*, actor: Actor, activity: Activity, products: Iterable[Any] | None = None,
                    wisdom_records: Iterable[Any] | None = None, **fields: Any) -> Activity:
    """Change an activity; moving it to another community needs the right to change both, and
    is refused while a program of its community uses it."""
    _require_editable(Activity, activity, actor)
    community = fields.get("community")
    if community is not None and community.pk != activity.community_id:
        _require_editable(TourismCommunity, community, actor)
        if activity.program_items.exists():
            raise ValidationError({"community": [_("ย้ายกิจกรรมที่อยู่ในโปรแกรมไปชุมชนอื่นไม่ได้")]})
    _apply(activity, fields)
    activity.full_clean()
    activity.save()
    if products is not None:
        activity.products.set(products)
    if wisdom_records is not None:
        activity.wisdom_records.set(wisdom_records)
    return activity


def activity_save(*, actor: Actor, community: TourismCommunity, activity: Activity | None = None,
                  **fields: Any) -> Activity:
    """The coordinators' page: create an activity of `community`, or change `activity` of it."""
    if activity is None:
        return activity_create(actor=actor, community=community, **fields)
    if activity.community_id != community.pk:
        raise PermissionDenied
    return activity_update(actor=actor, activity=activity, **fields)


@transaction.atomic
def activity_delete(*, actor: Actor, activity: Activity) -> None:
    """Delete an activity no program uses (the itineraries protect it)."""
    _require_editable(Activity, activity, actor)
    _delete_or_refuse(activity, _("ลบกิจกรรมไม่ได้ เพราะยังอยู่ในกำหนดการของโปรแกรม"))


# --- Programs ---------------------------------------------------------------------


def _check_items(community: TourismCommunity, activities: Iterable[Activity]) -> None:
    errors = [_("กิจกรรม “%(a)s” ไม่ใช่กิจกรรมของชุมชนนี้") % {"a": a} for a in activities
              if a.community_id != community.pk]
    if errors:
        raise ValidationError(errors)


def _replace_items(program: Program, items: list[dict[str, Any]]) -> None:
    _check_items(program.community, [item["activity"] for item in items])
    program.items.all().delete()
    for order, item in enumerate(sorted(items, key=lambda i: (i.get("day", 1), i["start_time"])), start=1):
        row = ProgramItem(program=program, order=order, **{k: v for k, v in item.items() if k != "order"})
        row.full_clean()
        row.save()


@transaction.atomic
def program_create(*, actor: Actor, community: TourismCommunity, slug: str = "",
                   items: list[dict[str, Any]] | None = None, is_demo: bool = False, **fields: Any) -> Program:
    """Create a program of a community (and optionally its itinerary). A new program starts as a
    draft; publishing goes through program_publish (readiness rule)."""
    _require_editable(TourismCommunity, community, actor)
    fields.pop("status", None)
    program = Program(community=community, status=PublishStatus.DRAFT, is_demo=is_demo)
    _apply(program, fields)
    program.slug = slug or unique_slug(Program, fields.get("title_en") or fields.get("title_th", ""))
    program.full_clean()
    program.save()
    if items is not None:
        _replace_items(program, items)
    return program


@transaction.atomic
def program_update(*, actor: Actor, program: Program, items: list[dict[str, Any]] | None = None,
                   **fields: Any) -> Program:
    """Change a program and (optionally) replace its itinerary; every activity of the itinerary must
    belong to the program's community. The status changes only through program_publish/unpublish."""
    _require_editable(Program, program, actor)
    fields.pop("status", None)
    community = fields.get("community")
    if community is not None and community.pk != program.community_id:
        _require_editable(TourismCommunity, community, actor)
        if items is None:
            _check_items(community, [i.activity for i in program.items.select_related("activity")])
    _apply(program, fields)
    program.full_clean()
    program.save()
    if items is not None:
        _replace_items(program, items)
    return program


def program_save(*, actor: Actor, community: TourismCommunity, program: Program | None = None,
                 items: list[dict[str, Any]] | None = None, **fields: Any) -> Program:
    """The coordinators' page: create a program of `community`, or change `program` of it."""
    if program is None:
        return program_create(actor=actor, community=community, items=items, **fields)
    if program.community_id != community.pk:
        raise PermissionDenied
    return program_update(actor=actor, program=program, items=items, **fields)


@transaction.atomic
def program_delete(*, actor: Actor, program: Program) -> None:
    """Delete a program that has no bookings (bookings protect it); its itinerary and capacity rows
    go with it."""
    _require_editable(Program, program, actor)
    _delete_or_refuse(program, _("ลบโปรแกรมไม่ได้ เพราะมีการจองแล้ว ให้ยกเลิกการเผยแพร่แทน"))


def _program_for_item(actor: Actor, program: Program, activity: Activity | None) -> None:
    _require_editable(Program, program, actor)
    if activity is not None:
        _check_items(program.community, [activity])


@transaction.atomic
def program_item_create(*, actor: Actor, program: Program, activity: Activity, **fields: Any) -> ProgramItem:
    """Add one step to a program's itinerary (an activity of the program's community)."""
    _program_for_item(actor, program, activity)
    item = ProgramItem(program=program, activity=activity)
    _apply(item, fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def program_item_update(*, actor: Actor, item: ProgramItem, **fields: Any) -> ProgramItem:
    fields.pop("program", None)
    _program_for_item(actor, item.program, fields.get("activity"))
    _apply(item, fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def program_item_delete(*, actor: Actor, item: ProgramItem) -> None:
    _program_for_item(actor, item.program, None)
    item.delete()


def readiness_blockers(community: TourismCommunity) -> list[str]:
    """Thai reasons why the community is not ready to receive tourists (empty = ready)."""
    return community.readiness_missing()


def wisdom_consent_blockers(program: Program) -> list[str]:
    """Thai reasons from the wisdom registry: a program must not be published while an activity
    of it features a wisdom record whose knowledge holders do not all consent to tourism
    demonstration (ConsentScope.TOURISM)."""
    records: dict[int, Any] = {}
    for activity in Activity.objects.filter(program_items__program=program).distinct() \
            .prefetch_related("wisdom_records"):
        for record in activity.wisdom_records.all():
            records.setdefault(record.pk, record)
    return list(consent_blockers(sorted(records.values(), key=lambda r: r.pk), scope=ConsentScope.TOURISM).values())


@transaction.atomic
def program_publish(*, actor: Actor, program: Program) -> Program:
    """Publish a program. Rules: only when its community's readiness checklist is complete
    (safety briefing, contact person, prices agreed, toilets/parking noted, photos), and no wisdom
    record featured by its activities lacks its knowledge holders' consent to tourism demonstration."""
    if not Program.objects.editable_by(actor).filter(pk=program.pk).exists():
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
def program_unpublish(*, actor: Actor, program: Program) -> Program:
    """Take a program offline (coordinators of its community and staff); bookings already made stay."""
    if not Program.objects.editable_by(actor).filter(pk=program.pk).exists():
        raise PermissionDenied(_("คุณไม่มีสิทธิ์แก้ไขโปรแกรมนี้"))
    program.status = PublishStatus.DRAFT
    program.save(update_fields=["status", "updated_at"])
    return program


# --- Fairs -------------------------------------------------------------------------


@transaction.atomic
def fair_create(*, actor: Actor, title: str, slug: str = "", participating_groups: Iterable[Any] = (),
                communities: Iterable[Any] = (), is_demo: bool = False, **fields: Any) -> Fair:
    """Staff add an OTOP fair. It starts as a draft (fair_publish puts it in the calendar)."""
    _require_staff(actor)
    fields.pop("status", None)
    fair = Fair(title=title, status=PublishStatus.DRAFT, is_demo=is_demo)
    _apply(fair, fields)
    fair.slug = slug or unique_slug(Fair, title)
    fair.full_clean()
    fair.save()
    fair.participating_groups.set(participating_groups)
    fair.communities.set(communities)
    return fair


@transaction.atomic
def fair_update(*, actor: Actor, fair: Fair, participating_groups: Iterable[Any] | None = None,
                communities: Iterable[Any] | None = None, **fields: Any) -> Fair:
    """Staff change a fair (its status only through fair_publish / fair_unpublish)."""
    _require_staff(actor)
    fields.pop("status", None)
    _apply(fair, fields)
    fair.full_clean()
    fair.save()
    if participating_groups is not None:
        fair.participating_groups.set(participating_groups)
    if communities is not None:
        fair.communities.set(communities)
    return fair


@transaction.atomic
def fair_publish(*, actor: Actor, fair: Fair) -> Fair:
    """Staff put a fair in the public calendar."""
    return _set_status(actor, fair, PublishStatus.PUBLISHED)


@transaction.atomic
def fair_unpublish(*, actor: Actor, fair: Fair) -> Fair:
    """Staff take a fair out of the public calendar."""
    return _set_status(actor, fair, PublishStatus.DRAFT)


@transaction.atomic
def fair_delete(*, actor: Actor, fair: Fair) -> None:
    _require_staff(actor)
    fair.delete()


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
def booking_create(*, actor: Actor, program: Program, date: datetime.date | None, people: int | None, name: str,
                   phone: str = "", line_id: str = "", email: str = "", notes: str = "",
                   today: datetime.date | None = None, is_demo: bool = False,
                   attribution: Mapping[str, Any] | None = None) -> Booking:
    """A tourist's booking request (anyone may ask: `actor` is often an anonymous visitor). Rules: the program is published; the date is in the future,
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

    assert date is not None and people is not None  # checked above
    _reserve(program, date, people)
    booking = Booking(program=program, code=_new_code(), date=date, people=people, name=name, phone=phone,
                      line_id=line_id, email=email, notes=notes.strip(), is_demo=is_demo,
                      total_price=program.price_for(people))
    booking.full_clean()
    booking.save()
    # `attribution` is opaque here: the campaigns app reads it (a receiver may refuse a typed code).
    signals.booking_created.send(sender=Booking, booking=booking, actor=actor, attribution=attribution or {})
    _notify(booking, "created")
    _notify_coordinators(booking)
    # The coordinators' accounts are e-mailed above (with the community's address): the bell and LINE here.
    _tell_coordinators(booking, actor, NotificationEvent.BOOKING_REQUESTED, channels=[NotificationChannel.LINE])
    return booking


def _locked_booking_for(booking: Booking, actor: Actor) -> Booking:
    if not Booking.objects.editable_by(actor).filter(pk=booking.pk).exists():
        raise PermissionDenied(str(NOT_COORDINATOR))
    # Lock only the booking row (FOR UPDATE OF): locking the joined program row too would make new
    # requests for that program (whose INSERT takes a key-share lock on it) deadlock with us.
    return Booking.objects.select_for_update(of=("self",)).select_related("program__community").get(pk=booking.pk)


def _decided(booking: Booking, actor: Actor, note: str) -> None:
    booking.decided_by = _user(actor)
    booking.decided_at = timezone.now()
    booking.response_note = (note or "").strip()


@transaction.atomic
def booking_confirm(*, actor: Actor, booking: Booking, note: str = "") -> Booking:
    """A coordinator of the community (or staff) confirms a requested booking; the tourist is e-mailed."""
    booking = _locked_booking_for(booking, actor)
    if booking.status != BookingStatus.REQUESTED:
        raise ValidationError(_("ยืนยันได้เฉพาะคำขอที่รอชุมชนยืนยัน"), code="invalid_status")
    booking.status = BookingStatus.CONFIRMED
    _decided(booking, actor, note)
    booking.save(update_fields=["status", "decided_by", "decided_at", "response_note", "updated_at"])
    _notify(booking, "confirmed")
    _tell_coordinators(booking, actor, NotificationEvent.BOOKING_CONFIRMED)
    return booking


@transaction.atomic
def booking_decline(*, actor: Actor, booking: Booking, reason: str) -> Booking:
    """Decline a requested or confirmed booking (a reason is required); its places are released."""
    booking = _locked_booking_for(booking, actor)
    if booking.status not in ACTIVE_STATUSES:
        raise ValidationError(_("ปฏิเสธได้เฉพาะคำขอที่รอชุมชนยืนยันหรือยืนยันแล้ว"), code="invalid_status")
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("กรุณาระบุเหตุผลที่ปฏิเสธ เพื่อแจ้งนักท่องเที่ยว")]})
    _release(booking.program_id, booking.date, booking.people)
    booking.status = BookingStatus.DECLINED
    _decided(booking, actor, reason)
    booking.save(update_fields=["status", "decided_by", "decided_at", "response_note", "updated_at"])
    _notify(booking, "declined")
    _tell_coordinators(booking, actor, NotificationEvent.BOOKING_DECLINED)
    return booking


@transaction.atomic
def booking_reschedule(*, actor: Actor, booking: Booking, new_date: datetime.date, note: str = "",
                       today: datetime.date | None = None) -> Booking:
    """Move a requested or confirmed booking to another date: the new date must be in the future and
    available, and its capacity is checked again (both dates' rows are locked, earliest first)."""
    booking = _locked_booking_for(booking, actor)
    today = today or _local_today()
    if booking.status not in ACTIVE_STATUSES:
        raise ValidationError(_("เลื่อนวันได้เฉพาะคำขอที่รอชุมชนยืนยันหรือยืนยันแล้ว"), code="invalid_status")
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
    _decided(booking, actor, note)
    booking.save(update_fields=["date", "decided_by", "decided_at", "response_note", "updated_at"])
    _notify(booking, "rescheduled", old_date=old_date)
    _tell_coordinators(booking, actor, NotificationEvent.BOOKING_RESCHEDULED,
                       key=f"booking:{booking.pk}:rescheduled:{booking.decided_at:%Y%m%dT%H%M%S.%f}")
    return booking


SUBJECTS = {
    "created": gettext_lazy("ได้รับคำขอจองแล้ว รหัส %(code)s"),
    "confirmed": gettext_lazy("ชุมชนยืนยันการจองแล้ว รหัส %(code)s"),
    "declined": gettext_lazy("ชุมชนไม่สามารถรับการจองได้ รหัส %(code)s"),
    "rescheduled": gettext_lazy("มีการเลื่อนวันเดินทาง รหัส %(code)s"),
}


def _notify(booking: Booking, kind: str, **extra: Any) -> None:
    """E-mail the tourist (when an address was given) through the outbox: queued in this transaction,
    sent after commit, retried if the mail server is down — a mail server outage never undoes a booking.
    One e-mail per event: the key names the booking and the step (a reschedule, which may happen more
    than once, also its time)."""
    if not booking.email or booking.reseller_id:  # a reseller tells its own customer (it reads the status)
        return
    from django.conf import settings

    context = {"booking": booking, "kind": kind, "program": booking.program,
               "community": booking.program.community, "site_url": settings.SITE_URL,
               # signed for this e-mail address: opening it shows the tourist's details without asking
               "status_link": booking_status_link(booking), **extra}
    subject = str(SUBJECTS[kind]) % {"code": booking.code}
    body = render_to_string("tourism/email/booking_update.txt", context)
    key = f"booking:{booking.pk}:{kind}"
    if kind == "rescheduled":
        key += f":{booking.decided_at:%Y%m%dT%H%M%S.%f}"
    email_queue(actor=SYSTEM, key=key, to=[booking.email], subject=subject, body=body)


_TELL_TITLES: dict[str, Any] = {
    NotificationEvent.BOOKING_REQUESTED: gettext_lazy("คำขอจองใหม่ %(code)s: %(program)s วันที่ %(date)s"),
    NotificationEvent.BOOKING_CONFIRMED: gettext_lazy("ยืนยันการจอง %(code)s: %(program)s วันที่ %(date)s"),
    NotificationEvent.BOOKING_DECLINED: gettext_lazy("ปฏิเสธการจอง %(code)s: %(program)s"),
    NotificationEvent.BOOKING_RESCHEDULED: gettext_lazy("เลื่อนการจอง %(code)s เป็นวันที่ %(date)s"),
}


def _tell_coordinators(booking: Booking, actor: Actor, event: str, *, key: str = "",
                       channels: Sequence[str] | None = None) -> None:
    """Tell the community's coordinators (accounts; the one who acted is left out) in the portal, by LINE
    and by e-mail as each chose (core.notifications). Tourists have no account: they get the e-mails above."""

    title = str(_TELL_TITLES[event]) % {"code": booking.code, "program": booking.program.title_th,
                                        "date": format_date(booking.date)}
    body = _("%(name)s · %(people)s คน") % {"name": booking.name, "people": booking.people}
    if booking.response_note:
        body += "\n" + booking.response_note
    notify(actor=actor, recipients=booking.program.community.coordinators.all(), event=event, object=booking,
           title=title, body=body, key=key or f"booking:{booking.pk}:{event}", channels=channels)


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
    email_queue(actor=SYSTEM, key=f"booking:{booking.pk}:new-request", to=recipients, subject=subject, body=body)


# --- Monthly visits ----------------------------------------------------------------------


@transaction.atomic
def visit_record_upsert(*, actor: Actor, community: TourismCommunity, month: datetime.date, visitors_thai: int,
                        visitors_foreign: int, income: Decimal, note: str = "",
                        is_demo: bool = False) -> MonthlyVisit:
    """Record (or correct) a community's visitors and tourism income for one month.
    Rule: one row per community and month (unique), counts and income >= 0; `month` may be any
    day of the month (stored as its first day). Only its coordinators and staff may record.
    Sends signals.visit_recorded (the evaluation app makes it the month's tourism income)."""
    _require_editable(TourismCommunity, community, actor)
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
    visit.note = note or ""
    visit.recorded_by = _user(actor)
    visit.full_clean(validate_unique=False)
    visit.save()
    signals.visit_recorded.send(sender=MonthlyVisit, visit=visit)
    return visit


@transaction.atomic
def visit_update(*, actor: Actor, visit: MonthlyVisit, **fields: Any) -> MonthlyVisit:
    """Correct a recorded month (the fields not given keep their values). Moving it to another
    community or month removes the old month (signals.visit_deleted) and records the new one."""
    _require_editable(MonthlyVisit, visit, actor)
    data: dict[str, Any] = {"community": visit.community, "month": visit.month,
                            "visitors_thai": visit.visitors_thai, "visitors_foreign": visit.visitors_foreign,
                            "income": visit.income, "note": visit.note, **fields}
    if data["community"].pk != visit.community_id or data["month"].replace(day=1) != visit.month:
        visit_delete(actor=actor, visit=visit)
    return visit_record_upsert(actor=actor, is_demo=visit.is_demo, **data)


@transaction.atomic
def visit_delete(*, actor: Actor, visit: MonthlyVisit) -> None:
    """Delete a recorded month; sends signals.visit_deleted (so the evaluation can drop the month's
    tourism income that came from it)."""
    _require_editable(MonthlyVisit, visit, actor)
    MonthlyVisit.objects.filter(pk=visit.pk).delete()
    signals.visit_deleted.send(sender=MonthlyVisit, visit=visit)


@transaction.atomic
def programs_unpublish_for_withdrawn_consent(*, actor: Actor, record_ids: Iterable[int], holder_name: str,
                                             key: str) -> list[str]:
    """A knowledge holder withdrew consent to tourism demonstration for these wisdom records: every
    published program with an activity featuring them goes back to draft now (bookings already made
    stay), and its community (contact e-mail, coordinators) is e-mailed. Restoring the consent does not
    republish. Returns Thai one-line descriptions of the programs unpublished."""
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้น"))
    programs = list(Program.objects.select_for_update().filter(
        pk__in=Program.objects.filter(status=PublishStatus.PUBLISHED,
                                      items__activity__wisdom_records__in=list(record_ids)).values("pk"))
        .select_related("community").order_by("pk"))
    done = []
    for program in programs:
        program.status = PublishStatus.DRAFT
        program.save(update_fields=["status", "updated_at"])
        community = program.community
        recipients = [community.contact_email,
                      *community.coordinators.exclude(email="").values_list("email", flat=True)]
        email_queue(actor=SYSTEM, key=f"{key}:program:{program.pk}", to=[e for e in recipients if e],
                    subject=_("ยกเลิกการเผยแพร่โปรแกรมท่องเที่ยว: %(p)s") % {"p": program.title_th},
                    body=_("ปราชญ์ชาวบ้าน %(h)s ถอนความยินยอมให้ใช้ภูมิปัญญาเพื่อการสาธิตการท่องเที่ยว "
                           "ระบบจึงยกเลิกการเผยแพร่โปรแกรม “%(p)s” แล้ว การจองที่มีอยู่ยังคงเดิม "
                           "จะเผยแพร่อีกครั้งได้เมื่อได้รับความยินยอมใหม่") % {"h": holder_name, "p": program.title_th})
        done.append(_("โปรแกรมท่องเที่ยว: %(p)s") % {"p": program.title_th})
    return done


def on_consent_withdrawn(sender: Any, *, consent: Any, holder: Any, record_ids: list[int], scope: str,
                         **kwargs: Any) -> list[str]:
    """Receiver of wisdom.signals.consent_withdrawn (connected in TourismConfig.ready)."""
    if scope != ConsentScope.TOURISM:
        return []
    return programs_unpublish_for_withdrawn_consent(actor=SYSTEM, record_ids=record_ids, holder_name=holder.name,
                                                    key=f"wisdom-consent:{consent.pk}:withdrawn")
