"""drf-spectacular hooks of the portal's configuration layer."""

from __future__ import annotations

from typing import Any


def without_octo(endpoints: list[tuple[Any, ...]], **kwargs: Any) -> list[tuple[Any, ...]]:
    """/api/schema/ documents /api/v1/ only: the OCTO supplier API has its own schema at /octo/schema/."""
    return [endpoint for endpoint in endpoints if not endpoint[0].startswith("/octo/")]
