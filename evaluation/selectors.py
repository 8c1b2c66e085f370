"""Reads of the income evaluation — THE RULE lives here.

Evaluating a unit for fiscal year N (BE) as of month M (inside FY N):

- ``current``  = its income, all sources, for the months of FY N from October up to and including M;
- ``baseline`` = its income for the same calendar months one year earlier (FY N-1);
- a month without a record counts as 0; ``months_current`` / ``months_baseline`` count the months that
  have at least one record on each side;
- ``increase_percent`` = (current - baseline) / baseline x 100, rounded half-up to 2 places
  (PostgreSQL's ``round(numeric, 2)`` rounds ties away from zero, i.e. Python's ROUND_HALF_UP) —
  ``INCREASE_SQL`` for the per-unit rows, ``increase_percent`` (exact decimals) for the aggregates' sums;
- ``status`` = ``no_baseline`` when baseline is 0 (increase_percent is null), else ``met`` when
  increase_percent >= the target that applies, else ``not_met``;
- the target that applies (cascaded, issue 17) is the unit's own target for FY N (``UnitTarget``), else its
  district's (``DistrictTarget``), else the project's own department target, else the ``all`` target
  (``target_level`` says which: unit / district / project / all); resolved in the same statement;
- a unit that is not met has a ``gap``: the baht it would have needed to meet its target (``GAP_SQL``);
- a district is judged by the same rule on its aggregate against its own target (else the department's),
  and the province against the department's (``aggregate``);
- a unit enrolled in several projects gives one row per project;
- aggregates (province, district, project) sum current and baseline over the rows WITH a baseline,
  take the increase of those sums, count met / not_met / no_baseline and the share met.

The rows are computed by PostgreSQL in ONE statement shaped like a hand-written aggregate (``_ROWS_SQL``:
the window's income summed per unit and month, then per unit, joined to the enrollments of FY N); what the
aggregates need (counts per status, sums per district and project over the distinct units) is summed by the same
statement over the same rows and returned after them (``_Stats``), so a page, the API and a report run the query once
per request (``evaluation_result``), and not at all when the result is cached (per fiscal year, month,
project and district, under the generation that every committed write changes: ``generation.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, localcontext
from operator import itemgetter
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connections, transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from core import permissions
from core.db_router import using_replica
from core.models import ProducerGroup
from core.thai_dates import fiscal_year_months, fiscal_year_of
from tourism import selectors as tourism_selectors

from .choices import IncomeSource, TargetProject, UnitType
from .models import DistrictTarget, Enrollment, IncomeRecord, ProductSale, Target, UnitTarget

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
# from zero) to 2 places; NULL when there is no baseline. The per-unit rows compute it in SQL; the
# aggregates (province, districts, projects) apply ``increase_percent`` (the same formula, exact decimal
# arithmetic; a test checks the two agree) to the sums that the same statement returns (``_Stats``).
INCREASE_SQL = "ROUND(({current} - {baseline}) * 100 / NULLIF({baseline}, 0), 2)"


def increase_sql(current: str, baseline: str) -> str:
    """THE formula as SQL over two SQL expressions (column names)."""
    return INCREASE_SQL.format(current=current, baseline=baseline)


# The gap in baht: how much more income in the window the unit (or district) would have needed to meet its
# target — the current income at which the increase equals the target exactly, baseline x (100 + target)
# / 100, less the current income, rounded UP to the satang (so that the amount is enough); only for
# `not_met` (0 < gap: a not-met increase is below the target before rounding too). At that income the
# rounded increase is the target, so the unit is met. ``gap_baht`` is the same formula in Python (the
# district and province aggregates); a test checks the two agree.
GAP_SQL = "(CEIL(({baseline} * (100 + {target}) / 100 - {current}) * 100) / 100)::numeric(16, 2)"


def gap_sql(current: str, baseline: str, target: str) -> str:
    return GAP_SQL.format(current=current, baseline=baseline, target=target)


def gap_baht(current: Decimal, baseline: Decimal, target: Decimal | None) -> Decimal | None:
    """THE gap formula (``GAP_SQL``) on sums: None without a baseline or a target, 0 when already met."""
    if not baseline or target is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        if (increase_percent(current, baseline) or 0) >= target:
            return Decimal("0.00")
        needed = (baseline * (100 + target) / 100 - current) * 100
        return (needed.to_integral_value(rounding=ROUND_CEILING) / 100).quantize(TWO_PLACES)


def targets_for(fiscal_year: int) -> dict[str, Decimal | None]:
    """{project: the target that applies} for every project of FY N (own target, else `all`)."""
    rows = dict(Target.objects.filter(fiscal_year=fiscal_year).values_list("project", "target_percent"))
    default = rows.get(TargetProject.ALL)
    return {p: rows.get(p, default) for p in TargetProject.values}


def district_targets(*, fiscal_year: int | None = None, user: Any = None) -> QuerySet[DistrictTarget]:
    """District targets (of one fiscal year) with their district and who set them; ``user`` limits them
    to what the user may read (every member). One query."""
    qs = DistrictTarget.objects.all() if user is None else DistrictTarget.objects.visible_to(user)
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.select_related("district", "set_by").order_by("-fiscal_year", "district_id")


def unit_targets(*, fiscal_year: int | None = None, user: Any = None) -> QuerySet[UnitTarget]:
    """Unit targets (of one fiscal year) with their unit and who set them; ``user`` limits them to the
    units the user answers for (staff: all; a producer: their groups'). One query."""
    qs = UnitTarget.objects.all() if user is None else UnitTarget.objects.visible_to(user)
    if fiscal_year is not None:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.select_related("producer_group", "tourism_community", "set_by").order_by("-fiscal_year", "id")


def targets_used(*, fiscal_year: int) -> dict[str, Any]:
    """Every target of a fiscal year at each level, as a report snapshot keeps them (plain values):
    the department's per project, the districts' and the units' with their reasons and who set them.
    Three queries."""
    def who(user: Any) -> str:
        return (user.get_full_name() or user.get_username()) if user is not None else ""

    return {
        "department": dict(Target.objects.filter(fiscal_year=fiscal_year).values_list("project", "target_percent")),
        "districts": [{"district": t.district_id, "district_name": t.district.name_th,
                       "target_percent": t.target_percent, "reason": t.reason, "set_by": who(t.set_by),
                       "updated_at": t.updated_at.isoformat()} for t in district_targets(fiscal_year=fiscal_year)],
        "units": [{"unit_type": t.unit_type, "unit_id": t.unit_id, "unit_name": t.unit.name_th,
                   "target_percent": t.target_percent, "reason": t.reason, "set_by": who(t.set_by),
                   "updated_at": t.updated_at.isoformat()} for t in unit_targets(fiscal_year=fiscal_year)],
    }


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


# --- The rule's query ------------------------------------------------------------------------

# One statement, as a hand-written aggregate would be: the income of the window summed per unit with
# conditional sums for the two windows, joined to the enrollments, their unit's name and district and the target that applies; the increase
# and the status computed from those sums; then, over the same materialised rows, what the aggregates need (``_Stats``,
# one JSON row after the rows). Every figure comes from SQL; Python only assembles the aggregates and sorts.
_ROWS_SQL = """
WITH e AS ({enrollments}),
i AS ({per_unit}),
r AS (
    SELECT e.id, e.project, e.producer_group_id, e.tourism_community_id,
           CASE WHEN e.producer_group_id IS NOT NULL THEN 'producer_group' ELSE 'tourism_community' END
               AS unit_type,
           COALESCE(e.producer_group_id, e.tourism_community_id) AS unit_id,
           COALESCE(g.name_th, c.name_th) AS unit_name,
           d.code AS district, d.name_th AS district_name,
           COALESCE(ig.current, ic.current, 0.00) AS current, COALESCE(ig.baseline, ic.baseline, 0.00) AS baseline,
           COALESCE(ig.months_current, ic.months_current, 0) AS months_current,
           COALESCE(ig.months_baseline, ic.months_baseline, 0) AS months_baseline,
           COALESCE(utg.target_percent, utc.target_percent, dt.target_percent, own.target_percent,
                    alls.target_percent) AS target_percent,
           CASE WHEN utg.id IS NOT NULL OR utc.id IS NOT NULL THEN 'unit' WHEN dt.id IS NOT NULL THEN 'district'
                WHEN own.id IS NOT NULL THEN 'project' WHEN alls.id IS NOT NULL THEN 'all' END AS target_level,
           dt.target_percent AS district_target,
           CASE WHEN %(project)s::text IS NULL THEN alls.target_percent
                ELSE COALESCE(own.target_percent, alls.target_percent) END AS department_target
    FROM e
    LEFT JOIN {group} g ON g.id = e.producer_group_id
    LEFT JOIN {community} c ON c.id = e.tourism_community_id
    LEFT JOIN {subdistrict} s ON s.code = COALESCE(g.subdistrict_id, c.subdistrict_id)
    LEFT JOIN {district} d ON d.code = s.district_id
    LEFT JOIN i ig ON ig.producer_group_id = e.producer_group_id
    LEFT JOIN i ic ON ic.tourism_community_id = e.tourism_community_id
    LEFT JOIN {target} own ON own.fiscal_year = %(fiscal_year)s AND own.project = e.project
    LEFT JOIN {target} alls ON alls.fiscal_year = %(fiscal_year)s AND alls.project = 'all'
    LEFT JOIN {district_target} dt ON dt.fiscal_year = %(fiscal_year)s AND dt.district_id = d.code
    LEFT JOIN {unit_target} utg ON utg.fiscal_year = %(fiscal_year)s AND utg.producer_group_id = e.producer_group_id
    LEFT JOIN {unit_target} utc ON utc.fiscal_year = %(fiscal_year)s
                                   AND utc.tourism_community_id = e.tourism_community_id
)
,
f AS MATERIALIZED (
    SELECT r.*, x.increase_percent, y.status,
           CASE WHEN y.status = 'not_met' THEN {gap} END AS gap
    FROM r CROSS JOIN LATERAL (SELECT {increase} AS increase_percent) x
    CROSS JOIN LATERAL (SELECT CASE WHEN r.baseline = 0 THEN 'no_baseline'
                                    WHEN x.increase_percent >= r.target_percent THEN 'met' ELSE 'not_met' END
                               AS status) y
),
-- the distinct units: a unit's rows (one per project) carry the same figures, district and targets
u AS (
    SELECT max(district) AS district, max(district_name) AS district_name, max(district_target) AS district_target,
           max(department_target) AS department_target, max(current) AS current, max(baseline) AS baseline,
           max(increase_percent) AS increase_percent
    FROM f GROUP BY producer_group_id, tourism_community_id
)
SELECT f.*, NULL::text AS stats FROM f
UNION ALL
-- one more row, after the rows: what the aggregates are built from (_Stats), as JSON, summed here once
SELECT {nulls}, json_build_object(
    'cells', (SELECT json_agg(json_build_array(district, project, status, n))
              FROM (SELECT district, project, status, count(*) AS n FROM f GROUP BY 1, 2, 3) c),
    'districts', (SELECT json_agg(json_build_array(district, district_name, n, district_target, cur, base, below))
                  FROM (SELECT district, max(district_name) AS district_name, count(*) AS n,
                               max(district_target) AS district_target,
                               sum(current) FILTER (WHERE baseline <> 0) AS cur,
                               sum(baseline) FILTER (WHERE baseline <> 0) AS base,
                               count(*) FILTER (WHERE baseline <> 0 AND increase_percent
                                                < COALESCE(district_target, department_target)) AS below
                        FROM u GROUP BY district) d),
    'projects', (SELECT json_agg(json_build_array(project, n, cur, base))
                 FROM (SELECT project, count(*) AS n, sum(current) FILTER (WHERE baseline <> 0) AS cur,
                              sum(baseline) FILTER (WHERE baseline <> 0) AS base
                       FROM f GROUP BY project) p))::text
"""

# Every unit's income of the window, summed per unit for each side; a month counts once however many
# sources it has.
_PER_UNIT = """
    SELECT {key},
           SUM(amount) FILTER (WHERE month >= %(current_start)s) AS current,
           SUM(amount) FILTER (WHERE month <= %(baseline_end)s) AS baseline,
           COUNT(DISTINCT month) FILTER (WHERE month >= %(current_start)s) AS months_current,
           COUNT(DISTINCT month) FILTER (WHERE month <= %(baseline_end)s) AS months_baseline
    FROM {{income}} WHERE month BETWEEN %(baseline_start)s AND %(as_of)s {where}
    GROUP BY {group}"""
_INCOME_ALL_SQL = _PER_UNIT.format(key="producer_group_id, tourism_community_id", where="",
                                   group="producer_group_id, tourism_community_id")
# Only the enrolled units' (a user's units, a project, a district, one unit): through their indexes.
_INCOME_OF_SQL = _PER_UNIT.format(  # noqa: S608 (constants)
    key="producer_group_id, NULL::bigint AS tourism_community_id",
    where="AND producer_group_id IN (SELECT producer_group_id FROM e)",
    group="producer_group_id") + "\n    UNION ALL" + _PER_UNIT.format(
    key="NULL::bigint AS producer_group_id, tourism_community_id",
    where="AND tourism_community_id IN (SELECT tourism_community_id FROM e)",
    group="tourism_community_id")

ROW_FIELDS = ("id", "project", "producer_group_id", "tourism_community_id", "unit_type", "unit_id", "unit_name",
              "district", "district_name", "current", "baseline", "months_current", "months_baseline",
              "target_percent", "target_level", "district_target", "department_target", "increase_percent",
              "status", "gap")
_COL = {name: i for i, name in enumerate(ROW_FIELDS)}
_DECIMALS = tuple(_COL[n] for n in ("current", "baseline", "target_percent", "district_target", "department_target",
                                    "increase_percent", "gap"))
_REPEATED = tuple(_COL[n] for n in ("project", "unit_type", "district", "district_name", "target_level",
                                    "status"))


def _tables() -> dict[str, str]:
    from core.models import District, Subdistrict

    community = Enrollment._meta.get_field("tourism_community").related_model
    return {"income": IncomeRecord._meta.db_table, "group": ProducerGroup._meta.db_table,
            "community": community._meta.db_table, "subdistrict": Subdistrict._meta.db_table,
            "district": District._meta.db_table, "target": Target._meta.db_table,
            "district_target": DistrictTarget._meta.db_table, "unit_target": UnitTarget._meta.db_table}


def _compute_rows(w: Window, enrollments: QuerySet, *, restricted: bool, alias: str = "default",
                  project: str | None = None) -> tuple[list[tuple], _Stats]:
    """Run THE query once: its rows as tuples (``ROW_FIELDS``), in no particular order (sorting them in
    Python, ``_sorted``, costs less than PostgreSQL's sort and serves cached rows alike), and what the
    aggregates are built from, summed by PostgreSQL in the same statement over the same rows (``_Stats``; the
    same as ``_stats_of_rows`` computes from the rows in Python — 1.5-2x slower at national scale)."""
    e_sql, e_params = enrollments.values("id", "project", "producer_group_id", "tourism_community_id") \
        .order_by().query.sql_with_params()
    named: dict[str, Any] = {"fiscal_year": w.fiscal_year, "current_start": w.current_start,
                             "baseline_start": w.baseline_start, "baseline_end": w.baseline_end, "as_of": w.as_of,
                             "project": project or None}
    # the enrollments' SQL comes with positional parameters: name them so that one mapping serves all
    e_named = {f"e{i}": p for i, p in enumerate(e_params)}
    e_sql = e_sql % tuple(f"%({k})s" for k in e_named)
    tables = _tables()
    sql = _ROWS_SQL.format(enrollments=e_sql,
                           per_unit=(_INCOME_OF_SQL if restricted else _INCOME_ALL_SQL).format(**tables),
                           increase=increase_sql("r.current", "r.baseline"),
                           gap=gap_sql("r.current", "r.baseline", "r.target_percent"),
                           nulls=", ".join(["NULL"] * len(ROW_FIELDS)), **tables)
    # Without JIT: at national scale PostgreSQL would compile this plan (its estimated cost is high) for
    # about as long as it runs, on every request. Only for this statement: the setting is put back after.
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("SELECT current_setting('jit')")
        (jit,) = cursor.fetchone()
        cursor.execute("SELECT set_config('jit', 'off', true)")
        cursor.execute(sql, {**named, **e_named})
        if tuple(c.name for c in cursor.description) != (*ROW_FIELDS, "stats"):  # pragma: no cover - a bug
            raise RuntimeError("the rule's query and ROW_FIELDS disagree")
        fetched = cursor.fetchall()
        cursor.execute("SELECT set_config('jit', %s, true)", [jit])
    # the statistics' row comes after the rows (UNION ALL appends); its enrollment id is NULL
    at = len(fetched) - 1 if fetched and fetched[-1][0] is None else \
        next((i for i, row in enumerate(fetched) if row[0] is None), None)
    if at is None:  # pragma: no cover - a programming error
        raise RuntimeError("the rule's query returned no statistics row")
    stats_row = fetched.pop(at)
    rows = [row[:-1] for row in fetched]
    department = rows[0][_COL["department_target"]] if rows else None
    return rows, _stats_of_sql(stats_row[-1], department)


class Rows(Sequence):
    """The rule's rows, held as tuples; each becomes a dict (``ROW_FIELDS``) when it is read, so a page
    of 50 builds 50 dicts whatever the number of rows. A Paginator counts them with ``len`` (no query)."""

    def __init__(self, tuples: list[tuple]):
        self.tuples = tuples

    def __len__(self) -> int:
        return len(self.tuples)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [dict(zip(ROW_FIELDS, t, strict=True)) for t in self.tuples[index]]
        return dict(zip(ROW_FIELDS, self.tuples[index], strict=True))

    def __iter__(self):
        return (dict(zip(ROW_FIELDS, t, strict=True)) for t in self.tuples)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _enrollments(*, w: Window, user: Any, project: str | None, district: str | None, unit_type: str | None,
                 unit_id: int | None) -> QuerySet:
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
    return enrollments


@dataclass
class EvaluationResult:
    """The rule's figures for one request, computed by ONE query: the rows (one per enrollment, in the
    order asked for) and, from the same rows, the summary and the district and project aggregates."""

    rows: Rows
    summary: dict
    by_district: list[dict]
    by_project: list[dict]
    cached: bool = False


CACHE_TIMEOUT = 60 * 60  # results are keyed by generation: an old entry is never read, only left to expire


def cache_key(*, generation: int, fiscal_year: int, as_of: dt.date, project: str | None,
              district: str | None) -> str:
    return f"evaluation:results:g{generation}:{fiscal_year}:{as_of:%Y-%m}:{project or '-'}:{district or '-'}"


def _pack(rows: list[tuple], aggregates: tuple) -> bytes:
    """The cache's form: columns, each decimal column as one text (pickling 170,000 Decimals one by one
    costs ~6x as much)."""
    columns: list = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in ROW_FIELDS]
    for i in _DECIMALS:
        columns[i] = " ".join(map(str, columns[i]))
    for i in _REPEATED:  # one object per distinct value, which pickle then writes once
        same: dict = {}
        columns[i] = [same.setdefault(v, v) for v in columns[i]]
    return pickle.dumps((len(rows), columns, aggregates), pickle.HIGHEST_PROTOCOL)


