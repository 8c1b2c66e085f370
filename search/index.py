"""Keeping the index current: on save/delete of a registered model (after the
transaction commits), and in bulk by `manage.py rebuild_search_index`."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import Value
from django.db.models.signals import post_delete, post_save

from core import search_registry as registry

from . import lexicon, thai_text
from .models import SearchEntry, SearchTerm


def _words(title: str, body: str, extra: list[str]) -> tuple[list[str], list[str]]:
    return thai_text.tokens(title), thai_text.tokens(body) + [w for t in extra for w in thai_text.tokens(t)]


def _vector(title: str, body: str, extra: list[str], *, words: tuple[list[str], list[str]] | None = None):
    title_words, body_words = words or _words(title, body, extra)
    inner = thai_text.subwords(title_words + body_words)
    return (
        SearchVector(Value(" ".join(title_words)), config="simple", weight="A")
        + SearchVector(Value(" ".join(body_words)), config="simple", weight="B")
        + SearchVector(Value(" ".join(inner)), config="simple", weight="C")
    )


def index_object(obj, *, visibility: str | None = None) -> SearchEntry | None:
    """Index `obj` at the visibility its model's `visible_to` gives it (public, members), or remove
    it when neither an anonymous visitor nor a member may see it. `visibility` is passed by the
    rebuild, which already knows it from the same querysets."""
    adapter = registry.adapter_for(type(obj))
    if adapter is None:
        return None
    ct = ContentType.objects.get_for_model(type(obj))
    doc = adapter.document(obj, visibility=visibility)
    if doc is None:
        SearchEntry.objects.filter(content_type=ct, object_id=obj.pk).delete()
        return None
    entry, _ = SearchEntry.objects.update_or_create(
        content_type=ct,
        object_id=obj.pk,
        defaults={
            "kind": adapter.kind,
            "title": doc.title[:300],
            "title_en": doc.title_en[:300],
            "body_en": " ".join(t for t in doc.extra_terms if t),
            "body": doc.body,
            "url": doc.url,
            "image_url": doc.image_url,
            "district_id": doc.district_code,
            "visibility": doc.visibility,
        },
    )
    # The English title ranks with the Thai one; the English texts (extra_terms) with the body.
    title = f"{doc.title} {doc.title_en}".strip()
    words = _words(title, doc.body, doc.extra_terms)
    SearchEntry.objects.filter(pk=entry.pk).update(
        search_vector=_vector(title, doc.body, doc.extra_terms, words=words)
    )
    lexicon.remember([*words[0], "", *words[1]])  # "" keeps title and body words from pairing
    return entry


def remove_object(model, pk) -> None:
    ct = ContentType.objects.get_for_model(model)
    SearchEntry.objects.filter(content_type=ct, object_id=pk).delete()


def rebuild() -> dict[str, int]:
    """Re-index every registered model from scratch (in one transaction)."""
    counts = {}
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchTerm.objects.all().delete()
        for adapter in registry.adapters():
            public = set(adapter.public().values_list("pk", flat=True))
            n = 0
            for obj in adapter.queryset():
                visibility = registry.PUBLIC if obj.pk in public else registry.MEMBERS
                if index_object(obj, visibility=visibility) is not None:
                    n += 1
            counts[adapter.kind] = n
    return counts


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    transaction.on_commit(lambda: _index_with_dependents(type(instance), instance.pk))


def _index_with_dependents(model, pk) -> None:
    adapter = registry.adapter_for(model)
    if adapter is None:
        return
    # Re-read with the related rows the document needs (current after the commit).
    obj = adapter.fetch(pk)
    if obj is None:
        remove_object(model, pk)
        return
    index_object(obj)
    if adapter.dependents is not None:
        for dependent in adapter.dependents(obj):
            index_object(dependent)


def _on_delete(sender, instance, **kwargs):
    pk = instance.pk
    transaction.on_commit(lambda: remove_object(sender, pk))


def connect_signals() -> None:
    for adapter in registry.adapters():
        post_save.connect(_on_save, sender=adapter.model, dispatch_uid=f"search-save-{adapter.kind}")
        post_delete.connect(_on_delete, sender=adapter.model, dispatch_uid=f"search-delete-{adapter.kind}")
