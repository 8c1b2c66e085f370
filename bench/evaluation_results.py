"""Benchmark: the evaluation rule (evaluation.selectors) at national scale against a bare SQL floor.

Generates, in a scratch database and inside a transaction that is rolled back:
- producer groups and tourism communities, built by the test factories and inserted with bulk_create;
- their enrollments in FY 2570 (every group in quadrant_d, every third also in kbo, every community in
  nawatwithi), bulk_create;
- 24 months of income (FY 2569 and FY 2570): growth from -3% to +8% so that units meet and miss the 3% and
  5% targets, a month in twelve missing, one group in twenty without a baseline, one in four also with
  tourism income; about a million rows at full size, so COPY (the other columns from the model's defaults);
- the targets, through `evaluation.services.target_set` (actor: core.actors.SYSTEM).

Then it times, best of --runs,
  1. what the API and the reports run: `evaluation_rows` fully fetched + `evaluation_summary`, and
  2. the floor: the same per-unit figures and province summary as two hand-written SQL queries
     (aggregate the income first, then join the enrollments),
checks that both give the same figures and status for every enrollment and the same summary, and prints the ratio, once with the server's JIT
setting and once with `SET LOCAL jit = off`.

    .venv/bin/python bench/evaluation_results.py             # 30,000 groups, 2,000 communities: ~1M rows
    .venv/bin/python bench/evaluation_results.py --smoke     # 1,000 groups, 100 communities (seconds)
    .venv/bin/python bench/evaluation_results.py --groups 60000 --runs 3
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import _setup
from django.db import connection

from core.actors import SYSTEM
from core.models import ProducerGroup, Subdistrict
from evaluation import selectors, services
from evaluation.models import Enrollment, IncomeRecord, Target
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
    SELECT p.project, COALESCE(own.target_percent, alls.target_percent) AS target_percent
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
           tg.target_percent
    FROM {Enrollment._meta.db_table} e
    LEFT JOIN {ProducerGroup._meta.db_table} g ON g.id = e.producer_group_id
    LEFT JOIN {Subdistrict._meta.db_table} gs ON gs.code = g.subdistrict_id
    LEFT JOIN {TourismCommunity._meta.db_table} c ON c.id = e.tourism_community_id
    LEFT JOIN {Subdistrict._meta.db_table} cs ON cs.code = c.subdistrict_id
    LEFT JOIN inc ig ON ig.producer_group_id = e.producer_group_id
    LEFT JOIN inc ic ON ic.tourism_community_id = e.tourism_community_id
    LEFT JOIN tg ON tg.project = e.project
    WHERE e.fiscal_year = %(fy)s
),
rr AS (
    SELECT r.*, ROUND((r.current - r.baseline) * 100 / NULLIF(r.baseline, 0), 2) AS increase_percent
    FROM r
)
SELECT rr.*,
       CASE WHEN rr.baseline = 0 THEN 'no_baseline'
            WHEN rr.increase_percent >= rr.target_percent THEN 'met' ELSE 'not_met' END AS status
FROM rr
"""

HAND_SUMMARY_SQL = """
WITH rows AS ({rows}),
u AS (SELECT DISTINCT unit_type, unit_id, current, baseline FROM rows WHERE baseline > 0)
SELECT (SELECT SUM(current) FROM u), (SELECT SUM(baseline) FROM u),
       COUNT(*) FILTER (WHERE status = 'met'), COUNT(*) FILTER (WHERE status = 'not_met'),
       COUNT(*) FILTER (WHERE status = 'no_baseline')
FROM rows
"""


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT)


