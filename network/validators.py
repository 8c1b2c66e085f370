"""URL validators: only http/https links; meeting links only on known meeting services."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

MEETING_HOSTS = ("zoom.us", "meet.google.com", "teams.microsoft.com", "teams.live.com", "facebook.com",
                 "fb.watch", "fb.me")

http_url_validator = URLValidator(schemes=["http", "https"],
                                  message=_("ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// เท่านั้น"))


def validate_http_url(value: str) -> None:
    """Only http(s) links: javascript:, data:, ftp: and friends are refused."""
    if value:
        http_url_validator(value)


def validate_meeting_url(value: str) -> None:
    """An online meeting link: http(s) on Zoom, Google Meet, Microsoft Teams or Facebook Live."""
    if not value:
        return
    http_url_validator(value)
    host = (urlsplit(value).hostname or "").lower()
    if not any(host == h or host.endswith("." + h) for h in MEETING_HOSTS):
        raise ValidationError(_("ลิงก์ประชุมออนไลน์ต้องเป็น Zoom, Google Meet, Microsoft Teams หรือ Facebook Live"),
                              code="meeting_host")


def validate_attachment(file) -> None:
    """Attachments are PDF documents or images (checked by content through core.uploads)."""
    from core.uploads import validate_image_file, validate_pdf_file

    if file is None:
        return
    name = (getattr(file, "name", "") or "").lower()
    if name.endswith(".pdf"):
        validate_pdf_file(file)
    else:
        validate_image_file(file)
