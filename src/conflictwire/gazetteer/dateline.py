"""The places of a dateline ("KOLKATA, India -", "SAN JOSE, Calif. (AP) -").

A dateline names where the report was filed, usually a well-known city and, when it is not
famous enough on its own, its state or country. It is blanked out of the text the other stages
read (it is not where events happened), so it is resolved here on its own: the region first,
then the city inside it, else the city's most prominent reading (a national capital, then the
most populous place).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from conflictwire.doc import Doc
from conflictwire.gazetteer.lookup import Gazetteer, GazPlace
from conflictwire.gazetteer.normalise import key
from conflictwire.resources import load_yaml


@dataclass
class DatelinePlace:
    """A name of the dateline, its offsets into the input and the entry it resolved to."""

    text: str
    start: int
    end: int
    place: GazPlace
    is_region: bool = False  # the state or country after the place ("Ind.", "India")


def _prominence(p: GazPlace) -> tuple:
    """Datelines name capitals and large cities: capitals first, then towns, then units."""
    town = p.admin_level is None
    return (p.fcode == "PPLC", p.fcode == "PCLI" or town, p.population)


@cache
def _abbreviations() -> dict[str, str]:
    """Dateline region abbreviation key -> admin code ("Wash." -> US.WA)."""
    raw = (load_yaml("country_cues.yaml") or {}).get("dateline_regions") or {}
    return {key(str(a)): str(code) for code, abbrs in raw.items() for a in abbrs or []}


def _region(text: str, place: str | None, gaz: Gazetteer) -> GazPlace | None:
    """The unit a dateline's region names: an abbreviation ("Wash."), else the country or
    first-level unit of that name that holds the place ("TBILISI, Georgia": the country)."""
    code = _abbreviations().get(key(text))
    unit = gaz.by_code(code) if code else None
    if unit is not None:
        return unit
    hits = gaz.exact(text, loose=False)
    towns = gaz.exact(place, loose=False) if place else []

    def rank(u: GazPlace) -> tuple:
        holds = any(t.geonameid != u.geonameid and t.within(u) for t in towns)
        return (holds, u.admin_level in (0, 1), u.admin_level == 0, u.population)

    return max(hits, key=rank) if hits else None


def read_dateline(doc: Doc, gaz: Gazetteer) -> list[DatelinePlace]:
    """The dateline's place and region (when given), resolved; [] when there is no dateline
    or the gazetteer knows neither."""
    out: list[DatelinePlace] = []
    region: GazPlace | None = None
    r = doc.dateline_region
    if r is not None:
        d = doc.dateline_place
        region = _region(r.text.strip(), d.text.strip() if d else None, gaz)
        if region is not None:
            out.append(DatelinePlace(r.text, r.start, r.end, region, is_region=True))
    d = doc.dateline_place
    if d is not None:
        hits = gaz.exact(d.text.strip(), loose=False)
        if region is not None:
            hits = [p for p in hits if p.within(region)] or hits
        if hits:
            out.insert(0, DatelinePlace(d.text, d.start, d.end, max(hits, key=_prominence)))
    return out


SUPPORT_KM = 100.0  # a place of the text this close to a reading supports it
SAME_SUPPORT = 1  # the text names the dateline's place again and resolved it to this reading
FAMOUS_SUPPORT = 2  # support needed to move a famous dateline ("WASHINGTON")


def _support(p: GazPlace, placed: list[GazPlace]) -> int:
    """How strongly the text's places point to a reading: each distinct place in its first-level
    unit or near it; more when the text names the place again and resolved it to this reading."""
    n = 0
    for q in {q.geonameid: q for q in placed}.values():
        if q.geonameid == p.geonameid:
            n += SAME_SUPPORT
        elif q.iso2 == p.iso2 and (
            bool(p.admin1_code) and q.admin1_code == p.admin1_code or p.km_to(q) < SUPPORT_KM
        ):
            n += 1
    return n


def _famous(p: GazPlace) -> bool:
    return p.fcode == "PPLC" or p.population >= 1_000_000


def settle_dateline(
    found: list[DatelinePlace], placed: list[GazPlace], focus: str | None, gaz: Gazetteer
) -> list[DatelinePlace]:
    """Re-read a dateline named without its region ("CORSICANA —", "COLUMBUS --") by the text's
    other places: the reading (in the report's country when it has one) whose first-level unit
    or surroundings hold most of them; a famous reading (a capital, a city of a million) yields
    only to a reading that several places of the text support. A dateline known only outside
    the report's country, and not famous, is an unknown namesake: dropped."""
    if not found or found[0].is_region or len(found) > 1 or found[0].place.admin_level == 0:
        return found
    d = found[0]
    k = key(d.text)
    hits = [p for p in gaz.exact(d.text.strip(), loose=False) if p.admin_level != 0]
    hits = [p for p in hits if key(p.name) == k or key(p.asciiname) == k] or hits
    if focus:
        inside = [p for p in hits if p.iso2 == focus] or [
            p for p in gaz.exact(d.text.strip()) if p.iso2 == focus and p.admin_level != 0
        ]  # a looser spelling there ("ST. PAUL": Saint Paul)
        if not inside and not any(_famous(p) for p in hits):
            return []
        hits = inside or hits
    if not hits:
        return found
    placed = [q for q in placed if q.admin_level != 0]
    scored = [(_support(p, placed), _prominence(p), p) for p in hits]
    n, _, best = max(scored, key=lambda x: (x[0], x[1]))
    now = _support(d.place, placed) if d.place in hits else -1
    if n == 0 and now < 0:
        best = max(hits, key=_prominence)  # the report's country has one: that one
    elif n <= now or (_famous(d.place) and now >= 0 and (now > 0 or n < FAMOUS_SUPPORT)):
        return found
    return [DatelinePlace(d.text, d.start, d.end, best)]
