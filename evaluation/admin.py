"""The evaluation's back office. Every save, delete, bulk delete, inline row and import goes through
evaluation.services (core.admin.ServiceAdminMixin); an action's status changes only through the
admin actions, which call ``services.action_set_status``."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.admin import PortalImportExportAdmin, PortalModelAdmin, PortalTabularInline, ReadOnlyAdminMixin
from core.files import file_url

from . import services
from .choices import ActionStatus
from .models import (
    DistrictTarget,
    Enrollment,
    Finding,
    ImprovementAction,
    IncomeRecord,
    ProductSale,
    Report,
    Target,
    UnitTarget,
)
from .resources import EnrollmentResource, IncomeRecordResource
from .selectors import evaluation_window


@admin.register(IncomeRecord)
class IncomeRecordAdmin(PortalImportExportAdmin):
    create_service = services.income_record_create
    update_service = services.income_record_update
    delete_service = services.income_record_delete
    instance_kwarg = "record"
    resource_classes = [IncomeRecordResource]
    list_display = ["month", "producer_group", "tourism_community", "source", "amount", "is_demo"]
    list_filter = ["source", "month", "is_demo"]
    search_fields = ["producer_group__name_th", "tourism_community__name_th"]
    list_select_related = ["producer_group", "tourism_community"]
    autocomplete_fields = ["producer_group"]
    readonly_fields = ["created_by", "is_demo", "created_at", "updated_at"]
    date_hierarchy = "month"


@admin.register(Enrollment)
class EnrollmentAdmin(PortalImportExportAdmin):
    create_service = services.enrollment_create
    update_service = services.enrollment_update
    delete_service = services.enrollment_delete
    resource_classes = [EnrollmentResource]
    list_display = ["fiscal_year", "project", "producer_group", "tourism_community", "is_demo"]
    list_filter = ["fiscal_year", "project", "is_demo"]
    search_fields = ["producer_group__name_th", "tourism_community__name_th"]
    list_select_related = ["producer_group", "tourism_community"]
    autocomplete_fields = ["producer_group"]
    readonly_fields = ["is_demo"]


@admin.register(Target)
class TargetAdmin(PortalModelAdmin):
    create_service = services.target_set
    update_service = services.target_update
    delete_service = services.target_delete
    list_display = ["fiscal_year", "project", "target_percent", "updated_at", "is_demo"]
    list_filter = ["fiscal_year", "project"]
    search_fields = ["fiscal_year"]
    list_select_related = []
    readonly_fields = ["is_demo"]


@admin.register(DistrictTarget)
class DistrictTargetAdmin(PortalModelAdmin):
    """A district's own target (overrides the department's); every change needs its reason."""

    create_service = services.district_target_set
    update_service = services.district_target_update
    delete_service = services.district_target_delete
    instance_kwarg = "target"
    fields = ["fiscal_year", "district", "target_percent", "reason", "set_by", "is_demo"]
    list_display = ["fiscal_year", "district", "target_percent", "reason", "set_by", "updated_at", "is_demo"]
    list_filter = ["fiscal_year", "district"]
    search_fields = ["district__name_th", "reason"]
    list_select_related = ["district", "set_by"]
    readonly_fields = ["set_by", "is_demo"]


@admin.register(UnitTarget)
class UnitTargetAdmin(PortalModelAdmin):
    """A producer group's or tourism community's own target (overrides its district's and the
    department's); every change needs its reason."""

    create_service = services.unit_target_set
    update_service = services.unit_target_update
    delete_service = services.unit_target_delete
    instance_kwarg = "target"
    fields = ["fiscal_year", "producer_group", "tourism_community", "target_percent", "reason", "set_by", "is_demo"]
    list_display = ["fiscal_year", "producer_group", "tourism_community", "target_percent", "reason", "set_by",
                    "updated_at", "is_demo"]
    list_filter = ["fiscal_year"]
    search_fields = ["producer_group__name_th", "tourism_community__name_th", "reason"]
    list_select_related = ["producer_group", "tourism_community", "set_by"]
    autocomplete_fields = ["producer_group"]
    readonly_fields = ["set_by", "is_demo"]


class FindingInline(PortalTabularInline):
    model = Finding
    create_service = services.finding_create
    update_service = services.finding_update
    delete_service = services.finding_delete
    extra = 0
    fields = ["title", "detail"]


class ReportRequestAdminForm(forms.ModelForm):
    """Staff ask for a report of any fiscal year and month (the month's first day is used)."""

    class Meta:
        model = Report
        fields = ["fiscal_year", "as_of"]

    def clean(self):
        data = super().clean()
        if data.get("fiscal_year") and data.get("as_of"):
            try:
                data["as_of"] = evaluation_window(fiscal_year=data["fiscal_year"], as_of=data["as_of"]).as_of
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field, errors)
            self.instance.as_of = data.get("as_of")
        return data

    def validate_unique(self):
        pass  # the service picks the next free version (the unique constraint still guards it)


