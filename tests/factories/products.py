import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory
from PIL import Image

from core.choices import OtopProductType
from products.choices import PublishStatus
from products.models import DevelopmentProject, Product, StarRating
from tests.factories.core import ProducerGroupFactory


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    group = factory.SubFactory(ProducerGroupFactory)
    name_th = factory.Sequence(lambda n: f"ตุ๊กตาชาววังทดสอบ {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    product_type = OtopProductType.HOUSEHOLD
    price = 250
    unit = "ชิ้น"
    status = PublishStatus.PUBLISHED


class StarRatingFactory(DjangoModelFactory):
    class Meta:
        model = StarRating

    product = factory.SubFactory(ProductFactory)
    year = 2567
    stars = 4


class DevelopmentProjectFactory(DjangoModelFactory):
    """Plain row (no stage records); use products.services.project_create for the full project."""

    class Meta:
        model = DevelopmentProject

    group = factory.SubFactory(ProducerGroupFactory)
    title = factory.Sequence(lambda n: f"พัฒนาบรรจุภัณฑ์ {n}")
    fiscal_year = 2570


def image_upload(name="photo.jpg", size=(64, 48), color=(200, 120, 40), fmt="JPEG", exif=False):
    buf = io.BytesIO()
    img = Image.new("RGB", size, color)
    kwargs = {}
    if exif:
        ex = Image.Exif()
        ex[0x010F] = "CameraMaker"  # Make
        ex[0x8825] = {2: (13.0, 45.0, 0.0)}  # GPS
        kwargs["exif"] = ex.tobytes()
    img.save(buf, format=fmt, **kwargs)
    return SimpleUploadedFile(name, buf.getvalue(), content_type=f"image/{fmt.lower()}")


def pdf_upload(name="plan.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
                              content_type="application/pdf")
