"""Every refusal is the standard's error body, with nothing half-saved, and never a 500."""

from __future__ import annotations

import datetime
import uuid

import pytest

from core.actors import SYSTEM
from tests.factories.tourism import ProgramFactory
from tourism.models import Booking, ProgramDateCapacity
from tourism.octo import services as octo_services

from .conftest import DAY, Octo, avail_id

pytestmark = pytest.mark.django_db


def error(response, status=400):
    assert response.status_code == status, response.content
    return response.json()


def nothing_held(program):
    return (
        not ProgramDateCapacity.objects.filter(program=program, booked__gt=0).exists()
        and not Booking.objects.filter(program=program).exists()
    )


def test_no_key_is_unauthorized(octo):
    body = error(octo.get("products", key=None), 401)
    assert body["error"] == "UNAUTHORIZED" and body["errorMessage"]


@pytest.mark.parametrize("key", ["octo_wrong", "not-a-key", "", "Basic abc"])
def test_an_unknown_key_is_forbidden(client, reseller, key):
    response = client.get("/octo/products", HTTP_AUTHORIZATION=f"Bearer {key}" if key != "Basic abc" else key)
    assert response.status_code in (401, 403)
    assert response.json()["error"] in ("UNAUTHORIZED", "FORBIDDEN")


def test_a_revoked_key_and_an_inactive_reseller_are_forbidden(client, reseller):
    key, raw = octo_services.reseller_key_create(actor=SYSTEM, reseller=reseller)
    other_key, other_raw = octo_services.reseller_key_create(actor=SYSTEM, reseller=reseller)
    assert Octo(client, raw).get("products").status_code == 200
    octo_services.reseller_key_revoke(actor=SYSTEM, key=key)
    assert error(Octo(client, raw).get("products"), 403)["error"] == "FORBIDDEN"
    assert Octo(client, other_raw).get("products").status_code == 200  # the other key still works
    octo_services.reseller_update(actor=SYSTEM, reseller=reseller, active=False)
    assert error(Octo(client, other_raw).get("products"), 403)["error"] == "FORBIDDEN"


def test_only_the_hash_of_a_key_is_stored(reseller):
    key, raw = octo_services.reseller_key_create(actor=SYSTEM, reseller=reseller)
    assert raw.startswith("octo_") and len(raw) > 40
    assert raw not in key.key_hash and key.key_hash == octo_services.key_hash(raw)
    assert key.prefix == raw[:12]


def test_unknown_or_closed_products_are_invalid_product_id(octo, program):
    closed = ProgramFactory()  # not opened to the reseller
    for product_id in ["999999", "abc", str(closed.pk)]:
        body = error(octo.get(f"products/{product_id}"))
        assert body == {
            "error": "INVALID_PRODUCT_ID",
            "errorMessage": body["errorMessage"],
            "productId": product_id,
        }
    program.status = "draft"
    program.save()
    assert error(octo.get(f"products/{program.pk}"))["error"] == "INVALID_PRODUCT_ID"


