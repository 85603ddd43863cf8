"""What the resolver knows while it reads a text left to right, shared by every expression family.

The publication date, the clause tense, the last date named (the base of anaphora: "the next
day"), the last explicit year and the quarter in focus; and the helpers every family uses to
build a ``Timex`` from a candidate.
"""

from __future__ import annotations

import re
from datetime import date

from conflictwire.doc import Timex
from conflictwire.timex.lexicon import TimeLexicon, _Cand
from conflictwire.timex.tense import TenseFn


class _Context:
    """The reading state of one text, and the helpers every expression family shares."""

    def __init__(self, text: str, pub: date | None, tense: TenseFn, lex: TimeLexicon) -> None:
        self.text = text
        self.pub = pub
        self.tense = tense
        self.lex = lex
        self.ref: Timex | None = None  # the last date in the text (for anaphora)
        self.ref_year: int | None = None  # the last explicit year in the text
        self.ref_year_at = 0  # where it ended
        self.ref_year_strong = False  # set by a date or a month (not a bare year)
        self.quarter_focus: tuple[int, int] | None = None  # (year, quarter) the text is about
        self.keep_ref = False  # set by an expression that must not become the anaphora base
        self.ref_ago: tuple[int, str] | None = None  # the ref is "N <unit> ago": (N, unit)
        self.last_day_month: tuple[date, int] | None = None  # a day-month dated by context

    def set_year(self, y: int, c: _Cand, strong: bool = True) -> None:
        self.ref_year, self.ref_year_at, self.ref_year_strong = y, c.end, strong

    def context_year(self, c: _Cand) -> int | None:
        """The explicit year that governs ``c``: a date's in its paragraph, a bare year's in its
        sentence."""
        if self.ref_year is None:
            return None
        gap = self.text[self.ref_year_at : c.start]
        if "\n" in gap:
            return None
        if not self.ref_year_strong and (len(gap) > 40 or re.search(r"[.!?]\s", gap)):
            return None
        return self.ref_year

    def make(self, c: _Cand, type_: str, value: str, d: date | None, prec: int | None) -> Timex:
        return Timex(self.text[c.start : c.end], c.start, c.end, type_, value, d, prec)

    def _future(self, c: _Cand) -> bool:
        return self.tense(c.start, c.end) == "future"

    def _day_timex(self, c: _Cand, d: date, part: str) -> Timex:
        code = self.lex.day_part_codes.get(re.sub(r"[\s-]+", " ", part))
        if code:
            return self.make(c, "TIME", f"{d.isoformat()}T{code}", d, 1)
        return self.make(c, "DATE", d.isoformat(), d, 1)

    def _story_day(self, c: _Cand) -> date:
        """The day the story is about: the last day named (in any earlier paragraph: wire
        paragraphs are short), unless it is after publication."""
        assert self.pub is not None
        ref = self.ref
        if ref is None or ref.precision != 1 or ref.date is None or ref.date > self.pub:
            return self.pub
        return ref.date
