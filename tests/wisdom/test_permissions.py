"""The access protocol as a matrix: every role × every level × published/unpublished,
through the detail page, the API and the direct file URLs of media."""

import pytest
from django.urls import reverse

from core.actors import SYSTEM
from core.files import file_url
from tests.factories.wisdom import KnowledgeHolderFactory, WisdomRecordFactory, pdf_upload, photo
from wisdom import services
from wisdom.choices import AccessLevel, ConsentScope, Status

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff", "owner", "outsider", "partner", "expert"]

# Who sees a record owned by `group` (the owner's group).
SEES = {
    (Status.PUBLISHED, AccessLevel.PUBLIC): {"anonymous", "staff", "owner", "outsider", "partner", "expert"},
    (Status.PUBLISHED, AccessLevel.MEMBERS): {"staff", "owner", "outsider", "partner", "expert"},
    (Status.PUBLISHED, AccessLevel.RESTRICTED): {"staff", "owner"},
    (Status.DRAFT, AccessLevel.PUBLIC): {"staff", "owner"},
    (Status.SUBMITTED, AccessLevel.PUBLIC): {"staff", "owner"},
    (Status.VERIFIED, AccessLevel.MEMBERS): {"staff", "owner"},
    (Status.DRAFT, AccessLevel.RESTRICTED): {"staff", "owner"},
}
CASES = [(role, status, level) for (status, level) in SEES for role in ROLES]


@pytest.fixture
def record_for(group):
    def make(status, level):
        record = WisdomRecordFactory(status=status, access_level=level, owner_group=group)
        photo(record)
        services.document_add(actor=SYSTEM, record=record, file=pdf_upload(), title="แบบสำรวจ")
        return record

    return make


@pytest.mark.parametrize(("role", "status", "level"), CASES)
def test_it_applies_the_protocol_to_pages_api_and_files(role, status, level, users, record_for, client_for,
                                                         api_for):
    record = record_for(status, level)
    user = users[role]
    visible = role in SEES[(status, level)]
    expected = 200 if visible else 404

    page = client_for(user).get(record.get_absolute_url())
    assert page.status_code == expected

    api = api_for(user).get(f"/api/v1/wisdom/{record.pk}/")
    assert api.status_code == expected

    listed = api_for(user).get("/api/v1/wisdom/").json()["results"]
    assert (record.pk in [r["id"] for r in listed]) is visible

    pic = record.photos.get()
    for field in ("image", "thumbnail"):
        assert client_for(user).get(file_url(pic, field)).status_code == expected
    assert client_for(user).get(file_url(record.documents.get(), "file")).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_it_never_serves_the_original_photo_with_its_exif(role, users, client_for, group):
    record = WisdomRecordFactory(owner_group=group)
    pic = photo(record)
    url = reverse("core:file", kwargs={"model": "wisdom.wisdomphoto", "pk": pic.pk, "field": "original"})
    assert client_for(users[role]).get(url).status_code == 404


MEDIA_SEES = {
    AccessLevel.PUBLIC: set(ROLES),
    AccessLevel.MEMBERS: {"staff", "owner", "outsider", "partner", "expert"},
    AccessLevel.RESTRICTED: {"staff", "owner"},
}


@pytest.mark.parametrize(("role", "media_level"), [(r, m) for m in MEDIA_SEES for r in ROLES])
def test_it_lets_a_photo_be_stricter_than_its_public_record(role, media_level, users, client_for, api_for,
                                                             group):
    record = WisdomRecordFactory(owner_group=group)
    pic = photo(record, access_level=media_level, caption="ภาพขั้นตอนพิธี")
    visible = role in MEDIA_SEES[media_level]

    assert client_for(users[role]).get(file_url(pic, "image")).status_code == (200 if visible else 404)
    page = client_for(users[role]).get(record.get_absolute_url()).content.decode()
    assert (file_url(pic, "thumbnail") in page) is visible
    data = api_for(users[role]).get(f"/api/v1/wisdom/{record.pk}/").json()
    assert (len(data["photos"]) == 1) is visible


