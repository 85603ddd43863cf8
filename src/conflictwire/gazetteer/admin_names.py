"""Display names of admin units in the spellings conflict datasets use (GADM/OCHA style), from
``data/gazetteer_admin_names.yaml``; units not listed keep the gazetteer's name without trailing
unit words ("Central Region" -> "Central")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from conflictwire.resources import load_yaml


@dataclass(frozen=True)
class _Table:
    names: dict[str, str]  # unit code -> display name
    level2: frozenset[str]  # countries whose admin1 is the gazetteer's level 2
    units: frozenset[str]  # level-2 unit codes reported as admin1 ("RS.SE.0": Belgrade)
    strip: tuple[str, ...]  # unit words dropped from the end of undisplayed names


@cache
def _table() -> _Table:
    raw = load_yaml("gazetteer_admin_names.yaml") or {}
    names: dict[str, str] = {}
    for iso2, units in raw.items():
        if isinstance(units, dict):
            for suffix, name in units.items():
                names[f"{iso2}.{suffix}"] = str(name)
    return _Table(
        names,
        frozenset(str(c) for c in raw.get("admin1_from_level2", [])),
        frozenset(str(c) for c in raw.get("admin1_units", [])),
        tuple(str(w).lower() for w in raw.get("strip_words", [])),
    )


def display_names() -> dict[str, str]:
    """Unit code ("UA.05") -> display name ("Donetsk")."""
    return _table().names


def plain(name: str) -> str:
    """A gazetteer unit name without trailing unit words ("Northern Province" -> "Northern")."""
    words = name.split()
    strip = _table().strip
    while len(words) > 1 and words[-1].lower() in strip:
        words.pop()
    return " ".join(words)


def unit_name(code: str | None, fallback: str | None) -> str | None:
    """The display name of the unit with this code, else ``fallback`` without unit words."""
    shown = _table().names.get(code) if code else None
    if shown is not None:
        return shown
    return plain(fallback) if fallback else fallback


def admin1_of(
    iso2: str, a1_code: str | None, a1: str | None, a2_code: str | None, a2: str | None
) -> str | None:
    """The admin1 name to report for a place in ``iso2`` with these units."""
    t = _table()
    if a2 and (iso2 in t.level2 or (a2_code is not None and a2_code in t.units)):
        return unit_name(a2_code, a2)
    return unit_name(a1_code, a1)
