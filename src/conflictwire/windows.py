"""Bounded windows for long reports: cost linear in the text, memory bounded by the window.

A report longer than ``WINDOW_CHARS`` is cut into windows of at most that many characters, at
paragraph breaks (a blank line, else a line break), else at sentence ends, else at white space;
every stage then runs on one window at a time, and only that window's spaCy parse is alive.
A window's annotations are moved back to offsets into the whole report (``shift_*``), so every
piece of evidence stays exact: ``report[start:end] == text``.

What a window sees of the whole report: its metadata (publication date, source, title), the
clean-up stage's reading of the dateline and of the publication date (their evidence given in
the window's own coordinates, so it may lie before the window's start), and nothing else: each
window finds its own focus country, main place and dates from its own text. Events are merged
across windows by the assembly stage, as mentions of one report are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from conflictwire.doc import Doc, Mention, Timex, Toponym
from conflictwire.model import Actor, Evidence, Place

# Reports up to this many characters are processed whole (the longest of the bundled sample and
# of the mixed news corpus has 18,244); longer ones in windows of at most this size, so spaCy
# never parses more than this at once (whatever ``nlp.max_length`` allows).
WINDOW_CHARS = 20_000

# A window is cut no earlier than half its size, so a report of n characters has at most
# about 2 n / size windows.
_MIN_SHARE = 0.5
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to end a window that starts before ``lo`` and may end at ``hi`` at the latest:
    after the last blank line in text[lo:hi], else the last line break, else the last sentence
    end, else the last white space; ``hi`` when there is none."""
    for sep in ("\n\n", "\n"):
        k = text.rfind(sep, lo, hi)
        if k >= 0:
            return k + len(sep)
    for pat in (_SENTENCE_END, _SPACE):
        ends = [m.end() for m in pat.finditer(text, lo, hi)]
        if ends:
            return ends[-1]
    return hi


def spans(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """Contiguous (start, end) windows covering ``text``, each at most ``size`` characters,
    cut at paragraph breaks where there are any (see ``_cut``). One window when the text is
    no longer than ``size``."""
    if size < 2:
        raise ValueError("window size must be at least 2 characters")
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        end = _cut(text, start + max(1, int(size * _MIN_SHARE)), start + size)
        out.append((start, end))
        start = end
    if start < n or not out:
        out.append((start, n))
    return out


def shift_evidence(e: Evidence, delta: int) -> Evidence:
    return Evidence(e.text, e.start + delta, e.end + delta)


def _shift_value(v: Any, delta: int) -> Any:
    if isinstance(v, Evidence):
        return shift_evidence(v, delta)
    if isinstance(v, (Actor, Place)) and v.evidence is not None:
        return replace(v, evidence=shift_evidence(v.evidence, delta))
    return v


def shift_mention(m: Mention, delta: int) -> Mention:
    """A copy of ``m`` with every offset moved by ``delta``."""
    return replace(
        m,
        trigger=shift_evidence(m.trigger, delta),
        sentence=(m.sentence[0] + delta, m.sentence[1] + delta),
        clause=(m.clause[0] + delta, m.clause[1] + delta),
        actor1=_shift_value(m.actor1, delta),
        actor2=_shift_value(m.actor2, delta),
        place=_shift_value(m.place, delta),
        listed_places=[_shift_value(p, delta) for p in m.listed_places],
        evidence={k: _shift_value(v, delta) for k, v in m.evidence.items()},
    )


def shift_timex(t: Timex, delta: int) -> Timex:
    return replace(t, start=t.start + delta, end=t.end + delta)


def shift_toponym(t: Toponym, delta: int) -> Toponym:
    return replace(t, start=t.start + delta, end=t.end + delta, place=_shift_value(t.place, delta))


def window_doc(doc: Doc, start: int, end: int, extra: dict[str, Any] | None = None) -> Doc:
    """A Doc for ``doc``'s text[start:end], cleaned, with the report's metadata and the
    clean-up stage's readings (dateline; publication date, from ``extra``, by default
    ``doc.extra``) in the window's coordinates."""
    a = doc.article
    part = Doc(
        article=replace(a, text=a.text[start:end]),
        clean_text=doc.clean_text[start:end],
        dateline_source=doc.dateline_source,
        relevance=doc.relevance,
    )
    if doc.sentence_relevance is not None:
        part.sentence_relevance = [(max(a, start) - start, min(b, end) - start, p)
                                   for a, b, p in doc.sentence_relevance if a < end and b > start]
    if doc.focus is not None:
        part.focus = [(max(a, start) - start, min(b, end) - start)
                      for a, b in doc.focus if a < end and b > start]  # fmt: skip
    if doc.dateline_place is not None:
        part.dateline_place = shift_evidence(doc.dateline_place, -start)
    if doc.dateline_region is not None:
        part.dateline_region = shift_evidence(doc.dateline_region, -start)
    base = doc.extra if extra is None else extra
    part.extra = {k: _shift_value(v, -start) for k, v in base.items()}
    return part


def absorb(doc: Doc, part: Doc, start: int) -> None:
    """Add a window's annotations (found in ``part``, which starts at ``start``) to the whole
    report's ``doc``, at offsets into the whole report. The first window gives the report's
    dateline reading, main place, first sentence and (else the first window that has one)
    focus country."""
    doc.mentions.extend(shift_mention(m, start) for m in part.mentions)
    doc.timexes.extend(shift_timex(t, start) for t in part.timexes)
    doc.toponyms.extend(shift_toponym(t, start) for t in part.toponyms)
    if "rejected" in part.extra:
        rejected = doc.extra.setdefault("rejected", [])
        rejected.extend(shift_mention(m, start) for m in part.extra["rejected"])
    windows = doc.extra.setdefault("windows", [])
    windows.append((start, start + len(part.text)))
    if start == 0:
        for key in ("dateline", "main_place"):
            if key in part.extra:
                doc.extra[key] = part.extra[key]
        sents = part.sentences()
        doc.extra["lede"] = sents[0].start_char if sents else -1
    if doc.country is None:
        doc.country = part.country
    for name, secs in part.timings.items():
        doc.timings[name] = doc.timings.get(name, 0.0) + secs


def windows_of(doc: Doc, size: int = WINDOW_CHARS) -> Iterator[tuple[int, Doc]]:
    """(start, window Doc) for each window of a cleaned report, made one at a time; each
    window sees ``doc.extra`` as the clean-up stage left it (not what ``absorb`` adds)."""
    base = dict(doc.extra)
    for start, end in spans(doc.clean_text, size):
        yield start, window_doc(doc, start, end, base)
