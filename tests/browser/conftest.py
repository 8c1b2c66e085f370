"""Real-browser tests: Playwright driving the system's Chromium (installed from Debian's
packages by scripts/system_deps.py; no browser downloads) against a live server.

Every page is tried at desktop size and at 360 px wide. Requests to anything but the
live server are aborted (the machine has no network, and pages must read well
without map tiles). Screenshots of failures go to tests/artifacts/.

Every page of every browser test is also watched for Content-Security-Policy violations
(`securitypolicyviolation` events in every frame, and Chromium's "Refused to …" console errors): a test
whose pages broke the policy errors at teardown with the list (`csp_problems`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    reason = f"no Chromium at {CHROMIUM} (make test installs Debian's chromium)"
    if os.environ.get("OTOP_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(reason + " and OTOP_REQUIRE_BROWSER=1")
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture(params=list(SIZES))
def screen(request, browser, live_server):
    """A page at one of the sizes; only the live server is reachable."""
    context = browser.new_context(viewport=SIZES[request.param], locale="th-TH")
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url)
                  else route.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base = live_server.url
    page.size_name = request.param
    page.csp_problems = watch_csp(context, page)
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert page.csp_problems == [], "Content-Security-Policy violations:\n" + "\n".join(page.csp_problems)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


# Runs before any script of every document and frame; reports each violation to the test process.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.otopCspViolation(`${location.pathname}: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
                          + ` (${e.sourceFile}:${e.lineNumber} ${e.sample})`);
});
"""


def watch_csp(context, page):
    """Collect every CSP violation and CSP console error of the context's pages into a list."""
    problems: list[str] = []
    context.expose_function("otopCspViolation", lambda text: problems.append(text))
    context.add_init_script(CSP_LISTENER)
    page.on("console", lambda msg: problems.append(f"console: {msg.text}")
            if msg.type == "error" and "Content Security Policy" in msg.text else None)
    return problems


def axe_violations(page, impacts=("critical", "serious")):
    # Evaluated through the DevTools protocol, not added as an inline <script> the page's CSP would refuse.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"] if v["impact"] in impacts]


def assert_fits_width(page):
    """No horizontal scrolling: the page fits the viewport (360 px on phones)."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the {page.size_name} viewport"
