"""Security headers of every response, in one place.

**Content-Security-Policy** (django-csp, enforced). The portal's own pages load scripts, styles, fonts and
images from the portal only: no inline ``<script>``, no ``style=""`` or ``on…=`` attributes, no ``eval``
(``tests/core/test_security_headers.py`` scans every template for them). The only outside hosts are the
OpenStreetMap tile server Leaflet draws the maps from (``static/js/maps.js``, ``tourism/tourism.js``) and the
two video-embed hosts of ``wisdom.video`` (frames inserted only when the visitor clicks play).
To allow a new outside host, add it to the one directive that needs it below, say where it is used, and
run the browser test ``tests/browser/test_csp.py`` on the page that uses it.

Two back-office paths get a looser policy, chosen by path prefix in ``PortalCSPMiddleware`` and nowhere
else (measured by loading them in Chromium under the portal policy and reading the violations):

- the admin, ``/admin/`` (django-unfold): unfold runs the standard build of Alpine.js, which compiles every
  ``x-data``/``@click`` expression with ``new Function`` — refused without ``'unsafe-eval'``, and then no
  menu, modal or filter works (the login modal covers the page); its templates and Alpine's ``x-bind:style``
  write ``style=""`` attributes, its pages carry a ``<style>`` block and htmx injects one, all refused
  without ``'unsafe-inline'`` in ``style-src``. Nonces cannot help: unfold's templates take none, a nonce
  does not cover style attributes, and ``eval`` is not an inline script. Alpine's CSP build cannot run
  unfold's inline expressions. The admin has no inline ``<script>``, so ``script-src`` keeps no
  ``'unsafe-inline'``.
- the Swagger UI, ``/api/docs/`` (drf-spectacular, ``SpectacularSwaggerSplitView`` so that its script is a
  URL, not inline): the page's ``<style>`` block needs ``'unsafe-inline'`` in ``style-src``; scripts stay
  ``'self'`` only.

Both stay confined to the portal's own origin: no outside script, style, image, frame or form target, no
framing by other sites. The browsable API (``/api/v1/`` in a browser, a developer tool) keeps the portal
policy: it works; its inline ``<style>`` for code colouring and two ``style="float: right"`` buttons are
refused (cosmetic only).

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

# The back office: see the module docstring for why each source is there.
ADMIN_CSP: dict[str, Any] = {
    **PORTAL_CSP,
    "script-src": [SELF, UNSAFE_EVAL],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "frame-src": [NONE],
}
API_DOCS_CSP: dict[str, Any] = {
    **PORTAL_CSP,
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "frame-src": [NONE],
}
POLICY_BY_PATH_PREFIX: tuple[tuple[str, dict[str, Any]], ...] = (
    ("/admin/", ADMIN_CSP),
    ("/api/docs/", API_DOCS_CSP),
)

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


def policy_for_path(path: str) -> dict[str, Any]:
    """The CSP directives for a request path: the admin's or the API docs' policy, else the portal's."""
    for prefix, policy in POLICY_BY_PATH_PREFIX:
        if path.startswith(prefix):
            return policy
    return PORTAL_CSP


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the policy chosen by path (a view's own @csp_override still wins)."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request=request, response=response, report_only=report_only)
        if not report_only and parts.config is None:
            parts.config = policy_for_path(request.path_info)
        return parts


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
