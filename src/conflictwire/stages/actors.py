"""Actors: catalogue matches in an event's sentence, given roles from the syntax.

actor1 is the side that acted (the clause's subject, or the agent of a passive), actor2 the side
acted upon (object, passive subject, or "on/against X"). Roles come from what the sentence says
happened, not from who is mentioned: a source ("police said", "a spokesman for the army
confirmed") or a witness of the event ("police are investigating the shooting", "police found
the body", "MINUSMA condemned the attack") is no party to it, and a force named as a landmark
("near the army checkpoint") is never its acting side. The roles also settle what the events
stage left open: an attack on an armed target is a Battle, on anyone else Violence against
civilians.
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
from conflictwire.model import Actor, Evidence
from conflictwire.nlp import coordinated
from conflictwire.resources import Resources, load_yaml

ARMED = {1, 2, 3, 4, 8}
NON_STATE_ARMED = {2, 3, 4}  # rebels, political and identity militias
NOUNS = ("NOUN", "PROPN")
POLITICAL = {2, 3, 4, 6}  # rebels, political and identity militias, protesters: their arrests count
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


LANDMARK = 3


def _acts(doc: Doc, x: ActorMatch, roles: dict[str, Any]) -> bool:
    """Whether the mention ``x`` is the acting side of the verb it hangs from ("members of the
    FMLN attacked a substation"; not "attacks on the FMLN", "FMLN positions were shelled")."""
    tok = _token_at(doc, x.end - 1)
    t = tok
    while t is not None and t.head.i != t.i:
        if t.head.pos_ in ("VERB", "AUX"):
            return _side(tok, t.head, roles) == 1
        t = t.head
    return False


def _side(tok: Token, verb: Token, roles: dict[str, Any], first: Token | None = None) -> int:
    """1 if ``tok`` (the last word of a mention that begins with ``first``) is on the acting side
    of ``verb``, 2 if acted upon, 0 if unknown, LANDMARK if it only tells where ("near the army
    checkpoint")."""
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
        if len(path) > 1 and path[-2].ent_type_ in ("DATE", "TIME"):
            return 0  # "On 30 April, X and Y clashed" misparsed as "On April, X and Y"
        if word in roles["means_preps"] and len(path) > 2 and path[-2].dep_ == "pcomp":
            return _side(tok, path[-2], roles, first)  # "responded by opening fire on X"
        if word == "by" or (word in roles["agent_preps"] and passive):
            return 1
        if word in roles["target_preps"]:
            return 2
        if word in roles["place_preps"]:
            return LANDMARK  # "near the AMISOM base": a landmark, never the acting side
        if word == "between":  # "between X and Y": the first named is the acting side
            obj = path[-2] if len(path) > 1 else tok
            cc = next((w for w in obj.subtree if w.dep_ == "cc"), None)
            return 2 if cc is not None and (first if first is not None else tok).i > cc.i else 1
        if word == "with":
            return 2
    if top.dep_ in ("poss", "compound", "amod", "nmod"):
        return 1
    if top.dep_ == "acl" and top.pos_ == "VERB" and top.i != tok.i:
        # a clause inside the trigger's phrase: "an IED planted by X" (X acted), "planted in a
        # Y vehicle" (a landmark or target, not the author)
        return _side(tok, top, roles, first) or LANDMARK
    return 0


VIOLENT_BY_GROUPS = ("Battles", "Violence against civilians")
ARMED_VIOLENCE = (*VIOLENT_BY_GROUPS, "Explosions/Remote violence")
CROWD = {5, 6, 7}


def _firearms(text: str) -> bool:
    return re.search(_roles()["firearm_pattern"], text, re.IGNORECASE) is not None


def _ordinary_arrest(m: Mention, sentence: str, text: str) -> bool:
    """An arrest of no armed group, militia or protesters (a gang is none here) told as ordinary
    crime: for an ordinary offence (``ordinary_offence_pattern``) in its sentence, or in a
    report about ordinary crime (``crime_report_offences`` such offences named in ``text``)
    when its sentence gives no sign of a political arrest (``political_arrest_pattern``).
    ACLED codes arrests of political significance only."""
    roles = _roles()
    if m.sub_event_type != "Arrests":
        return False
    a2 = m.actor2
    criminal = a2 is not None and re.search(roles["criminal_actor_pattern"], a2.name, re.I)
    if a2 is not None and a2.inter in POLITICAL and not criminal:
        return False
    offence = re.compile(roles["ordinary_offence_pattern"], re.IGNORECASE)
    if offence.search(sentence):
        return True
    if re.search(roles["political_arrest_pattern"], sentence, re.IGNORECASE):
        return False
    return len(offence.findall(text)) >= roles["crime_report_offences"]


def _industrial(m: Mention, told: str, own: str, named_armed: bool) -> bool:
    """An explosion in industry or at home (``industrial_pattern`` in ``told``: its sentence
    ``own`` and what follows), read from the IED cue alone, with no bomb or attack named in its
    own sentence (``bomb_pattern``) and no armed actor as its author: an accident."""
    roles = _roles()
    if named_armed or m.cues & ARMS_CUES != {"ied"}:
        return False
    if re.search(roles["bomb_pattern"], own, re.IGNORECASE):
        return False
    return re.search(roles["industrial_pattern"], told, re.IGNORECASE) is not None


def _domestic(m: Mention, own: str, named_armed: bool) -> bool:
    """Violence at home told in the event's own sentence (``domestic_pattern``: "shot his wife
    dead", "a domestic dispute"), with no armed actor named as its author: ordinary crime."""
    if m.event_type not in ARMED_VIOLENCE or named_armed:
        return False
    return re.search(_roles()["domestic_pattern"], own, re.IGNORECASE) is not None


def _sport(doc: Doc, m: Mention, named_armed: bool) -> bool:
    """A win or a hard game told in violent words in a report about sport (``sport_pattern``
    at least ``sport_report_words`` times): "beating local rivals", "blown away by the
    Hurricanes". Only a candidate read from one of ``sport_verbs`` alone (its cues no more than
    an attack or a clash), with no armed actor named."""
    roles = _roles()
    if named_armed or m.cues - {"attack", "clash"}:
        return False
    tok = _token_at(doc, m.trigger.start)
    if tok is None or tok.lemma_.lower() not in roles["sport_verbs"]:
        return False
    return _report_words(doc, "sport") >= roles["sport_report_words"]


# Cues of arms that no accident has: their events are never set aside as accidents.
ARMS_CUES = {"ied", "air", "shelling", "suicide", "grenade", "chemical"}
NEXT_CHARS = 300  # what follows a sentence that may tell how a body found died, or an accident


def _accident(m: Mention, told: str, own: str, named_armed: bool) -> bool:
    """A death or attack told as an accident or a natural disaster (``accident_pattern``) in
    ``told`` (its sentence ``own`` and what follows), with no weapon cue and no armed actor named
    as its author: not an event in ACLED's sense. Not a shooting told in its own sentence, when
    the accident is told only after it ("a police convoy was shot from a car ... a pursuit that
    ended with the car crashing")."""
    if m.event_type not in ARMED_VIOLENCE:
        return False
    if named_armed or m.cues & ARMS_CUES:
        return False
    accident = re.compile(_roles()["accident_pattern"], re.IGNORECASE)
    if _firearms(own) and accident.search(own) is None:
        return False
    return accident.search(told) is not None


def _found_dead(m: Mention, told: str, named_armed: bool) -> bool:
    """A body found (the trigger a verb of finding, the attack cue alone) where ``told`` (its
    sentence and what follows) says nothing of how the person died (``violence_sign_pattern``)
    and names no armed author: a death, not yet an attack."""
    roles = _roles()
    if m.cues - {"attack"} or named_armed:
        return False
    if re.fullmatch(roles["found_dead_pattern"], m.trigger.text, re.IGNORECASE) is None:
        return False
    return re.search(roles["violence_sign_pattern"], told, re.IGNORECASE) is None


def _people_in_a_group(doc: Doc, mt: ActorMatch) -> bool:
    """Whether the civilians of ``mt`` are a group of people (``people_group_pattern``: "a group
    of local people", "villagers", "a woman's kin"), not one person."""
    if mt.actor.inter != 7:
        return False
    told = doc.clean_text[max(0, mt.start - 24) : mt.end]
    return re.search(_roles()["people_group_pattern"], told, re.IGNORECASE) is not None


def _crowd_violence(
    m: Mention, a1: Actor | None, matches: list, text: str, group: bool = False
) -> bool:
    """Violence by an unorganised crowd is a Riot, not a Battle or an attack by an armed group.

    ACLED: clashes or attacks by demonstrators are Violent demonstrations; by other crowds
    (villagers, vendors, rival communities, "a group of men" with no firearm) Mob violence.
    ``text``: the report's clean text; ``group``: the acting civilians are a group of people.
    """
    sentence = text[m.sentence[0] : m.sentence[1]]
    acting = a1
    if any(x.actor.inter in (2, 3, 4) for x in matches):
        return False
    forces = {x.actor.name for x in matches if x.actor.inter == 1}
    if (
        acting is not None
        and acting.inter == 1
        and len(forces) == 1
        and not _firearms(sentence)
        and _clash_with_forces(m, matches, text)
    ):
        m.sub_event_type = "Mob violence"  # "a clash erupted between police and shopkeepers"
        return True
    if acting is None or acting.inter not in CROWD:
        return False
    if acting.inter == 7 and not (
        (("mob" in m.cues or group) and not _firearms(sentence))
        or _clash_with_forces(m, matches, text)
    ):
        return False  # "men opened fire", "a man was killed": not a mob unless the text says so
    m.sub_event_type = "Violent demonstration" if acting.inter in (5, 6) else "Mob violence"
    return True


def _communal(doc: Doc, m: Mention, matches: list, sentence: str) -> bool:
    """An attack on people with no author named in its sentence and no firearm or explosive, in
    a report of communal rioting (``communal_pattern``): Mob violence (see roles.yaml)."""
    if m.sub_event_type != "Attack" or m.cues & ARMS_CUES or _firearms(sentence):
        return False
    if any(x.actor.inter in ARMED for x in matches):
        return False
    return _communal_report(doc)


def _communal_report(doc: Doc) -> bool:
    """Whether the report tells of communal rioting: ``communal_report_words`` or more words of
    crowd violence."""
    return _report_words(doc, "communal") >= _roles()["communal_report_words"]


def _report_words(doc: Doc, kind: str) -> int:
    """How many words of ``roles.yaml``'s ``<kind>_pattern`` the whole report uses (cached on the
    doc: what a report is about is read once, however many candidates ask)."""
    key = f"words:{kind}"
    if key not in doc.extra:
        found = re.findall(_roles()[f"{kind}_pattern"], doc.clean_text, re.IGNORECASE)
        doc.extra[key] = len(found)
    return int(doc.extra[key])


def _clash_with_forces(m: Mention, matches: list, text: str) -> bool:
    """People who are no armed group ("villagers", "youths", "vendors") clashing with state
    forces: ACLED codes it Mob violence, not a Battle, unless the text arms them."""
    if "clash" not in m.cues or not any(x.actor.inter == 1 for x in matches):
        return False
    crowd = next((x for x in matches if x.actor.inter == 7), None)
    if crowd is None:
        return False
    told = text[max(0, crowd.start - 20) : crowd.end]  # "armed villagers"
    return re.search(_roles()["armed_crowd_pattern"], told, re.IGNORECASE) is None


def _unarmed_victim(doc: Doc, match: ActorMatch, sentence: str) -> bool:
    """Whether the side acted upon is people rather than a fighting force: members, leaders or
    supporters of a party or government, officials, or anyone off duty (ACLED codes attacks on
    them as violence against civilians)."""
    roles = _roles()
    if re.search(roles["off_duty_pattern"], sentence, re.IGNORECASE):
        return True
    if match.kind == "government":
        return True
    if _gang_region(match.actor.country) and re.search(
        roles["criminal_actor_pattern"], match.actor.name, re.IGNORECASE
    ):
        return False  # "an alleged gang member was shot": where ACLED codes gangs, a gang
    tok = _token_at(doc, match.end - 1)
    words = set(roles["civilian_roles"])
    if match.actor.inter in (1, 8):
        words -= set(roles["force_ranks"])  # "a police member", "army members": the force itself
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
    objects = _acted_upon(verb) if verb is not None else []
    if not armed_target and a2 is None:
        words = _roles()["armed_targets"]
        armed_target = any(c.lower_ in words for c in objects)
    sub = "Armed clash" if armed_target else "Attack"
    if not armed_target and a2 is None and not (m.fatalities or m.injuries) and verb is not None:
        # "armed men set fire to three trucks": no one hurt, only property hit
        things = _roles()["property_targets"]
        nouns = [c for c in objects if c.pos_ == "NOUN"]
        if nouns and all(c.lower_ in things for c in nouns) and not _a_person(objects):
            sub = "Looting/property destruction"
    m.sub_event_type, m.event_type = sub, tax.event_type(sub)


# Pronouns that can only stand for people ("she was attacked when entering her home").
PERSONAL = frozenset({"he", "she", "him", "her", "i", "me", "we", "us", "you"})


def _a_person(objects: list[Token]) -> bool:
    """Whether a person is among an attack's objects: a personal pronoun or a person's name
    ("attacked the home of Ricardo Alvarenga"): then it is no attack on property alone."""
    return any(c.lower_ in PERSONAL or c.ent_type_ == "PERSON" for c in objects)


def _acted_upon(verb: Token) -> list[Token]:
    """The objects in ``verb``'s clause (direct objects, prepositions' objects, passive subjects),
    leaving out the acting side: its subject, and the agent of a passive ("tortured to death by
    prison guards": the guards acted, they were not attacked)."""
    agent_preps = set(_roles()["agent_preps"])
    acting = [c for c in verb.children if c.dep_ in ("nsubj", "csubj", "agent")]
    acting += [c for c in verb.children if c.dep_ == "prep" and c.lower_ in agent_preps]
    skip = {t.i for c in acting for t in c.subtree}
    # "killed in police firing": the police fired, whatever the parse makes of "police"
    means = set(_roles()["means_nouns"])
    doc = verb.doc
    skip |= {c.i for c in verb.subtree if c.i + 1 < len(doc) and doc[c.i + 1].lower_ in means}
    return [c for c in verb.subtree
            if c.i not in skip and c.dep_ in ("dobj", "pobj", "nsubjpass")]  # fmt: skip


def _find(res: Resources, text: str, country: str | None, offset: int) -> list[ActorMatch]:
    """Actor mentions in `text` that can be a party to an event (not monitors)."""
    return [
        x for x in res.actors.find(text, country=country, offset=offset) if x.kind != "observer"
    ]


def _phrase_head(tok: Token | None, end: int) -> Token | None:
    """The head noun of a trigger phrase that ends before ``end`` ("strikes" of "air strikes",
    "bomber" of "suicide bomber"): the word whose place in the clause is the phrase's."""
    while (
        tok is not None
        and tok.dep_ == "compound"
        and tok.head.i > tok.i
        and tok.head.idx < end
        and tok.head.pos_ in NOUNS
    ):
        tok = tok.head
    return tok


def _event_verb(trig: Token | None) -> Token | None:
    """The verb whose arguments are the event's sides: the trigger, or for a nominal trigger
    the verb it is subject or object of ("the attack left two dead", "launched an attack")."""
    if trig is not None and trig.pos_ not in ("VERB", "AUX"):
        return trig.head if trig.dep_ in ("nsubj", "nsubjpass", "dobj") else trig
    return trig


def _clause_verb(trig: Token | None) -> Token | None:
    """The verb of which a nominal trigger is the means ("attacked" in "attacked with mortars",
    "killed" in "killed by airstrikes"), else the event's verb."""
    if (
        trig is not None
        and trig.pos_ not in ("VERB", "AUX")
        and trig.dep_ == "pobj"
        and trig.head.lower_ in _roles()["means_preps"]
        and trig.head.head.pos_ in ("VERB", "AUX")
    ):
        return trig.head.head
    return _event_verb(trig)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _has_patient(verb: Token, mt: ActorMatch) -> bool:
    """Whether ``verb`` has an object or passive subject outside the mention ``mt``."""
    return any(
        c.dep_ in ("dobj", "nsubjpass") and not (mt.start <= c.idx < mt.end) for c in verb.children
    )


def _split_sides(
    doc: Doc, matches: list[ActorMatch], trig: Token | None, before: int
) -> tuple[list[ActorMatch], list[ActorMatch]]:
    """Matches on the acting side and on the side acted upon of the trigger ``trig``."""
    roles = _roles()
    verb = _event_verb(trig)
    clause = _clause_verb(trig)
    side1: list[ActorMatch] = []
    side2: list[ActorMatch] = []
    guessed: set[int] = set()  # sides told by position alone, not by the parse
    passive = verb is not None and _is_passive(verb)
    # a means takes the voice of its verb: "8 Taliban were killed and 6 wounded by airstrikes"
    means = clause is not None and verb is not None and clause.i != verb.i
    scope = clause if means and _is_passive(clause) else None
    while scope is not None and scope.dep_ == "conj":
        scope = scope.head
    for mt in matches:
        if trig is not None and mt.start <= trig.idx < mt.end:
            side1.append(mt)  # the trigger names its author: "Saudi shelling", "US airstrikes"
            if mt.kind == "unidentified_armed_group":
                guessed.add(id(mt))  # the weapon alone ("an IED"): no author named
            continue
        tok = _token_at(doc, mt.end - 1)
        first = _token_at(doc, mt.start)
        side = 1 if tok is not None and _opponent(tok, trig, roles) else 0
        # inside a nominal trigger's own phrase ("an attack on MINUSMA peacekeepers by JNIM left
        # two dead") its prepositions tell the sides, not the verb it is the subject of
        nominal = trig is not None and verb is not None and verb.i != trig.i
        if side == 0 and nominal and tok is not None and any(a.i == trig.i for a in tok.ancestors):
            side = _side(tok, trig, roles, first)
        if side == 0 and tok is not None and verb is not None:
            side = _side(tok, verb, roles, first)
        if side == 0 and trig is not None and verb.i != trig.i and tok is not None:
            side = _side(tok, trig, roles, first)
        if side == 0 and tok is not None and clause is not None and clause.i != verb.i:
            side = _side(tok, clause, roles, first)  # "the camp was attacked with mortars"
        if side == 0 and tok is not None:
            side = _side_of_casualties(tok, trig, roles, first)  # "were killed in clashes"
        if side == 0 and tok is not None and _runs_operation(tok, roles):
            side = 1  # "in a police raid, two men were arrested": the police acted
        if (
            side == 0
            and tok is not None
            and any(
                a.lower_ == "by" and a.dep_ in ("agent", "prep") for a in list(tok.ancestors)[:3]
            )
        ):
            side = 1  # "killed in a drive-by shooting by armed men"
        if side == 0:
            guessed.add(id(mt))
            ahead = mt.start < before
            side = (2 if ahead else 1) if passive else (1 if ahead else 2)
            if ahead and scope is not None and scope.left_edge.idx <= mt.start < before:
                side = 2  # ahead of the means in its passive clause (not in "IS mounted an
                # attack, where 3 were killed by IEDs": IS is outside that clause)
        if side == LANDMARK:
            if clause is not None and _has_patient(clause, mt):
                continue  # "gunmen shot a trader near an army checkpoint": not a party
            side = 2  # "a bomb went off near an AMISOM convoy": the convoy was the target
        (side1 if side == 1 else side2).append(mt)
    # what the parse tells comes before what position alone suggests
    def by_position(x: ActorMatch) -> bool:
        return id(x) in guessed

    return sorted(side1, key=by_position), sorted(side2, key=by_position)


def _runs_operation(tok: Token, roles: dict[str, Any]) -> bool:
    """Whether ``tok`` names who ran an operation ("a police raid", "an army operation")."""
    return tok.dep_ in ("compound", "amod", "poss") and (
        tok.head.lemma_.lower() in roles["operation_nouns"]
    )


def _country_as_agent(trig: Token | None, res: Resources) -> ActorMatch | None:
    """The military of the country that is the subject (or "by" agent) of the event's verb."""
    while trig is not None and trig.dep_ == "compound" and trig.head.i != trig.i:
        trig = trig.head  # "air" of "launched an air strike"
    verb = _event_verb(trig)
    if verb is None:
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if subj is None or subj.pos_ != "PROPN":
        return None
    words = [t for t in subj.subtree if t.pos_ == "PROPN" and t.i <= subj.i]
    if not words or words[-1].i != subj.i or words[-1].i - words[0].i + 1 != len(words):
        return None
    start, end = words[0].idx, subj.idx + len(subj.text)
    text = subj.doc.text[start:end]
    country = Countries.load().get(text)
    if country is None:
        return None
    return ActorMatch(start, end, text, res.actors.generic("military", country.name), "military",
                      "named")  # fmt: skip


def _side_of_casualties(
    tok: Token, trig: Token | None, roles: dict[str, Any], first: Token | None
) -> int:
    """The side of a mention for a nominal trigger that tells where people were hit ("four army
    members were killed in clashes", "two soldiers died in the fighting"): those killed or
    wounded were acted upon, whoever fought, and who killed them ("rebels killed two soldiers
    in an ambush") acted; 0 when the sentence is not so built."""
    gov = _casualties_verb(trig)
    if gov is None:
        return 0
    # "four soldiers were killed and six wounded in clashes": each verb of the list
    for verb in (gov, *gov.conjuncts):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if _is_passive(verb):
            side = _side(tok, verb, roles, first)
        elif verb.lemma_.lower() in roles["dying_verbs"]:
            side = 2 if _side(tok, verb, roles, first) == 1 else 0
        elif verb.lemma_.lower() in roles["hitting_verbs"]:
            side = _side(tok, verb, roles, first)  # "X killed two soldiers in an ambush"
        else:
            continue
        if side:
            return side
    return 0


def _casualties_verb(trig: Token | None) -> Token | None:
    """The verb that tells who was hit in a nominal trigger ("were killed" of "were killed in
    clashes", "died" of "died during the fighting"), if the trigger is so told."""
    if trig is None or trig.dep_ != "pobj" or trig.head.lower_ not in ("in", "during"):
        return None
    gov = trig.head.head
    return gov if gov.pos_ in ("VERB", "AUX") else None


def _opponent(tok: Token, trig: Token | None, roles: dict[str, Any]) -> bool:
    """Whether ``tok`` is the side fought "with" or "against" in a trigger that tells who was hit
    ("four rebels were killed in clashes with government troops"): the troops are the other
    side, the acting one when those hit were acted upon."""
    gov = _casualties_verb(trig)
    if gov is None or not any(
        _is_passive(v) or v.lemma_.lower() in roles["dying_verbs"] for v in (gov, *gov.conjuncts)
    ):
        return False
    t = tok
    for _ in range(6):
        if t.head.i == trig.i:
            return t.dep_ == "prep" and t.lower_ in roles["opponent_preps"]
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _context_actor(doc: Doc, m: Mention, country: str | None, res: Resources) -> ActorMatch | None:
    """The acting side named in an earlier sentence of the paragraph, for a clause that names
    none ("Police raided a house in X. Two men were arrested.")."""
    s0 = m.sentence[0]
    sp = doc.spacy
    if sp is None:
        return None
    start = doc.clean_text.rfind("\n", 0, s0) + 1
    sents = [s for s in sp.sents if s.start_char >= start and s.end_char <= s0]
    for sent in list(reversed(sents))[:CONTEXT_SENTENCES]:
        matches = _find(res, sent.text, country, sent.start_char)
        # "Police are investigating a shooting in X. A man was killed.": police did not shoot;
        # "The armed forces reported that ...": a source, unless it tells its own act ("the
        # army said it had killed five rebels")
        matches = [x for x in matches
                   if not _bystander(doc, x, None, _tells_own_act(doc, x))]  # fmt: skip
        side1, _ = _split_sides(doc, matches, sent.root, sent.root.idx)
        for mt in side1:
            if mt.actor.inter != 7:
                return mt
    return None


def _tells_own_act(doc: Doc, match: ActorMatch) -> bool:
    """Whether what the mention's speech verb reports has a pronoun subject that may be the
    speaker ("the army said it had killed five rebels")."""
    tok = _token_at(doc, match.end - 1)
    verb = _governor(_role_word(tok, _roles())) if tok is not None else None
    if verb is None:
        return False
    return any(
        c.dep_ == "ccomp" and any(s.dep_ in ("nsubj", "nsubjpass") and s.pos_ == "PRON"
                                  for s in c.children)
        for c in verb.children
    )  # fmt: skip


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
    """An unidentified armed group that kills in the manner of organised crime is a gang (a
    manner of killing by hand or gun: not a bombing, whatever the report says of drug
    traffickers)."""
    conf = _roles()["gang_style"]
    if actor is None or not _gang_region(country):
        return actor
    if m.event_type == "Explosions/Remote violence":
        return actor
    if actor.name != res.actors.generic("unidentified_armed_group", country).name:
        return actor
    if re.search(conf["pattern"], _paragraph(doc, m), re.IGNORECASE) is None:
        return actor
    kind = conf["actor"].get(country, conf["actor"]["default"])
    return res.actors.named(kind, country) or res.actors.generic(kind, country)


def _gang_region(country: str | None) -> bool:
    """Whether ``country`` lies where ACLED codes gang violence (``gang_style`` regions)."""
    c = Countries.load().get(country) if country else None
    return c is not None and c.region in _roles()["gang_style"]["regions"]


def _gang_victim(
    doc: Doc, m: Mention, country: str | None, res: Resources
) -> tuple[Actor, Evidence] | None:
    """Where ACLED codes gang violence (``gang_style`` regions), the victim of an attack that
    the report ties to a gang or to drug trafficking in the event's sentence or the next ones
    (``victim_pattern``: "The victim had charges against him for drug trafficking"): a gang,
    with those words as its evidence. None when the report does not."""
    conf = _roles()["gang_style"]
    if m.sub_event_type != "Attack" or not _gang_region(country):
        return None
    start, end = m.sentence[0], min(m.sentence[1] + NEXT_CHARS, len(doc.clean_text))
    para = doc.clean_text.find("\n", m.sentence[1])
    end = min(end, para) if para >= 0 else end
    told = re.search(conf["victim_pattern"], doc.clean_text[start:end], re.IGNORECASE)
    if told is None:
        return None
    words = doc.evidence(start + told.start(), start + told.end())
    return res.actors.generic(conf["victim"], country), words


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
    nouns, owners = set(roles["attack_nouns"]), set(roles["owner_pronouns"])
    for obj in verb.children:
        if obj.dep_ != "dobj" or obj.lower_ not in nouns:
            continue
        span = (obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge))
        for mt in matches:
            if span[0] <= mt.start and mt.end <= span[1]:
                return mt
        if any(c.dep_ == "poss" and c.lower_ in owners for c in obj.children):
            # "militants were killed when forces repulsed their attack": the side named before,
            # other than the one that repelled
            subj = [c for c in verb.children if c.dep_ == "nsubj"]
            inside = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in subj]
            before = [
                mt for mt in matches
                if mt.end <= verb.idx and not any(a <= mt.start < b for a, b in inside)
            ]  # fmt: skip
            if before:
                return before[-1]
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


