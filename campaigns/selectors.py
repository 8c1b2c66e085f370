"""Reads of the campaigns app: scoped, filtered, with related rows fetched in constant queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
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

from .choices import Channel
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
