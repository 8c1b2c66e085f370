"""The campaigns back-office. Every save and delete goes through campaigns.services (declared on each
admin and inline, see core.admin.ServiceAdminMixin); an issue's status changes only through the
status-flow service (the issue page, or the "close" action here)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import PortalImportExportAdmin, PortalModelAdmin, PortalTabularInline, ReadOnlyAdminMixin

from . import redirects, services
from .choices import IssueAction, IssueStatus
from .models import (
    AllowedRedirectHost,
    AttributedSale,
    Campaign,
    CampaignPost,
    Conversion,
    DevelopmentIssue,
    IssueAttachment,
    IssueComment,
    IssueStatusChange,
    LinkClickDay,
    LinkSessionDay,
    Support,
    TrackedLink,
)
from .resources import CampaignPostResource, SupportResource


class _ReadOnlyInline(PortalTabularInline):
    """A thread row shown in the admin, written only on the issue page (never here)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommentInline(_ReadOnlyInline):
    model = IssueComment
    fields = ["kind", "author", "body", "created_at"]
    readonly_fields = ["kind", "author", "body", "created_at"]


class StatusChangeInline(_ReadOnlyInline):
    model = IssueStatusChange
    fields = ["created_at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields


class AttachmentInline(PortalTabularInline):
    model = IssueAttachment
    create_service = services.issue_attach
    update_service = services.attachment_update
    delete_service = services.attachment_delete
    instance_kwarg = "attachment"
    extra = 0
    fields = ["file", "caption", "uploaded_by"]
    readonly_fields = ["uploaded_by"]


@admin.register(DevelopmentIssue)
class DevelopmentIssueAdmin(PortalModelAdmin):
    """Status and assignment change only through the status flow (campaigns.services.issue_transition):
    on the issue page, or the "close" action here."""

    create_service = services.issue_create
    update_service = services.issue_update
    delete_service = services.issue_delete
    instance_kwarg = "issue"
    status_fields = ("status",)
    list_display = ["title", "group", "category", "priority", "status", "raised_by", "created_at", "is_demo"]
    list_filter = ["status", "category", "priority", "assigned_partners", "is_demo"]
    search_fields = ["title", "description", "group__name_th"]
    list_select_related = ["group", "raised_by"]
    autocomplete_fields = ["group"]
    raw_id_fields = ["product", "project", "community", "staff_contact"]
    readonly_fields = ["assigned_partners", "raised_by", "is_demo", "created_at", "updated_at"]
    inlines = [AttachmentInline, CommentInline, StatusChangeInline]
    actions = ["close_issues"]

    @admin.action(description=_("ปิดประเด็นปัญหาที่เลือก"))
    def close_issues(self, request, queryset):
        closed, refused = 0, []
        for issue in queryset.exclude(status=IssueStatus.CLOSED):
            try:
                services.issue_transition(actor=request.user, issue=issue, action=IssueAction.CLOSE)
                closed += 1
            except (ValidationError, PermissionDenied) as exc:
                refused.append(f"{issue}: {' '.join(getattr(exc, 'messages', [str(exc)]))}")
        if closed:
            self.message_user(request, _("ปิดแล้ว %(n)s รายการ") % {"n": closed}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)


@admin.register(Support)
class SupportAdmin(PortalImportExportAdmin):
    create_service = services.support_record
    update_service = services.support_update
    delete_service = services.support_delete
    resource_classes = [SupportResource]
    list_display = ["title", "partner", "kind", "group", "date", "value", "is_demo"]
    list_filter = ["kind", "partner", "date", "is_demo"]
    search_fields = ["title", "description", "outcome", "partner__name_th", "group__name_th"]
    list_select_related = ["partner", "group"]
    raw_id_fields = ["group", "project", "community", "issue"]
    readonly_fields = ["recorded_by", "is_demo"]


class PostInline(PortalTabularInline):
    model = CampaignPost
    create_service = services.post_save
    update_service = services.post_save
    delete_service = services.post_delete
    instance_kwarg = "post"
    extra = 0
    fields = ["channel", "url", "posted_on", "reach", "impressions", "engagement", "clicks", "video_views"]


@admin.register(Campaign)
class CampaignAdmin(PortalModelAdmin):
    create_service = services.campaign_save
    update_service = services.campaign_save
    delete_service = services.campaign_delete
    list_display = ["name", "starts_on", "ends_on", "budget", "owner", "is_demo"]
    list_filter = ["starts_on", "is_demo"]
    search_fields = ["name", "goal", "audience"]
    list_select_related = ["owner"]
    readonly_fields = ["slug", "is_demo"]
    filter_horizontal = ["featured_products", "featured_programs", "featured_wisdom", "featured_events"]
    inlines = [PostInline]


@admin.register(CampaignPost)
class CampaignPostAdmin(PortalImportExportAdmin):
    create_service = services.post_save
    update_service = services.post_save
    delete_service = services.post_delete
    instance_kwarg = "post"
    resource_classes = [CampaignPostResource]
    list_display = ["campaign", "channel", "posted_on", "reach", "impressions", "engagement", "clicks",
                    "video_views"]
    list_filter = ["channel", "campaign"]
    search_fields = ["url", "campaign__name"]
    list_select_related = ["campaign"]
    readonly_fields = ["is_demo"]


@admin.register(TrackedLink)
class TrackedLinkAdmin(PortalModelAdmin):
    """The target follows the same allow-list rule as the pages and the API (services.check_target)."""

    create_service = services.link_create
    update_service = services.link_update
    delete_service = services.link_delete
    instance_kwarg = "link"
    list_display = ["code", "human_code", "campaign", "channel", "target", "is_demo"]
    list_filter = ["channel", "campaign"]
    search_fields = ["code", "human_code", "label", "target"]
    list_select_related = ["campaign"]
    readonly_fields = ["created_by", "is_demo"]


class AllowedRedirectHostForm(forms.ModelForm):
    class Meta:
        model = AllowedRedirectHost
        fields = ["host", "note"]

    def clean_host(self):
        host = redirects.normalise_host(self.cleaned_data["host"])
        if not redirects.valid_host_name(host):
            raise forms.ValidationError(_("โดเมนไม่ถูกต้อง (เช่น shopee.co.th)"))
        return host


@admin.register(AllowedRedirectHost)
class AllowedRedirectHostAdmin(PortalModelAdmin):
    form = AllowedRedirectHostForm
    create_service = services.allowed_host_add
    update_service = services.allowed_host_update
    delete_service = services.allowed_host_delete
    instance_kwarg = "host_entry"
    list_display = ["host", "note", "updated_at"]
    list_filter = ["created_at"]
    search_fields = ["host", "note"]
    list_select_related = []


@admin.register(LinkClickDay)
class LinkClickDayAdmin(PortalModelAdmin):
    """Clicks are counted only by /go/ (services.click_record); staff may look, or remove a day."""

    delete_service = services.click_day_delete
    instance_kwarg = "click_day"
    list_display = ["link", "day", "count"]
    list_filter = ["day"]
    search_fields = ["link__code"]
    list_select_related = ["link"]
    readonly_fields = ["link", "day", "count"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LinkSessionDay)
class LinkSessionDayAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """Visits are counted only by /go/ (services.session_record): staff look."""

    list_display = ["link", "day", "count"]
    list_filter = ["day"]
    search_fields = ["link__code"]
    list_select_related = ["link"]


@admin.register(Conversion)
class ConversionAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """Bookings and order contacts credited to a link: written only by the attribution rule."""

    list_display = ["link", "kind", "via", "booking", "product", "contact", "touched_at", "created_at", "is_demo"]
    list_filter = ["kind", "via", "link__campaign"]
    search_fields = ["link__code", "link__human_code", "booking__code"]
    list_select_related = ["link", "booking", "product"]


@admin.register(AttributedSale)
class AttributedSaleAdmin(PortalModelAdmin):
    """Sales producers credited to a campaign code (services.sale_record on /campaigns/sales/); staff look or
    remove one credited by mistake."""

    delete_service = services.sale_delete
    instance_kwarg = "sale"
    list_display = ["link", "group", "product", "sold_on", "amount", "product_sale_amount", "recorded_by", "is_demo"]
    list_filter = ["link__campaign", "sold_on"]
    search_fields = ["link__human_code", "group__name_th"]
    list_select_related = ["link", "group", "product", "product_sale", "recorded_by"]
    readonly_fields = ["link", "group", "product", "product_sale_amount", "sold_on", "amount", "note", "recorded_by",
                       "is_demo"]

    @admin.display(description=_("ส่วนหนึ่งของยอดขายรายผลิตภัณฑ์ของเดือน (บาท)"))
    def product_sale_amount(self, obj):
        return obj.product_sale.amount if obj.product_sale_id else "–"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
