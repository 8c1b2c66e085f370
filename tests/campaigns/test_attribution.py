"""Attribution: /go/<code> marks the visitor with a signed cookie; a booking made later, an order contact
on a product page, or a typed human code credits the tracked link — by the one rule
(campaigns.selectors.attribution_for: the last tracked link within 30 days)."""

import datetime as dt
import time
from unittest import mock

import pytest
from django.core import signing
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from campaigns import attribution, selectors, services
from campaigns.choices import AttributedVia, Channel, ConversionKind
from campaigns.models import Conversion, LinkClickDay, LinkSessionDay
from core.actors import SYSTEM
from tests.factories.campaigns import CampaignFactory, LinkFactory, published_product
from tests.factories.core import ProducerGroupFactory
from tests.factories.tourism import ProgramFactory
from tourism.models import Booking, ProgramDateCapacity

pytestmark = pytest.mark.django_db

FUTURE = dt.date.today() + dt.timedelta(days=20)


@pytest.fixture(autouse=True)
def _fresh_throttles():
    caches["default"].clear()
    caches["throttles"].clear()
    yield
    caches["throttles"].clear()


@pytest.fixture
def program():
    return ProgramFactory(price_per_person=500, daily_capacity=20)


@pytest.fixture
def fair():
    today = timezone.localdate()
    return CampaignFactory(
        name="งาน OTOP อ่างทอง",
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=3),
        budget=12000,
    )


@pytest.fixture
def booth(fair):
    return LinkFactory(
        campaign=fair, channel=Channel.PRINT, code="fair-booth", human_code="AT-FAIR-24", target="/tourism/"
    )


@pytest.fixture
def facebook(fair):
    return LinkFactory(campaign=fair, channel=Channel.FACEBOOK, code="fb-post", target="/tourism/")


def book(client, program, **extra):
    data = {"date": FUTURE.isoformat(), "people": 3, "name": "คุณมานะ", "phone": "081-234-5678", **extra}
    return client.post(program.get_absolute_url(), data)


def cookie_signed_at(value: str, when: float) -> str:
    """A correctly signed attribution cookie whose signature was made at unix time `when`."""
    with mock.patch("django.core.signing.time.time", return_value=when):
        return signing.get_cookie_signer(salt=attribution.COOKIE_NAME + attribution.COOKIE_SALT).sign(value)


# --- /go/ and the cookie ------------------------------------------------------------------------


def test_it_sets_a_signed_30_day_cookie_without_personal_data(client, booth):
    response = client.get(reverse("campaigns:go", args=[booth.code]))
    assert response.status_code == 302 and response.url == "/tourism/"
    morsel = response.cookies[attribution.COOKIE_NAME]
    assert morsel["max-age"] == 30 * 24 * 3600 and morsel["httponly"] and morsel["samesite"] == "Lax"
    value = morsel.value.split(":")[0]
    link_id, campaign_id, channel, ts = value.split(".")
    assert (int(link_id), int(campaign_id), channel) == (booth.pk, booth.campaign_id, "print")
    assert abs(int(ts) - time.time()) < 60
    assert LinkClickDay.objects.get(link=booth).count == 1
    assert LinkSessionDay.objects.get(link=booth).count == 1


def test_a_repeated_scan_of_the_same_link_is_one_visit_and_refreshes_the_cookie(client, booth, facebook):
    for _i in range(3):
        client.get(reverse("campaigns:go", args=[booth.code]))
    client.get(reverse("campaigns:go", args=[facebook.code]))
    client.get(reverse("campaigns:go", args=[booth.code]))
    assert LinkClickDay.objects.get(link=booth).count == 4
    assert LinkSessionDay.objects.get(link=booth).count == 2  # first scan, and again after the Facebook link
    assert LinkSessionDay.objects.get(link=facebook).count == 1


@pytest.mark.parametrize("header", ["HTTP_DNT", "HTTP_SEC_GPC"])
def test_do_not_track_gets_no_cookie_and_no_visit_but_the_click_counts(client, booth, header):
    response = client.get(reverse("campaigns:go", args=[booth.code]), **{header: "1"})
    assert response.status_code == 302
    assert attribution.COOKIE_NAME not in response.cookies
    assert LinkClickDay.objects.get(link=booth).count == 1
    assert not LinkSessionDay.objects.exists()


