"""Assembly: mentions -> Event records, merging mentions that tell the same incident.

A report often tells one incident twice ("attacked an outpost ... killing two"; "assaulted an
outpost outside Ali Sarai"). A later violent mention with no date of its own and no conflicting
actors is folded into the earlier one; the merged event keeps the most precise place, the
first date, the largest supported counts, and every piece of evidence.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from conflictwire.doc import Doc, Mention
from conflictwire.model import Event, Place
from conflictwire.resources import Resources, load_yaml
from conflictwire.stages.actors import UNIDENTIFIED_GROUP
from conflictwire.taxonomy import Taxonomy

VIOLENT = Taxonomy.load().political_violence


def _same_actor(a: object, b: object) -> bool:
    """Whether two acting sides can be one: the same, or either untold or unidentified
    ("Tiv militias attacked ... Militiamen killed 8 residents")."""
    if a is None or b is None:
        return True
    na, nb = getattr(a, "name", ""), getattr(b, "name", "")
    return na == nb or na.startswith(UNIDENTIFIED_GROUP) or nb.startswith(UNIDENTIFIED_GROUP)


def _same_incident(first: Mention, later: Mention) -> bool:
    """Same day, same type and the same province (or no place to tell them apart)."""
    same_area = (
        first.place is None or later.place is None or first.place.admin1 == later.place.admin1
    )
    return first.date == later.date and first.event_type == later.event_type and same_area


def _undated_lede(first: Mention, later: Mention, lede: int) -> bool:
    """``first`` is told in the report's first sentence (a headline, or the lede that sums up
    the story) with no date of its own, and ``later`` comes after it."""
    return first.sentence[0] == lede != later.sentence[0] and "event_date" not in first.evidence


def _own_date(first: Mention, later: Mention) -> bool:
    """Whether ``later`` has a date expression of its own (not the one it inherited)."""
    ev = later.evidence.get("event_date")
    return ev is not None and ev != first.evidence.get("event_date")


def _same_place(a: Place | None, b: Place | None) -> bool:
    """Whether two places can be one incident's: the same name, or in the same province when
    either is vague (geo_precision 2-3: "a village south of Kirkuk" may be "Ali Sarai")."""
    if a is None or b is None or a.name == b.name:
        return True
    if a.admin1 != b.admin1:
        return False
    if _town_off_the_map(a) and _town_off_the_map(b):
        return False  # two towns named, neither in the gazetteer: two places, however vague
    return (a.geo_precision or 1) > 1 or (b.geo_precision or 1) > 1


def _town_off_the_map(p: Place) -> bool:
    """A place named in the text that the gazetteer lacks, so it stands at the point of its
    province or district ("Tejutla, Chalatenango Department"), not that unit itself."""
    if p.feature_code is None or not p.feature_code.startswith("ADM"):
        return False
    name = p.name.lower()
    return not any(u and u.lower() in name for u in (p.admin1, p.admin2))


# Demonstrations (Protests, Riots): "the clashes" told after one are its own clashes
CROWD_TYPES = Taxonomy.load().demonstrations

# A mention told this many characters after another, with a place of its own in its own sentence
# and no word pointing back ("the attack"), starts another incident: reports that list incidents
# one after another (wire round-ups, security digests) told each as a retelling of the first.
FAR = 400


def _own_toll(m: Mention) -> bool:
    """Whether the mention's death toll is told in its own sentence."""
    ev = m.evidence.get("fatalities")
    return ev is not None and m.sentence[0] <= ev.start < m.sentence[1]


def _another_incident(first: Mention, later: Mention) -> bool:
    """Whether ``later`` tells another incident than ``first`` whatever else they share: its
    sentence opens so ("Meanwhile, ...", ``new_incident``), each gives its own, different death
    toll, or ``later`` is far on, placed in its own sentence; never when it points back."""
    if later.anaphoric:
        return False
    if later.new_incident:
        return True  # "Meanwhile, ...", "In a separate incident, ..."
    if _own_toll(first) and _own_toll(later) and first.fatalities != later.fatalities:
        return True  # "three soldiers were killed in X" ... "two civilians died in Y"
    return later.sentence[0] - first.sentence[1] > FAR and _own_place(later)


def _listed(m: Mention, place: Place | None) -> bool:
    """Whether ``place`` is one of the others ``m`` is told of ("in Aleppo, Idlib and Hama")."""
    return place is not None and any(p.name == place.name for p in m.listed_places)


# Property destroyed or looted in the course of an attack, a battle or a riot ("militias attacked
# the villages ... and burnt down houses") is part of that event: ACLED codes Looting/property
# destruction only outside the context of other violence (its codebook's definition).
DESTRUCTION = "Looting/property destruction"
NEAR = 200  # characters at most between the violence's sentence and the destruction's


