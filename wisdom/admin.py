from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX

from core.admin import (
    PortalImportExportAdmin,
    PortalModelAdmin,
    PortalStackedInline,
    PortalTabularInline,
    ReadOnlyAdminMixin,
)
from core.files import file_url

from . import services
from .models import (
    HolderConsent,
    KnowledgeHolder,
    ProcessStep,
    StatusTransition,
    WisdomDocument,
    WisdomPhoto,
    WisdomRecord,
    WisdomVideo,
)
from .resources import WisdomRecordResource

# Inline rows (and the main form) save through the services, with the admin user as the actor.
# Where the admin form names a field differently from the service (a photo's `original` is the
# uploaded file), a small adapter passes it on.


def _photo_add_from_admin(*, actor, record, original, **fields):
    return services.photo_add(actor=actor, record=record, file=original, **fields)


def _photo_update_from_admin(*, actor, photo, original=None, **fields):
    return services.photo_update(actor=actor, photo=photo, file=original, **fields)


def _document_update_from_admin(*, actor, document, file=None, **fields):
    return services.document_update(actor=actor, document=document, file=file, **fields)


class ProcessStepInline(PortalTabularInline):
    model = ProcessStep
    create_service = services.step_add
    update_service = services.step_update
    delete_service = services.step_delete
    instance_kwarg = "step"
    extra = 0
    fields = ["position", "text"]


class HolderInline(PortalStackedInline):
    model = KnowledgeHolder
    create_service = services.holder_add
    update_service = services.holder_update
    delete_service = services.holder_delete
    instance_kwarg = "holder"
    extra = 0
    fields = [("name", "role"), ("age", "birth_year"), "contact"]


class PhotoInline(PortalTabularInline):
    model = WisdomPhoto
    create_service = _photo_add_from_admin
    update_service = _photo_update_from_admin
    delete_service = services.photo_delete
    instance_kwarg = "photo"
    extra = 0
    fields = ["preview", "original", "caption", "credit", "access_level", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("ภาพ"))
    def preview(self, obj):
        url = file_url(obj, "thumbnail")
        return format_html('<img src="{}" alt="" style="max-height:60px">', url) if url else "-"


class VideoInline(PortalTabularInline):
    model = WisdomVideo
    create_service = services.video_add
    update_service = services.video_update
    delete_service = services.video_delete
    instance_kwarg = "video"
    extra = 0
    fields = ["url", "title", "access_level", "position"]


class DocumentInline(PortalTabularInline):
    model = WisdomDocument
    create_service = services.document_add
    update_service = _document_update_from_admin
    delete_service = services.document_delete
    instance_kwarg = "document"
    extra = 0
    fields = ["file", "title", "access_level", "position"]


