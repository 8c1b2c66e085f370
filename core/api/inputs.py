"""Input serializers of the API's workflow steps (issue 13.1): a field the step does not take is a 400 naming it.

Plain CRUD writes are checked by ``core.permissions.RejectUnknownFieldsMixin`` on the viewset; the custom
``@action`` steps (submit, verify, publish, register, confirm, transition, report requests …) read their body
through an input serializer built on these bases, so the same check (``core.permissions.reject_unknown_fields``)
runs before anything is validated or written:

- ``InputSerializer``: the base of an action's input (``class ConfirmSerializer(InputSerializer): ...``);
- ``StrictInputMixin``: the same for a ModelSerializer that is also an action's input
  (``class CommentSerializer(StrictInputMixin, serializers.ModelSerializer)``);
- ``NoInput``: the input of a step that takes no body (publish, cancel …): any field sent is unknown.
  Validate it with ``validated_input(NoInput, request)`` and document it with ``extend_schema(request=None)``.

``tests/api/test_unknown_fields.py`` walks every POST/PUT/PATCH operation of the OpenAPI schema, so a new
action that forgets the base is a failing test, not a silent typo.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.permissions import reject_unknown_fields

# (Comments, not docstrings, on these bases: drf-spectacular would show a base's docstring as the
# description of every serializer built on it.)


# For serializers that read a request body: unknown keys are a 400 naming them, before any field is
# validated (so nothing is written on a typo).
class StrictInputMixin:
    def to_internal_value(self, data: Any) -> Any:
        reject_unknown_fields(self, data)
        return super().to_internal_value(data)  # type: ignore[misc]


# The base of an action's input.
class InputSerializer(StrictInputMixin, serializers.Serializer):
    pass


# A step that takes no body: an empty body (or none) is fine, any field is unknown.
class NoInput(InputSerializer):
    pass


def validated_input(serializer_class: type[serializers.Serializer], request: Any, **context: Any) -> Any:
    """The validated body of ``request`` read through ``serializer_class`` (400 on unknown or bad fields)."""
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
