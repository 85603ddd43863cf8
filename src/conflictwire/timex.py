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
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from conflictwire.doc import Timex
from conflictwire.resources import load_yaml

TenseFn = Callable[[int, int], str]
NEAR_FUTURE_DAYS = 14  # a day-month at most this far after publication is in the coming days

_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_UNIT_YEARS = {"decade": 10, "century": 100}  # "two decades ago": counted in years
_ORD = r"(?:st|nd|rd|th)?"
_DASH = r"(?:-|–|—|to|until|till|through|and|&)"


def _alt(words: list[str]) -> str:
    """A regex alternation of phrases, spaces matching any white space. Built as a trie (shared
    prefixes are matched once, a longer phrase is tried before its prefix): fast to scan."""
    trie: dict[str, Any] = {}
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + build(sub)
            for ch, sub in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie)


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
        self.vague_counts = set(data["vague_counts"])
        self.number_words: dict[str, int] = data["number_words"]
        self.year_offsets: dict[str, int] = data["year_offsets"]
        self.quarters: dict[str, str] = data["quarters"]
        self.seasons: dict[str, str] = data["seasons"]
        self.season_of_month: dict[int, str] = data["season_of_month"]
        self.relative_day_parts: dict[str, str] = data["relative_day_parts"]
        self.day_part_codes: dict[str, str] = data["day_part_codes"]
        self.quarter_anaphors: dict[str, int] = data["quarter_anaphors"]
        self.duration_units: dict[str, str] = data["duration_units"]
        self.duration_numbers: dict[str, int] = data["duration_numbers"]
        self.duration_multipliers: dict[str, int] = data["duration_multipliers"]
        self.set_words: dict[str, str] = data["set_words"]
        # holiday -> [month, day] (a fixed date), [month, weekday, nth] (nth weekday of the
        # month, -1 = the last) or "easter" / [easter, offset] (days from Western Easter)
        self.holidays: dict[str, Any] = data["holidays"]
        self.year_blocker = re.compile(
            rf"\s*(?:%|(?:{_alt(data['year_blockers'])})\b)", re.IGNORECASE
        )
        mon = rf"(?:{_alt(list(self.months))})\.?"
        wd = _alt(list(self.weekdays))
        parts = _alt(data["parts_of_day"])
        mparts = _alt(list(self.month_parts))
        num = rf"(?:\d{{1,3}}|{_alt(list(self.small_numbers))})"
        units = _alt(list(self.units))
        mods = _alt(list(self.weekday_mods))
        pre = rf"(?:(?P<pre>{_alt(data['parts_before_day'])})\s+)?"
        quarters = "|".join(
            re.escape(q).replace(r"\ ", r"[\s-]+") for q in sorted(self.quarters, key=len)[::-1]
        )
        tens = _alt([w for w, n in self.number_words.items() if n >= 20 and n % 10 == 0])
        unit = _alt([w for w, n in self.number_words.items() if 1 <= n <= 9])
        seasons = _alt(list(self.seasons))
        rel = r"(?:this|last|next|past|coming|previous)"
        # "Monday of last week", "Friday of the following week": a day of a named week
        self.named_weeks = {k: v for k, v in [*self.relative_periods.items(),
                            *self.anaphoric.items()] if v[0] == "week"}  # fmt: skip
        weeks = _alt(list(self.named_weeks))
        numw = _alt([*self.duration_numbers, *self.duration_multipliers])
        dnum = (rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?(?:\s+1/2|½)?|(?:{numw})(?:[\s-]+(?:{numw}))*)"
                r"(?:\s+and\s+a\s+half)?")  # fmt: skip
        dnum = rf"{dnum}(?:\s*(?:-|–|to|or)\s*{dnum})?"
        vq = _alt(data["vague_quantities"])
        fill = _alt(data["duration_fillers"])
        dunits = _alt(list(self.duration_units))
        plural = _alt([u for u in self.duration_units if u.endswith("s")])
        bpreps = _alt(data["bare_duration_preps"])
        bmods = _alt(data["bare_duration_mods"])
        dparts = _alt(data["set_day_parts"])
        freq = rf"(?:{_alt(data['frequency_words'])}|\d+\s+times|(?:{numw})\s+times)"
        dur_stop = r"(?![\s-]+(?:ago|earlier|later|old|from\s+now|hence)\b)"
        self.dur_pre = (
            rf"\b(?:(?P<approx>{_alt(data['duration_approx'])})\s+)?(?:(?P<det>the|these|those|"
            rf"its|their|his|her|our|this|that)\s+)?(?:(?P<mod>{_alt(data['duration_mods'])})\s+)?"
        )
        self.elided_year_before = re.compile(
            rf"(?:\b(?:{_alt(data['elided_year_preps'])})|{mon}|\b{seasons})\s+$", re.I
        )
        self.hours_of_day = re.compile(rf"\b(?:{_alt(data['hours_of_day'])})\s+$", re.I)
        self.future_modal = re.compile(rf"\b(?:{_alt(data['future_modals'])})\s+$", re.I)
        self.frequency_before = re.compile(rf"\b(?:{freq})\s+$", re.I)
        # "four flights a week", "$2 million a year": a count, then "a <unit>" is a rate
        self.rate_before = re.compile(
            rf"(?:\d|\b(?:{numw}|million|billion)\b)\S*(?:\s+(?!(?:{_alt(data['rate_blockers'])})"
            rf"\b)[a-z]+){{0,2}}\s+$",
            re.I,
        )
        # "January twenty-first", "the third of March": a spelled ordinal day
        self.day_ordinals: dict[str, int] = data["day_ordinals"]
        ordw = "|".join(
            re.escape(k).replace(r"\-", r"[\s-]") for k in sorted(self.day_ordinals, key=len)[::-1]
        )
        ordx = _alt(data["ordinal_day_blockers"])  # "the March second round": not a day
        d = rf"(?P<d1>[0-3]?\d){_ORD}"
        d2 = rf"(?P<d2>[0-3]?\d){_ORD}"
        year = r"(?P<y>(?:1[89]|20)\d\d)"
        zone = rf"\s*(?:{_alt(data['time_zones'])})\b"  # "5 p.m. EST": part of the time
        tz = rf"(?:{zone})?"
        flags = re.IGNORECASE
        clock_pre = "|".join(rf"(?<=\b{re.escape(w)}\s)" for w in data["clock_preps"])
        # (kind, pattern) in priority order: at equal length the earlier kind wins.
        specs: list[tuple[str, str]] = [
            ("year_span", r"\bthe\s+(?:(?:fiscal|financial|calendar)\s+)?(?P<u>year)"
             r"(?=\s+end(?:ed|ing)\b)"),
            ("range_dmdm", rf"\b{d}\s+(?:of\s+)?(?P<m1>{mon})\s*{_DASH}\s*{d2}\s+(?:of\s+)?"
             rf"(?P<m2>{mon})(?:,?\s+{year})?\b"),
            ("range_mdmd", rf"\b(?P<m1>{mon})\s+{d}\s*{_DASH}\s*(?P<m2>{mon})\s+{d2}"
             rf"(?:,?\s+{year})?\b"),
            # "January-November", "from March to June 1997": each month is a date
            ("month_range", rf"\b(?P<m1>{mon})\s*(?:-|–|—|to|through|until|till)\s*(?P<m2>{mon})"
             rf"(?:,?\s+{year})?\b(?!\s*\d|['’])"),
            # "April 1, 2 and 3", "5 and 6 May": each day is a date (TimeML tags each)
            ("day_list", rf"\b(?P<m1>{mon})\s+{d}(?P<rest>(?:\s*,\s*[0-3]?\d{_ORD})*\s*,?\s*"
             rf"(?:and|&)\s*[0-3]?\d{_ORD})(?:,?\s+{year})?\b(?![\d:,.]\d)"),
            ("day_list", rf"\b{d}(?P<rest>(?:\s*,\s*[0-3]?\d{_ORD})*\s*,?\s*(?:and|&)\s*"
             rf"[0-3]?\d{_ORD})\s+(?:of\s+)?(?P<m1>{mon})(?:,?\s+{year})?\b"),
            ("dmy", rf"\b(?:the\s+(?=[0-3]?\d(?:st|nd|rd|th)\s+of\b))?"  # "the 12th of May"
             rf"{d}(?:\s*(?:-|–|—|to|and|&|/)\s*{d2})?\s+(?:of\s+)?(?P<m1>{mon})"
             rf"(?:,?\s+{year})?\b"),
            ("dmy", rf"\bthe\s+(?P<dw>{ordw})\s+of\s+(?P<m1>{mon})(?:,?\s+{year})?\b"),
            ("mdy", rf"\b(?P<m1>{mon})\s+(?:the\s+)?(?P<dw>{ordw})\b(?![\s-]+(?:{ordx})\b)"
             rf"(?:,?\s+{year})?\b"),
            ("mdy", rf"\b(?P<m1>{mon})\s+{d}(?:\s*(?:-|–|—|to|and|&)\s*{d2})?(?:,?\s+{year})?"
             r"(?![\d:,.]\d)\b"),
            # "on the 13th": a day of the month in focus
            ("monthday", rf"\b(?:{_alt(data['month_day_preps'])})\s+the\s+"
             rf"(?P<d1>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)\b(?=\s*(?:[.,;:!?)]|$)|\s+(?:{_alt(data['month_day_next'])})\b)"),
            ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d1>[0-3]\d)\b"),
            ("numeric", r"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<y>(?:19|20)\d\d|\d\d)\b"),
            ("month", rf"\b(?:(?P<part>{mparts})[\s-]*)?(?P<m1>{mon})(?:,?\s+(?:of\s+)?(?:{year}|"
             r"['’](?P<yy>\d\d)(?![\w'’%])))?\b"),
            ("year", rf"\b(?:(?P<part>{mparts})[\s-]*)?(?:(?P<named>the\s+year|(?:the\s+)?fiscal"
             rf"(?:[\s-]+year)?|FY)[\s-]*)?(?<![\d,.$£€])(?<!\d-){year}\b(?![,.]?\d|\s*%)"
             r"(?P<fy>\s+fiscal(?:\s+year)?\b)?"),
            ("year", r"\bFY[\s-]?'?(?P<yy>\d\d)\b"),  # "FY98": a fiscal year
            # "1992-1995", "1992-95": TimeML tags the two years of a range apart
            ("year", r"(?<=\b(?:1[89]|20)\d\d[-–])(?:(?P<y>(?:1[89]|20)\d\d)|(?P<yy3>\d\d))\b"
             r"(?![-–.,]?\d|\s*%)"),
            # "in 1648", "the Peace of Westphalia of 1648": an older year after a cue word
            ("old_year", rf"\b(?:{_alt(data['old_year_cues'])})\s+(?P<y>1[0-7]\d\d)\b"
             rf"(?![-–.,]?\d|\s*%|\s*(?:{_alt(data['old_year_blockers'])})(?!\w)|{zone}|\s*(?:hours|"
             r"hrs|h)\b)"),
            # "in '97", "Sept. '97": an elided century (after a word that takes a year)
            ("year", r"(?<![\w'’])['’](?P<yy2>\d\d)\b(?![%'’]|s\b|\s*(?:-|to)\s*\d)"),
            ("month_rel", rf"\b(?P<mod>{rel})\s+(?P<m1>{mon})(?!\s*\d)\b"),
            ("month_rel", rf"\b(?P<m1>{mon})\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year\b"),
            ("quarter", rf"\b(?:(?:the|this|its)\s+)?(?:(?P<y2>(?:19|20)\d\d)\s+|(?P<rel>this|last|"
             rf"next)\s+year'?s\s+|(?P<ago>year[\s-](?:ago|earlier))\s+|fiscal[\s-]+|year's\s+)?"
             rf"(?P<q>{quarters})(?:\s+(?:of\s+)?(?:fiscal\s+)?{year}|\s+of\s+(?P<rel2>this|last|"
             r"next)\s+year|\s+of\s+the\s+(?:fiscal\s+|calendar\s+)?year(?![\s-]+(?:ago|earlier)))?\b"),
            # "the September quarter": the quarter that month ends (financial reports)
            ("quarter", rf"\b(?:the|its)\s+(?P<mq>{mon})(?:\s+{year})?\s+quarter\b"),
            ("season", rf"\b(?:(?P<mod>{rel}|early|late|the)\s+)?(?P<s>{seasons})(?:\s+(?:of\s+)?"
             rf"(?:{year}|(?P<yrel>this|last|next)\s+year))?\b"),
            ("spelled_year", rf"\b(?:the\s+year\s+)?(?P<cent>nineteen|eighteen)\s+(?P<tens>{tens})"
             rf"(?:[\s-](?P<unit>{unit}))?\b"),
            ("spelled_year", rf"\bthe\s+year\s+two\s+thousand(?:\s+(?:and\s+)?"
             rf"(?P<unit2>{unit}))?\b"),
            ("decade", r"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<dec>(?:1[89]|20)\d0)'?s\b"),
            ("decade", r"\b(?:the\s+)?(?P<cent>\d{1,2})(?:st|nd|rd|th)[\s-]+century\b"),
            ("decade", rf"\b(?:the\s+)?(?P<centw>{ordw})[\s-]+century\b"),  # "twentieth century"
            # "the '90s", "the mid-80s", "the nineties": the latest such decade by publication
            ("decade", rf"(?:\bthe\s+(?:(?:early|mid|late)[\s-]+)?|(?<![\w'’]))['’](?P<dec2>\d)0s\b"
             rf"|\bthe\s+(?:(?:early|mid|late)[\s-]+)?(?:(?P<dec2b>\d)0s|(?P<decw>"
             rf"{_alt(list(data['decade_words']))}))\b"),
            ("decade", rf"\b(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?P<cent>nineteen|eighteen)"
             rf"[\s-]+(?P<decw>{_alt(list(data['decade_words']))})\b"),
            ("holiday", rf"\b(?P<key>{_alt(list(self.holidays))})(?:'s)?\b"),
            ("weekday", rf"\b{pre}(?:(?P<mod>{mods})\s+)?(?P<wd>{wd})(?:'s)?"
             rf"(?:\s+(?P<part>{parts}))?(?:,?\s+(?:of\s+)?(?P<wk>{weeks}))?\b"),
            ("relday", rf"\b{pre}(?P<key>{_alt(list(self.relative_days))})(?:'s)?"
             rf"(?:\s+(?P<part>{parts}))?\b"),
            ("relperiod", rf"\b(?P<key>{_alt(list(self.relative_periods))})\b"),
            ("daypart", rf"\b(?P<part>{_alt(data['lone_day_parts'])})\b"),
            # "earlier in the day": the day in focus (TimeML marks "the day")
            ("the_day", rf"\b(?:{_alt(data['in_the_day_words'])})\s+in\s+(?P<day>the\s+"
             r"(?P<u>day|week|month))\b(?!['’]s)"),
            ("daypart", rf"(?:(?<=\bin\s)|(?<=\bduring\s))the\s+(?:(?:early|late)\s+)?(?P<part>"
             rf"{_alt(data['the_day_parts'])})\b(?!\s+(?:of|after|before)\b)"),
            ("week_x", rf"\b(?P<key>{_alt(data['underspecified_weeks'])})\b"
             r"(?!\s+(?:of|before|after)\b)"),
            ("ago", rf"\b(?P<n>{num})\s+(?P<u>{units})\s+(?:or\s+so\s+)?(?P<dir>ago|earlier"
             r"|later|from\s+now|hence|before|after|prior)\b"),
            ("anaphoric", rf"\b(?P<key>{_alt(list(self.anaphoric))})\b(?!-)"),
            ("quarter_ana", rf"\b(?P<key>{_alt(list(self.quarter_anaphors))})\b"),
            ("quarter_ana", r"\b(?:the\s+)?(?P<y>(?:19|20)\d\d)\s+(?:quarter|period)\b"),
            ("year_end", rf"\b(?:the\s+)?(?:{_alt(data['year_end'])})\b"),
            # "the end of the month", "the beginning of the decade": the period in focus
            ("period_part", rf"\bthe\s+(?:very\s+)?(?:{_alt(data['period_parts'])})\s+of\s+the\s+"
             rf"(?P<u>{_alt(list(data['period_part_units']))})\b(?!['’]s|\s+(?:before|after)\b)"),
            ("period_part", rf"\b(?P<mid>{_alt(list(data['mid_periods']))})(?![\w-])"),
            ("vague", rf"\b(?P<key>{_alt(list(self.vague))})\b"),
            ("time", r"\b(?P<h>[01]?\d)(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.m\.|[ap]m\b)"
             rf"{tz}"),
            ("time", rf"(?<!\d[:.])\b(?P<h>[01]?\d|2[0-3])[:h](?P<mi>[0-5]\d)\b(?![:.]\d)"
             rf"(?:\s*(?:hours|hrs))?{tz}"),  # not in "2:11:54" (a race time)
            ("time", rf"\b(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s*(?:hrs\b|{zone})"),  # "0900 GMT"
            # "at 1700 hours": a military clock time (not "1200 hours of work")
            ("time", rf"(?:{clock_pre})(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\s+hours\b{tz}"),
            ("time", r"\b(?P<noon>noon|midday|midnight)\b"),
            ("time", rf"\b(?P<h>[01]?\d|{_alt(list(data['clock_hours']))})\s+o['’]clock\b"
             r"(?:\s*(?P<ap>[ap]\.m\.|[ap]m\b))?"),
            ("duration", rf"{self.dur_pre}(?:(?P<n>{dnum})|(?P<vq>{vq}))(?:\s+(?:{fill}))?"
             rf"[\s-]+(?P<u>{dunits})\b(?:-long\b)?{dur_stop}"),
            ("duration_bare", rf"\b(?:(?P<prep>{bpreps})\s+)?(?:(?P<det>the)\s+)?(?:(?P<mod>"
             rf"{bmods})\s+)?(?P<u>{plural})(?:\s+(?:or|and|to)\s+(?:{plural}))?(?P<ahead>\s+ahead)?"
             rf"\b{dur_stop}"),
            ("set", rf"\b(?:every|each)\s+(?P<mon>{mon})\b"),  # "each March": XXXX-03
            ("set", rf"\b(?:every|each)\s+(?:(?P<other>other)\s+|(?P<n>{dnum})\s+)?(?P<u>"
             rf"{dunits}|{wd}|{dparts}|weekend)\b"),
            ("set", rf"\b(?P<freq>{freq})\s+(?:a|an|per|each|every)\s+(?P<u>{dunits})\b"),
            ("set", rf"\bper\s+(?P<u>{dunits})\b"),
            ("set", rf"\b(?P<key>{_alt(list(self.set_words))})\b"),
            # "Fridays", "Tuesday nights" (not "Friday prayers")
            ("set", rf"\b(?P<wd>{wd})(?:s\b(?:\s*(?P<part>{dparts}))?|\s+(?P<part2>"
             rf"{_alt([p for p in data['set_day_parts'] if p.endswith('s')])})\b)"),
        ]  # fmt: skip
        self.patterns = [(k, re.compile(p, flags)) for k, p in specs]
        self.month_det = re.compile(rf"\b(?:{_alt(data['month_determiners'])})\s+$", flags)
        self.part_of_other = re.compile(
            rf"\s+of\s+(?:(?:the|this|that|last|next|each|every)\s+(?:month|week|decade|century|"
            rf"day|match|game|season|session)\b|{mon})",
            flags,
        )
        self.count_after = re.compile(rf"\s+(?:\d|(?:{numw}|{vq})\b)", flags)
        self.approx = re.compile(rf"(?:{_alt(data['approximate'])})\s*(?:the\s+)?$", flags)
        self.week_marker = re.compile(rf"^\s*(?:{_alt(data['week_markers'])})", flags)
        self.name_after = re.compile(rf"\s*(?:{_alt(data['name_nouns'])})\b", flags)
        self.day_name_after = re.compile(
            rf"\s*(?:{_alt([*data['name_nouns'], *data['day_name_nouns']])})\b", flags
        )
        self.future_prep = re.compile(
            rf"\b(?:{_alt(data['future_preps'])})\s+(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?$",
            flags,
        )
        # "the quarter ended Sept. 30": the calendar quarter that day ends
        self.period_end = re.compile(
            rf"\s+(?:{_alt(data['period_end_verbs'])})\s+(?:on\s+)?(?P<m>{mon})\s+"
            rf"(?P<d>[0-3]?\d)\b(?:,?\s+(?P<y>(?:19|20)\d\d))?",
            flags,
        )
        self.part_of_day_before = re.compile(
            r"\bthe\s+(?:early\s+|late\s+)?"
            rf"(?P<part>{_alt(data['part_of_day_heads'])})\s+of\s+$",
            flags,
        )
        self.range_before = re.compile(rf"\b(?:{_alt(data['range_preps'])})\s+$", flags)
        self.weekend_ahead = re.compile(rf"\b(?:{_alt(data['weekend_ahead'])})\s+$", flags)
        self.future_cue = re.compile(rf"\b(?:{_alt(data['future_cues'])})\b", flags)
        self.month_cue = re.compile(
            r"\b(?:in|since|during|until|till|by|of|from|before|after|throughout|last|this|next"
            r"|early|late|mid|between|and|or|to|for|through|a|an|each|every)\s+(?:the\s+)?(?:month\s+of\s+)?$",
            flags,
        )

    @classmethod
    @cache
    def load(cls) -> TimeLexicon:
        return cls(load_yaml("time.yaml"))

    def month(self, s: str) -> int:
        return self.months[s.lower().rstrip(".")]

    def day_number(self, s: str) -> int:
        """A day of the month, in digits or a spelled ordinal ("twenty-first")."""
        s = s.strip()
        return int(s) if s.isdigit() else self.day_ordinals[re.sub(r"[\s-]+", "-", s.lower())]

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


