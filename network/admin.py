from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core.admin import PortalImportExportAdmin, PortalModelAdmin, PortalTabularInline
from core.services import unique_slug

from . import services
from .models import (
    Answer,
    Event,
    ExpertProfile,
    KnowledgeAttachment,
    KnowledgeItem,
    MentoringSession,
    Mentorship,
    Question,
    Registration,
)


class SlugFromTitleMixin:
    """Slugs are read-only in the admin: new rows get a unique (Thai-safe) slug from their title."""

    slug_source = "title"

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            obj.slug = unique_slug(type(obj), getattr(obj, self.slug_source))
        super().save_model(request, obj, form, change)


@admin.register(ExpertProfile)
class ExpertProfileAdmin(SlugFromTitleMixin, PortalImportExportAdmin):
    slug_source = "name"
    list_display = ["name", "organisation", "visibility", "is_active", "user", "is_demo"]
    list_filter = ["visibility", "is_active", "contact_preference", "is_demo"]
    search_fields = ["name", "organisation", "bio"]
    list_select_related = ["user"]
    filter_horizontal = ["districts_served"]
    autocomplete_fields = ["user"]
    readonly_fields = ["slug", "is_demo"]


class AttachmentInline(PortalTabularInline):
    model = KnowledgeAttachment
    extra = 0
    fields = ["title", "file"]


@admin.register(KnowledgeItem)
class KnowledgeItemAdmin(SlugFromTitleMixin, PortalModelAdmin):
    list_display = ["title", "kind", "status", "author", "published_at", "is_demo"]
    list_filter = ["kind", "status", "is_demo"]
    search_fields = ["title", "summary", "body"]
    list_select_related = ["author"]
    filter_horizontal = ["experts", "wisdom_records", "products"]
    readonly_fields = ["slug", "status", "reviewed_by", "published_at", "is_demo"]
    inlines = [AttachmentInline]
    actions = ["publish_selected", "return_selected"]

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("ตรวจแล้ว: เผยแพร่รายการที่เลือก"))
    def publish_selected(self, request, queryset):
        for item in queryset:
            try:
                services.knowledge_publish(item=item, by=request.user)
            except Exception as exc:  # report each refusal, continue with the rest
                self.message_user(request, f"{item}: {' '.join(getattr(exc, 'messages', [str(exc)]))}",
                                  messages.ERROR)

    @admin.action(description=_("ส่งกลับเป็นร่าง"))
    def return_selected(self, request, queryset):
        for item in queryset:
            services.knowledge_return(item=item, by=request.user)


class RegistrationInline(PortalTabularInline):
    model = Registration
    extra = 0
    fields = ["name", "user", "group", "email", "phone", "status", "registered_at", "attended", "reminded_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Event)
class EventAdmin(SlugFromTitleMixin, PortalModelAdmin):
    list_display = ["title", "kind", "starts_at", "status", "audience", "capacity", "is_demo"]
    list_filter = ["kind", "status", "audience", "district", "is_demo"]
    search_fields = ["title", "description", "venue"]
    list_select_related = ["district"]
    filter_horizontal = ["speakers"]
    readonly_fields = ["slug", "is_demo"]
    date_hierarchy = "starts_at"
    inlines = [RegistrationInline]
    actions = ["cancel_events"]

    @admin.action(description=_("ยกเลิกกิจกรรมที่เลือก (แจ้งผู้ลงทะเบียนทางอีเมล)"))
    def cancel_events(self, request, queryset):
        for event in queryset:
            try:
                services.event_cancel(event=event, by=request.user)
            except Exception as exc:
                self.message_user(request, f"{event}: {' '.join(getattr(exc, 'messages', [str(exc)]))}",
                                  messages.ERROR)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:  # a larger capacity admits people from the waitlist (same rule as the API)
            services.event_fill_free_seats(event=form.instance)


@admin.register(Registration)
class RegistrationAdmin(PortalImportExportAdmin):
    list_display = ["name", "event", "status", "group", "registered_at", "attended", "reminded_at", "is_demo"]
    list_filter = ["status", "attended", "event", "is_demo"]
    search_fields = ["name", "email", "phone", "event__title"]
    list_select_related = ["event", "group"]
    readonly_fields = ["event", "user", "contact_key", "status", "registered_at", "reminded_at",
                       "attendance_marked_by", "is_demo"]
    actions = ["mark_attended", "cancel_selected"]

    def has_add_permission(self, request, *args):
        return False  # registrations go through the service (capacity, waitlist)

    @admin.action(description=_("บันทึกว่าเข้าร่วมแล้ว"))
    def mark_attended(self, request, queryset):
        for reg in queryset:
            try:
                services.registration_mark_attendance(registration=reg, attended=True, by=request.user)
            except Exception as exc:
                self.message_user(request, f"{reg}: {' '.join(getattr(exc, 'messages', [str(exc)]))}",
                                  messages.ERROR)

    @admin.action(description=_("ยกเลิกการลงทะเบียน (เลื่อนรายชื่อสำรองขึ้น)"))
    def cancel_selected(self, request, queryset):
        for reg in queryset:
            try:
                services.registration_cancel(registration=reg, by=request.user)
            except Exception as exc:
                self.message_user(request, f"{reg}: {' '.join(getattr(exc, 'messages', [str(exc)]))}",
                                  messages.ERROR)


class SessionInline(PortalTabularInline):
    model = MentoringSession
    extra = 0
    fields = ["date", "covered", "next_step", "logged_by"]
    readonly_fields = ["logged_by"]


@admin.register(Mentorship)
class MentorshipAdmin(PortalModelAdmin):
    list_display = ["topic", "mentor_expert", "mentor_group", "mentee_group", "status", "started_on", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["topic", "mentee_group__name_th", "mentor_expert__name", "mentor_group__name_th"]
    list_select_related = ["mentor_expert", "mentor_group", "mentee_group"]
    autocomplete_fields = ["mentor_expert", "mentor_group", "mentee_group"]
    readonly_fields = ["created_by", "is_demo"]
    inlines = [SessionInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for session in formset.save(commit=False):
            session.logged_by = session.logged_by or request.user
            session.save()
        for session in formset.deleted_objects:
            session.delete()


class AnswerInline(PortalTabularInline):
    model = Answer
    extra = 0
    fields = ["author", "body", "is_hidden", "is_accepted"]
    readonly_fields = ["author", "body", "is_accepted"]


@admin.register(Question)
class QuestionAdmin(PortalModelAdmin):
    list_display = ["title", "topic", "asked_by", "is_hidden", "created_at", "is_demo"]
    list_filter = ["topic", "is_hidden", "is_demo"]
    search_fields = ["title", "body"]
    list_select_related = ["asked_by"]
    readonly_fields = ["asked_by", "is_demo"]
    inlines = [AnswerInline]
    actions = ["hide_selected", "unhide_selected"]

    @admin.action(description=_("ซ่อนคำถามที่เลือก"))
    def hide_selected(self, request, queryset):
        for q in queryset:
            services.moderate(obj=q, by=request.user, hidden=True)

    @admin.action(description=_("แสดงคำถามที่เลือก"))
    def unhide_selected(self, request, queryset):
        for q in queryset:
            services.moderate(obj=q, by=request.user, hidden=False)