def _riot_without_demonstration(doc: Doc, m: Mention, tax: Any) -> bool:
    """Crowd violence in a report that tells no demonstration (``demonstration_pattern``: no
    protest, march, strike, riot by name) is Mob violence, not a Violent demonstration: "residents
    pelted stones at police enforcing the lockdown"."""
    if m.sub_event_type != "Violent demonstration" or demonstration_told(doc):
        return False
    m.sub_event_type = "Mob violence"
    m.event_type = tax.event_type(m.sub_event_type)
    return True


def demonstration_told(doc: Doc) -> bool:
    """Whether the report tells a demonstration anywhere."""
    return _report_words(doc, "demonstration") > 0


def _verb_in(verb: Token, words: set[str]) -> bool:
    """Whether ``verb``'s lemma is one of ``words`` (or its word begins with one of 5 letters or
    more: spaCy lemmatises some rarer verbs wrongly, "cordoned" -> "cordone")."""
    if verb.lemma_.lower() in words:
        return True
    low = verb.lower_
    return verb.pos_ in ("VERB", "AUX") and any(len(w) >= 5 and low.startswith(w) for w in words)


def _role_word(tok: Token, roles: dict[str, Any]) -> Token:
    """The word whose role in the clause a mention takes: the spokesman, official or statement
    that speaks for it ("a police spokesman", "a spokesperson for the army"), else itself."""
    nouns = set(roles["reporter_nouns"])
    for _ in range(2):
        head = tok.head
        if tok.dep_ in ("compound", "amod", "poss", "nmod") and (
            head.lower_ in nouns or (tok.dep_ in ("compound", "nmod") and head.pos_ == "PROPN")
        ):
            tok = head  # "a police spokesman", "Police Inspector Ali"
        elif tok.dep_ == "pobj" and (
            head.lower_ in ("of", "for", "from", "in")
            and (head.head.lower_ in nouns or (head.lower_ == "of" and head.head.pos_ in NOUNS))
        ):
            tok = head.head  # "a spokesman for the army", "the Superintendent of Police"
        else:
            break
    return tok