def _easter(y: int) -> date:
    """Western (Gregorian) Easter Sunday of year ``y`` (the anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ll = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ll) // 451
    month, day = divmod(h + ll - 7 * m + 114, 31)
    return date(y, month, day + 1)


def holiday_date(rule: Any, y: int) -> date | None:
    """The day of a holiday rule (see ``TimeLexicon.holidays``) in year ``y``."""
    if rule == "easter":
        return _easter(y)
    if isinstance(rule, list) and rule and rule[0] == "easter":
        return _easter(y) + timedelta(days=int(rule[1]))
    if len(rule) == 2:
        return _safe_date(y, rule[0], rule[1])
    month, wd, nth, *after = rule
    days = [d for d in range(1, calendar.monthrange(y, month)[1] + 1)
            if date(y, month, d).weekday() == wd]  # fmt: skip
    return date(y, month, days[nth if nth < 0 else nth - 1]) + timedelta(days=sum(after))


def _week_value(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _clamp(d: date, pub: date | None) -> date:
    return min(d, pub) if pub is not None and d > pub else d


def _day(d: date | None) -> str:
    return d.isoformat() if d else "XXXX-XX-XX"


def heuristic_tense(text: str, lex: TimeLexicon | None = None) -> TenseFn:
    """Future when the clause holds a future cue ("will", "is set to"), else unknown."""
    lex = lex or TimeLexicon.load()
    bounds = re.compile(r"[.;!?\n]|,\s+(?:but|while|and|as)\b")

    def tense(start: int, end: int) -> str:
        left = max((m.end() for m in bounds.finditer(text, 0, start)), default=0)
        m = bounds.search(text, end)
        right = m.start() if m else len(text)
        return "future" if lex.future_cue.search(text, left, right) else "unknown"

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

    def _day_timex(self, c: _Cand, d: date, part: str) -> Timex:
        code = self.lex.day_part_codes.get(re.sub(r"[\s-]+", " ", part))
        if code:
            return self.make(c, "TIME", f"{d.isoformat()}T{code}", d, 1)
        return self.make(c, "DATE", d.isoformat(), d, 1)

    def relday(self, c: _Cand) -> Timex | None:
        key = re.sub(r"\s+", " ", c.m.group("key").lower())
        if self.pub is None:
            return self.make(c, "DATE", "XXXX-XX-XX", None, None)
        story = key in self.lex.data["story_relative_days"]
        base = self._story_day(c) if story else self.pub
        d = base + timedelta(days=self.lex.relative_days[key])
        part = c.m.group("part") or c.m.group("pre") or self.lex.relative_day_parts.get(key, "")
        return self._day_timex(c, d, part.lower())

    def _story_day(self, c: _Cand) -> date:
        """The day the story is about: the last day named (in any earlier paragraph: wire
        paragraphs are short), unless it is after publication."""
        assert self.pub is not None
        ref = self.ref
        if ref is None or ref.precision != 1 or ref.date is None or ref.date > self.pub:
            return self.pub
        return ref.date

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

    def daypart(self, c: _Cand) -> Timex | None:
        if self.pub is None:
            return None
        return self._day_timex(c, self._story_day(c), c.m.group("part").lower())

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

    def _future(self, c: _Cand) -> bool:
        return self.tense(c.start, c.end) == "future"

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

    def vague(self, c: _Cand) -> Timex | None:
        key = re.sub(r"\s+", " ", c.m.group("key").lower())
        if key in self.lex.data["open_vague"] and self.lex.count_after.match(self.text, c.end):
            return None  # "in the past three sessions": a period of counted things
        return self.make(c, "DATE", self.lex.vague[key], None, None)

    def time(self, c: _Cand) -> Timex | None:
        g = c.m.groupdict()
        ref = self.ref.date if self.ref is not None and self.ref.precision == 1 else None
        day = ref or self.pub
        anchor = day.isoformat() if day else "XXXX-XX-XX"
        if g.get("noon"):
            hm = "24:00" if g["noon"].lower() == "midnight" else "12:00"
            return self.make(c, "TIME", f"{anchor}T{hm}", day, 1 if day else None)
        h = int(g["h"]) if g["h"].isdigit() else self.lex.data["clock_hours"][g["h"].lower()]
        ap = (g.get("ap") or "").lower()
        if ap.startswith("p") and h < 12:
            h += 12
        elif ap.startswith("a") and h == 12:
            h = 0
        if h > 23:
            return None
        value = f"{anchor}T{h:02d}:{g.get('mi') or '00'}"
        return self.make(c, "TIME", value, day, 1 if day else None)

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


_DISPATCH = {
    "range_dmdm": "day_month", "range_mdmd": "day_month", "dmy": "day_month",
    "mdy": "day_month", "iso": "numeric", "numeric": "numeric", "month": "month",
    "year": "year", "weekday": "weekday", "relday": "relday", "relperiod": "relperiod",
    "ago": "ago", "anaphoric": "anaphoric", "vague": "vague", "time": "time",
    "duration": "duration", "set": "set_", "year_span": "year_span", "week_x": "week_x",
    "duration_bare": "duration_bare", "spelled_year": "spelled_year", "decade": "decade",
    "quarter": "quarter", "season": "season", "month_rel": "month_rel",
    "quarter_ana": "quarter_ana", "year_end": "year_end", "daypart": "daypart",
    "holiday": "holiday", "monthday": "month_day", "the_day": "the_day",
    "old_year": "old_year", "period_part": "period_part",
}  # fmt: skip


_NAMEABLE = {"dmy", "mdy", "weekday", "month", "year", "month_rel", "holiday"}
# kinds that stand for several expressions (one per date), and those with no single reading
_LISTS = {"day_list": "day_list", "range_mdmd": "range_days", "range_dmdm": "range_days",
          "month_range": "month_range"}  # fmt: skip
_NO_SINGLE = {"day_list", "month_range"}
_TITLEABLE = {"relday", "anaphoric", "relperiod"}
_DAY_NAMEABLE = {"dmy", "mdy", "weekday", "holiday"}


class _Pool:
    """Every match of every pattern, overlapping ones included (a longer expression may start
    inside another match: "in recent weeks and months"), and the best non-overlapping set: the
    longest first, at equal length the earlier pattern."""

    def __init__(self, text: str, lex: TimeLexicon) -> None:
        found: list[_Cand] = []
        for order, (kind, pat) in enumerate(lex.patterns):
            pos, last_end = 0, -1
            while (m := pat.search(text, pos)) is not None:
                if m.end() > last_end:  # a match inside the previous one can never be chosen
                    found.append(_Cand(m.start(), m.end(), kind, m, order))
                    last_end = m.end()
                pos = m.start() + 1
        found.sort(key=lambda c: (-(c.end - c.start), c.order, c.start))
        self.found = found
        self.by_start = sorted(found, key=lambda c: c.start)
        self.starts = [c.start for c in self.by_start]
        self.longest = max((c.end - c.start for c in found), default=0)

    @staticmethod
    def _select(cands: list[_Cand]) -> list[_Cand]:
        taken: list[_Cand] = []
        for c in cands:
            if all(c.end <= t.start or c.start >= t.end for t in taken):
                taken.append(c)
        taken.sort(key=lambda c: c.start)
        return taken

    def best(self) -> list[_Cand]:
        return self._select(self.found)

    def instead(self, c: _Cand, lo: int, later: list[_Cand], tried: set[int]) -> list[_Cand]:
        """``later`` (the chosen matches after ``c``) re-chosen with the other matches
        overlapping ``c``, which did not resolve: "at least the first two quarters of 1990" is
        no duration, but holds "the first two quarters of 1990"."""
        i = bisect_left(self.starts, max(lo, c.start - self.longest))
        alts = [a for a in self.by_start[i : bisect_left(self.starts, c.end)]
                if id(a) not in tried and a.end > c.start and a.start >= lo]  # fmt: skip
        if not alts:
            return later
        tried.update(id(a) for a in alts)
        reach = max(a.end for a in alts)
        j = 0
        while j < len(later) and later[j].start < reach:
            j += 1
        pool = sorted([*alts, *later[:j]], key=lambda a: (-(a.end - a.start), a.order, a.start))
        return sorted([*self._select(pool), *later[j:]], key=lambda a: a.start)


def _candidates(text: str, lex: TimeLexicon) -> list[_Cand]:
    return _Pool(text, lex).best()


def _trim(tx: Timex, text: str) -> Timex:
    """Drop a leading preposition ("on", "since") from the span, TimeML style."""
    m = re.match(r"(?:on|since|until|from|by)\s+", tx.text, re.IGNORECASE)
    if m and len(m.group()) < len(tx.text):
        s = tx.start + m.end()
        return Timex(text[s : tx.end], s, tx.end, tx.type, tx.value, tx.date, tx.precision)
    return tx


def _part_of(tx: Timex, text: str, lex: TimeLexicon) -> Timex:
    """ "the night of Feb. 3": a part of a named day, TimeML TIME ``<day>T<part>``."""
    if tx.type != "DATE" or tx.precision != 1 or tx.date is None:
        return tx
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", tx.value):
        return tx
    m = lex.part_of_day_before.search(text, max(0, tx.start - 40), tx.start)
    if m is None:
        return tx
    code = lex.day_part_codes[m.group("part").lower()]
    return Timex(text[m.start() : tx.end], m.start(), tx.end, "TIME", f"{tx.value}T{code}",
                 tx.date, 1)  # fmt: skip


def _title(s: str) -> bool:
    """ "The Day After Tomorrow": a title (a film, a book), every word capitalised, a
    function word among them."""
    words = s.split()
    return (
        len(words) >= 3
        and all(w[0].isupper() for w in words)
        and any(w.lower() in ("after", "before", "of", "the") for w in words[1:])
    )


def _pm(clock: Timex, day: Timex) -> str:
    """The clock time of ``clock``, in the afternoon when ``day`` says so and the clock does not
    ("eight o'clock tonight" is 20:00)."""
    hm = clock.value.split("T")[1]
    h = int(hm[:2])
    part = day.value.rsplit("T", 1)[-1] if "T" in day.value else ""
    if re.search(r"[ap]\.?m\b", clock.text, re.I) or h >= 12:
        return hm
    if part in ("AF", "EV") or (part == "NI" and h >= 6):
        return f"{h + 12:02d}{hm[2:]}"
    return hm


def _dated(tx: Timex) -> bool:
    return tx.date is not None or bool(re.match(r"\d{4}", tx.value))


def _clock(tx: Timex) -> bool:
    return tx.type == "TIME" and bool(re.search(r"T\d\d:\d\d$", tx.value))


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
    pool = _Pool(text, lex)
    cands = pool.best()
    tried = {id(c) for c in cands}
    i = -1
    while i + 1 < len(cands):
        i += 1
        c = cands[i]
        if c.kind in _NAMEABLE:
            names = lex.day_name_after if c.kind in _DAY_NAMEABLE else lex.name_after
            if names.match(text, c.end):
                continue
        if c.kind in ("month", "season") and not c.m.group("y") and i + 1 < len(cands):
            nxt = cands[i + 1]
            gap = text[c.end : nxt.start]
            if nxt.kind == "spelled_year" and re.fullmatch(r",?\s+(?:of\s+)?", gap):
                merged = resolver.with_spelled_year(c, nxt)
                if merged is not None:
                    cands[i + 1] = _Cand(nxt.start, nxt.start, "skip", nxt.m, nxt.order)
                    out.append(merged)
                    resolver.ref = merged
                    continue
        if c.kind == "skip" or (c.kind in _TITLEABLE and _title(c.m.group())):
            continue
        # "Monday, 12 August" / "Monday (Aug. 12)": the explicit date carries the value
        if c.kind == "weekday" and i + 1 < len(cands):
            nxt = cands[i + 1]
            gap = text[c.end : nxt.start]
            if nxt.kind in ("dmy", "mdy", "numeric", "iso") and re.fullmatch(r"[\s,(]*", gap):
                continue
        if c.kind in _LISTS:
            days = getattr(resolver, _LISTS[c.kind])(c)
            if days is not None:
                out.extend(days)
                resolver.ref = days[-1]
                continue
        tx = None if c.kind in _NO_SINGLE else getattr(resolver, _DISPATCH[c.kind])(c)
        if tx is None:  # try the matches it hid
            lo = cands[i - 1].end if i else 0
            cands[i + 1 :] = pool.instead(c, lo, cands[i + 1 :], tried)
            continue
        tx = _trim(tx, text)
        tx = _part_of(tx, text, lex)
        prev = out[-1] if out else None
        joined = prev is not None and _clock(prev) and tx.date is not None and tx.precision == 1
        if joined and re.fullmatch(r"\s*(?:on\s+|,\s*)?", text[prev.end : tx.start], re.I):
            hm = _pm(prev, tx)
            out[-1] = Timex(text[prev.start : tx.end], prev.start, tx.end, "TIME",
                                f"{tx.date.isoformat()}T{hm}", tx.date, 1)  # fmt: skip
            resolver.ref = out[-1]
            continue
        out.append(tx)
        if resolver.keep_ref:
            resolver.keep_ref = False
            continue
        if tx.type in ("DATE", "TIME") and _dated(tx):
            resolver.ref = tx
            ago = c.kind == "ago" and c.m.group("dir").lower() == "ago"
            resolver.ref_ago = (
                (lex.number(c.m.group("n")), lex.units[c.m.group("u").lower()]) if ago else None
            )
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
