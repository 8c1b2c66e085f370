"""Hooks through which a higher app contributes to a lower app's pages and reads.

The apps are layered (core → wisdom → products → tourism → network → evaluation →
campaigns → search, see docs/development.md) and a lower app never imports a higher one.
When a lower app must show something of a higher one — the programs that feature a
product, the products built on a piece of wisdom, the home page sections — it asks a
named hook here, and the higher app registers its contribution in its AppConfig.ready():

    # tourism/apps.py
    registry.contribute("products.product_detail", selectors.programs_featuring_product)

    # products/views.py
    extras = registry.collect("products.product_detail", product=product, user=request.user)

Each contribution is a callable taking keyword arguments and returning a value (often a
dict for a template include, or a queryset); ``collect`` returns the non-None results in
``order``. Names are "<consumer app>.<purpose>" so a reader knows who asks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Contribution:
    name: str
    func: Callable[..., Any]
    order: int = 50
    source: str = ""


_hooks: dict[str, dict[str, Contribution]] = defaultdict(dict)


def contribute(name: str, func: Callable[..., Any], *, order: int = 50) -> None:
    """Register `func` under hook `name` (idempotent per function: re-registering replaces)."""
    key = f"{func.__module__}.{func.__qualname__}"
    _hooks[name][key] = Contribution(name=name, func=func, order=order, source=func.__module__)


def contributions(name: str) -> list[Contribution]:
    return sorted(_hooks.get(name, {}).values(), key=lambda c: (c.order, c.source))


def collect(name: str, **kwargs: Any) -> list[Any]:
    """Call every contribution to `name` with `kwargs`; the non-None results, in order."""
    results = []
    for contribution in contributions(name):
        value = contribution.func(**kwargs)
        if value is not None:
            results.append(value)
    return results


def first(name: str, default: Any = None, **kwargs: Any) -> Any:
    """The first non-None contribution to `name`, or `default`."""
    for value in collect(name, **kwargs):
        return value
    return default
