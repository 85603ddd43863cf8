"""Resolve toponym candidates to gazetteer entries: the report's country focus first, then each
name's readings weighed by the learned ranking model (``rank.py``), then checks against the
units named with each name, the text's cue regions and the first-level units named nearby."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from conflictwire.gazetteer.filters import unmarked_words
from conflictwire.gazetteer.lexicon import lexicon
from conflictwire.gazetteer.lookup import Gazetteer, GazPlace
from conflictwire.gazetteer.normalise import key
from conflictwire.gazetteer.rank import (
    DWARF_RATIO,
    PROMINENT,
    Ranker,
    default_ranker,
    features,
    inside,
    own_name,
    setting,
)
from conflictwire.gazetteer.recognise import Candidate


@dataclass
class Resolution:
    """A candidate and the entry it resolved to, or the enclosing unit it falls back to."""

    cand: Candidate
    place: GazPlace | None = None
    fallback: GazPlace | None = None  # enclosing unit, when the name itself is unknown
    score: float = 0.0
    framed: GazPlace | None = None  # a unit named next to it that the reading lies outside
    unit: GazPlace | None = None  # the first-level unit the text puts it in, when the entry is
    # filed in a neighbouring one ("Ridgeway (Northshire)", Ridgeway just across the border)
    readings: list[tuple[GazPlace, dict[str, float]]] = field(default_factory=list)
    # every reading the ranking model weighed, with its features (``rank.features``)
    probs: list[float] = field(default_factory=list)  # the model's probability of each

    @property
    def best(self) -> GazPlace | None:
        return self.place or self.fallback


def focus_country(
    cands: list[Candidate],
    gaz: Gazetteer,
    demonym_hits: list[str],
    dateline_iso2: str | None,
    cue_hits: list[str] | None = None,
    actor_hits: list[str] | None = None,
    towns: frozenset[int] = frozenset(),
    pairs: set[int] | frozenset[int] = frozenset(),
) -> tuple[str | None, Counter[str]]:
    """The report's country (ISO alpha-2) by votes: country names and cue phrases 3, demonyms 2
    (+0.5 per repeat), named actors 1; each place name once: 1 per country with such a place,
    more when only one country has it, when it names an admin unit there, or when it lies inside
    the unit named next to it ("Koumbri (Banh, Loroum)"). ``towns``: ids of candidates the text
    calls a town ("Maan town"), whose same-named units do not count; ``pairs``: readings that
    lie in a county the text names (see :func:`paired`): a country name with such a town
    ("Palestine ... Anderson County") votes as that town, not as the country."""
    votes: Counter[str] = Counter()
    _vote_hits(votes, demonym_hits, dateline_iso2, cue_hits, actor_hits)
    _vote_names(votes, cands, gaz, towns, pairs)
    for iso2, v in _colocated(cands, gaz).items():
        votes[iso2] += v
    if not votes:
        return None, votes
    return votes.most_common(1)[0][0], votes


def _vote_hits(
    votes: Counter[str],
    demonym_hits: list[str],
    dateline_iso2: str | None,
    cue_hits: list[str] | None,
    actor_hits: list[str] | None,
) -> None:
    """Add the votes of demonyms, named actors, cue phrases and the dateline to ``votes``."""
    for hits, first in ((demonym_hits, DEMONYM_VOTE), (actor_hits or [], ACTOR_VOTE)):
        for iso2, n in Counter(hits).items():
            votes[iso2] += first + first * AGAIN * min(n - 1, 2)
    for iso2 in cue_hits or []:
        votes[iso2] += 3.0
    if dateline_iso2:
        votes[dateline_iso2] += 1.0


def _vote_names(
    votes: Counter[str],
    cands: list[Candidate],
    gaz: Gazetteer,
    towns: frozenset[int],
    pairs: set[int] | frozenset[int],
) -> None:
    """Add the votes of the text's place names to ``votes``, in text order (see focus_country)."""
    seen: set[str] = set()
    # names given with their units ("Koumbri (Banh, Loroum)"): local names, whatever their
    # large namesakes abroad (national capitals aside: "Panama City (Bella Vista)")
    qualified = {key(c.text) for c in cands if c.hints}
    for c in cands:
        k = key(c.text)
        if not c.known:
            if c.tier == 0 and k not in seen:  # a loose spelling ("Nabatiyeh") of one country
                seen.add(k)
                isos = {p.iso2 for p in gaz.exact(c.text) if p.iso2}
                if len(isos) == 1:
                    votes[isos.pop()] += LOOSE_VOTE
            continue
        matches = gaz.exact(c.text)
        town = [p for p in matches if p.geonameid in pairs and p.admin_level is None]
        if town and any(p.fcode == "PCLI" for p in matches):
            if k not in seen:
                seen.add(k)
                votes[town[0].iso2] += 1.0 + SOLE_VOTE
            continue
        if any(p.fcode == "PCLI" for p in matches):  # every mention of a country counts
            vote = ATTRIBUTIVE_VOTE if c.attributive else 3.0  # "US troops": whose, not where
            votes[next(p.iso2 for p in matches if p.fcode == "PCLI")] += vote
            continue
        if k in seen:  # a name named again; with its units, they say where it is
            for iso2 in sorted({p.iso2 for p in matches if p.iso2}):
                votes[iso2] += REPEAT_VOTE
            for iso2, v in _nested_votes(c, matches, gaz).items():
                votes[iso2] += v
            continue
        seen.add(k)
        for iso2, v in _place_votes(c, matches, gaz, id(c) in towns, k in qualified).items():
            votes[iso2] += v


