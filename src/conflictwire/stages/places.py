"""Places stage: find toponyms, resolve them against the gazetteer, set the report's country and
each mention's place (ACLED geo_precision 1 named town, 2 near a town / small unit, 3 region)."""

from __future__ import annotations

import re
from typing import Any

from conflictwire.doc import Doc, Mention, Toponym
from conflictwire.gazetteer.admin_names import admin1_of
from conflictwire.gazetteer.cues import (
    country_cues,
    cue_regions,
    currency_nouns,
    local_nouns,
    owner_suffixes,
    reference_words,
    sublocal_words,
    town_words,
)
from conflictwire.gazetteer.dateline import read_dateline, settle_dateline
from conflictwire.gazetteer.lexicon import lexicon
from conflictwire.gazetteer.lookup import GazPlace
from conflictwire.gazetteer.normalise import key
from conflictwire.gazetteer.recognise import Candidate, find
from conflictwire.gazetteer.resolve import (
    QUALIFIED,
    Resolution,
    focus_country,
    paired,
    resolve,
)
from conflictwire.geo import haversine_km
from conflictwire.model import Evidence, Place
from conflictwire.nlp import coordinated


def _demonyms(doc: Doc, countries: Any) -> list[str]:
    out: list[str] = []
    sp = doc.spacy
    owners = owner_suffixes()
    if sp is None:
        return out
    n = len(sp)
    for tok in sp:
        if not (tok.text[:1].isupper() and (tok.ent_type_ == "NORP" or tok.pos_ == "ADJ")):
            continue
        i = tok.i
        if i + 2 < n and sp[i + 1].text == "-" and sp[i + 2].lower_ in owners:
            continue  # "Saudi-led coalition": whose forces, not where
        c = countries.by_demonym(tok.text)
        if c is not None:
            out.append(c.iso2)
    return out


def _modifiers(doc: Doc, cands: list[Candidate], gaz: Any) -> tuple[list[Candidate], list[str]]:
    """Country names used as noun modifiers ("US dollar", "Turkey backed factions") or as points
    of reference ("the border with Mali", "migrants from Afghanistan") say whose or whence, not
    where: they vote like demonyms; before a currency noun ("US dollar") not at all.
    Returns the other candidates and those countries."""
    sp = doc.spacy
    keep: list[Candidate] = []
    isos: list[str] = []
    money = currency_nouns()
    refs = tuple(f" {w}" for w in reference_words())
    for c in cands:
        last = sp[c.j - 1] if sp is not None else None
        nxt = sp[c.j] if sp is not None and c.j < len(sp) else None
        money_of = c.known and not c.hints and nxt is not None and nxt.lower_ in money
        if money_of and any(p.fcode == "PCLI" for p in gaz.exact(c.text, loose=False)):
            continue  # whose money, not where
        modifier = (
            last is not None and nxt is not None and c.known and not c.hints and not c.is_hint
            and last.dep_ in ("compound", "amod", "npadvmod", "nmod") and last.head.i >= c.j
            and (nxt.is_lower or nxt.text == "-")
        )  # fmt: skip
        before = doc.clean_text[max(0, c.start - 20) : c.start].lower().rstrip()
        refer = c.known and not c.hints and before.endswith(refs)
        world = (
            [p for p in gaz.exact(c.text, loose=False) if p.fcode == "PCLI"]
            if modifier or refer else []
        )  # fmt: skip
        if world:
            isos.append(world[0].iso2)
        else:
            keep.append(c)
    return keep, isos


def _actor_hints(doc: Doc, res: Any, countries: Any) -> tuple[list[str], list[tuple[int, int]]]:
    """Countries that named actors point to ("Taliban" -> AF, "Nigerian troops" -> NG), and the
    spans of named actors, which are not places ("Malay Muslim Separatists"); read in the text
    parsed (a report's focus, ``focus.py``)."""
    hints: list[str] = []
    spans: list[tuple[int, int]] = []
    for mt in res.actors.find(doc.spacy.text if doc.spacy is not None else doc.clean_text):
        if mt.kind == "named":
            spans.append((mt.start, mt.end))
        named_by_name = (
            mt.country_from == "named" and mt.text[:1].isupper()
        )  # "Taliban", not "opposition"
        if named_by_name and mt.actor.country:  # demonyms are counted by _demonyms already
            c = countries.get(mt.actor.country)
            if c is not None:
                hints.append(c.iso2)
    return hints, spans