@admin.register(Report)
class ReportAdmin(PortalModelAdmin):
    # Adding a report asks for a new version (generated by the Celery task after commit); a stored
    # report never changes (report_update refuses), its findings are edited inline.
    create_service = services.report_request
    update_service = services.report_update
    delete_service = services.report_delete
    status_fields = ("status",)
    list_display = ["fiscal_year", "as_of", "version", "status", "created_by", "created_at", "finished_at"]
    list_filter = ["fiscal_year", "status"]
    search_fields = ["fiscal_year"]
    list_select_related = ["created_by"]
    readonly_fields = ["fiscal_year", "as_of", "version", "error", "started_at", "finished_at",
                       "created_by", "downloads", "snapshot"]
    exclude = ["xlsx", "pdf"]
    inlines = [FindingInline]
    actions = ["regenerate"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ReportRequestAdminForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["fiscal_year", "as_of"] if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else super().get_readonly_fields(request, obj)

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    @admin.display(description=_("ดาวน์โหลด"))
    def downloads(self, obj):
        if not obj.xlsx:
            return "–"
        return format_html('<a href="{}">Excel</a> · <a href="{}">PDF</a>', file_url(obj, "xlsx"),
                           file_url(obj, "pdf"))

    @admin.action(description=_("สร้างรายงานฉบับใหม่ของปี/เดือนเดียวกัน"))
    def regenerate(self, request, queryset):
        seen = set()
        for report in queryset:
            key = (report.fiscal_year, report.as_of)
            if key not in seen:
                seen.add(key)
                services.report_request(actor=request.user, fiscal_year=report.fiscal_year, as_of=report.as_of)
        self.message_user(request, _("ส่งคำขอสร้างรายงาน %(n)d ฉบับแล้ว") % {"n": len(seen)}, messages.SUCCESS)


class ActionInline(PortalTabularInline):
    model = ImprovementAction
    create_service = services.action_create
    update_service = services.action_update
    delete_service = services.action_delete
    instance_kwarg = "action"
    extra = 0
    fields = ["what", "owner", "due_date", "status"]
    readonly_fields = ["status"]  # changed by the actions of the improvement-action admin


@admin.register(Finding)
class FindingAdmin(PortalModelAdmin):
    create_service = services.finding_create
    update_service = services.finding_update
    delete_service = services.finding_delete
    list_display = ["title", "report", "created_by", "created_at"]
    list_filter = ["report__fiscal_year"]
    search_fields = ["title", "detail"]
    list_select_related = ["report", "created_by"]
    readonly_fields = ["created_by"]
    inlines = [ActionInline]


def _set_status_action(status: ActionStatus):
    def set_status(modeladmin, request, queryset):
        done = 0
        for action in queryset:
            try:
                services.action_set_status(actor=request.user, action=action, status=status)
            except (ValidationError, PermissionDenied) as exc:
                modeladmin.message_user(request, f"{action}: {' '.join(getattr(exc, 'messages', [str(exc)]))}",
                                        messages.ERROR)
            else:
                done += 1
        modeladmin.message_user(request, _("เปลี่ยนสถานะ %(n)d รายการแล้ว") % {"n": done}, messages.SUCCESS)

    set_status.__name__ = f"set_status_{status.value}"
    return admin.action(description=format_lazy(_("เปลี่ยนสถานะเป็น “{}”"), status.label))(set_status)


@admin.register(ImprovementAction)
class ImprovementActionAdmin(PortalModelAdmin):
    create_service = services.action_create
    update_service = services.action_update
    delete_service = services.action_delete
    instance_kwarg = "action"
    status_fields = ("status",)
    list_display = ["what", "owner", "due_date", "status", "done_at", "producer_group", "tourism_community"]
    list_filter = ["status", "finding__report__fiscal_year"]
    search_fields = ["what", "owner"]
    list_select_related = ["producer_group", "tourism_community", "finding"]
    autocomplete_fields = ["producer_group"]
    readonly_fields = ["done_at", "created_by"]
    actions = [_set_status_action(s) for s in ActionStatus]


@admin.register(ProductSale)
class ProductSaleAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """A month's product sales split by product, read-only here: lines are written by
    services.product_sale_upsert / product_sales_set / product_sales_import (the income page, its
    spreadsheet import and the API), which keep the breakdown within the month's total."""

    list_display = ["income_record", "product", "amount", "quantity", "is_demo"]
    list_filter = ["income_record__month", "is_demo"]
    search_fields = ["product__name_th", "income_record__producer_group__name_th"]
    list_select_related = ["income_record__producer_group", "product"]
