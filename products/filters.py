"""One FilterSet per list, shared by the HTML pages and the API."""

import django_filters as filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core import permissions
from core.choices import OtopProductType
from core.filters import FiscalYearFilter, NamedModelChoiceFilter
from core.models import District, ProducerGroup

from .choices import PublishStatus, Stage, StandardKind
from .models import QUADRANT_CODES, Assessment, Certification, DevelopmentProject, Product, StarRating

STAR_CHOICES = [(n, "★" * n + _(" ขึ้นไป")) for n in range(1, 6)]


@extend_schema_field(OpenApiTypes.INT)
class StarsFilter(filters.TypedChoiceFilter):
    """At least N OTOP stars in any year (an integer in the API schema)."""


class ProductFilter(filters.FilterSet):
    """Public catalogue filters; quadrant/year filters apply for staff and the owning producers
    only (assessments are not public)."""

    q = filters.CharFilter(method="search", label=_("ค้นหา"))
    product_type = filters.ChoiceFilter(choices=OtopProductType.choices, label=_("ประเภทผลิตภัณฑ์"))
    district = filters.ModelChoiceFilter(field_name="group__subdistrict__district", to_field_name="code",
                                         queryset=District.objects.filter(province_id="15"), label=_("อำเภอ"))
    stars = StarsFilter(choices=STAR_CHOICES, coerce=int, method="filter_stars", field_name="stars",
                                      label=_("ระดับดาว OTOP"))
    standard = filters.ChoiceFilter(choices=StandardKind.choices, method="filter_standard",
                                    label=_("มาตรฐานที่ได้รับ (ยังไม่หมดอายุ)"))
    price_min = filters.NumberFilter(field_name="price", lookup_expr="gte", label=_("ราคาตั้งแต่ (บาท)"))
    price_max = filters.NumberFilter(field_name="price", lookup_expr="lte", label=_("ราคาไม่เกิน (บาท)"))
    group = NamedModelChoiceFilter(field_name="group", to_field_name="slug", label=_("กลุ่มผู้ผลิต"),
                                   queryset=ProducerGroup.objects.order_by("name_th"), empty_label=_("ทุกกลุ่ม"))
    status = filters.ChoiceFilter(choices=PublishStatus.choices, label=_("สถานะ"))
    quadrant = filters.ChoiceFilter(choices=QUADRANT_CODES + [("none", _("ยังไม่จัดกลุ่ม"))],
                                    method="filter_quadrant", label=_("กลุ่ม (Quadrant)"))
    year = FiscalYearFilter(method="filter_year", label=_("ปีงบประมาณที่ประเมิน (พ.ศ.)"))

    class Meta:
        model = Product
        fields = ["q", "product_type", "district", "stars", "standard", "price_min", "price_max", "group",
                  "status", "quadrant", "year"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if not (permissions.is_staff_user(user) or permissions.is_producer(user)):
            for name in ("quadrant", "year", "status"):
                self.filters.pop(name)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name_th__icontains=value) | Q(name_en__icontains=value)
                               | Q(group__name_th__icontains=value))

    def filter_stars(self, queryset, name, value):
        return queryset.filter(Exists(StarRating.objects.filter(product=OuterRef("pk"), stars__gte=value)))

    def filter_standard(self, queryset, name, value):
        today = timezone.localdate()
        valid = Certification.objects.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today),
                                             product=OuterRef("pk"), kind=value)
        return queryset.filter(Exists(valid))

    def filter_year(self, queryset, name, value):
        return queryset  # used together with `quadrant` (below); alone: products assessed that year

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        year = self.form.cleaned_data.get("year") if "year" in self.filters else None
        if year and not self.form.cleaned_data.get("quadrant"):
            queryset = queryset.filter(Exists(self._assessments().filter(product=OuterRef("pk"),
                                                                          fiscal_year=year)))
        return queryset

    def _assessments(self):
        """Only assessments this user may see (a producer: their own groups' products)."""
        return Assessment.objects.visible_to(getattr(self.request, "user", None))

    def filter_quadrant(self, queryset, name, value):
        year = self.form.cleaned_data.get("year")
        assessments = self._assessments().filter(product=OuterRef("pk"))
        if year:
            assessments = assessments.filter(fiscal_year=year)
        else:  # the latest assessment decides
            latest = Assessment.objects.filter(product=OuterRef(OuterRef("pk"))).order_by("-fiscal_year")
            assessments = assessments.filter(pk=latest.values("pk")[:1])
        if value == "none":
            return queryset.filter(Exists(assessments.filter(quadrant__isnull=True)))
        return queryset.filter(Exists(assessments.filter(quadrant__code=value)))


def _groups_with_projects(request):
    """The kanban's group filter: by name, only the groups whose projects this user may see."""
    projects = DevelopmentProject.objects.visible_to(getattr(request, "user", None))
    return ProducerGroup.objects.filter(pk__in=projects.values("group_id")).order_by("name_th")


class DevelopmentProjectFilter(filters.FilterSet):
    """The pipeline board and /api/v1/development-projects/."""

    district = filters.ModelChoiceFilter(field_name="group__subdistrict__district", to_field_name="code",
                                         queryset=District.objects.filter(province_id="15"), label=_("อำเภอ"))
    fiscal_year = FiscalYearFilter()
    stage = filters.ChoiceFilter(choices=Stage.choices, label=_("ขั้นตอน"))
    group = NamedModelChoiceFilter(field_name="group", to_field_name="slug", label=_("กลุ่มผู้ผลิต"),
                                   queryset=lambda request: _groups_with_projects(request),
                                   empty_label=_("ทุกกลุ่ม"))

    class Meta:
        model = DevelopmentProject
        fields = ["district", "fiscal_year", "stage", "group"]