def _destruction_within(first: Mention, later: Mention) -> bool:
    """Whether ``later`` tells property destroyed or looted in the violence ``first`` tells,
    close after it ("... attacked Nangade village. They also burned several huts")."""
    return (
        later.sub_event_type == DESTRUCTION
        and (first.event_type in VIOLENT or first.event_type == "Riots")
        and later.sentence[0] - first.sentence[1] <= NEAR
    )


ARRESTS = "Arrests"
# The event types whose arrests told close after are part of them (``_aftermath_arrest``).
AFTERMATH_OF = frozenset(
    {"Battles", "Violence against civilians", *Taxonomy.load().demonstrations}
)


def _aftermath_arrest(first: Mention, later: Mention) -> bool:
    """Whether ``later`` tells arrests close after the fight, attack, riot or protest ``first``
    tells ("... beaten to death by a group of men. Nine people were arrested."): part of that
    event (ACLED codes no separate Arrests; arrests at a protest make it a Protest with
    intervention). Not after a bombing: the hunt for its authors is news of its own ("the
    Khasadar Force later arrested five suspects in a search operation")."""
    return (
        later.sub_event_type == ARRESTS
        and first.event_type in AFTERMATH_OF
        and later.sentence[0] - first.sentence[1] <= NEAR
    )


def _compatible(first: Mention, later: Mention, lede: int = -1) -> bool:
    """Whether ``later`` plausibly retells ``first`` (same incident) rather than a new one.

    ``lede``: where the report's first sentence starts; an event told there (a headline or the
    lede that sums up the story) is the one a later mention of its family retells, unless that
    one has a place of its own in another province."""
    if _another_incident(first, later):
        return False
    same_family = (
        first.event_type == later.event_type
        or (first.event_type in VIOLENT and later.event_type in VIOLENT)
        or _destruction_within(first, later)
    )
    if _undated_lede(first, later, lede) and same_family and first.historical == later.historical:
        # "14 militants killed in Gaza." then the story of that strike, with its day
        a, b = first.place, later.place
        if a is None or b is None or a.admin1 == b.admin1:
            return True
        if a.admin1 is None and a.country == b.country:
            return True  # the headline names only the country

    if _own_date(first, later) and later.date != first.date:
        return False
    if first.historical != later.historical:
        return False
    if (
        _own_place(first)
        and _own_place(later)
        and not _same_place(first.place, later.place)
        and not _listed(first, later.place)
    ):
        return False  # told of another place: another event
    if _aftermath_arrest(first, later):
        return True  # the perpetrators or the crowd arrested: the same incident
    crowd_fight = first.event_type in CROWD_TYPES and later.sub_event_type == "Armed clash"
    if later.anaphoric and (same_family or crowd_fight):
        return True  # "the fighting ended", "the clashes continued" (after a riot): told before
    if (
        first.sub_event_type == later.sub_event_type
        and first.place is not None
        and later.place is not None
        and first.place.name == later.place.name
    ):
        return True  # same kind of event, same day, same place: told twice, whoever is named
    named = "actor1" in first.evidence and "actor1" in later.evidence  # not defaults
    return same_family and (not named or _same_actor(first.actor1, later.actor1))


@cache
def _settlement_words() -> frozenset[str]:
    lex = load_yaml("places_lexicon.yaml")
    return frozenset(lex["settlement_words"]) - frozenset(lex["unit_words"])


def _place_rank(m: Mention, relative: set[int]) -> tuple[int, int, int]:
    """Lower is better: ACLED geo_precision, then a place not told relative to another, then a
    settlement the text names as such ("the Ali Sarai village") over a bare name."""
    if m.place is None:
        return (10, 1, 1)
    loc = m.evidence.get("location")
    words = loc.text.lower().split() if loc is not None else []
    named_settlement = bool(words) and words[-1] in _settlement_words()
    return (
        m.place.geo_precision or 9,
        1 if loc is not None and loc.start in relative else 0,
        0 if named_settlement else 1,
    )


def _own_place(m: Mention) -> bool:
    """Whether the mention's place is named in its own sentence (not inherited from another)."""
    loc = m.evidence.get("location")
    return loc is not None and m.sentence[0] <= loc.start < m.sentence[1]


def _weapon_names_it(into: Mention, other: Mention) -> bool:
    """An "Armed clash" read only from an attack on an armed side (no clash or return fire told),
    or an "Attack" read from a killing alone ("14 militants killed in Gaza."), retold with a
    remote weapon (an air strike, a shelling, an IED): the weapon names the event. ACLED's
    precedence of Battles holds when both sides fought."""
    if other.event_type != "Explosions/Remote violence":
        return False
    if any(c.startswith("weak:") for c in other.cues):
        return False  # a telling the rules set aside ("In 2009, a bomb ...") names nothing
    if into.sub_event_type == "Armed clash":
        return not into.cues & {"clash", "return_fire"}
    return into.sub_event_type == "Attack"


