"""Explicit dates: day-months ("12 August 2019", "Aug 12"), lists and ranges of days and months,
numeric and ISO dates, months, years (two-digit, fiscal, spelled, older ones after a cue) and
decades and centuries. A day-month without a year takes the one in context, else the tense's."""

from __future__ import annotations

import re
from datetime import timedelta

from conflictwire.doc import Timex
from conflictwire.timex.context import _Context
from conflictwire.timex.days import _add_months, _clamp, _month_day, _safe_date
from conflictwire.timex.lexicon import _Cand

NEAR_FUTURE_DAYS = 14  # a day-month at most this far after publication is in the coming days


class _Absolute(_Context):
    """Explicit dates, months, years and decades."""

    # ---- explicit dates
    def _year_for(
        self, m: int, d: int, c: _Cand, window: int = 120, month: bool = False
    ) -> int | None:
        """The year of a day-month without one: an explicit year nearby, else by tense (a date
        in an untensed clause is in the future only when that is less than ``window`` days
        away)."""
        pub = self.pub
        ref_year = self.context_year(c)
        if ref_year is not None and (pub is None or abs(ref_year - pub.year) > 1):
            return ref_year
        if pub is None:
            return ref_year
        last = self.last_day_month
        if (
            last is not None
            and last[0] > pub
            and not re.search(r"[.!?]\s|\n", self.text[last[1] : c.start])
        ):  # "from March 30 ..., and from August 6": a later date in the same sentence
            same = _safe_date(last[0].year, m, d)
            if same is not None and 0 <= (same - last[0]).days <= 183:
                return last[0].year
        tense = self.tense(c.start, c.end)
        opts = [x for y in (pub.year - 1, pub.year, pub.year + 1) if (x := _safe_date(y, m, d))]
        before = self.text[max(0, c.start - 25) : c.start]
        if tense != "future" and self.lex.future_prep.search(before):
            near = [x for x in opts if pub < x <= pub + timedelta(days=window + 31)]
            if near:
                return min(near).year
        near = [x for x in opts if pub < x <= pub + timedelta(days=NEAR_FUTURE_DAYS)]
        # a day-month days after publication is that one, not last year's (but a month in a
        # past clause is over: "fought in March" written in late February is last March)
        if near and not (month and tense == "past"):
            return near[0].year
        if tense == "future":
            later = [x for x in opts if x >= pub]
            return min(later).year if later else pub.year
        soon = [x for x in opts if pub < x <= pub + timedelta(days=window)]
        if tense != "past" and soon:
            return min(soon).year
        earlier = [x for x in opts if x <= pub + timedelta(days=1)]
        return max(earlier).year if earlier else pub.year

    def _approx(self, c: _Cand) -> bool:
        before = self.text[max(0, c.start - 25) : c.start]
        after = self.text[c.end : c.end + 15]
        return bool(self.lex.approx.search(before) or self.lex.week_marker.match(after))

    def day_month(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        for key in ("m1", "m2"):
            w = (g.get(key) or "X").rstrip(".")
            if w.lower() in self.lex.ambiguous_months and not w[0].isupper() and not g.get("y"):
                return None
        m1 = self.lex.month(g["m1"])
        d1 = self.lex.day_number(g.get("d1") or g["dw"])
        m2 = self.lex.month(g["m2"]) if g.get("m2") else m1
        d2 = int(g["d2"]) if g.get("d2") else None
        if g.get("y"):
            y: int | None = int(g["y"])
            self.set_year(int(g["y"]), c)
        else:
            y = self._year_for(m1, d1, c)
        if y is None:
            if not 1 <= d1 <= 31:
                return None
            return self.make(c, "DATE", f"XXXX-{m1:02d}-{d1:02d}", None, None)
        first = _safe_date(y, m1, d1)
        if first is None:
            return None
        if not g.get("y"):
            self.last_day_month = (first, c.end)
        prec = 1
        if d2 is not None:
            y2 = y + 1 if (m2, d2) < (m1, d1) else y
            last = _safe_date(y2, m2, d2)
            if last is None or last < first:
                return None
            span = (last - first).days
            overnight = re.search(r"night|overnight", self.text[max(0, c.start - 20) : c.start])
            prec = 1 if span == 0 or (span == 1 and overnight) else 2 if span <= 7 else 3
        if self._approx(c):
            prec = max(prec, 2)
        return self.make(c, "DATE", first.isoformat(), first, prec)

    def day_list(self, c: _Cand) -> list[Timex] | None:
        """ "April 1, 2 and 3": one date a day, the month (and year) shared; "between May 5
        and 6" is a range (left to the day-month patterns)."""
        if self.lex.range_before.search(self.text, 0, c.start):
            return None
        first = self.day_month(c)
        if first is None or first.date is None:
            return None
        rest = [(m.start() + c.m.start("rest"), m.end() + c.m.start("rest"), int(m.group(1)))
                for m in re.finditer(r"(\d+)(?:st|nd|rd|th)?", c.m.group("rest"))]  # fmt: skip
        days = [first.date.day, *(d for _, _, d in rest)]
        if any(b <= a for a, b in zip(days, days[1:], strict=False)):
            return None
        month_first = c.m.start("m1") < c.m.start("d1")
        end = c.m.end("d1")
        out = [Timex(self.text[c.start : end], c.start, end, "DATE", first.value, first.date,
                     first.precision)]  # fmt: skip
        for i, (s, e, dd) in enumerate(rest):
            if not month_first and i == len(rest) - 1:
                e = c.end  # "1, 2 and 3 April": the month stays with the last day
            day = _safe_date(first.date.year, first.date.month, dd)
            if day is None:
                return None
            out.append(Timex(self.text[s:e], s, e, "DATE", day.isoformat(), day, first.precision))
        return out

    def range_days(self, c: _Cand) -> list[Timex] | None:
        """ "Feb. 1 to March 5": two dates (TimeML tags each end of a range)."""
        first = self.day_month(c)
        if first is None or first.date is None:
            return None
        m2, d2 = self.lex.month(c.m.group("m2")), int(c.m.group("d2"))
        a = first.date
        last = _safe_date(a.year + (1 if (m2, d2) < (a.month, a.day) else 0), m2, d2)
        if last is None:
            return None
        if c.kind == "range_mdmd":
            e1, s2 = c.m.end("d1"), c.m.start("m2")
        else:
            e1, s2 = c.m.end("m1"), c.m.start("d2")
        e1 = c.m.start("d1") + len(self.text[c.m.start("d1") : e1].rstrip())
        return [
            Timex(self.text[c.start : e1], c.start, e1, "DATE", a.isoformat(), a, 1),
            Timex(self.text[s2 : c.end], s2, c.end, "DATE", last.isoformat(), last, 1),
        ]

    def month_range(self, c: _Cand) -> list[Timex] | None:
        """ "January-November", "from March to June": two months, the first one before the
        second (its year from the second's)."""
        words = [c.m.group(k).rstrip(".") for k in ("m1", "m2")]
        if not all(w[0].isupper() and w.lower() in self.lex.full_months for w in words):
            return None
        m1, m2 = self.lex.month(words[0]), self.lex.month(words[1])
        if c.m.group("y"):
            y2: int | None = int(c.m.group("y"))
            self.set_year(int(c.m.group("y")), c)
        else:
            y2 = self._year_for(m2, 1, c, window=92, month=True)
        out = []
        for (s, e), m, y in (
            (c.m.span("m1"), m1, None if y2 is None else y2 - (1 if m1 > m2 else 0)),
            ((c.m.start("m2"), c.end), m2, y2),
        ):
            if y is None:
                out.append(Timex(self.text[s:e], s, e, "DATE", f"XXXX-{m:02d}", None, None))
            else:
                d = _clamp(_month_day(y, m, None), self.pub)
                out.append(Timex(self.text[s:e], s, e, "DATE", f"{y}-{m:02d}", d, 3))
        return out

    def month_day(self, c: _Cand) -> Timex | None:
        """ "on the 13th": of the month of the date last named, else the latest 13th on or
        before publication (the next one in a future clause)."""
        d = int(c.m.group("d1"))
        ref = self.ref
        if ref is not None and ref.date is not None and re.match(r"\d{4}-\d\d", ref.value):
            day = _safe_date(ref.date.year, ref.date.month, d)
        elif self.pub is not None:
            pub, k = self.pub, 1 if self._future(c) else -1
            y, m = pub.year, pub.month
            day = None
            for _ in range(3):
                day = _safe_date(y, m, d)
                if day is not None and (day - pub).days * k >= 0:
                    break
                y, m = _add_months(y, m, k)
        else:
            return self.make(c, "DATE", f"XXXX-XX-{d:02d}", None, None)
        if day is None:
            return None
        return self.make(c, "DATE", day.isoformat(), day, 1)

    def numeric(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        y = int(g["y"])
        y = self._full_year(y) if y < 100 else y
        if c.kind == "iso":
            d = _safe_date(y, int(g["mo"]), int(g["d1"]))
        else:
            a, b = int(g["a"]), int(g["b"])
            dm, md = _safe_date(y, b, a), _safe_date(y, a, b)
            if c.m.group().count(".") == 2 and dm:
                d = dm  # "12.08.2019": dotted dates are day-first wherever they are used
            elif dm and md and dm != md:
                # ambiguous: the reading nearest the publication date (else day-first)
                pub = self.pub
                d = min((dm, md), key=lambda x: abs((x - pub).days)) if pub else dm
            else:
                d = dm or md
        if d is None:
            return None
        self.set_year(d.year, c)
        return self.make(c, "DATE", d.isoformat(), d, 2 if self._approx(c) else 1)

    def month(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        if g.get("yy"):  # "Sept. '97"
            g["y"] = str(self._full_year(int(g["yy"])))
        word = g["m1"].rstrip(".")
        if not g.get("y"):
            before = self.text[max(0, c.start - 30) : c.start]
            if not word[0].isupper() or word.lower() not in self.lex.full_months:
                return None
            if not g.get("part") and not self.lex.month_cue.search(before):
                # "January's jobs report", "the December figure" (not "the March on ...")
                named = word.lower() not in self.lex.ambiguous_months and (
                    self.lex.month_det.search(before) or re.match(r"['’]s\b", self.text[c.end :])
                )
                if not named:
                    return None
        elif word.lower() in self.lex.ambiguous_months and not word[0].isupper():
            return None
        m = self.lex.month(word)
        part = self.lex.month_parts.get(re.sub(r"\s+", " ", (g.get("part") or "").lower()))
        if g.get("y"):
            y: int | None = int(g["y"])
            self.set_year(int(g["y"]), c)
        else:
            y = self._year_for(m, 1 if part != "last" else 28, c, window=92, month=True)
        if y is None:
            return self.make(c, "DATE", f"XXXX-{m:02d}", None, None)
        d = _month_day(y, m, part)
        if self.pub and d > self.pub and y == self.pub.year and m == self.pub.month:
            d = self.pub
        return self.make(c, "DATE", f"{y}-{m:02d}", d, 3)

    def _full_year(self, yy: int) -> int:
        """A two-digit year: the latest such year by publication (else the 1900s), up to ten
        years ahead ("FY02" in 1998 is 2002)."""
        cent = self.pub.year // 100 if self.pub else 19
        y = cent * 100 + yy
        return y - 100 if self.pub and y > self.pub.year + 10 else y

    def year(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        # "in '97", "Sept. '97" (not a quotation: "'97 was a good year'")
        if g.get("yy2") and not self.lex.elided_year_before.search(self.text, 0, c.start):
            return None
        if g.get("yy3"):  # "1992-95": the century of the first year
            first = int(self.text[c.start - 5 : c.start - 1])
            y = first // 100 * 100 + int(g["yy3"])
            y += 100 if y < first else 0
            self.set_year(y, c, strong=False)
            return self.make(c, "DATE", str(y), None, None)
        if g.get("yy") or g.get("yy2"):  # "FY98", "in '97"
            y = self._full_year(int(g.get("yy") or g["yy2"]))
            self.set_year(y, c, strong=False)
            return self.make(c, "DATE", str(y), None, None)
        y = int(c.m.group("y"))
        named = g.get("named") or g.get("fy")
        if not g.get("part") and not named and self.lex.year_blocker.match(self.text, c.end):
            return None
        self.set_year(y, c, strong=False)
        return self.make(c, "DATE", str(y), None, None)

    def old_year(self, c: _Cand) -> Timex | None:
        """ "in 1648": the year alone is the expression (the cue word is not)."""
        s, e = c.m.span("y")
        self.set_year(int(c.m.group("y")), c, strong=False)
        return Timex(self.text[s:e], s, e, "DATE", c.m.group("y"), None, None)

    def with_spelled_year(self, c: _Cand, nxt: _Cand) -> Timex | None:
        """ "January nineteen ninety-seven", "the winter of nineteen ninety-four"."""
        yt = self.spelled_year(nxt)
        if yt is None:
            return None
        y = int(yt.value)
        g = c.m.groupdict()
        span = _Cand(c.start, nxt.end, c.kind, c.m, c.order)
        if c.kind == "season":
            return self.make(span, "DATE", f"{y}-{self.lex.seasons[g['s'].lower()]}", None, None)
        m = self.lex.month(g["m1"])
        part = self.lex.month_parts.get(re.sub(r"\s+", " ", (g.get("part") or "").lower()))
        return self.make(span, "DATE", f"{y}-{m:02d}", _month_day(y, m, part), 3)

    def spelled_year(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        words = self.lex.number_words
        if g.get("cent"):
            y = 100 * words[g["cent"].lower()]
            y += words[g["tens"].lower()] + (words[g["unit"].lower()] if g.get("unit") else 0)
        else:
            y = 2000 + (words[g["unit2"].lower()] if g.get("unit2") else 0)
        self.set_year(y, c, strong=False)
        return self.make(c, "DATE", str(y), None, None)

    def decade(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        if g.get("dec"):
            return self.make(c, "DATE", g["dec"][:3], None, None)
        tens = g.get("dec2") or g.get("dec2b")
        k = int(tens) if tens else self.lex.data["decade_words"].get((g.get("decw") or "").lower())
        if k is not None:
            if g.get("cent"):  # "the nineteen-nineties"
                cent = self.lex.number_words[g["cent"].lower()]
                return self.make(c, "DATE", f"{cent}{k}", None, None)
            if self.pub is None:
                return self.make(c, "DATE", f"19{k}", None, None)
            cent = self.pub.year // 100
            cent -= 1 if cent * 100 + k * 10 > self.pub.year else 0
            return self.make(c, "DATE", f"{cent}{k}", None, None)
        n = self.lex.day_ordinals[re.sub(r"[\s-]+", "-", g["centw"].lower())] if g.get(
            "centw") else int(g["cent"])  # fmt: skip
        return self.make(c, "DATE", f"{n - 1:02d}", None, None) if 1 <= n <= 21 else None
