"""Reads of the tourism app: querysets with their joins designed (constant query counts).

Hook this app asks (core.registry); a higher app contributes in its AppConfig.ready():

``tourism.booking_attribution`` — called as ``registry.collect("tourism.booking_attribution",
request=request)`` when a tourist books (page and API). Each contribution returns a dict of what the
request says about where the tourist came from (campaigns: the tracked link in its signed cookie);
``booking_attribution`` merges them with the typed code and the dict travels, unread, through
``services.booking_create`` to the ``signals.booking_created`` receivers. None registered → only the code.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.core import signing
from django.db.models import Count, JSONField, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.http import urlencode

from core import permissions, registry
from core.i18n_content import localized_text
from core.permissions import Actor
from core.querysets import built_once_for_anonymous
from products.selectors import products_visible_to
from wisdom.selectors import holders_named_publicly, records_visible_to

from .choices import HOLDING_STATUSES, BookingStatus, PublishStatus
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
    coordinated_community_ids,
)

BOOKING_ATTRIBUTION = "tourism.booking_attribution"


def booking_attribution(*, request: Any, code: str = "") -> dict[str, Any]:
    """What the booking request carries for attribution: the typed code and the hook's contributions."""
    found: dict[str, Any] = {}
    for contribution in registry.collect(BOOKING_ATTRIBUTION, request=request):
        found.update(contribution)
    return {**found, "code": (code or "").strip()}


def _first_photos() -> Prefetch:
    return Prefetch("community__photos", queryset=CommunityPhoto.objects.order_by("position", "pk"))


@built_once_for_anonymous
def program_list(*, user: Actor) -> QuerySet[Program]:
    """Programs the user may see, with what a card needs (community, district, photos)."""
    return (Program.objects.visible_to(user)
            .select_related("community__subdistrict__district")
            .prefetch_related(_first_photos()))


def program_cards(*, user: Actor) -> QuerySet[Program]:
    """program_list for the cards (list page, home page) in one query: the community's first photo (what
    ``card_photo`` shows: its id, thumbnail and caption) as annotations instead of a prefetch of every photo."""
    first = CommunityPhoto.objects.filter(community=OuterRef("community_id")).order_by("position", "pk")
    return program_list(user=user).prefetch_related(None).annotate(cover=Subquery(
        first.values(json=JSONObject(id="pk", thumbnail="thumbnail", caption="caption"))[:1], output_field=JSONField()))


def card_photo(program: Program) -> CommunityPhoto | None:
    """The card's photo of a program from program_cards (an unsaved instance holding what the card reads)."""
    cover = program.cover  # type: ignore[attr-defined]
    if cover is None:
        return None
    return CommunityPhoto(pk=cover["id"], community_id=program.community_id, thumbnail=cover["thumbnail"],
                          caption=cover["caption"])


def program_detail(*, user: Actor) -> QuerySet[Program]:
    """One program's page/API data; featured products and wisdom only as far as `user` may see them
    (each app's own rule, through its selectors)."""
    items = ProgramItem.objects.select_related("activity").prefetch_related(
        Prefetch("activity__products", queryset=products_visible_to(user=user)),
        Prefetch("activity__wisdom_records", queryset=records_visible_to(user=user)),
    ).order_by("day", "order", "start_time")
    return (Program.objects.visible_to(user)
            .select_related("community__subdistrict__district")
            .prefetch_related(_first_photos(), Prefetch("items", queryset=items)))


def featured_products(program: Program) -> list[Any]:
    """Published OTOP products featured by the program's activities (from a prefetched program)."""
    seen, products = set(), []
    for item in program.items.all():
        for product in item.activity.products.all():
            if product.pk not in seen and product.status == PublishStatus.PUBLISHED:
                seen.add(product.pk)
                products.append(product)
    return products


def community_list(*, user: Actor) -> QuerySet[TourismCommunity]:
    return (TourismCommunity.objects.visible_to(user)
            .select_related("subdistrict__district")
            .prefetch_related(Prefetch("photos", queryset=CommunityPhoto.objects.order_by("position", "pk")))
            .annotate(program_count=Count("programs", distinct=True))
            .order_by("name_th"))


def community_detail(*, user: Actor) -> QuerySet[TourismCommunity]:
    return (TourismCommunity.objects.visible_to(user)
            .select_related("subdistrict__district")
            .prefetch_related(Prefetch("photos", queryset=CommunityPhoto.objects.order_by("position", "pk")),
                              "producer_groups"))


