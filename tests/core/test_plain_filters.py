"""The group directory's filters in plain language: the subdistrict by name, not its DOPA code
(the API still takes the code)."""

import pytest

from core.models import Subdistrict
from tests.factories import core as cf

pytestmark = pytest.mark.django_db


def test_the_directory_offers_subdistricts_by_name_and_filters_by_them(client):
    bang_sadet = Subdistrict.objects.get(code="150305")
    here = cf.ProducerGroupFactory(name_th="กลุ่มบางเสด็จ", subdistrict_id="150305")
    cf.ProducerGroupFactory(
        name_th="กลุ่มที่อื่น",
        subdistrict_id=Subdistrict.objects.exclude(code="150305").values_list("code", flat=True).first(),
    )
    html = client.get("/groups/").content.decode()
    assert "รหัสตำบล" not in html
    assert f'<option value="150305">ต.บางเสด็จ อ.{bang_sadet.district.name_th}</option>' in html
    response = client.get("/groups/", {"subdistrict": "150305"})
    listed = response.context["object_list"]
    assert [g.name_th for g in listed] == [here.name_th]
    api = client.get("/api/v1/groups/", {"subdistrict": "150305"}).json()
    assert [g["name_th"] for g in api["results"]] == [here.name_th]
