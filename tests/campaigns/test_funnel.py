"""The campaign funnel page and export: figures match hand-counted rows, constant queries, staff only;
producers credit sales to a campaign code."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from campaigns import selectors, services
from campaigns.choices import AttributedVia, Channel
from campaigns.models import AttributedSale, Conversion
from core.actors import SYSTEM
from tests.factories.campaigns import CampaignFactory, LinkFactory, published_product
from tests.factories.tourism import BookingFactory, ProgramFactory
from tourism.choices import BookingStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def credit(link, booking):
    found = selectors.Attribution(link=link, via=AttributedVia.COOKIE, touched_at=timezone.now())
    return services.booking_attribute(actor=SYSTEM, booking=booking, attribution=found)


def contact(link, product):
    found = selectors.Attribution(link=link, via=AttributedVia.COOKIE, touched_at=timezone.now())
    return services.contact_record(actor=SYSTEM, product=product, contact="shop", attribution=found)


@pytest.fixture
def setup(group):
    """Hand-counted rows:
    booth (print, AT-FAIR-24): clicks 10+5=15, visits 8+4=12, bookings 3 people/1500 + 5 people/2500
        (+ one DECLINED of 4 people, not counted), 1 order contact, sales 1200 + 800.
    label (print): clicks 6, visits 2, no booking, 1 sale of 300.
    fb (facebook): clicks 40, visits 20, booking 2 people/1000, 2 order contacts.
    Budget 9000 → cost per booking 9000 / 3 = 3000; booking rate 3/34."""
    campaign = CampaignFactory(
        budget=9000, starts_on=TODAY - dt.timedelta(days=10), ends_on=TODAY + dt.timedelta(days=10)
    )
    booth = LinkFactory(campaign=campaign, channel=Channel.PRINT, code="booth", human_code="AT-FAIR-24")
    label = LinkFactory(campaign=campaign, channel=Channel.PRINT, code="label", human_code="AT-LABEL-24")
    fb = LinkFactory(campaign=campaign, channel=Channel.FACEBOOK, code="fb")
    d1, d2 = TODAY - dt.timedelta(days=8), TODAY - dt.timedelta(days=1)
    services.click_days_set(actor=SYSTEM, link=booth, counts={d1: 10, d2: 5})
    services.click_days_set(actor=SYSTEM, link=label, counts={d1: 6})
    services.click_days_set(actor=SYSTEM, link=fb, counts={d2: 40})
    for link, day, n in [(booth, d1, 8), (booth, d2, 4), (label, d1, 2), (fb, d2, 20)]:
        for _i in range(n):
            services.session_record(actor=SYSTEM, link=link, day=day)
    program = ProgramFactory(price_per_person=500)
    for link, people in [(booth, 3), (booth, 5), (fb, 2)]:
        credit(link, BookingFactory(program=program, people=people, total_price=people * 500))
    credit(booth, BookingFactory(program=program, people=4, total_price=2000, status=BookingStatus.DECLINED))
    product = published_product(group)
    contact(booth, product)
    contact(fb, product)
    contact(fb, product)
    for code, amount in [("AT-FAIR-24", "1200"), ("at-fair-24", "800"), ("AT-LABEL-24", "300")]:
        services.sale_record(
            actor=SYSTEM, code=code, group=group, product=product, sold_on=TODAY, amount=Decimal(amount)
        )
    return campaign, booth, label, fb


def test_the_figures_match_hand_counted_rows(setup):
    campaign, booth, label, fb = setup
    funnel = selectors.campaign_funnel(campaign=campaign)
    rows = {row["link"].code: row for row in funnel["by_link"]}
    assert {
        k: rows["booth"][k]
        for k in (
            "clicks",
            "sessions",
            "bookings",
            "people",
            "booking_value",
            "contacts",
            "sales",
            "sales_value",
        )
    } == {
        "clicks": 15,
        "sessions": 12,
        "bookings": 2,
        "people": 8,
        "booking_value": Decimal("4000"),
        "contacts": 1,
        "sales": 2,
        "sales_value": Decimal("2000"),
    }
    assert (rows["label"]["bookings"], rows["label"]["sales_value"], rows["label"]["booking_rate"]) == (
        0,
        Decimal("300"),
        0,
    )
    assert (rows["fb"]["clicks"], rows["fb"]["sessions"], rows["fb"]["bookings"], rows["fb"]["contacts"]) == (
        40,
        20,
        1,
        2,
    )
    assert rows["booth"]["booking_pct"] == round(2 / 12 * 100, 1)
    channels = {row["label"]: row for row in funnel["by_channel"]}
    printed = channels[str(Channel.PRINT.label)]
    assert (printed["clicks"], printed["sessions"], printed["bookings"], printed["sales_value"]) == (
        21,
        14,
        2,
        Decimal("2300"),
    )
    total = funnel["total"]
    assert (total["clicks"], total["sessions"], total["bookings"], total["people"]) == (61, 34, 3, 10)
    assert total["booking_value"] == Decimal("5000") and total["sales"] == 3
    assert total["cost_per_booking"] == Decimal("3000.00")
    assert total["booking_pct"] == round(3 / 34 * 100, 1)
    weeks = {w["week"]: w for w in funnel["weeks"]}
    assert sum(w["clicks"] for w in weeks.values()) == 61 and sum(w["bookings"] for w in weeks.values()) == 3


def test_no_budget_no_cost_per_booking(setup):
    campaign = setup[0]
    campaign.budget = 0
    campaign.save(update_fields=["budget"])
    assert selectors.campaign_funnel(campaign=campaign)["total"]["cost_per_booking"] is None


def test_the_page_shows_the_funnel_and_states_the_rule(client_for, staff, setup):
    campaign = setup[0]
    response = client_for(staff).get(reverse("campaigns:campaign_funnel", args=[campaign.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ภายใน 30 วัน" in html and "AT-FAIR-24" in html and "฿3,000.00" in html and "<svg" in html


def test_the_xlsx_export_has_the_same_figures(client_for, staff, setup):
    campaign = setup[0]
    response = client_for(staff).get(reverse("campaigns:campaign_funnel_xlsx", args=[campaign.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    rows = {row[0]: row for row in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["/go/booth"][1] == "AT-FAIR-24"
    assert rows["/go/booth"][3:8] == (15, 12, 2, 8, 4000.0)
    assert rows["รวม"][3:6] == (61, 34, 3)


@pytest.mark.parametrize("name", ["campaign_funnel", "campaign_funnel_xlsx"])
def test_funnel_and_export_are_for_staff_only(
    client, client_for, setup, owner, partner_user, expert_user, name
):
    url = reverse(f"campaigns:{name}", args=[setup[0].slug])
    assert client.get(url).status_code == 302  # to the login page
    for user in (owner, partner_user, expert_user):
        assert client_for(user).get(url).status_code == 403


def test_cards_are_for_staff_and_show_the_code(client, client_for, staff, owner, setup):
    booth = setup[1]
    url = reverse("campaigns:link_card", args=[booth.code])
    assert client.get(url).status_code == 302
    assert client_for(owner).get(url).status_code == 403
    html = client_for(staff).get(url).content.decode()
    assert "AT-FAIR-24" in html and "ได้รับรหัสจากงานแสดงสินค้า?" in html and "/go/booth" in html
    assert "product-label" in client_for(staff).get(url + "?kind=label").content.decode()


def test_the_funnel_page_runs_constant_queries(client_for, staff, assert_constant_queries):
    campaign = CampaignFactory()
    program = ProgramFactory()
    c = client_for(staff)
    url = reverse("campaigns:campaign_funnel", args=[campaign.slug])

    def grow(n):
        for _i in range(n):
            link = LinkFactory(campaign=campaign, channel=Channel.LINE)
            services.click_days_set(actor=SYSTEM, link=link, counts={TODAY: 3})
            services.session_record(actor=SYSTEM, link=link)
            credit(link, BookingFactory(program=program))

    grow(3)
    assert_constant_queries(lambda: c.get(url), lambda: grow(27))


# --- Sales credited by producers -----------------------------------------------------------------


@pytest.fixture
def fair_link():
    campaign = CampaignFactory(starts_on=TODAY - dt.timedelta(days=2), ends_on=TODAY + dt.timedelta(days=2))
    return LinkFactory(campaign=campaign, channel=Channel.PRINT, human_code="AT-FAIR-24")


def test_a_producer_credits_a_sale_of_their_group(client_for, owner, group, fair_link):
    product = published_product(group)
    response = client_for(owner).post(
        reverse("campaigns:sale_list"),
        {
            "code": "at-fair-24",
            "group": group.pk,
            "product": product.pk,
            "sold_on": TODAY.isoformat(),
            "amount": "450.00",
        },
    )
    assert response.status_code == 302
    sale = AttributedSale.objects.get()
    assert (sale.link, sale.group, sale.amount, sale.recorded_by) == (
        fair_link,
        group,
        Decimal("450.00"),
        owner,
    )
    assert "AT-FAIR-24" in client_for(owner).get(reverse("campaigns:sale_list")).content.decode()


def test_a_bad_code_on_a_sale_is_a_thai_error_and_nothing_is_saved(client_for, owner, group, fair_link):
    response = client_for(owner).post(
        reverse("campaigns:sale_list"),
        {"code": "NOPE-1", "group": group.pk, "sold_on": TODAY.isoformat(), "amount": "450"},
    )
    assert response.status_code == 400 and "ไม่พบรหัส" in response.content.decode()
    assert not AttributedSale.objects.exists()


def test_a_producer_cannot_credit_another_groups_sale(owner, other_group, fair_link):
    with pytest.raises(PermissionDenied):
        services.sale_record(
            actor=owner, code="AT-FAIR-24", group=other_group, sold_on=TODAY, amount=Decimal(1)
        )
    assert not AttributedSale.objects.exists()


def test_sale_rules(owner, group, other_group, fair_link):
    with pytest.raises(ValidationError) as exc:
        services.sale_record(
            actor=owner,
            code="AT-FAIR-24",
            group=group,
            sold_on=TODAY + dt.timedelta(days=1),
            amount=Decimal(0),
            product=published_product(other_group),
        )
    assert set(exc.value.message_dict) == {"sold_on", "amount", "product"}
    with pytest.raises(ValidationError) as exc:
        services.sale_record(
            actor=owner,
            code="AT-FAIR-24",
            group=group,
            sold_on=TODAY - dt.timedelta(days=30),
            amount=Decimal(5),
        )
    assert "code" in exc.value.message_dict  # the campaign did not run on the sale's day


def test_sales_are_seen_by_their_group_and_staff_only(
    client_for, owner, outsider, staff, partner_user, group, fair_link
):
    services.sale_record(actor=owner, code="AT-FAIR-24", group=group, sold_on=TODAY, amount=Decimal(99))
    assert list(AttributedSale.objects.visible_to(outsider)) == []
    assert AttributedSale.objects.visible_to(staff).count() == 1
    assert AttributedSale.objects.visible_to(owner).count() == 1
    assert client_for(partner_user).get(reverse("campaigns:sale_list")).status_code == 403
    assert (
        "<strong>AT-FAIR-24</strong>"
        not in client_for(outsider).get(reverse("campaigns:sale_list")).content.decode()
    )
    assert (
        "<strong>AT-FAIR-24</strong>"
        in client_for(owner).get(reverse("campaigns:sale_list")).content.decode()
    )


def test_conversions_keep_one_link_per_booking(setup):
    booth = setup[1]
    booking = Conversion.objects.filter(link=booth).first().booking
    with pytest.raises(ValidationError):
        credit(setup[3], booking)


def test_producers_find_the_sales_page_from_their_issues(client_for, owner):
    assert (
        reverse("campaigns:sale_list")
        in client_for(owner).get(reverse("campaigns:issue_list")).content.decode()
    )
