"""Find toponym candidates in a spaCy-parsed text: spaCy's GPE/LOC/FAC entities plus capitalised
n-grams that the gazetteer knows, each with its local context (unit word, parenthesised admin
units, "X province's Y District", relative cues such as "near" or "south of")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from conflictwire.gazetteer.cues import town_words
from conflictwire.gazetteer.filters import (
    BIG_CITY,
    inside_named,
    inside_person,
    only_small,
    person_spans,
    prune,
    tier,
    titled,
)
from conflictwire.gazetteer.lexicon import (
    PLACE_LABELS,
    abbreviations,
    country_code,
    lexicon,
    world_codes,
    world_demonyms,
)
from conflictwire.gazetteer.normalise import key
from conflictwire.nlp import coordinated, english_only, english_word, entities

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc as SpacyDoc

    from conflictwire.gazetteer.lookup import Gazetteer

MAX_NGRAM = 5


@dataclass
class Candidate:
    """A place name in the text (token span ``[i, j)``) and what its context says about it."""

    i: int
    j: int
    start: int  # char offsets of the name
    end: int
    text: str
    ev_end: int  # char end including a unit/settlement word ("Ali Sarai village")
    known: bool  # the gazetteer has this name
    level: int | None = None  # admin level a unit word implies ("province" -> 1)
    settlement: bool = False  # "X village", "the town of X"
    relative: bool = False  # "near X", "south of X", "40 km from X"
    reference: bool = False  # a point of reference for another place: "40 km from X"
    english: bool = False  # every word is an English word ("Mills", "Court Magistrate")
    hints: list[Candidate] = field(default_factory=list)  # enclosing units named next to it
    is_hint: bool = False  # only qualifies another name: "(Larkana, Sindh)"
    label: str = ""  # spaCy entity label, if any
    weak: bool = False  # unknown and unmarked: kept only if a fuzzy in-country match exists
    tier: int = 2  # how the gazetteer knows it: 2 main name, 1 alternate name, 0 loose spelling
    modifier: bool = False  # only describes the place named after it ("the Dogon village of X")
    small: bool = False  # every entry of that name is a small place (a village, a hamlet)
    resident: bool = False  # "a Winona man", "an Augusta native": a place of origin
    affiliation: bool = False  # "Rep. Jane Doe, D-Beachwood": a legislator's home place
    # describes a noun after it ("a United States (US) drone strike", "US troops"): whose, not
    # where
    attributive: bool = False


def _is_cap(tok: Any) -> bool:
    t = tok.text
    return t[:1].isupper() and any(c.isalpha() for c in t) and tok.pos_ != "PUNCT"


def _joined(sp: SpacyDoc, j: int) -> int:
    """How many tokens from ``j`` join the name before it to a capitalised word after them
    (the connectors and that word), 0 if none: "Khabb wa ash Shaaf", "Santa Cruz de la
    Sierra", "Deir ez-Zor", "Deir-ez-Zor"."""
    lex = lexicon()
    n = len(sp)
    conn, art = lex["connectors"], lex["hyphen_articles"]
    t = sp[j]
    if "\n" in t.text:
        return 0
    if t.lower_ in lex["prepositions"] and j > 0 and english_word(sp[j - 1]):
        return 0  # "Police at Selundi": an English preposition after an English word
    if t.is_lower and j > 0 and _acronym(sp[j - 1].text):
        return 0  # "the LoC at Shahpur": an acronym names no place with what follows
    if t.lower_ in conn and j + 1 < n and _is_cap(sp[j + 1]):
        return 2
    if (
        t.lower_ in conn
        and j + 2 < n
        and sp[j + 1].lower_ in conn
        and sp[j + 1].is_lower
        and _is_cap(sp[j + 2])
    ):
        return 3
    glued = not t.whitespace_ and j + 1 < n and not sp[j + 1].whitespace_
    if glued and t.lower_ in art and j + 2 < n and sp[j + 1].text == "-" and _is_cap(sp[j + 2]):
        return 3
    if (
        glued
        and t.text == "-"
        and j + 3 < n
        and sp[j + 1].lower_ in art
        and sp[j + 2].text == "-"
        and not sp[j + 2].whitespace_
        and _is_cap(sp[j + 3])
    ):
        return 4
    return 0


def _acronym(word: str) -> bool:
    """A short word of two or more capitals ("LoC", "UN", "CTD")."""
    return len(word) <= 6 and sum(ch.isupper() for ch in word) >= 2


