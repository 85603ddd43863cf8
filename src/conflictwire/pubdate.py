"""Publication dates as feeds and pages write them -> the day they name.

``parse_published`` reads, in this order:

* ISO 8601 dates and date-times with or without a zone (``2020-05-09``,
  ``2020-05-09T14:03:00Z``, ``2016-12-17T16:45:00-0500``, ``2016-12-17 16:45 EST``);
* RFC 2822 dates, as RSS and e-mail write them (``Tue, 10 Jun 2003 04:00:00 GMT``), with
  ``email.utils``;
* written dates with an English month name (``December 17, 2016 4:45 PM EST``,
  ``December 17, 2016 4:45:51 EST PM``, ``17 Dec 2016``), with ``dateparser`` set to read only
  absolute dates that give a day, a month and a year: nothing is ever completed from today's
  date, so ``yesterday``, ``Monday`` or ``December 17`` are not dates here.

The day is the one written: a time zone never moves it (``2016-12-17T23:30-05:00`` is the 17th, the
day the source published it). All-number dates other than ISO (``09/05/2020``) are refused, since
their day and month cannot be told apart. A day outside ``bounds.MIN_YEAR``..``MAX_YEAR`` is
refused. Every refusal is an ``ingest.InputError`` that names the value.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_tz
from functools import cache
from typing import Any

from conflictwire.bounds import year_problem
from conflictwire.ingest import InputError

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"[Tt ]\d{1,2}:\d{2}")
_RFC_2822 = re.compile(r"^(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d")
_MONTH_WORD = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b",
    re.IGNORECASE,
)
_FORMS = "an ISO date (YYYY-MM-DD), an RFC 2822 date or a written date (December 17, 2016)"
_DATEPARSER_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],  # never completed from the current date
    "PARSERS": ["absolute-time"],  # no "yesterday", no "2 days ago", no timestamps
    "STRICT_PARSING": True,
    "RETURN_AS_TIMEZONE_AWARE": False,  # the day as written, never moved to another zone
}


def parse_published(value: Any) -> date | None:
    """A publication date (see the module's doc) -> its day.

    None / "" -> None; a ``date`` or ``datetime`` is taken as it is. Anything else that names no
    real calendar day in the years allowed raises InputError naming the value.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return _bounded(value.date(), value.date().isoformat())
    if isinstance(value, date):
        return _bounded(value, value.isoformat())
    if not isinstance(value, str):
        raise InputError(f"publication date {value!r} is not a string (want {_FORMS})")
    s = value.strip()
    if _ISO_DATE.match(s):
        return _bounded(_iso(s), s)
    day = _rfc_2822(s) or _written(s)
    if day is None:
        raise InputError(f"publication date {s!r} is not {_FORMS}")
    return _bounded(day, s)


def _iso(s: str) -> date:
    try:
        day = date.fromisoformat(s[:10])
    except ValueError as e:
        raise InputError(f"impossible publication date {s!r} ({e})") from None
    if len(s) == 10:
        return day
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00").replace("z", "+00:00")).date()
    except ValueError:
        pass
    if _ISO_TIME.match(s, 10):  # "2016-12-17 16:45 EST": a time with a zone's name
        return day
    raise InputError(f"publication date {s!r} is not {_FORMS}")


def _rfc_2822(s: str) -> date | None:
    if not _RFC_2822.match(s):
        return None
    parts = parsedate_tz(s)
    if parts is None:
        return None
    try:
        return date(parts[0], parts[1], parts[2])
    except ValueError as e:
        raise InputError(f"impossible publication date {s!r} ({e})") from None


def _written(s: str) -> date | None:
    if len(s) > 100 or not _MONTH_WORD.search(s):  # all-number dates are ambiguous
        return None
    when = _dateparser().parse(s, languages=["en"], settings=_DATEPARSER_SETTINGS)
    return when.date() if when is not None else None


@cache
def _dateparser() -> Any:
    import dateparser  # about a second to load: only when a written date comes

    return dateparser


def _bounded(day: date, shown: str) -> date:
    problem = year_problem(day)
    if problem:
        raise InputError(f"implausible publication date {shown!r} ({problem})")
    return day