def _unpack(packed: bytes) -> tuple[list[tuple], tuple]:
    count, columns, aggregates = pickle.loads(packed)  # noqa: S301 (our own cache entry)
    for i in _DECIMALS:
        columns[i] = [None if v == "None" else Decimal(v) for v in columns[i].split(" ")] if count else []
    return list(zip(*columns, strict=True)), aggregates


def evaluation_result(*, fiscal_year: int, as_of: Any, user: Any = None, project: str | None = None,
                      district: str | None = None, unit_type: str | None = None, unit_id: int | None = None,
                      order: str = "-increase_percent", use_cache: bool = True) -> EvaluationResult:
    """THE rule's results: one row (a dict) per enrollment of FY N, with the summary and the district and
    project aggregates of those rows — one query, or none when cached.

    ``user=None`` means "everything" (reports and the beat task); otherwise the rows are limited to the
    enrollments of the units the user may see. Everything-results (``user=None`` or staff, no single unit)
    are cached per (fiscal year, as-of month, project, district) under the results' generation
    (``evaluation.generation``), which every committed income, enrollment, target or unit write changes.
    """
    w = evaluation_window(fiscal_year=fiscal_year, as_of=as_of)
    # A heavy read: on the read replica when one is configured and this request has not written
    # (core.db_router); the generation is read there too, so a cached result is never newer than its rows.
    with using_replica() as alias:
        return _evaluation_result(w, alias=alias, user=user, project=project, district=district,
                                  unit_type=unit_type, unit_id=unit_id, order=order, use_cache=use_cache)


