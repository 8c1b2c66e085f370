"""/api/v1/tourism/...: public reads, booking creation, workflow actions, visits, constant queries."""

import datetime

import pytest
from django.core import mail

from tests.factories import core as cf
from tests.factories.tourism import BookingFactory, CommunityFactory, MonthlyVisitFactory, ProgramFactory
from tourism.choices import BookingStatus, PublishStatus
from tourism.models import Booking, MonthlyVisit
from tourism.throttles import AnonBookingThrottle

pytestmark = pytest.mark.django_db

FUTURE = datetime.date.today() + datetime.timedelta(days=21)
BOOKINGS = "/api/v1/tourism/bookings/"


def booking_payload(program, **kw):
    return {"program": program.slug, "date": FUTURE.isoformat(), "people": 2, "name": "Anna Schmidt",
            "phone": "+66 81 234 5678", "email": "anna@example.com", **kw}


def test_it_reads_published_programs_with_the_page_filters(api_for):
    cheap = ProgramFactory(price_per_person=300)
    ProgramFactory(price_per_person=900, community=CommunityFactory(subdistrict_id="150505"))
    ProgramFactory(status=PublishStatus.DRAFT)
    api = api_for(None)
    data = api.get("/api/v1/tourism/programs/").json()
    assert data["count"] == 2
    data = api.get("/api/v1/tourism/programs/", {"district": "1503", "price_max": 500}).json()
    assert [p["slug"] for p in data["results"]] == [cheap.slug]
    detail = api.get(f"/api/v1/tourism/programs/{cheap.slug}/").json()
    assert detail["items"][0]["activity"]["activity_type"] == "craft_workshop"


def test_it_reads_published_communities(api_for):
    CommunityFactory(name_th="บ้านเพชร", subdistrict_id="150505")
    CommunityFactory(status=PublishStatus.DRAFT)
    data = api_for(None).get("/api/v1/tourism/communities/").json()
    assert [c["name_th"] for c in data["results"]] == ["บ้านเพชร"]
    assert data["results"][0]["district"] == "1505"
    assert data["results"][0]["photos"][0]["thumbnail"].startswith("/files/tourism.communityphoto/")


