"""Calibration of a confidence score: a reliability table and the expected calibration error.

``confidence`` is meant as the probability that a record is a correct codable event. Records are
put in equal-width bins of confidence; in each bin the mean confidence is set against the share
that was right. ECE is the mean gap, weighted by the share of records in each bin (Guo et al.
2017, "On Calibration of Modern Neural Networks").

On a few dozen records ECE is mostly chance: even a perfectly calibrated confidence shows a gap,
because each bin holds few records. :func:`chance_ece` says how large: it draws each record's
rightness from its own confidence (a calibrated score, by definition) many times over and reports
the ECE those draws show. An ECE inside that range cannot be told from perfect calibration.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    n: int
    mean_confidence: float
    accuracy: float


@dataclass(frozen=True)
class Reliability:
    bins: tuple[Bin, ...]
    n: int
    ece: float
    chance: tuple[float, float, float] = (0.0, 0.0, 0.0)  # see chance_ece: median, 5 %, 95 %

    def to_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "ece": round(self.ece, 4),
            "chance_ece": {"median": round(self.chance[0], 4), "p05": round(self.chance[1], 4),
                           "p95": round(self.chance[2], 4)},  # fmt: skip
            "bins": [
                {
                    "range": [b.low, b.high],
                    "n": b.n,
                    "mean_confidence": round(b.mean_confidence, 4),
                    "accuracy": round(b.accuracy, 4),
                }
                for b in self.bins
            ],
        }


def reliability(pairs: Iterable[tuple[float, bool]], n_bins: int = 10) -> Reliability:
    """Reliability table of ``(confidence, correct)`` pairs in ``n_bins`` equal-width bins."""
    items = [(min(max(float(c), 0.0), 1.0), bool(ok)) for c, ok in pairs]
    groups: list[list[tuple[float, bool]]] = [[] for _ in range(n_bins)]
    for c, ok in items:
        groups[min(int(c * n_bins), n_bins - 1)].append((c, ok))
    bins = []
    gap = 0.0
    for i, g in enumerate(groups):
        if not g:
            continue
        conf = sum(c for c, _ in g) / len(g)
        acc = sum(ok for _, ok in g) / len(g)
        gap += len(g) * abs(conf - acc)
        bins.append(Bin(i / n_bins, (i + 1) / n_bins, len(g), conf, acc))
    n = len(items)
    chance = chance_ece([c for c, _ in items], n_bins)
    return Reliability(tuple(bins), n, gap / n if n else 0.0, chance)


def _ece(conf: np.ndarray, right: np.ndarray, n_bins: int) -> np.ndarray:
    """ECE of each row of ``right`` (draws x records) against the records' confidences."""
    which = np.minimum((conf * n_bins).astype(int), n_bins - 1)
    gap = np.zeros(right.shape[0])
    for b in range(n_bins):
        sel = which == b
        if sel.any():
            gap += np.abs(right[:, sel].sum(axis=1) - conf[sel].sum())
    return gap / len(conf)


CHANCE_DRAWS = 2000
CHANCE_SEED = 0


def chance_ece(confidences: Sequence[float], n_bins: int = 10) -> tuple[float, float, float]:
    """The ECE a perfectly calibrated confidence shows on records with these confidences, by
    chance alone: median, 5th and 95th percentile over ``CHANCE_DRAWS`` draws in which each
    record is right with the probability its confidence gives (fixed seed: the same figures
    every run)."""
    conf = np.clip(np.asarray(confidences, dtype=float), 0.0, 1.0)
    if conf.size == 0:
        return (0.0, 0.0, 0.0)
    rng = np.random.default_rng(CHANCE_SEED)
    step = max(1, min(CHANCE_DRAWS, 500_000 // conf.size))  # draws at a time: memory stays small
    eces = np.concatenate([
        _ece(conf, (rng.random((min(step, CHANCE_DRAWS - k), conf.size)) < conf).astype(float),
             n_bins)
        for k in range(0, CHANCE_DRAWS, step)
    ])  # fmt: skip
    return tuple(float(np.quantile(eces, q)) for q in (0.5, 0.05, 0.95))  # type: ignore[return-value]


def format_reliability(rel: Reliability, title: str = "confidence reliability") -> str:
    """The table as plain text lines (for the evaluation reports)."""
    lines = [f"{title}: {rel.n} records, expected calibration error {rel.ece:.3f}"]
    if rel.n:
        med, lo, hi = rel.chance
        lines.append(f"  a perfectly calibrated confidence would show {med:.3f} on these records "
                     f"by chance (90 % of draws {lo:.3f}-{hi:.3f})")  # fmt: skip
    lines.append(f"  {'confidence':<12}{'records':>8}{'mean conf':>11}{'right':>8}")
    for b in rel.bins:
        lines.append(
            f"  {b.low:.1f}-{b.high:.1f}{'':<5}{b.n:>8}{b.mean_confidence:>11.3f}{b.accuracy:>8.3f}"
        )
    return "\n".join(lines)