def _actors_at_home(doc: Doc, rs: list[Resolution], res: Any, country: Any) -> frozenset[int]:
    """Ids of names the gazetteer lacks that name an actor of the report's country, which only
    there its short acronym names ("JeI" in Bangladesh): not a place."""
    if country is None:
        return frozenset()
    return frozenset(
        id(r.cand)
        for r in rs
        if r.place is None
        and any(mt.kind == "named" and (mt.start, mt.end) == (0, len(r.cand.text))
                for mt in res.actors.find(r.cand.text, country=country.name))
    )  # fmt: skip


def local_names(doc: Doc, cands: list[Candidate]) -> set[str]:
    """Names the text uses as local towns: a local-office noun follows ("Lebanon police") or a
    person is "of" it ("Galen Miller of Palestine", "Jane Doe, 16, of Lima")."""
    sp = doc.spacy
    out: set[str] = set()
    if sp is None:
        return out
    nouns = local_nouns()
    for c in cands:
        if c.hints or c.is_hint:
            continue
        nxt = sp[c.j] if c.j < len(sp) else None
        if nxt is not None and nxt.lower_ in nouns:
            out.add(c.text)
            continue
        if nxt is not None and nxt.text == "-":  # "of London-based BOP": whose, not a town
            continue
        if c.i >= 2 and sp[c.i - 1].lower_ == "of":
            before = sp[c.i - 2]
            if before.text == "," and c.i >= 3:
                before = sp[c.i - 3]
            if before.ent_type_ == "PERSON" or before.like_num:
                out.add(c.text)
    return out


def _precision(r: Resolution) -> int:
    if r.place is None:
        return 2 if (r.fallback and (r.fallback.admin_level or 0) >= 2) else 3
    lvl = r.place.admin_level
    if lvl is None:
        return 2 if r.cand.relative else 1
    if lvl == 1 or lvl == 0:
        return 3
    return 2


def _display(text: str) -> str:
    return text.title() if text.isupper() or text.islower() else text


CAP_NAMED = {1: 1.0, 2: 1.0}
# an unknown village in a region: nearer the region's main city, where most places lie; in a
# district: nearer the district's middle (its main city is often filed far off or missing)
CAP_FALLBACK = {1: 0.75, 2: 0.25}


def _point(g: GazPlace, fallback: bool) -> tuple[float | None, float | None]:
    lvl = g.admin_level
    if not lvl or g.cap_lat is None or g.cap_lon is None or g.lat is None or g.lon is None:
        return g.lat, g.lon
    w = (CAP_FALLBACK if fallback else CAP_NAMED).get(lvl, 1.0)
    return w * g.cap_lat + (1 - w) * g.lat, w * g.cap_lon + (1 - w) * g.lon


UNIT_NEAR_KM = 25.0  # a place filed without its first-level unit takes the one centred this near


def _nearest_unit(g: GazPlace, gaz: Any) -> GazPlace | None:
    """The first-level unit of the place's country whose centre or seat is nearest to it."""
    units = [u for u in gaz.admin_units(g.iso2, 1) if u.lat is not None] if gaz else []
    seats = [
        (min(g.km_to(u), _km_to_seat(g, u)), u.code or "", u) for u in units
    ]  # fmt: skip
    if not seats:
        return None
    km, _, u = min(seats, key=lambda x: (x[0], x[1]))
    return u if km < UNIT_NEAR_KM else None


def _km_to_seat(g: GazPlace, u: GazPlace) -> float:
    if u.cap_lat is None or u.cap_lon is None or g.lat is None or g.lon is None:
        return 1e9
    return haversine_km(g.lat, g.lon, u.cap_lat, u.cap_lon)