def test_a_link_of_an_ended_campaign_sets_no_cookie(client):
    ended = CampaignFactory(starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 1, 31))
    link = LinkFactory(campaign=ended, target="/tourism/")
    response = client.get(reverse("campaigns:go", args=[link.code]))
    assert response.status_code == 302 and attribution.COOKIE_NAME not in response.cookies
    assert not LinkSessionDay.objects.exists()


def test_head_requests_set_nothing(client, booth):
    response = client.head(reverse("campaigns:go", args=[booth.code]))
    assert response.status_code == 302 and attribution.COOKIE_NAME not in response.cookies


# --- Bookings -------------------------------------------------------------------------------------


def test_scan_browse_book_credits_the_booking_to_the_link(client, booth, program):
    client.get(reverse("campaigns:go", args=[booth.code]))
    assert client.get("/tourism/").status_code == 200
    assert client.get(program.get_absolute_url()).status_code == 200
    response = book(client, program)
    assert response.status_code == 302
    booking = Booking.objects.get()
    conversion = Conversion.objects.get()
    assert (conversion.link, conversion.booking, conversion.kind, conversion.via) == (
        booth,
        booking,
        ConversionKind.BOOKING,
        AttributedVia.COOKIE,
    )
    assert conversion.touched_at is not None


def test_a_second_link_takes_over(client, booth, facebook, program):
    client.get(reverse("campaigns:go", args=[booth.code]))
    client.get(reverse("campaigns:go", args=[facebook.code]))
    book(client, program)
    assert Conversion.objects.get().link == facebook


def test_a_cookie_older_than_30_days_does_not_attribute(client, booth, program):
    old = time.time() - 31 * 24 * 3600
    value = attribution.encode(
        link_id=booth.pk,
        campaign_id=booth.campaign_id,
        channel=booth.channel,
        at=dt.datetime.fromtimestamp(old, tz=dt.UTC),
    )
    client.cookies[attribution.COOKIE_NAME] = cookie_signed_at(value, old)
    assert book(client, program).status_code == 302
    assert Booking.objects.count() == 1 and not Conversion.objects.exists()


def test_a_fresh_signature_on_an_old_touch_does_not_attribute_either(client, booth, program):
    old = dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=31)
    value = attribution.encode(link_id=booth.pk, campaign_id=booth.campaign_id, channel=booth.channel, at=old)
    client.cookies[attribution.COOKIE_NAME] = cookie_signed_at(value, time.time())
    book(client, program)
    assert Booking.objects.count() == 1 and not Conversion.objects.exists()


def test_a_cookie_29_days_old_still_attributes(client, program):
    campaign = CampaignFactory(
        starts_on=timezone.localdate() - dt.timedelta(days=40),
        ends_on=timezone.localdate() - dt.timedelta(days=20),
    )
    link = LinkFactory(campaign=campaign, target="/tourism/")
    then = time.time() - 29 * 24 * 3600
    value = attribution.encode(
        link_id=link.pk,
        campaign_id=campaign.pk,
        channel=link.channel,
        at=dt.datetime.fromtimestamp(then, tz=dt.UTC),
    )
    client.cookies[attribution.COOKIE_NAME] = cookie_signed_at(value, then)
    book(client, program)
    # The touch was made while the campaign ran: it counts though the campaign has ended since.
    assert Conversion.objects.get().link == link


@pytest.mark.parametrize(
    "forge",
    [
        lambda link: attribution.encode(
            link_id=link.pk, campaign_id=link.campaign_id, channel=link.channel, at=timezone.now()
        ),  # unsigned
        lambda link: signing.get_cookie_signer(salt="other-salt").sign(
            attribution.encode(
                link_id=link.pk, campaign_id=link.campaign_id, channel=link.channel, at=timezone.now()
            )
        ),
        lambda link: cookie_signed_at("1.1.facebook.1", time.time()).replace(
            "1.1.facebook", f"{link.pk}.1.facebook"
        ),
        lambda link: "garbage:::",
    ],
)
def test_a_forged_or_altered_cookie_is_ignored(client, booth, program, forge):
    client.cookies[attribution.COOKIE_NAME] = forge(booth)
    assert book(client, program).status_code == 302
    assert Booking.objects.count() == 1 and not Conversion.objects.exists()


