"""A report's publication date read from its own words, for reports the feed gives none.

Wire reports carry it in the dateline ("WASHINGTON, Feb 28 (Reuters) -", "SAN SALVADOR, 3 JAN 90
(RADIO CADENA) --", "NEW YORK (AP) Jan. 5, 2004 --"), web pages in a header line ("Monday, March
14, 2016", "By Jane Doe | 28 February 2016 | 10:42 GMT", "12.08.2019 - ..."). Only the opening
characters are read (``HEAD_CHARS``, or up to the dateline's end), with the project's own
tagger (``tag`` without a publication date, so a date without a year stays unresolved):

- a date in the dateline, else a header-like date (alone on its line, after a label such as
  "Published:", or between separators like "|" and "-") near the start; a sentence's date
  ("On 28 February 2016, gunmen ...") is an event's date, not the report's, and is not taken;
- a full date (with its year) is as good as a feed date (precision 1); a two-digit year ("90")
  is 19xx when larger than this year's two digits, else 20xx;
- a day and month without a year ("Feb 28") takes a year only from a date or month with its
  year stated in the first paragraph (the reading nearest to it; of several, the latest), or
  from a bare year in the headline before it, then with precision 2; with none, no date:
  never a guess (a bare year in the body is too often another year's: "a 1990 law");
- a date more than a day after ``today`` or before 1900 is not used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from conflictwire.doc import Timex
from conflictwire.timex.days import _safe_date
from conflictwire.timex.lexicon import TimeLexicon, _alt
from conflictwire.timex.tagger import tag

HEAD_CHARS = 200  # the opening read for a header date (the dateline is read to its end)
PARAGRAPH_CHARS = 1000  # the most of the first paragraph read for a year
LABEL_BEFORE = 80  # a header date's line holds at most this much before it ("By Jane Doe |")
MIN_YEAR = 1900

_DAY_VALUE = re.compile(r"(?:\d{4}|XXXX)-\d\d-\d\d")
_SEPARATORS = "|:\u2022\u00b7,-\u2013\u2014\u0097()[]/"
_CLOCK = re.compile(r"\d{1,2}[:.]\d\d\b")
_TWO_DIGIT_NUMERIC = re.compile(r"\d{1,2}[./]\d{1,2}[./](\d\d)$")
_TWO_DIGIT_AFTER = re.compile(r"[ \t]*,?[ \t]*['\u2019]?(\d\d)(?![\d:.,]?\d)")
_OWN_YEAR = re.compile(r"\d{4}|[./]\d\d$")  # a year in the date's own words
_DMY_YY = re.compile(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+['\u2019]?(\d\d)")  # "7 MAR 05"
_YEAR_MONTH_VALUE = re.compile(r"(\d{4})-\d\d(?:-\d\d)?(?:T|$)")  # a month or day, its year


@dataclass(frozen=True)
class Published:
    """A publication date found in the text (``date`` None: a day and month with no year)."""

    date: date | None
    start: int  # the span of the words it came from
    end: int
    source: str  # "dateline", "first line" or "opening lines"
    precision: int = 1  # 1 as good as a feed date; 2 when the year came from elsewhere
    year_span: tuple[int, int] | None = None  # the words that gave the year (precision 2)


@cache
def _cues(lex: TimeLexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A weekday at the end of the words before a date; a label ("Published:") there; and a
    quick test that a text may hold a day's date at all (a month name next to a number, a
    numeric or ISO date), so that most reports are not tagged."""
    weekday = re.compile(rf"\b(?:{_alt(list(lex.data['weekdays']))})\.?,?$", re.IGNORECASE)
    label = re.compile(rf"(?:^|\W)(?:{_alt(lex.data['published_labels'])})\W*$", re.IGNORECASE)
    mon = _alt(list(lex.months))
    day = re.compile(
        rf"\b(?:{mon})\b\.?\s*\d|\d\s+(?:of\s+)?(?:{mon})\b|\d[./-]\d\d?[./-]\d\d",
        re.IGNORECASE,
    )
    return weekday, label, day


