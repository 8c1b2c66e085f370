"""Typo tolerance for Latin words, without pg_trgm or fuzzystrmatch (neither ships with pgserver).

The index keeps a lexicon (`SearchTerm`) of the Latin words of the indexed text, and of each two adjacent
Latin words written together ("angthong" for "ang thong"). Only when a search finds nothing, each typed
Latin word that is no word (nor the beginning of one) of the lexicon is replaced by its nearest term
within a small edit distance (Levenshtein, in Python, over a bounded candidate set: terms of about the
same length sharing its first or last letter, at most MAX_CANDIDATES of them), and the search runs once
more on the corrected text, which the page and the API show ("did you mean").
"""

from __future__ import annotations

import re
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q

from . import thai_text
from .models import SearchTerm

LATIN = re.compile(r"^[a-z]+$")
LATIN_IN_TEXT = re.compile(r"\b[A-Za-z]+\b")
MIN_TERM = 3
MAX_CANDIDATES = 5000


def latin_words(words: list[str]) -> list[str]:
    return [w for w in words if LATIN.match(w)]


def terms_of(words: list[str]) -> dict[str, str]:
    """The lexicon rows of an indexed text's tokens (in order): {term: phrase}."""
    terms: dict[str, str] = {}
    previous = None
    for word in words:
        if not LATIN.match(word):
            previous = None
            continue
        if len(word) >= MIN_TERM:
            terms.setdefault(word, word)
        if previous is not None:
            terms.setdefault(
                (previous + word)[: SearchTerm._meta.get_field("term").max_length], f"{previous} {word}"
            )
        previous = word
    return terms


def remember(words: list[str]) -> None:
    """Add the Latin words of indexed tokens to the lexicon (one INSERT, existing terms kept)."""
    terms = terms_of(words)
    if terms:
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=t, phrase=p, length=len(t)) for t, p in terms.items()], ignore_conflicts=True
        )


def max_distance(word: str) -> int:
    """How many edits a word of this length may be away from its correction."""
    if len(word) < 4:
        return 0
    return 1 if len(word) <= 5 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 as soon as it must exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def _known(words: list[str]) -> set[str]:
    """The words that are a term, or the beginning of one (Latin words match as prefixes)."""
    table = SearchTerm._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT w FROM unnest(%s::text[]) AS w WHERE EXISTS "  # noqa: S608 - table name from the model
            f"(SELECT 1 FROM {table} t WHERE t.term LIKE w || '%%')",  # words are [a-z]+: no wildcards
            [words],
        )
        return {row[0] for row in cursor.fetchall()}


def corrections(text: str) -> dict[str, str]:
    """{typed word: the phrase it is corrected to} for the Latin words of `text` the lexicon does not
    know; empty when there is nothing to correct. Two queries, a bounded Python scan."""
    words = [w for w in dict.fromkeys(latin_words(thai_text.tokens(text))) if max_distance(w)]
    if not words:
        return {}
    unknown = [w for w in words if w not in _known(words)]
    if not unknown:
        return {}
    wanted = reduce(
        or_,
        (
            Q(length__range=(len(w) - max_distance(w), len(w) + max_distance(w)))
            & (Q(term__startswith=w[0]) | Q(term__endswith=w[-1]))
            for w in unknown
        ),
    )
    candidates = list(SearchTerm.objects.filter(wanted).values_list("term", "phrase")[:MAX_CANDIDATES])
    fixed = {}
    for word in unknown:
        limit = max_distance(word)
        scored = [
            (d, abs(len(term) - len(word)), term, phrase)
            for term, phrase in candidates
            if (d := distance(word, term, limit)) <= limit
        ]
        if scored:
            fixed[word] = min(scored)[3]
    return fixed


def corrected_text(text: str, fixed: dict[str, str]) -> str:
    """`text` with its corrected words replaced (as typed otherwise; the segmented words joined by spaces
    when a corrected word is glued to Thai text)."""
    replaced = LATIN_IN_TEXT.sub(lambda m: fixed.get(m.group(0).lower(), m.group(0)), " ".join(text.split()))
    if replaced != " ".join(text.split()):
        return replaced
    return " ".join(fixed.get(w, w) for w in thai_text.tokens(text))
