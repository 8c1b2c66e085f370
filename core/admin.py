from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin
from unfold.admin import ModelAdmin, StackedInline, TabularInline
from unfold.contrib.import_export.forms import ExportForm, ImportForm
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from . import outbox, permissions, services, tasks_dispatch
from .choices import Role
from .forms import add_service_errors
from .models import (
    District,
    DistrictOfficer,
    GroupMembership,
    Notification,
    NotificationDelivery,
    OutgoingEmail,
    PartnerOrganisation,
    PendingTask,
    ProducerGroup,
    Province,
    SiteContact,
    Subdistrict,
    User,
)


def _form_values(model: Any, form: Any, names: Any, exclude: Any = ()) -> dict[str, Any]:
    """The form's values for the model's editable fields among `names` (many-to-many as lists)."""
    model_fields = {f.name for f in model._meta.get_fields() if getattr(f, "editable", False)
                    and (f.concrete or f.many_to_many) and not getattr(f, "primary_key", False)}
    values = {}
    for name in names:
        if name in exclude or name not in model_fields or name not in form.cleaned_data:
            continue
        value = form.cleaned_data[name]
        if hasattr(value, "model") and hasattr(value, "all"):  # a many-to-many queryset
            value = list(value)
        elif value is False and isinstance(model._meta.get_field(name), models.FileField):
            value = None  # the "clear" box of a file field
        values[name] = value
    return values


if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin as _AdminBase
    from django.contrib.admin import TabularInline as _InlineBase
else:
    _AdminBase = object
    _InlineBase = object


class ServiceAdminMixin(_AdminBase):
    """The admin is a caller like any other: it saves and deletes through the app's services.

    Declare on the ModelAdmin (or inline) the service functions, each taking ``actor=``:
    - ``create_service(actor=, **fields) -> obj`` (an inline's also gets the parent: ``<fk name>=parent``)
    - ``update_service(actor=, <instance_kwarg>=obj, **changed_fields) -> obj``
    - ``delete_service(actor=, <instance_kwarg>=obj)``
    ``instance_kwarg`` defaults to the model's name. Only the fields the form changed are passed on
    update (many-to-many fields too, as lists), all of the form's fields on create. ``status_fields``
    are shown read-only: they change only through actions that call the workflow service.
    A service's ValidationError is shown on the form and nothing is saved (not the inlines either).
    Reference tables that have no rules say so with ``plain_writes_reason`` and are saved as is.
    The system check core.E011 refuses an admin that can write without either.
    """

    create_service: Callable[..., Any] | None = None
    update_service: Callable[..., Any] | None = None
    delete_service: Callable[..., Any] | None = None
    instance_kwarg: str | None = None
    status_fields: tuple[str, ...] = ()
    plain_writes_reason: str = ""

    # --- helpers -----------------------------------------------------------------------------

    @staticmethod
    def _call(func, **kwargs):
        return getattr(func, "__func__", func)(**kwargs)

    def _kw(self) -> str:
        return self.instance_kwarg or self.model._meta.model_name

    def _form_values(self, form: Any, names: Any, exclude: Any = ()) -> dict[str, Any]:
        return _form_values(self.model, form, names, exclude)

    @staticmethod
    def _adopt(obj, saved) -> None:
        """Make the admin's `obj` the row the service saved (the admin goes on using `obj`)."""
        if saved is not None and saved is not obj:
            obj.__dict__.update(saved.__dict__)

    # --- the main object ---------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *self.status_fields)

    def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form: Any = super().get_form(request, obj, change=change, **kwargs)
        refusal = getattr(request, "_portal_service_refusal", None)
        if refusal is None:
            return form

        def clean(inner: Any) -> Any:
            data = form.clean(inner)
            add_service_errors(inner, refusal)
            return data

        with_errors: Any = type(f"{form.__name__}WithServiceErrors", (form,), {"clean": clean})
        return with_errors

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            # The transaction of the first attempt is rolled back; show the form again with the
            # service's reasons on it, so nothing is saved and nothing typed is lost.
            if request.method != "POST" or getattr(request, "_portal_service_refusal", None) is not None:
                raise
            request._portal_service_refusal = exc
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if self.plain_writes_reason:
            return super().save_model(request, obj, form, change)
        if change:
            values = self._form_values(form, form.changed_data)
            if not values:
                return None
            if self.update_service is None:
                raise PermissionDenied
            original = type(obj)._default_manager.get(pk=obj.pk)
            saved = self._call(self.update_service, actor=request.user, **{self._kw(): original}, **values)
        else:
            if self.create_service is None:
                raise PermissionDenied
            saved = self._call(self.create_service, actor=request.user,
                               **self._form_values(form, form.cleaned_data))
        self._adopt(obj, saved)
        return None

    def save_related(self, request, form, formsets, change):
        if self.plain_writes_reason:
            return super().save_related(request, form, formsets, change)
        # many-to-many fields went to the service with the other fields
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        return None

    def delete_model(self, request, obj):
        if self.plain_writes_reason:
            return super().delete_model(request, obj)
        if self.delete_service is None:
            raise PermissionDenied
        return self._call(self.delete_service, actor=request.user, **{self._kw(): obj})

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    # --- inlines -----------------------------------------------------------------------------

    def _inline_for(self, request, formset, parent):
        candidates = [i for i in self.get_inline_instances(request, parent) if i.model is formset.model]
        if len(candidates) > 1:
            candidates = [i for i in candidates
                          if i.get_formset(request, parent).get_default_prefix() == formset.prefix] or candidates
        if not candidates:
            raise ImproperlyConfigured(f"{type(self).__name__}: no inline for {formset.model.__name__}")
        return candidates[0]

    def save_formset(self, request, form, formset, change):
        inline = self._inline_for(request, formset, form.instance)
        if getattr(inline, "plain_writes_reason", "") or not isinstance(inline, ServiceInlineMixin):
            return super().save_formset(request, form, formset, change)
        parent = {formset.fk.name: form.instance}
        # What Django's change message reads after formset.save(), filled as the services run.
        formset.new_objects, formset.changed_objects = [], []
        formset.deleted_objects = [f.instance for f in formset.deleted_forms if f.instance.pk]
        for obj in formset.deleted_objects:
            self._call(inline.delete_service, actor=request.user, **{inline._kw(): obj})
        deleted = {id(f) for f in formset.deleted_forms}
        for sub in formset.forms:
            if id(sub) in deleted or not sub.has_changed() or not hasattr(sub, "cleaned_data"):
                continue
            if sub.instance.pk:
                values = inline._form_values(sub, sub.changed_data, exclude=(formset.fk.name,))
                if values:
                    original = type(sub.instance)._default_manager.get(pk=sub.instance.pk)
                    self._call(inline.update_service, actor=request.user, **{inline._kw(): original}, **values)
                    formset.changed_objects.append((sub.instance, list(values)))
            else:
                values = inline._form_values(sub, sub.cleaned_data, exclude=(formset.fk.name,))
                self._adopt(sub.instance, self._call(inline.create_service, actor=request.user, **parent,
                                                     **values))
                formset.new_objects.append(sub.instance)
        return None


