"""Which reading of a place name: each reading's cues as named features, weighed by a linear
ranking model (``data/models/resolver.json``, rebuilt by ``conflictwire train-resolver``).

A name's readings (its gazetteer entries the resolver allows) compete; a reading's score is the
sum of its features times their weights, and the softmax of the scores over the readings is the
probability that each is the one meant. :func:`explain` says which features decided.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources as importlib_resources
from pathlib import Path

from conflictwire.gazetteer.lookup import GazPlace
from conflictwire.gazetteer.normalise import key
from conflictwire.gazetteer.recognise import Candidate

MODEL = "resolver.json"  # under conflictwire/data/models/

COHERE_KM = 150.0  # a reading this close to a sure place of the text is "near"
PROMINENT = 100_000  # a namesake this large ...
DWARF_RATIO = 20  # ... and this many times larger than a reading dwarfs it

FAMOUS = 1_000_000  # a town this large is known beyond its country ("Rome", "Alexandria")

# The features, each a cue the text or the gazetteer gives about a reading, with what it says;
# in the model file's order.
NOTES: dict[str, str] = {
    "in_focus": "the reading lies in the report's country",
    "hint_inside": "units named next to the name (\"X, Sindh\") that the reading lies in",
    "in_context": "inside a unit another name of the text reads as, its cue regions or dateline",
    "listed_units": (
        "a first-level unit listed with names read as such units of its country (\"Alaska, "
        "Hawaii, Florida and Washington\": states); how many of them (three at most)"
    ),
    "listed_towns": "a town listed with names read as towns (\"Paris, London and Berlin\"); ditto",
    "near": "within 150 km of a place the text names unambiguously (not dwarfed)",
    "region_share": "share of the text's other names pointing to the reading's admin1 unit",
    "paired": (
        "a town inside a county another name of the text reads as (\"Paris ... Henry County\")"
    ),
    "capital_plain": "a national capital, the name said without a unit or settlement word",
    "level_same": "the text's unit word (\"province\") names the reading's admin level",
    "level_next": "... an adjacent admin level",
    "level_town": "... but the reading is a town",
    "hint_unit": "the name only qualifies another and the reading is an admin unit",
    "unit_plain": "an admin unit, the name said without a unit word",
    "settlement_town": "\"X village\", \"the town of X\": the reading is a town",
    "alt_name": "the reading is known by another name; the text uses an alternate one",
    "log_population": "log10(population + 1) of a town",
    "unit_log_population": "... of an admin unit (its people are spread over it)",
    "unit_of_town": "a unit that holds a town of the same name (\"Odessa\": city and oblast)",
    "log_below_top": "log10 of how many times smaller than the largest reading of the name",
    "dwarfed": "a namesake at least 100,000 and 20 times larger exists",
    "dwarfed_alone": "... and nothing in the text points to this town (units, neighbours, region)",
    "famous": "a town of at least 1,000,000 people, named by its own name",
    "largest": "the most populous reading named by its own name",
    "famous_capital": "a national capital of at least 100,000, named by its own name",
    "is_capital": "a national capital (PPLC)",
    "unit1": "a first-level admin unit",
    "unit2": "a second-level admin unit (or lower)",
}

# A name that only qualifies another ("Vesele, Donetsk": Donetsk) is a choice of another kind,
# which unit encloses the place: its readings' features carry their own weights.
HINT = "hint."
FEATURES: tuple[str, ...] = (*NOTES, *(HINT + k for k in NOTES))


@dataclass(frozen=True)
class Setting:
    """What the text says around one name: everything a reading's features are read against."""

    cand: Candidate
    focus: str | None = None
    hints: tuple[GazPlace, ...] = ()  # the readings chosen for its hints
    context: tuple[GazPlace, ...] = ()  # units the text names, cue regions, dateline units
    near: tuple[GazPlace, ...] = ()  # places the text names unambiguously
    region: dict[str, float] = field(default_factory=dict)  # admin1 code -> share (0..1)
    pairs: frozenset[int] = frozenset()
    keys: frozenset[str] = frozenset()  # the name's keys that count as a reading's own name
    top: int = 0  # the largest population among the readings named by their own name
    peers: tuple[GazPlace, ...] = ()  # the readings of the names listed with it
    seats: frozenset[int] = frozenset()  # ids of unit readings holding a town reading


