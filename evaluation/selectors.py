"""Reads of the income evaluation — THE RULE lives here.

Evaluating a unit for fiscal year N (BE) as of month M (inside FY N):

- ``current``  = its income, all sources, for the months of FY N from October up to and including M;
- ``baseline`` = its income for the same calendar months one year earlier (FY N-1);
- a month without a record counts as 0; ``months_current`` / ``months_baseline`` count the months that
  have at least one record on each side;
- ``increase_percent`` = (current - baseline) / baseline x 100, rounded half-up to 2 places
  (PostgreSQL's ``round(numeric, 2)`` rounds ties away from zero, i.e. Python's ROUND_HALF_UP) —
  written once, ``INCREASE_SQL``, used by the per-unit rows and the aggregates alike;
- ``status`` = ``no_baseline`` when baseline is 0 (increase_percent is null), else ``met`` when
  increase_percent >= the target that applies, else ``not_met``;
- the target that applies is the project's own target for FY N, else the ``all`` target;
- a unit enrolled in several projects gives one row per project;
- aggregates (province, district, project) sum current and baseline over the rows WITH a baseline,
  take the increase of those sums, count met / not_met / no_baseline and the share met.

Everything is computed by PostgreSQL: one grouped query joins the enrollments of FY N with the income
records of the two windows (a FilteredRelation keeps the join to those months) and sums them with
conditional aggregates; the aggregates wrap that query in an outer GROUP BY.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    F,
    FilteredRelation,
    Func,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from core import permissions
from core.models import ProducerGroup
from core.thai_dates import fiscal_year_months, fiscal_year_of
from tourism import selectors as tourism_selectors

from .choices import ResultStatus, TargetProject, UnitType
from .models import Enrollment, IncomeRecord, Target

MONEY = DecimalField(max_digits=16, decimal_places=2)
PERCENT = DecimalField(max_digits=12, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Window:
    """The months compared: FY N Oct..as_of and the same months of FY N-1."""

    fiscal_year: int
    as_of: dt.date
    current_start: dt.date
    baseline_start: dt.date
    baseline_end: dt.date

    @property
    def current_months(self) -> list[dt.date]:
        return [m for m in fiscal_year_months(self.fiscal_year) if m <= self.as_of]

    @property
    def baseline_months(self) -> list[dt.date]:
        return [shift_year(m, -1) for m in self.current_months]


def shift_year(month: dt.date, years: int) -> dt.date:
    return month.replace(year=month.year + years)


def parse_month(value: Any) -> dt.date:
    """'2027-03' (Gregorian) or a date -> the first day of that month."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    try:
        year, month = str(value).strip().split("-")[:2]
        return dt.date(int(year), int(month), 1)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"as_of": "รูปแบบเดือนต้องเป็น YYYY-MM (ปีคริสต์ศักราช) เช่น 2027-03"}) from exc


def evaluation_window(*, fiscal_year: int, as_of: Any) -> Window:
    """The comparison window; ValidationError when as_of is not a month of that fiscal year."""
    month = parse_month(as_of)
    try:
        fiscal_year = int(fiscal_year)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"fiscal_year": "ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2570"}) from exc
    if fiscal_year_of(month) != fiscal_year:
        raise ValidationError({"as_of": f"เดือนที่เลือกไม่อยู่ในปีงบประมาณ {fiscal_year} "
                                        f"(ต.ค. {fiscal_year - 1} – ก.ย. {fiscal_year})"})
    start = fiscal_year_months(fiscal_year)[0]
    return Window(fiscal_year=fiscal_year, as_of=month, current_start=start,
                  baseline_start=shift_year(start, -1), baseline_end=shift_year(month, -1))


# --- THE increase formula ------------------------------------------------------------------

# (current - baseline) / baseline x 100, rounded half-up (PostgreSQL's round(numeric, 2) rounds ties away
# from zero) to 2 places; NULL when there is no baseline. Written once: the per-unit rows use it through
# IncreasePercent, the aggregates' SQL through increase_sql().
INCREASE_SQL = "ROUND(({current} - {baseline}) * 100 / NULLIF({baseline}, 0), 2)"


def increase_sql(current: str, baseline: str) -> str:
    """THE formula as SQL over two SQL expressions (column names)."""
    return INCREASE_SQL.format(current=current, baseline=baseline)


class IncreasePercent(Func):
    """THE formula as an ORM expression: ``IncreasePercent("current", "baseline")``."""

    arity = 2
    output_field = PERCENT

    def as_sql(self, compiler, connection, **extra_context):  # type: ignore[override]
        (current, current_params), (baseline, baseline_params) = (
            compiler.compile(e) for e in self.get_source_expressions())
        # the baseline appears twice in the formula, so do its parameters
        return increase_sql(current, baseline), [*current_params, *baseline_params, *baseline_params]


