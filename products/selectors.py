"""Reads of the products app: querysets with their joins designed (constant query counts)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.utils import timezone

from core import permissions
from core.models import District

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


def _latest_stars():
    latest = StarRating.objects.filter(product=OuterRef("pk")).order_by("-year")
    return {"latest_stars": Subquery(latest.values("stars")[:1]),
            "latest_star_year": Subquery(latest.values("year")[:1])}


def product_list(*, user):
    """Products the user may see, with group/area, cover photo and latest stars (fixed queries)."""
    return (Product.objects.visible_to(user)
            .select_related("group__subdistrict__district")
            .prefetch_related(Prefetch("photos", queryset=ProductPhoto.objects.order_by("position", "id")))
            .annotate(**_latest_stars()))


def product_api_list(*, user):
    return product_list(user=user).prefetch_related(
        "certifications", "star_ratings", Prefetch("wisdom_records", to_attr="linked_wisdom_all"))


def product_detail(*, user, slug: str) -> Product:
    return permissions.get_visible_or_404(
        product_list(user=user).prefetch_related(
            Prefetch("certifications", queryset=Certification.objects.order_by("kind", "-expires_on")),
            "star_ratings"),
        user, slug=slug)


def visible_wisdom(*, user, product: Product):
    """Wisdom records linked to the product that this viewer may see (the wisdom app decides)."""
    from wisdom.models import WisdomRecord

    return WisdomRecord.objects.visible_to(user).filter(products=product).select_related("subdistrict")


def assessments_for(*, user, product: Product):
    """Quadrant history by year (owner group and staff only)."""
    return (Assessment.objects.visible_to(user).filter(product=product)
            .select_related("quadrant", "computed_quadrant", "override_quadrant", "assessed_by")
            .prefetch_related("answer_rows__option").order_by("-fiscal_year"))


def related_programs(*, user, product: Product):
    """Published tourism programs of communities the product's group belongs to."""
    from tourism.models import Program

    return (Program.objects.visible_to(user).filter(community__producer_groups=product.group_id)
            .select_related("community").distinct())


def project_list(*, user):
    today = timezone.localdate()
    overdue = StageRecord.objects.filter(project=OuterRef("pk"), target_date__lt=today, actual_date__isnull=True)
    return (DevelopmentProject.objects.visible_to(user)
            .select_related("group__subdistrict__district", "product", "partner")
            .annotate(is_overdue=Exists(overdue)))


def project_board(*, projects) -> list[dict]:
    """Columns of the kanban board: [{"stage", "label", "projects"}] in stage order."""
    by_stage: dict[str, list] = defaultdict(list)
    for project in projects:
        by_stage[project.stage].append(project)
    return [{"stage": s, "label": Stage(s).label, "projects": by_stage.get(s, [])} for s in STAGE_ORDER]


def project_detail(*, user, pk: int) -> DevelopmentProject:
    return permissions.get_visible_or_404(
        project_list(user=user).prefetch_related(
            Prefetch("stage_records", queryset=StageRecord.objects.select_related("moved_by")
                     .prefetch_related("attachments").order_by("id")),
            "transitions__moved_by"),
        user, pk=pk)


def quadrant_chart(*, fiscal_year: int) -> dict:
    """Products per quadrant per district for a fiscal year, and how many moved out of D
    (D in the previous fiscal year, another quadrant in this one). Three queries."""
    quadrants = list(Quadrant.objects.order_by("code"))
    districts = list(District.objects.filter(province_id="15").order_by("code"))
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = Assessment.objects.filter(fiscal_year__in=[fiscal_year, fiscal_year - 1]).values_list(
        "product_id", "fiscal_year", "quadrant__code", "product__group__subdistrict__district_id")
    this_year: dict[int, str | None] = {}
    last_year: dict[int, str | None] = {}
    district_of: dict[int, str] = {}
    for product_id, fy, code, district in rows:
        (this_year if fy == fiscal_year else last_year)[product_id] = code
        district_of[product_id] = district
    moved: dict[str, int] = defaultdict(int)
    for product_id, code in this_year.items():
        counts[district_of[product_id]][code or "none"] += 1
        if last_year.get(product_id) == "D" and code and code != "D":
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
from django.db.models import QuerySet as _QuerySet  # noqa: E402  (kept with the functions that use it)


def products_visible_to(*, user: permissions.Actor) -> _QuerySet[Product]:
    """Products `user` may see, by the products app's own rule (callers add their filters)."""
    return Product.objects.visible_to(user)


# --- used by campaigns ---


def projects_visible_to(*, user: permissions.Actor) -> _QuerySet[DevelopmentProject]:
    """Development projects `user` may see, by the products app's own rule (callers add their filters)."""
    return DevelopmentProject.objects.visible_to(user)
