"""The benefit-sharing back office. Agreements, beneficiaries and payments are written through
benefits.services; ledger lines are computed, never typed (read-only, with a "compute again" action)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import PortalModelAdmin, PortalTabularInline, ReadOnlyAdminMixin

from . import services
from .models import Agreement, Beneficiary, LedgerEntry, Payment


class BeneficiaryInline(PortalTabularInline):
    model = Beneficiary
    create_service = services.beneficiary_add
    update_service = services.beneficiary_update
    delete_service = services.beneficiary_remove
    extra = 0
    fields = ["kind", "holder", "name", "account", "share_percent"]
    raw_id_fields = ["holder", "account"]


@admin.register(Agreement)
class AgreementAdmin(PortalModelAdmin):
    create_service = services.agreement_create
    update_service = services.agreement_update
    delete_service = services.agreement_delete
    list_display = ["title", "producer_group", "tourism_community", "share_basis", "rate", "start_date", "end_date",
                    "is_demo"]
    list_filter = ["share_basis", "is_demo"]
    search_fields = ["title", "producer_group__name_th", "tourism_community__name_th"]
    list_select_related = ["producer_group", "tourism_community"]
    raw_id_fields = ["producer_group", "tourism_community", "wisdom_record"]
    filter_horizontal = ["products", "programs"]
    readonly_fields = ["created_by", "is_demo", "created_at", "updated_at"]
    inlines = [BeneficiaryInline]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["month", "agreement", "beneficiary", "kind", "revision", "basis", "rate", "share_percent",
                    "days_entitled", "amount", "computed_at"]
    list_filter = ["kind", "month", "share_basis"]
    search_fields = ["agreement__title", "beneficiary__name"]
    list_select_related = ["agreement", "beneficiary"]
    date_hierarchy = "month"
    actions = ["compute_again"]

    @admin.action(description=_("คำนวณเดือนของรายการที่เลือกใหม่ (ส่วนต่างเป็นรายการปรับปรุง)"))
    def compute_again(self, request, queryset):
        pairs = sorted(set(queryset.values_list("month", "agreement_id")))
        months: dict = {}
        for month, agreement_id in pairs:
            months.setdefault(month, []).append(agreement_id)
        for month, agreement_ids in months.items():
            try:
                run = services.compute_ledger(actor=request.user, month=month, agreements=agreement_ids)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
                continue
            self.message_user(request, _("%(m)s: ค้างจ่ายใหม่ %(a)s รายการ ปรับปรุง %(j)s รายการ") % {
                "m": month.strftime("%Y-%m"), "a": run.accruals, "j": run.adjustments})


@admin.register(Payment)
class PaymentAdmin(PortalModelAdmin):
    """Payments are added (through record_payment) and then kept as they are: a mistake is corrected
    with the history visible, not by editing the amount."""

    create_service = services.record_payment
    list_display = ["paid_on", "beneficiary", "amount", "method", "reference", "recorded_by", "is_demo"]
    list_filter = ["method", "is_demo"]
    search_fields = ["beneficiary__name", "reference"]
    list_select_related = ["beneficiary", "recorded_by"]
    raw_id_fields = ["beneficiary", "entry"]
    readonly_fields = ["recorded_by", "is_demo", "created_at", "updated_at"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
