"""Hostile input is a clear 400, never a 500, and a forged header dodges no limit (issue 13)."""

import datetime
import json

import pytest
from django.test import override_settings

from tests.factories.tourism import ProgramFactory
from tourism.models import Booking
from tourism.throttles import AnonBookingThrottle

pytestmark = pytest.mark.django_db

FUTURE = datetime.date.today() + datetime.timedelta(days=21)


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    from django.core.cache import caches

    caches["throttles"].clear()


def _booking(program, **kw):
    return {"program": program.slug, "date": FUTURE.isoformat(), "people": 2, "name": "Anna Schmidt",
            "phone": "+66 81 234 5678", **kw}


# --- Client address: X-Forwarded-For is believed only behind trusted proxies ------------------------------


def test_a_forged_forwarded_for_header_does_not_dodge_the_api_throttle(api_for, monkeypatch):
    monkeypatch.setattr(AnonBookingThrottle, "rate", "2/hour", raising=False)
    program = ProgramFactory(daily_capacity=100)
    api = api_for(None)
    codes = [api.post("/api/v1/tourism/bookings/", _booking(program), format="json",
                      HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(4)]
    assert codes == [201, 201, 429, 429]
    assert Booking.objects.count() == 2


def test_a_forged_forwarded_for_header_does_not_dodge_the_form_throttle(client, monkeypatch):
    monkeypatch.setattr(AnonBookingThrottle, "rate", "2/hour", raising=False)
    program = ProgramFactory(daily_capacity=100, max_group_size=10)
    data = {"date": FUTURE.isoformat(), "people": 2, "name": "ก", "line_id": "abc"}
    codes = [client.post(program.get_absolute_url(), data, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code
             for i in range(3)]
    assert codes == [302, 302, 429]
    assert Booking.objects.count() == 2


def test_behind_one_trusted_proxy_the_forwarded_address_counts(api_for, monkeypatch, settings):
    monkeypatch.setattr(AnonBookingThrottle, "rate", "2/hour", raising=False)
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}):
        program = ProgramFactory(daily_capacity=100)
        api = api_for(None)
        codes = [api.post("/api/v1/tourism/bookings/", _booking(program), format="json",
                          HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(3)]
    assert codes == [201, 201, 201]  # three different clients behind the proxy


# --- NUL characters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/wisdom/a%00b/", "/products/a%00b/", "/tourism/bookings/AB%00CD/",
                                 "/api/v1/experts/a%00b/", "/api/v1/tourism/bookings/?code=%00",
                                 "/products/?q=%00", "/search/?q=ab%00"])
def test_a_nul_in_the_path_or_query_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400


def test_a_nul_in_a_json_string_is_a_json_400_and_saves_nothing(api_for):
    program = ProgramFactory(daily_capacity=100)
    response = api_for(None).post("/api/v1/tourism/bookings/", _booking(program, name="An\u0000na"),
                                  format="json")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    assert not Booking.objects.exists()


def test_a_nul_in_a_posted_form_field_is_a_400_and_saves_nothing(client):
    program = ProgramFactory(daily_capacity=100, max_group_size=10)
    response = client.post(program.get_absolute_url(), {"date": FUTURE.isoformat(), "people": 2,
                                                        "name": "ก\x00", "line_id": "abc"})
    assert response.status_code == 400
    assert not Booking.objects.exists()


# --- Deep JSON --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/api/v1/tourism/bookings/"])
def test_json_nested_thousands_of_levels_deep_is_a_400(api_for, url):
    body = "[" * 5000 + "]" * 5000
    response = api_for(None).generic("POST", url, body, content_type="application/json")
    assert response.status_code == 400
    assert "ลึกเกินไป" in response.json()["detail"]


def test_ordinary_nesting_still_parses(api_for, staff):
    body = json.dumps({"username": "staff", "password": "x", "extra": [[[{"a": [1]}]]]})
    response = api_for(None).generic("POST", "/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400 and "extra" in response.json()  # parsed: the unknown field is named


# --- Over-long usernames ------------------------------------------------------------------------------------


def test_an_overlong_username_at_the_token_endpoint_is_a_400(api_for):
    response = api_for(None).post("/api/v1/auth/token/", {"username": "u" * 300, "password": "x"},
                                  format="json")
    assert response.status_code == 400 and "username" in response.json()


def test_an_overlong_username_at_the_login_page_is_a_wrong_login(client):
    response = client.post("/accounts/login/", {"username": "u" * 300, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


# --- Truncated images -------------------------------------------------------------------------------------


def test_a_truncated_png_is_refused_as_an_invalid_image():
    import io

    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from core.uploads import validate_image_file

    buf = io.BytesIO()
    Image.new("RGB", (300, 300), "teal").save(buf, format="PNG")
    data = buf.getvalue()
    truncated = SimpleUploadedFile("cut.png", data[: len(data) // 2], content_type="image/png")
    with pytest.raises(ValidationError) as exc:
        validate_image_file(truncated)
    assert exc.value.code == "invalid_image"


# --- Text length ---------------------------------------------------------------------------------------------


def test_a_100000_character_question_is_a_400_on_the_api(api_for, owner):
    response = api_for(owner).post("/api/v1/tourism/bookings/", {"name": "ก" * 100_000}, format="json")
    assert response.status_code == 400 and "ยาวเกิน" in response.json()["detail"]


def test_a_100000_character_form_field_is_a_400(client_for, owner):
    from network.models import Question

    response = client_for(owner).post("/network/questions/new/", {"title": "ถาม", "body": "ข" * 100_000})
    assert response.status_code == 400
    assert not Question.objects.exists()


def test_a_nul_in_a_multipart_patch_is_a_400_and_changes_nothing(api_for, staff, partner_org):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    body = encode_multipart(BOUNDARY, {"name_th": "ภาคี\x00ใหม่"})
    response = api_for(staff).generic("PATCH", f"/api/v1/partners/{partner_org.pk}/", body,
                                      content_type=MULTIPART_CONTENT)
    assert response.status_code == 400
    partner_org.refresh_from_db()
    assert "\x00" not in partner_org.name_th


def test_a_nul_in_a_urlencoded_patch_is_a_400(api_for, staff, partner_org):
    response = api_for(staff).generic("PATCH", f"/api/v1/partners/{partner_org.pk}/", "areas_served=2%00x",
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
