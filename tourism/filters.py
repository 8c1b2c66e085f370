"""One FilterSet per list, shared by the HTML pages and the API."""

import django_filters as filters
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import NamedModelChoiceFilter, ThaiDateFilter, ThaiMonthFilter
from core.models import District

from .choices import ActivityType, BookingStatus, ProgramDuration
from .models import Booking, MonthlyVisit, Program, ProgramDateCapacity, ProgramItem, TourismCommunity


def _district_filter():
    return filters.ModelChoiceFilter(field_name="community__subdistrict__district",
                                     queryset=District.objects.filter(province_id="15"), to_field_name="code",
                                     label=_("อำเภอ"), empty_label=_("ทุกอำเภอ"))


class ProgramFilter(filters.FilterSet):
    """Filters of the programs page /tourism/ and /api/v1/tourism/programs/."""

    q = filters.CharFilter(method="search", label=_("ค้นหา"))
    district = _district_filter()
    activity_type = filters.ChoiceFilter(choices=ActivityType.choices, method="with_activity_type",
                                         label=_("ประเภทกิจกรรม"), empty_label=_("ทุกประเภท"))
    duration = filters.ChoiceFilter(choices=ProgramDuration.choices, label=_("ระยะเวลา"),
                                    empty_label=_("ทุกระยะเวลา"))
    price_min = filters.NumberFilter(field_name="price_per_person", lookup_expr="gte", label=_("ราคาต่อคนตั้งแต่ (บาท)"))
    price_max = filters.NumberFilter(field_name="price_per_person", lookup_expr="lte", label=_("ราคาต่อคนไม่เกิน (บาท)"))
    date = ThaiDateFilter(method="available_on", label=_("วันที่ต้องการเดินทาง"), past_years=0, future_years=2)

    class Meta:
        model = Program
        fields = ["q", "district", "activity_type", "duration", "price_min", "price_max", "date"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title_th__icontains=value) | Q(title_en__icontains=value)
                               | Q(community__name_th__icontains=value) | Q(summary__icontains=value))

    def with_activity_type(self, queryset, name, value):
        return queryset.filter(Exists(ProgramItem.objects.filter(program=OuterRef("pk"),
                                                                 activity__activity_type=value)))

    def available_on(self, queryset, name, value):
        """Open that weekday, inside the season, in the future, and not full that day."""
        if value <= timezone.localdate():
            return queryset.none()
        full = ProgramDateCapacity.objects.filter(program=OuterRef("pk"), date=value, booked__gte=F("capacity"))
        return queryset.filter(
            Q(available_weekdays=[]) | Q(available_weekdays__contains=[value.weekday()]),
            Q(season_start__isnull=True) | Q(season_start__lte=value),
            Q(season_end__isnull=True) | Q(season_end__gte=value),
        ).exclude(Exists(full))


class CommunityFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("ค้นหา"))
    district = filters.ModelChoiceFilter(field_name="subdistrict__district",
                                         queryset=District.objects.filter(province_id="15"), to_field_name="code",
                                         label=_("อำเภอ"), empty_label=_("ทุกอำเภอ"))

    class Meta:
        model = TourismCommunity
        fields = ["q", "district"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name_th__icontains=value) | Q(name_en__icontains=value) | Q(story__icontains=value))


class BookingFilter(filters.FilterSet):
    """Coordinators' booking list (page and API)."""

    status = filters.ChoiceFilter(choices=BookingStatus.choices, label=_("สถานะ"), empty_label=_("ทุกสถานะ"))
    community = NamedModelChoiceFilter(field_name="program__community", queryset=TourismCommunity.objects.all(),
                                       to_field_name="slug", label=_("ชุมชน"), empty_label=_("ทุกชุมชน"))
    date_from = ThaiDateFilter(field_name="date", lookup_expr="gte", label=_("เดินทางตั้งแต่"))
    date_to = ThaiDateFilter(field_name="date", lookup_expr="lte", label=_("เดินทางถึง"))

    class Meta:
        model = Booking
        fields = ["status", "community", "date_from", "date_to"]


class MonthlyVisitFilter(filters.FilterSet):
    community = NamedModelChoiceFilter(queryset=TourismCommunity.objects.all(), to_field_name="slug",
                                       label=_("ชุมชน"))
    month_from = ThaiMonthFilter(field_name="month", lookup_expr="gte", label=_("ตั้งแต่เดือน"))
    month_to = ThaiMonthFilter(field_name="month", lookup_expr="lte", label=_("ถึงเดือน"))

    class Meta:
        model = MonthlyVisit
        fields = ["community", "month_from", "month_to"]
