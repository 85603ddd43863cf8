"""Small text helpers shared by stages: folding for comparison, word-boundary search."""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_SPACE = re.compile(r"\s+")


def fold(s: str) -> str:
    """ASCII-fold, lower-case and squeeze white space: the key for case/accent-free lookups."""
    return _SPACE.sub(" ", unidecode(unicodedata.normalize("NFC", s)).lower()).strip()
