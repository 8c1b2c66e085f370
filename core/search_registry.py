"""Which models are searchable, and how each becomes a search document.

Each domain app declares its adapters in ``<app>/search.py`` and registers them here when that
module is imported; the search app (the top layer) imports those modules in its ``ready()``, so no
domain app imports the search app.

What is indexed is decided by the model's own visibility rule, never re-typed by an adapter:
- visibility "public": the rows of ``Model.objects.visible_to(ANONYMOUS)``;
- visibility "members": the rows ``visible_to(any_member())`` shows that are not public;
- nothing else (drafts, restricted records, a group's own rows) is ever indexed.
The same querysets decide the bulk rebuild, the per-object check on save and the sitemap, so
search can never show what a visitor may not see. An adapter may narrow further with ``only``
(a Q on the model) but never widen. Its ``build`` only writes the document's text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet

from . import permissions

PUBLIC = "public"
MEMBERS = "members"


@dataclass
class Document:
    title: str
    body: str
    url: str
    visibility: str = PUBLIC  # set by the adapter from the querysets: "public" or "members"
    district_code: str | None = None
    image_url: str = ""
    extra_terms: list[str] = field(default_factory=list)
    title_en: str = ""  # shown instead of the title in English mode; its words rank as title words
    # extra_terms: adapters put the English texts there (indexed, and the snippet of English results)


def _any_member() -> Any:
    """core.permissions.any_member() with a primary key that matches no row (0), so rules that
    compare with the user (``Q(author=user)``) run: Django refuses an unsaved instance in a filter."""
    user = permissions.any_member()
    if user.pk is None:
        user.pk = 0
    return user


@dataclass
class Adapter:
    model: type[Model]
    kind: str
    label: str
    # The text of an indexable object (visibility is set from the querysets, not by build).
    build: Callable[[Any], Document]
    order: int = 50
    # Related rows `build` reads (select_related), fetched with the object.
    related: tuple[str, ...] = ()
    # A further narrowing of what visible_to allows (never a widening), e.g. only published events.
    only: Q | None = None
    # Objects whose documents depend on this one (a community's programs), re-indexed with it.
    dependents: Callable[[Any], Iterable[Any]] | None = None
    sitemap_priority: float = 0.5
    sitemap_changefreq: str = "weekly"

    def _visible(self, user: Any) -> QuerySet:
        qs = self.model._default_manager.visible_to(user)  # type: ignore[attr-defined]
        return qs.filter(self.only) if self.only is not None else qs

    def public(self) -> QuerySet:
        """What an anonymous visitor may see (and search, and find in the sitemap)."""
        return self._visible(permissions.ANONYMOUS)

    def members(self) -> QuerySet:
        """What every logged-in member may see (a superset of `public`)."""
        return self._visible(_any_member())

    def queryset(self) -> QuerySet:
        """Every indexable object, with the related rows `build` reads."""
        rows = Q(pk__in=self.public().values("pk")) | Q(pk__in=self.members().values("pk"))
        return self.model._default_manager.filter(rows).select_related(*self.related)

    def fetch(self, pk: Any) -> Any:
        """The object with the related rows `build` reads (None when it no longer exists)."""
        return self.model._default_manager.select_related(*self.related).filter(pk=pk).first()

    def visibility_of(self, obj: Any) -> str | None:
        if self.public().filter(pk=obj.pk).exists():
            return PUBLIC
        if self.members().filter(pk=obj.pk).exists():
            return MEMBERS
        return None

    def document(self, obj: Any, *, visibility: str | None = None) -> Document | None:
        """The document of `obj`, or None when it must not be searchable."""
        visibility = visibility or self.visibility_of(obj)
        if visibility is None:
            return None
        doc = self.build(obj)
        doc.visibility = visibility
        return doc


_adapters: dict[type, Adapter] = {}


def register(adapter: Adapter) -> Adapter:
    """Register (or replace) the adapter of `adapter.model`."""
    _adapters[adapter.model] = adapter
    return adapter


def adapter_for(model: type) -> Adapter | None:
    return _adapters.get(model)


def adapters() -> list[Adapter]:
    return sorted(_adapters.values(), key=lambda a: a.order)


def kinds() -> list[tuple[str, str]]:
    return [(a.kind, a.label) for a in adapters()]


def join(*parts: object) -> str:
    """The non-empty parts of a document body, one per line."""
    return "\n".join(str(p) for p in parts if p)