def test_it_lets_anyone_create_a_booking_and_read_it_by_code(api_for, django_capture_on_commit_callbacks):
    program = ProgramFactory(price_per_person=800)
    api = api_for(None)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(BOOKINGS, booking_payload(program), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "requested" and body["total_price"] == "1600.00" and len(body["code"]) == 8
    assert mail.outbox[0].to == ["anna@example.com"]
    code = body["code"]
    by_code = api.get(f"{BOOKINGS}by-code/{code}/").json()
    assert by_code["code"] == code and "name" not in by_code and "email" not in by_code  # the code alone
    assert api.get(f"{BOOKINGS}by-code/{code}/", HTTP_X_BOOKING_CONTACT="5678").json()["name"] == "Anna Schmidt"
    assert [b["code"] for b in api.get(BOOKINGS, {"code": code.lower()}).json()["results"]] == [code]
    assert api.get(f"{BOOKINGS}by-code/XXXXXXXX/").status_code == 404
    assert api.get(BOOKINGS, {"code": "XXXXXXXX"}).json()["results"] == []
    assert api.get(BOOKINGS).json()["results"] == []  # no code: nothing


def test_it_returns_thai_json_errors_and_saves_nothing(api_for):
    program = ProgramFactory(min_group_size=2, max_group_size=10)
    response = api_for(None).post(BOOKINGS, booking_payload(program, people=40, phone="555", email="",
                                                            date="2020-01-01"), format="json")
    assert response.status_code == 400
    errors = response.json()
    assert errors["people"] == ["จำนวนผู้เดินทางต้องอยู่ระหว่าง 2 ถึง 10 คน"]
    assert errors["date"] == ["วันที่เดินทางต้องเป็นวันในอนาคต (ตั้งแต่พรุ่งนี้เป็นต้นไป)"]
    assert "เบอร์โทรศัพท์ไม่ถูกต้อง" in errors["phone"][0]
    assert not Booking.objects.exists()


def test_it_reports_a_full_date_as_json(api_for):
    program = ProgramFactory(daily_capacity=4, max_group_size=4)
    api = api_for(None)
    assert api.post(BOOKINGS, booking_payload(program, people=3), format="json").status_code == 201
    response = api.post(BOOKINGS, booking_payload(program, people=2), format="json")
    assert response.status_code == 400
    assert response.json()["date"] == ["วันที่เลือกเหลือที่ว่างเพียง 1 คน"]


def test_it_does_not_book_draft_programs_through_the_api(api_for):
    program = ProgramFactory(status=PublishStatus.DRAFT)
    response = api_for(None).post(BOOKINGS, booking_payload(program), format="json")
    assert response.status_code == 400 and response.json()["program"] == ["ไม่พบโปรแกรมนี้"]
    assert not Booking.objects.exists()


def test_it_throttles_anonymous_creation(api_for, monkeypatch):
    monkeypatch.setattr(AnonBookingThrottle, "rate", "2/hour", raising=False)
    program = ProgramFactory(daily_capacity=100)
    api = api_for(None)
    codes = [api.post(BOOKINGS, booking_payload(program), format="json").status_code for _i in range(3)]
    assert codes == [201, 201, 429]
    # Logged-in coordinators entering phone bookings are not throttled.
    staff_api = api_for(cf.staff())
    assert staff_api.post(BOOKINGS, booking_payload(program), format="json").status_code == 201


def test_it_runs_the_status_flow_through_the_api(api_for, django_capture_on_commit_callbacks):
    coordinator = cf.producer()
    booking = BookingFactory(program=ProgramFactory(community=CommunityFactory(coordinators=[coordinator])))
    booking.program.date_capacities.create(date=booking.date, capacity=10, booked=2)
    api = api_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(f"{BOOKINGS}{booking.pk}/confirm/", {"note": "ยินดีต้อนรับ"}, format="json").json()[
            "status"] == "confirmed"
        new_date = (booking.date + datetime.timedelta(days=1)).isoformat()
        assert api.post(f"{BOOKINGS}{booking.pk}/reschedule/", {"new_date": new_date},
                        format="json").json()["date"] == new_date
        response = api.post(f"{BOOKINGS}{booking.pk}/decline/", {}, format="json")
        assert response.status_code == 400 and "reason" in response.json()
        assert api.post(f"{BOOKINGS}{booking.pk}/decline/", {"reason": "ฝนตกหนัก"},
                        format="json").json()["status"] == "declined"
    assert [m.subject.split(" รหัส")[0] for m in mail.outbox] == [
        "ชุมชนยืนยันการจองแล้ว", "มีการเลื่อนวันเดินทาง", "ชุมชนไม่สามารถรับการจองได้"]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED


def test_it_upserts_monthly_visits_through_the_api(api_for):
    coordinator = cf.producer()
    community = CommunityFactory(coordinators=[coordinator])
    api = api_for(coordinator)
    payload = {"community": community.slug, "month": "2026-09-01", "visitors_thai": 80, "visitors_foreign": 3,
               "income": "21000.00"}
    assert api.post("/api/v1/tourism/visits/", payload, format="json").status_code == 201
    assert api.post("/api/v1/tourism/visits/", {**payload, "visitors_thai": 90}, format="json").status_code == 201
    assert MonthlyVisit.objects.get().visitors_thai == 90
    response = api.post("/api/v1/tourism/visits/", {**payload, "income": "-1"}, format="json")
    assert response.status_code == 400 and "income" in response.json()
    other = CommunityFactory()
    response = api_for(cf.producer()).post("/api/v1/tourism/visits/", {**payload, "community": other.slug},
                                           format="json")
    assert response.status_code == 403
    assert not MonthlyVisit.objects.filter(community=other).exists()


@pytest.mark.parametrize("url", ["/api/v1/tourism/programs/", "/api/v1/tourism/communities/", BOOKINGS,
                                 "/api/v1/tourism/visits/"])
def test_it_lists_with_constant_queries(url, api_for, assert_constant_queries):
    staff = cf.staff()

    def grow(n):
        for i in range(n):
            booking = BookingFactory()
            MonthlyVisitFactory(community=booking.program.community, month=datetime.date(2020 + i // 12, i % 12 + 1, 1))

    grow(3)
    api = api_for(staff)
    assert_constant_queries(lambda: api.get(url), lambda: grow(27))


def test_the_program_api_lists_only_the_featured_products_the_caller_may_see(api_for):
    from tests.factories.products import ProductFactory

    program = ProgramFactory()
    activity = program.items.get().activity
    activity.products.add(ProductFactory(slug="court-doll-live", status="published"),
                          ProductFactory(slug="secret-prototype", status="draft"))
    data = api_for(None).get(f"/api/v1/tourism/programs/{program.slug}/").json()
    slugs = [slug for item in data["items"] for slug in item["activity"]["products"]]
    assert slugs == ["court-doll-live"]