class ServiceInlineMixin(_InlineBase):
    """Inline rows go through services too; declare them as on ServiceAdminMixin."""

    create_service: Callable[..., Any] | None = None
    update_service: Callable[..., Any] | None = None
    delete_service: Callable[..., Any] | None = None
    instance_kwarg: str | None = None
    plain_writes_reason: str = ""

    def _kw(self) -> str:
        return self.instance_kwarg or self.model._meta.model_name

    def _form_values(self, form: Any, names: Any, exclude: Any = ()) -> dict[str, Any]:
        return _form_values(self.model, form, names, exclude)


class PortalModelAdmin(ServiceAdminMixin, permissions.StaffOnlyAdminMixin, SimpleHistoryAdmin, ModelAdmin):
    """Base admin for every portal model: unfold theme, history, staff-only, scoped queryset,
    writes through the app's services (ServiceAdminMixin)."""

    list_per_page = 50


class PortalTabularInline(ServiceInlineMixin, permissions.StaffOnlyAdminMixin, TabularInline):
    """Inlines follow the portal's role rule, not Django's per-model permissions
    (staff who are not superusers would otherwise not see them), and write through services."""


class PortalStackedInline(ServiceInlineMixin, permissions.StaffOnlyAdminMixin, StackedInline):
    """As PortalTabularInline, stacked."""


class PortalImportExportAdmin(ImportExportModelAdmin, PortalModelAdmin):
    import_form_class = ImportForm
    export_form_class = ExportForm


class ReferenceDataAdmin(permissions.StaffOnlyAdminMixin, ModelAdmin):
    """Reference tables (DOPA areas) that carry no rules: edited as they are."""

    plain_writes_reason = "DOPA reference data (loaded by core.areas); no rules beyond the model's own"


@admin.register(Province)
class ProvinceAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_th", "name_en"]
    search_fields = ["code", "name_th", "name_en"]


