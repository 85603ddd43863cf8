"""The shipped event-decision model: two linear heads over hashed candidate features, and a
calibration map from their scores to the probability that a record is a correct codable event.

Stored as plain arrays (``data/models/event_decision.npz``) and a JSON header
(``event_decision.json``): no pickled code, loads in well under a second, and the same file gives
the same answers on any machine.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from conflictwire.decision.hashing import Hasher
from conflictwire.taxonomy import Taxonomy

MODEL_NAME = "event_decision"
# The sub-event types of ACLED's demonstration event types (Protests, Riots).
PROTEST_TYPES = Taxonomy.load().demonstration_sub_types
# The sub-event type for what fits no other: never the model's replacement for the rules' type.
CATCH_ALL = Taxonomy.load().catch_all


def model_dir() -> Path:
    return Path(str(resources.files("conflictwire") / "data" / "models"))


@dataclass(frozen=True)
class Decision:
    """What the model says of one candidate."""

    p_event: float  # the candidate reports a real, recent, codable event
    sub_event_type: str  # the most probable sub-event type
    p_type: float  # its probability, given that it is an event
    confidence: float  # calibrated: probability that the record is a correct codable event
    accept: bool  # P(event) at or above the model's threshold


class EventDecisionModel:
    def __init__(self, header: dict, arrays: dict[str, np.ndarray]) -> None:
        self.header = header
        self.n_features = int(header["n_features"])
        self.classes: list[str] = list(header["classes"])
        self.threshold = float(header["threshold"])  # on P(event): a candidate is kept above it
        # a candidate the rules set aside needs more; the model's type replaces the rules' only
        # when it is at least this probable
        self.threshold_weak = float(header.get("threshold_weak", self.threshold))
        self.type_override = float(header.get("type_override", 0.0))
        # demonstrations (Protests, Riots) have their own bar, tuned on protest-labelled news
        self.threshold_protest = float(header.get("threshold_protest", self.threshold))
        self.calibration = header["calibration"]  # {"a": slope, "b": intercept}
        # float32 values (as stored) held as float64, the hashed rows' type: scipy would
        # otherwise convert the coefficients on every call
        self.event_coef = arrays["event_coef"].astype(np.float32).astype(np.float64)
        self.event_intercept = float(arrays["event_intercept"][0])
        self.type_coef = arrays["type_coef"].astype(np.float32)
        # features x classes, contiguous: a sparse row block times it costs only its nonzeros;
        # float64 for the same reason as event_coef (a 25 MB conversion a call otherwise)
        self._type_by_feature = np.ascontiguousarray(self.type_coef.T, dtype=np.float64)
        self.type_intercept = arrays["type_intercept"].astype(np.float32)
        self._hasher = Hasher(self.n_features)
        # feature groups (by prefix, see features.py) each head leaves out
        self.event_skip = tuple(header.get("event_skip", ()))
        self.type_skip = tuple(header.get("type_skip", ()))

    @classmethod
    def load(cls, folder: Path | None = None, name: str = MODEL_NAME) -> EventDecisionModel:
        folder = folder or model_dir()
        header = json.loads((folder / f"{name}.json").read_text())
        with np.load(folder / f"{name}.npz") as z:
            arrays = {k: z[k] for k in z.files}
        return cls(header, arrays)

    def vectorise(self, rows: list[list[str]], skip: tuple[str, ...] = ()):
        """The hashed rows, without the features that start with a prefix in ``skip``."""
        if skip:
            rows = [[f for f in row if not f.startswith(skip)] for row in rows]
        return self._hasher.transform(rows)

    def scores(self, rows: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """P(event) per row and the sub-event type distribution per row."""
        z = self.vectorise(rows, self.event_skip) @ self.event_coef + self.event_intercept
        p_event = 1.0 / (1.0 + np.exp(-z))
        x = self.vectorise(rows, self.type_skip)
        logits = x @ self._type_by_feature + self.type_intercept
        logits = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return p_event, e / e.sum(axis=1, keepdims=True)

    def calibrate(self, p_event: float, p_type: float) -> float:
        """P(correct record): a logistic map from logit P(event) + logit P(type), fitted on the
        assembled events of the gold dev split (monotone in both scores)."""
        z = self.calibration["a"] * (_logit(p_event) + _logit(p_type)) + self.calibration["b"]
        return 1.0 / (1.0 + math.exp(-z))

    def decide(
        self,
        rows: list[list[str]],
        proposed: list[str] | None = None,
        weak: list[bool] | None = None,
        may_retype: Callable[[int, str], bool] | None = None,
    ) -> list[Decision]:
        """One Decision per row.

        ``proposed``: the rules' sub-event type of each row, kept unless the model gives its own
        choice at least ``type_override`` and that choice is not the catch-all ``Other``;
        ``weak``: rows the rules set aside, kept only when P(event) reaches ``threshold_weak``;
        ``may_retype(i, type)``: whether row ``i``'s rules' type may give way to ``type`` at all
        (the rules' reading of the text can settle it)."""
        if not rows:
            return []
        p_event, p_types = self.scores(rows)
        index = {c: j for j, c in enumerate(self.classes)}
        out = []
        for i in range(len(rows)):
            probs = p_types[i]
            best = int(np.argmax(probs))
            rules = index.get(proposed[i]) if proposed else None
            if rules is not None and (
                probs[best] < self.type_override
                or self.classes[best] == CATCH_ALL
                or (may_retype is not None and not may_retype(i, self.classes[best]))
            ):
                best = rules
            pe, pt = float(p_event[i]), float(probs[best])
            bar = self.threshold_protest if self.classes[best] in PROTEST_TYPES else self.threshold
            if weak and weak[i]:
                bar = self.threshold_weak
            out.append(Decision(pe, self.classes[best], pt, self.calibrate(pe, pt), pe >= bar))
        return out

    def explain(self, feats: list[str], top: int = 12) -> list[tuple[str, float]]:
        """The features that weighed most on P(event) for one candidate, with their weights."""
        feats = [f for f in feats if not f.startswith(self.event_skip)]
        weight = {f: float(self.event_coef[self.vectorise([[f]]).indices[0]]) for f in feats}
        return sorted(weight.items(), key=lambda kv: -abs(kv[1]))[:top]


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@cache
def default_model() -> EventDecisionModel | None:
    """The shipped model, or None when the package carries none (then the rules decide alone)."""
    folder = model_dir()
    if not (folder / f"{MODEL_NAME}.npz").is_file():
        return None
    return EventDecisionModel.load(folder)
