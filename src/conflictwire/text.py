"""Small text helpers shared by stages: folding for comparison, word-boundary search."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_SPACE = re.compile(r"\s+")


def fold(s: str) -> str:
    """ASCII-fold, lower-case and squeeze white space: the key for case/accent-free lookups."""
    return _SPACE.sub(" ", unidecode(unicodedata.normalize("NFC", s)).lower()).strip()


# Letters that Python's case-blind matching pairs with an ASCII letter although ``str.lower``
# keeps them apart (dotless i with "i", long s with "s"): a text holding one is read case-blind.
_CASE_BLIND_ONLY = frozenset("ıſ")


def lowered(text: str) -> str | None:
    """``text.lower()`` when patterns lower-cased by ``lower_pattern`` and read case-sensitively
    find in it exactly what the case-blind patterns find in ``text``: the same length (no "İ"),
    and none of ``_CASE_BLIND_ONLY``; else None. A case-sensitive scan is about twice as fast."""
    low = text.lower()
    if len(low) != len(text) or not _CASE_BLIND_ONLY.isdisjoint(low):
        return None
    return low


def lower_pattern(pattern: str) -> str:
    """``pattern`` with its letters lower-cased; escapes (``\\S``, ``\\W``) and named groups'
    ``(?P`` left as they are (the groups' names are lower-cased throughout)."""
    return re.sub(r"\\.|\(\?P|[A-Z]", lambda m: m.group().lower() if len(m.group()) == 1
                  else m.group(), pattern)  # fmt: skip
