"""Every HTML page of the URL map, as every role, on a 360×800 phone, with the demo data (issue #15).

The pages are not listed by hand: they come from walking Django's URL resolver, so a new page is
visited without anyone remembering to add it. A pattern with arguments takes an example object of the
demo data from `examples()` (keyed by URL name; the demo producer's own object where there is one) — a new
pattern with arguments and no example fails the test, which says so; a pattern that is not an HTML page is
left out only through `EXCLUDED` (with why), `EXCLUDED_PREFIXES`, or because its view answers no GET (a
POST-only action).

Each page × role fails on: a 5xx, a response that is not HTML, the document wider than the window
(`scrollWidth > innerWidth`), any console error or uncaught exception, any axe-core violation of serious
or critical impact, and any id used twice. A 403/404 or a redirect to the login page for a role is fine
and recorded; the portal's 403 and 404 pages and the login page a redirect lands on are checked once per
role (they are the same page each time). A screenshot of every page × role goes to
tests/artifacts/mobile/<role>/, and what each role got (status, where it landed, time spent) to
tests/artifacts/mobile/summary.txt.

The anonymous pages are also visited in English (the language switch's cookie), where translated content,
longer English labels and the "Menu" button (it must not wrap) have their own ways to break a phone
layout; shots go to tests/artifacts/mobile/anonymous-en/ and the summary to summary-en.txt.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.browser.conftest import ARTIFACTS, AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORT = {"width": 360, "height": 800}
ROLES = {
    "anonymous": None,
    "producer": "producer",
    "partner": "partner",
    "expert": "expert",
    "staff": "staff",
}
SHOTS = ARTIFACTS / "mobile"

# Whole branches of the URL map that are not portal pages.
EXCLUDED_PREFIXES = {
    "admin/": "the back-office (Django admin with Unfold): its own layout, not the public portal",
    "api/": "the JSON API and its schema/docs (covered by tests/api)",
    "octo/": "the OCTO supplier API for resellers: JSON with a reseller's key (tests/tourism/octo)",
}
# Single patterns that answer something other than an HTML page.
EXCLUDED = {
    "set_language": "POST only: switches the language, then redirects",
    "javascript-catalog": "JavaScript (the gettext catalogue), not a page",
    "logout": "POST only: logs out, then redirects",
    "core:file": "permission-checked file downloads (images, PDFs), not HTML",
    "campaigns:posts_csv_template": "a CSV file",
    "campaigns:link_qr": "a QR-code image (PNG/SVG)",
    "campaigns:go": "a tracked link: counts a click and redirects elsewhere",
    "evaluation:report_status": "JSON polled by the report page while a report is generated",
    "sitemap": "XML for search engines",
    "campaigns:campaign_funnel_xlsx": "the funnel as an xlsx file",
    "core:line_code": "POST only: makes a LINE link code, then redirects to the settings page",
    "core:line_unlink": "POST only: unlinks LINE, then redirects",
    "core:line_webhook": "POST only: LINE's webhook, signature-checked JSON",
    "campaigns:order_contact": "a product's order contact: counts it and redirects to the shop, LINE or phone",
    "wisdom:lineage_xlsx": "the province lineage table as an xlsx file",
    "benefits:agreement_ledger_pdf": "an agreement's ledger as a PDF",
    "benefits:statement_pdf": "a beneficiary's statement as a PDF",
}


@dataclass
class Page:
    name: str
    route: str
    url: str = ""


@dataclass
class Findings:
    problems: dict[str, list[str]] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)

    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, key: str, problem: str) -> None:
        self.problems.setdefault(key, []).append(problem)

    def clock(self, what: str, started: float) -> None:
        self.seconds[what] = self.seconds.get(what, 0.0) + time.monotonic() - started


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else (p.name or "")
            yield name, prefix + str(p.pattern), p.callback


def _answers_get(callback) -> bool:
    view_class = getattr(callback, "view_class", None)
    if view_class is None:
        return True  # a function view: its name must be in EXCLUDED if it is not a page
    return hasattr(view_class, "get")


def html_pages() -> tuple[list[Page], list[str]]:
    """(pages to visit, problems with the URL map: unnamed or argument patterns without an example)."""
    pages, problems = [], []
    for name, route, callback in _walk(get_resolver().url_patterns):
        if route.startswith(tuple(EXCLUDED_PREFIXES)) or name in EXCLUDED or not _answers_get(callback):
            continue
        if not name:
            problems.append(f"/{route}: a pattern without a name cannot be visited here")
            continue
        pages.append(Page(name=name, route=route))
    return pages, problems


def _own_or_first(model, producer, **filters):
    """The demo producer's own object when there is one (so the producer sees its edit pages), else any."""
    mine = model.objects.editable_by(producer).filter(**filters).order_by("pk").first()
    return mine or model.objects.filter(**filters).order_by("pk").first()


