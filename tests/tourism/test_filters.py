"""The coordinators' booking and visit filters pick a community from a select read as values
(core.filters.NamedModelChoiceFilter): the community's English name in English mode, else Thai."""

import pytest
from django.utils import translation

from tests.factories.tourism import CommunityFactory
from tourism.filters import BookingFilter, MonthlyVisitFilter
from tourism.models import Booking, MonthlyVisit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("filterset", "model"), [(BookingFilter, Booking), (MonthlyVisitFilter, MonthlyVisit)])
def test_the_community_select_names_communities_in_the_visitors_language(filterset, model):
    CommunityFactory(name_th="ชุมชนบ้านบางเสด็จ", name_en="Ban Bang Sadet", slug="bang-sadet")
    CommunityFactory(name_th="ชุมชนเอกราช", name_en="", slug="ekkarat")
    with translation.override("th"):
        thai = str(filterset(data={}, queryset=model.objects.all()).form["community"])
    with translation.override("en"):
        english = filterset(data={"community": "bang-sadet"}, queryset=model.objects.all())
        html = str(english.form["community"])
        assert english.form.is_valid() and english.form.cleaned_data["community"].slug == "bang-sadet"
    assert '<option value="bang-sadet">ชุมชนบ้านบางเสด็จ</option>' in thai
    assert '<option value="bang-sadet" selected>Ban Bang Sadet</option>' in html
    assert '<option value="ekkarat">ชุมชนเอกราช</option>' in html  # no English name: Thai
