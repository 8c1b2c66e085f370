"""Cascaded targets (issue 17 part 5) on hand-computed tables: unit target > district target > project
target > `all` target, each level judged against its own target by the same rule, and the gap in baht.

FY 2570 as of 2026-10 (current: 2026-10, baseline: 2025-10). Department: `all` 3.00 %, quadrant_d 4.00 %.
อ.ป่าโมก (1503) has a district target of 6.50 %; อ.เมืองอ่างทอง (1501) has none.

| unit | district | project | baseline | current | increase | target (level) | status | gap |
|---|---|---|---|---|---|---|---|---|
| A | 1503 | quadrant_d | 1,000.00 | 1,050.00 | 5.00 | 6.50 (district) | not met | 1,065.00 − 1,050.00 = 15.00 |
| B | 1503 | quadrant_d | 2,000.00 | 2,149.99 | 7.4995 → 7.50 | 8.00 (unit) | not met | 2,160.00 − 2,149.99 = 10.01 |
| E | 1503 | quadrant_d | 333.33 | 340.00 | 2.0012 → 2.00 | 6.50 (district) | not met | 354.99645 − 340 = 14.99645 → 15.00 |
| C | 1501 | quadrant_d | 1,000.00 | 1,035.00 | 3.50 | 4.00 (project) | not met | 1,040.00 − 1,035.00 = 5.00 |
| D | 1501 | kbo | 1,000.00 | 1,035.00 | 3.50 | 3.00 (all) | met | – |

B would meet the district's 6.50 % (7.50 %): its own 8.00 % overrides it. A and E would meet... no: A
(5.00) meets the department's 4.00 % but not its district's 6.50 %: the district target overrides.

District 1503: baseline 3,333.33, current 3,539.99 → 206.66 / 3,333.33 = 6.19980… → 6.20 < 6.50: not met;
gap 3,333.33 × 1.065 − 3,539.99 = 10.00645 → 10.01; units below 6.50: A and E = 2 (B's 7.50 is above).
District 1501 (no district target: the department's `all` 3.00): 2,000 → 2,070 = 3.50: met, 0 below.
Province: 5,333.33 → 5,609.99 = 276.66 / 5,333.33 = 5.18737… → 5.19 ≥ 3.00: met.
Only quadrant_d: district 1501 is C alone, 3.50 against the project's 4.00: not met, gap 5.00, 1 below.
"""

from decimal import Decimal

import pytest

from core.actors import SYSTEM
from evaluation import selectors, services
from tests.factories import core as cf
from tests.factories.evaluation import (
    DistrictTargetFactory,
    TargetFactory,
    UnitTargetFactory,
    enroll,
    income,
)

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def cascade(db):
    TargetFactory(project="all", target_percent=D("3.00"))
    TargetFactory(project="quadrant_d", target_percent=D("4.00"))
    DistrictTargetFactory(district_id="1503", target_percent=D("6.50"))
    units = {}
    for name, subdistrict, project, baseline, current in [
        ("A", "150305", "quadrant_d", "1000.00", "1050.00"),
        ("B", "150307", "quadrant_d", "2000.00", "2149.99"),
        ("E", "150305", "quadrant_d", "333.33", "340.00"),
        ("C", "150101", "quadrant_d", "1000.00", "1035.00"),
        ("D", "150101", "kbo", "1000.00", "1035.00"),
    ]:
        g = cf.ProducerGroupFactory(name_th=name, subdistrict_id=subdistrict)
        enroll(g, project)
        income(g, "2025-10", baseline)
        income(g, "2026-10", current)
        units[name] = g
    UnitTargetFactory(producer_group=units["B"], target_percent=D("8.00"))
    return units


def result(**kw):
    return selectors.evaluation_result(fiscal_year=2570, as_of="2026-10", **kw)


def by_name(res):
    return {r["unit_name"]: r for r in res.rows}


def test_it_resolves_each_units_target_unit_over_district_over_project_over_all(cascade):
    rows = by_name(result())
    got = {n: (r["increase_percent"], r["target_percent"], r["target_level"], r["status"], r["gap"])
           for n, r in rows.items()}
    assert got == {
        "A": (D("5.00"), D("6.50"), "district", "not_met", D("15.00")),
        "B": (D("7.50"), D("8.00"), "unit", "not_met", D("10.01")),
        "E": (D("2.00"), D("6.50"), "district", "not_met", D("15.00")),
        "C": (D("3.50"), D("4.00"), "project", "not_met", D("5.00")),
        "D": (D("3.50"), D("3.00"), "all", "met", None),
    }


