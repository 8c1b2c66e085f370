"""Public pages and API lists under four keep-alive clients, against a bare view through the same server.

    .venv/bin/python bench/pages.py              # 1,000 then 10,000 published programs, products, wisdom records
    .venv/bin/python bench/pages.py --smoke      # 50 of each, one short round (CI, through run_all.py)
    .venv/bin/python bench/pages.py --sizes 1000 --seconds 3 --rounds 5

In a scratch database of its own (`<database>_bench_<pid>`, dropped at the end; also under run_all.py: the rows
are committed, because the server must see them) it generates N published programs, products and wisdom
records (and the N/20 communities and producer groups they belong to) with the test factories' `build()` and
`bulk_create`, then builds the search index (`search.index.rebuild`, what `manage.py rebuild_search_index` runs).
It starts gunicorn (`otop_portal.wsgi`, 2 workers, gthread, DEBUG off, `bench/_pages_settings.py`: the load
test's settings with `bench/_pages_urls.py` as ROOT_URLCONF, which adds `/__bare__/` → `HttpResponse("ok")`,
so the floor passes through the same middleware, server and database).

Four client threads, each with its own persistent `http.client` connection, request one path as fast as the
server answers for --seconds; the bare view and the page alternate, --rounds times; requests/s is the number
of answers over the time. Every answer must be a 200 (the bare view's body `ok`; a detail page's must contain
its record's title), else the benchmark stops. The client's own ceiling (the same four threads against a
minimal keep-alive HTTP server answering "ok" without Django) is printed first: the ratios mean something only
while the bare view is well below it. One staff page is measured for information (not in the ratios).

At each size it prints requests/s for each page and the bare view and the ratio page/bare (1.0 = as fast as a
view that does nothing; higher is better, the reverse of the other benchmarks' time ratios), and ends with one
line per page and size: `ratio <page>_<size> = <page req/s / bare req/s>`. With --profile it then profiles the
page with the lowest ratio in-process (cProfile, --profile-calls calls) and prints the top functions.
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import logging
import os
import pstats
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import quote

MEDIA_ROOT = tempfile.mkdtemp(prefix="otop-pages-media-")
os.environ["MEDIA_ROOT"] = MEDIA_ROOT

import _setup  # noqa: E402  (Django set-up)
from _server import _die_with_parent, free_port, start_gunicorn, stop, tail  # noqa: E402
from django.db import connection  # noqa: E402

STAFF_PASSWORD = "bench-pages-2569"
SEARCH_WORD = "ตุ๊กตา"
WORDS = [
    "ตุ๊กตาชาววัง",
    "กลองเอกราช",
    "จักสานไม้ไผ่",
    "ขนมหวาน",
    "ผ้าทอมือ",
    "โฮมสเตย์",
    "เครื่องปั้นดินเผา",
    "ไม้แกะสลัก",
    "ตะกร้า",
    "ข้าวหอม",
]

# Minimal keep-alive HTTP server (no Django): the clients' own ceiling.
CEILING_SERVER = r"""
import asyncio, sys
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"
async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            writer.write(RESPONSE)
            await writer.drain()
    except Exception:
        writer.close()
async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", int(sys.argv[1]))
    print("ready", flush=True)
    async with server:
        await server.serve_forever()
