"""Checks of the values of a report before it is written: what a column cannot hold is refused.

PostgreSQL stops a transaction on a number out of its column's range (``integer out of range``),
a string longer than its column or a NUL character; SQLite raises on integers over 64 bits. The
store checks every value first against the same limits on both backends, so a bad report is
refused with one clear message (``RecordError``) and nothing of it is written.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Float, Integer, String, Table, Text

INT_MAX = 2**31 - 1  # PostgreSQL ``integer`` (the store's integer columns)
INT_MIN = -(2**31)
NON_NEGATIVE = frozenset({"fatalities", "injuries", "n_events", "version"})
RANGES = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0)}


class RecordError(ValueError):
    """A report the store cannot hold as it is (the message names the report and the field)."""


def _short(v: Any) -> str:
    r = repr(v)
    return r if len(r) <= 40 else r[:37] + "..."


def problem(name: str, typ: Any, v: Any) -> str | None:
    """Why value ``v`` cannot go into column ``name`` of type ``typ`` (None when it can)."""
    if v is None:
        return None
    if isinstance(typ, Integer) and not isinstance(v, bool) and isinstance(v, int | float):
        lo = 0 if name in NON_NEGATIVE else INT_MIN
        if isinstance(v, float) and not math.isfinite(v):
            return f"{name} {v!r} is not a number"
        if not lo <= v <= INT_MAX:
            return f"{name} {_short(v)} is out of range ({lo}..{INT_MAX})"
    elif isinstance(typ, Float) and isinstance(v, int | float) and not isinstance(v, bool):
        if not math.isfinite(v):
            return f"{name} {v!r} is not a finite number"
        lo, hi = RANGES.get(name, (-math.inf, math.inf))
        if not lo <= v <= hi:
            return f"{name} {_short(v)} is out of range ({lo:g}..{hi:g})"
    elif isinstance(typ, String | Text) and isinstance(v, str):
        if "\x00" in v:
            return f"{name} contains a NUL character"
        if typ.length is not None and len(v) > typ.length:
            return f"{name} is {len(v):,} characters long (at most {typ.length:,})"
    return None


def check_row(table: Table, row: Mapping[str, Any], what: str) -> None:
    """Raise RecordError naming ``what`` (e.g. "report 'x', event 2") when a value of ``row``
    does not fit its column of ``table``."""
    for name, v in row.items():
        col = table.c.get(name)
        if col is None:
            continue
        why = problem(name, col.type, v)
        if why:
            raise RecordError(f"{what}: {why}")
