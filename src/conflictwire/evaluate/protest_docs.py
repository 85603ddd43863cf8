"""Protest detection on GLOCON-style document labels (JSONL: ``id``, ``url``, ``text``, ``label``).

Definitions (the project's, followed exactly):

* each document's ``text`` is run through the pipeline with no publication date;
* "protest found" when any extracted event is of event_type Protests or Riots, or of
  sub_event_type "Excessive force against protesters";
* gold: ``label == 1`` (the document reports a protest event); every other label is negative;
* precision, recall and F1 of "protest found" against the gold, on all documents and on the two
  halves of :func:`conflictwire.evaluate.splits.half` over ``id``: "tune" (may be looked at when
  tuning) and "held-out" (only its totals are ever read).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from conflictwire.evaluate.splits import half
from conflictwire.model import Article, Event

PROTEST_EVENT_TYPES = frozenset({"Protests", "Riots"})
PROTEST_SUB_EVENT_TYPES = frozenset({"Excessive force against protesters"})
SPLITS = ("all", "tune", "held-out")
POSITIVE = 1


class GloconError(ValueError):
    """The file cannot be evaluated (missing, or a line that is not a labelled document)."""


@dataclass(frozen=True)
class LabelledDocument:
    id: str
    text: str
    label: int
    url: str = ""

    @property
    def split(self) -> str:
        return half(self.id)

    @property
    def gold(self) -> bool:
        return self.label == POSITIVE


def read_documents(path: str | Path) -> list[LabelledDocument]:
    """The labelled documents of a GLOCON-style JSONL file, in file order."""
    p = Path(path)
    if not p.is_file():
        raise GloconError(f"{path}: no such file")
    docs: list[LabelledDocument] = []
    with p.open(encoding="utf-8-sig") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                doc = LabelledDocument(
                    id=str(row["id"]),
                    text=str(row.get("text") or ""),
                    label=int(row["label"]),
                    url=str(row.get("url") or ""),
                )
            except (ValueError, KeyError, TypeError) as e:
                raise GloconError(f"{path}:{i}: not a labelled document ({e})") from None
            docs.append(doc)
    return docs


def protest_found(events: Iterable[Event]) -> bool:
    """Whether any event is a protest or riot (or force used against protesters)."""
    return any(
        e.event_type in PROTEST_EVENT_TYPES or e.sub_event_type in PROTEST_SUB_EVENT_TYPES
        for e in events
    )


@dataclass
class DocumentResult:
    id: str
    split: str
    label: int
    gold: bool
    predicted: bool
    types: list[str] = field(default_factory=list)  # the extracted events' sub_event_types


@dataclass(frozen=True)
class Scores:
    n: int
    positives: int  # gold label 1
    predicted: int  # protest found
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None or p + r == 0:
            return None if p is None or r is None else 0.0
        return 2 * p * r / (p + r)

    def to_dict(self) -> dict[str, Any]:
        def rnd(v: float | None) -> float | None:
            return None if v is None else round(v, 4)

        return {
            "n": self.n,
            "positives": self.positives,
            "predicted": self.predicted,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": rnd(self.precision),
            "recall": rnd(self.recall),
            "f1": rnd(self.f1),
        }


def score(results: Iterable[DocumentResult]) -> Scores:
    """Counts and precision/recall/F1 of "protest found" against ``label == 1``."""
    c: Counter[tuple[bool, bool]] = Counter((r.gold, r.predicted) for r in results)
    tp, fp, fn, tn = c[True, True], c[False, True], c[True, False], c[False, False]
    return Scores(tp + fp + fn + tn, tp + fn, tp + fp, tp, fp, fn, tn)


@dataclass
class GloconReport:
    path: str
    rows: list[DocumentResult] = field(default_factory=list)
    seconds: float = 0.0

    def subset(self, split: str) -> list[DocumentResult]:
        if split not in SPLITS:
            raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
        return self.rows if split == "all" else [r for r in self.rows if r.split == split]

    def scores(self, split: str = "all") -> Scores:
        return score(self.subset(split))

    def labels(self) -> dict[int, int]:
        """Documents per gold label (label values other than 0 and 1 count as negative)."""
        return dict(sorted(Counter(r.label for r in self.rows).items()))

    def errors(self, split: str = "tune") -> list[DocumentResult]:
        """False positives and misses of a half; only the tune half may be looked at."""
        if split != "tune":
            raise ValueError("only the tune half's errors may be looked at")
        return [r for r in self.subset(split) if r.gold != r.predicted]

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "documents": len(self.rows),
            "labels": {str(k): v for k, v in self.labels().items()},
            "seconds": round(self.seconds, 2),
            "scores": {s: self.scores(s).to_dict() for s in SPLITS},
        }

    def write_json(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")


def _predict(pipeline: Any, articles: list[Article]) -> Iterator[list[Event]]:
    """Events per article, in order (``pipe()+events()`` when offered, else ``extract()``)."""
    if hasattr(pipeline, "pipe") and hasattr(pipeline, "events"):
        for doc in pipeline.pipe(articles):
            yield list(pipeline.events(doc))
    else:
        for a in articles:
            yield list(pipeline.extract(a))


def evaluate_glocon(
    path: str | Path, pipeline: Any = None, limit: int | None = None
) -> GloconReport:
    """Run ``pipeline`` on every document (no publication date) and score "protest found".

    ``limit`` keeps the first N documents. ``pipeline`` defaults to a new
    :class:`conflictwire.pipeline.Pipeline`. Documents with empty text are predicted negative.
    """
    docs = read_documents(path)
    if limit is not None:
        docs = docs[: max(0, limit)]
    if pipeline is None:
        from conflictwire.pipeline import Pipeline

        pipeline = Pipeline()
    report = GloconReport(path=str(path))
    t0 = time.perf_counter()
    runnable = [d for d in docs if d.text.strip()]
    articles = [Article(text=d.text, id=d.id, url=d.url or None) for d in runnable]
    found = dict(zip((d.id for d in runnable), _predict(pipeline, articles), strict=True))
    for d in docs:
        events = found.get(d.id, [])
        report.rows.append(
            DocumentResult(
                d.id,
                d.split,
                d.label,
                d.gold,
                protest_found(events),
                [e.sub_event_type or "" for e in events],
            )
        )
    report.seconds = time.perf_counter() - t0
    return report


def _fmt(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def print_report(
    report: GloconReport, console: Any = None, misses: int = 0, file: IO[str] | None = None
) -> None:
    """Precision, recall, F1 and counts on all documents and each half; with ``misses``, the
    first N errors of the tune half (never the held-out half's)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    con = console or Console(file=file)
    labels = ", ".join(f"label {k}: {v}" for k, v in report.labels().items())
    t = Table(
        title=f"GLOCON protest detection: {report.path} ({len(report.rows)} documents; {labels}; "
        f"{report.seconds:.1f} s)\ngold: label == 1; predicted: any Protests/Riots event"
    )
    t.add_column("split")
    columns = ("precision", "recall", "F1", "documents", "gold 1", "found", "tp", "fp", "fn", "tn")
    for col in columns:
        t.add_column(col, justify="right")
    for s in SPLITS:
        sc = report.scores(s)
        t.add_row(
            s,
            _fmt(sc.precision),
            _fmt(sc.recall),
            _fmt(sc.f1),
            *(str(v) for v in (sc.n, sc.positives, sc.predicted, sc.tp, sc.fp, sc.fn, sc.tn)),
        )
    con.print(t)
    if misses:
        errs = report.errors("tune")[:misses]
        w = Table(title=f"first {len(errs)} errors of the tune half")
        w.add_column("id")
        w.add_column("gold label")
        w.add_column("protest found")
        w.add_column("events")
        for r in errs:
            w.add_row(r.id, str(r.label), str(r.predicted), Text(", ".join(r.types) or "-"))
        con.print(w)
