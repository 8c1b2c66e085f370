import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.models import ProducerGroup
from tests.factories import core as f

pytestmark = pytest.mark.django_db


def _png(size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "orange").save(buf, format="PNG")
    return buf.getvalue()


def test_the_group_list_filters_by_district(client):
    f.ProducerGroupFactory(name_th="กลุ่มป่าโมก", subdistrict_id="150305")
    f.ProducerGroupFactory(name_th="กลุ่มแสวงหา", subdistrict_id="150505")
    page = client.get("/groups/?district=1505").content.decode()
    assert "กลุ่มแสวงหา" in page and "กลุ่มป่าโมก" not in page


def test_the_group_list_keeps_a_constant_number_of_queries(client, assert_constant_queries):
    f.ProducerGroupFactory.create_batch(3)
    assert_constant_queries(lambda: client.get("/groups/"), lambda: f.ProducerGroupFactory.create_batch(27))


def test_an_empty_list_says_what_to_do(client):
    page = client.get("/groups/?district=1507").content.decode()
    assert "ไม่พบกลุ่มผู้ผลิตตามเงื่อนไขนี้" in page


def test_the_owner_updates_the_group_with_a_logo(client_for, owner, group):
    c = client_for(owner)
    response = c.post(f"/groups/{group.slug}/edit/", {
        "name_th": group.name_th, "entrepreneur_type": "sme", "subdistrict": "150305", "village_no": 2,
        "phone": "035-661234", "logo": SimpleUploadedFile("logo.png", _png(), content_type="image/png")})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.entrepreneur_type == "sme" and group.logo
    # The logo is served through the permission-checked file view, not a public path.
    page = c.get(group.get_absolute_url()).content.decode()
    assert f"/files/core.producergroup/{group.pk}/logo/" in page
    assert client_for(None).get(f"/files/core.producergroup/{group.pk}/logo/").status_code == 200
    assert group.history.count() == 2  # created + updated, who/when kept


def test_a_fake_image_is_refused_in_thai_and_nothing_is_saved(client_for, owner, group):
    response = client_for(owner).post(f"/groups/{group.slug}/edit/", {
        "name_th": "ชื่อใหม่", "entrepreneur_type": "sme", "subdistrict": "150305",
        "logo": SimpleUploadedFile("logo.png", b"<?php echo 'not an image'; ?>", content_type="image/png")})
    assert response.status_code == 200
    assert "ไม่ใช่รูป" in response.content.decode()  # Thai message from the form
    group.refresh_from_db()
    assert group.name_th != "ชื่อใหม่" and not group.logo


def test_script_in_text_is_stored_and_shown_escaped(client_for, owner, group):
    client_for(owner).post(f"/groups/{group.slug}/edit/", {
        "name_th": group.name_th, "entrepreneur_type": "sme", "subdistrict": "150305",
        "description": "<script>alert('x')</script> ตุ๊กตาชาววัง 🎎"})
    group.refresh_from_db()
    assert group.description.startswith("<script>")
    page = client_for(None).get(group.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "🎎" in page


def test_files_of_unknown_models_or_fields_are_404(client):
    g = ProducerGroup.objects.create(name_th="x", slug="x", entrepreneur_type="sme", subdistrict_id="150101")
    assert client.get(f"/files/core.producergroup/{g.pk}/description/").status_code == 404
    assert client.get(f"/files/core.nomodel/{g.pk}/logo/").status_code == 404
    assert client.get(f"/files/core.producergroup/{g.pk}/logo/").status_code == 404  # empty field


def test_the_login_page_is_thai_and_failed_logins_are_throttled(client, owner, settings):
    assert "เข้าสู่ระบบ" in client.get("/accounts/login/").content.decode()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "owner", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "owner", "password": f.PASSWORD})
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_login_goes_to_my_area(client, owner):
    response = client.post("/accounts/login/", {"username": "owner", "password": f.PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/me/"
    assert owner.producer_groups.get().name_th in client.get("/me/").content.decode()


def test_the_language_switch_gives_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert 'lang="en"' in page


def test_the_english_switch_translates_the_interface(client, group):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/groups/").content.decode()
    assert "กลุ่มผู้ผลิตและผู้ประกอบการ OTOP" not in page
    assert "Log in" in page and "Producer groups" in page or "producer groups" in page.lower()


def test_the_interface_is_thai_even_for_an_english_browser(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="th"' in page


def test_staff_who_are_not_superusers_see_the_inlines_in_the_admin(client_for, staff, owner, group):
    page = client_for(staff).get(f"/admin/core/producergroup/{group.pk}/change/").content.decode()
    assert "memberships-TOTAL_FORMS" in page  # the membership inline is there
    assert "owner" in page
