from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import permissions
from core.api.inputs import NoInput, validated_input
from core.throttles import AnonSubmissionThrottle

from .. import selectors, services
from ..choices import RegistrationStatus
from ..filters import EventFilter, ExpertFilter, KnowledgeFilter, MentorshipFilter, RegistrationFilter
from . import serializers


class ExpertViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """Experts. Members-only profiles are hidden from anonymous callers; staff write."""
    public_page = True  # anonymous reads (list, retrieve) are served from core.pagecache

    create_service = services.expert_create
    update_service = services.expert_update
    delete_service = services.expert_delete
    instance_kwarg = "expert"
    serializer_class = serializers.ExpertSerializer
    filterset_class = ExpertFilter
    permission_classes = [permissions.StaffWritesOnly]
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return selectors.expert_list(user=self.request.user)


class KnowledgeViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """Knowledge library. Drafts and items in review are visible only to their author and staff.
    Members write drafts; `submit` sends for review; staff `publish`. Deleting removes the files."""
    public_page = True  # anonymous reads (list, retrieve) are served from core.pagecache

    create_service = services.knowledge_create
    update_service = services.knowledge_update
    delete_service = services.knowledge_delete
    instance_kwarg = "item"
    serializer_class = serializers.KnowledgeSerializer
    filterset_class = KnowledgeFilter
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return selectors.knowledge_list(user=self.request.user)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def submit(self, request, slug=None):
        item = self.get_object()
        validated_input(NoInput, request)
        item = services.knowledge_submit(actor=request.user, item=item)
        return Response(self.get_serializer(item).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsStaffRole])
    def publish(self, request, slug=None):
        item = self.get_object()
        validated_input(NoInput, request)
        item = services.knowledge_publish(actor=request.user, item=item)
        return Response(self.get_serializer(item).data)


class EventViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """Events. `online_url` is returned only to staff and confirmed participants.
    POST /events/{id}/register/ registers the caller (or name + contact for public events);
    GET /events/{id}/registrations/ lists registrations (staff only). Deleting an event removes its
    registrations and materials file (cancel it to keep the record and tell the registrants)."""
    public_page = True  # anonymous reads (list, retrieve) are served from core.pagecache

    create_service = services.event_create
    update_service = services.event_update
    delete_service = services.event_delete
    instance_kwarg = "event"
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    permission_classes = [permissions.StaffWritesOnly]

    def get_queryset(self):
        user = self.request.user
        return selectors.event_list(user=user).prefetch_related(selectors.event_wisdom_prefetch(user=user))

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        user = self.request.user
        if not permissions.is_staff_user(user):
            ctx["confirmed_event_ids"] = selectors.confirmed_event_ids(user=user)
        return ctx

    @extend_schema(request=serializers.RegisterInputSerializer, responses={201: serializers.RegistrationSerializer})
    @action(detail=True, methods=["post"], permission_classes=[], throttle_classes=[AnonSubmissionThrottle])
    def register(self, request, pk=None):
        event = permissions.get_or_404(self.get_queryset(), pk=pk)  # visible is enough: anyone may register
        data = serializers.RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reg = services.registration_register(actor=request.user, event=event, **data.validated_data)
        return Response(serializers.RegistrationSerializer(reg).data, status=status.HTTP_201_CREATED)

    # Its filters are written out: the generator would check RegistrationFilter against the viewset's Event queryset.
    @extend_schema(responses=serializers.RegistrationSerializer(many=True), filters=False, parameters=[
        OpenApiParameter("status", str, enum=RegistrationStatus.values), OpenApiParameter("attended", bool)])
    @action(detail=True, methods=["get"], permission_classes=[permissions.IsStaffRole],
            filterset_class=RegistrationFilter, serializer_class=serializers.RegistrationSerializer)
    def registrations(self, request, pk=None):
        event = permissions.get_or_404(selectors.event_list(user=request.user), pk=pk)
        qs = self.filter_queryset(selectors.event_registrations(event=event, user=request.user))
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(serializers.RegistrationSerializer(page, many=True).data)


class RegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own registrations (staff: all). POST {id}/cancel/; staff POST {id}/attendance/."""

    serializer_class = serializers.RegistrationSerializer
    filterset_class = RegistrationFilter
    permission_classes = [permissions.ReadOnlyOrAuthenticated]

    def get_queryset(self):
        return selectors.registrations_visible_to(user=self.request.user)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        reg = self.get_object()
        validated_input(NoInput, request)
        reg = services.registration_cancel(actor=request.user, registration=reg)
        return Response(self.get_serializer(reg).data)

    @extend_schema(request=serializers.AttendanceInputSerializer, responses=serializers.RegistrationSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsStaffRole])
    def attendance(self, request, pk=None):
        reg = self.get_object()
        data = serializers.AttendanceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reg = services.registration_mark_attendance(actor=request.user, registration=reg,
                                                    attended=data.validated_data["attended"])
        return Response(self.get_serializer(reg).data)


class MentorshipViewSet(permissions.ServiceViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                        mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Mentorships the caller takes part in (staff: all). Staff create; participants POST
    {id}/sessions/ to log a session."""

    create_service = services.mentorship_create
    serializer_class = serializers.MentorshipSerializer
    filterset_class = MentorshipFilter

    def get_permissions(self):
        if self.action == "create":
            return [permissions.IsStaffRole()]
        return super().get_permissions()

    def get_queryset(self):
        return selectors.mentorship_list(user=self.request.user)

    @extend_schema(methods=["GET"], responses=serializers.MentoringSessionSerializer(many=True))
    @extend_schema(methods=["POST"], request=serializers.MentoringSessionSerializer,
                   responses={201: serializers.MentoringSessionSerializer})
    @action(detail=True, methods=["get", "post"], serializer_class=serializers.MentoringSessionSerializer,
            pagination_class=None, filter_backends=[])
    def sessions(self, request, pk=None):
        mentorship = permissions.get_or_404(self.get_queryset(), pk=pk)
        if request.method == "GET":
            sessions = selectors.sessions_of(mentorship=mentorship)
            return Response(serializers.MentoringSessionSerializer(sessions, many=True).data)
        data = serializers.MentoringSessionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.mentoring_session_log(actor=request.user, mentorship=mentorship, **data.validated_data)
        return Response(serializers.MentoringSessionSerializer(session).data, status=status.HTTP_201_CREATED)