def two_digit_year(yy: int, today: date | None = None) -> int:
    """ "90" -> 1990 when 90 is larger than this year's two digits, else 20xx."""
    today = today or date.today()
    return 1900 + yy if yy > today.year % 100 else 2000 + yy


def _plausible(d: date | None, today: date) -> bool:
    return d is not None and d.year >= MIN_YEAR and d <= today + timedelta(days=1)


def _header_like(text: str, tx: Timex, lex: TimeLexicon) -> bool:
    """A date set apart as a header: alone on its line, after a label ("Published:") or a
    separator ("By Jane Doe |"), and followed by the line's end, a separator or a clock time."""
    line_start = text.rfind("\n", 0, tx.start) + 1
    line_end = text.find("\n", tx.end)
    before = text[line_start : tx.start].strip()
    after = text[tx.end : len(text) if line_end < 0 else line_end].strip()
    weekday_re, label_re, _ = _cues(lex)
    weekday = weekday_re.search(before)
    if weekday:  # "Monday, March 14, 2016": the weekday belongs to the date
        before = before[: weekday.start()].rstrip()
    if len(before) > LABEL_BEFORE:
        return False
    labelled = bool(before) and label_re.search(before) is not None
    if before and not labelled and before[-1] not in _SEPARATORS:
        return False
    if after[:1] == "," and after[1:].lstrip()[:1].islower():
        return False  # "March 14, 2016, was the day ...": a sentence goes on
    if not after or after[0] in _SEPARATORS or _CLOCK.match(after) or labelled:
        return True  # "This story is from March 2, 2002 hyderabad: ...": the label says so
    # at a line's start, a date before a new sentence ("2016-03-14 Police said ..."), not one
    # that a sentence goes on from ("28 February 2016 marked ...")
    return not before and after[0].isupper()


def _full_date(text: str, tx: Timex, today: date) -> tuple[date | None, int]:
    """The date of a day timex and the end of its words, a two-digit year read by this
    module's rule ("3 JAN 90", "12.08.19")."""
    if tx.date is not None and _OWN_YEAR.search(tx.text):
        yy = _TWO_DIGIT_NUMERIC.search(tx.text)
        if yy is None:
            return tx.date, tx.end
        return _safe_date(two_digit_year(int(yy.group(1)), today), tx.date.month,
                          tx.date.day), tx.end  # fmt: skip
    after = _TWO_DIGIT_AFTER.match(text, tx.end)
    if after is None:
        return None, tx.end
    month, day = int(tx.value[5:7]), int(tx.value[8:10])
    return _safe_date(two_digit_year(int(after.group(1)), today), month, day), after.end()


def _year_from_paragraph(
    text: str, tx: Timex, today: date, lex: TimeLexicon
) -> tuple[date, tuple[int, int]] | None:
    """ "Feb 28 (Reuters) - ... since Feb. 20, 2016": the year of a day or month with its year
    in the first paragraph, the reading of the day-month nearest to it (of several, the latest
    plausible one); else a bare year in the headline before the day-month ("Fashion Week 2016
    Jane Doe BERLIN, Jan. 19 (Xinhua) --"). A bare year in the report's body is too often
    another year's ("a 1990 law", "in 2010") to date the report."""
    body = re.search(r"\S", text[tx.end :])
    if body is None:
        return None
    nl = text.find("\n", tx.end + body.start())
    end = min(len(text) if nl < 0 else nl, tx.end + body.start() + PARAGRAPH_CHARS)
    month, day = int(tx.value[5:7]), int(tx.value[8:10])
    dated: list[tuple[date, tuple[int, int]]] = []
    bare: list[tuple[date, tuple[int, int]]] = []
    for other in tag(text[:end], None, lexicon=lex):
        if other.type not in ("DATE", "TIME") or (other.start < tx.end and tx.start < other.end):
            continue
        ym = _YEAR_MONTH_VALUE.match(other.value)
        if ym is not None and other.date is not None:  # the reading nearest to it
            y = int(ym.group(1))
            k = min((y - 1, y, y + 1), key=lambda k: _distance(k, month, day, other.date))
            d = _safe_date(k, month, day)
            if d is not None and _plausible(d, today):
                dated.append((d, (other.start, other.end)))
        elif re.fullmatch(r"\d{4}", other.value) and other.end <= tx.start:
            d = _safe_date(int(other.value), month, day)
            if d is not None and _plausible(d, today):
                bare.append((d, (other.start, other.end)))
    found = dated or bare
    return max(found, key=lambda f: f[0]) if found else None