COLOCATED_VOTE = 1.0  # a name with a reading inside a unit another name of the text reads as


def _colocated(cands: list[Candidate], gaz: Gazetteer) -> Counter[str]:
    """Countries where one name of the text lies inside a unit another name is ("Tafas ... in
    Dar'a"): once per name, and not for names already qualified by their hints."""
    readings: dict[str, list[GazPlace]] = {}
    for c in cands:
        if c.known and not c.is_hint and key(c.text) not in readings:
            readings[key(c.text)] = [p for p in gaz.exact(c.text) if p.fcode != "PCLI"]
    units = {
        k: [p for p in ps if p.admin_level in (1, 2)] for k, ps in readings.items()
    }  # fmt: skip
    for c in cands:
        if c.known and c.is_hint and key(c.text) not in units:
            units[key(c.text)] = [p for p in gaz.exact(c.text) if p.admin_level in (1, 2)]
    out: Counter[str] = Counter()
    for k, ps in readings.items():
        others = [u for kk, us in units.items() if kk != k for u in us]
        for iso2 in sorted({p.iso2 for p in ps for u in others if p.within(u)}):
            out[iso2] += COLOCATED_VOTE
    return out


DEMONYM_VOTE = 1.5
ACTOR_VOTE = 1.0  # a named actor of one country ("Taliban")
AGAIN = 0.33  # share of the vote for each further mention (two at most)
UNIT_VOTE = 1.0  # a name that is an admin unit (level 2) of a country
UNIT1_VOTE = 2.0  # ... a first-level unit ("Hama", "Taraba": ACLED notes name them)
SOLE_VOTE = 1.0  # a name found in one country only
LOOSE_VOTE = 2.0  # a loose spelling of one country only, with a place context: as a strict name
REPEAT_VOTE = 0.0  # each further mention of a name
ATTRIBUTIVE_VOTE = 1.0  # a country named as whose ("a US drone strike"), not where: an actor's
NESTED_VOTE = 2.0  # a name inside the unit named next to it
TOP_VOTE = 0.25  # the country of the most populous reading
CAPITAL_TOWN_VOTE = 2.0  # a national capital the text calls a city ("in Dhaka city"): as
# strong a sign as naming its country, with the votes of its name


