"""Fit the resolver's ranking model (``gazetteer/rank.py``) and write ``data/models/resolver.json``.

Training data, under the data folder:
- ``geoparsing/GeoWebNews.xml`` and ``geoparsing/LGL.xml``, their tune halves only: toponyms
  with the gold point;
- ``train/acled-notes.csv.gz``: up to 250 notes per country (the first by a hash of the event
  id), read as news (coder annotations stripped); a name of the note whose key is the event's
  ``location`` is right within 50 km of the event's point (ACLED's own measure: the town, not
  a same-named unit's centre). ACLED's evaluation file is not among them.

For every name where the resolver had to choose (two or more readings, at least one right and
one wrong: within 161 km of the gold point or not; for ACLED's qualifying units, that unit or
not), a conditional logit model (a softmax over the readings' scores) is fitted to give the right
readings as much probability as it can, with an L2 prior.
The features of a name depend on the readings chosen for the text's other names, so fitting runs
in rounds: the first reads the texts with a prior (the report's country first, then the larger
place), each next one with the model the round before fitted. Deterministic: the same files give
the same model.
"""

from __future__ import annotations

import csv
import gzip
import json
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conflictwire.gazetteer.lookup import GazPlace
from conflictwire.gazetteer.normalise import key
from conflictwire.gazetteer.rank import FEATURES, HINT, NOTES, Ranker
from conflictwire.gazetteer.recognise import Candidate
from conflictwire.geo import haversine_km

GOLD_FILES = ("GeoWebNews.xml", "LGL.xml")  # under <data>/geoparsing/
ACLED_NOTES = "train/acled-notes.csv.gz"  # under <data>/
PER_COUNTRY = 250  # ACLED notes per country
ROUNDS = 3
C = 1.0  # inverse strength of the L2 prior
PRIOR = Ranker({"in_focus": 3.0, "log_population": 1.0})  # the first round's reading
KM = 161.0
ACLED_KM = 50.0  # ACLED's points are the event's place: a same-named unit's centre is not it

Right = Callable[[GazPlace], bool]  # whether a reading is a right one


@dataclass
class Text:
    """A training text and what its names mean: ``gold(candidate)`` tells the right readings of
    a name, or is None when the text's gold does not say."""

    id: str
    text: str
    gold: Callable[[Candidate], Right | None]
    source: str


def near(lat: float | None, lon: float | None, km: float = KM) -> Right:
    """Readings within ``km`` of a gold point."""

    def right(p: GazPlace) -> bool:
        if lat is None or lon is None or p.lat is None or p.lon is None:
            return False
        return haversine_km(lat, lon, p.lat, p.lon) <= km

    return right


def unit_named(level: int, unit: str, admin1: str) -> Right:
    """Admin units of ``level`` named ``unit`` (keys), inside first-level unit ``admin1``."""

    def right(p: GazPlace) -> bool:
        if p.admin_level != level or key(p.admin1 or "") != admin1:
            return False
        return level == 1 or key(p.admin2 or "") == unit

    return right


@dataclass
class Choice:
    """One name's readings as features, and which of them are right."""

    article: str
    text: str
    rows: list[dict[str, float]]
    right: list[bool]
    source: str = ""


class TrainRankError(Exception):
    """The training files are missing or hold nothing to learn from."""


def geoparse_texts(path: Path) -> list[Text]:
    """The tune half of a GeoWebNews- or LGL-style file."""
    from conflictwire.evaluate.geoparse import read_xml

    out = []
    for a in read_xml(path):
        if a.split != "tune":
            continue
        golds = [g for g in a.gold if g.has_coords]

        def gold(c: Candidate, golds: list = golds) -> Right | None:
            g = next((g for g in golds if g.start < c.end and c.start < g.end), None)
            return near(g.lat, g.lon) if g is not None else None

        out.append(Text(a.id, a.text, gold, path.name))
    return out


def acled_texts(path: Path, per_country: int = PER_COUNTRY) -> list[Text]:
    """Up to ``per_country`` notes per country with a location and its point. The name that is
    the event's location is right within 50 km of the point; another name that is the event's
    admin1 or admin2 ("Vesele, Donetsk", "in Kabul province") is right as that unit."""
    from conflictwire.evaluate.annotations import strip_annotations

    rows: dict[str, list[tuple[int, str, dict]]] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if not (r.get("notes") and r.get("location") and r.get("latitude")):
                continue
            rid = r.get("event_id_cnty") or r["notes"][:200]
            rows.setdefault(r.get("country", ""), []).append((zlib.crc32(rid.encode()), rid, r))
    out = []
    for country in sorted(rows):
        for _, rid, r in sorted(rows[country], key=lambda x: x[:2])[:per_country]:
            gold = _acled_gold(r)
            out.append(Text(rid, strip_annotations(r["notes"]), gold, "acled"))
    return out