def targets_for(fiscal_year: int) -> dict[str, Decimal | None]:
    """{project: the target that applies} for every project of FY N (own target, else `all`)."""
    rows = dict(Target.objects.filter(fiscal_year=fiscal_year).values_list("project", "target_percent"))
    default = rows.get(TargetProject.ALL)
    return {p: rows.get(p, default) for p in TargetProject.values}


# --- Whose units ---------------------------------------------------------------------


@dataclass(frozen=True)
class AnsweredUnits:
    """The units (producer groups, tourism communities) a user answers for: records income for and
    sees the evaluation of. Staff (and SYSTEM) answer for every unit; a producer for their groups; a
    coordinator for their communities (one person may be both); anyone else for none."""

    everything: bool = False
    group_ids: frozenset[int] = frozenset()
    communities: QuerySet | None = field(default=None, compare=False)

    def q(self, prefix: str = "") -> Q:
        """Q over rows pointing at these units (``prefix`` for a path: "finding__…")."""
        if self.everything:
            return Q()
        q = Q(**{f"{prefix}producer_group_id__in": list(self.group_ids)})
        if self.communities is not None:
            q |= Q(**{f"{prefix}tourism_community_id__in": self.communities.values("pk")})
        return q

    def includes(self, *, producer_group_id: int | None = None, tourism_community_id: int | None = None) -> bool:
        """Whether the user answers for that producer group / tourism community."""
        if self.everything:
            return producer_group_id is not None or tourism_community_id is not None
        if producer_group_id is not None:
            return producer_group_id in self.group_ids
        if tourism_community_id is not None and self.communities is not None:
            return self.communities.filter(pk=tourism_community_id).exists()
        return False

    def producer_groups(self) -> QuerySet[ProducerGroup]:
        qs = ProducerGroup.objects.all()
        return qs if self.everything else qs.filter(pk__in=list(self.group_ids))

    def tourism_communities(self) -> QuerySet:
        return self.communities if self.communities is not None else tourism_selectors.communities().none()

    def choices(self) -> list[tuple[str, str]]:
        """("pg:<id>" / "tc:<id>", name) for a form's unit picker. Two queries."""
        return [(f"pg:{g.pk}", g.name_th) for g in self.producer_groups().only("pk", "name_th")] + \
            [(f"tc:{c.pk}", c.name_th) for c in self.tourism_communities().only("pk", "name_th")]


def units_answered_by(*, user: Any) -> AnsweredUnits:
    """THE answer to "which units does this user answer for" (pages, API, admin, services, querysets)."""
    if permissions.is_staff_user(user):
        return AnsweredUnits(everything=True, communities=tourism_selectors.communities_answered_by(user=user))
    if not permissions.is_member(user):
        return AnsweredUnits()
    group_ids = permissions.producer_group_ids(user) if permissions.is_producer(user) else frozenset()
    return AnsweredUnits(group_ids=group_ids, communities=tourism_selectors.communities_answered_by(user=user))


