"""OpenAPI post-processing for the portal's API schema."""

from __future__ import annotations

from typing import Any

DIGITS = "^[0-9]+$"


def digit_ids_as_integers(result: dict[str, Any], generator: Any, request: Any, public: Any) -> dict[str, Any]:
    """core.api.routers makes id lookups match digits only (so "abc" is a 404 from the URL map); the
    contract still says what it always said: the id is an integer."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if parameter.get("in") == "path" and schema.get("pattern") == DIGITS:
                    parameter["schema"] = {"type": "integer"}
    return result