def to_place(r: Resolution, doc: Doc, countries: Any, gaz: Any = None) -> Place | None:
    """The model.Place for a resolution (the enclosing unit's coordinates for unknown names)."""
    g: GazPlace | None = r.best
    if g is None:
        return None
    c = countries.get(g.iso2)
    lvl = g.admin_level
    a1_code, a1 = g.admin1_code, g.admin1
    if not a1_code and lvl == 2 and g.code and g.code.count(".") >= 2:
        a1_code = ".".join(g.code.split(".")[:2])  # a unit filed without its parent: its code
    if not a1_code and not a1 and lvl is None and (u := _nearest_unit(g, gaz)) is not None:
        a1_code, a1 = u.code, u.name  # "Nouakchott", filed in no unit: the unit it lies in
    admin1 = admin1_of(g.iso2, a1_code, a1, g.admin2_code, g.admin2)
    if r.unit is not None:  # the text's first-level unit, where the gazetteer files it next door
        admin1 = admin1_of(r.unit.iso2, r.unit.code, r.unit.name, None, None)
    admin2 = g.admin2 if lvl != 1 else None
    lat, lon = _point(g, r.place is None)
    return Place(
        name=_display(r.cand.text),
        country=c.name if c else g.country,
        iso=c.iso if c else None,
        iso3=c.iso3 if c else None,
        region=c.region if c else None,
        admin1=admin1 if lvl != 0 else None,
        admin2=admin2 if lvl != 0 else None,
        latitude=lat,
        longitude=lon,
        geo_precision=_precision(r),
        geonameid=g.geonameid if g.geonameid > 0 else None,
        feature_code=g.fcode,
        evidence=doc.evidence(r.cand.start, r.cand.ev_end),
    )


def _country_place(g: GazPlace | None, countries: Any) -> Place | None:
    """A country-wide place (ACLED geo_precision 3) for a report whose places are all unknown."""
    if g is None:
        return None
    c = countries.get(g.iso2)
    if c is None:
        return None
    return Place(name="", country=c.name, iso=c.iso, iso3=c.iso3, region=c.region,
                 latitude=g.lat, longitude=g.lon, geo_precision=3)  # fmt: skip


SUBLOCAL_RANK = 2.5  # a part of a town ("Grama neighbourhood"): after districts, before regions
HINTED_BONUS = 1.0  # a name qualified by its units ("Kubori (Mamprugo Moaduri, North East)")


def _specificity(r: Resolution, sub: frozenset[int] = frozenset()) -> float:
    """Lower is more specific: a town (or unknown village) before a district, region, country;
    a part of a town after its town; a name qualified by its units before unqualified ones."""
    if id(r.cand) in sub:
        return SUBLOCAL_RANK
    if r.place is None:
        rank = 1.0
    else:
        lvl = r.place.admin_level
        rank = 0.0 if lvl is None else {0: 9.0, 1: 3.0, 2: 2.0}.get(lvl, 1.0)
    if r.cand.hints and rank < 3.0:
        rank -= HINTED_BONUS
    return rank


def town_marked(doc: Doc, cands: list[Candidate]) -> frozenset[int]:
    """Ids of candidates a town word follows ("Maan town", "Tripoli City")."""
    sp = doc.spacy
    words = town_words()
    if sp is None:
        return frozenset()
    return frozenset(id(c) for c in cands if c.j < len(sp) and sp[c.j].lower_ in words)


def sublocal(doc: Doc, cands: list[Candidate]) -> frozenset[int]:
    """Ids of candidates that name a part of a town: a neighbourhood word follows or leads
    ("in Grama neighbourhood", "Camargo community", "Colonia Loma Alta")."""
    sp = doc.spacy
    after, before = sublocal_words()
    out: set[int] = set()
    if sp is None:
        return frozenset()
    for c in cands:
        nxt = sp[c.j].lower_ if c.j < len(sp) else ""
        first = sp[c.i].lower_
        prev = sp[c.i - 1].lower_ if c.i > 0 else ""
        if nxt in after or first in before or prev in before:
            out.add(id(c))
    return frozenset(out)


