from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from core import permissions
from core.api.inputs import validated_input

from .. import selectors, services
from ..filters import BookingFilter, CommunityFilter, MonthlyVisitFilter, ProgramFilter
from ..models import CommunityPhoto, TourismCommunity
from ..throttles import AnonBookingThrottle, BookingLookupThrottle
from . import serializers


class CommunityViewSet(viewsets.ReadOnlyModelViewSet):
    """Tourism communities: published ones for everyone (coordinators and staff also see drafts)."""
    public_page = True  # anonymous reads (list, retrieve) are served from core.pagecache

    serializer_class = serializers.CommunitySerializer
    filterset_class = CommunityFilter
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return (TourismCommunity.objects.visible_to(self.request.user)
                .select_related("subdistrict__district")
                .prefetch_related(Prefetch("photos", queryset=CommunityPhoto.objects.order_by("position", "pk"))))


class ProgramViewSet(viewsets.ReadOnlyModelViewSet):
    """Published programs (same filters as /tourism/); the detail includes the itinerary."""
    public_page = True  # anonymous reads (list, retrieve) are served from core.pagecache

    filterset_class = ProgramFilter
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    ordering_fields = ["price_per_person", "title_th"]

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.program_detail(user=self.request.user)
        # The list shows no photo: without the cards' prefetch of the communities' photos (a query fewer).
        return selectors.program_list(user=self.request.user).prefetch_related(None) \
            .order_by("price_per_person", "title_th")

    def get_serializer_class(self):
        return serializers.ProgramDetailSerializer if self.action == "retrieve" \
            else serializers.ProgramSerializer


CONTACT_HEADER = "X-Booking-Contact"
CONTACT_PARAMETER = OpenApiParameter(
    CONTACT_HEADER, str, location=OpenApiParameter.HEADER, required=False,
    description="The tourist's proof of contact for a lookup by code: the last 4 digits of the booking's phone "
                "(separators ignored) or its e-mail (any case). Without it only the non-personal fields are "
                "returned (no name, phone, line_id, email, notes); a wrong value is a 403. Lookups by code "
                "are throttled per client address (429).")
WRONG_CONTACT = "ข้อมูลติดต่อไม่ตรงกับการจองนี้ กรุณาตรวจสอบเลข 4 ตัวท้ายของเบอร์โทรศัพท์หรืออีเมลที่ใช้จอง"
NOT_FOUND = "ไม่พบรายการที่ต้องการ"


@extend_schema_view(list=extend_schema(
    parameters=[OpenApiParameter(
        "code", str, description="A tourist's reference code: returns that booking only (no login needed; "
                                 "throttled). Personal fields only with the matching X-Booking-Contact header."),
        CONTACT_PARAMETER],
    responses={200: serializers.BookingLookupSerializer(many=True),
               403: OpenApiResponse(description="X-Booking-Contact does not match the booking."),
               429: OpenApiResponse(description="Too many lookups by code from this address.")}))
