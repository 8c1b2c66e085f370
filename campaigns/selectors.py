"""Reads of the campaigns app: scoped, filtered, with related rows fetched in constant queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.actors import SYSTEM
from core.models import ProducerGroup
from core.permissions import Actor
from network import selectors as network_selectors
from products import selectors as products_selectors
from tourism import selectors as tourism_selectors
from tourism.choices import BookingStatus
from wisdom import selectors as wisdom_selectors

from .attribution import WINDOW, Touch, read_touch
from .choices import AttributedVia, Channel, ConversionKind, IssueStatus, OrderContact
from .filters import DevelopmentIssueFilter, SupportFilter
from .models import (
    AttributedSale,
    Campaign,
    Conversion,
    DevelopmentIssue,
    IssueAttachment,
    IssueComment,
    IssueStatusChange,
    LinkClickDay,
    LinkSessionDay,
    Support,
    TrackedLink,
)


def issue_list(*, user: Actor, data: Any = None) -> DevelopmentIssueFilter:
    """The issues `user` may see, filtered; returns the FilterSet (its .qs is the list)."""
    qs = (DevelopmentIssue.objects.visible_to(user).with_related()
          .annotate(comment_count=Count("comments", distinct=True)).order_by("-created_at", "-pk"))
    return DevelopmentIssueFilter(data or None, queryset=qs)


def issue_detail(*, user: Actor, pk: Any) -> DevelopmentIssue:
    """One issue with its thread; 404 unless `user` may see it."""
    qs = DevelopmentIssue.objects.with_related().prefetch_related(
        Prefetch("comments", queryset=IssueComment.objects.select_related("author__partner_organisation")),
        Prefetch("attachments", queryset=IssueAttachment.objects.select_related("uploaded_by")),
        Prefetch("status_changes", queryset=IssueStatusChange.objects.select_related("actor")),
        Prefetch("supports", queryset=Support.objects.visible_to(user).select_related("partner")),
    )
    return permissions.get_visible_or_404(qs, user, pk=pk)


def support_list(*, user: Actor, data: Any = None) -> SupportFilter:
    return SupportFilter(data or None, queryset=Support.objects.visible_to(user).with_related())


def partner_summary(*, user: Actor) -> dict[str, Any]:
    """For the partner portal: counts of my organisation's issues by status and support totals."""
    issues = DevelopmentIssue.objects.visible_to(user)
    by_status = dict(issues.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    totals = Support.objects.visible_to(user).aggregate(n=Count("pk"), value=Sum("value"))
    done = by_status.get("resolved", 0) + by_status.get("closed", 0)
    return {"by_status": by_status, "done": done, "support_count": totals["n"], "support_value": totals["value"] or 0}


def campaign_list(*, user: Actor) -> QuerySet[Campaign]:
    return (Campaign.objects.visible_to(user).select_related("owner")
            .annotate(post_count=Count("posts", distinct=True), link_count=Count("links", distinct=True))
            .order_by("-starts_on", "name"))


def campaign_detail(*, user: Actor, slug: str) -> Campaign:
    qs = Campaign.objects.select_related("owner").prefetch_related(
        "featured_products", "featured_programs", "featured_wisdom", "featured_events")
    return permissions.get_visible_or_404(qs, user, slug=slug)


def link_list(*, user: Actor, campaign: Campaign | None = None) -> QuerySet[TrackedLink]:
    qs = TrackedLink.objects.visible_to(user).select_related("campaign").annotate(
        total_clicks=Sum("click_days__count")).order_by("campaign_id", "code")
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    return qs


def _days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def campaign_metrics(*, campaign: Campaign) -> dict[str, Any]:
    """Totals of the posts, posts' metrics by channel, clicks per day (every day of the
    campaign's period up to today, zeros included) and clicks per target page."""
    posts = campaign.posts.all()
    metrics = ["reach", "impressions", "engagement", "clicks", "video_views"]
    totals = posts.aggregate(**{m: Sum(m) for m in metrics}, n=Count("pk"))
    by_channel: list[dict[str, Any]] = [
        dict(row) for row in posts.values("channel").annotate(**{m: Sum(m) for m in metrics}, n=Count("pk"))
        .order_by("channel")]
    for row in by_channel:
        row["label"] = Channel(row["channel"]).label if row["channel"] in Channel.values else row["channel"]
    clicks = dict(LinkClickDay.objects.filter(link__campaign=campaign).values("day")
                  .annotate(n=Sum("count")).values_list("day", "n"))
    end = min(campaign.ends_on, timezone.localdate())
    if clicks:
        end = max(end, max(clicks))
    start = min([campaign.starts_on, *clicks]) if clicks else campaign.starts_on
    if (end - start).days > 366:
        start = end - dt.timedelta(days=366)
    series = [(day, clicks.get(day, 0)) for day in _days(start, end)] if end >= start else []
    targets: dict[str, int] = {}
    for target, n in (LinkClickDay.objects.filter(link__campaign=campaign).values("link__target")
                      .annotate(n=Sum("count")).values_list("link__target", "n")):
        targets[target] = targets.get(target, 0) + n
    return {"totals": {m: totals[m] or 0 for m in metrics}, "post_count": totals["n"],
            "by_channel": by_channel, "click_series": series,
            "click_total": sum(clicks.values()),
            "targets": describe_targets(sorted(targets.items(), key=lambda kv: -kv[1]))}


# Portal pages a tracked link may lead to, named from their app's own selector (every row: SYSTEM).
_TARGET_SOURCES: dict[str, tuple[Callable[[], QuerySet[Any]], str]] = {
    "products:detail": (lambda: products_selectors.products_visible_to(user=SYSTEM), "name_th"),
    "tourism:program_detail": (lambda: tourism_selectors.programs_visible_to(user=SYSTEM), "title_th"),
    "tourism:community_detail": (lambda: tourism_selectors.communities_visible_to(user=SYSTEM), "name_th"),
    "wisdom:detail": (lambda: wisdom_selectors.records_visible_to(user=SYSTEM), "title_th"),
    "network:event_detail": (lambda: network_selectors.events_visible_to(user=SYSTEM), "title"),
    "core:group_detail": (lambda: ProducerGroup.objects.all(), "name_th"),
}


def describe_targets(rows: Iterable[tuple[str, int]]) -> list[dict[str, Any]]:
    """[(target, clicks)] -> [{"target", "clicks", "kind", "name"}]: portal pages of products,
    programs, communities, wisdom and events are named (one query per kind, not per row)."""
    wanted: dict[str, set[str]] = {}
    resolved: list[tuple[str, int, str | None, str | None]] = []
    for target, n in rows:
        url_name, slug = None, None
        if target.startswith("/"):
            try:
                match = resolve(target.split("?", 1)[0])
                url_name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
                slug = match.kwargs.get("slug")
            except Resolver404:
                pass
        if url_name in _TARGET_SOURCES and slug:
            wanted.setdefault(url_name, set()).add(slug)
        resolved.append((target, n, url_name, slug))
    names: dict[tuple[str | None, str | None], tuple[Any, str]] = {}
    for url_name, slugs in wanted.items():
        source, field = _TARGET_SOURCES[url_name]
        qs = source()
        for slug, name in qs.filter(slug__in=slugs).values_list("slug", field):
            names[(url_name, slug)] = (qs.model._meta.verbose_name, name)
    out = []
    for target, n, url_name, slug in resolved:
        kind, name = names.get((url_name, slug), ("" if target.startswith("/") else "external", ""))
        out.append({"target": target, "clicks": n, "kind": kind, "name": name,
                    "external": not target.startswith("/")})
    return out


# --- Attribution: from a tracked link to bookings, order contacts and sales ------------------------

ATTRIBUTION_RULE = _(
    "ผลลัพธ์แต่ละรายการนับให้ลิงก์ติดตามผลล่าสุดที่ผู้เข้าชมเปิด (ลิงก์หรือ QR) ภายใน 30 วันก่อนจองหรือกดติดต่อ "
    "โดยต้องเปิดลิงก์ระหว่างช่วงเวลาของแคมเปญ หากนักท่องเที่ยวกรอกรหัสจากงานแสดงสินค้าในแบบฟอร์มจอง "
    "รหัสนั้นถือเป็นลิงก์ล่าสุด (แคมเปญต้องยังไม่สิ้นสุด) ไม่นับการจองที่ชุมชนปฏิเสธ "
    "ผู้ที่ตั้งค่า Do-Not-Track จะไม่ถูกติดตาม")


@dataclass(frozen=True)
class Attribution:
    """The link a conversion is credited to, how (cookie or typed code) and when the link was followed."""

    link: TrackedLink
    via: str
    touched_at: dt.datetime | None


def normalise_human_code(code: str | None) -> str:
    """What a person types (" at-fair-24 ") → the stored form ("AT-FAIR-24")."""
    return "".join((code or "").split()).upper().replace("–", "-").replace("—", "-")


def campaign_running(campaign: Campaign, day: dt.date) -> bool:
    return campaign.starts_on <= day <= campaign.ends_on


def attribution_for(*, touch: Touch | None, code: str = "", at: dt.datetime | None = None) -> Attribution | None:
    """THE attribution rule (last tracked link within 30 days), applied to every booking, order contact and
    sale. ``touch`` is the visitor's last followed link (campaigns.attribution.read_touch: signature and
    age already checked), ``code`` a human code typed in at ``at`` (default now).

    - A typed code is the latest touch and wins; an unknown code, or one whose campaign is not running on
      ``at``'s day, is refused with a Thai ValidationError on ``source_code`` (nothing is saved).
    - Otherwise the touch counts when it is at most 30 days before ``at``, its link still exists with the
      campaign and channel the cookie names, and that campaign was running on the day of the touch.
    - Otherwise: None (not attributed)."""
    at = at or timezone.now()
    code = normalise_human_code(code)
    if code:
        link = TrackedLink.objects.select_related("campaign").filter(human_code=code).first()
        if link is None:
            raise ValidationError({"source_code": _("ไม่พบรหัส “%(code)s” กรุณาตรวจสอบรหัสบนการ์ดหรือฉลากอีกครั้ง")
                                   % {"code": code[:20]}}, code="unknown_code")
        if not campaign_running(link.campaign, timezone.localdate(at)):
            raise ValidationError({"source_code": _("รหัส “%(code)s” เป็นของแคมเปญที่สิ้นสุดแล้วหรือยังไม่เริ่ม "
                                                    "จึงใช้ไม่ได้") % {"code": code}}, code="ended_code")
        return Attribution(link=link, via=AttributedVia.CODE, touched_at=None)
    if touch is None or touch.at > at + dt.timedelta(minutes=5) or at - touch.at > WINDOW:
        return None
    link = (TrackedLink.objects.select_related("campaign")
            .filter(pk=touch.link_id, campaign_id=touch.campaign_id, channel=touch.channel).first())
    if link is None or not campaign_running(link.campaign, timezone.localdate(touch.at)):
        return None
    return Attribution(link=link, via=AttributedVia.COOKIE, touched_at=touch.at)


def request_touch(*, request: HttpRequest) -> dict[str, Any]:
    """For the hook ``tourism.booking_attribution``: the visitor's touch from the signed cookie."""
    return {"touch": read_touch(request)}


def order_links(*, product: Any) -> dict[str, str]:
    """For the hook ``products.order_links``: the product page's "where to buy" contacts through
    /order/<slug>/<contact>, which credit an order contact to the visitor's link, then go on."""
    present = {OrderContact.SHOP: product.online_shop_url, OrderContact.FACEBOOK: product.facebook_url,
               OrderContact.LINE: product.line_id, OrderContact.PHONE: getattr(product.group, "phone", "")}
    return {str(kind): reverse("campaigns:order_contact", kwargs={"slug": product.slug, "contact": kind})
            for kind, value in present.items() if value}


def order_contact_target(*, product: Any, contact: str) -> str | None:
    """Where an order contact of `product` leads (its own shop/Facebook URL, LINE, the group's phone)."""
    if contact == OrderContact.SHOP and product.online_shop_url:
        return str(product.online_shop_url)
    if contact == OrderContact.FACEBOOK and product.facebook_url:
        return str(product.facebook_url)
    if contact == OrderContact.LINE and product.line_id:
        line = product.line_id.strip()
        return "https://line.me/R/ti/p/" + quote(line if line.startswith("@") else "~" + line.lstrip("~"),
                                                  safe="@~")
    phone = getattr(product.group, "phone", "")
    if contact == OrderContact.PHONE and phone:
        return "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")
    return None


