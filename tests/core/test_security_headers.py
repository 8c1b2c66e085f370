"""Security headers (core/security.py): the enforced Content-Security-Policy on every portal response, the
looser back-office policy only on the admin and /api/docs/, Permissions-Policy, Referrer-Policy and
Cross-Origin-Opener-Policy everywhere; and a scan of every template and script that fails on anything the
policy would refuse (a style attribute, an inline handler or script, a javascript: link)."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from core.security import ADMIN_CSP, API_DOCS_CSP, PORTAL_CSP, policy_for_path
from tests.factories import core as f

ROOT = Path(__file__).resolve().parents[2]


def directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


PORTAL = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "https://tile.openstreetmap.org"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["https://www.youtube-nocookie.com", "https://www.facebook.com"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


def assert_portal_policy(response):
    assert "Content-Security-Policy-Report-Only" not in response.headers  # enforced, not only reported
    got = directives(response)
    assert got == PORTAL
    assert not any("unsafe" in source for sources in got.values() for source in sources)


def assert_common_headers(response):
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (20, 10), "orange").save(buf, format="PNG")
    return buf.getvalue()


pages = pytest.mark.django_db


@pages
def test_it_enforces_the_portal_policy_on_a_public_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert_portal_policy(response)
    assert_common_headers(response)


@pages
def test_it_keeps_the_portal_policy_on_error_pages_and_redirects(client):
    for response in (client.get("/no-such-page/"), client.get("/me/")):
        assert response.status_code in (302, 404)
        assert_portal_policy(response)
        assert_common_headers(response)


@pages
def test_it_sends_the_headers_with_api_responses(client):
    response = client.get("/api/v1/areas/districts/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert_portal_policy(response)
    assert_common_headers(response)
    schema = client.get("/api/schema/")  # under /api/ but not the docs page: the portal policy
    assert_portal_policy(schema)


@pages
def test_it_sends_the_headers_with_a_file_download(client):
    group = f.ProducerGroupFactory()
    group.logo.save("logo.png", ContentFile(_png()), save=True)
    response = client.get(f"/files/core.producergroup/{group.pk}/logo/")
    assert response.status_code == 200
    assert_portal_policy(response)
    assert_common_headers(response)


def assert_confined_to_the_portal(got):
    for name in ("default-src", "connect-src", "form-action", "base-uri", "font-src"):
        assert got[name] == ["'self'"], name
    assert got["img-src"] == ["'self'", "data:"]
    assert (
        got["frame-src"] == ["'none'"]
        and got["frame-ancestors"] == ["'none'"]
        and got["object-src"] == ["'none'"]
    )


@pages
@pytest.mark.parametrize(
    ("path", "as_staff"),
    [
        ("/admin/", True),
        ("/admin/wisdom/wisdomrecord/", True),
        ("/admin/wisdom/wisdomrecord/add/", True),
        ("/admin/login/", False),
    ],
)
def test_it_gives_the_admin_its_own_policy(client_for, staff, path, as_staff):
    response = client_for(staff if as_staff else None).get(path)
    assert response.status_code == 200, path
    got = directives(response)
    assert got["script-src"] == ["'self'", "'unsafe-eval'"]  # Alpine.js; no inline scripts
    assert got["style-src"] == ["'self'", "'unsafe-inline'"]
    assert_confined_to_the_portal(got)
    assert_common_headers(response)


@pages
def test_it_gives_the_api_docs_their_own_policy(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    got = directives(response)
    assert got["script-src"] == ["'self'"]
    assert got["style-src"] == ["'self'", "'unsafe-inline'"]
    assert_confined_to_the_portal(got)
    assert_common_headers(response)


@pytest.mark.parametrize(
    ("path", "policy"),
    [
        ("/admin/", ADMIN_CSP),
        ("/admin/core/user/1/change/", ADMIN_CSP),
        ("/api/docs/", API_DOCS_CSP),
        ("/api/docs/?script=", API_DOCS_CSP),
        ("/", PORTAL_CSP),
        ("/administration/", PORTAL_CSP),
        ("/api/v1/groups/", PORTAL_CSP),
        ("/api/schema/", PORTAL_CSP),
        ("/wisdom/admin/", PORTAL_CSP),
    ],
)
def test_it_chooses_the_looser_policies_by_path_prefix_only(path, policy):
    assert policy_for_path(path) is policy


@pages
def test_the_swagger_ui_script_is_served_from_a_url_not_inline(client):
    page = client.get("/api/docs/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    script_url = re.findall(r'<script src="([^"]*\?script=[^"]*)"', page)[0].replace("&amp;", "&")
    script = client.get(script_url)
    assert script.status_code == 200 and b"SwaggerUIBundle" in script.content


def test_the_back_office_policies_differ_from_the_portal_policy_only_where_documented():
    def loosened(policy):
        return {k for k in PORTAL_CSP if PORTAL_CSP[k] != policy[k]}

    assert loosened(ADMIN_CSP) == {"script-src", "style-src", "img-src", "frame-src"}
    assert loosened(API_DOCS_CSP) == {"style-src", "img-src", "frame-src"}


# --- The templates and scripts the portal pages are made of -------------------------------------------

SKIP_DIRS = {".venv", ".git", ".local", "staticfiles", "media", "node_modules", "artifacts", "vendor"}
# Rendered to PDF by WeasyPrint (evaluation/reports.py), never sent to a browser.
NOT_BROWSER_PAGES = {"evaluation/templates/evaluation/report_pdf.html",
                     "benefits/templates/benefits/_pdf_style.html"}  # benefits/pdf.py: statements, ledgers

# An attribute starts after white space or after a template tag ({% if x %}style="…"{% endif %}).
TAG_WITH_STYLE = re.compile(r"<[a-zA-Z][^<>]*?(\s|%}|}})style\s*=", re.I)
TAG_WITH_HANDLER = re.compile(r"<[a-zA-Z][^<>]*?(\s|%}|}})on[a-z]+\s*=", re.I)
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc\s*=)(?![^>]*\btype\s*=\s*[\"']application/(ld\+)?json)[^>]*>", re.I
)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JS_URL = re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
TEMPLATE_RULES = {
    "a style attribute": TAG_WITH_STYLE,
    "an inline event handler": TAG_WITH_HANDLER,
    "an inline <script>": INLINE_SCRIPT,
    "a <style> element": STYLE_ELEMENT,
    "a javascript: URL": JS_URL,
}
SCRIPT_RULES = {
    "a style attribute set by script": re.compile(
        r"""setAttribute\(\s*["']style|style\s*=\s*\\?["']""", re.I
    ),
    "an inline handler set by script": re.compile(r"""setAttribute\(\s*["']on[a-z]+""", re.I),
    "eval": re.compile(r"\beval\(|new Function\(|set(Timeout|Interval)\(\s*[\"'`]"),
}


