"""Benchmark: the portal's Thai-aware search (search.selectors.search) against a bare SQL floor.

Generates --items search entries of random Thai and English craft words, in a scratch database and inside
a transaction that is rolled back: rows inserted with bulk_create, their tsvectors then set in one UPDATE
the way the project indexes (`search.index._vector`: PyThaiNLP segmentation, title weighted A, body B,
dictionary words inside compounds C; checked against it on a sample). Then, for each query, it times
(best of --runs) the first page of 20 results

  1. as the search page and the API get it: `selectors.search(...)` (segmentation, the all-words /
     any-word fallback check, the facet counts, the ranked page), and
  2. the floor: one hand-written ranked full-text query with the same tsquery on the same GIN index,

checks both return the same page, and prints the ratio for every query and for their sum. A naive
ILIKE substring scan over the same rows is shown for scale (it is not a floor).

    .venv/bin/python bench/search_latency.py               # 50,000 items
    .venv/bin/python bench/search_latency.py --smoke       # 2,000 items (seconds)
    .venv/bin/python bench/search_latency.py --items 5000
"""

from __future__ import annotations

import functools
import random
import time

import _setup
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from core.models import District
from search import index, selectors, thai_text
from search.models import SearchEntry, Visibility

WORDS = ("ตุ๊กตา ชาววัง จักสาน ไม้ไผ่ กลอง เอกราช ข้าว หอมมะลิ โฮมสเตย์ น้ำพริกเผา สบู่ สมุนไพร ผ้า พิมพ์ลาย "
         "กระเป๋า ตะกร้า ของฝาก ของที่ระลึก ชุมชน ท่องเที่ยว นวัตวิถี วิถี ชาวนา ปั้น ดินเหนียว ลาย ไทย "
         "อ่างทอง ป่าโมก โพธิ์ทอง แสวงหา ไชโย สามโก้ วิเศษชัยชาญ basketry drum doll rice soap").split()
QUERIES = {"thai_word": "ตุ๊กตา", "two_words": "จักสาน ไม้ไผ่", "compound": "กลองเอกราช",
           "latin_prefix": "basket", "word_and_place": "โฮมสเตย์ แสวงหา"}
PAGE = 20

FLOOR_SQL = f"""
SELECT e.title, ts_rank(e.search_vector, q) AS rank
FROM {SearchEntry._meta.db_table} e, to_tsquery('simple', %s) AS q
WHERE e.visibility = %s AND e.search_vector @@ q
ORDER BY rank DESC, e.title
LIMIT {PAGE}
"""


