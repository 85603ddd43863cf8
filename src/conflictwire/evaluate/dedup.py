"""Precision and recall of merging reports of the same incident, on hand-written report pairs.

Each pair (``tests/data/dedup_pairs.yaml``) holds two reports and the event a coder would record
from each; ``same`` says whether they describe one incident. A pair is predicted merged when the
merge rule (``conflictwire.store.merge``) puts events of both reports into one incident. With a
pipeline, the events are extracted from the texts instead (end to end).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console

from conflictwire.store import merge


@dataclass
class DedupReport:
    mode: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "pairs": self.tp + self.fp + self.fn + self.tn,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "errors": self.errors,
        }


def load_pairs(path: str | Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of pairs")
    return data


def _coded_rows(side: dict[str, Any], name: str) -> list[dict[str, Any]]:
    ev = dict(side["event"])
    ev["event_date"] = date.fromisoformat(str(ev["event_date"]))
    ev.update(key=f"{name}:0", article_id=name, source=side.get("source"))
    ev["published"] = side.get("published")
    return [ev]


def _extracted_rows(side: dict[str, Any], name: str, pipeline: Any) -> list[dict[str, Any]]:
    from conflictwire.model import Article
    from conflictwire.store.repository import event_row

    pub = side.get("published")
    art = Article(
        text=side["text"],
        id=name,
        published=date.fromisoformat(str(pub)) if pub else None,
        source=side.get("source"),
    )
    rows = []
    for i, ev in enumerate(pipeline.extract(art)):
        row = event_row(ev, 0, f"{name}:{i}", i)
        row.update(article_id=name, published=art.published)
        rows.append(row)
    return rows


def judge(rows_a: list[dict[str, Any]], rows_b: list[dict[str, Any]]) -> tuple[bool, list]:
    """Whether any incident holds events of both reports, and the merge reasons."""
    for c in merge.cluster(rows_a + rows_b):
        if any(k.startswith("a:") for k in c.members) and any(
            k.startswith("b:") for k in c.members
        ):
            return True, c.reasons
    return False, []


def evaluate_dedup(path: str | Path, pipeline: Any | None = None) -> DedupReport:
    """Score the merge rule on the pairs at ``path`` (coded events, or extracted ones when a
    pipeline is given)."""
    rep = DedupReport("extracted events (pipeline)" if pipeline else "coded events")
    for pair in load_pairs(path):
        if pipeline is None:
            ra, rb = _coded_rows(pair["a"], "a"), _coded_rows(pair["b"], "b")
        else:
            ra = _extracted_rows(pair["a"], "a", pipeline)
            rb = _extracted_rows(pair["b"], "b", pipeline)
        merged, reasons = judge(ra, rb)
        gold = bool(pair["same"])
        if gold and merged:
            rep.tp += 1
        elif gold:
            rep.fn += 1
        elif merged:
            rep.fp += 1
        else:
            rep.tn += 1
        if gold != merged:
            rep.errors.append(
                {"id": pair["id"], "same": gold, "merged": merged, "note": pair.get("note", ""),
                 "why": reasons[0]["why"] if reasons else []}
            )  # fmt: skip
    return rep


def print_report(rep: DedupReport, console: Console, errors: bool = False) -> None:
    d = rep.to_dict()
    console.print(
        f"dedup ({d['mode']}): {d['pairs']} pairs  precision {d['precision']:.3f}  "
        f"recall {d['recall']:.3f}  F1 {d['f1']:.3f}  "
        f"(tp {d['tp']}, fp {d['fp']}, fn {d['fn']}, tn {d['tn']})"
    )
    if errors:
        for e in d["errors"]:
            kind = "missed merge" if e["same"] else "wrong merge"
            why = "; ".join(e["why"])
            line = f"  {e['id']} {kind}: {e['note']}" + (f" ({why})" if why else "")
            console.print(line, markup=False)
