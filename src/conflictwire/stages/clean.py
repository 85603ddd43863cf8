"""Clean-up: read the dateline as source, reporting place and date, blank out boilerplate.

Dropped text is replaced by spaces (newlines kept), so ``doc.clean_text`` has the input's length
and every later offset still points into the input. So is HTML markup left in a text (tags
blanked, ``&amp;`` read as ``&``: ``markup.py``), and so are characters the tokenizer must not see
(``bounds.spacy_safe``: control characters other than tab and line ends, lone surrogates); a lone
surrogate, which no store or output can encode, also becomes U+FFFD in ``doc.article.text`` (one
for one: the readers in ``ingest.py`` do the same, so evidence stays exact against what is
stored). A feed date outside ``bounds.MIN_YEAR``..``bounds.MAX_YEAR`` (the readers reject it; a
caller of the library may pass one) is ignored: ``doc.article.published`` becomes None and
``doc.extra["published_ignored"]`` says why.

The report's publication date goes to ``doc.extra``: ``published`` (the date or None),
``published_from`` ("feed"; else "dateline", "first line" or "opening lines" when the text states
it, see ``timex.published``; None when nothing gives it), ``published_evidence`` (the words it
came from), ``published_precision`` (1 as good as a feed date, 2 when its year was read from
elsewhere in the first paragraph; then ``published_year_evidence`` holds the year's words).
A day and month without a year and no year nearby are kept as ``published_unresolved``.

Last, a line written in one case (telex capitals) gets its words' usual case (``casing.py``), one
letter for one, so that the parser and entity recogniser can tell names from words.
"""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from functools import cache
from typing import Any

from conflictwire.bounds import encodable, spacy_safe, year_problem
from conflictwire.casing import one_case, restore
from conflictwire.doc import Doc
from conflictwire.markup import neutralise
from conflictwire.resources import Resources
from conflictwire.timex.published import find_published

HEAD = 600  # characters: a dateline after a headline starts this early
SENTENCE_START = re.compile(r"(?:[.!?][\"'\u201d\u2019]?[ \t]+|\n\s*)")
LONG_LINE = 300  # a boilerplate label on a line this long heads report text ("Photo: X. Troops")
LABEL_MAX = 80  # ... and ends at the first sentence end this close


@cache
def _compiled(
    dateline: str, bare: str, lines: tuple[str, ...], date: str = ""
) -> tuple[re.Pattern[str], re.Pattern[str] | None, re.Pattern[str]]:
    line_re = re.compile(r"^[ \t\"'(\[]*(?:" + "|".join(lines) + ")", re.IGNORECASE | re.MULTILINE)
    dateline = dateline.lstrip("^").replace("<DATE>", date or r"(?!)")
    return re.compile(dateline), re.compile(bare) if bare else None, line_re


def _patterns(
    conf: dict[str, Any],
) -> tuple[re.Pattern[str], re.Pattern[str] | None, re.Pattern[str]]:
    return _compiled(
        conf["dateline"],
        conf.get("dateline_bare") or "",
        tuple(conf["line_patterns"]),
        conf.get("dateline_date") or "",
    )


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\n\r":
            chars[i] = " "


def _known(place: str, res: Resources) -> bool:
    try:
        return bool(res.gazetteer.exact(place.strip(), loose=False))
    except (OSError, sqlite3.Error, AttributeError):  # no gazetteer: datelines read by form alone
        return True


def find_dateline(text: str, res: Resources, conf: dict[str, Any]) -> re.Match[str] | None:
    """The dateline: at the text's start ("KABUL, May 3 (Reuters) -"), else at the start of a
    sentence or line after a headline ("Man held. CORSICANA — A woman ...") when the gazetteer
    knows the place; a bare one ("LONDON The Latest on ...") only at the start of the text."""
    dateline_re, bare_re, _ = _patterns(conf)
    first = dateline_re.match(text)
    if first and (first.group("source") or _known(first.group("place"), res)):
        return first
    for s in SENTENCE_START.finditer(text, 0, HEAD):
        m = dateline_re.match(text, s.end())
        if m and _known(m.group("place"), res):
            return m
    if first is None and bare_re is not None:
        b = bare_re.match(text)
        if b and _known(b.group("place"), res):
            return b
    return first or _lower_dateline(text, res, conf)


