"""Fit the relevance gate (``relevance.py``) as part of ``conflictwire train``.

Sentence head: rows are sentences (their words, word pairs and trigger-lexicon kinds:
``relevance.text_rows``):
- an ACLED note or a South Asia Terrorism Portal snippet marked relevant is one positive row;
- each sentence of a negative report (sport, business, crime headlines, accident summaries, MUC-4
  documents without an incident) is a negative row;
- each sentence of a labelled news article (``gold/news/train-labels.jsonl``) is positive when it
  overlaps a labelled event's sentence (or a sentence telling it again), negative otherwise;
  weighted like the event decision's news rows.
Report head: one row a report (the sum of its sentences' rows, counts read as log(1 + c)),
positive for an ACLED note, a relevant snippet or a labelled article holding an event. Both
sides weigh the same in each head.

The thresholds are chosen for recall. For each sentence threshold on a grid, the report head's
threshold is set ``MARGIN`` below the lowest report score of the held-out event reports the
sentence head would stop (every article of the gold dev split that holds an event and every
item holding one in the label files given as ``checks``, ``gold/news/round*-labels.jsonl``,
labelled news never trained on), and low enough that at least ``ACLED_PASS`` of the ACLED dev
notes pass; of these pairs, the one that stops the most held-out articles without an event is
kept. With none of that data at hand nothing is stopped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from conflictwire.decision.dataset import TrainReport
from conflictwire.decision.relevance import (
    RELEVANCE_NAME,
    REPORT_CHARS,
    RelevanceModel,
    hasher,
    log_counts,
    sentences,
    text_rows,
)

C = 0.03
REPORT_C = 1.0
NEWS_WEIGHT = 3.0
ACLED_PASS = 0.995
GRID = (0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25,
        0.3, 0.4, 0.5)  # fmt: skip
MARGIN = 1.0  # logits below the lowest held-out event report that the report head must pass
SEED = 0


def rows(reports: list[TrainReport]) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
    feats, y, w = [], [], []
    for r in reports:
        text = r.article.text
        if r.spans is None and r.event:
            feats += text_rows(text, [(0, len(text))])
            y.append(1)
            w.append(1.0)
            continue
        spans = sentences(text)
        feats += text_rows(text, spans)
        for a, b in spans:
            y.append(int(r.spans is not None and any(s < b and a < e for s, e, _ in r.spans)))
            w.append(NEWS_WEIGHT if r.spans is not None else 1.0)
    return feats, np.array(y, dtype=int), np.array(w, dtype=float)


def report_rows(reports: list[TrainReport]) -> tuple[list[list[str]], np.ndarray]:
    """One row a report for the report head: the sum of its sentences' rows."""
    feats, y = [], []
    for r in reports:
        text = r.article.text
        spans = [(a, b) for a, b in sentences(text) if a < REPORT_CHARS] or [(0, 0)]
        feats.append([f for row in text_rows(text, spans) for f in row])
        y.append(int(bool(r.event)) if r.spans is None else int(bool(r.spans)))
    return feats, np.array(y, dtype=int)


def _balanced(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    pos, neg = w[y == 1].sum(), w[y == 0].sum()
    return w * np.where(y == 1, w.sum() / (2 * max(pos, 1e-9)), w.sum() / (2 * max(neg, 1e-9)))


def fit(reports: list[TrainReport]) -> tuple[RelevanceModel, dict]:
    feats, y, w = rows(reports)
    lr = LogisticRegression(C=C, solver="liblinear", max_iter=2000, random_state=SEED)
    lr.fit(hasher().transform(feats), y, sample_weight=_balanced(y, w))
    rfeats, ry = report_rows(reports)
    rl = LogisticRegression(C=REPORT_C, solver="liblinear", max_iter=2000, random_state=SEED)
    rx = log_counts(hasher().transform(rfeats))  # = relevance.report_vector of each report
    rl.fit(rx, ry, sample_weight=_balanced(ry, np.ones(len(ry))))
    stats = {"sentences": len(y), "positive": int(y.sum()), "C": C, "reports": len(ry),
             "reports_positive": int(ry.sum()), "report_C": REPORT_C}  # fmt: skip
    header = {"name": RELEVANCE_NAME, "n_features": int(lr.coef_.shape[1]), "threshold": 0.0,
              "report_threshold": None, "training": stats}  # fmt: skip
    model = RelevanceModel(
        header, lr.coef_[0], float(lr.intercept_[0]), (rl.coef_[0], float(rl.intercept_[0]))
    )
    return model, stats


def choose_threshold(
    model: RelevanceModel,
    labels: Path | None,
    data_dir: Path | None,
    acled_csv: Path | None,
    checks: tuple[Path, ...] = (),
) -> dict:
    """Set the gate's two thresholds (see the module) on ``model`` (its ``threshold``,
    ``report_threshold`` and header) and return what it lets through on the data it saw."""
    from conflictwire.evaluate.annotations import strip_annotations
    from conflictwire.evaluate.handcoded import read_gold
    from conflictwire.evaluate.news import load_texts, read_labels

    acled = np.zeros((0, 2))
    if acled_csv is not None and acled_csv.is_file():
        notes = [r.notes for r in read_gold(acled_csv) if r.split == "dev" and r.notes.strip()]
        acled = np.array([model.scores(strip_annotations(n)) for n in notes]).reshape(-1, 2)
    events, others = [], []
    sets = [(labels, "dev")] + [(c, None) for c in checks]
    for path, split in sets if data_dir is not None else ():
        if path is None or not path.is_file():
            continue
        gold = [g for g in read_labels(path) if split in (None, g.split)]
        texts, _ = load_texts([g.id for g in gold], data_dir)
        for g in gold:
            if g.id in texts:
                (events if g.events else others).append(model.scores(texts[g.id]))
    ev, ot = np.array(events).reshape(-1, 2), np.array(others).reshape(-1, 2)
    best = (0.0, float("inf"), -1.0)  # sentence threshold, report threshold, share stopped
    for t in GRID if len(acled) or len(ev) else ():  # no data to set it by: gate nothing
        bar = float("inf")
        low = ev[ev[:, 0] < t, 1]
        if len(low):
            bar = float(low.min()) - MARGIN
        below = np.sort(acled[acled[:, 0] < t, 1])
        allowed = int(np.floor((1 - ACLED_PASS) * len(acled)))
        if len(below) > allowed:
            bar = min(bar, float(below[allowed]))
        stopped = float(((ot[:, 0] < t) & (ot[:, 1] < bar)).mean()) if len(ot) else 0.0
        if stopped > best[2]:
            best = (t, bar, stopped)
    model.threshold = best[0]
    model.report_threshold = best[1]
    model.header["threshold"] = best[0]
    model.header["report_threshold"] = None if best[1] == float("inf") else round(best[1], 4)

    def passing(x: np.ndarray) -> np.ndarray:
        return np.array([model.decide((float(a), float(b))) for a, b in x], dtype=bool)

    return {
        "gate_acled_dev_pass": round(float(passing(acled).mean()), 4) if len(acled) else None,
        "gate_event_articles": len(ev),
        "gate_event_articles_pass": int(passing(ev).sum()) if len(ev) else None,
        "gate_other_articles": len(ot),
        "gate_other_articles_stopped": int((~passing(ot)).sum()) if len(ot) else None,
    }
