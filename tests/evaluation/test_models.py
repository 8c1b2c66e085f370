"""Database constraints hold whatever the code path."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from evaluation import selectors
from evaluation.models import Enrollment, IncomeRecord, Report, Target
from tests.factories import core as cf
from tests.factories.evaluation import TargetFactory, TourismCommunityFactory, enroll, income

pytestmark = pytest.mark.django_db


def raises_integrity(**kw):
    with pytest.raises(IntegrityError), transaction.atomic():
        kw.pop("model").objects.create(**kw)


def test_it_enforces_one_record_per_unit_month_source(group):
    community = TourismCommunityFactory()
    income(group, "2026-10", 1)
    income(community, "2026-10", 1, source="tourism")
    month = dt.date(2026, 10, 1)
    raises_integrity(model=IncomeRecord, producer_group=group, month=month, source="product_sales", amount=2)
    raises_integrity(model=IncomeRecord, tourism_community=community, month=month, source="tourism", amount=2)
    income(group, "2026-10", 1, source="tourism")  # another source is another record


def test_it_enforces_exactly_one_unit_and_sane_values(group):
    community = TourismCommunityFactory()
    month = dt.date(2026, 10, 1)
    raises_integrity(model=IncomeRecord, month=month, source="tourism", amount=1)
    raises_integrity(model=IncomeRecord, producer_group=group, tourism_community=community, month=month,
                     source="tourism", amount=1)
    raises_integrity(model=IncomeRecord, producer_group=group, month=month, source="tourism", amount=-1)
    raises_integrity(model=IncomeRecord, producer_group=group, month=dt.date(2026, 10, 2), source="tourism",
                     amount=1)
    raises_integrity(model=Enrollment, fiscal_year=2570, project="kbo")
    raises_integrity(model=Enrollment, fiscal_year=2026, project="kbo", producer_group=group)


def test_it_enforces_unique_enrollments_targets_and_report_versions(group):
    enroll(group, "kbo")
    raises_integrity(model=Enrollment, fiscal_year=2570, project="kbo", producer_group=group)
    enroll(group, "quadrant_d")  # another project is fine
    TargetFactory(fiscal_year=2570, project="all")
    raises_integrity(model=Target, fiscal_year=2570, project="all", target_percent=Decimal("4"))
    Report.objects.create(fiscal_year=2570, as_of=dt.date(2026, 10, 1), version=1)
    raises_integrity(model=Report, fiscal_year=2570, as_of=dt.date(2026, 10, 1), version=1)


@pytest.mark.parametrize("baseline, current, expected", [
    ("3.00", "3.07", "2.33"),                # 2.333… %
    ("7.00", "7.35", "5.00"),
    ("1000.00", "1000.05", "0.01"),          # 0.005 % rounds up
    ("123456.78", "130000.01", "5.30"),      # 5.30001… %
    ("0.03", "0.10", "233.33"),
    ("999.99", "1.00", "-99.90"),            # -99.899998… %
    ("1.10", "1.10", "0.00"),
    ("2000.00", "2046.90", "2.35"),          # 2.345 % rounds up
    ("8.00", "8.23", "2.88"),                # 2.875 % rounds up
    ("16.00", "16.37", "2.31"),              # 2.3125 %
])
def test_it_rounds_half_up_in_the_database_on_hand_computed_cases(baseline, current, expected):
    TargetFactory()
    g = cf.ProducerGroupFactory()
    enroll(g)
    income(g, "2025-10", baseline)
    income(g, "2026-10", current)
    [row] = selectors.evaluation_rows(fiscal_year=2570, as_of="2026-10")
    assert row["increase_percent"] == Decimal(expected)
