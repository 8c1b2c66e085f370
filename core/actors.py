"""Who did it: every service takes a required keyword ``actor``.

An actor is a user (the person at the page, the API client, the admin) or ``SYSTEM``
for what the portal does by itself (beat tasks, signal handlers, the demo loader),
never ``None``: a write whose author nobody knows is a bug, not a default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from .models import User


class SystemActor:
    """The portal itself. Has every right a service checks (it runs the rules staff set),
    is recorded as no user (``recorded_by=None``) and logs as "ระบบ"."""

    pk = None
    id = None
    username = "system"
    role = "system"
    is_authenticated = True
    is_active = True
    is_superuser = False
    is_staff = False
    is_anonymous = False
    partner_organisation_id = None

    def __str__(self) -> str:
        return "ระบบ"

    def __repr__(self) -> str:
        return "SYSTEM"

    def __bool__(self) -> bool:
        return True


SYSTEM = SystemActor()


def is_system(actor: object) -> bool:
    return actor is SYSTEM


def as_user(actor: object) -> User | None:
    """The user to store in a ``…_by`` foreign key: None for SYSTEM."""
    if actor is None:
        raise ValueError("a service needs an actor (a user or core.actors.SYSTEM), not None")
    if actor is SYSTEM:
        return None
    return cast("User", actor)  # a User: anonymous visitors never act on a row they own
