"""The campaigns app's part of a wisdom record's lineage (issue 17; hook ``wisdom.lineage``, see
wisdom/lineage.py): the campaigns that featured the record, one of the products built on it or one of the
programs whose activities feature it, with their tracked links' clicks. Campaigns are staff's back-office
data (``StaffOnlyQuerySet``): nobody else gets this section."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _

from core import permissions
from core.thai_dates import format_date

from .models import Campaign, LinkClickDay


def wisdom_lineage(*, records: list[Any], user: Any, private: bool,
                   fiscal_year: int | None = None) -> dict[int, Any]:
    """Four queries (none for a viewer who may see no campaign)."""
    from wisdom.lineage import Entry, Figure, LineageSection, Milestone, fiscal_year_bounds

    if not permissions.is_staff_user(user):
        return {}
    campaigns_qs = Campaign.objects.visible_to(user)
    ids = [r.pk for r in records]
    start, end = fiscal_year_bounds(fiscal_year)
    if end is not None:
        campaigns_qs = campaigns_qs.filter(starts_on__lte=end)
    links: set[tuple[int, int]] = set()
    for path in ("featured_wisdom", "featured_products__wisdom_records",
                 "featured_programs__items__activity__wisdom_records"):
        for record_id, campaign_id in campaigns_qs.filter(**{f"{path}__in": ids}).values_list(path, "pk"):
            if record_id in ids:
                links.add((record_id, campaign_id))
    if not links:
        return {}
    campaigns = {c.pk: c for c in Campaign.objects.filter(pk__in={c for _r, c in links})}
    clicks_qs = LinkClickDay.objects.filter(link__campaign_id__in=list(campaigns))
    if start is not None:
        clicks_qs = clicks_qs.filter(day__gte=start, day__lte=end)
    clicks = dict(clicks_qs.values("link__campaign_id").annotate(n=Sum("count")).values_list("link__campaign_id", "n"))
    per_record: dict[int, list[Campaign]] = defaultdict(list)
    for record_id, campaign_id in links:
        per_record[record_id].append(campaigns[campaign_id])
    out: dict[int, Any] = {}
    for record_id, found in per_record.items():
        found.sort(key=lambda c: (c.starts_on, c.pk))
        entries = [Entry(title=c.name, url=c.get_absolute_url(),
                         meta=f"{format_date(c.starts_on)} – {format_date(c.ends_on)}"
                              + (" · " + _("คลิก %(n)s ครั้ง") % {"n": f"{clicks.get(c.pk, 0):,}"} if private else ""))
                   for c in found]
        figures = [Figure(label=_("แคมเปญประชาสัมพันธ์"), value=len(found), kind="private_count")]
        if private:
            figures.append(Figure(label=_("คลิกลิงก์ติดตามผล"), value=sum(clicks.get(c.pk, 0) for c in found),
                                  kind="private_count"))
        out[record_id] = LineageSection(
            key="campaigns", title=_("แคมเปญประชาสัมพันธ์"), order=50, entries=entries, figures=figures,
            milestones=[Milestone(day=found[0].starts_on, label=_("แคมเปญแรก: %(t)s") % {"t": found[0].name},
                                  url=found[0].get_absolute_url())])
    return out
