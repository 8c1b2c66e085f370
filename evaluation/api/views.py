from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, mixins, status, viewsets
from rest_framework import permissions as drf_permissions
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core import permissions
from core.choices import Project

from .. import selectors, services
from ..filters import (
    DistrictTargetFilter,
    EnrollmentFilter,
    IncomeRecordFilter,
    ProductSaleFilter,
    ReportFilter,
    ResultsParamsForm,
    TargetFilter,
    UnitTargetFilter,
)
from ..models import (
    DistrictTarget,
    Enrollment,
    Finding,
    ImprovementAction,
    IncomeRecord,
    ProductSale,
    Report,
    Target,
    UnitTarget,
)
from ..selectors import ORDERINGS
from . import serializers


class MembersRead(drf_permissions.BasePermission):
    message = "กรุณาเข้าสู่ระบบ"

    def has_permission(self, request, view):
        return permissions.is_member(request.user)


class MembersReadStaffWrite(drf_permissions.BasePermission):
    message = "เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้นที่แก้ไขข้อมูลนี้ได้"

    def has_permission(self, request, view):
        if request.method in drf_permissions.SAFE_METHODS:
            return permissions.is_member(request.user)
        return permissions.is_staff_user(request.user)


class IncomeRecordViewSet(permissions.ServiceViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                          mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Monthly income of a producer group or a tourism community.

    POST with a unit/month/source that exists updates its amount (200); a new one is created (201).
    Producers write only their groups, coordinators only their communities; staff any unit.
    """

    queryset = IncomeRecord.objects.select_related("producer_group", "tourism_community")
    serializer_class = serializers.IncomeRecordSerializer
    filterset_class = IncomeRecordFilter
    permission_classes = [MembersRead]
    ordering_fields = ["month", "amount"]
    delete_service = services.income_record_delete
    instance_kwarg = "record"

    def get_permissions(self):
        if self.action == "destroy":  # corrections are re-submissions; deleting is for staff
            return [permissions.IsStaffRole()]
        return super().get_permissions()

    def perform_create(self, serializer):
        serializer.instance, self.created = services.income_record_submit(actor=self.request.user,
                                                                          **serializer.validated_data)

    @extend_schema(responses={201: serializers.IncomeRecordSerializer, 200: serializers.IncomeRecordSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(serializer.data, status=status.HTTP_201_CREATED if self.created
                        else status.HTTP_200_OK)


class ProductSaleViewSet(permissions.ServiceViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                         mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """A month's product-sales income split by product (optional). Readable and writable by whoever
    records the group's income (its members, staff). POST for a record and product that already have a
    line changes it (200); a new line is 201. A breakdown exceeding the month's total is a 400."""

    queryset = ProductSale.objects.select_related("income_record", "product").order_by(
        "-income_record__month", "product_id", "pk")
    serializer_class = serializers.ProductSaleSerializer
    filterset_class = ProductSaleFilter
    permission_classes = [MembersRead]
    ordering_fields = ["amount"]
    delete_service = services.product_sale_delete
    instance_kwarg = "sale"

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        record = permissions.get_visible_or_404(IncomeRecord, self.request.user, pk=data.pop("income_record").pk)
        self.created = not ProductSale.objects.filter(income_record=record, product=data["product"]).exists()
        serializer.instance = services.product_sale_upsert(actor=self.request.user, record=record, **data)

    @extend_schema(responses={201: serializers.ProductSaleSerializer, 200: serializers.ProductSaleSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return Response(serializer.data, status=status.HTTP_201_CREATED if self.created else status.HTTP_200_OK)


class EnrollmentViewSet(permissions.ServiceViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                        mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Units enrolled in the projects per fiscal year (staff)."""

    queryset = Enrollment.objects.all()
    serializer_class = serializers.EnrollmentSerializer
    filterset_class = EnrollmentFilter
    permission_classes = [permissions.IsStaffRole]
    http_method_names = ["get", "post", "delete", "head", "options"]
    create_service = services.enrollment_create
    delete_service = services.enrollment_delete


class TargetViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """The department's targets per fiscal year (`all` or one project). Staff write, members read."""

    queryset = Target.objects.all()
    serializer_class = serializers.TargetSerializer
    filterset_class = TargetFilter
    permission_classes = [MembersReadStaffWrite]
    create_service = services.target_set
    update_service = services.target_update
    delete_service = services.target_delete


class TargetHistoryMixin:
    @extend_schema(responses=serializers.TargetHistorySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request, pk=None):
        """Every change of this target, newest first: when, by whom, the percentage and the reason."""
        target = self.get_object()
        changes = target.history.select_related("history_user").order_by("-history_date", "-history_id")
        return Response(serializers.TargetHistorySerializer(changes, many=True).data)


class DistrictTargetViewSet(TargetHistoryMixin, permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """District targets per fiscal year: override the department's target for the district's aggregate
    and its units without a target of their own. A reason is required with every write; a POST for a
    year and district that have a target changes it. Staff write, members read."""

    queryset = DistrictTarget.objects.select_related("district", "set_by")
    serializer_class = serializers.DistrictTargetSerializer
    filterset_class = DistrictTargetFilter
    permission_classes = [MembersReadStaffWrite]
    create_service = services.district_target_set
    update_service = services.district_target_update
    delete_service = services.district_target_delete
    instance_kwarg = "target"


class UnitTargetViewSet(TargetHistoryMixin, permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """Unit (producer group / tourism community) targets per fiscal year: override the district's and the
    department's. A reason is required with every write. Staff write; a producer or coordinator reads
    their own units' targets only."""

    queryset = UnitTarget.objects.select_related("producer_group", "tourism_community", "set_by")
    serializer_class = serializers.UnitTargetSerializer
    filterset_class = UnitTargetFilter
    permission_classes = [MembersReadStaffWrite]
    create_service = services.unit_target_set
    update_service = services.unit_target_update
    delete_service = services.unit_target_delete
    instance_kwarg = "target"


class ResultsView(generics.GenericAPIView):
    """The rule's results: `?fiscal_year=2570&as_of=2027-03` (+ `project`, `district`, `ordering`).

    Paginated rows, and beside `results` a `summary` over all the rows of the filter and the `districts`
    (each judged against its own target, with the units below it and the gap in baht). Each row carries
    the target it is judged against and its level (unit > district > project > all) and its gap in baht.
    Staff see every unit; a producer or coordinator only their own units.
    """

    serializer_class = serializers.ResultRowSerializer
    permission_classes = [MembersRead]
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter("fiscal_year", int, required=True, description="ปีงบประมาณ พ.ศ. เช่น 2570"),
            OpenApiParameter("as_of", str, required=True, description="เดือนในปีงบประมาณ YYYY-MM (ค.ศ.)"),
            OpenApiParameter("project", str, enum=[p.value for p in Project]),
            OpenApiParameter("district", str, description="รหัสอำเภอ เช่น 1503"),
            OpenApiParameter("ordering", str, enum=list(ORDERINGS)),
            OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses=inline_serializer("EvaluationResults", fields={
            "count": drf_serializers.IntegerField(), "next": drf_serializers.URLField(allow_null=True),
            "previous": drf_serializers.URLField(allow_null=True),
            "results": serializers.ResultRowSerializer(many=True),
            "summary": serializers.ResultSummarySerializer(),
            "districts": serializers.ResultDistrictSerializer(many=True)}))
    def get(self, request):
        form = ResultsParamsForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        # ONE evaluation per request: the page, its count and the summary come from the same result
        result = selectors.evaluation_result(user=request.user, **form.selector_kwargs())
        page = self.paginate_queryset(result.rows)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        response.data["summary"] = serializers.ResultSummarySerializer(result.summary).data
        response.data["districts"] = serializers.ResultDistrictSerializer(result.by_district, many=True).data
        return response


class ReportViewSet(permissions.ServiceViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                    mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Report snapshots (staff). POST `fiscal_year` + `as_of` asks for a new one: 202 at once with its
    `status` (queued -> running -> done/failed) to poll at `status_url`; then `xlsx` and `pdf` links."""

    queryset = Report.objects.all()
    filterset_class = ReportFilter
    permission_classes = [permissions.IsStaffRole]
    create_service = services.report_request

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.ReportRequestSerializer
        if self.action == "retrieve":
            return serializers.ReportDetailSerializer
        return serializers.ReportSerializer

    @extend_schema(request=serializers.ReportRequestSerializer, responses={202: serializers.ReportSerializer})
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        self.perform_create(data)  # services.report_request: queued, generated after commit
        return Response(serializers.ReportSerializer(data.instance, context={"request": request}).data,
                        status=status.HTTP_202_ACCEPTED)


class FindingViewSet(permissions.ServiceViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                     mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Findings attached to reports, with their improvement actions (staff)."""

    queryset = Finding.objects.prefetch_related("actions")
    serializer_class = serializers.FindingSerializer
    permission_classes = [permissions.IsStaffRole]
    filterset_fields = ["report"]
    create_service = services.finding_create


class ImprovementActionViewSet(permissions.ServiceViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                               mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Improvement actions (what, owner, due date, links), tracked to done through `set-status` (staff)."""

    queryset = ImprovementAction.objects.all()
    serializer_class = serializers.ImprovementActionSerializer
    permission_classes = [permissions.IsStaffRole]
    filterset_fields = ["status", "finding", "producer_group", "tourism_community"]
    create_service = services.action_create

    @extend_schema(request=serializers.ActionStatusSerializer, responses=serializers.ImprovementActionSerializer)
    @action(detail=True, methods=["post"], url_path="set-status",
            serializer_class=serializers.ActionStatusSerializer)
    def set_status(self, request, pk=None):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        updated = services.action_set_status(actor=request.user, action=self.get_object(), **data.validated_data)
        return Response(serializers.ImprovementActionSerializer(updated).data)
