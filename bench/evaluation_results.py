"""Benchmark: the evaluation rule (evaluation.selectors) at national scale against one hand-written SQL aggregate.

Generates, in a scratch database and inside a transaction that is rolled back, in four growing steps
(1/8, 1/4, 1/2 and all of the size asked for; each step adds units to the previous ones):
- producer groups and tourism communities, built by the test factories and inserted with bulk_create;
- their enrollments in FY 2570 (every group in quadrant_d, every third also in kbo, every community in
  nawatwithi), bulk_create;
- 24 months of income (FY 2569 and FY 2570): growth from -3% to +8% so that units meet and miss the 3% and
  5% targets, a month in twelve missing, one group in twenty without a baseline, one in four also with
  tourism income; about 1.1 million rows at full size, so COPY (the other columns from the model's defaults);
- the targets, through `evaluation.services.target_set` (actor: core.actors.SYSTEM), district targets for
  three districts (`district_target_set`), and unit targets for one group in 25 and one community in 7
  (bulk_create): the rule resolves unit > district > project > all in its one statement, and so does the floor.

At each size it times, best of --runs,
  1. uncached: `evaluation_result(..., use_cache=False)`, what the API, the dashboard and the reports
     compute without a cache — the one query fetched (sorted by PostgreSQL), the summary and the district
     and project aggregates from its rows — once with the server's JIT setting, once with
     `SET LOCAL jit = off`;
  2. miss: the same on a cache miss (the entry deleted, untimed, before each run): + the generation read,
     the cache lookup and storing the result (jit off); cached: a hit (the generation read + the cache
     get + unpacking);
  3. the floor: ONE hand-written SQL query returning the same per-enrollment figures, fetched
     (runs of 1 and 3 alternate, so that other load on the machine hits both alike);
checks that both give the same figures and status for every enrollment, and that the portal's summary
and its districts (each against its own target: status, gap, units below) equal hand-written queries (run
untimed), and prints time per unit, which should stay flat
as the size grows (a linear total), and the ratios.

    .venv/bin/python bench/evaluation_results.py             # up to 38,000 groups + 2,500 communities: ~1.1M rows
    .venv/bin/python bench/evaluation_results.py --smoke     # up to 1,000 groups + 100 communities (seconds)
    .venv/bin/python bench/evaluation_results.py --groups 60000 --runs 3
"""

from __future__ import annotations

import datetime as dt
import math
import time
from decimal import Decimal

import _setup
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from core.actors import SYSTEM
from core.models import District, ProducerGroup, Subdistrict
from evaluation import selectors, services
from evaluation.models import DistrictTarget, Enrollment, IncomeRecord, Target, UnitTarget
from tests.factories.core import ProducerGroupFactory
from tests.factories.evaluation import TourismCommunityFactory
from tourism.models import TourismCommunity