def _usable(r: Resolution, focus: str | None, dateline: Evidence | None) -> bool:
    if r.best is None or r.cand.is_hint:
        return False
    if dateline is not None and r.cand.start < dateline.end and r.cand.end > dateline.start:
        return False
    if r.place is not None and r.place.fcode == "PCLI":
        return False
    return focus is None or r.best.iso2 == focus


def _for_events(r: Resolution) -> Resolution:
    """The resolution events use: a town outside the unit named next to it ("in Celaya,
    Guanajuato ... in Camargo community") is an unknown place in that unit."""
    if r.framed is None:
        return r
    return Resolution(r.cand, None, r.framed, r.score)


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, (len(text) if b < 0 else b)


_HYPHENATED = re.compile(r"[-\u2013](\w+)")


def seats(text: str, cands: list[Candidate]) -> frozenset[int]:
    """Ids of candidates named as where an organisation sits ("a Tampa-based trading firm",
    ``seat_words``): places the report names, never where its events happen."""
    words = lexicon()["seats"]
    hyphenated = ((c, _HYPHENATED.match(text, c.end)) for c in cands)
    return frozenset(id(c) for c, m in hyphenated if m and m.group(1).lower() in words)


def origins(doc: Doc, cands: list[Candidate]) -> frozenset[int]:
    """Ids of candidates named as where people come from ("protesters from Beirut, Aley and
    Sidon gathered in ...", "fighters from Homs"): the object of "from", or listed with it;
    and the ends of a route named by them ("the Tyre-Nabatieh road"), which only points to it."""
    sp = doc.spacy
    if sp is None:
        return frozenset()
    out: set[int] = set()
    text = doc.clean_text
    routes = lexicon()["routes"]
    pairs = {
        (a.start, b.end) for a in cands for b in cands
        if text[a.end : a.end + 1] == "-" and b.start == a.end + 1
    }  # fmt: skip
    for a, b in pairs:
        after = text[b : b + 20].split()
        if after and after[0].lower().strip(".,;") in routes:
            out.update(id(c) for c in cands if a <= c.start < b)
    for c in cands:
        tok = coordinated(sp[c.j - 1])[0]  # a list's first member
        if tok.dep_ == "pobj" and tok.head.lower_ == "from" and not c.relative:
            out.add(id(c))  # but "40 km from Kirkuk" places the event by Kirkuk
    return frozenset(out)


def statements(doc: Doc, cands: list[Candidate]) -> frozenset[int]:
    """Ids of candidates named as where something was said ("kidnapped in Guatemala City, his
    party reported in Mexico City", "the minister told reporters in Geneva"): the place of a
    statement (``source_verbs``), not of the event it tells."""
    sp = doc.spacy
    if sp is None:
        return frozenset()
    verbs = lexicon()["sources"]
    out = set()
    for c in cands:
        tok = coordinated(sp[c.j - 1])[0]  # a list's first member
        head = tok.head
        verb = head.head
        said = verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in verbs
        # by someone named ("his party reported in ..."), not "in X, it was reported that ..."
        speaker = any(k.dep_ == "nsubj" and k.lower_ not in ("it", "there") for k in verb.children)
        if tok.dep_ == "pobj" and head.dep_ == "prep" and said and speaker:
            out.add(id(c))
    return frozenset(out)


def causes(doc: Doc, cands: list[Candidate]) -> frozenset[int]:
    """Ids of candidates that only qualify the cause of an event ("protested against the Godhra
    killings", "riots over the Ayodhya dispute": ``cause_heads``): another event's place."""
    sp = doc.spacy
    if sp is None:
        return frozenset()
    heads = lexicon()["causes"]
    out = set()
    for c in cands:
        if not c.attributive:
            continue
        noun = sp[c.j - 1].head
        if noun.dep_ in ("pobj", "dobj") and noun.head.lower_ in heads:
            out.add(id(c))
    return frozenset(out)


def _pick(
    rs: list[Resolution], sub: frozenset[int] = frozenset(), away: frozenset[int] = frozenset()
) -> Resolution | None:
    """The most specific place of ``rs``, the first named on ties; places named as origins
    (``away``) only when no other place is named."""
    if not rs:
        return None
    rs = [r for r in rs if id(r.cand) not in away] or rs
    return min(rs, key=lambda r: (_specificity(r, sub), r.cand.start))


