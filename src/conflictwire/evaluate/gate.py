"""How much the relevance gate lets through, and what it stops (``conflictwire evaluate gate``).

Three figures, each on data the gate's thresholds were not set on:
- ACLED notes (coder annotations stripped): the share of the test half that passes (target: at
  least 99 %);
- the real-news gold set: the gold events of its test split whose article the gate stops
  (target: none);
- a news corpus as it comes (``mixed-news.jsonl``): the share of reports, and of characters,
  that skip the parse.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from conflictwire.decision.relevance import RelevanceModel


@dataclass
class GateReport:
    acled_notes: int = 0
    acled_pass: int = 0
    gold_articles: int = 0
    gold_events: int = 0
    gold_events_lost: int = 0
    lost: list[dict[str, Any]] = field(default_factory=list)
    corpus_reports: int = 0
    corpus_skipped: int = 0
    corpus_chars: int = 0
    corpus_chars_skipped: int = 0
    ms_per_report: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        def share(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "acled_test_notes": self.acled_notes,
            "acled_test_pass": share(self.acled_pass, self.acled_notes),
            "gold_test_articles_with_events": self.gold_articles,
            "gold_test_events": self.gold_events,
            "gold_test_events_lost": self.gold_events_lost,
            "corpus_reports": self.corpus_reports,
            "corpus_reports_skipped": share(self.corpus_skipped, self.corpus_reports),
            "corpus_chars_skipped": share(self.corpus_chars_skipped, self.corpus_chars),
            "gate_ms_per_report": round(self.ms_per_report, 2),
            "lost": self.lost,
        }


def evaluate_gate(
    model: RelevanceModel,
    acled_csv: Path | None = None,
    labels: Path | None = None,
    data_dir: Path | None = None,
    corpus: Path | None = None,
    split: str = "test",
) -> GateReport:
    """The gate's figures on whichever of the three data sets are given and present."""
    from conflictwire.evaluate.annotations import strip_annotations
    from conflictwire.evaluate.handcoded import read_gold
    from conflictwire.evaluate.news import load_texts, read_labels

    rep = GateReport()
    if acled_csv is not None and acled_csv.is_file():
        notes = [r.notes for r in read_gold(acled_csv) if r.split == split and r.notes.strip()]
        rep.acled_notes = len(notes)
        rep.acled_pass = sum(model.passes(strip_annotations(n)) for n in notes)
    if labels is not None and labels.is_file() and data_dir is not None:
        gold = [g for g in read_labels(labels) if g.split == split and g.events]
        texts, _ = load_texts([g.id for g in gold], data_dir)
        for g in gold:
            if g.id not in texts:
                continue
            rep.gold_articles += 1
            rep.gold_events += len(g.events)
            if not model.passes(texts[g.id]):
                rep.gold_events_lost += len(g.events)
                best, whole = model.scores(texts[g.id])
                rep.lost.append({"id": g.id, "events": len(g.events), "sentence": round(best, 4),
                                 "report": round(whole, 3)})  # fmt: skip
    if corpus is not None and corpus.is_file():
        from conflictwire.bench import load_corpus  # the corpus as `conflictwire bench` reads it

        texts = [a.text for a in load_corpus(corpus)]
        t0 = time.perf_counter()
        for text in texts:
            rep.corpus_reports += 1
            rep.corpus_chars += len(text)
            if not model.passes(text):
                rep.corpus_skipped += 1
                rep.corpus_chars_skipped += len(text)
        if rep.corpus_reports:
            rep.ms_per_report = (time.perf_counter() - t0) * 1000 / rep.corpus_reports
    return rep


def print_report(rep: GateReport, model: RelevanceModel, out: IO[str]) -> None:
    d = rep.as_dict()
    bar = model.report_threshold
    print(f"Relevance gate: sentence threshold {model.threshold}, report threshold "
          f"{'none' if bar == float('inf') else round(bar, 3)}", file=out)  # fmt: skip
    if rep.acled_notes:
        share = d["acled_test_pass"]
        print(f"  ACLED notes (test half, annotations stripped): {rep.acled_pass} of "
              f"{rep.acled_notes} pass ({share:.1%}; target >= 99 %)", file=out)  # fmt: skip
    if rep.gold_articles:
        print(f"  news gold set, test split: {rep.gold_events_lost} of {rep.gold_events} gold "
              f"events lost in {len(rep.lost)} of {rep.gold_articles} articles (target: none)",
              file=out)  # fmt: skip
        for item in rep.lost:
            print(f"    lost: {json.dumps(item)}", file=out)
    if rep.corpus_reports:
        reps, chars, ms = d["corpus_reports_skipped"], d["corpus_chars_skipped"], rep.ms_per_report
        print(f"  corpus: {rep.corpus_skipped} of {rep.corpus_reports} reports skip the parse "
              f"({reps:.1%}; {chars:.1%} of the characters); the gate costs {ms:.2f} ms a "
              "report", file=out)  # fmt: skip
