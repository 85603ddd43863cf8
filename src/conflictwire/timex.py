"""A rule-based temporal tagger: TIMEX3-style time expressions, resolved against a report's date.

``tag(text, published, tense)`` finds dates ("12 August 2019", "Aug 12", "8/12/2019", "May 3-4",
"in October 2017"), deictic expressions ("yesterday", "early Monday", "last week", "the weekend"),
anaphoric ones ("the next day", "later that year": resolved from the previous date in the text),
vague ones ("recently" -> PAST_REF), times, durations and sets. Word lists live in
``data/time.yaml``; the patterns are built from them once per process.

A weekday is resolved with the tense of its clause: in a past-tense clause it is the latest such
day on or before publication, in a future-tense clause the next one. ``tense`` is a callable
``(start, end) -> "past" | "present" | "future"``; without one a cue-word heuristic is used.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from conflictwire.doc import Timex
from conflictwire.resources import load_yaml

TenseFn = Callable[[int, int], str]

_ORD = r"(?:st|nd|rd|th)?"
_DASH = r"(?:-|–|—|to|until|till|through|and|&)"


def _alt(words: list[str]) -> str:
    """A regex alternation of phrases, longest first, spaces matching any white space."""
    parts = sorted({w for w in words}, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)


@dataclass
class _Cand:
    start: int
    end: int
    kind: str
    m: re.Match[str]
    order: int
    extra: dict[str, Any] = field(default_factory=dict)


class TimeLexicon:
    """The word lists of ``time.yaml`` and the compiled patterns built from them."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.months: dict[str, int] = data["months"]
        self.ambiguous_months = set(data["ambiguous_months"])
        longest: dict[int, str] = {}
        for k, v in self.months.items():
            if len(k) > len(longest.get(v, "")):
                longest[v] = k
        self.full_months = set(longest.values())
        self.weekdays: dict[str, int] = {
            k: v for k, v in data["weekdays"].items() if k not in data["short_weekdays"]
        }
        self.weekday_mods: dict[str, str] = data["weekday_modifiers"]
        self.relative_days: dict[str, int] = data["relative_days"]
        self.relative_periods: dict[str, list[Any]] = data["relative_periods"]
        self.anaphoric: dict[str, list[Any]] = data["anaphoric"]
        self.units: dict[str, str] = data["units"]
        self.vague: dict[str, str] = data["vague"]
        self.month_parts: dict[str, str] = data["month_parts"]
        self.small_numbers: dict[str, int] = data["small_numbers"]
        mon = rf"(?:{_alt(list(self.months))})\.?"
        wd = _alt(list(self.weekdays))
        parts = _alt(data["parts_of_day"])
        mparts = _alt(list(self.month_parts))
        num = rf"(?:\d{{1,3}}|{_alt(list(self.small_numbers))})"
        units = _alt(list(self.units))
        mods = _alt(list(self.weekday_mods))
        d = rf"(?P<d1>[0-3]?\d){_ORD}"
        d2 = rf"(?P<d2>[0-3]?\d){_ORD}"
        year = r"(?P<y>(?:1[89]|20)\d\d)"
        flags = re.IGNORECASE
        # (kind, pattern) in priority order: at equal length the earlier kind wins.
        specs: list[tuple[str, str]] = [
            ("range_dmdm", rf"\b{d}\s+(?:of\s+)?(?P<m1>{mon})\s*{_DASH}\s*{d2}\s+(?:of\s+)?"
             rf"(?P<m2>{mon})(?:,?\s+{year})?\b"),
            ("range_mdmd", rf"\b(?P<m1>{mon})\s+{d}\s*{_DASH}\s*(?P<m2>{mon})\s+{d2}"
             rf"(?:,?\s+{year})?\b"),
            ("dmy", rf"\b{d}(?:\s*(?:-|–|—|to|and|&|/)\s*{d2})?\s+(?:of\s+)?(?P<m1>{mon})"
             rf"(?:,?\s+{year})?\b"),
            ("mdy", rf"\b(?P<m1>{mon})\s+{d}(?:\s*(?:-|–|—|to|and|&)\s*{d2})?(?:,?\s+{year})?"
             r"(?![\d:,.]\d)\b"),
            ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d1>[0-3]\d)\b"),
            ("numeric", r"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<y>(?:19|20)\d\d|\d\d)\b"),
            ("month", rf"\b(?:(?P<part>{mparts})[\s-]*)?(?P<m1>{mon})(?:,?\s+(?:of\s+)?{year})?\b"),
            ("year", rf"\b(?:(?P<part>{mparts})[\s-]*)?(?<![\d,.$£€-]){year}\b(?![,.]?\d|\s*%)"),
            ("weekday", rf"\b(?:(?P<mod>{mods})\s+)?(?P<wd>{wd})(?:'s)?"
             rf"(?:\s+(?P<part>{parts}))?\b"),
            ("relday", rf"\b(?P<key>{_alt(list(self.relative_days))})(?:'s)?"
             rf"(?:\s+(?P<part>{parts}))?\b"),
            ("relperiod", rf"\b(?P<key>{_alt(list(self.relative_periods))})\b"),
            ("ago", rf"\b(?P<n>{num})\s+(?P<u>{units})\s+(?P<dir>ago|earlier|later|before|after"
             r"|prior)\b"),
            ("anaphoric", rf"\b(?P<key>{_alt(list(self.anaphoric))})\b"),
            ("vague", rf"\b(?P<key>{_alt(list(self.vague))})\b"),
            ("time", r"\b(?P<h>[01]?\d)(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.m\.|[ap]m\b)"),
            ("time", r"\b(?P<h>[01]?\d|2[0-3])[:h](?P<mi>[0-5]\d)\b(?:\s*(?:hours|hrs|GMT))?"),
            ("duration", rf"\b(?:for|over|during|within|in)\s+(?:the\s+)?(?:(?:past|last|next|"
             rf"previous|coming|first)\s+)?(?P<n>{num})\s+(?P<u>{units})\b(?!\s+(?:ago|later|"
             r"earlier|before|after))"),
            ("duration", rf"\b(?P<n>{num})-(?P<u>day|week|month|year|hour)(?:-long)?\b"
             r"(?!-?\s*old)"),
            ("set", rf"\b(?:every|each)\s+(?P<u>day|week|month|year|night|morning|{wd})\b"
             r"|\b(?:daily|weekly|monthly|nightly)\b"),
        ]  # fmt: skip
        self.patterns = [(k, re.compile(p, flags)) for k, p in specs]
        self.approx = re.compile(rf"(?:{_alt(data['approximate'])})\s*(?:the\s+)?$", flags)
        self.week_marker = re.compile(rf"^\s*(?:{_alt(data['week_markers'])})", flags)
        self.name_after = re.compile(rf"\s*(?:{_alt(data['name_nouns'])})\b", flags)
        self.future_cue = re.compile(rf"\b(?:{_alt(data['future_cues'])})\b", flags)
        self.month_cue = re.compile(
            r"\b(?:in|since|during|until|till|by|of|from|before|after|throughout|last|this|next"
            r"|early|late|mid|between|and|or|to)\s+(?:the\s+)?(?:month\s+of\s+)?$",
            flags,
        )

    @classmethod
    @cache
    def load(cls) -> TimeLexicon:
        return cls(load_yaml("time.yaml"))

    def month(self, s: str) -> int:
        return self.months[s.lower().rstrip(".")]

    def number(self, s: str) -> int:
        return int(s) if s.isdigit() else self.small_numbers[re.sub(r"\s+", " ", s.lower())]


