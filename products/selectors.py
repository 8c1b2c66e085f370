"""Reads of the products app: querysets with their joins designed (constant query counts).

Hooks this app asks (core.registry); higher apps contribute in their AppConfig.ready():

``products.related_programs`` — called as ``registry.collect("products.related_programs", user=user,
product=product)`` by the product page. A contribution takes the keywords ``user`` (the viewer,
possibly anonymous) and ``product`` and returns a queryset of what that user may see (tourism:
``selectors.programs_featuring_product`` — the programs of the communities the product's group
belongs to). The page shows the first contribution's rows; none registered → no programs.

``products.training_choices`` — called as ``registry.collect("products.training_choices", user=user)``
for the "training attended" choice of the online-marketing checklist (page form and API). A
contribution takes the keyword ``user`` (the producer or staff member acting) and returns a
queryset of ``network.Event`` rows that user may see, ordered by ``-starts_at`` (the network app
registers it in network/apps.py). The first contribution is used; ``training_choices(user=)``
and ``training_for(user=, pk=)`` below read through it. None registered → no training may be chosen
(the field offers no choices; an API ``training_id`` is refused as not found).

``products.order_links`` — called as ``registry.collect("products.order_links", product=product)`` by the
product page. A contribution returns a dict from a "where to buy" contact (``shop``, ``facebook``,
``line``, ``phone``) to the URL the page links it through (campaigns: ``/order/<slug>/<contact>``, which
credits the click to the visitor's campaign link and goes on). The first contribution is used; none →
the page links the product's own URLs.

Hook this app contributes to: ``wisdom.record_detail_prefetches`` (registered in apps.py):
``record_products_prefetch(user=)``, the published products built on a wisdom record.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Exists, JSONField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions, registry
from core.i18n_content import localized_text
from core.models import District
from core.permissions import Actor
from core.querysets import built_once_for_anonymous
from core.thai_dates import format_date
from wisdom.selectors import holders_named_publicly, records_visible_to

from .choices import STAGE_ORDER, Stage
from .models import (
    Assessment,
    Certification,
    DevelopmentProject,
    Product,
    ProductPhoto,
    Quadrant,
    StageRecord,
    StarRating,
)

RELATED_PROGRAMS = "products.related_programs"
ORDER_LINKS = "products.order_links"
TRAINING_CHOICES = "products.training_choices"


def _latest_stars() -> dict[str, Subquery]:
    latest = StarRating.objects.filter(product=OuterRef("pk")).order_by("-year")
    return {"latest_stars": Subquery(latest.values("stars")[:1]),
            "latest_star_year": Subquery(latest.values("year")[:1])}


@built_once_for_anonymous
def product_list(*, user: Actor) -> QuerySet[Product]:
    """Products the user may see, with group/area, cover photo and latest stars (fixed queries)."""
    return (Product.objects.visible_to(user)
            .select_related("group__subdistrict__district")
            .prefetch_related(Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id")))
            .annotate(**_latest_stars()))


def product_cards(*, user: Actor) -> QuerySet[Product]:
    """product_list for the cards (list page, home page) in one query: the first photo (what the card shows:
    its id, thumbnail and caption) as annotations instead of a prefetch of every photo."""
    first = ProductPhoto.objects.filter(product=OuterRef("pk")).order_by("position", "id")
    return product_list(user=user).prefetch_related(None).annotate(cover=Subquery(
        first.values(json=JSONObject(id="pk", thumbnail="thumbnail", caption="caption"))[:1], output_field=JSONField()))


def card_photo(product: Product) -> ProductPhoto | None:
    """The card's photo: from product_cards' annotations (an unsaved instance holding what the card reads),
    else the first of the prefetched photos."""
    if not hasattr(product, "cover"):
        photos = product.photos.all()
        return photos[0] if photos else None
    cover = product.cover
    if cover is None:
        return None
    return ProductPhoto(pk=cover["id"], product_id=product.pk, thumbnail=cover["thumbnail"], caption=cover["caption"])


def product_api_list(*, user: Actor) -> QuerySet[Product]:
    return product_list(user=user).prefetch_related(
        "certifications", "star_ratings", Prefetch("wisdom_records", to_attr="linked_wisdom_all"))


def product_detail(*, user: Actor, slug: str) -> Product:
    return permissions.get_visible_or_404(
        product_list(user=user).prefetch_related(
            Prefetch("certifications", queryset=Certification.objects.order_by("kind", "-expires_on")),
            "star_ratings"),
        user, slug=slug)


def visible_wisdom(*, user: Actor, product: Product) -> QuerySet[Any]:
    """Wisdom records linked to the product that this viewer may see (the wisdom app decides)."""
    return records_visible_to(user=user).filter(products=product).select_related("subdistrict")


def visible_wisdom_prefetch(*, user: Actor, to_attr: str = "visible_wisdom") -> Prefetch:
    """A Prefetch of each product's wisdom records this viewer may see (lists and the API)."""
    return Prefetch("wisdom_records", queryset=records_visible_to(user=user), to_attr=to_attr)


