"""Actors: catalogue matches in an event's sentence, given roles from the syntax.

actor1 is the side that acted (the clause's subject, or the agent of a passive), actor2 the side
acted upon (object, passive subject, or "on/against X"). The roles also settle what the events stage
left open: an attack on an armed target is a Battle, on anyone else Violence against civilians.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from spacy.tokens import Token

from conflictwire.doc import Doc, Mention
from conflictwire.model import Actor
from conflictwire.resources import Resources, load_yaml

ARMED = {1, 2, 3, 4, 8}


@cache
def _roles() -> dict[str, Any]:
    return load_yaml("roles.yaml")


def _token_at(doc: Doc, char: int) -> Token | None:
    sp = doc.spacy
    if sp is None:
        return None
    span = sp.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _side(tok: Token, verb: Token, roles: dict[str, Any]) -> int:
    """1 if ``tok`` is on the acting side of ``verb``, 2 if acted upon, 0 if unknown."""
    path: list[Token] = []
    t = tok
    while t is not verb and t.head is not t and len(path) < 12:
        path.append(t)
        t = t.head
    if t is not verb:
        return 0
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    top = path[-1] if path else tok
    if top.dep_ in ("nsubj", "csubj"):
        return 1
    if top.dep_ == "agent":
        return 1
    if top.dep_ == "nsubjpass":
        return 2
    if top.dep_ in ("dobj", "attr", "oprd"):
        return 2
    if top.dep_ == "prep":
        word = top.lower_
        if word == "by" or (word in roles["agent_preps"] and passive):
            return 1
        if word in roles["target_preps"]:
            return 2
        if word == "between":
            return 1 if not any(p.dep_ == "conj" for p in path[:-1]) else 2
        if word == "with":
            return 2
    if top.dep_ in ("poss", "compound", "amod", "nmod"):
        return 1
    return 0


VIOLENT_BY_GROUPS = ("Battles", "Violence against civilians")
CROWD = {5, 6, 7}


def _firearms(text: str) -> bool:
    return re.search(_roles()["firearm_pattern"], text, re.IGNORECASE) is not None


def _crowd_violence(m: Mention, a1: Actor | None, matches: list, sentence: str) -> bool:
    """Violence by an unorganised crowd is a Riot, not a Battle or an attack by an armed group.

    ACLED: clashes or attacks by demonstrators are Violent demonstrations; by other crowds
    (villagers, vendors, rival communities) Mob violence.
    """
    acting = a1
    if acting is None or acting.inter not in CROWD:
        return False
    if acting.inter == 7 and "mob" not in m.cues and _firearms(sentence):
        return False  # "men opened fire": armed individuals, not a mob
    if any(x.actor.inter in (2, 3, 4) for x in matches):
        return False
    m.sub_event_type = "Violent demonstration" if acting.inter in (5, 6) else "Mob violence"
    return True


def _classify_attack(m: Mention, a2: Actor | None, verb: Token | None, tax: Any) -> None:
    """Resolve an attack: Battles when the target is armed, else violence against civilians."""
    armed_target = a2 is not None and a2.inter in ARMED
    if not armed_target and verb is not None and a2 is None:
        words = _roles()["armed_targets"]
        for c in verb.subtree:
            if c.dep_ in ("dobj", "pobj", "nsubjpass") and c.lower_ in words:
                armed_target = True
                break
    sub = "Armed clash" if armed_target else "Attack"
    m.sub_event_type, m.event_type = sub, tax.event_type(sub)


def assign(doc: Doc, m: Mention, res: Resources) -> None:
    cat = res.actors
    tax = res.taxonomy
    roles = _roles()
    country = doc.country or (m.place.country if m.place else None)
    s0, s1 = m.sentence
    matches = cat.find(doc.clean_text[s0:s1], country=country, offset=s0)
    trig = _token_at(doc, m.trigger.start)
    verb = trig
    if trig is not None and trig.pos_ not in ("VERB", "AUX"):
        verb = trig.head if trig.dep_ in ("nsubj", "nsubjpass", "dobj") else trig
    side1, side2 = [], []
    passive = verb is not None and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    for mt in matches:
        tok = _token_at(doc, mt.end - 1)
        side = _side(tok, verb, roles) if tok is not None and verb is not None else 0
        if side == 0 and trig is not None and verb is not trig and tok is not None:
            side = _side(tok, trig, roles)
        if (
            side == 0
            and tok is not None
            and any(
                a.lower_ == "by" and a.dep_ in ("agent", "prep") for a in list(tok.ancestors)[:3]
            )
        ):
            side = 1  # "killed in a drive-by shooting by armed men"
        if side == 0:
            before = mt.start < m.trigger.start
            side = (2 if before else 1) if passive else (1 if before else 2)
        (side1 if side == 1 else side2).append(mt)
    a1m = side1[0] if side1 else None
    a2m = next((x for x in side2 if a1m is None or x.actor.name != a1m.actor.name), None)
    a1 = a1m.actor if a1m else None
    a2 = a2m.actor if a2m else None

    if (
        "attack" in m.cues
        and m.sub_event_type in ("Attack", "Armed clash")
        and "clash" not in m.cues
    ):
        _classify_attack(m, a2, verb, tax)
    sentence = doc.clean_text[s0:s1]
    if m.event_type in VIOLENT_BY_GROUPS and _crowd_violence(m, a1, matches, sentence):
        m.event_type = tax.event_type(m.sub_event_type)
    if m.event_type in ("Battles",) and m.sub_event_type in (
        "Government regains territory",
        "Non-state actor overtakes territory",
    ):
        sub = (
            "Government regains territory"
            if a1 is not None and a1.inter == 1
            else "Non-state actor overtakes territory"
        )
        m.sub_event_type = sub

    defaults = roles["defaults"].get(m.event_type, {})
    if m.event_type in ("Protests", "Riots"):
        crowd = next((x for x in matches if x.actor.inter in (5, 6)), None)
        kind = defaults["actor1"]
        a1 = (
            crowd.actor
            if crowd and crowd.actor.inter == (6 if kind == "protesters" else 5)
            else cat.generic(kind, country)
        )
        a1m = crowd
        police = roles["intervening"].get(m.sub_event_type)
        force = next((x for x in matches if x.actor.inter in (1, 8)), None)
        if force is not None:
            a2, a2m = force.actor, force
        elif police:
            a2, a2m = cat.generic(police, country), None
        else:
            a2, a2m = None, None
    elif m.event_type == "Violence against civilians":
        if a1 is None or a1.inter == 7:
            a1 = cat.generic(defaults["actor1"], country)
            a1m = None
        if a2 is None or a2.inter != 7:
            a2, a2m = cat.generic("civilians", country), a2m if a2 and a2.inter == 7 else None
    elif (a1 is None or a1.inter == 7) and "actor1" in defaults:
        a1, a1m = cat.generic(defaults["actor1"], country), None  # civilians do not fight battles
    if a1 is not None and a2 is not None and a1.name == a2.name and m.event_type != "Riots":
        a2, a2m = None, None

    m.actor1, m.actor2 = a1, a2
    if a1m is not None and a1 is a1m.actor:
        m.evidence["actor1"] = doc.evidence(a1m.start, a1m.end)
    if a2m is not None and a2 is a2m.actor:
        m.evidence["actor2"] = doc.evidence(a2m.start, a2m.end)


def run(doc: Doc, res: Resources) -> Doc:
    for m in doc.mentions:
        assign(doc, m, res)
    return doc
