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
                                         visitors_foreign=8, income=Decimal("45600.00"), recorded_by=owner)
    record = IncomeRecord.objects.get(tourism_community=community)
    assert (record.month, record.source, record.amount) == (dt.date(2026, 10, 1), "tourism", Decimal("45600.00"))
    # A correction of the same month updates the record, never duplicates it.
    tourism_services.visit_record_upsert(community=community, month=dt.date(2026, 10, 1), visitors_thai=130,
                                         visitors_foreign=8, income=Decimal("47000.50"), recorded_by=owner)
    assert IncomeRecord.objects.filter(tourism_community=community).count() == 1
    assert IncomeRecord.objects.get(tourism_community=community).amount == Decimal("47000.50")


def test_a_refused_visit_record_leaves_no_income_record(outsider):
    community = CommunityFactory()
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the tourism service
        tourism_services.visit_record_upsert(community=community, month=dt.date(2026, 10, 1), visitors_thai=1,
                                             visitors_foreign=0, income=Decimal("100"), recorded_by=outsider)
    assert not IncomeRecord.objects.exists()
