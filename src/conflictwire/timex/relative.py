"""Deictic and anaphoric expressions: weekdays by the tense of their clause ("on Friday"),
"yesterday", "last week", "the weekend", "N days ago", "later in the week", and expressions
resolved from the last date named ("the next day", "that year", "the end of the month")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from conflictwire.doc import Timex
from conflictwire.timex.context import _Context
from conflictwire.timex.days import _add_months, _clamp, _month_day, _week_value
from conflictwire.timex.lexicon import _Cand

_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_UNIT_YEARS = {"decade": 10, "century": 100}  # "two decades ago": counted in years


class _Relative(_Context):
    """Weekdays, relative days and periods, "N units ago", anaphora."""

    # ---- deictic
    def weekday(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        wd = self.lex.weekdays[g["wd"].lower()]
        mod = self.lex.weekday_mods.get(re.sub(r"\s+", " ", (g.get("mod") or "").lower()), "tense")
        part = (g.get("part") or g.get("pre") or "").lower()
        pub = self.pub
        if pub is None:
            return self.make(c, "DATE", f"XXXX-WXX-{wd + 1}", None, None)
        if g.get("wk"):
            return self._day_of_week(c, wd, part)
        if mod.startswith("ref_"):
            ref = self.ref.date if self.ref is not None and self.ref.precision == 1 else None
            if ref is not None:
                pub = ref
            mod = "past_strict" if mod == "ref_past" else "future_strict"
        if mod == "tense":
            # "is meeting Friday": a progressive present with a weekday is its coming one
            mod = "future" if self.tense(c.start, c.end) in ("future", "present") else "past"
        back = (pub.weekday() - wd) % 7
        fwd = (wd - pub.weekday()) % 7
        if mod == "past":
            d = pub - timedelta(days=back)
        elif mod == "past_strict":
            d = pub - timedelta(days=back or 7)
        elif mod == "future_strict":
            d = pub + timedelta(days=fwd or 7)
        else:
            d = pub + timedelta(days=fwd)
        return self._day_timex(c, d, part)

    def _day_of_week(self, c: _Cand, wd: int, part: str) -> Timex | None:
        """ "Monday of last week" (from publication), "Friday of the following week" (from the
        date last mentioned)."""
        key = re.sub(r"\s+", " ", c.m.group("wk").lower())
        k = self.lex.named_weeks[key][1]
        base = self.pub
        if key in self.lex.anaphoric and self.ref is not None and self.ref.date is not None:
            base = self.ref.date
        assert base is not None
        monday = base - timedelta(days=base.weekday()) + timedelta(weeks=k)
        return self._day_timex(c, monday + timedelta(days=wd), part)

    def relday(self, c: _Cand) -> Timex | None:
        key = re.sub(r"\s+", " ", c.m.group("key").lower())
        if self.pub is None:
            return self.make(c, "DATE", "XXXX-XX-XX", None, None)
        story = key in self.lex.data["story_relative_days"]
        base = self._story_day(c) if story else self.pub
        d = base + timedelta(days=self.lex.relative_days[key])
        part = c.m.group("part") or c.m.group("pre") or self.lex.relative_day_parts.get(key, "")
        return self._day_timex(c, d, part.lower())

    def the_day(self, c: _Cand) -> Timex | None:
        """ "earlier in the day", "later in the week": the day in focus (the last day named,
        else publication), or its week or month."""
        if self.pub is None:
            return None
        d = self._story_day(c)
        s, e = c.m.span("day")
        tx = self._period(_Cand(s, e, c.kind, c.m, c.order), d, c.m.group("u").lower(), 0)
        if tx.precision != 1:
            self.keep_ref = True  # "later in the week": the day in focus stays the base
        return tx

    def _period(self, c: _Cand, base: date, unit: str, k: int) -> Timex:
        pub = self.pub
        if unit == "day":
            d = base + timedelta(days=k)
            return self.make(c, "DATE", d.isoformat(), d, 1)
        if unit == "week":
            monday = base - timedelta(days=base.weekday()) + timedelta(weeks=k)
            d = _clamp(monday + timedelta(days=3), pub if k <= 0 else None)
            return self.make(c, "DATE", _week_value(monday), d, 2)
        if unit == "weekend" and k < 0:  # "last weekend": the latest one over before ``base``
            sat = base - timedelta(days=(base.weekday() - 5) % 7 or 7)
            if sat + timedelta(days=1) >= base:
                sat -= timedelta(days=7)
            sat += timedelta(weeks=k + 1)
            return self.make(c, "DATE", f"{_week_value(sat)}-WE", sat, 2)
        if unit == "weekend":
            sat = base + timedelta(days=(5 - base.weekday()) % 7)
            if sat > base:
                sat -= timedelta(days=7)
            if base.weekday() == 4 and k >= 0:  # on a Friday "the weekend" is the coming one
                sat += timedelta(days=1 if k == 0 and self._future(c) else 0)
            sat += timedelta(weeks=k)
            return self.make(c, "DATE", f"{_week_value(sat)}-WE", sat, 2)
        if unit == "month":
            y, m = _add_months(base.year, base.month, k)
            d = _clamp(_month_day(y, m, None), pub if k <= 0 else None)
            return self.make(c, "DATE", f"{y}-{m:02d}", d, 3)
        if unit == "decade":
            return self.make(c, "DATE", str(base.year // 10 + k), None, None)
        if unit == "century":
            return self.make(c, "DATE", f"{base.year // 100 + k:02d}", None, None)
        if unit == "quarter":
            n = base.year * 4 + (base.month - 1) // 3 + k
            return self.make(c, "DATE", f"{n // 4}-Q{n % 4 + 1}", None, None)
        y = base.year + k
        return self.make(c, "DATE", str(y), None, None)

    def _coming_weekend(self, c: _Cand, key: str) -> bool:
        """ "the weekend" in a future clause or after "ahead of"; "this weekend" unless the
        clause is in the past: the coming weekend."""
        if self._future(c) or self.lex.weekend_ahead.search(self.text, 0, c.start):
            return True
        return key in self.lex.data["coming_weekends"] and self.tense(c.start, c.end) != "past"

    def relperiod(self, c: _Cand) -> Timex | None:
        key = re.sub(r"\s+", " ", c.m.group("key").lower())
        unit, k = self.lex.relative_periods[key]
        if self.pub is None:
            return self.make(c, "DATE", "PAST_REF" if k < 0 else "PRESENT_REF", None, None)
        if unit == "weekend" and k == 0 and self._coming_weekend(c, key):
            k = 1 if self.pub.weekday() < 5 else 0
            sat = self.pub + timedelta(days=(5 - self.pub.weekday()) % 7)
            return self.make(c, "DATE", f"{_week_value(sat)}-WE", sat, 2)
        return self._period(c, self.pub, unit, k)

    def ago(self, c: _Cand) -> Timex | None:
        n = self.lex.number(c.m.group("n"))
        unit = self.lex.units[c.m.group("u").lower()]
        direction = re.sub(r"\s+", " ", c.m.group("dir").lower())
        if unit in ("hour", "minute"):  # "two hours ago": no clock time to count from
            return self.make(c, "TIME", "PAST_REF", None, None) if direction == "ago" else None
        if direction in ("earlier", "before", "prior") and self.ref_ago == (n, unit) and self.ref:
            # "up from 7 a year ago ... compared with 5 a year earlier": the same time
            return self.make(c, "DATE", self.ref.value, self.ref.date, self.ref.precision)
        if unit in _UNIT_YEARS:
            n, unit = n * _UNIT_YEARS[unit], "year"
        q = re.fullmatch(r"(\d{4})-(Q\d|H\d)", self.ref.value) if self.ref else None
        if q and unit == "year":
            sign = 1 if direction in ("later", "after") else -1
            y, part = int(q.group(1)), q.group(2)
            if part[0] == "Q" and self.quarter_focus is not None:
                y, part = self.quarter_focus[0], f"Q{self.quarter_focus[1]}"
            self.keep_ref = True
            return self.make(c, "DATE", f"{y + sign * n}-{part}", None, None)
        if direction in ("ago", "from now", "hence"):
            base = self.pub
            k = -n if direction == "ago" else n
            vague = re.sub(r"\s+", " ", c.m.group("n").lower()) in self.lex.vague_counts
            if vague:  # "several years ago": no point in time (TimeML PAST_REF), dated roughly
                ref = "PAST_REF" if k < 0 else "FUTURE_REF"
                d = base + timedelta(days=k * _UNIT_DAYS[unit]) if base else None
                return self.make(c, "DATE", ref, d, 2 if unit == "day" else 3)
        else:
            base = self.ref.date if self.ref else self.pub
            k = n if direction in ("later", "after") else -n
            if self.ref is not None and base is None and unit == "year":
                y = re.match(r"\d{4}", self.ref.value)
                if y:
                    return self.make(c, "DATE", str(int(y.group()) + k), None, None)
        if base is None:
            return self.make(c, "DATE", "PAST_REF", None, None)
        if unit == "day":
            d = base + timedelta(days=k)
            return self.make(c, "DATE", d.isoformat(), d, 1)
        if unit == "week":  # "two weeks ago": that day (TimeML), approximate
            d = base + timedelta(weeks=k)
            return self.make(c, "DATE", d.isoformat(), d, 2)
        return self._period(c, base, unit, k)

    def anaphoric(self, c: _Cand) -> Timex | None:
        key = re.sub(r"\s+", " ", c.m.group("key").lower())
        unit, k, *part = self.lex.anaphoric[key]
        tx = self._anaphoric(c, unit, k)
        if part and tx is not None and tx.precision == 1 and tx.date is not None:
            return self._day_timex(c, tx.date, part[0])  # "that evening": a TIME
        return tx

    def _anaphoric(self, c: _Cand, unit: str, k: int) -> Timex | None:
        ref = self.ref
        if ref is None and self.pub is not None:
            return self._period(c, self.pub, unit, k)
        if ref is None:
            return self.make(c, "DATE", "PAST_REF" if k <= 0 else "FUTURE_REF", None, None)
        q = re.fullmatch(r"(\d{4})-(Q\d|H\d)", ref.value)
        if q and unit == "year":
            return self.make(c, "DATE", str(int(q.group(1)) + k), None, None)
        if unit == "quarter":
            return None
        if ref.date is None:  # a bare year, "that year"
            y = re.match(r"\d{4}", ref.value)
            if unit == "year" and y:
                return self.make(c, "DATE", str(int(y.group()) + k), None, None)
            return self.make(c, "DATE", ref.value, None, None)
        base = ref.date
        if unit == "day" and ref.precision and ref.precision > 1:
            return self.make(c, "DATE", ref.value, ref.date, ref.precision)
        return self._period(c, base, unit, k)

    def period_part(self, c: _Cand) -> Timex | None:
        """ "the end of the month", "mid-decade": the period in focus (the one of the last date
        named, else of publication)."""
        g = c.m.groupdict()
        if g.get("mid"):
            unit = self.lex.data["mid_periods"][g["mid"].lower()]
        else:
            unit = self.lex.data["period_part_units"][g["u"].lower()]
        tx = self._anaphoric(c, unit, 0)
        self.keep_ref = tx is not None  # it restates the period in focus: no new base
        return tx

    def week_x(self, c: _Cand) -> Timex | None:
        """ "the week" (TimeML: the week is unknown, YYYY-WXX); its date is the week in focus."""
        ref = self.ref
        base = ref.date if ref is not None and ref.precision in (1, 2) and ref.date else self.pub
        if base is None:
            return None
        monday = base - timedelta(days=base.weekday())
        d = _clamp(monday + timedelta(days=3), self.pub)
        return self.make(c, "DATE", f"{monday.isocalendar()[0]}-WXX", d, 2)
