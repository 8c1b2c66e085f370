"""OCTO error bodies: ``{"error": CODE, "errorMessage": text, <the offending id>}``.

Every INVALID_* code, BAD_REQUEST and UNPROCESSABLE_ENTITY answer 400; UNAUTHORIZED (no key) 401;
FORBIDDEN (an unknown or revoked key, an inactive reseller) 403. An OctoError is a ValidationError,
so a service that raises one also reads as a plain refusal to any other caller.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

INVALID_PRODUCT_ID = "INVALID_PRODUCT_ID"
INVALID_OPTION_ID = "INVALID_OPTION_ID"
INVALID_UNIT_ID = "INVALID_UNIT_ID"
INVALID_AVAILABILITY_ID = "INVALID_AVAILABILITY_ID"
INVALID_BOOKING_UUID = "INVALID_BOOKING_UUID"
BAD_REQUEST = "BAD_REQUEST"
UNPROCESSABLE_ENTITY = "UNPROCESSABLE_ENTITY"
UNAUTHORIZED = "UNAUTHORIZED"
FORBIDDEN = "FORBIDDEN"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"

STATUS = {UNAUTHORIZED: 401, FORBIDDEN: 403, INTERNAL_SERVER_ERROR: 500}

DEFAULT_MESSAGES = {
    INVALID_PRODUCT_ID: _("รหัสสินค้า (productId) ไม่ถูกต้องหรือไม่ได้ระบุ"),
    INVALID_OPTION_ID: _("รหัสตัวเลือก (optionId) ไม่ถูกต้องหรือไม่ได้ระบุ"),
    INVALID_UNIT_ID: _("รหัสประเภทผู้เดินทาง (unitId) ไม่ถูกต้องหรือไม่ได้ระบุ"),
    INVALID_AVAILABILITY_ID: _("รหัสรอบเวลา (availabilityId) ไม่ถูกต้อง ไม่ได้ระบุ หรือไม่เปิดรับแล้ว"),
    INVALID_BOOKING_UUID: _("ไม่พบการจองตาม UUID นี้ หรือการกันที่หมดเวลาแล้ว"),
    BAD_REQUEST: _("คำขอไม่ถูกต้อง"),
    UNPROCESSABLE_ENTITY: _("ดำเนินการตามคำขอไม่ได้"),
    UNAUTHORIZED: _("กรุณาส่งกุญแจ API ในส่วนหัว Authorization: Bearer <key>"),
    FORBIDDEN: _("กุญแจ API ไม่ถูกต้อง ถูกเพิกถอน หรือไม่มีสิทธิ์"),
    INTERNAL_SERVER_ERROR: _("ระบบขัดข้องชั่วคราว กรุณาลองใหม่"),
}


# The standard's English wording, used for an English request while the Thai message has no English
# translation in locale/en yet (resellers read English first).
ENGLISH = {
    INVALID_PRODUCT_ID: "The Product ID was invalid or missing",
    INVALID_OPTION_ID: "The Option ID was invalid or missing",
    INVALID_UNIT_ID: "The Unit ID was invalid or missing",
    INVALID_AVAILABILITY_ID: "The Availability ID was invalid or missing",
    INVALID_BOOKING_UUID: "Invalid booking UUID, or the booking hold has expired",
    BAD_REQUEST: "The request body is not formatted correctly",
    UNPROCESSABLE_ENTITY: "The request could not be processed",
    UNAUTHORIZED: "Send your API key in the header Authorization: Bearer <key>",
    FORBIDDEN: "The API key is invalid or has been revoked",
    INTERNAL_SERVER_ERROR: "Temporary server error, please retry",
}


def _has_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def error_message(error: str, message: str) -> str:
    """`message` in the request's language; for English, the standard wording while a Thai-only message
    awaits its translation (the specific Thai detail follows it)."""
    if get_language() == "en" and _has_thai(message):
        default = str(DEFAULT_MESSAGES.get(error, ""))
        return ENGLISH.get(error, error) if message == default else f"{ENGLISH.get(error, error)}: {message}"
    return message


class OctoError(ValidationError):
    """A refusal with its OCTO error code; `extra` names the offending id (productId, unitId …)."""

    def __init__(self, error: str, message: Any = None, **extra: Any) -> None:
        self.error = error
        self.extra = extra
        self.octo_message = message if message is not None else DEFAULT_MESSAGES[error]
        super().__init__(self.octo_message, code=error)

    @property
    def status(self) -> int:
        return STATUS.get(self.error, 400)

    def body(self) -> dict[str, Any]:
        return {
            "error": self.error,
            "errorMessage": error_message(self.error, str(self.octo_message)),
            **self.extra,
        }
