from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin, StackedInline, TabularInline
from unfold.contrib.import_export.forms import ExportForm, ImportForm
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from . import permissions
from .models import District, GroupMembership, PartnerOrganisation, ProducerGroup, Province, Subdistrict, User


class PortalModelAdmin(permissions.StaffOnlyAdminMixin, SimpleHistoryAdmin, ModelAdmin):
    """Base admin for every portal model: unfold theme, history, staff-only, scoped queryset."""

    list_per_page = 50


class PortalTabularInline(permissions.StaffOnlyAdminMixin, TabularInline):
    """Inlines follow the portal's role rule, not Django's per-model permissions
    (staff who are not superusers would otherwise not see them)."""


class PortalStackedInline(permissions.StaffOnlyAdminMixin, StackedInline):
    """As PortalTabularInline, stacked."""


class PortalImportExportAdmin(ImportExportModelAdmin, PortalModelAdmin):
    import_form_class = ImportForm
    export_form_class = ExportForm


@admin.register(Province)
class ProvinceAdmin(permissions.StaffOnlyAdminMixin, ModelAdmin):
    list_display = ["code", "name_th", "name_en"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(District)
class DistrictAdmin(permissions.StaffOnlyAdminMixin, ModelAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["province"]


@admin.register(Subdistrict)
class SubdistrictAdmin(permissions.StaffOnlyAdminMixin, ModelAdmin):
    list_display = ["code", "name_th", "name_en", "district", "postcode"]
    list_filter = ["district"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["district"]


class MembershipInline(PortalTabularInline):
    model = GroupMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(ProducerGroup)
class ProducerGroupAdmin(PortalImportExportAdmin):
    list_display = ["name_th", "entrepreneur_type", "subdistrict", "district_name", "registration_no", "is_demo"]
    list_filter = ["entrepreneur_type", "subdistrict__district", "is_demo"]
    search_fields = ["name_th", "name_en", "registration_no"]
    list_select_related = ["subdistrict__district"]
    autocomplete_fields = ["subdistrict"]
    readonly_fields = ["slug", "is_demo", "created_at", "updated_at"]
    inlines = [MembershipInline]

    @admin.display(description=_("อำเภอ"), ordering="subdistrict__district__name_th")
    def district_name(self, obj):
        return obj.subdistrict.district.name_th


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(PortalModelAdmin):
    list_display = ["name_th", "org_type", "contact_name", "phone", "is_demo"]
    list_filter = ["org_type", "is_demo"]
    search_fields = ["name_th", "name_en", "expertise"]
    filter_horizontal = ["areas_served"]
    readonly_fields = ["is_demo"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(User)
class UserAdmin(permissions.StaffOnlyAdminMixin, DjangoUserAdmin, SimpleHistoryAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["username", "first_name", "last_name", "role", "partner_organisation", "is_active", "is_demo"]
    list_filter = ["role", "is_active", "partner_organisation", "is_demo"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["partner_organisation"]
    inlines = [MembershipInline]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("บทบาทในพอร์ทัล"), {"fields": ("role", "partner_organisation", "phone", "line_id")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("บทบาทในพอร์ทัล"), {"fields": ("role", "partner_organisation")}),
    )

    def has_change_permission(self, request, obj=None):
        # Only superusers may change other superusers.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)
