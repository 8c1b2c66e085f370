import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core import uploads


def _jpeg_with_gps() -> bytes:
    img = Image.new("RGB", (64, 48), "green")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (14.0, 27.0, 40.0), 3: "E", 4: (100.0, 28.0, 23.0)}  # GPS IFD
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif)
    return buf.getvalue()


def test_a_real_image_passes(settings):
    uploads.validate_image_file(SimpleUploadedFile("a.jpg", _jpeg_with_gps()))


@pytest.mark.parametrize("content", [b"GIF89a-not-really", b"%PDF-1.4 hello", b"", b"\x89PNG\r\n\x1a\n broken"])
def test_files_posing_as_images_are_refused(content):
    with pytest.raises(ValidationError) as exc:
        uploads.validate_image_file(SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg"))
    assert exc.value.code == "invalid_image"


def test_an_oversized_file_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        uploads.validate_image_file(SimpleUploadedFile("a.jpg", _jpeg_with_gps()))
    assert exc.value.code == "image_too_large"


def test_a_decompression_bomb_is_refused(settings):
    buf = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buf, format="PNG")  # tiny file, 144 megapixels
    settings.IMAGE_MAX_PIXELS = 40_000_000
    with pytest.raises(ValidationError) as exc:
        uploads.validate_image_file(SimpleUploadedFile("bomb.png", buf.getvalue()))
    assert exc.value.code == "image_too_many_pixels"


def test_public_copies_carry_no_exif_location():
    original = Image.open(io.BytesIO(_jpeg_with_gps()))
    assert original.getexif().get(0x8825)
    clean = Image.open(io.BytesIO(uploads.stripped_copy(io.BytesIO(_jpeg_with_gps()), "a.jpg").read()))
    assert not clean.getexif()
    assert clean.size == (64, 48)
    thumb = Image.open(io.BytesIO(uploads.thumbnail(io.BytesIO(_jpeg_with_gps()), "a.jpg", size=(32, 32)).read()))
    assert max(thumb.size) == 32 and not thumb.getexif()


def test_only_pdfs_pass_as_documents():
    uploads.validate_pdf_file(SimpleUploadedFile("a.pdf", b"%PDF-1.7\n..."))
    with pytest.raises(ValidationError):
        uploads.validate_pdf_file(SimpleUploadedFile("a.pdf", b"MZ\x90\x00 an exe"))
