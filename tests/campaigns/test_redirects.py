"""/go/<code> is never an open redirect: only portal paths or allow-listed hosts."""

import pytest
from django.core.exceptions import ValidationError

from campaigns import services
from campaigns.models import LinkClickDay, TrackedLink
from campaigns.redirects import is_allowed_target
from tests.factories.campaigns import CampaignFactory, LinkFactory

ALLOWED = ["shopee.co.th", "lazada.co.th", "facebook.com", "line.me"]

OPEN_REDIRECTS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.com",
    "//evil.com/path",
    "///evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "/\\/evil.com",
    "http://evil.com",
    "https://evil.com/shopee.co.th",
    "https://shopee.co.th.evil.com/",
    "https://evilshopee.co.th/",
    "https://shopee.co.th@evil.com/",
    "http://evil.com@shopee.co.th/",
    "https://user:pass@shopee.co.th/",
    "https://evil.com\\@shopee.co.th/",
    "https://shopee.co.th\\@evil.com/",
    "https://evil.com#@shopee.co.th",
    "https://evil.com?@shopee.co.th",
    "https://shopee.co.th:8443/",
    "ftp://shopee.co.th/",
    "https:shopee.co.th",
    "https:/shopee.co.th",
    "https://shopee.co.th%2F@evil.com",
    "https://shopee.co.th\t.evil.com",
    "/products/\nLocation: http://evil.com",
    "https://xn--shope-lva.co.th/",
    "evil.com",
    "",
    # an allowed host's own redirector must not carry the visitor elsewhere
    "https://l.facebook.com/l.php?u=https://evil.example",
    "https://l.facebook.com/l.php?u=https%3A%2F%2Fevil.example%2F&h=AT0",
    "https://lm.facebook.com/l.php?u=https%253A%252F%252Fevil.example",
    "https://line.me/R/msg/text/?next=//evil.example",
    "/search/?next=https://evil.example",
]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_it_refuses_targets_that_leave_the_portal(target):
    assert not is_allowed_target(target, ALLOWED)


@pytest.mark.parametrize("target", [
    "/products/court-doll/",
    "/tourism/programs/one-day/?utm_source=facebook",
    "https://shopee.co.th/angthong-dolls",
    "https://www.shopee.co.th/shop/123",
    "https://SHOP.Lazada.co.th/x",
    "http://line.me/R/ti/p/@angthong",
    "https://www.facebook.com/angthong.cdd",
    "https://shopee.co.th:443/x",
])
def test_it_accepts_portal_paths_and_allowed_hosts(target):
    assert is_allowed_target(target, ALLOWED)


@pytest.mark.django_db
def test_it_has_a_default_allow_list_that_staff_manage():
    import importlib

    from django.apps import apps

    from campaigns.models import AllowedRedirectHost

    AllowedRedirectHost.objects.all().delete()
    importlib.import_module("campaigns.migrations.0004_default_allowed_hosts").add_hosts(apps, None)
    hosts = set(AllowedRedirectHost.objects.values_list("host", flat=True))
    assert {"shopee.co.th", "lazada.co.th", "facebook.com", "line.me"} <= hosts


@pytest.mark.parametrize("target", ["javascript:alert(1)", "//evil.com", "http://evil.com@shopee.co.th/",
                                    "https://shopee.co.th.evil.com/", "/\\evil.com"])
def test_it_refuses_to_create_a_link_to_a_bad_target(staff, target):
    campaign = CampaignFactory()
    with pytest.raises(ValidationError) as exc:
        services.link_create(actor=staff, campaign=campaign, channel="facebook", target=target)
    assert "target" in exc.value.message_dict
    assert not TrackedLink.objects.exists()


def test_it_refuses_a_bad_target_on_the_api_with_a_thai_message(staff, api_for):
    campaign = CampaignFactory()
    response = api_for(staff).post("/api/v1/links/", {"campaign": campaign.pk, "channel": "line",
                                                      "target": "//evil.com"}, format="json")
    assert response.status_code == 400
    assert "ปลายทาง" in response.json()["target"][0]


def test_it_redirects_to_a_portal_path_and_counts_the_click(client, db):
    link = LinkFactory(code="dolls", target="/products/court-doll/")
    response = client.get("/go/dolls")
    assert response.status_code == 302
    assert response["Location"] == "/products/court-doll/"
    assert LinkClickDay.objects.get(link=link).count == 1


def test_it_redirects_to_an_allowed_shop(client, db):
    LinkFactory(code="shop", target="https://shopee.co.th/angthong-dolls")
    response = client.get("/go/shop")
    assert response.status_code == 302
    assert response["Location"] == "https://shopee.co.th/angthong-dolls"


def test_it_sends_a_stored_target_no_longer_allowed_home_without_counting(client, db):
    from campaigns.models import AllowedRedirectHost

    link = LinkFactory(code="old", target="https://shopee.co.th/x")
    AllowedRedirectHost.objects.filter(host="shopee.co.th").delete()
    response = client.get("/go/old")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not LinkClickDay.objects.filter(link=link).exists()


def test_it_never_redirects_to_a_target_written_around_the_service(client, db):
    LinkFactory(code="evil", target="//evil.com")
    response = client.get("/go/evil")
    assert response["Location"] == "/"


def test_it_answers_404_for_an_unknown_code(client, db):
    assert client.get("/go/nope").status_code == 404


@pytest.mark.parametrize("target", ["https://shopee.co.th/shop?ref=https://lazada.co.th/x",
                                    "https://www.facebook.com/share?u=/products/"])
def test_it_accepts_a_carried_url_that_is_itself_allowed(target):
    assert is_allowed_target(target, ALLOWED)


def test_a_head_request_follows_the_link_without_counting_a_click(client, db):
    link = LinkFactory(target="/products/")
    response = client.head(f"/go/{link.code}")
    assert response.status_code == 302 and response["Location"] == "/products/"
    assert not LinkClickDay.objects.filter(link=link).exists()
    client.get(f"/go/{link.code}")
    assert LinkClickDay.objects.get(link=link).count == 1
