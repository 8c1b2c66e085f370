"""Validation and processing of uploaded files (images and PDF documents).

Images are opened with Pillow to prove they are images (a file that only has
an image's name or content type is refused), size- and pixel-limited
(decompression bombs are refused), and re-encoded for public copies without
EXIF metadata (which can carry the GPS location of a sacred place or a home).
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
THUMBNAIL_SIZE = (480, 480)


def _read_head(file, n):
    pos = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    data = file.read(n)
    file.seek(pos)
    return data


def validate_image_file(file) -> None:
    """Raise ValidationError (Thai message) unless `file` is a real, reasonably sized image."""
    if file is None:
        return
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("ไฟล์รูปภาพใหญ่เกินไป (สูงสุด %(mb)s MB)") % {"mb": settings.IMAGE_MAX_BYTES // (1024 * 1024)},
            code="image_too_large")
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as img:
                fmt = img.format
                width, height = img.size
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(_("รูปภาพมีขนาดพิกเซลมากเกินไป"), code="image_too_many_pixels")
                img.verify()
            # verify() checks the structure only: a truncated image (a valid header, short pixel data)
            # passes it and fails later when re-encoded, so decode the pixels once too.
            file.seek(0)
            with Image.open(file) as img:
                img.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ValidationError(_("รูปภาพมีขนาดพิกเซลมากเกินไป"), code="image_too_many_pixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("ไฟล์นี้ไม่ใช่รูปภาพที่ถูกต้อง (รองรับ JPG, PNG, WEBP, GIF)"),
                              code="invalid_image") from exc
    finally:
        file.seek(0)
    if fmt not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("ไม่รองรับรูปภาพชนิดนี้ (รองรับ JPG, PNG, WEBP, GIF)"), code="image_format")


def validate_pdf_file(file) -> None:
    """Only PDF documents, size-limited, recognised by their signature (not their name)."""
    if file is None:
        return
    size = getattr(file, "size", None)
    if size is not None and size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("ไฟล์เอกสารใหญ่เกินไป (สูงสุด %(mb)s MB)") % {"mb": settings.DOCUMENT_MAX_BYTES // (1024 * 1024)},
            code="document_too_large")
    if _read_head(file, 5) != b"%PDF-":
        raise ValidationError(_("รองรับเฉพาะไฟล์ PDF"), code="not_pdf")


def validate_pdf_or_image(file, *, message: Any, code: str) -> None:
    """A signed paper (a consent form, an agreement, a receipt): a PDF or a photo of it, checked by content.
    A file too large for its kind keeps that message; anything else neither a PDF nor an image gets
    `message` with `code`."""
    if file is None:
        return
    try:
        validate_pdf_file(file)
    except ValidationError as pdf_error:
        if pdf_error.code == "document_too_large":
            raise
        try:
            validate_image_file(file)
        except ValidationError as exc:
            if exc.code in {"image_too_large", "image_too_many_pixels"}:
                raise
            raise ValidationError(message, code=code) from exc


def _open_normalised(file: Any) -> Image.Image:
    file.seek(0)
    img: Image.Image = Image.open(file)
    img = ImageOps.exif_transpose(img)  # keep the orientation the photographer saw
    if img.mode not in ("RGB", "RGBA", "L"):
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    return img


def _encode(img: Image.Image, name: str) -> ContentFile:
    buf = io.BytesIO()
    if img.mode in ("RGBA", "LA"):
        img.save(buf, format="PNG", optimize=True)
        ext = "png"
    else:
        img.convert("RGB").save(buf, format="JPEG", quality=85, optimize=True)
        ext = "jpg"
    return ContentFile(buf.getvalue(), name=f"{Path(name).stem}.{ext}")


def stripped_copy(file: Any, name: str | None = None) -> ContentFile:
    """A re-encoded copy with no EXIF/XMP metadata (no GPS location), same pixels."""
    img = _open_normalised(file)
    clean = Image.new(img.mode, img.size)
    clean.paste(img)
    return _encode(clean, str(name or getattr(file, "name", None) or "image"))


def thumbnail(file: Any, name: str | None = None, size: tuple[int, int] = THUMBNAIL_SIZE) -> ContentFile:
    """A small copy (fits in `size`), without metadata."""
    img = _open_normalised(file)
    img.thumbnail(size)
    clean = Image.new(img.mode, img.size)
    clean.paste(img)
    return _encode(clean, f"thumb-{Path(str(name or getattr(file, 'name', None) or 'image')).stem}")
