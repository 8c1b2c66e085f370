"""One FilterSet per list, shared by the HTML pages and the API."""

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import District

from .choices import Audience, EventKind, Expertise, KnowledgeKind, MentorshipStatus, RegistrationStatus
from .models import Event, ExpertProfile, KnowledgeItem, Mentorship, Question, Registration


class ExpertFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("ค้นหา"))
    expertise = filters.ChoiceFilter(choices=Expertise.choices, method="by_expertise", label=_("ความเชี่ยวชาญ"))
    district = filters.ModelChoiceFilter(field_name="districts_served", queryset=District.objects.filter(
        province_id="15"), to_field_name="code", label=_("อำเภอที่ให้บริการ"))

    class Meta:
        model = ExpertProfile
        fields = ["q", "expertise", "district"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(organisation__icontains=value) | Q(bio__icontains=value))

    def by_expertise(self, queryset, name, value):
        return queryset.filter(expertise__contains=[value])


class KnowledgeFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("ค้นหา"))
    tag = filters.CharFilter(method="by_tag", label=_("แท็ก"))
    kind = filters.ChoiceFilter(choices=KnowledgeKind.choices, label=_("ประเภท"))

    class Meta:
        model = KnowledgeItem
        fields = ["q", "tag", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(summary__icontains=value) | Q(body__icontains=value)
                               | Q(tags__contains=[value.strip().lstrip("#").lower()]))

    def by_tag(self, queryset, name, value):
        return queryset.filter(tags__contains=[value.strip().lstrip("#").lower()])


class EventFilter(filters.FilterSet):
    WHEN = (("upcoming", _("กำลังจะมาถึง")), ("past", _("ผ่านมาแล้ว")))

    q = filters.CharFilter(method="search", label=_("ค้นหา"))
    when = filters.ChoiceFilter(choices=WHEN, method="by_when", label=_("ช่วงเวลา"))
    kind = filters.ChoiceFilter(choices=EventKind.choices, label=_("ประเภท"))
    audience = filters.ChoiceFilter(choices=Audience.choices, label=_("กลุ่มเป้าหมาย"))

    class Meta:
        model = Event
        fields = ["q", "when", "kind", "audience"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(description__icontains=value))

    def by_when(self, queryset, name, value):
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(ends_at__gte=now).order_by("starts_at")
        return queryset.filter(ends_at__lt=now).order_by("-starts_at")


class RegistrationFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=RegistrationStatus.choices, label=_("สถานะ"))
    attended = filters.BooleanFilter(label=_("เข้าร่วมจริง"))

    class Meta:
        model = Registration
        fields = ["status", "attended"]


class MentorshipFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=MentorshipStatus.choices, label=_("สถานะ"))

    class Meta:
        model = Mentorship
        fields = ["status"]


class QuestionFilter(filters.FilterSet):
    q = filters.CharFilter(method="search", label=_("ค้นหา"))
    topic = filters.ChoiceFilter(choices=Expertise.choices, label=_("หัวข้อ"))

    class Meta:
        model = Question
        fields = ["q", "topic"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(body__icontains=value))
