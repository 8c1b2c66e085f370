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
    text = forms.CharField(required=False, max_length=5, label=_("ค้นหา"), help_text="<b>",
                           widget=forms.TextInput(attrs={"placeholder": "a \"b\" <c>", "autofocus": True}))
    number = forms.DecimalField(required=False, label="ราคา & <ส่วนลด> ")
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    agree = forms.BooleanField(required=False)
    email = forms.EmailField(required=False, label=mark_safe("<i>E-mail</i>"))


@pytest.mark.parametrize("data", [
    None,
    {"plain": "b&c", "lazy": "y", "grouped": "4", "many": ["a", "c"], "attrs": "a", "radio": "b", "year": "2569",
     "day": "2026-12-06", "month": "2026-12-01", "text": "a<b>", "number": "12.5", "hidden": "x\"y",
     "agree": "on", "email": "a@b.co"},
    {"plain": "3", "grouped": "<script>", "many": ["zz"], "day_0": "31", "day_1": "2", "day_2": "2569",
     "text": "too long", "number": "x", "email": "no"},
])
@pytest.mark.parametrize("language", ["th", "en"])
def test_it_renders_every_widget_as_the_templates_do(data, language):
    with override(language):
        forms_ = [Choices(data=data, renderer=renderer) if data is not None else Choices(
            renderer=renderer, initial={"day": datetime.date(2027, 1, 31), "plain": 3})
            for renderer in (FAST, TEMPLATES)]
        for name in forms_[0].fields:
            fast, templated = forms_[0][name], forms_[1][name]
            assert str(fast) == str(templated), name
            assert fast.label_tag() == templated.label_tag(), name
            assert fast.legend_tag() == templated.legend_tag(), name
            assert str(fast.errors) == str(templated.errors), name
        assert str(forms_[0]) == str(forms_[1])  # the whole form (div.html: labels, help, errors)
        assert forms_[0].as_p() == forms_[1].as_p()

def test_it_falls_back_to_the_template_for_another_option_template():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/input.html"

    widget = Custom(choices=[("a", "A")])
    assert widget.render("n", "a", renderer=FAST) == widget.render("n", "a", renderer=TEMPLATES)


@pytest.mark.parametrize("name", ["plain", "grouped", "attrs", "year", "day", "month", "text", "number", "hidden",
                                  "agree", "email"])
def test_it_takes_the_fast_path(name, monkeypatch):
    from django.forms.renderers import DjangoTemplates as Base

    def refuse(*args, **kwargs):
        raise AssertionError("rendered by the template")

    form = Choices(renderer=FAST)
    monkeypatch.setattr(Base, "render", refuse)
    assert "<select" in str(form[name]) or "<input" in str(form[name])
    assert form[name].label_tag() or name == "hidden"
    assert str(form[name].errors) == ""


def test_it_is_the_portal_renderer():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), PortalFormRenderer)
