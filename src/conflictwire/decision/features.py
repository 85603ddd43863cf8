"""Named features of one candidate event (a Mention after the rule stages), for the model.

Every feature is a string ("w=killed", "rule=Attack", "a2=7"); the model hashes them, so nothing
here needs a vocabulary. Groups, each with its own prefix so a reader of ``--explain`` output can
tell where a weight came from:

* ``w=`` / ``b=``: the words and word pairs of the candidate's sentence (lower-cased, numbers as 0;
  function words, weekdays and months left out: ``STYLE_WORDS``; named places and people as
  placeholders: ``MASKED``);
* ``c=``: the words of the trigger's clause; ``t=``: the trigger's lemma, ``tpos=``/``tdep=``/
  ``ttense=`` its part of speech, dependency and tense; ``subj=``/``psubj=``/``obj=``/``agent=``
  the heads of its verb's subject, passive subject, object and agent (and their entity labels),
  ``vmod=`` a negation or modal on it;
* ``d=``: the words of the report's first 300 characters (its title or lede: what it is about;
  read by the type head only, see the model's ``event_skip``);
* ``g>=P``: the relevance gate's probability for the candidate's sentence, as thresholds it reaches
  (``GATE_CUTS``): a second opinion from a model trained on many more sentences than candidates
  (read by the event head only);
* ``rule=`` / ``rtype=``: the rules' proposed sub-event and event type; ``cue=``: trigger kinds;
* ``a1=`` / ``a2=``: the inter codes of the actors (``a1=none`` when none), ``a1named`` when the
  text names actor1 rather than a default filling it; ``place``, ``date``, ``historical``,
  ``killed``, ``injured``, ``anaphoric``, ``pos=`` (the candidate's rank in the report).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS

from conflictwire.doc import Doc, Mention
from conflictwire.nlp import entities
from conflictwire.resources import load_yaml

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
LEDE_CHARS = 300
# Words that mark a style rather than what happened: function words, and the weekdays and months
# by which news and ACLED's notes date events differently ("on Monday" / "On 4 May 2020"). Left
# in, they teach the model to tell notes from news instead of events from non-events.
STYLE_WORDS = STOP_WORDS | {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "0", "said", "says", "told", "according", "reported", "reports",
}  # fmt: skip


# Named places and people stand as placeholders: whether a report tells an event does not hang on
# which town or person it names, and the model must carry to countries its training never saw.
# Organisations and nationalities stay: they are the actors ("Taliban", "Israeli").
MASKED = {"GPE": "xplacex", "LOC": "xplacex", "FAC": "xplacex", "PERSON": "xpersonx"}


def masked(doc: Doc, start: int, end: int) -> str:
    """``doc``'s text from ``start`` to ``end`` with its named places and people (spaCy's
    entities) replaced by placeholders."""
    text = doc.clean_text or doc.text
    if doc.spacy is None:
        return text[start:end]
    out, pos = [], start
    for ent in entities(doc.spacy):
        tag = MASKED.get(ent.label_)
        if tag is None or ent.end_char <= pos or ent.start_char >= end:
            continue
        out += [text[pos : ent.start_char], f" {tag} "]
        pos = min(ent.end_char, end)
    out.append(text[pos:end])
    return "".join(out)


@cache
def _compounds() -> re.Pattern[str]:
    """The compounds of ``spellings.yaml``, written apart or hyphenated, as one pattern."""
    parts = [c.split() for c in load_yaml("spellings.yaml")["compounds"]]
    alternatives = "|".join(rf"{a}[ -]{b}" for a, b in parts)
    return re.compile(rf"\b(?:{alternatives})(?=s?\b)")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, compounds joined ("air strike" -> "airstrike",
    ``spellings.yaml``); every number becomes ``0``."""
    low = _compounds().sub(lambda m: re.sub("[ -]", "", m.group()), text.lower())
    return ["0" if w.isdigit() else w for w in _WORD.findall(low)]


def _bag(prefix: str, ws: list[str]) -> list[str]:
    return [f"{prefix}={w}" for w in dict.fromkeys(ws) if w not in STYLE_WORDS]


