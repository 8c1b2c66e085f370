"""A tourist's own booking by its code (issue 13.4): the code alone shows the program, date, people and
status; the name and contacts need the phone's last 4 digits or the e-mail (or the signed e-mail link);
lookups are throttled per client address, X-Forwarded-For notwithstanding."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.tourism import BookingFactory, ProgramFactory
from tourism import selectors
from tourism.throttles import BookingLookupThrottle

pytestmark = pytest.mark.django_db

PERSONAL = ["name", "phone", "line_id", "email", "notes"]
BY_CODE = "/api/v1/tourism/bookings/by-code/{}/"
WRONG = "ข้อมูลไม่ตรงกับการจองนี้"


@pytest.fixture
def booking():
    return BookingFactory(code="PRIV2345", name="สมหญิง ใจดี", phone="081-234-5678", line_id="somying.line",
                          email="Somying@Example.com", notes="แพ้กุ้ง")


def _shows_personal(html):
    return [v for v in ["สมหญิง ใจดี", "081-234-5678", "somying.line", "Somying@Example.com", "แพ้กุ้ง"] if v in html]


# --- selector ----------------------------------------------------------------------------------------------


def test_the_selector_needs_the_code_and_the_last_four_digits_or_the_email(booking):
    assert selectors.booking_lookup(code="priv2345", contact="5678") == booking
    assert selectors.booking_lookup(code="PRIV2345", contact=" 56-78 ") == booking
    assert selectors.booking_lookup(code="PRIV2345", contact="0812345678") == booking
    assert selectors.booking_lookup(code="PRIV2345", contact="somying@example.COM") == booking
    for contact in ["", "5679", "678", "other@example.com", "somying.line", "สมหญิง ใจดี"]:
        assert selectors.booking_lookup(code="PRIV2345", contact=contact) is None, contact
    assert selectors.booking_lookup(code="PRIV2346", contact="5678") is None


def test_a_booking_without_phone_or_email_cannot_be_matched_by_empty_values():
    BookingFactory(code="LINE2345", phone="", email="", line_id="only.line")
    for contact in ["", "@", "0000", "only.line"]:
        assert selectors.booking_lookup(code="LINE2345", contact=contact) is None


# --- the status page -----------------------------------------------------------------------------------------


def test_the_code_alone_shows_the_facts_but_not_the_person(client, booking):
    html = client.get("/tourism/bookings/PRIV2345/").content.decode()
    assert booking.program.title_th in html and "รอชุมชนยืนยัน" in html
    assert _shows_personal(html) == []
    assert 'name="contact"' in html and "csrfmiddlewaretoken" in html


@pytest.mark.parametrize("contact", ["5678", "SOMYING@example.com"])
def test_the_right_contact_shows_the_person_and_a_reload_keeps_it(client, booking, contact):
    response = client.post("/tourism/bookings/PRIV2345/", {"contact": contact})
    assert response.status_code == 302 and response.url == booking.get_absolute_url()
    for _reload in range(2):
        page = client.get(booking.get_absolute_url())
        assert len(_shows_personal(page.content.decode())) == 5
        assert "no-store" in page["Cache-Control"]
    # The session remembers this code only.
    other = BookingFactory(code="OTHR2345", name="คนอื่น")
    assert "คนอื่น" not in client.get(other.get_absolute_url()).content.decode()


def test_a_wrong_contact_shows_nothing_and_says_so_in_thai(client, booking):
    response = client.post("/tourism/bookings/PRIV2345/", {"contact": "1111"})
    html = response.content.decode()
    assert response.status_code == 400 and WRONG in html
    assert _shows_personal(html.replace("1111", "")) == []
    assert _shows_personal(client.get(booking.get_absolute_url()).content.decode()) == []


def test_the_lookup_form_takes_the_code_and_the_contact(client, booking):
    url = reverse("tourism:booking_lookup")
    assert "csrfmiddlewaretoken" in client.get(url).content.decode()
    wrong = client.post(url, {"code": "priv2345", "contact": "somebody@example.com"})
    assert wrong.status_code == 400 and WRONG in wrong.content.decode()
    assert _shows_personal(client.get(booking.get_absolute_url()).content.decode()) == []
    code_only = client.post(url, {"code": "priv2345", "contact": ""})
    assert code_only.url == booking.get_absolute_url()
    assert _shows_personal(client.get(booking.get_absolute_url()).content.decode()) == []
    right = client.post(url, {"code": "priv2345", "contact": "5678"})
    assert right.url == booking.get_absolute_url()
    assert len(_shows_personal(client.get(booking.get_absolute_url()).content.decode())) == 5
    assert "ไม่พบการจองรหัสนี้" in client.post(url, {"code": "ZZZZ9999", "contact": "5678"}).content.decode()


def test_the_page_form_is_csrf_protected(booking):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/tourism/bookings/PRIV2345/", {"contact": "5678"})
    assert response.status_code == 403


def test_the_tourist_who_just_booked_sees_their_details(client):
    import datetime

    program = ProgramFactory()
    response = client.post(program.get_absolute_url(), {
        "date": (datetime.date.today() + datetime.timedelta(days=21)).isoformat(), "people": 2,
        "name": "คุณมานะ", "phone": "02-123-4567"})
    assert response.status_code == 302
    assert "คุณมานะ" in client.get(response.url).content.decode()


# --- the signed e-mail link ----------------------------------------------------------------------------------


def _emailed_link(client, django_capture_on_commit_callbacks):
    program = ProgramFactory()
    import datetime

    with django_capture_on_commit_callbacks(execute=True):
        client.post(program.get_absolute_url(), {
            "date": (datetime.date.today() + datetime.timedelta(days=21)).isoformat(), "people": 2,
            "name": "คุณมานี", "email": "manee@example.com", "notes": "มาสาย"})
    return re.search(r"(/tourism/bookings/\w+/\?t=\S+)", mail.outbox[0].body).group(1)


def test_the_emailed_link_shows_the_details(client_for, django_capture_on_commit_callbacks):
    link = _emailed_link(client_for(None), django_capture_on_commit_callbacks)
    visitor = client_for(None)  # another browser: nothing in its session
    response = visitor.get(link)
    assert response.status_code == 302 and "?t=" not in response.url
    html = visitor.get(response.url).content.decode()
    assert "คุณมานี" in html and "manee@example.com" in html and "มาสาย" in html


def test_a_tampered_or_foreign_link_shows_nothing(client_for, django_capture_on_commit_callbacks):
    link = _emailed_link(client_for(None), django_capture_on_commit_callbacks)
    other = BookingFactory(code="OTHR2345", email="other@example.com", name="คนอื่น")
    token = link.split("?t=")[1]
    for url in [link[:-2] + ("AA" if not link.endswith("AA") else "BB"), f"/tourism/bookings/OTHR2345/?t={token}",
                link.split("?t=")[0] + "?t="]:
        visitor = client_for(None)
        response = visitor.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "คุณมานี" not in html and "manee@example.com" not in html and "คนอื่น" not in html
        assert "ลิงก์นี้ไม่ถูกต้องหรือหมดอายุ" in html
    assert selectors.booking_by_status_token(code=other.code, token=selectors.booking_status_token(other)) == other


def test_the_link_dies_when_the_email_changes(booking):
    token = selectors.booking_status_token(booking)
    assert selectors.booking_by_status_token(code=booking.code, token=token) == booking
    type(booking).objects.filter(pk=booking.pk).update(email="new@example.com")
    assert selectors.booking_by_status_token(code=booking.code, token=token) is None


# --- the API -------------------------------------------------------------------------------------------------


def test_the_api_gives_the_code_alone_no_personal_fields(api_for, booking):
    api = api_for(None)
    data = api.get(BY_CODE.format("PRIV2345")).json()
    assert data["code"] == "PRIV2345" and data["status"] == "requested" and data["people"] == 2
    assert not set(PERSONAL) & set(data)
    listed = api.get("/api/v1/tourism/bookings/", {"code": "priv2345"}).json()["results"]
    assert [b["code"] for b in listed] == ["PRIV2345"] and not set(PERSONAL) & set(listed[0])


@pytest.mark.parametrize("contact", ["5678", "somying@EXAMPLE.com"])
def test_the_api_gives_the_whole_booking_with_the_right_contact(api_for, booking, contact):
    api = api_for(None)
    data = api.get(BY_CODE.format("PRIV2345"), HTTP_X_BOOKING_CONTACT=contact).json()
    assert {k: data[k] for k in PERSONAL} == {"name": "สมหญิง ใจดี", "phone": "081-234-5678",
                                              "line_id": "somying.line", "email": "Somying@Example.com",
                                              "notes": "แพ้กุ้ง"}
    listed = api.get("/api/v1/tourism/bookings/", {"code": "PRIV2345"}, HTTP_X_BOOKING_CONTACT=contact).json()
    assert listed["results"][0]["name"] == "สมหญิง ใจดี"


def test_the_api_refuses_a_wrong_contact_in_thai(api_for, booking):
    api = api_for(None)
    for response in [api.get(BY_CODE.format("PRIV2345"), HTTP_X_BOOKING_CONTACT="1234"),
                     api.get("/api/v1/tourism/bookings/", {"code": "PRIV2345"}, HTTP_X_BOOKING_CONTACT="a@b.co")]:
        assert response.status_code == 403
        assert "ข้อมูลติดต่อไม่ตรงกับการจองนี้" in response.json()["detail"]
        assert "สมหญิง" not in response.content.decode()
    assert api.get(BY_CODE.format("NONE2345"), HTTP_X_BOOKING_CONTACT="5678").status_code == 404


def test_staff_see_the_whole_booking_by_code(api_for, booking):
    from tests.factories import core as cf

    assert api_for(cf.staff()).get(BY_CODE.format("PRIV2345")).json()["name"] == "สมหญิง ใจดี"
    assert "name" not in api_for(cf.producer()).get(BY_CODE.format("PRIV2345")).json()


# --- throttles -----------------------------------------------------------------------------------------------


def test_api_lookups_are_throttled_whatever_x_forwarded_for_says(api_for, booking, monkeypatch):
    monkeypatch.setattr(BookingLookupThrottle, "rate", "3/hour", raising=False)
    api = api_for(None)
    codes = [api.get(BY_CODE.format("PRIV2345"), HTTP_X_BOOKING_CONTACT=f"{i:04d}",
                     HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(3)]
    assert codes == [403, 403, 403]
    # the right contact, a list lookup, an unknown code: all refused now, from any claimed address
    assert api.get(BY_CODE.format("PRIV2345"), HTTP_X_BOOKING_CONTACT="5678",
                   HTTP_X_FORWARDED_FOR="198.51.100.9").status_code == 429
    assert api.get("/api/v1/tourism/bookings/", {"code": "PRIV2345"}).status_code == 429
    assert api.get(BY_CODE.format("NONE2345")).status_code == 429
    # another real address is not affected
    assert api.get(BY_CODE.format("PRIV2345"), REMOTE_ADDR="192.0.2.77").status_code == 200


def test_page_lookups_are_throttled_whatever_x_forwarded_for_says(client, booking, monkeypatch):
    monkeypatch.setattr(BookingLookupThrottle, "rate", "3/hour", raising=False)
    url = booking.get_absolute_url()
    codes = [client.post(url, {"contact": f"{i:04d}"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code
             for i in range(3)]
    assert codes == [400, 400, 400]
    response = client.post(url, {"contact": "5678"}, HTTP_X_FORWARDED_FOR="198.51.100.9")
    html = response.content.decode()
    assert response.status_code == 429 and "มากเกินไป" in html and _shows_personal(html) == []
    assert client.get(url).status_code == 429
    assert client.get(reverse("tourism:booking_lookup"), {"code": "PRIV2345"}).status_code == 429
    assert client.post(reverse("tourism:booking_lookup"), {"code": "PRIV2345", "contact": "5678"}).status_code == 429
