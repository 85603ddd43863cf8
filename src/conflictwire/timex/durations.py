"""Vague references ("recently": PAST_REF), durations ("three years": P3Y, "for weeks": PXW)
and sets ("every Friday", "twice a day")."""

from __future__ import annotations

import re

from conflictwire.doc import Timex
from conflictwire.timex.context import _Context
from conflictwire.timex.lexicon import _Cand


class _Durations(_Context):
    """Vague references, durations and sets."""

    def vague(self, c: _Cand) -> Timex | None:
        key = re.sub(r"\s+", " ", c.m.group("key").lower())
        if key in self.lex.data["open_vague"] and self.lex.count_after.match(self.text, c.end):
            return None  # "in the past three sessions": a period of counted things
        return self.make(c, "DATE", self.lex.vague[key], None, None)

    # ---- durations and sets
    def _count(self, s: str) -> float | None:
        """The number of a duration ("twenty four", "2 1/2", "a hundred"); None for a range."""
        s = re.sub(r"\s+", " ", s.lower().strip())
        if self._is_range(s):
            return None
        half = 0.5 if s.endswith("and a half") or s.endswith("1/2") or s.endswith("½") else 0.0
        s = re.sub(r"\s*(?:and a half|1/2|½)$", "", s).strip()
        if re.fullmatch(r"[\d,]+(?:\.\d+)?", s):
            return float(s.replace(",", "")) + half
        if s in self.lex.duration_numbers:
            return self.lex.duration_numbers[s] + half
        words = re.split(r"[\s-]+", s)
        if (
            len(words) > 1
            and words[0] in ("a", "an")
            and words[1] not in self.lex.duration_multipliers
        ):
            words = words[1:]  # "a two-year boom": an article
        total = cur = 0
        for w in words:
            if w in self.lex.duration_multipliers:
                total += max(cur, 1) * self.lex.duration_multipliers[w]
                cur = 0
            elif w in self.lex.duration_numbers:
                cur += self.lex.duration_numbers[w]
            else:
                return None
        return total + cur + half

    def _is_range(self, s: str) -> bool:
        """ "12 to 18", "two or three", "5-6" (but "twenty-four" is one number)."""
        if re.search(r"\s(?:to|or)\s|\d\s*[-–]\s*\S", s):
            return True
        tens = {w for w, n in self.lex.duration_numbers.items() if n >= 20 and n % 10 == 0}
        m = re.search(r"([a-z]+)\s*[-–]\s*[a-z]+", s)
        return bool(m) and m.group(1) not in tens

    def _dur_value(self, n: float | None, unit: str) -> str:
        """The TimeML value of ``n`` units (an unknown number when ``n`` is None)."""
        code = self.lex.duration_units[unit.lower()]
        t = "T" if code.startswith("T") else ""
        code = code.lstrip("T")
        if n is None:
            return f"P{t}X{'M' if code == 'Q' else code}"
        scale = {"Q": (3, "M"), "DE": (10, "Y"), "CE": (100, "Y")}
        if code in scale:
            k, code = scale[code]
            n *= k
        whole = int(n)
        if n == whole:
            return f"P{t}{whole}{code}"
        smaller = {"Y": (12, "M", ""), "M": (30, "D", ""), "W": (7, "D", ""), "D": (24, "H", "T"),
                   "H": (60, "M", ""), "M_T": (60, "S", "")}  # fmt: skip
        k, sub, tt = smaller.get(code if not t or code != "M" else "M_T", (0, "", ""))
        rest = round((n - whole) * k)
        if not k or rest != (n - whole) * k:
            return f"P{t}{n:g}{code}"
        if code == "W":
            return f"P{whole * 7 + rest}D"
        head = f"{whole}{code}" if whole else ""
        return f"P{t}{head}{tt}{rest}{sub}"

    def duration(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        unit = g["u"].lower()
        after = self.text[c.end : c.end + 5]
        if self.lex.duration_units[unit] == "Q" and re.match(r"\s+of\b", after):
            return None  # "a quarter of the votes"
        if g["u"][0].isupper() and re.match(r"[\s-]+[A-Z]", self.text[c.end : c.end + 3]):
            return None  # "the Thirty Years War", "the Six-Day War": a name
        before = self.text[max(0, c.start - 20) : c.start]
        num = (g.get("n") or "").lower()
        if num in ("one", "a", "an") and not g.get("approx") and not g.get("det"):
            if unit == "day" and self.lex.future_modal.search(before):
                return self.make(c, "DATE", "FUTURE_REF", None, None)  # "will one day be"
            if self.lex.frequency_before.search(before) or self.lex.rate_before.search(before):
                return self.make(c, "SET", self._dur_value(1, unit), None, None)  # "twice a day"
        n = None if g.get("vq") else self._count(num)
        return self.make(c, "DURATION", self._dur_value(n, unit), None, None)

    def year_span(self, c: _Cand) -> Timex:
        """ "the year ended June 30": a year-long period (TimeML DURATION)."""
        return self.make(c, "DURATION", "P1Y", None, None)

    def duration_bare(self, c: _Cand) -> Timex | None:
        """ "for years", "within weeks", "the past few weeks", "coming weeks": PXY, PXW."""
        g = c.m.groupdict()
        of = re.match(r"\s+of\b", self.text[c.end : c.end + 5])
        if of and self.lex.duration_units[g["u"].lower()] == "Q":
            return None  # "quarters of the staff", "three-quarters of the vote": a fraction
        if of and self.lex.hours_of_day.search(self.text, 0, c.start):
            return None  # "in the early hours of Tuesday": a part of that day, no duration
        if not (g.get("prep") or g.get("mod") or g.get("ahead") or (of and not g.get("det"))):
            return None
        if g.get("det") and not (g.get("mod") or g.get("ahead")):
            return None  # "over the years": too vague to be sure it is one
        start = c.m.start("det") if g.get("det") else c.m.start("mod") if g.get("mod") else None
        s = start if start is not None else c.m.start("u")
        span = self.text[s : c.end]
        vague = self.lex.vague.get(re.sub(r"\s+", " ", span.lower()))
        if vague:  # the vague lexicon has the last word ("coming quarters" = FUTURE_REF)
            return Timex(span, s, c.end, "DATE", vague, None, None)
        return Timex(span, s, c.end, "DURATION", self._dur_value(None, g["u"]), None, None)

    def set_(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        if g.get("key"):
            value = self.lex.set_words[re.sub(r"\s+", " ", g["key"].lower())]
            return self.make(c, "SET", value, None, None)
        if g.get("mon"):
            word = g["mon"].rstrip(".")
            if word.lower() in self.lex.ambiguous_months and not word[0].isupper():
                return None  # "each may vote"
            return self.make(c, "SET", f"XXXX-{self.lex.month(g['mon']):02d}", None, None)
        if g.get("wd") and not g.get("u"):
            value = f"XXXX-WXX-{self.lex.weekdays[g['wd'].lower()] + 1}"
            part = (g.get("part") or g.get("part2") or "").lower().rstrip("s")
            code = self.lex.day_part_codes.get(part)
            return self.make(c, "SET", f"{value}T{code}" if code else value, None, None)
        unit = g["u"].lower()
        if unit in self.lex.weekdays:
            return self.make(c, "SET", f"XXXX-WXX-{self.lex.weekdays[unit] + 1}", None, None)
        if unit not in self.lex.duration_units:  # a part of the day, a weekend
            return self.make(c, "SET", "P1W" if unit == "weekend" else "P1D", None, None)
        n = 2.0 if g.get("other") else self._count(g["n"]) if g.get("n") else 1.0
        return self.make(c, "SET", self._dur_value(n, unit), None, None)