def test_a_district_target_overrides_the_departments_for_its_units(cascade):
    # A meets the department's quadrant_d 4.00 % but is judged against its district's 6.50 %
    services.district_target_delete(actor=SYSTEM, target=selectors.district_targets(fiscal_year=2570).get())
    a = by_name(result())["A"]
    assert (a["target_percent"], a["target_level"], a["status"], a["gap"]) == (D("4.00"), "project", "met", None)


def test_a_unit_target_overrides_its_districts(cascade):
    # without its own 8.00 %, B is judged against its district's 6.50 % and meets it
    services.unit_target_delete(actor=SYSTEM, target=selectors.unit_targets(fiscal_year=2570).get())
    b = by_name(result())["B"]
    assert (b["target_percent"], b["target_level"], b["status"], b["gap"]) == (D("6.50"), "district", "met", None)


def test_it_judges_each_district_and_the_province_against_their_own_targets(cascade):
    res = result()
    districts = {d["key"]: d for d in res.by_district}
    pamok, mueang = districts["1503"], districts["1501"]
    assert (pamok["baseline"], pamok["current"], pamok["increase_percent"]) == (D("3333.33"), D("3539.99"),
                                                                                 D("6.20"))
    assert (pamok["target_percent"], pamok["target_level"], pamok["status"], pamok["gap"], pamok["units_below"]) \
        == (D("6.50"), "district", "not_met", D("10.01"), 2)
    assert (mueang["increase_percent"], mueang["target_percent"], mueang["target_level"], mueang["status"],
            mueang["gap"], mueang["units_below"]) == (D("3.50"), D("3.00"), "department", "met", None, 0)
    s = res.summary
    assert (s["baseline"], s["current"], s["increase_percent"], s["target_percent"], s["status"]) == \
        (D("5333.33"), D("5609.99"), D("5.19"), D("3.00"), "met")


def test_a_project_filter_judges_a_district_without_its_own_target_against_the_projects(cascade):
    mueang = {d["key"]: d for d in result(project="quadrant_d").by_district}["1501"]
    assert (mueang["increase_percent"], mueang["target_percent"], mueang["status"], mueang["gap"],
            mueang["units_below"]) == (D("3.50"), D("4.00"), "not_met", D("5.00"), 1)


@pytest.mark.parametrize("current, baseline, target, gap", [
    ("1050.00", "1000.00", "6.50", "15.00"),
    ("2149.99", "2000.00", "8.00", "10.01"),
    ("340.00", "333.33", "6.50", "15.00"),
    ("3539.99", "3333.33", "6.50", "10.01"),
    ("1029.94", "1000.00", "3.00", "0.06"),   # 2.994 -> 2.99: not met, 0.06 reaches 3.00 exactly
    ("1029.95", "1000.00", "3.00", "0.00"),   # 2.995 -> 3.00: met (rounded before comparing)
    ("900.00", "1000.00", "-5.00", "50.00"),  # a negative target: 950 needed
    ("500.00", "0.00", "3.00", None),         # no baseline: no gap
])
def test_the_gap_formula_in_python_agrees_with_sql(current, baseline, target, gap):
    from django.db import connection

    py = selectors.gap_baht(D(current), D(baseline), D(target))
    with connection.cursor() as cursor:
        cursor.execute("SELECT CASE WHEN v.b = 0 THEN NULL WHEN " + selectors.increase_sql("v.c", "v.b")
                       + " >= v.t THEN 0.00 ELSE " + selectors.gap_sql("v.c", "v.b", "v.t")
                       + " END FROM (SELECT %s::numeric AS c, %s::numeric AS b, %s::numeric AS t) v",
                       [current, baseline, target])
        (sql,) = cursor.fetchone()
    assert py == (None if gap is None else D(gap))
    assert sql == py


def test_it_still_runs_the_rule_in_one_statement(cascade):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        result()
    reads = [q["sql"] for q in ctx.captured_queries if "evaluation_" in q["sql"] and "generation" not in q["sql"]]
    assert len(reads) == 1  # the targets of every level are resolved inside THE statement
    assert "evaluation_unittarget" in reads[0] and "evaluation_districttarget" in reads[0]


