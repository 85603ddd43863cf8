"""Which names found in a text are not places, or not without context: people ("Kelly said",
"Mr Robinson", "Donald" in "Donald Trump"), words of names of events, laws or works ("Christmas
Day"), and names the gazetteer knows only as an alternate or loose spelling, or only for small
places, with nothing around them that marks a place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from conflictwire.gazetteer.lexicon import PLACE_LABELS, lexicon
from conflictwire.gazetteer.normalise import key
from conflictwire.nlp import coordinated, entities

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
    last = words[-1].rstrip(".") if len(words) > 1 else ""
    if last in lexicon()["facilities"] or last in lexicon()["orgs"]:
        # "City Hall" is a building, not Hall County, and "Al Sham Division" a brigade, not
        # Damascus ("Sham"): only an entry bearing the whole name counts, or a unit that a unit
        # word names ("Usulutan Department", not the Justice Department).
        unit = last in lexicon()["units"]
        strict = [p for p in strict if (unit and p.is_admin)
                  or k in {key(n) for n in (p.name, p.asciiname, *p.altnames)}]  # fmt: skip
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
    """Token spans of multi-word person names: spaCy's PERSON entities ("Donald Trump"), names
    with a middle initial ("Carol J. Gray") and names after a title ("Director Dave Robley")."""
    out: list[tuple[int, int]] = []
    for e in entities(sp):
        if e.label_ != "PERSON":
            continue
        a, b = e.start, e.end
        while a < b and not sp[a].is_alpha:  # spaCy sometimes takes in a comma
            a += 1
        while b > a and not sp[b - 1].is_alpha:
            b -= 1
        if b - a >= 2:
            out.append((a, b))
    return out + _initialled(sp) + _after_title(sp)


def _name_word(tok: Any) -> bool:
    """A capitalised word that may be part of a person's name."""
    return tok.is_alpha and tok.is_title and len(tok) > 1


def _initialled(sp: SpacyDoc) -> list[tuple[int, int]]:
    """"Irvin E. Rhodes", "Krystal D. Hall": a first name, one initial and a surname."""
    out: list[tuple[int, int]] = []
    titles = lexicon()["titles"]
    for k in range(1, len(sp) - 1):
        t = sp[k]
        if len(t.text) != 2 or not t.text[0].isupper() or t.text[1] != ".":
            continue
        first, last = sp[k - 1], sp[k + 1]
        if _name_word(first) and _name_word(last) and first.lower_ not in titles:
            out.append((k - 1, k + 2))
    return out


def _after_title(sp: SpacyDoc) -> list[tuple[int, int]]:
    """"Public Works Director Dave Robley", "spokeswoman Sharon Parker": two or three
    capitalised words right after a person's title are a name, unless the last one makes it a
    place ("Prince William County")."""
    lex = lexicon()
    stop = lex["titles"] | set(lex["units"]) | lex["facilities"] | lex["settlements"]
    out: list[tuple[int, int]] = []
    n = len(sp)
    for k in range(n - 2):
        if sp[k].lower_.rstrip(".") not in lex["titles"]:
            continue
        a = k + 2 if sp[k + 1].text == "." else k + 1
        b = a
        while b < n and b < a + 3 and _name_word(sp[b]) and sp[b].lower_ not in stop:
            b += 1
        if b - a >= 2 and not (b < n and sp[b].lower_ in stop):
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


def titled(sp: SpacyDoc, a: int, b: int | None = None) -> bool:
    """Right after a person's title: "Mr Robinson", "Gov. Mary Fallin", "Dr. Olaopa"; or, when
    the name ends at ``b``, right before an alias ("Murad alias Jahangir Alam")."""
    k = a - 1
    if k >= 0 and sp[k].text == ".":
        k -= 1
    if b is not None and b < len(sp) and sp[b].lower_ in lexicon()["aliases"]:
        return True
    return k >= 0 and (sp[k].lower_.rstrip(".") in lexicon()["titles"] or _introduced(sp, a, b))