def place_for(
    m: Mention, rs: list[Resolution], text: str, main: Resolution | None,
    sub: frozenset[int] = frozenset(), away: frozenset[int] = frozenset(),
) -> Resolution | None:  # fmt: skip
    """The toponym tied to a mention: its clause, else sentence, else earlier in the paragraph."""
    t = m.trigger.start
    pa, _ = _paragraph(text, t)
    for a, b in (m.clause, m.sentence):
        hit = _pick([r for r in rs if a <= r.cand.start < b], sub, away)
        if hit is not None:
            return _town_of_part(hit, rs, pa, sub, away)
    earlier = [r for r in rs if pa <= r.cand.start < t]
    if earlier:
        return _town_of_part(max(earlier, key=lambda r: r.cand.start), rs, pa, sub, away)
    return main


def _town_of_part(
    hit: Resolution, rs: list[Resolution], pa: int, sub: frozenset[int], away: frozenset[int]
) -> Resolution:
    """``hit``, or for a part of a town ("in Belford Roxo, Rio de Janeiro, ... a shoot-out in
    Roseiral neighborhood") the town or municipality named before it in the paragraph, as ACLED
    codes it."""
    if id(hit.cand) not in sub:
        return hit
    towns = [r for r in rs if pa <= r.cand.start < hit.cand.start and id(r.cand) not in sub
             and _specificity(r, sub) < TOWN_RANK]  # fmt: skip
    return _pick(towns, sub, away) if towns else hit


TOWN_RANK = 3.0  # below a province: a town, an unknown village, a district or municipality


# Words that join a list of places in which each is an event's place ("in Aleppo, Idlib and
# Hama"); "or", "nor" and "between" make no such list ("between Kabul and Jalalabad": a road).
LIST_JOINERS = frozenset({"and", "&"})
NOT_A_LIST = frozenset({"or", "nor", "but", "between", "either", "neither"})
# Prepositions whose list names where something goes, not where the event is ("bringing death
# and destruction to Mejicanos, Soyapango and San Miguel")
DESTINATIONS = frozenset({"to", "toward", "towards"})
MAX_LISTED = 8


def _list_of(tok: Any) -> set[int]:
    """Token indices of the coordinated list ``tok`` stands in, with ``tok``; an empty set when
    no "and" joins it or the list is one of alternatives or ends ("between A and B")."""
    first, members, joiners = coordinated(tok)
    if len(members) < 2 or not joiners & LIST_JOINERS or joiners & NOT_A_LIST:
        return set()
    if first.head.lower_ in NOT_A_LIST or first.head.lower_ in DESTINATIONS:
        return set()
    return members


def _kind(r: Resolution) -> int:
    """0 a country, 1 a province (first-level unit), 2 anything smaller: a district, a town,
    an unknown village."""
    lvl = r.place.admin_level if r.place is not None else None
    return 2 if lvl is None or lvl >= 2 else lvl


def _ident(r: Resolution) -> int | str:
    """Which place ``r`` names: its entry, or its own name when the gazetteer lacks it (two
    unknown villages falling back to one province are two places)."""
    return r.place.geonameid if r.place is not None else key(r.cand.text)


def _unit_and_unknown(a: Resolution, b: Resolution) -> bool:
    return a.place is not None and a.place.admin_level is not None and b.place is None


def _holds(unit: GazPlace | None, p: GazPlace | None) -> bool:
    """Whether the admin unit ``unit`` holds ``p`` ("Kheda district" holds Kathlal); a name the
    gazetteer lacks (None) holds nothing and is held by nothing known."""
    return unit is not None and p is not None and p.within(unit)


