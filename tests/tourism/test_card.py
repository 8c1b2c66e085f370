"""{% program_card program %} (tourism/templatetags/program_cards.py) writes out tourism/_program_card.html in
Python: the same bytes, in Thai and in English, for every kind of card."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from tests.factories.tourism import CommunityFactory, ProgramFactory
from tourism.choices import ProgramDuration, PublishStatus
from tourism.models import CommunityPhoto

pytestmark = pytest.mark.django_db

TAG = Template("{% load program_cards %}{% program_card program %}")


@pytest.mark.parametrize("language", ["th", "en"])
def test_card_tag_writes_the_template_byte_for_byte(language):
    community = CommunityFactory(name_th="ชุมชน <บ้าน> & ท่า", name_en="Ban Tha")
    plain = ProgramFactory(community=community, title_th="ล่องเรือ <ชม> วัด", price_per_person="1234.50")
    demo = ProgramFactory(community=CommunityFactory(), is_demo=True, status=PublishStatus.DRAFT,
                          duration=ProgramDuration.ONE_DAY, title_en="Boat trip")
    photo = CommunityPhoto.objects.create(community=community, image="c/a.jpg", thumbnail="c/a_t.jpg",
                                          caption='บ้าน "ท่า"', position=0)
    bare_photo = CommunityPhoto(community=demo.community, image="c/b.jpg", thumbnail="c/b_t.jpg", caption="",
                                position=0)
    bare_photo.save()
    cases = [(plain, None), (plain, photo), (demo, None), (demo, bare_photo), (demo, "")]
    with translation.override(language):
        for program, card_photo in cases:
            program.card_photo = card_photo
            template = render_to_string("tourism/_program_card.html", {"program": program})
            assert TAG.render(Context({"program": program})) == template, (program.slug, card_photo)
        del plain.card_photo
        template = render_to_string("tourism/_program_card.html", {"program": plain})
        assert TAG.render(Context({"program": plain})) == template
        assert "placeholder" in template


def test_program_cards_carry_the_communitys_first_photo_in_one_query(client, django_assert_max_num_queries):
    """tourism.selectors.program_cards: the first photo (by position) as annotations, as the prefetch gave it."""
    from core.files import file_url
    from tourism.selectors import card_photo, program_cards

    community = CommunityFactory()
    community.photos.all().delete()  # the factory gives every community a photo
    second = CommunityPhoto.objects.create(community=community, image="c/2.jpg", thumbnail="c/2_t.jpg",
                                           caption="ที่สอง", position=2)
    first = CommunityPhoto.objects.create(community=community, image="c/1.jpg", thumbnail="c/1_t.jpg",
                                          caption="ที่หนึ่ง", position=1)
    with_photo = ProgramFactory(community=community)
    without = ProgramFactory()
    without.community.photos.all().delete()
    with django_assert_max_num_queries(1):
        cards = {p.pk: card_photo(p) for p in program_cards(user=None)}
    assert cards[without.pk] is None
    photo = cards[with_photo.pk]
    assert (photo.pk, photo.caption, file_url(photo, "thumbnail")) == (first.pk, "ที่หนึ่ง", file_url(first, "thumbnail"))
    assert second.pk != photo.pk
    page = client.get("/tourism/").content.decode()
    assert f'src="{file_url(first, "thumbnail")}" alt="ที่หนึ่ง"' in page