asyncio.run(main())
"""


# --- the data -------------------------------------------------------------------------------------


def reference_data() -> None:
    """What the migrations would have put there (the scratch tables are made from the models)."""
    import importlib

    from django.apps import apps

    from products.models import ChecklistOption, ChecklistPart, Quadrant, QuadrantRule
    from products.quadrant_seed import seed

    seed(Quadrant, ChecklistPart, ChecklistOption, QuadrantRule)  # products 0003
    importlib.import_module("campaigns.migrations.0004_default_allowed_hosts").add_hosts(apps, None)


def generate(start: int, stop_: int, *, rng: random.Random) -> float:
    """Records start+1..stop_ of each kind (published, public), plus one community and one group per 20."""
    from core.models import ProducerGroup, Subdistrict
    from products.models import Product
    from tests.factories.core import ProducerGroupFactory
    from tests.factories.products import ProductFactory
    from tests.factories.tourism import CommunityFactory, ProgramFactory
    from tests.factories.wisdom import WisdomRecordFactory
    from tourism.models import Program, TourismCommunity
    from wisdom.models import WisdomRecord

    started = time.perf_counter()
    subdistricts = list(
        Subdistrict.objects.filter(code__startswith=_setup.PROVINCE).values_list("code", flat=True)
    )
    owners = range(start // 20 + 1, (stop_ + 19) // 20 + 1)
    _setup.bulk_create(
        ProducerGroup,
        (
            ProducerGroupFactory.build(
                name_th=f"กลุ่ม{rng.choice(WORDS)} {k}",
                slug=f"bench-group-{k}",
                subdistrict_id=rng.choice(subdistricts),
            )
            for k in owners
        ),
    )
    _setup.bulk_create(
        TourismCommunity,
        (
            CommunityFactory.build(
                name_th=f"ชุมชนท่องเที่ยว{rng.choice(WORDS)} {k}",
                slug=f"bench-community-{k}",
                subdistrict_id=rng.choice(subdistricts),
                with_photo=False,
            )
            for k in owners
        ),
    )
    groups = {g.slug: g for g in ProducerGroup.objects.filter(slug__startswith="bench-group-")}
    communities = {c.slug: c for c in TourismCommunity.objects.filter(slug__startswith="bench-community-")}

    def text(i: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(12)) + f" อ่างทอง {i}"

    _setup.bulk_create(
        Program,
        (
            ProgramFactory.build(
                community=communities[f"bench-community-{(i - 1) // 20 + 1}"],
                items=False,
                title_th=f"โปรแกรม{rng.choice(WORDS)} {i}",
                slug=f"bench-program-{i}",
                summary=text(i),
            )
            for i in range(start + 1, stop_ + 1)
        ),
    )
    _setup.bulk_create(
        Product,
        (
            ProductFactory.build(
                group=groups[f"bench-group-{(i - 1) // 20 + 1}"],
                name_th=f"{rng.choice(WORDS)} {i}",
                slug=f"bench-product-{i}",
                description=text(i),
            )
            for i in range(start + 1, stop_ + 1)
        ),
    )
    _setup.bulk_create(
        WisdomRecord,
        (
            WisdomRecordFactory.build(
                title_th=f"ภูมิปัญญา{rng.choice(WORDS)} {i}",
                slug=f"bench-wisdom-{i}",
                subdistrict_id=rng.choice(subdistricts),
                summary=text(i),
                description=text(i),
            )
            for i in range(start + 1, stop_ + 1)
        ),
    )
    made = time.perf_counter() - started
    _setup.analyze(ProducerGroup, TourismCommunity, Program, Product, WisdomRecord)
    return made


def build_search_index() -> tuple[float, dict]:
    from search.index import rebuild

    started = time.perf_counter()
    counts = rebuild()
    return time.perf_counter() - started, counts


def staff_session(secret_key: str) -> str:
    """A staff account and a session for it (the server shares the database and the SECRET_KEY)."""
    from django.conf import settings
    from django.test import Client

    from core.models import User

    settings.SECRET_KEY = secret_key  # the session's auth hash is keyed on it
    logging.getLogger("axes").setLevel(logging.WARNING)  # no "successful login" lines for force_login
    user = User.objects.filter(username="bench-staff").first()
    if user is None:
        user = User(username="bench-staff", role="staff", is_staff=True)
        user.set_password(STAFF_PASSWORD)
        user.save()
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


# --- the clients ------------------------------------------------------------------------------------


class Answer(Exception):
    """The server gave an answer that is not the page's (a non-200, a wrong body)."""


def hammer(
    port: int,
    path: str,
    *,
    seconds: float,
    clients: int,
    headers: dict | None = None,
    expect: bytes | None = None,
) -> tuple[int, float]:
    """`clients` threads, one keep-alive connection each, GET `path` until `seconds` passed (each at least
    once). Returns (answers, seconds from the start to the last answer)."""
    target = quote(path, safe="/?=&")
    barrier = threading.Barrier(clients + 1)
    counts = [0] * clients
    ends = [0.0] * clients
    errors: list[str] = []
    state = {"deadline": 0.0}

    def client(k: int) -> None:
        conn = HTTPConnection("127.0.0.1", port, timeout=180)
        try:
            barrier.wait()
            while True:
                conn.request("GET", target, headers=headers or {})
                response = conn.getresponse()
                body = response.read()
                if response.status != 200 or (expect is not None and expect not in body):
                    errors.append(f"GET {path}: {response.status} {body[:300]!r}")
                    return
                counts[k] += 1
                ends[k] = time.perf_counter()
                if response.will_close:
                    conn.close()
                    conn = HTTPConnection("127.0.0.1", port, timeout=180)
                if ends[k] >= state["deadline"]:
                    return
        except Exception as exc:  # noqa: BLE001 (reported below, stops the benchmark)
            errors.append(f"GET {path}: {exc!r}")
        finally:
            conn.close()

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    state["deadline"] = began + seconds
    barrier.wait()
    began = time.perf_counter()
    state["deadline"] = began + seconds
    for thread in threads:
        thread.join()
    if errors:
        raise Answer(errors[0])
    return sum(counts), max(ends) - began


