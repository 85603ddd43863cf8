"""The gazetteer reader: look places up by name in an indexed SQLite file."""

from __future__ import annotations

import logging
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from conflictwire.gazetteer.normalise import key, skeleton, strip_generic
from conflictwire.geo import haversine_km

log = logging.getLogger(__name__)

FUZZY_CUTOFF = 87.0
FUZZY_MIN_LEN = 5
# The places table's columns, in order (``build.SCHEMA``).
PLACE_COLUMNS = ("geonameid", "name", "asciiname", "altnames", "fclass", "fcode", "iso2",
                 "country", "admin1_code", "admin1", "admin2_code", "admin2", "population",
                 "lat", "lon", "code", "cap_lat", "cap_lon")  # fmt: skip
_COLS = ", ".join(PLACE_COLUMNS)


@dataclass(frozen=True)
class GazPlace:
    """One gazetteer entry: a populated place (PPL*), an admin unit (ADM1/ADM2...) or a country."""

    geonameid: int
    name: str
    asciiname: str
    altnames: tuple[str, ...]
    fclass: str
    fcode: str
    iso2: str
    country: str | None
    admin1_code: str | None
    admin1: str | None
    admin2_code: str | None
    admin2: str | None
    population: int
    lat: float | None
    lon: float | None
    code: str | None = None  # an admin unit's own GeoNames code ("IQ.13")
    cap_lat: float | None = None  # a unit's main city (ACLED codes regions to their capital)
    cap_lon: float | None = None

    @property
    def admin_level(self) -> int | None:
        """1, 2, 3... for admin units, 0 for a country, None for a populated place."""
        if self.fcode == "PCLI":
            return 0
        if self.fcode.startswith("ADM") and self.fcode[3:].isdigit():
            return int(self.fcode[3:])
        return None

    @property
    def is_admin(self) -> bool:
        return self.admin_level is not None

    def km_to(self, other: GazPlace) -> float:
        """Great-circle distance to another entry (a very large number when either has no point)."""
        if self.lat is None or self.lon is None or other.lat is None or other.lon is None:
            return 1e9
        return haversine_km(self.lat, self.lon, other.lat, other.lon)

    def within(self, unit: GazPlace) -> bool:
        """True when this place lies inside admin unit (or country) ``unit``."""
        if unit.iso2 != self.iso2:
            return False
        if unit.fcode == "PCLI":
            return True
        return (
            unit.code is not None
            and unit.code in (self.admin1_code, self.admin2_code)
            and (unit.geonameid != self.geonameid)
        )


def _row(r: tuple) -> GazPlace:
    alts = tuple(a for a in (r[3] or "").split("|") if a)
    return GazPlace(r[0], r[1], r[2], alts, *r[4:])


def _rank(p: GazPlace) -> tuple:
    lvl = p.admin_level
    weight = {0: 4, 1: 3, 2: 2}.get(lvl, 1) if lvl is not None else 0
    return (-max(p.population, 0), -weight)