def link_by_human_code(*, code: str) -> TrackedLink | None:
    code = normalise_human_code(code)
    return TrackedLink.objects.select_related("campaign").filter(human_code=code).first() if code else None


def sales_visible_to(*, user: Actor) -> QuerySet[AttributedSale]:
    return (AttributedSale.objects.visible_to(user)
            .select_related("link__campaign", "group", "product", "product_sale__income_record")
            .order_by("-sold_on", "-pk"))


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def campaign_funnel(*, campaign: Campaign) -> dict[str, Any]:
    """The funnel of `campaign` per link and per channel: clicks/scans → visits (attribution cookies set)
    → bookings (count, people, value; declined ones left out) → order contacts → attributed sales (count,
    value), with the booking rate (bookings ÷ visits) and, when the campaign has a budget, the cost per
    booking; and weekly series for the chart. A constant number of queries, whatever the number of links."""
    links = list(TrackedLink.objects.filter(campaign=campaign).order_by("channel", "code"))
    clicks = dict(LinkClickDay.objects.filter(link__campaign=campaign).values("link")
                  .annotate(n=Sum("count")).values_list("link", "n"))
    sessions = dict(LinkSessionDay.objects.filter(link__campaign=campaign).values("link")
                    .annotate(n=Sum("count")).values_list("link", "n"))
    counted = Conversion.objects.filter(link__campaign=campaign).exclude(
        kind=ConversionKind.BOOKING, booking__status=BookingStatus.DECLINED)
    bookings = {row["link"]: row for row in counted.filter(kind=ConversionKind.BOOKING).values("link").annotate(
        n=Count("pk"), people=Sum("booking__people"), value=Sum("booking__total_price"))}
    contacts = dict(counted.filter(kind=ConversionKind.CONTACT).values("link").annotate(n=Count("pk"))
                    .values_list("link", "n"))
    sales = {row["link"]: row for row in AttributedSale.objects.filter(link__campaign=campaign).values("link")
             .annotate(n=Count("pk"), value=Sum("amount"))}
    zero = Decimal("0")

    def row_for(label: str, items: list[TrackedLink], link: TrackedLink | None = None) -> dict[str, Any]:
        ids = [item.pk for item in items]
        row: dict[str, Any] = {
            "label": label, "link": link,
            "clicks": sum(clicks.get(i, 0) for i in ids),
            "sessions": sum(sessions.get(i, 0) for i in ids),
            "bookings": sum(bookings[i]["n"] for i in ids if i in bookings),
            "people": sum(bookings[i]["people"] or 0 for i in ids if i in bookings),
            "booking_value": sum((bookings[i]["value"] or zero for i in ids if i in bookings), zero),
            "contacts": sum(contacts.get(i, 0) for i in ids),
            "sales": sum(sales[i]["n"] for i in ids if i in sales),
            "sales_value": sum((sales[i]["value"] or zero for i in ids if i in sales), zero),
        }
        row["booking_rate"] = _ratio(row["bookings"], row["sessions"])
        row["booking_pct"] = round(row["booking_rate"] * 100, 1) if row["booking_rate"] is not None else None
        return row

    by_link = [row_for(link.label or f"/go/{link.code}", [link], link) for link in links]
    channels: dict[str, list[TrackedLink]] = {}
    for link in links:
        channels.setdefault(link.channel, []).append(link)
    by_channel = [row_for(str(Channel(ch).label) if ch in Channel.values else ch, items)
                  for ch, items in channels.items()]
    total = row_for(str(_("รวมทั้งแคมเปญ")), links)
    budget = Decimal(str(campaign.budget or 0))
    total["cost_per_booking"] = (budget / total["bookings"]).quantize(Decimal("0.01")) \
        if budget and total["bookings"] else None
    total["cost_per_session"] = (budget / total["sessions"]).quantize(Decimal("0.01")) \
        if budget and total["sessions"] else None
    return {"by_link": by_link, "by_channel": by_channel, "total": total, "budget": budget,
            "weeks": _funnel_weeks(campaign, counted), "rule": ATTRIBUTION_RULE}


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _funnel_weeks(campaign: Campaign, counted: QuerySet[Conversion]) -> list[dict[str, Any]]:
    """Per week (Monday) from the campaign's start to the last week with data: clicks, visits, bookings."""
    weekly: dict[dt.date, dict[str, int]] = {}

    def add(day: dt.date, key: str, n: int) -> None:
        weekly.setdefault(_week_start(day), {"clicks": 0, "sessions": 0, "bookings": 0})[key] += n

    for day, n in LinkClickDay.objects.filter(link__campaign=campaign).values_list("day", "count"):
        add(day, "clicks", n)
    for day, n in LinkSessionDay.objects.filter(link__campaign=campaign).values_list("day", "count"):
        add(day, "sessions", n)
    for day, n in (counted.filter(kind=ConversionKind.BOOKING)
                   .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
                   .values("day").annotate(n=Count("pk")).values_list("day", "n")):
        add(day, "bookings", n)
    start = _week_start(campaign.starts_on)
    end = max([_week_start(min(campaign.ends_on, timezone.localdate())), *weekly]) if weekly else \
        _week_start(min(campaign.ends_on, timezone.localdate()))
    start = min([start, *weekly]) if weekly else start
    if (end - start).days > 7 * 60:
        start = end - dt.timedelta(weeks=60)
    out = []
    week = start
    while week <= end:
        out.append({"week": week, **weekly.get(week, {"clicks": 0, "sessions": 0, "bookings": 0})})
        week += dt.timedelta(weeks=1)
    return out