def alternate(
    port: int,
    path: str,
    *,
    rounds: int,
    seconds: float,
    clients: int,
    headers: dict | None = None,
    expect: bytes | None = None,
) -> tuple[float, float]:
    """Requests/s of the bare view and of `path`, alternating in `rounds` rounds (bare first, then the page)."""
    totals = {"bare": [0, 0.0], "page": [0, 0.0]}
    for _ in range(rounds):
        for key, target, body in (("bare", "/__bare__/", b"ok"), ("page", path, expect)):
            n, spent = hammer(port, target, seconds=seconds, clients=clients, headers=headers, expect=body)
            totals[key][0] += n
            totals[key][1] += spent
    return totals["bare"][0] / totals["bare"][1], totals["page"][0] / totals["page"][1]


def client_ceiling(*, seconds: float, clients: int) -> float:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", CEILING_SERVER, str(port)], stdout=subprocess.PIPE, preexec_fn=_die_with_parent
    )
    try:
        proc.stdout.readline()
        n, spent = hammer(port, "/", seconds=seconds, clients=clients, expect=b"ok")
        return n / spent
    finally:
        proc.terminate()
        proc.wait()


# --- the pages ------------------------------------------------------------------------------------


def pages(size: int) -> list[tuple[str, str, bytes | None]]:
    """(label, path, a byte string its answer must contain) of every page measured at `size` records."""
    middle = size // 2 or 1
    from products.models import Product
    from tourism.models import Program
    from wisdom.models import WisdomRecord

    program = Program.objects.get(slug=f"bench-program-{middle}")
    product = Product.objects.get(slug=f"bench-product-{middle}")
    wisdom = WisdomRecord.objects.get(slug=f"bench-wisdom-{middle}")
    return [
        ("home", "/", None),
        ("tourism", "/tourism/", None),
        ("products", "/products/", None),
        ("wisdom", "/wisdom/", None),
        ("network", "/network/", None),
        ("search", f"/search/?q={SEARCH_WORD}", SEARCH_WORD.encode()),
        ("api_programs", "/api/v1/tourism/programs/", b'"results"'),
        ("api_products", "/api/v1/products/", b'"results"'),
        ("program_detail", f"/tourism/programs/{program.slug}/", program.title_th.encode()),
        ("product_detail", f"/products/{product.slug}/", product.name_th.encode()),
        ("wisdom_detail", f"/wisdom/{wisdom.slug}/", wisdom.title_th.encode()),
    ]


STAFF_PAGE = ("staff_admin_index", "/admin/", None)
# The frame every HTML page renders (bench/_pages_urls.py): for information, not in the ratios.
BASE_PAGE = ("base_html", "/__base__/", b"</html>")


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def profile(path: str, *, calls: int) -> str:
    """cProfile of `path` rendered in-process (anonymous, the same database), after one warm-up call — as the
    uncached server renders it: the page cache off (the page profiled is the worst *uncached* one) and the
    database connection kept between requests (else every call would also open one)."""
    from django.conf import settings
    from django.test import Client

    # As the server runs (bench/_load_settings.py): static files from the finders, nothing collected.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PAGE_CACHE_ENABLED = False
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    client = Client()
    assert client.get(path).status_code == 200
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)
    return out.getvalue()


# --- main -------------------------------------------------------------------------------------------


