"""The OCTO endpoints: authenticate the reseller's key, read the body, call a selector or a service,
answer the standard's JSON. Every refusal is an OCTO error body (errors.py), never a 500 for bad input."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from core.actors import SYSTEM
from core.api.inputs import InputSerializer

from ..models import Booking, Program
from . import docs, inputs, render, services
from . import selectors as sel
from .errors import (
    BAD_REQUEST,
    FORBIDDEN,
    INTERNAL_SERVER_ERROR,
    INVALID_BOOKING_UUID,
    INVALID_OPTION_ID,
    INVALID_PRODUCT_ID,
    INVALID_UNIT_ID,
    UNAUTHORIZED,
    UNPROCESSABLE_ENTITY,
    OctoError,
)

logger = logging.getLogger(__name__)

MAX_AVAILABILITY_RANGE = 93  # days per /availability request (the calendar takes up to a year)


def _request_language(request) -> str:
    for code, _q in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        code = code.lower()
        if code.startswith("en"):
            return "en"
        if code.startswith("th"):
            return "th"
    return "th"


def _capabilities(request) -> frozenset[str]:
    header = request.META.get("HTTP_OCTO_CAPABILITIES", "")
    asked = {c.strip() for c in header.split(",") if c.strip()}
    return frozenset(asked & set(render.SUPPORTED_CAPABILITIES))


def _bad_request_message(detail: Any) -> str:
    """One readable line from DRF's nested validation detail (field: message; …)."""
    parts: list[str] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(sub, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            if all(not isinstance(v, dict | list) for v in value):
                parts.append(
                    f"{path}: {' '.join(str(v) for v in value)}" if path else " ".join(map(str, value))
                )
            else:
                for n, sub in enumerate(value):
                    walk(sub, f"{path}[{n}]")
        else:
            parts.append(f"{path}: {value}" if path else str(value))

    walk(detail, "")
    return "; ".join(p for p in parts if p)


AUTH_HEADER = OpenApiParameter(
    "Authorization", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True, description="Bearer <API key>"
)
CAPABILITIES_HEADER = OpenApiParameter(
    "Octo-Capabilities",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="octo/pricing, octo/content (comma-separated)",
)
LANGUAGE_HEADER = OpenApiParameter(
    "Accept-Language", OpenApiTypes.STR, OpenApiParameter.HEADER, description="th (default) or en"
)
HEADERS = [AUTH_HEADER, CAPABILITIES_HEADER, LANGUAGE_HEADER]
ERRORS = {400: docs.ErrorSerializer, 401: docs.ErrorSerializer, 403: docs.ErrorSerializer}


class OctoView(APIView):
    """Base of every OCTO endpoint: its own key authentication, language, capabilities and errors."""

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    throttle_classes: list[Any] = []
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    reseller: Any = None
    ctx: render.Context = render.Context()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        translation.activate(_request_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        self.ctx = render.Context(
            capabilities=_capabilities(request), base_url=request.build_absolute_uri("/").rstrip("/")
        )
        header = request.META.get("HTTP_AUTHORIZATION", "")
        scheme, _sep, key = header.strip().partition(" ")
        if not header.strip():
            raise OctoError(UNAUTHORIZED)
        if scheme.lower() != "bearer" or not key.strip():
            raise OctoError(UNAUTHORIZED)
        self.reseller = services.reseller_authenticate(actor=SYSTEM, raw_key=key.strip())
        if self.reseller is None:
            raise OctoError(FORBIDDEN)

    def handle_exception(self, exc):
        if isinstance(exc, OctoError):
            body, status = exc.body(), exc.status
        elif isinstance(exc, exceptions.ValidationError):
            body, status = {"error": BAD_REQUEST, "errorMessage": _bad_request_message(exc.detail)}, 400
        elif isinstance(exc, exceptions.ParseError | exceptions.UnsupportedMediaType):
            body, status = {"error": BAD_REQUEST, "errorMessage": str(exc.detail)}, 400
        elif isinstance(exc, exceptions.MethodNotAllowed):
            body, status = {"error": BAD_REQUEST, "errorMessage": str(exc.detail)}, 405
        elif isinstance(exc, DjangoPermissionDenied | exceptions.PermissionDenied):
            body, status = {"error": FORBIDDEN, "errorMessage": str(exc) or _("ไม่มีสิทธิ์")}, 403
        elif isinstance(exc, DjangoValidationError):
            body, status = {"error": UNPROCESSABLE_ENTITY, "errorMessage": " ".join(exc.messages)}, 400
        else:
            logger.exception("OCTO request failed")
            body, status = OctoError(INTERNAL_SERVER_ERROR).body(), 500
        response = Response(body, status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="octo"'
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Octo-Capabilities"] = ", ".join(sorted(self.ctx.capabilities))
        response["Content-Language"] = translation.get_language() or "th"
        response["Cache-Control"] = "no-store"
        return response

    # --- helpers ---

    def body(self, serializer_class):
        serializer = serializer_class(data=self.request.data if isinstance(self.request.data, dict) else {})
        if not isinstance(self.request.data, dict):
            raise OctoError(BAD_REQUEST, _("ต้องส่งข้อมูลเป็น JSON object"))
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def product(self, product_id: Any) -> Program:
        program = sel.program_for_reseller(reseller=self.reseller, product_id=product_id)
        if program is None:
            raise OctoError(INVALID_PRODUCT_ID, productId=product_id)
        return program

    def option(self, option_id: Any) -> None:
        if option_id != sel.OPTION_ID:
            raise OctoError(INVALID_OPTION_ID, optionId=option_id)

    def booking(self, uuid: Any) -> Booking:
        booking = sel.booking_of(reseller=self.reseller, uuid=uuid)
        if booking is None:
            raise OctoError(INVALID_BOOKING_UUID, uuid=uuid)
        return booking

    def fresh(self, booking: Booking) -> Booking:
        """The booking read again with what rendering needs (after a service changed it)."""
        found = sel.bookings_of(reseller=self.reseller).get(pk=booking.pk)
        return found


class SupplierView(OctoView):
    @extend_schema(
        operation_id="octo_supplier",
        parameters=HEADERS,
        responses={200: docs.SupplierSerializer, **ERRORS},
        summary="Get Supplier",
    )
    def get(self, request):
        return Response(render.supplier())


class ProductListView(OctoView):
    @extend_schema(
        operation_id="octo_products",
        parameters=HEADERS,
        responses={200: docs.ProductSerializer(many=True), **ERRORS},
        summary="Get Products",
    )
    def get(self, request):
        programs = sel.programs_for_reseller(reseller=self.reseller)
        return Response([render.product(p, self.ctx) for p in programs])


class ProductDetailView(OctoView):
    @extend_schema(
        operation_id="octo_product",
        parameters=HEADERS,
        responses={200: docs.ProductSerializer, **ERRORS},
        summary="Get Product",
    )
    def get(self, request, product_id):
        return Response(render.product(self.product(product_id), self.ctx))


def _units(program: Program, units: list[dict[str, Any]] | None) -> dict[str, int]:
    asked: dict[str, int] = {}
    for item in units or []:
        if item["id"] not in sel.UNIT_IDS:
            raise OctoError(INVALID_UNIT_ID, unitId=item["id"])
        asked[item["id"]] = asked.get(item["id"], 0) + item["quantity"]
    return asked


def _check_currency(currency: str | None) -> None:
    if currency and currency.upper() != sel.CURRENCY:
        raise OctoError(BAD_REQUEST, _("รองรับเฉพาะสกุลเงิน THB"))


def _range(start: datetime.date, end: datetime.date, limit: int) -> None:
    if end < start:
        raise OctoError(BAD_REQUEST, _("localDateEnd ต้องไม่ก่อน localDateStart"))
    if (end - start).days >= limit:
        raise OctoError(BAD_REQUEST, _("ขอช่วงวันที่ได้ไม่เกิน %(n)s วันต่อครั้ง") % {"n": limit})


class AvailabilityView(OctoView):
    @extend_schema(
        operation_id="octo_availability",
        parameters=HEADERS,
        request=inputs.AvailabilityInput,
        responses={200: docs.AvailabilitySerializer(many=True), **ERRORS},
        summary="Availability Check",
    )
    def post(self, request):
        data = self.body(inputs.AvailabilityInput)
        program = self.product(data.get("productId"))
        self.option(data.get("optionId"))
        _check_currency(data.get("currency"))
        units = _units(program, data.get("units"))
        wanted = sum(units.values())
        if wanted and not program.min_group_size <= wanted <= program.max_group_size:
            raise OctoError(
                UNPROCESSABLE_ENTITY,
                _("จำนวนผู้เดินทางต้องอยู่ระหว่าง %(min)s ถึง %(max)s คน")
                % {"min": program.min_group_size, "max": program.max_group_size},
            )
        if data.get("availabilityIds"):
            days = []
            for availability_id in data["availabilityIds"]:
                day = sel.parse_availability_id(program, availability_id)
                if day is None:
                    raise OctoError("INVALID_AVAILABILITY_ID", availabilityId=availability_id)
                days.append(day)
            days = sorted(set(days))
        elif data.get("localDateStart") and data.get("localDateEnd"):
            start, end = data["localDateStart"], data["localDateEnd"]
            _range(start, end, MAX_AVAILABILITY_RANGE)
            days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
        else:
            raise OctoError(BAD_REQUEST, _("กรุณาระบุ localDateStart และ localDateEnd หรือ availabilityIds"))
        services.holds_expire(actor=SYSTEM, program=program)
        rows = sel.capacity_rows(program, days[0], days[-1])
        result = []
        for day in days:
            status = sel.day_status(program, day, rows.get(day), wanted=wanted)
            if data.get("availabilityIds") or status["status"] != "CLOSED":
                result.append(render.availability(program, day, status, self.ctx, units))
        return Response(result)


class AvailabilityCalendarView(OctoView):
    @extend_schema(
        operation_id="octo_availability_calendar",
        parameters=HEADERS,
        request=inputs.AvailabilityCalendarInput,
        responses={200: docs.CalendarDaySerializer(many=True), **ERRORS},
        summary="Availability Calendar",
    )
    def post(self, request):
        data = self.body(inputs.AvailabilityCalendarInput)
        program = self.product(data.get("productId"))
        self.option(data.get("optionId"))
        _check_currency(data.get("currency"))
        units = _units(program, data.get("units"))
        start, end = data["localDateStart"], data["localDateEnd"]
        _range(start, end, sel.MAX_AVAILABILITY_DAYS)
        services.holds_expire(actor=SYSTEM, program=program)
        rows = sel.capacity_rows(program, start, end)
        wanted = sum(units.values())
        return Response(
            [
                render.calendar_day(
                    day, sel.day_status(program, day, rows.get(day), wanted=wanted), self.ctx, program
                )
                for day in (start + datetime.timedelta(days=n) for n in range((end - start).days + 1))
            ]
        )


def _minutes(data: dict[str, Any]) -> int:
    minutes = data.get("expirationMinutes")
    return services.DEFAULT_HOLD_MINUTES if minutes is None else minutes


class BookingListView(OctoView):
    @extend_schema(
        operation_id="octo_bookings",
        summary="Get Bookings",
        responses={200: docs.BookingSerializer(many=True), **ERRORS},
        parameters=[
            *HEADERS,
            *[
                OpenApiParameter(
                    name,
                    OpenApiTypes.DATE if name.startswith("local") else OpenApiTypes.STR,
                    OpenApiParameter.QUERY,
                )
                for name in (
                    "resellerReference",
                    "supplierReference",
                    "localDate",
                    "localDateStart",
                    "localDateEnd",
                    "productId",
                    "optionId",
                )
            ],
        ],
    )
    def get(self, request):
        params = request.query_params
        dates: dict[str, datetime.date | None] = {}
        for name in ("localDate", "localDateStart", "localDateEnd"):
            value = params.get(name)
            try:
                dates[name] = datetime.date.fromisoformat(value) if value else None
            except ValueError:
                raise OctoError(
                    BAD_REQUEST, _("%(name)s ต้องเป็นวันที่รูปแบบ YYYY-MM-DD") % {"name": name}
                ) from None
        start = dates["localDate"] or dates["localDateStart"]
        end = dates["localDate"] or dates["localDateEnd"]
        if not (
            params.get("resellerReference")
            or params.get("supplierReference")
            or dates["localDate"]
            or (dates["localDateStart"] and dates["localDateEnd"])
        ):
            raise OctoError(
                BAD_REQUEST,
                _(
                    "กรุณาระบุ resellerReference, supplierReference, localDate "
                    "หรือ localDateStart และ localDateEnd"
                ),
            )
        services.holds_expire(actor=self.reseller, reseller=self.reseller)
        bookings = sel.bookings_search(
            reseller=self.reseller,
            reseller_reference=params.get("resellerReference") or None,
            supplier_reference=params.get("supplierReference") or None,
            local_date_start=start,
            local_date_end=end,
            product_id=params.get("productId") or None,
            option_id=params.get("optionId") or None,
        )
        return Response([render.booking(b, self.ctx) for b in bookings[:500]])

    @extend_schema(
        operation_id="octo_booking_reserve",
        parameters=HEADERS,
        request=inputs.ReserveInput,
        responses={200: docs.BookingSerializer, **ERRORS},
        summary="Booking Reservation",
    )
    def post(self, request):
        data = self.body(inputs.ReserveInput)
        existing = sel.booking_of(reseller=self.reseller, uuid=data["uuid"])
        if existing is None:  # a retry answers with the booking as it is, whatever the body
            program = self.product(data.get("productId"))
            self.option(data.get("optionId"))
            _check_currency(data.get("currency"))
            existing = services.octo_reserve(
                actor=self.reseller,
                reseller=self.reseller,
                program=program,
                uuid=data["uuid"],
                availability_id=data.get("availabilityId") or "",
                unit_items=[dict(item) for item in data["unitItems"]],
                expiration_minutes=_minutes(data),
                reseller_reference=data.get("resellerReference") or "",
                notes=data.get("notes") or "",
            )
        return Response(render.booking(self.fresh(existing), self.ctx))


class BookingDetailView(OctoView):
    @extend_schema(
        operation_id="octo_booking",
        parameters=HEADERS,
        responses={200: docs.BookingSerializer, **ERRORS},
        summary="Get Booking",
    )
    def get(self, request, uuid):
        booking = self.booking(uuid)
        services.holds_expire(actor=self.reseller, booking=booking)
        return Response(render.booking(self.fresh(booking), self.ctx))

    @extend_schema(
        operation_id="octo_booking_delete",
        parameters=HEADERS,
        request=inputs.CancelInput,
        responses={200: docs.BookingSerializer, **ERRORS},
        summary="Booking Cancellation (DELETE)",
    )
    def delete(self, request, uuid):
        data = self.body(inputs.CancelInput) if request.data else {}  # the body is optional here
        booking = self.booking(uuid)
        _cancel(self.reseller, booking, data)
        return Response(render.booking(self.fresh(booking), self.ctx))


def _cancel(reseller: Any, booking: Booking, data: dict[str, Any]) -> None:
    services.octo_cancel(actor=reseller, reseller=reseller, booking=booking, reason=data.get("reason") or "")


def _booking_step(*, operation_id: str, summary: str):
    """A step view's documentation: its ``input_class`` in, the booking out."""

    def decorate(view: type[BookingStepView]) -> type[BookingStepView]:
        return extend_schema_view(
            post=extend_schema(
                operation_id=operation_id,
                parameters=HEADERS,
                request=view.input_class,
                responses={200: docs.BookingSerializer, **ERRORS},
                summary=summary,
            )
        )(view)

    return decorate


# ``POST /octo/bookings/{uuid}/<step>`` (confirm, extend, cancel): the reseller's booking is looked up first
# (an unknown uuid is INVALID_BOOKING_UUID whatever the body), then the body is validated against
# ``input_class``, then ``step`` calls the service; the answer is the booking as it now is. (A comment, not
# a docstring: the OpenAPI document describes each step with OctoView's docstring, as before.)
class BookingStepView(OctoView):
    input_class: type[InputSerializer]

    def step(self, booking: Booking, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def post(self, request, uuid):
        booking = self.booking(uuid)
        self.step(booking, self.body(self.input_class))
        return Response(render.booking(self.fresh(booking), self.ctx))


@_booking_step(operation_id="octo_booking_confirm", summary="Booking Confirmation")
class BookingConfirmView(BookingStepView):
    input_class = inputs.ConfirmInput

    def step(self, booking, data):
        services.octo_confirm(
            actor=self.reseller,
            reseller=self.reseller,
            booking=booking,
            contact=dict(data["contact"]),
            reseller_reference=data.get("resellerReference"),
            notes=data.get("notes"),
            unit_items=[dict(i) for i in data["unitItems"]] if "unitItems" in data else None,
        )


@_booking_step(operation_id="octo_booking_extend", summary="Extend Reservation")
class BookingExtendView(BookingStepView):
    input_class = inputs.ExtendInput

    def step(self, booking, data):
        services.octo_extend(
            actor=self.reseller, reseller=self.reseller, booking=booking, expiration_minutes=_minutes(data)
        )


@_booking_step(operation_id="octo_booking_cancel", summary="Booking Cancellation")
class BookingCancelView(BookingStepView):
    input_class = inputs.CancelInput

    def step(self, booking, data):
        _cancel(self.reseller, booking, data)
