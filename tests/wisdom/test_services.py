import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from PIL import Image

from core.actors import SYSTEM
from tests.factories.wisdom import (
    HolderConsentFactory,
    KnowledgeHolderFactory,
    WisdomRecordFactory,
    fake_image_upload,
    image_upload,
    pdf_upload,
)
from wisdom import services
from wisdom.choices import ConsentScope, Status
from wisdom.models import KnowledgeHolder, StatusTransition, WisdomPhoto, WisdomRecord, WisdomVideo

pytestmark = pytest.mark.django_db


def _create(user, **kw):
    data = {"title_th": "ตุ๊กตาชาววัง", "subdistrict_id": "150305", "category": "handicraft"}
    data.update(kw)
    sub = data.pop("subdistrict_id")
    from core.models import Subdistrict

    return services.record_create(actor=user, subdistrict=Subdistrict.objects.get(code=sub), **data)


# --- Workflow --------------------------------------------------------------------------


def test_it_walks_a_record_from_draft_to_published_and_logs_who_and_when(owner, staff, group):
    record = _create(owner, owner_group=group, steps=["นวดดิน", "ปั้น", "ลงสี"])
    assert record.status == Status.DRAFT
    assert [s.text for s in record.steps.all()] == ["นวดดิน", "ปั้น", "ลงสี"]
    assert [s.position for s in record.steps.all()] == [1, 2, 3]

    services.record_submit(actor=owner, record=record)
    services.record_verify(actor=staff, record=record)
    services.record_publish(actor=staff, record=record, comment="เรียบร้อย")
    record.refresh_from_db()
    assert record.status == Status.PUBLISHED
    assert record.published_at is not None
    log = list(StatusTransition.objects.filter(record=record).values_list("from_status", "to_status", "actor"))
    assert log == [("draft", "submitted", owner.pk), ("submitted", "verified", staff.pk),
                   ("verified", "published", staff.pk)]
    assert record.history.first().history_user == staff


def test_it_sends_a_record_back_to_draft_only_with_a_comment(owner, staff, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.SUBMITTED)
    with pytest.raises(ValidationError) as exc:
        services.record_send_back(actor=staff, record=record, comment="  ")
    assert "เหตุผล" in str(exc.value)
    services.record_send_back(actor=staff, record=record, comment="เพิ่มภาพขั้นตอนการปั้น")
    record.refresh_from_db()
    assert record.status == Status.DRAFT
    entry = StatusTransition.objects.get(record=record)
    assert (entry.to_status, entry.comment, entry.actor) == ("draft", "เพิ่มภาพขั้นตอนการปั้น", staff)


