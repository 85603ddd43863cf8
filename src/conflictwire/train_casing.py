"""Rebuild the casing table (``data/models/casing.json``): how each word is usually written.

``conflictwire train-casing`` (run by ``make model``) counts, in the training texts of
``<data>/train/`` (ACLED's notes, the news negatives, the labelled event texts), how each word is
written inside a sentence (not after a sentence end, where every word is capitalised): in lower
case, capitalised, or in capitals. Texts that do not follow English case conventions are skipped:
those written in one case, and those with a sentence that starts in lower case. A word seen at
least ``MIN_SEEN`` times goes to the ``lower`` list when it is written in lower case more often
than otherwise, or, when mostly in capitals, still at least ``COMMON_LOWER`` times in lower case
("us": mostly "US" in ACLED's notes, but a pronoun in a telex); to ``upper`` when in capitals
more often than otherwise. Every other word is capitalised when a line is restored
(``casing.py``). Deterministic; a few seconds.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from conflictwire.casing import (
    LOWER_START,
    PREFIX,
    PREFIXED_LETTERS,
    SENTENCE_END,
    Casing,
    last_before,
)

FILES = ("acled-notes.csv.gz", "news-negatives.jsonl.gz", "events-labelled.jsonl.gz")
MIN_SEEN = 3
COMMON_LOWER = 300
# Names of months and days are names, whatever else the word means ("a protest march", "may"):
# a telex's "ON 10 MAY" must still read as a date.
CALENDAR = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
})  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+")


class TrainCasingError(Exception):
    """The training files are missing."""


def texts(train: Path) -> Iterator[str]:
    """Every text of the training files, in file order."""
    with gzip.open(train / FILES[0], "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            yield r.get("notes") or ""
    for name in FILES[1:]:
        with gzip.open(train / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line).get("text") or ""


def conventional(text: str) -> bool:
    """Written with English capitals: not in one case (after a prefix such as "This story is from
    March 7, 2002"), and no sentence starting in lower case."""
    rest = text[PREFIX:]
    prefixed = sum(c.isalpha() for c in rest) >= PREFIXED_LETTERS and (
        rest.isupper() or rest.islower()
    )
    lower_start = (text[:1].isascii() and text[:1].islower()) or LOWER_START.search(text)
    return not (text.isupper() or text.islower() or prefixed or lower_start)


def count(text: str, seen: dict[str, list[int]]) -> None:
    """Add how ``text``'s words are written inside its sentences: [lower, capitalised, capitals]."""
    for m in _WORD.finditer(text):
        k = last_before(text, m.start())
        if k < 0 or text[k] in SENTENCE_END:
            continue
        w = m.group()
        c = seen.setdefault(w.lower(), [0, 0, 0])
        if w.islower():
            c[0] += 1
        elif w.isupper() and len(w) > 1:
            c[2] += 1
        elif w[:1].isupper():
            c[1] += 1


def build(train: Path) -> Casing:
    """The casing table of the texts under ``train``."""
    missing = [str(train / f) for f in FILES if not (train / f).is_file()]
    if missing:
        raise TrainCasingError(f"training files not found: {', '.join(missing)}")
    seen: dict[str, list[int]] = {}
    for t in texts(train):
        if conventional(t):
            count(t, seen)
    often = {w: c for w, c in seen.items() if sum(c) >= MIN_SEEN}
    lower = {w for w, (lo, ti, up) in often.items()
             if lo > ti + up or (up > lo + ti and lo >= COMMON_LOWER)} - CALENDAR  # fmt: skip
    upper = {w for w, (lo, ti, up) in often.items() if up > lo + ti and w not in lower}
    return Casing(frozenset(lower), frozenset(upper))


def train(data_dir: Path, out: Path) -> Casing:
    """Build the table from ``<data_dir>/train/`` and write it to ``out`` (sorted lists)."""
    casing = build(data_dir / "train")
    out.write_text(json.dumps(casing.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
    return casing