def _introduced(sp: SpacyDoc, a: int, b: int | None) -> bool:
    """A name introduced as a person's ("identified as Tahir Ullah", "alias Jitendra"), or one
    listed with such a name ("identified as Ejaz ur Rehman and Tahir Ullah")."""
    intros = lexicon()["introductions"]
    head = coordinated(sp[a:b].root if b is not None and b > a else sp[a])[0]
    first = min(head.left_edge.i, a)
    before = [t.lower_ for t in sp[max(0, first - 2) : first]]
    return bool(before) and (
        before[-1] in intros or (before[-1] == "as" and len(before) == 2 and before[0] in intros)
    )


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


def _numbered(sp: SpacyDoc, j: int) -> bool:
    """Token ``j`` starts "No. 5" or "#5"."""
    if j >= len(sp) or sp[j].text not in ("No.", "No", "#"):
        return False
    k = j + 2 if j + 1 < len(sp) and sp[j].text == "No" and sp[j + 1].text == "." else j + 1
    return k < len(sp) and sp[k].text[:1].isdigit()


def _addressed(sp: SpacyDoc, j: int) -> bool:
    """A street word follows the name, directly or after "and" and another name: "Herman
    streets", "Rivers and Stokes avenues"."""
    words = lexicon()["address"]
    n = len(sp)
    if j < n and sp[j].lower_ == "and":
        k = j + 1
        while k < n and k < j + 4 and sp[k].is_title:
            k += 1
        j = k if k > j + 1 else j
    return j < n and sp[j].is_lower and sp[j].lower_ in words


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
    # what the context (not spaCy's label) says of each name, read once
    framed = {id(d): _placed(sp, d, by_label=False) for d in cands}
    placed_names = {d.text for d in cands if framed[id(d)] or d.label in PLACE_LABELS}
    out: list[Candidate] = []
    for c in cands:
        if c.modifier and not c.is_hint:
            continue
        if _of_person(sp, c, framed[id(c)], person_words, tails, placed_names):
            continue
        if _not_place_word(sp, c, framed[id(c)], units):
            continue
        if _unplaced(sp, c, framed[id(c)] or c.label in PLACE_LABELS):
            continue
        if (c.label not in PLACE_LABELS or reporter(sp, c.i)) and source(sp, c.i, c.j):
            continue
        out.append(c)
    kept = {id(c) for c in out}
    for c in out:
        c.hints = [h for h in c.hints if id(h) in kept]
    return out


def _of_person(
    sp: SpacyDoc, c: Candidate, framed: bool, person_words: set[str], tails: set[str],
    placed_names: set[str],
) -> bool:  # fmt: skip
    """A known name used of a person or a family: a word of a person's name, an age after it."""
    lex = lexicon()
    one = c.j - c.i == 1
    nxt = sp[c.j].lower_ if c.j < len(sp) else ""
    person = c.text in tails or (one and sp[c.i].lower_ in person_words)
    owner = c.text in tails and nxt in ("'s", "’s")  # "at Carter's house"
    # "John Kelly ... Kelly", "Raynola St. Clair ... St. Clair"
    if c.known and person and (owner or not framed):
        return True
    if c.known and nxt in lex["families"] and _after_the(sp, c):  # "the Jones family"
        return True
    if c.known and one and _aged(sp, c.j) and not framed:
        return True  # "Williams, 39, of Wood County": a person and their age
    after_prep = c.i > 0 and sp[c.i - 1].pos_ == "ADP"  # "Nale of Chattanooga, who"
    if c.known and c.label == "PERSON" and not after_prep and _who_follows(sp, c.j):
        return True  # "remember Chris Hani, who was killed in 1993": a person, not the district
    # "Billy's opened", "Patrick's bill": a person's, never a place in the text
    return c.known and nxt in ("'s", "’s") and c.label == "PERSON" and c.text not in placed_names


