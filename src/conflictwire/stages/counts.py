"""The counts stage: fatalities and injuries of each event mention, with their evidence.

Casualty phrases are found around kill/injure words from ``data/numbers.yaml``: victims before a
passive or intransitive word ("two soldiers were killed", "4 died", "3 dead"), after an active one
("killing two members", "killed a man", "the bodies of 4"), or after a toll ("death toll rose to
5"). Coordinated groups are summed ("Two Somali citizens and four Kenyan citizens died" -> 6),
vague amounts follow ACLED ("dozens" -> 12), numbers that are not people are skipped ("40 km",
"5 airstrikes"), and numbers inside time expressions are never counts. Each phrase goes to the
mention in its sentence with the nearest trigger, else to the previous mention; never to a
background (historical) one. A mention takes the largest phrase of each kind; none -> 0.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Any

from conflictwire.bounds import MAX_COUNT, MAX_COUNT_DIGITS, count_ok
from conflictwire.doc import Doc, Mention
from conflictwire.resources import load_yaml

_NP_POS = {"NOUN", "PROPN", "ADJ", "NUM", "DET", "X"}
_NP_DEP = {"amod", "compound", "nummod", "quantmod", "det", "poss", "case", "nmod", "appos"}


@dataclass
class Tok:
    """A token reduced to what the counter needs (so it also runs without a parse)."""

    text: str
    low: str
    start: int
    end: int
    pos: str = ""
    dep: str = ""
    tag: str = ""
    sent: int = 0
    head_start: int = -1  # where the word's head in the parse starts (-1: no parse)


@dataclass
class Casualty:
    """One casualty phrase: ``kind`` "kill" or "injure", its number and span."""

    kind: str
    value: int
    start: int
    end: int
    sent: int


Phrases = dict[str, list[tuple[str, ...]]]


def _phrases(words: list[str]) -> Phrases:
    """Phrases indexed by their first word, longest first."""
    out: Phrases = {}
    for p in sorted({tuple(w.split()) for w in words}, key=len, reverse=True):
        out.setdefault(p[0], []).append(p)
    return out


class CountLexicon:
    """Number words and casualty vocabulary from ``numbers.yaml``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.units: dict[str, int] = data["units"]
        self.tens: dict[str, int] = data["tens"]
        self.scales: dict[str, int] = data["scales"]
        self.vague = {tuple(k.split()): v for k, v in data["vague"].items()}
        self.vague_keys = _phrases(list(data["vague"]))
        self.lower_bounds = _phrases(data["lower_bounds"])
        self.non_person = set(data["non_person_nouns"])
        self.one_person = set(data["one_person"])
        self.person_pronouns = set(data["person_pronouns"])
        self.person_endings = tuple(data["person_endings"])
        self.grievance = _phrases(data["grievance_cues"])
        self.nominal = set(data["nominal_heads"])
        self.additive = re.compile(
            r"\b(?:" + "|".join(re.escape(w) for w in data["additive_cues"]) + r")\b", re.I
        )
        # a toll told as a tally over time: "has caused the death of 20,000", "since 2015"
        self.cumulative = re.compile(
            r"\b(?:" + "|".join(data["cumulative_cues"]) + r")\b", re.IGNORECASE
        )
        self.plural_pronouns = set(data["plural_pronouns"])
        self.people = set(data["person_suffixes"])
        self.forms: dict[str, dict[str, Phrases]] = {
            kind: {f: _phrases(data[kind][f]) for f in ("passive", "active", "noun", "toll")}
            for kind in ("kill", "injure")
        }
        self.zero = [
            re.compile(r"\b" + re.escape(z).replace(r"\ ", r"\s+") + r"\b", re.I)
            for z in data["zero_phrases"]
        ]
        self.breakers = set(data["np_breakers"])
        self.skip = set(data["skip_words"])
        # words that start a casualty phrase (they end a victim noun phrase)
        self.casualty_words = {w for k in self.forms.values() for f in k.values() for w in f}
        self.casualty_words -= {"the", "a", "an", "no", "were", "was", "of", "to"}

    @classmethod
    @cache
    def load(cls) -> CountLexicon:
        return cls(load_yaml("numbers.yaml"))


