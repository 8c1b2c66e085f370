"""The evaluation app's part of a wisdom record's lineage (issue 17; hook ``wisdom.lineage``, see
wisdom/lineage.py): product sales attributed to the products built on the record, and the income of
the producer groups and tourism communities involved, per fiscal year, by the evaluation rule.

A module of its own (not selectors.py) so that it reads as one piece; it reads only this app's models and
the selectors of the apps below."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.thai_dates import fiscal_year_months, fiscal_year_of, format_fiscal_year, format_month
from products.selectors import products_visible_to
from tourism.selectors import communities_featuring_records

from .choices import TargetProject
from .models import DistrictTarget, IncomeRecord, ProductSale, Target, UnitTarget
from .selectors import increase_percent, shift_year


def _as_of(fiscal_year: int, today: dt.date) -> dt.date:
    """The month the rule is read to: September for a past fiscal year, the month before this one for
    the current year (the month under way is not complete), never before October."""
    months = fiscal_year_months(fiscal_year)
    last_complete = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return max(months[0], min(months[-1], last_complete))


def unit_income_by_fiscal_year(monthly: dict[dt.date, Decimal], *, fiscal_years: list[int],
                               today: dt.date) -> list[dict[str, Any]]:
    """The rule for one unit and each fiscal year: income from October to the as-of month (``current``)
    beside the same months a year earlier (``baseline``) and the increase, rounded half-up to 2 places
    (``evaluation.selectors.increase_percent``, THE formula)."""
    rows = []
    for fy in fiscal_years:
        as_of = _as_of(fy, today)
        months = [m for m in fiscal_year_months(fy) if m <= as_of]
        current = sum((monthly.get(m, Decimal("0")) for m in months), Decimal("0"))
        baseline = sum((monthly.get(shift_year(m, -1), Decimal("0")) for m in months), Decimal("0"))
        rows.append({"fiscal_year": fy, "as_of": as_of, "current": current, "baseline": baseline,
                     "increase_percent": increase_percent(current, baseline)})
    return rows


def wisdom_lineage(*, records: list[Any], user: Any, private: bool, fiscal_year: int | None = None,
                   today: dt.date | None = None) -> dict[int, Any]:
    """Private figures only (nothing on the public version): per record, the attributed sales of the
    products built on it (``ProductSale`` lines the viewer may see, per month, in `fiscal_year` when given)
    and the income of the units involved — the owning group, the groups whose products build on it, the
    communities that feature it — per fiscal year by the rule, from the income records the viewer may
    see, each unit judged against its own effective target (unit, else district, else department). Eight
    queries."""
    from wisdom.lineage import SALES, Figure, LineageSection, Milestone

    if not private:
        return {}
    today = today or timezone.localdate()
    ids = [r.pk for r in records]
    product_links = list(products_visible_to(user=user).filter(wisdom_records__in=ids)
                         .values_list("wisdom_records", "pk", "group_id"))
    product_links = [link for link in product_links if link[0] in ids]
    product_ids = {pk for _r, pk, _g in product_links}
    sales = ProductSale.objects.visible_to(user).filter(product_id__in=product_ids)
    if fiscal_year is not None:
        sales = sales.filter(income_record__month__in=fiscal_year_months(fiscal_year))
    sales_rows = list(sales.values("product_id", "income_record__month").annotate(amount=Sum("amount"))
                      .order_by("income_record__month"))
    groups: dict[int, set[int]] = defaultdict(set)
    for record in records:
        if record.owner_group_id:
            groups[record.pk].add(record.owner_group_id)
    for record_id, _pk, group_id in product_links:
        groups[record_id].add(group_id)
    communities: dict[int, set[int]] = defaultdict(set)
    community_names: dict[int, str] = {}
    for record_id, community_id, name in communities_featuring_records(record_ids=ids, user=user):
        communities[record_id].add(community_id)
        community_names[community_id] = name
    all_groups = set().union(*groups.values()) if groups else set()
    all_communities = set().union(*communities.values()) if communities else set()
    income: dict[tuple[str, int], dict[dt.date, Decimal]] = defaultdict(dict)
    names: dict[tuple[str, int], str] = {("c", pk): name for pk, name in community_names.items()}
    fiscal_years: set[int] = set()
    district_of: dict[tuple[str, int], Any] = {}
    if all_groups or all_communities:
        for row in (IncomeRecord.objects.visible_to(user)
                    .filter(Q(producer_group_id__in=all_groups) | Q(tourism_community_id__in=all_communities))
                    .values("producer_group_id", "producer_group__name_th", "tourism_community_id", "month",
                            "producer_group__subdistrict__district_id", "tourism_community__subdistrict__district_id")
                    .annotate(amount=Sum("amount")).order_by()):
            key = ("g", row["producer_group_id"]) if row["producer_group_id"] else ("c", row["tourism_community_id"])
            if row["producer_group_id"]:
                names[key] = row["producer_group__name_th"]
            district_of[key] = (row["producer_group__subdistrict__district_id"]
                                or row["tourism_community__subdistrict__district_id"])
            income[key][row["month"]] = row["amount"]
            fiscal_years.add(fiscal_year_of(row["month"]))
    shown_years = [fiscal_year] if fiscal_year is not None else sorted(fiscal_years)
    # Each unit is judged against its own effective target (part 5): its unit target, else its district's,
    # else the department's for all projects.
    targets = dict(Target.objects.filter(fiscal_year__in=shown_years, project=TargetProject.ALL)
                   .values_list("fiscal_year", "target_percent")) if shown_years else {}
    district_targets: dict[tuple[Any, int], Decimal] = {}
    unit_targets: dict[tuple[tuple[str, int], int], Decimal] = {}
    if shown_years and income:
        district_targets = {(d, y): t for d, y, t in DistrictTarget.objects.filter(
            fiscal_year__in=shown_years, district_id__in={d for d in district_of.values() if d})
            .values_list("district_id", "fiscal_year", "target_percent")}
        unit_targets = {(("g", g) if g else ("c", c), y): t for g, c, y, t in UnitTarget.objects.filter(
            Q(producer_group_id__in=all_groups) | Q(tourism_community_id__in=all_communities),
            fiscal_year__in=shown_years)
            .values_list("producer_group_id", "tourism_community_id", "fiscal_year", "target_percent")}
    sales_by_product: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in sales_rows:
        sales_by_product[row["product_id"]].append(row)
    products_of: dict[int, set[int]] = defaultdict(set)
    for record_id, pk, _g in product_links:
        products_of[record_id].add(pk)

    out: dict[int, Any] = {}
    for record in records:
        monthly: dict[dt.date, Decimal] = defaultdict(Decimal)
        for pk in products_of.get(record.pk, ()):
            for row in sales_by_product.get(pk, ()):
                monthly[row["income_record__month"]] += row["amount"]
        units = [("g", g) for g in sorted(groups.get(record.pk, ()))] + \
                [("c", c) for c in sorted(communities.get(record.pk, ()))]
        table_rows = []
        for key in units:
            if key not in income:
                continue
            for r in unit_income_by_fiscal_year(income[key], fiscal_years=shown_years, today=today):
                if not r["current"] and not r["baseline"]:
                    continue
                year = r["fiscal_year"]
                target = unit_targets.get((key, year), district_targets.get((district_of.get(key), year),
                                                                         targets.get(year)))
                inc = r["increase_percent"]
                verdict = _("ไม่มีฐานปีก่อน") if inc is None else "" if target is None else (
                    _("บรรลุเป้าหมาย") if inc >= target else _("ยังไม่บรรลุ"))
                table_rows.append([format_fiscal_year(r["fiscal_year"]), names.get(key, ""),
                                   format_month(r["as_of"]), r["baseline"], r["current"], inc, target, verdict])
        if not monthly and not table_rows:
            continue
        total = sum(monthly.values(), Decimal("0"))
        milestones = []
        if monthly:
            first = min(monthly)
            milestones.append(Milestone(day=first, label=_("ยอดขายผลิตภัณฑ์ที่ระบุได้ครั้งแรก (%(m)s)") % {
                "m": format_month(first)}))
        out[record.pk] = LineageSection(
            key="evaluation", title=_("ยอดขายและรายได้ของกลุ่ม/ชุมชน"), order=40,
            figures=[Figure(label=_("ยอดขายผลิตภัณฑ์ที่ระบุได้"), value=total, kind="baht")],
            milestones=milestones, money={SALES: total}, monthly={_("ยอดขายผลิตภัณฑ์"): dict(monthly)},
            table=([_("ปีงบประมาณ"), _("กลุ่ม/ชุมชน"), _("ข้อมูลถึงเดือน"), _("รายได้ช่วงเดียวกันปีก่อน (บาท)"),
                    _("รายได้ปีนี้ (บาท)"), _("เพิ่มขึ้น (ร้อยละ)"), _("เป้าหมาย (ร้อยละ)"), _("ผล")], table_rows)
            if table_rows else None)
    return out

