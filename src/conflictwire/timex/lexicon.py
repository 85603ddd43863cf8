"""The tagger's knowledge: the word lists of ``data/time.yaml`` and the patterns built from them.

``TimeLexicon.load()`` reads the file once per process and compiles every pattern, in priority
order (at equal length the earlier kind wins); ``_Cand`` is one pattern match, a candidate
expression, before it is resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from conflictwire.resources import load_yaml

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
            ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<mo>[01]\d)-(?P<d1>[0-3]\d)(?:\b|(?=T\d\d:))"),
            ("numeric", r"\b(?P<a>[0-3]?\d)[/.](?P<b>[0-3]?\d)[/.](?P<y>(?:19|20)\d\d|\d\d)\b"),
            ("month", rf"\b(?:(?P<part>{mparts})[\s-]*)?(?P<m1>{mon})(?:,?\s+(?:of\s+)?(?:{year}|"
             r"['’](?P<yy>\d\d)(?![\w'’%])))?\b"),
            # "at 1800 in Grenada", "at 2340 on 11 November": a military clock time, not a year
            # (wire copy writes its times so; "at 1998" is no time, "at 2010 levels" no clock)
            ("time", r"(?<=\bat\s)(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d)\b(?![,.]?\d|\s*%|"
             r"\s+(?:levels?|prices?|rates?|figures?|standards?|values?)\b)"),
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