def _acled_gold(r: dict[str, str]) -> Callable[[Candidate], Right | None]:
    place, a1, a2 = key(r["location"]), key(r.get("admin1") or ""), key(r.get("admin2") or "")
    point = near(float(r["latitude"]), float(r["longitude"]), ACLED_KM)

    def gold(c: Candidate) -> Right | None:
        k = key(c.text)
        if k == place:
            return point
        if a2 and k == a2:
            return unit_named(2, a2, a1)
        if a1 and k == a1:
            return unit_named(1, a1, a1)
        return None

    return gold


def parse(texts: list[Text], geoparser: Any) -> list[tuple[Text, Any]]:
    """Each text with its spaCy parse (parsed once, read in every round)."""
    docs = [geoparser.cleaned(_article(t)) for t in texts]
    return list(zip(texts, geoparser.nlp.pipe([d.clean_text for d in docs]), strict=True))


def _article(t: Text) -> Any:
    from conflictwire.model import Article

    return Article(text=t.text, id=t.id)


def choices(parsed: list[tuple[Text, Any]], geoparser: Any, ranker: Ranker) -> list[Choice]:
    """Run the places stage with ``ranker`` over the parsed texts; collect every choice."""
    from conflictwire.stages import places

    res = geoparser.resources
    res.resolver = ranker  # this round's model (over the shipped one)
    out: list[Choice] = []
    for t, sp in parsed:
        doc = geoparser.cleaned(_article(t))
        doc.spacy = sp
        places.run(doc, res)
        for r in doc.extra.get("resolutions", []):
            c = r.cand
            is_right = t.gold(c)
            if is_right is None or len(r.readings) < 2:
                continue
            right = [is_right(p) for p, _ in r.readings]
            if any(right) and not all(right):
                out.append(Choice(t.id, c.text, [f for _, f in r.readings], right, t.source))
    return out


def fit(cs: list[Choice], c: float = C) -> Ranker:
    """A conditional logit model: the softmax of the scores over a name's readings, fitted so
    that the right readings together get as much probability as they can (L-BFGS, scipy), with
    an L2 prior of strength ``1/c``. Each source weighs the same; within it, each choice."""
    import numpy as np
    from scipy.optimize import minimize

    if not cs:
        raise TrainRankError("no place name with a right and a wrong reading to learn from")
    xs = [np.array([[f.get(k, 0.0) for k in FEATURES] for f in ch.rows]) for ch in cs]
    rights = [np.array(ch.right, dtype=bool) for ch in cs]
    weights = _source_weights(cs)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.5 / c * float(w @ w), w / c
        for x, right, sw in zip(xs, rights, weights, strict=True):
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            q = np.where(right, p, 0.0)
            mass = q.sum()
            total -= sw * float(np.log(mass))
            grad = grad + sw * (x.T @ (p - q / mass))
        return total, grad

    w = minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B",
                 options={"maxiter": 500}).x  # fmt: skip
    return Ranker({k: round(float(v), 6) for k, v in zip(FEATURES, w, strict=True)})


def _source_weights(cs: list[Choice]) -> list[float]:
    """Each source (file) weighs the same in all, whatever its number of choices."""
    n = Counter(ch.source for ch in cs)
    return [len(cs) / (len(n) * n[ch.source]) for ch in cs]


def accuracy(ranker: Ranker, cs: list[Choice]) -> float:
    """The share of choices where the model's best reading is a right one (same features)."""
    if not cs:
        return 0.0
    return sum(ch.right[ranker.choose(ch.rows)[0]] for ch in cs) / len(cs)


def texts(data_dir: Path) -> list[Text]:
    """Every training text under ``data_dir`` (see the module doc)."""
    paths = [data_dir / "geoparsing" / f for f in GOLD_FILES] + [data_dir / ACLED_NOTES]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise TrainRankError(f"training files not found: {', '.join(missing)}")
    return [t for p in paths[:-1] for t in geoparse_texts(p)] + acled_texts(paths[-1])


