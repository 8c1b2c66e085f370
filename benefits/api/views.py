from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework import permissions as drf_permissions
from rest_framework.decorators import action
from rest_framework.response import Response

from core import permissions

from .. import services
from ..filters import AgreementFilter, LedgerEntryFilter, PaymentFilter
from ..models import Agreement, Beneficiary, LedgerEntry, Payment
from . import serializers


class MembersReadStaffWrite(drf_permissions.BasePermission):
    """Reads need an account (the querysets then say what: the party, the beneficiary, staff);
    writes are for staff."""

    message = "เฉพาะเจ้าหน้าที่พัฒนาชุมชนเท่านั้นที่แก้ไขข้อมูลนี้ได้"

    def has_permission(self, request, view):
        if request.method in drf_permissions.SAFE_METHODS:
            return permissions.is_member(request.user)
        return permissions.is_staff_user(request.user)


class AgreementViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """Benefit-sharing agreements: staff all (and write), producer groups and tourism communities their
    own (read-only), knowledge holders with an account those they share in."""

    queryset = (Agreement.objects.select_related("producer_group", "tourism_community", "wisdom_record")
                .prefetch_related("products", "programs").order_by("-start_date", "pk"))
    serializer_class = serializers.AgreementSerializer

    def get_queryset(self):
        # Only the beneficiaries the caller may see: a holder with an account reads agreements they share in,
        # but not what the others receive (Beneficiary.objects.visible_to).
        return super().get_queryset().prefetch_related(Prefetch(
            "beneficiaries", queryset=Beneficiary.objects.visible_to(self.request.user).order_by("kind", "name", "pk"),
            to_attr="visible_beneficiaries"))
    filterset_class = AgreementFilter
    permission_classes = [MembersReadStaffWrite]
    ordering_fields = ["start_date", "title"]
    create_service = services.agreement_create
    update_service = services.agreement_update
    delete_service = services.agreement_delete


class BeneficiaryViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """Beneficiaries of agreements: staff write (through the services); the party reads its agreements'
    beneficiaries, a knowledge holder with an account only their own row."""

    queryset = Beneficiary.objects.order_by("agreement_id", "kind", "name", "pk")
    serializer_class = serializers.BeneficiarySerializer
    filterset_fields = ["agreement", "kind"]
    permission_classes = [MembersReadStaffWrite]
    create_service = services.beneficiary_add
    update_service = services.beneficiary_update
    delete_service = services.beneficiary_remove


class LedgerEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, permissions.ScopedViewSetMixin,
                         viewsets.GenericViewSet):
    """Ledger lines (computed, never written by hand). ``POST compute/`` computes a month now (staff)."""

    queryset = LedgerEntry.objects.select_related("beneficiary").order_by("-month", "agreement_id",
                                                                          "beneficiary_id", "kind", "revision")
    serializer_class = serializers.LedgerEntrySerializer
    filterset_class = LedgerEntryFilter
    permission_classes = [MembersReadStaffWrite]
    ordering_fields = ["month", "amount"]

    @extend_schema(request=serializers.ComputeInput, responses={200: serializers.ComputeResult})
    @action(detail=False, methods=["post"], serializer_class=serializers.ComputeInput)
    def compute(self, request):
        data = serializers.ComputeInput(data=request.data)
        data.is_valid(raise_exception=True)
        agreements = data.validated_data.get("agreements") or None
        run = services.compute_ledger(actor=request.user, month=data.validated_data["month"], agreements=agreements)
        return Response(run.as_dict())


class PaymentViewSet(permissions.ServiceViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                     mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Payments to beneficiaries: staff record them; the party and the beneficiary read them."""

    queryset = Payment.objects.select_related("beneficiary").order_by("-paid_on", "-pk")
    serializer_class = serializers.PaymentSerializer
    filterset_class = PaymentFilter
    permission_classes = [MembersReadStaffWrite]
    ordering_fields = ["paid_on", "amount"]
    create_service = services.record_payment
