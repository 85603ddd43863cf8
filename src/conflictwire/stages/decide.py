"""The decision: the one place where a candidate becomes an event and gets its final type.

The rule stages propose candidates (trigger words, their clause, actors, place, date, counts)
and keep their evidence. Here the learned model (``conflictwire.decision``) reads each candidate's
features and says whether it reports a real, recent, codable event and of which ACLED sub-event
type; ``Mention.confidence`` is its calibrated probability of being a correct record. Candidates
it rejects move to ``doc.extra["rejected"]`` with their decision, for ``--explain`` and review.
Without a shipped model the rules' own proposals stand (not those they set aside).

Where ACLED's codebook settles the type from what the rules read, the model's type does not
replace theirs: a demonstration needs a crowd in the text (and a riot a demonstration told, or
it is a mob), a clash in which the other side fired back stays a Battle, the side named as hit
makes an attack an Armed clash or an Attack, and an abduction in which people were killed is an
Attack. A type the model gives that the rules would
have set aside (an ordinary-crime arrest) is kept only as surely as a candidate set aside.
"""

from __future__ import annotations

from dataclasses import replace

from conflictwire.decision.features import candidate_features
from conflictwire.doc import Doc, Mention
from conflictwire.resources import Resources
from conflictwire.stages import actors
from conflictwire.stages.events import PROTEST_FAMILY


def weak(m: Mention) -> bool:
    """A candidate the rules themselves set aside (proposed for the model to weigh)."""
    return any(c.startswith("weak:") for c in m.cues)


def run(doc: Doc, res: Resources) -> Doc:
    model = res.decision
    if model is None:  # the rules decide alone: only what they tell themselves
        doc.mentions = [m for m in doc.mentions if not weak(m)]
        for m in doc.mentions:
            _killed_in_abduction(m, res)
        return doc
    if not doc.mentions:
        return doc
    if doc.sentence_relevance is None and res.relevance is not None:  # the gate was off
        doc.sentence_relevance = res.relevance.read(doc.clean_text).pieces()
    rows = [candidate_features(doc, m, i) for i, m in enumerate(doc.mentions)]
    proposed = [m.sub_event_type for m in doc.mentions]
    decisions = model.decide(
        rows,
        proposed=proposed,
        weak=[weak(m) for m in doc.mentions],
        may_retype=lambda i, sub: _may_retype(doc, doc.mentions[i], sub, res),
    )
    kept, rejected = [], []
    for m, d, feats in zip(doc.mentions, decisions, rows, strict=True):
        m.decision, m.features = d, feats
        m.confidence = d.confidence
        if not d.accept:
            rejected.append(m)
            continue
        if d.sub_event_type != m.sub_event_type:
            rules = m.sub_event_type
            if _retype(doc, m, d.sub_event_type, res):
                m.cues.add(f"rules:{rules}")
            if weak(m) and d.p_event < model.threshold_weak:
                # the model's type is one the rules set aside here ("arrested" in a report on a
                # cocaine ring): it takes the bar of a candidate set aside
                m.decision = replace(d, accept=False)
                rejected.append(m)
                continue
        _killed_in_abduction(m, res)
        kept.append(m)
    doc.mentions = kept
    doc.extra["rejected"] = rejected
    return doc


def _may_retype(doc: Doc, m: Mention, sub_event_type: str, res: Resources) -> bool:
    """Whether the model may replace the rules' type of ``m`` with ``sub_event_type``: not
    where the codebook settles it from what the rules read (see the two checks below)."""
    return (
        not _both_sides_fired(m)
        and _crowd_told(m, sub_event_type, res)
        and _crowd_violence_told(m, sub_event_type)
        and _demonstration_told(doc, sub_event_type)
        and _lethal_force_told(m, sub_event_type)
        and not _weapon_without_fighting(m, sub_event_type, res)
        and _violence_told(m, sub_event_type, res)
    )


def _violence_told(m: Mention, sub_event_type: str, res: Resources) -> bool:
    """Political violence (Battles, Explosions/Remote violence, Violence against civilians)
    needs a word of violence the rules read: a cue of a kind whose own sub-event type is one of
    them ("attacked", "clashes", "shelling"). "The army deployed 126 units" is no Armed clash,
    whatever the report around it tells."""
    tax = res.taxonomy
    if tax.event_type(sub_event_type) not in tax.political_violence:
        return True
    violent = {k.name for k in res.triggers.kinds
               if k.sub and tax.event_type(k.sub) in tax.political_violence}  # fmt: skip
    return bool(m.cues & violent)