def photo_counts(community_ids: Iterable[int]) -> dict[int, int]:
    """{community_id: number of photos} in one query (for readiness checks of many communities)."""
    return dict(TourismCommunity.objects.filter(pk__in=community_ids).annotate(n=Count("photos"))
                .values_list("pk", "n"))


def community_programs(community: TourismCommunity, *, user: Actor) -> QuerySet[Program]:
    return program_list(user=user).filter(community=community)


def community_activities(community: TourismCommunity) -> QuerySet[Activity]:
    return Activity.objects.filter(community=community).prefetch_related("products")


def remaining_places(program: Program, date: datetime.date) -> int:
    slot = ProgramDateCapacity.objects.filter(program=program, date=date).first()
    return program.daily_capacity if slot is None else max(slot.capacity - slot.booked, 0)


def booking_by_code(code: str) -> Booking | None:
    """The tourist's own booking, found only by its exact reference code."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return Booking.objects.select_related("program__community", "reseller").filter(code=code).first()


# --- A tourist's access to their own booking ---------------------------------------------------------------
# The code alone shows only non-personal facts (program, date, people, status). The tourist's name and
# contacts need the code plus a proof of contact: the last 4 digits of the booking's phone, its e-mail,
# or the signed link e-mailed to that address.

PERSONAL_FIELDS = ("name", "phone", "line_id", "email", "notes")
STATUS_LINK_SALT = "tourism.booking-status-link"
STATUS_LINK_MAX_AGE = datetime.timedelta(days=400)


def booking_contact_matches(booking: Booking, contact: str) -> bool:
    """True when `contact` is the booking's e-mail (any case) or ends with the last 4 digits of its phone
    (separators ignored). Compared in constant time."""
    contact = (contact or "").strip()
    if "@" in contact:
        stored = (booking.email or "").strip().casefold()
        return bool(stored) & constant_time_compare(contact.casefold(), stored)
    digits = re.sub(r"\D", "", contact)
    stored_digits = re.sub(r"\D", "", booking.phone or "")
    if len(digits) < 4 or len(stored_digits) < 4:
        return False
    return constant_time_compare(digits[-4:], stored_digits[-4:])


def booking_lookup(*, code: str, contact: str) -> Booking | None:
    """The booking with this code whose phone ends with the given 4 digits or whose e-mail is the given
    one (any case); None otherwise (unknown code and wrong contact alike)."""
    booking = booking_by_code(code)
    if booking is None or not booking_contact_matches(booking, contact):
        return None
    return booking


def _status_link_value(booking: Booking) -> str:
    return f"{booking.code}|{(booking.email or '').strip().casefold()}"


def booking_status_token(booking: Booking) -> str:
    """A signed token for the status link e-mailed to the tourist (the e-mail proves the contact): bound to
    the code and the e-mail address, valid STATUS_LINK_MAX_AGE. Only the timestamp and signature travel."""
    value = _status_link_value(booking)
    return signing.TimestampSigner(salt=STATUS_LINK_SALT).sign(value)[len(value) + 1:]


def booking_status_link(booking: Booking) -> str:
    """The status page's path with the signed token (for the tourist's e-mails)."""
    return f"{booking.get_absolute_url()}?{urlencode({'t': booking_status_token(booking)})}"


def booking_by_status_token(*, code: str, token: str) -> Booking | None:
    """The booking when `token` is a valid, unexpired status-link token for it (and its current e-mail)."""
    booking = booking_by_code(code)
    if booking is None or not booking.email or not token:
        return None
    try:
        signing.TimestampSigner(salt=STATUS_LINK_SALT).unsign(
            f"{_status_link_value(booking)}:{token}", max_age=STATUS_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired included
        return None
    return booking


def booking_managed_by(booking: Booking, *, user: Actor) -> bool:
    """True when `user` manages the booking (staff, the community's coordinators): they see it whole."""
    return bool(getattr(user, "is_authenticated", False)) and \
        Booking.objects.visible_to(user).filter(pk=booking.pk).exists()


def bookings_for(*, user: Actor) -> QuerySet[Booking]:
    """Bookings the user manages: staff all, coordinators those of their communities."""
    return Booking.objects.visible_to(user).select_related("program__community", "decided_by", "reseller")


def fair_list(*, user: Actor, upcoming_only: bool = False,
              today: datetime.date | None = None) -> QuerySet[Fair]:
    qs = Fair.objects.visible_to(user).select_related("subdistrict__district").prefetch_related(
        "participating_groups", "communities")
    if upcoming_only:
        qs = qs.filter(ends_on__gte=today or datetime.date.today())
    return qs


def visits_for(*, user: Actor) -> QuerySet[MonthlyVisit]:
    return MonthlyVisit.objects.visible_to(user).select_related("community", "recorded_by")


def visit_totals(*, start: datetime.date, end: datetime.date,
                 community_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Visitors and income between two months (inclusive), for the evaluation app."""
    qs = MonthlyVisit.objects.filter(month__gte=start.replace(day=1), month__lte=end)
    if community_ids is not None:
        qs = qs.filter(community_id__in=community_ids)
    totals = qs.aggregate(thai=Sum("visitors_thai"), foreign=Sum("visitors_foreign"), income=Sum("income"))
    return {k: v or 0 for k, v in totals.items()}


def holding_people(program: Program, date: datetime.date) -> int:
    """People of requested/confirmed bookings on a date (to audit the capacity row)."""
    return Booking.objects.filter(program=program, date=date, status__in=HOLDING_STATUSES) \
        .aggregate(n=Sum("people"))["n"] or 0


def programs_featuring_product(*, user: Actor, product: Any) -> QuerySet[Program]:
    """The products app's hook "products.related_programs" (registered in apps.py): the programs
    `user` may see (for visitors: the published ones of published communities) of the communities
    the product's producer group belongs to, with their community."""
    return (Program.objects.visible_to(user).filter(community__producer_groups=product.group_id)
            .select_related("community").distinct())


# --- used by evaluation ---
from django.db.models import QuerySet as _QuerySet  # noqa: E402  (kept with the functions that use it)


def communities_answered_by(*, user: object) -> _QuerySet[TourismCommunity]:
    """The communities whose income and visits `user` records: every one for staff (and SYSTEM),
    the communities they coordinate for anyone else, none for visitors."""
    return TourismCommunity.objects.editable_by(user)


def communities(*, demo: bool | None = None) -> _QuerySet[TourismCommunity]:
    """Every tourism community, oldest first (to resolve ids in other apps' forms and serializers);
    ``demo=True`` only the demo rows."""
    qs = TourismCommunity.objects.order_by("pk")
    return qs if demo is None else qs.filter(is_demo=demo)


# --- used by campaigns ---


def communities_visible_to(*, user: Actor) -> _QuerySet[TourismCommunity]:
    """Tourism communities `user` may see, by the tourism app's own rule (callers add their filters)."""
    return TourismCommunity.objects.visible_to(user)


def programs_visible_to(*, user: Actor) -> _QuerySet[Program]:
    """Programs `user` may see, by the tourism app's own rule (callers add their filters)."""
    return Program.objects.visible_to(user)


# --- Workspaces (/me/) -------------------------------------------------------------------------


def coordinates_any_community(*, user: Any) -> bool:
    """Whether the (non-staff) user coordinates at least one community. One query."""
    if not permissions.is_member(user) or permissions.is_system(user):
        return False
    return TourismCommunity.objects.filter(pk__in=coordinated_community_ids(user)).exists()


def bookings_awaiting_confirmation(*, user: Any) -> _QuerySet[Booking]:
    """The coordinator's workspace: booking requests of the communities the user coordinates that
    the community has not answered yet, oldest request first. One query."""
    if not permissions.is_member(user) or permissions.is_system(user):
        return Booking.objects.none()
    return (Booking.objects.filter(program__community_id__in=coordinated_community_ids(user),
                                   status=BookingStatus.REQUESTED)
            .select_related("program__community").order_by("created_at", "pk"))


def bookings_unanswered(*, user: Any, hours: int = 48, now: Any = None) -> _QuerySet[Booking]:
    """The staff workspace: requests no coordinator answered within `hours` hours, oldest first."""
    if not permissions.is_staff_user(user):
        return Booking.objects.none()
    since = (now or timezone.now()) - datetime.timedelta(hours=hours)
    return (Booking.objects.filter(status=BookingStatus.REQUESTED, created_at__lt=since)
            .select_related("program__community").order_by("created_at", "pk"))


def programs_awaiting_publication(*, user: Any) -> _QuerySet[Program]:
    """The staff workspace: programs still in draft, oldest first. One query."""
    if not permissions.is_staff_user(user):
        return Program.objects.none()
    return Program.objects.filter(status=PublishStatus.DRAFT).select_related("community").order_by("created_at", "pk")


# --- Booking revenue (issue 17) ----------------------------------------------------------------


def booking_revenue_by_month(*, program_ids: Iterable[int], start: datetime.date | None = None,
                             end: datetime.date | None = None,
                             today: datetime.date | None = None) -> list[dict[str, Any]]:
    """Revenue of these programs per program and month of the trip: ``{"program_id", "month" (first
    day), "bookings", "people", "revenue"}``, from confirmed bookings only — a completed trip is a
    confirmed booking whose date has passed (the portal has no separate "completed" status), so
    ``today`` (default: no limit) keeps only trips on or before it. Revenue is each booking's
    ``total_price`` as stored at booking time (price × people then), never recomputed from today's
    price. Months from `start` to `end` inclusive (any day in them). One query."""
    from django.db.models.functions import TruncMonth

    qs = Booking.objects.filter(program_id__in=list(program_ids), status=BookingStatus.CONFIRMED)
    if start is not None:
        qs = qs.filter(date__gte=start.replace(day=1))
    if end is not None:
        qs = qs.filter(date__lt=(end.replace(day=28) + datetime.timedelta(days=4)).replace(day=1))
    if today is not None:
        qs = qs.filter(date__lte=today)
    return [dict(row) for row in qs.annotate(month=TruncMonth("date")).values("program_id", "month")
                .annotate(bookings=Count("pk"), people=Sum("people"), revenue=Sum("total_price"))
                .order_by("program_id", "month")]


def program_wisdom(program: Program, *, user: Actor) -> list[Any]:
    """The wisdom records the program's activities feature that `user` may see (one query)."""
    return list(records_visible_to(user=user).filter(tourism_activities__program_items__program=program)
                .select_related("subdistrict").distinct())


def program_credited_holders(program: Program, *, user: Actor) -> tuple[list[Any], list[Any]]:
    """(the wisdom the program stands on, the knowledge holders to credit: only those who consent today
    to being named in public). Two queries."""
    wisdom = program_wisdom(program, user=user)
    return wisdom, holders_named_publicly(record_ids=[w.pk for w in wisdom])


# --- Lineage of a wisdom record (issue 17; hook ``wisdom.lineage``, see wisdom/lineage.py) ----------


def wisdom_lineage(*, records: list[Any], user: Actor, private: bool,
                   fiscal_year: int | None = None) -> dict[int, Any]:
    """The activities featuring each record and the programs built from them that `user` may see
    (existing by the end of `fiscal_year`); with `private`, the bookings of those programs per month —
    confirmed ones (a completed trip is a confirmed booking whose date has passed), value = each
    booking's ``total_price`` as stored (price × people then) — summed only from bookings the viewer
    may see (staff, the community's coordinators), in `fiscal_year` when given. Five queries."""
    from django.db.models import Min
    from django.db.models.functions import TruncMonth
    from django.utils.translation import gettext as _

    from core.thai_dates import format_month
    from wisdom.lineage import (
        BOOKING_VALUE,
        PROGRAMS,
        Entry,
        Figure,
        LineageSection,
        Milestone,
        fiscal_year_bounds,
    )

    ids = [r.pk for r in records]
    start, end = fiscal_year_bounds(fiscal_year)
    activities_qs = Activity.objects.visible_to(user)
    programs_qs = Program.objects.visible_to(user)
    if end is not None:
        activities_qs = activities_qs.filter(created_at__date__lte=end)
        programs_qs = programs_qs.filter(created_at__date__lte=end)
    through: Any = Activity.wisdom_records.through  # the link table's own model (django-stubs cannot type it)
    links = list(through.objects.filter(wisdomrecord_id__in=ids, activity__in=activities_qs)
                 .values_list("wisdomrecord_id", "activity_id"))
    if not links:
        return {}
    activities = {a.pk: a for a in Activity.objects.filter(pk__in={a for _r, a in links}).select_related("community")}
    items = list(ProgramItem.objects.filter(activity_id__in=list(activities), program__in=programs_qs)
                 .values_list("activity_id", "program_id").distinct())
    programs = {p.pk: p for p in Program.objects.filter(pk__in={p for _a, p in items}).select_related("community")}
    bookings: dict[int, list[dict[str, Any]]] = {}
    if private and programs:
        qs = Booking.objects.visible_to(user).filter(program_id__in=list(programs), status=BookingStatus.CONFIRMED)
        if start is not None:
            qs = qs.filter(date__gte=start, date__lte=end)
        for row in (qs.annotate(month=TruncMonth("date")).values("program_id", "month")
                    .annotate(bookings=Count("pk"), people=Sum("people"), revenue=Sum("total_price"),
                              first=Min("date")).order_by("program_id", "month")):
            bookings.setdefault(row["program_id"], []).append(row)
    programs_of_activity: dict[int, set[int]] = {}
    for activity_id, program_id in items:
        programs_of_activity.setdefault(activity_id, set()).add(program_id)
    out: dict[int, Any] = {}
    per_record: dict[int, list[int]] = {}
    for record_id, activity_id in links:
        per_record.setdefault(record_id, []).append(activity_id)
    for record_id, activity_ids in per_record.items():
        acts = sorted((activities[a] for a in activity_ids), key=lambda a: (a.created_at, a.pk))
        progs = sorted({programs[p] for a in activity_ids for p in programs_of_activity.get(a, ())},
                       key=lambda p: (p.created_at, p.pk))
        monthly: dict[datetime.date, Any] = {}
        n_bookings = people = 0
        value: Any = 0
        first_booking: tuple[datetime.date, Program] | None = None
        entries = []
        for program in progs:
            rows = bookings.get(program.pk, [])
            details = [_("%(m)s: %(b)s การจอง %(p)s คน %(v)s บาท") % {
                "m": format_month(r["month"]), "b": r["bookings"], "p": r["people"], "v": f"{r['revenue']:,.2f}"}
                for r in rows]
            for r in rows:
                monthly[r["month"]] = monthly.get(r["month"], 0) + r["revenue"]
                n_bookings += r["bookings"]
                people += r["people"]
                value += r["revenue"]
                if first_booking is None or r["first"] < first_booking[0]:
                    first_booking = (r["first"], program)
            entries.append(Entry(title=localized_text(program, "title"), url=program.get_absolute_url(),
                                 meta=f"{_('โปรแกรมท่องเที่ยว')} · {program.community.name_th} · "
                                      f"{program.get_status_display()}", details=details))
        for activity in acts:
            entries.append(Entry(title=localized_text(activity, "title"), meta=f"{_('กิจกรรม')} · {localized_text(activity.community, 'name')}"))
        milestones = [Milestone(day=timezone.localtime(acts[0].created_at).date(),
                                label=_("กิจกรรมท่องเที่ยวแรก: %(t)s") % {"t": acts[0].title_th})]
        if progs:
            milestones.append(Milestone(day=timezone.localtime(progs[0].created_at).date(),
                                        label=_("โปรแกรมท่องเที่ยวแรก: %(t)s") % {"t": progs[0].title_th},
                                        url=progs[0].get_absolute_url()))
        if first_booking is not None:
            milestones.append(Milestone(day=first_booking[0], label=_("การเดินทางที่จองครั้งแรก: %(t)s") % {
                "t": first_booking[1].title_th}))
        figures = [Figure(label=_("โปรแกรมท่องเที่ยว"), value=len(progs)),
                   Figure(label=_("กิจกรรมท่องเที่ยว"), value=len(acts))]
        if private:
            figures += [Figure(label=_("การจองที่ยืนยันแล้ว"), value=n_bookings, kind="private_count"),
                        Figure(label=_("ผู้เดินทาง (คน)"), value=people, kind="private_count"),
                        Figure(label=_("มูลค่าการจอง"), value=value, kind="baht")]
        out[record_id] = LineageSection(
            key="tourism", title=_("ท่องเที่ยวชุมชน OTOP นวัตวิถี"), order=20, entries=entries, figures=figures,
            milestones=milestones, counts={PROGRAMS: len(progs)},
            money={BOOKING_VALUE: value} if private else {},
            monthly={_("มูลค่าการจอง"): monthly} if private else {})
    return out


def communities_featuring_records(*, record_ids: Iterable[int], user: Actor) -> list[tuple[int, int, str]]:
    """(record id, community id, community name) for each tourism community `user` may see that features
    a wisdom record — linked to the community itself or to one of its activities. One query."""
    from django.db.models import Q

    ids = list(record_ids)
    rows = (TourismCommunity.objects.visible_to(user)
            .filter(Q(wisdom_records__in=ids) | Q(activities__wisdom_records__in=ids))
            .values_list("wisdom_records", "activities__wisdom_records", "pk", "name_th"))
    found: set[tuple[int, int, str]] = set()
    for direct, via_activity, pk, name in rows:
        for record_id in (direct, via_activity):
            if record_id in ids:
                found.add((record_id, pk, name))
    return sorted(found)
