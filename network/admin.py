"""The knowledge network's back-office. The admin is a caller like any other: every save, delete,
inline row and status change goes through network.services (core.admin.ServiceAdminMixin routes them
there). Workflow fields are read-only here and change through actions calling the workflow services:
a knowledge item's review status (submit / publish / return), a question's or answer's moderation
(hide / unhide), a registration's place and attendance, a mentorship's closing."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import PortalImportExportAdmin, PortalModelAdmin, PortalTabularInline

from . import services
from .choices import MentorshipStatus
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
from .resources import ExpertProfileResource


def _run_on_each(model_admin, request, queryset, call, done: str) -> None:
    """An admin action: `call(obj)` (a service call with actor=request.user) for each selected row;
    a refused row is reported with the service's reason and the others go ahead."""
    count = 0
    for obj in queryset:
        try:
            call(obj)
        except (ValidationError, PermissionDenied) as exc:
            reason = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            model_admin.message_user(request, f"{obj}: {reason}", messages.ERROR)
        else:
            count += 1
    if count:
        model_admin.message_user(request, done % {"n": count}, messages.SUCCESS)


@admin.register(ExpertProfile)
class ExpertProfileAdmin(PortalImportExportAdmin):
    """Slugs are read-only: a new profile gets a unique (Thai-safe) slug from its name."""

    create_service = services.expert_create
    update_service = services.expert_update
    delete_service = services.expert_delete
    instance_kwarg = "expert"
    resource_classes = [ExpertProfileResource]
    list_display = ["name", "organisation", "visibility", "is_active", "user", "is_demo"]
    list_filter = ["visibility", "is_active", "contact_preference", "is_demo"]
    search_fields = ["name", "organisation", "bio"]
    list_select_related = ["user"]
    filter_horizontal = ["districts_served"]
    autocomplete_fields = ["user"]
    readonly_fields = ["slug", "is_demo"]


class AttachmentInline(PortalTabularInline):
    """Files checked by content; a replaced or removed file is deleted from storage."""

    model = KnowledgeAttachment
    create_service = services.knowledge_attachment_add
    update_service = services.knowledge_attachment_update
    delete_service = services.knowledge_attachment_delete
    instance_kwarg = "attachment"
    extra = 0
    fields = ["title", "file"]


@admin.register(KnowledgeItem)
class KnowledgeItemAdmin(PortalModelAdmin):
    """The status is read-only: items go draft → in review → published only through the actions
    (knowledge_submit / knowledge_publish, which checks the wisdom holders' consent / knowledge_return)."""

    create_service = services.knowledge_create
    update_service = services.knowledge_update
    delete_service = services.knowledge_delete
    instance_kwarg = "item"
    status_fields = ("status",)
    list_display = ["title", "kind", "status", "author", "published_at", "is_demo"]
    list_filter = ["kind", "status", "is_demo"]
    search_fields = ["title", "summary", "body"]
    list_select_related = ["author"]
    filter_horizontal = ["experts", "wisdom_records", "products"]
    readonly_fields = ["slug", "reviewed_by", "published_at", "is_demo"]
    inlines = [AttachmentInline]
    actions = ["submit_selected", "publish_selected", "return_selected"]

    @admin.action(description=_("ส่งตรวจรายการที่เลือก"))
    def submit_selected(self, request, queryset):
        _run_on_each(self, request, queryset, lambda item: services.knowledge_submit(actor=request.user, item=item),
                     _("ส่งตรวจ %(n)s รายการแล้ว"))

    @admin.action(description=_("ตรวจแล้ว: เผยแพร่รายการที่เลือก"))
    def publish_selected(self, request, queryset):
        _run_on_each(self, request, queryset, lambda item: services.knowledge_publish(actor=request.user, item=item),
                     _("เผยแพร่ %(n)s รายการแล้ว"))

    @admin.action(description=_("ส่งกลับเป็นร่าง"))
    def return_selected(self, request, queryset):
        _run_on_each(self, request, queryset, lambda item: services.knowledge_return(actor=request.user, item=item),
                     _("ส่งกลับเป็นร่าง %(n)s รายการแล้ว"))


