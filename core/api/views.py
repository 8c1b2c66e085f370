from django.db.models import Prefetch
from django_filters import rest_framework as filters
from rest_framework import mixins, viewsets
from rest_framework.authtoken.views import ObtainAuthToken

from core import permissions, services
from core.filters import ProducerGroupFilter
from core.models import District, PartnerOrganisation, ProducerGroup, Subdistrict, User

from . import serializers
from .parsers import SafeFormParser, SafeJSONParser, SafeMultiPartParser


class DistrictViewSet(viewsets.ReadOnlyModelViewSet):
    """Districts (อำเภอ), by DOPA code. Only Ang Thong is loaded unless the whole country was."""
    public_page = True  # anonymous reads (list, retrieve) are served from core.pagecache

    queryset = District.objects.all()
    serializer_class = serializers.DistrictSerializer
    lookup_field = "code"
    filterset_fields = ["province"]
    permission_classes = []


class SubdistrictFilter(filters.FilterSet):
    district = filters.CharFilter(field_name="district_id", label="district code, e.g. 1501")

    class Meta:
        model = Subdistrict
        fields = ["district"]


class SubdistrictViewSet(viewsets.ReadOnlyModelViewSet):
    public_page = True  # anonymous reads (list, retrieve) are served from core.pagecache
    queryset = Subdistrict.objects.all()
    serializer_class = serializers.SubdistrictSerializer
    lookup_field = "code"
    filterset_class = SubdistrictFilter
    permission_classes = []


class ProducerGroupViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    """Producer groups. Anyone reads; staff create and delete; producers update only their own."""

    create_service = services.producer_group_create
    update_service = services.producer_group_update
    delete_service = services.producer_group_delete
    instance_kwarg = "group"

    queryset = ProducerGroup.objects.with_area()
    serializer_class = serializers.ProducerGroupSerializer
    filterset_class = ProducerGroupFilter
    ordering_fields = ["name_th", "created_at"]

    def get_permissions(self):
        if self.action in ("create", "destroy"):
            return [permissions.IsStaffRole()]
        return super().get_permissions()


class PartnerOrganisationViewSet(permissions.ServiceViewSetMixin, viewsets.ModelViewSet):
    create_service = services.partner_organisation_create
    update_service = services.partner_organisation_update
    delete_service = services.partner_organisation_delete
    instance_kwarg = "partner_organisation"
    queryset = PartnerOrganisation.objects.prefetch_related("areas_served")
    serializer_class = serializers.PartnerOrganisationSerializer
    permission_classes = [permissions.StaffWritesOnly]
    filterset_fields = ["org_type"]


class AccountViewSet(permissions.ServiceViewSetMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                     mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Accounts (staff only; core.services.account_change_check decides who may change whom)."""

    create_service = services.user_create
    update_service = services.user_update
    instance_kwarg = "user"

    queryset = User.objects.select_related("partner_organisation").prefetch_related(
        Prefetch("producer_groups", queryset=ProducerGroup.objects.only("id")))
    serializer_class = serializers.AccountSerializer
    permission_classes = [permissions.IsStaffRole]
    filterset_fields = ["role", "partner_organisation"]


class TokenView(ObtainAuthToken):
    """POST username and password, get ``{"token": ...}`` for ``Authorization: Token ...``."""

    serializer_class = serializers.AuthTokenSerializer
    parser_classes = (SafeJSONParser, SafeFormParser, SafeMultiPartParser)