def _place_votes(
    c: Candidate, matches: list[GazPlace], gaz: Gazetteer, town: bool = False,
    qualified: bool = False,
) -> Counter[str]:  # fmt: skip
    out: Counter[str] = Counter()
    isos = {p.iso2 for p in matches if p.iso2}
    for iso2 in sorted(isos):
        out[iso2] += 1.0 + (SOLE_VOTE if len(isos) == 1 else 0.0)
    strict = {p.geonameid for p in gaz.exact(c.text, loose=False)}
    if c.is_hint or not town:  # "Maan town": not the unit of that name
        units = [p for p in matches if p.admin_level in (1, 2) and p.geonameid in strict]
        for iso2 in sorted({p.iso2 for p in units}):
            first = any(p.admin_level == 1 for p in units if p.iso2 == iso2)
            out[iso2] += UNIT1_VOTE if first else UNIT_VOTE
    if c.level is not None:  # "Merida state": countries with such a unit
        for iso2 in sorted({p.iso2 for p in matches if p.admin_level == c.level}):
            out[iso2] += 0.5
    out.update(_nested_votes(c, matches, gaz))
    top = max(matches, key=lambda p: p.population) if matches else None
    if top is not None and top.iso2:  # the most populous reading breaks ties
        out[top.iso2] += TOP_VOTE
        if c.level is None and (top.fcode == "PPLC" or not qualified) and _dominant(top, matches):
            out[top.iso2] += PROMINENT_VOTE
    capital = max((p for p in matches if p.admin_level is None), key=lambda p: p.population,
                  default=None)  # fmt: skip
    if town and capital is not None and capital.fcode == "PPLC" and _dominant(capital, matches):
        out[capital.iso2] += CAPITAL_TOWN_VOTE  # "Dhaka city": the capital, as a town
    return out


def _nested_votes(c: Candidate, matches: list[GazPlace], gaz: Gazetteer) -> Counter[str]:
    """"El Vigia, Merida": the countries where the name lies inside a unit named with it."""
    out: Counter[str] = Counter()
    for h in c.hints:
        units = [q for q in gaz.exact(h.text) if q.admin_level]
        nested = {
            p.iso2 for p in matches for q in units
            if p.geonameid != q.geonameid and inside(p, q)
        }  # fmt: skip  # not the name itself: "Kati, Kati Commune"
        for iso2 in sorted(nested):
            out[iso2] += NESTED_VOTE
    return out


PROMINENT_VOTE = 1.0  # a city that dwarfs every namesake abroad ("Sidon", not a village)
FAMOUS = 1_000_000  # a place this large is known beyond its country ("Rome", "Alexandria")
CAPITAL_RATIO = 5  # a national capital this many times larger than every namesake abroad


def _dominant(top: GazPlace, matches: list[GazPlace]) -> bool:
    """``top`` is a prominent place and every reading in another country is far smaller: a
    village namesake abroad is a weaker sign of the country than a known city."""
    rest = max(max((p.population for p in matches if p.iso2 != top.iso2), default=0), 1)
    if top.population < PROMINENT:
        return False
    return top.population >= DWARF_RATIO * rest or (
        top.fcode == "PPLC" and top.population >= CAPITAL_RATIO * rest
    )  # "Athens": the capital, several times larger than its namesakes abroad


def _choose(c: Candidate, options: list[GazPlace], focus: str | None, hints: list[GazPlace],
            context: list[GazPlace], near: list[GazPlace] | None = None,
            region: dict[str, float] | None = None, pairs: set[int] | None = None,
            ranker: Ranker | None = None, peers: list[GazPlace] | None = None,
            ) -> tuple[GazPlace | None, list, list[float]]:  # fmt: skip
    """The reading the ranking model prefers, every reading's features and probability."""
    if not options:
        return None, [], []
    s = setting(c, options, focus, hints, context, near, region, pairs, peers)
    rows = [(p, features(p, s)) for p in options]
    best, probs = (ranker or default_ranker()).choose([f for _, f in rows])
    return options[best], rows, probs


def _generic_name(text: str) -> bool:
    """A name made only of direction and generic words ("West Coast", "South Side")."""
    lex = lexicon()
    words = text.lower().replace("-", " ").split()
    return all(w in lex["parts"] or w in lex["generic"] for w in words)


def _famous(p: GazPlace) -> bool:
    """Known beyond its country: a large place, or a national capital of some size."""
    return p.population >= FAMOUS or (p.fcode == "PPLC" and p.population >= PROMINENT)