@pytest.mark.parametrize("service", ["record_verify", "record_publish", "record_send_back"])
def test_it_keeps_verification_and_publication_to_staff(service, owner, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        getattr(services, service)(actor=owner, record=record, comment="x")


@pytest.mark.parametrize(("start", "service"), [
    (Status.DRAFT, "record_verify"), (Status.DRAFT, "record_publish"), (Status.SUBMITTED, "record_publish"),
    (Status.PUBLISHED, "record_verify"), (Status.DRAFT, "record_send_back")])
def test_it_refuses_skipping_steps(start, service, staff):
    record = WisdomRecordFactory(status=start)
    with pytest.raises(ValidationError) as exc:
        getattr(services, service)(actor=staff, record=record, comment="x")
    assert "เปลี่ยนสถานะ" in str(exc.value)
    record.refresh_from_db()
    assert record.status == start
    assert not StatusTransition.objects.exists()


def test_it_lets_only_the_drafts_owners_submit(outsider, owner, group):
    record = WisdomRecordFactory(owner_group=group, status=Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.record_submit(actor=outsider, record=record)
    services.record_submit(actor=owner, record=record)


def test_it_refuses_to_publish_when_a_holder_withdrew_consent(staff):
    record = WisdomRecordFactory(status=Status.VERIFIED)
    HolderConsentFactory(holder=KnowledgeHolderFactory(record=record, scopes=()), scope=ConsentScope.DOCUMENTATION,
                         withdrawn_on=dt.date(2026, 3, 1))
    with pytest.raises(ValidationError) as exc:
        services.record_publish(actor=staff, record=record)
    assert "ถอนความยินยอม" in str(exc.value)


def test_it_stops_producers_from_scoring_their_own_records(owner):
    with pytest.raises(PermissionDenied):
        _create(owner, market_score=5)


def test_it_stops_producers_from_attaching_another_group(owner, other_group):
    with pytest.raises(ValidationError):
        _create(owner, owner_group=other_group)
    assert not WisdomRecord.objects.exists()


def test_it_avoids_slugs_that_shadow_pages(staff):
    record = _create(staff, title_th="new")
    assert record.slug != "new"


# --- Computed score and constraints -------------------------------------------------------


def test_it_computes_the_potential_score_as_a_percentage():
    record = WisdomRecordFactory.build(market_score=5, uniqueness_score=4, transferability_score=3,
                                       material_score=2)
    assert record.potential_score == 70.0  # (5+4+3+2) / 20
    record.material_score = None
    assert record.potential_score is None


@pytest.mark.parametrize("field", ["market_score", "uniqueness_score", "transferability_score", "material_score"])
@pytest.mark.parametrize("value", [0, 6])
def test_it_enforces_scores_between_1_and_5_in_the_database(field, value):
    record = WisdomRecordFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        WisdomRecord.objects.filter(pk=record.pk).update(**{field: value})


def test_it_keeps_one_open_consent_period_per_holder_and_scope_in_the_database():
    holder = KnowledgeHolderFactory(scopes=[ConsentScope.PRODUCT])
    with pytest.raises(IntegrityError), transaction.atomic():
        HolderConsentFactory(holder=holder, scope=ConsentScope.PRODUCT, given_on=dt.date(2026, 2, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        HolderConsentFactory(holder=holder, scope=ConsentScope.TOURISM, given_on=dt.date(2026, 2, 1),
                             withdrawn_on=dt.date(2026, 1, 1))


# --- Photos -----------------------------------------------------------------------------


def test_it_strips_exif_location_from_the_public_copy_and_makes_a_thumbnail():
    record = WisdomRecordFactory()
    upload = image_upload(exif_gps=True, size=(1200, 900))
    assert Image.open(io.BytesIO(upload.read())).getexif().get_ifd(0x8825)  # the upload carries GPS
    upload.seek(0)
    photo = services.photo_add(actor=SYSTEM, record=record, file=upload)
    with photo.original.open("rb") as f:
        assert Image.open(f).getexif().get_ifd(0x8825), "the private original is kept as uploaded"
    with photo.image.open("rb") as f:
        public = Image.open(f)
        assert not public.getexif()
        assert public.size == (1200, 900)
    with photo.thumbnail.open("rb") as f:
        assert max(Image.open(f).size) <= 480


def test_it_refuses_a_file_posing_as_an_image():
    record = WisdomRecordFactory()
    with pytest.raises(ValidationError) as exc:
        services.photo_add(actor=SYSTEM, record=record, file=fake_image_upload())
    assert "ไม่ใช่รูปภาพ" in str(exc.value)
    assert not WisdomPhoto.objects.exists()


def test_it_refuses_an_oversized_image(settings):
    settings.IMAGE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as exc:
        services.photo_add(actor=SYSTEM, record=WisdomRecordFactory(), file=image_upload(size=(400, 400)))
    assert "ใหญ่เกินไป" in str(exc.value)


def test_it_refuses_a_decompression_bomb(settings):
    settings.IMAGE_MAX_PIXELS = 10_000
    with pytest.raises(ValidationError) as exc:
        services.photo_add(actor=SYSTEM, record=WisdomRecordFactory(), file=image_upload(size=(2000, 2000)))
    assert "พิกเซล" in str(exc.value)


def test_it_saves_nothing_when_one_photo_of_several_is_bad(owner, group):
    with pytest.raises(ValidationError) as exc:
        _create(owner, owner_group=group, photos=[image_upload(), fake_image_upload("bad.jpg")],
                steps=["หนึ่ง"], holders=[{"name": "นายหนึ่ง"}])
    assert "bad.jpg" in str(exc.value)
    assert not WisdomRecord.objects.exists()
    assert not WisdomPhoto.objects.exists()
    assert not KnowledgeHolder.objects.exists()


def test_it_saves_nothing_when_a_holder_is_invalid(owner, group):
    with pytest.raises(ValidationError):
        _create(owner, owner_group=group, photos=[image_upload()], holders=[{"name": "x" * 300}])
    assert not WisdomRecord.objects.exists()
    assert not WisdomPhoto.objects.exists()


def test_it_accepts_pdf_documents_only():
    record = WisdomRecordFactory()
    doc = services.document_add(actor=SYSTEM, record=record, file=pdf_upload(), title="แบบสำรวจ")
    assert doc.file.name.endswith(".pdf")
    with pytest.raises(ValidationError) as exc:
        services.document_add(actor=SYSTEM, record=record, file=image_upload("fake.pdf"), title="ไม่ใช่ PDF")
    assert "PDF" in str(exc.value)


# --- Videos -----------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "embed"), [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ?si=abc", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://m.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://www.facebook.com/angthongcdd/videos/1234567890/",
     "https://www.facebook.com/plugins/video.php?show_text=false&href="
     "https%3A%2F%2Fwww.facebook.com%2Fangthongcdd%2Fvideos%2F1234567890%2F"),
])
def test_it_turns_video_links_into_privacy_friendly_embeds(url, embed):
    video = services.video_add(actor=SYSTEM, record=WisdomRecordFactory(), url=url)
    assert video.embed_url == embed


@pytest.mark.parametrize("url", [
    "https://vimeo.com/12345", "https://evil.example/watch?v=dQw4w9WgXcQ",
    "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "javascript:alert(1)",
    "https://user:pw@www.youtube.com/watch?v=dQw4w9WgXcQ",
])
def test_it_refuses_videos_from_unknown_hosts(url):
    with pytest.raises(ValidationError) as exc:
        services.video_add(actor=SYSTEM, record=WisdomRecordFactory(), url=url)
    assert "YouTube" in str(exc.value) or "ลิงก์วิดีโอไม่ถูกต้อง" in str(exc.value)
    assert not WisdomVideo.objects.exists()


def test_it_refuses_a_youtube_link_without_a_video_id():
    with pytest.raises(ValidationError) as exc:
        services.video_add(actor=SYSTEM, record=WisdomRecordFactory(), url="https://www.youtube.com/watch?v=<script>")
    assert "ลิงก์วิดีโอไม่ถูกต้อง" in str(exc.value)


# --- Text ---------------------------------------------------------------------------------


def test_it_keeps_thai_and_emoji_and_refuses_overlong_titles_in_thai(staff):
    record = _create(staff, title_th="ข้าวหอมมะลิ 🌾 บ้านเพชร", summary="อร่อย 😋")
    record.refresh_from_db()
    assert record.title_th == "ข้าวหอมมะลิ 🌾 บ้านเพชร"
    with pytest.raises(ValidationError) as exc:
        _create(staff, title_th="ก" * 201)
    assert "title_th" in exc.value.message_dict
    assert "200" in exc.value.message_dict["title_th"][0]


def test_it_stores_html_as_text(staff):
    record = _create(staff, title_th="<script>alert(1)</script>ตุ๊กตา")
    record.refresh_from_db()
    assert record.title_th == "<script>alert(1)</script>ตุ๊กตา"


def test_it_updates_a_draft_and_replaces_steps_and_media_atomically(owner, group):
    record = _create(owner, owner_group=group, steps=["หนึ่ง", "สอง"], photos=[image_upload()])
    with pytest.raises(ValidationError):
        services.record_update(actor=owner, record=record, summary="ใหม่", steps=["สาม"],
                               photos=[fake_image_upload()])
    record.refresh_from_db()
    assert record.summary == ""
    assert [s.text for s in record.steps.all()] == ["หนึ่ง", "สอง"]
    services.record_update(actor=owner, record=record, summary="ใหม่", steps=["สาม"],
                           video_urls=["https://youtu.be/dQw4w9WgXcQ"])
    record.refresh_from_db()
    assert record.summary == "ใหม่"
    assert [s.text for s in record.steps.all()] == ["สาม"]
    assert record.videos.count() == 1


def test_it_refuses_updates_once_submitted(owner, group):
    record = _create(owner, owner_group=group)
    services.record_submit(actor=owner, record=record)
    with pytest.raises(PermissionDenied):
        services.record_update(actor=owner, record=record, summary="แอบแก้")


def test_it_deletes_a_removed_photos_files_after_commit(owner, group, django_capture_on_commit_callbacks):
    record = _create(owner, owner_group=group, photos=[image_upload()])
    pic = record.photos.get()
    storage, names = pic.original.storage, [pic.original.name, pic.image.name, pic.thumbnail.name]
    assert all(storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_update(actor=owner, record=record, remove_media=[pic])
    assert not record.photos.exists()
    assert not any(storage.exists(n) for n in names)


def test_it_refuses_removing_media_of_another_record(owner, group):
    record = _create(owner, owner_group=group)
    other = WisdomRecordFactory()
    pic = services.photo_add(actor=SYSTEM, record=other, file=image_upload())
    with pytest.raises(ValidationError):
        services.record_update(actor=owner, record=record, remove_media=[pic])
    assert WisdomPhoto.objects.filter(pk=pic.pk).exists()


def test_a_producer_deletes_their_own_draft_and_its_files_over_the_api(api_for, owner, group, outsider,
                                                                     django_capture_on_commit_callbacks):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tests.factories.wisdom import WisdomRecordFactory
    from wisdom import services as wisdom_services

    record = WisdomRecordFactory(owner_group=group, created_by=owner, status="draft")
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "brown").save(buf, format="JPEG")
    with django_capture_on_commit_callbacks(execute=True):
        photo = wisdom_services.photo_add(actor=SYSTEM, record=record, file=SimpleUploadedFile("drum.jpg", buf.getvalue()))
    stored = [f.name for f in (photo.original, photo.image, photo.thumbnail) if f]
    storage = photo.image.storage
    assert stored and all(storage.exists(name) for name in stored)
    assert api_for(outsider).delete(f"/api/v1/wisdom/{record.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert api_for(owner).delete(f"/api/v1/wisdom/{record.pk}/").status_code == 204
    assert not WisdomRecord.objects.filter(pk=record.pk).exists()
    assert not any(storage.exists(name) for name in stored)