def evaluation_rows(*, fiscal_year: int, as_of: Any, user: Any = None, project: str | None = None,
                    district: str | None = None, unit_type: str | None = None,
                    unit_id: int | None = None, order: str = "-increase_percent") -> QuerySet:
    """One row (a dict) per enrollment of FY N: the rule's figures, computed by one grouped query.

    ``user=None`` means "everything" (reports and the beat task); otherwise the rows are limited to
    the enrollments of the units the user may see.
    """
    w = evaluation_window(fiscal_year=fiscal_year, as_of=as_of)
    targets = targets_for(w.fiscal_year)
    enrollments = Enrollment.objects.all() if user is None else Enrollment.objects.visible_to(user)
    enrollments = enrollments.filter(fiscal_year=w.fiscal_year)
    if project:
        enrollments = enrollments.filter(project=project)
    if district:
        enrollments = enrollments.filter(Q(producer_group__subdistrict__district_id=district)
                                         | Q(tourism_community__subdistrict__district_id=district))
    if unit_type == UnitType.PRODUCER_GROUP:
        enrollments = enrollments.filter(producer_group_id=unit_id)
    elif unit_type == UnitType.TOURISM_COMMUNITY:
        enrollments = enrollments.filter(tourism_community_id=unit_id)

    in_window = {"month__gte": w.baseline_start, "month__lte": w.as_of}
    amount = Coalesce(F("g_income__amount"), F("c_income__amount"))
    month = Coalesce(F("g_income__month"), F("c_income__month"))
    is_current = Q(g_income__month__gte=w.current_start) | Q(c_income__month__gte=w.current_start)
    is_baseline = Q(g_income__month__lte=w.baseline_end) | Q(c_income__month__lte=w.baseline_end)
    target_case = Case(*[When(project=p, then=Value(t)) for p, t in targets.items() if t is not None],
                       default=Value(None), output_field=PERCENT)

    # unit_type / unit_id: columns here, properties on the model (mypy's plugin sees a redefinition)
    rows = (
        enrollments  # type: ignore[no-redef]
        .annotate(
            g_income=FilteredRelation("producer_group__income_records", condition=Q(
                **{f"producer_group__income_records__{k}": v for k, v in in_window.items()})),
            c_income=FilteredRelation("tourism_community__income_records", condition=Q(
                **{f"tourism_community__income_records__{k}": v for k, v in in_window.items()})),
        )
        # GROUP BY the enrollment only (narrow keys, presorted by its primary key); the unit's name and
        # district are the same on every joined row, so MAX() just carries them through.
        .values("id", "project", "producer_group_id", "tourism_community_id")
        .annotate(
            unit_name=Max(Coalesce("producer_group__name_th", "tourism_community__name_th")),
            district=Max(Coalesce("producer_group__subdistrict__district_id",
                                  "tourism_community__subdistrict__district_id")),
            district_name=Max(Coalesce("producer_group__subdistrict__district__name_th",
                                       "tourism_community__subdistrict__district__name_th")),
            current=Coalesce(Sum(amount, filter=is_current, output_field=MONEY), ZERO),
            baseline=Coalesce(Sum(amount, filter=is_baseline, output_field=MONEY), ZERO),
            months_current=Count(month, filter=is_current, distinct=True),
            months_baseline=Count(month, filter=is_baseline, distinct=True),
        )
        .annotate(
            unit_type=Case(When(producer_group_id__isnull=False, then=Value(UnitType.PRODUCER_GROUP.value)),
                           default=Value(UnitType.TOURISM_COMMUNITY.value), output_field=CharField()),
            unit_id=Coalesce("producer_group_id", "tourism_community_id"),
            target_percent=target_case,
            increase_percent=IncreasePercent(F("current"), F("baseline")),
        )
        .annotate(
            status=Case(
                When(baseline=0, then=Value(ResultStatus.NO_BASELINE.value)),
                When(increase_percent__gte=F("target_percent"), then=Value(ResultStatus.MET.value)),
                default=Value(ResultStatus.NOT_MET.value), output_field=CharField()),
        )
    )
    rows = rows.order_by(*_ordering(order))
    # One row per enrollment: paginators count the enrollments instead of re-running the aggregate.
    setattr(rows, "fast_count", enrollments.count)  # noqa: B010
    return rows


class EvaluationPaginator(Paginator):
    """A Paginator that counts evaluation rows cheaply (see ``evaluation_rows``)."""

    @cached_property
    def count(self) -> int:
        fast = getattr(self.object_list, "fast_count", None)
        return fast() if fast is not None else super().count


ORDERINGS: dict[str, list[Any]] = {
    "increase_percent": [F("increase_percent").asc(nulls_last=True), "unit_name", "project"],
    "-increase_percent": [F("increase_percent").desc(nulls_last=True), "unit_name", "project"],
    "unit_name": ["unit_name", "project"],
    "district": ["district", "unit_name", "project"],
    "project": ["project", "unit_name"],
    "current": ["current", "unit_name", "project"],
    "-current": [F("current").desc(), "unit_name", "project"],
}


def _ordering(order: str) -> list:
    return ORDERINGS.get(order, ORDERINGS["-increase_percent"])


# --- Aggregates -----------------------------------------------------------------

_AGGREGATE_SQL = """
WITH r AS ({inner}),
u AS (SELECT DISTINCT r.unit_type, r.unit_id, {ukey} r.current, r.baseline FROM r),
s AS (SELECT {key} SUM(u.current) AS current, SUM(u.baseline) AS baseline
      FROM u WHERE u.baseline > 0 {group}),
c AS (SELECT {key} {key_name}
             COUNT(*) FILTER (WHERE r.status = 'met') AS met,
             COUNT(*) FILTER (WHERE r.status = 'not_met') AS not_met,
             COUNT(*) FILTER (WHERE r.status = 'no_baseline') AS no_baseline,
             COUNT(*) AS evaluations,
             COUNT(DISTINCT (r.unit_type, r.unit_id)) AS units
      FROM r {group})
SELECT c.*, COALESCE(s.current, 0) AS current, COALESCE(s.baseline, 0) AS baseline,
       {increase} AS increase_percent
FROM c LEFT JOIN s ON {join}
ORDER BY 1
"""


