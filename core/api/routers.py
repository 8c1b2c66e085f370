"""The API's routers: a viewset looked up by primary key only matches digits, so ``/events/abc/register/``
is a plain 404 from the URL map instead of reaching a view with an id that is not a number."""

from __future__ import annotations

from typing import Any

from rest_framework.routers import DefaultRouter, SimpleRouter


class _DigitsForPk:
    def get_lookup_regex(self, viewset: Any, lookup_prefix: str = "") -> str:
        lookup_field = getattr(viewset, "lookup_field", "pk")
        if lookup_field in ("pk", "id") and getattr(viewset, "lookup_value_regex", None) is None:
            lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
            return f"(?P<{lookup_prefix}{lookup_url_kwarg}>[0-9]+)"
        return super().get_lookup_regex(viewset, lookup_prefix)  # type: ignore[misc]


class PortalRouter(_DigitsForPk, DefaultRouter):
    pass


class PortalSimpleRouter(_DigitsForPk, SimpleRouter):
    pass