def wisdom_choices(*, user: Actor) -> QuerySet[Any]:
    """The wisdom records a user may link a product to (those they may see)."""
    return records_visible_to(user=user)


def assessments_for(*, user: Actor, product: Product) -> QuerySet[Assessment]:
    """Quadrant history by year (owner group and staff only)."""
    return (Assessment.objects.visible_to(user).filter(product=product)
            .select_related("quadrant", "computed_quadrant", "override_quadrant", "assessed_by")
            .prefetch_related("answer_rows__option").order_by("-fiscal_year"))


def related_programs(*, user: Actor, product: Product) -> Any:
    """Tourism programs featuring the product, as the viewer may see them: asked through the hook
    ``products.related_programs`` (tourism contributes it); the first contribution, else none."""
    found = registry.collect(RELATED_PROGRAMS, user=user, product=product)
    return found[0] if found else []


def order_links(*, product: Product) -> dict[str, str]:
    """The product page's "where to buy" links through the hook ``products.order_links`` ({} if none)."""
    found = registry.collect(ORDER_LINKS, product=product)
    return found[0] if found else {}


def training_choices(*, user: Actor) -> Any:
    """Trainings (network events) `user` may name on the marketing checklist, newest first, through
    the hook ``products.training_choices``; None when no app contributes it."""
    found = registry.collect(TRAINING_CHOICES, user=user)
    return found[0] if found else None


def training_for(*, user: Actor, pk: int) -> Any:
    """One training `user` may name, by id, or None (not found, not visible, or no hook)."""
    choices = training_choices(user=user)
    return None if choices is None else choices.filter(pk=pk).first()


def record_products_prefetch(*, user: Actor) -> Prefetch:
    """Contribution to the wisdom hook ``wisdom.record_detail_prefetches``: the published products
    built on a wisdom record (with their group, by Thai name) as ``record.published_products``."""
    products = (Product.objects.visible_to(user).published().select_related("group").order_by("name_th"))
    return Prefetch("products", queryset=products, to_attr="published_products")


def project_list(*, user: Actor) -> QuerySet[DevelopmentProject]:
    today = timezone.localdate()
    overdue = StageRecord.objects.filter(project=OuterRef("pk"), target_date__lt=today, actual_date__isnull=True)
    return (DevelopmentProject.objects.visible_to(user)
            .select_related("group__subdistrict__district", "product", "partner")
            .annotate(is_overdue=Exists(overdue)))


def project_board(*, projects: Any) -> list[dict[str, Any]]:
    """Columns of the kanban board: [{"stage", "label", "projects"}] in stage order."""
    by_stage: dict[str, list[Any]] = defaultdict(list)
    for project in projects:
        by_stage[project.stage].append(project)
    return [{"stage": s, "label": Stage(s).label, "projects": by_stage.get(s, [])} for s in STAGE_ORDER]


def project_detail(*, user: Actor, pk: Any) -> DevelopmentProject:
    return permissions.get_visible_or_404(
        project_list(user=user).prefetch_related(
            Prefetch("stage_records", queryset=StageRecord.objects.select_related("moved_by")
                     .prefetch_related("attachments").order_by("id")),
            "transitions__moved_by"),
        user, pk=pk)


