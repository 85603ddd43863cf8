"""Import GeoNames dumps that users download themselves into a gazetteer file.

Accepted files (plain or zipped): a main file in the GeoNames "geoname" format (a country file
such as ``IQ.txt`` / ``IQ.zip``, ``allCountries``, ``cities500``...), ``alternateNamesV2.txt``,
``admin1CodesASCII.txt`` and ``admin2Codes.txt``. Every file is streamed row by row into SQLite
(alternate names are joined to places inside SQLite), so ``allCountries`` imports in bounded
memory. The file is built under a temporary name and renamed over the target only when complete:
a bad input raises :class:`GeoNamesError` naming the file and line and leaves the target intact.
"""

from __future__ import annotations

import io
import re
import sqlite3
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import IO

from unidecode import unidecode

from conflictwire.countries import Countries
from conflictwire.gazetteer.build import (
    INDEXES,
    SCHEMA,
    SCHEMA_VERSION,
    _name_rows,
    atomic_sqlite,
    country_rows,
    usable_alternate,
    world_rows,
)
from conflictwire.gazetteer.lookup import PLACE_COLUMNS
from conflictwire.resources import load_yaml

MAIN_COLUMNS = 19
CHUNK = 20_000


class GeoNamesError(ValueError):
    """A GeoNames file that cannot be imported; the message names the file and line."""


@cache
def _conf() -> dict:
    raw = load_yaml("gazetteer_geonames.yaml") or {}
    return {
        "extra": dict(raw.get("extra_country_codes") or {}),
        "classes": frozenset(raw.get("keep_classes") or ["A", "P"]),
        "skip_langs": frozenset(raw.get("skip_languages") or []),
    }


def kind_of(path: Path) -> str:
    """``main``, ``alternate``, ``admin1`` or ``admin2``, from the file name."""
    n = path.name.lower()
    if n.startswith("alternatenames"):
        return "alternate"
    if n.startswith("admin1codes"):
        return "admin1"
    if n.startswith("admin2codes"):
        return "admin2"
    return "main"


@contextmanager
def _open_text(path: Path) -> Iterator[IO[str]]:
    """The text of a plain file, or of the data member of a GeoNames zip."""
    if not path.is_file():
        raise GeoNamesError(f"{path}: no such file")
    if path.suffix.lower() != ".zip":
        with path.open(encoding="utf-8", newline="") as fh:
            yield fh
        return
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        raise GeoNamesError(f"{path}: not a readable zip file ({e})") from None
    with zf:
        members = [m for m in zf.namelist() if m.endswith(".txt") and "readme" not in m.lower()]
        same = [m for m in members if Path(m).stem.lower() == path.stem.lower()]
        if not (same or members):
            raise GeoNamesError(f"{path}: the zip holds no GeoNames .txt file")
        member = (same or sorted(members, key=lambda m: -zf.getinfo(m).file_size))[0]
        with zf.open(member) as raw:
            yield io.TextIOWrapper(raw, encoding="utf-8", newline="")