# A protest's sub-event types from the least to the most told: a later telling of the same
# protest that says the police intervened, or used lethal force, refines it.
PROTEST_ORDER = (
    "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
)  # fmt: skip


def _protest_refined(into: Mention, other: Mention) -> bool:
    """Whether ``other``, a retelling of the protest ``into``, tells more of what was done to it
    (police intervention, lethal force)."""
    if into.sub_event_type not in PROTEST_ORDER or other.sub_event_type not in PROTEST_ORDER:
        return False
    return PROTEST_ORDER.index(other.sub_event_type) > PROTEST_ORDER.index(into.sub_event_type)


CLOSE = 40  # characters at most between a bombing's sentence and the fight that retells it


def _fighting_names_it(into: Mention, other: Mention) -> bool:
    """Remote violence retold as a fight in which both sides fought ("conducted a raid ...
    killing 2 of them after an exchange of fire", "the bombing was followed by clashes"): a
    Battle (ACLED's precedence: a bombing followed by a gunfight is one Armed clash)."""
    return (
        into.event_type == "Explosions/Remote violence"
        and other.sub_event_type == "Armed clash"
        and bool(other.cues & {"clash", "return_fire"})
        and not any(c.startswith("weak:") for c in other.cues)
        and other.sentence[0] - into.sentence[1] <= CLOSE
    )


def _merge(into: Mention, other: Mention, relative: set[int]) -> None:
    if "event_date" not in into.evidence and "event_date" in other.evidence:
        into.date, into.time_precision = other.date, other.time_precision  # an undated headline
        into.evidence["event_date"] = other.evidence["event_date"]
    better = _place_rank(other, relative) < _place_rank(into, relative)
    if _own_place(other) and (better or not _own_place(into)) and not _listed(into, other.place):
        into.place, into.listed_places = other.place, other.listed_places
        if "location" in other.evidence:
            into.evidence["location"] = other.evidence["location"]
    if _protest_refined(into, other):  # "... held a protest. Police used lathi charge"
        into.sub_event_type = other.sub_event_type
    if _fighting_names_it(into, other):
        into.sub_event_type, into.event_type = other.sub_event_type, other.event_type
    elif _weapon_names_it(into, other):  # "killed several militants after an air strike"
        # the trigger stays the first telling's: the weapon's words are not quoted as evidence
        into.sub_event_type, into.event_type = other.sub_event_type, other.event_type
        if "actor1" in other.evidence:
            into.actor1, into.evidence["actor1"] = other.actor1, other.evidence["actor1"]
            into.actor2 = other.actor2  # the sides of the telling that names the weapon
            into.evidence.pop("actor2", None)
            if "actor2" in other.evidence:
                into.evidence["actor2"] = other.evidence["actor2"]
    if _aftermath_arrest(into, other):
        # the police intervened; not where the protest is against an arrest ("protested against
        # the arrest of an editor. He was arrested in a graft case")
        if into.sub_event_type == "Peaceful protest" and "arrest" not in into.cues:
            into.sub_event_type = "Protest with intervention"
        return  # the arrest's sides, place and counts are not the event's
    if into.actor2 is None and other.actor2 is not None:
        into.actor2 = other.actor2
        if "actor2" in other.evidence:
            into.evidence["actor2"] = other.evidence["actor2"]
    named_later = "actor1" in other.evidence and "actor1" not in into.evidence
    if named_later and other.event_type == into.event_type:  # "... an attack claimed by X"
        into.actor1 = other.actor1
        into.evidence["actor1"] = other.evidence["actor1"]
    if into.fatalities < other.fatalities:
        into.fatalities = other.fatalities
        if "fatalities" in other.evidence:
            into.evidence["fatalities"] = other.evidence["fatalities"]
    if into.injuries < other.injuries:
        into.injuries = other.injuries
        if "injuries" in other.evidence:
            into.evidence["injuries"] = other.evidence["injuries"]
    # Evidence follows the values taken above: nothing else of ``other`` is copied, so every
    # piece of evidence backs the field it is filed under.
    into.score = min(1.0, into.score + 0.05)
    if other.confidence is not None and (into.confidence or 0.0) < other.confidence:
        into.confidence = other.confidence  # told twice: as sure as its surest telling
        into.decision = other.decision


def merge_mentions(
    mentions: list[Mention], relative: set[int] | None = None, lede: int = -1
) -> list[Mention]:
    """Fold each mention into an earlier compatible one, or keep it as a new incident.

    ``relative``: start offsets of place names told relative to another ("south of Kirkuk");
    ``lede``: where the report's first sentence starts.
    """
    relative = relative or set()
    kept: list[Mention] = []
    for m in mentions:
        if not m.event_type:
            continue
        target = next((k for k in reversed(kept) if _compatible(k, m, lede)), None)
        if target is not None and (
            not _own_date(target, m) or _same_incident(target, m) or _undated_lede(target, m, lede)
        ):
            _merge(target, m, relative)
        else:
            kept.append(m)
    return kept


