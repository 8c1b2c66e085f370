"""Thai word segmentation for indexing and querying (PyThaiNLP, offline dictionary).

Thai has no spaces between words. Text is segmented with PyThaiNLP's newmm
engine; each segment that is longer than a word also contributes the
dictionary words found inside it, so a query for จักสาน finds
เครื่องจักสาน and ตุ๊กตา finds ตุ๊กตาชาววัง even when the segmenter keeps the
compound whole.
"""

from __future__ import annotations

import re
from functools import cache

THAI = re.compile(r"[\u0E00-\u0E7F]")
WORD = re.compile(r"[\w\u0E00-\u0E7F]+")
MIN_SUBWORD = 2
MAX_TOKEN = 40


@cache
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(w for w in thai_words() if len(w) >= MIN_SUBWORD)


def tokens(text: str) -> list[str]:
    """Words of `text`, lower-cased, Thai segmented, punctuation dropped."""
    if not text:
        return []
    from pythainlp.tokenize import word_tokenize

    out = []
    for chunk in WORD.findall(str(text).lower()):
        if THAI.search(chunk):
            out.extend(t for t in word_tokenize(chunk, engine="newmm", keep_whitespace=False) if t.strip())
        else:
            out.append(chunk)
    return [t[:MAX_TOKEN] for t in out]


def subwords(words: list[str]) -> list[str]:
    """Dictionary words inside Thai compound tokens (not the tokens themselves)."""
    vocabulary = _dictionary()
    found = []
    for word in words:
        if not THAI.search(word) or len(word) <= MIN_SUBWORD:
            continue
        n = len(word)
        for i in range(n):
            for j in range(i + MIN_SUBWORD, n + 1):
                piece = word[i:j]
                if piece != word and piece in vocabulary:
                    found.append(piece)
    return found


def is_thai(token: str) -> bool:
    return bool(THAI.search(token))
