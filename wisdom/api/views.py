from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core import permissions
from core.api.inputs import validated_input
from core.api.parsers import SafeFormParser, SafeJSONParser, SafeMultiPartParser

from .. import selectors, services
from ..filters import WisdomRecordFilter
from ..models import HolderConsent, KnowledgeHolder, WisdomRecord
from . import serializers


class WisdomRecordViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """Local-wisdom records. Reads follow the access protocol (public / members /
    restricted; unpublished only to staff and the owning community). Producers create and
    edit their drafts; `submit` sends a draft to staff, who `verify`, `publish` or
    `send_back` (with a comment)."""
    public_page = True  # anonymous reads (list, retrieve) are served from core.pagecache

    queryset = WisdomRecord.objects.all()
    serializer_class = serializers.WisdomRecordSerializer
    filterset_class = WisdomRecordFilter
    ordering_fields = ["title_th", "published_at", "updated_at"]
    parser_classes = [SafeJSONParser, SafeMultiPartParser, SafeFormParser]
    create_service = services.record_create
    update_service = services.record_update
    delete_service = services.record_delete
    instance_kwarg = "record"

    def get_queryset(self):
        user = self.request.user
        if self.action == "list":
            return selectors.record_list_with_steps(user=user)
        return selectors.record_detail_queryset(user=user)

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.WisdomRecordSerializer
        return serializers.WisdomRecordDetailSerializer

    def get_permissions(self):
        if self.action in ("verify", "publish", "send_back"):
            return [permissions.IsStaffRole()]
        return super().get_permissions()

    def _fresh(self, record):
        return self.get_serializer(self.get_queryset().get(pk=record.pk)).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(self._fresh(serializer.instance), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return Response(self._fresh(serializer.instance))

    def _step(self, request, service, **kwargs):
        record = self.get_object()
        data = validated_input(serializers.WisdomCommentSerializer, request)
        service(actor=request.user, record=record, comment=data.get("comment", ""), **kwargs)
        return Response(self._fresh(record))

    @extend_schema(request=serializers.WisdomCommentSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._step(request, services.record_submit)

    @extend_schema(request=serializers.WisdomCommentSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        return self._step(request, services.record_verify)

    @extend_schema(request=serializers.WisdomCommentSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._step(request, services.record_publish)

    @extend_schema(request=serializers.WisdomCommentSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        return self._step(request, services.record_send_back)

    @extend_schema(responses=serializers.LineageSerializer, parameters=[
        OpenApiParameter("fiscal_year", int, description="Thai fiscal year (BE, 2500–2700): money and bookings in "
                                                         "that year only; objects existing by its end")])
    @action(detail=True, methods=["get"])
    def lineage(self, request, pk=None):
        """What the record became and earned (issue 17): products, programs and activities, knowledge items,
        events and trainings, campaigns, a timeline; for staff and the record's own community also the money
        — bookings' value and attributed sales per month, the income of the groups and communities involved
        per fiscal year, campaign clicks — each summed from rows the caller may see. Others get the public
        version (counts and dates). 404 when the caller may not see the record."""
        from ..lineage import record_lineage

        record = permissions.get_or_404(selectors.lineage_record_queryset(user=request.user), pk=pk)
        fy = request.query_params.get("fiscal_year")
        try:
            fiscal_year = int(fy) if fy else None
        except ValueError:
            fiscal_year = 0
        if fiscal_year is not None and not 2500 <= fiscal_year <= 2700:  # the models' range of BE years
            return Response({"fiscal_year": ["ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2570"]},
                            status=status.HTTP_400_BAD_REQUEST)
        lineage = record_lineage(record=record, user=request.user, fiscal_year=fiscal_year)
        return Response(serializers.LineageSerializer(lineage).data)

    @extend_schema(request=serializers.VideoInputSerializer, responses={201: serializers.VideoSerializer})
    @action(detail=True, methods=["post"])
    def videos(self, request, pk=None):
        """Add a YouTube/Facebook video link to a draft you may edit."""
        record = self.get_object()
        data = serializers.VideoInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        video = services.video_add(actor=request.user, record=record, **data.validated_data)
        return Response(serializers.VideoSerializer(video, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.PhotoInputSerializer, responses={201: serializers.WisdomPhotoSerializer})
    @action(detail=True, methods=["post"])
    def photos(self, request, pk=None):
        """Upload a photo (multipart) to a draft you may edit."""
        record = self.get_object()
        data = serializers.PhotoInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        photo = services.photo_add(actor=request.user, record=record, **data.validated_data)
        return Response(serializers.WisdomPhotoSerializer(photo, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.DocumentInputSerializer, responses={201: serializers.DocumentSerializer})
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        """Upload a PDF document (multipart) to a draft you may edit."""
        record = self.get_object()
        data = serializers.DocumentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        doc = services.document_add(actor=request.user, record=record, **data.validated_data)
        return Response(serializers.DocumentSerializer(doc, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.HolderInputSerializer, responses={201: serializers.HolderSerializer})
    @action(detail=True, methods=["post"])
    def holders(self, request, pk=None):
        """Add a knowledge holder (with their consent) to a draft you may edit."""
        record = self.get_object()
        data = serializers.HolderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        holder = services.holder_add(actor=request.user, record=record, **data.validated_data)
        return Response(serializers.HolderSerializer(holder, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class HolderConsentViewSet(permissions.ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Structured consent of knowledge holders, one row per period and scope (staff and the record's
    own community only). `grant` and `restore` open a period (multipart with the signed form),
    `withdraw` closes one and unpublishes what depends on it at once (the response lists it)."""

    queryset = HolderConsent.objects.select_related("recorded_by").order_by("holder_id", "scope", "given_on", "pk")
    serializer_class = serializers.HolderConsentSerializer
    parser_classes = [SafeJSONParser, SafeMultiPartParser, SafeFormParser]
    permission_classes = [IsAuthenticated]

    def _holder(self, holder):
        # The holder must be one the caller may see (else 404 as for any unseen object).
        return permissions.get_visible_or_404(KnowledgeHolder, self.request.user, pk=holder.pk)

    def _open(self, request, service):
        data = validated_input(serializers.ConsentGrantInputSerializer, request)
        holder = self._holder(data.pop("holder"))
        consent = service(actor=request.user, holder=holder, **data)
        return Response(serializers.HolderConsentSerializer(consent, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=serializers.ConsentGrantInputSerializer, responses={201: serializers.HolderConsentSerializer})
    @action(detail=False, methods=["post"])
    def grant(self, request):
        """Record a holder's consent to one scope from a date (staff, or the own community with a witness)."""
        return self._open(request, services.consent_grant)

    @extend_schema(request=serializers.ConsentGrantInputSerializer, responses={201: serializers.HolderConsentSerializer})
    @action(detail=False, methods=["post"])
    def restore(self, request):
        """A withdrawn consent given again (a new period); nothing is republished."""
        return self._open(request, services.consent_restore)

    @extend_schema(request=serializers.ConsentWithdrawInputSerializer,
                   responses={200: serializers.ConsentWithdrawResultSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Close this open period from a date (today by default): dependent objects are unpublished."""
        consent = self.get_object()
        data = validated_input(serializers.ConsentWithdrawInputSerializer, request)
        closed, unpublished = services.consent_withdraw(actor=request.user, holder=consent.holder,
                                                        scope=consent.scope, **data)
        return Response({"consent": serializers.HolderConsentSerializer(
            closed, context=self.get_serializer_context()).data, "unpublished": unpublished})
