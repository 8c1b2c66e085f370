import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import FiscalYearFilter
from core.models import District

from .choices import Category, Status
from .models import WisdomRecord


class WisdomRecordFilter(filters.FilterSet):
    """Shared by the public list (/wisdom/), "my records" and /api/v1/wisdom/."""

    q = filters.CharFilter(method="search", label=_("ค้นหา"), max_length=100)
    category = filters.ChoiceFilter(choices=Category.choices, label=_("หมวดหมู่"))
    district = filters.ModelChoiceFilter(field_name="subdistrict__district",
                                         queryset=District.objects.filter(province_id="15"),
                                         to_field_name="code", label=_("อำเภอ"),
                                         error_messages={"invalid_choice": _("ไม่พบอำเภอนี้ในจังหวัดอ่างทอง")})
    subdistrict = filters.CharFilter(field_name="subdistrict_id", label=_("รหัสตำบล"), max_length=6)
    has_video = filters.ChoiceFilter(method="filter_has_video", label=_("วิดีโอ"),
                                     choices=[("true", _("มีวิดีโอ")), ("false", _("ไม่มีวิดีโอ"))],
                                     empty_label=_("ทั้งหมด"))
    status = filters.ChoiceFilter(choices=Status.choices, label=_("สถานะ"))

    class Meta:
        model = WisdomRecord
        fields = ["q", "category", "district", "subdistrict", "has_video", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title_th__icontains=value) | Q(title_en__icontains=value)
                               | Q(summary__icontains=value) | Q(community_name__icontains=value))

    def filter_has_video(self, queryset, name, value):
        # `has_video` is annotated by the selectors (counting only videos the user may see).
        if value not in ("true", "false"):
            return queryset
        return queryset.filter(has_video=(value == "true"))


class PublicWisdomRecordFilter(WisdomRecordFilter):
    """The public list shows published records only, so it has no status filter."""

    class Meta(WisdomRecordFilter.Meta):
        fields = ["q", "category", "district", "has_video"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters.pop("status", None)
        self.filters.pop("subdistrict", None)


class WisdomLineageFilter(filters.FilterSet):
    """Staff's province-wide lineage table (/wisdom/lineage/ and its xlsx): district, category and the
    fiscal year the money and bookings are counted in (products and programs: those existing by its end)."""

    district = filters.ModelChoiceFilter(field_name="subdistrict__district",
                                         queryset=District.objects.filter(province_id="15"),
                                         to_field_name="code", label=_("อำเภอ"), empty_label=_("ทุกอำเภอ"),
                                         error_messages={"invalid_choice": _("ไม่พบอำเภอนี้ในจังหวัดอ่างทอง")})
    category = filters.ChoiceFilter(choices=Category.choices, label=_("หมวดหมู่"), empty_label=_("ทุกหมวดหมู่"))
    fiscal_year = FiscalYearFilter(method="keep", label=_("ปีงบประมาณ"))

    class Meta:
        model = WisdomRecord
        fields = ["district", "category", "fiscal_year"]

    def keep(self, queryset, name, value):
        return queryset  # read by the lineage contributions, not a filter on the records

    @property
    def chosen_fiscal_year(self) -> int | None:
        if not self.is_bound or not self.is_valid():
            return None
        value = self.form.cleaned_data.get("fiscal_year")
        return int(value) if value else None
