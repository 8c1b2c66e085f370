"""One FilterSet per list, shared by the pages and the API."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import PartnerOrganisation

from .choices import Channel, IssueCategory, IssuePriority, IssueStatus, SupportKind
from .models import Campaign, CampaignPost, DevelopmentIssue, Support, TrackedLink


class DevelopmentIssueFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("ค้นหา"))
    status = filters.ChoiceFilter(choices=IssueStatus.choices, label=_("สถานะ"))
    category = filters.ChoiceFilter(choices=IssueCategory.choices, label=_("หมวด"))
    priority = filters.ChoiceFilter(choices=IssuePriority.choices, label=_("ความสำคัญ"))
    group = filters.NumberFilter(field_name="group_id", label=_("กลุ่มผู้ผลิต (id)"))
    partner = filters.NumberFilter(field_name="assigned_partners", label=_("ภาคีที่ได้รับมอบหมาย (id)"),
                                   distinct=True)

    class Meta:
        model = DevelopmentIssue
        fields = ["q", "status", "category", "priority", "group", "partner"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))


class SupportFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=SupportKind.choices, label=_("ประเภทการสนับสนุน"))
    partner = filters.ModelChoiceFilter(queryset=PartnerOrganisation.objects.all(), label=_("ภาคีเครือข่าย"))
    group = filters.NumberFilter(field_name="group_id", label=_("กลุ่มผู้ผลิต (id)"))
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label=_("ตั้งแต่วันที่"))
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label=_("ถึงวันที่"))

    class Meta:
        model = Support
        fields = ["kind", "partner", "group", "date_from", "date_to"]


class CampaignFilter(filters.FilterSet):
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("ค้นหา"))
    channel = filters.ChoiceFilter(choices=Channel.choices, method="by_channel", label=_("ช่องทาง"))
    active_on = filters.DateFilter(method="by_active_on", label=_("ดำเนินการอยู่ในวันที่"))

    class Meta:
        model = Campaign
        fields = ["q", "channel", "active_on"]

    def by_channel(self, queryset, name, value):
        return queryset.filter(channels__contains=[value])

    def by_active_on(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)


class CampaignPostFilter(filters.FilterSet):
    channel = filters.ChoiceFilter(choices=Channel.choices, label=_("ช่องทาง"))

    class Meta:
        model = CampaignPost
        fields = ["campaign", "channel"]


class TrackedLinkFilter(filters.FilterSet):
    channel = filters.ChoiceFilter(choices=Channel.choices, label=_("ช่องทาง"))

    class Meta:
        model = TrackedLink
        fields = ["campaign", "channel"]