FISCAL_YEAR = 2570
AS_OF = "2027-09"  # a whole year against the previous one: the largest window
FY_START = dt.date(2026, 10, 1)
MONTHS = [dt.date(2025 + (9 + i) // 12, (9 + i) % 12 + 1, 1) for i in range(24)]  # 2025-10 .. 2027-09
CENT = Decimal("0.01")

HAND_SQL = f"""
WITH inc AS (
    SELECT producer_group_id, tourism_community_id,
           SUM(amount) FILTER (WHERE month >= %(cs)s) AS current,
           SUM(amount) FILTER (WHERE month <= %(be)s) AS baseline,
           COUNT(DISTINCT month) FILTER (WHERE month >= %(cs)s) AS months_current,
           COUNT(DISTINCT month) FILTER (WHERE month <= %(be)s) AS months_baseline
    FROM {IncomeRecord._meta.db_table}
    WHERE month BETWEEN %(bs)s AND %(as_of)s
    GROUP BY producer_group_id, tourism_community_id
),
tg AS (
    SELECT p.project, own.target_percent AS own_percent, alls.target_percent AS all_percent
    FROM (VALUES ('quadrant_d'), ('kbo'), ('nawatwithi')) AS p(project)
    LEFT JOIN {Target._meta.db_table} own ON own.fiscal_year = %(fy)s AND own.project = p.project
    LEFT JOIN {Target._meta.db_table} alls ON alls.fiscal_year = %(fy)s AND alls.project = 'all'
),
r AS (
    SELECT e.id, e.project,
           CASE WHEN e.producer_group_id IS NOT NULL THEN 'producer_group' ELSE 'tourism_community' END
               AS unit_type,
           COALESCE(e.producer_group_id, e.tourism_community_id) AS unit_id,
           COALESCE(g.name_th, c.name_th) AS unit_name,
           COALESCE(gs.district_id, cs.district_id) AS district,
           COALESCE(ig.current, ic.current, 0) AS current,
           COALESCE(ig.baseline, ic.baseline, 0) AS baseline,
           COALESCE(ig.months_current, ic.months_current, 0) AS months_current,
           COALESCE(ig.months_baseline, ic.months_baseline, 0) AS months_baseline,
           COALESCE(utg.target_percent, utc.target_percent, dt.target_percent, tg.own_percent, tg.all_percent)
               AS target_percent,
           CASE WHEN utg.id IS NOT NULL OR utc.id IS NOT NULL THEN 'unit' WHEN dt.id IS NOT NULL THEN 'district'
                WHEN tg.own_percent IS NOT NULL THEN 'project' WHEN tg.all_percent IS NOT NULL THEN 'all' END
               AS target_level,
           dt.target_percent AS district_target, tg.all_percent AS department_target
    FROM {Enrollment._meta.db_table} e
    LEFT JOIN {ProducerGroup._meta.db_table} g ON g.id = e.producer_group_id
    LEFT JOIN {Subdistrict._meta.db_table} gs ON gs.code = g.subdistrict_id
    LEFT JOIN {TourismCommunity._meta.db_table} c ON c.id = e.tourism_community_id
    LEFT JOIN {Subdistrict._meta.db_table} cs ON cs.code = c.subdistrict_id
    LEFT JOIN inc ig ON ig.producer_group_id = e.producer_group_id
    LEFT JOIN inc ic ON ic.tourism_community_id = e.tourism_community_id
    LEFT JOIN tg ON tg.project = e.project
    LEFT JOIN {DistrictTarget._meta.db_table} dt
        ON dt.fiscal_year = %(fy)s AND dt.district_id = COALESCE(gs.district_id, cs.district_id)
    LEFT JOIN {UnitTarget._meta.db_table} utg ON utg.fiscal_year = %(fy)s AND utg.producer_group_id = e.producer_group_id
    LEFT JOIN {UnitTarget._meta.db_table} utc
        ON utc.fiscal_year = %(fy)s AND utc.tourism_community_id = e.tourism_community_id
    WHERE e.fiscal_year = %(fy)s
),
rr AS (
    SELECT r.*, ROUND((r.current - r.baseline) * 100 / NULLIF(r.baseline, 0), 2) AS increase_percent
    FROM r
),
rs AS (
    SELECT rr.*,
           CASE WHEN rr.baseline = 0 THEN 'no_baseline'
                WHEN rr.increase_percent >= rr.target_percent THEN 'met' ELSE 'not_met' END AS status
    FROM rr
)
SELECT rs.*,
       CASE WHEN rs.status = 'not_met'
            THEN (CEIL((rs.baseline * (100 + rs.target_percent) / 100 - rs.current) * 100) / 100)::numeric(16, 2)
       END AS gap
FROM rs
"""

HAND_SUMMARY_SQL = """
WITH rows AS ({rows}),
u AS (SELECT DISTINCT unit_type, unit_id, current, baseline FROM rows WHERE baseline > 0)
SELECT (SELECT SUM(current) FROM u), (SELECT SUM(baseline) FROM u),
       COUNT(*) FILTER (WHERE status = 'met'), COUNT(*) FILTER (WHERE status = 'not_met'),
       COUNT(*) FILTER (WHERE status = 'no_baseline')
FROM rows
"""


# Each district against its own target (else the department's `all`), by hand: the sums over its distinct
# units with a baseline, the increase of the sums, the status, the gap and (when not met) the units below.
HAND_DISTRICTS_SQL = """
WITH rows AS ({rows}),
u AS (SELECT DISTINCT unit_type, unit_id, district, current, baseline, increase_percent,
                      COALESCE(district_target, department_target) AS dtarget
      FROM rows WHERE baseline > 0),
d AS (SELECT district, SUM(current) AS current, SUM(baseline) AS baseline, MAX(dtarget) AS target,
             ROUND((SUM(current) - SUM(baseline)) * 100 / SUM(baseline), 2) AS increase_percent,
             COUNT(*) FILTER (WHERE increase_percent < dtarget) AS below
      FROM u GROUP BY district)
SELECT district, current, baseline, target, increase_percent,
       CASE WHEN increase_percent >= target THEN 'met' ELSE 'not_met' END AS status,
       CASE WHEN increase_percent >= target THEN NULL
            ELSE (CEIL((baseline * (100 + target) / 100 - current) * 100) / 100)::numeric(16, 2) END AS gap,
       CASE WHEN increase_percent >= target THEN 0 ELSE below END AS units_below
FROM d ORDER BY district
"""


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT)


def generate(groups: range, communities: range) -> tuple[int, int]:
    """Add the groups and communities numbered in the ranges, their enrollments and income; (enrollments,
    income records) added."""
    codes = list(Subdistrict.objects.filter(district__province_id=_setup.PROVINCE)
                 .order_by("code").values_list("code", flat=True))
    group_rows = ProducerGroup.objects.bulk_create(
        [ProducerGroupFactory.build(name_th=f"กลุ่มทดสอบ {i}", slug=f"bench-group-{i}",
                                    subdistrict_id=codes[i % len(codes)]) for i in groups],
        batch_size=2000)
    community_rows = TourismCommunity.objects.bulk_create(
        [TourismCommunityFactory.build(name_th=f"ชุมชนทดสอบ {i}", slug=f"bench-community-{i}",
                                       subdistrict_id=codes[i % len(codes)]) for i in communities],
        batch_size=2000)

    def enrollments():
        for i, g in zip(groups, group_rows, strict=True):
            yield Enrollment(fiscal_year=FISCAL_YEAR, project="quadrant_d", producer_group=g)
            if i % 3 == 0:
                yield Enrollment(fiscal_year=FISCAL_YEAR, project="kbo", producer_group=g)
        for c in community_rows:
            yield Enrollment(fiscal_year=FISCAL_YEAR, project="nawatwithi", tourism_community=c)

    def income():  # (producer_group, tourism_community, month, source, amount)
        for i, g in zip(groups, group_rows, strict=True):
            for m in MONTHS:
                if (i + m.month) % 12 == 0 or (i % 20 == 0 and m < FY_START):
                    continue
                growth = Decimal(97 + i % 10) / 100 if m >= FY_START else 1  # -3% .. +6%
                yield g.pk, None, m, "product_sales", _money((10000 + (i * 37 + m.month * 101) % 9000) * growth)
            if i % 4 == 1:
                for m in MONTHS:
                    yield g.pk, None, m, "tourism", _money(2000 + i % 500)
        for i, c in zip(communities, community_rows, strict=True):
            for m in MONTHS:
                growth = Decimal(100 + i % 9) / 100 if m >= FY_START else 1  # 0% .. +8%
                yield None, c.pk, m, "tourism", _money((30000 + (i * 13) % 7000) * growth)

    def unit_targets():  # a unit's own target, over its district's and the department's
        for i, g in zip(groups, group_rows, strict=True):
            if i % 25 == 0:
                yield UnitTarget(fiscal_year=FISCAL_YEAR, producer_group=g, target_percent=Decimal(i % 7),
                                 reason="benchmark")
        for i, c in zip(communities, community_rows, strict=True):
            if i % 7 == 0:
                yield UnitTarget(fiscal_year=FISCAL_YEAR, tourism_community=c, target_percent=Decimal(2 + i % 5),
                                 reason="benchmark")

    n_enrollments = _setup.bulk_create(Enrollment, enrollments())
    _setup.bulk_create(UnitTarget, unit_targets())
    # ~1M rows: COPY, with the columns not given filled from the model's defaults
    n_income = _setup.copy_rows(IncomeRecord, ["producer_group", "tourism_community", "month", "source",
                                               "amount"], income())
    _setup.analyze(ProducerGroup, TourismCommunity, Enrollment, IncomeRecord, Target, DistrictTarget, UnitTarget)
    return n_enrollments, n_income


COMPARED = ("current", "baseline", "months_current", "months_baseline", "target_percent", "target_level",
            "district_target", "department_target", "increase_percent", "status", "gap")


def portal_query(*, cache_use: str):
    """`evaluation_result` as a request runs it: "uncached" (no cache at all: the query, the aggregates,
    the rows), "miss" (the entry deleted first, untimed: the same + reading and storing the cache entry) or
    "hit" (from the cache)."""
    if cache_use == "miss":
        w = selectors.evaluation_window(fiscal_year=FISCAL_YEAR, as_of=AS_OF)
        cache.delete(selectors.cache_key(generation=selectors.current_generation(), fiscal_year=FISCAL_YEAR,
                                         as_of=w.as_of, project=None, district=None))
    started = time.perf_counter()
    result = selectors.evaluation_result(fiscal_year=FISCAL_YEAR, as_of=AS_OF, use_cache=cache_use != "uncached")
    elapsed = time.perf_counter() - started
    if result.cached != (cache_use == "hit"):
        raise SystemExit(f"expected {cache_use}, got cached={result.cached}")
    return elapsed, result


def best_portal(runs: int, *, cache_use: str):
    times, result = [], None
    for _ in range(runs):
        elapsed, result = portal_query(cache_use=cache_use)
        times.append(elapsed)
    return min(times), result


def _params() -> dict:
    w = selectors.evaluation_window(fiscal_year=FISCAL_YEAR, as_of=AS_OF)
    return {"fy": FISCAL_YEAR, "cs": w.current_start, "bs": w.baseline_start, "be": w.baseline_end,
            "as_of": w.as_of}


def hand_query():
    """The floor: ONE hand-written SQL query, fetched as dicts."""
    with connection.cursor() as cur:
        cur.execute(HAND_SQL, _params())
        names = [c.name for c in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def hand_summary():
    """The province summary by hand-written SQL (untimed: it checks the portal's summary)."""
    with connection.cursor() as cur:
        cur.execute(HAND_SUMMARY_SQL.format(rows=HAND_SQL), _params())
        return cur.fetchone()


def hand_districts():
    """The districts judged against their own targets by hand-written SQL (untimed: it checks the portal's)."""
    with connection.cursor() as cur:
        cur.execute(HAND_DISTRICTS_SQL.format(rows=HAND_SQL), _params())
        return [tuple(row) for row in cur.fetchall()]


def district_disagreement(by_district) -> str:
    """'' when the portal's districts (those with a baseline) equal the hand-written ones."""
    portal = [(d["key"], d["current"], d["baseline"], d["target_percent"], d["increase_percent"], d["status"],
               d["gap"], d["units_below"]) for d in by_district if d["baseline"]]
    hand = hand_districts()
    if not hand:
        return "no district to compare"
    if portal != hand:
        return f"the districts differ:\n  portal {portal[:3]}\n  floor  {hand[:3]}"
    return ""


def disagreement(portal_rows, summary, hand_rows, hand_summary) -> str:
    """'' when the portal and the floor give the same figures for every enrollment and in total."""
    portal = {r["id"]: tuple(r[k] for k in COMPARED) for r in portal_rows}
    hand = {r["id"]: tuple(r[k] for k in COMPARED) for r in hand_rows}
    if portal != hand:
        ids = sorted(set(portal) ^ set(hand)) or sorted(i for i in portal if portal[i] != hand[i])
        i = ids[0]
        return (f"{len(ids)} enrollments differ, e.g. id {i}:\n  portal {portal.get(i)}\n  floor  {hand.get(i)}"
                f"\n  ({', '.join(COMPARED)})")
    figures = (summary["current"], summary["baseline"], summary["met"], summary["not_met"], summary["no_baseline"])
    if figures != tuple(hand_summary):
        return f"the summaries differ:\n  portal {figures}\n  floor  {tuple(hand_summary)}"
    return ""


def main() -> None:
    args = _setup.arguments(__doc__, smoke={"groups": 1000, "communities": 100, "runs": 3},
                            full={"groups": 38000, "communities": 2500, "runs": 3})
    total = time.perf_counter()
    ratios, per_unit = [], []
    print(f"cache: {settings.CACHES['default']['BACKEND']}")
    with _setup.scratch_database(migrate=args.migrate), _setup.rolled_back():
        # the portal's own loaders act as SYSTEM (beat tasks, the demo loader); so does this one
        services.target_set(actor=SYSTEM, fiscal_year=FISCAL_YEAR, project="all", target_percent=Decimal("3"))
        services.target_set(actor=SYSTEM, fiscal_year=FISCAL_YEAR, project="nawatwithi",
                            target_percent=Decimal("5"))
        for district, percent in zip(District.objects.filter(province_id=_setup.PROVINCE).order_by("code")[:3],
                                     ("4", "6", "2.5"), strict=False):
            services.district_target_set(actor=SYSTEM, fiscal_year=FISCAL_YEAR, district=district,
                                         target_percent=Decimal(percent), reason="benchmark")
        done_g = done_c = n_enrollments = n_income = 0
        for step in (8, 4, 2, 1):
            started = time.perf_counter()
            to_g, to_c = args.groups // step, args.communities // step
            e, i = generate(range(done_g, to_g), range(done_c, to_c))
            done_g, done_c, n_enrollments, n_income = to_g, to_c, n_enrollments + e, n_income + i
            units = done_g + done_c
            print(f"\n{units:,} units ({done_g:,} groups, {done_c:,} communities), {n_enrollments:,} enrollments, "
                  f"{n_income:,} income records (added in {time.perf_counter() - started:.1f} s)")
            for jit in ("default", "off"):
                with connection.cursor() as cur:
                    cur.execute("SET LOCAL jit = off" if jit == "off" else "RESET jit")
                # interleaved, so that the other load on the machine hits both alike
                uncached_time = miss_time = hand_time = math.inf
                for _ in range(args.runs):
                    elapsed, result = portal_query(cache_use="uncached")
                    uncached_time = min(uncached_time, elapsed)
                    elapsed, hand_rows = _setup.best_of(1, hand_query)
                    hand_time = min(hand_time, elapsed)
                    elapsed, _missed = portal_query(cache_use="miss")
                    miss_time = min(miss_time, elapsed)
                differ = disagreement(result.rows, result.summary, hand_rows, hand_summary()) \
                    or district_disagreement(result.by_district)
                if differ:
                    raise SystemExit(f"the portal and the floor disagree (has the rule changed? update HAND_SQL): "
                                     f"{differ}")
                cached_time, cached = best_portal(args.runs, cache_use="hit")
                if cached.rows != result.rows or cached.summary != result.summary:
                    raise SystemExit("the cached result differs from the computed one")
                s = result.summary
                print(f"  [jit {jit}] province increase {s['increase_percent']}%, met {s['met']:,}, "
                      f"not met {s['not_met']:,}, no baseline {s['no_baseline']:,}; "
                      f"uncached {uncached_time * 1000:.0f} ms ({uncached_time / units * 1e6:.1f} µs/unit), "
                      f"floor {hand_time * 1000:.0f} ms ({hand_time / units * 1e6:.1f} µs/unit), "
                      f"ratio {uncached_time / hand_time:.2f}; miss (+ storing) {miss_time * 1000:.0f} ms; "
                      f"cached {cached_time * 1000:.0f} ms "
                      f"({cached_time / units * 1e6:.1f} µs/unit) (best of {args.runs})")
                ratios.append((f"uncached_{units}u_jit_{jit}", uncached_time, hand_time,
                               "evaluation_result without the cache", "one hand-written SQL query"))
                if jit == "off":
                    ratios.append((f"miss_{units}u", miss_time, hand_time,
                                   "evaluation_result on a cache miss, storing it", "one hand-written SQL query"))
                    ratios.append((f"cached_{units}u", cached_time, hand_time,
                                   "evaluation_result on a cache hit", "one hand-written SQL query"))
                    per_unit.append((units, uncached_time / units, hand_time / units))
    (small, p_small, f_small), (large, p_large, f_large) = per_unit[0], per_unit[-1]
    print(f"\ntime per unit, uncached (jit off): {p_small * 1e6:.1f} µs at {small:,} units, {p_large * 1e6:.1f} µs "
          f"at {large:,} units (floor {f_small * 1e6:.1f} -> {f_large * 1e6:.1f} µs)")
    print(f"total {time.perf_counter() - total:.1f} s; generated rows rolled back")
    ratios.append(("per_unit_growth", p_large, p_small, f"uncached per unit at {large:,} units",
                   f"at {small:,} units"))
    _setup.print_ratios(ratios)


if __name__ == "__main__":
    main()