# --- the results cache follows target writes at every level ---------------------------------------


@pytest.fixture
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _a(**kw):
    return by_name(result(**kw))["A"]


def _cached_then(write, cascade, **kw):
    """The result is cached, ``write`` runs, and the next result is computed afresh."""
    result(**kw)
    assert result(**kw).cached
    write()
    after = result(**kw)
    assert not after.cached
    return after


@pytest.mark.parametrize("kw", [{}, {"district": "1503"}, {"project": "quadrant_d"}])
def test_a_district_target_write_gives_fresh_results(cascade, fresh_cache, staff, kw):
    after = _cached_then(lambda: services.district_target_set(
        actor=staff, fiscal_year=2570, district=cascade["A"].subdistrict.district, target_percent=D("4.50"),
        reason="ปรับตามแผนอำเภอ"), cascade, **kw)
    assert by_name(after)["A"]["target_percent"] == D("4.50") and by_name(after)["A"]["status"] == "met"
    target = selectors.district_targets(fiscal_year=2570).get()
    after = _cached_then(lambda: services.district_target_delete(actor=staff, target=target), cascade, **kw)
    assert by_name(after)["A"]["target_level"] == "project"


@pytest.mark.parametrize("kw", [{}, {"district": "1503"}])
def test_a_unit_target_write_gives_fresh_results(cascade, fresh_cache, staff, kw):
    after = _cached_then(lambda: services.unit_target_set(
        actor=staff, fiscal_year=2570, producer_group=cascade["A"], target_percent=D("5.00"),
        reason="กลุ่มเพิ่งฟื้นจากน้ำท่วม"), cascade, **kw)
    assert (by_name(after)["A"]["target_level"], by_name(after)["A"]["status"]) == ("unit", "met")
    target = selectors.unit_targets(fiscal_year=2570).get(producer_group=cascade["A"])
    after = _cached_then(lambda: services.unit_target_update(actor=staff, target=target, target_percent=D("9.00"),
                                                             reason="ตั้งเป้าสูงขึ้นตามงบที่ได้"), cascade, **kw)
    assert by_name(after)["A"]["gap"] == D("40.00")  # 1,090 - 1,050
    after = _cached_then(lambda: services.unit_target_delete(actor=staff, target=target), cascade, **kw)
    assert by_name(after)["A"]["target_level"] == "district"


def test_a_target_written_outside_the_services_gives_fresh_results_too(cascade, fresh_cache):
    from evaluation.models import DistrictTarget, UnitTarget

    _cached_then(lambda: DistrictTarget.objects.update(target_percent=D("1.00")), cascade)
    _cached_then(lambda: UnitTarget.objects.update(reason="แก้ไขจากหลังบ้าน"), cascade)


def test_the_department_target_write_still_gives_fresh_results(cascade, fresh_cache, staff):
    after = _cached_then(lambda: services.target_set(actor=staff, fiscal_year=2570, project="all",
                                                     target_percent=D("3.60")), cascade)
    d = by_name(after)["D"]
    assert (d["target_percent"], d["status"], d["gap"]) == (D("3.60"), "not_met", D("1.00"))  # 1,036 - 1,035


def test_a_report_snapshot_keeps_the_targets_it_used_at_every_level(cascade, staff):
    from evaluation import reports

    services.unit_target_set(actor=staff, fiscal_year=2570, producer_group=cascade["C"], target_percent=D("2.00"),
                             reason="กลุ่มย้ายที่ตั้งโรงงาน")
    snapshot = reports.build_snapshot(fiscal_year=2570, as_of="2026-10")
    used = snapshot["targets_used"]
    assert used["department"] == {"all": "3.00", "quadrant_d": "4.00"}
    assert [(t["district"], t["target_percent"], t["reason"]) for t in used["districts"]] == [
        ("1503", "6.50", "อำเภอมีแหล่งท่องเที่ยวใหม่")]
    assert {(t["unit_name"], t["target_percent"], t["reason"], t["set_by"] != "") for t in used["units"]} == {
        ("B", "8.00", "กลุ่มได้รับงบพัฒนาบรรจุภัณฑ์", False), ("C", "2.00", "กลุ่มย้ายที่ตั้งโรงงาน", True)}
    units = {u["unit_name"]: u for u in snapshot["units"]}
    assert (units["C"]["target_percent"], units["C"]["target_level"], units["C"]["status"]) == ("2.00", "unit", "met")
    assert (units["A"]["target_level"], units["A"]["gap"]) == ("district", "15.00")
    pamok = {d["key"]: d for d in snapshot["districts"]}["1503"]
    assert (pamok["target_percent"], pamok["status"], pamok["gap"], pamok["units_below"]) == (
        "6.50", "not_met", "10.01", 2)
    # a later change of the targets does not change the stored report's figures
    services.district_target_set(actor=staff, fiscal_year=2570, district=cascade["A"].subdistrict.district,
                                 target_percent=D("1.00"), reason="ลดเป้าหมาย")
    assert reports.build_snapshot(fiscal_year=2570, as_of="2026-10")["targets_used"]["districts"][0][
        "target_percent"] == "1.00"
    assert used["districts"][0]["target_percent"] == "6.50"


