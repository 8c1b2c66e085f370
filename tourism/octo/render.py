"""OCTO JSON bodies of the tourism rows (Supplier, Product, Option, Unit, Availability, Booking).

Content (titles, descriptions, inclusions, itinerary, location, images) is read in ONE place,
`text()`: the English field when the request asked for English and one exists, the Thai otherwise.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import get_language

from core.files import file_url

from ..choices import BookingStatus
from ..models import Booking, Program
from . import selectors as sel

PRICING = "octo/pricing"
CONTENT = "octo/content"
SUPPORTED_CAPABILITIES = (PRICING, CONTENT)

# tourism status -> OCTO booking status
BOOKING_STATUS = {
    BookingStatus.ON_HOLD: "ON_HOLD",
    BookingStatus.REQUESTED: "PENDING",
    BookingStatus.CONFIRMED: "CONFIRMED",
    BookingStatus.DECLINED: "REJECTED",
    BookingStatus.EXPIRED: "EXPIRED",
    BookingStatus.CANCELLED: "CANCELLED",
}


@dataclass
class Context:
    """What the request asked for: capabilities (Octo-Capabilities) and the absolute-URL base."""

    capabilities: frozenset[str] = frozenset()
    base_url: str = field(default_factory=lambda: settings.SITE_URL.rstrip("/"))

    @property
    def pricing(self) -> bool:
        return PRICING in self.capabilities

    @property
    def content(self) -> bool:
        return CONTENT in self.capabilities


def language() -> str:
    return "en" if (get_language() or "th").startswith("en") else "th"


def text(th: str, en: str = "") -> str:
    """The one place content chooses its language."""
    return en if language() == "en" and en else th


def satang(amount: Any) -> int:
    return int((amount * 100).to_integral_value())


def pricing(amount: Any) -> dict[str, Any]:
    value = satang(amount)
    return {
        "original": value,
        "retail": value,
        "net": value,
        "currency": sel.CURRENCY,
        "currencyPrecision": sel.CURRENCY_PRECISION,
        "includedTaxes": [],
    }


def supplier() -> dict[str, Any]:
    contact = getattr(settings, "OCTO_SUPPLIER", {})
    return {
        "id": "angthong-cdo",
        "name": text(
            "สำนักงานพัฒนาชุมชนจังหวัดอ่างทอง (OTOP นวัตวิถี)",
            "Ang Thong Provincial Community Development Office (OTOP Nawatwithi)",
        ),
        "endpoint": f"{settings.SITE_URL.rstrip('/')}/octo",
        "contact": {
            "website": contact.get("website", settings.SITE_URL),
            "email": contact.get("email") or settings.DEFAULT_FROM_EMAIL,
            "telephone": contact.get("telephone", "+66 35 611 141"),
            "address": contact.get(
                "address",
                text(
                    "ศาลากลางจังหวัดอ่างทอง ถนนอ่างทอง-โพธิ์ทอง อ.เมืองอ่างทอง จ.อ่างทอง 14000",
                    "Ang Thong Provincial Hall, Mueang Ang Thong, Ang Thong 14000, Thailand",
                ),
            ),
        },
    }


def unit(program: Program, unit_id: str, ctx: Context) -> dict[str, Any]:
    child = unit_id == sel.CHILD
    body: dict[str, Any] = {
        "id": unit_id,
        "internalName": "Child" if child else "Adult",
        "reference": unit_id.upper(),
        "type": "CHILD" if child else "ADULT",
        "requiredContactFields": [],
        "restrictions": {
            "minAge": 0 if child else 12,
            "maxAge": 11 if child else 100,
            "idRequired": False,
            "minQuantity": None,
            "maxQuantity": program.max_group_size,
            "paxCount": 1,
            "accompaniedBy": [sel.ADULT] if child else [],
        },
    }
    if ctx.content:
        body["title"] = text("เด็ก", "Child") if child else text("ผู้ใหญ่", "Adult")
        body["titlePlural"] = text("เด็ก", "Children") if child else text("ผู้ใหญ่", "Adults")
        body["subtitle"] = (
            text("อายุ 0–11 ปี ต้องมีผู้ใหญ่ร่วมเดินทาง", "Age 0–11, with an adult")
            if child
            else text("อายุ 12 ปีขึ้นไป", "Age 12 and over")
        )
    if ctx.pricing:
        body["pricingFrom"] = [pricing(program.price_per_person)]
    return body


def option(program: Program, ctx: Context) -> dict[str, Any]:
    schedule = sel.schedule_of(program)
    body: dict[str, Any] = {
        "id": sel.OPTION_ID,
        "default": True,
        "internalName": program.title_en or program.title_th,
        "reference": program.slug,
        "availabilityLocalStartTimes": [schedule.start.strftime("%H:%M")] if schedule.start else ["00:00"],
        "cancellationCutoff": f"{sel.CANCELLATION_CUTOFF_HOURS} hours",
        "cancellationCutoffAmount": sel.CANCELLATION_CUTOFF_HOURS,
        "cancellationCutoffUnit": "hour",
        "requiredContactFields": ["fullName", "emailAddress"],
        "restrictions": {"minUnits": program.min_group_size, "maxUnits": program.max_group_size},
        "units": [unit(program, unit_id, ctx) for unit_id in sel.UNIT_IDS],
    }
    if ctx.content:
        hours = sel.DURATION_HOURS.get(program.duration, 8)
        body.update(
            {
                "title": text(program.title_th, program.title_en),
                "language": language(),
                "shortDescription": program.get_duration_display(),
                "duration": f"{hours} hours",
                "durationAmount": str(hours),
                "durationUnit": "hour",
                "itinerary": [
                    {
                        "name": text(item.activity.title_th, item.activity.title_en),
                        "type": "POI",
                        "description": text(item.note, item.note_en)
                        or text(item.activity.description, item.activity.description_en),
                        "address": text(program.community.address, program.community.address_en) or None,
                        "latitude": float(program.community.lat)
                        if program.community.lat is not None
                        else None,
                        "longitude": float(program.community.lng)
                        if program.community.lng is not None
                        else None,
                        "travelTime": None,
                        "duration": f"{item.day}/{item.start_time:%H:%M}",
                    }
                    for item in program.items.all()
                ],
            }
        )
    if ctx.pricing:
        body["pricingFrom"] = [pricing(program.price_per_person * program.min_group_size)]
    return body


def product(program: Program, ctx: Context) -> dict[str, Any]:
    schedule = sel.schedule_of(program)
    body: dict[str, Any] = {
        "id": str(program.pk),
        "internalName": program.title_en or program.title_th,
        "reference": program.slug,
        "locale": language(),
        "timeZone": sel.TIME_ZONE,
        "allowFreesale": False,
        "instantConfirmation": False,  # the community accepts each booking (PENDING until then)
        "instantDelivery": True,
        "availabilityRequired": True,
        "availabilityType": schedule.availability_type,
        "deliveryFormats": ["QRCODE"],
        "deliveryMethods": ["VOUCHER"],
        "redemptionMethod": "MANIFEST",
        "options": [option(program, ctx)],
    }
    if ctx.content:
        community = program.community
        photos = [ctx.base_url + file_url(p, "image") for p in community.photos.all()]
        body.update(
            {
                "title": text(program.title_th, program.title_en),
                "country": "TH",
                "location": ", ".join(
                    x
                    for x in [
                        text(community.name_th, community.name_en),
                        text(community.address, community.address_en),
                        str(community.subdistrict.district),
                    ]
                    if x
                ),
                "shortDescription": text(program.summary, program.summary_en)[:200],
                "description": text(program.summary, program.summary_en),
                "highlights": [],
                "inclusions": [line.strip() for line in text(program.included, program.included_en).splitlines()
                               if line.strip()],
                "exclusions": [],
                "bookingTerms": None,
                "redemptionInstructions": text(
                    "แสดงรหัสการจองกับผู้ประสานงานชุมชนเมื่อถึงจุดนัดพบ",
                    "Show the booking reference to the community coordinator on arrival.",
                ),
                "cancellationPolicy": text(
                    f"ยกเลิกได้ไม่น้อยกว่า {sel.CANCELLATION_CUTOFF_HOURS} ชั่วโมงก่อนเริ่มโปรแกรม",
                    f"Free cancellation up to {sel.CANCELLATION_CUTOFF_HOURS} hours before the start.",
                ),
                "destination": {
                    "id": str(community.pk),
                    "default": True,
                    "name": text(community.name_th, community.name_en),
                    "country": "TH",
                    "latitude": float(community.lat) if community.lat is not None else None,
                    "longitude": float(community.lng) if community.lng is not None else None,
                },
                "coverImageUrl": photos[0] if photos else None,
                "galleryImages": [{"url": url, "title": None, "caption": None} for url in photos],
            }
        )
    if ctx.pricing:
        body["defaultCurrency"] = sel.CURRENCY
        body["availableCurrencies"] = [sel.CURRENCY]
        body["pricingPer"] = "UNIT"
    return body


def availability(
    program: Program,
    day: datetime.date,
    status: dict[str, Any],
    ctx: Context,
    units: dict[str, int] | None = None,
) -> dict[str, Any]:
    schedule = sel.schedule_of(program)
    begin, end, all_day = schedule.slot(day)
    if not all_day:
        end = sel.slot_end(program, schedule, day)
    body: dict[str, Any] = {
        "id": schedule.availability_id(day),
        "localDateTimeStart": sel.iso_local(begin),
        "localDateTimeEnd": sel.iso_local(end),
        "allDay": all_day,
        **status,
        "utcCutoffAt": sel.iso_utc(sel.cutoff_at(day)),
        "openingHours": [{"from": sel.OPENING_HOURS[0], "to": sel.OPENING_HOURS[1]}] if all_day else [],
    }
    if ctx.pricing:
        body["unitPricing"] = [
            {"unitId": unit_id, **pricing(program.price_per_person)} for unit_id in sel.UNIT_IDS
        ]
        if units:
            body["pricing"] = pricing(program.price_per_person * sum(units.values()))
    return body


def calendar_day(
    day: datetime.date, status: dict[str, Any], ctx: Context, program: Program
) -> dict[str, Any]:
    schedule = sel.schedule_of(program)
    body: dict[str, Any] = {
        "localDate": day.isoformat(),
        **status,
        "openingHours": [{"from": sel.OPENING_HOURS[0], "to": sel.OPENING_HOURS[1]}]
        if schedule.start is None
        else [],
    }
    if ctx.pricing:
        body["unitPricingFrom"] = [{"unitId": u, **pricing(program.price_per_person)} for u in sel.UNIT_IDS]
    return body


def _name_parts(full: str) -> tuple[str | None, str | None]:
    parts = full.split(None, 1)
    if not parts:
        return None, None
    return parts[0], parts[1] if len(parts) > 1 else None


def booking(b: Booking, ctx: Context, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    from django.utils import timezone

    now = now or timezone.now()
    program = b.program
    status = BOOKING_STATUS[BookingStatus(b.status)]
    schedule = sel.schedule_of(program)
    begin, end, all_day = schedule.slot(b.date)
    if not all_day:
        end = sel.slot_end(program, schedule, b.date)
    contact_known = b.status != BookingStatus.ON_HOLD or bool(b.email or b.phone)
    first, last = _name_parts(b.name) if contact_known else (None, None)
    contact = {
        "fullName": b.name if contact_known else None,
        "firstName": first,
        "lastName": last,
        "emailAddress": b.email or None,
        "phoneNumber": b.phone or None,
        "locales": b.contact_locales,
        "postalCode": None,
        "country": None,
        "notes": b.notes or None,
    }
    cancellable = b.status == BookingStatus.ON_HOLD or (
        b.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
        and now <= sel.cancellation_deadline(program, b.date)
    )
    delivered = b.status in (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
    empty_contact = {k: (None if k != "locales" else []) for k in contact}
    body: dict[str, Any] = {
        "id": str(b.uuid),
        "uuid": str(b.uuid),
        "testMode": False,
        "resellerReference": b.reseller_reference or None,
        "supplierReference": b.code,
        "status": status,
        "utcCreatedAt": sel.iso_utc(b.created_at),
        "utcUpdatedAt": sel.iso_utc(b.updated_at),
        "utcExpiresAt": sel.iso_utc(b.hold_expires_at) if b.status == BookingStatus.ON_HOLD else None,
        "utcRedeemedAt": None,
        "utcConfirmedAt": sel.iso_utc(b.decided_at) if b.status == BookingStatus.CONFIRMED else None,
        "productId": str(program.pk),
        "product": product(program, ctx),
        "optionId": sel.OPTION_ID,
        "option": option(program, ctx),
        "cancellable": cancellable,
        "cancellation": (
            {"refund": "FULL", "reason": b.response_note or None, "utcCancelledAt": sel.iso_utc(b.decided_at)}
            if b.status == BookingStatus.CANCELLED
            else None
        ),
        "freesale": False,
        "availabilityId": schedule.availability_id(b.date),
        "availability": {
            "id": schedule.availability_id(b.date),
            "localDateTimeStart": sel.iso_local(begin),
            "localDateTimeEnd": sel.iso_local(end),
            "allDay": all_day,
            "openingHours": [{"from": sel.OPENING_HOURS[0], "to": sel.OPENING_HOURS[1]}] if all_day else [],
        },
        "contact": contact,
        "notes": b.notes or None,
        "deliveryMethods": ["VOUCHER"],
        "voucher": (
            {
                "redemptionMethod": "MANIFEST",
                "utcDeliveredAt": sel.iso_utc(b.confirmed_by_reseller_at),
                "deliveryOptions": [{"deliveryFormat": "QRCODE", "deliveryValue": b.code}],
            }
            if delivered
            else None
        ),
        "unitItems": [
            {
                "uuid": item["uuid"],
                "unitId": item["unitId"],
                "unit": unit(program, item["unitId"], ctx),
                "resellerReference": item.get("resellerReference"),
                "supplierReference": f"{b.code}-{n}",
                "status": status,
                "utcRedeemedAt": None,
                "contact": empty_contact,
                "ticket": None,
                **({"pricing": pricing(program.price_per_person)} if ctx.pricing else {}),
            }
            for n, item in enumerate(b.unit_items, start=1)
        ],
    }
    if ctx.pricing:
        body["pricing"] = pricing(b.total_price)
    return body
