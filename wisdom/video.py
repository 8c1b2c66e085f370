"""Video links: only YouTube and Facebook, turned into privacy-friendly embed URLs.

A link is parsed, never fetched. YouTube embeds go through youtube-nocookie.com
(no tracking cookie until the visitor plays the video); Facebook videos through
Facebook's video plugin. Any other host is refused with a Thai message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .choices import VideoProvider

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
                 "youtube-nocookie.com", "www.youtube-nocookie.com"}
YOUTU_BE_HOSTS = {"youtu.be", "www.youtu.be"}
FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com", "fb.watch",
                  "www.fb.watch"}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


@dataclass(frozen=True)
class VideoLink:
    provider: str
    url: str
    embed_url: str


def _refuse_host():
    return ValidationError(_("รองรับเฉพาะลิงก์วิดีโอจาก YouTube หรือ Facebook เท่านั้น"), code="video_host")


def _bad_link():
    return ValidationError(_("ลิงก์วิดีโอไม่ถูกต้อง กรุณาคัดลอกลิงก์จากหน้าวิดีโอโดยตรง"), code="video_link")


def _youtube_id(parsed) -> str | None:
    host = (parsed.hostname or "").lower()
    parts = [p for p in parsed.path.split("/") if p]
    if host in YOUTU_BE_HOSTS:
        return parts[0] if parts else None
    if parsed.path == "/watch":
        return (parse_qs(parsed.query).get("v") or [None])[0]
    if len(parts) >= 2 and parts[0] in ("embed", "shorts", "live", "v"):
        return parts[1]
    return None


def parse_video_url(url: str) -> VideoLink:
    """Validate a YouTube/Facebook link and return it with its embed URL (ValidationError otherwise)."""
    url = (url or "").strip()
    if len(url) > 500:
        raise _bad_link()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise _bad_link()
    if parsed.username or parsed.password or parsed.port not in (None, 80, 443):
        raise _refuse_host()
    host = parsed.hostname.lower()
    if host in YOUTUBE_HOSTS or host in YOUTU_BE_HOSTS:
        video_id = _youtube_id(parsed)
        if not video_id or not _YOUTUBE_ID.match(video_id):
            raise _bad_link()
        return VideoLink(provider=VideoProvider.YOUTUBE, url=f"https://www.youtube.com/watch?v={video_id}",
                         embed_url=f"https://www.youtube-nocookie.com/embed/{video_id}")
    if host in FACEBOOK_HOSTS:
        if not parsed.path.strip("/"):
            raise _bad_link()
        clean = f"https://{host}{parsed.path}" + (f"?{parsed.query}" if parsed.query else "")
        return VideoLink(provider=VideoProvider.FACEBOOK, url=clean,
                         embed_url="https://www.facebook.com/plugins/video.php?show_text=false&href="
                                   + quote(clean, safe=""))
    raise _refuse_host()


def validate_video_url(url: str) -> None:
    """Model/form field validator."""
    parse_video_url(url)
