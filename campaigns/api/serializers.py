from rest_framework import serializers

from core.api.inputs import InputSerializer, StrictInputMixin
from core.files import file_url
from core.models import PartnerOrganisation, ProducerGroup

from ..choices import Channel, CommentKind, IssueAction
from ..models import (
    Campaign,
    CampaignPost,
    DevelopmentIssue,
    IssueAttachment,
    IssueComment,
    IssueStatusChange,
    Support,
    TrackedLink,
)


class PartnerBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PartnerOrganisation
        fields = ["id", "name_th", "slug"]


class IssueSerializer(serializers.ModelSerializer):
    """Issues. Status and assignment change only through POST .../transition/."""

    group = serializers.PrimaryKeyRelatedField(queryset=ProducerGroup.objects.all(), required=False,
                                               allow_null=True)
    assigned_partners = PartnerBriefSerializer(many=True, read_only=True)
    raised_by = serializers.StringRelatedField(allow_null=True)  # null once the account is deleted
    staff_contact = serializers.StringRelatedField(allow_null=True)  # null until an officer is assigned

    class Meta:
        model = DevelopmentIssue
        fields = ["id", "title", "category", "priority", "description", "group", "product", "project", "community",
                  "status", "raised_by", "staff_contact", "assigned_partners", "created_at", "updated_at",
                  "is_demo"]
        read_only_fields = ["status", "created_at", "updated_at", "is_demo"]
        extra_kwargs = {"product": {"required": False, "allow_null": True},
                        "project": {"required": False, "allow_null": True},
                        "community": {"required": False, "allow_null": True}}


class CommentSerializer(StrictInputMixin, serializers.ModelSerializer):
    author = serializers.StringRelatedField()
    kind = serializers.ChoiceField(choices=CommentKind.choices, default=CommentKind.COMMENT)

    class Meta:
        model = IssueComment
        fields = ["id", "kind", "body", "author", "created_at"]
        read_only_fields = ["created_at"]


class StatusChangeSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = IssueStatusChange
        fields = ["action", "from_status", "to_status", "note", "actor", "created_at"]


class AttachmentSerializer(StrictInputMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = IssueAttachment
        fields = ["id", "file", "caption", "url", "created_at"]
        extra_kwargs = {"file": {"write_only": True}}

    def get_url(self, obj) -> str:
        return file_url(obj, "file")


class IssueDetailSerializer(IssueSerializer):
    comments = CommentSerializer(many=True, read_only=True)
    status_log = StatusChangeSerializer(source="status_changes", many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(IssueSerializer.Meta):
        fields = [*IssueSerializer.Meta.fields, "comments", "status_log", "attachments"]


class TransitionSerializer(InputSerializer):
    action = serializers.ChoiceField(choices=IssueAction.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    partners = serializers.PrimaryKeyRelatedField(queryset=PartnerOrganisation.objects.all(), many=True,
                                                  required=False)


class SupportSerializer(serializers.ModelSerializer):
    partner = serializers.PrimaryKeyRelatedField(queryset=PartnerOrganisation.objects.all(), required=False)
    partner_name = serializers.CharField(source="partner.name_th", read_only=True)

    class Meta:
        model = Support
        fields = ["id", "partner", "partner_name", "kind", "title", "group", "project", "community", "issue", "date",
                  "value", "description", "outcome", "created_at", "is_demo"]
        read_only_fields = ["created_at", "is_demo"]
        extra_kwargs = {name: {"required": False, "allow_null": True}
                        for name in ("group", "project", "community", "issue")}


class CampaignSerializer(serializers.ModelSerializer):
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), required=False)

    class Meta:
        model = Campaign
        fields = ["id", "name", "slug", "goal", "starts_on", "ends_on", "audience", "channels", "budget",
                  "featured_products", "featured_programs", "featured_wisdom", "featured_events", "owner",
                  "is_demo"]
        read_only_fields = ["slug", "is_demo"]
        extra_kwargs = {name: {"required": False} for name in
                        ("featured_products", "featured_programs", "featured_wisdom", "featured_events")}


class CampaignPostSerializer(StrictInputMixin, serializers.ModelSerializer):
    class Meta:
        model = CampaignPost
        fields = ["id", "campaign", "channel", "url", "posted_on", "reach", "impressions", "engagement", "clicks",
                  "video_views"]
        read_only_fields = ["campaign"]


class CsvUploadSerializer(InputSerializer):
    file = serializers.FileField()


class PostsImportedSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text="how many posts the CSV added")


class CampaignTotalsSerializer(serializers.Serializer):
    reach = serializers.IntegerField()
    impressions = serializers.IntegerField()
    engagement = serializers.IntegerField()
    clicks = serializers.IntegerField()
    video_views = serializers.IntegerField()


class CampaignChannelMetricsSerializer(serializers.Serializer):
    channel = serializers.CharField()
    label = serializers.CharField()
    n = serializers.IntegerField(help_text="posts on this channel")
    reach = serializers.IntegerField(allow_null=True)
    impressions = serializers.IntegerField(allow_null=True)
    engagement = serializers.IntegerField(allow_null=True)
    clicks = serializers.IntegerField(allow_null=True)
    video_views = serializers.IntegerField(allow_null=True)


class CampaignClickDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    clicks = serializers.IntegerField()


class CampaignClickTargetSerializer(serializers.Serializer):
    target = serializers.CharField()
    clicks = serializers.IntegerField()
    kind = serializers.CharField(help_text="what the portal page shows (e.g. ผลิตภัณฑ์), \"external\" or \"\"")
    name = serializers.CharField()
    external = serializers.BooleanField()


class CampaignMetricsSerializer(serializers.Serializer):
    """GET /campaigns/{id}/metrics/ (documentation only: campaigns.selectors.campaign_metrics)."""

    totals = CampaignTotalsSerializer()
    post_count = serializers.IntegerField()
    by_channel = CampaignChannelMetricsSerializer(many=True)
    click_series = CampaignClickDaySerializer(many=True, help_text="clicks per day of the campaign's period, zeros included")
    click_total = serializers.IntegerField()
    targets = CampaignClickTargetSerializer(many=True, help_text="clicks per target page")


class TrackedLinkSerializer(serializers.ModelSerializer):
    total_clicks = serializers.SerializerMethodField()
    short_url = serializers.SerializerMethodField()

    class Meta:
        model = TrackedLink
        fields = ["id", "campaign", "channel", "code", "label", "target", "short_url", "total_clicks", "is_demo"]
        read_only_fields = ["is_demo"]
        extra_kwargs = {"code": {"required": False, "allow_blank": True}}

    def get_total_clicks(self, obj) -> int:
        return getattr(obj, "total_clicks", None) or 0  # a link never clicked: 0, not null

    def get_short_url(self, obj) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path
