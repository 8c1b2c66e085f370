"""Writes of the wisdom registry. Views, the API, the admin (forms, inlines, actions, the
spreadsheet import) and the demo loader call these; nothing else saves a wisdom row.

Every service takes a required keyword ``actor``: a user, or ``core.actors.SYSTEM`` for what the
portal does by itself (the demo loader). Staff (and SYSTEM) may change every record; producers
their own drafts or their group's (``WisdomRecord.objects.editable_by``).

The workflow: draft → submitted → verified → published. Producers create and edit
their own drafts (or their group's) and submit them; staff verify and publish, or
send a record back to draft with a comment. Every transition is logged
(StatusTransition: who, when, from, to, comment) besides the model history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.actors import as_user
from core.choices import NotificationEvent
from core.notifications import group_members, notify
from core.photos import next_position, store_photo
from core.services import unique_slug
from core.uploads import validate_image_file, validate_pdf_file

from . import signals
from .choices import AccessLevel, ConsentScope, Status
from .models import (
    HolderConsent,
    KnowledgeHolder,
    ProcessStep,
    StatusTransition,
    WisdomDocument,
    WisdomPhoto,
    WisdomRecord,
    WisdomVideo,
)
from .video import VideoLink, parse_video_url

# Slugs that would shadow the app's own pages.
RESERVED_SLUGS = {"new", "mine", "import"}

RECORD_STAFF_ONLY_FIELDS = {"market_score", "uniqueness_score", "transferability_score", "material_score",
                            "staff_notes", "created_by"}
RECORD_PROTECTED_FIELDS = {"status", "slug", "published_at", "is_demo", "id", "pk"}

Media = WisdomPhoto | WisdomVideo | WisdomDocument


def _record_slug(title: str, *, exclude_pk: Any = None) -> str:
    slug = unique_slug(WisdomRecord, title, exclude_pk=exclude_pk)
    if slug in RESERVED_SLUGS:
        slug = unique_slug(WisdomRecord, f"{title}-1", exclude_pk=exclude_pk)
    return slug


def record_slug_for(*, title: str) -> str:
    """The slug a new record titled `title` would get (the spreadsheet import matches rows by it)."""
    return _record_slug(title)


def _check_fields(actor: Any, fields: dict[str, Any]) -> None:
    bad = set(fields) & RECORD_PROTECTED_FIELDS
    if bad:
        raise ValidationError(_("ไม่สามารถแก้ไขช่องนี้โดยตรงได้: %(f)s") % {"f": ", ".join(sorted(bad))})
    if not permissions.is_staff_user(actor) and set(fields) & RECORD_STAFF_ONLY_FIELDS:
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่เท่านั้นที่ประเมินศักยภาพและบันทึกหมายเหตุได้"))


def _check_owner_group(actor: Any, owner_group: Any) -> None:
    if owner_group is not None and not permissions.can_edit_group(actor, owner_group.pk):
        raise ValidationError({"owner_group": _("เลือกได้เฉพาะกลุ่มที่คุณเป็นสมาชิก")})


def _require_editable(actor: Any, record: WisdomRecord) -> None:
    """Changes to a record and to what belongs to it (steps, holders, media): staff always,
    producers only on their own (or their group's) drafts."""
    if not WisdomRecord.objects.editable_by(actor).filter(pk=record.pk).exists():
        raise PermissionDenied(_("แก้ไขได้เฉพาะร่างของคุณหรือของกลุ่มของคุณ"))


def _validate_photos(photos: Sequence[Any]) -> None:
    errors = []
    for f in photos:
        try:
            validate_image_file(f)
        except ValidationError as exc:
            errors.append(f"{getattr(f, 'name', '')}: {' '.join(exc.messages)}")
    if errors:
        raise ValidationError({"photos": errors})


def _validate_documents(documents: Sequence[Any]) -> None:
    errors = []
    for f in documents:
        try:
            validate_pdf_file(f)
        except ValidationError as exc:
            errors.append(f"{getattr(f, 'name', '')}: {' '.join(exc.messages)}")
    if errors:
        raise ValidationError({"documents": errors})


def _validate_videos(video_urls: Sequence[str]) -> list[VideoLink]:
    links, errors = [], []
    for url in video_urls:
        try:
            links.append(parse_video_url(url))
        except ValidationError as exc:
            errors.append(f"{url[:80]}: {' '.join(exc.messages)}")
    if errors:
        raise ValidationError({"video_urls": errors})
    return links


def _stored_files(*fields: Any) -> list[tuple[Any, str]]:
    """(storage, name) of each stored file among `fields` (FieldFiles), to delete after commit."""
    return [(f.storage, f.name) for f in fields if f and f.name]


def _delete_files(stored: list[tuple[Any, str]]) -> None:
    for storage, name in stored:
        storage.delete(name)


# --- Records ------------------------------------------------------------------------------


@transaction.atomic
def record_create(*, actor: Any, title_th: str, subdistrict: Any, category: str, steps: Sequence[str] = (),
                  photos: Sequence[Any] = (), video_urls: Sequence[str] = (), documents: Sequence[Any] = (),
                  holders: Iterable[dict[str, Any]] = (), is_demo: bool = False, slug: str = "",
                  **fields: Any) -> WisdomRecord:
    """Create a draft record with its steps, holders and media, all or nothing.

    Producers may only attach their own groups; every photo is validated (a real image,
    size/pixel-limited) and every video link checked before anything is written. The actor
    is the compiler (``created_by``) unless staff name another; staff may also give the slug
    (the spreadsheet import does)."""
    if not (permissions.is_staff_user(actor) or permissions.is_producer(actor)):
        raise PermissionDenied(_("เฉพาะผู้ผลิตและเจ้าหน้าที่เท่านั้นที่บันทึกภูมิปัญญาได้"))
    _check_fields(actor, fields)
    if slug and not permissions.is_staff_user(actor):
        raise ValidationError(_("ไม่สามารถแก้ไขช่องนี้โดยตรงได้: %(f)s") % {"f": "slug"})
    _check_owner_group(actor, fields.get("owner_group"))
    _validate_photos(photos)
    _validate_documents(documents)
    links = _validate_videos(video_urls)
    created_by: Any = fields.pop("created_by", None) or as_user(actor)
    record = WisdomRecord(title_th=title_th, subdistrict=subdistrict, category=category, created_by=created_by,
                          status=Status.DRAFT, is_demo=is_demo, **fields)
    record.slug = slug if slug and slug not in RESERVED_SLUGS else _record_slug(fields.get("title_en") or title_th)
    record._history_user = as_user(actor)  # type: ignore[attr-defined]
    record.full_clean()
    record.save()
    if steps:
        _steps_set(record=record, steps=steps)
    for holder in holders:
        _holder_add(actor=actor, record=record, is_demo=is_demo, **holder)
    _add_media(actor=actor, record=record, photos=photos, links=links, documents=documents, is_demo=is_demo)
    return record


@transaction.atomic
def record_update(*, actor: Any, record: WisdomRecord, steps: Sequence[str] | None = None,
                  photos: Sequence[Any] = (), video_urls: Sequence[str] = (), documents: Sequence[Any] = (),
                  remove_media: Iterable[Media] = (), holders_add: Iterable[dict[str, Any]] = (),
                  holders_update: Iterable[tuple[KnowledgeHolder, dict[str, Any]]] = (),
                  holders_delete: Iterable[KnowledgeHolder] = (), **fields: Any) -> WisdomRecord:
    """Change a record the actor may edit (producers: their drafts only), all or nothing."""
    record = WisdomRecord.objects.select_for_update().get(pk=record.pk)
    _require_editable(actor, record)
    _check_fields(actor, fields)
    if "owner_group" in fields and fields["owner_group"] != record.owner_group:
        _check_owner_group(actor, fields["owner_group"])
    _validate_photos(photos)
    _validate_documents(documents)
    links = _validate_videos(video_urls)
    for name, value in fields.items():
        setattr(record, name, value)
    if "created_by" in fields and fields["created_by"] is None:
        compiler: Any = as_user(actor)
        record.created_by = compiler
    record._history_user = as_user(actor)  # type: ignore[attr-defined]
    record.full_clean()
    record.save()
    # The permission was checked above, on the record as it was: the parts follow it even when
    # this very change (another owner group) takes the record out of the actor's hands.
    if steps is not None:
        _steps_set(record=record, steps=steps)
    for item in remove_media:
        if item.record_id != record.pk:
            raise ValidationError(_("สื่อนี้ไม่ได้อยู่ในภูมิปัญญานี้"))
        _media_delete(item=item)
    for holder in holders_delete:
        if holder.record_id != record.pk:
            raise ValidationError(_("ปราชญ์ชาวบ้านคนนี้ไม่ได้อยู่ในภูมิปัญญานี้"))
        holder.delete()
    for holder, changes in holders_update:
        if holder.record_id != record.pk:
            raise ValidationError(_("ปราชญ์ชาวบ้านคนนี้ไม่ได้อยู่ในภูมิปัญญานี้"))
        _holder_update(actor=actor, holder=holder, **changes)
    for holder_fields in holders_add:
        _holder_add(actor=actor, record=record, is_demo=record.is_demo, **holder_fields)
    _add_media(actor=actor, record=record, photos=photos, links=links, documents=documents,
               is_demo=record.is_demo)
    return record


@transaction.atomic
def record_delete(*, actor: Any, record: WisdomRecord) -> None:
    """Delete a record with its media files. Producers may delete only their own drafts
    (editable_by); staff any record. Files go once the transaction commits."""
    if not WisdomRecord.objects.editable_by(actor).filter(pk=record.pk).exists():
        raise PermissionDenied(_("คุณลบได้เฉพาะร่างของคุณเองเท่านั้น"))
    for photo in record.photos.all():
        _media_delete(item=photo)
    for document in record.documents.all():
        _media_delete(item=document)
    _forms_deleted_after_commit(HolderConsent.objects.filter(holder__record=record))
    record.delete()


def _add_media(*, actor: Any, record: WisdomRecord, photos: Sequence[Any], links: Sequence[VideoLink],
               documents: Sequence[Any], is_demo: bool) -> None:
    start = next_position(record.photos.all())
    for i, f in enumerate(photos):
        _photo_add(record=record, file=f, position=start + i, is_demo=is_demo, validated=True)
    for link in links:
        _video_add(record=record, url=link.url, is_demo=is_demo)
    for f in documents:
        _document_add(record=record, file=f, title=_document_title(f), is_demo=is_demo)


def _document_title(f: Any) -> str:
    name = getattr(f, "name", "") or _("เอกสาร")
    return str(name).rsplit("/", 1)[-1][:300]


# --- Process steps ------------------------------------------------------------------------


@transaction.atomic
def steps_set(*, actor: Any, record: WisdomRecord, steps: Sequence[str]) -> list[ProcessStep]:
    """Replace the record's process steps with `steps`, in order (blank lines dropped)."""
    _require_editable(actor, record)
    return _steps_set(record=record, steps=steps)


def _steps_set(*, record: WisdomRecord, steps: Sequence[str]) -> list[ProcessStep]:
    record.steps.all().delete()
    items = []
    for position, text in enumerate([s.strip() for s in steps if s and s.strip()], start=1):
        step = ProcessStep(record=record, position=position, text=text)
        step.full_clean()
        items.append(step)
    return ProcessStep.objects.bulk_create(items)


@transaction.atomic
def step_add(*, actor: Any, record: WisdomRecord, text: str, position: int | None = None) -> ProcessStep:
    """Add one step (at the end unless a free `position` is given)."""
    _require_editable(actor, record)
    if position is None:
        last = record.steps.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    step = ProcessStep(record=record, position=position, text=text)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_update(*, actor: Any, step: ProcessStep, **fields: Any) -> ProcessStep:
    """Change a step's text or position (positions stay unique per record)."""
    _require_editable(actor, step.record)
    for name, value in fields.items():
        if name not in ("text", "position"):
            raise ValidationError(_("ไม่สามารถแก้ไขช่องนี้โดยตรงได้: %(f)s") % {"f": name})
        setattr(step, name, value)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_delete(*, actor: Any, step: ProcessStep) -> None:
    _require_editable(actor, step.record)
    step.delete()


# --- Knowledge holders --------------------------------------------------------------------

HOLDER_FIELDS = {"name", "age", "birth_year", "role", "contact"}


@transaction.atomic
def holder_add(*, actor: Any, record: WisdomRecord, name: str, is_demo: bool = False,
               **fields: Any) -> KnowledgeHolder:
    """Add a knowledge holder (their consent is recorded per scope with ``consent_grant``)."""
    _require_editable(actor, record)
    return _holder_add(actor=actor, record=record, name=name, is_demo=is_demo, **fields)


def _holder_add(*, actor: Any, record: WisdomRecord, name: str, is_demo: bool = False,
                **fields: Any) -> KnowledgeHolder:
    unknown = set(fields) - HOLDER_FIELDS
    if unknown:
        raise ValidationError(_("ไม่สามารถแก้ไขช่องนี้โดยตรงได้: %(f)s") % {"f": ", ".join(sorted(unknown))})
    holder = KnowledgeHolder(record=record, name=name, is_demo=is_demo, **fields)
    holder._history_user = as_user(actor)  # type: ignore[attr-defined]
    holder.full_clean()
    holder.save()
    return holder


@transaction.atomic
def holder_update(*, actor: Any, holder: KnowledgeHolder, **fields: Any) -> KnowledgeHolder:
    """Change a holder (name, role, contact…); validated as a whole. Consent changes only through
    ``consent_grant`` / ``consent_withdraw`` / ``consent_restore``."""
    _require_editable(actor, holder.record)
    return _holder_update(actor=actor, holder=holder, **fields)


def _holder_update(*, actor: Any, holder: KnowledgeHolder, **fields: Any) -> KnowledgeHolder:
    unknown = set(fields) - HOLDER_FIELDS
    if unknown:
        raise ValidationError(_("ไม่สามารถแก้ไขช่องนี้โดยตรงได้: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(holder, name, value)
    holder._history_user = as_user(actor)  # type: ignore[attr-defined]
    holder.full_clean()
    holder.save()
    return holder


@transaction.atomic
def holder_delete(*, actor: Any, holder: KnowledgeHolder) -> None:
    """Delete a holder with their consent periods; the signed forms' files go once the transaction commits."""
    _require_editable(actor, holder.record)
    _forms_deleted_after_commit(HolderConsent.objects.filter(holder=holder))
    holder.delete()


def _forms_deleted_after_commit(consents: Any) -> None:
    stored = _stored_files(*(c.form for c in consents))
    if stored:
        transaction.on_commit(lambda: _delete_files(stored))


# --- Media --------------------------------------------------------------------------------


@transaction.atomic
def photo_add(*, actor: Any, record: WisdomRecord, file: Any, caption: str = "", credit: str = "",
              access_level: str = AccessLevel.PUBLIC, position: int | None = None, is_demo: bool = False,
              validated: bool = False) -> WisdomPhoto:
    """Store a photo through core.photos.store_photo: validated (a real, size-limited image), the
    original kept private, a public copy without EXIF and a thumbnail. At the end of the gallery
    unless a position is given."""
    _require_editable(actor, record)
    return _photo_add(record=record, file=file, caption=caption, credit=credit, access_level=access_level,
                      position=position, is_demo=is_demo, validated=validated)


def _photo_add(*, record: WisdomRecord, file: Any, caption: str = "", credit: str = "",
               access_level: str = AccessLevel.PUBLIC, position: int | None = None, is_demo: bool = False,
               validated: bool = False) -> WisdomPhoto:
    if position is None:
        position = next_position(record.photos.all())
    photo = WisdomPhoto(record=record, caption=caption, credit=credit, access_level=access_level,
                        position=position, is_demo=is_demo)
    store_photo(photo, file, validated=validated)
    return photo


@transaction.atomic
def photo_update(*, actor: Any, photo: WisdomPhoto, file: Any = None, **fields: Any) -> WisdomPhoto:
    """Change a photo's caption, credit, access level or position; a new `file` replaces the
    picture (all three stored copies; the old files go once the transaction commits)."""
    _require_editable(actor, photo.record)
    unknown = set(fields) - {"caption", "credit", "access_level", "position"}
    if unknown:
        raise ValidationError(_("ไม่สามารถแก้ไขช่องนี้โดยตรงได้: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(photo, name, value)
    if file is None:
        photo.full_clean(exclude=["original"])
        photo.save()
        return photo
    old = _stored_files(photo.original, photo.image, photo.thumbnail)
    store_photo(photo, file)
    transaction.on_commit(lambda: _delete_files(old))
    return photo


@transaction.atomic
def video_add(*, actor: Any, record: WisdomRecord, url: str, title: str = "",
              access_level: str = AccessLevel.PUBLIC, position: int = 0, is_demo: bool = False) -> WisdomVideo:
    """Only YouTube/Facebook links (stored normalised); others get a Thai message."""
    _require_editable(actor, record)
    return _video_add(record=record, url=url, title=title, access_level=access_level, position=position,
                      is_demo=is_demo)


def _video_add(*, record: WisdomRecord, url: str, title: str = "", access_level: str = AccessLevel.PUBLIC,
               position: int = 0, is_demo: bool = False) -> WisdomVideo:
    link = parse_video_url(url)
    video = WisdomVideo(record=record, url=link.url, title=title, access_level=access_level, position=position,
                        is_demo=is_demo)
    video.full_clean()
    video.save()
    return video


@transaction.atomic
def video_update(*, actor: Any, video: WisdomVideo, **fields: Any) -> WisdomVideo:
    """Change a video's link (checked and normalised as on adding), title, access level or position."""
    _require_editable(actor, video.record)
    unknown = set(fields) - {"url", "title", "access_level", "position"}
    if unknown:
        raise ValidationError(_("ไม่สามารถแก้ไขช่องนี้โดยตรงได้: %(f)s") % {"f": ", ".join(sorted(unknown))})
    if "url" in fields:
        fields["url"] = parse_video_url(fields["url"]).url
    for name, value in fields.items():
        setattr(video, name, value)
    video.full_clean()
    video.save()
    return video


@transaction.atomic
def document_add(*, actor: Any, record: WisdomRecord, file: Any, title: str,
                 access_level: str = AccessLevel.PUBLIC, position: int = 0,
                 is_demo: bool = False) -> WisdomDocument:
    """Store a PDF (checked to be one) with its title."""
    _require_editable(actor, record)
    return _document_add(record=record, file=file, title=title, access_level=access_level, position=position,
                         is_demo=is_demo)


def _document_add(*, record: WisdomRecord, file: Any, title: str, access_level: str = AccessLevel.PUBLIC,
                  position: int = 0, is_demo: bool = False) -> WisdomDocument:
    validate_pdf_file(file)
    doc = WisdomDocument(record=record, title=title, access_level=access_level, position=position,
                         is_demo=is_demo)
    doc.file.save(getattr(file, "name", "document.pdf") or "document.pdf", file, save=False)
    doc.full_clean(exclude=["file"])
    doc.save()
    return doc


@transaction.atomic
def document_update(*, actor: Any, document: WisdomDocument, file: Any = None, **fields: Any) -> WisdomDocument:
    """Change a document's title, access level or position; a new PDF `file` replaces the stored
    one (the old file goes once the transaction commits)."""
    _require_editable(actor, document.record)
    unknown = set(fields) - {"title", "access_level", "position"}
    if unknown:
        raise ValidationError(_("ไม่สามารถแก้ไขช่องนี้โดยตรงได้: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for name, value in fields.items():
        setattr(document, name, value)
    if file is not None:
        validate_pdf_file(file)
        old = _stored_files(document.file)
        document.file.save(getattr(file, "name", "document.pdf") or "document.pdf", file, save=False)
        transaction.on_commit(lambda: _delete_files(old))
    document.full_clean(exclude=["file"])
    document.save()
    return document


@transaction.atomic
def media_delete(*, actor: Any, item: Media) -> None:
    """Remove a photo, video or document. Its stored files (a photo's private original too,
    core.photos.PhotoBase.delete_files) are deleted once the transaction commits, so a removed
    sacred photo is really gone, and a rolled-back change loses no file."""
    _require_editable(actor, item.record)
    _media_delete(item=item)


def _media_delete(*, item: Media) -> None:
    if isinstance(item, WisdomPhoto):
        item.delete()
        transaction.on_commit(item.delete_files)
        return
    stored = _stored_files(*(getattr(item, n) for n in getattr(item, "protected_file_fields", ())))
    item.delete()
    transaction.on_commit(lambda: _delete_files(stored))


def photo_delete(*, actor: Any, photo: WisdomPhoto) -> None:
    """Remove a photo and (after commit) its three stored files."""
    media_delete(actor=actor, item=photo)


def video_delete(*, actor: Any, video: WisdomVideo) -> None:
    media_delete(actor=actor, item=video)


def document_delete(*, actor: Any, document: WisdomDocument) -> None:
    """Remove a document and (after commit) its stored PDF."""
    media_delete(actor=actor, item=document)


# --- Workflow -----------------------------------------------------------------------------


def _transition(*, actor: Any, record: WisdomRecord, allowed_from: Sequence[str], to: str,
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
    locked._history_user = as_user(actor)  # type: ignore[attr-defined]
    locked.save(update_fields=update)
    user: Any = as_user(actor)
    entry = StatusTransition(record=locked, from_status=previous, to_status=to, actor=user, comment=comment)
    entry.full_clean()
    entry.save()
    record._transition_entry = entry  # type: ignore[attr-defined]  # the key of its notification
    record.status = locked.status
    record.published_at = locked.published_at
    return record


def _require_staff(actor: Any) -> None:
    if not permissions.is_staff_user(actor):
        raise PermissionDenied(_("เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้น"))


@transaction.atomic
def record_submit(*, actor: Any, record: WisdomRecord, comment: str = "") -> WisdomRecord:
    """draft → submitted, by whoever may edit the draft (its producer, their group, staff)."""
    if not WisdomRecord.objects.editable_by(actor).filter(pk=record.pk).exists() \
            and not permissions.is_staff_user(actor):
        raise PermissionDenied(_("ส่งตรวจสอบได้เฉพาะร่างของคุณหรือของกลุ่มของคุณ"))
    return _transition(actor=actor, record=record, allowed_from=[Status.DRAFT], to=Status.SUBMITTED,
                       comment=comment)


@transaction.atomic
def record_verify(*, actor: Any, record: WisdomRecord, comment: str = "") -> WisdomRecord:
    """submitted → verified, staff only."""
    _require_staff(actor)
    return _transition(actor=actor, record=record, allowed_from=[Status.SUBMITTED], to=Status.VERIFIED,
                       comment=comment)


@transaction.atomic
def record_publish(*, actor: Any, record: WisdomRecord, comment: str = "") -> WisdomRecord:
    """verified → published, staff only; refused while a knowledge holder has withdrawn consent to
    documentation (and not restored it)."""
    _require_staff(actor)
    if _documentation_withdrawn(record):
        raise ValidationError(_("เผยแพร่ไม่ได้: ปราชญ์ชาวบ้านของภูมิปัญญานี้ถอนความยินยอมแล้ว"))
    record = _transition(actor=actor, record=record, allowed_from=[Status.VERIFIED], to=Status.PUBLISHED,
                         comment=comment)
    _notify_community(actor=actor, record=record, event=NotificationEvent.WISDOM_PUBLISHED,
                      title=_("ภูมิปัญญา “%(title)s” ได้รับการเผยแพร่แล้ว") % {"title": record.title_th},
                      body=comment)
    return record


@transaction.atomic
def record_send_back(*, actor: Any, record: WisdomRecord, comment: str) -> WisdomRecord:
    """submitted/verified/published → draft, staff only, with a comment saying what to fix."""
    _require_staff(actor)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("กรุณาระบุเหตุผลหรือสิ่งที่ต้องแก้ไขเมื่อส่งกลับ")})
    record = _transition(actor=actor, record=record,
                         allowed_from=[Status.SUBMITTED, Status.VERIFIED, Status.PUBLISHED], to=Status.DRAFT,
                         comment=comment.strip())
    _notify_community(actor=actor, record=record, event=NotificationEvent.WISDOM_SENT_BACK,
                      title=_("ภูมิปัญญา “%(title)s” ถูกส่งกลับให้แก้ไข") % {"title": record.title_th},
                      body=_("ความเห็นเจ้าหน้าที่: %(comment)s") % {"comment": comment.strip()})
    return record


def _notify_community(*, actor: Any, record: WisdomRecord, event: str, title: str, body: str) -> None:
    """Tell the record's compiler and the members of its owning group (core.notifications)."""
    entry = getattr(record, "_transition_entry", None)
    recipients = [record.created_by, *group_members(record.owner_group_id)]
    notify(actor=actor, recipients=recipients, event=event, object=record, title=title, body=body,
           key=f"wisdom:{record.pk}:{event}:{entry.pk if entry else record.status}")


# --- Structured consent -------------------------------------------------------------------


def _documentation_withdrawn(record: WisdomRecord) -> bool:
    """A holder of `record` withdrew consent to documentation and has no open period of it again."""
    periods = HolderConsent.objects.filter(holder__record=record, scope=ConsentScope.DOCUMENTATION)
    withdrawn = set(periods.filter(withdrawn_on__isnull=False).values_list("holder_id", flat=True))
    open_ = set(periods.filter(withdrawn_on__isnull=True).values_list("holder_id", flat=True))
    return bool(withdrawn - open_)


def _require_consent_recorder(actor: Any, holder: KnowledgeHolder) -> None:
    """Staff record consent for any holder; the record's own community (its compiler, its owner
    group) for its holders, whatever the record's status."""
    if permissions.is_staff_user(actor):
        return
    if not WisdomRecord.objects.mine(actor).filter(pk=holder.record_id).exists():
        raise PermissionDenied(_("บันทึกความยินยอมได้เฉพาะเจ้าหน้าที่หรือชุมชนเจ้าของภูมิปัญญา"))


def _lock_holder(holder: KnowledgeHolder) -> KnowledgeHolder:
    """Serialise every consent change of one holder (the open-period constraint is the last word)."""
    return KnowledgeHolder.objects.select_for_update().select_related("record").get(pk=holder.pk)


def _check_scope(scope: str) -> None:
    if scope not in ConsentScope.values:
        raise ValidationError({"scope": _("ไม่มีขอบเขตความยินยอมนี้")})


def _open_period(*, actor: Any, holder: KnowledgeHolder, scope: str, given_on: Any, witness: str,
                 form: Any, note: str, is_demo: bool) -> HolderConsent:
    import datetime as dt

    if not isinstance(given_on, dt.date):
        raise ValidationError({"given_on": _("ระบุวันที่ให้ความยินยอม")})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("วันที่ให้ความยินยอมต้องไม่เป็นวันในอนาคต")})
    staff = permissions.is_staff_user(actor)
    witness = (witness or "").strip()
    if not staff and not witness:
        raise ValidationError({"witness": _("ระบุชื่อพยาน (หรือให้เจ้าหน้าที่เป็นผู้บันทึก)")})
    if not form and not permissions.is_system(actor):
        raise ValidationError({"form": _("แนบแบบฟอร์มความยินยอมที่ลงนามแล้ว (PDF หรือรูปภาพ)")})
    periods = HolderConsent.objects.filter(holder=holder, scope=scope)
    if periods.filter(withdrawn_on__isnull=True).exists():
        raise ValidationError(_("ปราชญ์ชาวบ้านให้ความยินยอมในขอบเขตนี้อยู่แล้ว"))
    last = periods.filter(withdrawn_on__isnull=False).order_by("-withdrawn_on").first()
    if last is not None and last.withdrawn_on is not None and given_on < last.withdrawn_on:
        raise ValidationError({"given_on": _("วันที่ให้ความยินยอมใหม่ต้องไม่ก่อนวันที่ถอนครั้งล่าสุด")})
    consent = HolderConsent(holder=holder, scope=scope, given_on=given_on, witness=witness,
                            recorded_by=as_user(actor) if staff else None, note=note or "", is_demo=is_demo)
    if form:
        consent.form = form
    consent._history_user = as_user(actor)  # type: ignore[attr-defined]
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_grant(*, actor: Any, holder: KnowledgeHolder, scope: str, given_on: Any, witness: str = "",
                  form: Any = None, note: str = "", is_demo: bool = False) -> HolderConsent:
    """Record that `holder` consents to `scope` from `given_on` (not in the future).

    Rules: staff record it (they are the recorder) or the record's own community does, naming a
    witness; a signed form (PDF or photo) is attached (core.actors.SYSTEM — the demo loader — may
    omit it); one open period per holder and scope (database constraint); a new period never starts
    before the last withdrawal."""
    _check_scope(scope)
    holder = _lock_holder(holder)
    _require_consent_recorder(actor, holder)
    return _open_period(actor=actor, holder=holder, scope=scope, given_on=given_on, witness=witness,
                        form=form, note=note, is_demo=is_demo)


@transaction.atomic
def consent_restore(*, actor: Any, holder: KnowledgeHolder, scope: str, given_on: Any, witness: str = "",
                    form: Any = None, note: str = "") -> HolderConsent:
    """A holder who withdrew consent to `scope` gives it again: a new period from `given_on`, with the
    same rules as ``consent_grant``. Nothing is republished: what the withdrawal unpublished stays a
    draft until its owners publish it again."""
    _check_scope(scope)
    holder = _lock_holder(holder)
    _require_consent_recorder(actor, holder)
    if not HolderConsent.objects.filter(holder=holder, scope=scope, withdrawn_on__isnull=False).exists():
        raise ValidationError(_("ยังไม่เคยถอนความยินยอมในขอบเขตนี้ ใช้การให้ความยินยอมแทน"))
    return _open_period(actor=actor, holder=holder, scope=scope, given_on=given_on, witness=witness,
                        form=form, note=note, is_demo=False)


def _staff_emails() -> list[str]:
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(role="staff", is_active=True).exclude(email="")
                .values_list("email", flat=True))


@transaction.atomic
def consent_withdraw(*, actor: Any, holder: KnowledgeHolder, scope: str, on: Any = None,
                     note: str = "") -> tuple[HolderConsent, list[str]]:
    """`holder` withdraws consent to `scope` from `on` (today by default; not in the future, not
    before the period began). In the same transaction every dependent object is unpublished by its
    own app (``signals.consent_withdrawn``: products for PRODUCT, tourism programs for TOURISM,
    knowledge items for EDUCATION; a published record goes back to draft for DOCUMENTATION), their
    owners are e-mailed by those apps and staff get one e-mail listing everything. Returns the closed
    period and the Thai descriptions of what was unpublished."""
    import datetime as dt

    from core.actors import SYSTEM
    from core.outbox import email_queue

    _check_scope(scope)
    holder = _lock_holder(holder)
    _require_consent_recorder(actor, holder)
    on = on or timezone.localdate()
    if not isinstance(on, dt.date):
        raise ValidationError({"on": _("ระบุวันที่ถอนความยินยอม")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("วันที่ถอนความยินยอมต้องไม่เป็นวันในอนาคต")})
    consent = HolderConsent.objects.select_for_update().filter(
        holder=holder, scope=scope, withdrawn_on__isnull=True).first()
    if consent is None:
        raise ValidationError(_("ปราชญ์ชาวบ้านไม่ได้ให้ความยินยอมในขอบเขตนี้อยู่"))
    if on < consent.given_on:
        raise ValidationError({"on": _("วันที่ถอนความยินยอมต้องไม่ก่อนวันที่ให้ความยินยอม")})
    consent.withdrawn_on = on
    consent.withdrawn_by = as_user(actor)
    if note:
        consent.note = f"{consent.note}\n{note}".strip()
    consent._history_user = as_user(actor)  # type: ignore[attr-defined]
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on", "withdrawn_by", "note", "updated_at"])
    record = holder.record
    unpublished: list[str] = []
    if scope == ConsentScope.DOCUMENTATION and record.status == Status.PUBLISHED:
        _transition(actor=SYSTEM, record=record, allowed_from=[Status.PUBLISHED], to=Status.DRAFT,
                    comment=_("ปราชญ์ชาวบ้าน %(n)s ถอนความยินยอมในการบันทึกและเผยแพร่") % {"n": holder.name})
        unpublished.append(_("ภูมิปัญญา: %(t)s") % {"t": record.title_th})
    for _receiver, response in signals.consent_withdrawn.send(
            sender=HolderConsent, consent=consent, holder=holder, record_ids=[record.pk], scope=scope, on=on,
            actor=actor):
        unpublished.extend(response or [])
    body = _("ปราชญ์ชาวบ้าน %(n)s ของภูมิปัญญา “%(t)s” ถอนความยินยอมด้าน%(s)s ตั้งแต่วันที่ %(d)s") % {
        "n": holder.name, "t": record.title_th, "s": ConsentScope(scope).label, "d": on.isoformat()}
    if unpublished:
        body += "\n\n" + _("สิ่งที่ระบบดำเนินการแล้ว (ยกเลิกการเผยแพร่ หยุดคิดส่วนแบ่ง):") + "\n" + "\n".join(f"- {u}" for u in unpublished)
    else:
        body += "\n\n" + _("ไม่มีรายการที่ต้องยกเลิกการเผยแพร่")
    email_queue(actor=SYSTEM, key=f"wisdom-consent:{consent.pk}:withdrawn", to=_staff_emails(),
                subject=_("ถอนความยินยอม: %(t)s") % {"t": record.title_th}, body=body)
    return consent, unpublished
