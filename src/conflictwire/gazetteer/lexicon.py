"""The place-name lexicon: words that mark, qualify or block place names (data/places_lexicon.yaml),
admin-unit abbreviations, and the names and demonyms of world regions."""

from __future__ import annotations

from functools import cache
from typing import Any

from conflictwire.gazetteer.normalise import key
from conflictwire.resources import load_yaml

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})  # spaCy's entity labels for places


@cache
def abbreviations() -> dict[str, list[tuple[str, str]]]:
    """Admin-unit abbreviation -> [(country ISO alpha-2, full name)] ("UP" -> Uttar Pradesh)."""
    raw = (load_yaml("country_cues.yaml") or {}).get("admin_abbreviations") or {}
    out: dict[str, list[tuple[str, str]]] = {}
    for iso2, table in raw.items():
        for abbr, full in (table or {}).items():
            out.setdefault(str(abbr), []).append((str(iso2), str(full)))
    return out


@cache
def lexicon() -> dict[str, Any]:
    raw = load_yaml("places_lexicon.yaml")
    return {
        "units": {k.lower(): int(v) for k, v in raw["unit_words"].items()},
        "settlements": frozenset(w.lower() for w in raw["settlement_words"]),
        "relative": frozenset(w.lower() for w in raw["relative_cues"]),
        "connectors": frozenset(w.lower() for w in raw["name_connectors"]),
        "orgs": frozenset(w.lower() for w in raw["org_words"]),
        "sites": frozenset(w.lower() for w in raw.get("site_words", [])),
        "heads": frozenset(w.lower() for w in raw.get("name_heads", [])),
        "parts": frozenset(w.lower() for w in raw.get("part_words", [])),
        "routes": frozenset(w.lower() for w in raw.get("route_words", [])),
        "stop": frozenset(key(w) for w in raw["stop_names"]),
        "groups": frozenset(w.lower() for w in raw["group_nouns"]),
        "after_relative": frozenset(w.lower() for w in raw["after_relative"]),
        "months": frozenset(w.lower() for w in raw["months"]),
        "fillers": frozenset(w.lower() for w in raw.get("kind_fillers", [])),
        "preps": frozenset(w.lower() for w in raw.get("place_prepositions", [])),
        "facilities": frozenset(w.lower() for w in raw.get("facility_words", [])),
        "name_suffixes": frozenset(w.lower() for w in raw.get("name_suffixes", [])),
        "english_connectors": frozenset(w.lower() for w in raw.get("english_connectors", [])),
        "hyphen_articles": frozenset(w.lower() for w in raw.get("hyphen_articles", [])),
        "titles": frozenset(w.lower() for w in raw.get("person_titles", [])),
        "person_verbs": frozenset(w.lower() for w in raw.get("person_verbs", [])),
        "locative": frozenset(w.lower() for w in raw.get("locative_prepositions", [])),
        "common": frozenset(key(w) for w in raw.get("common_words", [])),
        "residents": frozenset(w.lower() for w in raw.get("resident_nouns", [])),
        "parties": frozenset(raw.get("party_codes", [])),
        "families": frozenset(w.lower() for w in raw.get("family_nouns", [])),
        "address": frozenset(w.lower() for w in raw.get("address_words", [])),
    }


@cache
def world_codes() -> frozenset[str]:
    """Upper-case names of world regions ("EU")."""
    raw = load_yaml("gazetteer_world.yaml") or {}
    return frozenset(
        a for c in raw.get("continents") or [] for a in c.get("aliases") or [] if a.isupper()
    )


@cache
def world_demonyms() -> dict[str, str]:
    """Demonyms of world regions and the region each names ("European" -> "Europe")."""
    raw = load_yaml("gazetteer_world.yaml") or {}
    return {d: c["name"] for c in raw.get("continents") or [] for d in c.get("demonyms") or []}


def country_code(countries: Any, text: str) -> bool:
    """An abbreviation listed among a country's names ("US", "U.S.", "UK", "DRC"); bare ISO
    codes ("BA", "SA") are not enough: in text they are mostly something else."""
    c = countries.get(text) if countries is not None else None
    return c is not None and text in c.aliases
