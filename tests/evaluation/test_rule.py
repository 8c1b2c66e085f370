"""THE RULE on hand-computed tables (FY 2570 = 2026-10 .. 2027-09; baseline FY 2569 = 2025-10 .. 2026-09)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluation import selectors
from tests.factories import core as cf
from tests.factories.evaluation import TargetFactory, TourismCommunityFactory, enroll, income

pytestmark = pytest.mark.django_db

D = Decimal


def rows_by(fiscal_year=2570, as_of="2026-10", **kw):
    return {(r["unit_name"], r["project"]): r
            for r in selectors.evaluation_rows(fiscal_year=fiscal_year, as_of=as_of, **kw)}


@pytest.fixture
def target3(db):
    return TargetFactory(fiscal_year=2570, project="all", target_percent=D("3.00"))


def make(name, baseline, current, project="quadrant_d", months=("2025-10", "2026-10"), **kw):
    g = cf.ProducerGroupFactory(name_th=name, **kw)
    enroll(g, project)
    if baseline is not None:
        income(g, months[0], baseline)
    if current is not None:
        income(g, months[1], current)
    return g


def test_it_meets_the_target_exactly_at_the_target(target3):
    make("ตรงเป้า", "1000.00", "1030.00")
    make("ต่ำกว่าเป้า", "1000.00", "1029.94")   # 2.994 -> 2.99
    make("ปัดขึ้นถึงเป้า", "1000.00", "1029.95")  # 2.995 -> 3.00 (rounded before comparing)
    rows = rows_by()
    assert rows["ตรงเป้า", "quadrant_d"]["increase_percent"] == D("3.00")
    assert rows["ตรงเป้า", "quadrant_d"]["status"] == "met"
    assert rows["ต่ำกว่าเป้า", "quadrant_d"]["increase_percent"] == D("2.99")
    assert rows["ต่ำกว่าเป้า", "quadrant_d"]["status"] == "not_met"
    assert rows["ปัดขึ้นถึงเป้า", "quadrant_d"]["increase_percent"] == D("3.00")
    assert rows["ปัดขึ้นถึงเป้า", "quadrant_d"]["status"] == "met"
    assert rows["ตรงเป้า", "quadrant_d"]["target_percent"] == D("3.00")


def test_it_rounds_half_up_to_two_places(target3):
    make("ขึ้น", "2000.00", "2046.90")   # 46.90 / 2000 = 2.345 %  -> 2.35
    make("ลง", "2000.00", "1953.10")     # -2.345 % -> -2.35 (half away from zero, like ROUND_HALF_UP)
    make("หารไม่ลงตัว", "3.00", "4.00")  # 33.333... -> 33.33
    rows = rows_by()
    assert rows["ขึ้น", "quadrant_d"]["increase_percent"] == D("2.35")
    assert rows["ลง", "quadrant_d"]["increase_percent"] == D("-2.35")
    assert rows["ลง", "quadrant_d"]["status"] == "not_met"
    assert rows["หารไม่ลงตัว", "quadrant_d"]["increase_percent"] == D("33.33")


def test_it_gives_no_baseline_when_the_baseline_is_zero(target3):
    make("ไม่มีปีก่อน", None, "500.00")
    make("ปีก่อนเป็นศูนย์", "0.00", "500.00")
    rows = rows_by()
    none = rows["ไม่มีปีก่อน", "quadrant_d"]
    assert none["status"] == "no_baseline"
    assert none["increase_percent"] is None
    assert (none["baseline"], none["current"], none["months_baseline"], none["months_current"]) == \
        (D("0.00"), D("500.00"), 0, 1)
    zero = rows["ปีก่อนเป็นศูนย์", "quadrant_d"]
    assert zero["status"] == "no_baseline"
    assert zero["increase_percent"] is None
    assert zero["months_baseline"] == 1  # a record of 0 baht is still a month with a record


def test_it_counts_missing_months_as_zero_and_reports_the_gaps(target3):
    g = cf.ProducerGroupFactory(name_th="เดือนขาด")
    enroll(g)
    # baseline window 2025-10..2026-03: three months with records
    income(g, "2025-10", 1000)
    income(g, "2025-11", 1000)
    income(g, "2026-01", 1000)
    income(g, "2026-04", 9999)  # after the baseline window (as_of 2027-03 -> 2026-03)
    # current window 2026-10..2027-03: three months with records, December from two sources
    income(g, "2026-10", 1000)
    income(g, "2026-12", 1000)
    income(g, "2026-12", 200, source="tourism")
    income(g, "2027-03", 1100)
    income(g, "2027-04", 9999)  # after as_of
    row = rows_by(as_of="2027-03")["เดือนขาด", "quadrant_d"]
    assert row["baseline"] == D("3000.00")
    assert row["current"] == D("3300.00")
    assert row["months_baseline"] == 3
    assert row["months_current"] == 3
    assert row["increase_percent"] == D("10.00")
    assert row["status"] == "met"


def test_it_compares_october_alone_at_the_first_month_of_the_year(target3):
    g = cf.ProducerGroupFactory(name_th="ตุลาคม")
    enroll(g)
    income(g, "2025-09", 5000)  # FY 2568: outside the baseline
    income(g, "2025-10", 1000)
    income(g, "2025-11", 7777)  # not compared as of October
    income(g, "2026-09", 5000)  # FY 2569's September: not in FY 2570
    income(g, "2026-10", 1100)
    income(g, "2026-11", 7777)
    row = rows_by(as_of="2026-10")["ตุลาคม", "quadrant_d"]
    assert (row["baseline"], row["current"]) == (D("1000.00"), D("1100.00"))
    assert (row["months_baseline"], row["months_current"]) == (1, 1)
    assert row["increase_percent"] == D("10.00")


def test_it_compares_the_whole_year_as_of_september(target3):
    g = cf.ProducerGroupFactory(name_th="กันยายน")
    enroll(g)
    income(g, "2025-09", 5000)   # FY 2568: excluded
    income(g, "2025-10", 1000)   # first baseline month
    income(g, "2026-09", 2000)   # last baseline month
    income(g, "2026-10", 1000)   # first current month
    income(g, "2027-09", 2060)   # last current month
    income(g, "2027-10", 5000)   # FY 2571: excluded
    row = rows_by(as_of="2027-09")["กันยายน", "quadrant_d"]
    assert (row["baseline"], row["current"]) == (D("3000.00"), D("3060.00"))
    assert (row["months_baseline"], row["months_current"]) == (2, 2)
    assert row["increase_percent"] == D("2.00")
    assert row["status"] == "not_met"


@pytest.mark.parametrize("as_of", ["2026-09", "2027-10", "2025-10", "2027-13", "nonsense"])
def test_it_rejects_a_month_outside_the_fiscal_year(as_of):
    with pytest.raises(ValidationError):
        selectors.evaluation_rows(fiscal_year=2570, as_of=as_of)


def test_it_evaluates_a_unit_in_two_projects_against_each_projects_target(target3):
    TargetFactory(fiscal_year=2570, project="nawatwithi", target_percent=D("5.00"))
    g = make("สองโครงการ", "1000.00", "1040.00", project="quadrant_d")
    enroll(g, "nawatwithi")
    rows = rows_by()
    assert rows["สองโครงการ", "quadrant_d"]["target_percent"] == D("3.00")
    assert rows["สองโครงการ", "quadrant_d"]["status"] == "met"
    assert rows["สองโครงการ", "nawatwithi"]["target_percent"] == D("5.00")
    assert rows["สองโครงการ", "nawatwithi"]["status"] == "not_met"
    assert rows["สองโครงการ", "nawatwithi"]["increase_percent"] == D("4.00")


def test_it_lets_a_projects_own_target_override_all(target3):
    TargetFactory(fiscal_year=2570, project="kbo", target_percent=D("2.00"))
    TargetFactory(fiscal_year=2569, project="all", target_percent=D("1.00"))  # another year: ignored
    make("เครือข่าย", "1000.00", "1025.00", project="kbo")
    make("ควอดแรนต์", "1000.00", "1025.00", project="quadrant_d")
    rows = rows_by()
    assert rows["เครือข่าย", "kbo"]["status"] == "met"
    assert rows["ควอดแรนต์", "quadrant_d"]["status"] == "not_met"
    assert selectors.targets_for(2570) == {"all": D("3.00"), "quadrant_d": D("3.00"), "kbo": D("2.00"),
                                           "nawatwithi": D("3.00")}


def test_it_evaluates_tourism_communities_with_all_sources(target3):
    c = TourismCommunityFactory(name_th="ชุมชนเอกราช")
    enroll(c, "nawatwithi")
    income(c, "2025-10", 800, source="tourism")
    income(c, "2025-10", 200)
    income(c, "2026-10", 1100, source="tourism")
    row = rows_by()["ชุมชนเอกราช", "nawatwithi"]
    assert row["unit_type"] == "tourism_community"
    assert row["unit_id"] == c.pk
    assert row["district"] == "1503"
    assert (row["baseline"], row["current"], row["increase_percent"]) == (D("1000.00"), D("1100.00"), D("10.00"))


def test_it_only_evaluates_units_enrolled_in_that_fiscal_year(target3):
    g = cf.ProducerGroupFactory(name_th="ปีอื่น")
    enroll(g, fiscal_year=2569)
    income(g, "2026-10", 1000)
    assert rows_by() == {}


def test_it_aggregates_over_units_with_a_baseline(target3):
    TargetFactory(fiscal_year=2570, project="kbo", target_percent=D("5.00"))
    # district ป่าโมก (1503)
    a = make("ก", "1000.00", "1100.00", subdistrict_id="150305")               # +10 met
    enroll(a, "kbo")                                                           # +10 met (kbo 5)
    make("ข", "1000.00", "1020.00", subdistrict_id="150307")                   # +2 not met
    make("ค", None, "900.00", subdistrict_id="150305")                         # no baseline
    # district เมืองอ่างทอง (1501)
    make("ง", "2000.00", "2000.00", project="kbo", subdistrict_id="150101")    # 0 not met
    rows = selectors.evaluation_rows(fiscal_year=2570, as_of="2026-10")

    summary = selectors.evaluation_summary(rows)
    # sums over distinct units WITH a baseline: ก (once), ข, ง -> 4000 -> 4120
    assert (summary["baseline"], summary["current"]) == (D("4000.00"), D("4120.00"))
    assert summary["increase_percent"] == D("3.00")
    assert (summary["met"], summary["not_met"], summary["no_baseline"]) == (2, 2, 1)
    assert summary["met_share"] == D("50.00")
    assert summary["units"] == 4

    districts = {d["key"]: d for d in selectors.evaluation_by_district(rows)}
    assert (districts["1503"]["baseline"], districts["1503"]["current"]) == (D("2000.00"), D("2120.00"))
    assert districts["1503"]["increase_percent"] == D("6.00")
    assert (districts["1503"]["met"], districts["1503"]["not_met"], districts["1503"]["no_baseline"]) == (2, 1, 1)
    assert districts["1503"]["met_share"] == D("66.67")
    assert districts["1503"]["key_name"] == "ป่าโมก"
    assert districts["1501"]["increase_percent"] == D("0.00")

    projects = {p["key"]: p for p in selectors.evaluation_by_project(rows)}
    assert (projects["kbo"]["baseline"], projects["kbo"]["current"]) == (D("3000.00"), D("3100.00"))
    assert projects["kbo"]["increase_percent"] == D("3.33")
    assert (projects["kbo"]["met"], projects["kbo"]["not_met"]) == (1, 1)
    assert projects["quadrant_d"]["no_baseline"] == 1


def test_it_gives_an_empty_summary_without_rows(target3):
    summary = selectors.evaluation_summary(selectors.evaluation_rows(fiscal_year=2570, as_of="2026-10"))
    assert summary["met"] == summary["not_met"] == summary["no_baseline"] == 0
    assert summary["increase_percent"] is None and summary["met_share"] is None


def test_it_filters_by_project_and_district(target3):
    make("ป่าโมก", "1000", "1100", subdistrict_id="150305")
    make("เมือง", "1000", "1100", project="kbo", subdistrict_id="150101")
    assert set(rows_by(district="1501")) == {("เมือง", "kbo")}
    assert set(rows_by(project="quadrant_d")) == {("ป่าโมก", "quadrant_d")}


def test_it_shows_a_producer_only_their_units(target3, owner, group):
    enroll(group)
    make("กลุ่มอื่น", "1000", "1100")
    names = {r["unit_name"] for r in selectors.evaluation_rows(fiscal_year=2570, as_of="2026-10", user=owner)}
    assert names == {group.name_th}
    assert {r["unit_name"] for r in selectors.evaluation_rows(fiscal_year=2570, as_of="2026-10", user=None)} == \
        {group.name_th, "กลุ่มอื่น"}


def test_it_computes_all_rows_in_one_query(target3):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for i in range(5):
        make(f"กลุ่ม{i}", "1000", "1100")
    with CaptureQueriesContext(connection) as queries:
        assert len(list(selectors.evaluation_rows(fiscal_year=2570, as_of="2026-10", use_cache=False))) == 5
    # one statement reads the data (targets included); the others only set JIT off for it and back
    data = [q["sql"] for q in queries if "evaluation_" in q["sql"]]
    assert len(data) == 1 and "evaluation_target" in data[0] and "evaluation_incomerecord" in data[0]
    assert all("jit" in q["sql"] or "SAVEPOINT" in q["sql"] for q in queries if "evaluation_" not in q["sql"])


def test_it_sums_the_monthly_trend(target3):
    g = make("แนวโน้ม", "1000", "1100")
    income(g, "2026-11", 300)
    trend = selectors.monthly_trend(fiscal_year=2570, as_of="2026-11")
    assert [(str(t["month"]), t["baseline"], t["current"]) for t in trend] == [
        ("2026-10-01", D("1000.00"), D("1100.00")), ("2026-11-01", D("0.00"), D("300.00"))]
