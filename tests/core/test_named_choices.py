"""core.filters.NamedModelChoiceField / NamedModelChoiceFilter: a long <select> of named rows whose
options are read as values, not model instances (issue 16) — the same HTML, validation and cleaned value as
Django's ModelChoiceField with `str(obj)` labels, in Thai and in English."""

import django_filters as filters
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.filters import NamedModelChoiceFilter
from core.models import ProducerGroup
from products.models import Product
from tests.factories.core import ProducerGroupFactory

pytestmark = pytest.mark.django_db


def filter_class(kind, **extra):
    class GroupFilter(filters.FilterSet):
        group = kind(field_name="group", to_field_name="slug", label="กลุ่ม", empty_label="ทุกกลุ่ม",
                     queryset=ProducerGroup.objects.order_by("name_th"), **extra)

        class Meta:
            model = Product
            fields = ["group"]

    return GroupFilter


@pytest.fixture
def groups(db):
    return [ProducerGroupFactory(name_th="กลุ่มกลองเอกราช", name_en="Ekkarat Drum Group", slug="drums"),
            ProducerGroupFactory(name_th="กลุ่มจักสาน <ไม้ไผ่> & หวาย", name_en="  ", slug="baskets"),
            ProducerGroupFactory(name_th="กลุ่มตุ๊กตาชาววัง", name_en="", slug="dolls")]


@pytest.mark.parametrize("extra", [{}, {"null_label": "ไม่ระบุกลุ่ม"}])
@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("data", [{}, {"group": "baskets"}, {"group": "no-such-group"}, {"group": "null"}])
def test_the_select_is_what_djangos_would_be(groups, language, data, extra):
    with translation.override(language):
        ours = filter_class(NamedModelChoiceFilter, **extra)(data=data, queryset=Product.objects.all())
        django = filter_class(filters.ModelChoiceFilter, **extra)(data=data, queryset=Product.objects.all())
        assert str(ours.form["group"]) == str(django.form["group"])
        assert ours.form.is_valid() == django.form.is_valid()
        assert ours.form.errors == django.form.errors
    if data.get("group") == "baskets":
        assert ours.form.cleaned_data["group"] == groups[1]  # still the model instance


def test_labels_are_the_localized_names(groups):
    with translation.override("en"):
        html = str(filter_class(NamedModelChoiceFilter)(data={}, queryset=Product.objects.all()).form["group"])
    assert '<option value="drums">Ekkarat Drum Group</option>' in html
    assert '<option value="baskets">กลุ่มจักสาน &lt;ไม้ไผ่&gt; &amp; หวาย</option>' in html  # blank English: Thai
    assert '<option value="dolls">กลุ่มตุ๊กตาชาววัง</option>' in html


def test_the_options_are_read_as_values_in_one_query(groups):
    form = filter_class(NamedModelChoiceFilter)(data={}, queryset=Product.objects.all()).form
    with CaptureQueriesContext(connection) as queries:
        choices = [(str(value), label) for value, label in form.fields["group"].choices]  # as the widget reads them
    assert len(queries) == 1
    assert '"core_producergroup"."logo"' not in queries[0]["sql"]  # only the key and the names
    assert [value for value, _label in choices] == ["", "drums", "baskets", "dolls"]  # by Thai name