# --------------------------------------------------------------------------- helpers


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _month_day(y: int, m: int, part: str | None) -> date:
    if part == "first":
        return date(y, m, 1)
    if part == "last":
        return date(y, m, calendar.monthrange(y, m)[1])
    return date(y, m, 15)


def _week_value(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _clamp(d: date, pub: date | None) -> date:
    return min(d, pub) if pub is not None and d > pub else d


def _day(d: date | None) -> str:
    return d.isoformat() if d else "XXXX-XX-XX"


def heuristic_tense(text: str, lex: TimeLexicon | None = None) -> TenseFn:
    """Past unless the clause holds a future cue ("will", "is set to", "next")."""
    lex = lex or TimeLexicon.load()
    bounds = re.compile(r"[.;!?\n]|,\s+(?:but|while|and|as)\b")

    def tense(start: int, end: int) -> str:
        left = max((m.end() for m in bounds.finditer(text, 0, start)), default=0)
        m = bounds.search(text, end)
        right = m.start() if m else len(text)
        return "future" if lex.future_cue.search(text, left, right) else "past"

    return tense


# --------------------------------------------------------------------------- the tagger


class _Resolver:
    def __init__(self, text: str, pub: date | None, tense: TenseFn, lex: TimeLexicon) -> None:
        self.text = text
        self.pub = pub
        self.tense = tense
        self.lex = lex
        self.ref: Timex | None = None  # the last date in the text (for anaphora)
        self.ref_year: int | None = None  # the last explicit year in the text

    def make(self, c: _Cand, type_: str, value: str, d: date | None, prec: int | None) -> Timex:
        return Timex(self.text[c.start : c.end], c.start, c.end, type_, value, d, prec)

    # ---- explicit dates
    def _year_for(self, m: int, d: int, c: _Cand) -> int | None:
        pub = self.pub
        if self.ref_year is not None and (pub is None or abs(self.ref_year - pub.year) > 1):
            return self.ref_year
        if pub is None:
            return self.ref_year
        future = self.tense(c.start, c.end) == "future"
        opts = [x for y in (pub.year - 1, pub.year, pub.year + 1) if (x := _safe_date(y, m, d))]
        if future:
            later = [x for x in opts if x >= pub]
            return min(later).year if later else pub.year
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
        d1 = int(g["d1"])
        m2 = self.lex.month(g["m2"]) if g.get("m2") else m1
        d2 = int(g["d2"]) if g.get("d2") else None
        if g.get("y"):
            y: int | None = int(g["y"])
            self.ref_year = y
        else:
            y = self._year_for(m1, d1, c)
        if y is None:
            if not 1 <= d1 <= 31:
                return None
            return self.make(c, "DATE", f"XXXX-{m1:02d}-{d1:02d}", None, None)
        first = _safe_date(y, m1, d1)
        if first is None:
            return None
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

    def numeric(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        y = int(g["y"])
        y = y + 2000 if y < 100 else y
        if c.kind == "iso":
            d = _safe_date(y, int(g["mo"]), int(g["d1"]))
        else:
            a, b = int(g["a"]), int(g["b"])
            dm, md = _safe_date(y, b, a), _safe_date(y, a, b)
            if dm and md and dm != md:
                # ambiguous: the reading nearest the publication date (else day-first)
                pub = self.pub
                d = min((dm, md), key=lambda x: abs((x - pub).days)) if pub else dm
            else:
                d = dm or md
        if d is None:
            return None
        self.ref_year = d.year
        return self.make(c, "DATE", d.isoformat(), d, 2 if self._approx(c) else 1)

    def month(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        word = g["m1"].rstrip(".")
        if not g.get("y"):
            before = self.text[max(0, c.start - 30) : c.start]
            if not word[0].isupper() or word.lower() not in self.lex.full_months:
                return None
            if not g.get("part") and not self.lex.month_cue.search(before):
                return None
        elif word.lower() in self.lex.ambiguous_months and not word[0].isupper():
            return None
        m = self.lex.month(word)
        part = self.lex.month_parts.get(re.sub(r"\s+", " ", (g.get("part") or "").lower()))
        if g.get("y"):
            y: int | None = int(g["y"])
            self.ref_year = y
        else:
            y = self._year_for(m, 1 if part != "last" else 28, c)
        if y is None:
            return self.make(c, "DATE", f"XXXX-{m:02d}", None, None)
        d = _month_day(y, m, part)
        if self.pub and d > self.pub and y == self.pub.year and m == self.pub.month:
            d = self.pub
        return self.make(c, "DATE", f"{y}-{m:02d}", d, 3)

    def year(self, c: _Cand) -> Timex | None:
        y = int(c.m.group("y"))
        before = self.text[max(0, c.start - 12) : c.start].lower()
        cue = re.search(
            r"\b(?:in|since|during|until|till|by|of|from|before|after|year|"
            r"throughout|between|and|to)\s+(?:the\s+(?:year\s+)?)?$",
            before,
        )
        if not c.m.group("part") and not cue:
            return None
        self.ref_year = y
        return self.make(c, "DATE", str(y), None, None)

    # ---- deictic
    def weekday(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        wd = self.lex.weekdays[g["wd"].lower()]
        mod = self.lex.weekday_mods.get(re.sub(r"\s+", " ", (g.get("mod") or "").lower()), "tense")
        part = (g.get("part") or "").lower()
        pub = self.pub
        if pub is None:
            return self.make(c, "DATE", f"XXXX-WXX-{wd + 1}", None, None)
        if mod == "tense":
            mod = "future" if self.tense(c.start, c.end) == "future" else "past"
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

    def _day_timex(self, c: _Cand, d: date, part: str) -> Timex:
        codes = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                 "overnight": "NI", "dawn": "MO", "noon": "MI", "midday": "MI"}  # fmt: skip
        if part in codes:
            return self.make(c, "TIME", f"{d.isoformat()}T{codes[part]}", d, 1)
        return self.make(c, "DATE", d.isoformat(), d, 1)

    def relday(self, c: _Cand) -> Timex | None:
        key = re.sub(r"\s+", " ", c.m.group("key").lower())
        if self.pub is None:
            return self.make(c, "DATE", "XXXX-XX-XX", None, None)
        d = self.pub + timedelta(days=self.lex.relative_days[key])
        return self._day_timex(c, d, (c.m.group("part") or "").lower())

    def _period(self, c: _Cand, base: date, unit: str, k: int) -> Timex:
        pub = self.pub
        if unit == "day":
            d = base + timedelta(days=k)
            return self.make(c, "DATE", d.isoformat(), d, 1)
        if unit == "week":
            monday = base - timedelta(days=base.weekday()) + timedelta(weeks=k)
            d = _clamp(monday + timedelta(days=3), pub if k <= 0 else None)
            return self.make(c, "DATE", _week_value(monday), d, 2)
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
        y = base.year + k
        return self.make(c, "DATE", str(y), None, None)

    def _future(self, c: _Cand) -> bool:
        return self.tense(c.start, c.end) == "future"

    def relperiod(self, c: _Cand) -> Timex | None:
        key = re.sub(r"\s+", " ", c.m.group("key").lower())
        unit, k = self.lex.relative_periods[key]
        if self.pub is None:
            return self.make(c, "DATE", "PAST_REF" if k < 0 else "PRESENT_REF", None, None)
        if unit == "weekend" and k == 0 and self._future(c):
            k = 1 if self.pub.weekday() < 5 else 0
            sat = self.pub + timedelta(days=(5 - self.pub.weekday()) % 7)
            return self.make(c, "DATE", f"{_week_value(sat)}-WE", sat, 2)
        return self._period(c, self.pub, unit, k)

    def ago(self, c: _Cand) -> Timex | None:
        n = self.lex.number(c.m.group("n"))
        unit = self.lex.units[c.m.group("u").lower()]
        direction = c.m.group("dir").lower()
        if unit in ("hour", "minute"):
            return None
        if direction == "ago":
            base = self.pub
            k = -n
        else:
            base = self.ref.date if self.ref else None
            k = n if direction in ("later", "after") else -n
        if base is None:
            return self.make(c, "DATE", "PAST_REF", None, None)
        if unit == "day":
            d = base + timedelta(days=k)
            return self.make(c, "DATE", d.isoformat(), d, 1)
        if unit == "week":
            d = base + timedelta(weeks=k)
            return self.make(c, "DATE", _week_value(d), d, 2)
        return self._period(c, base, unit, k)

    def anaphoric(self, c: _Cand) -> Timex | None:
        key = re.sub(r"\s+", " ", c.m.group("key").lower())
        unit, k = self.lex.anaphoric[key]
        ref = self.ref
        if ref is None:
            return self.make(c, "DATE", "PAST_REF" if k <= 0 else "FUTURE_REF", None, None)
        if ref.date is None:  # a bare year, "that year"
            y = re.match(r"\d{4}", ref.value)
            if unit == "year" and y:
                return self.make(c, "DATE", str(int(y.group()) + k), None, None)
            return self.make(c, "DATE", ref.value, None, None)
        base = ref.date
        if unit == "day" and ref.precision and ref.precision > 1:
            return self.make(c, "DATE", ref.value, ref.date, ref.precision)
        return self._period(c, base, unit, k)

    def vague(self, c: _Cand) -> Timex:
        key = re.sub(r"\s+", " ", c.m.group("key").lower())
        return self.make(c, "DATE", self.lex.vague[key], None, None)

    def time(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        h = int(g["h"])
        ap = (g.get("ap") or "").lower()
        if ap.startswith("p") and h < 12:
            h += 12
        elif ap.startswith("a") and h == 12:
            h = 0
        if h > 23:
            return None
        return self.make(c, "TIME", f"XXXX-XX-XXT{h:02d}:{g.get('mi') or '00'}", None, None)

    def duration(self, c: _Cand) -> Timex | None:
        n = self.lex.number(c.m.group("n"))
        u = self.lex.units.get(c.m.group("u").lower(), c.m.group("u").lower())
        code = {"day": "D", "week": "W", "month": "M", "year": "Y", "hour": "H", "minute": "M"}[u]
        value = f"PT{n}{code}" if u in ("hour", "minute") else f"P{n}{code}"
        return self.make(c, "DURATION", value, None, None)

    def set_(self, c: _Cand) -> Timex:
        s = c.m.group(0).lower()
        unit = (c.m.groupdict().get("u") or s).lower()
        codes = {
            "day": "P1D",
            "daily": "P1D",
            "night": "P1D",
            "morning": "P1D",
            "nightly": "P1D",
            "week": "P1W",
            "weekly": "P1W",
            "month": "P1M",
            "monthly": "P1M",
            "year": "P1Y",
        }
        if unit in self.lex.weekdays:
            value = f"XXXX-WXX-{self.lex.weekdays[unit] + 1}"
        else:
            value = codes.get(unit, "P1D")
        return self.make(c, "SET", value, None, None)


_DISPATCH = {
    "range_dmdm": "day_month", "range_mdmd": "day_month", "dmy": "day_month",
    "mdy": "day_month", "iso": "numeric", "numeric": "numeric", "month": "month",
    "year": "year", "weekday": "weekday", "relday": "relday", "relperiod": "relperiod",
    "ago": "ago", "anaphoric": "anaphoric", "vague": "vague", "time": "time",
    "duration": "duration", "set": "set_",
}  # fmt: skip


_NAMEABLE = {"dmy", "mdy", "weekday", "month", "year"}


def _candidates(text: str, lex: TimeLexicon) -> list[_Cand]:
    found: list[_Cand] = []
    for order, (kind, pat) in enumerate(lex.patterns):
        for m in pat.finditer(text):
            if m.end() > m.start():
                found.append(_Cand(m.start(), m.end(), kind, m, order))
    found.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
    taken: list[_Cand] = []
    for c in found:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    return taken


def _trim(tx: Timex, text: str) -> Timex:
    """Drop a leading preposition ("on", "since") from the span, TimeML style."""
    m = re.match(r"(?:on|since|until|from|by)\s+", tx.text, re.IGNORECASE)
    if m and len(m.group()) < len(tx.text):
        s = tx.start + m.end()
        return Timex(text[s : tx.end], s, tx.end, tx.type, tx.value, tx.date, tx.precision)
    return tx


def tag(
    text: str,
    published: date | None = None,
    tense: TenseFn | None = None,
    lexicon: TimeLexicon | None = None,
) -> list[Timex]:
    """Every time expression in ``text``, in order, resolved against ``published``."""
    lex = lexicon or TimeLexicon.load()
    resolver = _Resolver(text, published, tense or heuristic_tense(text, lex), lex)
    out: list[Timex] = []
    cands = _candidates(text, lex)
    for i, c in enumerate(cands):
        if c.kind in _NAMEABLE and lex.name_after.match(text, c.end):
            continue
        # "Monday, 12 August" / "Monday (Aug. 12)": the explicit date carries the value
        if c.kind == "weekday" and i + 1 < len(cands):
            nxt = cands[i + 1]
            gap = text[c.end : nxt.start]
            if nxt.kind in ("dmy", "mdy", "numeric", "iso") and re.fullmatch(r"[\s,(]*", gap):
                continue
        tx = getattr(resolver, _DISPATCH[c.kind])(c)
        if tx is None:
            continue
        tx = _trim(tx, text)
        out.append(tx)
        if tx.type in ("DATE", "TIME") and (tx.date is not None or re.match(r"\d{4}", tx.value)):
            resolver.ref = tx
    return out


def latest_day(tx: Timex) -> date | None:
    """The last day a timex can stand for (the end of its month or year), for "how long ago"."""
    v = tx.value
    if m := re.match(r"(\d{4})-(\d{2})$", v):
        y, mo = int(m.group(1)), int(m.group(2))
        return date(y, mo, calendar.monthrange(y, mo)[1])
    if m := re.match(r"(\d{4})$", v):
        return date(int(m.group(1)), 12, 31)
    if m := re.match(r"(\d{4})-W(\d{2})", v):
        try:
            return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 7)
        except ValueError:
            return tx.date
    return tx.date
