from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import PortalModelAdmin, PortalTabularInline

from . import services
from .choices import PublishStatus
from .models import (
    Activity,
    Booking,
    CommunityPhoto,
    Fair,
    MonthlyVisit,
    Program,
    ProgramItem,
    TourismCommunity,
)


class CommunityPhotoInline(PortalTabularInline):
    model = CommunityPhoto
    extra = 0
    fields = ["image", "caption", "order"]


@admin.register(TourismCommunity)
class TourismCommunityAdmin(PortalModelAdmin):
    list_display = ["name_th", "subdistrict", "village_no", "status", "contact_name", "is_demo"]
    list_filter = ["status", "subdistrict__district", "is_demo"]
    search_fields = ["name_th", "name_en", "story"]
    list_select_related = ["subdistrict"]
    autocomplete_fields = ["subdistrict", "producer_groups", "coordinators"]
    filter_horizontal = ["wisdom_records"]
    readonly_fields = ["is_demo", "created_at", "updated_at"]
    inlines = [CommunityPhotoInline]

    def save_formset(self, request, form, formset, change):
        """New/changed photos go through the upload service (EXIF stripped, thumbnail made)."""
        if formset.model is not CommunityPhoto:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for photo in instances:
            if photo.pk is None:
                services.community_photo_add(community=form.instance, image=photo.image.file,
                                             caption=photo.caption, order=photo.order)
            else:
                photo.save()
        formset.save_m2m()


class ProgramItemInline(PortalTabularInline):
    model = ProgramItem
    extra = 0
    autocomplete_fields = ["activity"]
    fields = ["day", "order", "start_time", "end_time", "activity", "note"]


class ProgramAdminForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["community", "title_th", "title_en", "slug", "status", "duration", "summary", "price_per_person",
                  "included", "available_weekdays", "season_start", "season_end", "min_group_size",
                  "max_group_size", "daily_capacity"]

    def clean(self):
        data = super().clean()
        community = data.get("community")
        if data.get("status") == PublishStatus.PUBLISHED and community is not None:
            missing = services.readiness_blockers(community)
            if missing:
                raise ValidationError(_("ยังเผยแพร่โปรแกรมไม่ได้ เพราะความพร้อมของชุมชนยังไม่ครบ: %(items)s")
                                      % {"items": ", ".join(missing)})
            consent = services.wisdom_consent_blockers(self.instance) if self.instance.pk else []
            if consent:
                raise ValidationError(_("ยังเผยแพร่โปรแกรมไม่ได้: %(items)s") % {"items": ", ".join(consent)})
        return data


@admin.register(Program)
class ProgramAdmin(PortalModelAdmin):
    form = ProgramAdminForm
    list_display = ["title_th", "community", "duration", "price_per_person", "daily_capacity", "status", "is_demo"]
    list_filter = ["status", "duration", "community__subdistrict__district", "is_demo"]
    search_fields = ["title_th", "title_en", "community__name_th"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
    readonly_fields = ["is_demo", "created_at", "updated_at"]
    inlines = [ProgramItemInline]
    actions = ["publish"]

    @admin.action(description=_("เผยแพร่ (ตรวจความพร้อมของชุมชน)"))
    def publish(self, request, queryset):
        for program in queryset.select_related("community"):
            try:
                services.program_publish(program=program, by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{program}: {' '.join(exc.messages)}", messages.ERROR)


@admin.register(Activity)
class ActivityAdmin(PortalModelAdmin):
    list_display = ["title_th", "community", "activity_type", "duration_minutes", "price_per_person", "is_demo"]
    list_filter = ["activity_type", "community", "is_demo"]
    search_fields = ["title_th", "title_en", "community__name_th"]
    list_select_related = ["community"]
    autocomplete_fields = ["community"]
    filter_horizontal = ["products", "wisdom_records"]
    readonly_fields = ["is_demo"]


@admin.register(Fair)
class FairAdmin(PortalModelAdmin):
    list_display = ["title", "starts_on", "ends_on", "place", "status", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["title", "place", "description"]
    list_select_related = ["subdistrict"]
    autocomplete_fields = ["subdistrict", "participating_groups", "communities"]
    readonly_fields = ["is_demo"]


@admin.register(MonthlyVisit)
class MonthlyVisitAdmin(PortalModelAdmin):
    list_display = ["community", "month", "visitors_thai", "visitors_foreign", "income", "recorded_by", "is_demo"]
    list_filter = ["community", "is_demo"]
    search_fields = ["community__name_th", "note"]
    list_select_related = ["community", "recorded_by"]
    date_hierarchy = "month"
    readonly_fields = ["is_demo", "recorded_by"]


@admin.register(Booking)
class BookingAdmin(PortalModelAdmin):
    """Bookings are changed through the status flow (services), not edited here."""

    list_display = ["code", "program", "date", "people", "name", "status", "is_demo"]
    list_filter = ["status", "program__community", "is_demo"]
    search_fields = ["code", "name", "phone", "email", "line_id"]
    list_select_related = ["program"]
    date_hierarchy = "date"
    readonly_fields = [f.name for f in Booking._meta.fields]

    def has_add_permission(self, request, *args):
        return False
