"""Calibration of a confidence score: a reliability table and the expected calibration error.

``confidence`` is meant as the probability that a record is a correct codable event. Records are
put in equal-width bins of confidence; in each bin the mean confidence is set against the share
that was right. ECE is the mean gap, weighted by the share of records in each bin (Guo et al.
2017, "On Calibration of Modern Neural Networks").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


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

    def to_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "ece": round(self.ece, 4),
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
    return Reliability(tuple(bins), n, gap / n if n else 0.0)


def format_reliability(rel: Reliability, title: str = "confidence reliability") -> str:
    """The table as plain text lines (for the evaluation reports)."""
    lines = [f"{title}: {rel.n} records, expected calibration error {rel.ece:.3f}"]
    lines.append(f"  {'confidence':<12}{'records':>8}{'mean conf':>11}{'right':>8}")
    for b in rel.bins:
        lines.append(
            f"  {b.low:.1f}-{b.high:.1f}{'':<5}{b.n:>8}{b.mean_confidence:>11.3f}{b.accuracy:>8.3f}"
        )
    return "\n".join(lines)
