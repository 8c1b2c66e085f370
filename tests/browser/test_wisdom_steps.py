"""The wisdom form in steps at 360 px: one step shows at a time, the step list switches between them, and the
first step's button saves the draft and opens the second step."""

import pytest

from tests.browser.conftest import assert_fits_width, axe_violations
from tests.browser.journeys import DUPLICATE_IDS, log_in, shoot
from tests.factories import core as f
from wisdom.choices import Status
from wisdom.models import WisdomRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visible_steps(page):
    return [s.get_attribute("data-step") for s in page.locator("[data-step]").all() if s.is_visible()]


def test_a_producer_fills_the_wisdom_form_step_by_step(screen, transactional_db):
    group = f.ProducerGroupFactory(name_th="กลุ่มจักสานบ้านแพ")
    f.producer(group, username="weaver")
    log_in(screen, "weaver", "/wisdom/new/")
    assert visible_steps(screen) == ["what"]
    assert screen.evaluate(DUPLICATE_IDS) == []
    assert_fits_width(screen)
    assert axe_violations(screen) == []
    # The step list switches without a round trip and moves the focus to the step's heading.
    screen.locator("[data-step-link=how]").click()
    assert visible_steps(screen) == ["how"]
    assert screen.locator("[data-step-link=how]").get_attribute("aria-current") == "step"
    assert screen.evaluate("document.activeElement.tagName") == "LEGEND"
    screen.locator("[data-step-link=what]").click()
    screen.fill("[name=title_th]", "จักสานผักตบชวา")
    screen.select_option("[name=category]", "handicraft")
    screen.select_option("[name=subdistrict]", "150414")
    screen.select_option("[name=owner_group]", str(group.pk))
    screen.locator("[data-step=what] button[name=goto]").click()
    screen.wait_for_url("**/edit/?step=holders#form-steps")
    record = WisdomRecord.objects.get()
    assert (record.title_th, record.status, record.owner_group) == ("จักสานผักตบชวา", Status.DRAFT, group)
    assert visible_steps(screen) == ["holders"] and "บันทึกร่างแล้ว" in screen.locator("main").inner_text()
    assert_fits_width(screen)
    assert axe_violations(screen) == []  # with the "saved" message (a list inside the status region)
    shoot(screen, "forms-wisdom-step-2")
    # The second step saves too (the holder is optional) and opens the third.
    screen.fill("[name=transmission]", "สอนลูกหลานในหมู่บ้านทุกวันเสาร์")
    screen.locator("[data-step=holders] button[name=goto]").click()
    screen.wait_for_url("**?step=how#form-steps")
    record.refresh_from_db()
    assert record.transmission == "สอนลูกหลานในหมู่บ้านทุกวันเสาร์" and visible_steps(screen) == ["how"]