# --- Workspaces (/me/) -------------------------------------------------------------------------


def issues_raised(*, user: Actor) -> QuerySet[DevelopmentIssue]:
    """The producer's workspace: issues they raised or raised for their groups and not yet closed,
    the most recently changed first, with their status. One query."""
    if not permissions.is_producer(user):
        return DevelopmentIssue.objects.none()
    return (DevelopmentIssue.objects.visible_to(user).exclude(status=IssueStatus.CLOSED)
            .select_related("group").order_by("-updated_at", "-pk"))


def issues_unassigned(*, user: Actor) -> QuerySet[DevelopmentIssue]:
    """The staff workspace: issues no partner holds — open, or declined back to staff — oldest first."""
    if not permissions.is_staff_user(user):
        return DevelopmentIssue.objects.none()
    return (DevelopmentIssue.objects.filter(status__in=[IssueStatus.OPEN, IssueStatus.DECLINED])
            .select_related("group").order_by("created_at", "pk"))


def issues_awaiting_partner(*, user: Actor) -> QuerySet[DevelopmentIssue]:
    """The partner's workspace: issues assigned to their organisation awaiting accept or decline,
    oldest assignment first (``assigned_at``). One query."""
    if not permissions.is_partner(user):
        return DevelopmentIssue.objects.none()
    assigned_at = Subquery(IssueStatusChange.objects.filter(issue_id=OuterRef("pk"), to_status=IssueStatus.ASSIGNED)
                           .order_by("-created_at").values("created_at")[:1])
    return (DevelopmentIssue.objects.visible_to(user).filter(status=IssueStatus.ASSIGNED)
            .annotate(assigned_at=assigned_at).select_related("group")
            .order_by(F("assigned_at").asc(nulls_first=True), "pk"))