def setting(
    c: Candidate,
    options: list[GazPlace],
    focus: str | None = None,
    hints: list[GazPlace] | None = None,
    context: list[GazPlace] | None = None,
    near: list[GazPlace] | None = None,
    region: dict[str, float] | None = None,
    pairs: set[int] | frozenset[int] | None = None,
    peers: list[GazPlace] | None = None,
) -> Setting:
    """The setting of ``c`` among its ``options``. When no reading carries the text's spelling as
    its own name, every reading's own name counts ("Nabatiyeh" for Nabatiye)."""
    keys = {key(c.text)}
    named = [p for p in options if own_name(p, keys)]
    if not named:
        keys |= {key(p.name) for p in options}
    return Setting(
        cand=c, focus=focus, hints=tuple(hints or ()), context=tuple(context or ()),
        near=tuple(near or ()) if len(options) > 1 else (), region=dict(region or {}),
        pairs=frozenset(pairs or ()), keys=frozenset(keys),
        top=max((p.population for p in named or options), default=0), peers=tuple(peers or ()),
        seats=frozenset(u.geonameid for u in options if u.admin_level and any(
            t.admin_level is None and t.within(u) for t in options
        )),
    )  # fmt: skip


def own_name(p: GazPlace, keys: set[str] | frozenset[str]) -> bool:
    """The entry's own name (not an alternate name) is the one in the text."""
    return key(p.name) in keys or key(p.asciiname) in keys


def dwarfed(p: GazPlace, top: int) -> bool:
    """A namesake at least ``PROMINENT`` and ``DWARF_RATIO`` times larger than ``p`` exists."""
    return top >= max(PROMINENT, DWARF_RATIO * max(p.population, 1))


def inside(p: GazPlace, h: GazPlace) -> bool:
    """``p`` lies in ``h`` (a unit), or in the same admin1 as ``h`` when ``h`` is a town."""
    if p.geonameid == h.geonameid or p.within(h):
        return True
    return not h.is_admin and p.iso2 == h.iso2 and bool(h.admin1_code) and (
        p.admin1_code == h.admin1_code
    )


def features(p: GazPlace, s: Setting) -> dict[str, float]:
    """The named features of reading ``p`` in setting ``s`` (absent ones are 0)."""
    c, lvl = s.cand, p.admin_level
    named = own_name(p, s.keys)
    small = dwarfed(p, s.top)
    local = named and not small
    f: dict[str, float] = {
        "in_focus": float(bool(s.focus) and p.iso2 == s.focus),
        "hint_inside": float(sum(inside(p, h) for h in s.hints)),
        "in_context": float(any(p.within(u) for u in s.context)),
        "listed_units": float(lvl == 1) * min(3, sum(
            q.iso2 == p.iso2 and q.admin_level == 1 for q in s.peers
        )),  # fmt: skip
        "listed_towns": float(lvl is None) * min(3, sum(q.admin_level is None for q in s.peers)),
        "near": float(local and lvl is None and any(p.km_to(q) < COHERE_KM for q in s.near)),
        "region_share": s.region.get(p.admin1_code or "", 0.0) if local else 0.0,
        "paired": float(p.geonameid in s.pairs),
        "capital_plain": float(p.fcode == "PPLC" and c.level is None and not c.settlement),
        "alt_name": float(not named),
        ("unit_log_population" if lvl else "log_population"): math.log10(max(p.population, 0) + 1),
        "unit_of_town": float(p.geonameid in s.seats),
        "log_below_top": math.log10(max(s.top, 1) / max(p.population, 1)) if named else 0.0,
        "famous": float(named and lvl is None and p.population >= FAMOUS),
        "dwarfed": float(small),
        "dwarfed_alone": float(small and lvl is None and c.level is None and not s.hints
                               and not _corroborated(p, s)),
        "largest": float(named and p.population == s.top and s.top > 0),
        "famous_capital": float(named and p.fcode == "PPLC" and p.population >= PROMINENT),
        "is_capital": float(p.fcode == "PPLC"),
        "unit1": float(lvl == 1),
        "unit2": float(lvl is not None and lvl >= 2),
    }
    f.update(_level_features(lvl, c))
    prefix = HINT if c.is_hint else ""
    return {prefix + k: v for k, v in f.items() if v}


