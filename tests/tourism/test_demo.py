import pytest

from core import demo as core_demo
from tourism import demo
from tourism.choices import PublishStatus
from tourism.models import Activity, Booking, Fair, MonthlyVisit, Program, TourismCommunity

pytestmark = pytest.mark.django_db


def test_it_loads_three_realistic_demo_communities_idempotently():
    core_demo.load()
    demo.load()
    counts = [m.objects.count() for m in (TourismCommunity, Activity, Program, Fair, Booking, MonthlyVisit)]
    demo.load()
    assert [m.objects.count() for m in (TourismCommunity, Activity, Program, Fair, Booking, MonthlyVisit)] == counts
    communities = {c.slug: c for c in TourismCommunity.objects.all()}
    assert len(communities) == 3
    assert communities["ban-phet-si-bua-thong"].subdistrict_id == "150505"
    assert communities["ban-phet-si-bua-thong"].village_no == 7
    assert communities["bang-sadet-pa-khao"].subdistrict.district_id == "1503"
    assert communities["wat-muang-hua-taphan"].subdistrict.district_id == "1506"
    assert list(communities["bang-sadet-pa-khao"].coordinators.values_list("username", flat=True)) == ["producer"]
    for model in (TourismCommunity, Activity, Program, Fair, Booking, MonthlyVisit):
        assert not model.objects.filter(is_demo=False).exists()
    assert all(c.readiness_missing() == [] for c in communities.values())
    assert Program.objects.filter(status=PublishStatus.PUBLISHED).count() == Program.objects.count() >= 3
    assert set(Program.objects.values_list("community__slug", flat=True)) == set(communities)
