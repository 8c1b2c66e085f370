import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import EntrepreneurType
from .models import District, ProducerGroup


class ProducerGroupFilter(filters.FilterSet):
    """Shared by the public group directory and /api/v1/groups/."""

    q = filters.CharFilter(method="search", label=_("ค้นหา"))
    district = filters.ModelChoiceFilter(field_name="subdistrict__district", queryset=District.objects.all(),
                                         to_field_name="code", label=_("อำเภอ"))
    subdistrict = filters.CharFilter(field_name="subdistrict_id", label=_("รหัสตำบล"))
    entrepreneur_type = filters.ChoiceFilter(choices=EntrepreneurType.choices, label=_("ประเภทผู้ประกอบการ"))

    class Meta:
        model = ProducerGroup
        fields = ["q", "district", "subdistrict", "entrepreneur_type"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name_th__icontains=value) | Q(name_en__icontains=value))
