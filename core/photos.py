"""One photo model base and one pipeline for every gallery (wisdom, products, tourism, …).

A stored photo is never the upload itself: ``store_photo`` validates the file (a real image,
size- and pixel-limited, fully decodable), keeps the original only where the model has a
private ``original`` field, and stores a re-encoded public copy without EXIF/GPS metadata and
a thumbnail. Both copies are served through core.files (never from a public folder), so a
photo follows the permission of the object it belongs to.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

from django.db import models
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from .files import delete_after_commit
from .models import DemoMarkedModel, TimeStampedModel
from .uploads import stripped_copy, thumbnail, validate_image_file


def _name(folder: str, filename: str) -> str:
    ext = os.path.splitext(filename)[1].lower()[:8] or ".jpg"
    return f"{folder}/{uuid.uuid4().hex}{ext}"


def photo_upload_to(instance: Any, filename: str) -> str:
    """<app>/photos/<random>.<ext>: names that reveal nothing and never collide."""
    return _name(f"{instance._meta.app_label}/photos", filename)


def thumbnail_upload_to(instance: Any, filename: str) -> str:
    return _name(f"{instance._meta.app_label}/thumbs", filename)


class PhotoBase(TimeStampedModel, DemoMarkedModel):
    """A photo in a gallery: the public copy (EXIF-free), its thumbnail, a caption and a position.

    Subclasses add the foreign key to what the photo shows and a QuerySet that makes the photo
    visible with it. Create photos only through ``store_photo`` (or a service that calls it)."""

    protected_file_fields = ("image", "thumbnail")

    image = models.ImageField(_("รูปภาพ (ลบข้อมูล EXIF แล้ว)"), upload_to=photo_upload_to, blank=True)
    thumbnail = models.ImageField(_("รูปย่อ"), upload_to=thumbnail_upload_to, blank=True, editable=False)
    caption = models.CharField(_("คำบรรยายภาพ"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return self.caption or f"{_('ภาพ')} #{self.pk}"

    def delete_files(self) -> None:
        """Remove every stored copy (public, thumbnail and a private original when there is one) once
        the current transaction commits (core.files.delete_after_commit)."""
        delete_after_commit(*(getattr(self, name, None) for name in ("image", "thumbnail", "original")))


def next_position(queryset: Any) -> int:
    """The position after the last photo in `queryset` (0 for an empty gallery)."""
    last = queryset.aggregate(m=Max("position"))["m"]
    return 0 if last is None else last + 1


def store_photo(photo: Any, file: Any, *, validated: bool = False) -> Any:
    """THE photo pipeline: validate `file`, keep a private original when the model has one,
    store the EXIF-free public copy and the thumbnail, then ``full_clean`` and save `photo`.

    `photo` is an unsaved instance with its foreign key, caption and position set. Raises
    ValidationError (Thai) for anything that is not a real, reasonably sized image."""
    if not validated:
        validate_image_file(file)
    file.seek(0)
    name = os.path.basename(getattr(file, "name", "") or "photo.jpg")
    if hasattr(photo, "original"):
        photo.original.save(name, file, save=False)
        source = photo.original
        source.open("rb")
    else:
        source = file
    try:
        clean = stripped_copy(source, name)
        photo.image.save(clean.name or name, clean, save=False)
        source.seek(0)
        thumb = thumbnail(source, name)
        photo.thumbnail.save(thumb.name or name, thumb, save=False)
        photo.full_clean(exclude=["original"] if hasattr(photo, "original") else None)
        photo.save()
    except BaseException:
        # nothing half-saved: the copies written so far go with the refused photo
        for field in ("image", "thumbnail", "original"):
            stored = getattr(photo, field, None)
            if stored and stored.name:
                stored.storage.delete(stored.name)
        raise
    finally:
        if source is not file:
            source.close()
    return photo


def delete_photo(photo: Any) -> None:
    """Delete `photo` and, once the transaction commits, every file it stored."""
    photo.delete_files()
    photo.delete()
