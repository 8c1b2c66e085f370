"""The knowledge network's admin writes only through network.services: saves, deletes, inline rows and
workflow steps (actions). Each test asserts the effect of the service, not just a status code."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from network import services
from network.models import (
    Answer,
    Event,
    KnowledgeAttachment,
    KnowledgeItem,
    MentoringSession,
    Mentorship,
    Question,
    Registration,
)
from tests.factories import core as f
from tests.factories.network import (
    AnswerFactory,
    EventFactory,
    KnowledgeItemFactory,
    MentorshipFactory,
    QuestionFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 a real enough pdf"


def _action(client, model, action, objs):
    return client.post(f"/admin/network/{model}/", {"action": action, "_selected_action": [o.pk for o in objs]})


@pytest.mark.parametrize("model", ["expertprofile", "knowledgeitem", "event", "registration", "mentorship",
                                   "question", "answer"])
def test_it_opens_the_admin_pages_for_staff_only(world, staff, owner, client_for, model):
    url = f"/admin/network/{model}/"
    assert client_for(staff).get(url).status_code == 200
    assert client_for(owner).get(url).status_code == 302
    obj = {"expertprofile": world.public_expert, "knowledgeitem": world.published, "event": world.event,
           "registration": world.registration, "mentorship": world.mentorship, "question": world.question,
           "answer": world.answer}[model]
    assert client_for(staff).get(f"{url}{obj.pk}/change/").status_code == 200


def test_it_adds_an_event_in_the_admin_with_a_generated_slug_and_promotes_on_more_seats(staff, group, client_for):
    c = client_for(staff)
    response = c.post("/admin/network/event/add/", {
        "title": "อบรมถ่ายภาพสินค้า", "kind": "training", "status": "published", "capacity": 1,
        "audience": "producers", "starts_at_0": "2030-01-10", "starts_at_1": "09:00:00",
        "ends_at_0": "2030-01-10", "ends_at_1": "12:00:00",
        "registrations-TOTAL_FORMS": "0", "registrations-INITIAL_FORMS": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.slug and event.slug.isascii()  # core.services.unique_slug: romanised Thai
    a, b = f.producer(group), f.producer(group)
    services.registration_register(actor=a, event=event)
    waiting = services.registration_register(actor=b, event=event)
    assert waiting.status == "waitlisted"
    data = {"title": event.title, "kind": "training", "status": "published", "capacity": 2, "audience": "producers",
            "starts_at_0": "2030-01-10", "starts_at_1": "09:00:00", "ends_at_0": "2030-01-10",
            "ends_at_1": "12:00:00", "registrations-TOTAL_FORMS": "2", "registrations-INITIAL_FORMS": "2"}
    for i, reg in enumerate(event.registrations.order_by("registered_at", "pk")):
        data[f"registrations-{i}-id"] = reg.pk
        data[f"registrations-{i}-event"] = event.pk
    response = c.post(f"/admin/network/event/{event.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_it_tells_registrants_when_the_admin_sets_an_event_cancelled(staff, owner, client_for,
                                                                       django_capture_on_commit_callbacks):
    from django.core import mail

    event = EventFactory(capacity=5, audience="public")
    RegistrationFactory(event=event, user=owner, email="a@example.org")
    data = {"title": event.title, "kind": event.kind, "status": "cancelled", "capacity": 5, "audience": "public",
            "starts_at_0": timezone.localtime(event.starts_at).strftime("%Y-%m-%d"), "starts_at_1": "09:00:00",
            "ends_at_0": (timezone.localtime(event.starts_at) + dt.timedelta(days=1)).strftime("%Y-%m-%d"),
            "ends_at_1": "09:00:00", "venue": event.venue,
            "registrations-TOTAL_FORMS": "0", "registrations-INITIAL_FORMS": "0"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(f"/admin/network/event/{event.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert [m.to for m in mail.outbox] == [["a@example.org"]]  # services.event_cancel told them


def test_it_deletes_an_event_in_the_admin_with_its_materials_file(staff, client_for,
                                                                  django_capture_on_commit_callbacks):
    event = EventFactory(materials_file=SimpleUploadedFile("slides.pdf", PDF))
    storage, name = event.materials_file.storage, event.materials_file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(f"/admin/network/event/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists() and not storage.exists(name)


def test_it_adds_knowledge_as_a_draft_by_the_staff_member_and_ignores_a_posted_status(staff, client_for):
    response = client_for(staff).post("/admin/network/knowledgeitem/add/", {
        "title": "เทคนิคย้อมสีธรรมชาติ", "kind": "howto", "tags": "ย้อมสี,ผ้า", "status": "published",
        "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "0",
        "attachments-0-title": "คู่มือ", "attachments-0-file": SimpleUploadedFile("guide.pdf", PDF)})
    assert response.status_code == 302, response.content.decode()[:3000]
    item = KnowledgeItem.objects.get()
    assert (item.status, item.author, item.tags) == ("draft", staff, ["ย้อมสี", "ผ้า"])
    assert item.slug.isascii()
    assert item.attachments.get().title == "คู่มือ"  # the inline row through knowledge_attachment_add


def test_it_refuses_a_fake_pdf_attachment_in_the_admin_and_saves_nothing(staff, client_for):
    item = KnowledgeItemFactory(status="draft", author=staff, published_at=None)
    data = {"title": item.title, "kind": item.kind, "summary": item.summary, "body": item.body,
            "tags": ",".join(item.tags), "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "0",
            "attachments-0-title": "ปลอม", "attachments-0-file": SimpleUploadedFile("fake.pdf", b"<html>x</html>")}
    response = client_for(staff).post(f"/admin/network/knowledgeitem/{item.pk}/change/", data)
    assert response.status_code == 200
    assert not KnowledgeAttachment.objects.exists()


def test_it_moves_knowledge_through_review_with_the_admin_actions(staff, client_for):
    item = KnowledgeItemFactory(status="draft", published_at=None)
    c = client_for(staff)
    _action(c, "knowledgeitem", "publish_selected", [item])
    item.refresh_from_db()
    assert item.status == "draft"  # knowledge_publish refuses a draft
    _action(c, "knowledgeitem", "submit_selected", [item])
    _action(c, "knowledgeitem", "publish_selected", [item])
    item.refresh_from_db()
    assert (item.status, item.reviewed_by) == ("published", staff) and item.published_at
    _action(c, "knowledgeitem", "return_selected", [item])
    item.refresh_from_db()
    assert item.status == "draft"


def test_it_deletes_knowledge_and_attachment_files_in_the_admin(staff, client_for,
                                                                django_capture_on_commit_callbacks):
    item = KnowledgeItemFactory()
    kept = KnowledgeItemFactory()
    attachment = KnowledgeAttachment.objects.create(item=item, title="คู่มือ",
                                                    file=SimpleUploadedFile("guide.pdf", PDF))
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):  # the bulk delete, confirmed
        response = client_for(staff).post("/admin/network/knowledgeitem/", {
            "action": "delete_selected", "_selected_action": [item.pk], "post": "yes"})
    assert response.status_code == 302
    assert not KnowledgeItem.objects.filter(pk=item.pk).exists() and KnowledgeItem.objects.filter(pk=kept.pk).exists()
    assert not storage.exists(name)


def test_it_removes_an_attachment_file_when_the_inline_row_is_deleted(staff, client_for,
                                                                      django_capture_on_commit_callbacks):
    item = KnowledgeItemFactory(status="draft", author=staff, published_at=None)
    attachment = KnowledgeAttachment.objects.create(item=item, title="คู่มือ",
                                                    file=SimpleUploadedFile("guide.pdf", PDF))
    storage, name = attachment.file.storage, attachment.file.name
    data = {"title": item.title, "kind": item.kind, "summary": item.summary, "body": item.body,
            "tags": ",".join(item.tags), "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "1",
            "attachments-0-id": attachment.pk, "attachments-0-item": item.pk, "attachments-0-title": "คู่มือ",
            "attachments-0-DELETE": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(f"/admin/network/knowledgeitem/{item.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not KnowledgeAttachment.objects.exists() and not storage.exists(name)


def test_it_moderates_questions_and_answers_only_with_the_actions(staff, client_for):
    question = QuestionFactory()
    answer = AnswerFactory(question=question)
    c = client_for(staff)
    data = {"topic": question.topic, "title": "แก้หัวข้อ", "body": question.body, "is_hidden": "on",
            "answers-TOTAL_FORMS": "1", "answers-INITIAL_FORMS": "1", "answers-0-id": answer.pk,
            "answers-0-question": question.pk, "answers-0-body": answer.body}
    response = c.post(f"/admin/network/question/{question.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    question.refresh_from_db()
    assert (question.title, question.is_hidden) == ("แก้หัวข้อ", False)  # is_hidden is read-only here
    _action(c, "question", "hide_selected", [question])
    _action(c, "answer", "hide_selected", [answer])
    question.refresh_from_db()
    answer.refresh_from_db()
    assert question.is_hidden and answer.is_hidden


def test_it_answers_and_deletes_answers_through_the_question_admin(staff, client_for):
    question = QuestionFactory()
    old = AnswerFactory(question=question)
    data = {"topic": question.topic, "title": question.title, "body": question.body,
            "answers-TOTAL_FORMS": "2", "answers-INITIAL_FORMS": "1", "answers-0-id": old.pk,
            "answers-0-question": question.pk, "answers-0-body": old.body, "answers-0-DELETE": "on",
            "answers-1-question": question.pk, "answers-1-body": "คำตอบจากเจ้าหน้าที่"}
    response = client_for(staff).post(f"/admin/network/question/{question.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    answer = Answer.objects.get()
    assert (answer.body, answer.author) == ("คำตอบจากเจ้าหน้าที่", staff)  # services.answer_post, as staff


def test_it_deletes_a_question_in_the_admin(staff, client_for):
    question = QuestionFactory()
    AnswerFactory(question=question)
    response = client_for(staff).post(f"/admin/network/question/{question.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Question.objects.exists() and not Answer.objects.exists()


def test_it_changes_registrations_only_through_the_actions(staff, owner, group, client_for):
    event = EventFactory(capacity=1, starts_at=timezone.now() - dt.timedelta(hours=1))
    reg = RegistrationFactory(event=event, user=owner)
    waiting = RegistrationFactory(event=event, user=f.producer(group), status="waitlisted")
    c = client_for(staff)
    response = c.post(f"/admin/network/registration/{reg.pk}/change/", {
        "name": "ชื่อที่แก้", "email": "new@example.org", "phone": "", "status": "cancelled", "attended": "2"})
    assert response.status_code == 302, response.content.decode()[:3000]
    reg.refresh_from_db()
    assert (reg.name, reg.email, reg.status, reg.attended) == ("ชื่อที่แก้", "new@example.org", "confirmed", None)
    _action(c, "registration", "mark_attended", [reg])
    reg.refresh_from_db()
    assert reg.attended is True and reg.attendance_marked_by == staff
    response = c.post(f"/admin/network/registration/{reg.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Registration.objects.filter(pk=reg.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"  # registration_delete gave the freed seat to the waitlist


def test_it_pairs_logs_and_closes_mentorships_through_the_services(staff, group, other_group, client_for):
    c = client_for(staff)
    response = c.post("/admin/network/mentorship/add/", {
        "mentor_group": other_group.pk, "mentee_group": group.pk, "topic": "การตลาดออนไลน์",
        "started_on": timezone.localdate().isoformat(), "status": "completed",
        "sessions-TOTAL_FORMS": "1", "sessions-INITIAL_FORMS": "0",
        "sessions-0-date": timezone.localdate().isoformat(), "sessions-0-covered": "ตั้งร้านออนไลน์"})
    assert response.status_code == 302, response.content.decode()[:3000]
    m = Mentorship.objects.get()
    assert (m.status, m.created_by) == ("active", staff)
    assert MentoringSession.objects.get().logged_by == staff  # services.mentoring_session_log, as staff
    _action(c, "mentorship", "complete_selected", [m])
    m.refresh_from_db()
    assert m.status == "active"  # mentorship_close needs the outcome first
    Mentorship.objects.filter(pk=m.pk).update(outcome="ยอดขายเพิ่ม")
    _action(c, "mentorship", "complete_selected", [m])
    m.refresh_from_db()
    assert m.status == "completed"


def test_it_deletes_a_mentorship_with_its_sessions_in_the_admin(staff, client_for):
    m = MentorshipFactory()
    MentoringSession.objects.create(mentorship=m, date=timezone.localdate(), covered="x")
    response = client_for(staff).post(f"/admin/network/mentorship/{m.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Mentorship.objects.exists() and not MentoringSession.objects.exists()


def test_it_imports_expert_profiles_through_the_services(staff, owner):
    import tablib

    from network.models import ExpertProfile
    from network.resources import ExpertProfileResource

    data = tablib.Dataset(headers=["id", "name", "expertise", "organisation", "visibility", "contact_preference",
                                   "districts_served"])
    data.append(["", "อาจารย์นำเข้า", "design,tourism", "ราชภัฏ", "public", "portal", "1503,1504"])
    result = ExpertProfileResource().import_data(data, dry_run=False, user=staff)
    assert not result.has_errors() and not result.has_validation_errors()
    expert = ExpertProfile.objects.get()
    assert expert.slug.isascii()  # expert_create romanised it
    assert sorted(expert.districts_served.values_list("code", flat=True)) == ["1503", "1504"]
    refused = ExpertProfileResource().import_data(data, dry_run=False, user=owner)
    assert refused.has_errors() and ExpertProfile.objects.count() == 1  # expert_create: staff only