def _evaluation_result(w: Window, *, alias: str, user: Any, project: str | None, district: str | None,
                       unit_type: str | None, unit_id: int | None, order: str, use_cache: bool) -> EvaluationResult:
    everything = user is None or permissions.is_staff_user(user)
    key = None
    if use_cache and everything and unit_type is None:
        generation = current_generation(alias)
        if generation is not None:
            key = cache_key(generation=generation, fiscal_year=w.fiscal_year, as_of=w.as_of, project=project,
                            district=district)
            hit = cache.get(key)
            if hit is not None:
                rows, (summary, by_district, by_project, cached_order) = _unpack(hit)
                if cached_order != order:
                    rows = _sorted(rows, order)
                return EvaluationResult(rows=Rows(rows), summary=summary, by_district=by_district,
                                        by_project=by_project, cached=True)
    enrollments = _enrollments(w=w, user=None if everything else user, project=project, district=district,
                               unit_type=unit_type, unit_id=unit_id)
    restricted = not everything or bool(project or district or unit_type)
    computed, stats = _compute_rows(w, enrollments, restricted=restricted, alias=alias, project=project)
    rows = _sorted(computed, order)
    summary, by_district, by_project = _assemble(stats)
    if key is not None:
        cache.set(key, _pack(rows, (summary, by_district, by_project, order)), CACHE_TIMEOUT)
    return EvaluationResult(rows=Rows(rows), summary=summary, by_district=by_district, by_project=by_project)


