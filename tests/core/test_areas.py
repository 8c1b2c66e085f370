import pytest

from core.areas import load_areas
from core.models import District, Province, Subdistrict

pytestmark = pytest.mark.django_db


def test_it_loads_ang_thong_from_the_real_data():
    assert Province.objects.get(code="15").name_th == "อ่างทอง"
    districts = District.objects.filter(province_id="15")
    assert districts.count() == 7
    assert list(districts.values_list("code", flat=True)) == ["1501", "1502", "1503", "1504", "1505", "1506", "1507"]
    assert Subdistrict.objects.filter(district__province_id="15").count() == 73
    assert District.objects.get(code="1503").name_th == "ป่าโมก"
    bang_sadet = Subdistrict.objects.get(code="150305")
    assert (bang_sadet.name_th, bang_sadet.district_id, bang_sadet.postcode) == ("บางเสด็จ", "1503", "14130")
    assert Subdistrict.objects.filter(district_id="1504").count() == 15


def test_it_is_idempotent():
    before = Subdistrict.objects.count()
    counts = load_areas()
    assert counts == {"provinces": 1, "districts": 7, "subdistricts": 73}
    assert Subdistrict.objects.count() == before


def test_it_can_load_another_province_from_the_same_data():
    load_areas(provinces={"10"})
    assert District.objects.filter(province_id="10").count() == 50
    assert Subdistrict.objects.get(code="100101").name_th == "พระบรมมหาราชวัง"