def _options(c: Candidate, gaz: Gazetteer, focus: str | None, allowed: set[str],
             local: set[str] | None = None,
             pairs: set[int] | None = None) -> list[GazPlace]:  # fmt: skip
    """The readings of a name: a country or continent when it is one; else the places in the
    focus country (strict key, then spelling variants), famous namesakes elsewhere, and, when
    the focus country has none, the strict namesakes in the countries the text points to."""
    strict = gaz.exact(c.text, loose=False) if c.known else []
    world = [p for p in strict if p.fcode in ("PCLI", "CONT")]
    if world and not own_name(world[0], {key(c.text)}):
        # "Gaza": another name of the country, but the own name of a city in it
        inner = [p for p in strict if p.iso2 == world[0].iso2 and p.fcode not in ("PCLI", "CONT")
                 and own_name(p, {key(c.text)})]  # fmt: skip
        if any(p.population >= PROMINENT for p in inner):
            world = []
            strict = [p for p in strict if p.fcode not in ("PCLI", "CONT")]
    if world:
        if focus and world[0].iso2 != focus:  # "Georgia" in a report on the United States
            units = [p for p in strict if p.iso2 == focus and p.admin_level == 1]
            if units:
                return units
            towns = [p for p in strict if p.iso2 == focus and p.admin_level is None]
            if towns and local and c.text in local:  # "Galen Miller of Palestine" (Texas)
                return towns
            big = [p for p in towns if p.population >= PROMINENT and own_name(p, {key(c.text)})]
            if big:  # "Salvador, Bahia" in a report on Brazil: its city, not El Salvador
                return big
            towns = [p for p in towns if p.geonameid in (pairs or ())]
            if towns:  # "Lebanon ... Boone County": the town in that county
                return towns
        return world[:1]
    famous = [p for p in strict if _famous(p)]
    generic = _generic_name(c.text)
    if generic:  # "West Coast", "South Side": only an entry's own name, no other spelling
        strict = famous = [p for p in strict if own_name(p, {key(c.text)})]
    if focus:
        opts = [p for p in strict if p.iso2 == focus]
        if not opts and not generic:
            # "Quebec City" is a name in its own right: the focus country's "Quebec" (an
            # alternate name of New Britain, Connecticut) does not read it.
            opts = gaz.lookup(c.text, focus, fuzzy=not strict, stripped=not gaz.has_name(c.text))
        if opts:
            if local and c.text in local:  # "Lima man": the focus country's town
                return opts
            return opts + [p for p in famous if p not in opts]
        if not c.known:
            return []
        return [p for p in (strict if generic else gaz.exact(c.text)) if p.iso2 in allowed] + famous
    return (strict if generic else gaz.exact(c.text)) if c.known else []


def resolve(
    cands: list[Candidate],
    gaz: Gazetteer,
    focus: str | None,
    allowed: set[str],
    regions: list[GazPlace] | None = None,
    local: set[str] | None = None,
    text: str | None = None,
    anchors: list[GazPlace] | None = None,
    ranker: Ranker | None = None,
) -> list[Resolution]:
    """Resolve every candidate; two passes so that units named in the text inform the rest.
    ``regions``: units the report's cues point to ("OSCE SMM" -> Donetsk, Luhansk); ``local``:
    names the text uses as local towns ("Lebanon police"): the focus country's town wins;
    ``text``: the input, to see which names stand in one list ("Alaska, Hawaii and Texas");
    ``anchors``: units the report is filed from (the dateline's "Ind."), context for every name;
    ``ranker``: the model that weighs each name's readings (the shipped one by default)."""
    regions = regions or []
    anchors = [u for u in anchors or [] if u.admin_level and u.iso2 == focus]
    res = {id(c): Resolution(c) for c in cands}
    local = local or set()
    pairs = paired(cands, gaz)
    opts = {id(c): _options(c, gaz, focus, allowed, local, pairs) for c in cands}
    listed = _listed_with(cands, text or "")
    _choose_all(cands, res, opts, focus, regions, anchors, pairs, listed,
                ranker or default_ranker())  # fmt: skip
    for c in cands:
        _agree_with_hints(res[id(c)], res, opts, focus)
        _agree_with_regions(res[id(c)], regions)
    _agree_with_units_named(cands, res, opts, gaz, focus)
    _fall_back(cands, res, regions, focus)
    for r in res.values():  # the model's probability of the reading kept (a rule may change it)
        r.score = next((p for (q, _), p in zip(r.readings, r.probs, strict=True) if q is r.place),
                       0.0)  # fmt: skip
    # a weak name, or English words only ("coffee Mills in Santiago de Maria"), without a
    # reading is no place; the names that only qualified it name places of their own
    gone = {id(c) for c in cands if (c.weak or unmarked_words(c)) and res[id(c)].place is None}
    kept = [c for c in cands if id(c) not in gone]
    hinting = {id(h) for c in kept for h in c.hints}
    for c in cands:
        if id(c) in gone:
            for h in c.hints:
                h.is_hint = id(h) in hinting
    return [res[id(c)] for c in kept]