def evaluation_rows(**kwargs: Any) -> Rows:
    """The rows of ``evaluation_result`` (same arguments)."""
    return evaluation_result(**kwargs).rows


def current_generation(using: str = "default") -> int | None:
    from .generation import current

    return current(using)


# --- Orderings: every ordering ends with unit name, project and id, names compared by code point --------

_NAME, _PROJECT, _ID = _COL["unit_name"], _COL["project"], _COL["id"]


def _by(name: str, *, descending: bool = False) -> Any:
    i = _COL[name]
    if descending:
        return lambda r: (r[i] is None, -r[i] if r[i] is not None else 0, r[_NAME], r[_PROJECT], r[_ID])
    return lambda r: (r[i] is None, r[i] if r[i] is not None else 0, r[_NAME], r[_PROJECT], r[_ID])


# What each ordering means, as sort keys (the readable specification; ``_sorted`` is its faster equivalent,
# and tests/evaluation/test_results_cache.py checks the two agree).
ORDERINGS: dict[str, Any] = {
    "increase_percent": _by("increase_percent"),
    "-increase_percent": _by("increase_percent", descending=True),
    "unit_name": lambda r: (r[_NAME], r[_PROJECT], r[_ID]),
    "district": lambda r: (r[_COL["district"]] or "", r[_NAME], r[_PROJECT], r[_ID]),
    "project": lambda r: (r[_PROJECT], r[_NAME], r[_ID]),
    "current": _by("current"),
    "-current": _by("current", descending=True),
}