def _distance(y: int, month: int, day: int, ref: date | None) -> int:
    d = _safe_date(y, month, day)
    return abs((d - ref).days) if d is not None and ref is not None else 10**6


def _where(
    text: str,
    tx: Timex,
    date_spans: tuple[tuple[int, int], ...],
    dateline_end: int,
    first_nl: int,
    lex: TimeLexicon,
) -> str | None:
    """Where a date stands when it is the report's own: "dateline" (in it, or set apart right
    after it: "KABUL — March 3, 2016 — ..."), "first line" or "opening lines" (a header date);
    None when it is not set apart (a sentence's date)."""
    if any(s < tx.end and tx.start < e for s, e in date_spans):
        return "dateline"
    if (tx.start >= HEAD_CHARS and tx.start > dateline_end) or not _header_like(text, tx, lex):
        return None
    gap = text[dateline_end : tx.start] if dateline_end and tx.start >= dateline_end else "x"
    if not gap.strip(" \t" + _SEPARATORS):
        return "dateline"
    return "first line" if first_nl < 0 or tx.start < first_nl else "opening lines"


def find_published(
    text: str,
    date_spans: tuple[tuple[int, int], ...] = (),
    dateline_end: int = 0,
    today: date | None = None,
) -> Published | None:
    """The publication date a report states in its dateline or first line. ``date_spans`` are
    the spans of the date in the dateline (clean-up's ``date``/``sdate``/``ddate``),
    ``dateline_end`` where the dateline ends (a date right after it is the dateline's too)."""
    today = today or date.today()
    end = max(min(len(text), HEAD_CHARS), dateline_end)
    space = re.search(r"\s", text[end : end + 30])
    end = end + space.start() if space else min(len(text), end + 30)
    head = text[:end]
    lex = TimeLexicon.load()
    if not _cues(lex)[2].search(head):
        return None
    first_nl = text.find("\n", len(head) - len(head.lstrip()))
    read: list[tuple[int, int]] = []
    for s, e in date_spans:  # "7 MAR 05": the tagger would read "MAR 05" (March 5)
        dm = _DMY_YY.fullmatch(text, s, e)
        if dm and dm.group(2).lower() in lex.months:
            y = two_digit_year(int(dm.group(3)), today)
            d = _safe_date(y, lex.month(dm.group(2)), int(dm.group(1)))
            if _plausible(d, today):
                return Published(d, s, e, "dateline")
            read.append((s, e))
    cands: list[tuple[Timex, str]] = []
    for tx in tag(head, None, lexicon=lex):
        if tx.type != "DATE" or not _DAY_VALUE.fullmatch(tx.value):
            continue
        if any(s < tx.end and tx.start < e for s, e in read):
            continue
        where = _where(text, tx, date_spans, dateline_end, first_nl, lex)
        if where is not None:
            cands.append((tx, where))
    cands.sort(key=lambda c: c[1] != "dateline")  # the dateline's first, then in text order
    yearless: tuple[Timex, str] | None = None
    for tx, where in cands:
        d, stop = _full_date(text, tx, today)
        if d is not None:
            if _plausible(d, today):
                return Published(d, tx.start, stop, where)
            continue
        if yearless is None and not _OWN_YEAR.search(tx.text):
            yearless = (tx, where)
    if yearless is None:
        return None
    tx, where = yearless
    got = _year_from_paragraph(text, tx, today, lex)
    if got is None:
        return Published(None, tx.start, tx.end, where)
    return Published(got[0], tx.start, tx.end, where, precision=2, year_span=got[1])