def _match_at(toks: list[Tok], i: int, phrases: Phrases) -> int:
    """Length of the longest phrase matching at token ``i`` (0 if none)."""
    if i >= len(toks):
        return 0
    for p in phrases.get(toks[i].low, ()):
        n = len(p)
        if i + n <= len(toks) and all(toks[i + k].low == p[k] for k in range(n)):
            return n
    return 0


def parse_number(toks: list[Tok], i: int, lex: CountLexicon) -> tuple[int, int] | None:
    """The amount starting at token ``i``: (value, tokens used), the lowest of a range."""
    n = _match_at(toks, i, lex.vague_keys)
    if n:
        j = i + n
        if j < len(toks) and toks[j].low == "of":
            j += 1
        return lex.vague[tuple(t.low for t in toks[i : i + n])], j - i
    if i >= len(toks):
        return None
    low = toks[i].low
    value: int | None = None
    j = i + 1
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\s*[-–]\s*\d+)?", low)
    if m:
        digits = m.group(1).replace(",", "").lstrip("0")
        if len(digits) > MAX_COUNT_DIGITS:  # no count (bounds.MAX_COUNT); int() never sees it
            return None
        value = int(digits or "0")
        if value > MAX_COUNT:
            return None
    elif low in lex.tens:
        value = lex.tens[low]
        if j + 1 < len(toks) and toks[j].low == "-" and toks[j + 1].low in lex.units:
            value += lex.units[toks[j + 1].low]
            j += 2
        elif j < len(toks) and toks[j].low in lex.units and lex.units[toks[j].low] < 10:
            value += lex.units[toks[j].low]
            j += 1
    elif low in lex.units:
        value = lex.units[low]
        if low in ("dozen",) and i > 0 and toks[i - 1].low not in ("a", "one"):
            value = 12
    if value is None:
        return None
    while j < len(toks) and toks[j].low in lex.scales | {"dozen": 12}:
        value *= lex.scales.get(toks[j].low, 12)
        j += 1
        if value > MAX_COUNT:  # "a million million": not one event's victims
            return None
    # a range "5 to 7" / "5-7": keep the lowest
    if (
        j + 1 < len(toks)
        and toks[j].low in ("to", "-", "–", "or")
        and parse_number(toks, j + 1, lex) is not None
        and toks[j + 1].low not in ("a", "an")
    ):
        j += 1 + parse_number(toks, j + 1, lex)[1]  # type: ignore[index]
    return value, j - i


def _np_token(t: Tok, lex: CountLexicon) -> bool:
    if t.low in lex.breakers or t.low in lex.casualty_words:
        return False
    if t.low in ("of", "-", "(", ")", "'s", "’s", "and", ",", "&", "/"):
        return True
    if t.text.isupper() and len(t.text) > 1:
        return True
    if not t.pos:  # no parse: anything word-like
        return bool(re.match(r"[\w'-]+$", t.text))
    return t.pos in _NP_POS or t.dep in _NP_DEP


def _count_np(toks: list[Tok], a: int, b: int, lex: CountLexicon) -> int | None:
    """Victims in the noun phrase toks[a:b]: numbers of its coordinated groups summed."""
    groups: list[list[int]] = [[]]
    depth = 0
    for k in range(a, b):
        if toks[k].low in ("(", "["):
            depth += 1
        elif toks[k].low in (")", "]"):
            depth = max(0, depth - 1)
        if depth or toks[k].low in (")", "]"):
            continue  # "5 civilians (2 men, 2 women and 1 child)": the breakdown is not added
        if toks[k].low in ("and", ",", "&", "plus") or (
            toks[k].low == "as" and k + 2 < b and toks[k + 1].low == "well"
        ):
            groups.append([])
        else:
            groups[-1].append(k)
    total: int | None = None
    for g in groups:
        if not g:
            continue
        v = _count_group(toks, g, lex)
        if v is not None:
            total = (total or 0) + v
            if total > MAX_COUNT:  # a list adding up past any one event's toll: no count
                return None
    return total


