"""Which models are searchable, and how each becomes a search document.

An adapter's `build(obj)` returns a Document, or None when the object must
not be searchable (unpublished, restricted...): then it is removed from the
index. Only published content at the `public` or `members` level is ever
indexed, so the search can never show what a visitor may not see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Document:
    title: str
    body: str
    url: str
    visibility: str = "public"  # "public" or "members"
    district_code: str | None = None
    image_url: str = ""
    extra_terms: list[str] = field(default_factory=list)


@dataclass
class Adapter:
    model: type
    kind: str
    label: str
    build: Callable[[object], Document | None]
    queryset: Callable[[], object]
    order: int = 50
    # Objects whose documents depend on this one (a community's programs), re-indexed with it.
    dependents: Callable[[object], list] | None = None


_adapters: dict[type, Adapter] = {}


def register(adapter: Adapter) -> None:
    _adapters[adapter.model] = adapter


def adapter_for(model) -> Adapter | None:
    return _adapters.get(model)


def adapters() -> list[Adapter]:
    return sorted(_adapters.values(), key=lambda a: a.order)


def kinds() -> list[tuple[str, str]]:
    return [(a.kind, a.label) for a in adapters()]