@admin.register(District)
class DistrictAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_th", "name_en", "province"]
    list_filter = ["province"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["province"]


@admin.register(Subdistrict)
class SubdistrictAdmin(ReferenceDataAdmin):
    list_display = ["code", "name_th", "name_en", "district", "postcode"]
    list_filter = ["district"]
    search_fields = ["code", "name_th", "name_en"]
    list_select_related = ["district"]


class MembershipInline(PortalTabularInline):
    model = GroupMembership
    create_service = services.membership_add
    update_service = services.membership_update
    delete_service = services.membership_remove
    instance_kwarg = "membership"
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(ProducerGroup)
class ProducerGroupAdmin(PortalImportExportAdmin):
    create_service = services.producer_group_create
    update_service = services.producer_group_update
    delete_service = services.producer_group_delete
    instance_kwarg = "group"
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
    create_service = services.partner_organisation_create
    update_service = services.partner_organisation_update
    delete_service = services.partner_organisation_delete
    instance_kwarg = "partner_organisation"
    list_display = ["name_th", "org_type", "contact_name", "phone", "is_demo"]
    list_filter = ["org_type", "is_demo"]
    search_fields = ["name_th", "name_en", "expertise"]
    filter_horizontal = ["areas_served"]
    readonly_fields = ["is_demo"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(DistrictOfficer)
class DistrictOfficerAdmin(PortalModelAdmin):
    """Who producers of each district are told to ask (their workspace shows the phone and LINE id)."""

    create_service = services.district_officer_create
    update_service = services.district_officer_update
    delete_service = services.district_officer_delete
    instance_kwarg = "district_officer"
    list_display = ["district", "officer", "phone", "line_id", "is_demo"]
    list_select_related = ["district", "officer"]
    autocomplete_fields = ["officer"]
    readonly_fields = ["is_demo"]

    def get_readonly_fields(self, request, obj=None):
        # The district is the row's key: pick it when adding, never change it afterwards.
        return [*super().get_readonly_fields(request, obj), *(["district"] if obj else [])]


@admin.register(SiteContact)
class SiteContactAdmin(PortalModelAdmin):
    """The office's contact in every page's footer: one row; a blank field is not shown."""

    create_service = services.site_contact_update
    update_service = services.site_contact_update
    delete_service = services.site_contact_clear
    instance_kwarg = "site_contact"
    list_display = ["__str__", "phone", "email", "line_id", "updated_at"]
    fields = ["address", "phone", "email", "line_id"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteContact.objects.exists()


class ReadOnlyAdminMixin(_AdminBase):
    """Rows that only the system writes (the outbox, tasks kept for the broker): staff look, never edit;
    what they may do goes through an action that calls a service."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """The e-mail outbox, for staff to see what was sent, what is waiting and what failed (with the
    error). Read-only: rows are written by core.outbox; "send again" goes through outbox.email_retry."""

    list_display = ["subject", "recipients", "status", "attempts", "next_attempt_at", "sent_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["key", "subject", "to"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
    actions = ["retry_failed"]

    @admin.display(description=_("ผู้รับ"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    @admin.action(description=_("ส่งอีเมลที่ส่งไม่สำเร็จอีกครั้ง"))
    def retry_failed(self, request, queryset):
        count = outbox.email_retry(actor=request.user, emails=queryset)
        self.message_user(request, _("ส่งอีกครั้ง %(n)s ฉบับ") % {"n": count})


@admin.register(PendingTask)
class PendingTaskAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """Tasks kept while the broker (Redis) was unreachable (core.tasks_dispatch), for staff to see that
    background work is waiting. Read-only: the beat task core.resend_pending_tasks sends them every minute;
    "send now" calls the same service."""

    list_display = ["task_name", "task_id", "created_at", "attempts", "last_error"]
    list_filter = ["task_name"]
    readonly_fields = [f.name for f in PendingTask._meta.fields]
    actions = ["resend_now"]

    @admin.action(description=_("ส่งงานที่ค้างเข้าคิวเดี๋ยวนี้"))
    def resend_now(self, request, queryset):
        sent = tasks_dispatch.pending_tasks_resend(actor=request.user)
        left = PendingTask.objects.count()
        self.message_user(request, _("ส่งเข้าคิวแล้ว %(sent)s งาน เหลือ %(left)s งาน") % {"sent": sent, "left": left},
                          level=messages.SUCCESS if not left else messages.WARNING)


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """Notifications sent by e-mail and LINE (core.notifications), for staff to see what was sent, what
    waits for a retry and what failed or was skipped, with the reason. Read-only: only the system writes."""

    list_display = ["notification", "channel", "status", "attempts", "next_attempt_at", "sent_at", "reason"]
    list_filter = ["channel", "status"]
    search_fields = ["notification__key", "notification__title", "notification__recipient__username"]
    list_select_related = ["notification__recipient"]
    readonly_fields = [f.name for f in NotificationDelivery._meta.fields]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """Every notification told in the portal (the bell), read-only."""

    list_display = ["title", "recipient", "event", "created_at", "read_at", "is_demo"]
    list_filter = ["event", "is_demo"]
    search_fields = ["key", "title", "recipient__username"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(User)
class UserAdmin(ServiceAdminMixin, permissions.StaffOnlyAdminMixin, DjangoUserAdmin, SimpleHistoryAdmin,
                ModelAdmin):
    """Accounts keep Django's auth forms (they hash passwords); the account itself is saved by
    core.services.user_admin_save under the account rule, memberships by the membership services."""

    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["username", "first_name", "last_name", "role", "partner_organisation", "is_active", "is_demo"]
    list_filter = ["role", "is_active", "partner_organisation", "is_demo"]
    search_fields = ["username", "first_name", "last_name", "email"]
    list_select_related = ["partner_organisation"]
    inlines = [MembershipInline]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
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
        services.user_admin_save(actor=request.user, user=obj, changes=form.changed_data, is_new=not change)

    def save_related(self, request, form, formsets, change):
        form.save_m2m()  # Django's groups and permissions (superusers only: read-only for staff)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.account_change_check(actor=request.user, user=obj, changes={"is_active"})
        obj.delete()

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, id)
        if target is not None and not self._may_touch(request, target, {"password"}):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)
