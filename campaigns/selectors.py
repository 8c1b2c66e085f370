"""Reads of the campaigns app: scoped, filtered, with related rows fetched in constant queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, Greatest
from django.urls import Resolver404, resolve
from django.utils import timezone

from core import permissions
from core.actors import SYSTEM
from core.models import ProducerGroup
from core.permissions import Actor
from network import selectors as network_selectors
from products import selectors as products_selectors
from tourism import selectors as tourism_selectors
from wisdom import selectors as wisdom_selectors

from .choices import Channel, IssueStatus
from .filters import DevelopmentIssueFilter, SupportFilter
from .models import (
    Campaign,
    DevelopmentIssue,
    IssueAttachment,
    IssueComment,
    IssueStatusChange,
    LinkClickDay,
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
