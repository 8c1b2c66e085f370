from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions as drf_permissions
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core import permissions
from core.api.inputs import NoInput, validated_input
from core.thai_dates import current_fiscal_year

from .. import selectors, services
from ..filters import DevelopmentProjectFilter, ProductFilter
from ..models import Certification, ChecklistPart, GroupMarketingSkill, ProductPhoto, StageRecord
from . import serializers


class ProducerOrStaffWrites(drf_permissions.BasePermission):
    """Anyone reads (querysets decide what); only staff and producers write."""

    message = "เฉพาะผู้ผลิตและเจ้าหน้าที่เท่านั้นที่แก้ไขข้อมูลนี้ได้"

    def has_permission(self, request, view):
        return request.method in drf_permissions.SAFE_METHODS or \
            permissions.is_staff_user(request.user) or permissions.is_producer(request.user)


class ProductViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """OTOP products. Anyone reads published ones; producers write their own groups' products
    (drafts; publishing through the `publish` action); staff everything, deleting included."""
    public_page = True  # anonymous reads (list, retrieve) are served from core.pagecache

    create_service = services.product_create
    update_service = services.product_update
    delete_service = services.product_delete
    instance_kwarg = "product"
    serializer_class = serializers.ProductSerializer
    filterset_class = ProductFilter
    permission_classes = [ProducerOrStaffWrites]
    ordering_fields = ["name_th", "price", "created_at"]

    def get_queryset(self):
        user = self.request.user
        return selectors.product_list(user=user).prefetch_related(
            "certifications", "star_ratings", selectors.visible_wisdom_prefetch(user=user))

    def get_permissions(self):
        if self.action == "destroy":
            return [permissions.IsStaffRole()]
        return super().get_permissions()

    @extend_schema(request=None, responses=serializers.PublishStatusSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        product = self.get_object()
        validated_input(NoInput, request)
        product = services.product_publish(actor=request.user, product=product)
        return Response({"status": product.status})

    @extend_schema(request=None, responses=serializers.PublishStatusSerializer)
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        product = self.get_object()
        validated_input(NoInput, request)
        product = services.product_unpublish(actor=request.user, product=product)
        return Response({"status": product.status})

    @extend_schema(request=serializers.PhotoUploadSerializer, responses={201: serializers.PhotoSerializer})
    @action(detail=True, methods=["post"], serializer_class=serializers.PhotoUploadSerializer)
    def photos(self, request, pk=None):
        product = self.get_object()
        data = serializers.PhotoUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        photo = services.product_photo_add(actor=request.user, product=product, **data.validated_data)
        return Response(serializers.PhotoSerializer(photo).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"photos/(?P<photo_pk>[0-9]+)", serializer_class=None)
    def delete_photo(self, request, pk=None, photo_pk=None):
        """Delete one photo of the product (its stored files too): the owner group and staff."""
        product = self.get_object()
        photo = permissions.get_or_404(ProductPhoto.objects.filter(product=product), pk=photo_pk)
        services.product_photo_delete(actor=request.user, photo=photo)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"certifications/(?P<certification_pk>[0-9]+)",
            serializer_class=None)
    def delete_certification(self, request, pk=None, certification_pk=None):
        """Remove one standard/certification of the product: the owner group and staff."""
        product = self.get_object()
        certification = permissions.get_or_404(Certification.objects.filter(product=product),
                                               pk=certification_pk)
        services.certification_delete(actor=request.user, certification=certification)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["GET"], responses=serializers.AssessmentSerializer(many=True))
    @extend_schema(methods=["POST"], request=serializers.AssessmentSerializer,
                   responses={201: serializers.AssessmentSerializer})
    @action(detail=True, methods=["get", "post"], serializer_class=serializers.AssessmentSerializer,
            pagination_class=None, filter_backends=[])
    def assessments(self, request, pk=None):
        """Quadrant assessments by fiscal year: the owner group and staff read, staff record."""
        product = self.get_object()
        if not serializers.can_see_assessments(request.user, product):
            self.permission_denied(request, message="เฉพาะกลุ่มเจ้าของผลิตภัณฑ์และเจ้าหน้าที่เท่านั้น")
        if request.method == "POST":
            data = serializers.AssessmentSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            fields = dict(data.validated_data)
            assessment = services.assessment_record(actor=request.user, product=product, **fields)
            assessment = selectors.assessments_for(user=request.user, product=product).get(pk=assessment.pk)
            return Response(serializers.AssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)
        rows = selectors.assessments_for(user=request.user, product=product)
        return Response(serializers.AssessmentSerializer(rows, many=True).data)

    @extend_schema(parameters=[OpenApiParameter("year", int, description="ปีงบประมาณ พ.ศ. (default: this one)")],
                   responses={200: serializers.QuadrantSummarySerializer,
                              400: OpenApiResponse(description="`year` is not a number")})
    @action(detail=False, methods=["get"], url_path="quadrant-summary", permission_classes=[permissions.IsStaffRole])
    def quadrant_summary(self, request):
        """Staff: products per quadrant per district for ?year= (default: this fiscal year),
        and how many moved out of D since the previous year."""
        try:
            year = int(request.query_params.get("year") or current_fiscal_year())
        except ValueError:
            return Response({"year": ["ปีงบประมาณไม่ถูกต้อง"]}, status=status.HTTP_400_BAD_REQUEST)
        chart = selectors.quadrant_chart(fiscal_year=year)
        return Response({
            "fiscal_year": year, "moved_out_of_d": chart["moved_out_of_d"], "totals": chart["totals"],
            "districts": [{"code": r["district"].code, "name_th": r["district"].name_th,
                           "counts": {c["quadrant"].code: c["count"] for c in r["cells"]},
                           "unclassified": r["unclassified"], "moved_out_of_d": r["moved_out_of_d"]}
                          for r in chart["rows"]]})


class DevelopmentProjectViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """Quadrant D development projects. The stage changes only through `move-stage`; staff delete."""

    create_service = services.project_create
    update_service = services.project_update
    delete_service = services.project_delete
    instance_kwarg = "project"
    serializer_class = serializers.DevelopmentProjectSerializer
    filterset_class = DevelopmentProjectFilter
    permission_classes = [ProducerOrStaffWrites]
    ordering_fields = ["fiscal_year", "title", "created_at"]

    def get_queryset(self):
        return selectors.project_list(user=self.request.user).prefetch_related(
            Prefetch("stage_records", queryset=StageRecord.objects.select_related("moved_by")
                     .prefetch_related("attachments").order_by("id")))

    def get_permissions(self):
        if self.action == "destroy":
            return [permissions.IsStaffRole()]
        return super().get_permissions()

    @extend_schema(request=serializers.MoveStageSerializer, responses=serializers.DevelopmentProjectSerializer)
    @action(detail=True, methods=["post"], url_path="move-stage", serializer_class=serializers.MoveStageSerializer)
    def move_stage(self, request, pk=None):
        """Move to another stage: the next one with its required fields (group or staff);
        skipping or going back only by staff, with a reason."""
        project = self.get_object()
        data = serializers.MoveStageSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.project_move_stage(actor=request.user, project=project, to_stage=data.validated_data["stage"],
                                    reason=data.validated_data["reason"])
        project = self.get_queryset().get(pk=project.pk)
        return Response(serializers.DevelopmentProjectSerializer(project, context={"request": request}).data)


class QuadrantChecklistViewSet(viewsets.ReadOnlyModelViewSet):
    """CDD's five-part segment checklist with its numbered options (for assessment answers).
    Staff edit the options and the rule table in the admin."""

    queryset = ChecklistPart.objects.prefetch_related("options")
    serializer_class = serializers.ChecklistPartSerializer
    lookup_field = "number"
    pagination_class = None
    permission_classes = []


class MarketingSkillViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """A group's online-marketing skills checklist (group members and staff). Posting an item the
    group already ticked re-dates it (services.marketing_skill_set)."""

    create_service = services.marketing_skill_set
    update_service = services.marketing_skill_update
    delete_service = services.marketing_skill_delete
    instance_kwarg = "item"
    queryset = GroupMarketingSkill.objects.select_related("group")
    serializer_class = serializers.MarketingSkillSerializer
    permission_classes = [ProducerOrStaffWrites]
    filterset_fields = ["skill"]

    def get_queryset(self):
        qs = super().get_queryset()
        group = self.request.query_params.get("group")
        return qs.filter(group__slug=group) if group else qs