def summary(m: Mention) -> str:
    """A one-sentence note in ACLED's style: date, actors, what happened, where, toll."""
    when = f"On {m.date.day} {m.date:%B %Y}, " if m.date else ""
    who = m.actor1.name if m.actor1 else "Unidentified actors"
    what = m.sub_event_type.lower()
    whom = f" involving {m.actor2.name}" if m.actor2 else ""
    where = ""
    if m.place and m.place.name:
        admins = ", ".join(a for a in (m.place.admin2, m.place.admin1) if a and a != m.place.name)
        where = f" in {m.place.name}" + (f" ({admins})" if admins else "")
    toll = []
    if m.fatalities:
        toll.append(f"{m.fatalities} killed")
    if m.injuries:
        toll.append(f"{m.injuries} injured")
    tail = f": {', '.join(toll)}" if toll else ""
    return f"{when}{who}: {what}{whom}{where}{tail}."


def _confidence(m: Mention, order: int) -> float:
    if m.confidence is not None:  # the decision's calibrated probability
        return round(m.confidence, 3)
    c = 0.35 + 0.25 * min(m.score, 1.0)
    c += 0.1 if "actor1" in m.evidence else 0.0
    c += 0.1 if m.place is not None else 0.0
    c += 0.1 if "event_date" in m.evidence else 0.0
    c += 0.05 if m.fatalities or m.injuries else 0.0
    return round(max(0.05, min(0.99, c - 0.05 * order)), 3)


def to_events(doc: Doc, res: Resources, include_historical: bool = False) -> list[Event]:
    """The report's Event records (background events only with ``include_historical``)."""
    tax = res.taxonomy
    events: list[Event] = []
    source = doc.article.source or doc.dateline_source
    relative = {t.start for t in doc.toponyms if t.relative}
    doc.extra["incidents"] = incidents = []  # the merged mention behind each event, in order
    if "lede" in doc.extra:  # a long report processed in windows keeps no parse of its own
        lede = doc.extra["lede"]
    else:
        sents = doc.sentences()
        lede = sents[0].start_char if sents else -1
    for order, m in enumerate(merge_mentions(doc.mentions, relative, lede)):
        if m.historical and not include_historical:
            continue
        for told in per_place(m):
            incidents.append(told)
            events.append(_event(doc, told, source, _confidence(m, order), tax))
    return events


def split_count(n: int, parts: int) -> list[int]:
    """ACLED's split of a total over several events: even shares, what is left over one each
    to the first ("20 fatalities split up between 3 events" -> 7, 7, 6)."""
    share, rest = divmod(n, parts)
    return [share + (k < rest) for k in range(parts)]


def per_place(m: Mention) -> list[Mention]:
    """One mention per place of an incident told of several listed places ("clashes in Aleppo,
    Idlib and Hama"), in the order the text names them, its counts split between them; ACLED
    codes one event per place. ``m`` itself when it names one place."""
    if not m.listed_places or m.place is None:
        return [m]
    own = m.evidence.get("location")

    def named_at(p: Place) -> int:
        ev = p.evidence or (own if p is m.place else None)
        return ev.start if ev is not None else -1

    places = sorted([m.place, *m.listed_places], key=named_at)
    dead, hurt = split_count(m.fatalities, len(places)), split_count(m.injuries, len(places))
    out = []
    for place, f, i in zip(places, dead, hurt, strict=True):
        evidence = dict(m.evidence)
        if place.evidence is not None:
            evidence["location"] = place.evidence
        elif place is not m.place:
            evidence.pop("location", None)  # no words to quote for it
        out.append(replace(m, place=place, listed_places=[], fatalities=f, injuries=i,
                           evidence=evidence))  # fmt: skip
    return out


def _event(doc: Doc, m: Mention, source: str | None, confidence: float, tax: Taxonomy) -> Event:
    return Event(
        article_id=doc.article.id,
        event_date=m.date,
        time_precision=m.time_precision,
        disorder_type=tax.disorder_type(m.sub_event_type),
        event_type=m.event_type,
        sub_event_type=m.sub_event_type,
        actor1=m.actor1,
        actor2=m.actor2,
        assoc_actor_1=list(m.assoc_actor_1),
        assoc_actor_2=list(m.assoc_actor_2),
        place=m.place,
        source=source,
        notes=summary(m),
        fatalities=m.fatalities,
        injuries=m.injuries,
        confidence=confidence,
        historical=m.historical,
        evidence={"trigger": m.trigger, **m.evidence},
    )
