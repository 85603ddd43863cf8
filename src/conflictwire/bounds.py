"""The sane ranges of what enters the pipeline: counts, years and characters.

Every number, date and character a report brings in is checked here before it is used, so that
no report can make a later stage, the store or an output format fail:

* ``MAX_COUNT``: the largest number of people one event can have killed or injured. ACLED's
  largest single events are in the hundreds (600 deaths is the most among the 101,455 coded
  events in ``../shared/data/train``); the deadliest single events ever recorded are of the order
  of 10^5 (Hiroshima). A number above 10^6 in a casualty phrase is a war's cumulative toll, a
  phone number, an ID or garbage, never one event's count. It also keeps every count far inside
  the store's 32-bit INTEGER columns (PostgreSQL fails from 2,147,483,648 on).
* ``MIN_YEAR`` .. ``MAX_YEAR``: the years a publication date or an event date may have. Conflict
  event data sets start in the 20th century (ACLED: 1997, UCDP: 1989, GDELT: 1979) and no wire
  report is dated after 2100; a year outside is a typo or a placeholder (``0001-01-01``,
  ``9999-12-31``) and date arithmetic near Python's year limits (1 and 9999) overflows.
* ``spacy_safe``: a lone surrogate (``"\\ud800"`` from a JSON escape) cannot be encoded at all,
  so spaCy, SQLite, PostgreSQL and UTF-8 output each fail on it; control characters other than
  tab and line ends confuse the tokenizer. Both are replaced one for one, so every offset into
  the text stays valid.
"""

from __future__ import annotations

import re
from datetime import date

MAX_COUNT = 1_000_000
MAX_COUNT_DIGITS = len(str(MAX_COUNT))  # longer digit strings are not counts (cheap test)
MIN_YEAR = 1900
MAX_YEAR = 2100

REPLACEMENT = "\ufffd"
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# C0 controls other than tab, line feed and carriage return; DEL; C1 controls
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def count_ok(n: int) -> bool:
    """Is ``n`` a credible number of people for one event (0 .. MAX_COUNT)?"""
    return 0 <= n <= MAX_COUNT


def year_ok(d: date) -> bool:
    """Is ``d`` in the years a report or an event can have (MIN_YEAR .. MAX_YEAR)?"""
    return MIN_YEAR <= d.year <= MAX_YEAR


def year_problem(d: date) -> str | None:
    """Why ``d`` cannot be a report's or an event's date, or None when it can."""
    if year_ok(d):
        return None
    return f"year {d.year} is outside {MIN_YEAR}-{MAX_YEAR}"


def encodable(s: str) -> str:
    """``s`` with each lone surrogate replaced by U+FFFD (same length): it can be stored and
    written as UTF-8."""
    return _SURROGATE.sub(REPLACEMENT, s) if _SURROGATE.search(s) else s


def spacy_safe(s: str) -> str:
    """``s`` for the tokenizer: lone surrogates and control characters (but tab, ``\\n`` and
    ``\\r``) become spaces, one for one, so offsets into ``s`` still hold."""
    return _UNSAFE.sub(" ", s) if _UNSAFE.search(s) else s