DEFAULT_ORDER = "-increase_percent"

def _sorted(rows: list[tuple], order: str) -> list[tuple]:
    """The rows in ``order`` (``ORDERINGS`` says what it means), by stable sorts on C-level keys: by name,
    project and id first, then by the ordering's own column (its nulls last), keeping that order in ties."""
    if order not in ORDERINGS:
        order = DEFAULT_ORDER
    # by (name, project, id) as three stable sorts, the least significant key first: a single key each is
    # compared in C without building a tuple per row (about 30 % faster than one sort on the tuple at 53,000 rows)
    ordered = sorted(rows, key=itemgetter(_ID))
    ordered.sort(key=itemgetter(_PROJECT))
    ordered.sort(key=itemgetter(_NAME))
    column = order.lstrip("-")
    if column == "unit_name":
        return ordered
    if column == "project":
        return sorted(ordered, key=itemgetter(_PROJECT))
    if column == "district":
        return sorted(ordered, key=lambda r: r[_COL["district"]] or "")
    i = _COL[column]
    present = [r for r in ordered if r[i] is not None]
    present.sort(key=itemgetter(i), reverse=order.startswith("-"))  # reverse keeps ties in order (stable)
    return present + [r for r in ordered if r[i] is None]


# --- Aggregates (from the rows of the one query) ----------------------------------------------------


