"""Writers for extracted events: a rich table, JSON lines, flat CSV, ACLED's 31-column CSV.

``BINARY_FORMATS`` (the store's exports that are not text) are written to a file (``-o``) or a
pipe or redirect, never to a terminal.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.table import Table

from conflictwire.model import ACLED_COLUMNS, Event

FORMATS = ("table", "jsonl", "csv", "acled")
BINARY_FORMATS = frozenset({"parquet"})
CSV_COLUMNS = (
    "article_id", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "injuries",
    "confidence",
)  # fmt: skip


def write_events(
    events: Iterable[Event], fmt: str, out: IO[str], console: Console | None = None
) -> int:
    """Write events to ``out`` in ``fmt``; returns how many were written."""
    n = 0
    if fmt == "jsonl":
        for e in events:
            out.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    elif fmt in ("csv", "acled"):
        cols = ACLED_COLUMNS if fmt == "acled" else CSV_COLUMNS
        w = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for i, e in enumerate(events, 1):
            w.writerow(e.to_acled_row(i) if fmt == "acled" else e.to_dict())
            n += 1
    elif fmt == "table":
        table = Table(show_lines=False, header_style="bold")
        for col in (
            "article",
            "date",
            "type / sub-type",
            "actor1",
            "actor2",
            "where",
            "dead",
            "inj",
        ):
            table.add_column(col, overflow="fold")
        for e in events:
            d = e.to_dict()
            where = ", ".join(x for x in (d["location"], d["admin1"], d["country"]) if x)
            table.add_row(
                d["article_id"],
                d["event_date"] or "?",
                f"{d['event_type']} / {d['sub_event_type']}",
                d["actor1"],
                d["actor2"],
                where or "?",
                str(d["fatalities"]),
                str(d["injuries"]),
            )
            n += 1
        wide = None if getattr(out, "isatty", lambda: False)() else 200  # files, pipes: no wrap
        (console or Console(file=out, width=wide)).print(table)
    else:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return n