def _rows(path: Path, columns: tuple[int, ...]) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of a tab-separated GeoNames file; comment lines skipped."""
    lineno = 0
    try:
        with _open_text(path) as fh:
            for lineno, line in enumerate(fh, 1):
                line = line.rstrip("\r\n")
                if not line or line.startswith("#"):
                    continue
                f = line.split("\t")
                if len(f) not in columns:
                    want = " or ".join(map(str, columns))
                    raise GeoNamesError(
                        f"{path}:{lineno}: {len(f)} columns, expected {want} "
                        "(wrong file type, or a truncated or corrupt file)"
                    )
                yield lineno, f
    except UnicodeDecodeError as e:
        raise GeoNamesError(f"{path}:{lineno + 1}: not UTF-8 ({e.reason})") from None
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as e:
        raise GeoNamesError(f"{path}:{lineno + 1}: corrupt or truncated file ({e})") from None


# A place already there (another dump's row, or the base gazetteer's with ``onto``) keeps what
# the new row leaves empty: the 2012 ``cities15000`` has no admin2 codes, the packages have.
_UPSERT = (
    f"INSERT INTO places VALUES ({','.join('?' * len(PLACE_COLUMNS))}) "
    "ON CONFLICT(geonameid) DO UPDATE SET "
    + ", ".join(f"{c} = COALESCE(excluded.{c}, {c})" for c in PLACE_COLUMNS[1:])
)


class _Importer:
    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        countries = Countries.load()
        self.countries = {c.iso2: c for c in countries.all}
        self.known = set(self.countries) | set(_conf()["extra"])
        self.stats = {"places": 0, "alternate names": 0, "admin codes": 0}

    def _country(self, path: Path, lineno: int, cc: str) -> str:
        if cc not in self.known:
            raise GeoNamesError(f"{path}:{lineno}: unknown country code {cc!r}")
        c = self.countries.get(cc)
        return c.name if c else str(_conf()["extra"][cc])

    def admin_codes(self, path: Path, level: int) -> None:
        rows = []
        for lineno, f in _rows(path, (4,)):
            code, name, ascii_, gid = f
            parts = code.split(".")
            if len(parts) != level + 1:
                raise GeoNamesError(f"{path}:{lineno}: {code!r} is not an admin{level} code")
            self._country(path, lineno, parts[0])
            rows.append((code, name, ascii_, _int(path, lineno, gid, "geonameid")))
            if len(rows) >= CHUNK:
                self._admin_rows(rows)
                rows = []
        self._admin_rows(rows)

    def _admin_rows(self, rows: list[tuple]) -> None:
        self.con.executemany("INSERT OR REPLACE INTO admin_codes VALUES (?,?,?,?)", rows)
        self.stats["admin codes"] += len(rows)

    def main(self, path: Path) -> None:
        keep = _conf()["classes"]
        places: list[tuple] = []
        names: list[tuple] = []
        for lineno, f in _rows(path, (MAIN_COLUMNS,)):
            gid = _int(path, lineno, f[0], "geonameid")
            lat = _float(path, lineno, f[4], "latitude", 90.0)
            lon = _float(path, lineno, f[5], "longitude", 180.0)
            fclass, fcode, cc = f[6], f[7], f[8]
            if not cc:  # oceans, undersea features
                continue
            country = self._country(path, lineno, cc)
            if fclass not in keep or fcode.startswith("PCL"):
                continue  # countries come from the country table (aliases, demonyms)
            a1 = f"{cc}.{f[10]}" if f[10] and f[10] != "00" else None
            a2 = f"{a1}.{f[11]}" if a1 and f[11] else None
            code = None
            if fcode == "ADM1":
                code = a1
            elif fcode == "ADM2":
                code = a2
            pop = _int(path, lineno, f[14] or "0", "population")
            alts = [a for a in f[3].split(",") if usable_alternate(a, f[1])]
            places.append((gid, f[1], f[2] or unidecode(f[1]), "|".join(alts[:50]), fclass, fcode,
                           cc, country, a1, None, a2, None, pop, lat, lon, code,
                           lat, lon))  # fmt: skip
            names.extend(_name_rows([f[1], f[2], *alts], cc, gid, admin=fclass == "A"))
            if len(places) >= CHUNK:
                self._flush(places, names)
                places, names = [], []
        self._flush(places, names)

    def _flush(self, places: list[tuple], names: list[tuple]) -> None:
        self.con.executemany(_UPSERT, places)
        self.con.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
        self.stats["places"] += len(places)

    def alternate(self, path: Path) -> None:
        skip = _conf()["skip_langs"]
        rows: list[tuple] = []
        for lineno, f in _rows(path, (8, 10)):
            gid = _int(path, lineno, f[1], "geonameid")
            if f[2] in skip or (len(f) > 7 and f[7] == "1"):  # historic names are skipped
                continue
            if not usable_alternate(f[3], ""):
                continue
            for k, skel, _, _ in _name_rows([f[3]], "", gid, admin=False):
                rows.append((k, skel, gid))
            if len(rows) >= CHUNK:
                self._alt_rows(rows)
                rows = []
        self._alt_rows(rows)

    def _alt_rows(self, rows: list[tuple]) -> None:
        self.con.executemany("INSERT INTO alt_stage VALUES (?,?,?)", rows)
        self.stats["alternate names"] += len(rows)

    def countries_rows(self) -> None:
        for places, names in (country_rows(self.countries.values()), world_rows()):
            self.con.executemany(
                f"INSERT OR REPLACE INTO places VALUES ({','.join('?' * 18)})", places
            )
            self.con.executemany("INSERT INTO names VALUES (?,?,?,?)", names)

    def finish(self) -> None:
        cur = self.con.cursor()
        # Admin units the main file holds but the admin code files lack.
        cur.execute(
            "INSERT OR IGNORE INTO admin_codes SELECT code, name, asciiname, geonameid "
            "FROM places WHERE code IS NOT NULL AND fcode IN ('ADM1','ADM2')"
        )
        cur.execute("CREATE INDEX IF NOT EXISTS admin_codes_code ON admin_codes(code)")
        for col in ("admin1", "admin2"):  # the units' names where a place has none (the
            # dumps' places; with ``onto``, the base's own names, matched to ACLED's, stay)
            cur.execute(
                f"UPDATE places SET {col} = (SELECT name FROM admin_codes a "
                f"WHERE a.code = places.{col}_code) "
                f"WHERE {col} IS NULL AND {col}_code IN (SELECT code FROM admin_codes)"
            )
        # Admin units named in the code files: their own code (for lookups by code).
        cur.execute(
            "UPDATE places SET code = (SELECT code FROM admin_codes a WHERE a.geonameid = "
            "places.geonameid) WHERE code IS NULL AND fclass = 'A'"
        )
        cur.execute(
            "INSERT INTO names SELECT s.key, s.skel, p.iso2, s.geonameid "
            "FROM alt_stage s JOIN places p ON p.geonameid = s.geonameid"
        )
        cur.execute("DROP TABLE alt_stage")
        cur.executescript(INDEXES)
        # Duplicate (key, place) rows from the main file and the alternate names.
        cur.execute(
            "DELETE FROM names WHERE rowid NOT IN "
            "(SELECT MIN(rowid) FROM names GROUP BY key, geonameid)"
        )
        n_places = cur.execute("SELECT COUNT(*) FROM places").fetchone()[0]
        n_names = cur.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        cur.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?,?)",
            [("schema", SCHEMA_VERSION), ("built", time.strftime("%Y-%m-%dT%H:%M:%S")),
             ("source", "geonames import"), ("places", str(n_places)),
             ("names", str(n_names))],
        )  # fmt: skip
        self.con.commit()


def _int(path: Path, lineno: int, s: str, what: str) -> int:
    try:
        return int(s)
    except ValueError:
        raise GeoNamesError(f"{path}:{lineno}: {what} {s!r} is not an integer") from None


def _float(path: Path, lineno: int, s: str, what: str, bound: float) -> float:
    try:
        v = float(s)
    except ValueError:
        raise GeoNamesError(f"{path}:{lineno}: {what} {s!r} is not a number") from None
    if abs(v) > bound:
        raise GeoNamesError(f"{path}:{lineno}: {what} {v} out of range")
    return v


def import_geonames(
    files: list[str | Path] | list[Path], target: str | Path, onto: str | Path | None = None
) -> dict[str, int]:
    """Build the gazetteer at ``target`` from GeoNames ``files``; return row counts. With
    ``onto`` (a gazetteer file, such as the embedded one), start from a copy of it: the dumps'
    places are added to its own, a place of the same GeoNames id replaced by the dump's.

    Raises :class:`GeoNamesError` (file and line) on bad input; ``target`` is then untouched."""
    paths = [Path(f) for f in files]
    kinds = {p: kind_of(p) for p in paths}
    if "main" not in kinds.values():
        raise GeoNamesError(
            "no GeoNames main file (a country file such as IQ.txt, or allCountries) given"
        )
    if onto is not None and not Path(onto).is_file():
        raise GeoNamesError(f"{onto}: no gazetteer to add to")
    with atomic_sqlite(Path(target)) as con:
        if onto is None:
            con.executescript(SCHEMA)
        else:  # a copy of the base, without its indexes until the rows are in
            with sqlite3.connect(f"file:{onto}?mode=ro", uri=True) as base:
                base.backup(con)
            for name in re.findall(r"CREATE INDEX (\w+)", INDEXES):
                con.execute(f"DROP INDEX IF EXISTS {name}")
        con.executescript(
            "CREATE TABLE IF NOT EXISTS admin_codes (code TEXT PRIMARY KEY, name TEXT, "
            "asciiname TEXT, geonameid INTEGER);"
            "CREATE TABLE alt_stage (key TEXT, skel TEXT, geonameid INTEGER);"
        )
        imp = _Importer(con)
        imp.countries_rows()
        order = {"admin1": 0, "admin2": 1, "main": 2, "alternate": 3}
        for p in sorted(paths, key=lambda p: order[kinds[p]]):
            k = kinds[p]
            if k == "main":
                imp.main(p)
            elif k == "alternate":
                imp.alternate(p)
            else:
                imp.admin_codes(p, 1 if k == "admin1" else 2)
        if imp.stats["places"] == 0:
            raise GeoNamesError(f"{', '.join(map(str, paths))}: no places imported")
        imp.finish()
        if onto is not None:
            con.execute("INSERT OR REPLACE INTO meta VALUES ('source', ?)",
                        (f"geonames import added to {Path(onto).name}",))  # fmt: skip
            con.commit()
    return imp.stats