def increase_percent(current: Decimal, baseline: Decimal) -> Decimal | None:
    """THE formula on two sums, exactly as ``INCREASE_SQL`` computes it for a row: (current - baseline) /
    baseline x 100 rounded half-up (ties away from zero) to 2 places; None without a baseline.
    ``tests/evaluation/test_rule.py`` checks the two agree."""
    if not baseline:
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        return ((current - baseline) * 100 / baseline).quantize(TWO_PLACES, ROUND_HALF_UP)


def _figures(counts: Counter, key: Any, units: int, current: Decimal, baseline: Decimal) -> dict:
    met, not_met = counts[key, "met"], counts[key, "not_met"]
    judged = met + not_met
    return {"met": met, "not_met": not_met, "no_baseline": counts[key, "no_baseline"],
            "evaluations": met + not_met + counts[key, "no_baseline"], "units": units,
            "current": current, "baseline": baseline, "increase_percent": increase_percent(current, baseline),
            "met_share": (Decimal(met) * 100 / judged).quantize(TWO_PLACES, ROUND_HALF_UP) if judged else None}


def _judged(figures: dict, target: Decimal | None, level: str) -> dict:
    """A district's or the province's aggregate judged by THE rule against its own target: the same
    statuses as a unit's (``no_baseline`` without a baseline sum; ``met`` when the increase of the sums
    >= the target; else ``not_met``, also when no target is set, as for a unit) and the gap in baht."""
    if not figures["baseline"]:
        status = "no_baseline"
    elif target is not None and figures["increase_percent"] >= target:
        status = "met"
    else:
        status = "not_met"
    gap = gap_baht(figures["current"], figures["baseline"], target) if status == "not_met" else None
    return {"target_percent": target, "target_level": level if target is not None else None, "status": status,
            "gap": gap}


def aggregate(rows: Sequence) -> tuple[dict, list[dict], list[dict]]:
    """(province summary, per district, per project) over the rows (tuples of ``ROW_FIELDS`` or dicts).

    Sums (current, baseline, their increase) are over distinct units WITH a baseline — a unit enrolled in
    two projects is counted once in a district or the province (a unit is in one district); in a project
    each unit is enrolled once. The met / not_met / no_baseline counts are over evaluations (one per unit
    and project), ``units`` counts distinct units, ``met_share`` = met / (met + not_met) as a percentage
    rounded half-up.

    Each level is judged against its own target by the same rule (``_judged``): the province against the
    department's (the project's when the rows are of one project, else `all`), a district against its
    district target, else the department's; each gets ``target_percent``, ``target_level``, ``status`` and
    ``gap`` (baht, ``gap_baht``). A district also gets ``units_below``: when it is not met, how many of its
    units (with a baseline) have an increase below the district's target — the units that pull it below;
    0 when the district meets its target.
    """
    return _assemble(_stats_of_rows(rows))


@dataclass
class _Stats:
    """What the aggregates are built from (``_assemble``), computed from the rows in Python (``_stats_of_rows``)
    or by PostgreSQL in the rule's own statement (``_stats_of_sql``): the evaluations per (level, status), the
    distinct units per district (with the district's name and own target), the rows per project, the sums of
    current and baseline over the units / rows with a baseline, and per district the units below its target."""

    counts: Counter  # (None | ("d", district) | ("p", project), status) -> evaluations
    d_units: dict  # district -> distinct units
    d_names: dict  # district -> its name
    d_target: dict  # district -> its own target (None: the department's applies)
    p_units: dict  # project -> rows (a unit is enrolled once in a project)
    sums: dict  # ("d", district) / ("p", project) -> [current, baseline] over those with a baseline
    below: Counter  # district -> its units with a baseline whose increase is below the district's target
    department: Decimal | None


