"""Extracted events as Parquet rows (one row an event, ``Event.to_dict`` fields, typed columns).

``event_table`` makes an Arrow table of events; ``write_event_parquet`` writes one; ``concat``
writes several Parquet files into one, in the order given (``batch`` merges its chunks' parts).
Dates are date32, counts int32, coordinates and confidence float64, ``historical`` a boolean and
``evidence`` the JSON text of the evidence spans (``{"field": {"text", "start", "end"}}``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from conflictwire.model import Event
from conflictwire.output import CSV_COLUMNS

COLUMNS: tuple[str, ...] = (*CSV_COLUMNS, "historical", "evidence")
_INTS = ("time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
         "fatalities", "injuries")  # fmt: skip
_FLOATS = ("latitude", "longitude", "confidence")


def schema() -> Any:
    import pyarrow as pa

    types = {c: pa.int32() for c in _INTS} | {c: pa.float64() for c in _FLOATS}
    types |= {"event_date": pa.date32(), "historical": pa.bool_()}
    return pa.schema([(c, types.get(c, pa.string())) for c in COLUMNS])


def event_row(e: Event) -> dict[str, Any]:
    """One event as its Parquet row (as Python values)."""
    d = e.to_dict()
    row = {c: d.get(c) for c in COLUMNS}
    if isinstance(row["event_date"], str):
        row["event_date"] = date.fromisoformat(row["event_date"])
    row["evidence"] = json.dumps(d["evidence"], ensure_ascii=False, sort_keys=True)
    return row


def event_table(events: Iterable[Event]) -> Any:
    """A pyarrow Table of the events, in order."""
    import pyarrow as pa

    return pa.Table.from_pylist([event_row(e) for e in events], schema=schema())


def write_event_parquet(events: Iterable[Event], out: str | Path | BinaryIO) -> int:
    """Write the events to a Parquet file (a path or a binary stream); returns how many rows
    were written."""
    import pyarrow.parquet as pq

    table = event_table(events)
    pq.write_table(table, str(out) if isinstance(out, (str, Path)) else out)
    return table.num_rows


def concat(parts: Sequence[Path], path: str | Path) -> int:
    """Write the rows of ``parts`` (Parquet files of ``schema()``), in order, into ``path``."""
    import pyarrow.parquet as pq

    n = 0
    with pq.ParquetWriter(str(path), schema()) as writer:
        for part in parts:
            table = pq.read_table(part, schema=schema())
            if table.num_rows:
                writer.write_table(table)
            n += table.num_rows
    return n