def examples() -> dict[str, dict]:
    """Arguments for every pattern that takes some, from the demo data."""
    from benefits.models import Agreement, Beneficiary
    from campaigns.models import Campaign, DevelopmentIssue, Support, TrackedLink
    from core.actors import SYSTEM
    from core.models import ProducerGroup, User
    from evaluation import services as evaluation_services
    from evaluation.models import DistrictTarget, IncomeRecord, Report
    from network.models import Event, ExpertProfile, KnowledgeItem, Mentorship, Question, Registration
    from products.models import DevelopmentProject, Product, StageRecord
    from tourism.models import Activity, Booking, Program, Reseller, TourismCommunity
    from wisdom.models import KnowledgeHolder, WisdomRecord

    producer = User.objects.get(username="producer")
    partner = User.objects.get(username="partner")
    group = ProducerGroup.objects.get(slug="bang-sadet-court-dolls")
    product = _own_or_first(Product, producer, status="published")
    project = _own_or_first(DevelopmentProject, producer)
    record = _own_or_first(WisdomRecord, producer, status="published")
    event = Event.objects.filter(status="published").order_by("pk").first()
    question = Question.objects.order_by("pk").first()
    community = _own_or_first(TourismCommunity, producer)
    program = Program.objects.filter(community=community).order_by("pk").first()
    booking = Booking.objects.filter(program__community=community).order_by("pk").first()
    issue = (
        DevelopmentIssue.objects.editable_by(partner).order_by("pk").first()
        or DevelopmentIssue.objects.order_by("pk").first()
    )
    report = Report.objects.order_by("pk").first()
    if report is None:  # the demo has no report yet: a pending one, as staff would request it
        fy = evaluation_services.report_request
        report = fy(
            actor=SYSTEM, fiscal_year=2569, as_of=__import__("datetime").date(2026, 9, 1), queue=False
        )
    registration = Registration.objects.filter(attended=True).order_by("pk").first()
    agreement = Agreement.objects.order_by("pk").first()
    beneficiary = Beneficiary.objects.filter(agreement=agreement).order_by("pk").first()
    return {
        "benefits:agreement_detail": {"pk": agreement.pk},
        "benefits:agreement_edit": {"pk": agreement.pk},
        "benefits:agreement_ledger": {"pk": agreement.pk},
        "benefits:statement": {"pk": beneficiary.pk},
        "benefits:payment_create": {"pk": beneficiary.pk},
        "core:group_detail": {"slug": group.slug},
        "core:group_edit": {"slug": group.slug},
        "wisdom:detail": {"slug": record.slug},
        "wisdom:edit": {"slug": record.slug},
        "wisdom:lineage": {"slug": record.slug},
        "products:project_detail": {"pk": project.pk},
        "products:project_edit": {"pk": project.pk},
        "products:stage_update": {
            "pk": StageRecord.objects.filter(project=project).order_by("pk").first().pk
        },
        "products:skills": {"slug": group.slug},
        "products:detail": {"slug": product.slug},
        "products:edit": {"slug": product.slug},
        "products:photos": {"slug": product.slug},
        "products:standards": {"slug": product.slug},
        "products:assess": {"slug": product.slug},
        "network:expert_detail": {"slug": ExpertProfile.objects.order_by("pk").first().slug},
        "network:knowledge_detail": {"slug": KnowledgeItem.objects.filter(status="published").first().slug},
        "network:event_detail": {"slug": event.slug},
        "network:event_register": {"slug": event.slug},
        "network:event_attendance": {"slug": event.slug},
        "network:certificate": {"pk": (registration or Registration.objects.order_by("pk").first()).pk},
        "network:mentorship_detail": {"pk": Mentorship.objects.order_by("pk").first().pk},
        "network:question_detail": {"pk": question.pk},
        "tourism:program_detail": {"slug": program.slug},
        "tourism:community_detail": {"slug": community.slug},
        "tourism:booking_status": {"code": booking.code},
        "tourism:manage_booking_detail": {"pk": booking.pk},
        "tourism:manage_program_edit": {"program": program.slug},
        "tourism:manage_community": {"slug": community.slug},
        "tourism:manage_program_create": {"slug": community.slug},
        "tourism:manage_activity_create": {"slug": community.slug},
        "tourism:manage_activity_edit": {"pk": Activity.objects.filter(community=community).first().pk},
        "evaluation:unit_detail": {"unit_type": "producer_group", "pk": group.pk},
        "evaluation:report_detail": {"pk": report.pk},
        "evaluation:district_detail": {"code": group.subdistrict.district_id},
        "evaluation:target_history": {"level": "district", "pk": DistrictTarget.objects.order_by("pk").first().pk},
        "campaigns:issue_detail": {"pk": issue.pk},
        "campaigns:issue_edit": {"pk": issue.pk},
        "campaigns:campaign_detail": {"slug": Campaign.objects.order_by("pk").first().slug},
        "campaigns:campaign_edit": {"slug": Campaign.objects.order_by("pk").first().slug},
        "campaigns:campaign_funnel": {"slug": Campaign.objects.order_by("pk").first().slug},
        "campaigns:link_card": {"code": TrackedLink.objects.order_by("pk").first().code},
        "campaigns:support_edit": {
            "pk": (Support.objects.editable_by(partner).order_by("pk").first() or Support.objects.first()).pk
        },
        "wisdom:holder_consent": {
            "pk": KnowledgeHolder.objects.filter(record=record).order_by("pk").first().pk
        },
        "tourism:manage_reseller": {"pk": Reseller.objects.order_by("pk").first().pk},
        "evaluation:income_products": {
            "pk": IncomeRecord.objects.filter(producer_group=group, source="product_sales")
            .order_by("-month")
            .first()
            .pk
        },
    }


