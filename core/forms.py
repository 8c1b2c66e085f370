from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .i18n_content import area_line, is_english
from .models import ProducerGroup, Subdistrict


class SubdistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        """"ต.บางเสด็จ อ.ป่าโมก" in Thai, "Bang Sadet, Pa Mok" in English."""
        return area_line(obj, province=False) if is_english() else f"ต.{obj.name_th} อ.{obj.district.name_th}"


class ProducerGroupForm(forms.ModelForm):
    """What a producer may change about their own group."""

    subdistrict = SubdistrictChoiceField(queryset=Subdistrict.objects.select_related("district"),
                                         label=_("ตำบล"))

    class Meta:
        model = ProducerGroup
        fields = ["name_th", "name_en", "entrepreneur_type", "registration_no", "subdistrict", "village_no",
                  "address", "contact_name", "phone", "email", "line_id", "facebook_url", "description", "description_en",
                  "logo"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "description_en": forms.Textarea(attrs={"rows": 3})}


def add_service_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on a form: messages for fields the form has go on
    those fields, the rest (and plain messages) become non-field errors."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


USERNAME_MAX_LENGTH = 150


class PortalAuthenticationForm(AuthenticationForm):
    """The login form. A username longer than any account's is refused as a wrong login before
    anything is looked up or recorded (django-axes would fail storing it: a 500)."""

    def clean(self):
        if len(self.cleaned_data.get("username") or "") > USERNAME_MAX_LENGTH:
            raise self.get_invalid_login_error()
        return super().clean()
