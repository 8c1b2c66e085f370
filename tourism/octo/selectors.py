"""Reads of the OCTO API: what a reseller may sell, and how a program reads as an OCTO Product.

The mapping (documented for resellers in docs/octo.md):
- Product = a published program of a published community that staff opened to the reseller
  (`Reseller.programs`); its id is the program's id.
- One Option, ``DEFAULT``: at least `min_group_size` and at most `max_group_size` units per booking.
- Units ``adult`` and ``child`` (a child travels with an adult), one place each, both at the program's
  price per person (prices in satang, THB, when the ``octo/pricing`` capability is asked).
- Availability: START_TIME at the first activity of the itinerary's first day, or OPENING_HOURS
  (09:00–17:00) for a program without an itinerary. One availability per open date; vacancies and
  capacity are the date's ProgramDateCapacity row (the portal's own bookings use the same row).
- Booking cut-off: the portal takes bookings from tomorrow on, so an availability closes at 00:00 of
  its day (Asia/Bangkok); a booking can be cancelled up to CANCELLATION_CUTOFF_HOURS before it starts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from ..choices import ProgramDuration, PublishStatus
from ..models import Booking, CommunityPhoto, Program, ProgramDateCapacity, ProgramItem, Reseller

TIME_ZONE = "Asia/Bangkok"
TZ = ZoneInfo(TIME_ZONE)
OPTION_ID = "DEFAULT"
ADULT, CHILD = "adult", "child"
UNIT_IDS = (ADULT, CHILD)
CURRENCY, CURRENCY_PRECISION = "THB", 2
CANCELLATION_CUTOFF_HOURS = 24
OPENING_HOURS = ("09:00", "17:00")
START_TIME, OPENING_HOURS_TYPE = "START_TIME", "OPENING_HOURS"
DURATION_HOURS: dict[str, int] = {
    ProgramDuration.HALF_DAY: 4,
    ProgramDuration.ONE_DAY: 8,
    ProgramDuration.TWO_DAYS: 32,
}
MAX_AVAILABILITY_DAYS = 366


def programs_for_reseller(*, reseller: Reseller) -> QuerySet[Program]:
    """The programs `reseller` may sell: opened to it by staff, published, of a published community,
    with what a Product needs (community, photos, itinerary) prefetched."""
    items = ProgramItem.objects.select_related("activity").order_by("day", "order", "start_time")
    return (
        Program.objects.filter(
            resellers=reseller, status=PublishStatus.PUBLISHED, community__status=PublishStatus.PUBLISHED
        )
        .select_related("community__subdistrict__district")
        .prefetch_related(
            Prefetch("community__photos", queryset=CommunityPhoto.objects.order_by("position", "pk")),
            Prefetch("items", queryset=items),
        )
        .order_by("pk")
    )


def program_for_reseller(*, reseller: Reseller, product_id: Any) -> Program | None:
    """One program `reseller` may sell, by its OCTO product id (None for an unknown or closed one)."""
    text = str(product_id or "")
    if not text.isdigit() or len(text) > 18:
        return None
    return programs_for_reseller(reseller=reseller).filter(pk=int(text)).first()


def bookings_of(*, reseller: Reseller) -> QuerySet[Booking]:
    """A reseller's own bookings (never another reseller's), with their program and community."""
    items = ProgramItem.objects.select_related("activity").order_by("day", "order", "start_time")
    return (
        Booking.objects.filter(reseller=reseller)
        .select_related("program__community__subdistrict__district")
        .prefetch_related(
            Prefetch("program__items", queryset=items),
            Prefetch(
                "program__community__photos", queryset=CommunityPhoto.objects.order_by("position", "pk")
            ),
        )
        .order_by("pk")
    )


def booking_of(*, reseller: Reseller, uuid: Any) -> Booking | None:
    """The reseller's booking with this uuid (None for a malformed, unknown or another reseller's uuid)."""
    import uuid as uuid_module

    try:
        value = uuid_module.UUID(str(uuid))
    except ValueError:
        return None
    return bookings_of(reseller=reseller).filter(uuid=value).first()


# --- How a program reads as OCTO ---------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """When a program runs on a day: START_TIME at `start`, or OPENING_HOURS."""

    availability_type: str
    start: datetime.time | None

    def slot(self, day: datetime.date) -> tuple[datetime.datetime, datetime.datetime, bool]:
        """(local start, local end, all day) of the availability on `day`."""
        if self.start is None:
            begin = datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=TZ)
            return begin, begin + datetime.timedelta(days=1), True
        begin = datetime.datetime.combine(day, self.start, tzinfo=TZ)
        return begin, begin, False

    def availability_id(self, day: datetime.date) -> str:
        return iso_local(self.slot(day)[0])


def schedule_of(program: Program) -> Schedule:
    """START_TIME at the earliest activity of day 1 of the itinerary (prefetched), else OPENING_HOURS."""
    starts = [item.start_time for item in program.items.all() if item.day == 1]
    if starts:
        return Schedule(START_TIME, min(starts))
    return Schedule(OPENING_HOURS_TYPE, None)


def slot_end(program: Program, schedule: Schedule, day: datetime.date) -> datetime.datetime:
    begin, end, all_day = schedule.slot(day)
    if all_day:
        return end
    return begin + datetime.timedelta(hours=DURATION_HOURS.get(program.duration, 8))


def iso_local(moment: datetime.datetime) -> str:
    return moment.astimezone(TZ).isoformat(timespec="seconds")


def iso_utc(moment: datetime.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_availability_id(program: Program, availability_id: Any) -> datetime.date | None:
    """The date an availability id names, if it is exactly one of the program's ids (the right time
    of day and the +07:00 offset); None otherwise."""
    if not isinstance(availability_id, str) or len(availability_id) > 40:
        return None
    try:
        moment = datetime.datetime.fromisoformat(availability_id)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    day = moment.astimezone(TZ).date()
    return day if schedule_of(program).availability_id(day) == availability_id else None


def cutoff_at(day: datetime.date) -> datetime.datetime:
    """Bookings for `day` close when it begins (the portal books from tomorrow on)."""
    return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=TZ)


def cancellation_deadline(program: Program, day: datetime.date) -> datetime.datetime:
    begin, _end, _all_day = schedule_of(program).slot(day)
    if _all_day:
        begin = datetime.datetime.combine(day, datetime.time.fromisoformat(OPENING_HOURS[0]), tzinfo=TZ)
    return begin - datetime.timedelta(hours=CANCELLATION_CUTOFF_HOURS)


def capacity_rows(
    program: Program, start: datetime.date, end: datetime.date
) -> dict[datetime.date, tuple[int, int]]:
    """{date: (capacity, booked)} of the program's capacity rows between two dates (one query);
    a date without a row has the program's daily capacity and nothing booked."""
    rows = ProgramDateCapacity.objects.filter(program=program, date__gte=start, date__lte=end)
    return {row.date: (max(program.daily_capacity, row.booked), row.booked) for row in rows}


