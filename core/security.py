"""Security headers of every response, in one place.

**Content-Security-Policy** (django-csp, enforced). The portal's own pages load scripts, styles, fonts and
images from the portal only: no inline ``<script>``, no ``style=""`` or ``on…=`` attributes, no ``eval``
(``tests/core/test_security_headers.py`` scans every template for them). The only outside hosts are the
OpenStreetMap tile server Leaflet draws the maps from (``static/js/maps.js``, ``tourism/tourism.js``) and the
two video-embed hosts of ``wisdom.video`` (frames inserted only when the visitor clicks play).
To allow a new outside host, add it to the one directive that needs it below, say where it is used, and
run the browser test ``tests/browser/test_csp.py`` on the page that uses it.

The back office — the admin (django-unfold) and the Swagger UI at ``/api/docs/`` — gets a looser policy,
chosen by path prefix in ``PortalCSPMiddleware`` and nowhere else:

- unfold runs Alpine.js, whose standard build compiles its ``x-data``/``@click`` expressions with
  ``new Function`` (``'unsafe-eval'``), and its templates (and Django admin widgets) carry inline
  ``style=""`` attributes and small inline scripts that take no nonce (``'unsafe-inline'``; a nonce would
  also switch ``'unsafe-inline'`` off in browsers, breaking the attributes nonces cannot cover);
- the Swagger UI page has an inline ``<style>`` block and React inline styles; its script is served from
  a separate URL (``SpectacularSwaggerSplitView``), but the Swagger UI bundle also needs ``'unsafe-eval'``.

Both are reached only by signed-in staff (the docs by anyone, but they show nothing but the schema) and are
still confined to the portal's own origin: no outside script, style, frame or form target.

**Permissions-Policy.** No page uses the camera, microphone, geolocation (maps centre on data, not on
the visitor), payments, USB or motion sensors: all are switched off for the portal and anything it frames.
``Referrer-Policy`` and ``Cross-Origin-Opener-Policy`` come from Django's SecurityMiddleware
(``SECURE_REFERRER_POLICY``, ``SECURE_CROSS_ORIGIN_OPENER_POLICY``, both ``same-origin``).
"""

from __future__ import annotations

from typing import Any

from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

# Leaflet's tile layer (static/js/maps.js, tourism/static/tourism/tourism.js).
OSM_TILE_HOSTS = ["https://tile.openstreetmap.org"]
# wisdom.video.parse_video_url: the only embed URLs a wisdom video can have.
VIDEO_EMBED_HOSTS = ["https://www.youtube-nocookie.com", "https://www.facebook.com"]

PORTAL_CSP: dict[str, Any] = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:", *OSM_TILE_HOSTS],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": VIDEO_EMBED_HOSTS,
    "form-action": [SELF],
    "frame-ancestors": [NONE],
    "base-uri": [SELF],
    "object-src": [NONE],
}

# The admin (django-unfold) and the Swagger UI: see the module docstring for why.
BACK_OFFICE_CSP: dict[str, Any] = {
    **PORTAL_CSP,
    "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
}
BACK_OFFICE_PREFIXES = ("/admin/", "/api/docs/")

PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb"))


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the back-office policy for the admin and the API docs."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        if not report_only and parts.config is None and request.path_info.startswith(BACK_OFFICE_PREFIXES):
            parts.config = BACK_OFFICE_CSP
        return parts


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