def _pairs(ws: list[str]) -> list[str]:
    """Neighbouring words, unless both are style words."""
    pairs = (f"{a}_{b}" for a, b in zip(ws, ws[1:], strict=False)
             if not (a in STYLE_WORDS and b in STYLE_WORDS))  # fmt: skip
    return [f"b={p}" for p in dict.fromkeys(pairs)]


def word_features(ws: list[str]) -> list[str]:
    """``w=`` for each word and ``b=`` for each pair of neighbouring words (see ``_bag``,
    ``_pairs``)."""
    return _bag("w", ws) + _pairs(ws)


# Thresholds of the gate's sentence probability, each one reached a feature of its own.
GATE_CUTS = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.85, 0.95)


def gate_features(p: float | None) -> list[str]:
    """``g>=C`` for each cut ``C`` of ``GATE_CUTS`` that the gate's probability ``p`` reaches
    (none when no gate read the report)."""
    return [] if p is None else [f"g>={c}" for c in GATE_CUTS if p >= c]


def candidate_features(doc: Doc, m: Mention, rank: int = 0) -> list[str]:
    """The features of candidate ``m`` of ``doc`` (its ``rank``-th candidate); the gate's
    probability for its sentence is read from ``doc.sentence_relevance``."""
    feats = word_features(words(masked(doc, *m.sentence)))
    feats += _bag("c", words(masked(doc, *m.clause)))
    feats += _bag("d", words((doc.article.title or "") + " " + masked(doc, 0, LEDE_CHARS)))
    feats += _trigger_features(doc, m)
    feats += [f"rule={m.sub_event_type}", f"rtype={m.event_type}"]
    feats += [f"cue={c}" for c in sorted(m.cues)]
    for side, actor in (("a1", m.actor1), ("a2", m.actor2)):
        feats.append(f"{side}={actor.inter if actor is not None else 'none'}")
        if side in ("a1", "a2") and f"actor{side[1]}" in m.evidence:
            feats.append(f"{side}named")
            feats.append(f"{side}named={actor.inter if actor is not None else 'none'}")
    flags = {
        "place": m.place is not None,
        "date": "event_date" in m.evidence,
        "historical": m.historical,
        "killed": m.fatalities > 0,
        "injured": m.injuries > 0,
        "anaphoric": m.anaphoric,
    }
    feats += [k for k, v in flags.items() if v]
    feats.append(f"pos={min(rank, 3)}")
    feats += gate_features(doc.relevance_at(m.trigger.start))
    feats.append("bias")
    return feats


def _trigger_features(doc: Doc, m: Mention) -> list[str]:
    sp = doc.spacy
    trig = m.trigger
    out = [f"t={trig.text.lower()}"]
    if sp is None:
        return out
    span = sp.char_span(trig.start, trig.end, alignment_mode="expand")
    if span is None or not len(span):
        return out
    tok = span.root
    out += [f"t={tok.lemma_.lower()}", f"tpos={tok.pos_}", f"tdep={tok.dep_}"]
    tense = tok.morph.get("Tense")
    if tense:
        out.append(f"ttense={tense[0]}")
    head = tok.head
    if head.i != tok.i:
        out.append(f"thead={head.lemma_.lower()}")
    verb = tok if tok.pos_ in ("VERB", "AUX") else head
    for child in verb.children:  # who did what to whom: the roles around the event's verb
        role = _ROLES.get(child.dep_)
        if role is None:
            continue
        if child.dep_ == "agent":  # "killed by gunmen": the agent's object
            child = next((g for g in child.children if g.dep_ == "pobj"), child)
        out.append(f"{role}={MASKED.get(child.ent_type_) or child.lemma_.lower()}")
        if child.ent_type_:
            out.append(f"{role}:{child.ent_type_}")
    for child in verb.children:
        if child.dep_ in ("neg", "aux") and child.lemma_.lower() in _MODAL_OR_NEG:
            out.append(f"vmod={child.lemma_.lower()}")
    return out


_ROLES = {"nsubj": "subj", "nsubjpass": "psubj", "dobj": "obj", "agent": "agent"}
_MODAL_OR_NEG = frozenset({"not", "never", "will", "would", "could", "may", "might", "should"})