def _within(tok: Token, role: Token, trig: Token) -> bool:
    """Whether ``trig`` is ``tok``, ``role`` or a word between them in the parse."""
    t = tok
    for _ in range(6):
        if t.i == trig.i:
            return True
        if t.i == role.i or t.head.i == t.i:
            return False
        t = t.head
    return False


def _governor(tok: Token, passive_subject: bool = False) -> Token | None:
    """The verb of which ``tok`` is the subject or the "by" agent, if it is either (or the
    passive subject, with ``passive_subject``: "police were quoted as saying")."""
    if tok.dep_ == "nsubj" or (passive_subject and tok.dep_ == "nsubjpass"):
        return tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.dep_ == "agent":
        return tok.head.head
    return None


def _own_act(trig: Token, verb: Token) -> bool:
    """Whether the event's trigger ``trig`` is an act of the subject of ``verb``: the trigger is
    ``verb``, or a clause that shares its subject ("police arrived and arrested five", "police
    responded by opening fire"); not a clause with a subject of its own ("police arrived after
    gunmen shot a trader") nor a noun it governs ("police are investigating the shooting")."""
    if trig.i == verb.i:
        return True
    t = trig
    if t.pos_ not in ("VERB", "AUX"):
        if t.dep_ not in ("dobj", "attr") or t.head.i == verb.i:
            return False
        t = t.head  # "... and launched an attack": the verb that carries the noun
    for _ in range(6):
        if t.i == verb.i:
            return True
        if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in t.children):
            return False
        if t.dep_ not in ("conj", "xcomp", "advcl", "pcomp", "prep"):
            return False
        t = t.head
    return False


