"""The relevance gate: a first pass over a report's raw text, before any parse.

Most news reports hold nothing ACLED would code. A linear model over the words and word pairs of
each sentence (the same hashed-feature family as the event decision, ``features.py``) gives the
probability that the sentence tells a codable event; a report's relevance is its best sentence's.
Reports below the gate's threshold skip the parse and every later stage: they are stored, with no
event. The threshold is set by ``conflictwire train`` for recall, not precision (see the model
card): it must let through nearly every ACLED note and every labelled news event.

Sentences are cut by punctuation and line breaks (no parse); the cost is a few hundred
microseconds a report.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from functools import cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import FeatureHasher

from conflictwire.decision.features import word_features, words

RELEVANCE_NAME = "relevance"
N_FEATURES = 2**18
MIN_SENTENCE = 15  # characters: shorter pieces ("Reuters.", "By AP") are not scored alone
MAX_CHARS = 200_000  # a report's relevance is read from at most its first 200,000 characters
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentence-like pieces of ``text`` (no parse: punctuation and lines)."""
    out = [
        (m.start(), m.end())
        for m in _SENTENCE.finditer(text, 0, min(len(text), MAX_CHARS))
        if len(m.group().strip()) >= MIN_SENTENCE
    ]
    return out or [(0, min(len(text), MAX_CHARS))]


def sentence_features(text: str) -> list[str]:
    """Words (``w=``) and neighbouring word pairs (``b=``) of one sentence, as the event decision
    reads a candidate's sentence (style words left out)."""
    return word_features(words(text))


def text_rows(text: str, spans: list[tuple[int, int]]) -> list[list[str]]:
    """The features of each span of ``text``: its words and word pairs, and ``k=KIND`` for each
    kind of the trigger lexicon (``triggers.yaml``) that one of its words matches, so that what
    the rules know of events ("shelled", "took to the streets") reaches words the training
    reports never used together."""
    from conflictwire.stages.events import TriggerLexicon

    rows = [sentence_features(text[a:b]) for a, b in spans]
    starts = [a for a, _ in spans]
    for kind in TriggerLexicon.load().kinds:
        seen: set[int] = set()
        for m in kind.regex.finditer(text, 0, spans[-1][1] if spans else 0):
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and m.start() < spans[i][1] and i not in seen:
                seen.add(i)
                rows[i].append(f"k={kind.name}")
    return rows


def hasher() -> FeatureHasher:
    return FeatureHasher(n_features=N_FEATURES, input_type="string", alternate_sign=False)


class RelevanceModel:
    """P(a sentence tells a codable event), and the report-level gate built on it."""

    def __init__(self, header: dict, coef: np.ndarray, intercept: float) -> None:
        self.header = header
        self.threshold = float(header["threshold"])
        self.coef = coef.astype(np.float32)
        self.intercept = float(intercept)
        self._hasher = hasher()

    @classmethod
    def load(cls, folder: Path | None = None) -> RelevanceModel:
        from conflictwire.decision.model import model_dir

        folder = folder or model_dir()
        header = json.loads((folder / f"{RELEVANCE_NAME}.json").read_text())
        with np.load(folder / f"{RELEVANCE_NAME}.npz") as z:
            return cls(header, z["coef"], float(z["intercept"][0]))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(folder / f"{RELEVANCE_NAME}.npz", coef=self.coef,
                            intercept=np.array([self.intercept], dtype=np.float32))  # fmt: skip
        (folder / f"{RELEVANCE_NAME}.json").write_text(
            json.dumps(self.header, indent=1, sort_keys=True) + "\n"
        )

    def sentence_scores(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        spans = sentences(text)
        x = self._hasher.transform(text_rows(text, spans))
        logits = x @ self.coef + self.intercept
        return spans, 1.0 / (1.0 + np.exp(-np.asarray(logits, dtype=np.float64)))

    def score(self, text: str) -> float:
        """The report's relevance: its most relevant sentence's probability (0 for no text)."""
        if not text.strip():
            return 0.0
        return float(self.sentence_scores(text)[1].max())

    def passes(self, text: str) -> bool:
        """Whether the report goes on to the parse and the rule stages."""
        return self.score(text) >= self.threshold


@cache
def default_relevance() -> RelevanceModel | None:
    """The shipped gate (None when the package carries none)."""
    from conflictwire.decision.model import model_dir

    if not (model_dir() / f"{RELEVANCE_NAME}.npz").is_file():
        return None
    return RelevanceModel.load()
