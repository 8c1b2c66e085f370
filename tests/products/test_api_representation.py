"""ProductSerializer writes its fields out by hand (the API list's serialising cost); the output is DRF's own
(`generic_representation`): the same keys in the same order and the same values, in Thai and English."""

import datetime as dt
import json

import pytest
from django.test import RequestFactory
from django.utils import translation

from products.api.serializers import ProductSerializer
from products.choices import PublishStatus, StandardKind
from products.models import Certification, ProductPhoto
from products.selectors import product_list, visible_wisdom_prefetch
from tests.factories.products import ProductFactory, StarRatingFactory
from tests.factories.wisdom import WisdomRecordFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["th", "en"])
def test_written_out_representation_is_drfs(group, language):
    plain = ProductFactory(group=group, price=None, name_en="Drum", unit_en="")
    full = ProductFactory(group=group, price="1234.5", is_demo=True, description="<b>ผ้า</b>", story="เรื่อง")
    StarRatingFactory(product=full, year=2566, stars=3)
    StarRatingFactory(product=full, year=2568, stars=5)
    ProductPhoto.objects.create(product=full, image="p/a.jpg", thumbnail="", caption="หนึ่ง", position=1)
    ProductPhoto.objects.create(product=full, image="p/b.jpg", thumbnail="p/b_t.jpg", caption="", position=0)
    Certification.objects.create(product=full, kind=StandardKind.TCPS, number="มผช. 1/2566",
                                 issued_on=dt.date(2023, 1, 5), expires_on=dt.date(2024, 1, 4))
    Certification.objects.create(product=full, kind=StandardKind.OTHER, kind_other="รางวัล")
    wisdom = WisdomRecordFactory()
    full.wisdom_records.add(wisdom)
    ProductFactory(group=group, status=PublishStatus.DRAFT)
    request = RequestFactory().get("/api/v1/products/")
    request.user = None
    products = list(product_list(user=None).prefetch_related("certifications", "star_ratings",
                                                             visible_wisdom_prefetch(user=None)))
    assert {plain.pk, full.pk} <= {p.pk for p in products}
    serializer = ProductSerializer(context={"request": request})
    with translation.override(language):
        for p in products:
            written, generic = serializer.to_representation(p), serializer.generic_representation(p)
            assert json.dumps(written, ensure_ascii=False) == json.dumps(generic, ensure_ascii=False)
    written = serializer.to_representation(next(p for p in products if p.pk == full.pk))
    assert written["price"] == "1234.50" and written["wisdom_records"] == [wisdom.pk]
    assert len(written["photos"]) == 2 and len(written["certifications"]) == 2