def _finds_a_body(verb: Token, roles: dict[str, Any]) -> bool:
    """ "found the body of a man", "the bodies were discovered by police"."""
    if not _verb_in(verb, set(roles["finder_verbs"])):
        return False
    bodies = set(roles["body_nouns"])
    return any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in bodies for c in verb.children)


def _witness_verb(verb: Token, roles: dict[str, Any]) -> bool:
    """A verb of investigating, attending, pursuing or reacting: "police are investigating",
    "police launched a manhunt"."""
    if _verb_in(verb, set(roles["witness_verbs"])):
        return True
    nouns = set(roles["inquiry_nouns"])
    return any(c.dep_ == "dobj" and c.lower_ in nouns for c in verb.children)


def _bystander(
    doc: Doc, match: ActorMatch, trig: Token | None, reported_act: bool, sources: bool = True
) -> bool:
    """An actor named only as the source of the report ("police said", "according to the army",
    "a police spokesman confirmed"), or as one who investigated, attended or reacted to the
    event rather than carrying it out ("police are investigating the shooting", "police found
    the body"). ``trig`` is the event's trigger (None: a sentence that only gives context);
    ``reported_act``: the event's clause has a pronoun subject that may point back to a source
    ("police said they arrested five"), so sources are kept there; ``sources=False`` keeps
    every source and finds only the witnesses."""
    tok = _token_at(doc, match.end - 1)
    if tok is None:
        return False
    roles = _roles()
    role = _role_word(tok, roles)
    head = role.head
    if head.lower_ == "to" and head.head.lower_ == "according":
        return sources
    verb = _governor(role, passive_subject=True)
    if verb is None:
        return False
    if trig is not None and trig.i != verb.i and _within(tok, role, trig):
        return False  # part of the event's own noun phrase: "coalition reinforcements arrived"
    if _verb_in(verb, set(roles["speech_verbs"])) and (trig is None or trig.i != verb.i):
        if trig is not None and _own_act(trig, verb):
            return False  # "police claimed to have shot dead three militants": their own act
        # the subject of "said" is a source unless "said" reports its own act ("police said
        # they arrested") -- then the event clause names them again and they are found there
        return sources and not reported_act
    if role.dep_ == "nsubjpass":
        return False  # "two soldiers were evacuated", "the body was found": acted upon
    if _finds_a_body(verb, roles):
        return True  # even when "found" is the trigger: finding a body is not the killing
    if _witness_verb(verb, roles):
        return trig is None or not _own_act(trig, verb)
    return False


