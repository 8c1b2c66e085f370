"""The evaluation app's part of a wisdom record's lineage: the rule per fiscal year, hand-computed."""

import datetime as dt
from decimal import Decimal

import pytest

from evaluation.lineage import unit_income_by_fiscal_year, wisdom_lineage
from tests.factories.evaluation import income
from tests.factories.wisdom import WisdomRecordFactory

pytestmark = pytest.mark.django_db


def test_it_compares_the_same_months_a_year_apart():
    monthly = {dt.date(2025, 10, 1): Decimal("100"), dt.date(2025, 11, 1): Decimal("100"),
               dt.date(2025, 12, 1): Decimal("999"),  # not in the window of FY 2570 read to November
               dt.date(2026, 10, 1): Decimal("110"), dt.date(2026, 11, 1): Decimal("101.35")}
    [past, current] = unit_income_by_fiscal_year(monthly, fiscal_years=[2569, 2570], today=dt.date(2026, 12, 6))
    assert past["as_of"] == dt.date(2026, 9, 1) and past["current"] == Decimal("1199")
    assert past["baseline"] == 0 and past["increase_percent"] is None  # no baseline
    assert current["as_of"] == dt.date(2026, 11, 1)
    assert (current["baseline"], current["current"]) == (Decimal("200"), Decimal("211.35"))
    assert current["increase_percent"] == Decimal("5.68")  # 5.675 rounded half-up


def test_it_shows_nothing_without_private_figures(group, staff):
    record = WisdomRecordFactory(owner_group=group)
    income(group, "2026-10", 1000)
    assert wisdom_lineage(records=[record], user=staff, private=False) == {}
    assert wisdom_lineage(records=[record], user=None, private=True) == {}  # no income rows visible
    section = wisdom_lineage(records=[record], user=staff, private=True, today=dt.date(2026, 12, 6))[record.pk]
    assert section.money == {"sales": 0}
    headers, [row] = section.table
    assert row[3:] == [0, Decimal("1000"), None, None, "ไม่มีฐานปีก่อน"]  # FY 2570 without a year before


def test_each_unit_is_judged_against_its_own_effective_target(group, staff):
    """Increase 5.68 % (as above): met against the department's 3 %, not met against a 6 % district target,
    met again against a 5 % unit target, which overrides its district's (part 5's cascade)."""
    from tests.factories.evaluation import DistrictTargetFactory, TargetFactory, UnitTargetFactory

    record = WisdomRecordFactory(owner_group=group)
    for month, amount in (("2025-10", 100), ("2025-11", 100), ("2026-10", 110), ("2026-11", "101.35")):
        income(group, month, amount)
    TargetFactory(fiscal_year=2570, target_percent=Decimal("3.00"))

    def verdict():
        section = wisdom_lineage(records=[record], user=staff, private=True, fiscal_year=2570,
                                 today=dt.date(2026, 12, 6))[record.pk]
        [row] = section.table[1]
        return row[5:]

    assert verdict() == [Decimal("5.68"), Decimal("3.00"), "บรรลุเป้าหมาย"]
    DistrictTargetFactory(fiscal_year=2570, district_id=group.subdistrict.district_id, target_percent=Decimal("6.00"))
    assert verdict() == [Decimal("5.68"), Decimal("6.00"), "ยังไม่บรรลุ"]
    UnitTargetFactory(fiscal_year=2570, producer_group=group, target_percent=Decimal("5.00"))
    assert verdict() == [Decimal("5.68"), Decimal("5.00"), "บรรลุเป้าหมาย"]
