"""{% program_card program %} (tourism/templatetags/program_cards.py) writes out tourism/_program_card.html in
Python: the same bytes, in Thai and in English, for every kind of card."""

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from tourism.choices import ProgramDuration, PublishStatus
from tourism.models import CommunityPhoto
from tests.factories.tourism import CommunityFactory, ProgramFactory

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
