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


# lexicon() key -> the places_lexicon.yaml list it reads (lower-cased words).
_WORD_LISTS = {
    "settlements": "settlement_words", "relative": "relative_cues",
    "connectors": "name_connectors", "orgs": "org_words", "sites": "site_words",
    "heads": "name_heads", "parts": "part_words", "routes": "route_words", "groups": "group_nouns",
    "after_relative": "after_relative", "months": "months", "fillers": "kind_fillers",
    "preps": "place_prepositions", "facilities": "facility_words", "name_suffixes": "name_suffixes",
    "english_connectors": "english_connectors", "hyphen_articles": "hyphen_articles",
    "titles": "person_titles", "aliases": "alias_words", "person_verbs": "person_verbs",
    "locative": "locative_prepositions", "causes": "cause_heads", "reporting": "reporting_words",
    "residents": "resident_nouns", "families": "family_nouns", "address": "address_words",
    "generic": "generic_words", "seats": "seat_words", "sources": "source_verbs",
    "bearings": "bearing_words", "prepositions": "preposition_connectors",
    "introductions": "person_introductions",
}  # fmt: skip
# ... and the lists compared by gazetteer key (articles and accents dropped), not lower case.
_KEY_LISTS = {"stop": "stop_names", "common": "common_words"}


@cache
def lexicon() -> dict[str, Any]:
    """The word lists of ``data/places_lexicon.yaml``, ready for lookups."""
    raw = load_yaml("places_lexicon.yaml")
    out: dict[str, Any] = {
        name: frozenset(w.lower() for w in raw.get(src) or []) for name, src in _WORD_LISTS.items()
    }
    for name, src in _KEY_LISTS.items():
        out[name] = frozenset(key(w) for w in raw.get(src) or [])
    out["units"] = {k.lower(): int(v) for k, v in raw["unit_words"].items()}
    out["parties"] = frozenset(raw.get("party_codes") or [])  # case matters: "D-", "R-"
    return out


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
