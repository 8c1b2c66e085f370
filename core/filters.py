import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from .choices import EntrepreneurType
from .forms import SubdistrictChoiceField
from .i18n_content import is_english, localized_pair
from .models import District, ProducerGroup, Subdistrict
from .widgets import FiscalYearSelect, ThaiDateField, ThaiMonthField


class ThaiDateFilter(filters.DateFilter):
    """A date filter asked with the portal's date widget (day / Thai month / BE year); the API
    still takes YYYY-MM-DD."""

    field_class = ThaiDateField


class ThaiMonthFilter(filters.DateFilter):
    """A month filter (Thai month / BE year); the API takes YYYY-MM (or a date)."""

    field_class = ThaiMonthField


class FiscalYearFilter(filters.NumberFilter):
    """A fiscal year (BE) chosen from "ปีงบประมาณ 2570" options; the API takes the number."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("ปีงบประมาณ (พ.ศ.)"))
        kwargs.setdefault("widget", FiscalYearSelect(empty_label=_("ทุกปีงบประมาณ")))
        super().__init__(*args, **kwargs)


class NamedChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a long <select> of named rows (`name_th` / `name_en`) read as plain values: no model instance
    per option (500 producer groups at 10,000 products: the products list went from 88,753 to 65,748 function
    calls a request, bench/README.md). The same options as Django's iterator with `str(obj)` labels (the English
    name in English mode, else Thai: core.i18n_content.localized_pair)."""

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        language = "en" if is_english() else "th"
        for value, name_th, name_en in self.queryset.values_list(field.to_field_name or "pk", "name_th", "name_en"):
            # No instance: the portal's widgets and form renderer read only the value.
            yield (forms.models.ModelChoiceIteratorValue(value, None),  # type: ignore[arg-type]
                   localized_pair(name_th, name_en, language).text)


class _NamedFilterChoiceIterator(filter_fields.ModelChoiceIterator, NamedChoiceIterator):
    """django-filter's iterator (its optional "null" choice after the empty one) over the named values."""


class NamedModelChoiceField(filter_fields.ModelChoiceField):
    """django-filter's ModelChoiceField (validation, the cleaned model instance, `null_label`) whose options are
    read as values (NamedChoiceIterator)."""

    iterator = _NamedFilterChoiceIterator


class NamedModelChoiceFilter(filters.ModelChoiceFilter):
    """A choice of named rows (`name_th` / `name_en`: producer groups, communities) for long lists: the options
    are read as values, not model instances (NamedModelChoiceField); filtering is django-filter's."""

    field_class = NamedModelChoiceField


class SubdistrictFilter(filters.ModelChoiceFilter):
    """A subdistrict chosen by name ("ต.บางเสด็จ อ.ป่าโมก"); the API takes its DOPA code."""

    field_class = SubdistrictChoiceField


class ProducerGroupFilter(filters.FilterSet):
    """Shared by the public group directory and /api/v1/groups/."""

    q = filters.CharFilter(method="search", label=_("ค้นหา"))
    district = filters.ModelChoiceFilter(field_name="subdistrict__district", queryset=District.objects.all(),
                                         to_field_name="code", label=_("อำเภอ"))
    subdistrict = SubdistrictFilter(field_name="subdistrict", to_field_name="code", label=_("ตำบล"),
                                    empty_label=_("ทุกตำบล"),
                                    queryset=Subdistrict.objects.filter(district__province_id="15")
                                    .select_related("district").order_by("district__name_th", "name_th"))
    entrepreneur_type = filters.ChoiceFilter(choices=EntrepreneurType.choices, label=_("ประเภทผู้ประกอบการ"))

    class Meta:
        model = ProducerGroup
        fields = ["q", "district", "subdistrict", "entrepreneur_type"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name_th__icontains=value) | Q(name_en__icontains=value))
