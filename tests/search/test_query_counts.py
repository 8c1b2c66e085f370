"""One search is one statement (page and facet counts from one ranked scan) plus the page's rows, however many
rows match; facets and pagination stay exact and never count what the visitor may not see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from products.models import Product
from search.index import index_object, rebuild
from wisdom.models import WisdomRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def dolls(group):
    for i in range(3):
        Product.objects.create(
            group=group,
            name_th=f"ตุ๊กตาชาววังแบบที่ {i}",
            slug=f"d{i}",
            product_type="household",
            status="published",
        )
    WisdomRecord.objects.create(
        title_th="การปั้นตุ๊กตาชาววัง",
        slug="w-public",
        category="arts",
        subdistrict_id="150307",
        status="published",
        access_level="public",
    )
    WisdomRecord.objects.create(
        title_th="ตุ๊กตาชาววังสูตรลับ",
        slug="w-members",
        category="arts",
        subdistrict_id="150307",
        status="published",
        access_level="members",
    )
    rebuild()


def grow(group, n):
    for i in range(n):
        index_object(
            Product.objects.create(
                group=group,
                name_th=f"ตุ๊กตาชาววังรุ่นที่ {i}",
                slug=f"g{i}",
                product_type="household",
                status="published",
            )
        )


def search_sql(fetch):
    with CaptureQueriesContext(connection) as ctx:
        response = fetch()
    assert response.status_code == 200
    return [q["sql"] for q in ctx.captured_queries if "search_searchentry" in q["sql"]]


def test_it_searches_the_api_in_one_statement_and_one_read_of_the_page(client, dolls, group):
    def fetch():
        return client.get("/api/v1/search/", {"q": "ตุ๊กตา", "page_size": 50})

    client.get("/api/v1/search/", {"q": "ตุ๊กตา"})  # warm caches
    before = search_sql(fetch)
    assert len(before) == 2 and "json_object_agg" in before[0]
    grow(group, 30)
    assert len(search_sql(fetch)) == 2
    assert fetch().json()["count"] == 34


def test_it_searches_the_page_in_the_same_statements(client, dolls, group, assert_constant_queries):
    def fetch():
        return client.get("/search/", {"q": "ตุ๊กตา"})

    fetch()
    assert len(search_sql(fetch)) == 2
    assert_constant_queries(fetch, lambda: grow(group, 30))


def test_facets_count_every_kind_and_the_count_follows_the_kind_filter(client, dolls):
    data = client.get("/api/v1/search/", {"q": "ตุ๊กตา", "kind": "wisdom"}).json()
    assert data["facets"] == {"products": 3, "wisdom": 1}  # anonymous: the members-only record is not counted
    assert data["count"] == 1 and [r["title"] for r in data["results"]] == ["การปั้นตุ๊กตาชาววัง"]


def test_members_see_members_only_entries_in_facets_and_results(client_for, owner, dolls):
    data = client_for(owner).get("/api/v1/search/", {"q": "ตุ๊กตา"}).json()
    assert data["facets"] == {"products": 3, "wisdom": 2} and data["count"] == 5
    assert "ตุ๊กตาชาววังสูตรลับ" in [r["title"] for r in data["results"]]


def test_it_pages_through_every_match_once(client, dolls, group):
    grow(group, 30)
    seen, page = [], 1
    while True:
        data = client.get("/api/v1/search/", {"q": "ตุ๊กตา", "page_size": 10, "page": page}).json()
        seen += [r["url"] for r in data["results"]]
        if not data["next"]:
            break
        page += 1
    assert page == 4 and len(seen) == len(set(seen)) == 34
    ranks = [
        r["rank"]
        for p in (1, 2)
        for r in client.get("/api/v1/search/", {"q": "ตุ๊กตา", "page_size": 10, "page": p}).json()["results"]
    ]
    assert ranks == sorted(ranks, reverse=True)


def test_a_page_past_the_end_is_a_404_on_the_api_and_the_last_page_on_the_page(client, dolls):
    assert client.get("/api/v1/search/", {"q": "ตุ๊กตา", "page": 9}).status_code == 404
    assert client.get("/api/v1/search/", {"q": "ตุ๊กตา", "page": "x"}).status_code == 404
    page = client.get("/search/", {"q": "ตุ๊กตา", "page": 9})
    assert page.status_code == 200 and "ตุ๊กตาชาววังแบบที่" in page.content.decode()


def test_an_absurd_page_number_is_a_404_not_an_error(client, dolls):
    assert client.get("/api/v1/search/", {"q": "ตุ๊กตา", "page": "9" * 25}).status_code == 404
    assert client.get("/search/", {"q": "ตุ๊กตา", "page": "9" * 25}).status_code == 200