def _reported_clause(verb: Token, roles: dict[str, Any]) -> bool:
    """Whether ``verb`` heads what a speaker says, where a pronoun subject may be the speaker
    ("police said they arrested five"); not a clause inside it ("the army reported that two
    peasants were killed when they set off a mine": "they" are the peasants)."""
    first = coordinated(verb)[0]  # "said they raided the house and arrested two"
    return first.dep_ not in ("advcl", "relcl")


def _speaker_outside(
    doc: Doc,
    verb: Token,
    matches: list[ActorMatch],
    country: str | None,
    res: Resources,
    s0: int,
    s1: int,
) -> list[ActorMatch]:
    """The speaker of the clause ``verb`` heads, when the event's span (``s0``-``s1``, a part of
    its sentence) leaves it out: "the Air Force says | it has killed ten militants | after an air
    strike" -- the pronoun "it" points to the Air Force."""
    said = coordinated(verb)[0]
    if said.dep_ != "ccomp" or not _verb_in(said.head, set(_roles()["speech_verbs"])):
        return []
    subj = next((c for c in said.head.children if c.dep_ == "nsubj"), None)
    if subj is None or s0 <= subj.idx < s1:
        return []
    a, b = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)
    found = _find(res, doc.clean_text[a:b], country, a)
    return [x for x in found if not any(x.start == y.start for y in matches)]


