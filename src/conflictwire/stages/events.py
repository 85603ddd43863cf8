"""Event detection and ACLED classification.

A sentence's trigger words (``data/triggers.yaml``) are found, those in plans, appeals, threats,
negations and relative-clause descriptions are set aside, and the kinds that remain decide the
ACLED sub-event type by the codebook's precedence. Sentences whose cues only refine an event
(police intervention, violence by protesters) become cue-only mentions that the assembly stage
folds into the event they describe. Attacks stay ambiguous here (Battles or Violence against
civilians) until the actors stage knows whom they targeted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from conflictwire.doc import Doc, Mention
from conflictwire.model import Evidence
from conflictwire.nlp import entities_in
from conflictwire.resources import Resources, load_yaml
from conflictwire.taxonomy import Taxonomy
from conflictwire.text import lower_pattern, lowered
from conflictwire.timex.lexicon import TimeLexicon

PROTEST_FAMILY = ("protest", "riot", "mob")
VIOLENT_TYPES = Taxonomy.load().political_violence
# Words that put another event in time relative to the one told ("a day after X stormed ...").
TEMPORAL_CONNECTORS = frozenset({"after", "before", "following", "since"})
PARTAKING = frozenset({"participate", "join", "take", "engage", "involve"})
# What police do to a protest told in an earlier sentence refines it rather than being an event.
RESPONSES_TO_PROTEST = ("Arrests", "Attack", "Armed clash", "Peaceful protest")


@dataclass(frozen=True)
class Kind:
    name: str
    sub: str | None  # the sub-event type this kind stands for alone; None for modifiers
    weight: int
    modifier: str | None
    regex: re.Pattern[str]
    noun_ok: bool = False  # a noun may stand as trigger in any role (low-risk kinds)
    impact_ok: bool = False  # a weapon noun stands as trigger in a sentence with an impact verb
    occur_ok: bool = False  # a noun stands as trigger in a sentence with an occurrence verb
    lower: re.Pattern[str] | None = None  # ``regex`` for lower-cased text, case-sensitive


@dataclass(frozen=True)
class TriggerLexicon:
    kinds: tuple[Kind, ...]
    precedence: tuple[str, ...]
    governors: frozenset[str]
    plan_frames: frozenset[str]
    show_verbs: frozenset[str]
    say_verbs: frozenset[str]
    foiling_verbs: frozenset[str]
    shown_feelings: frozenset[str]
    gathering_verbs: frozenset[str]
    telling_pairs: frozenset[tuple[str, str]]
    raid_words: frozenset[str]
    reason_preps: frozenset[str]
    reason_nouns: frozenset[str]
    describing_verbs: frozenset[str]
    support_words: re.Pattern[str]
    record_nouns: frozenset[str]
    march_aims: frozenset[str]
    modals: frozenset[str]
    negations: frozenset[str]
    light_verbs: frozenset[str]
    casualty_verbs: frozenset[str]
    impact_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    # words that open a sentence telling another incident ("Meanwhile, ...", "Separately, ...")
    new_incident: re.Pattern[str] = re.compile(r"(?!)")
    # words that make a clause a tally over time ("700 people had been killed till date")
    tally: re.Pattern[str] = re.compile(r"(?!)")
    # words of a court story ("... appeared in the Regional Court on Tuesday")
    court: re.Pattern[str] = re.compile(r"(?!)")
    # a day named in a clause ("on Sunday", "on 2 September"): a relative clause that tells one
    # tells its own event
    own_day: re.Pattern[str] = re.compile(r"(?!)")

    @classmethod
    @cache
    def load(cls, name: str = "triggers.yaml") -> TriggerLexicon:
        data = load_yaml(name)
        kinds = []
        for kname, k in data["kinds"].items():
            alt = "|".join(f"(?:{p})" for p in k["patterns"])
            pattern = rf"(?<![\w-])(?:{alt})(?![\w])"
            regex = re.compile(pattern, re.IGNORECASE)
            kinds.append(
                Kind(
                    kname,
                    k.get("sub"),
                    k.get("weight", 0),
                    k.get("modifier"),
                    regex,
                    k.get("noun_ok", False),
                    k.get("impact_ok", False),
                    k.get("occur_ok", False),
                    re.compile(lower_pattern(pattern)),
                )
            )
        ne = data["non_event"]
        return cls(
            kinds=tuple(kinds),
            precedence=tuple(data["precedence"]),
            governors=frozenset(ne["governors"]),
            plan_frames=frozenset(ne["plan_frames"]),
            show_verbs=frozenset(ne["show_verbs"]),
            say_verbs=frozenset(ne["say_verbs"]),
            foiling_verbs=frozenset(ne["foiling_verbs"]),
            shown_feelings=frozenset(ne["shown_feelings"]),
            gathering_verbs=frozenset(ne["gathering_verbs"]),
            telling_pairs=frozenset(
                (prep, w) for prep, words in ne["telling_heads"].items() for w in words
            ),
            raid_words=frozenset(ne["raid_words"]),
            reason_preps=frozenset(ne["reason_preps"]),
            reason_nouns=frozenset(ne["reason_nouns"]),
            describing_verbs=frozenset(ne["describing_verbs"]),
            support_words=re.compile(ne["support_words"], re.IGNORECASE),
            record_nouns=frozenset(ne["record_nouns"]),
            march_aims=frozenset(ne["march_aims"]),
            modals=frozenset(ne["modals"]),
            negations=frozenset(ne["negations"]),
            light_verbs=frozenset(ne["light_verbs"]),
            casualty_verbs=frozenset(ne["casualty_verbs"]),
            impact_verbs=frozenset(ne["impact_verbs"]),
            occurrence_verbs=frozenset(ne["occurrence_verbs"]),
            new_incident=re.compile(
                r"\W*(?:" + "|".join(data["new_incident_openers"]) + r")\b", re.IGNORECASE
            ),
            tally=re.compile(r"\b(?:" + "|".join(ne["tally_words"]) + r")\b", re.IGNORECASE),
            court=re.compile(r"\b(?:" + "|".join(ne["court_words"]) + r")\b", re.IGNORECASE),
            own_day=re.compile("|".join(ne["day_patterns"]), re.IGNORECASE),
        )

    def scan(self, text: str, end: int | None = None) -> Iterator[tuple[Kind, re.Match[str]]]:
        """Each kind's matches in ``text`` (up to ``end``), kind by kind, as ``kind.regex``
        finds them. The text is lower-cased once and read by case-sensitive patterns, which
        is about twice as fast as 27 case-blind scans (``text.lowered`` says when a text must
        be read case-blind)."""
        end = len(text) if end is None else end
        low = lowered(text)
        for kind in self.kinds:
            if low is not None and kind.lower is not None:
                yield from ((kind, m) for m in kind.lower.finditer(low, 0, end))
            else:
                yield from ((kind, m) for m in kind.regex.finditer(text, 0, end))


@dataclass
class Hit:
    kind: Kind
    start: int
    end: int
    token: Token | None


def _governing_verb(tok: Token) -> Token:
    """The verb a trigger word belongs to (itself for verbs, the head for nominal triggers)."""
    t = tok
    for _ in range(3):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT":
            return t
        t = t.head
    return t


def _habitual(verb: Token) -> bool:
    """Present perfect progressive ("has been fighting") or a span of years ("for years",
    "for decades", "since 2011") on the verb: a state of affairs rather than an event."""
    kids = list(verb.children)
    lows = [c.lower_ for c in kids]
    if verb.tag_ == "VBG" and "been" in lows and any(w in lows for w in ("has", "have", "had")):
        return True
    for c in kids:
        if c.dep_ == "prep" and c.lower_ in ("for", "since"):
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if any(o.lower_ in ("years", "decades", "months", "generations") for o in objs):
                return True
    return False


def is_non_event(tok: Token, lex: TriggerLexicon) -> bool:
    """True when the trigger sits in a plan, appeal, threat, negation or a relative clause."""
    verb = _governing_verb(tok)
    for child in verb.children:
        if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in lex.modals):
            return True
        if child.dep_ == "det" and child.lower_ == "no" and child.i != tok.i:
            return True
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return True
    if tok.dep_ == "compound" and tok.head.lower_ in lex.record_nouns:
        return True  # "rape laws", "a murder trial": a kind of case, not an event
    if verb.dep_ in ("relcl", "acl") and any(_relative_word(c) for c in verb.children):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        # two subjects: "that" is a complementiser the parser misread; a clause that tells
        # when, or how many were killed, tells its own event ("six farmers who were killed in
        # police firing", "offices which were damaged by a bomb on 2 September")
        if len(subjects) <= 1 and not _told_in_full(verb, lex):
            return True  # "the camp that was attacked", "two individuals who were kidnapped"
    if _describes(tok, lex):
        return True  # "the Saudi-led coalition fighting in Yemen": who fights, not a fight
    if _habitual(verb):
        return True  # "has been fighting for years": background, not an event
    if _planned(verb, lex):
        return True  # "protests are set to take place"
    if _foiled(tok, lex):
        return True  # "an attempt to assassinate the governor was thwarted"
    # a subject climbs from its verb: "denied that clashes had broken out"
    subject = tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX")
    node = tok.head if subject else tok
    climb = ("xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "compound", "amod", "acl", "conj")
    for _ in range(6):  # climb complements: "called for an end to the attacks", "vowed to attack"
        if node.dep_ not in climb:
            break
        joined = node.dep_ == "conj"  # "vowed to attack and burn": burn is vowed too; not
        node = node.head  # "threatened to kill him and interrogated him": done, not threatened
        while joined and node.dep_ == "conj":
            node = node.head  # the first of the joined words
        if joined and node.pos_ in ("VERB", "AUX") and node.dep_ not in ("xcomp", "ccomp"):
            break
        if word_in(node, lex.governors) or _planned(node, lex):
            return True
        if node.pos_ in ("VERB", "AUX") and any(
            c.dep_ == "aux" and c.lower_ in lex.modals for c in node.children
        ):
            return True  # "they will resume fighting"
    return False


def _describes(tok: Token, lex: TriggerLexicon) -> bool:
    """A participle of fighting that describes a noun ("the coalition fighting in Yemen",
    "troops battling the insurgency"): it tells who the noun is, not an event."""
    return (
        tok.tag_ == "VBG"
        and tok.dep_ == "acl"
        and tok.head.pos_ in ("NOUN", "PROPN")
        and tok.lemma_.lower() in lex.describing_verbs
    )


def _told_in_full(verb: Token, lex: TriggerLexicon) -> bool:
    """Whether a relative clause tells its event as news: a day or date of its own ("on 2
    September", "on Sunday"), a number of people killed or hurt ("six farmers who were
    killed"), or what was going on as the sentence's own event happened, in the past
    progressive ("guards threw tear gas toward prisoners who were protesting")."""
    if verb.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in ("was", "were")
                                  for c in verb.children):  # fmt: skip
        return True
    for child in verb.children:
        if child.dep_ == "prep" and lex.own_day.search(" ".join(t.text for t in child.subtree)):
            return True
    counted = any(c.dep_ == "nummod" for c in verb.head.children)
    return counted and word_in(verb, lex.casualty_verbs)


def _foiled(tok: Token, lex: TriggerLexicon) -> bool:
    """Whether a verb that undoes what it governs ("thwarted", "foiled") governs ``tok``; not a
    verb joined to it ("thwarted a bid and recovered two suicide jackets": they were found)."""
    node = tok
    while node.dep_ != "conj" and node.head.i != node.i:
        node = node.head
        if word_in(node, lex.foiling_verbs):
            return True
    return False


def _planned(verb: Token, lex: TriggerLexicon) -> bool:
    """A frame that puts what follows in the future: "protests are set to take place", "the
    army is expected to attack" (with its complement: "set fire to" plans nothing)."""
    return word_in(verb, lex.plan_frames) and any(c.dep_ == "xcomp" for c in verb.children)


def _relative_word(tok: Token) -> bool:
    """A relative pronoun of a clause: "that", "who", or "in which", "during which"."""
    if tok.tag_ in ("WDT", "WP"):
        return True
    return tok.dep_ == "prep" and any(c.tag_ in ("WDT", "WP") for c in tok.children)


@cache
def _forms(word: str) -> frozenset[str]:
    """Regular inflections of a verb ("plan" -> planned, plans, planning; "try" -> tried)."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ied", word[:-1] + "ies"}
    forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return frozenset(forms)


def word_in(tok: Token, words: frozenset[str]) -> bool:
    """Whether a token is one of ``words`` by lemma or by a regular inflection ("staged")."""
    low, lem = tok.lower_, tok.lemma_.lower()
    return lem in words or low in words or any(low in _forms(w) for w in words)


def tells_event(tok: Token, lex: TriggerLexicon) -> bool:
    """Whether a trigger word reports an event itself (verbs do; nouns only in some roles)."""
    if tok.pos_ in ("VERB", "AUX") or tok.dep_ == "ROOT":
        return True
    if tok.dep_ in ("nsubj", "nsubjpass", "appos", "csubj"):
        return True
    if tok.dep_ in ("conj", "compound", "amod", "nmod"):
        return tok.head.i != tok.i and tells_event(tok.head, lex)
    head = tok.head
    if tok.dep_ == "pobj" and (head.lower_, head.head.lemma_.lower()) in lex.telling_pairs:
        return True  # "responsibility for the blasts", "set off on a march", "speak of clashes"
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "NUM"):
        return tells_event(head.head, lex)  # "a total of 6 explosions", "a series of attacks"
    if tok.dep_ in ("dobj", "attr") and word_in(head, lex.light_verbs):
        return True
    if tok.dep_ == "attr" and head.lemma_ == "be":  # "there were clashes"
        return True
    if tok.dep_ == "pobj" and head.lower_ == "with":  # "targeted them with artillery shells"
        return word_in(head.head, lex.casualty_verbs) or word_in(head.head, lex.light_verbs)
    if tok.dep_ == "pobj" and head.lower_ == "for" and word_in(head.head, lex.gathering_verbs):
        return True  # "a crowd gathered for an outlawed demonstration"
    if tok.dep_ == "pobj" and head.lower_ == "during" and head.head.pos_ == "VERB":
        return True  # "villages were torched during a two day battle": the battle took place
    if tok.dep_ == "pobj" and head.lower_ in ("in", "during", "by", "after", "following"):
        # "killed in an airstrike", "took part in a protest"
        return word_in(head.head, lex.casualty_verbs) or word_in(head.head, PARTAKING)
    return False


# A few words before a colon at the start of a sentence ("Arrests: ...", "Looting: ..."): a
# heading that names a topic, not a clause that tells an event -- unless a verb after its first
# word makes it one ("Protesters chanted: ...").
_HEADING = re.compile(r"\A\W*(?:[\w-]+\s+){0,3}[\w-]+\s*:")


def _heading_end(sent: Span, chunk: str) -> int:
    """Where a heading that opens the sentence ends (0: none)."""
    m = _HEADING.match(chunk)
    if m is None:
        return 0
    words = [t for t in sent if t.idx < sent.start_char + m.end() and t.is_alpha]
    if any(t.pos_ in ("VERB", "AUX") for t in words[1:]):
        return 0
    return m.end()


def _matches(
    doc: Doc, sent: Span, chunk: str, lex: TriggerLexicon
) -> Iterator[tuple[Kind, int, int]]:
    """The trigger matches (kind, start, end) in ``sent``, kind by kind, at offsets into the
    sentence: those the relevance gate found, when it read the whole sentence, else a scan."""
    base = sent.start_char
    if doc.trigger_hits is None or sent.end_char > doc.trigger_read_to:
        return ((kind, m.start(), m.end()) for kind, m in lex.scan(chunk))
    return ((kind, a - base, b - base) for kind, a, b in doc.trigger_hits
            if a >= base and b <= sent.end_char)  # fmt: skip


def _hits(doc: Doc, sent: Span, text: str, lex: TriggerLexicon) -> list[Hit]:
    sp = sent.doc
    base = sent.start_char
    chunk = text[base : sent.end_char]
    heading = _heading_end(sent, chunk)
    hits: list[Hit] = []
    for kind, m_start, m_end in _matches(doc, sent, chunk, lex):
        if m_end <= heading:
            continue
        start, end = base + m_start, base + m_end
        span = sp.char_span(start, end, alignment_mode="expand")
        tok = span.root if span is not None and len(span) else None
        if tok is not None and (_month_name(tok, lex) or _shows(tok, lex)):
            continue
        hits.append(Hit(kind, start, end, tok))
    return hits


def _shows(tok: Token, lex: TriggerLexicon) -> bool:
    """Whether a trigger verb means "show" or "say" here ("this demonstrates that ...",
    "demonstrated its ability", "... are failing, a rights group protested"): it takes a clause,
    or (to show) an object that is not a feeling a crowd shows ("demonstrated their anger" is a
    protest)."""
    lemma = tok.lemma_.lower()
    if lemma in lex.say_verbs:  # not with an object: "protested demanding payments of the debts
        # that the state owes them" (the clause is the object's, misread)
        deps = {c.dep_ for c in tok.children}
        return "ccomp" in deps and "dobj" not in deps
    if lemma not in lex.show_verbs:
        return False
    return any(
        c.dep_ == "ccomp" or (c.dep_ == "dobj" and c.lemma_.lower() not in lex.shown_feelings)
        for c in tok.children
    )


def _month_name(tok: Token, lex: TriggerLexicon) -> bool:
    """Whether a trigger word is the name of a month in a date ("In late March, ...": no
    march), not an event that shares its spelling ("the March for Our Lives")."""
    if tok.ent_type_ != "DATE" or tok.pos_ != "PROPN":
        return False
    if tok.lower_ not in TimeLexicon.load().months:
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return nxt is None or nxt.lower_ not in lex.march_aims


def classify(kinds: set[str], lex: TriggerLexicon) -> str | None:
    """The ACLED sub-event type a set of cue kinds stands for (None: no event)."""
    if "chemical" in kinds:
        return "Chemical weapon"
    armed = {"clash", "air", "shelling", "ied", "suicide", "grenade", "regain", "overtake"} & kinds
    protestish = kinds & {"protest", "riot"}
    # Weapons or ground taken make an armed event even amid a protest; a clash does not:
    # demonstrators who clash with police, or rioters who do, riot.
    if protestish and not armed - {"clash"}:
        if "clash" in kinds and "mob" in kinds and "protest" not in kinds:
            return "Mob violence"  # "two communities clashed and pelted stones at each other"
        if "riot" in kinds or "clash" in kinds or ("protest" in kinds and "violent" in kinds):
            return "Violent demonstration"
        if "excessive" in kinds:
            return "Excessive force against protesters"
        if "intervention" in kinds:
            return "Protest with intervention"
        return "Peaceful protest"
    if "return_fire" in kinds and kinds & {"attack", "air", "shelling", "grenade", "ied"}:
        return "Armed clash"  # both sides fired
    remote = {"air", "shelling", "ied", "suicide", "grenade"} & kinds
    if "mob" in kinds and not remote:
        return "Mob violence"
    by_name = {k.name: k for k in lex.kinds}
    for name in lex.precedence:
        if name in kinds and by_name[name].sub:
            return by_name[name].sub
    return None


def _anaphoric(tok: Token | None) -> bool:
    """A definite nominal trigger ("the fighting ended", "the attack") refers back to an event."""
    if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children)


def _trigger_span(text: str, hit: Hit) -> tuple[int, int]:
    """The trigger's evidence: its first word, or the whole match when it is a noun phrase."""
    tok = hit.token
    if tok is not None and tok.pos_ == "VERB" and hit.start <= tok.idx < hit.end:
        return tok.idx, tok.idx + len(tok.text)
    words = text[hit.start : hit.end].split()
    if tok is not None and tok.pos_ == "VERB" or len(words) == 1:
        return hit.start, hit.start + len(words[0])
    return hit.start, hit.end


PLACE_LABELS = ("GPE", "LOC", "FAC", "NORP", "PERSON", "ORG")  # the small model mislabels places


def _new_place(doc: Doc, previous: Mention, sent: Span, res: Resources) -> bool:
    """Whether a sentence names a place that the previous event's sentence did not (then what
    it tells happened elsewhere: "... were killed in Omdurman, across the Nile")."""
    sp = doc.spacy
    if sp is None:
        return False
    before = sp.char_span(*previous.sentence, alignment_mode="expand")
    seen = {e.text.lower() for e in (entities_in(before) if before is not None else [])}
    for e in entities_in(sent):
        if e.label_ not in PLACE_LABELS or e.text.lower() in seen:
            continue
        if res.countries.by_demonym(e.text) is None and res.gazetteer.has_name(e.text):
            return True
    return False


def _new_time(doc: Doc, previous: Mention, sent: Span) -> bool:
    """Whether a sentence names a time the previous event's sentence did not ("riots in the
    prisons the previous week"): then it tells of another event, not the same one again."""
    sp = doc.spacy
    if sp is None:
        return False
    before = sp.char_span(*previous.sentence, alignment_mode="expand")
    seen = {e.text.lower() for e in (entities_in(before) if before is not None else [])}
    return any(
        e.label_ in ("DATE", "TIME") and e.text.lower() not in seen for e in entities_in(sent)
    )


def _refine(m: Mention, cues: set[str], lex: TriggerLexicon, tax: Taxonomy) -> None:
    """Fold a later sentence's cues (police intervention, stones thrown, return fire) into an
    earlier event."""
    if "return_fire" in cues and m.event_type in VIOLENT_TYPES:
        m.cues.add("return_fire")
        m.sub_event_type, m.event_type = "Armed clash", "Battles"
        return
    if not m.cues & set(PROTEST_FAMILY):
        return
    m.cues |= cues
    sub = classify(m.cues, lex)
    if sub:
        m.sub_event_type, m.event_type = sub, tax.event_type(sub)


def _temporal_parts(sent: Span, hits: list[Hit]) -> list[tuple[tuple[int, int], list[Hit]]]:
    """Split a sentence's hits at temporal connectors that introduce another event ("a roadside
    bomb killed four police on Tuesday, a day after Taliban fighters stormed a checkpoint").

    Returns (clause span, hits) parts; one part, the whole sentence, when nothing splits.
    """
    connectors = [t for t in sent if t.lower_ in TEMPORAL_CONNECTORS and t.dep_ in ("prep", "mark")]
    if not connectors:
        return [((sent.start_char, sent.end_char), hits)]
    # "after" as a preposition heads its clause; as a subordinator it marks the clause's verb
    roots = {c.i: (c.head if c.dep_ == "mark" else c) for c in connectors}
    groups: dict[int, list[Hit]] = {}
    for h in hits:
        owner = -1
        if h.token is not None:
            chain = [h.token, *h.token.ancestors]
            owner = next((i for i, r in roots.items() if r in chain), -1)
        groups.setdefault(owner, []).append(h)
    if len(groups) < 2:
        return [((sent.start_char, sent.end_char), hits)]
    parts = []
    spans = {i: (r.left_edge.idx, r.right_edge.idx + len(r.right_edge)) for i, r in roots.items()}
    for owner, group in groups.items():
        if owner == -1:  # the main clause: the sentence up to (or after) the subordinate one
            sub0, sub1 = (
                min(spans[o][0] for o in groups if o != -1),
                max(spans[o][1] for o in groups if o != -1),
            )
            first = min(h.start for h in group)
            span = (sent.start_char, sub0) if first < sub0 else (sub1, sent.end_char)
        else:
            span = spans[owner]
        parts.append((span, group))
    return sorted(parts, key=lambda p: p[0][0])


def run(doc: Doc, res: Resources) -> Doc:
    lex: TriggerLexicon = res.triggers
    text = doc.clean_text
    mentions: list[Mention] = []
    for sent in doc.sentences():
        hits = _hits(doc, sent, text, lex)
        if not hits:
            continue
        live = [
            h for h in hits if h.kind.modifier or h.token is None or not is_non_event(h.token, lex)
        ]
        verbs = [t for t in sent if t.pos_ == "VERB"]
        impact = any(word_in(t, lex.impact_verbs) for t in verbs)
        occurs = any(word_in(t, lex.occurrence_verbs) for t in verbs)
        mains = [
            h
            for h in live
            if h.kind.sub
            and (
                h.token is None
                or h.kind.noun_ok
                or (h.kind.impact_ok and impact)
                or (h.kind.occur_ok and occurs)
                or tells_event(h.token, lex)
            )
        ]
        parts = _temporal_parts(sent, live)
        if sum(1 for _, group in parts if any(h in mains for h in group)) < 2:
            parts = [((sent.start_char, sent.end_char), live)]
        for span, group in parts:
            own = [h for h in mains if h in group]
            _sentence_mentions(doc, sent, span, group, own, mentions, res)
        if not mains:
            _weak_mention(doc, sent, hits, live, mentions, res)
    if not mentions:
        _unread_report(doc, mentions, res)
    for m in mentions:
        m.new_incident = lex.new_incident.match(text, m.sentence[0]) is not None
        if lex.tally.search(text, m.clause[0], m.clause[1]):  # set aside: a tally over time
            m.cues.add("weak:tally")
        if lex.court.search(text, m.sentence[0], m.sentence[1]):  # a hearing about the event
            m.cues.add("weak:court")
    doc.mentions = mentions
    return doc


def _reason(tok: Token, lex: TriggerLexicon) -> bool:
    """An event noun given as the reason for what the sentence tells ("arrested two men over
    the attack", "detained for the killing", "in connection with the attack and the abduction
    of X"): another event, not the tactic of this one."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head  # "the attack and the abduction": the first of the joined nouns
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    return prep.lower_ in lex.reason_preps or prep.head.lower_ in lex.reason_nouns


def _in_support(kinds: set[str], live: list[Hit], text: str, lex: TriggerLexicon) -> set[str]:
    """Remote kinds (air strikes, shelling) told only as support of a fight on the ground ("an
    operation by special forces, backed by airstrikes, killed 18 militants"): ACLED codes the
    fight, an Armed clash, so they do not decide the type. Empty when nothing else is told."""
    remote = {"air", "shelling"} & kinds
    if not remote or not kinds - remote - {"return_fire"}:
        return set()
    support = set()
    for kind in remote:
        hits = [h for h in live if h.kind.name == kind]
        before = (text[max(0, h.start - 40) : h.start] for h in hits)
        if hits and all(lex.support_words.search(b) for b in before):
            support.add(kind)
    return support


def _raid_to_arrest(kinds: set[str], live: list[Hit], text: str, lex: TriggerLexicon) -> bool:
    """Whether the only attack words of an arrest are a raid's ("police raided the house and
    arrested two men"): ACLED codes such a raid as the arrest, unless someone was hurt."""
    if not {"arrest", "attack"} <= kinds:
        return False
    attacks = [h for h in live if h.kind.name == "attack"]
    return all(text[h.start : h.end].split()[0].lower() in lex.raid_words for h in attacks)


def _weak_mention(
    doc: Doc, sent: Span, hits: list[Hit], live: list[Hit], mentions: list[Mention], res: Resources
) -> None:
    """A sentence whose event words the rules set aside (a relative clause, a plan, a noun that
    does not itself tell an event: "offices damaged by a bomb last year") still proposes a
    candidate, flagged with why it was set aside; the decision stage weighs it. Without the
    learned decision such candidates are dropped (the rules alone keep to what they tell)."""
    subs = [h for h in hits if h.kind.sub]
    if not subs or not res.propose_weak:
        return
    kinds = {h.kind.name for h in subs} | {h.kind.name for h in live if h.kind.modifier}
    sub = classify(kinds, res.triggers)
    if sub is None:
        return
    trig = min(subs, key=lambda h: (-h.kind.weight, h.start))
    flags = {"weak:non_event" if h not in live else "weak:nominal" for h in subs}
    mentions.append(
        Mention(
            trigger=doc.evidence(*_trigger_span(doc.clean_text, trig)),
            sentence=(sent.start_char, sent.end_char),
            clause=(sent.start_char, sent.end_char),
            event_type=res.taxonomy.event_type(sub),
            sub_event_type=sub,
            score=0.3,
            cues=kinds | flags,
            anaphoric=_anaphoric(trig.token),
        )
    )


def _unread_report(doc: Doc, mentions: list[Mention], res: Resources) -> None:
    """A report in which the rules read no event word at all still proposes one candidate: its
    first sentence that has a verb, of the catch-all type, flagged ``weak:unread`` for the
    decision to weigh (with the bar of every candidate the rules set aside). ACLED codes what
    no trigger tells: a patrol, a column of troops, a curfew, migrants sent home; the model's
    type head names it, or it stays "Other". Without the learned decision it is dropped.

    The sentence must reach the relevance gate's own sentence threshold when a gate read the
    report: a sentence the gate reads as not about conflict almost never reaches the bar, and
    every candidate costs the later stages their work (on ordinary news, 369 candidates, one
    kept; 47 with the gate's threshold)."""
    if not res.propose_weak:
        return
    sent = next((s for s in doc.sentences() if s.root.pos_ in ("VERB", "AUX")), None)
    if sent is None:
        return
    relevance = doc.relevance_at(sent.root.idx)  # as the decision reads it (its g>= features)
    if relevance is not None and res.relevance is not None and relevance < res.relevance.threshold:
        return
    sub = res.taxonomy.catch_all
    mentions.append(
        Mention(
            trigger=doc.evidence(sent.root.idx, sent.root.idx + len(sent.root.text)),
            sentence=(sent.start_char, sent.end_char),
            clause=(sent.start_char, sent.end_char),
            event_type=res.taxonomy.event_type(sub),
            sub_event_type=sub,
            score=0.1,
            cues={"weak:unread"},
        )
    )


def _sentence_mentions(
    doc: Doc,
    sent: Span,
    span: tuple[int, int],
    live: list[Hit],
    mains: list[Hit],
    mentions: list[Mention],
    res: Resources,
) -> None:
    """Add the mention told by one sentence (or one temporal part of it), or fold its cues into
    the event told before."""
    lex: TriggerLexicon = res.triggers
    tax: Taxonomy = res.taxonomy
    text = doc.clean_text
    whole = span == (sent.start_char, sent.end_char)
    # Kinds that decide: the event words, the modifiers, and tactic nouns inside an event
    # word's clause ("killed five people with mortar shells"); not a noun that merely
    # refers to an event told elsewhere ("40 km from the Monday attack").
    main_verbs = {_governing_verb(h.token).i for h in mains if h.token is not None}
    kinds = {
        h.kind.name
        for h in live
        if h in mains
        or h.kind.modifier
        or (
            h.token is not None
            and any(a.i in main_verbs for a in h.token.ancestors)
            and not _reason(h.token, lex)
        )
    }
    if kinds & {"excessive", "intervention"}:  # force used on protesters named anywhere
        kinds |= {h.kind.name for h in live if h.kind.name == "protest"}
    if _raid_to_arrest(kinds, live, text, lex):
        kinds.discard("attack")  # "in a police raid, the couple were arrested": an arrest
    kinds -= _in_support(kinds, live, text, lex)  # "an operation, backed by airstrikes, killed"
    sub = classify(kinds, lex)
    cues = {h.kind.name for h in live if h.kind.modifier}
    # "Meanwhile, ...", "In another incident, ...": never the event told before, again
    another = lex.new_incident.match(text, sent.start_char) is not None
    after_protest = (
        bool(mentions)
        and not another
        and bool(mentions[-1].cues & set(PROTEST_FAMILY))
        and not _new_place(doc, mentions[-1], sent, res)
        and not _new_time(doc, mentions[-1], sent)
    )
    sequel = after_protest and (
        (cues and sub in RESPONSES_TO_PROTEST)
        or (sub is not None and tax.event_type(sub) in tax.demonstrations)
    )
    fought_back = (
        "return_fire" in cues
        and bool(mentions)
        and not another
        and mentions[-1].event_type in VIOLENT_TYPES
        and not _new_place(doc, mentions[-1], sent, res)
        and not _new_time(doc, mentions[-1], sent)
    )
    sequel = sequel or fought_back  # "Police responded with gunfire": the same incident
    if sub is None or not mains or sequel:
        # "Police dispersed them"; "Rioters pelted stones": the protest told before, again
        main_kinds = {h.kind.name for h in mains}
        refining = cues | (main_kinds & set(PROTEST_FAMILY)) if sequel else cues
        if refining and mentions:
            _refine(mentions[-1], refining, lex, tax)
        return
    # The evidence: the first words of the kind that decided, else the strongest trigger.
    deciding = [h for h in mains if h.kind.sub == sub] or sorted(
        mains, key=lambda h: -h.kind.weight
    )
    trig = min(deciding, key=lambda h: h.start)
    others: dict[str, Evidence] = {}
    for h in sorted(mains, key=lambda h: h.start):
        if h.kind.sub and h.kind.sub != sub:
            others.setdefault(h.kind.sub, doc.evidence(*_trigger_span(text, h)))
    tok = trig.token
    clause = span
    if tok is not None:
        words = [t for t in _governing_verb(tok).subtree if not t.is_space]
        words = [t for t in words if span[0] <= t.idx < span[1]] if not whole else words
        if words:
            clause = (
                max(words[0].idx, span[0]),
                min(words[-1].idx + len(words[-1].text), span[1]),
            )
    mentions.append(
        Mention(
            trigger=doc.evidence(*_trigger_span(text, trig)),
            sentence=(sent.start_char, sent.end_char) if whole else clause,
            clause=clause,
            event_type=tax.event_type(sub),
            sub_event_type=sub,
            score=0.6,
            cues=kinds,
            triggers=others,
            anaphoric=_anaphoric(tok),
        )
    )