def test_a_generated_report_shows_the_targets_it_used_on_its_page_and_in_its_pdf_context(cascade, staff,
                                                                                      client_for):
    from unittest import mock

    from evaluation import reports
    from evaluation.models import Report

    report = services.report_request(actor=staff, fiscal_year=2570, as_of="2026-10", queue=False)
    with mock.patch("evaluation.reports.render_pdf", return_value=b"%PDF-1.7 (not rendered in this test)"):
        services.report_generate(actor=staff, report_id=report.pk)
    services.district_target_set(actor=staff, fiscal_year=2570, district=cascade["A"].subdistrict.district,
                                 target_percent=D("1.00"), reason="ลดเป้าหมายภายหลัง")
    stored = Report.objects.get(pk=report.pk).snapshot
    assert stored["targets_used"]["districts"][0]["target_percent"] == "6.50"  # as it was when generated
    context = reports.pdf_context(stored)
    pamok = next(d for d in context["districts"] if d["key"] == "1503")
    assert (pamok["status_label"], pamok["level_label"]) == ("ยังไม่บรรลุเป้าหมาย", "เป้าหมายของอำเภอ")
    page = client_for(staff).get(report.get_absolute_url()).content.decode()
    assert "อำเภอมีแหล่งท่องเที่ยวใหม่" in page and "ลดเป้าหมายภายหลัง" not in page
    html = reports.render_to_string("evaluation/report_pdf.html", context)
    assert "อำเภอมีแหล่งท่องเที่ยวใหม่" in html and "กลุ่มได้รับงบพัฒนาบรรจุภัณฑ์" in html


def test_the_database_refuses_a_target_without_a_reason_or_with_two_units(cascade):
    from django.db import IntegrityError, transaction

    from evaluation.models import DistrictTarget, UnitTarget

    with pytest.raises(IntegrityError), transaction.atomic():
        DistrictTarget.objects.create(fiscal_year=2571, district_id="1501", target_percent=D("1"), reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitTarget.objects.create(fiscal_year=2571, producer_group=cascade["A"], target_percent=D("1"), reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        UnitTarget.objects.create(fiscal_year=2570, producer_group=cascade["B"], target_percent=D("1"), reason="x")


def test_only_staff_or_the_system_set_targets_through_the_services(cascade, owner, partner_user, expert_user):
    from django.core.exceptions import PermissionDenied, ValidationError

    district = cascade["A"].subdistrict.district
    for user in (owner, partner_user, expert_user):
        with pytest.raises(PermissionDenied):
            services.district_target_set(actor=user, fiscal_year=2570, district=district, target_percent=D("1"),
                                         reason="x")
        with pytest.raises(PermissionDenied):
            services.unit_target_set(actor=user, fiscal_year=2570, producer_group=cascade["A"],
                                     target_percent=D("1"), reason="x")
    with pytest.raises(ValidationError):
        services.unit_target_set(actor=SYSTEM, fiscal_year=2570, producer_group=cascade["A"], target_percent=D("1"),
                                 reason="   ")
    target = services.unit_target_set(actor=SYSTEM, fiscal_year=2570, producer_group=cascade["A"],
                                      target_percent=D("1"), reason="  ฟื้นฟูหลังน้ำท่วม ")
    assert target.reason == "ฟื้นฟูหลังน้ำท่วม" and target.set_by is None