def _stats_of_rows(rows: Sequence) -> _Stats:
    if rows and isinstance(rows[0], dict):
        rows = [tuple(r[n] for n in ROW_FIELDS) for r in rows]
    c = _COL
    pg, tc, dist, dname, proj, status, cur, base = (c["producer_group_id"], c["tourism_community_id"],
                                                    c["district"], c["district_name"], c["project"],
                                                    c["status"], c["current"], c["baseline"])
    zero = Decimal("0.00")
    # the evaluations: one Counter pass, then the few (district, project, status) cells summed up
    cells = Counter(map(itemgetter(dist, proj, status), rows))
    counts: Counter = Counter()
    for (d, p, st), n in cells.items():
        counts[None, st] += n
        counts[("d", d), st] += n
        counts[("p", p), st] += n
    # the units: a unit's rows (one per project) carry the same figures, district and name
    first = dict(zip(map(itemgetter(pg, tc), rows), rows, strict=True))
    units = first.values()
    d_units = Counter(map(itemgetter(dist), units))
    d_names = dict(map(itemgetter(dist, dname), units))
    p_units = Counter(map(itemgetter(proj), rows))
    # the sums, over the rows with a baseline: grouped into lists, then summed by sum() and map() in C
    d_based: dict[Any, list] = defaultdict(list)
    for r in units:
        if r[base]:  # baselines are never negative (a CHECK on the amounts)
            d_based[r[dist]].append(r)
    p_based: dict[Any, list] = defaultdict(list)
    for r in rows:
        if r[base]:
            p_based[r[proj]].append(r)
    get_cur, get_base = itemgetter(cur), itemgetter(base)
    sums: dict[Any, list] = {}
    for prefix, groups in (("d", d_based), ("p", p_based)):
        for k, members in groups.items():
            sums[prefix, k] = [sum(map(get_cur, members), zero), sum(map(get_base, members), zero)]
    department = rows[0][c["department_target"]] if rows else None
    # each district's units below its own target (else the department's)
    d_target = {r[dist]: r[c["district_target"]] for r in units}
    below: Counter = Counter()
    inc = c["increase_percent"]
    for d, members in d_based.items():
        t = d_target.get(d)
        t = department if t is None else t
        if t is not None:
            below[d] = sum(1 for r in members if r[inc] < t)
    return _Stats(counts=counts, d_units=d_units, d_names=d_names, d_target=d_target, p_units=p_units, sums=sums,
                  below=below, department=department)


def _stats_of_sql(text: str, department: Decimal | None) -> _Stats:
    """``_Stats`` from the JSON the rule's statement adds after its rows (``_ROWS_SQL``): the same figures as
    ``_stats_of_rows`` would compute from those rows (exact decimals: numbers are read as Decimal)."""
    data = json.loads(text, parse_float=Decimal)
    counts: Counter = Counter()
    for d, p, status, n in data["cells"] or ():
        counts[None, status] += n
        counts[("d", d), status] += n
        counts[("p", p), status] += n
    d_units: dict = {}
    d_names: dict = {}
    d_target: dict = {}
    sums: dict = {}
    below: Counter = Counter()
    for d, name, n, target, current, baseline, n_below in data["districts"] or ():
        d_units[d], d_names[d], d_target[d] = n, name, target
        if current is not None:  # a district with no unit with a baseline has no sums (zero, as from the rows)
            sums["d", d] = [current, baseline]
        if n_below:
            below[d] = n_below
    p_units: dict = {}
    for p, n, current, baseline in data["projects"] or ():
        p_units[p] = n
        if current is not None:
            sums["p", p] = [current, baseline]
    return _Stats(counts=counts, d_units=d_units, d_names=d_names, d_target=d_target, p_units=p_units, sums=sums,
                  below=below, department=department)


