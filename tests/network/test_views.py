import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from network.models import Answer, MentoringSession, Question, Registration
from tests.factories import core as f
from tests.factories.network import EventFactory, ExpertProfileFactory, KnowledgeItemFactory, QuestionFactory

from .conftest import MEET

pytestmark = pytest.mark.django_db


# --- the meeting link never leaks --------------------------------------------------------------


@pytest.mark.parametrize("role,sees", [("anonymous", False), ("staff", True), ("owner", True),
                                       ("outsider", False), ("partner", False), ("expert", False)])
def test_it_shows_the_meeting_link_only_to_confirmed_participants_and_staff(world, users, client_for, role, sees):
    page = client_for(users[role]).get(world.event.get_absolute_url()).content.decode()
    assert ("zoom.us/j/8123456789" in page) is sees
    for url in ("/network/", "/network/events/", reverse("network:event_register", args=[world.event.slug])):
        assert "zoom.us/j/8123456789" not in client_for(users[role]).get(url).content.decode()


@pytest.mark.parametrize("role,sees", [("anonymous", False), ("staff", True), ("owner", True),
                                       ("outsider", False), ("partner", False), ("expert", False)])
def test_it_returns_the_meeting_link_in_the_api_only_to_confirmed_participants_and_staff(
        world, users, api_for, role, sees):
    api = api_for(users[role])
    detail = api.get(f"/api/v1/events/{world.event.pk}/").json()
    assert (detail["online_url"] == MEET) is sees
    if not sees:
        assert detail["online_url"] is None
    listing = api.get("/api/v1/events/").content.decode()
    assert ("8123456789" in listing) is sees


def test_it_hides_the_link_again_after_cancelling(world, owner, client_for):
    from network import services

    services.registration_cancel(registration=world.registration, actor=owner)
    assert "8123456789" not in client_for(owner).get(world.event.get_absolute_url()).content.decode()


# --- registration forms --------------------------------------------------------------------------


def test_it_registers_an_anonymous_visitor_for_a_public_event(client, django_capture_on_commit_callbacks):
    event = EventFactory(capacity=5, online_url=MEET)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:event_register", args=[event.slug]),
                               {"name": "มาลี ใจงาม", "phone": "081-234-5678", "email": "malee@example.org"})
    assert response.status_code == 302
    reg = Registration.objects.get(event=event)
    assert (reg.name, reg.status, reg.contact_key) == ("มาลี ใจงาม", "confirmed", "email:malee@example.org")
    assert MEET in mail.outbox[0].body
    # the link is in the e-mail, not on the page the anonymous visitor is sent back to
    assert "8123456789" not in client.get(response["Location"]).content.decode()


