"""Benchmark: the portal's Thai-aware search with its facet counts (search.selectors.search) against a bare SQL
floor, at several sizes (p50 and p95).

Generates search entries of random Thai and English craft words, in a scratch database and inside a transaction
that is rolled back, growing to each size of --items in turn (5,000, 50,000, 200,000): rows inserted with
bulk_create, their tsvectors then set in one UPDATE the way the project indexes (`search.index._vector`:
PyThaiNLP segmentation, title weighted A, body B, dictionary words inside compounds C; checked against it on a
sample), and the Latin words put in the typo lexicon as `search.index` does. Then, at each size, for each query
it times --runs calls of the first page of 20 results (portal and floor alternating, so both see the same load)

  1. as the search page and the API get it: `selectors.search(...)` (segmentation, the ranked page, the facet
     counts per kind, the page's rows with their district), and
  2. the floor: one hand-written `search_vector @@ query ORDER BY ts_rank LIMIT 20` with the same tsquery on
     the same GIN index (no facets),

checks both return the same page, and prints p50 and p95 for every query. The ratio lines, per size, compare the
sums over the queries of the per-query p50 and p95. A Latin typo (the "did you mean" path, taken only when the
words as typed find nothing) is timed apart: it is not in the ratios.

    .venv/bin/python bench/search_latency.py                          # 5,000, 50,000 and 200,000 items
    .venv/bin/python bench/search_latency.py --smoke                  # 2,000 items (seconds)
    .venv/bin/python bench/search_latency.py --items 5000,50000 --runs 15
"""

from __future__ import annotations

import functools
import random
import time
import warnings

import _setup
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client

from core.models import District
from search import index, lexicon, selectors, thai_text
from search.models import SearchEntry, SearchTerm, Visibility

WORDS = (
    "ตุ๊กตา ชาววัง จักสาน ไม้ไผ่ กลอง เอกราช ข้าว หอมมะลิ โฮมสเตย์ น้ำพริกเผา สบู่ สมุนไพร ผ้า พิมพ์ลาย "
    "กระเป๋า ตะกร้า ของฝาก ของที่ระลึก ชุมชน ท่องเที่ยว นวัตวิถี วิถี ชาวนา ปั้น ดินเหนียว ลาย ไทย "
    "อ่างทอง ป่าโมก โพธิ์ทอง แสวงหา ไชโย สามโก้ วิเศษชัยชาญ basketry drum doll rice soap"
).split()
KINDS = ("products", "products", "wisdom", "programs", "knowledge")
QUERIES = {
    "thai_word": "ตุ๊กตา",
    "two_words": "จักสาน ไม้ไผ่",
    "compound": "กลองเอกราช",
    "latin_prefix": "basket",
    "word_and_place": "โฮมสเตย์ แสวงหา",
}
TYPO = ("basktry", "basketry")  # typed, and what "did you mean" must search instead
PAGE = 20

FLOOR_SQL = f"""
SELECT e.title, ts_rank(e.search_vector, q) AS rank
FROM {SearchEntry._meta.db_table} e, to_tsquery('simple', %s) AS q
WHERE e.visibility = %s AND e.search_vector @@ q
ORDER BY rank DESC, e.title
LIMIT {PAGE}
"""


