from rest_framework import serializers

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
    raised_by = serializers.StringRelatedField()
    staff_contact = serializers.StringRelatedField()

    class Meta:
        model = DevelopmentIssue
        fields = ["id", "title", "category", "priority", "description", "group", "product", "project", "community",
                  "status", "raised_by", "staff_contact", "assigned_partners", "created_at", "updated_at",
                  "is_demo"]
        read_only_fields = ["status", "created_at", "updated_at", "is_demo"]
        extra_kwargs = {"product": {"required": False, "allow_null": True},
                        "project": {"required": False, "allow_null": True},
                        "community": {"required": False, "allow_null": True}}


class CommentSerializer(serializers.ModelSerializer):
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


class AttachmentSerializer(serializers.ModelSerializer):
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


class TransitionSerializer(serializers.Serializer):
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


class CampaignPostSerializer(serializers.ModelSerializer):
    class Meta:
        model = CampaignPost
        fields = ["id", "campaign", "channel", "url", "posted_on", "reach", "impressions", "engagement", "clicks",
                  "video_views"]
        read_only_fields = ["campaign"]


class CsvUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class TrackedLinkSerializer(serializers.ModelSerializer):
    total_clicks = serializers.IntegerField(read_only=True, default=0)
    short_url = serializers.SerializerMethodField()

    class Meta:
        model = TrackedLink
        fields = ["id", "campaign", "channel", "code", "label", "target", "short_url", "total_clicks", "is_demo"]
        read_only_fields = ["is_demo"]
        extra_kwargs = {"code": {"required": False, "allow_blank": True}}

    def get_short_url(self, obj) -> str:
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path
