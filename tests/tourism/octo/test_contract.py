"""The OCTO contract: supplier, products, availability, and the booking lifecycle per availability type."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core import mail

from core.actors import SYSTEM
from tests.factories.tourism import ProgramFactory
from tourism import selectors, services
from tourism.choices import BookingStatus
from tourism.models import Booking, ProgramDateCapacity

from .conftest import DAY, avail_id

pytestmark = pytest.mark.django_db


def test_it_describes_the_supplier(octo):
    response = octo.get("supplier", language="en")
    assert response.status_code == 200
    body = response.json()
    assert body["name"].startswith("Ang Thong Provincial Community Development Office")
    assert set(body["contact"]) == {"website", "email", "telephone", "address"}


def test_it_lists_only_the_programs_opened_to_the_reseller(octo, program):
    ProgramFactory()  # published, but not opened to this reseller
    body = octo.get("products").json()
    assert [p["id"] for p in body] == [str(program.pk)]
    product = body[0]
    assert product["timeZone"] == "Asia/Bangkok"
    assert product["availabilityType"] == "START_TIME"
    assert product["instantConfirmation"] is False
    option = product["options"][0]
    assert option["id"] == "DEFAULT" and option["availabilityLocalStartTimes"] == ["09:00"]
    assert option["restrictions"] == {"minUnits": 2, "maxUnits": 10}
    assert option["cancellationCutoffAmount"] == 24 and option["cancellationCutoffUnit"] == "hour"
    assert [u["id"] for u in option["units"]] == ["adult", "child"]
    assert option["units"][1]["restrictions"]["accompaniedBy"] == ["adult"]
    assert "pricingFrom" not in option["units"][0] and "title" not in product


def test_it_prices_units_in_satang_when_pricing_is_asked(octo, program):
    response = octo.get(f"products/{program.pk}", capabilities="octo/pricing")
    assert response["Octo-Capabilities"] == "octo/pricing"
    unit = response.json()["options"][0]["units"][0]
    assert unit["pricingFrom"] == [
        {
            "original": 50000,
            "retail": 50000,
            "net": 50000,
            "currency": "THB",
            "currencyPrecision": 2,
            "includedTaxes": [],
        }
    ]


def test_it_gives_content_in_the_language_asked(octo, program):
    program.title_en = "Rice Field Day"
    program.save()
    en = octo.get(f"products/{program.pk}", capabilities="octo/content", language="en-GB,en;q=0.9").json()
    th = octo.get(f"products/{program.pk}", capabilities="octo/content", language="th").json()
    assert (en["locale"], en["title"]) == ("en", "Rice Field Day")
    assert (th["locale"], th["title"]) == ("th", program.title_th)
    assert th["options"][0]["itinerary"][0]["name"].startswith("กิจกรรมทดสอบ")
    assert en["galleryImages"] and en["galleryImages"][0]["url"].startswith("http")


def test_it_gives_the_english_summary_inclusions_and_itinerary_notes_and_thai_where_none(octo, program):
    program.summary, program.summary_en = "หนึ่งวันในนาข้าว", "A day in the rice fields"
    program.included, program.included_en = "อาหารกลางวัน\nน้ำดื่ม", "Lunch\nDrinking water"
    program.save()
    program.items.update(note="พบกันที่ศาลา", note_en="Meet at the pavilion")
    en = octo.get(f"products/{program.pk}", capabilities="octo/content", language="en").json()
    th = octo.get(f"products/{program.pk}", capabilities="octo/content", language="th").json()
    assert (en["description"], en["inclusions"]) == ("A day in the rice fields", ["Lunch", "Drinking water"])
    assert en["options"][0]["itinerary"][0]["description"] == "Meet at the pavilion"
    assert (th["description"], th["inclusions"]) == ("หนึ่งวันในนาข้าว", ["อาหารกลางวัน", "น้ำดื่ม"])
    program.summary_en = ""
    program.save()
    assert octo.get(f"products/{program.pk}", capabilities="octo/content", language="en").json()[
        "description"] == "หนึ่งวันในนาข้าว"  # no English: the Thai text


def test_availability_reads_the_capacity_row_the_portal_books_from(octo, program):
    services.booking_create(
        actor=SYSTEM, program=program, date=DAY, people=6, name="ผู้จองหน้าเว็บ", phone="0812345678"
    )
    body = octo.post(
        "availability",
        {
            "productId": str(program.pk),
            "optionId": "DEFAULT",
            "localDateStart": DAY.isoformat(),
            "localDateEnd": DAY.isoformat(),
        },
    ).json()
    assert len(body) == 1
    assert body[0]["id"] == avail_id() and body[0]["localDateTimeStart"] == avail_id()
    assert (body[0]["status"], body[0]["vacancies"], body[0]["capacity"], body[0]["available"]) == (
        "LIMITED",
        4,
        10,
        True,
    )  # 4 of 10 left: less than half
    assert body[0]["utcCutoffAt"] == f"{(DAY - datetime.timedelta(days=1)).isoformat()}T17:00:00Z"


def test_availability_statuses_on_hand_computed_days(octo, program):
    program.available_weekdays = [DAY.weekday()]
    program.save()
    services.booking_create(
        actor=SYSTEM, program=program, date=DAY, people=10, name="เต็ม", phone="0812345678"
    )
    week_later = DAY + datetime.timedelta(days=7)
    services.booking_create(
        actor=SYSTEM, program=program, date=week_later, people=5, name="ครึ่ง", phone="0812345678"
    )
    body = octo.post(
        "availability/calendar",
        {
            "productId": str(program.pk),
            "optionId": "DEFAULT",
            "localDateStart": DAY.isoformat(),
            "localDateEnd": (DAY + datetime.timedelta(days=14)).isoformat(),
            "units": [{"id": "adult", "quantity": 6}],
        },
    ).json()
    by_day = {d["localDate"]: (d["status"], d["vacancies"]) for d in body}
    assert len(body) == 15
    assert by_day[DAY.isoformat()] == ("SOLD_OUT", 0)
    assert by_day[week_later.isoformat()] == ("SOLD_OUT", 5)  # 5 left, 6 asked
    assert by_day[(DAY + datetime.timedelta(days=14)).isoformat()] == ("AVAILABLE", 10)
    assert by_day[(DAY + datetime.timedelta(days=1)).isoformat()] == ("CLOSED", 0)  # not an open weekday


def test_the_whole_lifecycle_of_a_start_time_booking(octo, program, committed, django_user_model):
    coordinator = django_user_model.objects.create_user("coord", email="coord@example.com", role="producer")
    program.community.coordinators.add(coordinator)
    booking_uuid = uuid.uuid4()
    reserved = octo.reserve(
        program,
        units=("adult", "adult", "child"),
        booking_uuid=booking_uuid,
        resellerReference="KL-1001",
        expirationMinutes=45,
    )
    assert reserved.status_code == 200, reserved.json()
    body = reserved.json()
    assert (body["status"], body["uuid"], body["resellerReference"]) == (
        "ON_HOLD",
        str(booking_uuid),
        "KL-1001",
    )
    assert body["utcExpiresAt"] and body["availabilityId"] == avail_id()
    assert [u["unitId"] for u in body["unitItems"]] == ["adult", "adult", "child"]
    slot = ProgramDateCapacity.objects.get(program=program, date=DAY)
    assert slot.booked == 3  # the hold counts against capacity

    # a retry of the same reserve is the same booking, holding nothing more
    again = octo.reserve(program, units=("adult", "adult", "child"), booking_uuid=booking_uuid)
    assert again.json()["supplierReference"] == body["supplierReference"]
    assert Booking.objects.filter(uuid=booking_uuid).count() == 1
    slot.refresh_from_db()
    assert slot.booked == 3

    extended = octo.post(f"bookings/{booking_uuid}/extend", {"expirationMinutes": 90}).json()
    assert extended["status"] == "ON_HOLD" and extended["utcExpiresAt"] > body["utcExpiresAt"]

    with committed():
        confirmed = octo.confirm(booking_uuid)
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["status"] == "PENDING"  # the community accepts each booking
    assert confirmed.json()["contact"]["fullName"] == "Jane Traveller"
    assert confirmed.json()["utcExpiresAt"] is None
    assert any("Klook Test" in m.body and "KL-1001" in m.body for m in mail.outbox)  # the coordinators know
    assert not any("jane@example.com" in m.to for m in mail.outbox)  # the reseller tells its customer
    assert octo.confirm(booking_uuid).json()["status"] == "PENDING"  # a repeated confirm is harmless

    booking = Booking.objects.get(uuid=booking_uuid)
    assert booking in selectors.bookings_for(user=coordinator)  # in the coordinators' queue
    services.booking_confirm(actor=coordinator, booking=booking)
    got = octo.get(f"bookings/{booking_uuid}").json()
    assert got["status"] == "CONFIRMED" and got["utcConfirmedAt"]
    assert got["voucher"]["deliveryOptions"][0]["deliveryValue"] == booking.code

    listed = octo.get("bookings", resellerReference="KL-1001").json()
    assert [b["uuid"] for b in listed] == [str(booking_uuid)]
    assert [b["uuid"] for b in octo.get("bookings", localDate=DAY.isoformat()).json()] == [str(booking_uuid)]
    assert [b["uuid"] for b in octo.get("bookings", supplierReference=booking.code).json()] == [
        str(booking_uuid)
    ]

    cancelled = octo.post(f"bookings/{booking_uuid}/cancel", {"reason": "customer ill"}).json()
    assert cancelled["status"] == "CANCELLED" and cancelled["cancellation"]["reason"] == "customer ill"
    slot.refresh_from_db()
    assert slot.booked == 0
    assert octo.post(f"bookings/{booking_uuid}/cancel", {}).json()["status"] == "CANCELLED"  # idempotent
    slot.refresh_from_db()
    assert slot.booked == 0


def test_the_whole_lifecycle_of_an_opening_hours_booking(octo, reseller):
    program = ProgramFactory(items=False, price_per_person=350)
    reseller.programs.add(program)
    product = octo.get(f"products/{program.pk}").json()
    assert product["availabilityType"] == "OPENING_HOURS"
    days = octo.post(
        "availability",
        {
            "productId": str(program.pk),
            "optionId": "DEFAULT",
            "localDateStart": DAY.isoformat(),
            "localDateEnd": DAY.isoformat(),
        },
        capabilities="octo/pricing",
    ).json()
    assert days[0]["id"] == avail_id(time=None) and days[0]["allDay"] is True
    assert days[0]["openingHours"] == [{"from": "09:00", "to": "17:00"}]
    assert days[0]["unitPricing"][0]["retail"] == 35000
    booking_uuid = uuid.uuid4()
    body = octo.reserve(program, availability=avail_id(time=None), booking_uuid=booking_uuid).json()
    assert body["status"] == "ON_HOLD" and body["availability"]["allDay"] is True
    assert octo.confirm(booking_uuid).json()["status"] == "PENDING"
    booking = Booking.objects.get(uuid=booking_uuid)
    services.booking_decline(actor=SYSTEM, booking=booking, reason="ชุมชนติดงานบุญ")
    got = octo.get(f"bookings/{booking_uuid}").json()
    assert got["status"] == "REJECTED"
    assert ProgramDateCapacity.objects.get(program=program, date=DAY).booked == 0


def test_an_on_hold_booking_is_in_the_community_list_but_is_no_request_to_decide(octo, program):
    booking_uuid = uuid.uuid4()
    octo.reserve(program, booking_uuid=booking_uuid)
    booking = Booking.objects.get(uuid=booking_uuid)
    assert booking.status == BookingStatus.ON_HOLD and booking.reseller.name == "Klook Test"
    assert selectors.holding_people(program, DAY) == 2
    with pytest.raises(Exception, match="ยืนยันได้เฉพาะ"):
        services.booking_confirm(actor=SYSTEM, booking=booking)
    with pytest.raises(Exception, match="ปฏิเสธได้เฉพาะ"):
        services.booking_decline(actor=SYSTEM, booking=booking, reason="x")


def test_the_portal_api_names_the_reseller_of_a_booking(octo, program, api_for, staff):
    booking_uuid = uuid.uuid4()
    octo.reserve(program, booking_uuid=booking_uuid)
    code = Booking.objects.get(uuid=booking_uuid).code
    rows = api_for(staff).get("/api/v1/tourism/bookings/").json()["results"]
    assert {r["code"]: r["reseller"] for r in rows}[code] == "Klook Test"
