import pytest

from core.demo import load as load_core_demo
from products.models import Product
from search.index import rebuild
from tests.browser.conftest import assert_fits_width, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    from core.areas import load_areas

    load_areas()
    load_core_demo()
    group = __import__("core.models", fromlist=["ProducerGroup"]).ProducerGroup.objects.get(
        slug="bang-sadet-court-dolls")
    Product.objects.create(group=group, name_th="ตุ๊กตาชาววังชุดรำไทย", slug="court-doll-dance",
                           product_type="household", status="published",
                           description="ตุ๊กตาดินปั้นมือจากศูนย์ตุ๊กตาชาววังบ้านบางเสด็จ")
    rebuild()


def test_the_home_page_reads_well_and_passes_axe(screen, demo):
    screen.goto(screen.base + "/")
    assert screen.locator("h1").first.inner_text() == "Creative OTOP อ่างทอง"
    assert_fits_width(screen)
    assert axe_violations(screen) == []


def test_a_thai_search_opens_a_result(screen, demo):
    screen.goto(screen.base + "/search/?q=" )
    screen.fill("#id_q", "ตุ๊กตา")
    screen.locator("form.filters button[type=submit]").click()
    hit = screen.locator(".search-hit a", has_text="ตุ๊กตาชาววังชุดรำไทย")
    assert hit.count() == 1
    assert_fits_width(screen)
    assert axe_violations(screen) == []
    hit.click()
    screen.wait_for_url("**/products/court-doll-dance/")
    assert "ตุ๊กตาชาววังชุดรำไทย" in screen.locator("h1").inner_text()


def test_a_producer_logs_in_and_updates_their_group(screen, demo):
    screen.goto(screen.base + "/accounts/login/")
    assert axe_violations(screen) == []
    screen.fill("#id_username", "producer")
    screen.fill("#id_password", "demo-otop-2569")
    screen.locator("main button[type=submit]").click()
    screen.wait_for_url("**/me/")
    screen.locator("a", has_text="แก้ไขข้อมูลกลุ่ม").first.click()
    screen.fill("#id_phone", "035-662-111")
    screen.locator("main button[type=submit]").click()
    screen.wait_for_url("**/groups/bang-sadet-court-dolls/")
    assert "035-662-111" in screen.content()
    assert "บันทึกข้อมูลกลุ่มเรียบร้อยแล้ว" in screen.content()
    assert_fits_width(screen)
