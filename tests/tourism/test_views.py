"""Pages: lists (filters, constant queries), program page, booking form, status page, coordinator area."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from products.models import Product
from tests.factories import core as cf
from tests.factories.tourism import (
    ActivityFactory,
    BookingFactory,
    CommunityFactory,
    FairFactory,
    MonthlyVisitFactory,
    ProgramFactory,
)
from tourism.choices import ActivityType, BookingStatus, ProgramDuration, PublishStatus
from tourism.models import Booking, MonthlyVisit, ProgramItem
from tourism.throttles import AnonBookingThrottle

pytestmark = pytest.mark.django_db

FUTURE = datetime.date.today() + datetime.timedelta(days=20)


def titles(response):
    return sorted(p.title_th for p in response.context["object_list"])


# --- Programs list ---------------------------------------------------------------------


def test_it_lists_published_programs_with_price_and_duration(client):
    ProgramFactory(title_th="ปั้นตุ๊กตาชาววัง", price_per_person=450, duration=ProgramDuration.HALF_DAY)
    ProgramFactory(title_th="ร่าง", status=PublishStatus.DRAFT)
    ProgramFactory(title_th="ชุมชนยังไม่เผยแพร่", community=CommunityFactory(status=PublishStatus.DRAFT))
    response = client.get(reverse("tourism:program_list"))
    assert response.status_code == 200
    assert titles(response) == ["ปั้นตุ๊กตาชาววัง"]
    html = response.content.decode()
    assert "฿450.00" in html and "ครึ่งวัน" in html
    assert 'name="viewport"' in html


def test_it_filters_programs_by_district_type_duration_and_price(client):
    pamok = ProgramFactory(title_th="ป่าโมก", price_per_person=300, duration=ProgramDuration.HALF_DAY)
    sawaeng = ProgramFactory(title_th="แสวงหา", price_per_person=1200, duration=ProgramDuration.TWO_DAYS,
                             community=CommunityFactory(subdistrict_id="150505"), items=False)
    homestay = ActivityFactory(community=sawaeng.community, activity_type=ActivityType.HOMESTAY)
    ProgramItem.objects.create(program=sawaeng, activity=homestay, order=1, start_time=datetime.time(14, 0))
    url = reverse("tourism:program_list")
    assert titles(client.get(url, {"district": "1503"})) == [pamok.title_th]
    assert titles(client.get(url, {"district": "1505"})) == [sawaeng.title_th]
    assert titles(client.get(url, {"activity_type": "homestay"})) == [sawaeng.title_th]
    assert titles(client.get(url, {"activity_type": "craft_workshop"})) == [pamok.title_th]
    assert titles(client.get(url, {"duration": "two_days"})) == [sawaeng.title_th]
    assert titles(client.get(url, {"price_min": 500})) == [sawaeng.title_th]
    assert titles(client.get(url, {"price_max": 500})) == [pamok.title_th]
    assert titles(client.get(url, {"price_min": 200, "price_max": 2000})) == sorted([pamok.title_th, sawaeng.title_th])


def test_it_filters_programs_by_available_date(client):
    day = FUTURE
    every_day = ProgramFactory(title_th="ทุกวัน")
    ProgramFactory(title_th="วันอื่น", available_weekdays=[(day.weekday() + 1) % 7])
    ProgramFactory(title_th="นอกฤดู", season_start=day + datetime.timedelta(days=1))
    full = ProgramFactory(title_th="เต็ม", daily_capacity=2, max_group_size=2)
    full.date_capacities.create(date=day, capacity=2, booked=2)
    response = client.get(reverse("tourism:program_list"), {"date": day.isoformat()})
    assert titles(response) == [every_day.title_th]
    past = client.get(reverse("tourism:program_list"), {"date": "2020-01-01"})
    assert titles(past) == []


def test_it_lists_programs_with_constant_queries(client, assert_constant_queries):
    def grow(n):
        return lambda: [ProgramFactory() for _i in range(n)]

    grow(3)()
    assert_constant_queries(lambda: client.get(reverse("tourism:program_list")), grow(27))


def test_it_lists_communities_and_fairs_with_constant_queries(client, assert_constant_queries):
    group = cf.ProducerGroupFactory()

    def grow_communities(n):
        for _i in range(n):
            ProgramFactory()

    def grow_fairs(n):
        for _i in range(n):
            fair = FairFactory()
            fair.participating_groups.add(group)
            fair.communities.add(CommunityFactory())

    grow_communities(3)
    assert_constant_queries(lambda: client.get(reverse("tourism:community_list")), lambda: grow_communities(27))
    grow_fairs(3)
    assert_constant_queries(lambda: client.get(reverse("tourism:fair_list")), lambda: grow_fairs(27))


# --- Program page ---------------------------------------------------------------------------


def test_it_shows_the_program_page_with_itinerary_map_products_and_share(client):
    program = ProgramFactory(title_th="หนึ่งวันกับตุ๊กตาชาววัง", summary="ปั้นตุ๊กตาชาววังกับช่างในชุมชน")
    activity = program.items.get().activity
    group = cf.ProducerGroupFactory()
    product = Product.objects.create(group=group, name_th="ตุ๊กตาชาววังชุดรำไทย", slug="doll-test",
                                     product_type="household", status="published", price=350)
    hidden = Product.objects.create(group=group, name_th="ต้นแบบยังไม่เผยแพร่", slug="doll-draft",
                                    product_type="household", status="draft")
    activity.products.add(product, hidden)
    html = client.get(program.get_absolute_url()).content.decode()
    assert 'property="og:title" content="หนึ่งวันกับตุ๊กตาชาววัง"' in html
    assert "social-plugins.line.me" in html
    assert "09:00–10:30" in html and activity.title_th in html
    assert product.get_absolute_url() in html and "ต้นแบบยังไม่เผยแพร่" not in html
    # Map from the vendored Leaflet (no CDN) and a text fallback with the coordinates.
    assert "/static/vendor/leaflet/leaflet.js" in html and "unpkg" not in html and "cdn" not in html.lower()
    assert "14.690000, 100.440000" in html and "ต.บางเสด็จ" in html


def test_it_computes_the_group_price_on_the_server(client):
    program = ProgramFactory(price_per_person=650, min_group_size=2, max_group_size=10)
    html = client.get(program.get_absolute_url(), {"people": 4}).content.decode()
    assert "4 คน รวม ฿2,600" in html and "฿2,600.00" not in html
    assert "<p class=\"message warning\" data-range-warning hidden>" in html  # within 2–10: the warning is hidden
    html = client.get(program.get_absolute_url(), {"people": 12}).content.decode()
    assert "<p class=\"message warning\" data-range-warning>โปรแกรมนี้รับกลุ่มละ 2–10 คน</p>" in html


def test_it_hides_draft_programs_from_the_public(client):
    program = ProgramFactory(status=PublishStatus.DRAFT)
    assert client.get(program.get_absolute_url()).status_code == 404


def test_it_books_through_the_form_and_shows_the_status_page(client, django_capture_on_commit_callbacks):
    program = ProgramFactory(price_per_person=500)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(program.get_absolute_url(), {
            "date": FUTURE.isoformat(), "people": 3, "name": "คุณมานะ", "phone": "02-123-4567",
            "email": "mana@example.com", "notes": "มีผู้สูงอายุ 1 ท่าน"})
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == f"/tourism/bookings/{booking.code}/"
    page = client.get(response.url)
    html = page.content.decode()
    assert booking.code in html and "รอชุมชนยืนยัน" in html and "฿1,500.00" in html
    assert len(mail.outbox) == 1


def test_it_shows_thai_errors_and_saves_nothing_on_bad_input(client):
    program = ProgramFactory(min_group_size=2, max_group_size=10)
    response = client.post(program.get_absolute_url(), {
        "date": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(), "people": 30, "name": "ก",
        "phone": "12345"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "วันที่เดินทางต้องเป็นวันในอนาคต" in html
    assert "จำนวนผู้เดินทางต้องอยู่ระหว่าง 2 ถึง 10 คน" in html
    assert "เบอร์โทรศัพท์ไม่ถูกต้อง" in html
    assert not Booking.objects.exists()


def test_it_needs_a_contact_on_the_form(client):
    program = ProgramFactory()
    response = client.post(program.get_absolute_url(), {"date": FUTURE.isoformat(), "people": 2, "name": "ก"})
    assert response.status_code == 400
    assert "กรุณาระบุช่องทางติดต่ออย่างน้อยหนึ่งช่องทาง" in response.content.decode()
    assert not Booking.objects.exists()


def test_it_throttles_anonymous_booking_requests(client, monkeypatch):
    monkeypatch.setattr(AnonBookingThrottle, "rate", "2/hour", raising=False)
    program = ProgramFactory(daily_capacity=100, max_group_size=10)
    data = {"date": FUTURE.isoformat(), "people": 2, "name": "ก", "line_id": "abc"}
    assert [client.post(program.get_absolute_url(), data).status_code for _i in range(3)] == [302, 302, 429]
    assert Booking.objects.count() == 2


def test_it_finds_a_booking_only_by_its_code(client):
    booking = BookingFactory(code="ABCD2345", name="ผู้จองทดสอบ")
    page = client.get("/tourism/bookings/ABCD2345/")
    assert page.status_code == 200 and "ผู้จองทดสอบ" not in page.content.decode()  # the code alone: no name
    assert client.get("/tourism/bookings/abcd2345/").status_code == 200
    assert client.get("/tourism/bookings/ABCD2346/").status_code == 404
    assert client.get(reverse("tourism:booking_lookup"), {"code": "abcd2345"}).url == booking.get_absolute_url()
    assert "ไม่พบการจองรหัสนี้" in client.get(reverse("tourism:booking_lookup"), {"code": "ZZZZ9999"}).content.decode()


# --- Community page ---------------------------------------------------------------------------


def test_it_shows_the_readiness_checklist_only_to_coordinators(client_for):
    coordinator = cf.producer()
    community = CommunityFactory(coordinators=[coordinator], prices_agreed=False)
    public = client_for(None).get(community.get_absolute_url()).content.decode()
    assert "ยังไม่ได้ตกลงราคากับสมาชิกชุมชน" not in public
    own = client_for(coordinator).get(community.get_absolute_url()).content.decode()
    assert "ยังไม่ได้ตกลงราคากับสมาชิกชุมชน" in own
    assert 'property="og:title"' in public


# --- Coordinator area -----------------------------------------------------------------------------


def test_it_lets_a_coordinator_confirm_from_the_page(client_for, django_capture_on_commit_callbacks):
    coordinator = cf.producer()
    booking = BookingFactory(program=ProgramFactory(community=CommunityFactory(coordinators=[coordinator])))
    c = client_for(coordinator)
    url = reverse("tourism:manage_booking_detail", args=[booking.pk])
    assert c.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(url, {"action": "confirm", "note": "รอที่วัด"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert mail.outbox[0].to == ["tourist@example.com"]


def test_it_shows_decline_errors_on_the_page(client_for):
    staff = cf.staff()
    booking = BookingFactory()
    response = client_for(staff).post(reverse("tourism:manage_booking_detail", args=[booking.pk]),
                                      {"action": "decline", "reason": ""})
    assert response.status_code == 400
    assert "กรุณาระบุเหตุผลที่ปฏิเสธ เพื่อแจ้งนักท่องเที่ยว" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_it_lists_my_bookings_with_constant_queries(client_for, assert_constant_queries):
    coordinator = cf.producer()
    community = CommunityFactory(coordinators=[coordinator])
    program = ProgramFactory(community=community)

    def grow(n):
        for _i in range(n):
            BookingFactory(program=program)

    grow(3)
    c = client_for(coordinator)
    assert_constant_queries(lambda: c.get(reverse("tourism:manage_bookings")), lambda: grow(27))
    response = c.get(reverse("tourism:manage_bookings"))
    assert response.context["page_obj"].paginator.count == 30


def test_it_records_monthly_visits_through_the_form(client_for):
    coordinator = cf.producer()
    community = CommunityFactory(coordinators=[coordinator])
    other = CommunityFactory()
    c = client_for(coordinator)
    data = {"community": community.pk, "month": "2026-10", "visitors_thai": 150, "visitors_foreign": 12,
            "income": "48250.00"}
    assert c.post(reverse("tourism:manage_visits"), data).status_code == 302
    visit = MonthlyVisit.objects.get()
    assert (visit.month, visit.visitors_total, visit.recorded_by) == (datetime.date(2026, 10, 1), 162, coordinator)
    response = c.post(reverse("tourism:manage_visits"), {**data, "community": other.pk})
    assert response.status_code == 400  # not a community of mine: not even a choice
    assert not MonthlyVisit.objects.filter(community=other).exists()
    response = c.post(reverse("tourism:manage_visits"), {**data, "income": "-1"})
    assert response.status_code == 400 and MonthlyVisit.objects.get().income == 48250


def test_it_lists_visits_with_constant_queries(client_for, assert_constant_queries):
    staff = cf.staff()

    def grow(n):
        for i in range(n):
            MonthlyVisitFactory(month=datetime.date(2020 + i // 12, i % 12 + 1, 1))

    grow(3)
    c = client_for(staff)
    assert_constant_queries(lambda: c.get(reverse("tourism:manage_visits")), lambda: grow(27))


def test_it_publishes_from_the_coordinator_page_only_when_ready(client_for):
    coordinator = cf.producer()
    community = CommunityFactory(coordinators=[coordinator], safety_briefing=False)
    program = ProgramFactory(community=community, status=PublishStatus.DRAFT)
    c = client_for(coordinator)
    response = c.post(reverse("tourism:manage_programs"), {"program": program.pk, "action": "publish"})
    assert response.status_code == 400
    assert "ยังไม่มีการชี้แจงความปลอดภัย" in response.content.decode()
    program.refresh_from_db()
    assert program.status == PublishStatus.DRAFT
    community.safety_briefing = True
    community.save()
    assert c.post(reverse("tourism:manage_programs"), {"program": program.pk, "action": "publish"}).status_code == 302
    program.refresh_from_db()
    assert program.status == PublishStatus.PUBLISHED
    assert client_for(cf.producer()).post(reverse("tourism:manage_programs"),
                                          {"program": program.pk, "action": "unpublish"}).status_code == 403
    program.refresh_from_db()
    assert program.status == PublishStatus.PUBLISHED


def test_it_puts_tourism_in_the_menu(client):
    html = client.get(reverse("tourism:program_list")).content.decode()
    assert re.search(r'href="/tourism/"', html)


def test_it_shows_the_total_for_the_group_in_the_booking_form(client):
    program = ProgramFactory(price_per_person=650, min_group_size=2, max_group_size=10)
    html = client.get(program.get_absolute_url()).content.decode()
    assert "ราคารวมสำหรับ 2 คน: ฿1,300 (฿650 ต่อคน)" in html
    # The page's script reads the price and the sentence (with {n} and {total} to fill in) from the form.
    assert 'data-price-per-person="650.00"' in html
    assert 'data-template="ราคารวมสำหรับ {n} คน: {total} (฿650 ต่อคน)"' in html
    from django.utils import timezone

    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert f'min="{tomorrow}"' in html
    response = client.post(program.get_absolute_url(), {"date": FUTURE.isoformat(), "people": 5, "name": "ก"})
    assert "ราคารวมสำหรับ 5 คน: ฿3,250 (฿650 ต่อคน)" in response.content.decode()
