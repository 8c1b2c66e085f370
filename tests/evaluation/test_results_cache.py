"""The rule runs ONCE per request (API, dashboard, report) and its results are cached per (fiscal year,
month, project, district) under a generation that every committed write of what the rule reads changes."""

import random
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.actors import SYSTEM
from core.models import ProducerGroup
from evaluation import generation, reports, selectors, services
from tests.factories import core as cf
from tests.factories.evaluation import TargetFactory, enroll, income

pytestmark = pytest.mark.django_db

D = Decimal
PERIOD = {"fiscal_year": 2570, "as_of": "2026-10"}
RESULTS = "/api/v1/evaluation/results/"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def evaluated(group, other_group):
    TargetFactory(fiscal_year=2570, project="all", target_percent=D("3.00"))
    enroll(group, "quadrant_d")
    enroll(group, "kbo")
    enroll(other_group, "quadrant_d")
    income(group, "2025-10", 1000)
    income(group, "2026-10", 1100)
    income(other_group, "2025-10", 1000)
    income(other_group, "2026-10", 1010)
    return group


@pytest.fixture
def computed(monkeypatch):
    """How many times the rule's query ran."""
    calls = []
    real = selectors._compute_rows

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "_compute_rows", counting)
    return calls


def test_it_caches_the_results_and_serves_them_unchanged(evaluated):
    first = selectors.evaluation_result(**PERIOD)
    second = selectors.evaluation_result(**PERIOD)
    assert (first.cached, second.cached) == (False, True)
    assert list(second.rows) == list(first.rows)
    assert (second.summary, second.by_district, second.by_project) == (
        first.summary,
        first.by_district,
        first.by_project,
    )
    assert second.summary["increase_percent"] == D("5.50")


def test_it_keys_the_cache_by_project_and_district(evaluated):
    everything = selectors.evaluation_result(**PERIOD)
    kbo = selectors.evaluation_result(**PERIOD, project="kbo")
    pa_mok = selectors.evaluation_result(**PERIOD, district="1503")  # both groups are in อ.ป่าโมก
    mueang = selectors.evaluation_result(**PERIOD, district="1501")
    assert not kbo.cached and not pa_mok.cached and not mueang.cached
    assert len(everything.rows) == 3 and [r["project"] for r in kbo.rows] == ["kbo"]
    assert len(pa_mok.rows) == 3 and len(mueang.rows) == 0 and mueang.summary["units"] == 0
    assert selectors.evaluation_result(**PERIOD, project="kbo").cached
    assert list(selectors.evaluation_result(**PERIOD, district="1501").rows) == []


def test_it_orders_cached_rows_as_asked(evaluated, other_group):
    selectors.evaluation_result(**PERIOD)
    by_increase = selectors.evaluation_result(**PERIOD, order="increase_percent")
    by_name = selectors.evaluation_result(**PERIOD, order="unit_name")
    assert by_increase.cached and by_name.cached
    assert [r["increase_percent"] for r in by_increase.rows] == [D("1.00"), D("10.00"), D("10.00")]
    assert [(r["unit_name"], r["project"]) for r in by_name.rows] == sorted(
        [(evaluated.name_th, "kbo"), (evaluated.name_th, "quadrant_d"), (other_group.name_th, "quadrant_d")]
    )


def test_it_gives_the_next_results_fresh_after_an_income_write_through_the_service(evaluated, staff):
    before = selectors.evaluation_result(**PERIOD)
    assert selectors.evaluation_result(**PERIOD).cached
    services.income_record_submit(
        actor=staff, producer_group=evaluated, month="2026-10", source="product_sales", amount=D("1200.00")
    )
    after = selectors.evaluation_result(**PERIOD)
    assert not after.cached
    assert before.summary["current"] == D("2110.00") and after.summary["current"] == D("2210.00")
    assert {r["current"] for r in after.rows if r["unit_id"] == evaluated.pk} == {D("1200.00")}


def test_it_gives_fresh_results_after_enrollment_target_and_unit_writes(evaluated, other_group, staff):
    selectors.evaluation_result(**PERIOD)
    services.enrollment_create(actor=staff, fiscal_year=2570, project="kbo", producer_group=other_group)
    enrolled = selectors.evaluation_result(**PERIOD)
    assert not enrolled.cached and len(enrolled.rows) == 4

    services.target_set(actor=staff, fiscal_year=2570, project="all", target_percent=D("20.00"))
    targeted = selectors.evaluation_result(**PERIOD)
    assert not targeted.cached and targeted.summary["met"] == 0

    ProducerGroup.objects.filter(pk=other_group.pk).update(name_th="ชื่อใหม่")  # any write, not only services
    renamed = selectors.evaluation_result(**PERIOD)
    assert not renamed.cached and "ชื่อใหม่" in {r["unit_name"] for r in renamed.rows}

    services.income_record_delete(actor=staff, record=other_group.income_records.get(month="2026-10-01"))
    assert selectors.evaluation_result(**PERIOD).summary["current"] == D("1100.00")