class RegistrationInline(PortalTabularInline):
    """Read-only here: places are taken through registration_register (capacity, waitlist) and
    changed through the registration admin's actions."""

    model = Registration
    extra = 0
    fields = ["name", "user", "group", "email", "phone", "status", "registered_at", "attended", "reminded_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(PortalModelAdmin):
    """Slugs are read-only: a new event gets a unique (Thai-safe) slug from its title. A larger
    capacity admits people from the waitlist and a status set to cancelled tells the registrants
    (both in services.event_update, as for the API)."""

    create_service = services.event_create
    update_service = services.event_update
    delete_service = services.event_delete
    instance_kwarg = "event"
    list_display = ["title", "kind", "starts_at", "status", "audience", "capacity", "is_demo"]
    list_filter = ["kind", "status", "audience", "district", "is_demo"]
    search_fields = ["title", "description", "venue"]
    list_select_related = ["district"]
    filter_horizontal = ["speakers", "wisdom_records"]
    readonly_fields = ["slug", "is_demo"]
    date_hierarchy = "starts_at"
    inlines = [RegistrationInline]
    actions = ["cancel_events"]

    @admin.action(description=_("ยกเลิกกิจกรรมที่เลือก (แจ้งผู้ลงทะเบียนทางอีเมล)"))
    def cancel_events(self, request, queryset):
        _run_on_each(self, request, queryset, lambda event: services.event_cancel(actor=request.user, event=event),
                     _("ยกเลิก %(n)s กิจกรรมแล้ว"))


@admin.register(Registration)
class RegistrationAdmin(PortalImportExportAdmin):
    """Registrations are made through registration_register (capacity, waitlist), so they are not
    added or imported here; staff correct the contact details, and the place and attendance change
    only through the actions."""

    update_service = services.registration_update
    delete_service = services.registration_delete
    instance_kwarg = "registration"
    status_fields = ("status", "attended")
    list_display = ["name", "event", "status", "group", "registered_at", "attended", "reminded_at", "is_demo"]
    list_filter = ["status", "attended", "event", "is_demo"]
    search_fields = ["name", "email", "phone", "event__title"]
    list_select_related = ["event", "group"]
    readonly_fields = ["event", "user", "contact_key", "registered_at", "reminded_at",
                       "attendance_marked_by", "is_demo"]
    actions = ["mark_attended", "mark_absent", "cancel_selected"]

    def has_add_permission(self, request, *args):
        return False  # registrations go through the service (capacity, waitlist)

    def has_import_permission(self, request, *args, **kwargs):
        return False

    @admin.action(description=_("บันทึกว่าเข้าร่วมแล้ว"))
    def mark_attended(self, request, queryset):
        _run_on_each(self, request, queryset, lambda reg: services.registration_mark_attendance(
            actor=request.user, registration=reg, attended=True), _("บันทึกการเข้าร่วม %(n)s รายการแล้ว"))

    @admin.action(description=_("บันทึกว่าไม่ได้เข้าร่วม"))
    def mark_absent(self, request, queryset):
        _run_on_each(self, request, queryset, lambda reg: services.registration_mark_attendance(
            actor=request.user, registration=reg, attended=False), _("บันทึกการไม่เข้าร่วม %(n)s รายการแล้ว"))

    @admin.action(description=_("ยกเลิกการลงทะเบียน (เลื่อนรายชื่อสำรองขึ้น)"))
    def cancel_selected(self, request, queryset):
        _run_on_each(self, request, queryset, lambda reg: services.registration_cancel(
            actor=request.user, registration=reg), _("ยกเลิก %(n)s การลงทะเบียนแล้ว"))


class SessionInline(PortalTabularInline):
    model = MentoringSession
    create_service = services.mentoring_session_log
    update_service = services.mentoring_session_update
    delete_service = services.mentoring_session_delete
    instance_kwarg = "session"
    extra = 0
    fields = ["date", "covered", "next_step", "logged_by"]
    readonly_fields = ["logged_by"]


@admin.register(Mentorship)
class MentorshipAdmin(PortalModelAdmin):
    """The status is read-only: record the outcome, then close the mentorship with an action
    (services.mentorship_close, which requires the outcome)."""

    create_service = services.mentorship_create
    update_service = services.mentorship_update
    delete_service = services.mentorship_delete
    instance_kwarg = "mentorship"
    status_fields = ("status",)
    list_display = ["topic", "mentor_expert", "mentor_group", "mentee_group", "status", "started_on", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["topic", "mentee_group__name_th", "mentor_expert__name", "mentor_group__name_th"]
    list_select_related = ["mentor_expert", "mentor_group", "mentee_group"]
    autocomplete_fields = ["mentor_expert", "mentor_group", "mentee_group"]
    readonly_fields = ["created_by", "is_demo"]
    inlines = [SessionInline]
    actions = ["complete_selected", "end_selected"]

    def _close(self, request, queryset, status, done):
        _run_on_each(self, request, queryset, lambda m: services.mentorship_close(
            actor=request.user, mentorship=m, outcome=m.outcome, status=status), done)

    @admin.action(description=_("ปิด: เสร็จสิ้น (ตามผลลัพธ์ที่บันทึก)"))
    def complete_selected(self, request, queryset):
        self._close(request, queryset, MentorshipStatus.COMPLETED, _("ปิด %(n)s รายการแล้ว"))

    @admin.action(description=_("ปิด: ยุติ (ตามผลลัพธ์ที่บันทึก)"))
    def end_selected(self, request, queryset):
        self._close(request, queryset, MentorshipStatus.ENDED, _("ยุติ %(n)s รายการแล้ว"))


class AnswerInline(PortalTabularInline):
    """Staff may answer here too (as themselves); hiding and accepting are the answer admin's
    actions and the asker's page."""

    model = Answer
    create_service = services.answer_post
    update_service = services.answer_update
    delete_service = services.answer_delete
    instance_kwarg = "answer"
    extra = 0
    fields = ["author", "body", "is_hidden", "is_accepted"]
    readonly_fields = ["author", "is_hidden", "is_accepted"]


@admin.register(Question)
class QuestionAdmin(PortalModelAdmin):
    """Moderation (is_hidden) is read-only: hide or unhide with the actions (services.moderate)."""

    create_service = services.question_ask
    update_service = services.question_update
    delete_service = services.question_delete
    instance_kwarg = "question"
    status_fields = ("is_hidden",)
    list_display = ["title", "topic", "asked_by", "is_hidden", "created_at", "is_demo"]
    list_filter = ["topic", "is_hidden", "is_demo"]
    search_fields = ["title", "body"]
    list_select_related = ["asked_by"]
    readonly_fields = ["asked_by", "is_demo"]
    inlines = [AnswerInline]
    actions = ["hide_selected", "unhide_selected"]

    @admin.action(description=_("ซ่อนคำถามที่เลือก"))
    def hide_selected(self, request, queryset):
        _run_on_each(self, request, queryset, lambda q: services.moderate(actor=request.user, obj=q, hidden=True),
                     _("ซ่อน %(n)s คำถามแล้ว"))

    @admin.action(description=_("แสดงคำถามที่เลือก"))
    def unhide_selected(self, request, queryset):
        _run_on_each(self, request, queryset, lambda q: services.moderate(actor=request.user, obj=q, hidden=False),
                     _("แสดง %(n)s คำถามแล้ว"))


@admin.register(Answer)
class AnswerAdmin(PortalModelAdmin):
    """Answers, for moderation: hide or unhide with the actions (services.moderate)."""

    update_service = services.answer_update
    delete_service = services.answer_delete
    instance_kwarg = "answer"
    status_fields = ("is_hidden", "is_accepted")
    list_display = ["__str__", "question", "author", "is_hidden", "is_accepted", "created_at", "is_demo"]
    list_filter = ["is_hidden", "is_accepted", "is_demo"]
    search_fields = ["body", "question__title"]
    list_select_related = ["question", "author"]
    readonly_fields = ["question", "author", "is_demo"]
    actions = ["hide_selected", "unhide_selected"]

    def has_add_permission(self, request, *args):
        return False  # answers are posted on the question (page or the question's admin)

    @admin.action(description=_("ซ่อนคำตอบที่เลือก"))
    def hide_selected(self, request, queryset):
        _run_on_each(self, request, queryset, lambda a: services.moderate(actor=request.user, obj=a, hidden=True),
                     _("ซ่อน %(n)s คำตอบแล้ว"))

    @admin.action(description=_("แสดงคำตอบที่เลือก"))
    def unhide_selected(self, request, queryset):
        _run_on_each(self, request, queryset, lambda a: services.moderate(actor=request.user, obj=a, hidden=False),
                     _("แสดง %(n)s คำตอบแล้ว"))