def generate(n: int) -> None:
    """bulk_create the entries, then set their tsvectors set-based (per-row ORM expressions are slow)."""
    started = time.perf_counter()
    rng = random.Random(2569)
    ct = ContentType.objects.get_for_model(District)
    districts = list(District.objects.filter(province_id=_setup.PROVINCE).values_list("code", flat=True))
    texts = [("".join(rng.sample(WORDS[:30], 3)), " ".join(rng.choice(WORDS) for _ in range(25)))
             for _ in range(n)]
    _setup.bulk_create(SearchEntry, (
        SearchEntry(content_type=ct, object_id=i + 1, kind="products", title=title, body=body,
                    url=f"/bench/{i + 1}/", district_id=rng.choice(districts), visibility=Visibility.PUBLIC)
        for i, (title, body) in enumerate(texts)))
    ids = dict(SearchEntry.objects.filter(content_type=ct).values_list("object_id", "pk"))

    # The words of search.index._vector (title A, body B, dictionary words inside compounds C), segmented
    # once per distinct word: the body's words are space-separated, so its tokens are theirs in order.
    tokens = functools.cache(lambda text: tuple(thai_text.tokens(text)))
    inner = functools.cache(lambda token: tuple(thai_text.subwords([token])))
    columns = ([], [], [], [])  # id, title words (A), body words (B), words inside compounds (C)
    for i, (title, body) in enumerate(texts):
        title_words = tokens(title)
        body_words = [t for word in body.split() for t in tokens(word)]
        for column, value in zip(columns, (ids[i + 1], " ".join(title_words), " ".join(body_words),
                                           " ".join(w for t in (*title_words, *body_words) for w in inner(t))),
                                 strict=True):
            column.append(value)
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {SearchEntry._meta.db_table} e SET search_vector ="
            " setweight(to_tsvector('simple', v.a), 'A') || setweight(to_tsvector('simple', v.b), 'B')"
            " || setweight(to_tsvector('simple', v.c), 'C')"
            " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS v(id, a, b, c) WHERE e.id = v.id",
            columns)
    # The same vectors as the portal's indexing makes (checked on a sample: fails loudly if it changes).
    for entry in SearchEntry.objects.filter(pk__in=[ids[i + 1] for i in range(0, n, max(1, n // 20))]):
        made = SearchEntry.objects.filter(pk=entry.pk).annotate(
            v=index._vector(entry.title, entry.body, [])).values_list("search_vector", "v").get()
        if made[0] != made[1]:
            raise SystemExit(f"generated vector differs from search.index._vector (update generate()):\n"
                             f"  generated {made[0]}\n  indexed   {made[1]}")
    _setup.analyze(SearchEntry)
    print(f"generated {n:,} search entries in {time.perf_counter() - started:.1f} s")


def floor_query(text: str) -> str:
    """The tsquery the portal builds for `text` (all words; Latin words as prefixes)."""
    words = list(dict.fromkeys(thai_text.tokens(text)))[:12]
    return " & ".join(selectors._lexeme(w) for w in words)


def main() -> None:
    args = _setup.arguments(__doc__, smoke={"items": 2000, "runs": 5}, full={"items": 50000, "runs": 7})
    total = time.perf_counter()
    user = AnonymousUser()
    thai_text.tokens("อ่างทอง")  # load PyThaiNLP's dictionary before timing anything
    ratios, portal_sum, floor_sum = [], 0.0, 0.0
    with _setup.scratch_database(migrate=args.migrate), _setup.rolled_back():
        generate(args.items)
        print(f"first page of {PAGE}, best of {args.runs}")
        print(f"{'query':<18}{'text':<20}{'matches':>8}{'portal ms':>11}{'floor ms':>10}{'ILIKE ms':>10}")
        for label, text in QUERIES.items():
            tsquery, words = floor_query(text), thai_text.tokens(text)

            def portal(text=text):
                entries, facets = selectors.search(text=text, user=user)
                return [(e.title, round(e.rank, 6)) for e in entries[:PAGE]], sum(facets.values())

            def floor(tsquery=tsquery):
                with connection.cursor() as cur:
                    cur.execute(FLOOR_SQL, [tsquery, Visibility.PUBLIC])
                    return [(title, round(rank, 6)) for title, rank in cur.fetchall()]

            def ilike(words=words):
                qs = SearchEntry.objects.filter(visibility=Visibility.PUBLIC)
                for w in words:
                    qs = qs.filter(title__icontains=w) | qs.filter(body__icontains=w)
                return list(qs.order_by("title")[:PAGE])

            portal_time, (portal_page, matches) = _setup.best_of(args.runs, portal)
            floor_time, floor_page = _setup.best_of(args.runs, floor)
            ilike_time, _ = _setup.best_of(args.runs, ilike)
            if not portal_page or portal_page != floor_page:
                raise SystemExit(f"{label!r} ({text}): the portal and the floor disagree (has the search "
                                 f"rule changed? update FLOOR_SQL):\n  portal {portal_page}\n  floor  {floor_page}")
            print(f"{label:<18}{text:<20}{matches:>8,}{portal_time * 1000:>11.1f}{floor_time * 1000:>10.1f}"
                  f"{ilike_time * 1000:>10.1f}")
            portal_sum, floor_sum = portal_sum + portal_time, floor_sum + floor_time
            ratios.append((label, portal_time, floor_time, "selectors.search", "bare ranked query"))
    print(f"total {time.perf_counter() - total:.1f} s; generated rows rolled back")
    _setup.print_ratios([*ratios, ("all_queries", portal_sum, floor_sum, "selectors.search",
                                   "bare ranked query")])


if __name__ == "__main__":
    main()
