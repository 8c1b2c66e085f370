"""Search latency on generated items: the Thai-aware tsvector/GIN search against a naive
baseline (ILIKE substring scan over the same rows), in the same run.

    .venv/bin/python bench/search_latency.py [--items 50000]
"""

import argparse
import random

import _setup
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from core.models import District
from search import selectors, thai_text
from search.models import SearchEntry

WORDS = ("ตุ๊กตา ชาววัง จักสาน ไม้ไผ่ กลอง เอกราช ข้าว หอมมะลิ โฮมสเตย์ น้ำพริกเผา สบู่ สมุนไพร ผ้า พิมพ์ลาย "
         "กระเป๋า ตะกร้า ของฝาก ของที่ระลึก ชุมชน ท่องเที่ยว นวัตวิถี วิถี ชาวนา ปั้น ดินเหนียว ลาย ไทย "
         "อ่างทอง ป่าโมก โพธิ์ทอง แสวงหา ไชโย สามโก้ วิเศษชัยชาญ basketry drum doll rice soap").split()
QUERIES = ["ตุ๊กตา", "จักสาน ไม้ไผ่", "กลองเอกราช", "basket", "โฮมสเตย์ แสวงหา"]


def generate(n: int) -> None:
    rng = random.Random(2569)
    ct = ContentType.objects.get_for_model(District)
    districts = list(District.objects.filter(province_id="15").values_list("code", flat=True))
    rows = []
    for i in range(n):
        title = "".join(rng.sample(WORDS[:30], 3))
        body = " ".join(rng.choice(WORDS) for _ in range(25))
        title_words, body_words = thai_text.tokens(title), thai_text.tokens(body)
        rows.append((ct.pk, i + 1, "products", title, body, "/x/", rng.choice(districts), "public",
                     " ".join(title_words), " ".join(body_words), " ".join(thai_text.subwords(title_words))))
    with connection.cursor() as cur:
        cur.executemany(
            "INSERT INTO search_searchentry (content_type_id, object_id, kind, title, body, url, image_url,"
            " district_id, visibility, updated_at, search_vector) VALUES (%s,%s,%s,%s,%s,%s,'',%s,%s,now(),"
            " setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
            " || setweight(to_tsvector('simple', %s), 'C'))", rows)
        cur.execute("ANALYZE search_searchentry")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=50_000)
    args = parser.parse_args()
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser()
    try:
        with transaction.atomic():
            generate(args.items)
            print(f"{args.items} generated items; median of 7 runs per query (first page of 20 results)")
            print(f"{'query':<22}{'tsvector+GIN ms':>16}{'ILIKE scan ms':>15}{'ratio':>8}")
            for q in QUERIES:
                fast = _setup.timed(lambda q=q: list(selectors.search(text=q, user=user)[0][:20]))
                words = thai_text.tokens(q)

                def naive(words=words):
                    qs = SearchEntry.objects.filter(visibility="public")
                    for w in words:
                        qs = qs.filter(title__icontains=w) | qs.filter(body__icontains=w)
                    return list(qs.order_by("title")[:20])

                slow = _setup.timed(naive)
                print(f"{q:<22}{fast:>16.1f}{slow:>15.1f}{slow / fast:>7.1f}x")
            raise _setup.Rollback
    except _setup.Rollback:
        print("(rolled back: no rows left behind)")


if __name__ == "__main__":
    main()
