"""Clean-up: read the dateline as source and reporting place, blank out boilerplate.

Dropped text is replaced by spaces (newlines kept), so ``doc.clean_text`` has the input's length
and every later offset still points into the input.
"""

from __future__ import annotations

import re
from functools import cache

from conflictwire.doc import Doc
from conflictwire.resources import Resources


@cache
def _compiled(dateline: str, lines: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    line_re = re.compile(r"^[ \t\"'(\[]*(?:" + "|".join(lines) + ")", re.IGNORECASE | re.MULTILINE)
    return re.compile(dateline), line_re


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\n\r":
            chars[i] = " "


def run(doc: Doc, res: Resources) -> Doc:
    conf = res.boilerplate
    dateline_re, line_re = _compiled(conf["dateline"], tuple(conf["line_patterns"]))
    text = doc.article.text
    chars = list(text)
    m = dateline_re.match(text)
    if m:
        doc.dateline_place = doc.evidence(*m.span("place"))
        if m.group("region"):
            doc.dateline_region = doc.evidence(*m.span("region"))
        if m.group("source"):
            doc.dateline_source = m.group("source").strip()
        _blank(chars, m.start(), m.end())
    for lm in line_re.finditer(text):
        end = text.find("\n", lm.start())
        _blank(chars, lm.start(), len(text) if end < 0 else end)
    doc.clean_text = "".join(chars)
    return doc