class BookingViewSet(permissions.RejectUnknownFieldsMixin, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                     viewsets.GenericViewSet):
    """Booking requests.

    - create: anyone (anonymous requests are throttled);
    - list / retrieve / confirm / decline / reschedule: the community's coordinators and staff;
    - a tourist reads their own with ``?code=`` on the list or ``/bookings/by-code/<code>/``: the code alone
      gives the non-personal fields; the ``X-Booking-Contact`` header (the phone's last 4 digits or the
      e-mail) adds the name and contacts. Both lookups are throttled per client address.
    """

    serializer_class = serializers.BookingSerializer
    filterset_class = BookingFilter

    def _code_lookup(self) -> bool:
        return self.action == "by_code" or (self.action == "list" and bool(self.request.query_params.get("code")))

    def get_permissions(self):
        if self.action in ("create", "list", "by_code"):
            return [AllowAny()]
        return [permissions.ReadOnlyOrAuthenticated()]

    def get_throttles(self):
        if self.action == "create":
            return [AnonBookingThrottle()]
        if self._code_lookup():
            return [BookingLookupThrottle()]
        return super().get_throttles()

    def get_queryset(self):
        return selectors.bookings_for(user=self.request.user)

    def _by_code(self, code):
        """(booking, verified) for a lookup by code; PermissionDenied when the contact header is wrong."""
        booking = selectors.booking_by_code(code)
        if booking is None:
            return None, False
        contact = self.request.headers.get(CONTACT_HEADER, "")
        if contact:
            if not selectors.booking_contact_matches(booking, contact):
                raise PermissionDenied(WRONG_CONTACT)
            return booking, True
        return booking, selectors.booking_managed_by(booking, user=self.request.user)

    def _lookup_data(self, booking, verified):
        return serializers.BookingLookupSerializer(
            booking, context={**self.get_serializer_context(), "verified": verified}).data

    def list(self, request, *args, **kwargs):
        code = request.query_params.get("code")
        if not code:
            return super().list(request, *args, **kwargs)
        booking, verified = self._by_code(code)
        results = [self._lookup_data(booking, verified)] if booking else []
        return Response({"count": len(results), "next": None, "previous": None, "results": results})

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        attribution = selectors.booking_attribution(request=self.request, code=data.pop("source_code", ""))
        serializer.instance = services.booking_create(actor=self.request.user, attribution=attribution, **data)

    @extend_schema(parameters=[CONTACT_PARAMETER],
                   responses={200: serializers.BookingLookupSerializer,
                              403: OpenApiResponse(description="X-Booking-Contact does not match the booking."),
                              404: OpenApiResponse(description="No booking with this code."),
                              429: OpenApiResponse(description="Too many lookups by code from this address.")})
    @action(detail=False, url_path=r"by-code/(?P<code>[A-Za-z0-9]+)")
    def by_code(self, request, code=None):
        """A tourist's booking by its code: the non-personal fields, or the whole booking with the matching
        ``X-Booking-Contact`` header (last 4 digits of the phone, or the e-mail). Throttled per address."""
        booking, verified = self._by_code(code)
        if booking is None:
            return Response({"detail": NOT_FOUND}, status=status.HTTP_404_NOT_FOUND)
        return Response(self._lookup_data(booking, verified))

    def _run(self, request, input_serializer, run):
        booking = self.get_object()  # 404 unless a coordinator of its community or staff
        booking = run(booking, validated_input(input_serializer, request))
        return Response(self.get_serializer(booking).data)

    @extend_schema(request=serializers.ConfirmSerializer, responses=serializers.BookingSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._run(request, serializers.ConfirmSerializer,
                         lambda b, d: services.booking_confirm(actor=request.user, booking=b, note=d["note"]))

    @extend_schema(request=serializers.DeclineSerializer, responses=serializers.BookingSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._run(request, serializers.DeclineSerializer,
                         lambda b, d: services.booking_decline(actor=request.user, booking=b, reason=d["reason"]))

    @extend_schema(request=serializers.RescheduleSerializer, responses=serializers.BookingSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        return self._run(request, serializers.RescheduleSerializer,
                         lambda b, d: services.booking_reschedule(actor=request.user, booking=b,
                                                                  new_date=d["new_date"], note=d["note"]))


class MonthlyVisitViewSet(permissions.RejectUnknownFieldsMixin, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Monthly visitors and tourism income: coordinators of the community and staff.
    POST upserts (one row per community and month)."""

    serializer_class = serializers.MonthlyVisitSerializer
    filterset_class = MonthlyVisitFilter
    permission_classes = [permissions.ReadOnlyOrAuthenticated]

    def get_queryset(self):
        return selectors.visits_for(user=self.request.user)

    def _save(self, serializer, community):
        data = serializer.validated_data
        get_object_or_404(TourismCommunity.objects.visible_to(self.request.user), pk=community.pk)
        serializer.instance = services.visit_record_upsert(
            community=community, month=data["month"], visitors_thai=data.get("visitors_thai", 0),
            visitors_foreign=data.get("visitors_foreign", 0), income=data.get("income", 0),
            note=data.get("note", ""), actor=self.request.user)

    def perform_create(self, serializer):
        self._save(serializer, serializer.validated_data["community"])

    def perform_update(self, serializer):
        instance = serializer.instance
        data = {"community": instance.community, "month": instance.month, "visitors_thai": instance.visitors_thai,
                "visitors_foreign": instance.visitors_foreign, "income": instance.income, "note": instance.note,
                **serializer.validated_data}
        serializer.validated_data.update(data)
        self._save(serializer, data["community"])