def _crowd_told(m: Mention, sub_event_type: str, res: Resources) -> bool:
    """A demonstration (Protests, Riots) needs a crowd the text tells of: words of a protest,
    riot or mob (``events.PROTEST_FAMILY``) among the candidate's cues."""
    if res.taxonomy.event_type(sub_event_type) not in res.taxonomy.demonstrations:
        return True
    return bool(m.cues & set(PROTEST_FAMILY))


# The cue kinds (``triggers.yaml``) that tell a crowd's own violence: stones thrown, property
# burnt, a clash, a mob.
CROWD_VIOLENCE = frozenset({"riot", "mob", "violent", "clash"})


def _crowd_violence_told(m: Mention, sub_event_type: str) -> bool:
    """A protest becomes a Violent demonstration only where the text tells the crowd's own
    violence (``CROWD_VIOLENCE`` among the cues): "riot police used tear gas to disperse
    demonstrators" is a Protest with intervention, whatever the word "riot" weighs."""
    if sub_event_type != "Violent demonstration" or m.event_type != "Protests":
        return True
    return bool(m.cues & CROWD_VIOLENCE)


def _demonstration_told(doc: Doc, sub_event_type: str) -> bool:
    """A riot is a Violent demonstration only in a report that tells a demonstration
    (``actors.demonstration_told``); otherwise the rules' Mob violence stands."""
    return sub_event_type != "Violent demonstration" or actors.demonstration_told(doc)


def _lethal_force_told(m: Mention, sub_event_type: str) -> bool:
    """Force against a protest is excessive (ACLED: lethal, or wounding badly) only where the
    text tells it: the rules' "excessive" cue (fired on the crowd, protesters killed) or a death
    toll. "Police fired tear gas and water cannon at a crowd" is a Protest with intervention."""
    if sub_event_type != "Excessive force against protesters" or m.event_type != "Protests":
        return True
    return "excessive" in m.cues or m.fatalities > 0


# Cue kinds of remote violence (``triggers.yaml``): the weapon the text names.
REMOTE_WEAPONS = frozenset({"air", "shelling", "ied", "suicide", "grenade", "chemical"})


def _weapon_without_fighting(m: Mention, sub_event_type: str, res: Resources) -> bool:
    """The rules' remote violence, the weapon named ("an office destroyed by explosives"), and
    no fighting told (no clash cue): no Battle, whatever the words around it weigh."""
    return (
        m.event_type == "Explosions/Remote violence"
        and res.taxonomy.event_type(sub_event_type) == "Battles"
        and bool(m.cues & REMOTE_WEAPONS)
        and "clash" not in m.cues
    )


def _both_sides_fired(m: Mention) -> bool:
    """The rules' Armed clash because the text says the other side fired back ("returned fire",
    "explosions in both directions"): a Battle in ACLED's codebook, whatever the weapons."""
    return m.sub_event_type == "Armed clash" and "return_fire" in m.cues


def _killed_in_abduction(m: Mention, res: Resources) -> None:
    """An abduction in which people were killed is an Attack (ACLED codes an abduction only
    without further violence; in its notes of 2020-05 none with a death is one)."""
    if m.sub_event_type == "Abduction/forced disappearance" and m.fatalities > 0:
        m.sub_event_type = "Attack"
        m.event_type = res.taxonomy.event_type("Attack")


def _retype(doc: Doc, m: Mention, sub_event_type: str, res: Resources) -> bool:
    """Give ``m`` the model's sub-event type, and the actors that type calls for: the actors
    stage chose them for the rules' type (who protests, who is the civilian victim). False when
    the side named as hit settles the type instead (``_target_decides``)."""
    event_type = res.taxonomy.event_type(sub_event_type)
    m.sub_event_type, m.event_type = sub_event_type, event_type
    m.trigger = m.triggers.get(sub_event_type, m.trigger)  # "arrested", not "joint operation"
    m.evidence.pop("actor1", None)
    m.evidence.pop("actor2", None)
    actors.assign(doc, m, res)
    if _target_decides(m, sub_event_type):
        return False  # the side the sentence names as hit settles Battle or attack, not words
    # the model's type stays, whatever the actors stage would have made of it
    m.sub_event_type, m.event_type = sub_event_type, event_type
    return True


# An attack on an armed side is an Armed clash, on unarmed people an Attack (ACLED's codebook):
# which one is a matter of who was hit, and the actors stage reads that from the sentence.
_BY_TARGET = frozenset({"Attack", "Armed clash"})


def _target_decides(m: Mention, model_sub: str) -> bool:
    """Whether the actors stage, given the model's ``Attack`` or ``Armed clash``, made it the
    other one because of the side it found named as hit (``actor2`` with evidence)."""
    return (
        model_sub in _BY_TARGET
        and m.sub_event_type in _BY_TARGET
        and m.sub_event_type != model_sub
        and "actor2" in m.evidence
    )
