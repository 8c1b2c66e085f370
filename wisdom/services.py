"""Writes of the wisdom registry. Views, the API, the admin and imports call these.

The workflow: draft → submitted → verified → published. Producers create and edit
their own drafts (or their group's) and submit them; staff verify and publish, or
send a record back to draft with a comment. Every transition is logged
(StatusTransition: who, when, from, to, comment) besides the model history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.services import unique_slug
from core.uploads import stripped_copy, thumbnail, validate_image_file, validate_pdf_file

from .choices import AccessLevel, ConsentStatus, Status
from .models import (
    KnowledgeHolder,
    ProcessStep,
    StatusTransition,
    WisdomDocument,
    WisdomPhoto,
    WisdomRecord,
    WisdomVideo,
)
from .video import parse_video_url

# Slugs that would shadow the app's own pages.
RESERVED_SLUGS = {"new", "mine", "import"}

RECORD_STAFF_ONLY_FIELDS = {"market_score", "uniqueness_score", "transferability_score", "material_score",
                            "staff_notes"}
RECORD_PROTECTED_FIELDS = {"status", "slug", "created_by", "published_at", "is_demo", "id", "pk"}


def _record_slug(title: str, *, exclude_pk=None) -> str:
    slug = unique_slug(WisdomRecord, title, exclude_pk=exclude_pk)
    if slug in RESERVED_SLUGS:
        slug = unique_slug(WisdomRecord, f"{title}-1", exclude_pk=exclude_pk)
    return slug


def _check_fields(user, fields: dict) -> None:
    bad = set(fields) & RECORD_PROTECTED_FIELDS
    if bad:
        raise ValidationError(_("ไม่สามารถแก้ไขช่องนี้โดยตรงได้: %(f)s") % {"f": ", ".join(sorted(bad))})
    if not permissions.is_staff_user(user) and set(fields) & RECORD_STAFF_ONLY_FIELDS:
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่ประเมินศักยภาพและบันทึกหมายเหตุได้"))


def _check_owner_group(user, owner_group) -> None:
    if owner_group is not None and not permissions.can_edit_group(user, owner_group.pk):
        raise ValidationError({"owner_group": _("เลือกได้เฉพาะกลุ่มที่คุณเป็นสมาชิก")})


def _validate_photos(photos: Sequence) -> None:
    errors = []
    for f in photos:
        try:
            validate_image_file(f)
        except ValidationError as exc:
            errors.append(f"{getattr(f, 'name', '')}: {' '.join(exc.messages)}")
    if errors:
        raise ValidationError({"photos": errors})


def _validate_documents(documents: Sequence) -> None:
    errors = []
    for f in documents:
        try:
            validate_pdf_file(f)
        except ValidationError as exc:
            errors.append(f"{getattr(f, 'name', '')}: {' '.join(exc.messages)}")
    if errors:
        raise ValidationError({"documents": errors})


def _validate_videos(video_urls: Sequence[str]) -> list:
    links, errors = [], []
    for url in video_urls:
        try:
            links.append(parse_video_url(url))
        except ValidationError as exc:
            errors.append(f"{url[:80]}: {' '.join(exc.messages)}")
    if errors:
        raise ValidationError({"video_urls": errors})
    return links


@transaction.atomic
def record_create(*, user, title_th: str, subdistrict, category: str, steps: Sequence[str] = (),
                  photos: Sequence = (), video_urls: Sequence[str] = (), documents: Sequence = (),
                  holders: Iterable[dict] = (), is_demo: bool = False, **fields) -> WisdomRecord:
    """Create a draft record with its steps, holders and media, all or nothing.

    Producers may only attach their own groups; every photo is validated (a real image,
    size/pixel-limited) and every video link checked before anything is written."""
    if not (permissions.is_staff_user(user) or permissions.is_producer(user)):
        raise PermissionDenied(_("เฉพาะผู้ผลิตและเจ้าหน้าที่เท่านั้นที่บันทึกภูมิปัญญาได้"))
    _check_fields(user, fields)
    _check_owner_group(user, fields.get("owner_group"))
    _validate_photos(photos)
    _validate_documents(documents)
    links = _validate_videos(video_urls)
    record = WisdomRecord(title_th=title_th, subdistrict=subdistrict, category=category, created_by=user,
                          status=Status.DRAFT, is_demo=is_demo, **fields)
    record.slug = _record_slug(fields.get("title_en") or title_th)
    record.full_clean()
    record.save()
    steps_set(record=record, steps=steps)
    for holder in holders:
        holder_add(record=record, is_demo=is_demo, **holder)
    _add_media(record=record, photos=photos, links=links, documents=documents, is_demo=is_demo)
    return record


@transaction.atomic
def record_update(*, record: WisdomRecord, user, steps: Sequence[str] | None = None, photos: Sequence = (),
                  video_urls: Sequence[str] = (), documents: Sequence = (), remove_media: Iterable = (),
                  holders_add: Iterable[dict] = (), holders_update: Iterable[tuple[KnowledgeHolder, dict]] = (),
                  holders_delete: Iterable[KnowledgeHolder] = (), **fields) -> WisdomRecord:
    """Change a record the user may edit (producers: their drafts only), all or nothing."""
    record = WisdomRecord.objects.select_for_update().get(pk=record.pk)
    if not WisdomRecord.objects.editable_by(user).filter(pk=record.pk).exists():
        raise PermissionDenied(_("แก้ไขได้เฉพาะร่างของคุณหรือของกลุ่มของคุณ"))
    _check_fields(user, fields)
    if "owner_group" in fields and fields["owner_group"] != record.owner_group:
        _check_owner_group(user, fields["owner_group"])
    _validate_photos(photos)
    _validate_documents(documents)
    links = _validate_videos(video_urls)
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean()
    record.save()
    if steps is not None:
        steps_set(record=record, steps=steps)
    for item in remove_media:
        if item.record_id != record.pk:
            raise ValidationError(_("สื่อนี้ไม่ได้อยู่ในภูมิปัญญานี้"))
        media_delete(item=item)
    for holder in holders_delete:
        if holder.record_id != record.pk:
            raise ValidationError(_("ปราชญ์ชาวบ้านคนนี้ไม่ได้อยู่ในภูมิปัญญานี้"))
        holder.delete()
    for holder, changes in holders_update:
        if holder.record_id != record.pk:
            raise ValidationError(_("ปราชญ์ชาวบ้านคนนี้ไม่ได้อยู่ในภูมิปัญญานี้"))
        holder_update(holder=holder, **changes)
    for holder in holders_add:
        holder_add(record=record, is_demo=record.is_demo, **holder)
    _add_media(record=record, photos=photos, links=links, documents=documents, is_demo=record.is_demo)
    return record


def _add_media(*, record, photos, links, documents, is_demo) -> None:
    start = record.photos.count()
    for i, f in enumerate(photos):
        photo_add(record=record, file=f, position=start + i, is_demo=is_demo, validated=True)
    for link in links:
        video_add(record=record, url=link.url, is_demo=is_demo)
    for f in documents:
        document_add(record=record, file=f, title=_document_title(f), is_demo=is_demo)


def _document_title(f) -> str:
    name = getattr(f, "name", "") or _("เอกสาร")
    return name.rsplit("/", 1)[-1][:300]


@transaction.atomic
def steps_set(*, record: WisdomRecord, steps: Sequence[str]) -> list[ProcessStep]:
    """Replace the record's process steps with `steps`, in order (blank lines dropped)."""
    record.steps.all().delete()
    items = []
    for position, text in enumerate([s.strip() for s in steps if s and s.strip()], start=1):
        step = ProcessStep(record=record, position=position, text=text)
        step.full_clean()
        items.append(step)
    return ProcessStep.objects.bulk_create(items)


