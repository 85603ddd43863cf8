"""Restore the case of text written in one case: telex and wire copy in capitals ("GUERRILLAS
ATTACKED THE HOME OF NATIONAL ASSEMBLY PRESIDENT RICARDO ALVARENGA"), or all in lower case.

spaCy's tagger and entity recogniser lean on capitals: in such text every word looks like a name
(so "GRENADE" and "BRANCH" become places and "ALVARENGA" a town in Brazil) or none does. A line
written in one case gets each word's usual case back, from a table of how words are written
inside sentences in ordinary text (``data/models/casing.json``, rebuilt by ``conflictwire
train-casing``): words mostly written in lower case ("grenade", "police", "del") in lower case,
acronyms ("FMLN", "UN") in capitals, every other word (names, mostly) capitalised; the first word
of a sentence capitalised. Only letters change case, one for one, so every offset still points
into the input, and evidence keeps quoting the input's own words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path

MODEL = "casing.json"  # under conflictwire/data/models/
_WORD = re.compile(r"[^\W\d_]+")
_LINE = re.compile(r"[^\n]+")
MIN_LETTERS = 20  # a line in one case is restored when it has at least this many letters
PREFIX = 40  # characters a source may put before a text written in one case
PREFIXED_LETTERS = 80  # letters in one case after such a prefix
LOWER_START = re.compile(r"[.!?]\s+[a-z]")  # a sentence after another starts in lower case
SENTENCE_END = frozenset('.!?:"\n\u201c(')


@dataclass(frozen=True)
class Casing:
    """Words (lower-cased) usually written in lower case, and those usually in capitals."""

    lower: frozenset[str]
    upper: frozenset[str]

    def word(self, w: str, initial: bool) -> str:
        """``w`` in its usual case (capitalised at a sentence start)."""
        lw = w.lower()
        if lw in self.upper:
            new = w.upper()
        elif lw in self.lower:
            new = lw
        else:
            new = w[:1].upper() + lw[1:]
        return new[:1].upper() + new[1:] if initial else new

    def to_json(self) -> dict:
        return {"lower": sorted(self.lower), "upper": sorted(self.upper)}

    @classmethod
    def load(cls, path: str | Path) -> Casing:
        d = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(frozenset(d["lower"]), frozenset(d["upper"]))


def one_case(line: str) -> bool:
    """Whether ``line`` is written in one case (capitals or lower case) and long enough to say,
    perhaps after a source's prefix in ordinary case ("This story is from March 7, 2002
    ahmedabad: over 100 persons were arrested ... one person was killed"): then the rest must be
    long, and in lower case only when one of its sentences starts in lower case. A text in lower
    case may carry a few stray capitals (a site's "Facebook Twitter Linkedin Mail" at its end)
    when its sentences start in lower case (:func:`lower_case_text`)."""
    if line.isupper() or line.islower():
        return sum(c.isalpha() for c in line) >= MIN_LETTERS
    rest = line[PREFIX:]
    if rest.isupper():
        return sum(c.isalpha() for c in rest) >= PREFIXED_LETTERS
    if rest.islower() and LOWER_START.search(rest) is not None:
        return sum(c.isalpha() for c in rest) >= PREFIXED_LETTERS
    return lower_case_text(line)


_SENTENCE_START = re.compile(r"[.!?]\s+([^\W\d_])")
MIN_LOWER_STARTS = 3  # sentences that start in lower case
LOWER_STARTS_SHARE = 0.8  # of all sentence starts
STRAY_CAPITALS = 0.03  # at most this share of the letters in capitals


def lower_case_text(line: str) -> bool:
    """Whether ``line`` is a long text in lower case with a few stray capitals: most of its
    sentences (at least three) start in lower case and hardly any letter is a capital."""
    starts = _SENTENCE_START.findall(line)
    lower = sum(s.islower() for s in starts)
    if lower < MIN_LOWER_STARTS or lower < LOWER_STARTS_SHARE * len(starts):
        return False
    letters = sum(c.isalpha() for c in line)
    capitals = sum(c.isupper() for c in line)
    return letters >= PREFIXED_LETTERS and capitals <= STRAY_CAPITALS * letters


def restore(text: str, casing: Casing | None) -> str:
    """``text`` with each line written in one case given its words' usual case, and a headline
    in title case at a line's start its ordinary words in lower case (same length)."""
    if casing is None:
        return text
    out: list[str] | None = None
    for m in _LINE.finditer(text):
        if one_case(m.group()):
            out = out if out is not None else list(text)
            out[m.start() : m.end()] = _restore_line(m.group(), casing)
            continue
        head = _TITLE.match(m.group())
        if head is not None and title_case(head.group(), casing):
            out = out if out is not None else list(text)
            out[m.start() : m.start() + head.end()] = _lower_title(head.group(), casing)
    return text if out is None else "".join(out)


# A line's first sentence, a headline's length at most: "23 Palestinians, 3 Israelis Die in Gaza
# Fighting. JABALYA, Gaza (Reuters) - ..."
_TITLE = re.compile(r"[^\n]{10,160}?(?:[.!?](?=\s)|$)")
_CAPITALISED = re.compile(r"[A-Z][a-z]+")
TITLE_SHARE = 0.85  # of the words of four letters or more, at least this share capitalised
TITLE_ORDINARY = 2  # and at least this many of them words usually in lower case


def title_case(head: str, casing: Casing) -> bool:
    """Whether ``head`` is a headline in title case ("Car Bomb Kills 11 Near Green Zone"):
    nearly all its longer words capitalised, among them words usually written in lower case
    (a list of names is in title case too, but has none)."""
    found = _WORD.findall(head)
    words = [w for w in found if len(w) >= 4]
    if len(words) < 3:
        return False
    caps = [w for w in words if _CAPITALISED.fullmatch(w)]
    ordinary = [w for w in found[1:] if len(w) >= 3 and _CAPITALISED.fullmatch(w)
                and w.lower() in casing.lower]  # fmt: skip
    return len(caps) >= TITLE_SHARE * len(words) and len(ordinary) >= TITLE_ORDINARY


def _lower_title(head: str, casing: Casing) -> str:
    """``head`` with its capitalised words usually written in lower case in lower case; not its
    first word, nor a word before a capitalised word that stays ("New York", "Red Cross": a
    name goes on), nor names, acronyms and words in capitals."""
    out = list(head)
    stays = False  # whether the word after the current one stays capitalised
    words = list(_WORD.finditer(head))
    for k in range(len(words) - 1, -1, -1):
        m = words[k]
        w = m.group()
        nxt = words[k + 1] if k + 1 < len(words) else None
        joined = nxt is not None and head[m.end() : nxt.start()] == " "
        capital = _CAPITALISED.fullmatch(w) is not None
        lower = capital and k > 0 and w.lower() in casing.lower and not (joined and stays)
        if lower:
            out[m.start() : m.end()] = w.lower()
        stays = (capital and not lower) or w.isupper()
    return "".join(out)


def _restore_line(line: str, casing: Casing) -> str:
    """``line`` with its words in their usual case; words not in the line's own case (a source's
    prefix, a stray "Facebook") stay as written."""
    out = list(line)
    upper = sum(c.isupper() for c in line) > sum(c.islower() for c in line)
    for m in _WORD.finditer(line):
        w = m.group()
        if not (w.isupper() if upper else w.islower()):
            continue
        k = last_before(line, m.start())
        if len(w) == 1 and m.end() < len(line) and line[m.end()] == ".":
            continue  # "U.S.", "J. Smith": initials stay as written
        if m.start() > 0 and line[m.start() - 1] in "'\u2019":
            new = w.lower()  # "ALVARENGA'S": the ending of the word before
        else:
            new = casing.word(w, initial=_starts_sentence(line, k))
        if len(new) == len(w):  # letters whose other case is longer ("ß") stay
            out[m.start() : m.end()] = new
    return "".join(out)


def last_before(text: str, start: int) -> int:
    """The position of the last character before ``start`` that is not a space or tab (-1)."""
    k = start - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k


def _starts_sentence(line: str, k: int) -> bool:
    """Whether a word whose last character before it (spaces skipped) is at ``k`` starts a
    sentence; the full stop of an initial ("U.S. SAID") ends none."""
    if k < 0:
        return True
    if line[k] != ".":
        return line[k] in SENTENCE_END
    return not (k >= 1 and line[k - 1].isalpha() and (k < 2 or not line[k - 2].isalpha()))


def model_path() -> Path:
    """Where the package keeps the casing table."""
    return Path(str(importlib_resources.files("conflictwire") / "data" / "models" / MODEL))


@lru_cache(maxsize=1)
def default_casing() -> Casing | None:
    """The shipped casing table, or None when the package carries none (text left as it is)."""
    path = model_path()
    return Casing.load(path) if path.is_file() else None
