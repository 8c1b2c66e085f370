"""Load test: locust against gunicorn with the demo data, then a count-back of every write.

    .venv/bin/python bench/load_test.py              # 50 users for 60 s (`make load`)
    .venv/bin/python bench/load_test.py --smoke      # 10 users for 10 s (CI, through run_all.py)
    .venv/bin/python bench/load_test.py --users 80 --seconds 120 --workers 3

In a scratch database of its own (`<database>_bench_<pid>`, dropped at the end; also under run_all.py, so
that the demo rows never reach the other benchmarks' database) it loads the demo data (`load_demo`), makes
an account and a producer group per simulated producer and an account per simulated staff member, starts
gunicorn (`otop_portal.wsgi`, gthread, DEBUG off, a generated SECRET_KEY, `bench/_load_settings.py`: the
per-address throttles raised, because every simulated user comes from 127.0.0.1) and runs locust headless
(`bench/_load_users.py`): tourists browse and book, producers record income, staff review and decide
bookings. Then it counts back:

- every income record acknowledged (201 created, 200 updated) is in the table with the exact amount sent
  (its history holds every acknowledged amount), and no income record changed or appeared otherwise;
- every booking acknowledged (201) is in the table with its program, date, people, name, phone and price;
  its status is what the last acknowledged decision made it (requested, confirmed with the note, declined
  with the reason), and no other booking appeared or changed status;
- every date's capacity row holds exactly the people of the bookings that hold places, within capacity.

It prints the requests, failures (expected: a full date, a booking already decided; unexpected: anything
else, 5xx, timeouts), p50/p95 per request type and overall, the writes acknowledged / found / missing /
mismatched, and ends with ratio lines (portal p50/p95 over a static file's, served by the same server under
the same load). It exits 1, without the ratio lines, on any unexpected failure or any write not counted back.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

# Uploaded files of the demo go to a temporary folder, never the checkout's media/ (before Django starts).
MEDIA_ROOT = tempfile.mkdtemp(prefix="otop-load-media-")
os.environ["MEDIA_ROOT"] = MEDIA_ROOT

import _setup  # noqa: E402  (Django set-up)
from _count_back import CountBack, booking_state, count_back, income_state  # noqa: E402
from _server import _die_with_parent, free_port, start_gunicorn, stop, tail  # noqa: E402
from django.db import connection  # noqa: E402

# run_all.py --smoke allows this benchmark longer than the default 120 s: loading the demo takes 20-45 s
# and the server's start-up, the 10 s of load and the count-back come on top (60-90 s on a busy machine).
SMOKE_TIMEOUT = 240
BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DEMO_PASSWORD = "demo-otop-2569"
# Share of each kind of user (tourists get the rest); at least one of each, so every kind of write runs.
PRODUCER_SHARE, STAFF_SHARE = 0.28, 0.12


def user_mix(users: int) -> tuple[int, int, int]:
    producers = max(1, round(users * PRODUCER_SHARE))
    staff = max(1, round(users * STAFF_SHARE))
    tourists = users - producers - staff
    if tourists < 1:
        raise SystemExit("load_test: --users must be at least 3 (a tourist, a producer, a staff member)")
    return tourists, producers, staff


# --- the data -------------------------------------------------------------------------------


def load_data(*, migrate: bool) -> str:
    """Reference data the migrations would have put there, then the demo (`load_demo`)."""
    from django.apps import apps
    from django.core.management import call_command

    if not migrate:
        from products.models import ChecklistOption, ChecklistPart, Quadrant, QuadrantRule
        from products.quadrant_seed import seed

        seed(Quadrant, ChecklistPart, ChecklistOption, QuadrantRule)  # products 0003
        importlib.import_module("campaigns.migrations.0004_default_allowed_hosts").add_hosts(apps, None)
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def make_accounts(*, producers: int, staff: int) -> tuple[list[dict], list[str]]:
    """The demo producers (each with its own group) and staff, plus as many more as there are simulated
    ones, so that no two simulated users share an account or a group's income rows."""
    from core.choices import EntrepreneurType, MembershipRole
    from core.models import GroupMembership, ProducerGroup, Subdistrict, User
    from core.services import membership_add, producer_group_create, user_create

    admin = User.objects.get(username="admin")
    accounts = []
    for username in ("producer", "producer2"):
        groups = list(
            GroupMembership.objects.filter(user__username=username).values_list("group_id", flat=True)
        )
        if len(groups) == 1:
            accounts.append({"username": username, "group": groups[0]})
    subdistrict = Subdistrict.objects.get(code="150305")
    n = 0
    while len(accounts) < producers:
        n += 1
        group = producer_group_create(
            actor=admin,
            name_th=f"กลุ่มทดสอบโหลด {n}",
            name_en=f"Load test group {n}",
            subdistrict=subdistrict,
            entrepreneur_type=EntrepreneurType.COMMUNITY_GROUP,
        )
        user = user_create(actor=admin, username=f"load-producer-{n}", password=DEMO_PASSWORD)
        membership_add(actor=admin, group=group, user=user, role=MembershipRole.CHAIR)
        accounts.append({"username": user.username, "group": group.pk})
    staff_names = ["staff"]
    while len(staff_names) < staff:
        user = user_create(
            actor=admin, username=f"load-staff-{len(staff_names)}", password=DEMO_PASSWORD, role="staff"
        )
        staff_names.append(user.username)
    assert ProducerGroup.objects.filter(pk__in=[a["group"] for a in accounts]).count() == len(accounts)
    return accounts[:producers], staff_names


