"""Searching: the query is segmented like the indexed text, then matched in
PostgreSQL full-text search (`simple` configuration, GIN index), ranked with
title matches first. All words must match; when that finds nothing, any word
may (so a misspelt Latin word among good ones still finds something). Latin
words also match as prefixes (basket -> basketry)."""

from __future__ import annotations

import html
import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Count, F, QuerySet
from django.utils.safestring import mark_safe

from core import permissions
from core.permissions import Actor

from . import thai_text
from .models import SearchEntry, Visibility

SNIPPET_CHARS = 180


def _lexeme(token: str) -> str:
    quoted = "'" + token.replace("\\", "").replace("'", "''") + "'"
    return quoted if thai_text.is_thai(token) else f"{quoted}:*"


def build_query(text: str, *, any_word: bool = False) -> SearchQuery | None:
    words = list(dict.fromkeys(thai_text.tokens(text)))[:12]
    if not words:
        return None
    joiner = " | " if any_word else " & "
    return SearchQuery(joiner.join(_lexeme(w) for w in words), search_type="raw", config="simple")


def visible_entries(user: Actor) -> QuerySet[SearchEntry]:
    levels = [Visibility.PUBLIC]
    if permissions.is_member(user):
        levels.append(Visibility.MEMBERS)
    return SearchEntry.objects.filter(visibility__in=levels)


def search(*, text: str, user: Actor, kind: str | None = None,
           district: str | None = None) -> tuple[QuerySet[SearchEntry], dict[str, int]]:
    """Entries matching `text` that `user` may see, best first (annotated `rank`)."""
    base = visible_entries(user)
    if district:
        base = base.filter(district_id=district)
    query = build_query(text)
    if query is None:
        return SearchEntry.objects.none(), {}
    matches = base.filter(search_vector=query)
    if not matches.exists():
        query = build_query(text, any_word=True)
        assert query is not None  # the same words as above
        matches = base.filter(search_vector=query)
    facets = dict(matches.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    if kind:
        matches = matches.filter(kind=kind)
    ranked = (
        matches.annotate(rank=SearchRank(F("search_vector"), query))
        .select_related("district")
        .order_by("-rank", "title")
    )
    return ranked, facets


def highlight(text: str, query_text: str, *, length: int = SNIPPET_CHARS) -> str:
    """An escaped snippet of `text` around the first match, matches wrapped in <mark>."""
    candidates = {w for w in thai_text.tokens(query_text) if len(w) > 1} | {query_text.strip().lower()}
    words = sorted((w for w in candidates if w), key=len, reverse=True)
    plain = " ".join(str(text or "").split())
    if not plain:
        return ""
    lower = plain.lower()
    first = min((lower.find(w) for w in words if lower.find(w) >= 0), default=0)
    start = max(0, first - length // 3)
    piece = plain[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(plain) else ""
    escaped = html.escape(piece)
    if words:
        pattern = re.compile("|".join(re.escape(html.escape(w)) for w in words), re.IGNORECASE)
        escaped = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped).replace("</mark><mark>", "")
    return mark_safe(prefix + escaped + suffix)  # noqa: S308 - built from escaped text only