def project_files(suffix: str):
    for path in ROOT.rglob(f"*{suffix}"):
        rel = path.relative_to(ROOT)
        if not SKIP_DIRS.intersection(rel.parts) and rel.as_posix() not in NOT_BROWSER_PAGES:
            yield rel, path.read_text(encoding="utf-8")


def problems_in(text: str, rules: dict) -> list[str]:
    return [f"{name}: {m.group(0)[:80]!r}" for name, rule in rules.items() for m in rule.finditer(text)]


@pytest.mark.parametrize(
    "snippet",
    [
        '<div class="x" style="width: 3%">',
        "<ul\n   style='list-style:none'>",
        '<button onclick="go()">',
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        '<script type="module">x()</script>',
        "<style>p{}</style>",
        '<a href="javascript:void(0)">',
        '<p {% if x %}style="a"{% endif %}>',
    ],
)
def test_the_template_scan_catches(snippet):
    assert problems_in(snippet, TEMPLATE_RULES)


@pytest.mark.parametrize(
    "snippet",
    [
        '<div class="bar w-40" data-style="x">',
        '<script src="/static/js/portal.js" defer></script>',
        '<script id="map-data" type="application/json">[]</script>',
        "<p>one=two, style is good</p>",
        '<button type="button" data-print>',
    ],
)
def test_the_template_scan_lets_through(snippet):
    assert problems_in(snippet, TEMPLATE_RULES) == []


def test_no_template_has_what_the_csp_refuses():
    templates = list(project_files(".html"))
    assert len(templates) > 50  # the scan really reads the project's templates
    found = {str(rel): p for rel, text in templates if (p := problems_in(text, TEMPLATE_RULES))}
    assert found == {}, found


def test_no_portal_script_sets_inline_styles_handlers_or_evaluates_strings():
    scripts = list(project_files(".js"))
    assert {"static/js/portal.js", "static/js/maps.js"} <= {rel.as_posix() for rel, _ in scripts}
    found = {str(rel): p for rel, text in scripts if (p := problems_in(text, SCRIPT_RULES))}
    assert found == {}, found