def test_it_never_reuses_the_generation_of_a_rolled_back_write(evaluated, staff):
    """A result computed inside a transaction that is rolled back sits under a generation nobody reads."""
    committed = generation.current()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.income_record_submit(
            actor=staff, producer_group=evaluated, month="2026-09", source="product_sales", amount=D("1.00")
        )
        inside = generation.current()
        assert inside != committed
        selectors.evaluation_result(**PERIOD)  # cached under `inside`
        raise RuntimeError
    assert generation.current() == committed
    services.income_record_submit(
        actor=staff, producer_group=evaluated, month="2026-09", source="product_sales", amount=D("2.00")
    )
    assert generation.current() not in (committed, inside)


def test_it_does_not_cache_a_producers_results(evaluated, owner):
    first = selectors.evaluation_result(**PERIOD, user=owner)
    second = selectors.evaluation_result(**PERIOD, user=owner)
    assert not first.cached and not second.cached
    assert {r["unit_id"] for r in second.rows} == {evaluated.pk}


def test_the_api_runs_the_rule_once_and_never_counts_rows(api_for, staff, evaluated, computed):
    with CaptureQueriesContext(connection) as queries:
        response = api_for(staff).get(RESULTS, {**PERIOD, "page_size": 2})
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert body["summary"]["units"] == 2 and body["summary"]["current"] == "2110.00"
    assert len(computed) == 1
    rule = [q for q in queries if "evaluation_incomerecord" in q["sql"]]
    assert len(rule) == 1  # the rule's one statement (its aggregates' counts are part of it) ...
    assert not [q for q in queries if "COUNT(*)" in q["sql"].upper() and q not in rule]  # ... and no count of rows
    api_for(staff).get(RESULTS, {**PERIOD, "page": 2, "page_size": 2})
    assert len(computed) == 1  # the second page: from the cache


def test_the_dashboard_runs_the_rule_once(client_for, staff, evaluated, computed):
    response = client_for(staff).get("/evaluation/", PERIOD)
    assert response.status_code == 200
    assert len(computed) == 1
    assert response.context["summary"]["units"] == 2 and len(response.context["rows"]) == 3


def test_report_generation_runs_the_rule_once(evaluated, computed):
    snapshot = reports.build_snapshot(fiscal_year=2570, as_of="2026-10")
    assert len(computed) == 1
    assert len(snapshot["units"]) == 3 and snapshot["summary"]["units"] == 2
    assert [d["key"] for d in snapshot["districts"]] and [p["key"] for p in snapshot["projects"]] == [
        "kbo",
        "quadrant_d",
    ]


def test_report_generation_through_the_service_reads_fresh_figures(evaluated, staff):
    selectors.evaluation_result(**PERIOD)  # warm the cache
    services.income_record_submit(
        actor=staff, producer_group=evaluated, month="2026-10", source="product_sales", amount=D("1500.00")
    )
    report = services.report_request(actor=SYSTEM, fiscal_year=2570, as_of="2026-10", queue=False)
    report = services.report_generate(actor=SYSTEM, report_id=report.pk)
    assert report.snapshot["summary"]["current"] == "2510.00"


def test_the_python_formula_for_aggregates_agrees_with_the_sql_for_rows():
    rng = random.Random(16)
    pairs = [
        (D("1029.95"), D("1000.00")),
        (D("1953.10"), D("2000.00")),
        (D("8.23"), D("8.00")),
        (D("0.00"), D("0.01")),
        (D("4.00"), D("3.00")),
    ]
    pairs += [(D(rng.randint(0, 10**9)) / 100, D(rng.randint(1, 10**9)) / 100) for _ in range(500)]
    pairs += [(D(rng.randint(0, 10**4)) / 100, D(rng.randint(1, 10**4)) / 100) for _ in range(500)]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT "
            + selectors.increase_sql("c", "b")
            + " FROM unnest(%s::numeric[], %s::numeric[]) AS t(c, b)",
            [[c for c, _ in pairs], [b for _, b in pairs]],
        )
        in_sql = [row[0] for row in cursor.fetchall()]
    assert [selectors.increase_percent(c, b) for c, b in pairs] == in_sql


def test_it_aggregates_units_in_several_projects_once(evaluated, other_group):
    result = selectors.evaluation_result(**PERIOD)
    # the group is in two projects: once in the province's sums, once in each project's
    assert (result.summary["current"], result.summary["baseline"]) == (D("2110.00"), D("2000.00"))
    assert result.summary["evaluations"] == 3 and result.summary["units"] == 2
    projects = {p["key"]: p for p in result.by_project}
    assert (projects["quadrant_d"]["current"], projects["quadrant_d"]["units"]) == (D("2110.00"), 2)
    assert (projects["kbo"]["current"], projects["kbo"]["increase_percent"]) == (D("1100.00"), D("10.00"))