def _aggregate(rows: QuerySet, key: str | None) -> list[dict]:
    """Aggregates over the per-unit query, executed by PostgreSQL as one query.

    Sums (current, baseline, their increase) are over distinct units WITH a baseline — a unit enrolled
    in two projects is counted once in a district or the province; the met / not_met / no_baseline
    counts are over evaluations (one per unit and project), ``met_share`` = met / (met + not_met).
    """
    inner_sql, params = rows.order_by().query.sql_with_params()
    if key:
        sql = _AGGREGATE_SQL.format(
            inner=inner_sql, ukey=f"r.{key},", key=f"{{t}}.{key} AS key,",
            key_name=f"MAX(r.{key}_name) AS key_name," if key == "district" else "",
            group="GROUP BY 1", join="s.key = c.key", increase=increase_sql("s.current", "s.baseline"))
        sql = sql.replace("{t}.", "u.", 1).replace("{t}.", "r.", 1)
    else:
        sql = _AGGREGATE_SQL.format(inner=inner_sql, ukey="", key="", key_name="", group="", join="TRUE",
                                    increase=increase_sql("s.current", "s.baseline"))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c.name for c in cursor.description]
        result = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in result:
        judged = row["met"] + row["not_met"]
        row["met_share"] = (Decimal(row["met"]) * 100 / judged).quantize(TWO_PLACES, ROUND_HALF_UP) \
            if judged else None
    return result


def evaluation_summary(rows: QuerySet) -> dict:
    """Province-wide (or filter-wide) figures over the given rows.

    ``met_share`` is the percentage of met among the rows that could be judged (met + not_met).
    """
    return _aggregate(rows, None)[0]


def evaluation_by_district(rows: QuerySet) -> list[dict]:
    return _aggregate(rows, "district")


def evaluation_by_project(rows: QuerySet) -> list[dict]:
    return _aggregate(rows, "project")


def monthly_trend(*, fiscal_year: int, as_of: Any, user: Any = None, unit_type: str | None = None,
                  unit_id: int | None = None) -> list[dict]:
    """Total income per month of FY N (up to as_of) beside the same month a year earlier,
    over the units enrolled in FY N (or one unit). One grouped query."""
    w = evaluation_window(fiscal_year=fiscal_year, as_of=as_of)
    records = IncomeRecord.objects.filter(month__gte=w.baseline_start, month__lte=w.as_of)
    if unit_type == UnitType.PRODUCER_GROUP:
        records = records.filter(producer_group_id=unit_id)
    elif unit_type == UnitType.TOURISM_COMMUNITY:
        records = records.filter(tourism_community_id=unit_id)
    else:
        enrolled = Enrollment.objects.all() if user is None else Enrollment.objects.visible_to(user)
        enrolled = enrolled.filter(fiscal_year=w.fiscal_year)
        records = records.filter(Q(producer_group_id__in=enrolled.values("producer_group_id"))
                                 | Q(tourism_community_id__in=enrolled.values("tourism_community_id")))
    totals = dict(records.values("month").annotate(total=Sum("amount")).values_list("month", "total"))
    return [{"month": m, "baseline_month": shift_year(m, -1), "current": totals.get(m, Decimal("0.00")),
             "baseline": totals.get(shift_year(m, -1), Decimal("0.00"))} for m in w.current_months]


def unit_months(*, unit_type: str, unit_id: int, fiscal_year: int, as_of: Any) -> list[dict]:
    """A unit's income per month and source for the window (drill-down). One query."""
    w = evaluation_window(fiscal_year=fiscal_year, as_of=as_of)
    field = "producer_group_id" if unit_type == UnitType.PRODUCER_GROUP else "tourism_community_id"
    records = (IncomeRecord.objects.filter(**{field: unit_id}, month__gte=w.baseline_start,
                                           month__lte=w.as_of).values_list("month", "source", "amount"))
    by_month: dict[dt.date, dict] = {}
    for month, source, amount in records:
        by_month.setdefault(month, {})[source] = amount
    result = []
    for m in w.current_months:
        b = shift_year(m, -1)
        cur, base = by_month.get(m), by_month.get(b)
        result.append({"month": m, "baseline_month": b, "current_sources": cur or {},
                       "baseline_sources": base or {},
                       "current": sum((cur or {}).values(), Decimal("0.00")) if cur is not None else None,
                       "baseline": sum((base or {}).values(), Decimal("0.00")) if base is not None else None})
    return result

