"""Tourism forms and filters with the portal's date widget (day / Thai month / BE year)."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import core as cf
from tests.factories.tourism import CommunityFactory, ProgramFactory
from tourism.models import Booking, MonthlyVisit

pytestmark = pytest.mark.django_db

FUTURE = datetime.date.today() + datetime.timedelta(days=20)


def parts(name, day):
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def test_the_booking_form_shows_be_years_and_books_from_the_selects(client):
    program = ProgramFactory(price_per_person=500)
    html = client.get(program.get_absolute_url()).content.decode()
    assert f'<option value="{FUTURE.year}">{FUTURE.year + 543}</option>' in html
    assert 'type="date"' not in html
    response = client.post(
        program.get_absolute_url(),
        {**parts("date", FUTURE), "people": 3, "name": "คุณมานะ", "phone": "02-123-4567"},
    )
    assert response.status_code == 302
    assert Booking.objects.get().date == FUTURE


def test_an_impossible_travel_date_is_a_thai_error_and_books_nothing(client):
    program = ProgramFactory()
    year = FUTURE.year + 1
    response = client.post(
        program.get_absolute_url(),
        {"date_0": "31", "date_1": "2", "date_2": str(year), "people": 3, "name": "ก", "phone": "0812345678"},
    )
    assert response.status_code == 400
    assert "ไม่มีวันนี้ในเดือนที่เลือก" in response.content.decode()
    response = client.post(
        program.get_absolute_url(),
        {"date_0": "", "date_1": "2", "date_2": str(year), "people": 3, "name": "ก", "phone": "0812345678"},
    )
    assert response.status_code == 400 and "โปรดเลือกวันที่ให้ครบ" in response.content.decode()
    assert not Booking.objects.exists()


def test_the_date_filter_works_from_the_selects_as_from_an_iso_value(client):
    ProgramFactory(title_th="ทุกวัน")
    ProgramFactory(title_th="วันอื่น", available_weekdays=[(FUTURE.weekday() + 1) % 7])
    url = reverse("tourism:program_list")
    by_iso = client.get(url, {"date": FUTURE.isoformat()}).context["object_list"]
    by_selects = client.get(url, parts("date", FUTURE)).context["object_list"]
    assert [p.title_th for p in by_selects] == [p.title_th for p in by_iso] == ["ทุกวัน"]


def test_monthly_visits_are_recorded_with_the_month_widget(client_for):
    coordinator = cf.producer()
    community = CommunityFactory(coordinators=[coordinator])
    c = client_for(coordinator)
    page = c.get(reverse("tourism:manage_visits")).content.decode()
    assert 'type="month"' not in page and "ตุลาคม" in page
    data = {
        "community": community.pk,
        "month_0": "10",
        "month_1": "2026",
        "visitors_thai": 150,
        "visitors_foreign": 12,
        "income": "48250.00",
    }
    assert c.post(reverse("tourism:manage_visits"), data).status_code == 302
    assert MonthlyVisit.objects.get().month == datetime.date(2026, 10, 1)
    response = c.post(reverse("tourism:manage_visits"), {**data, "month_1": ""})
    assert response.status_code == 400 and "โปรดเลือกให้ครบทั้งเดือนและปี" in response.content.decode()
    assert MonthlyVisit.objects.count() == 1