class TransitionInline(PortalTabularInline):
    model = StatusTransition
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "actor", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WisdomRecord)
class WisdomRecordAdmin(PortalImportExportAdmin):
    """Records are created, changed and deleted through the record services; the status moves only
    by the workflow actions (verify, publish), which call the workflow services."""

    create_service = services.record_create
    update_service = services.record_update
    delete_service = services.record_delete
    instance_kwarg = "record"
    status_fields = ("status", "published_at")
    resource_classes = [WisdomRecordResource]
    import_formats = [XLSX, CSV]
    export_formats = [XLSX, CSV]
    list_display = ["title_th", "category", "district_name", "owner_group", "status", "access_level",
                    "potential", "is_demo", "updated_at"]
    list_filter = ["status", "category", "access_level", "subdistrict__district", "is_demo"]
    search_fields = ["title_th", "title_en", "slug", "community_name", "summary", "holders__name"]
    list_select_related = ["subdistrict__district", "owner_group"]
    autocomplete_fields = ["subdistrict", "owner_group", "created_by"]
    readonly_fields = ["slug", "is_demo", "created_at", "updated_at", "potential"]
    inlines = [ProcessStepInline, HolderInline, PhotoInline, VideoInline, DocumentInline, TransitionInline]
    actions = ["verify_selected", "publish_selected"]
    fieldsets = (
        (None, {"fields": ("title_th", "title_en", "slug", "category", "status", "access_level", "is_demo")}),
        (_("พื้นที่"), {"fields": ("subdistrict", "village_no", "community_name", "owner_group", "lat", "lng")}),
        (_("องค์ความรู้"), {"fields": ("summary", "description", "background", "materials",
                                      "sustainability_note")}),
        (_("การสืบทอดและสงวนรักษา"), {"fields": (
            "transmission", "learners_count", "threats", "safeguarding_measures", "customary_restrictions",
            "compiled_by", "compiled_place", "compiled_on")}),
        (_("ศักยภาพการพัฒนาผลิตภัณฑ์"), {"fields": (
            "market_score", "uniqueness_score", "transferability_score", "material_score", "potential",
            "staff_notes")}),
        (_("บันทึก"), {"fields": ("created_by", "published_at", "created_at", "updated_at")}),
    )

    @admin.display(description=_("อำเภอ"), ordering="subdistrict__district__name_th")
    def district_name(self, obj):
        return obj.subdistrict.district.name_th

    @admin.display(description=_("คะแนนศักยภาพ"),
                   ordering=F("market_score") + F("uniqueness_score") + F("transferability_score")
                   + F("material_score"))
    def potential(self, obj):
        score = obj.potential_score
        return "-" if score is None else score

    def get_deleted_objects(self, objs, request):
        """The workflow log has no delete permission of its own (nobody edits it); it goes with its
        record, so it must not stop the record's deletion."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed.discard(StatusTransition._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    def _run(self, request, queryset, service, done_message):
        done, failed = 0, []
        for record in queryset:
            try:
                service(actor=request.user, record=record)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                failed.append(f"{record.title_th}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("ยืนยันการตรวจสอบรายการที่เลือก"))
    def verify_selected(self, request, queryset):
        self._run(request, queryset, services.record_verify, _("ตรวจสอบแล้ว %(n)s รายการ"))

    @admin.action(description=_("เผยแพร่รายการที่เลือก"))
    def publish_selected(self, request, queryset):
        self._run(request, queryset, services.record_publish, _("เผยแพร่แล้ว %(n)s รายการ"))


@admin.register(KnowledgeHolder)
class KnowledgeHolderAdmin(PortalModelAdmin):
    create_service = services.holder_add
    update_service = services.holder_update
    delete_service = services.holder_delete
    instance_kwarg = "holder"
    list_display = ["name", "record", "role", "is_demo"]
    list_filter = ["record__subdistrict__district", "is_demo"]
    search_fields = ["name", "role", "record__title_th"]
    list_select_related = ["record"]
    autocomplete_fields = ["record"]
    readonly_fields = ["is_demo"]


@admin.register(StatusTransition)
class StatusTransitionAdmin(PortalModelAdmin):
    """The workflow log, read-only: entries are written by the workflow services and go only
    with their record."""

    list_display = ["record", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["record__title_th", "comment"]
    list_select_related = ["record", "actor"]

    def get_queryset(self, request):
        return super(PortalModelAdmin, self).get_queryset(request)

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HolderConsent)
class HolderConsentAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """Consent periods, read-only here: they change only through services.consent_grant /
    consent_withdraw / consent_restore (the holder's consent page and the API), which also unpublish
    what a withdrawal touches."""

    list_display = ["holder", "scope", "given_on", "withdrawn_on", "recorded_by", "witness", "consent_form",
                    "is_demo"]
    list_filter = ["scope", "holder__record__subdistrict__district", "is_demo"]
    search_fields = ["holder__name", "holder__record__title_th", "witness"]
    list_select_related = ["holder", "recorded_by"]

    @admin.display(description=_("แบบฟอร์ม"))
    def consent_form(self, obj):
        return format_html('<a href="{}">{}</a>', file_url(obj, "form"), _("เปิด")) if obj.form else "–"
