"""The public pages read their first rows in the order of an index (issue 16): the home page's latest products,
programs and wisdom records, and the lists' default orders (products by name, programs by price, wisdom latest
first). Without one, PostgreSQL sorts every published row on each request (18-20 ms a query at 10,000 rows in
bench/pages.py's data; under 0.5 ms with the index).

With a handful of test rows the planner rightly prefers a sequential scan, so each captured query is explained
with sequential scans and sorts discouraged (`enable_seqscan`/`enable_sort` off): a plan that still sorts the
page's own table means no index gives that order — e.g. a list's ordering changed without its index."""

import json

import pytest
from django.db import connection

from tests.factories.products import ProductFactory
from tests.factories.tourism import ProgramFactory
from tests.factories.wisdom import WisdomRecordFactory

pytestmark = pytest.mark.django_db

# page -> (the table whose first rows it reads in order, the index that gives that order)
CASES = [
    ("/", "products_product", "product_status_latest"),
    ("/", "tourism_program", "program_status_updated"),
    ("/", "wisdom_wisdomrecord", "wisdom_public_latest"),
    ("/products/", "products_product", "product_status_name"),
    ("/tourism/", "tourism_program", "program_status_price"),
    ("/wisdom/", "wisdom_wisdomrecord", "wisdom_public_latest"),
]


@pytest.fixture
def rows(db):
    for _ in range(3):
        ProductFactory(status="published")
        ProgramFactory()
        WisdomRecordFactory()


def ordered_queries(client, path, table):
    """The SQL and parameters of the page's queries that read `table` first, ordered, a page at a time."""
    caught = []

    def capture(execute, sql, params, many, context):
        caught.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        assert client.get(path).status_code == 200
    start = f'SELECT "{table}"."id"'
    return [(sql, params) for sql, params in caught if sql.startswith(start) and " ORDER BY " in sql
            and " LIMIT " in sql]


def plan(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_sort = off")
        try:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            return cursor.fetchone()[0][0]["Plan"]
        finally:
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_sort")


def nodes(node):
    yield node
    for child in node.get("Plans", []):
        yield from nodes(child)


@pytest.mark.parametrize(("path", "table", "index"), CASES)
def test_the_page_reads_its_first_rows_from_an_index(client, settings, rows, path, table, index):
    settings.PAGE_CACHE_ENABLED = False
    queries = ordered_queries(client, path, table)
    assert queries, f"{path} no longer reads {table} a page at a time: update this test"
    for sql, params in queries:
        found = plan(sql, params)
        main = [n for n in nodes(found) if n.get("Relation Name") == table and n.get("Alias") == table]
        assert [n.get("Index Name") for n in main] == [index], json.dumps(found, indent=1)[:3000]
        # No sort of the page's rows above the index scan (subplans of other tables may sort their own rows).
        sorts = [n for n in nodes(found) if n["Node Type"] in ("Sort", "Incremental Sort")
                 and any(f"{table}." in key for key in n.get("Sort Key", []))]
        assert not sorts, json.dumps(found, indent=1)[:3000]