def generate(start: int, stop: int, *, rng: random.Random, districts: list[str]) -> None:
    """Entries start+1..stop: bulk_create, then their tsvectors set-based (per-row ORM expressions are slow)."""
    started = time.perf_counter()
    n = stop - start
    ct = ContentType.objects.get_for_model(District)
    texts = [
        ("".join(rng.sample(WORDS[:30], 3)), " ".join(rng.choice(WORDS) for _ in range(25))) for _ in range(n)
    ]
    _setup.bulk_create(
        SearchEntry,
        (
            SearchEntry(
                content_type=ct,
                object_id=start + i + 1,
                kind=rng.choice(KINDS),
                title=title,
                body=body,
                url=f"/bench/{start + i + 1}/",
                district_id=rng.choice(districts),
                visibility=Visibility.PUBLIC,
            )
            for i, (title, body) in enumerate(texts)
        ),
    )
    ids = dict(
        SearchEntry.objects.filter(content_type=ct, object_id__gt=start).values_list("object_id", "pk")
    )

    # The words of search.index._vector (title A, body B, dictionary words inside compounds C), segmented
    # once per distinct word: the body's words are space-separated, so its tokens are theirs in order.
    tokens = functools.cache(lambda text: tuple(thai_text.tokens(text)))
    inner = functools.cache(lambda token: tuple(thai_text.subwords([token])))
    columns = ([], [], [], [])  # id, title words (A), body words (B), words inside compounds (C)
    terms: dict[str, str] = {}
    for i, (title, body) in enumerate(texts):
        title_words = tokens(title)
        body_words = [t for word in body.split() for t in tokens(word)]
        for column, value in zip(
            columns,
            (
                ids[start + i + 1],
                " ".join(title_words),
                " ".join(body_words),
                " ".join(w for t in (*title_words, *body_words) for w in inner(t)),
            ),
            strict=True,
        ):
            column.append(value)
        terms.update(lexicon.terms_of([*title_words, "", *body_words]))
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {SearchEntry._meta.db_table} e SET search_vector ="
            " setweight(to_tsvector('simple', v.a), 'A') || setweight(to_tsvector('simple', v.b), 'B')"
            " || setweight(to_tsvector('simple', v.c), 'C')"
            " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS v(id, a, b, c) WHERE e.id = v.id",
            columns,
        )
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t, phrase=p, length=len(t)) for t, p in terms.items()], ignore_conflicts=True
    )
    # The same vectors as the portal's indexing makes (checked on a sample: fails loudly if it changes).
    sample = [ids[start + i + 1] for i in range(0, n, max(1, n // 20))]
    for entry in SearchEntry.objects.filter(pk__in=sample):
        made = (
            SearchEntry.objects.filter(pk=entry.pk)
            .annotate(v=index._vector(entry.title, entry.body, []))
            .values_list("search_vector", "v")
            .get()
        )
        if made[0] != made[1]:
            raise SystemExit(
                f"generated vector differs from search.index._vector (update generate()):\n"
                f"  generated {made[0]}\n  indexed   {made[1]}"
            )
    _setup.analyze(SearchEntry, SearchTerm)
    print(f"generated {n:,} search entries ({stop:,} in all) in {time.perf_counter() - started:.1f} s")


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the samples."""
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def floor_query(text: str) -> str:
    """The tsquery the portal builds for `text` (all words; Latin words as prefixes)."""
    return selectors.tsquery_text(text) or ""


def measure(runs: int, portal, floor) -> tuple[list[float], list[float], object, object]:
    """`runs` timings of each, alternating (warmed once first); the last results."""
    portal(), floor()
    portal_times, floor_times, portal_result, floor_result = [], [], None, None
    for _ in range(runs):
        for func, times in ((portal, portal_times), (floor, floor_times)):
            started = time.perf_counter()
            result = func()
            times.append(time.perf_counter() - started)
            if func is portal:
                portal_result = result
            else:
                floor_result = result
    return portal_times, floor_times, portal_result, floor_result


def through_http(runs: int) -> dict[str, tuple[float, float]]:
    """The thai_word search through the API and the page (serialising, snippets, the template): p95 of each and
    of the floor timed alternately with it, printed as rows of the table."""
    client, text, tsquery = Client(), QUERIES["thai_word"], floor_query(QUERIES["thai_word"])

    def floor():
        with connection.cursor() as cur:
            cur.execute(FLOOR_SQL, [tsquery, Visibility.PUBLIC])
            return cur.fetchall()

    outer = {}
    for what, url, check in (("api", "/api/v1/search/", '"facets"'), ("page", "/search/", "<mark>")):

        def call(url=url, check=check):
            response = client.get(url, {"q": text})
            if response.status_code != 200 or check not in response.content.decode():
                raise SystemExit(f"{url}?q={text}: {response.status_code}, no {check} in the answer")
            return response

        call_times, floor_times, _, _ = measure(runs, call, floor)
        outer[what] = (percentile(call_times, 95), percentile(floor_times, 95))
        print(
            f"{what:<16}{text:<18}{'':>8}{percentile(call_times, 50) * 1000:>11.1f}"
            f"{outer[what][0] * 1000:>8.1f}{percentile(floor_times, 50) * 1000:>10.1f}"
            f"{outer[what][1] * 1000:>8.1f}{outer[what][0] / outer[what][1]:>10.2f}"
        )
    return outer


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def main() -> None:
    args = _setup.arguments(
        __doc__, smoke={"items": "2000", "runs": 9}, full={"items": "5000,50000,200000", "runs": 21}
    )
    sizes = sorted(int(s.replace("_", "")) for s in args.items.split(",") if s.strip())
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
    # The page renders static URLs: without collectstatic's manifest, as the load test serves them.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    total = time.perf_counter()
    user = AnonymousUser()
    thai_text.tokens("อ่างทอง")  # load PyThaiNLP's dictionary before timing anything
    rng = random.Random(2569)
    ratios = []
    with _setup.scratch_database(migrate=args.migrate), _setup.rolled_back():
        districts = list(District.objects.filter(province_id=_setup.PROVINCE).values_list("code", flat=True))
        made = 0
        for size in sizes:
            generate(made, size, rng=rng, districts=districts)
            made = size
            print(f"{size:,} items: first page of {PAGE}, {args.runs} runs each (ms)")
            print(
                f"{'query':<16}{'text':<18}{'matches':>8}{'portal p50':>11}{'p95':>8}"
                f"{'floor p50':>10}{'p95':>8}{'p95 ratio':>10}"
            )
            sums = {"portal50": 0.0, "portal95": 0.0, "floor50": 0.0, "floor95": 0.0}
            for label, text in QUERIES.items():
                tsquery = floor_query(text)

                def portal(text=text):
                    found = selectors.search(text=text, user=user)
                    return [(e.title, round(e.rank, 6)) for e in found.entries], found.total, found.facets

                def floor(tsquery=tsquery):
                    with connection.cursor() as cur:
                        cur.execute(FLOOR_SQL, [tsquery, Visibility.PUBLIC])
                        return [(title, round(rank, 6)) for title, rank in cur.fetchall()]

                portal_times, floor_times, (portal_page, matches, facets), floor_page = measure(
                    args.runs, portal, floor
                )
                if not portal_page or portal_page != floor_page:
                    raise SystemExit(
                        f"{label!r} ({text}): the portal and the floor disagree (has the search "
                        f"rule changed? update FLOOR_SQL):\n  portal {portal_page}\n"
                        f"  floor  {floor_page}"
                    )
                if set(facets) - set(KINDS) or not facets:
                    raise SystemExit(f"{label!r}: unexpected facets {facets}")
                p = {
                    "portal50": percentile(portal_times, 50),
                    "portal95": percentile(portal_times, 95),
                    "floor50": percentile(floor_times, 50),
                    "floor95": percentile(floor_times, 95),
                }
                for key in sums:
                    sums[key] += p[key]
                print(
                    f"{label:<16}{text:<18}{matches:>8,}{p['portal50'] * 1000:>11.1f}{p['portal95'] * 1000:>8.1f}"
                    f"{p['floor50'] * 1000:>10.1f}{p['floor95'] * 1000:>8.1f}"
                    f"{p['portal95'] / p['floor95']:>10.2f}"
                )
            outer = through_http(args.runs)
            typo_times = []
            for _ in range(max(3, args.runs // 3)):
                started = time.perf_counter()
                found = selectors.search(text=TYPO[0], user=user)
                typo_times.append(time.perf_counter() - started)
            if found.suggestion != TYPO[1] or not found.entries:
                raise SystemExit(
                    f"the typo {TYPO[0]!r} was not corrected to {TYPO[1]!r}: {found.suggestion!r}"
                )
            print(
                f"typo {TYPO[0]!r} -> {found.suggestion!r} ({found.total:,} matches): "
                f"p50 {percentile(typo_times, 50) * 1000:.1f} ms, p95 {percentile(typo_times, 95) * 1000:.1f} ms"
                f" (three searches and the lexicon; not in the ratios)"
            )
            name = size_label(size)
            ratios += [
                (
                    f"p50_{name}",
                    sums["portal50"],
                    sums["floor50"],
                    "selectors.search p50 sum",
                    "bare ranked query",
                ),
                (
                    f"p95_{name}",
                    sums["portal95"],
                    sums["floor95"],
                    "selectors.search p95 sum",
                    "bare ranked query",
                ),
                (
                    f"api_p95_{name}",
                    *outer["api"],
                    f"GET /api/v1/search/?q={QUERIES['thai_word']} p95",
                    "bare ranked query",
                ),
            ]
    print(f"total {time.perf_counter() - total:.1f} s; generated rows rolled back")
    _setup.print_ratios(ratios)


if __name__ == "__main__":
    main()