def make_plan(*, producers: list[dict], staff: list[str], window: int) -> dict:
    from django.utils import timezone

    from core.permissions import ANONYMOUS
    from products.models import Product
    from tourism.choices import PublishStatus
    from tourism.models import Program, TourismCommunity
    from wisdom.models import WisdomRecord

    programs = [
        {
            "slug": p.slug,
            "weekdays": list(p.available_weekdays or []),
            "min_group_size": p.min_group_size,
            "max_group_size": p.max_group_size,
        }
        for p in Program.objects.filter(
            status=PublishStatus.PUBLISHED,
            community__status=PublishStatus.PUBLISHED,
            season_start__isnull=True,
            season_end__isnull=True,
        )
    ]
    if not programs:
        raise SystemExit("load_test: the demo has no published program without a season to book")
    return {
        "today": timezone.localdate().isoformat(),
        "booking_window_days": window,
        "password": DEMO_PASSWORD,
        "programs": programs,
        "communities": list(TourismCommunity.objects.visible_to(ANONYMOUS).values_list("slug", flat=True)),
        "products": list(Product.objects.visible_to(ANONYMOUS).values_list("slug", flat=True)),
        "wisdom": list(WisdomRecord.objects.visible_to(ANONYMOUS).values_list("slug", flat=True)),
        "queries": ["ตุ๊กตา", "กลอง", "จักสาน", "โฮมสเตย์", "ขนม", "basket", "ตุ๊กตาชาววัง อ่างทอง"],
        "static_file": "/static/css/portal.css",
        "producers": producers,
        "staff": staff,
    }


# --- gunicorn and locust ----------------------------------------------------------------------


def warm_up(port: int, plan: dict) -> None:
    """One request per page kind before the clock starts (each worker imports lazily on first use)."""
    for path in [
        "/",
        "/tourism/",
        "/products/",
        "/wisdom/",
        "/search/?q=%E0%B8%95%E0%B8%B8%E0%B9%8A%E0%B8%81",
    ]:
        with contextlib.suppress(urllib.error.URLError, OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).read()