def quadrant_chart(*, fiscal_year: int) -> dict[str, Any]:
    """Products per quadrant per district for a fiscal year, and how many moved out of D
    (D in the previous fiscal year, another quadrant in this one). Three queries."""
    quadrants = list(Quadrant.objects.order_by("code"))
    districts = list(District.objects.filter(province_id="15").order_by("code"))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = Assessment.objects.filter(fiscal_year__in=[fiscal_year, fiscal_year - 1]).values_list(
        "product_id", "fiscal_year", "quadrant__code", "product__group__subdistrict__district_id")
    this_year: dict[int, str | None] = {}
    last_year: dict[int, str | None] = {}
    district_of: dict[int, Any] = {}
    for product_id, fy, code, district in rows:
        (this_year if fy == fiscal_year else last_year)[product_id] = code
        district_of[product_id] = district
    moved: dict[str, int] = defaultdict(int)
    for product_id, got in this_year.items():
        counts[district_of[product_id]][got or "none"] += 1
        if last_year.get(product_id) == "D" and got and got != "D":
            moved[district_of[product_id]] += 1
    table = []
    max_count = max([c for d in counts.values() for c in d.values()] or [1])
    for d in districts:
        cells = [{"quadrant": q, "count": counts[d.code][q.code],
                  "width": round(100 * counts[d.code][q.code] / max_count)} for q in quadrants]
        table.append({"district": d, "cells": cells, "unclassified": counts[d.code]["none"],
                      "moved_out_of_d": moved[d.code], "total": sum(counts[d.code].values())})
    totals = {q.code: sum(counts[d][q.code] for d in counts) for q in quadrants}
    return {"fiscal_year": fiscal_year, "quadrants": quadrants, "rows": table, "totals": totals,
            "moved_out_of_d": sum(moved.values()), "max_count": max_count}


# --- used by tourism ---


def products_visible_to(*, user: permissions.Actor) -> QuerySet[Product]:
    """Products `user` may see, by the products app's own rule (callers add their filters)."""
    return Product.objects.visible_to(user)


# --- used by campaigns ---


def projects_visible_to(*, user: permissions.Actor) -> QuerySet[DevelopmentProject]:
    """Development projects `user` may see, by the products app's own rule (callers add their filters)."""
    return DevelopmentProject.objects.visible_to(user)


# --- Workspaces (/me/) -------------------------------------------------------------------------


def projects_next_steps(*, user: Actor) -> QuerySet:
    """The producer's workspace: the development projects of the user's groups that have a next stage
    (not yet at follow-up), oldest first, annotated so that ``services.stage_requirements_missing``
    asks no query per project (``has_assessment``, ``has_prototype_photo``) and with the group's
    district joined (whom to ask). One query."""
    from .choices import AttachmentKind
    from .models import StageAttachment

    return (DevelopmentProject.objects.filter(group_id__in=permissions.producer_group_ids(user))
            .exclude(stage=Stage.FOLLOW_UP)
            .annotate(has_assessment=Exists(Assessment.objects.filter(product_id=OuterRef("product_id"))),
                      has_prototype_photo=Exists(StageAttachment.objects.filter(
                          stage_record__project_id=OuterRef("pk"), stage_record__stage=Stage.PROTOTYPE,
                          kind=AttachmentKind.IMAGE)))
            .select_related("product", "group__subdistrict__district")
            .order_by("created_at", "pk"))


def standards_expiring(*, user: Actor, days: int = 90, today: Any = None) -> QuerySet:
    """The producer's workspace: standards of their groups' products that expire within `days` days
    from today (today included; already expired ones are not "expiring"), soonest first. One query."""
    import datetime as dt

    today = today or timezone.localdate()
    return (Certification.objects.filter(product__group_id__in=permissions.producer_group_ids(user),
                                         expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=days))
            .select_related("product").order_by("expires_on", "pk"))


def products_awaiting_publication(*, user: Actor) -> QuerySet:
    """The staff workspace: products still in draft, oldest first (staff only). One query."""
    from .choices import PublishStatus

    if not permissions.is_staff_user(user):
        return Product.objects.none()
    return Product.objects.filter(status=PublishStatus.DRAFT).select_related("group").order_by("created_at", "pk")


# --- used by evaluation ---


def products_of_groups(*, group_ids: Any) -> QuerySet[Product]:
    """Every product of these producer groups (any status: a product unpublished later still sold),
    by Thai name — the products a group may attribute its monthly sales to."""
    return Product.objects.filter(group_id__in=list(group_ids)).order_by("name_th", "pk")


