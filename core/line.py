"""The LINE Official Account: push messages and the webhook, through line-bot-sdk v3.

The channel is on only when LINE_CHANNEL_ACCESS_TOKEN and LINE_CHANNEL_SECRET are both set. The SDK talks to
LINE_API_BASE ("https://api.line.me"; tests point it at a local fake of the Messaging API). This module only
speaks to LINE: what to send and to whom is core.notifications' business.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import (
    ApiClient,
    Configuration,
    MessagingApi,
    PushMessageRequest,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.messaging.exceptions import ApiException

logger = logging.getLogger(__name__)

# LINE's limit on one text message.
MAX_TEXT = 5000

__all__ = [
    "ApiException",
    "InvalidSignatureError",
    "line_configured",
    "parse_webhook",
    "push_text",
    "reply_text",
]


def line_configured() -> bool:
    """True when both the channel access token and the channel secret are set."""
    return bool(settings.LINE_CHANNEL_ACCESS_TOKEN and settings.LINE_CHANNEL_SECRET)


def _configuration() -> Configuration:
    configuration = Configuration(
        host=settings.LINE_API_BASE.rstrip("/"), access_token=settings.LINE_CHANNEL_ACCESS_TOKEN
    )
    configuration.retries = 0  # retries are ours (core.notifications), with backoff
    return configuration


def push_text(*, to: str, text: str, retry_key: str) -> None:
    """Push one text message to a LINE userId. `retry_key` (a UUID) is sent as X-Line-Retry-Key: LINE
    accepts a key once, so a retried push of the same delivery is refused with 409 instead of sent twice.
    Raises ApiException (with .status) for an HTTP error and urllib3/OSError for a network error."""
    with ApiClient(_configuration()) as client:
        MessagingApi(client).push_message(
            PushMessageRequest(to=to, messages=[TextMessage(text=text[:MAX_TEXT])]),
            x_line_retry_key=retry_key,
            _request_timeout=settings.LINE_TIMEOUT,
        )


def reply_text(*, reply_token: str, text: str) -> bool:
    """Answer a message the user sent the Official Account (best effort: a failed reply is logged)."""
    if not reply_token or not line_configured():
        return False
    try:
        with ApiClient(_configuration()) as client:
            MessagingApi(client).reply_message(
                ReplyMessageRequest(reply_token=reply_token, messages=[TextMessage(text=text[:MAX_TEXT])]),
                _request_timeout=settings.LINE_TIMEOUT,
            )
    except Exception:
        logger.warning("line: reply failed", exc_info=True)
        return False
    return True


def parse_webhook(*, body: str, signature: str) -> list[Any]:
    """The events of a webhook body whose X-Line-Signature is valid for LINE_CHANNEL_SECRET.
    Raises InvalidSignatureError otherwise (a missing signature included)."""
    if not signature:
        raise InvalidSignatureError("missing X-Line-Signature")
    return list(WebhookParser(settings.LINE_CHANNEL_SECRET).parse(body, signature))