def run_locust(*, port: int, users: tuple[int, int, int], spawn_rate: int, seconds: int, work: Path) -> int:
    tourists, producers, staff = users
    env = {
        **os.environ,
        "LOAD_PLAN": str(work / "plan.json"),
        "LOAD_RESULTS": str(work / "results.json"),
        "LOAD_TOURISTS": str(tourists),
        "LOAD_PRODUCERS": str(producers),
        "LOAD_STAFF": str(staff),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(BENCH / "_load_users.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "-u",
        str(sum(users)),
        "-r",
        str(spawn_rate),
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "60",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    with open(work / "locust.log", "w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
        )
        try:
            return proc.wait(timeout=seconds + 180)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return -9
        except BaseException:
            proc.terminate()
            proc.wait()
            raise


# --- the figures --------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile (ms) of the response times."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0.0


FLOOR = "GET static file (floor)"


# --- main ---------------------------------------------------------------------------------------


def main() -> int:
    args = _setup.arguments(
        __doc__,
        smoke={"users": 10, "spawn_rate": 10, "seconds": 10, "workers": 2, "threads": 4, "window_days": 7},
        full={"users": 50, "spawn_rate": 25, "seconds": 60, "workers": 2, "threads": 8, "window_days": 14},
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind: stop the server, drop the database
    mix = user_mix(args.users)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="otop-load-"))
    # Always a scratch database of its own, also under run_all.py: the demo rows are committed (the server
    # must see them) and must not reach the database the other benchmarks share.
    os.environ.pop(_setup.SCRATCH_ENV, None)
    try:
        ratios = run(args, mix=mix, started=started, work=work)
    except Failed as exc:
        print(f"load test FAILED: {exc}")  # the last line, after the database is dropped
        return 1
    _setup.print_ratios(ratios)  # the last lines, after the database is dropped (run_all.py reads them)
    return 0


class Failed(Exception):
    """The load test failed: an unexpected answer, a write not counted back, locust did not finish."""


def run(args, *, mix: tuple[int, int, int], started: float, work: Path) -> list[tuple]:
    server = None
    with _setup.scratch_database(migrate=args.migrate) as name:
        try:
            step = time.perf_counter()
            demo = load_data(migrate=args.migrate)
            producers, staff = make_accounts(producers=mix[1], staff=mix[2])
            plan = make_plan(producers=producers, staff=staff, window=args.window_days)
            (work / "plan.json").write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
            print("".join(f"  {line}\n" for line in demo.strip().splitlines()), end="")
            print(
                f"demo data loaded in {time.perf_counter() - step:.1f} s; {len(producers)} producer accounts "
                f"with a group each (the demo's producer and producer2 first), {len(staff)} staff accounts"
            )
            income_before, bookings_before = income_state(), booking_state()
            connection.close()

            port = free_port()
            step = time.perf_counter()
            server = start_gunicorn(
                name=name,
                port=port,
                workers=args.workers,
                threads=args.threads,
                log=work / "gunicorn.log",
                media_root=MEDIA_ROOT,
            )
            warm_up(port, plan)
            print(
                f"gunicorn on 127.0.0.1:{port}: {args.workers} workers x {args.threads} threads (gthread), "
                f"DEBUG off, generated SECRET_KEY, ready in {time.perf_counter() - step:.1f} s"
            )
            print(
                f"all {args.users} users come from 127.0.0.1: the per-address throttles are raised for the run "
                f"(bench/_load_settings.py)"
            )
            print(
                f"locust: {args.users} users ({mix[0]} tourists, {mix[1]} producers, {mix[2]} staff), "
                f"spawn rate {args.spawn_rate}/s, {args.seconds} s, headless",
                flush=True,
            )
            step = time.perf_counter()
            code = run_locust(
                port=port, users=mix, spawn_rate=args.spawn_rate, seconds=args.seconds, work=work
            )
            ran = time.perf_counter() - step
            stop(server)
            server = None
            results_file = work / "results.json"
            if code != 0 or not results_file.exists():
                print(tail(work / "locust.log"))
                raise Failed(
                    f"locust exited with {code}"
                    + ("" if results_file.exists() else " without writing its records")
                )
            results = json.loads(results_file.read_text(encoding="utf-8"))
            result = count_back(results["writes"], income_before, bookings_before)
            ok = report(results, result, ran=ran, total=time.perf_counter() - started)
            if not ok:
                print(f"gunicorn's log (last lines):\n{tail(work / 'gunicorn.log')}")
                raise Failed("unexpected failures or writes not counted back (see above)")
            every = [ms for name, ms, _error in results["requests"] if name != FLOOR]
            floor = [ms for name, ms, _error in results["requests"] if name == FLOOR]
            if not floor or not every or min(percentile(floor, 50), percentile(floor, 95)) <= 0:
                raise Failed("no static-file (floor) or portal requests were measured: no ratio to print")
            ratios = [
                (
                    f"all_requests_p{p}",
                    percentile(every, p) / 1000,
                    percentile(floor, p) / 1000,
                    f"portal p{p}",
                    f"static file p{p}",
                )
                for p in (50, 95)
            ]
        finally:
            if server is not None:
                stop(server)
            shutil.rmtree(work, ignore_errors=True)
            shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
    return ratios


def report(results: dict, result: CountBack, *, ran: float, total: float) -> bool:
    writes, requests, errors = results["writes"], results["requests"], results["errors"]
    if not requests:
        print("no requests were made")
        return False
    by_name: dict[str, list[float]] = defaultdict(list)
    failed: dict[str, int] = defaultdict(int)
    failures: dict[tuple[str, str], int] = defaultdict(int)
    for name, ms, error in requests:
        by_name[name].append(ms)
        if error:
            failed[name] += 1
            failures[(name, error)] += 1
    expected = defaultdict(int)
    for w in writes:
        if w["outcome"] == "expected":
            expected[w["kind"]] += 1
    unexpected = sum(failed.values()) + len(errors)

    width = max(len(name) for name in by_name)
    print(f"\nper request type ({ran:.0f} s of load; times in ms):")
    print(f"  {'request':<{width}}  {'count':>6}  {'fail':>4}  {'p50':>6}  {'p95':>6}  {'max':>6}")
    for name in sorted(by_name):
        times = by_name[name]
        print(
            f"  {name:<{width}}  {len(times):>6}  {failed[name]:>4}  {percentile(times, 50):>6.0f}  "
            f"{percentile(times, 95):>6.0f}  {max(times):>6.0f}"
        )
    for (name, error), n in sorted(failures.items()):
        print(f"  FAILURE {name}: {error[:300]} (x{n})")
    for error in errors[:20]:
        print(f"  ERROR in a user's code: {error}")
    for line in result.missing[:20] + result.mismatched[:20] + result.unacknowledged[:20]:
        print(f"  COUNT-BACK {line}")

    kinds = ["income", "booking", "confirm", "decline"]
    every = [ms for name, ms, _error in requests if name != FLOOR]
    print(
        f"\nrequests: {len(requests)} in {ran:.0f} s ({len(requests) / max(ran, 1):.1f}/s); "
        f"the whole run {total:.0f} s"
    )
    print(
        f"failures: unexpected {unexpected}; expected {sum(expected.values())} "
        f"({expected['booking']} bookings of a full date, "
        f"{expected['confirm'] + expected['decline']} decisions on a booking already decided)"
    )
    print(
        f"overall (every request but the static file): p50 {percentile(every, 50):.0f} ms, p95 {percentile(every, 95):.0f} ms, "
        f"max {max(every):.0f} ms"
    )
    print(
        "writes acknowledged: "
        + ", ".join(f"{k} {result.acknowledged[k]}" for k in kinds)
        + f" (total {sum(result.acknowledged.values())})"
    )
    print(
        "writes found: "
        + ", ".join(f"{k} {result.found[k]}" for k in kinds)
        + f" (total {sum(result.found.values())})"
    )
    print(
        f"writes missing: {len(result.missing)}; mismatched: {len(result.mismatched)}; "
        f"rows changed or added without an acknowledged write: {len(result.unacknowledged)}"
    )
    kinds_ran = (
        all(result.acknowledged[k] > 0 for k in ("income", "booking"))
        and result.acknowledged["confirm"] + result.acknowledged["decline"] > 0
    )
    if not kinds_ran:
        print("not every kind of write was acknowledged at least once (income, booking, a decision)")
    return unexpected == 0 and result.clean and kinds_ran


if __name__ == "__main__":
    sys.exit(main())
