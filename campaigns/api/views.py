from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import permissions
from core.api.parsers import SafeFormParser, SafeJSONParser, SafeMultiPartParser

from .. import selectors, services
from ..filters import CampaignFilter, DevelopmentIssueFilter, SupportFilter, TrackedLinkFilter
from ..models import (
    Campaign,
    DevelopmentIssue,
    IssueComment,
    IssueStatusChange,
    Support,
)
from . import serializers


class IssueViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """Development issues. Staff see all, a partner only the issues assigned to their
    organisation, a producer those of their groups; anonymous none. Partners never edit an
    issue: they change its status with POST .../transition/ and write with .../comments/."""

    queryset = DevelopmentIssue.objects.with_related()
    create_service = services.issue_create
    update_service = services.issue_update
    delete_service = services.issue_delete
    instance_kwarg = "issue"
    filterset_class = DevelopmentIssueFilter
    ordering_fields = ["created_at", "priority", "status"]
    parser_classes = [SafeJSONParser, SafeMultiPartParser, SafeFormParser]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.IssueDetailSerializer
        if self.action == "transition":
            return serializers.TransitionSerializer
        if self.action == "comments":
            return serializers.CommentSerializer
        if self.action == "attachments":
            return serializers.AttachmentSerializer
        return serializers.IssueSerializer

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch("comments", queryset=IssueComment.objects.select_related("author")),
                Prefetch("status_changes", queryset=IssueStatusChange.objects.select_related("actor")),
                "attachments")
        return qs

    def get_permissions(self):
        if self.action == "destroy":
            return [permissions.IsStaffRole()]
        return super().get_permissions()

    def _visible_issue(self):
        return permissions.get_visible_or_404(DevelopmentIssue, self.request.user, pk=self.kwargs["pk"])

    def _detail(self, issue):
        issue = selectors.issue_detail(user=self.request.user, pk=issue.pk)
        return serializers.IssueDetailSerializer(issue, context=self.get_serializer_context()).data

    @extend_schema(request=serializers.TransitionSerializer, responses=serializers.IssueDetailSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """One step of the status flow: assign (staff, with partners), accept / decline
        (assigned partner), resolve (assigned partner or staff), close (staff)."""
        issue = self._visible_issue()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issue = services.issue_transition(actor=request.user, issue=issue, **serializer.validated_data)
        return Response(self._detail(issue))

    @extend_schema(request=serializers.CommentSerializer, responses={201: serializers.CommentSerializer})
    @action(detail=True, methods=["post"])
    def comments(self, request, pk=None):
        """Add a comment (kind=comment) or a progress note (kind=progress, assigned partner or staff)."""
        issue = self._visible_issue()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.issue_comment(actor=request.user, issue=issue, **serializer.validated_data)
        return Response(serializers.CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.AttachmentSerializer, responses={201: serializers.AttachmentSerializer})
    @action(detail=True, methods=["post"])
    def attachments(self, request, pk=None):
        """Attach an image or a PDF (multipart: file, caption)."""
        issue = self._visible_issue()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = services.issue_attach(actor=request.user, issue=issue, **serializer.validated_data)
        return Response(serializers.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class SupportViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """Support given by partners. Partners record and correct their own organisation's;
    producers read what their groups received; staff everything."""

    queryset = Support.objects.with_related()
    create_service = services.support_record
    update_service = services.support_update
    delete_service = services.support_delete
    serializer_class = serializers.SupportSerializer
    filterset_class = SupportFilter
    ordering_fields = ["date", "value"]

    def get_permissions(self):
        if self.action == "destroy":
            return [permissions.IsStaffRole()]
        return super().get_permissions()



class CampaignViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """PR campaigns (staff only), with their posts, CSV import and metrics."""

    queryset = Campaign.objects.prefetch_related("featured_products", "featured_programs", "featured_wisdom",
                                                 "featured_events")
    create_service = services.campaign_save
    update_service = services.campaign_save
    delete_service = services.campaign_delete
    serializer_class = serializers.CampaignSerializer
    permission_classes = [permissions.IsStaffRole]
    filterset_class = CampaignFilter
    parser_classes = [SafeJSONParser, SafeMultiPartParser, SafeFormParser]

    def get_serializer_class(self):
        if self.action == "posts":
            return serializers.CampaignPostSerializer
        if self.action == "import_posts":
            return serializers.CsvUploadSerializer
        return super().get_serializer_class()

    @extend_schema(methods=["GET"], responses=serializers.CampaignPostSerializer(many=True))
    @extend_schema(methods=["POST"], request=serializers.CampaignPostSerializer,
                   responses={201: serializers.CampaignPostSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def posts(self, request, pk=None):
        campaign = self.get_object()
        if request.method == "POST":
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            post = services.post_save(actor=request.user, campaign=campaign, **serializer.validated_data)
            return Response(self.get_serializer(post).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(campaign.posts.all())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=serializers.CsvUploadSerializer, responses={201: serializers.PostsImportedSerializer})
    @action(detail=True, methods=["post"], url_path="import-posts")
    def import_posts(self, request, pk=None):
        """CSV with columns channel,url,date,reach,impressions,engagement,clicks,video_views; all rows or none."""
        campaign = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        n = services.posts_import_csv(actor=request.user, campaign=campaign,
                                      data=serializer.validated_data["file"].read())
        return Response({"imported": n}, status=status.HTTP_201_CREATED)

    @extend_schema(responses=serializers.CampaignMetricsSerializer)
    @action(detail=True, methods=["get"])
    def metrics(self, request, pk=None):
        campaign = self.get_object()
        m = selectors.campaign_metrics(campaign=campaign)
        return Response({**m, "click_series": [{"day": d, "clicks": n} for d, n in m["click_series"]]})


class TrackedLinkViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """Tracked short links (staff only); targets are checked against the redirect allow-list."""

    create_service = services.link_create
    update_service = services.link_update
    delete_service = services.link_delete
    instance_kwarg = "link"
    serializer_class = serializers.TrackedLinkSerializer
    permission_classes = [permissions.IsStaffRole]
    filterset_class = TrackedLinkFilter

    def get_queryset(self):
        return selectors.link_list(user=self.request.user)