def generate(groups: int, communities: int) -> None:
    started = time.perf_counter()
    codes = list(Subdistrict.objects.filter(district__province_id=_setup.PROVINCE)
                 .order_by("code").values_list("code", flat=True))
    group_rows = ProducerGroup.objects.bulk_create(
        [ProducerGroupFactory.build(name_th=f"กลุ่มทดสอบ {i}", slug=f"bench-group-{i}",
                                    subdistrict_id=codes[i % len(codes)]) for i in range(groups)],
        batch_size=2000)
    community_rows = TourismCommunity.objects.bulk_create(
        [TourismCommunityFactory.build(name_th=f"ชุมชนทดสอบ {i}", slug=f"bench-community-{i}",
                                       subdistrict_id=codes[i % len(codes)]) for i in range(communities)],
        batch_size=2000)

    def enrollments():
        for i, g in enumerate(group_rows):
            yield Enrollment(fiscal_year=FISCAL_YEAR, project="quadrant_d", producer_group=g)
            if i % 3 == 0:
                yield Enrollment(fiscal_year=FISCAL_YEAR, project="kbo", producer_group=g)
        for c in community_rows:
            yield Enrollment(fiscal_year=FISCAL_YEAR, project="nawatwithi", tourism_community=c)

    def income():  # (producer_group, tourism_community, month, source, amount)
        for i, g in enumerate(group_rows):
            for m in MONTHS:
                if (i + m.month) % 12 == 0 or (i % 20 == 0 and m < FY_START):
                    continue
                growth = Decimal(97 + i % 10) / 100 if m >= FY_START else 1  # -3% .. +6%
                yield g.pk, None, m, "product_sales", _money((10000 + (i * 37 + m.month * 101) % 9000) * growth)
            if i % 4 == 1:
                for m in MONTHS:
                    yield g.pk, None, m, "tourism", _money(2000 + i % 500)
        for i, c in enumerate(community_rows):
            for m in MONTHS:
                growth = Decimal(100 + i % 9) / 100 if m >= FY_START else 1  # 0% .. +8%
                yield None, c.pk, m, "tourism", _money((30000 + (i * 13) % 7000) * growth)

    n_enrollments = _setup.bulk_create(Enrollment, enrollments())
    # ~1M rows: COPY, with the columns not given filled from the model's defaults
    n_income = _setup.copy_rows(IncomeRecord, ["producer_group", "tourism_community", "month", "source",
                                               "amount"], income())
    # the portal's own loaders act as SYSTEM (beat tasks, the demo loader); so does this one
    services.target_set(actor=SYSTEM, fiscal_year=FISCAL_YEAR, project="all", target_percent=Decimal("3"))
    services.target_set(actor=SYSTEM, fiscal_year=FISCAL_YEAR, project="nawatwithi", target_percent=Decimal("5"))
    _setup.analyze(ProducerGroup, TourismCommunity, Enrollment, IncomeRecord, Target)
    print(f"generated {groups:,} groups, {communities:,} communities, {n_enrollments:,} enrollments, "
          f"{n_income:,} income records in {time.perf_counter() - started:.1f} s")


COMPARED = ("current", "baseline", "months_current", "months_baseline", "target_percent", "increase_percent",
            "status")


def portal_query():
    rows = selectors.evaluation_rows(fiscal_year=FISCAL_YEAR, as_of=AS_OF)
    fetched = list(rows)
    return fetched, selectors.evaluation_summary(rows)


def hand_query():
    w = selectors.evaluation_window(fiscal_year=FISCAL_YEAR, as_of=AS_OF)
    params = {"fy": FISCAL_YEAR, "cs": w.current_start, "bs": w.baseline_start, "be": w.baseline_end,
              "as_of": w.as_of}
    with connection.cursor() as cur:
        cur.execute(HAND_SQL, params)
        names = [c.name for c in cur.description]
        fetched = [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
        cur.execute(HAND_SUMMARY_SQL.format(rows=HAND_SQL), params)
        summary = cur.fetchone()
    return fetched, summary


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
                            full={"groups": 30000, "communities": 2000, "runs": 2})
    total = time.perf_counter()
    ratios = []
    with _setup.scratch_database(migrate=args.migrate), _setup.rolled_back():
        generate(args.groups, args.communities)
        for jit in ("default", "off"):
            if jit == "off":
                # PostgreSQL's JIT compiles the big grouped plan (its estimated cost is high), which alone
                # can take a second or two; many deployments turn it off for web queries.
                with connection.cursor() as cur:
                    cur.execute("SET LOCAL jit = off")
            portal_time, (portal_rows, summary) = _setup.best_of(args.runs, portal_query)
            hand_time, (hand_rows, hand_summary) = _setup.best_of(args.runs, hand_query)
            differ = disagreement(portal_rows, summary, hand_rows, hand_summary)
            if differ:
                raise SystemExit(f"the portal and the floor disagree (has the rule changed? update HAND_SQL): "
                                 f"{differ}")
            print(f"[jit {jit}] FY {FISCAL_YEAR} as of {AS_OF}: {len(portal_rows):,} rows; province increase "
                  f"{summary['increase_percent']}%, met {summary['met']:,}, not met {summary['not_met']:,}, "
                  f"no baseline {summary['no_baseline']:,}; portal {portal_time:.3f} s, floor "
                  f"{hand_time:.3f} s (best of {args.runs})")
            ratios.append((f"rows_and_summary_jit_{jit}", portal_time, hand_time,
                           "evaluation_rows + evaluation_summary", "hand-written SQL"))
    print(f"total {time.perf_counter() - total:.1f} s; generated rows rolled back")
    _setup.print_ratios(ratios)


if __name__ == "__main__":
    main()
