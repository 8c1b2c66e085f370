"""axe-core on the public pages, with the demo data loaded: no critical or serious violations,
and every page fits a 360 px screen."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import assert_fits_width, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/", "/wisdom/", "/products/", "/tourism/", "/tourism/fairs/", "/network/", "/groups/",
         "/search/?q=ตุ๊กตา", "/accounts/login/"]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def test_public_pages_pass_axe_and_fit_the_screen(screen, demo):
    found = {}
    for path in PAGES:
        screen.goto(screen.base + path)
        assert screen.locator("h1").count() >= 1, path
        assert_fits_width(screen)
        problems = axe_violations(screen)
        if problems:
            found[path] = problems
    assert found == {}, "\n".join(f"{path}: {p}" for path, probs in found.items() for p in probs)


def test_public_detail_pages_pass_axe(screen, demo):
    from network.models import Event
    from products.models import Product
    from tourism.models import Program
    from wisdom.models import WisdomRecord

    urls = [Product.objects.published().first().get_absolute_url(),
            Program.objects.filter(status="published").first().get_absolute_url(),
            WisdomRecord.objects.filter(status="published", access_level="public").first().get_absolute_url(),
            Event.objects.filter(status="published").first().get_absolute_url()]
    found = {}
    for url in urls:
        screen.goto(screen.base + url)
        assert_fits_width(screen)
        problems = axe_violations(screen)
        if problems:
            found[url] = problems
    assert found == {}, "\n".join(f"{path}: {p}" for path, probs in found.items() for p in probs)