@pytest.mark.parametrize(("role", "media_level"), [(r, m) for m in MEDIA_SEES for r in ROLES])
def test_it_lets_documents_and_videos_be_stricter_than_their_record(role, media_level, users, client_for,
                                                                     api_for, group):
    record = WisdomRecordFactory(owner_group=group)
    doc = services.document_add(actor=SYSTEM, record=record, file=pdf_upload(), title="บทบูชาครู", access_level=media_level)
    services.video_add(actor=SYSTEM, record=record, url="https://youtu.be/dQw4w9WgXcQ", access_level=media_level)
    visible = role in MEDIA_SEES[media_level]
    assert client_for(users[role]).get(file_url(doc, "file")).status_code == (200 if visible else 404)
    page = client_for(users[role]).get(record.get_absolute_url()).content.decode()
    assert ("บทบูชาครู" in page) is visible
    assert ("youtube-nocookie.com/embed/dQw4w9WgXcQ" in page) is visible
    data = api_for(users[role]).get(f"/api/v1/wisdom/{record.pk}/").json()
    assert (len(data["documents"]), len(data["videos"])) == ((1, 1) if visible else (0, 0))


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_holders_contacts_to_staff_only(role, users, client_for, api_for, group):
    record = WisdomRecordFactory(owner_group=group)
    KnowledgeHolderFactory(record=record, name="นางทดสอบ ปั้นดี", contact="089-999-1234")
    page = client_for(users[role]).get(record.get_absolute_url()).content.decode()
    assert "นางทดสอบ ปั้นดี" in page
    assert ("089-999-1234" in page) is (role == "staff")
    holder = api_for(users[role]).get(f"/api/v1/wisdom/{record.pk}/").json()["holders"][0]
    assert ("contact" in holder) is (role == "staff")


@pytest.mark.parametrize("role", ROLES)
def test_it_hides_holders_without_consent_from_outsiders(role, users, client_for, group):
    record = WisdomRecordFactory(owner_group=group)
    KnowledgeHolderFactory(record=record, name="นายยังไม่ยินยอม", scopes=())
    # Consenting to everything but being named in public is not enough to be named.
    KnowledgeHolderFactory(record=record, name="นายไม่ประสงค์ออกนาม",
                           scopes=[s for s in ConsentScope.values if s != ConsentScope.NAMING])
    KnowledgeHolderFactory(record=record, name="นายยินดีออกนาม", scopes=[ConsentScope.NAMING])
    page = client_for(users[role]).get(record.get_absolute_url()).content.decode()
    assert ("นายยังไม่ยินยอม" in page) is (role in {"staff", "owner"})
    assert ("นายไม่ประสงค์ออกนาม" in page) is (role in {"staff", "owner"})
    assert "นายยินดีออกนาม" in page


@pytest.mark.parametrize("role", ROLES)
def test_it_shows_assessment_and_staff_notes_only_inside(role, users, api_for, client_for, group):
    record = WisdomRecordFactory(owner_group=group, market_score=4, uniqueness_score=4,
                                 transferability_score=4, material_score=4, staff_notes="หมายเหตุลับของเจ้าหน้าที่")
    data = api_for(users[role]).get(f"/api/v1/wisdom/{record.pk}/").json()
    assert ("potential_score" in data) is (role == "staff")
    page = client_for(users[role]).get(record.get_absolute_url()).content.decode()
    assert ("หมายเหตุลับของเจ้าหน้าที่" in page) is (role == "staff")


EDIT_EXPECTED = {"anonymous": 302, "staff": 200, "owner": 200, "outsider": 404, "partner": 404, "expert": 404}


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_the_owning_community_and_staff_edit_a_draft(role, users, client_for, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT)
    response = client_for(users[role]).get(reverse("wisdom:edit", args=[record.slug]))
    assert response.status_code == EDIT_EXPECTED[role]


@pytest.mark.parametrize("role", ROLES)
def test_it_refuses_editing_a_published_record_that_is_visible(role, users, client_for, api_for, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.PUBLISHED)
    page = client_for(users[role]).get(reverse("wisdom:edit", args=[record.slug]))
    api = api_for(users[role]).patch(f"/api/v1/wisdom/{record.pk}/", {"summary": "แก้"}, format="json")
    if role == "anonymous":
        assert page.status_code == 302
        assert api.status_code in (401, 403)
    elif role == "staff":
        assert page.status_code == 200
        assert api.status_code == 200
    else:
        # visible but not editable (published records are no longer drafts)
        assert page.status_code == 403
        assert api.status_code == 403
    record.refresh_from_db()
    assert record.summary == ("แก้" if role == "staff" else "")


CREATE_EXPECTED = {"anonymous": 302, "staff": 200, "owner": 200, "outsider": 200, "partner": 403, "expert": 403}


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_producers_and_staff_open_the_create_form(role, users, client_for):
    assert client_for(users[role]).get(reverse("wisdom:create")).status_code == CREATE_EXPECTED[role]