def _count_group(toks: list[Tok], idx: list[int], lex: CountLexicon) -> int | None:
    k = 0
    while k < len(idx):
        i = idx[k]
        n = _match_at(toks, i, lex.lower_bounds)
        if n and not (toks[i].low in ("the", "some") and parse_number(toks, i + n, lex) is None):
            k += n
            continue
        parsed = parse_number(toks, i, lex)
        if parsed is not None:
            value, used = parsed
            after = i + used
            nxt = toks[after].low if after < len(toks) else ""
            stop = next((x for x in idx if x >= after and toks[x].low == "of"), idx[-1] + 1)
            heads = [
                toks[x].low
                for x in idx
                if after <= x < stop and toks[x].pos in ("NOUN", "PROPN", "")
            ]
            head = heads[-1] if heads else nxt
            if nxt in lex.non_person or head in lex.non_person or nxt.startswith("-year"):
                return None
            if (
                toks[i].low in ("a", "an")
                and heads
                and not _person(
                    next(toks[x] for x in reversed(idx) if toks[x].low == heads[-1]), lex
                )
            ):
                return None
            if toks[i].low in ("a", "an", "the", "one") and nxt in ("number", "total", "group"):
                k += 1
                continue
            return value
        if toks[i].low == "of":  # "members of the 3 groups": the count comes before "of"
            break
        k += 1
    words = [toks[i] for i in idx]
    lows = [t.low for t in words]
    if any(w in lex.plural_pronouns for w in lows):
        return None
    if len(lows) == 1 and lows[0] in lex.person_pronouns | {"his", "her"}:
        return 1
    if "of" in lows:  # "the head of the council": the head noun comes before "of"
        words = words[: lows.index("of")]
        lows = lows[: len(words)]
    nouns = [t for t in words[1:] if t.pos in ("NOUN", "PROPN", "")]
    if lows and lows[0] in lex.one_person and nouns and _person(nouns[-1], lex):
        return 1 if not any(t.tag in ("NNS", "NNPS") for t in words[:4]) else None
    if words and all(t.pos == "PROPN" for t in words) and len(words) <= 4:
        return 1
    return None


def _person(t: Tok, lex: CountLexicon) -> bool:
    """Does a noun name a person ("man", "director", "Ahmed")?"""
    if t.low in lex.non_person:
        return False
    sing = t.low[:-1] if t.low.endswith("s") and len(t.low) > 3 else t.low  # "shepherds"
    return (
        t.low in lex.people
        or sing in lex.people
        or t.pos == "PROPN"
        or t.low.endswith(lex.person_endings)
        or sing.endswith(lex.person_endings)
    )


def _skip_left(toks: list[Tok], j: int, lex: CountLexicon, lo: int) -> int:
    while j >= lo and (toks[j].low in lex.skip or toks[j].low in lex.casualty_words):
        if toks[j].low == "and" and not (
            j - 1 >= lo and (toks[j - 1].low in lex.skip or toks[j - 1].low in lex.casualty_words)
        ):
            break
        j -= 1
    return j


def _numbered_left(toks: list[Tok], j: int, lex: CountLexicon, lo: int) -> bool:
    """Is the group left of the comma at ``j`` a counted one ("3 soldiers, 2 police")?"""
    k = j - 1
    while k >= lo and _np_token(toks[k], lex) and toks[k].low not in (",", "and"):
        if parse_number(toks, k, lex) is not None and toks[k].low not in ("a", "an", "the"):
            return True
        k -= 1
    return False


def _left(toks: list[Tok], i: int, lex: CountLexicon, lo: int) -> tuple[int | None, int]:
    """Victims before token ``i`` ("two soldiers were killed"): (count, start token)."""
    j = _skip_left(toks, i - 1, lex, lo)
    if j >= lo and toks[j].low == ",":  # "Rodriguez Porth, 65, was killed": the parse's subject
        return _named_subjects(toks, i, lex, lo)
    if j < lo or toks[j].low in ("and", ",", "or"):
        return None, i
    if toks[j].low in lex.person_pronouns:
        return 1, j
    end = j + 1
    while j >= lo and _np_token(toks[j], lex):
        if toks[j].low == "," and not _numbered_left(toks, j, lex, lo):
            break
        j -= 1
        if (
            j >= lo + 2
            and toks[j].low == "as"
            and toks[j - 1].low == "well"
            and toks[j - 2].low == "as"
        ):
            j -= 3
    if j >= lo + 1 and toks[j].low == "including":  # "two militants including their chief"
        v, s2 = _left(toks, j, lex, lo)
        if v is not None and s2 < j:
            return v, s2
    start = j + 1
    if (
        start - 2 >= lo
        and toks[start - 1].low in ("to", "or", "-", "–")
        and parse_number(toks, start - 2, lex)
    ):  # "5 to 7 people were killed": a range, the lowest counts
        start -= 2
    while start < end and toks[start].low in ("and", ",", "of", "-"):
        start += 1
    if start >= end:
        return None, i
    return _count_np(toks, start, end, lex), start


