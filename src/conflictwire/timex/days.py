"""Calendar arithmetic and facts: safe dates, month arithmetic, Easter and other holidays, ISO
weeks, clamping to publication, and the last day a resolved expression can stand for."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any

from conflictwire.doc import Timex


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


def latest_day(tx: Timex) -> date | None:
    """The last day a timex can stand for (the end of its month or year), for "how long ago";
    None when its value names no day the calendar holds."""
    try:
        return _latest_day(tx)
    except (ValueError, OverflowError):  # year 0, month 13: not a day
        return None


def _latest_day(tx: Timex) -> date | None:
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
    if tx.date is None and (m := re.match(r"(\d{4})-(\d{2})-(\d{2})", v)):
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))  # a day out of bounds
    return tx.date
