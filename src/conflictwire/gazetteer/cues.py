"""Country cues: phrases that identify a report's country ("OSCE SMM" -> Ukraine, "AMISOM" ->
Somalia), from ``data/country_cues.yaml``."""

from __future__ import annotations

import re
from functools import cache

from conflictwire.resources import load_yaml


@cache
def _pattern() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    raw = (load_yaml("country_cues.yaml") or {}).get("cues") or {}
    phrase_iso: dict[str, str] = {}
    for iso2, phrases in raw.items():
        for ph in phrases or []:
            phrase_iso[str(ph)] = str(iso2)
    if not phrase_iso:
        return None, {}
    alts = "|".join(re.escape(p) for p in sorted(phrase_iso, key=len, reverse=True))
    return re.compile(rf"(?<![\w&-])(?:{alts})(?![\w&-])"), phrase_iso


def country_cues(text: str) -> list[str]:
    """ISO alpha-2 codes of the countries the text's cue phrases point to (one per phrase)."""
    pat, phrase_iso = _pattern()
    if pat is None:
        return []
    seen = {m.group(0) for m in pat.finditer(text)}
    return [phrase_iso[p] for p in sorted(seen)]


@cache
def _regions() -> dict[str, list[str]]:
    raw = (load_yaml("country_cues.yaml") or {}).get("cue_regions") or {}
    return {str(k): [str(c) for c in v or []] for k, v in raw.items()}


def cue_regions(text: str) -> list[str]:
    """Admin unit codes where the events the text's cue phrases speak of usually happen."""
    table = _regions()
    out: list[str] = []
    for phrase, codes in table.items():
        if re.search(rf"(?<![\w&-]){re.escape(phrase)}(?![\w&-])", text):
            out.extend(c for c in codes if c not in out)
    return out


@cache
def local_nouns() -> frozenset[str]:
    """Nouns that make the name before them a local town ("Lebanon police", "Lima man")."""
    raw = (load_yaml("country_cues.yaml") or {}).get("local_nouns") or []
    return frozenset(str(w).lower() for w in raw)


@cache
def owner_suffixes() -> frozenset[str]:
    """Words after a hyphen that make a demonym say whose, not where ("Saudi-led")."""
    raw = (load_yaml("country_cues.yaml") or {}).get("owner_suffixes") or []
    return frozenset(str(w).lower() for w in raw)


@cache
def _words(field: str) -> frozenset[str]:
    raw = (load_yaml("country_cues.yaml") or {}).get(field) or []
    return frozenset(str(w).lower() for w in raw)


def currency_nouns() -> frozenset[str]:
    """Nouns that make the country name before them say whose money ("US dollar")."""
    return _words("currency_nouns")


def reference_words() -> tuple[str, ...]:
    """Phrases before a country's name that make it a point of reference ("border with")."""
    return tuple(sorted(_words("reference_before"), key=len, reverse=True))


def sublocal_words() -> tuple[frozenset[str], frozenset[str]]:
    """Words after / before a name that make it a part of a town ("Grama neighbourhood")."""
    return _words("sublocal_after"), _words("sublocal_before")


def town_words() -> frozenset[str]:
    """Words after a name that make it a town, not the unit of that name ("Maan town")."""
    return _words("town_words")