def listed_with(
    r: Resolution, rs: list[Resolution], sp: Any, away: frozenset[int] = frozenset()
) -> list[Resolution]:
    """The other places of ``rs`` named in one list with ``r`` and of its kind (provinces with
    provinces, towns and districts with towns and districts): "attacks in Mehmedabad, Kathlal
    and Kapadvanj". ACLED codes one event per place. Places of origin and points of reference
    (``away``), places told relative to another, and a unit holding ``r`` are not listed."""
    if sp is None or r.best is None or r.cand.i < 0:  # (the dateline's town: in no list)
        return []
    members = _list_of(sp[r.cand.i : r.cand.j].root)
    if not members:
        return []
    seen = {_ident(r)}
    out = []
    for o in rs:
        c = o.cand
        if o is r or o.best is None or id(c) in away or c.relative or c.is_hint:
            continue
        if sp[c.i : c.j].root.i not in members or _kind(o) != _kind(r) or _kind(r) == 0:
            continue
        if _ident(o) in seen or _holds(o.place, r.place) or _holds(r.place, o.place):
            continue
        if _unit_and_unknown(o, r) or _unit_and_unknown(r, o):
            continue  # "Kathlal and Kheda district", Kathlal unknown: it may lie in the unit
        seen.add(_ident(o))
        out.append(o)
    return out[: MAX_LISTED - 1]


def _listed_unknowns(rs: list[Resolution], sp: Any, country: GazPlace | None) -> None:
    """A name the gazetteer lacks, in one list with towns of the report's country ("clashes
    took place in Metapan, Tejutepeque and Ilobasco"), is a place there too: it falls back to
    the country (geo_precision 3), so that the list still gives one event per place."""
    if sp is None or country is None:
        return
    towns = [o for o in rs if o.place is not None and _kind(o) == 2 and o.cand.i >= 0
             and o.place.iso2 == country.iso2 and not o.cand.is_hint]  # fmt: skip
    for r in rs:
        c = r.cand
        if r.best is not None or c.is_hint or c.relative or c.i < 0 or not towns:
            continue
        members = _list_of(sp[c.i : c.j].root)
        if any(sp[o.cand.i : o.cand.j].root.i in members for o in towns):
            r.fallback = country


def _dateline_main(dateline: list[Any], focus: str | None, n: int) -> Resolution | None:
    """The dateline's town, as the place of events of a report that names no other ("KABUL,
    May 3 (Reuters) - A bomb exploded, killing three"), when it lies in the report's country
    and in this text of ``n`` characters (not in an earlier window of a long report)."""
    d = next((d for d in dateline if not d.is_region), None)
    if d is None or d.place.admin_level == 0 or (focus is not None and d.place.iso2 != focus):
        return None
    if not 0 <= d.start < d.end <= n:
        return None
    cand = Candidate(-1, -1, d.start, d.end, d.text, d.end, True)
    return Resolution(cand, d.place, None, 1.0)


def _agree_with_dateline(
    rs: list[Resolution], dateline: list[Any], gaz: Any, text: str
) -> None:
    """A town named like the dateline's place or region, without units of its own, is that
    place ("JEFFERSONVILLE, Ind. (AP) - ... Jeffersonville", "CAMP MURRAY, Wash. - ...
    Washington")."""
    for d in dateline:
        k = key(d.text)
        names = {k, key(d.place.name), key(d.place.asciiname)}
        for r in rs:
            c = r.cand
            if c.hints or c.is_hint or c.level is not None or key(c.text) not in names:
                continue
            if QUALIFIED.match(text, c.end):  # "Washington, D.C.": qualified in the text
                continue
            if r.place is not None and (r.place.admin_level is not None or r.place == d.place):
                continue
            if any(p.geonameid == d.place.geonameid for p in gaz.exact(c.text)):
                r.place, r.fallback = d.place, None


