"""core.form_renderer: the <select> written out in Python gives exactly what Django's templates give."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from core.form_renderer import PortalFormRenderer
from core.widgets import FiscalYearSelect, ThaiDateField, ThaiMonthField

pytestmark = pytest.mark.django_db

TEMPLATES = DjangoTemplates()
FAST = PortalFormRenderer()


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "เอ"), ("b&c", "<b> & 'c'"), (3, 2569)])
    lazy = forms.ChoiceField(choices=[("x", _("ทุกกลุ่ม")), ("y", mark_safe("<i>safe</i>"))], required=False)
    grouped = forms.ChoiceField(choices=[("กลุ่ม 1", [("1", "หนึ่ง"), ("2", "สอง")]), ("3", "สาม"),
                                         ("<g>", [("4", "สี่")])])
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B"), ("c", "C")], required=False)
    attrs = forms.ChoiceField(choices=[("a", "A")], widget=forms.Select(
        attrs={"class": "x\"y", "disabled": True, "data-off": False, "data-n": 5, "aria-label": _("อำเภอ")}))
    radio = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    year = forms.IntegerField(widget=FiscalYearSelect(), required=False)
    day = ThaiDateField(required=False)
    month = ThaiMonthField(required=False)


@pytest.mark.parametrize("data", [
    None,
    {"plain": "b&c", "lazy": "y", "grouped": "4", "many": ["a", "c"], "attrs": "a", "radio": "b", "year": "2569",
     "day": "2026-12-06", "month": "2026-12-01"},
    {"plain": "3", "grouped": "<script>", "many": ["zz"], "day_0": "31", "day_1": "2", "day_2": "2569"},
])
@pytest.mark.parametrize("language", ["th", "en"])
def test_it_renders_every_widget_as_the_templates_do(data, language):
    with override(language):
        forms_ = [Choices(data=data, renderer=renderer) if data is not None else Choices(
            renderer=renderer, initial={"day": datetime.date(2027, 1, 31), "plain": 3})
            for renderer in (FAST, TEMPLATES)]
        for name in forms_[0].fields:
            assert str(forms_[0][name]) == str(forms_[1][name]), name

def test_it_falls_back_to_the_template_for_another_option_template():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    widget = Custom(choices=[("a", "A")])
    assert widget.render("n", "a", renderer=FAST) == widget.render("n", "a", renderer=TEMPLATES)


@pytest.mark.parametrize("name", ["plain", "grouped", "attrs", "year", "day", "month"])
def test_it_takes_the_fast_path(name, monkeypatch):
    from django.forms.renderers import DjangoTemplates as Base

    def refuse(*args, **kwargs):
        raise AssertionError("rendered by the template")

    form = Choices(renderer=FAST)
    monkeypatch.setattr(Base, "render", refuse)
    assert "<select" in str(form[name])


def test_it_is_the_portal_renderer():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), PortalFormRenderer)
