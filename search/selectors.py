"""Searching: the query is segmented like the indexed text, then matched in
PostgreSQL full-text search (`simple` configuration, GIN index), ranked with
title matches first (one `ts_rank` over the vector whose title words are
weighted A, body B, words inside compounds C). All words must match; when that
finds nothing, Latin words the index does not know are corrected ("did you
mean", `lexicon`: used when the corrected words all match), else any word of
the text as typed may match (so a misspelt Latin word among
good ones still finds something). Latin words also match as prefixes
(basket -> basketry).

One search is one SQL statement: the matches are scanned and ranked once (a
materialised CTE), and the same rows give both the requested page (top-N) and
the facet counts per kind; the page's rows are then read by primary key. The
visibility filter is the ORM's `visible_entries(user)`, compiled into it."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import F, QuerySet
from django.utils.safestring import mark_safe

from core import permissions
from core.db_router import read_alias, using_replica
from core.permissions import Actor

from . import lexicon, thai_text
from .models import SearchEntry, Visibility

SNIPPET_CHARS = 180
MAX_WORDS = 12


def _lexeme(token: str) -> str:
    quoted = "'" + token.replace("\\", "").replace("'", "''") + "'"
    return quoted if thai_text.is_thai(token) else f"{quoted}:*"


@lru_cache(maxsize=2048)
def query_words(text: str) -> tuple[str, ...]:
    """The distinct words of a query, segmented once per distinct text (memoised)."""
    return tuple(dict.fromkeys(thai_text.tokens(text)))[:MAX_WORDS]


def tsquery_text(text: str, *, any_word: bool = False) -> str | None:
    """The raw `to_tsquery('simple', ...)` text for `text`: all words (or any), Latin ones as prefixes."""
    words = query_words(text)
    if not words:
        return None
    return (" | " if any_word else " & ").join(_lexeme(w) for w in words)


def build_query(text: str, *, any_word: bool = False) -> SearchQuery | None:
    raw = tsquery_text(text, any_word=any_word)
    return None if raw is None else SearchQuery(raw, search_type="raw", config="simple")


def visible_entries(user: Actor) -> QuerySet[SearchEntry]:
    levels = [Visibility.PUBLIC]
    if permissions.is_member(user):
        levels.append(Visibility.MEMBERS)
    return SearchEntry.objects.filter(visibility__in=levels)


@dataclass
class SearchResults:
    """One page of a search: its entries best first (each with `rank`), the number of matches per kind
    (before the kind filter), how many match under the kind filter (`count`, for pagination), and the
    corrected text that was searched instead when the words as typed found nothing (`suggestion`)."""

    entries: list[SearchEntry] = field(default_factory=list)
    facets: dict[str, int] = field(default_factory=dict)
    count: int = 0
    offset: int = 0
    suggestion: str | None = None

    @property
    def total(self) -> int:
        return sum(self.facets.values())

    def paginator_list(self) -> _FetchedPage:
        """What django.core.paginator.Paginator needs to show this (already fetched) page."""
        return _FetchedPage(self)


class _FetchedPage:
    def __init__(self, results: SearchResults):
        self.results = results

    def count(self) -> int:
        return self.results.count

    def __len__(self) -> int:
        return self.results.count

    def __getitem__(self, item):
        if not isinstance(item, slice) or (item.start or 0) != self.results.offset:
            raise IndexError("only the fetched page can be shown")
        return self.results.entries


def _run(
    query: SearchQuery, base: QuerySet[SearchEntry], *, kind: str | None, limit: int, offset: int
) -> SearchResults:
    """The page and the facet counts from one scan of the matches (one statement), then the page's rows."""
    matches = (
        base.filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .values("id", "kind", "title", "rank")
    )
    sql, params = matches.query.sql_with_params()
    page_filter = "WHERE m.kind = %s" if kind else ""
    statement = f"""
        WITH m AS MATERIALIZED ({sql})
        SELECT f.facets, p.id, p.rank
        FROM (SELECT coalesce(json_object_agg(kind, n), '{{}}') AS facets
              FROM (SELECT m.kind, count(*) AS n FROM m GROUP BY m.kind) AS k) AS f
        LEFT JOIN LATERAL (
            SELECT m.id, m.rank, m.title FROM m {page_filter}
            ORDER BY m.rank DESC, m.title, m.id LIMIT %s OFFSET %s
        ) AS p ON true
        ORDER BY p.rank DESC, p.title, p.id
    """  # noqa: S608 - the inner SQL is the ORM's, every value a parameter
    with connections[read_alias()].cursor() as cursor:  # the read replica inside using_replica()
        cursor.execute(statement, [*params, *([kind] if kind else []), limit, offset])
        rows = cursor.fetchall()
    facets = rows[0][0] if rows else {}
    if isinstance(facets, str):
        facets = json.loads(facets)
    ranks = {pk: rank for _, pk, rank in rows if pk is not None}
    entries = []
    if ranks:
        by_pk = SearchEntry.objects.select_related("district").in_bulk(list(ranks))
        for pk, rank in ranks.items():
            entry = by_pk[pk]
            entry.rank = rank  # type: ignore[attr-defined]  # as the ORM annotation did
            entries.append(entry)
    count = facets.get(kind, 0) if kind else sum(facets.values())
    return SearchResults(entries=entries, facets=facets, count=count, offset=offset)


