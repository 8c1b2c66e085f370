from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProducerGroup, Subdistrict


class SubdistrictChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"ต.{obj.name_th} อ.{obj.district.name_th}"


class ProducerGroupForm(forms.ModelForm):
    """What a producer may change about their own group."""

    subdistrict = SubdistrictChoiceField(queryset=Subdistrict.objects.select_related("district"),
                                         label=_("ตำบล"))

    class Meta:
        model = ProducerGroup
        fields = ["name_th", "name_en", "entrepreneur_type", "registration_no", "subdistrict", "village_no",
                  "address", "contact_name", "phone", "email", "line_id", "facebook_url", "description", "logo"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
