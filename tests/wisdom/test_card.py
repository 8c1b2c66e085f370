"""{% wisdom_card r %} (wisdom/templatetags/wisdom_cards.py) writes out wisdom/_card.html in Python: the same
bytes, in Thai and in English, for every kind of card."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tests.factories.wisdom import WisdomRecordFactory, WisdomVideoFactory
from wisdom.choices import AccessLevel
from wisdom.models import WisdomPhoto
from wisdom.selectors import record_cards, record_public_list

pytestmark = pytest.mark.django_db

TAG = engines["django"].from_string("{% load wisdom_cards %}{% wisdom_card r %}")


@pytest.mark.parametrize("language", ["th", "en"])
def test_card_tag_writes_the_template_byte_for_byte(language, django_assert_max_num_queries):
    plain = WisdomRecordFactory(title_th="ทอผ้า <มือ> & ย้อม", summary="")
    full = WisdomRecordFactory(title_en="Doll making", is_demo=True, summary="ก" * 200,
                               access_level=AccessLevel.PUBLIC)
    WisdomPhoto.objects.create(record=full, image="w/a.jpg", original="w/o.jpg", thumbnail="w/a_t.jpg",
                               caption='ภาพ "หนึ่ง"', position=1)
    WisdomPhoto.objects.create(record=full, image="w/r.jpg", original="w/o.jpg", thumbnail="w/r_t.jpg",
                               caption="ลับ", position=0, access_level=AccessLevel.RESTRICTED)
    WisdomVideoFactory(record=full)
    captionless = WisdomRecordFactory(title_en="", summary="สั้น")
    WisdomPhoto.objects.create(record=captionless, image="w/b.jpg", original="w/o.jpg", thumbnail="",
                               caption="", position=0)
    request = RequestFactory().get("/wisdom/")
    request.user = AnonymousUser()
    with translation.override(language):
        records = list(record_public_list(user=None))
        assert {plain.pk, full.pk, captionless.pk} <= {r.pk for r in records}
        for r in records:
            template = render_to_string("wisdom/_card.html", {"r": r}, request=request).removesuffix("\n")
            assert TAG.render({"r": r}, request) == template, r.slug
        # record_cards (/wisdom/): the first visible photo as an annotation, the same cards in one query
        by_pk = {r.pk: r for r in records}
        with django_assert_max_num_queries(1):
            cards = list(record_cards(user=None))
        assert {r.pk for r in cards} == set(by_pk)
        for r in cards:
            template = render_to_string("wisdom/_card.html", {"r": by_pk[r.pk]}, request=request).removesuffix("\n")
            assert TAG.render({"r": r}, request) == template, r.slug
            assert 'alt="ลับ"' not in template  # the restricted photo is not the anonymous visitor's first
        # a record of another access level (as a member sees it)
        full = next(r for r in records if r.pk == full.pk)
        full.access_level = AccessLevel.MEMBERS
        template = render_to_string("wisdom/_card.html", {"r": full}, request=request).removesuffix("\n")
        assert TAG.render({"r": full}, request) == template
        assert "badge warn" in template
