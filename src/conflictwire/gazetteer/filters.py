"""Which names found in a text are not places, or not without context: people ("Kelly said",
"Mr Robinson", "Donald" in "Donald Trump"), words of names of events, laws or works ("Christmas
Day"), and names the gazetteer knows only as an alternate or loose spelling, or only for small
places, with nothing around them that marks a place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from conflictwire.gazetteer.lexicon import PLACE_LABELS, lexicon
from conflictwire.gazetteer.normalise import key

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc as SpacyDoc

    from conflictwire.gazetteer.lookup import Gazetteer
    from conflictwire.gazetteer.recognise import Candidate


def tier(gaz: Gazetteer, name: str) -> int:
    """How the gazetteer knows ``name``: 2 as a main name (or a country, admin unit or large
    city's alternate name), 1 only as an alternate name, 0 only by its loose spelling, -1 not."""
    strict = gaz.exact(name, loose=False)
    if not strict:
        return 0 if gaz.exact(name) else -1
    k = key(name)
    strict = [p for p in strict if not _only_as_abbreviation(p, name, k)]
    words = name.lower().split()
    if len(words) > 1 and words[-1].rstrip(".") in lexicon()["facilities"]:
        # "City Hall" is a building, not Hall County: only an entry bearing the whole name counts.
        strict = [p for p in strict if k in {key(n) for n in (p.name, p.asciiname, *p.altnames)}]
    if not strict:
        return -1
    for p in strict:
        if p.is_admin or p.fclass != "P" or p.population >= BIG_CITY:
            return 2
        if k in (key(p.name), key(p.asciiname)):
            return 2
    return 1


def _only_as_abbreviation(p: Any, name: str, k: str) -> bool:
    """``p`` bears ``name`` only as an upper-case abbreviation ("ACT") while the text has an
    ordinary word ("Act")."""
    if name.isupper() or k in (key(p.name), key(p.asciiname)):
        return False
    same = [a for a in p.altnames if key(a) == k]
    return bool(same) and all(a.isupper() for a in same)


BIG_CITY = 100_000  # a city this large has well-attested alternate names ("Bombay")
SMALL_PLACE = 5_000  # a name only places this small bear needs context to be read as a place


def only_small(gaz: Gazetteer, name: str) -> bool:
    """Every entry of that name is a small populated place (a village, a hamlet)."""
    return all(p.fclass == "P" and p.population < SMALL_PLACE for p in gaz.exact(name))


def person_spans(sp: SpacyDoc) -> list[tuple[int, int]]:
    """Token spans of the multi-word PERSON entities ("Donald Trump")."""
    out: list[tuple[int, int]] = []
    for e in sp.ents:
        if e.label_ != "PERSON":
            continue
        a, b = e.start, e.end
        while a < b and not sp[a].is_alpha:  # spaCy sometimes takes in a comma
            a += 1
        while b > a and not sp[b - 1].is_alpha:
            b -= 1
        if b - a >= 2:
            out.append((a, b))
    return out


def inside_person(persons: list[tuple[int, int]], a: int, b: int) -> bool:
    """A strict part of a multi-word person name: "Donald" in "Donald Trump"."""
    return any(s <= a and b <= e and (s, e) != (a, b) for s, e in persons)


NAMED_LABELS = frozenset({"EVENT", "LAW", "DATE", "TIME"})


def inside_named(sp: SpacyDoc, a: int, b: int) -> bool:
    """A word of a longer name of an event, a law or a date ("Christmas Day", "the First
    Amendment", "World War I"): not a place on its own. (spaCy's WORK_OF_ART and PRODUCT
    labels are left out: it gives them to "Encarnacion (Itapua)" and other place notes.)"""
    ent = sp[a].ent_type_
    if ent not in NAMED_LABELS or any(t.ent_type_ != ent for t in sp[a:b]):
        return False
    start = a
    while start > 0 and sp[start].ent_iob_ == "I":
        start -= 1
    end = b
    while end < len(sp) and sp[end].ent_iob_ == "I":
        end += 1
    if any(t.text in "(),;" for t in sp[start:end]):  # not one name
        return False
    return (start, end) != (a, b)


def titled(sp: SpacyDoc, a: int) -> bool:
    """Right after a person's title: "Mr Robinson", "Gov. Mary Fallin", "Dr. Olaopa"."""
    k = a - 1
    if k >= 0 and sp[k].text == ".":
        k -= 1
    return k >= 0 and sp[k].lower_.rstrip(".") in lexicon()["titles"]


def _placed(sp: SpacyDoc, c: Candidate, by_label: bool = True) -> bool:
    """The context marks ``c`` as a place: spaCy's label, a unit or settlement word, a relative
    cue, enclosing units, or a locative preposition right before it ("in Kelly")."""
    if by_label and c.label in PLACE_LABELS:
        return True
    if c.level or c.settlement or c.relative or c.hints or c.is_hint:
        return True
    if c.resident or c.affiliation:  # "a Winona man", "Rep. Jane Doe, D-Beachwood"
        return True
    k = c.j
    while k < len(sp) and k < c.j + 4 and (sp[k].text in ("-", "–") or sp[k].is_title):
        k += 1  # "the Halba-Qoubaiyat road"
    if k < len(sp) and sp[k].is_lower and sp[k].lower_ in lexicon()["routes"]:
        return True  # "blocked the Halba highway": a road named for the town it leads to
    return c.i >= 1 and sp[c.i - 1].lower_ in lexicon()["locative"]


def _aged(sp: SpacyDoc, j: int) -> bool:
    """Token ``j`` starts ", <age>," as after a person's name ("Shelton, 33, was found")."""
    if j + 2 >= len(sp) or sp[j].text != "," or sp[j + 2].text != ",":
        return False
    age = sp[j + 1].text
    return age.isdigit() and 0 < int(age) < 120


def _after_the(sp: SpacyDoc, c: Candidate) -> bool:
    """The name follows "the" or begins with it ("The Jones family")."""
    return sp[c.i].lower_ == "the" or (c.i >= 1 and sp[c.i - 1].lower_ == "the")


def prune(sp: SpacyDoc, cands: list[Candidate], persons: list[tuple[int, int]]) -> list[Candidate]:
    """Drop names that are people's or only loosely a place's: a word of a person named
    elsewhere in the text ("John Kelly ... Kelly"), a one-word PERSON followed by a speech verb,
    alternate or loose spellings with nothing in the context that makes them places, and names
    that only describe the next one ("the Dogon village of Tieba")."""
    lex = lexicon()
    person_words = {sp[k].lower_ for s, e in persons for k in range(s, e)}
    tails = {sp[k:e].text for s, e in persons for k in range(s + 1, e)}  # "Carter", "St. Clair"
    # "Hall County ... retiring from Hall": a unit's short name, once the text has named it
    units = {d.text.split()[0] for d in cands if d.known and d.text.split()[-1].lower() in
             lex["units"]}  # fmt: skip
    out: list[Candidate] = []
    for c in cands:
        if c.modifier:
            continue
        placed = _placed(sp, c)
        one = c.j - c.i == 1
        nxt = sp[c.j].lower_ if c.j < len(sp) else ""
        person = c.text in tails or (one and sp[c.i].lower_ in person_words)
        owner = c.text in tails and nxt in ("'s", "’s")  # "at Carter's house"
        # "John Kelly ... Kelly", "Raynola St. Clair ... St. Clair"
        if c.known and person and (owner or not _placed(sp, c, by_label=False)):
            continue
        if c.known and nxt in lex["families"] and _after_the(sp, c):  # "the Jones family"
            continue
        if c.known and one and _aged(sp, c.j) and not _placed(sp, c, by_label=False):
            continue  # "Williams, 39, of Wood County": a person and their age
        if (
            one
            and c.known
            and key(c.text) in lex["common"]
            and not _placed(sp, c, False)
            and c.text not in units
        ):
            continue  # "the Chamber of Commerce", "a Dodge Caravan": a word, a brand
        if c.tier == 0:
            if not placed:
                continue
            c.weak = False  # "Badah town (Larkana, Sindh)": an unknown place in its units
        if c.known and not placed:
            if c.tier < 2 or c.small:
                continue
            if one and c.label == "PERSON" and nxt in lex["person_verbs"]:
                continue
        out.append(c)
    kept = {id(c) for c in out}
    for c in out:
        c.hints = [h for h in c.hints if id(h) in kept]
    return out