def _corroborated(p: GazPlace, s: Setting) -> bool:
    """Something in the text besides the name points to reading ``p``: a sure place near it, a
    share of the text's region, or a county named elsewhere that it lies in."""
    return (
        p.geonameid in s.pairs
        or s.region.get(p.admin1_code or "", 0.0) > 0
        or any(p.km_to(q) < COHERE_KM for q in s.near)
    )


def _level_features(lvl: int | None, c: Candidate) -> dict[str, float]:
    """How the reading's admin level fits the words around the name."""
    out: dict[str, float] = {}
    if c.level is not None:
        if lvl == c.level:
            out["level_same"] = 1.0
        elif lvl is not None and lvl > 0 and abs(lvl - c.level) == 1:
            out["level_next"] = 1.0
        elif lvl is None:
            out["level_town"] = 1.0
    elif c.is_hint:
        out["hint_unit"] = float(bool(lvl and lvl > 0))
    elif lvl is not None and lvl > 0:
        out["unit_plain"] = 1.0
    if c.settlement and lvl is None:
        out["settlement_town"] = 1.0
    return out


@dataclass(frozen=True)
class Ranker:
    """A linear ranking model: one weight per feature name."""

    weights: dict[str, float]
    meta: dict = field(default_factory=dict)

    def score(self, f: dict[str, float]) -> float:
        return sum(self.weights.get(k, 0.0) * v for k, v in f.items())

    def choose(self, rows: list[dict[str, float]]) -> tuple[int, list[float]]:
        """The index of the best-scoring row and every row's probability (softmax)."""
        scores = [self.score(f) for f in rows]
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        total = sum(exp)
        best = max(range(len(rows)), key=lambda i: scores[i])  # the first on a tie
        return best, [e / total for e in exp]

    def contributions(self, f: dict[str, float]) -> list[tuple[str, float]]:
        """Each feature's share of the score, largest first."""
        parts = [(k, self.weights.get(k, 0.0) * v) for k, v in f.items()]
        return sorted((x for x in parts if x[1]), key=lambda x: -abs(x[1]))

    def to_json(self) -> dict:
        return {"features": list(FEATURES), "weights": [self.weights.get(k, 0.0)
                for k in FEATURES], **self.meta}  # fmt: skip

    @classmethod
    def from_json(cls, d: dict) -> Ranker:
        names, ws = d["features"], d["weights"]
        unknown = sorted(set(names) - set(FEATURES))
        if unknown or len(names) != len(ws):
            raise ValueError(f"resolver model: unknown features {unknown} or bad weights")
        meta = {k: v for k, v in d.items() if k not in ("features", "weights")}
        return cls(dict(zip(names, (float(w) for w in ws), strict=True)), meta)

    @classmethod
    def load(cls, path: str | Path) -> Ranker:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def model_path() -> Path:
    """Where the package keeps the ranking model."""
    return Path(str(importlib_resources.files("conflictwire") / "data" / "models" / MODEL))


@lru_cache(maxsize=1)
def default_ranker() -> Ranker:
    """The shipped ranking model (``conflictwire/data/models/resolver.json``)."""
    return Ranker.load(model_path())


@dataclass(frozen=True)
class Reading:
    """One reading of a name as the model weighed it."""

    place: GazPlace
    p: float  # probability that it is the one meant
    score: float
    because: list[tuple[str, float]]  # the features that weighed most, and their share


def explain(rows: list[tuple[GazPlace, dict[str, float]]], ranker: Ranker | None = None,
            n: int = 4) -> list[Reading]:  # fmt: skip
    """The readings of one name, most likely first, each with the ``n`` features that weighed
    most in its score."""
    ranker = ranker or default_ranker()
    if not rows:
        return []
    _, probs = ranker.choose([f for _, f in rows])
    order = sorted(range(len(rows)), key=lambda i: -probs[i])
    return [
        Reading(rows[i][0], probs[i], ranker.score(rows[i][1]),
                ranker.contributions(rows[i][1])[:n])
        for i in order
    ]  # fmt: skip