def reporter(sp: SpacyDoc, i: int) -> bool:
    """The name starting at ``i`` comes right after "reports" or "reported" ("... on September 2
    reports The Daily Star", "reported El Comercio"): the paper that tells the news, whatever
    spaCy labels it and however it is parsed."""
    k = i - 1 if i >= 1 and sp[i - 1].lower_ == "the" else i
    words = lexicon()["reporting"]
    return k >= 1 and sp[k - 1].pos_ in ("VERB", "NOUN") and sp[k - 1].lower_ in words


def source(sp: SpacyDoc, i: int, j: int) -> bool:
    """The name ``[i, j)`` is who tells the news: the subject or object of a verb of saying
    (``source_verbs``: "..., reports Dawn", "told The Daily Star") or what it is "according to"."""
    if reporter(sp, i):
        return True
    tok = sp[i:j].root
    # up to the head of its own name ("The Daily Star"), not of a phrase it qualifies ("Cork
    # mother says", "the Woodstock mayor said")
    while tok.dep_ in ("compound", "flat") and tok.head.ent_iob_ == "I" and tok.head.i > tok.i:
        tok = tok.head
    head = tok.head
    verbs = lexicon()["sources"]
    if tok.dep_ in ("nsubj", "dobj", "dative") and head.pos_ in ("VERB", "AUX"):
        return head.lemma_.lower() in verbs
    if tok.dep_ == "pobj" and head.lower_ == "to":  # "according to Sapa"
        return head.head.lower_ == "according"
    if tok.dep_ == "pobj" and head.lower_ == "by":  # "reported by Dawn"
        return head.head.lemma_.lower() in verbs
    return False


def _who_follows(sp: SpacyDoc, j: int) -> bool:
    """Whether ", who" (or ", whose") follows token ``j``: said of people, not places."""
    return j + 1 < len(sp) and sp[j].text == "," and sp[j + 1].lower_ in ("who", "whose")


def _not_place_word(sp: SpacyDoc, c: Candidate, framed: bool, units: set[str]) -> bool:
    """A known name used as a numbered thing, a street's name, or a common word or brand."""
    if c.known and _numbered(sp, c.j):
        return True  # "Lot No. 5", "Gate No. 3": a numbered unit of something, not a place
    if c.known and _addressed(sp, c.j) and not c.level:
        return True  # "First and Herman streets", "Rivers and Stokes avenues"
    bare = c.text[4:] if c.text.lower().startswith("the ") else c.text  # "The Toyota"
    if c.english and len(bare.split()) == 1 and not framed and _a_noun_of(sp, c.i, c.j):
        return True  # "always considered a haven of peace": a common noun, whatever its case
    return (
        len(bare.split()) == 1
        and c.known
        and key(bare) in lexicon()["common"]
        and not framed
        and c.text not in units
    )  # "the Chamber of Commerce", "a Dodge Caravan": a word, a brand


def _a_noun_of(sp: SpacyDoc, i: int, j: int) -> bool:
    """ "a haven of", "a hotbed of": a name between an indefinite article and "of"."""
    return i > 0 and sp[i - 1].lower_ in ("a", "an") and j < len(sp) and sp[j].lower_ == "of"


def unmarked_words(c: Candidate) -> bool:
    """English words only, with nothing but their context to make them a place: no spaCy place
    label, unit or settlement word ("coffee Mills in Santiago de Maria", capitals guessed for a
    text in one case). Such a name is a place only as a reading the gazetteer allows."""
    return c.english and not (c.label in PLACE_LABELS or c.level is not None or c.settlement)


def _unplaced(sp: SpacyDoc, c: Candidate, placed: bool) -> bool:
    """Only loosely a place's name with nothing marking it one (a placed loose one: not weak)."""
    if c.tier == 0:
        if not placed or unmarked_words(c):
            return True  # "two coffee Mills in Santiago de Maria": English words, no place
        c.weak = False  # "Badah town (Larkana, Sindh)": an unknown place in its units
    if c.known and not placed:
        if c.tier < 2 or c.small:
            return True
        one = c.j - c.i == 1
        nxt = sp[c.j].lower_ if c.j < len(sp) else ""
        if one and c.label == "PERSON" and nxt in lexicon()["person_verbs"]:
            return True
    return False