def _lower_dateline(text: str, res: Resources, conf: dict[str, Any]) -> re.Match[str] | None:
    """The dateline of a text written in lower case ("ahmedabad: two persons were stabbed"),
    perhaps after a site's label and date ("This story is from March 2, 2002 hyderabad:"),
    when the gazetteer knows the place (``dateline_lower``, ``dateline_prefix``)."""
    nl = text.find("\n")
    if not conf.get("dateline_lower") or not one_case(text if nl < 0 else text[:nl]):
        return None
    prefix, lower = _lower_compiled(conf.get("dateline_prefix") or "(?!)", conf["dateline_lower"],
                                    conf.get("dateline_date") or "")  # fmt: skip
    p = prefix.match(text)
    m = lower.match(text, p.end() if p else 0)
    return m if m and _known(m.group("place"), res) else None


@cache
def _lower_compiled(prefix: str, lower: str, date: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``dateline_prefix`` (any case, ``<DATE>`` filled in) and ``dateline_lower``, compiled."""
    return re.compile(prefix.replace("<DATE>", date or r"(?!)"), re.I), re.compile(lower)


def _label_end(text: str, start: int, end: int, line_end: int) -> int:
    """Where a boilerplate label that heads report text ends: its closing bracket ("(Image: X)
    Troops ..."), else, on a long line, the first sentence end ("Photo credit: X. Troops");
    else the line's end."""
    if text[start:end].lstrip(" \t\"'").startswith(("(", "[")):
        close = text.find(")" if "(" in text[start:end] else "]", end, line_end)
        if close >= 0:
            return close + 1
    if line_end - start > LONG_LINE:
        stop = re.search(r"[.!?][\"'\u201d\u2019]?\s", text[end : end + LABEL_MAX])
        if stop is not None:
            return end + stop.end()
    return line_end


def publication(doc: Doc, m: re.Match[str] | None) -> None:
    """Set ``doc.extra``'s publication date: the feed's, else the one the dateline or first line
    states (``m`` is the dateline)."""
    extra = doc.extra
    if doc.article.published is not None:
        extra.update(published=doc.article.published, published_from="feed",
                     published_evidence=None, published_precision=1)  # fmt: skip
        return
    extra.update(published=None, published_from=None, published_evidence=None)
    spans: tuple[tuple[int, int], ...] = ()
    if m is not None:
        groups = m.groupdict()
        spans = tuple(m.span(g) for g in ("date", "sdate", "ddate") if groups.get(g))
    found = find_published(doc.text, spans, m.end() if m is not None else 0)
    if found is None:
        return
    words = doc.evidence(found.start, found.end)
    if found.date is None:
        extra["published_unresolved"] = words
        return
    extra.update(published=found.date, published_from=found.source, published_evidence=words,
                 published_precision=found.precision)  # fmt: skip
    if found.year_span is not None:
        extra["published_year_evidence"] = doc.evidence(*found.year_span)


def run(doc: Doc, res: Resources) -> Doc:
    conf = res.boilerplate
    _, _, line_re = _patterns(conf)
    safe = encodable(doc.article.text)
    if safe is not doc.article.text:
        doc.article = dataclasses.replace(doc.article, text=safe)
    pub = doc.article.published
    if pub is not None and (problem := year_problem(pub)):
        doc.extra["published_ignored"] = f"publication date {pub.isoformat()}: {problem}"
        doc.article = dataclasses.replace(doc.article, published=None)
    text = doc.article.text
    chars = list(neutralise(text))  # HTML tags and character references, offsets kept
    m = find_dateline(text, res, conf)
    if m:
        doc.dateline_place = doc.evidence(*m.span("place"))
        groups = m.groupdict()
        if groups.get("region"):
            doc.dateline_region = doc.evidence(*m.span("region"))
        if groups.get("source"):
            doc.dateline_source = groups["source"].strip()
        _blank(chars, m.start("place"), m.end())
    publication(doc, m)
    for lm in line_re.finditer(text):
        end = text.find("\n", lm.start())
        line_end = len(text) if end < 0 else end
        _blank(chars, lm.start(), _label_end(text, lm.start(), lm.end(), line_end))
    # a telex in capitals gets its words' usual case (casing.py)
    doc.clean_text = restore(spacy_safe("".join(chars)), res.casing)
    return doc