def _choose_all(
    cands: list[Candidate],
    res: dict[int, Resolution],
    opts: dict[int, list[GazPlace]],
    focus: str | None,
    regions: list[GazPlace],
    anchors: list[GazPlace],
    pairs: set[int],
    listed: dict[int, list[Candidate]],
    ranker: Ranker,
) -> None:
    """Choose every name's reading in two passes, the second informed by the first's units."""
    context: list[tuple[str, GazPlace]] = [("", u) for u in [*regions, *anchors]]
    votes: dict[str, Counter[str]] = {}
    for n in range(2):
        sure = _sure(cands, res, opts, focus, n)
        # Hints (enclosing units) first, so the names they qualify can use them.
        for c in sorted(cands, key=lambda c: not c.is_hint):
            hints = [h for h in (res[id(x)].place for x in c.hints) if h is not None]
            k = key(c.text)
            near = [q for kk, q in sure if kk != k]
            region = _region_share(votes, k)
            peers = [q for x in listed.get(id(c), []) if (q := res[id(x)].place) is not None]
            r = res[id(c)]
            r.place, r.readings, r.probs = _choose(
                c, opts[id(c)], focus, hints, [u for kk, u in context if kk != k], near, region,
                pairs, ranker, peers,
            )
        votes = _region_votes(cands, res, opts, focus)
        context = [("", u) for u in [*regions, *anchors]] + [
            (key(x.text), r.place) for x in cands
            if (r := res[id(x)]).place is not None and r.place.admin_level
            and r.place.iso2 == focus
        ]  # fmt: skip  # a unit another name of the text reads as; not the name's own reading


def _sure(
    cands: list[Candidate],
    res: dict[int, Resolution],
    opts: dict[int, list[GazPlace]],
    focus: str | None,
    n: int,
) -> list[tuple[str, GazPlace]]:
    """The sure towns of pass ``n`` (none in the first), by name key: for spatial coherence."""
    # Places the text names unambiguously (one reading, or one town of one name).
    sure = [
        (key(c.text), opts[id(c)][0]) for c in cands
        if n and len(opts[id(c)]) == 1 and opts[id(c)][0].admin_level is None
    ]  # fmt: skip
    if n and NEAR_FIRST_PASS:  # and the towns the first pass chose
        sure += [
            (key(c.text), p) for c in cands
            if (p := res[id(c)].place) is not None and p.admin_level is None
            and p.iso2 == focus
        ]  # fmt: skip
    return sure


def _agree_with_units_named(
    cands: list[Candidate],
    res: dict[int, Resolution],
    opts: dict[int, list[GazPlace]],
    gaz: Gazetteer,
    focus: str | None,
) -> None:
    """Check each name against the focus country's first-level units the text names near it."""
    named = [
        (c.start, key(c.text), p, p is not res[id(c)].place) for c in cands
        if (p := _unit_named(res[id(c)].place, c, gaz)) is not None and p.iso2 == focus
        and not c.reference  # "Metapan, 105 km west of San Salvador": outside it
    ]  # fmt: skip
    for c in cands:
        # a town named like its unit ("Kherson") is a place in its own right: only a unit
        # named as such frames it, not another seat ("Kherson ... Odessa")
        seat = any(k == key(c.text) for _, k, _, _ in named)
        units = [
            p for at, _, p, by_seat in named
            if abs(at - c.start) < UNIT_REACH and not (seat and by_seat)
        ]  # fmt: skip
        _agree_with_named_units(res[id(c)], units, opts[id(c)])