# Run in the page after it loaded: what the phone shows that it should not.
PAGE_CHECKS = """() => {
  const ids = {};
  for (const el of document.querySelectorAll('[id]')) ids[el.id] = (ids[el.id] || 0) + 1;
  const toggle = document.querySelector('[data-nav-toggle]');
  let menuLines = 0;
  if (toggle && toggle.offsetParent !== null) {
    const range = document.createRange();
    range.selectNodeContents(toggle);
    menuLines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
  }
  return {overflow: document.documentElement.scrollWidth - window.innerWidth,
          duplicateIds: Object.keys(ids).filter((id) => ids[id] > 1), menuLines};
}"""
AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}"""
LOGIN_PATH = "/accounts/login/"


def _session_cookie(username, base_url):
    from core.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base_url}


def _shot_name(page: Page) -> str:
    return re.sub(r"[^a-z0-9]+", "-", page.name.lower()).strip("-") or "home"


def _aborted_outside(message: str, base_url: str) -> bool:
    """The context aborts every request beyond the live server (map tiles: the test has no network)."""
    return "net::ERR_FAILED" in message and f"({base_url}" not in message


def visit_as(browser, live_server, role, username, pages, findings, language="th"):
    context = browser.new_context(viewport=VIEWPORT, locale="th-TH" if language == "th" else "en-GB",
                                  device_scale_factor=1)
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(live_server.url) else route.abort(),
    )
    if username:
        context.add_cookies([_session_cookie(username, live_server.url)])
    if language != settings.LANGUAGE_CODE:
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    shots = SHOTS / (role if language == settings.LANGUAGE_CODE else f"{role}-{language}")
    context.add_init_script(path=str(AXE))
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    console: list[str] = []
    tab.on(
        "console",
        lambda msg: (
            console.append(f"console {msg.type}: {msg.text} ({msg.location.get('url')})")
            if msg.type == "error"
            else None
        ),
    )
    tab.on("pageerror", lambda exc: console.append(f"uncaught: {exc}"))
    shots.mkdir(parents=True, exist_ok=True)
    seen_stand_ins: set[str] = set()
    for page in pages:
        key = f"{page.url} as {role}" + ("" if language == settings.LANGUAGE_CODE else f" in {language}")
        console.clear()
        started = time.monotonic()
        response = tab.goto(live_server.url + page.url, wait_until="load")
        status = response.status if response else 0
        landed = tab.url[len(live_server.url) :]
        note = str(status) if landed == page.url else f"{status} at {landed}"
        findings.summary.append(f"{role:9} {language} {page.url:60} {note}")
        findings.clock("load", started)
        if status >= 500 or status == 0:
            findings.add(key, f"HTTP {status}")
            continue
        content_type = response.headers.get("content-type", "")
        if not content_type.startswith("text/html"):
            findings.add(key, f"not HTML ({content_type}): add {page.name!r} to EXCLUDED with the reason")
            continue
        # The portal's 403 and 404 pages, and the login page a redirect lands on, are one page each:
        # checked (and photographed) the first time a role meets them.
        stand_in = (
            f"{status}"
            if status in (403, 404)
            else "login"
            if landed.split("?")[0] == LOGIN_PATH and page.url != LOGIN_PATH
            else ""
        )
        if stand_in and stand_in in seen_stand_ins:
            continue
        seen_stand_ins.add(stand_in)
        started = time.monotonic()
        shot = "forbidden" if status == 403 else "not-found" if status == 404 else _shot_name(page)
        tab.screenshot(path=str(shots / f"{shot}.jpg"), type="jpeg", quality=55, full_page=True)
        findings.clock("screenshot", started)
        checks = tab.evaluate(PAGE_CHECKS)
        if checks["overflow"] > 0:
            findings.add(key, f"{checks['overflow']}px wider than the 360px screen")
        if checks["menuLines"] > 1:
            findings.add(key, f"the menu button wraps onto {checks['menuLines']} lines")
        if checks["duplicateIds"]:
            findings.add(key, f"duplicate ids: {checks['duplicateIds']}")
        # The browser logs the document's own 403/404 as a failed resource: that status is recorded above.
        own = f"status of {status}"
        errors = [
            c
            for c in console
            if not (status in (403, 404) and own in c and page.url in c)
            and not _aborted_outside(c, live_server.url)
        ]
        for error in errors:
            findings.add(key, error)
        started = time.monotonic()
        for violation in tab.evaluate(AXE_RUN):
            findings.add(key, f"axe {violation}")
        findings.clock("axe", started)
    context.close()


@pytest.fixture
def demo_data(transactional_db):
    call_command("load_demo", verbosity=0)


def _pages_with_urls() -> list[Page]:
    pages, map_problems = html_pages()
    args = examples()
    for page in pages:
        needs_args = "<" in page.route
        if needs_args and page.name not in args:
            map_problems.append(f"{page.name} (/{page.route}): no example object in EXAMPLES")
            continue
        page.url = reverse(page.name, kwargs=args[page.name] if needs_args else None)
    assert map_problems == [], "\n".join(map_problems)
    assert len(pages) > 60  # the walk found the portal, not an empty resolver
    return pages


def _report(findings: Findings, summary_name: str) -> str:
    SHOTS.mkdir(parents=True, exist_ok=True)
    report = "\n".join(f"{key}:\n  " + "\n  ".join(problems) for key, problems in findings.problems.items())
    timing = ", ".join(f"{what} {seconds:.0f}s" for what, seconds in findings.seconds.items())
    (SHOTS / summary_name).write_text(
        "\n".join([*findings.summary, "", timing, "", report]) + "\n", encoding="utf-8"
    )
    return report


def test_every_page_as_every_role_fits_a_phone_and_passes_axe(browser, live_server, demo_data):
    pages = _pages_with_urls()
    findings = Findings()
    for role, username in ROLES.items():
        visit_as(browser, live_server, role, username, pages, findings)
    report = _report(findings, "summary.txt")
    assert findings.problems == {}, f"{len(findings.problems)} page × role combinations failed:\n{report}"


def test_every_page_in_english_fits_a_phone_and_passes_axe_for_an_anonymous_visitor(browser, live_server, demo_data):
    """English mode for the visitors who read it (tourists): the same checks on every page, anonymous."""
    pages = _pages_with_urls()
    findings = Findings()
    visit_as(browser, live_server, "anonymous", None, pages, findings, language="en")
    report = _report(findings, "summary-en.txt")
    assert findings.problems == {}, f"{len(findings.problems)} English pages failed:\n{report}"


def test_the_exclusions_name_real_patterns():
    """An exclusion left behind after its pattern was removed would hide nothing; say so instead."""
    names = {name for name, _route, _cb in _walk(get_resolver().url_patterns)}
    assert set(EXCLUDED) <= names
    assert Path(AXE).exists()
