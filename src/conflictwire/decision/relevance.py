"""The relevance gate: a first pass over a report's raw text, before any parse.

Most news reports hold nothing ACLED would code. Two linear models over hashed words, word pairs
and trigger-lexicon kinds (the same feature family as the event decision, ``features.py``) read
the raw text:
- the sentence head gives the probability that a sentence tells a codable event; a report's
  relevance is its best sentence's;
- the report head reads the report as a whole (its sentences' features summed over its first
  ``REPORT_CHARS`` characters, each count c read as log(1 + c)): a ceasefire agreed, a strike, a
  jailing told in plain words that no one sentence gives away.
A report passes when either head reaches its threshold; the others skip the parse and every later
stage (they are stored, with no event). The thresholds are set by ``conflictwire train`` for
recall, not precision (see the model card): nearly every ACLED note and every labelled news event
must pass. A model file without a report head gates on the sentence head alone.

Sentences are cut by punctuation and line breaks (no parse); the cost is a few hundred
microseconds a report.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from conflictwire.decision.features import word_features, words
from conflictwire.decision.hashing import Hasher

RELEVANCE_NAME = "relevance"
N_FEATURES = 2**18
MIN_SENTENCE = 15  # characters: shorter pieces ("Reuters.", "By AP") are not scored alone
MAX_CHARS = 200_000  # a report's relevance is read from at most its first 200,000 characters
REPORT_CHARS = 20_000  # the report head reads the sentences that start in this many characters
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


def text_rows(
    text: str, spans: list[tuple[int, int]], hits: list[tuple[Any, int, int]] | None = None
) -> list[list[str]]:
    """The features of each span of ``text``: its words and word pairs, and ``k=KIND`` for each
    kind of the trigger lexicon (``triggers.yaml``) that one of its words matches, so that what
    the rules know of events ("shelled", "took to the streets") reaches words the training
    reports never used together. ``hits``, when given, gets every trigger match (kind, start,
    end), which the events stage reuses (``Doc.trigger_hits``)."""
    from conflictwire.stages.events import TriggerLexicon

    rows = [sentence_features(text[a:b]) for a, b in spans]
    starts = [a for a, _ in spans]
    seen: set[tuple[str, int]] = set()
    for kind, m in TriggerLexicon.load().scan(text, spans[-1][1] if spans else 0):
        if hits is not None:
            hits.append((kind, m.start(), m.end()))
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and m.start() < spans[i][1] and (kind.name, i) not in seen:
            seen.add((kind.name, i))
            rows[i].append(f"k={kind.name}")
    return rows


def hasher() -> Hasher:
    return Hasher(N_FEATURES)


@dataclass(frozen=True)
class Reading:
    """The gate's reading of one report: its sentence-like pieces (character spans), each
    one's probability of telling a codable event, and the report head's logit."""

    spans: list[tuple[int, int]]
    probs: np.ndarray
    report_logit: float
    # the trigger lexicon's matches, (kind, start, end) kind by kind, in text[:read_to]
    hits: list[tuple[Any, int, int]] = field(default_factory=list)

    @property
    def read_to(self) -> int:
        """Where the gate stopped reading (the end of its last sentence)."""
        return self.spans[-1][1] if self.spans else 0

    def pieces(self) -> list[tuple[int, int, float]]:
        """(start, end, probability) of each sentence-like piece, in order."""
        return [(a, b, float(p)) for (a, b), p in zip(self.spans, self.probs, strict=True)]

    @property
    def scores(self) -> tuple[float, float]:
        """(the best sentence's probability, the report head's logit)."""
        return (float(self.probs.max()) if len(self.probs) else 0.0), self.report_logit


class RelevanceModel:
    """P(a sentence tells a codable event), and the report-level gate built on it."""

    def __init__(
        self,
        header: dict,
        coef: np.ndarray,
        intercept: float,
        report: tuple[np.ndarray, float] | None = None,
    ) -> None:
        """``report``: the report head's coefficients and intercept (None: no report head)."""
        self.header = header
        self.threshold = float(header["threshold"])
        self.coef = coef.astype(np.float32)
        self.intercept = float(intercept)
        self.report = None if report is None else (report[0].astype(np.float32), float(report[1]))
        # float64 copies (the same values) for scoring: the hashed rows are float64, and scipy
        # would convert a float32 vector on every call
        self._coef64 = self.coef.astype(np.float64)
        self._report64 = None if self.report is None else self.report[0].astype(np.float64)
        bar = header.get("report_threshold")
        self.report_threshold = float("inf") if bar is None else float(bar)
        self._hasher = hasher()

    @classmethod
    def load(cls, folder: Path | None = None) -> RelevanceModel:
        from conflictwire.decision.model import model_dir

        folder = folder or model_dir()
        header = json.loads((folder / f"{RELEVANCE_NAME}.json").read_text())
        with np.load(folder / f"{RELEVANCE_NAME}.npz") as z:
            report = None
            if "report_coef" in z.files:
                report = (z["report_coef"], float(z["report_intercept"][0]))
            return cls(header, z["coef"], float(z["intercept"][0]), report)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {"coef": self.coef, "intercept": np.array([self.intercept], dtype=np.float32)}
        if self.report is not None:
            arrays["report_coef"] = self.report[0]
            arrays["report_intercept"] = np.array([self.report[1]], dtype=np.float32)
        np.savez_compressed(folder / f"{RELEVANCE_NAME}.npz", **arrays)
        (folder / f"{RELEVANCE_NAME}.json").write_text(
            json.dumps(self.header, indent=1, sort_keys=True) + "\n"
        )

    def _matrix(
        self, text: str, hits: list[tuple[Any, int, int]] | None = None
    ) -> tuple[list[tuple[int, int]], Any]:
        spans = sentences(text)
        return spans, self._hasher.transform(text_rows(text, spans, hits))

    def sentence_scores(self, text: str) -> tuple[list[tuple[int, int]], np.ndarray]:
        spans, x = self._matrix(text)
        return spans, _sigmoid(x @ self._coef64 + self.intercept)

    def _report_logit(self, spans: list[tuple[int, int]], x: Any) -> float:
        if self.report is None:
            return float("-inf")
        n = sum(1 for a, _ in spans if a < REPORT_CHARS) or 1
        end = x.indptr[n]  # the first n rows' entries, summed by feature: report_vector, cheaper
        idx, where = np.unique(x.indices[:end], return_inverse=True)
        counts = np.bincount(where, weights=x.data[:end])
        return float(np.log1p(counts) @ self._report64[idx] + self.report[1])

    def read(self, text: str) -> Reading:
        """Both heads' reading of a report: each sentence's probability and the report head's
        logit (no sentence and -inf for a text with nothing in it)."""
        if not text.strip():
            return Reading([], np.zeros(0), float("-inf"))
        hits: list[tuple[Any, int, int]] = []
        spans, x = self._matrix(text, hits)
        return Reading(spans, _sigmoid(x @ self._coef64 + self.intercept),
                       self._report_logit(spans, x), hits)  # fmt: skip

    def scores(self, text: str) -> tuple[float, float]:
        """The report's best sentence's probability and the report head's logit (-inf without
        a report head); ``(0, -inf)`` for a text with nothing in it."""
        return self.read(text).scores

    def score(self, text: str) -> float:
        """The report's relevance: its most relevant sentence's probability (0 for no text)."""
        return self.scores(text)[0]

    def decide(self, scores: tuple[float, float]) -> bool:
        """Whether a report with these ``scores`` passes (either head at its threshold)."""
        return scores[0] >= self.threshold or scores[1] >= self.report_threshold

    def passes(self, text: str) -> bool:
        """Whether the report goes on to the parse and the rule stages."""
        return self.decide(self.scores(text))


def report_vector(rows: Any) -> Any:
    """The report head's input: a report's hashed sentence rows summed into one row."""
    return log_counts(csr_matrix(np.ones((1, rows.shape[0]), dtype=np.float64)) @ rows)


def log_counts(x: Any) -> Any:
    """Each count c of hashed rows read as log(1 + c) (a copy)."""
    x = csr_matrix(x, dtype=np.float64, copy=True)
    x.data = np.log1p(x.data)
    return x


def _sigmoid(logits: Any) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(logits, dtype=np.float64)))


@cache
def default_relevance() -> RelevanceModel | None:
    """The shipped gate (None when the package carries none)."""
    from conflictwire.decision.model import model_dir

    if not (model_dir() / f"{RELEVANCE_NAME}.npz").is_file():
        return None
    return RelevanceModel.load()
