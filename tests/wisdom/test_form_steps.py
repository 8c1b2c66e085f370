"""The wisdom form in five steps (what, who holds it, how it is made, media, protection): every step's button
saves the draft through the services and opens the next step; an error opens the step that holds it."""

import re

import pytest
from django.urls import reverse

from tests.factories.wisdom import WisdomRecordFactory
from wisdom.choices import Status
from wisdom.models import WisdomRecord

from .test_views import _form_data

pytestmark = pytest.mark.django_db

STEPS = ["what", "holders", "how", "media", "protection"]


def current_step(html):
    return re.search(r'data-current-step="(\w+)"', html).group(1)


def test_it_shows_five_steps_with_the_first_current(client_for, owner):
    html = client_for(owner).get(reverse("wisdom:create")).content.decode()
    assert re.findall(r'data-step="(\w+)"', html) == STEPS
    assert (
        current_step(html) == "what" and 'href="#step-what" data-step-link="what" aria-current="step"' in html
    )
    assert "ขั้นที่ 1 จาก 5: ภูมิปัญญานี้คืออะไร" in html and "ขั้นที่ 5 จาก 5: การคุ้มครองและสงวนรักษา" in html
    # The holders' formset sits in step 2, the map picker with the place in step 1.
    holders = html.index('data-step="holders"')
    assert holders < html.index('name="holders-TOTAL_FORMS"') < html.index('data-step="how"')
    assert html.index('data-step="what"') < html.index("data-map-picker") < holders
    # Each step's button saves and names the next step; the last one only saves.
    assert re.findall(r'name="goto" value="(\w+)"', html) == [*STEPS[1:], "done"]
    assert "บันทึกร่าง แล้วไปขั้นต่อไป: ใครเป็นผู้ถือครอง" in html


def test_the_first_step_saves_a_draft_and_opens_the_second(client_for, owner, group):
    response = client_for(owner).post(
        reverse("wisdom:create"), _form_data(owner_group=group.pk, goto="holders")
    )
    record = WisdomRecord.objects.get()
    assert record.status == Status.DRAFT and record.created_by == owner
    assert response.status_code == 302
    assert response.url == reverse("wisdom:edit", args=[record.slug]) + "?step=holders#form-steps"


def test_each_later_step_saves_the_draft_and_moves_on(client_for, owner, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT, created_by=owner)
    c = client_for(owner)
    url = reverse("wisdom:edit", args=[record.slug])
    html = c.get(url, {"step": "how"}).content.decode()
    assert current_step(html) == "how" and 'data-step-link="how" aria-current="step"' in html
    response = c.post(
        url,
        _form_data(
            owner_group=group.pk, title_th=record.title_th, step="how", goto="media", materials="ไม้ไผ่สีสุก"
        ),
    )
    assert response.url == url + "?step=media#form-steps"
    record.refresh_from_db()
    assert record.materials == "ไม้ไผ่สีสุก" and [s.text for s in record.steps.all()][0] == "จักตอก"
    # The last step's "บันทึกร่าง" goes to the record's page, where it is sent for checking.
    response = c.post(
        url, _form_data(owner_group=group.pk, title_th=record.title_th, goto="done", threats="ผู้สืบทอดน้อยลง")
    )
    assert response.url == record.get_absolute_url()
    record.refresh_from_db()
    assert record.threats == "ผู้สืบทอดน้อยลง"


def test_an_unknown_step_opens_the_first_and_an_unknown_goto_goes_to_the_record(client_for, owner, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT, created_by=owner)
    c = client_for(owner)
    url = reverse("wisdom:edit", args=[record.slug])
    assert current_step(c.get(url, {"step": "<script>"}).content.decode()) == "what"
    response = c.post(url, _form_data(owner_group=group.pk, goto="https://evil.example/"))
    assert response.url == record.get_absolute_url()


def test_an_error_opens_its_step_in_thai_and_saves_nothing(client_for, owner, group):
    c = client_for(owner)
    response = c.post(
        reverse("wisdom:create"), _form_data(owner_group=group.pk, title_th="", step="how", goto="media")
    )
    html = response.content.decode()
    assert response.status_code == 200 and current_step(html) == "what"
    assert re.search(r'data-step-link="what"[^>]*>.*?ต้องแก้ไข', html) and "ฟิลด์นี้จำเป็น" in html
    assert not WisdomRecord.objects.exists()
    # A holder without a name: the holders' step opens.
    response = c.post(
        reverse("wisdom:create"),
        _form_data(
            owner_group=group.pk, goto="how", **{"holders-0-name": "", "holders-0-contact": "081-000-0000"}
        ),
    )
    html = response.content.decode()
    assert (
        response.status_code == 200 and current_step(html) == "holders" and not WisdomRecord.objects.exists()
    )
    assert re.search(r'data-step-link="holders"[^>]*>.*?ต้องแก้ไข', html)


def test_other_producers_cannot_save_a_step_of_someone_elses_draft(client_for, outsider, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT, materials="เดิม")
    url = reverse("wisdom:edit", args=[record.slug])
    response = client_for(outsider).post(url, _form_data(owner_group=group.pk, goto="how", materials="แก้"))
    assert response.status_code in (403, 404)
    record.refresh_from_db()
    assert record.materials == "เดิม"