def _named_subjects(toks: list[Tok], i: int, lex: CountLexicon, lo: int) -> tuple[int | None, int]:
    """People named as the subject of the casualty word at ``i``, set off from it by an
    apposition or a clause ("Mariela Espinoza, a magistrate in Antioquia, was assassinated",
    "Dumisani Malunga, 42, and Bheko Chiliza, 39, were shot dead"): one each (needs the parse)."""
    def under(k: int, deps: tuple[str, ...], heads: set[int]) -> bool:
        return toks[k].dep in deps and toks[k].head_start in heads

    subj = [k for k in range(lo, i) if under(k, ("nsubjpass", "nsubj"), {toks[i].start})]
    if len(subj) != 1:
        return None, i
    members, frontier = [subj[0]], {toks[subj[0]].start}
    while frontier:
        more = [k for k in range(lo, i) if under(k, ("conj",), frontier) and k not in members]
        members += more
        frontier = {toks[k].start for k in more}
    one = [k for k in members if toks[k].tag in ("NNP", "NN") and _person(toks[k], lex)]
    if len(one) != len(members):
        return None, i
    return len(members), min(members)


def _as_well_as(toks: list[Tok], j: int) -> bool:
    return [t.low for t in toks[j : j + 3]] == ["as", "well", "as"]


def _right(toks: list[Tok], i: int, lex: CountLexicon, hi: int) -> tuple[int | None, int]:
    """Victims after token ``i`` ("killing two members and a child"): (count, end token)."""
    j = i
    while j < hi:
        if _as_well_as(toks, j):  # "killed two soldiers as well as a policeman"
            j += 3
            continue
        if not (_np_token(toks[j], lex) or toks[j].low in ("at", "least", "than", "more")):
            break
        if (
            toks[j].low in ("and", ",")
            and j + 1 < hi
            and (toks[j + 1].low in lex.casualty_words or toks[j + 1].pos in ("VERB", "AUX"))
        ):
            break
        if toks[j].low == "," and not (
            (j + 1 < hi and toks[j + 1].low not in ("a", "an") and parse_number(toks, j + 1, lex))
            or _as_well_as(toks, j + 1)
        ):
            break  # ", as well as two peasants": the list goes on
        j += 1
    if i < hi and toks[i].low in lex.one_person and toks[i].pos == "PRON":
        return 1, i + 1
    end = j
    while end > i and toks[end - 1].low in ("and", ",", "of", "-"):
        end -= 1
    if end <= i:
        return None, i
    return _count_np(toks, i, end, lex), end


INFINITIVE_MARKERS = frozenset(
    {"to", "will", "would", "could", "may", "might", "can", "should", "must", "shall", "not"}
)


def _grievance(toks: list[Tok], i: int, ln_a: int, lex: CountLexicon, lo: int) -> bool:
    """A death that is the motive of this event, or only attempted ("to kill")."""
    if ln_a and toks[i].tag == "VB" and i > 0 and toks[i - 1].low in INFINITIVE_MARKERS:
        return True  # "to kill", "could kill"; a headline's "Gunmen kill 12" is an event
    nominal = toks[i].low == "the" or toks[i].pos != "VERB"
    if not (ln_a and toks[i].low in lex.nominal and nominal):
        return False
    return any(_match_at(toks, k, lex.grievance) for k in range(max(lo, i - 4), i))


def _outside(toks: list[Tok], blocked: list[tuple[int, int]]) -> list[Tok]:
    """The tokens that start outside every blocked (start, end) span; a binary search in the
    spans' union, so the cost grows as tokens x log(spans), not tokens x spans."""
    union: list[list[int]] = []
    for a, b in sorted(blocked):
        if union and a <= union[-1][1]:
            union[-1][1] = max(union[-1][1], b)
        else:
            union.append([a, b])
    starts = [a for a, _ in union]
    out = []
    for t in toks:
        k = bisect_right(starts, t.start) - 1
        if k < 0 or t.start >= union[k][1]:
            out.append(t)
    return out