@transaction.atomic
def holder_add(*, record: WisdomRecord, name: str, is_demo: bool = False, **fields) -> KnowledgeHolder:
    """Add a knowledge holder; granted consent needs its date (database check constraint too)."""
    holder = KnowledgeHolder(record=record, name=name, is_demo=is_demo, **fields)
    holder.full_clean()
    holder.save()
    return holder


@transaction.atomic
def holder_update(*, holder: KnowledgeHolder, **fields) -> KnowledgeHolder:
    """Change a holder (name, consent, contact…); validated as a whole."""
    for name, value in fields.items():
        setattr(holder, name, value)
    holder.full_clean()
    holder.save()
    return holder


def photo_prepare(*, photo: WisdomPhoto) -> None:
    """Make the public copy (EXIF/GPS stripped) and the thumbnail from the private original."""
    source = photo.original
    if not source._committed:  # a fresh upload (admin form): store the private original first
        upload = source.file
        source.save(upload.name or "photo.jpg", upload, save=False)
    source.open("rb")
    try:
        photo.image.save("photo", stripped_copy(source, name="photo"), save=False)
        photo.thumbnail.save("thumb", thumbnail(source, name="thumb"), save=False)
    finally:
        source.close()


@transaction.atomic
def photo_add(*, record: WisdomRecord, file, caption: str = "", credit: str = "",
              access_level: str = AccessLevel.PUBLIC, position: int = 0, is_demo: bool = False,
              validated: bool = False) -> WisdomPhoto:
    """Validate an uploaded photo (Pillow), keep the original private, store a public copy
    without EXIF and a thumbnail."""
    if not validated:
        validate_image_file(file)
    file.seek(0)
    photo = WisdomPhoto(record=record, caption=caption, credit=credit, access_level=access_level,
                        position=position, is_demo=is_demo)
    photo.original.save(getattr(file, "name", "photo.jpg") or "photo.jpg", file, save=False)
    photo_prepare(photo=photo)
    photo.full_clean(exclude=["original"])
    photo.save()
    return photo


