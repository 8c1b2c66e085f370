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