def measure(args, *, name, size, mode, measured, work, secret_key, cookie, ratios, worst):
    """Start gunicorn with the page cache on (cached) or off (uncached), measure every page against the bare
    view, append the ratios; returns the page with the lowest ratio so far (uncached pages only)."""
    port = free_port()
    step = time.perf_counter()
    server = start_gunicorn(
        name=name,
        port=port,
        workers=args.workers,
        threads=args.threads,
        log=work / "gunicorn.log",
        media_root=MEDIA_ROOT,
        settings="_pages_settings",
        secret_key=secret_key,
        who="pages",
        extra_env={"PAGE_CACHE_ENABLED": "true" if mode == "cached" else "false"},
    )
    try:
        staff = {"Cookie": f"sessionid={cookie}"}
        for _label, path, expect in [*measured, BASE_PAGE, STAFF_PAGE]:  # warm up both workers (and the cache)
            hammer(port, path, seconds=0, clients=args.clients, expect=expect,
                   headers=staff if path == STAFF_PAGE[1] else None)
        print(
            f"\n-- page cache {'ON (anonymous answers from core.pagecache)' if mode == 'cached' else 'OFF'}: "
            f"gunicorn on 127.0.0.1:{port}: {args.workers} workers x {args.threads} threads (gthread), DEBUG off, "
            f"ready and warmed up in {time.perf_counter() - step:.1f} s; {args.clients} clients, "
            f"{args.rounds} round(s) of {args.seconds:g} s each way"
        )
        print(f"  {'page':<20} {'req/s':>8} {'bare req/s':>11} {'page/bare':>10}")
        for label, path, expect in measured:
            bare, page = alternate(port, path, rounds=args.rounds, seconds=args.seconds, clients=args.clients,
                                   expect=expect)
            print(f"  {label:<20} {page:>8.1f} {bare:>11.1f} {page / bare:>10.3f}  {path}", flush=True)
            ratios.append((f"{label}_{mode}_{size_label(size)}", page, bare, page / bare))
            if mode == "uncached" and (worst is None or page / bare < worst[2]):
                worst = (label, path, page / bare)
        if mode == "uncached":
            bare, page = alternate(port, BASE_PAGE[1], rounds=args.rounds, seconds=args.seconds,
                                   clients=args.clients, expect=BASE_PAGE[2])
            print(f"  {BASE_PAGE[0]:<20} {page:>8.1f} {bare:>11.1f} {page / bare:>10.3f}  "
                  f"{BASE_PAGE[1]} (base.html with empty blocks, for information: the frame every page pays)")
            bare, page = alternate(port, STAFF_PAGE[1], rounds=args.rounds, seconds=args.seconds,
                                   clients=args.clients, headers=staff)
            print(f"  {STAFF_PAGE[0]:<20} {page:>8.1f} {bare:>11.1f} {page / bare:>10.3f}  "
                  f"{STAFF_PAGE[1]} (logged-in staff, for information: not in the ratios)")
    except Answer as exc:
        print(f"gunicorn's log (last lines):\n{tail(work / 'gunicorn.log')}")
        raise SystemExit(f"pages: a wrong answer: {exc}") from exc
    finally:
        stop(server)
    return worst


SCALING_PAGES = ("home", "tourism", "program_detail", "api_programs")


def measure_scaling(args, *, name, workers, work, secret_key, measured) -> dict[str, float]:
    """Requests/s of a few uncached pages (and the bare view) with `workers` gunicorn processes."""
    port = free_port()
    server = start_gunicorn(
        name=name,
        port=port,
        workers=workers,
        threads=args.threads,
        log=work / "gunicorn.log",
        media_root=MEDIA_ROOT,
        settings="_pages_settings",
        secret_key=secret_key,
        who="pages",
        extra_env={"PAGE_CACHE_ENABLED": "false"},
    )
    figures = {}
    try:
        chosen = [(label, path, expect) for label, path, expect in measured if label in SCALING_PAGES]
        for _label, path, expect in chosen:
            hammer(port, path, seconds=0, clients=args.clients * 2, expect=expect)
        for label, path, expect in [("bare", "/__bare__/", b"ok"), *chosen]:
            n = spent = 0.0
            for _ in range(args.rounds):
                got, took = hammer(port, path, seconds=args.seconds, clients=args.clients * 2, expect=expect)
                n, spent = n + got, spent + took
            figures[label] = n / spent
    except Answer as exc:
        print(f"gunicorn's log (last lines):\n{tail(work / 'gunicorn.log')}")
        raise SystemExit(f"pages: a wrong answer: {exc}") from exc
    finally:
        stop(server)
    return figures


