"""Coordinators manage their community: details and checklist, photos, activities, programs."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories.tourism import ActivityFactory, CommunityFactory, ProgramFactory
from tourism.choices import PublishStatus
from tourism.models import Activity, Program

pytestmark = pytest.mark.django_db


def png(name="photo.png"):
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), "teal").save(buf, format="PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


@pytest.fixture
def setup(staff, owner, outsider, partner_user, expert_user):
    community = CommunityFactory(coordinators=[owner], safety_briefing=False)
    program = ProgramFactory(community=community, status=PublishStatus.DRAFT)
    draft_community = CommunityFactory(coordinators=[owner], status=PublishStatus.DRAFT)
    return {"community": community, "program": program, "activity": program.items.get().activity,
            "draft_community": draft_community,
            "users": {"anonymous": None, "staff": staff, "coordinator": owner, "other_coordinator": outsider,
                      "partner": partner_user, "expert": expert_user}}


@pytest.mark.parametrize(("role", "expected"), [
    ("anonymous", 302), ("staff", 200), ("coordinator", 200), ("other_coordinator", 403), ("partner", 403),
    ("expert", 403),
])
def test_it_opens_management_pages_to_coordinators_and_staff_only(role, expected, setup, client_for):
    c = client_for(setup["users"][role])
    urls = [reverse("tourism:manage_community", args=[setup["community"].slug]),
            reverse("tourism:manage_activity_create", args=[setup["community"].slug]),
            reverse("tourism:manage_activity_edit", args=[setup["activity"].pk]),
            reverse("tourism:manage_program_create", args=[setup["community"].slug])]
    assert [c.get(u).status_code for u in urls] == [expected] * 4
    # A draft program / community is invisible to outsiders: 404, not 403.
    draft_urls = [reverse("tourism:manage_program_edit", args=[setup["program"].slug]),
                  reverse("tourism:manage_community", args=[setup["draft_community"].slug])]
    hidden = {403: 404}.get(expected, expected)
    assert [c.get(u).status_code for u in draft_urls] == [hidden] * 2


def test_it_lets_a_coordinator_complete_the_checklist_and_then_publish(setup, client_for):
    c = client_for(setup["users"]["coordinator"])
    community = setup["community"]
    url = reverse("tourism:manage_community", args=[community.slug])
    response = c.post(url, {"action": "details", "contact_name": "ป้าสมศรี", "contact_phone": "089-111-2222",
                            "story": "ชุมชนริมน้ำ", "safety_briefing": "on", "prices_agreed": "on",
                            "toilets_parking_noted": "on", "languages": ["th", "en"]})
    assert response.status_code == 302
    community.refresh_from_db()
    assert (community.contact_phone, community.safety_briefing, community.languages) == ("0891112222", True,
                                                                                         ["th", "en"])
    assert c.post(reverse("tourism:manage_programs"), {"program": setup["program"].pk}).status_code == 302
    setup["program"].refresh_from_db()
    assert setup["program"].status == PublishStatus.PUBLISHED


def test_it_shows_a_thai_error_for_a_bad_contact_phone(setup, client_for):
    c = client_for(setup["users"]["coordinator"])
    response = c.post(reverse("tourism:manage_community", args=[setup["community"].slug]),
                      {"action": "details", "contact_name": "ก", "contact_phone": "1234"})
    assert response.status_code == 400
    assert "เบอร์โทรศัพท์ไม่ถูกต้อง" in response.content.decode()
    setup["community"].refresh_from_db()
    assert setup["community"].contact_name == "ผู้ประสานงานทดสอบ"


def test_it_uploads_and_deletes_photos(setup, client_for):
    c = client_for(setup["users"]["coordinator"])
    community = setup["community"]
    url = reverse("tourism:manage_community", args=[community.slug])
    assert c.post(url, {"action": "photo", "image": png(), "caption": "ลานวัด"}).status_code == 302
    photo = community.photos.get(caption="ลานวัด")
    assert photo.thumbnail
    bad = SimpleUploadedFile("fake.png", b"<?php echo 1;", content_type="image/png")
    response = c.post(url, {"action": "photo", "image": bad})
    assert response.status_code == 400 and community.photos.count() == 2
    assert c.post(url, {"action": "delete_photo", "photo": photo.pk}).status_code == 302
    assert not community.photos.filter(pk=photo.pk).exists()


def test_it_creates_an_activity_and_a_program_with_its_itinerary(setup, client_for):
    c = client_for(setup["users"]["coordinator"])
    community = setup["community"]
    response = c.post(reverse("tourism:manage_activity_create", args=[community.slug]), {
        "title_th": "สานตะกร้าไม้ไผ่", "activity_type": "craft_workshop", "duration_minutes": 120,
        "price_per_person": "300", "min_group_size": 2, "max_group_size": 15})
    assert response.status_code == 302
    workshop = Activity.objects.get(title_th="สานตะกร้าไม้ไผ่")
    visit = setup["activity"]
    data = {"title_th": "ครึ่งวันจักสาน", "duration": "half_day", "price_per_person": "450", "min_group_size": 2,
            "max_group_size": 10, "daily_capacity": 20, "available_weekdays": ["5", "6"],
            "items-TOTAL_FORMS": 3, "items-INITIAL_FORMS": 0,
            "items-0-day": 1, "items-0-start_time": "10:00", "items-0-end_time": "12:00", "items-0-activity": workshop.pk,
            "items-1-day": 1, "items-1-start_time": "09:00", "items-1-end_time": "10:00", "items-1-activity": visit.pk,
            "items-2-day": 1}
    response = c.post(reverse("tourism:manage_program_create", args=[community.slug]), data)
    assert response.status_code == 302, response.content.decode()[:500]
    program = Program.objects.get(title_th="ครึ่งวันจักสาน")
    assert program.status == PublishStatus.DRAFT and program.available_weekdays == [5, 6]
    assert [(i.order, i.activity_id) for i in program.items.all()] == [(1, visit.pk), (2, workshop.pk)]


def test_it_refuses_an_activity_of_another_community_in_the_itinerary(setup, client_for):
    c = client_for(setup["users"]["coordinator"])
    foreign = ActivityFactory()
    data = {"title_th": "x", "duration": "half_day", "price_per_person": "1", "min_group_size": 1,
            "max_group_size": 2, "daily_capacity": 2, "items-TOTAL_FORMS": 1, "items-INITIAL_FORMS": 0,
            "items-0-day": 1, "items-0-start_time": "10:00", "items-0-activity": foreign.pk}
    response = c.post(reverse("tourism:manage_program_create", args=[setup["community"].slug]), data)
    assert response.status_code == 400
    assert not Program.objects.filter(title_th="x").exists()


def test_it_keeps_group_limits_consistent_on_the_program_form(setup, client_for):
    c = client_for(setup["users"]["coordinator"])
    data = {"title_th": "y", "duration": "one_day", "price_per_person": "1", "min_group_size": 10,
            "max_group_size": 5, "daily_capacity": 3, "items-TOTAL_FORMS": 0, "items-INITIAL_FORMS": 0}
    response = c.post(reverse("tourism:manage_program_create", args=[setup["community"].slug]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "จำนวนคนขั้นต่ำต้องไม่มากกว่าจำนวนสูงสุด" in html
    assert not Program.objects.filter(title_th="y").exists()


def test_it_does_not_let_other_coordinators_post(setup, client_for):
    c = client_for(setup["users"]["other_coordinator"])
    url = reverse("tourism:manage_community", args=[setup["community"].slug])
    assert c.post(url, {"action": "details", "contact_name": "แฮก"}).status_code == 403
    setup["community"].refresh_from_db()
    assert setup["community"].contact_name == "ผู้ประสานงานทดสอบ"
    draft_program_url = reverse("tourism:manage_program_edit", args=[setup["program"].slug])
    assert c.post(draft_program_url, {"title_th": "z"}).status_code == 404
    setup["program"].refresh_from_db()
    assert setup["program"].title_th != "z"


def test_the_community_form_offers_a_map_to_tap_beside_the_typed_coordinates(setup, client_for):
    html = client_for(setup["users"]["coordinator"]).get(
        reverse("tourism:manage_community", args=[setup["community"].slug])).content.decode()
    assert 'value="14.690000"' in html and 'data-map-picker data-lat-input="lat" data-lng-input="lng"' in html
    assert "/static/js/map_picker.js" in html