def test_reading_keeps_the_generation_and_reinstalling_the_triggers_keeps_them_working(evaluated, staff):
    before = generation.current()
    selectors.evaluation_result(**PERIOD)
    assert generation.current() == before
    generation.install()
    generation.install()  # idempotent (it also runs after every migrate)
    assert generation.current() == before
    services.target_set(actor=staff, fiscal_year=2570, project="kbo", target_percent=D("4.00"))
    assert generation.current() != before


def test_every_ordering_is_the_same_from_the_query_and_from_the_cache(evaluated):
    for i, (name, base, cur) in enumerate(
        [("ก", 100, 110), ("เก", 100, 110), ("a", 100, 90), ("ข", None, 50), ("ก", 200, 220)]
    ):
        group = cf.ProducerGroupFactory(name_th=name, subdistrict_id=["150101", "150305"][i % 2])
        enroll(group, ["quadrant_d", "kbo"][i % 2])
        if base:
            income(group, "2025-10", base)
        income(group, "2026-10", cur)
    selectors.evaluation_result(**PERIOD)  # cached in the default order
    for order in selectors.ORDERINGS:
        from_cache = selectors.evaluation_result(**PERIOD, order=order)
        from_query = selectors.evaluation_result(**PERIOD, order=order, use_cache=False)
        assert from_cache.cached and not from_query.cached
        assert [r["id"] for r in from_cache.rows] == [r["id"] for r in from_query.rows], order
        spec = sorted(from_query.rows.tuples, key=selectors.ORDERINGS[order])
        assert [r["id"] for r in from_query.rows] == [t[0] for t in spec], order


def test_it_turns_jit_off_for_its_own_statement_only(evaluated):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = on")
        selectors.evaluation_result(**PERIOD, use_cache=False)
        cursor.execute("SELECT current_setting('jit')")
        assert cursor.fetchone()[0] == "on"


def exactly(value):
    """A value with its type and its printed form (Decimal("5.0") == Decimal("5.00"), but the API prints both)."""
    if isinstance(value, dict):
        return {k: exactly(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [exactly(v) for v in value]
    return (type(value).__name__, str(value))


@pytest.mark.parametrize("filters", [{}, {"project": "kbo"}, {"district": "1503"}, {"user": "producer"}])
def test_the_aggregates_summed_by_postgresql_equal_those_summed_from_the_rows(filters):
    """The rule's statement sums what the aggregates need beside its rows (selectors._Stats); they must equal what
    Python sums from the same rows (selectors.aggregate, the readable specification), on mixed data: districts with
    and without their own target, a district whose units have no baseline, units in two projects, communities,
    units below and above their targets, zero and missing months."""
    from evaluation.models import Enrollment
    from tests.factories.evaluation import DistrictTargetFactory, TourismCommunityFactory, UnitTargetFactory

    rng = random.Random(17)
    TargetFactory(fiscal_year=2570, project="all", target_percent=D("3.00"))
    TargetFactory(fiscal_year=2570, project="kbo", target_percent=D("5.00"))
    DistrictTargetFactory(fiscal_year=2570, district_id="1503", target_percent=D("6.00"))
    subdistricts = ["150101", "150305", "150307", "150401", "150501"]
    units = [cf.ProducerGroupFactory(subdistrict_id=rng.choice(subdistricts)) for _ in range(18)]
    units += [TourismCommunityFactory(subdistrict_id=rng.choice(subdistricts)) for _ in range(5)]
    no_baseline_district = cf.ProducerGroupFactory(subdistrict_id="150601")  # a district with no baseline at all
    for unit in units:
        for project in rng.sample(["quadrant_d", "kbo", "nawatwithi"], rng.choice([1, 1, 2])):
            enroll(unit, project)
        if rng.random() < 0.8:
            income(unit, "2025-10", rng.randint(0, 5000))
        income(unit, "2026-10", D(rng.randint(0, 600000)) / 100)
    enroll(no_baseline_district, "kbo")
    income(no_baseline_district, "2026-10", 100)
    UnitTargetFactory(fiscal_year=2570, producer_group=units[0], target_percent=D("1.00"))
    assert Enrollment.objects.filter(fiscal_year=2570).count() > len(units)

    if filters.get("user") == "producer":  # a producer's own units only (the per-user path)
        filters = {"user": cf.producer(*[u for u in units[:6] if isinstance(u, ProducerGroup)])}
    result = selectors.evaluation_result(**PERIOD, **filters, use_cache=False)
    from_rows = selectors.aggregate(list(result.rows))
    assert len(result.rows) > 0
    # equal, and exactly: the same types and decimal places as summed in Python (the API prints them)
    assert exactly((result.summary, result.by_district, result.by_project)) == exactly(from_rows)
    if not filters:
        assert {d["key"] for d in result.by_district} >= {"1503", "1506"}
        assert any(d["units_below"] for d in result.by_district)