def day_status(
    program: Program,
    day: datetime.date,
    row: tuple[int, int] | None,
    *,
    wanted: int = 0,
    today: datetime.date | None = None,
) -> dict[str, Any]:
    """The OCTO status of one date: CLOSED (not open, or past the cut-off), SOLD_OUT (no vacancy, or
    fewer than the units asked / the minimum group), LIMITED (less than half the places left), else
    AVAILABLE; with vacancies and capacity from the capacity row."""
    today = today or timezone.localdate()
    capacity, booked = row if row is not None else (program.daily_capacity, 0)
    vacancies = max(capacity - booked, 0)
    needed = max(wanted, program.min_group_size)
    if day <= today or not program.is_available_on(day):
        status, vacancies = "CLOSED", 0
    elif vacancies < needed:
        status = "SOLD_OUT"
    elif vacancies * 2 < capacity:
        status = "LIMITED"
    else:
        status = "AVAILABLE"
    available = status in ("AVAILABLE", "LIMITED")
    return {
        "available": available,
        "status": status,
        "vacancies": vacancies,
        "capacity": capacity,
        "maxUnits": min(program.max_group_size, vacancies) if available else 0,
    }


def holds_due(
    *, now: datetime.datetime | None = None, program: Program | None = None, reseller: Reseller | None = None
) -> QuerySet[Booking]:
    """ON_HOLD bookings whose hold has run out (to be expired by services.booking_holds_expire)."""
    from ..choices import BookingStatus

    qs = Booking.objects.filter(status=BookingStatus.ON_HOLD, hold_expires_at__lte=now or timezone.now())
    if program is not None:
        qs = qs.filter(program=program)
    if reseller is not None:
        qs = qs.filter(reseller=reseller)
    return qs


def bookings_search(
    *,
    reseller: Reseller,
    reseller_reference: str | None = None,
    supplier_reference: str | None = None,
    local_date_start: datetime.date | None = None,
    local_date_end: datetime.date | None = None,
    product_id: str | None = None,
    option_id: str | None = None,
) -> QuerySet[Booking]:
    """GET /octo/bookings: the reseller's bookings matching every filter given."""
    q = Q()
    if reseller_reference is not None:
        q &= Q(reseller_reference=reseller_reference)
    if supplier_reference is not None:
        q &= Q(code=supplier_reference.strip().upper())
    if local_date_start is not None:
        q &= Q(date__gte=local_date_start)
    if local_date_end is not None:
        q &= Q(date__lte=local_date_end)
    if product_id is not None:
        q &= Q(program_id=int(product_id)) if product_id.isdigit() and len(product_id) <= 18 else Q(pk__in=[])
    if option_id is not None and option_id != OPTION_ID:
        q &= Q(pk__in=[])
    return bookings_of(reseller=reseller).filter(q)
