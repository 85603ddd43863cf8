"""Named periods of a year: quarters and halves ("the third quarter", "the year-ago quarter"),
seasons, year-end, a month relative to publication ("last March") and holidays ("Christmas").
The quarter in focus is tracked for financial reports."""

from __future__ import annotations

import re
from datetime import date

from conflictwire.doc import Timex
from conflictwire.timex.absolute import _Absolute
from conflictwire.timex.days import _clamp, _month_day, holiday_date
from conflictwire.timex.lexicon import _Cand


class _Periods(_Absolute):
    """Quarters, seasons, year-end, months relative to publication, holidays."""

    def _pub_or_ref_year(self, c: _Cand, rel: str | None) -> int | None:
        if rel:
            k = self.lex.year_offsets[re.sub(r"\s+", " ", rel.lower())]
            return self.pub.year + k if self.pub else None
        y = self.context_year(c)
        return y if y is not None else (self.pub.year if self.pub else None)

    def quarter(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        if self.lex.part_of_other.match(self.text, c.end):
            return None  # "the first half of this month": no half of a year
        if g.get("mq"):
            part = f"Q{(self.lex.month(g['mq']) - 1) // 3 + 1}"
        else:
            part = self.lex.quarters[re.sub(r"[\s-]+", " ", g["q"].lower())]
        y = int(g["y"]) if g.get("y") else int(g["y2"]) if g.get("y2") else None
        if y is None and g.get("ago"):
            ref = self.ref.value if self.ref else ""
            m = re.match(r"\d{4}", ref) or (re.match(r"\d{4}", str(self.pub)) if self.pub else None)
            y = int(m.group()) - 1 if m else None
        rel = g.get("rel") or g.get("rel2")  # "next year's first quarter", "... of next year"
        if y is None:
            y = self._pub_or_ref_year(c, rel)
            if y is None:
                return self.make(c, "DATE", f"XXXX-{part}", None, None)
            pub = self.pub
            later = pub is not None and part[0] == "Q" and int(part[1]) > (pub.month - 1) // 3 + 1
            if later and pub and not rel and y == pub.year and not self._future(c):
                y -= 1
        last = self._last_quarter()
        if part[0] == "Q" and not g.get("ago") and (last is None or (y, int(part[1])) <= last):
            self.quarter_focus = (y, int(part[1]))  # a quarter already reported on
        return self.make(c, "DATE", f"{y}-{part}", None, None)

    def _focus(self) -> tuple[int, int] | None:
        """The quarter the text is about: the last one named, else the last complete one."""
        return self.quarter_focus or self._last_quarter()

    def _last_quarter(self) -> tuple[int, int] | None:
        """The last quarter complete at publication."""
        if self.pub is None:
            return None
        q = (self.pub.month - 1) // 3  # the current quarter, 0-based = the last complete, 1-based
        return (self.pub.year, q) if q else (self.pub.year - 1, 4)

    def quarter_ana(self, c: _Cand) -> Timex | None:
        """ "the quarter", "the latest period", "the year-ago quarter", "the 1988 quarter"."""
        focus = self._focus()
        if c.m.groupdict().get("y"):
            if focus is None:
                return None
            self.keep_ref = True
            return self.make(c, "DATE", f"{c.m.group('y')}-Q{focus[1]}", None, None)
        k = self.lex.quarter_anaphors[re.sub(r"\s+", " ", c.m.group("key").lower())]
        # "the quarter ended Sept. 30": the calendar quarter, unless a quarter was named before
        # (its numbering may be a fiscal year's)
        fresh = k == 0 and self.quarter_focus is None
        ended = self.lex.period_end.match(self.text, c.end) if fresh else None
        if ended is not None:
            m = self.lex.month(ended.group("m"))
            y = int(ended.group("y")) if ended.group("y") else self._year_for(m, 28, c)
            if y is not None:
                focus = (y, (m - 1) // 3 + 1)
        if focus is None:
            return self.make(c, "DATE", "PAST_REF" if k < 0 else "PRESENT_REF", None, None)
        n = focus[0] * 4 + focus[1] - 1 + k
        if k:
            self.keep_ref = True
        else:
            self.quarter_focus = focus
        return self.make(c, "DATE", f"{n // 4}-Q{n % 4 + 1}", None, None)

    def year_end(self, c: _Cand) -> Timex | None:
        """ "by year-end": the last day of the publication year (of the year before, "since")."""
        if self.pub is None:
            return None
        y = self.context_year(c) or self.pub.year
        before = self.text[max(0, c.start - 12) : c.start]
        if re.search(r"\bsince\s+$", before, re.IGNORECASE) and y == self.pub.year:
            y -= 1
        d = date(y, 12, 31)
        return self.make(c, "DATE", d.isoformat(), _clamp(d, self.pub), 3)

    def season(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        if g["s"][0].isupper() and re.match(r"\s+[A-Z]", self.text[c.end : c.end + 3]):
            return None  # "the Summer Palace", "Spring Festival": a name
        code = self.lex.seasons[g["s"].lower()]
        if g.get("y"):
            y: int | None = int(g["y"])
        elif g.get("yrel") and self.pub:  # "the spring of next year"
            y = self.pub.year + self.lex.year_offsets[g["yrel"].lower()]
        else:
            mod = re.sub(r"\s+", " ", (g.get("mod") or "").lower())
            pub = self.pub
            if pub is None:
                return self.make(c, "DATE", f"XXXX-{code}", None, None)
            if not mod and not g.get("y"):
                return None
            order = ["WI", "SP", "SU", "FA"]
            now = order.index(self.lex.season_of_month[pub.month])
            at = order.index(code)
            y = pub.year
            if mod in ("last", "past", "previous") and at >= now:
                y -= 1
            elif mod in ("next", "coming") and at <= now:
                y += 1
            elif mod not in self.lex.year_offsets and at > now and not self._future(c):
                y -= 1
        return self.make(c, "DATE", f"{y}-{code}", None, None)

    def month_rel(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        word = g["m1"].rstrip(".")
        if word.lower() in self.lex.ambiguous_months and not word[0].isupper():
            return None
        m = self.lex.month(word)
        pub = self.pub
        if pub is None:
            return self.make(c, "DATE", f"XXXX-{m:02d}", None, None)
        if g.get("yrel"):
            y = pub.year + self.lex.year_offsets[re.sub(r"\s+", " ", g["yrel"].lower())]
        else:
            mod = (g.get("mod") or "").lower()
            y = pub.year
            if mod in ("last", "past", "previous") and m >= pub.month:
                y -= 1
            elif mod in ("next", "coming") and m <= pub.month:
                y += 1
        d = _month_day(y, m, None)
        return self.make(c, "DATE", f"{y}-{m:02d}", _clamp(d, pub), 3)

    def holiday(self, c: _Cand) -> Timex | None:
        """ "Christmas", "New Year's Day", "Easter": that day of the year in context, else the
        occurrence the tense points to (the latest one, or the next one in a future clause)."""
        if not c.m.group("key")[0].isupper():  # "may day", "labor day": words, not names
            return None
        rule = self.lex.holidays[re.sub(r"\s+", " ", c.m.group("key").lower())]
        y = self.context_year(c)
        if y is None and self.pub is not None:
            pub, fut = self.pub, self._future(c)
            before = self.text[max(0, c.start - 25) : c.start]
            fut = fut or (
                self.tense(c.start, c.end) != "past" and bool(self.lex.future_prep.search(before))
            )
            opts = [d for yy in (pub.year - 1, pub.year, pub.year + 1)
                    if (d := holiday_date(rule, yy)) is not None]  # fmt: skip
            pick = min((d for d in opts if d >= pub), default=None) if fut else None
            pick = pick or max((d for d in opts if d <= pub), default=None)
            y = pick.year if pick else None
        d = holiday_date(rule, y) if y is not None else None
        if d is None:
            return None
        return self.make(c, "DATE", d.isoformat(), d, 1)