def _fall_back(
    cands: list[Candidate], res: dict[int, Resolution], regions: list[GazPlace], focus: str | None
) -> None:
    """Give each unknown (not weak) name the unit enclosing it, else the first cue region."""
    for c in cands:
        r = res[id(c)]
        if r.place is None and not c.weak:
            r.fallback = _enclosing(c, res, cands, focus) or (regions[0] if regions else None)
            r.unit = next(
                (res[id(h)].unit for h in c.hints if res[id(h)].place is r.fallback), None
            )  # an unknown village in a town the text puts in another unit: that unit




def paired(cands: list[Candidate], gaz: Gazetteer) -> set[int]:
    """Ids of readings that pair with a reading of another name of the text: a town inside a
    second-level unit named elsewhere ("Paris ... Henry County" -> Paris, Tennessee, and that
    Henry County). Any reading counts, so two ambiguous names settle each other; only readings
    the text names by their own name ("Texas" is not Texas County, Missouri)."""
    readings: dict[str, list[GazPlace]] = {}
    for c in cands:
        k = key(c.text)
        if c.known and not c.weak and k not in readings:
            ps = gaz.exact(c.text, loose=False)
            readings[k] = [p for p in ps if p.fcode not in ("PCLI", "CONT") and own_name(p, {k})]
    units: dict[str, list[tuple[str, GazPlace]]] = {}
    for k, ps in readings.items():
        for p in ps:
            if p.admin_level == 2 and p.code:
                units.setdefault(p.code, []).append((k, p))
    out: set[int] = set()
    for k, ps in readings.items():
        for p in ps:
            if p.admin_level is not None or not p.admin2_code:
                continue
            hits = [u for kk, u in units.get(p.admin2_code, []) if kk != k and p.within(u)]
            if hits:
                out.add(p.geonameid)
                out.update(u.geonameid for u in hits)
    return out


NEAR_KM = 60.0
UNIT_REACH = 250  # characters: a first-level unit named this close frames a town ...
FRAMED_MAX = 100_000  # ... smaller than this
NEAR_FIRST_PASS = True  # towns chosen in the first pass count for spatial coherence
REGION_UNIT_VOTE = 2.0  # a first-level unit named in the text
REGION_MIN = 1.0  # fewer votes than this are no region focus


def _region_votes(
    cands: list[Candidate],
    res: dict[int, Resolution],
    opts: dict[int, list[GazPlace]],
    focus: str | None,
) -> dict[str, Counter[str]]:
    """Each name's votes for the focus country's admin1 units: a unit it resolved to, else one
    vote shared by the units its readings lie in ("Springfield" splits, "Peoria" does not)."""
    out: dict[str, Counter[str]] = {}
    for c in cands:
        k = key(c.text)
        if k in out:
            continue
        v: Counter[str] = Counter()
        placed = res[id(c)].place
        ps = [p for p in opts[id(c)] if p.iso2 == focus and p.admin1_code]
        if placed is not None and placed.admin_level == 1 and placed.admin1_code:
            v[placed.admin1_code] += REGION_UNIT_VOTE
        elif ps:
            a1s = {p.admin1_code for p in ps if p.admin1_code}
            for a in sorted(a1s):
                v[a] += 1.0 / len(a1s)
        out[k] = v
    return out


def _region_share(votes: dict[str, Counter[str]], own: str) -> dict[str, float]:
    """Admin1 code -> share (0..1) of the strongest unit's votes, from the other names."""
    total: Counter[str] = Counter()
    for k, v in votes.items():
        if k != own:
            total.update(v)
    if not total:
        return {}
    top = max(total.values())
    if top < REGION_MIN:
        return {}
    return {a: n / top for a, n in total.items()}


