import datetime as dt

import pytest

from tests.browser.conftest import assert_fits_width, axe_violations
from tests.browser.journeys import DUPLICATE_IDS, shoot
from tests.factories.tourism import ProgramFactory
from tourism.models import Booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_date(form, name, day: dt.date):
    """The portal's date widget: day / Thai month / BE-year selects (core/widgets.py)."""
    form.locator(f"[name={name}_0]").select_option(str(day.day))
    form.locator(f"[name={name}_1]").select_option(str(day.month))
    form.locator(f"[name={name}_2]").select_option(str(day.year))


@pytest.fixture
def programs(transactional_db):
    half = ProgramFactory(title_th="ครึ่งวันปั้นตุ๊กตาชาววัง", slug="half-day-dolls", duration="half_day",
                          price_per_person=450)
    ProgramFactory(title_th="สองวันโฮมสเตย์บ้านเพชร", slug="two-days-ban-phet", duration="two_days",
                   price_per_person=1800)
    return half


def test_a_tourist_filters_programs_and_sends_a_booking_request(screen, programs):
    screen.goto(screen.base + "/tourism/")
    assert axe_violations(screen) == []
    screen.select_option("#id_duration", "half_day")
    screen.locator("form.filters button[type=submit]").click()
    screen.wait_for_url("**duration=half_day**")
    cards = screen.locator("main").inner_text()
    assert "ครึ่งวันปั้นตุ๊กตาชาววัง" in cards and "สองวันโฮมสเตย์บ้านเพชร" not in cards
    assert_fits_width(screen)

    screen.locator("a", has_text="ครึ่งวันปั้นตุ๊กตาชาววัง").first.click()
    screen.wait_for_url("**/tourism/programs/half-day-dolls/")
    assert_fits_width(screen)
    assert axe_violations(screen) == []
    travel = dt.date.today() + dt.timedelta(days=10)
    travel_day = travel.isoformat()
    booking = screen.locator("#book form")
    # the year is shown in Buddhist Era, the month by its Thai name
    year_labels = booking.locator("[name=date_2] option").all_inner_texts()
    assert str(travel.year + 543) in year_labels and str(travel.year) not in year_labels
    assert "กุมภาพันธ์" in booking.locator("[name=date_1] option").all_inner_texts()
    # thai-date.js: February has no 30th (and no 29th in a common year)
    booking.locator("[name=date_1]").select_option("2")
    booking.locator("[name=date_2]").select_option(str(travel.year))
    assert booking.locator("[name=date_0] option[value='30']").is_disabled()
    choose_date(booking, "date", travel)
    booking.locator("[name=people]").fill("4")
    booking.locator("[name=name]").fill("สมหญิง นักเดินทาง")
    booking.locator("[name=phone]").fill("081-234-5678")
    booking.locator("button[type=submit]").click()
    screen.wait_for_load_state()
    saved = Booking.objects.get()
    assert (saved.people, saved.phone, saved.date.isoformat()) == (4, "0812345678", travel_day)
    assert saved.code in screen.content()


def test_a_too_large_group_gets_a_thai_message_in_the_browser(screen, programs):
    screen.goto(screen.base + "/tourism/programs/half-day-dolls/")
    booking = screen.locator("#book form")
    choose_date(booking, "date", dt.date.today() + dt.timedelta(days=10))
    booking.locator("[name=people]").fill("40")
    booking.locator("[name=name]").fill("คณะทัวร์")
    booking.locator("[name=phone]").fill("0812345678")
    booking.locator("button[type=submit]").click()
    screen.wait_for_load_state()
    assert screen.locator("#book .errorlist").count() >= 1
    assert not Booking.objects.exists()


def test_the_booking_total_follows_any_people_count(screen, programs):
    """฿450 a person: 3 people read ฿1,350, 10 read ฿4,500 — whatever the count, not the first total."""
    screen.goto(screen.base + "/tourism/programs/half-day-dolls/")
    booking = screen.locator("#book form")
    total = booking.locator("[data-booking-total]")
    assert "ราคารวมสำหรับ 2 คน: ฿900 (฿450 ต่อคน)" in total.inner_text()
    booking.locator("[name=people]").fill("3")
    assert total.inner_text() == "ราคารวมสำหรับ 3 คน: ฿1,350 (฿450 ต่อคน)"
    booking.scroll_into_view_if_needed()
    shoot(screen, "forms-booking-total")
    booking.locator("[name=people]").fill("10")
    assert total.inner_text() == "ราคารวมสำหรับ 10 คน: ฿4,500 (฿450 ต่อคน)"
    assert booking.locator("[data-range-warning]").is_hidden()
    # Above the group size: the total still shows, with the limits.
    booking.locator("[name=people]").fill("40")
    assert "฿18,000" in total.inner_text()
    assert booking.locator("[data-range-warning]").is_visible()
    booking.locator("[name=people]").fill("")
    assert total.inner_text() == ""
    # The calculator beside it uses the same sentence pattern and price.
    screen.locator("#calculator [name=people]").fill("7")
    assert screen.locator("#calculator [data-calc-result]").inner_text() == "7 คน รวม ฿3,150"
    # Only one field per id: the calculator's label points at its own input.
    assert screen.locator("#id_people").count() == 1 and screen.locator("#id_calc_people").count() == 1
    assert screen.evaluate(DUPLICATE_IDS) == []
    assert_fits_width(screen)
