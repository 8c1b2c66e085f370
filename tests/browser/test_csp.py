"""The Content-Security-Policy holds in a real browser: a representative set of pages as anonymous,
producer and staff — lists and details of every app, Leaflet maps, the booking form, a video embed loaded on
click, the certificate, the quadrant chart, the admin and the Swagger UI — without a single violation.

The `screen` fixture (conftest) collects `securitypolicyviolation` events and CSP console errors; here each
page is checked as it is visited so a failure names the page. Desktop size only: the policy does not depend
on the viewport, and every other browser test runs both sizes under the same watch.
"""

import pytest
from django.core.management import call_command

from core.actors import SYSTEM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.parametrize("screen", ["desktop"], indirect=True),
]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)
    from wisdom import services as wisdom_services
    from wisdom.models import WisdomRecord

    record = WisdomRecord.objects.filter(status="published", access_level="public").first()
    wisdom_services.video_add(
        actor=SYSTEM, record=record, url="https://www.youtube.com/watch?v=dQw4w9WgXcQ", title="สาธิตการปั้นตุ๊กตา"
    )
    return record


def visit(page, path, ready=None):
    """Open a page, let its scripts run, and return the CSP problems it caused."""
    before = len(page.csp_problems)
    response = page.goto(page.base + path)
    assert response is not None and response.status < 400, f"{path}: {response and response.status}"
    if ready:
        page.locator(ready).first.wait_for()
    page.wait_for_load_state("networkidle")
    return page.csp_problems[before:]


def log_in(page, username):
    page.context.clear_cookies()
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-otop-2569")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/me/")


def check(page, paths):
    found = {}
    for path, ready in paths:
        problems = visit(page, path, ready)
        if problems:
            found[path] = problems
    return found


def test_public_pages_raise_no_csp_violation(screen, demo):
    from django.contrib.auth.models import AnonymousUser

    from network.models import Event, ExpertProfile, KnowledgeItem
    from products.models import Product
    from tourism.models import Program, TourismCommunity

    def first(model):
        return model.objects.visible_to(AnonymousUser()).first().get_absolute_url()

    program = first(Program)
    community = (
        TourismCommunity.objects.visible_to(AnonymousUser()).exclude(lat=None).first().get_absolute_url()
    )
    paths = [
        ("/", "h1"),
        ("/wisdom/", "h1"),
        (demo.get_absolute_url(), "[data-load-video]"),
        ("/products/", "h1"),
        (Product.objects.published().first().get_absolute_url(), "h1"),
        ("/tourism/", "h1"),
        (program, "#book form"),
        ("/tourism/communities/", "h1"),
        (community, "#tourism-map.leaflet-container"),
        ("/tourism/fairs/", "h1"),
        ("/network/", "h1"),
        ("/network/events/", "h1"),
        (first(Event), "h1"),
        ("/network/knowledge/", "h1"),
        (first(KnowledgeItem), "h1"),
        ("/network/experts/", "h1"),
        (first(ExpertProfile), "h1"),
        ("/network/questions/", "h1"),
        ("/groups/", "h1"),
        ("/groups/bang-sadet-court-dolls/", "h1"),
        ("/search/?q=ตุ๊กตา", "h1"),
        ("/tourism/bookings/", "h1"),
        ("/accounts/login/", "h1"),
    ]
    found = check(screen, paths)
    assert found == {}, found

    # The booking form's live price calculator runs (script-src 'self').
    visit(screen, program, "#book form")
    screen.locator("#calculator [name=people]").fill("3")
    assert "3 คน" in screen.locator("[data-calc-result]").inner_text()
    # A Leaflet map drew itself: its panes and controls are styled through the CSSOM, which CSP allows;
    # its tiles (aborted by the test's network rule) were not refused by the policy (img-src).
    visit(screen, community, "#tourism-map.leaflet-container")
    assert screen.locator("#tourism-map .leaflet-tile-pane").count() == 1
    # The video frame appears only on click, from the one embed host (frame-src).
    visit(screen, demo.get_absolute_url(), "[data-load-video]")
    screen.locator("[data-load-video]").first.click()
    frame = screen.locator(".video-frame iframe").first
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    screen.wait_for_timeout(300)
    assert screen.csp_problems == []


def test_producer_pages_and_the_certificate_raise_no_csp_violation(screen, demo):
    from network.models import Registration

    log_in(screen, "producer")
    found = check(
        screen,
        [
            ("/me/", "h1"),
            ("/groups/bang-sadet-court-dolls/edit/", "form"),
            ("/wisdom/mine/", "h1"),
            ("/wisdom/new/", "form"),
            ("/products/mine/", "h1"),
            ("/products/skills/", "h1"),
            ("/network/my/registrations/", "h1"),
            ("/accounts/password/", "form"),
        ],
    )
    assert found == {}, found
    registration = (
        Registration.objects.filter(attended=True, user__username="producer").first()
        or Registration.objects.filter(attended=True).first()
    )
    if registration.user is None or registration.user.username != "producer":
        log_in(screen, "staff")
    assert visit(screen, f"/network/registrations/{registration.pk}/certificate/", "[data-print]") == []
    # The print button works without an inline onclick.
    screen.evaluate("() => { window.print = () => { document.body.dataset.printed = 'yes'; }; }")
    screen.locator("[data-print]").click()
    assert screen.locator("body").get_attribute("data-printed") == "yes"


def test_staff_pages_admin_and_api_docs_raise_no_csp_violation(screen, demo):
    from campaigns.models import Campaign, DevelopmentIssue

    log_in(screen, "staff")
    issue = DevelopmentIssue.objects.first()
    found = check(
        screen,
        [
            ("/me/", "h1"),
            ("/evaluation/", "h1"),
            ("/evaluation/reports/", "h1"),
            ("/products/quadrants/", ".bar-stack"),
            ("/products/pipeline/", "h1"),
            (f"/issues/{issue.pk}/", "h1"),
            ("/issues/", "h1"),
            (Campaign.objects.first().get_absolute_url(), "h1"),
            ("/tourism/manage/bookings/", "h1"),
            ("/admin/", "#nav-sidebar, aside, main"),
            ("/admin/wisdom/wisdomrecord/", "#result_list, table"),
            (f"/admin/wisdom/wisdomrecord/{demo.pk}/change/", "form#wisdomrecord_form"),
            ("/admin/core/producergroup/add/", "form#producergroup_form"),
            ("/api/docs/", ".swagger-ui .opblock"),
        ],
    )
    assert found == {}, found
    # The quadrant bars take their widths from classes (no style attributes): the widest bar is full width.
    visit(screen, "/products/quadrants/", ".bar-stack")
    widths = screen.eval_on_selector_all(
        ".bar-stack .bar",
        "bars => bars.map(b => b.getBoundingClientRect().width"
        " / b.parentElement.getBoundingClientRect().width)",
    )
    assert max(widths) == pytest.approx(1, abs=0.01) and min(widths) < 0.99
    # Under the admin policy Alpine.js runs: with script-src 'self' alone its login modal stays open over the
    # form and this click never lands.
    screen.context.clear_cookies()
    visit(screen, "/admin/login/?next=/admin/", "form#login-form")
    screen.fill("#id_username", "staff")
    screen.fill("#id_password", "demo-otop-2569")
    screen.locator("form#login-form [type=submit]").click(timeout=5_000)
    screen.wait_for_url("**/admin/")
    assert screen.evaluate("() => typeof window.Alpine") == "object"
    assert screen.csp_problems == []
