"""The home page's wisdom section reads its records in one query (wisdom.selectors.record_home_list: only the
columns shown, the first visible photo as annotations) and shows what it showed with record_public_list and its
photo prefetch."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from tests.factories.wisdom import WisdomRecordFactory
from wisdom.apps import WisdomConfig
from wisdom.choices import AccessLevel
from wisdom.models import WisdomPhoto
from wisdom.selectors import record_public_list

pytestmark = pytest.mark.django_db

# The section as it was written before (the photo from the visible_photos prefetch).
BEFORE = Template('{% load i18n %}<section class="wisdom-home">\n  <h2>{% translate "ภูมิปัญญาท้องถิ่น" %}</h2>\n  <div class="grid cols-4">\n    {% for r in section.wisdom_records %}\n      <a class="card" href="{{ r.get_absolute_url }}">{% with photo=r.visible_photos|first %}{% if photo %}<img class="cover" src="{{ photo|file_url:\'thumbnail\' }}" alt="" loading="lazy">{% endif %}{% endwith %}<h3>{{ r|tr:"title" }}</h3><p class="muted">{% district_label r.subdistrict.district %}</p></a>\n    {% endfor %}\n  </div>\n  <p><a href="{% url \'wisdom:list\' %}">{% translate "ดูภูมิปัญญาทั้งหมด" %} ›</a></p>\n</section>\n')


def _photo(record, position, *, thumbnail="wisdom/t.jpg", access=AccessLevel.PUBLIC):
    return WisdomPhoto.objects.create(record=record, image="wisdom/p.jpg", original="wisdom/o.jpg",
                                      thumbnail=thumbnail, position=position, access_level=access)


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_section_is_unchanged_and_one_query(django_assert_num_queries, language):
    now = timezone.now()
    hidden_first = WisdomRecordFactory(title_th="ภาพแรก <ลับ>", title_en="Secret first", published_at=now)
    _photo(hidden_first, 0, access=AccessLevel.RESTRICTED)
    _photo(hidden_first, 1)
    _photo(hidden_first, 2)
    no_thumbnail = WisdomRecordFactory(published_at=now - timezone.timedelta(days=1))
    _photo(no_thumbnail, 0, thumbnail="")
    WisdomRecordFactory(published_at=now - timezone.timedelta(days=2))  # no photo
    only_restricted = WisdomRecordFactory(published_at=now - timezone.timedelta(days=3))
    _photo(only_restricted, 0, access=AccessLevel.MEMBERS)
    WisdomRecordFactory(published_at=now - timezone.timedelta(days=4))  # the fifth: not shown
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override(language):
        with django_assert_num_queries(1):
            section = WisdomConfig.home_section(None, request)
            after = render_to_string(section["template"], {"section": section})
        before = BEFORE.render(Context({"section": {"wisdom_records": list(record_public_list(user=None)[:4])}}))
    assert after == before
    assert after.count("<img") == 2 and 'src=""' in after
