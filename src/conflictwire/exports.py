"""Exports of stored incidents: ACLED CSV, flat CSV, JSON lines, GeoJSON, Parquet and PLOVER.

Each writer takes incident dicts (``Store.query`` / ``Store.iter_query``) and returns how many it
wrote. Text formats write to a text stream; Parquet writes to a path or a binary stream.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from typing import IO, Any, BinaryIO

from conflictwire.model import ACLED_COLUMNS
from conflictwire.resources import load_yaml

Row = Mapping[str, Any]

EXPORT_FORMATS = ("table", "csv", "acled", "jsonl", "geojson", "parquet", "plover")
BINARY_FORMATS = ("parquet",)

# The flat CSV / Parquet columns of an incident, in order.
INCIDENT_COLUMNS: tuple[str, ...] = (
    "id", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "iso3", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "sources", "notes", "fatalities",
    "fatalities_low", "fatalities_best", "fatalities_high", "injuries", "n_reports", "confidence",
)  # fmt: skip


def write_acled(rows: Iterable[Row], out: IO[str]) -> int:
    """ACLED's 31 columns, in ACLED's order."""
    from conflictwire.store.repository import acled_row

    w = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, extrasaction="ignore")
    w.writeheader()
    n = 0
    for r in rows:
        w.writerow(acled_row(r))
        n += 1
    return n


def write_csv(rows: Iterable[Row], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=INCIDENT_COLUMNS, extrasaction="ignore")
    w.writeheader()
    n = 0
    for r in rows:
        w.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in INCIDENT_COLUMNS})
        n += 1
    return n


def _json_default(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    raise TypeError(f"{type(v).__name__} is not JSON serialisable")


def write_jsonl(rows: Iterable[Row], out: IO[str]) -> int:
    n = 0
    for r in rows:
        out.write(json.dumps(dict(r), ensure_ascii=False, default=_json_default) + "\n")
        n += 1
    return n


def geojson_feature(r: Row) -> dict[str, Any]:
    """One incident as a GeoJSON Feature (a Point, or no geometry when it has no coordinates)."""
    lat, lon = r.get("latitude"), r.get("longitude")
    geom = None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]}
    props = {k: r.get(k) for k in INCIDENT_COLUMNS if k not in ("latitude", "longitude")}
    return {"type": "Feature", "id": r.get("id"), "geometry": geom, "properties": props}


def write_geojson(rows: Iterable[Row], out: IO[str]) -> int:
    """A GeoJSON FeatureCollection, streamed feature by feature."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for r in rows:
        if n:
            out.write(",\n")
        out.write(json.dumps(geojson_feature(r), ensure_ascii=False, default=_json_default))
        n += 1
    out.write("\n]}\n")
    return n


def parquet_schema() -> Any:
    import pyarrow as pa

    s, i, f = pa.string(), pa.int32(), pa.float64()
    types = {
        "event_date": pa.date32(),
        "time_precision": i,
        "inter1": i,
        "inter2": i,
        "interaction": i,
        "iso": i,
        "latitude": f,
        "longitude": f,
        "geo_precision": i,
        "fatalities": i,
        "fatalities_low": i,
        "fatalities_best": i,
        "fatalities_high": i,
        "injuries": i,
        "n_reports": i,
        "confidence": f,
    }
    return pa.schema([(c, types.get(c, s)) for c in INCIDENT_COLUMNS])


def write_parquet(rows: Iterable[Row], out: str | BinaryIO) -> int:
    """A Parquet file with typed columns (dates as date32, counts as int32, coordinates as
    float64)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    cols: dict[str, list[Any]] = {c: [] for c in INCIDENT_COLUMNS}
    for r in rows:
        for c in INCIDENT_COLUMNS:
            v = r.get(c)
            if c == "event_date" and isinstance(v, str):
                v = date.fromisoformat(v)
            cols[c].append(v)
    table = pa.table(cols, schema=schema)
    pq.write_table(table, out)
    return table.num_rows


@cache
def plover_map() -> dict[str, Any]:
    return load_yaml("plover_map.yaml")


def plover_record(r: Row) -> dict[str, Any]:
    """One incident as a PLOVER event (event type, mode and context from the ACLED sub-event
    type; source/target actors; location; size dead/injured)."""
    m = plover_map()
    pl = m["sub_event_types"].get(r.get("sub_event_type") or "", m["default"])

    def actor(name: Any, assoc: Any) -> dict[str, Any] | None:
        if not name:
            return None
        others = [a.strip() for a in (assoc or "").split(";") if a.strip()]
        return {"name": name, "associated": others}

    return {
        "id": r.get("id"),
        "date": r.get("event_date"),
        "event_type": pl["event_type"],
        "mode": pl.get("mode") or "",
        "context": list(pl.get("context") or []),
        "actor": actor(r.get("actor1"), r.get("assoc_actor_1")),
        "recipient": actor(r.get("actor2"), r.get("assoc_actor_2")),
        "location": {
            "name": r.get("location"),
            "admin1": r.get("admin1"),
            "admin2": r.get("admin2"),
            "country": r.get("country"),
            "iso3": r.get("iso3"),
            "lat": r.get("latitude"),
            "lon": r.get("longitude"),
            "geo_precision": r.get("geo_precision"),
        },
        "size": {"dead": r.get("fatalities") or 0, "injured": r.get("injuries") or 0},
        "acled": {
            "event_type": r.get("event_type"),
            "sub_event_type": r.get("sub_event_type"),
            "disorder_type": r.get("disorder_type"),
        },
        "sources": r.get("sources"),
        "notes": r.get("notes"),
    }


def write_plover(rows: Iterable[Row], out: IO[str]) -> int:
    return write_jsonl((plover_record(r) for r in rows), out)


def write_incidents(rows: Iterable[Row], fmt: str, out: IO[Any]) -> int:
    """Write incidents in ``fmt`` (see EXPORT_FORMATS); ``out`` is binary for Parquet."""
    if fmt == "table":
        from conflictwire.output import write_events
        from conflictwire.store.repository import incident_event

        return write_events((incident_event(r) for r in rows), "table", out)
    writers = {
        "csv": write_csv,
        "acled": write_acled,
        "jsonl": write_jsonl,
        "geojson": write_geojson,
        "parquet": write_parquet,
        "plover": write_plover,
    }
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(EXPORT_FORMATS)}")
    return writers[fmt](rows, out)