class Gazetteer:
    """Read-only access to a gazetteer file; cheap to open, safe to share between threads."""

    def __init__(self, con: sqlite3.Connection, path: Path) -> None:
        self.path = path
        self._con = con
        self._lock = threading.Lock()
        self._cache: dict[tuple, list[GazPlace]] = {}
        self._fuzzy: dict[str, dict[str, tuple[list[str], list[int]]]] = {}

    @classmethod
    def open(cls, path: str | Path | None = None) -> Gazetteer:
        """Open ``path``, or the user's gazetteer when there is one, else the embedded default
        (built from the installed packages if missing)."""
        from conflictwire.gazetteer.build import DEFAULT_PATH, build
        from conflictwire.gazetteer.paths import default_path

        p = Path(path) if path else default_path()
        if not p.exists():
            if path or p != DEFAULT_PATH:
                raise FileNotFoundError(f"no gazetteer at {p}")
            log.warning("building the default gazetteer at %s (once, offline)...", p)
            build(p)
        con = sqlite3.connect(f"file:{p}?mode=ro", uri=True, check_same_thread=False)
        return cls(con, p)

    def _query(self, sql: str, args: tuple) -> list[tuple]:
        with self._lock:
            return self._con.execute(sql, args).fetchall()

    def _places(self, ids: list[int]) -> list[GazPlace]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = self._query(f"SELECT {_COLS} FROM places WHERE geonameid IN ({marks})", tuple(ids))
        return sorted((_row(r) for r in rows), key=_rank)

    def get(self, geonameid: int) -> GazPlace | None:
        """The entry with this id (countries and id-less admin units have negative ids)."""
        rows = self._query(f"SELECT {_COLS} FROM places WHERE geonameid=?", (geonameid,))
        return _row(rows[0]) if rows else None

    def by_code(self, code: str | None) -> GazPlace | None:
        """An admin unit by its GeoNames code ("IQ.13") or a country by its ISO alpha-2 code."""
        if not code:
            return None
        rows = self._query(f"SELECT {_COLS} FROM places WHERE code=?", (code,))
        return _row(rows[0]) if rows else None

    def admin_units(self, country_iso2: str, level: int) -> list[GazPlace]:
        """Every admin unit of one level in one country."""
        ck = ("u", country_iso2, level)
        if ck not in self._cache:
            rows = self._query(
                f"SELECT {_COLS} FROM places WHERE iso2=? AND fcode=?",
                (country_iso2, f"ADM{level}"),
            )
            self._cache[ck] = [_row(r) for r in rows]
        return self._cache[ck]

    def exact(
        self, name: str, country_iso2: str | None = None, loose: bool = True,
        stripped: bool = True,
    ) -> list[GazPlace]:
        """Entries whose strict key (or, if none, loose skeleton key) equals the name's; then,
        with ``stripped``, the same for the name without its generic words ("Quebec City")."""
        ck = ("x", name, country_iso2, loose, stripped)
        if ck in self._cache:
            return self._cache[ck]
        out: list[GazPlace] = []
        k = key(name)
        cols = [("key", k)]
        if loose:
            cols.append(("skel", skeleton(name)))
        g = strip_generic(name) if stripped else ""
        if g and g != k:
            cols += [("key", g), ("skel", skeleton(g))] if loose else [("key", g)]
        for col, val in cols:
            if not val:
                continue
            sql = f"SELECT DISTINCT geonameid FROM names WHERE {col}=?"
            args: tuple = (val,)
            if country_iso2:
                sql += " AND +iso2=?"  # use the name index, not the (unselective) country one
                args = (val, country_iso2)
            ids = [r[0] for r in self._query(sql, args)]
            if ids:
                out = self._places(ids)
                break
        self._cache[ck] = out
        return out

    def fuzzy(self, name: str, country_iso2: str, limit: int = 20) -> list[GazPlace]:
        """Close spellings (rapidfuzz ratio >= FUZZY_CUTOFF on skeleton keys) in one country."""
        s = skeleton(name)
        if len(s) < FUZZY_MIN_LEN:
            return []
        if country_iso2 not in self._fuzzy:
            # Bucketed by first letter: a close spelling keeps its first letter, and a bucket
            # is a small fraction of a country's names (fast on large countries).
            buckets: dict[str, tuple[list[str], list[int]]] = {}
            rows = self._query("SELECT skel, geonameid FROM names WHERE iso2=?", (country_iso2,))
            for skel, gid in rows:
                if skel:
                    b = buckets.setdefault(skel[0], ([], []))
                    b[0].append(skel)
                    b[1].append(gid)
            self._fuzzy[country_iso2] = buckets
        keys, ids = self._fuzzy[country_iso2].get(s[0], ([], []))
        hits = process.extract(s, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=limit)
        return self._places(list(dict.fromkeys(ids[i] for _, _, i in hits)))

    def lookup(
        self, name: str, country_iso2: str | None = None, limit: int = 20, fuzzy: bool = True,
        stripped: bool = True,
    ) -> list[GazPlace]:
        """Places called ``name`` (strict key, then loose key, then fuzzy within the country)."""
        out = self.exact(name, country_iso2, stripped=stripped)
        if not out and fuzzy and country_iso2:
            ck = ("f", name, country_iso2)
            if ck not in self._cache:
                self._cache[ck] = self.fuzzy(name, country_iso2, limit)
            out = self._cache[ck]
        return out[:limit]

    def has_name(self, name: str) -> bool:
        """True when some entry has this strict key (fast pre-check for text scanning)."""
        k = key(name)
        if not k:
            return False
        return bool(self._query("SELECT 1 FROM names WHERE key=? LIMIT 1", (k,)))

    def close(self) -> None:
        self._con.close()
