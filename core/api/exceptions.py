"""API errors as JSON with a clear message.

Django's ValidationError (raised by services and model validation) becomes a
400 with field messages, PermissionDenied a 403, Http404 a 404, database
integrity errors a 400 with the constraint's message, so no rule broken by a
client ever surfaces as a 500.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _django_validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {("non_field_errors" if k == "__all__" else k): [str(m) for m in v]
                for k, v in exc.message_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_detail(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("ไม่พบรายการที่ต้องการ")
    elif isinstance(exc, IntegrityError):
        return Response({"non_field_errors": ["ข้อมูลขัดกับข้อกำหนดของระบบ (อาจซ้ำกับรายการที่มีอยู่แล้ว)"]},
                        status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data \
            and isinstance(exc, exceptions.NotFound):
        response.data = {"detail": "ไม่พบรายการที่ต้องการ"}
    return response