def test_it_shows_thai_errors_and_saves_nothing_on_bad_input(client):
    event = EventFactory()
    response = client.post(reverse("network:event_register", args=[event.slug]), {"name": "", "phone": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "กรุณากรอกอีเมลหรือเบอร์โทรศัพท์" in html and "This field" not in html
    assert not Registration.objects.exists()


def test_it_tells_a_duplicate_registrant_in_thai(client):
    event = EventFactory()
    client.post(reverse("network:event_register", args=[event.slug]), {"name": "ก", "phone": "0812345678"})
    response = client.post(reverse("network:event_register", args=[event.slug]), {"name": "ก", "phone": "081 234 5678"})
    assert response.status_code == 200 and "ลงทะเบียนกิจกรรมนี้แล้ว" in response.content.decode()
    assert Registration.objects.count() == 1


def test_it_waitlists_a_member_when_full_and_says_so(owner, outsider, client_for):
    event = EventFactory(capacity=1)
    client_for(owner).post(reverse("network:event_register", args=[event.slug]))
    response = client_for(outsider).post(reverse("network:event_register", args=[event.slug]), follow=True)
    assert "รายชื่อสำรอง" in response.content.decode()
    assert Registration.objects.get(user=outsider).status == "waitlisted"


def test_it_sends_anonymous_visitors_to_login_for_producer_events(client):
    event = EventFactory(audience="producers")
    response = client.post(reverse("network:event_register", args=[event.slug]), {"name": "ก", "phone": "0812345678"})
    assert "เข้าสู่ระบบ" in response.content.decode()
    assert not Registration.objects.exists()


def test_it_says_registration_is_closed_after_the_deadline(client, owner, client_for):
    event = EventFactory(registration_deadline=timezone.now() - dt.timedelta(minutes=1))
    assert "ปิดรับลงทะเบียนแล้ว" in client.get(event.get_absolute_url()).content.decode()
    response = client_for(owner).post(reverse("network:event_register", args=[event.slug]))
    assert "ปิดรับลงทะเบียนแล้ว" in response.content.decode()
    assert not Registration.objects.exists()


def test_it_uses_phone_friendly_inputs(client):
    html = client.get(reverse("network:event_register", args=[EventFactory().slug])).content.decode()
    assert 'type="tel"' in html and 'inputmode="tel"' in html and 'type="email"' in html


# --- escaping, OG tags, share buttons ---------------------------------------------------------------


def test_it_escapes_user_text(client, owner, client_for):
    evil = '<script>alert("x")</script>'
    event = EventFactory(title=evil, description=evil)
    item = KnowledgeItemFactory(title=evil, body=evil, summary=evil, tags=[evil])
    q = QuestionFactory(asked_by=owner, title=evil, body=evil)
    for url, c in ((event.get_absolute_url(), client), (item.get_absolute_url(), client),
                   ("/network/", client), (q.get_absolute_url(), client_for(owner))):
        html = c.get(url).content.decode()
        assert "<script>alert" not in html
        assert "&lt;script&gt;" in html


@pytest.mark.parametrize("kind", ["event", "expert", "knowledge"])
def test_it_puts_og_tags_and_share_buttons_on_public_detail_pages(client, kind):
    obj = {"event": EventFactory, "expert": ExpertProfileFactory, "knowledge": KnowledgeItemFactory}[kind]()
    html = client.get(obj.get_absolute_url()).content.decode()
    assert 'property="og:title"' in html and "social-plugins.line.me" in html


def test_it_filters_knowledge_by_tag_and_experts_by_expertise(client):
    KnowledgeItemFactory(title="กลองจิ๋ว", tags=["กลอง"])
    KnowledgeItemFactory(title="ตะกร้าสาน", tags=["จักสาน"])
    html = client.get("/network/knowledge/?tag=%23กลอง").content.decode()
    assert "กลองจิ๋ว" in html and "ตะกร้าสาน" not in html
    ExpertProfileFactory(name="นักออกแบบ", expertise=["design"]).districts_served.set(["1503"])
    ExpertProfileFactory(name="นักการตลาด", expertise=["online_marketing"])
    html = client.get("/network/experts/?expertise=design&district=1503").content.decode()
    assert "นักออกแบบ" in html and "นักการตลาด" not in html


def test_it_lists_upcoming_events_on_the_hub_but_not_past_or_drafts(client):
    EventFactory(title="งานที่จะมาถึง")
    EventFactory(title="งานที่ผ่านไปแล้ว", starts_at=timezone.now() - dt.timedelta(days=5))
    EventFactory(title="งานร่าง", status="draft")
    html = client.get("/network/").content.decode()
    assert "งานที่จะมาถึง" in html and "งานที่ผ่านไปแล้ว" not in html and "งานร่าง" not in html


def test_it_hides_linked_wisdom_the_visitor_may_not_see(client):
    from wisdom.models import WisdomRecord

    item = KnowledgeItemFactory()
    item.wisdom_records.add(
        WisdomRecord.objects.create(title_th="ภูมิปัญญาเปิด", slug="w-open", category="handicraft",
                                    subdistrict_id="150305", status="published"),
        WisdomRecord.objects.create(title_th="ภูมิปัญญาจำกัด", slug="w-closed", category="handicraft",
                                    subdistrict_id="150305", status="published", access_level="restricted"))
    html = client.get(item.get_absolute_url()).content.decode()
    assert "ภูมิปัญญาเปิด" in html and "ภูมิปัญญาจำกัด" not in html


# --- staff attendance, certificate ------------------------------------------------------------------


def test_it_lets_staff_mark_attendance_on_the_page(staff, owner, outsider, client_for):
    event = EventFactory(starts_at=timezone.now() - dt.timedelta(hours=2))
    came = Registration.objects.create(event=event, user=owner, name="ก", status="confirmed",
                                       registered_at=timezone.now())
    absent = Registration.objects.create(event=event, user=outsider, name="ข", status="confirmed",
                                         registered_at=timezone.now())
    response = client_for(staff).post(reverse("network:event_attendance", args=[event.slug]), {"attended": [came.pk]})
    assert response.status_code == 302
    came.refresh_from_db()
    absent.refresh_from_db()
    assert (came.attended, absent.attended) == (True, False)
    cert = client_for(owner).get(reverse("network:certificate", args=[came.pk]))
    assert cert.status_code == 200 and "เกียรติบัตร" in cert.content.decode()
    assert client_for(outsider).get(reverse("network:certificate", args=[absent.pk])).status_code == 404


# --- producer area and Q&A ----------------------------------------------------------------------------


def test_it_shows_a_participant_their_history(world, owner, client_for):
    html = client_for(owner).get("/network/my/registrations/").content.decode()
    assert world.event.title in html and world.past.title in html and "เกียรติบัตร" in html


def test_it_lets_a_producer_ask_and_a_peer_answer(owner, outsider, client_for):
    response = client_for(owner).post(reverse("network:question_create"),
                                      {"topic": "packaging", "title": "ขวดน้ำพริกแบบไหนดี", "body": ""})
    q = Question.objects.get()
    assert response.status_code == 302 and q.asked_by == owner
    client_for(outsider).post(q.get_absolute_url(), {"body": "ใช้ขวดแก้วฝาล็อก"})
    assert Answer.objects.get().author == outsider
    assert "ขวดน้ำพริกแบบไหนดี" in client_for(owner).get("/network/my/questions/").content.decode()
    assert "ขวดน้ำพริกแบบไหนดี" not in client_for(outsider).get("/network/my/questions/").content.decode()


def test_it_refuses_a_question_from_a_partner_with_a_thai_message(partner_user, client_for):
    response = client_for(partner_user).post(reverse("network:question_create"),
                                             {"topic": "packaging", "title": "คำถาม"})
    assert response.status_code == 403
    assert not Question.objects.exists()


def test_it_lets_a_mentee_log_a_session_on_the_page(world, owner, client_for):
    response = client_for(owner).post(world.mentorship.get_absolute_url(),
                                      {"date": timezone.localdate().isoformat(), "covered": "ปรับโลโก้",
                                       "next_step": "พิมพ์ฉลาก"})
    assert response.status_code == 302
    assert MentoringSession.objects.get().covered == "ปรับโลโก้"


def test_it_shows_a_thai_error_for_a_session_before_the_start(world, owner, client_for):
    response = client_for(owner).post(world.mentorship.get_absolute_url(),
                                      {"date": "2000-01-01", "covered": "x"})
    assert response.status_code == 200 and "ต้องไม่ก่อนวันเริ่ม" in response.content.decode()
    assert not MentoringSession.objects.exists()


def test_it_adds_network_menu_entries():
    from core import navigation

    assert any(i["url_name"] == "network:hub" for i in navigation.public_items())
    names = {i["url_name"] for i in navigation.member_items()}
    assert {"network:my_registrations", "network:my_questions", "network:my_mentoring"} <= names


def test_it_adds_a_home_section_with_upcoming_events(client):
    EventFactory(title="อบรมบนหน้าแรก")
    assert "อบรมบนหน้าแรก" in client.get("/").content.decode()


def test_it_keeps_the_contract_url_name(world):
    assert reverse("network:event_detail", kwargs={"slug": "x"}) == "/network/events/x/"
    assert f.UserFactory  # factories import cleanly


def test_it_lets_a_producer_share_knowledge_for_staff_review(owner, client_for, client):
    response = client_for(owner).post(reverse("network:knowledge_create"), {
        "title": "สูตรสีธรรมชาติสำหรับผ้าพิมพ์ลาย", "kind": "howto", "tags": "ผ้า, สีธรรมชาติ",
        "submit_for_review": "on"})
    from network.models import KnowledgeItem

    item = KnowledgeItem.objects.get()
    assert response.status_code == 302 and item.status == "in_review" and item.author == owner
    assert item.tags == ["ผ้า", "สีธรรมชาติ"]
    assert client.get(item.get_absolute_url()).status_code == 404


def test_it_keeps_a_bad_case_study_unsaved_with_a_thai_message(owner, client_for):
    from network.models import KnowledgeItem

    no_figures = client_for(owner).post(reverse("network:knowledge_create"), {"title": "เรื่องเล่า",
                                                                              "kind": "case_study"})
    assert no_figures.status_code == 200 and "ก่อนและหลัง" in no_figures.content.decode()
    bad_link = client_for(owner).post(reverse("network:knowledge_create"), {
        "title": "วิดีโอ", "kind": "video", "video_url": "javascript:alert(1)"})
    assert bad_link.status_code == 200 and "video_url" in bad_link.context["form"].errors
    assert not KnowledgeItem.objects.exists()


def test_it_sends_anonymous_visitors_to_login_before_sharing_knowledge(client):
    response = client.post(reverse("network:knowledge_create"), {"title": "x", "kind": "howto"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    from network.models import KnowledgeItem

    assert not KnowledgeItem.objects.exists()


def test_it_lets_an_expert_edit_only_their_own_profile(world, expert_user, client_for):
    url = reverse("network:my_expert_profile")
    response = client_for(expert_user).post(url, {
        "title": "ดร.", "organisation": "ราชภัฏ", "expertise": ["design", "tourism"], "bio": "<b>ประวัติ</b>",
        "districts_served": ["1503"], "languages": "ไทย, English", "contact_preference": "email",
        "email": "x@example.org", "phone": "", "line_id": "", "visibility": "public"})
    assert response.status_code == 302
    world.members_expert.refresh_from_db()
    assert world.members_expert.expertise == ["design", "tourism"] and world.members_expert.visibility == "public"
    assert list(world.members_expert.districts_served.values_list("code", flat=True)) == ["1503"]
    assert world.public_expert.organisation != "ราชภัฏ"


def test_anonymous_registrations_through_the_page_are_throttled(client, monkeypatch):
    from django.core.cache import caches

    from core.throttles import AnonSubmissionThrottle

    cache = caches["throttles"]
    cache.clear()
    monkeypatch.setattr(AnonSubmissionThrottle, "rate", "2/hour", raising=False)
    event = EventFactory(capacity=50)
    url = reverse("network:event_register", kwargs={"slug": event.slug})
    statuses = [client.post(url, {"name": f"ผู้สนใจ {i}", "email": f"visitor{i}@example.org"}).status_code
                for i in range(3)]
    assert statuses == [302, 302, 429]
    assert Registration.objects.filter(event=event).count() == 2
    cache.clear()
