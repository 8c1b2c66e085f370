"""Thai phone numbers as tourists type them."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE_MESSAGE = _("เบอร์โทรศัพท์ไม่ถูกต้อง เช่น 0812345678, 081-234-5678, 02-123-4567 หรือ +66812345678")

_SEPARATORS = re.compile(r"[\s\-().]")
_MOBILE = re.compile(r"^0[689]\d{8}$")  # 10 digits: 06x, 08x, 09x
_LANDLINE = re.compile(r"^0[2-7]\d{7}$")  # 9 digits: 02 Bangkok, 035 Ang Thong...


def normalise_thai_phone(value: str) -> str:
    """Return the number in local form (0812345678) or raise ValidationError.

    Accepted: mobile 0[6,8,9]X-XXX-XXXX, landline 0[2-7]X-XXX-XXX, and both with +66 instead of 0."""
    raw = _SEPARATORS.sub("", value or "")
    if raw.startswith("+66"):
        raw = "0" + raw[3:]
    elif raw.startswith("66") and len(raw) in (11, 12):
        raw = "0" + raw[2:]
    if _MOBILE.match(raw) or _LANDLINE.match(raw):
        return raw
    raise ValidationError(PHONE_MESSAGE, code="invalid_phone")


def validate_thai_phone(value: str) -> None:
    normalise_thai_phone(value)
