from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin, StackedInline, TabularInline
from unfold.contrib.import_export.forms import ExportForm, ImportForm
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from . import permissions, services
from .choices import Role
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

    # Account changes follow core.services.account_change_check, the rule the API uses too: staff never
    # edit a superuser, never grant the staff role or admin flags, and change staff accounts' role,
    # password or activation only when they are superusers.
    SUPERUSER_ONLY_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")

    def _may_touch(self, request, obj, changes=frozenset()):
        try:
            services.account_change_check(actor=request.user, user=obj, changes=changes)
        except PermissionDenied:
            return False
        return True

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self._may_touch(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.pk == request.user.pk or not self._may_touch(request, obj, {"is_active"})):
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += self.SUPERUSER_ONLY_FIELDS
            if obj is not None and (obj.pk == request.user.pk or services.account_level(obj) >= 2):
                fields += ["role", "is_active"]
        return fields

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            kwargs["choices"] = [(v, label) for v, label in Role.choices if v != Role.STAFF]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        original = User.objects.get(pk=obj.pk) if change else None
        services.account_change_check(actor=request.user, user=original,
                                      changes=set(form.changed_data) - {"password1", "password2"},
                                      new_role=obj.role if "role" in form.changed_data or not change else None)
        super().save_model(request, obj, form, change)

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, id)
        if target is not None and not self._may_touch(request, target, {"password"}):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)
