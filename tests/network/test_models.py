import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from network.models import KnowledgeAttachment
from tests.factories.network import ExpertProfileFactory, KnowledgeItemFactory

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (10, 10), "gold").save(buf, format="PNG")
    return buf.getvalue()


def test_it_links_an_expert_profile_only_to_an_expert_account(owner, expert_user):
    with pytest.raises(ValidationError, match="ผู้เชี่ยวชาญ"):
        ExpertProfileFactory.build(user=owner).full_clean()
    ExpertProfileFactory.build(user=expert_user, slug="ok-expert").full_clean()


def test_it_refuses_unknown_expertise():
    with pytest.raises(ValidationError):
        ExpertProfileFactory.build(expertise=["astrology"]).full_clean()


@pytest.mark.parametrize("name,content,ok", [
    ("guide.pdf", b"%PDF-1.4 a real enough pdf", True),
    ("photo.png", _png(), True),
    ("fake.pdf", b"<html>not a pdf</html>", False),
    ("fake.png", b"GIF89a-not-really", False),
    ("script.exe", b"MZ\x90\x00", False),
])
def test_it_validates_attachments_by_content(name, content, ok):
    att = KnowledgeAttachment(item=KnowledgeItemFactory(), title="ไฟล์", file=SimpleUploadedFile(name, content))
    if ok:
        att.full_clean()
    else:
        with pytest.raises(ValidationError):
            att.full_clean()


def test_it_serves_attachments_only_to_those_who_may_see_the_item(client, owner, outsider, client_for):
    draft = KnowledgeItemFactory(status="draft", author=owner, published_at=None)
    att = KnowledgeAttachment.objects.create(item=draft, title="คู่มือ",
                                             file=SimpleUploadedFile("guide.pdf", b"%PDF-1.4 demo"))
    url = reverse("core:file", kwargs={"model": "network.knowledgeattachment", "pk": att.pk, "field": "file"})
    assert client.get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(owner).get(url).status_code == 200


@pytest.mark.parametrize("model", ["expertprofile", "knowledgeitem", "event", "registration", "mentorship",
                                   "question"])
def test_it_opens_the_admin_pages_for_staff_only(world, staff, owner, client_for, model):
    url = f"/admin/network/{model}/"
    assert client_for(staff).get(url).status_code == 200
    assert client_for(owner).get(url).status_code == 302
    obj = {"expertprofile": world.public_expert, "knowledgeitem": world.published, "event": world.event,
           "registration": world.registration, "mentorship": world.mentorship, "question": world.question}[model]
    assert client_for(staff).get(f"{url}{obj.pk}/change/").status_code == 200


def test_it_adds_an_event_in_the_admin_with_a_generated_slug_and_promotes_on_more_seats(staff, group, client_for):
    from network import services
    from network.models import Event
    from tests.factories import core as f

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
    services.registration_register(event=event, user=a)
    waiting = services.registration_register(event=event, user=b)
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