def issues_stale(*, user: Actor, days: int = 14, now: Any = None) -> QuerySet[DevelopmentIssue]:
    """The partner's workspace: issues of their organisation in progress with no comment, progress
    note or status change for `days` days (``last_activity``), longest silent first. One query."""
    if not permissions.is_partner(user):
        return DevelopmentIssue.objects.none()
    since = (now or timezone.now()) - dt.timedelta(days=days)
    last_comment = Subquery(IssueComment.objects.filter(issue_id=OuterRef("pk")).order_by("-created_at")
                            .values("created_at")[:1])
    last_change = Subquery(IssueStatusChange.objects.filter(issue_id=OuterRef("pk")).order_by("-created_at")
                           .values("created_at")[:1])
    return (DevelopmentIssue.objects.visible_to(user).filter(status=IssueStatus.IN_PROGRESS)
            .annotate(last_activity=Greatest(Coalesce(last_comment, F("created_at")),
                                             Coalesce(last_change, F("created_at"))))
            .filter(last_activity__lt=since).select_related("group").order_by("last_activity", "pk"))


def supports_to_complete(*, user: Actor) -> QuerySet[Support]:
    """The partner's workspace: their organisation's support records whose outcome is not written
    yet, oldest first. One query."""
    if not permissions.is_partner(user):
        return Support.objects.none()
    return Support.objects.editable_by(user).filter(outcome="").with_related().order_by("date", "pk")
