"""Display names of admin units in the spellings conflict datasets use (GADM/OCHA style), from
``data/gazetteer_admin_names.yaml``; units not listed keep the gazetteer's name."""

from __future__ import annotations

from functools import cache

from conflictwire.resources import load_yaml


@cache
def _table() -> tuple[dict[str, str], frozenset[str]]:
    raw = load_yaml("gazetteer_admin_names.yaml") or {}
    names: dict[str, str] = {}
    for iso2, units in raw.items():
        if isinstance(units, dict):
            for suffix, name in units.items():
                names[f"{iso2}.{suffix}"] = str(name)
    lvl2 = frozenset(str(c) for c in raw.get("admin1_from_level2", []))
    return names, lvl2


def display_names() -> dict[str, str]:
    """Unit code ("UA.05") -> display name ("Donetsk")."""
    return _table()[0]


def unit_name(code: str | None, fallback: str | None) -> str | None:
    """The display name of the unit with this code, else ``fallback``."""
    if not code:
        return fallback
    return _table()[0].get(code, fallback)


def admin1_of(
    iso2: str, a1_code: str | None, a1: str | None, a2_code: str | None, a2: str | None
) -> str | None:
    """The admin1 name to report for a place in ``iso2`` with these units."""
    if iso2 in _table()[1] and a2:
        return unit_name(a2_code, a2)
    return unit_name(a1_code, a1)