def test_a_signed_cookie_naming_another_campaign_is_ignored(client, booth, facebook, program):
    other = CampaignFactory()
    value = attribution.encode(
        link_id=booth.pk, campaign_id=other.pk, channel=booth.channel, at=timezone.now()
    )
    client.cookies[attribution.COOKIE_NAME] = cookie_signed_at(value, time.time())
    book(client, program)
    assert not Conversion.objects.exists()


def test_a_human_code_on_the_form_attributes_the_booking(client, booth, program):
    response = book(client, program, source_code=" at-fair-24 ")
    assert response.status_code == 302
    conversion = Conversion.objects.get()
    assert (conversion.link, conversion.via, conversion.touched_at) == (booth, AttributedVia.CODE, None)


def test_a_typed_code_wins_over_the_cookie(client, booth, facebook, program):
    client.get(reverse("campaigns:go", args=[facebook.code]))
    book(client, program, source_code="AT-FAIR-24")
    assert Conversion.objects.get().link == booth


def test_the_form_asks_for_the_code_in_thai(client, program):
    assert "ได้รับรหัสจากงานแสดงสินค้า?" in client.get(program.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "code, message",
    [
        ("AT-NOPE-99", "ไม่พบรหัส “AT-NOPE-99”"),
        ("AT-OLD-23", "แคมเปญที่สิ้นสุดแล้ว"),
    ],
)
def test_an_unknown_or_ended_code_is_a_thai_error_and_nothing_is_saved(client, booth, program, code, message):
    ended = CampaignFactory(starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 1, 31))
    LinkFactory(campaign=ended, human_code="AT-OLD-23")
    response = book(client, program, source_code=code)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Booking.objects.exists() and not Conversion.objects.exists()
    assert not ProgramDateCapacity.objects.filter(booked__gt=0).exists()


def test_the_api_takes_a_code_too(client, booth, program):
    url = "/api/v1/tourism/bookings/"
    payload = {
        "program": program.slug,
        "date": FUTURE.isoformat(),
        "people": 2,
        "name": "Mana",
        "email": "mana@example.com",
        "source_code": "AT-FAIR-24",
    }
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    assert "source_code" not in response.json()
    assert Conversion.objects.get().booking.code == response.json()["code"]
    bad = client.post(url, {**payload, "source_code": "NOPE"}, content_type="application/json")
    assert bad.status_code == 400 and "source_code" in bad.json()
    assert Booking.objects.count() == 1


# --- Order contacts on a product page ---------------------------------------------------------------


@pytest.fixture
def product():
    group = ProducerGroupFactory(phone="035-611-234")
    return published_product(
        group, online_shop_url="https://shopee.co.th/courtdolls", line_id="@courtdolls", facebook_url=""
    )


def test_the_product_page_links_its_contacts_through_order(client, product):
    html = client.get(product.get_absolute_url()).content.decode()
    assert reverse("campaigns:order_contact", args=[product.slug, "shop"]) in html
    assert reverse("campaigns:order_contact", args=[product.slug, "line"]) in html
    assert reverse("campaigns:order_contact", args=[product.slug, "phone"]) in html
    assert reverse("campaigns:order_contact", args=[product.slug, "facebook"]) not in html


def test_an_order_contact_after_a_scan_is_credited(client, booth, product):
    client.get(reverse("campaigns:go", args=[booth.code]))
    response = client.get(reverse("campaigns:order_contact", args=[product.slug, "shop"]))
    assert response.status_code == 302 and response.url == "https://shopee.co.th/courtdolls"
    conversion = Conversion.objects.get()
    assert (conversion.kind, conversion.link, conversion.product, conversion.contact) == (
        ConversionKind.CONTACT,
        booth,
        product,
        "shop",
    )
    line = client.get(reverse("campaigns:order_contact", args=[product.slug, "line"]))
    assert line.url == "https://line.me/R/ti/p/@courtdolls"
    phone = client.get(reverse("campaigns:order_contact", args=[product.slug, "phone"]))
    assert phone.url == "tel:035611234"
    assert Conversion.objects.count() == 3


