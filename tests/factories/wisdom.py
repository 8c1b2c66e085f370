import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory
from PIL import Image

from wisdom.choices import AccessLevel, Category, ConsentScope, Status
from wisdom.models import HolderConsent, KnowledgeHolder, WisdomRecord, WisdomVideo


class WisdomRecordFactory(DjangoModelFactory):
    class Meta:
        model = WisdomRecord

    title_th = factory.Sequence(lambda n: f"ภูมิปัญญาทดสอบ {n}")
    slug = factory.Sequence(lambda n: f"wisdom-{n}")
    category = Category.HANDICRAFT
    subdistrict_id = "150305"
    village_no = 2
    status = Status.PUBLISHED
    access_level = AccessLevel.PUBLIC


class KnowledgeHolderFactory(DjangoModelFactory):
    class Meta:
        model = KnowledgeHolder
        skip_postgeneration_save = True

    record = factory.SubFactory(WisdomRecordFactory)
    name = factory.Sequence(lambda n: f"ปราชญ์ทดสอบ {n}")
    contact = "081-234-5678"

    @factory.post_generation
    def scopes(self, create, extracted, **kwargs):
        """The scopes the holder consents to, from 2026-01-15: every scope unless told
        (``scopes=()`` for a holder not yet asked, ``scopes=["product"]`` for one)."""
        if not create:
            return
        for scope in ConsentScope.values if extracted is None else extracted:
            HolderConsentFactory(holder=self, scope=scope)


class HolderConsentFactory(DjangoModelFactory):
    class Meta:
        model = HolderConsent

    holder = factory.SubFactory(KnowledgeHolderFactory, scopes=())
    scope = ConsentScope.PRODUCT
    given_on = datetime.date(2026, 1, 15)
    witness = "ผู้ใหญ่บ้าน"


class WisdomVideoFactory(DjangoModelFactory):
    class Meta:
        model = WisdomVideo

    record = factory.SubFactory(WisdomRecordFactory)
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def image_bytes(fmt="JPEG", size=(64, 48), exif_gps=False, color=(200, 120, 30)) -> bytes:
    img = Image.new("RGB", size, color)
    buf = io.BytesIO()
    kwargs = {}
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"  # Make
        gps = exif.get_ifd(0x8825)
        gps[1] = "N"
        gps[2] = (14.0, 28.0, 0.0)
        gps[3] = "E"
        gps[4] = (100.0, 26.0, 0.0)
        kwargs["exif"] = exif
    img.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


def image_upload(name="photo.jpg", **kw) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(**kw), content_type="image/jpeg")


def fake_image_upload(name="evil.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"<?php echo 'not an image'; ?>", content_type="image/jpeg")


def pdf_upload(name="survey.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                              content_type="application/pdf")


def photo(record, **kw):
    from core.actors import SYSTEM
    from wisdom import services

    return services.photo_add(actor=SYSTEM, record=record, file=image_upload(), **kw)
