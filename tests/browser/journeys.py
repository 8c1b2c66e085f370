"""Helpers shared by the forms journeys' browser tests (booking total, map picker, wisdom steps)."""

from tests.browser.conftest import ARTIFACTS
from tests.factories import core as f

# Ids used more than once on the page (a label would point at the wrong field).
DUPLICATE_IDS = """() => {
  const seen = {};
  document.querySelectorAll("[id]").forEach((el) => { seen[el.id] = (seen[el.id] || 0) + 1; });
  return Object.keys(seen).filter((id) => seen[id] > 1);
}"""


def log_in(page, username, next_url):
    page.goto(page.base + "/accounts/login/?next=" + next_url)
    page.fill("#id_username", username)
    page.fill("#id_password", f.PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**" + next_url)


def shoot(page, name):
    """A screenshot of the journey at phone size, kept as an artefact in tests/artifacts/."""
    if page.size_name == "phone":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