def main() -> int:
    args = _setup.arguments(
        __doc__,
        smoke={
            "sizes": "50",
            "seconds": 0.4,
            "rounds": 1,
            "clients": 4,
            "workers": 2,
            "threads": 4,
            "profile": 0,
            "profile_calls": 3,
            "modes": "cached,uncached",
            "scale": "",
        },
        full={
            "sizes": "1000,10000",
            "seconds": 2.0,
            "rounds": 3,
            "clients": 4,
            "workers": 2,
            "threads": 4,
            "profile": 1,
            "profile_calls": 10,
            "modes": "cached,uncached",
            "scale": "2,4",
        },
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind: stop the server, drop the database
    # A scratch database of its own, also under run_all.py: the rows are committed (the server must see them).
    os.environ.pop(_setup.SCRATCH_ENV, None)
    sizes = [int(s) for s in str(args.sizes).split(",")]
    work = Path(tempfile.mkdtemp(prefix="otop-pages-"))
    ratios: list[tuple[str, float, float, float]] = []
    scaling: list[tuple[str, float, float, float]] = []
    modes = [m for m in str(args.modes).split(",") if m]
    if any(m not in ("cached", "uncached") for m in modes):
        raise SystemExit("--modes: cached and/or uncached")
    scale = [int(w) for w in str(args.scale).split(",") if w]
    try:
        with _setup.scratch_database(migrate=args.migrate) as name:
            ceiling = client_ceiling(seconds=max(args.seconds, 1.0), clients=args.clients)
            print(
                f"client ceiling: {ceiling:,.0f} requests/s ({args.clients} keep-alive threads against a "
                f"minimal HTTP server without Django)"
            )
            reference_data()
            rng = random.Random(16)
            secret_key = os.urandom(32).hex()
            cookie = staff_session(secret_key)
            done, worst = 0, None
            for size in sizes:
                made = generate(done, size, rng=rng)
                indexed, counts = build_search_index()
                done = size
                print(
                    f"\n== {size:,} published programs, products and wisdom records "
                    f"(generated in {made:.1f} s; search index rebuilt in {indexed:.1f} s: "
                    + ", ".join(f"{k} {v}" for k, v in counts.items())
                    + ")",
                    flush=True,
                )
                measured = list(pages(size))
                connection.close()
                for mode in modes:
                    worst = measure(
                        args, name=name, size=size, mode=mode, measured=measured, work=work,
                        secret_key=secret_key, cookie=cookie, ratios=ratios, worst=worst,
                    )
            if scale:
                print(f"\n== scaling: gunicorn with {' then '.join(str(w) for w in scale)} worker processes "
                      f"({args.threads} threads each), page cache off, {sizes[-1]:,} records")
                figures = {}
                for workers in scale:
                    figures[workers] = measure_scaling(args, name=name, workers=workers, work=work,
                                                       secret_key=secret_key, measured=measured)
                low, high = scale[0], scale[-1]
                for label in figures[low]:
                    ratio = figures[high][label] / figures[low][label]
                    print(f"  {label:<20} {figures[low][label]:>8.1f} req/s with {low}, "
                          f"{figures[high][label]:>8.1f} with {high}: x{ratio:.2f}")
                    scaling.append((f"scale_{label}_{high}v{low}", figures[high][label], figures[low][label], ratio))
            if args.profile and worst is not None:
                print(
                    f"\nprofile of the page with the lowest ratio at {sizes[-1]:,}: {worst[0]} {worst[1]} "
                    f"({args.profile_calls} calls in-process, anonymous, cProfile):"
                )
                try:
                    print(profile(worst[1], calls=args.profile_calls))
                except Exception as exc:  # noqa: BLE001 (the figures above stand; say why there is no profile)
                    print(f"profile failed: {exc!r}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)
    print(
        f"\nclient ceiling {ceiling:,.0f} requests/s; ratios are page requests/s over the bare view's "
        f"(higher is better; goal >= 0.5 cached, >= 0.15 uncached)"
    )
    for label, page, bare, ratio in ratios:
        print(f"ratio {label} = {ratio:.3f}  (page {page:.1f} req/s / bare view {bare:.1f} req/s)")
    for label, high, low, ratio in scaling:
        print(f"ratio {label} = {ratio:.3f}  (req/s with more workers {high:.1f} / with fewer {low:.1f})")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