def _agree_with_hints(
    r: Resolution,
    res: dict[int, Resolution],
    opts: dict[int, list[GazPlace]],
    focus: str | None,
) -> None:
    """A name qualified by enclosing units ("Shyroka Balka, Donetsk") must lie inside one of them
    (any reading of them: "Celaya, Guanajuato" is the state, not the town): else take another
    reading of the name inside them, else leave it unknown (it then falls back to the unit)."""
    c = r.cand
    if r.place is None or c.is_hint or not c.hints:
        return
    readings = [(h, _hint_units(h, opts, focus)) for h in c.hints]
    readings = [(h, ps) for h, ps in readings if ps]
    if not readings:
        return
    # The first-named unit is the smallest ("(Uvira, Sud-Kivu)"): the place must lie in it.
    first = readings[0][1]
    inner = [p for p in first if inside(r.place, p)]
    if inner:
        h = readings[0][0]
        own = any(p in opts[id(h)] for p in inner)  # not read through the hint's own unit
        if own and res[id(h)].place not in inner:
            res[id(h)].place = inner[0]
        return
    if r.place.admin_level is not None and any(inside(p, r.place) for p in first):
        return  # "Idleb, Ariha": a unit named before a place inside it
    if _unfiled_in(r.place, first):
        return  # "Mamfe (Manyu, Sud-Ouest)": a town filed in the unit's region, not in a unit
    chosen = res[id(readings[0][0])].place
    if c.known and any(r.place.km_to(u) < NEAR_KM for u in ([chosen] if chosen else first)):
        # across a border from the unit's centre: keep the reading, but report the text's unit
        _report_text_unit(r, r.place, res)
        return
    _reread_inside(r, opts[id(c)], chosen, first)


def _hint_units(
    h: Candidate, opts: dict[int, list[GazPlace]], focus: str | None
) -> list[GazPlace]:
    """The readings of a hint in the focus country, else those of the hint's own hints."""
    ps = [p for p in opts[id(h)] if focus is None or p.iso2 == focus]
    for hh in [] if ps else h.hints:  # "Makhanpur village, Bhagwanpur (Uttarakhand)"
        ps = ps or [p for p in opts[id(hh)] if focus is None or p.iso2 == focus]
    return ps


def _report_text_unit(r: Resolution, place: GazPlace, res: dict[int, Resolution]) -> None:
    """Set ``r.unit`` to the first-level unit the hints name when ``place`` lies outside it."""
    c = r.cand
    chain = [*c.hints, *(hh for h in c.hints for hh in h.hints)]  # "(Tshwane, Gauteng)"
    named = [p for h in chain if (p := res[id(h)].place) is not None
             and p.admin_level == 1 and p.iso2 == place.iso2]  # fmt: skip
    if named and not any(place.within(u) for u in named):
        r.unit = named[0]


def _reread_inside(
    r: Resolution, options: list[GazPlace], chosen: GazPlace | None, first: list[GazPlace]
) -> None:
    """Re-read ``r`` as the largest reading inside the hint's units, a listed peer unit, or none."""
    c = r.cand
    # the unit the hint was read as, when a unit ("Benito Juarez, Nuevo Leon": the state, not
    # a village of that name in another state)
    units = [chosen] if chosen is not None and chosen.admin_level else first
    near = [p for p in options if any(inside(p, u) for u in units)]
    # first-level units only: a town's municipality ("Caracoli, Malambo, Atlantico") is no peer
    ranks = {(u.iso2, u.admin_level) for u in units if u.admin_level == 1}
    peers = [p for p in options if (p.iso2, p.admin_level) in ranks and c.known]
    if not near and peers and own_name(peers[0], {key(c.text)}):
        r.place = max(peers, key=lambda p: p.population)
        return  # "Utah, Colorado, and Idaho": units of one rank listed, not one inside another
    r.place = max(near, key=lambda p: p.population) if near else None


def _unfiled_in(p: GazPlace, units: list[GazPlace]) -> bool:
    """``p``, a town the gazetteer files in a first-level unit only, may lie in one of the
    second-level ``units``: it shares their first-level unit (the units' centres are rough)."""
    if p.admin_level is not None or p.admin2_code or not p.admin1_code:
        return False
    return any(
        u.admin_level == 2 and u.iso2 == p.iso2 and u.admin1_code == p.admin1_code for u in units
    )


