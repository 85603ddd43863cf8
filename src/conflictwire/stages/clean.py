"""Clean-up: read the dateline as source and reporting place, blank out boilerplate.

Dropped text is replaced by spaces (newlines kept), so ``doc.clean_text`` has the input's length
and every later offset still points into the input.
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from typing import Any

from conflictwire.doc import Doc
from conflictwire.resources import Resources

HEAD = 600  # characters: a dateline after a headline starts this early
SENTENCE_START = re.compile(r"(?:[.!?][\"'\u201d\u2019]?[ \t]+|\n\s*)")
LONG_LINE = 300  # a boilerplate label on a line this long heads report text ("Photo: X. Troops")
LABEL_MAX = 80  # ... and ends at the first sentence end this close


@cache
def _compiled(
    dateline: str, bare: str, lines: tuple[str, ...]
) -> tuple[re.Pattern[str], re.Pattern[str] | None, re.Pattern[str]]:
    line_re = re.compile(r"^[ \t\"'(\[]*(?:" + "|".join(lines) + ")", re.IGNORECASE | re.MULTILINE)
    return re.compile(dateline.lstrip("^")), re.compile(bare) if bare else None, line_re


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
    dateline_re, bare_re, _ = _compiled(
        conf["dateline"], conf.get("dateline_bare") or "", tuple(conf["line_patterns"])
    )
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
    return first


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


def run(doc: Doc, res: Resources) -> Doc:
    conf = res.boilerplate
    _, _, line_re = _compiled(
        conf["dateline"], conf.get("dateline_bare") or "", tuple(conf["line_patterns"])
    )
    text = doc.article.text
    chars = list(text)
    m = find_dateline(text, res, conf)
    if m:
        doc.dateline_place = doc.evidence(*m.span("place"))
        groups = m.groupdict()
        if groups.get("region"):
            doc.dateline_region = doc.evidence(*m.span("region"))
        if groups.get("source"):
            doc.dateline_source = groups["source"].strip()
        _blank(chars, m.start("place"), m.end())
    for lm in line_re.finditer(text):
        end = text.find("\n", lm.start())
        line_end = len(text) if end < 0 else end
        _blank(chars, lm.start(), _label_end(text, lm.start(), lm.end(), line_end))
    doc.clean_text = "".join(chars)
    return doc
