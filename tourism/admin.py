"""The tourism back-office. The admin is a caller like any other: every save, delete, inline row and
status change goes through tourism.services (core.admin.ServiceAdminMixin routes them there), so
the program publish gate, the photo pipeline and the visits → tourism income link hold here too."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import PortalModelAdmin, PortalTabularInline

from . import services
from .models import (
    Activity,
    Booking,
    CommunityPhoto,
    Fair,
    MonthlyVisit,
    Program,
    ProgramItem,
    Reseller,
    ResellerKey,
    TourismCommunity,
)
from .octo import services as octo_services


def _run_on_each(model_admin, request, queryset, service, kwarg: str, done: str) -> None:
    """An admin action: call `service(actor=, <kwarg>=obj)` for each selected row; a refused row is
    reported with the service's reason and the others go ahead."""
    count = 0
    for obj in queryset:
        try:
            service(actor=request.user, **{kwarg: obj})
        except (ValidationError, PermissionDenied) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            model_admin.message_user(request, f"{obj}: {reason}", messages.ERROR)
        else:
            count += 1
    if count:
        model_admin.message_user(request, done % {"n": count}, messages.SUCCESS)


class CommunityPhotoInline(PortalTabularInline):
    """Photos through the one photo pipeline (validated, EXIF-free copy, thumbnail)."""

    model = CommunityPhoto
    create_service = services.community_photo_add
    update_service = services.community_photo_update
    delete_service = services.community_photo_delete
    instance_kwarg = "photo"
    extra = 0
    fields = ["image", "caption", "position"]


@admin.register(TourismCommunity)
class TourismCommunityAdmin(PortalModelAdmin):
    create_service = services.community_create
    update_service = services.community_update
    delete_service = services.community_delete
    instance_kwarg = "community"
    status_fields = ("status",)
    list_display = ["name_th", "subdistrict", "village_no", "status", "contact_name", "is_demo"]
    list_filter = ["status", "subdistrict__district", "is_demo"]
    search_fields = ["name_th", "name_en", "story"]
    list_select_related = ["subdistrict"]
    autocomplete_fields = ["subdistrict", "producer_groups", "coordinators"]
    filter_horizontal = ["wisdom_records"]
    readonly_fields = ["is_demo", "created_at", "updated_at"]
    inlines = [CommunityPhotoInline]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("เผยแพร่ชุมชน"))
    def publish(self, request, queryset):
        _run_on_each(self, request, queryset, services.community_publish, "community",
                     _("เผยแพร่ %(n)s ชุมชนแล้ว"))

    @admin.action(description=_("ยกเลิกการเผยแพร่ชุมชน"))
    def unpublish(self, request, queryset):
        _run_on_each(self, request, queryset, services.community_unpublish, "community",
                     _("ยกเลิกการเผยแพร่ %(n)s ชุมชนแล้ว"))


class ProgramItemInline(PortalTabularInline):
    model = ProgramItem
    create_service = services.program_item_create
    update_service = services.program_item_update
    delete_service = services.program_item_delete
    instance_kwarg = "item"
    extra = 0
    autocomplete_fields = ["activity"]
    fields = ["day", "order", "start_time", "end_time", "activity", "note", "note_en"]


@admin.register(Program)
class ProgramAdmin(PortalModelAdmin):
    """The status is read-only: programs are published only by the action, which runs the
    publish gate of services.program_publish (community readiness, wisdom consent)."""

    create_service = services.program_create
    update_service = services.program_update
    delete_service = services.program_delete
    instance_kwarg = "program"
    status_fields = ("status",)
    list_display = ["title_th", "community", "duration", "price_per_person", "daily_capacity", "status", "is_demo"]
    list_filter = ["status", "duration", "community__subdistrict__district", "is_demo"]
    search_fields = ["title_th", "title_en", "community__name_th"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
    readonly_fields = ["is_demo", "created_at", "updated_at"]
    inlines = [ProgramItemInline]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("เผยแพร่ (ตรวจความพร้อมของชุมชน)"))
    def publish(self, request, queryset):
        _run_on_each(self, request, queryset.select_related("community"), services.program_publish, "program",
                     _("เผยแพร่ %(n)s โปรแกรมแล้ว"))

    @admin.action(description=_("ยกเลิกการเผยแพร่"))
    def unpublish(self, request, queryset):
        _run_on_each(self, request, queryset, services.program_unpublish, "program",
                     _("ยกเลิกการเผยแพร่ %(n)s โปรแกรมแล้ว"))