def test_an_order_contact_without_a_scan_is_not_credited(client, product):
    response = client.get(reverse("campaigns:order_contact", args=[product.slug, "shop"]))
    assert response.status_code == 302 and not Conversion.objects.exists()


def test_an_order_contact_the_product_lacks_or_a_hidden_product_is_404(client, product):
    assert client.get(reverse("campaigns:order_contact", args=[product.slug, "facebook"])).status_code == 404
    assert client.get(reverse("campaigns:order_contact", args=[product.slug, "evil"])).status_code == 404
    product.status = "draft"
    product.save(update_fields=["status"])
    assert client.get(reverse("campaigns:order_contact", args=[product.slug, "shop"])).status_code == 404


# --- The rule, directly ----------------------------------------------------------------------------


def test_the_rule_on_hand_made_touches(booth):
    now = timezone.now()
    booth.campaign.starts_on = timezone.localdate() - dt.timedelta(days=40)
    booth.campaign.save(update_fields=["starts_on"])
    touch = attribution.Touch(
        link_id=booth.pk, campaign_id=booth.campaign_id, channel=booth.channel, at=now - dt.timedelta(days=30)
    )
    assert selectors.attribution_for(touch=touch, at=now).link == booth
    assert selectors.attribution_for(touch=touch, at=now + dt.timedelta(seconds=1)) is None
    wrong_channel = attribution.Touch(
        link_id=booth.pk, campaign_id=booth.campaign_id, channel="facebook", at=now
    )
    assert selectors.attribution_for(touch=wrong_channel, at=now) is None
    assert selectors.attribution_for(touch=None, at=now) is None
    before_start = attribution.Touch(
        link_id=booth.pk, campaign_id=booth.campaign_id, channel=booth.channel, at=now - dt.timedelta(days=41)
    )
    assert selectors.attribution_for(touch=before_start, at=now - dt.timedelta(days=40)) is None
    with pytest.raises(ValidationError) as exc:
        selectors.attribution_for(touch=None, code="no-such", at=now)
    assert "source_code" in exc.value.message_dict


def test_human_codes_are_stored_upper_case_and_unique(staff, fair):
    link = services.link_create(
        actor=staff, campaign=fair, channel=Channel.PRINT, target="/tourism/", human_code="at-label-1"
    )
    assert link.human_code == "AT-LABEL-1"
    with pytest.raises(ValidationError):
        services.link_create(
            actor=staff, campaign=fair, channel=Channel.PRINT, target="/tourism/", human_code="AT-LABEL-1"
        )
    with pytest.raises(ValidationError):
        services.link_create(
            actor=SYSTEM, campaign=fair, channel=Channel.PRINT, target="/tourism/", human_code="AT FAIR/24?"
        )


def test_staff_give_a_link_a_human_code_on_the_campaign_page(client_for, staff, fair, booth):
    c = client_for(staff)
    data = {"form": "link", "channel": "print", "target": "/tourism/", "label": "ฉลากกลอง"}
    response = c.post(fair.get_absolute_url(), {**data, "human_code": "at-drum-24"})
    assert response.status_code == 302
    assert fair.links.get(label="ฉลากกลอง").human_code == "AT-DRUM-24"
    taken = c.post(fair.get_absolute_url(), {**data, "label": "ซ้ำ", "human_code": "AT-FAIR-24"})
    assert taken.status_code == 400 and "รหัสสำหรับกรอกนี้ถูกใช้กับลิงก์อื่นแล้ว" in taken.content.decode()
    bad = c.post(fair.get_absolute_url(), {**data, "label": "ผิด", "human_code": "AT/FAIR?"})
    assert bad.status_code == 400 and "ตัวอักษรอังกฤษ ตัวเลข และขีดคั่น" in bad.content.decode()
    assert not fair.links.filter(label__in=["ซ้ำ", "ผิด"]).exists()
    page = c.get(fair.get_absolute_url()).content.decode()
    assert reverse("campaigns:link_card", args=[booth.code]) in page
    assert reverse("campaigns:campaign_funnel", args=[fair.slug]) in page
