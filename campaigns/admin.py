from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import PortalImportExportAdmin, PortalModelAdmin, PortalTabularInline

from . import redirects, services
from .models import (
    AllowedRedirectHost,
    Campaign,
    CampaignPost,
    DevelopmentIssue,
    IssueAttachment,
    IssueComment,
    IssueStatusChange,
    LinkClickDay,
    Support,
    TrackedLink,
)


class CommentInline(PortalTabularInline):
    model = IssueComment
    extra = 0
    fields = ["kind", "author", "body", "created_at"]
    readonly_fields = ["kind", "author", "body", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # comments are written on the issue page (campaigns.services.issue_comment)


class StatusChangeInline(PortalTabularInline):
    model = IssueStatusChange
    extra = 0
    fields = ["created_at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(PortalTabularInline):
    model = IssueAttachment
    extra = 0
    fields = ["file", "caption", "uploaded_by"]
    readonly_fields = ["uploaded_by"]


@admin.register(DevelopmentIssue)
class DevelopmentIssueAdmin(PortalModelAdmin):
    """Status and assignment change only through the issue page (campaigns.services.issue_transition)."""

    list_display = ["title", "group", "category", "priority", "status", "raised_by", "created_at", "is_demo"]
    list_filter = ["status", "category", "priority", "assigned_partners", "is_demo"]
    search_fields = ["title", "description", "group__name_th"]
    list_select_related = ["group", "raised_by"]
    autocomplete_fields = ["group"]
    raw_id_fields = ["product", "project", "community", "raised_by", "staff_contact"]
    readonly_fields = ["status", "assigned_partners", "is_demo", "created_at", "updated_at"]
    inlines = [AttachmentInline, CommentInline, StatusChangeInline]


@admin.register(Support)
class SupportAdmin(PortalImportExportAdmin):
    list_display = ["title", "partner", "kind", "group", "date", "value", "is_demo"]
    list_filter = ["kind", "partner", "date", "is_demo"]
    search_fields = ["title", "description", "outcome", "partner__name_th", "group__name_th"]
    list_select_related = ["partner", "group"]
    raw_id_fields = ["group", "project", "community", "issue", "recorded_by"]
    readonly_fields = ["is_demo"]


class PostInline(PortalTabularInline):
    model = CampaignPost
    extra = 0
    fields = ["channel", "url", "posted_on", "reach", "impressions", "engagement", "clicks", "video_views"]


@admin.register(Campaign)
class CampaignAdmin(PortalModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "budget", "owner", "is_demo"]
    list_filter = ["starts_on", "is_demo"]
    search_fields = ["name", "goal", "audience"]
    list_select_related = ["owner"]
    readonly_fields = ["slug", "is_demo"]
    filter_horizontal = ["featured_products", "featured_programs", "featured_wisdom", "featured_events"]
    inlines = [PostInline]

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            obj.slug = services.unique_slug(Campaign, obj.name)
        super().save_model(request, obj, form, change)


@admin.register(CampaignPost)
class CampaignPostAdmin(PortalImportExportAdmin):
    list_display = ["campaign", "channel", "posted_on", "reach", "impressions", "engagement", "clicks",
                    "video_views"]
    list_filter = ["channel", "campaign"]
    search_fields = ["url", "campaign__name"]
    list_select_related = ["campaign"]


@admin.register(TrackedLink)
class TrackedLinkAdmin(PortalModelAdmin):
    list_display = ["code", "campaign", "channel", "target", "is_demo"]
    list_filter = ["channel", "campaign"]
    search_fields = ["code", "label", "target"]
    list_select_related = ["campaign"]
    readonly_fields = ["is_demo"]

    def save_model(self, request, obj, form, change):
        # The same allow-list rule as the pages and the API.
        obj.target = services.check_target(obj.target)
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        original_clean = form.clean

        def clean(self):
            data = original_clean(self)
            if data.get("target"):
                try:
                    data["target"] = services.check_target(data["target"])
                except services.ValidationError as exc:
                    self.add_error("target", exc.message_dict.get("target", exc.messages))
            return data

        form.clean = clean
        return form


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
    list_display = ["host", "note", "updated_at"]
    list_filter = ["created_at"]
    search_fields = ["host", "note"]
    list_select_related = []


@admin.register(LinkClickDay)
class LinkClickDayAdmin(PortalModelAdmin):
    list_display = ["link", "day", "count"]
    list_filter = ["day"]
    search_fields = ["link__code"]
    list_select_related = ["link"]
    readonly_fields = ["link", "day", "count"]