@transaction.atomic
def video_add(*, record: WisdomRecord, url: str, title: str = "", access_level: str = AccessLevel.PUBLIC,
              position: int = 0, is_demo: bool = False) -> WisdomVideo:
    """Only YouTube/Facebook links (stored normalised); others get a Thai message."""
    link = parse_video_url(url)
    video = WisdomVideo(record=record, url=link.url, title=title, access_level=access_level, position=position,
                        is_demo=is_demo)
    video.full_clean()
    video.save()
    return video


@transaction.atomic
def document_add(*, record: WisdomRecord, file, title: str, access_level: str = AccessLevel.PUBLIC,
                 position: int = 0, is_demo: bool = False) -> WisdomDocument:
    validate_pdf_file(file)
    doc = WisdomDocument(record=record, title=title, access_level=access_level, position=position,
                         is_demo=is_demo)
    doc.file.save(getattr(file, "name", "document.pdf") or "document.pdf", file, save=False)
    doc.full_clean(exclude=["file"])
    doc.save()
    return doc


@transaction.atomic
def media_delete(*, item) -> None:
    """Remove a photo, video or document. Its stored files (the private original too) are
    deleted once the transaction commits, so a removed sacred photo is really gone."""
    names = ["original", *getattr(item, "protected_file_fields", ())]
    stored = [(f.storage, f.name) for f in (getattr(item, n, None) for n in names) if f]

    def remove_files():
        for storage, name in stored:
            storage.delete(name)

    item.delete()
    transaction.on_commit(remove_files)


@transaction.atomic
def record_delete(*, record: WisdomRecord, user) -> None:
    """Delete a record with its media files. Producers may delete only their own drafts
    (editable_by); staff any record. Files go once the transaction commits."""
    if not WisdomRecord.objects.editable_by(user).filter(pk=record.pk).exists():
        raise PermissionDenied(_("คุณลบได้เฉพาะร่างของคุณเองเท่านั้น"))
    for item in [*record.photos.all(), *record.documents.all()]:
        media_delete(item=item)
    record.delete()


# --- Workflow -----------------------------------------------------------------------------


def _transition(*, record: WisdomRecord, user, allowed_from: Sequence[str], to: str,
                comment: str = "") -> WisdomRecord:
    locked = WisdomRecord.objects.select_for_update().get(pk=record.pk)
    if locked.status not in allowed_from:
        raise ValidationError(
            _("เปลี่ยนสถานะจาก “%(a)s” เป็น “%(b)s” ไม่ได้") % {
                "a": Status(locked.status).label, "b": Status(to).label})
    previous = locked.status
    locked.status = to
    update = ["status", "updated_at"]
    if to == Status.PUBLISHED:
        locked.published_at = timezone.now()
        update.append("published_at")
    locked._history_user = user
    locked.save(update_fields=update)
    entry = StatusTransition(record=locked, from_status=previous, to_status=to, actor=user, comment=comment)
    entry.full_clean()
    entry.save()
    record.status = locked.status
    record.published_at = locked.published_at
    return record


def _require_staff(user) -> None:
    if not permissions.is_staff_user(user):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น"))


@transaction.atomic
def record_submit(*, record: WisdomRecord, user, comment: str = "") -> WisdomRecord:
    """draft → submitted, by whoever may edit the draft (its producer, their group, staff)."""
    if not WisdomRecord.objects.editable_by(user).filter(pk=record.pk).exists() \
            and not permissions.is_staff_user(user):
        raise PermissionDenied(_("ส่งตรวจสอบได้เฉพาะร่างของคุณหรือของกลุ่มของคุณ"))
    return _transition(record=record, user=user, allowed_from=[Status.DRAFT], to=Status.SUBMITTED,
                       comment=comment)


@transaction.atomic
def record_verify(*, record: WisdomRecord, user, comment: str = "") -> WisdomRecord:
    """submitted → verified, staff only."""
    _require_staff(user)
    return _transition(record=record, user=user, allowed_from=[Status.SUBMITTED], to=Status.VERIFIED,
                       comment=comment)


@transaction.atomic
def record_publish(*, record: WisdomRecord, user, comment: str = "") -> WisdomRecord:
    """verified → published, staff only; refused while a knowledge holder has withdrawn consent."""
    _require_staff(user)
    if record.holders.filter(consent_status=ConsentStatus.WITHDRAWN).exists():
        raise ValidationError(_("เผยแพร่ไม่ได้: ปราชญ์ชาวบ้านของภูมิปัญญานี้ถอนความยินยอมแล้ว"))
    return _transition(record=record, user=user, allowed_from=[Status.VERIFIED], to=Status.PUBLISHED,
                       comment=comment)


@transaction.atomic
def record_send_back(*, record: WisdomRecord, user, comment: str) -> WisdomRecord:
    """submitted/verified/published → draft, staff only, with a comment saying what to fix."""
    _require_staff(user)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("กรุณาระบุเหตุผลหรือสิ่งที่ต้องแก้ไขเมื่อส่งกลับ")})
    return _transition(record=record, user=user,
                       allowed_from=[Status.SUBMITTED, Status.VERIFIED, Status.PUBLISHED], to=Status.DRAFT,
                       comment=comment.strip())
