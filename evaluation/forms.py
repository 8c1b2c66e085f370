import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import ProducerGroup
from core.thai_dates import format_month
from core.widgets import ThaiDateField
from tourism import selectors as tourism_selectors

from .choices import IncomeSource
from .models import Finding, ImprovementAction


def recent_months(count: int = 24) -> list[dt.date]:
    month = timezone.localdate().replace(day=1)
    months = []
    for _i in range(count):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return months


class IncomeForm(forms.Form):
    unit = forms.ChoiceField(label=_("กลุ่ม/ชุมชน"))
    month = forms.ChoiceField(label=_("เดือน"))
    source = forms.ChoiceField(label=_("แหล่งรายได้"), choices=IncomeSource.choices)
    amount = forms.DecimalField(label=_("รายได้ (บาท)"), min_value=0, max_digits=14, decimal_places=2,
                                error_messages={"min_value": _("รายได้ต้องไม่ติดลบ")})
    # What the user saw as the current amount of that unit, month and source ("" = none recorded):
    # if someone else recorded it meanwhile, the form shows the new value instead of overwriting it.
    if_current = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, units, **kwargs):
        """``units``: the choices of ``selectors.units_answered_by(user=…).choices()``."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units
        months = recent_months()
        self.fields["month"].choices = [(f"{m:%Y-%m}", format_month(m)) for m in months]
        self.fields["month"].initial = f"{months[1]:%Y-%m}"  # usually last month's income is recorded

    def clean_unit(self):
        value = self.cleaned_data["unit"]
        kind, _sep, pk = value.partition(":")
        if kind == "pg":
            return {"producer_group": ProducerGroup.objects.get(pk=pk)}
        return {"tourism_community": tourism_selectors.communities().get(pk=pk)}


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["title", "detail"]
        widgets = {"detail": forms.Textarea(attrs={"rows": 3})}


class ActionForm(forms.ModelForm):
    class Meta:
        model = ImprovementAction
        fields = ["finding", "what", "owner", "due_date", "producer_group", "tourism_community", "product",
                  "program", "development_issue"]
        field_classes = {"due_date": ThaiDateField}

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = report.findings.all()