def _owner(trig: Token | None, sources: list[ActorMatch]) -> ActorMatch | None:
    """The source whose own people or places the event hit ("MINUSMA said its peacekeepers were
    attacked", "the army said gunmen attacked their positions"): the first of ``sources`` when
    the side acted upon is introduced by "its" or "their"."""
    if trig is None or not sources:
        return None
    roles = _roles()
    preps, owners = set(roles["target_preps"]), set(roles["owner_pronouns"])
    heads = {t.i: t for t in (trig, _event_verb(trig), _clause_verb(trig)) if t is not None}
    hit = [
        c
        for head in heads.values()
        for c in head.children
        if c.dep_ in ("nsubjpass", "dobj") or (c.dep_ == "prep" and c.lower_ in preps)
    ]
    if any(w.dep_ == "poss" and w.lower_ in owners for c in hit for w in c.subtree):
        return sources[0]
    return None


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
    trig = _phrase_head(_token_at(doc, m.trigger.start), m.trigger.end)
    verb = _event_verb(trig)
    # "police said": a source, not a party -- unless the event's subject is a pronoun that
    # points back to it ("the army said it had sent troops"; not "police said they were
    # investigating the attack"). "Police are investigating the shooting": a bystander.
    pronoun_subject = (
        verb is not None
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON" for c in verb.children)
        and not _witness_verb(verb, roles)
        and _reported_clause(verb, roles)
    )
    if pronoun_subject and verb is not None:
        matches += _speaker_outside(doc, verb, matches, country, res, s0, s1)
    named = matches
    matches = [x for x in named if not _bystander(doc, x, trig, pronoun_subject)]
    side1, side2 = _split_sides(doc, matches, trig, m.trigger.start)
    if not side1 and m.event_type in tax.political_violence:
        # a country named as the one who fought stands for its armed forces ("Turkey shelled
        # Kurdish positions": ACLED's Military Forces of Turkey)
        state = _country_as_agent(trig, res)
        side1 = [state] if state is not None else side1
    a1m = side1[0] if side1 else None
    if a1m is not None and a1m.actor.inter == 7 and m.event_type in ARMED_VIOLENCE:
        # "a candidate escaped a dynamite attack perpetrated by a Shining Path cell": civilians
        # named on the acting side were hit; a non-state armed group named there acted
        armed = (x for x in side1 if x.kind == "named" and x.actor.inter in NON_STATE_ARMED)
        a1m = next(armed, a1m)
    a2m = next((x for x in side2 if a1m is None or x.actor.name != a1m.actor.name), None)
    if a2m is None and a1m is not None and m.event_type == "Battles":
        # "the Myanmar military and AA clashed": the other side named with the first
        a2m = next(
            (x for x in side1 if x.actor.name != a1m.actor.name and x.actor.inter in ARMED), None
        )
    attacker = _repelled_attacker(verb, matches)
    if attacker is not None:  # "X repelled an attack by Y": Y attacked X
        a1m, a2m = attacker, next((x for x in side1 if x is not attacker), None)
    claimant = _claimant(doc, matches, s0, s1)
    if claimant is not None and m.event_type not in tax.demonstrations:
        a1m = claimant  # "... in an attack claimed by al Shabaab"
        if a2m is claimant:
            a2m = None
    a1m = _named_behind(doc, a1m, matches)  # "fighters of the Allied Democratic Forces"
    a1 = a1m.actor if a1m else None
    if a1m is None and m.event_type not in tax.demonstrations:
        told = _context_actor(doc, m, country, res)  # no evidence: told in another sentence
        if told is not None and any(x.actor.name == told.actor.name for x in side2):
            told = None  # "3 soldiers were killed in a clash": the army was hit, not the author
        a1 = told.actor if told else None
    if a2m is None:  # "MINUSMA said its peacekeepers were attacked": the source was hit
        a2m = _owner(trig, [x for x in named if x not in matches and x is not a1m])
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
    elif (
        m.sub_event_type == "Armed clash"
        and trig is not None
        and trig.lemma_.lower() in roles["targeted_clash_words"]
        and a2m is not None
        and (a2m.actor.inter == 7 or _unarmed_victim(doc, a2m, doc.clean_text[s0:s1]))
    ):  # "gunmen ambushed and killed four youths", "ambushed the police chief, off duty"
        if a2m.actor.inter != 7:
            a2, a2m = None, None  # civilians, filled in below
        m.sub_event_type = "Attack"
        m.event_type = tax.event_type(m.sub_event_type)
    sentence = doc.clean_text[s0:s1]
    group = (
        a1m is not None
        and a1 is a1m.actor
        and _people_in_a_group(doc, a1m)
        and not any(x.actor.inter in ARMED for x in side1)  # "dressed as military men"
    )
    if m.event_type in VIOLENT_BY_GROUPS and _crowd_violence(
        m, a1, matches, doc.clean_text, group
    ):
        m.event_type = tax.event_type(m.sub_event_type)
    elif _communal(doc, m, matches, sentence):
        m.sub_event_type = "Mob violence"
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
    _riot_without_demonstration(doc, m, tax)
    defaults = roles["defaults"].get(m.sub_event_type) or roles["defaults"].get(m.event_type, {})
    if m.event_type in tax.demonstrations:
        crowd = next((x for x in matches if x.actor.inter in (5, 6)), None)
        kind = defaults["actor1"]
        a1 = (
            crowd.actor
            if crowd and crowd.actor.inter == (6 if kind == "protesters" else 5)
            else cat.generic(kind, _crowd_country(crowd, side1, country))
        )
        a1m = crowd
        police = roles["intervening"].get(m.sub_event_type)
        # the state's forces, not a government the crowd addresses ("demanding the resignation
        # of the government"); ACLED names no second side of a peaceful protest
        force = next(
            (x for x in matches if x.actor.inter in (1, 8) and not _government(x.actor)), None
        )
        if m.sub_event_type == "Peaceful protest":
            force = None
        if force is None and m.sub_event_type == "Violent demonstration":
            told = _find(res, _paragraph(doc, m), country, _paragraph_start(doc, m))
            force = next((x for x in told if x.actor.inter == 1), None)  # "clashed with police"
        if force is not None:
            a2, a2m = force.actor, force
        elif police:
            a2, a2m = cat.generic(police, country), None
        elif m.sub_event_type == "Mob violence":
            hit = next((x for x in side2 if x.actor.inter == 7), None)  # "killed a man"
            a2, a2m = _mob_target(doc, m, hit.actor if hit else a2, hit or a2m, cat, country)
        else:
            a2, a2m = None, None
    elif m.event_type == "Violence against civilians":
        if a1 is None or a1.inter == 7:
            a1 = cat.generic(defaults["actor1"], country)
            a1m = None
        if a2 is None or a2.inter != 7:
            a2, a2m = cat.generic("civilians", country), a2m if a2 and a2.inter == 7 else None
    elif (
        a1 is None
        and m.event_type == "Battles"
        and a2m is not None
        and a2 is not None
        and a2.inter in NON_STATE_ARMED
        and _acts(doc, a2m, roles)
    ):
        # the one side the sentence names in a fight, a non-state armed group ("heavy fighting
        # raged when members of the FMLN attacked a substation"): the side that fought
        a1, a1m, a2, a2m = a2, a2m, None, None
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
    if (a2 is None or a2.inter == 7) and (gang := _gang_victim(doc, m, where, res)) is not None:
        (a2, m.evidence["actor2"]), a2m = gang, None  # a gang member hit: armed groups clashed
        m.sub_event_type = "Armed clash"
        m.event_type = tax.event_type(m.sub_event_type)
    if a1 is not None and m.event_type in tax.political_violence and _government(a1):
        a1 = cat.generic("military", a1.country)  # "Syrian government shelling killed ..."
    m.actor1, m.actor2 = _external(a1, where), _external(a2, where)
    if _ordinary_arrest(m, sentence, doc.clean_text):  # set aside: kept only when sure
        m.cues.add("weak:ordinary_crime")
    named_armed = a1m is not None and a1 is a1m.actor and a1.inter in ARMED
    told = doc.clean_text[m.sentence[0] : m.sentence[1] + NEXT_CHARS]  # and what follows
    own = doc.clean_text[m.sentence[0] : m.sentence[1]]
    if _accident(m, told, own, named_armed) or _industrial(m, told, own, named_armed):
        m.cues.add("weak:accident")  # likewise ("... killed. The accident occurred")
    if _domestic(m, own, named_armed):
        m.cues.add("weak:ordinary_crime")
    if _sport(doc, m, named_armed):
        m.cues.add("weak:sport")
    if _found_dead(m, told, named_armed):
        m.cues.add("weak:found_dead")
    if a1m is not None and a1 is a1m.actor:
        m.evidence["actor1"] = doc.evidence(a1m.start, a1m.end)
    if a2m is not None and a2 is a2m.actor:
        m.evidence["actor2"] = doc.evidence(a2m.start, a2m.end)
    _rebels_named_elsewhere(doc, m, res)


