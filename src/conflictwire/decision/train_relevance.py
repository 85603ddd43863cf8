"""Fit the relevance gate (``relevance.py``) as part of ``conflictwire train``.

Rows are sentences (their words, word pairs and trigger-lexicon kinds: ``relevance.text_rows``):
- an ACLED note or a South Asia Terrorism Portal snippet marked relevant is one positive row;
- each sentence of a negative report (sport, business, crime headlines, accident summaries, MUC-4
  documents without an incident) is a negative row;
- each sentence of a labelled news article (``gold/news/train-labels.jsonl``) is positive when it
  overlaps a labelled event's sentence (or a sentence telling it again), negative otherwise;
  weighted like the event decision's news rows.
The two sides weigh the same. The threshold is chosen for recall: the highest one (on a grid)
that lets through at least ``ACLED_PASS`` of the ACLED dev notes, every article of the gold dev
split that holds an event, and every item holding an event in the label files given as
``checks`` (``gold/news/round*-labels.jsonl``, labelled news never trained on); 0 (nothing is
stopped) when none of them is at hand.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from conflictwire.decision.dataset import TrainReport
from conflictwire.decision.relevance import (
    RELEVANCE_NAME,
    RelevanceModel,
    hasher,
    sentences,
    text_rows,
)

C = 0.03
NEWS_WEIGHT = 3.0
ACLED_PASS = 0.995
GRID = (0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.1, 0.12, 0.15)
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


def fit(reports: list[TrainReport]) -> tuple[RelevanceModel, dict]:
    feats, y, w = rows(reports)
    pos, neg = w[y == 1].sum(), w[y == 0].sum()
    w = w * np.where(y == 1, w.sum() / (2 * max(pos, 1e-9)), w.sum() / (2 * max(neg, 1e-9)))
    lr = LogisticRegression(C=C, solver="liblinear", max_iter=2000, random_state=SEED)
    lr.fit(hasher().transform(feats), y, sample_weight=w)
    stats = {"sentences": len(y), "positive": int(y.sum()), "C": C}
    header = {"name": RELEVANCE_NAME, "n_features": int(lr.coef_.shape[1]), "threshold": 0.0,
              "training": stats}  # fmt: skip
    return RelevanceModel(header, lr.coef_[0], float(lr.intercept_[0])), stats


def choose_threshold(
    model: RelevanceModel,
    labels: Path | None,
    data_dir: Path | None,
    acled_csv: Path | None,
    checks: tuple[Path, ...] = (),
) -> tuple[float, dict]:
    """The gate's threshold (see the module) and what it lets through on the data it saw."""
    from conflictwire.evaluate.annotations import strip_annotations
    from conflictwire.evaluate.handcoded import read_gold
    from conflictwire.evaluate.news import load_texts, read_labels

    acled = np.array([])
    if acled_csv is not None and acled_csv.is_file():
        notes = [r.notes for r in read_gold(acled_csv) if r.split == "dev" and r.notes.strip()]
        acled = np.array([model.score(strip_annotations(n)) for n in notes])
    scores = []
    sets = [(labels, "dev")] + [(c, None) for c in checks]
    for path, split in sets if data_dir is not None else ():
        if path is None or not path.is_file():
            continue
        gold = [g for g in read_labels(path) if g.events and split in (None, g.split)]
        texts, _ = load_texts([g.id for g in gold], data_dir)
        scores += [model.score(texts[g.id]) for g in gold if g.id in texts]
    events = np.array(scores)
    best = 0.0
    for t in GRID if len(acled) or len(events) else ():  # no data to set it by: gate nothing
        if len(acled) and (acled >= t).mean() < ACLED_PASS:
            break
        if len(events) and (events < t).any():
            break
        best = t
    stats = {
        "gate_acled_dev_pass": round(float((acled >= best).mean()), 4) if len(acled) else None,
        "gate_event_articles": len(events),
        "gate_event_articles_pass": int((events >= best).sum()) if len(events) else None,
    }
    return best, stats
