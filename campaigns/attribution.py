"""The attribution cookie that /go/<code> sets: which tracked link a visitor last followed, and when.

A first-party cookie, signed with the portal's SECRET_KEY (Django's signed cookies: a forged or
altered value fails the signature and is ignored), holding only ``<link id>.<campaign id>.<channel>.
<unix time>`` — no personal data, no visitor id. It lives 30 days in the browser AND the signature's
own timestamp is checked against 30 days when read, so a cookie kept longer is ignored too. A visitor
who sends Do-Not-Track (``DNT: 1``) or Global Privacy Control (``Sec-GPC: 1``) gets no cookie (the
portal has no cookie banner; this cookie is the only tracking one, so it is the switch). The rule
that turns a touch into a credited link is ``campaigns.selectors.attribution_for``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

COOKIE_NAME = "otop_src"
COOKIE_SALT = "campaigns.attribution.v1"
WINDOW = dt.timedelta(days=30)


@dataclass(frozen=True)
class Touch:
    """A visitor's last followed tracked link, as read from a valid cookie."""

    link_id: int
    campaign_id: int
    channel: str
    at: dt.datetime


def tracking_refused(request: HttpRequest) -> bool:
    """Do-Not-Track or Global Privacy Control: the visitor asks not to be tracked."""
    return request.headers.get("DNT") == "1" or request.headers.get("Sec-GPC") == "1"


def encode(*, link_id: int, campaign_id: int, channel: str, at: dt.datetime) -> str:
    return f"{link_id}.{campaign_id}.{channel}.{int(at.timestamp())}"


def decode(value: str) -> Touch | None:
    """The touch in a (signature-checked) cookie value; None when it is not well formed."""
    parts = (value or "").split(".")
    if len(parts) != 4 or not (parts[0].isdigit() and parts[1].isdigit() and parts[3].isdigit()):
        return None
    if not parts[2].isidentifier():
        return None
    try:
        at = dt.datetime.fromtimestamp(int(parts[3]), tz=dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None
    return Touch(link_id=int(parts[0]), campaign_id=int(parts[1]), channel=parts[2], at=at)


def read_touch(request: HttpRequest) -> Touch | None:
    """The visitor's last touch, or None: no cookie, a bad signature (forged or altered), a signature
    older than 30 days, or a malformed value."""
    try:
        value = request.get_signed_cookie(COOKIE_NAME, salt=COOKIE_SALT, max_age=WINDOW)
    except (KeyError, signing.BadSignature):
        return None
    touch = decode(value)
    if touch is None or touch.at > timezone.now() + dt.timedelta(minutes=5):
        return None
    return touch


def write_touch(request: HttpRequest, response: HttpResponse, touch: Touch) -> None:
    response.set_signed_cookie(
        COOKIE_NAME,
        encode(link_id=touch.link_id, campaign_id=touch.campaign_id, channel=touch.channel, at=touch.at),
        salt=COOKIE_SALT,
        max_age=int(WINDOW.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
