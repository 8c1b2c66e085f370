import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import permissions
from core.models import ProducerGroup
from core.thai_dates import format_month
from tourism.models import TourismCommunity

from .choices import IncomeSource
from .models import Finding, ImprovementAction


def user_units(user) -> list[tuple[str, str]]:
    """The units whose income the user records: ("pg:<id>"/"tc:<id>", name). Two queries.

    Producers: their groups; coordinators: their communities; staff: every unit."""
    groups = ProducerGroup.objects.editable_by(user)
    communities = TourismCommunity.objects.editable_by(user) if permissions.is_staff_user(user) \
        else TourismCommunity.objects.coordinated_by(user)
    return [(f"pg:{g.pk}", g.name_th) for g in groups.only("pk", "name_th")] + \
        [(f"tc:{c.pk}", c.name_th) for c in communities.only("pk", "name_th")]


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

    def __init__(self, *args, units, **kwargs):
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
        return {"tourism_community": TourismCommunity.objects.get(pk=pk)}


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
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = report.findings.all()