def _name_spans(sp: SpacyDoc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, joined by connectors (see ``_joined``)."""
    runs: list[tuple[int, int]] = []
    n = len(sp)
    i = 0
    while i < n:
        if not _is_cap(sp[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            if _is_cap(sp[j]) and sp[j - 1].whitespace_ != "\n":
                j += 1
                continue
            k = _joined(sp, j)
            if not k:
                break
            j += k
        runs.append((i, j))
        i = j
    return runs


def _ngrams(sp: SpacyDoc, i: int, j: int) -> list[tuple[int, int]]:
    """Sub-spans of a run that start and end on a capitalised word, longest first."""
    spans = [
        (a, b) for a in range(i, j) for b in range(min(j, a + MAX_NGRAM), a, -1)
        if _is_cap(sp[a]) and _is_cap(sp[b - 1])
    ]  # fmt: skip
    return sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0]))


def _whole_only(sp: SpacyDoc, i: int, j: int) -> bool:
    """A multi-word run whose parts must not be read as places on their own: a person or
    organisation name ("Hashd al-Shaabi"), or a name followed by "village" or "("."""
    if j - i < 2:
        return False
    lex = lexicon()
    if _named_entity_run(sp, i, j):
        return True
    nxt = sp[j].lower_ if j < len(sp) else ""
    if nxt in lex["settlements"] or nxt == "(":
        return True
    if sp[j - 1].lower_.rstrip(".") in lex["facilities"]:  # "Royal Street", "Kirkuk Police"
        return True
    if sp[j - 1].lower_ in lex["name_suffixes"]:  # "Santo Nino Norte" is not Santo Nino
        return True
    return any(e.start == i and e.end == j and e.label_ in PLACE_LABELS for e in entities(sp))


def _before_known_unit(sp: SpacyDoc, j: int, known_at: set[int]) -> bool:
    """A name the gazetteer lacks, right before a known one that encloses it: "Debsi Afnan in
    Ar-Raqqa", "the Qasruk base in Al-Hasakeh", "Bacayopa, Sinaloa."."""
    lex = lexicon()
    n = len(sp)
    k = j + 1 if j < n and sp[j].lower_ in lex["fillers"] else j
    if k + 1 >= n or k + 1 not in known_at:
        return False
    if sp[k].lower_ == "in":
        return True
    if sp[k].text != ",":
        return False
    end = k + 2  # "X, Y." with Y a single known name and the clause ending there
    while end < n and _is_cap(sp[end]):
        end += 1
    return end >= n or sp[end].text in (".", ",", ";", "(", ")")


def _named_entity_run(sp: SpacyDoc, i: int, j: int) -> bool:
    """Every word of the run belongs to a person's or organisation's name."""
    labels = {t.ent_type_ for t in sp[i:j]}
    return bool(labels) and labels <= {"PERSON", "ORG"}


def _tail(sp: SpacyDoc, i: int, j: int) -> tuple[int, int] | None:
    """The part of a run after its last English connector word ("PD10 of Kandahar city",
    "Boko Haram at Parisu (Abadam, Borno)"): it may be read on its own when the whole may not."""
    words = lexicon()["english_connectors"]
    for k in range(j - 2, i, -1):
        if sp[k].lower_ in words and sp[k].whitespace_:
            head = sp[i:k]
            # "Bir at Tutah" is one Arabic name; "Boko Haram at", "PD10 of" are not places
            acronym = len(head) == 1 and head[0].is_upper and len(head[0]) >= 2  # "PMF at X"
            if len(head) >= 2 or acronym or any(c.isdigit() for c in head.text):
                return (k + 1, j)
            return None
    return None


def _countries_run(sp: SpacyDoc, i: int, j: int, countries: Any) -> bool:
    """Country names side by side with the comma left out: "Cyprus, Greece Italy or Spain"."""
    words = [t for t in sp[i:j] if t.is_alpha]
    return (
        countries is not None and len(words) >= 2
        and all(countries.get(t.text) is not None for t in words)
    )  # fmt: skip


def _generic_part(sp: SpacyDoc, a: int, i: int, j: int) -> bool:
    """A generic word ("Point", "Wing", "Hospital") inside a longer name: in the run ``[i, j)``
    with other words, or after a possessive ("Alder Hey Children's Hospital"); also the head
    of a longer name ("Fort" of "Fort Hood", "Bir" of "Bir Hasan")."""
    lex = lexicon()
    if sp[a].lower_ not in lex["generic"] and sp[a].lower_ not in lex["heads"]:
        return False
    possessed = a >= 2 and sp[a - 1].lower_ in ("'s", "\u2019s") and _is_cap(sp[a - 2])
    return j - i > 1 or possessed


def _names_a_site(sp: SpacyDoc, b: int) -> bool:
    """The name before ``b`` is a possessive naming a site or a settlement after someone:
    "Eva's Village", "Wilson's Farm"."""
    n = len(sp)
    if b + 1 >= n or sp[b].lower_ not in ("'s", "\u2019s") or not _is_cap(sp[b + 1]):
        return False
    last = b + 1
    while last + 1 < n and _is_cap(sp[last + 1]):
        last += 1
    lex = lexicon()
    word = sp[last].lower_.rstrip(".")
    if word in lex["address"] or word in lex["routes"] or word in TOWN_STREETS:
        return False  # "Rock Hill's Main St.": a street of the town
    return word in lex["facilities"] or word in lex["settlements"]


TOWN_STREETS = frozenset({"st", "rd", "ave", "blvd", "square", "plaza"})  # "Rock Hill's Main St."


def _major(gaz: Gazetteer, name: str) -> bool:
    """A country, a province or a big city bears this name ("Iraq's Kurdistan Region"), not
    only a person's ("Wilson's Farm": Wilson, North Carolina and Wilson County)."""
    return any(
        p.fcode in ("PCLI", "CONT") or p.admin_level == 1 or p.population >= BIG_CITY
        for p in gaz.exact(name, loose=False)
    )


def _sentence_initial(sp: SpacyDoc, i: int) -> bool:
    """The first word of its sentence (blanked datelines and spaces before it do not count)."""
    j = i - 1
    while j >= 0 and sp[j].is_space:
        j -= 1
    return j < 0 or sp[i].is_sent_start or sp[j].text in (".", "!", "?", "\n", "-", "\u2013")


def _opening_word(sp: SpacyDoc, a: int) -> bool:
    """An English word that opens a sentence capitalised ("As", "At", "An")."""
    return sp[a].text.istitle() and sp[a].lower_ in lexicon()["english_connectors"] and (
        _sentence_initial(sp, a)
    )


def _named_with(gaz: Gazetteer, text: str) -> bool:
    """Some entry bears ``text`` with its first word (the lookup key drops Arabic articles, so
    "As Brown" finds Brown County)."""
    first = text.split()[0].lower()
    return any(
        n.lower().startswith((first + " ", first + "-"))
        for p in gaz.exact(text, loose=False)
        for n in (p.name, p.asciiname, *p.altnames)
    )


def _model_year(tok: Any) -> bool:
    """A year written right before a name, as in "a 2008 Ford Focus" (a make, not a place)."""
    return (
        tok.text.isdigit()
        and len(tok.text) == 4
        and 1900 <= int(tok.text) <= 2100
        and tok.i >= 1
        and tok.nbor(-1).lower_ in ("a", "an", "the", "his", "her", "their", "its")
    )


def _blocked(sp: SpacyDoc, a: int, b: int, countries: Any, by_pos: bool = True) -> bool:
    """Not a toponym: a stop name, a demonym, or the head of an organisation name; with
    ``by_pos``, also a word spaCy does not read as a name."""
    lex = lexicon()
    span = sp[a:b]
    if span.text.isupper() and (span.text in world_codes() or country_code(countries, span.text)):
        return False  # "US", "U.S.", "UK", "EU": a country or region, not the word "us"
    k = key(span.text)
    if not k or k in lex["stop"] or len(k) < 3:
        return True
    if countries is not None and countries.get(span.text) is None:
        if any(t.is_upper and len(t) <= 5 and t.lower_ not in lex["units"] for t in span):
            # acronyms ("KRG"), not "USA", nor a unit word ("Biu LGA")
            return True
        if b - a == 1 and countries.by_demonym(span.text) is not None:  # "Iraqi"
            return True
        if b - a == 1 and span.text.lower() in lex["titles"]:  # "Police Officer Shawn Barnes"
            return True
        if span.text in world_demonyms():  # "African", "Latin American"
            return True
    if a >= 1 and _model_year(sp[a - 1]):  # "a 2008 Ford Focus", "the 1993 Cadillac"
        return True
    if b - a == 1 and _sentence_initial(sp, a) and not span[0].ent_type_:
        nxt = sp[b] if b < len(sp) else None
        resident = nxt is not None and nxt.lower_ in lex["residents"]  # "Chiefland man, 19, ..."
        if nxt is not None and nxt.is_alpha and nxt.is_lower and not resident:  # "Air strikes"
            return not _place_elsewhere(sp, a)
    if b < len(sp):
        nxt = sp[b]
        if _is_cap(nxt) and nxt.lower_ in lex["orgs"]:
            return True
        if nxt.lower_ in lex["groups"]:  # "Al Shabaab militants"
            return True
        # "Kurdistan 24": a name glued to a number is a brand (but not "Kirkuk 24 May").
        after = sp[b + 1].lower_ if b + 1 < len(sp) else ""
        if nxt.text.isdigit() and span[-1].whitespace_ == " " and after not in lex["months"]:
            return True
    if not by_pos or any(t.pos_ == "PROPN" or t.ent_type_ in PLACE_LABELS for t in span):
        return False
    # spaCy reads some transliterated names as common nouns ("Dar'a"): a capitalised word with
    # an apostrophe or hyphen inside, not at the start of a sentence, may still be a name.
    word = span.text
    return not (len(span) == 1 and not _sentence_initial(sp, a) and any(c in word for c in "'’-"))


def _place_elsewhere(sp: SpacyDoc, a: int) -> bool:
    """The word at ``a`` (at a sentence start) is labelled a place elsewhere in the text, away
    from a sentence start ("Sycamore family serves ... moved to Sycamore in 2001")."""
    words = sp.user_data.get(_PLACE_WORDS)
    if words is None:  # once per text: the words labelled a place, not at a sentence start
        words = {t.text: True for t in sp
                 if t.ent_type_ in PLACE_LABELS and not _sentence_initial(sp, t.i)}  # fmt: skip
        sp.user_data[_PLACE_WORDS] = words  # a dict of str, as spaCy can serialise it
    return sp[a].text in words


_PLACE_WORDS = "conflictwire.place_words"


def _and_countries(sp: SpacyDoc, countries: Any) -> list[tuple[int, int]]:
    """Countries whose names hold "and" ("Trinidad and Tobago", "Antigua and Barbuda")."""
    out: list[tuple[int, int]] = []
    if countries is None:
        return out
    n = len(sp)
    for k, tok in enumerate(sp):
        if tok.lower_ != "and" or k == 0 or not _is_cap(sp[k - 1]) or k + 1 >= n:
            continue
        spans = [(a, b) for a in range(max(0, k - 3), k) for b in range(min(n, k + 4), k + 1, -1)]
        hit = next(((a, b) for a, b in spans if countries.get(sp[a:b].text)), None)
        if hit and not any(hit[0] < e and hit[1] > s for s, e in out):
            out.append(hit)
    return out


def find(sp: SpacyDoc, gaz: Gazetteer, countries: Any = None) -> list[Candidate]:
    """Every toponym candidate in ``sp`` (sorted by position), with context attached."""
    taken: set[int] = set()
    found: list[Candidate] = []
    persons = person_spans(sp)
    for a, b in _and_countries(sp, countries):  # "Trinidad and Tobago", "Bosnia and Herzegovina"
        if gaz.exact(sp[a:b].text, loose=False):
            _add(sp, found, taken, a, b, True)
    _known_names(sp, gaz, countries, persons, found, taken)
    _abbreviated_units(sp, gaz, found, taken)
    # Names the gazetteer lacks but spaCy or the context marks as places.
    _marked_names(sp, countries, found, taken)

    found.sort(key=lambda c: c.i)
    for c in found:
        c.label = c.label or sp[c.i].ent_type_
        c.english = english_only(sp[c.i : c.j])
    _context(sp, found, countries)
    return prune(sp, found, persons)


def _add(
    sp: SpacyDoc, found: list[Candidate], taken: set[int], a: int, b: int, known: bool,
    label: str = "", rank: int = 2,
) -> Candidate:  # fmt: skip
    """Record the tokens ``[a, b)`` as a candidate (with tier ``rank``) and mark them taken."""
    span = sp[a:b]
    found.append(
        Candidate(a, b, span.start_char, span.end_char, span.text, span.end_char, known,
                  label=label, tier=rank)
    )  # fmt: skip
    taken.update(range(a, b))
    return found[-1]


def _known_names(
    sp: SpacyDoc, gaz: Gazetteer, countries: Any, persons: list[tuple[int, int]],
    found: list[Candidate], taken: set[int],
) -> None:  # fmt: skip
    """Add the capitalised n-grams the gazetteer knows, longest first within each name run."""
    sites, parts = lexicon()["sites"], lexicon()["parts"]
    abbrs = abbreviations()
    for i, j in _name_spans(sp):
        if j - i >= 2 and sp[j - 1].lower_ in sites:  # "Hama Airbase": the town it is named for
            j -= 1
        whole = _whole_only(sp, i, j) and not _countries_run(sp, i, j, countries)
        tail = _tail(sp, i, j) if whole and not _named_entity_run(sp, i, j) else None
        part = (i + 1, j) if j - i >= 2 and sp[i].lower_ in parts else None  # "Northern Syria"
        readable = ((i, j), tail, part)
        for a, b in _ngrams(sp, i, j):
            party = _party_code(sp, a)  # "Sen. Robert Ford, D-Charleston": the home town
            if whole and (a, b) not in readable and not party:
                continue
            if _ruled_out(sp, gaz, a, b, i, j, abbrs):
                continue
            if _unavailable(sp, a, b, countries, party, persons, taken):
                continue
            _add_known(sp, gaz, found, taken, a, b, readable)


def _ruled_out(
    sp: SpacyDoc, gaz: Gazetteer, a: int, b: int, i: int, j: int, abbrs: dict[str, Any]
) -> bool:
    """The n-gram ``[a, b)`` of the run ``[i, j)`` is only part of another name or word."""
    heads, units = lexicon()["heads"], lexicon()["units"]
    if a > i and heads & {sp[a - 1].lower_.rstrip("."), sp[i].lower_.rstrip(".")}:
        return True  # "the Old Bailey" is not Bailey, "Hay Oban Ramadan" not Ramadan
    if b - a == 1 and _abbreviation(sp, a, abbrs):  # "Peoria, Ill.": see ``_abbreviated_units``
        return True
    if a > i and sp[a].lower_ in units:  # "Gujba LGA of Yobe": not "LGA of Yobe"
        return True
    if b - a == 1 and _generic_part(sp, a, i, j):  # "the West Wing", "Point Peron"
        return True
    if _names_a_site(sp, b) and not _major(gaz, sp[a:b].text):  # "Eva's Village"
        return True
    # "As Brown was leaving": not the Arabic article of "As Suwayda"
    return b - a >= 2 and _opening_word(sp, a) and not _named_with(gaz, sp[a:b].text)


def _unavailable(
    sp: SpacyDoc, a: int, b: int, countries: Any, party: bool, persons: list[tuple[int, int]],
    taken: set[int],
) -> bool:  # fmt: skip
    """The tokens ``[a, b)`` are taken, blocked, or inside a person's or other entity's name."""
    if any(t in taken for t in range(a, b)) or _blocked(sp, a, b, countries, by_pos=not party):
        return True
    if inside_person(persons, a, b) or titled(sp, a, b):
        return True
    return inside_named(sp, a, b)


def _add_known(
    sp: SpacyDoc, gaz: Gazetteer, found: list[Candidate], taken: set[int], a: int, b: int,
    readable: tuple[tuple[int, int] | None, ...],
) -> None:  # fmt: skip
    """Add ``[a, b)`` as the gazetteer knows it: by a main or alternate name, or loosely."""
    t = tier(gaz, sp[a:b].text)
    if t == 0 and (a, b) not in readable and b - a == 1:
        return  # a loose spelling inside a longer name ("Alder Hey" is not Hay)
    if t == 0:  # a loose spelling: only a same-country entry may take it
        _add(sp, found, taken, a, b, False, rank=0).weak = True
    elif t > 0:
        cand = _add(sp, found, taken, a, b, True, rank=t)
        cand.small = only_small(gaz, sp[a:b].text)


def _marked_names(sp: SpacyDoc, countries: Any, found: list[Candidate], taken: set[int]) -> None:
    """Add the name runs the gazetteer lacks but spaCy or the context marks as places (not a
    name right after a person's role: "an alleged terrorist Tahir Ullah in Shangla District")."""
    lex = lexicon()
    known_at = {c.i for c in found if c.known}
    known_tokens = {t for c in found if c.known for t in range(c.i, c.j)}
    for i0, j0 in _name_spans(sp):
        i, j = i0, j0
        if _blocked(sp, i, j, countries):
            i, j = _tail(sp, i, j) or (i, j)  # "the ADF at Kambi ya Yua (Beni, Nord-Kivu)"
        if any(t in taken for t in range(i, j)) or titled(sp, i, j):
            continue
        # a name spaCy reads as a common word still is one between a locative preposition and
        # an enclosing unit ("at Mukeshefah in Saladin province")
        framed = i >= 1 and sp[i - 1].lower_ in lex["preps"] and _before_known_unit(sp, j, known_at)
        if _blocked(sp, i, j, countries, by_pos=not framed) or (
            framed and _sentence_initial(sp, i)
        ):
            continue
        last = sp[j - 1].lower_.rstrip(".")
        if last in lex["orgs"] or last in lex["facilities"]:  # "the Papa Group in Koya"
            continue
        listed = _listed_with_known(sp, i, j, known_tokens) and not english_only(sp[i:j])
        if listed or _marked_as_place(sp, i, j, known_at):
            label = next((t.ent_type_ for t in sp[i:j] if t.ent_type_ in PLACE_LABELS), "")
            _add(sp, found, taken, i, j, False, label)


def _listed_with_known(sp: SpacyDoc, i: int, j: int, known: set[int]) -> bool:
    """The name ``[i, j)`` stands in one list with a place the gazetteer knows, joined by
    "and" ("clashes took place in Metapan, Tejutepeque and Ilobasco"): a place too."""
    root = sp[i:j].root
    if root.ent_type_ == "PERSON":
        return False
    _, members, joiners = coordinated(root)
    others = members - set(range(i, j))
    return "and" in joiners and bool(others & known)


def _marked_as_place(sp: SpacyDoc, i: int, j: int, known_at: set[int]) -> bool:
    """spaCy, a unit or settlement word, "(", a preposition or a known unit marks ``[i, j)``."""
    lex = lexicon()
    ents = {t.ent_type_ for t in sp[i:j]}
    if _people(sp, i, j):
        return False
    nxt = sp[j].lower_ if j < len(sp) else ""
    prev = sp[i - 2 : i].text.lower() if i >= 2 else ""
    settle = nxt in lex["settlements"] or nxt in lex["units"]
    settle = settle or any(prev.startswith(f"{w} of") for w in lex["settlements"])
    paren = j < len(sp) and sp[j].text == "("
    after_prep = i >= 1 and sp[i - 1].lower_ in lex["preps"]
    in_unit = _before_known_unit(sp, j, known_at)
    if after_prep and in_unit:
        return True  # "near Taxila in Punjab": a place, whatever spaCy's label says
    prep = after_prep and "PERSON" not in ents
    placed_in = in_unit and "PERSON" not in ents
    if paren and _named_entity_run(sp, i, j) and not _names_in_paren(sp, j):
        paren = False  # "Dilip Mushahary (23)", "the National Democratic Front of Bodoland (NDFB)"
    if english_only(sp[i:j]):
        # English words the gazetteer does not know as a place ("a court Magistrate in
        # Antioquia", "coffee Mills in Santiago de Maria", "before Dawn"; capitals guessed for
        # a text in one case): a place only when spaCy or a unit or settlement word says so
        return bool(ents & PLACE_LABELS or settle)
    return bool(ents & PLACE_LABELS or settle or paren or prep or placed_in)


PEOPLE_ENDINGS = ("ists", "ians", "ans", "ites", "is")  # Maoists, Palestinians, Houthis


def _people(sp: SpacyDoc, i: int, j: int) -> bool:
    """One plural proper noun naming a people or a movement's members ("two Palestinians in
    Jenin", "Maoists in Rolpa"; not "Fourways, Johannesburg"): no place, even right before a
    known one."""
    if j != i + 1 or not sp[i].lower_.endswith("s"):
        return False
    tok = sp[i]
    counted = i > 0 and sp[i - 1].like_num
    return tok.ent_type_ == "NORP" or (
        tok.tag_ == "NNPS" and (counted or tok.lower_.endswith(PEOPLE_ENDINGS))
    )


def _names_in_paren(sp: SpacyDoc, j: int) -> bool:
    """The parenthesis opening at ``j`` holds a name ("Quissanga (Cabo Delgado)"), not a number
    (an age) or an acronym (the run's own)."""
    return j + 1 < len(sp) and _is_cap(sp[j + 1]) and not sp[j + 1].is_upper


def _party_code(sp: SpacyDoc, k: int) -> bool:
    """Token ``k`` follows a party code and a hyphen, as in "Rep. Jane Doe, D-Beachwood"."""
    if k < 2 or sp[k - 1].text != "-" or sp[k - 1].whitespace_ or sp[k - 2].whitespace_:
        return False
    before = sp[k - 3].text if k >= 3 else ""
    return sp[k - 2].text in lexicon()["parties"] and before in (",", "(")


def _abbreviation(sp: SpacyDoc, k: int, table: dict[str, Any]) -> str | None:
    """The unit abbreviation at token ``k`` after "(", "," or a party code ("Rampur (UP)",
    "Dallas, Tex.", "D-S.C."); one written in two tokens ("W. Va.") is read whole."""
    if k == 0 or not (sp[k - 1].text in ("(", ",") or _party_code(sp, k)):
        return None
    tok = sp[k]
    if tok.text in table:
        return tok.text
    nxt = sp[k + 1] if k + 1 < len(sp) else None
    if nxt is not None and tok.text.endswith(".") and (tok.text + nxt.text) in table:
        return tok.text + nxt.text  # "W. Va." for "W.Va."
    dot = nxt is not None and nxt.text == "." and not tok.whitespace_
    return tok.text + "." if dot and tok.text + "." in table else None


def _abbreviated_units(
    sp: SpacyDoc, gaz: Gazetteer, found: list[Candidate], taken: set[int]
) -> None:
    """Abbreviated enclosing units ("Rampur district (UP)", "(Visakhapatnam, AP)"), kept only
    when a place named just before lies in a country where the abbreviation means a unit."""
    table = abbreviations()
    n = len(sp)
    after = [k + 1 for k, t in enumerate(sp) if t.text in ("(", ",", "-") and k + 1 < n]
    for k in after:  # only a token after "(", "," or a hyphen can be one (``_abbreviation``)
        tok = sp[k]
        abbr = _abbreviation(sp, k, table)
        if k in taken or abbr is None:
            continue
        e = k + 2 if abbr != tok.text and abbr != tok.text + "." else k + 1  # "W. Va."
        dotted = sp[e - 1].text.endswith(".")  # "Peoria, Ill. on Monday": the dot ends the name
        if e < n and not dotted and sp[e].text not in (")", ",", ".", ";"):
            continue
        party = _party_code(sp, k)  # "D-S.C.": a US legislator's state
        before = [c for c in found if k - 8 <= c.i < k and c.known]
        end = sp[e - 1].idx + len(sp[e - 1])
        for iso2, full in table[abbr]:
            if (party and iso2 == "US") or any(
                any(p.iso2 == iso2 for p in gaz.exact(c.text)) for c in before
            ):
                if gaz.exact(full, iso2):
                    found.append(Candidate(k, e, tok.idx, end, full, end, True))
                    taken.update(range(k, e))
                break


def _listed(sp: SpacyDoc, c: Candidate, by_start: dict[int, Candidate]) -> bool:
    """``c`` is an item of a list of places ("Saipan, Guam, Alaska and Hawaii"): a comma
    sequence of names that ends in "and"/"or" and a last name. The name after its comma is then
    the next item, not its enclosing unit; a chain of units without "and" ("Santo Nino,
    Arevalo, Iloilo City, Iloilo") is not a list."""
    if c.i >= 1 and sp[c.i - 1].lower_ in ("and", "or", "&"):
        return True
    cur = c
    while cur.j < len(sp) and sp[cur.j].text == ",":
        if cur.j + 2 < len(sp) and sp[cur.j + 1].lower_ in ("and", "or", "&"):
            return (cur.j + 2) in by_start  # "Kabul, Ghor, Laghman, and Balkh provinces"
        nxt = by_start.get(cur.j + 1)
        if nxt is None:
            return False
        cur = nxt
    if cur.j >= len(sp) or sp[cur.j].lower_ not in ("and", "or", "&"):
        return False
    return (cur.j + 1) in by_start


def _context(sp: SpacyDoc, cands: list[Candidate], countries: Any = None) -> None:
    """Attach unit words, settlement words, relative cues and enclosing-unit hints."""
    lex = lexicon()
    n = len(sp)
    by_start = {c.i: c for c in cands}
    for c in cands:
        c.resident = c.j < n and sp[c.j].lower_ in lex["residents"]
        c.affiliation = _party_code(sp, c.i)
        c.attributive = _attributive(sp, c, by_start)
        j = _unit_word(sp, c)
        # "Qasbah sector area (Poonch district, J&K)": more kind words before a parenthesis.
        k = _past_kind_words(sp, j)
        if k > j and k < n and sp[k].text == "(":
            j = k
        _relative_cues(sp, c, j)
        _kind_before_of(sp, c)
        _hint_possessive(sp, c, j, by_start, countries)
        if _modifier(sp, c, j, by_start):
            continue
        # "Daquq District of Kirkuk province", "Kansafra in Idleb", "Lalpur village of Bhagabanpur",
        # "Karisyaka cemetery in Yenimahalle".
        if k > j and k + 1 < n and sp[k].lower_ == "in" and k + 1 in by_start:
            j = k
        _hint_of_in(sp, c, j, by_start, countries)
        _hint_parenthesised(sp, c, j, cands)
        _hint_after_comma(sp, c, j, by_start)


ATTRIBUTIVE_DEPS = frozenset({"compound", "nmod", "amod"})


def _attributive(sp: SpacyDoc, c: Candidate, by_start: dict[int, Candidate]) -> bool:
    """Whether ``c`` describes a noun after it ("a United States drone strike", "US troops",
    "the US embassy"), or restates in parentheses a name that does ("United States (US)")."""
    lex = lexicon()
    tok = sp[c.j - 1]
    head = tok.head
    if tok.dep_ in ATTRIBUTIVE_DEPS and head.i >= c.j and head.pos_ in ("NOUN", "PROPN"):
        # "Gaza city", "Kabul province": a place word after it, and the name is a place
        return not any(head.lower_ in lex[k] for k in ("units", "settlements", "generic"))
    if tok.dep_ == "appos" and c.i >= 2 and sp[c.i - 1].text == "(":
        before = next((b for b in by_start.values() if b.i <= head.i < b.j), None)
        return before is not None and _attributive(sp, before, {})
    return False


def _unit_word(sp: SpacyDoc, c: Candidate) -> int:
    """Record a unit or settlement word ending or following ``c``; the token index past it."""
    lex = lexicon()
    n = len(sp)
    j = c.j
    if c.j - c.i >= 2 and sp[c.j - 1].lower_ in lex["units"]:  # "Daquq District", "Biu LGA"
        c.level = lex["units"][sp[c.j - 1].lower_]
    elif c.j - c.i >= 2 and sp[c.j - 1].lower_ in town_words():  # "San Vicente City"
        c.settlement = True
    if j < n and sp[j].lower_ in lex["units"]:
        c.level = lex["units"][sp[j].lower_]
        c.ev_end = sp[j].idx + len(sp[j])
        j += 1
    elif j < n and sp[j].lower_ in lex["settlements"]:
        c.settlement = True
        c.ev_end = sp[j].idx + len(sp[j])
        j += 1
    return j


def _past_kind_words(sp: SpacyDoc, j: int) -> int:
    """The token index past up to two settlement, unit or filler words from ``j``."""
    lex = lexicon()
    n = len(sp)
    k = j
    while k < min(n, j + 2) and (sp[k].lower_ in lex["settlements"] or sp[k].lower_ in
                                 lex["units"] or sp[k].lower_ in lex["fillers"]):  # fmt: skip
        k += 1
    return k


def _relative_cues(sp: SpacyDoc, c: Candidate, j: int) -> None:
    """Mark ``c`` relative for a cue after it at ``j`` or in the five words before it."""
    lex = lexicon()
    if j < len(sp) and sp[j].lower_ in lex["after_relative"]:  # "Idleb countryside"
        c.relative = True
        c.ev_end = sp[j].idx + len(sp[j])
    window = [t.lower_ for t in sp[max(0, c.i - 5) : c.i]]
    if any(w in lex["relative"] for w in window):
        c.relative = True
    c.reference = _bearing_before(sp, c.i)


def _bearing_before(sp: SpacyDoc, i: int) -> bool:
    """A distance or a compass point and "of" or "from" come right before token ``i``: the name
    is a point of reference for another place ("in Jucuapa, 110 km east of San Salvador", "20
    miles (away) from Kabul", "to the west of Metapan"), not "the north of Mosul", a part of it."""
    k = i - 1
    if k >= 0 and sp[k].lower_ == "the":
        k -= 1
    if k < 1 or sp[k].lower_ not in ("of", "from"):
        return False
    k -= 1
    if sp[k].lower_ == "away" and k >= 1:
        k -= 1
    if sp[k].lower_ not in lexicon()["bearings"]:
        return False
    the = k >= 1 and sp[k - 1].lower_ == "the"
    return not the or (k >= 2 and sp[k - 2].lower_ == "to")


def _kind_before_of(sp: SpacyDoc, c: Candidate) -> None:
    """Record a unit or settlement word before "of" ``c``: "the province of X", "the town of X"."""
    if c.i >= 2 and sp[c.i - 1].lower_ == "of":
        lex = lexicon()
        w = sp[c.i - 2].lower_
        if w in lex["units"]:
            c.level = lex["units"][w]
        elif w in lex["settlements"]:
            c.settlement = True


def _hint_possessive(
    sp: SpacyDoc, c: Candidate, j: int, by_start: dict[int, Candidate], countries: Any
) -> None:
    """Make ``c`` a hint of the name after its possessive at ``j``."""
    n = len(sp)
    # "Kirkuk province's Daquq District": the next name lies inside this one.
    # Only a unit, settlement or country owns a place so: "St. Patrick's Day" does not.
    if j + 1 < n and sp[j].lower_ in ("'s", "’s") and j + 1 in by_start:
        inner = by_start[j + 1]
        unit_after = inner.j < n and sp[inner.j].lower_ in lexicon()["units"]
        country = countries is not None and countries.get(c.text) is not None
        if c.level is not None or c.settlement or country or unit_after:
            inner.hints.append(c)


def _modifier(sp: SpacyDoc, c: Candidate, j: int, by_start: dict[int, Candidate]) -> bool:
    """Mark ``c`` if it only describes the name after "of" at ``j``; whether it does."""
    # "the Dogon village of Tieba", "the Kurdish town of Kobani": the first name only
    # describes the place the second one names; but "the Zoye Narye area of Shawal tehsil",
    # "the Mirpur neighbourhood of Dhaka" name a part of the second place (no town word).
    if not (
        c.settlement
        and sp[j - 1].lower_ in town_words()
        and c.i >= 1
        and sp[c.i - 1].lower_ == "the"
        and j + 1 < len(sp)
        and sp[j].lower_ == "of"
        and j + 1 in by_start
    ):
        return False
    c.modifier = True
    if c.known and c.tier == 2:  # "the Aley town of X": X lies in or near Aley
        by_start[j + 1].hints.append(c)
        c.is_hint = True
    return True


def _hint_of_in(
    sp: SpacyDoc, c: Candidate, j: int, by_start: dict[int, Candidate], countries: Any
) -> None:
    """Give ``c`` the name after "of"/"in"/"under" at ``j`` as a hint: "Daquq District of
    Kirkuk", "Selundi village under Anandpur Police Station" (its jurisdiction)."""
    if (
        j + 1 < len(sp)
        and sp[j].lower_ in ("of", "in", "under")
        and j + 1 in by_start
        and (c.level or c.settlement or sp[j].lower_ == "in")
        and not (countries is not None and countries.get(c.text))  # "Lebanon in Sidon"
    ):
        c.hints.append(by_start[j + 1])
        by_start[j + 1].is_hint = True


def _hint_parenthesised(sp: SpacyDoc, c: Candidate, j: int, cands: list[Candidate]) -> None:
    """Give ``c`` the enclosing units in a parenthesis at ``j`` as hints."""
    # "Badah town (Larkana, Sindh)": parenthesised enclosing units.
    n = len(sp)
    if j >= n or sp[j].text != "(":
        return
    inside = [d for d in cands if d.i > j and d.j <= min(n, j + 14)]
    close = next((k for k in range(j, min(n, j + 16)) if sp[k].text == ")"), None)
    if close is not None:
        inside = [d for d in inside if d.j <= close]
        for d in inside:
            d.is_hint = True
        c.hints.extend(inside)  # (admin2, admin1) or (admin1)


def _hint_after_comma(sp: SpacyDoc, c: Candidate, j: int, by_start: dict[int, Candidate]) -> None:
    """Give ``c`` an enclosing unit named after a comma at ``j`` as a hint (not a list item)."""
    # "Horadiz, Fizuli" / "Los Angeles, Biobio": a following unit after a comma.
    n = len(sp)
    if not (j + 1 < n and sp[j].text == "," and j + 1 in by_start) or _listed(sp, c, by_start):
        return
    nxt = by_start[j + 1]
    after = sp[nxt.j].text if nxt.j < n else "."
    if after in (".", ",", ";", ")", "(", "\n") or sp[nxt.j].lower_ in lexicon()["units"]:
        c.hints.append(nxt)
        nxt.is_hint = True