def _crowd_country(
    crowd: ActorMatch | None, acting: list[ActorMatch], country: str | None
) -> str | None:
    """Whose people a crowd is, as ACLED scopes protesters and rioters: its own nationality
    ("Chinese demonstrators" in Kathmandu), else that of foreigners on the acting side
    (``acting``: "Indian nationals clashed with Nepal police"), else the report's country."""
    if crowd is not None and crowd.actor.country:
        return crowd.actor.country
    foreign = (x.actor.country for x in acting if x.actor.inter == 7 and x.actor.country)
    return next((c for c in foreign if c != country), country)


def _mob_target(
    doc: Doc, m: Mention, a2: Actor | None, a2m: ActorMatch | None, cat: Any, country: str | None
) -> tuple[Actor | None, ActorMatch | None]:
    """Whom a mob turned on, as ACLED codes it: people it beat or lynched (the side acted upon,
    told as civilians: "a mob beat a suspected thief") are Civilians; a fight between groups
    ("two groups clashed over a property dispute", ``mob_clash_pattern``) has rioters on both
    sides; otherwise no second side."""
    if a2 is not None and a2.inter == 7:
        return a2, a2m
    sentence = doc.clean_text[m.sentence[0] : m.sentence[1]]
    if re.search(_roles()["mob_clash_pattern"], sentence, re.IGNORECASE):
        return cat.generic("rioters", country), None
    return None, None