QUALIFIED = re.compile(r"\s*,\s*[A-Z][a-z]{0,4}\.")  # ", D.C.", ", Calif.", ", Ont."
LIST_JOINERS = frozenset({",", "and", ", and", "or", ", or", "&", "/"})


def _listed_with(cands: list[Candidate], text: str) -> dict[int, list[Candidate]]:
    """Names listed together ("Alaska, Hawaii and Texas"), by candidate id: the other names of
    its list (only names with no units of their own, and not qualified: "Washington, D.C.")."""
    order = sorted((c for c in cands if not c.is_hint and not c.hints), key=lambda c: c.start)
    lists: list[list[Candidate]] = []
    for a, b in zip(order, order[1:], strict=False):
        joined = " ".join(text[a.end : b.start].split()) in LIST_JOINERS
        if joined and not QUALIFIED.match(text, a.end) and not QUALIFIED.match(text, b.end):
            if lists and lists[-1][-1] is a:
                lists[-1].append(b)
            else:
                lists.append([a, b])
    return {id(c): [x for x in group if x is not c] for group in lists for c in group}


def _agree_with_regions(r: Resolution, regions: list[GazPlace]) -> None:
    """With cue regions ("OSCE SMM" -> Donetsk, Luhansk), a village outside them and named
    without enclosing units is more likely an unknown namesake inside them."""
    p = r.place
    if not regions or p is None or r.cand.hints or r.cand.is_hint or p.admin_level is not None:
        return
    if p.population >= 100_000 or any(p.within(u) for u in regions):
        return
    if any(p.km_to(u) < NEAR_KM for u in regions):
        return
    r.place = None


def _unit_named(p: GazPlace | None, c: Candidate, gaz: Gazetteer) -> GazPlace | None:
    """The first-level unit a name stands for: its reading when that is one, or the unit a seat
    of the same name heads ("in al-Hasakeh": the city and its governorate)."""
    if p is None or p.admin_level == 1:
        return p
    if p.admin_level is not None or c.level is not None or not p.admin1_code:
        return None
    unit = gaz.by_code(p.admin1_code)
    if unit is None or unit.admin_level != 1:
        return None
    return unit if any(q.geonameid == unit.geonameid for q in gaz.exact(c.text)) else None


def _agree_with_named_units(r: Resolution, units: list[GazPlace], opts: list[GazPlace]) -> None:
    """A small town named without enclosing units, outside every first-level unit the text
    names ("in Celaya, Guanajuato ... in Camargo community"), is more likely an unknown
    namesake inside them: another reading there, else the unit frames it (``framed``)."""
    p = r.place
    if not units or p is None or r.cand.hints or p.admin_level is not None:
        return  # a town named as a hint ("Mbano Okwu in Oba town ... (Anambra)") counts too
    if p.population >= FRAMED_MAX or any(p.within(u) or p.km_to(u) < NEAR_KM for u in units):
        return
    inside = [q for q in opts if any(q.within(u) for u in units)]
    if inside:
        r.place = max(inside, key=lambda q: q.population)
    else:  # keep the reading for geoparsing; events take the unit
        r.framed = units[0]


def _enclosing(
    c: Candidate, res: dict[int, Resolution], cands: list[Candidate], focus: str | None = None
) -> Any:
    """The smallest admin unit that encloses an unknown name: its hints, else one nearby."""
    hinted = [
        x for h in c.hints if (x := res[id(h)].framed or res[id(h)].place) is not None
        and (focus is None or x.iso2 == focus)
    ]  # fmt: skip  # "(Dessa, Tillaberi)": not a namesake of Dessa abroad
    if hinted:  # the first named is the smallest: "(Larkana, Sindh)", "Kansafra in Idleb"
        return hinted[0]
    near = [
        res[id(d)].place for d in cands
        if d is not c and abs(d.start - c.start) < 250 and res[id(d)].place is not None
        and ((res[id(d)].place.admin_level or 0) > 0 or d.is_hint)
        and (focus is None or res[id(d)].place.iso2 == focus)
    ]  # fmt: skip
    if not near:
        return None
    return max(near, key=lambda p: 9 if p.admin_level is None else p.admin_level)