def find_casualties(
    toks: list[Tok], lex: CountLexicon, blocked: list[tuple[int, int]]
) -> list[Casualty]:
    """Every casualty phrase in a token list (one sentence's tokens keep their ``sent``)."""
    out: list[Casualty] = []
    toks = _outside(toks, blocked)
    n = len(toks)
    sent_lo: dict[int, int] = {}
    sent_hi: dict[int, int] = {}
    for k, t in enumerate(toks):
        sent_lo.setdefault(t.sent, k)
        sent_hi[t.sent] = k + 1
    i = 0
    while i < n:
        lo, hi = sent_lo[toks[i].sent], sent_hi[toks[i].sent]
        found = False
        for kind in ("kill", "injure"):
            forms = lex.forms[kind]
            ln_t = _match_at(toks, i, forms["toll"])
            if ln_t:
                for j in range(i + ln_t, min(hi, i + ln_t + 5)):
                    p = parse_number(toks, j, lex)
                    if p is not None and toks[j].low not in ("a", "an", "the"):
                        out.append(
                            Casualty(
                                kind, p[0], toks[i].start, toks[j + p[1] - 1].end, toks[i].sent
                            )
                        )
                        break
                i += ln_t
                found = True
                break
            ln_a = _match_at(toks, i, forms["active"])
            ln_p = _match_at(toks, i, forms["passive"]) or _match_at(toks, i, forms["noun"])
            if not (ln_a or ln_p):
                continue
            prev = toks[i - 1].low if i > lo else ""
            passive_aux = prev in ("was", "were", "been", "be", "being", "is", "are", "got")
            if i > lo and prev not in ("a", "an", "the") and parse_number(toks, i - 1, lex):
                passive_aux = True  # "1 killed, 7 injured"
            if _grievance(toks, i, ln_a, lex, lo):
                i += max(ln_a, ln_p)
                found = True
                break
            if ln_a and kind == "kill" and i + ln_a + 1 < hi and toks[i + ln_a].low == "and":
                ln_2 = _match_at(toks, i + ln_a + 1, lex.forms["injure"]["active"])
                if ln_2:  # "killing and wounding a number of fighters": both counts
                    v, end = _right(toks, i + ln_a + 1 + ln_2, lex, hi)
                    if v is not None:
                        for k2 in ("kill", "injure"):
                            out.append(
                                Casualty(k2, v, toks[i].start, toks[end - 1].end, toks[i].sent)
                            )
                        i = end
                        found = True
                        break
            first = toks[i + ln_a] if i + ln_a < hi else None
            verbal = ln_a > 1 or toks[i].pos != "NOUN"
            starts_np = first is not None and (
                (_np_token(first, lex) and first.low not in (",", "and", "(", ")", "-", "of"))
                or first.low in lex.person_pronouns
                or _match_at(toks, i + ln_a, lex.lower_bounds) > 0
            )
            if ln_a and verbal and not passive_aux and starts_np:
                v, end = _right(toks, i + ln_a, lex, hi)
                if v is not None:
                    out.append(Casualty(kind, v, toks[i].start, toks[end - 1].end, toks[i].sent))
                    i = end
                    found = True
                    break
            if ln_p:
                v, start = _left(toks, i, lex, lo)
                if v is not None:
                    out.append(
                        Casualty(kind, v, toks[start].start, toks[i + ln_p - 1].end, toks[i].sent)
                    )
                    i += ln_p
                    found = True
                    break
        if not found:
            i += 1
    return out


def _tokens(doc: Doc) -> list[Tok]:
    sp = doc.spacy
    if sp is None:
        toks = []
        for k, m in enumerate(re.finditer(r"[^\W\d_]+(?:'s)?|\d[\d,]*(?:\.\d+)?|\S", doc.text)):
            toks.append(Tok(m.group(), m.group().lower(), m.start(), m.end(), sent=0))
            del k
        sent = 0
        for t in toks:
            t.sent = sent
            if t.text in ".!?":
                sent += 1
        return toks
    out: list[Tok] = []
    si = 0
    for s in sp.sents:
        # the parser sometimes cuts "... militants. | 14 | were killed": a sentence continues
        # until one ends with final punctuation
        if out and re.search(r"[.!?:;\"'”’)\]]$", out[-1].text):
            si += 1
        for t in s:
            if not t.is_space:
                out.append(Tok(t.text, t.lower_, t.idx, t.idx + len(t), t.pos_, t.dep_, t.tag_, si,
                               t.head.idx))  # fmt: skip
    return out


