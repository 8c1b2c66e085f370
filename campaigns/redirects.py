"""Where a tracked link may lead: a path on this portal, or an allow-listed external host.

The rule (no open redirect): a target is accepted only if it is
- a local path: starts with exactly one "/" (not "//" nor "/\\"), or
- an absolute http(s) URL whose host equals an allowed host or is a subdomain of one
  (``www.shopee.co.th`` matches ``shopee.co.th``; ``shopee.co.th.evil.com`` and
  ``evilshopee.co.th`` do not), without user info ("user@host"), without a port other
  than the scheme's default;
and it contains no backslash, whitespace or control character anywhere. An allowed host's own
redirector (``https://l.facebook.com/l.php?u=https://evil.example``) is refused: any URL carried in the
query string must itself be an allowed target. The check runs when a link is saved AND again on every
redirect (the allow-list may have changed).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

from django.utils.http import url_has_allowed_host_and_scheme

_FORBIDDEN = re.compile(r"[\\\s\x00-\x1f\x7f]")
_HOST_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")


def normalise_host(host: str) -> str:
    return (host or "").strip().lower().rstrip(".")


def valid_host_name(host: str) -> bool:
    return bool(_HOST_RE.match(normalise_host(host)))


def host_allowed(host: str, allowed_hosts) -> bool:
    host = normalise_host(host)
    if not valid_host_name(host):
        return False
    for allowed in allowed_hosts:
        allowed = normalise_host(allowed)
        if allowed and (host == allowed or host.endswith("." + allowed)):
            return True
    return False


def is_local_path(target: str) -> bool:
    return (target.startswith("/") and not target.startswith("//") and not _FORBIDDEN.search(target)
            and url_has_allowed_host_and_scheme(target, allowed_hosts=set()))


_CARRIED_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//|\\\\)", re.IGNORECASE)


def _carried_urls(query: str, depth: int = 0) -> list[str]:
    """URLs carried in a query string (also once more URL-encoded), the way redirectors take them."""
    found = []
    for _name, value in parse_qsl(query, keep_blank_values=True):
        for candidate in (value, unquote(value)):
            if _CARRIED_URL.match(candidate):
                found.append(candidate.strip())
                break
    return found


def is_allowed_target(target: str, allowed_hosts, _depth: int = 0) -> bool:
    """True when a redirect to `target` cannot leave the portal except to an allowed host."""
    if not target or len(target) > 1000 or _FORBIDDEN.search(target):
        return False
    query = urlsplit(target).query if "?" in target else ""
    for carried in _carried_urls(query):
        if _depth >= 2 or not is_allowed_target(carried, allowed_hosts, _depth + 1):
            return False
    if target.startswith("/"):
        return is_local_path(target)
    try:
        parts = urlsplit(target)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return False
    if "@" in parts.netloc or parts.username is not None or parts.password is not None:
        return False
    if port is not None and port not in (80, 443):
        return False
    host = parts.hostname or ""
    if not host_allowed(host, allowed_hosts):
        return False
    # Belt and braces: Django's own check must agree that the URL points at `host`.
    return url_has_allowed_host_and_scheme(target, allowed_hosts={host, parts.netloc, parts.netloc.lower()})


def allowed_hosts_now() -> list[str]:
    from .models import AllowedRedirectHost

    return list(AllowedRedirectHost.objects.values_list("host", flat=True))
