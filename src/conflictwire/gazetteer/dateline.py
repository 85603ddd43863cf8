"""The places of a dateline ("KOLKATA, India -", "SAN JOSE, Calif. (AP) -").

A dateline names where the report was filed, usually a well-known city and, when it is not
famous enough on its own, its state or country. It is blanked out of the text the other stages
read (it is not where events happened), so it is resolved here on its own: the region first,
then the city inside it, else the city's most prominent reading (a national capital, then the
most populous place).
"""

from __future__ import annotations

from dataclasses import dataclass

from conflictwire.doc import Doc
from conflictwire.gazetteer.lookup import Gazetteer, GazPlace


@dataclass
class DatelinePlace:
    """A name of the dateline, its offsets into the input and the entry it resolved to."""

    text: str
    start: int
    end: int
    place: GazPlace


def _prominence(p: GazPlace) -> tuple:
    """Datelines name capitals and large cities: capitals first, then towns, then units."""
    town = p.admin_level is None
    return (p.fcode == "PPLC", p.fcode == "PCLI" or town, p.population)


def read_dateline(doc: Doc, gaz: Gazetteer) -> list[DatelinePlace]:
    """The dateline's place and region (when given), resolved; [] when there is no dateline
    or the gazetteer knows neither."""
    out: list[DatelinePlace] = []
    region: GazPlace | None = None
    r = doc.dateline_region
    if r is not None:
        hits = gaz.exact(r.text.strip(), loose=False)
        if hits:
            region = max(hits, key=lambda p: (p.admin_level in (0, 1), p.population))
            out.append(DatelinePlace(r.text, r.start, r.end, region))
    d = doc.dateline_place
    if d is not None:
        hits = gaz.exact(d.text.strip(), loose=False)
        if region is not None:
            hits = [p for p in hits if p.within(region)] or hits
        if hits:
            out.insert(0, DatelinePlace(d.text, d.start, d.end, max(hits, key=_prominence)))
    return out