def test_availability_errors(octo, program):
    base = {
        "productId": str(program.pk),
        "optionId": "DEFAULT",
        "localDateStart": DAY.isoformat(),
        "localDateEnd": DAY.isoformat(),
    }
    assert error(octo.post("availability", {**base, "productId": None}))["error"] == "INVALID_PRODUCT_ID"
    assert error(octo.post("availability", {**base, "optionId": "VIP"})) == {
        "error": "INVALID_OPTION_ID",
        "errorMessage": error(octo.post("availability", {**base, "optionId": "VIP"}))["errorMessage"],
        "optionId": "VIP",
    }
    assert (
        error(octo.post("availability", {**base, "units": [{"id": "senior", "quantity": 1}]}))["unitId"]
        == "senior"
    )
    assert (
        error(octo.post("availability", {**base, "units": [{"id": "adult", "quantity": 0}]}))["error"]
        == "BAD_REQUEST"
    )
    assert (
        error(octo.post("availability", {**base, "units": [{"id": "adult", "quantity": -2}]}))["error"]
        == "BAD_REQUEST"
    )
    assert (
        error(octo.post("availability", {**base, "localDateStart": "2026-02-30"}))["error"] == "BAD_REQUEST"
    )
    assert (
        error(
            octo.post(
                "availability", {**base, "localDateEnd": (DAY - datetime.timedelta(days=1)).isoformat()}
            )
        )["error"]
        == "BAD_REQUEST"
    )
    assert (
        error(octo.post("availability", {"productId": str(program.pk), "optionId": "DEFAULT"}))["error"]
        == "BAD_REQUEST"
    )
    assert (
        error(octo.post("availability", {**base, "availabilityIds": ["2026-01-01T10:30:00+08:00"]}))["error"]
        == "INVALID_AVAILABILITY_ID"
    )
    assert error(octo.post("availability", {**base, "zz_unknown": 1}))["error"] == "BAD_REQUEST"
    assert error(octo.post("availability", raw="{not json"))["error"] == "BAD_REQUEST"
    assert error(octo.post("availability", raw="[1, 2]"))["error"] == "BAD_REQUEST"
    assert (
        error(octo.post("availability/calendar", {**base, "localDateEnd": "2030-12-31"}))["error"]
        == "BAD_REQUEST"
    )  # more than a year


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"productId": "424242"}, "INVALID_PRODUCT_ID"),
        ({"optionId": "HALF_DAY"}, "INVALID_OPTION_ID"),
        ({"availabilityId": "2026-13-01T09:00:00+07:00"}, "INVALID_AVAILABILITY_ID"),
        (
            {"availabilityId": avail_id(time="10:00")},
            "INVALID_AVAILABILITY_ID",
        ),  # not the program's start time
        (
            {"availabilityId": avail_id(day=datetime.date.today())},
            "INVALID_AVAILABILITY_ID",
        ),  # past the cut-off
        ({"availabilityId": None}, "INVALID_AVAILABILITY_ID"),
        ({"unitItems": [{"unitId": "adult"}, {"unitId": "senior"}]}, "INVALID_UNIT_ID"),
        ({"unitItems": [{"unitId": "adult"}]}, "UNPROCESSABLE_ENTITY"),  # fewer than the minimum group of 2
        ({"unitItems": [{"unitId": "adult"}] * 11}, "UNPROCESSABLE_ENTITY"),  # more than the maximum of 10
        ({"unitItems": []}, "UNPROCESSABLE_ENTITY"),
        ({"unitItems": [{"unitId": "child"}, {"unitId": "child"}]}, "UNPROCESSABLE_ENTITY"),  # no adult
        ({"expirationMinutes": 0}, "BAD_REQUEST"),
        ({"expirationMinutes": 100000}, "BAD_REQUEST"),
        ({"uuid": "not-a-uuid"}, "BAD_REQUEST"),
        ({"unitItems": "two adults"}, "BAD_REQUEST"),
        ({"zz_unknown": 1}, "BAD_REQUEST"),
        ({"currency": "USD"}, "BAD_REQUEST"),
    ],
)
def test_reserve_refusals_hold_nothing(octo, program, change, code):
    body = {
        "uuid": str(uuid.uuid4()),
        "productId": str(program.pk),
        "optionId": "DEFAULT",
        "availabilityId": avail_id(),
        "unitItems": [{"unitId": "adult"}, {"unitId": "adult"}],
        **change,
    }
    assert error(octo.post("bookings", body))["error"] == code
    assert nothing_held(program)


def test_reserve_more_than_is_left_is_unprocessable(octo, program):
    from tourism import services

    services.booking_create(actor=SYSTEM, program=program, date=DAY, people=9, name="x", phone="0812345678")
    body = error(octo.reserve(program, units=("adult", "adult")))
    assert body["error"] == "UNPROCESSABLE_ENTITY" and "1" in body["errorMessage"]
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 9


def test_another_resellers_uuid_is_invalid_booking_uuid(octo, other_octo, program):
    booking_uuid = uuid.uuid4()
    assert octo.reserve(program, booking_uuid=booking_uuid).status_code == 200
    for response in [
        other_octo.get(f"bookings/{booking_uuid}"),
        other_octo.confirm(booking_uuid),
        other_octo.post(f"bookings/{booking_uuid}/extend", {}),
        other_octo.post(f"bookings/{booking_uuid}/cancel", {}),
    ]:
        assert error(response)["error"] == "INVALID_BOOKING_UUID"
    assert other_octo.get("bookings", localDate=DAY.isoformat()).json() == []
    assert Booking.objects.get(uuid=booking_uuid).status == "on_hold"  # untouched
    assert error(octo.get("bookings/not-a-uuid"))["error"] == "INVALID_BOOKING_UUID"


