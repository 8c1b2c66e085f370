"""Work per request of the public pages, in-process (a helper, not a benchmark: no ratio lines, not in run_all).

    .venv/bin/python bench/_inprocess.py                      # scratch database, 1,000 of each, dropped at the end
    .venv/bin/python bench/_inprocess.py --keep               # ... kept; prints its name
    OTOP_BENCH_DATABASE=<name> .venv/bin/python bench/_inprocess.py --reuse   # measure a kept one again
    .venv/bin/python bench/_inprocess.py --reuse --only home,products --profile products

The same data as bench/pages.py (its `generate`), every page of `pages.pages()` plus the bare view through
`django.test.Client` (anonymous, DEBUG off, the page cache off, one kept database connection), best of
--repeat × --calls calls: Python function calls per request (cProfile, deterministic), the process's CPU ms per
request and the number of queries. The figures of bench/README.md's "Uncached pages" tables come from it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import sys
import time

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--size", type=int, default=1000)
parser.add_argument("--calls", type=int, default=5)
parser.add_argument("--repeat", type=int, default=3)
parser.add_argument("--keep", action="store_true", help="keep the scratch database (print its name)")
parser.add_argument("--reuse", action="store_true", help="OTOP_BENCH_DATABASE holds the data already")
parser.add_argument("--search", action="store_true", help="build the search index (40 s at 1,000)")
parser.add_argument("--only", default="", help="comma-separated page labels")
parser.add_argument("--profile", default="", help="a page label: print its cProfile")
parser.add_argument("--sql", action="store_true", help="print each page's queries")
args = parser.parse_args()
sys.argv = sys.argv[:1]

import _setup  # noqa: E402
import pages  # noqa: E402  (Django set-up through _setup)
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def measure(client: Client, path: str) -> tuple[int, float, int]:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    queries: list[str] = []

    def timed(execute, sql, *rest):
        started = time.perf_counter()
        try:
            return execute(sql, *rest)
        finally:
            queries.append(f"{(time.perf_counter() - started) * 1000:6.2f} ms  {sql}")

    with connection.execute_wrapper(timed):
        client.get(path)
    calls = pstats.Stats(profiled(client, path)).total_calls // args.calls  # type: ignore[attr-defined]
    best = float("inf")
    for _ in range(args.repeat):
        started = time.process_time()
        for _ in range(args.calls):
            client.get(path)
        best = min(best, (time.process_time() - started) / args.calls)
    if args.sql:
        print("\n".join(f"    {sql[:300]}" for sql in queries))
    return calls, best * 1000, len(queries)


def profiled(client: Client, path: str) -> cProfile.Profile:
    """A cProfile of --calls requests of `path`."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.calls):
        client.get(path)
    profiler.disable()
    return profiler


def profile(client: Client, path: str) -> None:
    client.get(path)
    out = io.StringIO()
    stats = pstats.Stats(profiled(client, path), stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(int(os.environ.get("PROFILE_LINES", "45")))
    stats.sort_stats("tottime").print_stats(25)
    print(out.getvalue())


def run() -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PAGE_CACHE_ENABLED = False
    settings.ROOT_URLCONF = "_pages_urls"
    if not args.reuse:
        pages.reference_data()
        made = pages.generate(0, args.size, rng=random.Random(16))
        print(f"generated {args.size:,} of each in {made:.1f} s")
        if args.search:
            print(f"search index in {pages.build_search_index()[0]:.1f} s")
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    import otop_portal.wsgi  # noqa: F401  (as the server runs: the loaded portal frozen out of the collector's sight)
    client = Client()
    wanted = [w for w in args.only.split(",") if w]
    measured = [("bare", "/__bare__/", None), ("base_html", "/__base__/", None), *pages.pages(args.size)]
    print(f"{'page':<16} {'calls':>8} {'CPU ms':>8} {'queries':>8}")
    for label, path, _expect in measured:
        if wanted and label not in wanted and label not in ("bare", "base_html"):
            continue
        if label == "search" and not (args.search or args.reuse):
            continue
        calls, ms, queries = measure(client, path)
        print(f"{label:<16} {calls:>8,} {ms:>8.2f} {queries:>8}  {path}", flush=True)
    if args.profile:
        profile(client, {label: path for label, path, _ in measured}[args.profile])


if args.reuse:
    _setup.use_database(os.environ[_setup.SCRATCH_ENV])
    run()
elif args.keep:
    base, name = _setup.create_scratch_database()
    run()
    print(f"kept: OTOP_BENCH_DATABASE={name}")
else:
    with _setup.scratch_database():
        run()