def _government(actor: Actor) -> bool:
    """Whether ``actor`` is a country's government (ACLED: the actor of political decisions,
    never of fighting or shelling: its forces are)."""
    return actor.inter == 1 and actor.name.startswith("Government of")


# How far back an acting side told in an earlier sentence is read (a report in one long
# paragraph otherwise lends its first sentence's side to every event after it)
CONTEXT_SENTENCES = 2
UNIDENTIFIED_GROUP = "Unidentified Armed Group"  # ACLED's name for an armed side not identified


def _report_rebels(doc: Doc, res: Resources) -> Actor | None:
    """The one rebel group (inter 2) the report names, if it names exactly one (cached)."""
    if "rebel_group" not in doc.extra:
        named = {x.actor.name: x.actor for x in _find(res, doc.clean_text, doc.country, 0)
                 if x.kind == "named" and x.actor.inter == 2}  # fmt: skip
        doc.extra["rebel_group"] = next(iter(named.values())) if len(named) == 1 else None
    return doc.extra["rebel_group"]


def _rebels_named_elsewhere(doc: Doc, m: Mention, res: Resources) -> None:
    """An unidentified armed side told in rebel words ("the guerrillas", "a rebel attack"), or
    fighting state forces ("four soldiers were killed in clashes") or no side told, is the one
    rebel group the report names (``rebel_nouns``)."""
    sides = [a for a in (m.actor1, m.actor2) if a is not None]
    if not any(a.name.startswith(UNIDENTIFIED_GROUP) for a in sides):
        return
    sentence = doc.clean_text[m.sentence[0] : m.sentence[1]]
    # a battle against state forces, or one whose other side is not told ("heavy clashes took
    # place in Metapan"), in a report that names one rebel group
    against_state = m.event_type == "Battles" and (
        any(a.inter == 1 for a in sides) or len(sides) == 1
    )
    if not against_state and re.search(_roles()["rebel_nouns"], sentence, re.IGNORECASE) is None:
        return
    group = _report_rebels(doc, res)
    if group is None or any(a.name == group.name for a in sides):
        return
    if m.actor1 is not None and m.actor1.name.startswith(UNIDENTIFIED_GROUP):
        m.actor1 = group
        m.evidence.pop("actor1", None)
    elif m.actor2 is not None and m.actor2.name.startswith(UNIDENTIFIED_GROUP):
        m.actor2 = group
        m.evidence.pop("actor2", None)


def run(doc: Doc, res: Resources) -> Doc:
    for m in doc.mentions:
        assign(doc, m, res)
    return doc