@admin.register(Activity)
class ActivityAdmin(PortalModelAdmin):
    create_service = services.activity_create
    update_service = services.activity_update
    delete_service = services.activity_delete
    instance_kwarg = "activity"
    list_display = ["title_th", "community", "activity_type", "duration_minutes", "price_per_person", "is_demo"]
    list_filter = ["activity_type", "community", "is_demo"]
    search_fields = ["title_th", "title_en", "community__name_th"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
    filter_horizontal = ["products", "wisdom_records"]
    readonly_fields = ["is_demo"]


@admin.register(Fair)
class FairAdmin(PortalModelAdmin):
    create_service = services.fair_create
    update_service = services.fair_update
    delete_service = services.fair_delete
    instance_kwarg = "fair"
    status_fields = ("status",)
    list_display = ["title", "starts_on", "ends_on", "place", "status", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["title", "place", "description"]
    list_select_related = ["subdistrict"]
    autocomplete_fields = ["subdistrict", "participating_groups", "communities"]
    readonly_fields = ["is_demo"]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("เผยแพร่ในปฏิทินงาน"))
    def publish(self, request, queryset):
        _run_on_each(self, request, queryset, services.fair_publish, "fair", _("เผยแพร่ %(n)s งานแล้ว"))

    @admin.action(description=_("ยกเลิกการเผยแพร่"))
    def unpublish(self, request, queryset):
        _run_on_each(self, request, queryset, services.fair_unpublish, "fair", _("ยกเลิกการเผยแพร่ %(n)s งานแล้ว"))


@admin.register(MonthlyVisit)
class MonthlyVisitAdmin(PortalModelAdmin):
    """A month recorded here goes through services.visit_record_upsert like the coordinators' page
    and the API, so it becomes the month's tourism income in the evaluation too."""

    create_service = services.visit_record_upsert
    update_service = services.visit_update
    delete_service = services.visit_delete
    instance_kwarg = "visit"
    list_display = ["community", "month", "visitors_thai", "visitors_foreign", "income", "recorded_by", "is_demo"]
    list_filter = ["community", "is_demo"]
    search_fields = ["community__name_th", "note"]
    list_select_related = ["community", "recorded_by"]
    date_hierarchy = "month"
    readonly_fields = ["is_demo", "recorded_by"]


@admin.register(Booking)
class BookingAdmin(PortalModelAdmin):
    """Bookings are read here only: they change through the booking services (the coordinators'
    pages and the API: confirm, decline, reschedule), which keep the capacity rows right."""

    list_display = ["code", "program", "date", "people", "name", "status", "is_demo"]
    list_filter = ["status", "program__community", "is_demo"]
    search_fields = ["code", "name", "phone", "email", "line_id"]
    list_select_related = ["program"]
    date_hierarchy = "date"
    readonly_fields = [f.name for f in Booking._meta.fields]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ResellerKeyInline(PortalTabularInline):
    """Keys are created on the staff page (the key is shown once there) and revoked by the action."""

    model = ResellerKey
    extra = 0
    can_delete = False
    fields = readonly_fields = ["prefix", "label", "created_at", "created_by", "last_used_at", "revoked_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reseller)
class ResellerAdmin(PortalModelAdmin):
    """Travel sellers of the OCTO API (/octo/): details, active switch and the programs opened to them.
    Keys: the staff page (tourism:manage_reseller) creates them; the action here revokes them all."""

    create_service = octo_services.reseller_create
    update_service = octo_services.reseller_update
    delete_service = octo_services.reseller_delete
    instance_kwarg = "reseller"
    list_display = ["name", "contact_name", "contact_email", "active", "is_demo"]
    list_filter = ["active", "is_demo"]
    search_fields = ["name", "contact_name", "contact_email"]
    filter_horizontal = ["programs"]
    readonly_fields = ["is_demo"]
    inlines = [ResellerKeyInline]
    actions = ["revoke_all_keys"]

    @admin.action(description=_("เพิกถอนกุญแจ API ทั้งหมดของตัวแทนที่เลือก"))
    def revoke_all_keys(self, request, queryset):
        count = 0
        for key in ResellerKey.objects.filter(reseller__in=queryset, revoked_at__isnull=True):
            octo_services.reseller_key_revoke(actor=request.user, key=key)
            count += 1
        self.message_user(request, _("เพิกถอนแล้ว %(n)s กุญแจ") % {"n": count}, messages.SUCCESS)
