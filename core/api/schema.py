"""OpenAPI post-processing for the portal's API schema."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerExtension

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


# Mixin for a serializer whose ``to_representation`` leaves some fields out for some callers (staff-only
# scores, a list only some views prefetch): name them in ``ROLE_DEPENDENT_FIELDS`` and the OpenAPI schema
# documents them as optional in the response instead of required (drf-spectacular otherwise marks every
# read-only field as always present). A comment, not a docstring: spectacular would show it as the
# description of every serializer built on it.
class RoleDependentFields:
    ROLE_DEPENDENT_FIELDS: tuple[str, ...] = ()


class RoleDependentFieldsExtension(OpenApiSerializerExtension):
    target_class = RoleDependentFields
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: Any) -> Any:
        schema = auto_schema._map_basic_serializer(self.target, direction)
        optional = set(getattr(self.target, "ROLE_DEPENDENT_FIELDS", ()))
        if direction == "response" and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema
