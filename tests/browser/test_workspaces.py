"""Each role's workspace (/me/) at 360 px with the demo data: the producer records a missing month from
there, staff clear a review queue item, the partner accepts an issue from the queue, the expert answers a
question from their queue and the answer shows the expert badge. Screenshots of each workspace go to
tests/artifacts/ (failures too, by the conftest)."""

import importlib

import pytest

from campaigns.models import DevelopmentIssue
from evaluation import selectors as evaluation_selectors
from evaluation.models import IncomeRecord
from network.models import Answer
from tests.browser.conftest import ARTIFACTS, SIZES, assert_fits_width, axe_violations, watch_csp
from wisdom.models import WisdomRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_MODULES = [
    "core.demo",
    "wisdom.demo",
    "products.demo",
    "network.demo",
    "tourism.demo",
    "evaluation.demo",
    "campaigns.demo",
]


@pytest.fixture
def demo(transactional_db):
    from core.areas import load_areas

    load_areas()
    for name in DEMO_MODULES:
        importlib.import_module(name).load()


@pytest.fixture
def phone(request, browser, live_server):
    """A page 360 px wide; only the live server is reachable (as the conftest's `screen`)."""
    context = browser.new_context(viewport=SIZES["phone"], locale="th-TH")
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(live_server.url) else route.abort(),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    page.size_name = "phone"
    page.csp_problems = watch_csp(context, page)
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert page.csp_problems == [], "Content-Security-Policy violations:\n" + "\n".join(page.csp_problems)


def log_in(page, username):
    page.goto(page.base + "/accounts/login/?next=/me/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-otop-2569")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/me/")


def snapshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"workspace-{name}.png"), full_page=True)


def queue(page, key):
    return page.locator(f'[data-queue="{key}"]')


def count(page, key):
    return int(queue(page, key).locator(".queue-count").first.get_attribute("data-count"))


def test_a_producer_records_a_missing_month_from_the_workspace(phone, demo):
    log_in(phone, "producer")
    assert_fits_width(phone)
    assert axe_violations(phone) == []
    snapshot(phone, "producer")
    due = evaluation_selectors.months_due()
    if not due:
        pytest.skip("October: no month of this fiscal year is over yet")
    missing = queue(phone, "producer.missing_income")
    before = count(phone, "producer.missing_income")
    assert before >= 1
    assert "ยังไม่ได้บันทึก" in missing.inner_text()
    row = missing.locator(".queue-row").first
    row.locator("input[name=amount]").fill("45200")
    row.locator("button[type=submit]").click()
    phone.wait_for_url("**/me/")
    assert "บันทึกรายได้แล้ว" in phone.content()
    assert count(phone, "producer.missing_income") == before - 1
    assert IncomeRecord.objects.filter(producer_group__slug="bang-sadet-court-dolls", amount=45200).exists()
    assert_fits_width(phone)


def test_staff_clear_a_review_queue_item(phone, demo):
    log_in(phone, "staff")
    assert_fits_width(phone)
    assert axe_violations(phone) == []
    snapshot(phone, "staff")
    before = count(phone, "staff.wisdom_submitted")
    assert before >= 1
    title = queue(phone, "staff.wisdom_submitted").locator(".queue-title").first
    name = title.inner_text()
    title.click()
    phone.locator("button[name=action][value=verify]").click()
    phone.wait_for_load_state()
    assert WisdomRecord.objects.get(title_th=name).status == "verified"
    phone.goto(phone.base + "/me/")
    assert count(phone, "staff.wisdom_submitted") == before - 1
    assert name not in queue(phone, "staff.wisdom_submitted").inner_text()


def test_a_partner_accepts_an_issue_from_the_queue(phone, demo):
    log_in(phone, "partner")
    assert_fits_width(phone)
    assert axe_violations(phone) == []
    snapshot(phone, "partner")
    menu = phone.locator("#site-nav").inner_text()
    assert "ผลิตภัณฑ์ของกลุ่ม" not in menu and "บันทึกรายได้" not in menu
    assert count(phone, "partner.issues_awaiting") == 1
    queue(phone, "partner.issues_awaiting").locator(".queue-title").first.click()
    phone.locator("form:has(input[name=action][value=accept]) button[type=submit]").click()
    phone.wait_for_load_state()
    issue = DevelopmentIssue.objects.get(title="ลายกระเป๋าจักสานใหม่สำหรับลูกค้าวัยทำงาน")
    assert issue.status == "in_progress"
    phone.goto(phone.base + "/me/")
    assert count(phone, "partner.issues_awaiting") == 0
    assert_fits_width(phone)


def test_an_expert_answers_from_their_queue_and_the_badge_shows(phone, demo):
    log_in(phone, "expert")
    assert_fits_width(phone)
    assert axe_violations(phone) == []
    snapshot(phone, "expert")
    assert count(phone, "expert.questions") == 1
    queue(phone, "expert.questions").locator(".queue-title").first.click()
    phone.fill("textarea[name=body]", "เริ่มที่ LINE OA ก่อน เก็บลูกค้าประจำ แล้วค่อยขยายไป TikTok Shop")
    phone.locator("main form button[type=submit]", has_text="ส่งคำตอบ").click()
    phone.wait_for_load_state()
    answer = phone.locator("article.network-answer", has_text="เริ่มที่ LINE OA ก่อน")
    badge = answer.locator("a.badge.expert")
    assert badge.inner_text() == "ผู้เชี่ยวชาญ"
    assert Answer.objects.filter(author__username="expert", body__startswith="เริ่มที่ LINE OA").exists()
    assert_fits_width(phone)
    badge.click()
    phone.wait_for_url("**/network/experts/thanapol-online/")
    phone.goto(phone.base + "/me/")
    assert count(phone, "expert.questions") == 0
