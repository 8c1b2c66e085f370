"""{% product_card p %} (products/templatetags/product_cards.py) writes out products/_card.html in Python:
the same bytes, in Thai and in English, for every kind of card."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from products.choices import PublishStatus
from products.models import ProductPhoto
from products.selectors import product_cards, product_list
from tests.factories.products import ProductFactory, StarRatingFactory

pytestmark = pytest.mark.django_db

TAG = Template("{% load product_cards %}{% product_card p %}")


def both(p):
    return render_to_string("products/_card.html", {"p": p}), TAG.render(Context({"p": p}))


@pytest.mark.parametrize("language", ["th", "en"])
def test_card_tag_writes_the_template_byte_for_byte(group, language, django_assert_max_num_queries):
    plain = ProductFactory(group=group, name_th="กลอง <ยาว> & ชุด", unit="ใบ", unit_en="")
    demo_draft = ProductFactory(group=group, is_demo=True, status=PublishStatus.DRAFT, price=None,
                                name_en="Court doll")
    starred = ProductFactory(group=group, price="1234.50", unit="ชุด", unit_en="set")
    StarRatingFactory(product=starred, year=2567, stars=4)
    StarRatingFactory(product=starred, year=2568, stars=5)
    captioned = ProductFactory(group=group, is_demo=True)
    ProductPhoto.objects.create(product=captioned, image="products/a.jpg", thumbnail="products/a_t.jpg",
                                caption='ตุ๊กตา "ชาววัง"', position=0)
    ProductPhoto.objects.create(product=captioned, image="products/b.jpg", thumbnail="products/b_t.jpg",
                                caption="second", position=1)
    uncaptioned = ProductFactory(group=group, name_th="จักสาน <ไม้ไผ่>")
    ProductPhoto.objects.create(product=uncaptioned, image="products/c.jpg", thumbnail="products/c_t.jpg",
                                caption="", position=0)
    listed = list(product_list(user=None)) + [demo_draft]
    with translation.override(language):
        seen = set()
        for p in listed:
            template, tag = both(p)
            assert tag == template, p.slug
            seen.add(p.pk)
        assert {plain.pk, demo_draft.pk, starred.pk, captioned.pk, uncaptioned.pk} <= seen
        template, _ = both(next(p for p in listed if p.pk == starred.pk))
        assert "★★★★★" in template and ("2568" in template)
        assert "a_t" not in template
        assert 'alt="ตุ๊กตา &quot;ชาววัง&quot;"' in both(next(p for p in listed if p.pk == captioned.pk))[1]
        # product_cards (list page, home): the first photo as annotations, the same cards in one query
        by_pk = {p.pk: p for p in listed}
        with django_assert_max_num_queries(1):
            cards = list(product_cards(user=None))
        assert {p.pk for p in cards} == {p.pk for p in listed} - {demo_draft.pk}
        for p in cards:
            assert TAG.render(Context({"p": p})) == render_to_string("products/_card.html", {"p": by_pk[p.pk]})