def products_of_all_groups() -> QuerySet[Product]:
    """Every product, unscoped: the choices of another app's serializer field whose service checks
    the product against the caller's group itself (evaluation's product-sales breakdown)."""
    return Product.objects.all()


def credited_holders(*, wisdom: list[Any]) -> list[Any]:
    """The knowledge holders of these (visible) wisdom records a public page may credit: only those who
    consent today to being named in public (wisdom.selectors.holders_named_publicly). One query."""
    return holders_named_publicly(record_ids=[w.pk for w in wisdom]) if wisdom else []


# --- Lineage of a wisdom record (issue 17; hook ``wisdom.lineage``, see wisdom/lineage.py) ----------


def wisdom_lineage(*, records: list[Any], user: Actor, private: bool,
                   fiscal_year: int | None = None) -> dict[int, Any]:
    """The products built on each record that `user` may see (existing by the end of `fiscal_year`),
    each with its quadrant per fiscal year and its development projects with their stages (both only
    where the viewer may see them: staff, the owning group, the designing partner). Four queries."""
    from wisdom.lineage import PRODUCTS, Entry, Figure, LineageSection, Milestone, fiscal_year_bounds

    ids = [r.pk for r in records]
    _start, end = fiscal_year_bounds(fiscal_year)
    visible = Product.objects.visible_to(user)
    if end is not None:
        visible = visible.filter(created_at__date__lte=end)
    links = list(Product.wisdom_records.through.objects.filter(wisdomrecord_id__in=ids, product__in=visible)
                 .values_list("wisdomrecord_id", "product_id"))
    if not links:
        return {}
    products = {p.pk: p for p in Product.objects.filter(pk__in={pk for _r, pk in links}).select_related("group")
                .prefetch_related(
                    Prefetch("assessments", queryset=Assessment.objects.visible_to(user)
                             .select_related("quadrant").order_by("fiscal_year"), to_attr="lineage_assessments"),
                    Prefetch("development_projects", queryset=DevelopmentProject.objects.visible_to(user)
                             .prefetch_related(Prefetch("stage_records", queryset=StageRecord.objects.order_by("id")))
                             .order_by("fiscal_year", "pk"), to_attr="lineage_projects"))
                .order_by("created_at", "pk")}
    per_record: dict[int, list[Product]] = defaultdict(list)
    for record_id, product_id in links:
        per_record[record_id].append(products[product_id])
    out: dict[int, Any] = {}
    for record_id, found in per_record.items():
        found.sort(key=lambda p: (p.created_at, p.pk))
        entries, milestones = [], []
        for product in found:
            details = [_("กลุ่ม %(q)s ปีงบประมาณ %(y)s") % {"q": a.quadrant.code if a.quadrant else "-", "y": a.fiscal_year}
                       for a in getattr(product, "lineage_assessments", [])]
            for project in getattr(product, "lineage_projects", []):
                reached = [f"{s.get_stage_display()} ({format_date(s.actual_date)})"
                           for s in project.stage_records.all() if s.actual_date]
                details.append(_("โครงการพัฒนา “%(t)s” ปี %(y)s ขั้นตอนปัจจุบัน: %(s)s · %(r)s") % {
                    "t": project.title, "y": project.fiscal_year, "s": project.get_stage_display(),
                    "r": " → ".join(reached) or "-"})
                milestones.append(Milestone(day=timezone.localtime(project.created_at).date(),
                                            label=_("โครงการพัฒนาผลิตภัณฑ์: %(t)s") % {"t": project.title}))
            entries.append(Entry(title=localized_text(product, "name"), url=product.get_absolute_url(),
                                 meta=f"{product.group.name_th} · {product.get_status_display()}", details=details))
        first = found[0]
        milestones.append(Milestone(day=timezone.localtime(first.created_at).date(),
                                    label=_("ผลิตภัณฑ์แรก: %(t)s") % {"t": first.name_th}, url=first.get_absolute_url()))
        out[record_id] = LineageSection(
            key="products", title=_("ผลิตภัณฑ์ OTOP"), order=10, entries=entries,
            figures=[Figure(label=_("ผลิตภัณฑ์"), value=len(found))], milestones=milestones,
            counts={PRODUCTS: len(found)})
    return out
