"""Filters shared by the pages and the API."""

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.choices import Project
from core.filters import FiscalYearFilter
from core.models import District
from core.thai_dates import current_fiscal_year, fiscal_year_months, format_month
from core.widgets import FiscalYearSelect, ThaiMonthWidget

from .choices import IncomeSource, ReportStatus, TargetProject
from .models import DistrictTarget, Enrollment, IncomeRecord, ProductSale, Report, Target, UnitTarget
from .selectors import evaluation_window, parse_month


class IncomeRecordFilter(filters.FilterSet):
    producer_group = filters.NumberFilter(field_name="producer_group_id", label=_("กลุ่มผู้ผลิต (id)"))
    tourism_community = filters.NumberFilter(field_name="tourism_community_id", label=_("ชุมชนท่องเที่ยว (id)"))
    source = filters.ChoiceFilter(choices=IncomeSource.choices, label=_("แหล่งรายได้"))
    month_from = filters.CharFilter(method="filter_month_from", label=_("ตั้งแต่เดือน (YYYY-MM)"))
    month_to = filters.CharFilter(method="filter_month_to", label=_("ถึงเดือน (YYYY-MM)"))

    class Meta:
        model = IncomeRecord
        fields = ["producer_group", "tourism_community", "source"]

    def filter_month_from(self, queryset, name, value):
        return queryset.filter(month__gte=parse_month(value))

    def filter_month_to(self, queryset, name, value):
        return queryset.filter(month__lte=parse_month(value))


class ProductSaleFilter(filters.FilterSet):
    income_record = filters.NumberFilter(field_name="income_record_id", label=_("รายได้รายเดือน (id)"))
    product = filters.NumberFilter(field_name="product_id", label=_("ผลิตภัณฑ์ (id)"))
    producer_group = filters.NumberFilter(field_name="income_record__producer_group_id", label=_("กลุ่มผู้ผลิต (id)"))
    month_from = filters.CharFilter(method="filter_month_from", label=_("ตั้งแต่เดือน (YYYY-MM)"))
    month_to = filters.CharFilter(method="filter_month_to", label=_("ถึงเดือน (YYYY-MM)"))

    class Meta:
        model = ProductSale
        fields = ["income_record", "product", "producer_group"]

    def filter_month_from(self, queryset, name, value):
        return queryset.filter(income_record__month__gte=parse_month(value))

    def filter_month_to(self, queryset, name, value):
        return queryset.filter(income_record__month__lte=parse_month(value))


class EnrollmentFilter(filters.FilterSet):
    fiscal_year = filters.NumberFilter(label=_("ปีงบประมาณ (พ.ศ.)"))
    project = filters.ChoiceFilter(choices=Project.choices, label=_("โครงการ"))
    producer_group = filters.NumberFilter(field_name="producer_group_id")
    tourism_community = filters.NumberFilter(field_name="tourism_community_id")

    class Meta:
        model = Enrollment
        fields = ["fiscal_year", "project", "producer_group", "tourism_community"]


class TargetFilter(filters.FilterSet):
    fiscal_year = filters.NumberFilter(label=_("ปีงบประมาณ (พ.ศ.)"))
    project = filters.ChoiceFilter(choices=TargetProject.choices, label=_("โครงการ"))

    class Meta:
        model = Target
        fields = ["fiscal_year", "project"]


class DistrictTargetFilter(filters.FilterSet):
    """District targets: the staff page and the API."""

    fiscal_year = filters.NumberFilter(label=_("ปีงบประมาณ (พ.ศ.)"))
    district = filters.CharFilter(field_name="district_id", label=_("รหัสอำเภอ"))

    class Meta:
        model = DistrictTarget
        fields = ["fiscal_year", "district"]


class UnitTargetFilter(filters.FilterSet):
    """Unit targets: the staff page and the API."""

    fiscal_year = filters.NumberFilter(label=_("ปีงบประมาณ (พ.ศ.)"))
    producer_group = filters.NumberFilter(field_name="producer_group_id", label=_("กลุ่มผู้ผลิต"))
    tourism_community = filters.NumberFilter(field_name="tourism_community_id", label=_("ชุมชนท่องเที่ยว"))

    class Meta:
        model = UnitTarget
        fields = ["fiscal_year", "producer_group", "tourism_community"]


class ReportFilter(filters.FilterSet):
    fiscal_year = FiscalYearFilter()
    status = filters.ChoiceFilter(choices=ReportStatus.choices, label=_("สถานะ"))

    class Meta:
        model = Report
        fields = ["fiscal_year", "status"]


def month_choices(fiscal_year: int) -> list[tuple[str, str]]:
    return [(f"{m:%Y-%m}", format_month(m)) for m in fiscal_year_months(fiscal_year)]


class ResultsParamsForm(forms.Form):
    """The results' parameters (page and API): FY (BE), month (YYYY-MM, Gregorian), project, district."""

    fiscal_year = forms.IntegerField(label=_("ปีงบประมาณ (พ.ศ.)"), min_value=2500, max_value=2700,
                                     widget=FiscalYearSelect())
    # Pages: the fiscal year's months by Thai name and BE year; the API: YYYY-MM (Gregorian).
    as_of = forms.CharField(label=_("ข้อมูลถึงเดือน"), widget=ThaiMonthWidget())
    project = forms.ChoiceField(label=_("โครงการ"), choices=[("", _("ทุกโครงการ")), *Project.choices],
                                required=False)
    district = forms.ModelChoiceField(label=_("อำเภอ"), queryset=District.objects.filter(province_id="15"),
                                      to_field_name="code", required=False, empty_label=_("ทุกอำเภอ"))
    ordering = forms.ChoiceField(label=_("เรียงตาม"), required=False, choices=[
        ("-increase_percent", _("เพิ่มขึ้นมากไปน้อย")), ("increase_percent", _("เพิ่มขึ้นน้อยไปมาก")),
        ("unit_name", _("ชื่อหน่วย")), ("district", _("อำเภอ")), ("project", _("โครงการ")),
        ("-current", _("รายได้ปีนี้มากไปน้อย"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fy = self.data.get("fiscal_year") if self.is_bound else None
        try:
            fy = int(fy)
        except (TypeError, ValueError):
            fy = current_fiscal_year()
        if 2500 <= fy <= 2700:
            self.fields["as_of"].widget = forms.Select(choices=month_choices(fy))

    def clean(self):
        data = super().clean()
        if "fiscal_year" in data and "as_of" in data:
            try:
                window = evaluation_window(fiscal_year=data["fiscal_year"], as_of=data["as_of"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                data["as_of"] = window.as_of
        return data

    def selector_kwargs(self) -> dict:
        d = self.cleaned_data
        return {"fiscal_year": d["fiscal_year"], "as_of": d["as_of"], "project": d.get("project") or None,
                "district": d["district"].code if d.get("district") else None,
                "order": d.get("ordering") or "-increase_percent"}
