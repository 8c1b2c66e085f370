"""One FilterSet per model, shared by the HTML lists and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import EntryKind, ShareBasis
from .models import Agreement, LedgerEntry, Payment


class AgreementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("ค้นหาชื่อข้อตกลง"))
    share_basis = django_filters.ChoiceFilter(choices=ShareBasis.choices, label=_("วิธีคิดส่วนแบ่ง"))

    class Meta:
        model = Agreement
        fields = ["q", "share_basis", "producer_group", "tourism_community", "wisdom_record"]


class LedgerEntryFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=EntryKind.choices, label=_("ประเภทรายการ"))
    month = django_filters.DateFilter(field_name="month", input_formats=["%Y-%m", "%Y-%m-%d"], label=_("เดือน"))

    class Meta:
        model = LedgerEntry
        fields = ["agreement", "beneficiary", "month", "kind"]


class PaymentFilter(django_filters.FilterSet):
    class Meta:
        model = Payment
        fields = ["beneficiary", "method"]
