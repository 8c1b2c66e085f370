"""Heavy reads on the read replica, only where asked for (core/db_router.py).

The test settings define DATABASES["replica"] as a test mirror of "default" (Django's TEST["MIRROR"]: the
same test database through a connection of its own); these tests switch the router on with
DATABASE_REPLICA_ALIAS = "replica" and watch which connection each query really went through."""

import pytest
from django.core.signals import request_started
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from core.db_router import ReplicaRouter, on_replica, read_alias, using_replica
from core.models import User
from core.permissions import ANONYMOUS
from tests.factories import core as f

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture
def replica(settings):
    settings.DATABASE_REPLICA_ALIAS = "replica"
    request_started.send(sender=None)  # a new request: nothing written yet
    return "replica"


def _queries(alias, fetch):
    with CaptureQueriesContext(connections[alias]) as captured:
        result = fetch()
    return result, len(captured)


def test_it_reads_on_the_replica_inside_using_replica(replica):
    f.UserFactory(username="somchai")
    request_started.send(sender=None)
    with using_replica() as alias:
        assert alias == "replica"
        (names, on_replica_count) = _queries(
            "replica", lambda: list(User.objects.values_list("username", flat=True))
        )
    assert names == ["somchai"] and on_replica_count == 1
    # outside the block every read is the primary's
    _, count = _queries("replica", lambda: list(User.objects.all()))
    assert count == 0 and read_alias() == "default"


def test_writes_never_go_to_the_replica_and_later_reads_stay_on_the_primary(replica):
    with using_replica():
        _, replica_count = _queries("replica", lambda: f.UserFactory(username="malee"))
        assert replica_count == 0
        assert User.objects.filter(username="malee").db == "default"  # read-your-writes
        assert read_alias() == "default"
    request_started.send(sender=None)  # the next request may use the replica again
    with using_replica():
        assert User.objects.all().db == "replica"
    assert ReplicaRouter().db_for_write(User) == "default"


def test_reads_inside_a_transaction_stay_on_the_primary(replica):
    with transaction.atomic(), using_replica():
        assert read_alias() == "default"
        _, count = _queries("replica", lambda: list(User.objects.all()))
    assert count == 0


def test_nothing_goes_to_the_replica_when_none_is_configured(settings):
    settings.DATABASE_REPLICA_ALIAS = ""
    request_started.send(sender=None)
    with using_replica() as alias:
        assert alias == "default"
        assert on_replica(User.objects.all()).db == "default"


def test_migrations_never_run_on_the_replica(replica):
    router = ReplicaRouter()
    assert router.allow_migrate("replica", "core") is False
    assert router.allow_migrate("default", "core") is None


def test_search_reads_from_the_replica(replica, group):
    from search import selectors
    from search.index import rebuild
    from wisdom.models import WisdomRecord

    WisdomRecord.objects.create(
        title_th="การทำกลองบ้านเอกราช",
        slug="drums",
        category="arts",
        subdistrict_id="150307",
        status="published",
        access_level="public",
    )
    rebuild()
    request_started.send(sender=None)
    with CaptureQueriesContext(connections["default"]) as on_primary:
        found, on_replica_count = _queries("replica", lambda: selectors.search(text="กลอง", user=ANONYMOUS))
    assert [entry.title for entry in found.entries] == ["การทำกลองบ้านเอกราช"]
    assert on_replica_count >= 2  # the ranked statement and the page's rows
    assert len(on_primary) == 0


def test_the_evaluation_rule_reads_its_generation_and_rows_on_the_replica(replica):
    from django.core.cache import cache

    from evaluation.selectors import evaluation_result
    from tests.factories.evaluation import enroll, income

    group = f.ProducerGroupFactory()
    enroll(group, fiscal_year=2570)
    income(group, "2025-10", 1000)
    income(group, "2026-10", 1100)
    cache.clear()
    request_started.send(sender=None)
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as mirror:
        result = evaluation_result(fiscal_year=2570, as_of="2026-10")
    assert [r["current"] for r in result.rows] == [1100]
    sql = " ".join(q["sql"] for q in mirror.captured_queries)
    assert "evaluation_results_generation" in sql and "evaluation_incomerecord" in sql
    assert not any("evaluation_incomerecord" in q["sql"] for q in primary.captured_queries)
    # once this request has written, the rule reads the primary (the replica may lag behind the write)
    income(group, "2026-11", 50)
    with CaptureQueriesContext(connections["replica"]) as after_write:
        evaluation_result(fiscal_year=2570, as_of="2026-11", use_cache=False)
    assert len(after_write.captured_queries) == 0
