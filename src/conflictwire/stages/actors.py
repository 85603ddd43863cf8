"""Actors: catalogue matches in an event's sentence, given roles from the syntax.

actor1 is the side that acted (the clause's subject, or the agent of a passive), actor2 the side
acted upon (object, passive subject, or "on/against X"). The roles also settle what the events stage
left open: an attack on an armed target is a Battle, on anyone else Violence against civilians.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Any

from spacy.tokens import Token

from conflictwire.catalogue import ActorMatch
from conflictwire.countries import Countries
from conflictwire.doc import Doc, Mention
from conflictwire.model import Actor
from conflictwire.resources import Resources, load_yaml

ARMED = {1, 2, 3, 4, 8}
_FORCES_OF = re.compile(r"(?:Military|Police) Forces of (?:the )?(.+?)(?: \(\d{4}-\d{0,4}\).*)?$")


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
    while t.i != verb.i and t.head.i != t.i and len(path) < 12:  # spaCy makes a new Token
        path.append(t)  # object on every access: compare positions, never identity
        t = t.head
    if t.i != verb.i:
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
    if acting.inter == 7 and ("mob" not in m.cues or _firearms(sentence)):
        return False  # "men opened fire", "a man was killed": not a mob unless the text says so
    if any(x.actor.inter in (2, 3, 4) for x in matches):
        return False
    m.sub_event_type = "Violent demonstration" if acting.inter in (5, 6) else "Mob violence"
    return True


def _unarmed_victim(doc: Doc, match: ActorMatch, sentence: str) -> bool:
    """Whether the side acted upon is people rather than a fighting force: members, leaders or
    supporters of a party or government, officials, or anyone off duty (ACLED codes attacks on
    them as violence against civilians)."""
    roles = _roles()
    if re.search(roles["off_duty_pattern"], sentence, re.IGNORECASE):
        return True
    if match.kind == "government":
        return True
    tok = _token_at(doc, match.end - 1)
    words = set(roles["civilian_roles"])
    for t in (tok, tok.head if tok is not None else None):
        if t is not None and t.lower_ in words:
            return True
    if tok is not None and tok.head.lower_ == "of" and tok.head.head.lower_ in words:
        return True  # "the leader of PTM"
    after = doc.clean_text[match.end : match.end + 12].lower().split()
    return bool(after) and after[0].strip(",.") in words


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
    if not armed_target and a2 is None and not (m.fatalities or m.injuries) and verb is not None:
        # "armed men set fire to three trucks": no one hurt, only property hit
        things = _roles()["property_targets"]
        objects = [c for c in verb.subtree if c.dep_ in ("dobj", "nsubjpass", "pobj")]
        nouns = [c for c in objects if c.pos_ == "NOUN"]
        if nouns and all(c.lower_ in things for c in nouns):
            sub = "Looting/property destruction"
    m.sub_event_type, m.event_type = sub, tax.event_type(sub)


def _find(res: Resources, text: str, country: str | None, offset: int) -> list[ActorMatch]:
    """Actor mentions in `text` that can be a party to an event (not monitors)."""
    return [
        x for x in res.actors.find(text, country=country, offset=offset) if x.kind != "observer"
    ]


def _split_sides(
    doc: Doc, matches: list[ActorMatch], trig: Token | None, before: int
) -> tuple[list[ActorMatch], list[ActorMatch]]:
    """Matches on the acting side and on the side acted upon of the trigger ``trig``."""
    roles = _roles()
    verb = trig
    if trig is not None and trig.pos_ not in ("VERB", "AUX"):
        verb = trig.head if trig.dep_ in ("nsubj", "nsubjpass", "dobj") else trig
    side1: list[ActorMatch] = []
    side2: list[ActorMatch] = []
    passive = verb is not None and any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    for mt in matches:
        if trig is not None and mt.start <= trig.idx < mt.end:
            side1.append(mt)  # the trigger names its author: "Saudi shelling", "US airstrikes"
            continue
        tok = _token_at(doc, mt.end - 1)
        side = _side(tok, verb, roles) if tok is not None and verb is not None else 0
        if side == 0 and trig is not None and verb.i != trig.i and tok is not None:
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
            ahead = mt.start < before
            side = (2 if ahead else 1) if passive else (1 if ahead else 2)
        (side1 if side == 1 else side2).append(mt)
    return side1, side2


def _context_actor(doc: Doc, m: Mention, country: str | None, res: Resources) -> ActorMatch | None:
    """The acting side named in an earlier sentence of the paragraph, for a clause that names
    none ("Police raided a house in X. Two men were arrested.")."""
    s0 = m.sentence[0]
    sp = doc.spacy
    if sp is None:
        return None
    start = doc.clean_text.rfind("\n", 0, s0) + 1
    sents = [s for s in sp.sents if s.start_char >= start and s.end_char <= s0]
    for sent in reversed(sents):
        matches = _find(res, sent.text, country, sent.start_char)
        side1, _ = _split_sides(doc, matches, sent.root, sent.root.idx)
        for mt in side1:
            if mt.actor.inter != 7:
                return mt
    return None


def _external(actor: Actor | None, country: str | None) -> Actor | None:
    """State forces acting outside their own country are external forces (ACLED inter 8)."""
    if actor is None or actor.inter != 1 or not country:
        return actor
    home = actor.country
    forces = _FORCES_OF.match(actor.name)
    if forces is not None and Countries.load().get(forces.group(1)) is not None:
        home = forces.group(1)  # also for transnational entries ("US drone" in Somalia)
    if home is None or home == country:
        return actor
    return replace(actor, inter=8)


def _war_parties(res: Resources, country: str | None) -> list[Actor]:
    """The two sides to which ACLED attributes all front-line fire in `country`, if any."""
    kinds = _roles()["war_parties"].get(country) if country else None
    if not kinds:
        return []
    out = []
    for kind in kinds:
        actor = res.actors.named(kind, country)
        out.append(actor if actor is not None else res.actors.generic(kind, country))
    return out


def _gang_style(
    doc: Doc, m: Mention, actor: Actor | None, country: str | None, res: Resources
) -> Actor | None:
    """An unidentified armed group that kills in the manner of organised crime is a gang."""
    conf = _roles()["gang_style"]
    c = Countries.load().get(country) if country else None
    if actor is None or c is None or c.region not in conf["regions"]:
        return actor
    if actor.name != res.actors.generic("unidentified_armed_group", country).name:
        return actor
    if re.search(conf["pattern"], _paragraph(doc, m), re.IGNORECASE) is None:
        return actor
    kind = conf["actor"].get(country, conf["actor"]["default"])
    return res.actors.named(kind, country) or res.actors.generic(kind, country)


def _paragraph_start(doc: Doc, m: Mention) -> int:
    return doc.clean_text.rfind("\n", 0, m.sentence[0]) + 1


def _paragraph(doc: Doc, m: Mention) -> str:
    start = _paragraph_start(doc, m)
    end = doc.clean_text.find("\n", m.sentence[1])
    return doc.clean_text[start : end if end >= 0 else len(doc.clean_text)]


def _repelled_attacker(verb: Token | None, matches: list[ActorMatch]) -> ActorMatch | None:
    """The attacker in "X repelled an attack by Y" / "repulsed a Y attack" (Y), if any."""
    roles = _roles()
    if verb is None or verb.lemma_.lower() not in roles["repel_verbs"]:
        return None
    nouns = set(roles["attack_nouns"])
    for obj in verb.children:
        if obj.dep_ != "dobj" or obj.lower_ not in nouns:
            continue
        span = (obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge))
        for mt in matches:
            if span[0] <= mt.start and mt.end <= span[1]:
                return mt
    return None


def _violent_protest(doc: Doc, m: Mention, tax: Any) -> bool:
    """A protest whose crowd turns violent becomes a Riot (Violent demonstration)."""
    if m.event_type != "Protests" or m.sub_event_type not in (
        "Peaceful protest",
        "Protest with intervention",
    ):
        return False
    # Only the event's own sentence: later sentences refine the event in the events stage,
    # which also tells when they report another event elsewhere.
    sentence = doc.clean_text[m.sentence[0] : m.sentence[1]]
    if re.search(_roles()["violent_protest_pattern"], sentence, re.IGNORECASE) is None:
        return False
    m.sub_event_type = "Violent demonstration"
    m.event_type = tax.event_type(m.sub_event_type)
    return True


def _source(doc: Doc, match: ActorMatch) -> bool:
    """An actor named only as the source of the report ("police said", "according to the army")."""
    tok = _token_at(doc, match.end - 1)
    if tok is None:
        return False
    verbs = set(_roles()["speech_verbs"])
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in verbs:
        # the subject of "said" is a source unless "said" reports its own act ("police said they
        # arrested") -- then the event clause names them again and they are found there
        return True
    head = tok.head
    return head.lower_ == "to" and head.head.lower_ == "according"


def _named_behind(
    doc: Doc, generic: ActorMatch | None, matches: list[ActorMatch]
) -> ActorMatch | None:
    """A generic mention that names its group ("fighters of X", "members from X") stands for X."""
    if generic is None or generic.kind == "named":
        return generic
    head = _token_at(doc, generic.end - 1)
    for mt in matches:
        if mt.kind != "named":
            continue
        tok = _token_at(doc, mt.end - 1)
        chain = [tok.head, tok.head.head] if tok is not None else []
        if len(chain) == 2 and chain[0].lower_ in ("of", "from") and chain[1].i == head.i:
            return mt
    return generic


def _claimant(doc: Doc, matches: list[ActorMatch], s0: int, s1: int) -> ActorMatch | None:
    """The actor that claimed or was blamed for the attack ("claimed by X", "X claimed
    responsibility", "blamed on X"), from the patterns in roles.yaml."""
    text = doc.clean_text[s0:s1]
    for pat in _roles()["attribution_patterns"]:
        for mo in re.finditer(pat, text, re.IGNORECASE):
            a, b = s0 + mo.start("actor"), s0 + mo.end("actor")
            hit = next(
                (x for x in matches if x.start < b and x.end > a and x.actor.inter != 7), None
            )
            if hit is not None:
                return hit
    return None


def assign(doc: Doc, m: Mention, res: Resources) -> None:
    cat = res.actors
    tax = res.taxonomy
    roles = _roles()
    country = doc.country or (m.place.country if m.place else None)
    s0, s1 = m.sentence
    matches = _find(res, doc.clean_text[s0:s1], country, s0)
    trig = _token_at(doc, m.trigger.start)
    verb = trig
    if trig is not None and trig.pos_ not in ("VERB", "AUX"):
        verb = trig.head if trig.dep_ in ("nsubj", "nsubjpass", "dobj") else trig
    # "police said": a source, not a party -- unless the event's subject is a pronoun that
    # points back to it ("the army said it had sent troops")
    pronoun_subject = verb is not None and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON" for c in verb.children
    )
    if not pronoun_subject:
        matches = [x for x in matches if not _source(doc, x)]
    side1, side2 = _split_sides(doc, matches, trig, m.trigger.start)
    a1m = side1[0] if side1 else None
    a2m = next((x for x in side2 if a1m is None or x.actor.name != a1m.actor.name), None)
    attacker = _repelled_attacker(verb, matches)
    if attacker is not None:  # "X repelled an attack by Y": Y attacked X
        a1m, a2m = attacker, next((x for x in side1 if x is not attacker), None)
    claimant = _claimant(doc, matches, s0, s1)
    if claimant is not None and m.event_type not in ("Protests", "Riots"):
        a1m = claimant  # "... in an attack claimed by al Shabaab"
        if a2m is claimant:
            a2m = None
    a1m = _named_behind(doc, a1m, matches)  # "fighters of the Allied Democratic Forces"
    a1 = a1m.actor if a1m else None
    if a1m is None and m.event_type not in ("Protests", "Riots"):
        told = _context_actor(doc, m, country, res)  # no evidence: told in another sentence
        a1 = told.actor if told else None
    a2 = a2m.actor if a2m else None
    if a1 is not None and a2 is not None and a1.name == a2.name:
        a2m = next((x for x in side2 if x.actor.name != a1.name), None)
        a2 = a2m.actor if a2m else None

    if (
        "attack" in m.cues
        and m.sub_event_type in ("Attack", "Armed clash")
        and "clash" not in m.cues
    ):
        sentence = doc.clean_text[s0:s1]
        if a2m is not None and _unarmed_victim(doc, a2m, sentence):
            a2, a2m = None, None  # "a CNL member", "an off-duty police officer": civilians
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

    _violent_protest(doc, m, tax)
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
        if force is None and m.sub_event_type == "Violent demonstration":
            told = _find(res, _paragraph(doc, m), country, _paragraph_start(doc, m))
            force = next((x for x in told if x.actor.inter == 1), None)  # "clashed with police"
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
        a1, a1m = None, None
        parties = _war_parties(res, country)
        if parties and m.event_type in ("Battles", "Explosions/Remote violence"):
            a1 = parties[0]  # front-line fire with no side named
            if m.event_type == "Battles" and (a2 is None or a2.name == a1.name):
                a2, a2m = parties[1], None
        if a1 is None:
            a1 = cat.generic(defaults["actor1"], country)  # civilians do not fight battles
    if a1 is not None and a2 is not None and a1.name == a2.name and m.event_type != "Riots":
        a2, a2m = None, None

    where = (m.place.country if m.place else None) or country
    a1 = _gang_style(doc, m, a1, where, res)
    m.actor1, m.actor2 = _external(a1, where), _external(a2, where)
    if a1m is not None and a1 is a1m.actor:
        m.evidence["actor1"] = doc.evidence(a1m.start, a1m.end)
    if a2m is not None and a2 is a2m.actor:
        m.evidence["actor2"] = doc.evidence(a2m.start, a2m.end)


def run(doc: Doc, res: Resources) -> Doc:
    for m in doc.mentions:
        assign(doc, m, res)
    return doc