def train(data_dir: Path, out: Path, rounds: int = ROUNDS, log: Any = print) -> Ranker:
    """Fit the model on the training texts under ``data_dir`` and write it to ``out``."""
    from conflictwire.gazetteer.geoparse import Geoparser
    from conflictwire.resources import Resources

    gp = Geoparser(resources=Resources())
    parsed = parse(texts(data_dir), gp)
    ranker, cs = PRIOR, []
    for n in range(rounds):
        cs = choices(parsed, gp, ranker)
        ranker = fit(cs)
        log(f"round {n + 1}: {len(cs)} choices; right first {accuracy(ranker, cs):.3f}")
    by_source = {s: sum(ch.source == s for ch in cs) for s in sorted({ch.source for ch in cs})}
    meta = {
        "trained_on": {
            "geoparsing": [f"{f} (tune half)" for f in GOLD_FILES],
            "acled_notes": f"{ACLED_NOTES} (up to {PER_COUNTRY} notes per country)",
        },
        "choices": by_source,
        "rounds": rounds,
        "C": C,
        "choice_accuracy": round(accuracy(ranker, cs), 4),
    }
    ranker = Ranker(ranker.weights, meta)
    out.write_text(json.dumps(ranker.to_json(), indent=1) + "\n", encoding="utf-8")
    out.with_name(CARD).write_text(model_card(ranker), encoding="utf-8")
    return ranker


CARD = "RESOLVER_CARD.md"  # written next to the model


def model_card(ranker: Ranker) -> str:
    """The model card: what the model does, its data and licences, its weights."""
    rows = "\n".join(
        f"| `{k}` | {ranker.weights.get(k, 0.0):+.2f} | {NOTES[k.removeprefix(HINT)]} |"
        for k in FEATURES
    )
    m = ranker.meta
    return CARD_TEMPLATE.format(
        rows=rows, per_country=PER_COUNTRY, acled_km=ACLED_KM, choices=m.get("choices"),
        c=m.get("C"), rounds=m.get("rounds"), accuracy=m.get("choice_accuracy"),
    )


CARD_TEMPLATE = """# Model card: places resolver (`resolver`)

Rebuilt by `conflictwire train-resolver` (`make model`) from `../shared/data`; deterministic (the
same files give the same weights). Loaded by `conflictwire.gazetteer.rank`; used by
`gazetteer/resolve.py` for every place name with more than one reading.

## What it does
A place name's readings (the gazetteer entries the resolver allows: the report's country first,
famous namesakes, the countries the text points to) compete. Each reading has named features
(below: what the text and the gazetteer say of it); its score is their weighted sum, and the
softmax of the scores over the readings is the probability that each is the one meant, given as
the place's `score`. `conflictwire geoparse --explain` shows, for each name, the readings weighed
and the features that decided. A name that only qualifies another ("Vesele, Donetsk": Donetsk)
is a choice of another kind, which unit encloses the place: its features carry their own weights
(`hint.`).

Rules still act after the model (`resolve.py`): a name qualified by units must lie inside them,
a small village outside the text's cue regions or named units is an unknown namesake there.

## Training data
- GeoWebNews and LGL (`geoparsing/*.xml`), the tune halves only (the held-out halves are the
  measure): toponyms with their gold points; GPL-3.0 (see `../shared/data/geoparsing`).
- ACLED events' notes (`train/acled-notes.csv.gz`), up to {per_country} per country, coder
  annotations stripped: the name that is the event's location is right within {acled_km:g} km of
  the event's point; a name that is the event's admin1 or admin2 is right as that unit. ACLED
  Terms of Use (attribution; non-commercial use free). No row of the ACLED evaluation file.

A choice is a name with at least one right and one wrong reading (161 km for the geoparsing
files). Choices: {choices}. Each source weighs the same in all.

## Fitting
Conditional logit (the right readings' share of the softmax), L2 prior C = {c},
L-BFGS (scipy); {rounds} rounds, each reading the texts with the model of the round
before (the first with a prior: the report's country, then the larger place), since a name's
features depend on the readings chosen for the text's other names. Share of choices whose best
reading is right, on the training choices: {accuracy}.

## Weights
| feature | weight | what it says of a reading |
|---|---|---|
{rows}

## Figures
See README.md ("Accuracy"): `conflictwire evaluate geoparse` on GeoWebNews and LGL (the held-out
halves), `conflictwire evaluate acled` (location within 50 km, admin1).

## Limits
Linear in its features: it weighs cues, it cannot find a cue the features lack. The geoparsing
files are US and world news; the ACLED notes cover about 16 countries. A reading the resolver
never offers (a town abroad in a report about another country, unless famous or pointed to)
cannot be chosen.
"""