def _owner(doc: Doc, start: int, end: int, lex: CountLexicon) -> Mention | None:
    """The mention a phrase belongs to: nearest trigger in its sentence, else the previous one."""
    same = [m for m in doc.mentions if m.sentence[0] <= start < m.sentence[1]]
    if same:
        return min(same, key=lambda m: abs(m.trigger.start - start))
    before = [m for m in doc.mentions if m.sentence[1] <= start]
    if not before:
        return None
    prev = max(before, key=lambda m: m.trigger.start)
    # a following sentence of the same paragraph elaborates the same event; one further on
    # tells something else ("Shining Path ... has caused the death of 20,000 people")
    if "\n" in doc.text[prev.sentence[1] : start].strip(" "):
        return None
    a, b = _sentence_of(doc, start, prev.sentence[1], end)
    if lex.cumulative.search(doc.text[a:b]):
        # "Shining Path ... has caused the death of 20,000 people", "the UN has cited 240
        # deaths since April": a tally
        return None
    return prev


def _sentence_of(doc: Doc, pos: int, lo: int, hi: int) -> tuple[int, int]:
    """Where the parse's sentence holding ``pos`` starts (not before ``lo``) and ends (not
    before ``hi``)."""
    span = doc.spacy.char_span(pos, pos + 1, alignment_mode="expand") if doc.spacy else None
    if span is None or not len(span):
        return lo, hi
    return max(lo, span.sent.start_char), max(hi, span.sent.end_char)


def _zero_phrases(doc: Doc, lex: CountLexicon) -> list[tuple[str, int, int]]:
    out = []
    for pat in lex.zero:
        for m in pat.finditer(doc.text):
            s = m.group().lower()
            kinds = []
            if re.search(r"fatal|death|kill|died|dead|casualt|loss|lives|victims", s):
                kinds.append("kill")
            if re.search(r"injur|hurt|wound|casualt", s):
                kinds.append("injure")
            for k in kinds:
                out.append((k, m.start(), m.end()))
    return out


def run(doc: Doc, res: object) -> Doc:
    """Set fatalities/injuries (and their evidence) on every mention."""
    lex = CountLexicon.load()
    for m in doc.mentions:
        m.fatalities, m.injuries = 0, 0
    if not doc.mentions:
        return doc
    blocked = [(t.start, t.end) for t in doc.timexes]
    found: dict[tuple[int, str], list[Casualty]] = {}
    for c in find_casualties(_tokens(doc), lex, blocked):
        owner = _owner(doc, c.start, c.end, lex)
        if owner is None or owner.historical:
            continue
        found.setdefault((id(owner), c.kind), []).append(c)
    for kind, s, e in _zero_phrases(doc, lex):
        owner = _owner(doc, s, e, lex)
        if owner is not None and (id(owner), kind) not in found:
            found[(id(owner), kind)] = [Casualty(kind, 0, s, e, -1)]
    for m in doc.mentions:
        for kind, attr in (("kill", "fatalities"), ("injure", "injuries")):
            cs = found.get((id(m), kind))
            if cs:
                value, main = _total(doc, cs, lex)
                setattr(m, attr, value)
                m.evidence[attr] = doc.evidence(main.start, main.end)
    return doc


def _total(doc: Doc, cs: list[Casualty], lex: CountLexicon) -> tuple[int, Casualty]:
    """One event's count from its phrases: groups in one sentence add up, a later sentence that
    repeats the toll does not, one that adds victims ("3 others were also killed") does."""
    per_sent: dict[int, int] = {}
    extra = 0
    for c in cs:
        before = doc.text[max(0, c.start - 25) : c.start]
        if c.sent != cs[0].sent and lex.additive.search(before + " " + doc.text[c.start : c.end]):
            extra += c.value
        else:
            per_sent[c.sent] = per_sent.get(c.sent, 0) + c.value
    main = max(cs, key=lambda c: c.value)
    first = per_sent.get(cs[0].sent, 0)
    total = max(first + extra, max(per_sent.values(), default=0))
    return (total if count_ok(total) else main.value), main  # bounds.MAX_COUNT