def search(
    *,
    text: str,
    user: Actor,
    kind: str | None = None,
    district: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """The page [offset, offset + limit) of the entries matching `text` that `user` may see, best
    first, with the facet counts. One statement when the words as typed find something. Read from the
    replica when one is configured (core.db_router)."""
    with using_replica():
        return _search(text=text, user=user, kind=kind, district=district, limit=limit, offset=offset)


def _search(
    *, text: str, user: Actor, kind: str | None, district: str | None, limit: int, offset: int
) -> SearchResults:
    base = visible_entries(user)
    if district:
        base = base.filter(district_id=district)
    query = build_query(text)
    if query is None:
        return SearchResults(offset=offset)
    found = _run(query, base, kind=kind, limit=limit, offset=offset)
    if found.total:
        return found
    fixed = lexicon.corrections(text)
    if fixed:
        suggestion = lexicon.corrected_text(text, fixed)
        query = build_query(suggestion)
        assert query is not None  # the corrected text has words
        found = _run(query, base, kind=kind, limit=limit, offset=offset)
        if found.total:
            # Every corrected word matched an entry the user may see (all words must match), so the
            # suggestion tells nothing of what they may not see (the lexicon holds members' words too).
            found.suggestion = suggestion
            return found
    query = build_query(text, any_word=True)
    assert query is not None  # the same words as above
    return _run(query, base, kind=kind, limit=limit, offset=offset)


@lru_cache(maxsize=512)
def _highlighted_words(query_text: str) -> tuple[tuple[str, ...], re.Pattern[str] | None]:
    """The words to mark for a query (longest first) and their pattern: segmented once per distinct query,
    not once per result."""
    candidates = {w for w in thai_text.tokens(query_text) if len(w) > 1} | {query_text.strip().lower()}
    words = tuple(sorted((w for w in candidates if w), key=len, reverse=True))
    pattern = re.compile("|".join(re.escape(html.escape(w)) for w in words), re.IGNORECASE) if words else None
    return words, pattern


def highlight(text: str, query_text: str, *, length: int = SNIPPET_CHARS) -> str:
    """An escaped snippet of `text` around the first match, matches wrapped in <mark>."""
    words, pattern = _highlighted_words(query_text)
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
    if pattern is not None:
        escaped = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped).replace("</mark><mark>", "")
    return mark_safe(prefix + escaped + suffix)  # noqa: S308 - built from escaped text only
