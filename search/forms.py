from django import forms
from django.utils.translation import gettext_lazy as _

from core import search_registry as registry
from core.models import District


class SearchForm(forms.Form):
    q = forms.CharField(label=_("คำค้น"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("ประเภท"), required=False)
    district = forms.ModelChoiceField(
        label=_("อำเภอ"),
        queryset=District.objects.filter(province_id="15"),
        required=False,
        to_field_name="code",
        empty_label=_("ทุกอำเภอ"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("ทุกประเภท")), *registry.kinds()]