def run(doc: Doc, res: Any) -> Doc:
    """Fill doc.toponyms, doc.country and each mention's place and location evidence."""
    if doc.spacy is None:
        return doc
    gaz, countries = res.gazetteer, res.countries
    cands: list[Candidate] = find(doc.spacy, gaz, countries)
    dl = doc.dateline_place
    doc.extra["dateline"] = read_dateline(doc, gaz)
    dl_iso = doc.extra["dateline"][0].place.iso2 if doc.extra["dateline"] else None
    hints, actor_spans = _actor_hints(doc, res, countries)
    actor_named = {id(c) for c in cands if any(c.start < e and c.end > b for b, e in actor_spans)}
    cands = [c for c in cands if id(c) not in actor_named]
    for c in cands:
        c.hints = [h for h in c.hints if id(h) not in actor_named]
    cues = country_cues(doc.clean_text)
    cues += [d.place.iso2 for d in doc.extra["dateline"] if d.is_region and d.place.fcode == "PCLI"]
    seated = seats(doc.clean_text, cands)  # where a firm sits: no vote, no event's place
    voters, owners = _modifiers(doc, cands, gaz)
    said = statements(doc, cands)  # where something was said: no vote, only a last resort
    voters = [c for c in voters if id(c) not in seated and id(c) not in said]
    # a country named as a modifier ("US dollar") votes like a named actor, less than demonyms
    focus, votes = focus_country(voters, gaz, _demonyms(doc, countries), dl_iso, cues,
                                 hints + owners, town_marked(doc, voters),
                                 paired(voters, gaz))  # fmt: skip
    allowed = {iso for iso, v in votes.items() if v >= 2.0} | ({focus} if focus else set())
    units = [gaz.by_code(code) for code in cue_regions(doc.clean_text)] if focus else []
    regions = [u for u in units if u is not None and u.iso2 == focus]
    anchors = [d.place for d in doc.extra["dateline"] if d.is_region]
    rs = resolve(cands, gaz, focus, allowed, regions, local_names(doc, cands), doc.clean_text,
                 anchors, res.resolver)  # fmt: skip
    doc.extra["resolutions"] = rs
    placed = [r.place for r in rs if r.place is not None]
    doc.extra["dateline"] = settle_dateline(doc.extra["dateline"], placed, focus, gaz)
    _agree_with_dateline(rs, doc.extra["dateline"], gaz, doc.clean_text)
    doc.toponyms = [
        Toponym(text=r.cand.text, start=r.cand.start, end=r.cand.end,
                place=to_place(r, doc, countries, gaz), relative=r.cand.relative,
                score=r.score)
        for r in rs
    ]  # fmt: skip
    country = countries.get(focus) if focus else None
    doc.country = country.name if country else None
    # where a firm sits, and the place of an event's cause ("against the Godhra killings"), are
    # never an event's place
    unplaced = seated | causes(doc, [r.cand for r in rs]) | _actors_at_home(doc, rs, res, country)
    _listed_unknowns(rs, doc.spacy, gaz.by_code(focus) if focus else None)
    usable = [_for_events(r) for r in rs if _usable(r, focus, dl) and id(r.cand) not in unplaced]
    sub = sublocal(doc, [r.cand for r in usable])
    # origins, and points of reference ("110 km east of San Salvador"), only when no other
    # place is named
    away = origins(doc, [r.cand for r in usable]) | said
    away |= {id(r.cand) for r in usable if r.cand.reference}
    main = None
    if usable:
        # the first-named usable place of the most specific kind in the first paragraph with one
        first_para = _paragraph(doc.text, usable[0].cand.start)
        main = _pick([r for r in usable if first_para[0] <= r.cand.start < first_para[1]], sub,
                     away)  # fmt: skip
    if main is None:  # no place named but the dateline's: the report's own place
        main = _dateline_main(doc.extra["dateline"], focus, len(doc.text))
    doc.extra["main_place"] = to_place(main, doc, countries, gaz) if main else None
    whole = _country_place(gaz.by_code(focus), countries) if focus and main is None else None
    for m in doc.mentions:
        r = place_for(m, usable, doc.text, main, sub, away)
        if r is None:
            m.place = whole  # only the country is known
            continue
        m.place = to_place(r, doc, countries, gaz)
        if m.place is not None and m.place.evidence is not None:
            m.evidence["location"] = m.place.evidence
        if m.place is not None and m.sentence[0] <= r.cand.start < m.sentence[1]:
            others = listed_with(r, usable, doc.spacy, away)
            listed = (to_place(o, doc, countries, gaz) for o in others)
            m.listed_places = [p for p in listed if p is not None]
    return doc