def _assemble(st: _Stats) -> tuple[dict, list[dict], list[dict]]:
    """(province summary, per district, per project) from the statistics (``aggregate`` says what they mean)."""
    zero = Decimal("0.00")
    counts, sums, department = st.counts, st.sums, st.department
    province = [sum((v[0] for k, v in sums.items() if k[0] == "d"), zero),
                sum((v[1] for k, v in sums.items() if k[0] == "d"), zero)]
    summary = _figures(counts, None, sum(st.d_units.values()), *province)
    summary.update(_judged(summary, department, "department"))
    by_district = []
    for d, n in sorted(st.d_units.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
        figures = _figures(counts, ("d", d), n, *sums.get(("d", d), [zero, zero]))
        own = st.d_target.get(d)
        figures.update(_judged(figures, department if own is None else own,
                               "department" if own is None else "district"))
        figures["units_below"] = st.below[d] if figures["status"] == "not_met" else 0
        by_district.append({"key": d, "key_name": st.d_names.get(d), **figures})
    by_project = [{"key": p, **_figures(counts, ("p", p), n, *sums.get(("p", p), [zero, zero]))}
                  for p, n in sorted(st.p_units.items())]
    return summary, by_district, by_project


def evaluation_summary(rows: Sequence) -> dict:
    """Province-wide (or filter-wide) figures over the given rows (see ``aggregate``)."""
    return aggregate(rows)[0]


def evaluation_by_district(rows: Sequence) -> list[dict]:
    return aggregate(rows)[1]


def evaluation_by_project(rows: Sequence) -> list[dict]:
    return aggregate(rows)[2]


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



# --- Workspaces (/me/) -------------------------------------------------------------------------


def months_due(*, today: dt.date | None = None) -> list[dt.date]:
    """The months of the current fiscal year whose income is due: October up to last month
    (the running month is not over yet). Empty in October."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    return [m for m in fiscal_year_months(fiscal_year_of(today)) if m < this_month]


@dataclass(frozen=True)
class MissingMonth:
    group: Any
    month: dt.date


def missing_income_months(*, user: Any, today: dt.date | None = None) -> list[MissingMonth]:
    """The producer's workspace: for each group the user is a member of, the due months of this fiscal
    year (``months_due``) with no income record of any source, group by group, oldest month first.
    Two queries (the groups, the recorded months) whatever the number of groups and months."""
    months = months_due(today=today)
    group_ids = permissions.producer_group_ids(user)
    if not months or not group_ids:
        return []
    groups = list(ProducerGroup.objects.filter(pk__in=group_ids).order_by("name_th", "pk"))
    recorded = set(IncomeRecord.objects.filter(producer_group_id__in=group_ids, month__in=months)
                   .values_list("producer_group_id", "month").distinct())
    return [MissingMonth(group=g, month=m) for g in groups for m in months if (g.pk, m) not in recorded]


def groups_missing_income(*, today: dt.date | None = None) -> list[Any]:
    """The staff workspace: producer groups enrolled in this fiscal year's evaluation that lack the income
    of at least one due month, by district (code) then name; each with ``missing`` (how many months)
    and ``district_name``. One query."""
    today = today or timezone.localdate()
    months = months_due(today=today)
    if not months:
        return []
    enrolled = Enrollment.objects.filter(fiscal_year=fiscal_year_of(today), producer_group__isnull=False)
    groups = (ProducerGroup.objects.filter(pk__in=enrolled.values("producer_group_id"))
              .annotate(recorded=Count("income_records__month", filter=Q(income_records__month__in=months),
                                       distinct=True))
              .filter(recorded__lt=len(months))
              .select_related("subdistrict__district")
              .order_by("subdistrict__district_id", "name_th", "pk"))
    rows: list[Any] = list(groups)
    for g in rows:
        g.missing = len(months) - g.recorded
    return rows


def reports_to_check(*, days: int = 30, now: dt.datetime | None = None) -> QuerySet:
    """The staff workspace: reports finished (generated or failed) in the last `days` days, failed
    first, then oldest first. One query."""
    from .choices import ReportStatus
    from .models import Report

    since = (now or timezone.now()) - dt.timedelta(days=days)
    return (Report.objects.filter(status__in=[ReportStatus.DONE, ReportStatus.FAILED], finished_at__gte=since)
            .order_by(Case(When(status=ReportStatus.FAILED, then=0), default=1), "finished_at", "pk"))


def income_record_current(*, user: Any, unit: dict[str, Any], month: dt.date, source: str) -> Any:
    """The record the income form would overwrite (None when there is none or the user may not see it)."""
    return IncomeRecord.objects.visible_to(user).filter(**unit, month=month, source=source).first()


# --- Sales attributable to products (issue 17) ------------------------------------------------


def product_sales_by_month(*, product_ids: Iterable[int], start: Any = None,
                           end: Any = None) -> list[dict[str, Any]]:
    """Product sales attributed to these products, one row per product and month (months from `start`
    to `end` inclusive, either given as a date or 'YYYY-MM'): ``{"product_id", "month", "amount",
    "quantity"}`` — quantity None when no line of that month gave one. One query; the benefit ledger and
    the lineage read it. Only what producers attributed counts: a month without a breakdown has none."""
    qs = ProductSale.objects.filter(product_id__in=list(product_ids))
    if start is not None:
        qs = qs.filter(income_record__month__gte=parse_month(start))
    if end is not None:
        qs = qs.filter(income_record__month__lte=parse_month(end))
    return [dict(row) for row in qs.values("product_id", month=F("income_record__month"))
                .annotate(amount=Sum("amount"), quantity=Sum("quantity"))
                .order_by("product_id", "month")]


def product_sales_in_month(*, product_id: int, month: Any) -> Decimal:
    """Sales of one product in one month (0 when nothing was attributed to it)."""
    rows = product_sales_by_month(product_ids=[product_id], start=month, end=month)
    return rows[0]["amount"] if rows else Decimal("0")


def product_sales_of_record(*, record: Any) -> QuerySet[Any]:
    """The breakdown lines of one income record with their products (one query)."""
    return ProductSale.objects.filter(income_record=record).select_related("product").order_by("product__name_th")


def product_sale_for(*, group_id: int, product_id: int, month: Any, for_update: bool = False) -> ProductSale | None:
    """The product sale line of one group's product in one month (``month``: any day of it, or 'YYYY-MM'),
    or None when the group has not split that month's product-sales income by product. There is at most
    one (one product-sales record per group and month, one line per product). ``for_update`` locks the
    line (only it) until the caller's transaction ends, for a caller that caps its own rows by its amount
    (campaigns: the attributed sales that are part of it)."""
    qs = ProductSale.objects.filter(income_record__producer_group_id=group_id, income_record__month=parse_month(month),
                                    income_record__source=IncomeSource.PRODUCT_SALES, product_id=product_id)
    if for_update:
        qs = qs.select_for_update(of=("self",))
    return qs.first()
