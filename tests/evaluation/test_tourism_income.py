"""Tourism income recorded with a community's monthly visits counts in the evaluation."""

import datetime as dt
from decimal import Decimal

import pytest

from evaluation.models import IncomeRecord
from tests.factories.tourism import CommunityFactory
from tourism import services as tourism_services

pytestmark = pytest.mark.django_db


def test_it_mirrors_the_visit_income_into_one_tourism_income_record(owner):
    community = CommunityFactory()
    community.coordinators.add(owner)
    tourism_services.visit_record_upsert(community=community, month=dt.date(2026, 10, 15), visitors_thai=120,
                                         visitors_foreign=8, income=Decimal("45600.00"), actor=owner)
    record = IncomeRecord.objects.get(tourism_community=community)
    assert (record.month, record.source, record.amount) == (dt.date(2026, 10, 1), "tourism", Decimal("45600.00"))
    # A correction of the same month updates the record, never duplicates it.
    tourism_services.visit_record_upsert(community=community, month=dt.date(2026, 10, 1), visitors_thai=130,
                                         visitors_foreign=8, income=Decimal("47000.50"), actor=owner)
    assert IncomeRecord.objects.filter(tourism_community=community).count() == 1
    assert IncomeRecord.objects.get(tourism_community=community).amount == Decimal("47000.50")


def test_a_refused_visit_record_leaves_no_income_record(outsider):
    community = CommunityFactory()
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the tourism service
        tourism_services.visit_record_upsert(community=community, month=dt.date(2026, 10, 1), visitors_thai=1,
                                             visitors_foreign=0, income=Decimal("100"), actor=outsider)
    assert not IncomeRecord.objects.exists()


def test_a_deleted_visit_month_takes_its_tourism_income_record_with_it(owner):
    community = CommunityFactory()
    community.coordinators.add(owner)
    for month, income in ((dt.date(2026, 10, 1), "45600.00"), (dt.date(2026, 11, 1), "12000.00")):
        tourism_services.visit_record_upsert(community=community, month=month, visitors_thai=10,
                                             visitors_foreign=0, income=Decimal(income), actor=owner)
    october = community.monthly_visits.get(month=dt.date(2026, 10, 1))
    tourism_services.visit_delete(actor=owner, visit=october)
    assert list(IncomeRecord.objects.filter(tourism_community=community).values_list("month", "amount")) == [
        (dt.date(2026, 11, 1), Decimal("12000.00"))]
