"""What the campaigns app does when a lower app tells it something (connected in apps.py)."""

from __future__ import annotations

from typing import Any

from core.permissions import Actor

from . import selectors, services


def credit_booking(
    *, booking: Any, actor: Actor, attribution: dict[str, Any] | None = None, **_kwargs: Any
) -> None:
    """tourism.signals.booking_created: credit the booking to the tracked link the one rule picks (the
    typed code, else the cookie's last link within 30 days). A bad code raises a ValidationError on
    ``source_code``, which rolls the booking back."""
    attribution = attribution or {}
    found = selectors.attribution_for(
        touch=attribution.get("touch"), code=attribution.get("code", ""), at=booking.created_at
    )
    if found is not None:
        services.booking_attribute(actor=actor, booking=booking, attribution=found, is_demo=booking.is_demo)
