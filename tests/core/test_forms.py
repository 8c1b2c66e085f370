from django import forms
from django.core.exceptions import ValidationError

from core.forms import add_service_errors


class _Form(forms.Form):
    name = forms.CharField()


def test_service_errors_land_on_known_fields_and_the_rest_on_the_form():
    form = _Form({"name": "x"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": "ชื่อซ้ำ", "price": "ราคาติดลบ"}))
    assert form.errors["name"] == ["ชื่อซ้ำ"]
    assert form.non_field_errors() == ["ราคาติดลบ"]


def test_a_plain_service_error_becomes_a_form_error():
    form = _Form({"name": "x"})
    form.is_valid()
    add_service_errors(form, ValidationError("บันทึกไม่สำเร็จ กรุณาลองอีกครั้ง"))
    assert form.non_field_errors() == ["บันทึกไม่สำเร็จ กรุณาลองอีกครั้ง"]
