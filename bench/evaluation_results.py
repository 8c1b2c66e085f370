"""Benchmark: the evaluation results query at national scale vs one hand-written SQL query.

Not a test. Generates national-scale data INSIDE A TRANSACTION THAT IS ROLLED BACK (nothing stays in the
database): by default 30,000 producer groups and 2,000 tourism communities, about 47,000 enrollments in
FY 2570 and 24 months of income (FY 2569 and FY 2570, two sources for some units: ~1 million rows), then
times, best of N runs,

  1. the portal's selectors (evaluation_rows fully fetched + evaluation_summary), i.e. what the API and
     the reports run, and
  2. the same per-unit figures and the province summary written by hand as one SQL query
     (aggregate the income first, then join the enrollments),

and prints both times and their ratio. Run from the repository root against your own database:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/otop_evaluation
    .venv/bin/python bench/evaluation_results.py            # defaults
    .venv/bin/python bench/evaluation_results.py --groups 60000 --runs 5

The database must be migrated and have Ang Thong's areas (``manage.py load_areas`` or ``load_demo``).
Takes well under 2 minutes with the defaults.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otop_portal.settings.base")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from evaluation import selectors  # noqa: E402

FISCAL_YEAR = 2570
AS_OF = "2027-09"  # a whole year against the previous one: the largest window

HAND_SQL = """
WITH inc AS (
    SELECT producer_group_id, tourism_community_id,
           SUM(amount) FILTER (WHERE month >= %(cs)s) AS current,
           SUM(amount) FILTER (WHERE month <= %(be)s) AS baseline,
           COUNT(DISTINCT month) FILTER (WHERE month >= %(cs)s) AS months_current,
           COUNT(DISTINCT month) FILTER (WHERE month <= %(be)s) AS months_baseline
    FROM evaluation_incomerecord
    WHERE month BETWEEN %(bs)s AND %(as_of)s
    GROUP BY producer_group_id, tourism_community_id
),
tg AS (
    SELECT p.project, COALESCE(own.target_percent, alls.target_percent) AS target_percent
    FROM (VALUES ('quadrant_d'), ('kbo'), ('nawatwithi')) AS p(project)
    LEFT JOIN evaluation_target own ON own.fiscal_year = %(fy)s AND own.project = p.project
    LEFT JOIN evaluation_target alls ON alls.fiscal_year = %(fy)s AND alls.project = 'all'
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
    FROM evaluation_enrollment e
    LEFT JOIN core_producergroup g ON g.id = e.producer_group_id
    LEFT JOIN core_subdistrict gs ON gs.code = g.subdistrict_id
    LEFT JOIN tourism_tourismcommunity c ON c.id = e.tourism_community_id
    LEFT JOIN core_subdistrict cs ON cs.code = c.subdistrict_id
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


def generate(groups: int, communities: int) -> None:
    """National-scale rows by set-based SQL (seconds, no history rows)."""
    with connection.cursor() as cur:
        cur.execute("SELECT code FROM core_subdistrict ORDER BY code")
        if not cur.fetchone():
            raise SystemExit("No subdistricts: run `manage.py load_areas` (or load_demo) first.")
        cur.execute("""
            INSERT INTO core_producergroup (name_th, name_en, slug, entrepreneur_type, registration_no,
                subdistrict_id, address, contact_name, phone, email, line_id, facebook_url, description, logo,
                is_demo, created_at, updated_at)
            SELECT 'กลุ่มทดสอบ ' || i, '', 'bench-group-' || i, 'community_group', '',
                   (SELECT code FROM core_subdistrict ORDER BY code OFFSET (i %% 73) LIMIT 1),
                   '', '', '', '', '', '', '', '', false, now(), now()
            FROM generate_series(1, %s) AS i""", [groups])
        cur.execute("""
            INSERT INTO tourism_tourismcommunity (name_th, name_en, slug, subdistrict_id, story, status,
                is_demo, created_at, updated_at)
            SELECT 'ชุมชนทดสอบ ' || i, '', 'bench-community-' || i,
                   (SELECT code FROM core_subdistrict ORDER BY code OFFSET (i %% 73) LIMIT 1),
                   '', 'published', false, now(), now()
            FROM generate_series(1, %s) AS i""", [communities])
        # enrollments: every group in quadrant_d, every third also in kbo, communities in nawatwithi
        cur.execute("""
            INSERT INTO evaluation_enrollment (fiscal_year, project, producer_group_id, is_demo, created_at,
                updated_at)
            SELECT 2570, 'quadrant_d', id, false, now(), now() FROM core_producergroup WHERE slug LIKE 'bench-%%'
            UNION ALL
            SELECT 2570, 'kbo', id, false, now(), now() FROM core_producergroup
                WHERE slug LIKE 'bench-%%' AND id %% 3 = 0""", ())
        cur.execute("""
            INSERT INTO evaluation_enrollment (fiscal_year, project, tourism_community_id, is_demo, created_at,
                updated_at)
            SELECT 2570, 'nawatwithi', id, false, now(), now() FROM tourism_tourismcommunity
                WHERE slug LIKE 'bench-%%'""", ())
        # 24 months (2025-10 .. 2027-09); ~1 in 12 months missing; 1 in 20 units without a baseline
        cur.execute("""
            INSERT INTO evaluation_incomerecord (producer_group_id, month, source, amount, is_demo, created_at,
                updated_at)
            SELECT g.id, m::date, 'product_sales', (10000 + (g.id * 37 + extract(month FROM m) * 101) %% 9000)
                   * CASE WHEN m >= '2026-10-01' THEN 1.04 ELSE 1 END, false, now(), now()
            FROM core_producergroup g, generate_series('2025-10-01'::date, '2027-09-01', '1 month') AS m
            WHERE g.slug LIKE 'bench-%%' AND (g.id + extract(month FROM m)::int) %% 12 <> 0
              AND NOT (g.id %% 20 = 0 AND m < '2026-10-01')""", ())
        cur.execute("""
            INSERT INTO evaluation_incomerecord (producer_group_id, month, source, amount, is_demo, created_at,
                updated_at)
            SELECT g.id, m::date, 'tourism', 2000 + (g.id %% 500), false, now(), now()
            FROM core_producergroup g, generate_series('2025-10-01'::date, '2027-09-01', '1 month') AS m
            WHERE g.slug LIKE 'bench-%%' AND g.id %% 4 = 1""", ())
        cur.execute("""
            INSERT INTO evaluation_incomerecord (tourism_community_id, month, source, amount, is_demo,
                created_at, updated_at)
            SELECT c.id, m::date, 'tourism', 30000 + (c.id * 13) %% 7000
                   * CASE WHEN m >= '2026-10-01' THEN 1.06 ELSE 1 END, false, now(), now()
            FROM tourism_tourismcommunity c, generate_series('2025-10-01'::date, '2027-09-01', '1 month') AS m
            WHERE c.slug LIKE 'bench-%%'""", ())
        cur.execute("""
            INSERT INTO evaluation_target (fiscal_year, project, target_percent, is_demo, created_at, updated_at)
            VALUES (2570, 'all', 3, false, now(), now()), (2570, 'nawatwithi', 5, false, now(), now())
            ON CONFLICT DO NOTHING""")
        cur.execute("ANALYZE core_producergroup, tourism_tourismcommunity, evaluation_enrollment, "
                    "evaluation_incomerecord, evaluation_target")
        cur.execute("SELECT (SELECT count(*) FROM evaluation_enrollment WHERE fiscal_year = 2570), "
                    "(SELECT count(*) FROM evaluation_incomerecord)")
        enrollments, records = cur.fetchone()
    print(f"generated: {groups:,} groups, {communities:,} communities, {enrollments:,} enrollments, "
          f"{records:,} income records")


def best_of(runs: int, func) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def portal_query():
    rows = selectors.evaluation_rows(fiscal_year=FISCAL_YEAR, as_of=AS_OF)
    fetched = list(rows)
    return len(fetched), selectors.evaluation_summary(rows)


def hand_query():
    w = selectors.evaluation_window(fiscal_year=FISCAL_YEAR, as_of=AS_OF)
    params = {"fy": FISCAL_YEAR, "cs": w.current_start, "bs": w.baseline_start, "be": w.baseline_end,
              "as_of": w.as_of}
    with connection.cursor() as cur:
        cur.execute(HAND_SQL, params)
        fetched = cur.fetchall()
        cur.execute(HAND_SUMMARY_SQL.format(rows=HAND_SQL), params)
        summary = cur.fetchone()
    return len(fetched), summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", type=int, default=30000)
    parser.add_argument("--communities", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    total = time.perf_counter()
    with transaction.atomic():
        generate(args.groups, args.communities)
        for jit in ("server default", "off"):
            if jit == "off":
                # PostgreSQL's JIT compiles the big grouped plan (its estimated cost is high) and that
                # alone can take ~1-2 s; many deployments turn it off for web queries.
                with connection.cursor() as cur:
                    cur.execute("SET LOCAL jit = off")
            portal_time, (portal_rows, summary) = best_of(args.runs, portal_query)
            hand_time, (hand_rows, hand_summary) = best_of(args.runs, hand_query)
            assert portal_rows == hand_rows, (portal_rows, hand_rows)
            assert (summary["met"], summary["not_met"], summary["no_baseline"]) == tuple(hand_summary[2:]), \
                (summary, hand_summary)
            print(f"\n[jit: {jit}] FY {FISCAL_YEAR} as of {AS_OF}: {portal_rows:,} result rows; province "
                  f"increase {summary['increase_percent']}%, met {summary['met']:,}, not met "
                  f"{summary['not_met']:,}, no baseline {summary['no_baseline']:,}")
            print(f"portal selectors (rows + summary): {portal_time:8.3f} s  (best of {args.runs})")
            print(f"hand-written SQL (rows + summary): {hand_time:8.3f} s  (best of {args.runs})")
            print(f"ratio portal / hand-written:       {portal_time / hand_time:8.2f}")
        transaction.set_rollback(True)  # nothing generated stays
    print(f"total {time.perf_counter() - total:.1f} s; generated rows rolled back")


if __name__ == "__main__":
    main()