def test_the_same_uuid_from_two_resellers_makes_two_bookings(octo, other_octo, program):
    booking_uuid = uuid.uuid4()
    a = octo.reserve(program, booking_uuid=booking_uuid).json()
    b = other_octo.reserve(program, booking_uuid=booking_uuid).json()
    assert a["supplierReference"] != b["supplierReference"]
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 4


def test_confirm_needs_a_contact(octo, program):
    booking_uuid = uuid.uuid4()
    octo.reserve(program, booking_uuid=booking_uuid)
    for contact in [
        {},
        {"fullName": "A B"},
        {"fullName": "A B", "emailAddress": "not-an-email"},
        {"fullName": "A B", "emailAddress": "a@example.com", "phoneNumber": "call me"},
    ]:
        assert (
            error(octo.post(f"bookings/{booking_uuid}/confirm", {"contact": contact}))["error"]
            == "BAD_REQUEST"
        )
    assert error(octo.post(f"bookings/{booking_uuid}/confirm", {}))["error"] == "BAD_REQUEST"
    assert (
        error(octo.confirm(booking_uuid, unitItems=[{"unitId": "adult"}]))["error"] == "UNPROCESSABLE_ENTITY"
    )
    assert Booking.objects.get(uuid=booking_uuid).status == "on_hold"


def test_cancelling_after_the_cutoff_is_unprocessable(octo, reseller):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    program = ProgramFactory()
    reseller.programs.add(program)
    booking_uuid = uuid.uuid4()
    assert (
        octo.reserve(program, availability=avail_id(day=tomorrow), booking_uuid=booking_uuid).status_code
        == 200
    )
    octo.confirm(booking_uuid)
    # tomorrow 09:00 minus 24 h is already past (the test runs after 09:00 Bangkok time, or on the edge: force it)
    from django.utils import timezone

    booking = Booking.objects.get(uuid=booking_uuid)
    later = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(Exception, match="เลยกำหนดยกเลิก"):
        octo_services.octo_cancel(actor=reseller, reseller=reseller, booking=booking, now=later)
    booking.refresh_from_db()
    assert booking.status == "requested"
    assert ProgramDateCapacity.objects.get(program=program, date=tomorrow).booked == 2


def test_cancel_after_the_cutoff_over_http(octo, reseller, program, monkeypatch):
    from tourism.octo import selectors as sel

    booking_uuid = uuid.uuid4()
    octo.reserve(program, booking_uuid=booking_uuid)
    octo.confirm(booking_uuid)
    monkeypatch.setattr(sel, "CANCELLATION_CUTOFF_HOURS", 24 * 30)  # the deadline is now in the past
    body = error(octo.post(f"bookings/{booking_uuid}/cancel", {}))
    assert body["error"] == "UNPROCESSABLE_ENTITY"
    assert octo.get(f"bookings/{booking_uuid}").json()["cancellable"] is False
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 2


def test_get_bookings_needs_a_filter_and_real_dates(octo):
    assert error(octo.get("bookings"))["error"] == "BAD_REQUEST"
    assert error(octo.get("bookings", localDate="31/12/2026"))["error"] == "BAD_REQUEST"
    assert error(octo.get("bookings", localDateStart="2026-01-01"))["error"] == "BAD_REQUEST"


def test_wrong_method_is_an_octo_error(octo):
    response = octo.client.put("/octo/products", HTTP_AUTHORIZATION=f"Bearer {octo.key}")
    assert response.status_code == 405 and response.json()["error"] == "BAD_REQUEST"


def test_error_messages_follow_accept_language(octo):
    en = octo.get("products/999999", language="en").json()
    th = octo.get("products/999999", language="th").json()
    assert en["errorMessage"] == "The Product ID was invalid or missing"
    assert th["errorMessage"].startswith("รหัสสินค้า")
