"""Rebuild the event-decision model: ``conflictwire train`` (``make model``).

1. The training reports (``dataset.py``) go through the rule stages (no decision), in two worker
   processes; each candidate they propose becomes a row of features (``features.py``).
2. Two scikit-learn logistic regressions are fitted on the hashed rows: one says whether a
   candidate is a codable event (every candidate of a positive report counts as one, every
   candidate of a negative report as none; the two sides weigh the same), the other names its
   sub-event type (candidates of ACLED notes, types weighted towards balance).
3. Calibration: the acceptance threshold on P(event) with the best F0.5 on the dev split of the
   real-news gold set and the check sets (precision weighed twice as much as recall) that still
   keeps ``ACLED_DETECTION`` of the ACLED dev notes (trained on: each read by heads fitted
   without its fold, ``held_out_heads``); then, on the events it keeps of the dev split
   and of the check sets (``gold/news/round*-labels.jsonl``), a logistic map from logit P(event) +
   logit P(type) to "the record is a correct codable event" (it matches a gold event of the
   article). Without gold the raw scores stand and the threshold is 0.5.

4. The relevance gate (``train_relevance.py``): a sentence-level model over the raw text, its
   threshold set for recall.

The same files and seed give the same model, bit for bit.
"""

from __future__ import annotations

import json
import math
import time
import zlib
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from conflictwire.decision import train_relevance
from conflictwire.decision.dataset import ACLED_DEV_GROUP, TrainReport, training_reports
from conflictwire.decision.features import candidate_features, gate_features
from conflictwire.decision.hashing import Hasher
from conflictwire.decision.model import (
    MODEL_NAME,
    PROTEST_TYPES,
    EventDecisionModel,
    model_dir,
)
from conflictwire.doc import Doc
from conflictwire.model import Article
from conflictwire.taxonomy import Taxonomy

N_FEATURES = 2**17
# 0.05: lower values rank the gold dev split's and the check sets' candidates better (average
# precision 0.69 / 0.78 / 0.66 at 0.05, 0.73 / 0.78 / 0.69 at 0.0025) but score the ACLED notes
# lower, and at the threshold that keeps ACLED_DETECTION of them precision falls (2026-12-06).
EVENT_C = 0.05
TYPE_C = 2.0
# Feature groups (prefixes, features.py) each head leaves out: the event head reads no lede words
# (they tell what the report is about, not whether this candidate is an event, and made it
# rank worse on the gold dev split and the check sets), the type head no gate probability.
EVENT_SKIP = ("d=",)
TYPE_SKIP = ("g>=",)
BETA = 0.5  # the acceptance threshold maximises F0.5 on the gold dev split and the check sets
# Tuned on the gold dev split, the check sets and the ACLED dev half (sweeps, see the model card):
# a candidate the rules set aside is kept only when the model gives it 0.9 (with the model that
# reads the gate, this added 7 matched events and no false one on check set round 4, one event
# and two false ones on round 5, one false one on dev, and 0.4 % of the ACLED dev notes; the
# reference article still gives its one event). The model's sub-event type replaces the rules'
# only when it gives it at least 0.75: on news its type is right more often than the rules' (on
# the check sets 0.75 cut type errors by about a tenth), on the ACLED dev notes, which the rules
# were tuned on, less often (0 cost 0.056 of their event_type, 0.75 costs 0.005).
# Raised to 0.95 on 2026-12-07 (saying no): with that day's rebuilt model the sets that choose
# (gold dev split and the check sets) gave 284 matched of 433 kept at 0.9, 282 of 428 at 0.93 and
# 282 of 427 at 0.95 (F0.5 0.634, 0.634, 0.635), and at 0.9 the reference article's rescue of two
# people "who were recently kidnapped" (a relative clause) crossed the bar (0.905).
THRESHOLD_WEAK = 0.95
TYPE_OVERRIDE = 0.75
GLOCON_DOCUMENTS = "events/glocon_sample/sample/document/Sabinet_R.json"  # under the data folder
ACLED_DEV = "acled/acled-global-2020-05-01_09.csv"  # its dev half bounds the threshold
# Share of ACLED dev notes that must still yield an event. 2.3 % of them get no candidate from the
# rules at all, so 0.97 left the decision 0.7 %: with the model that reads the gate, the threshold
# it allowed (0.365) let so much crime through that news precision fell (gold dev 0.468, check
# set round 4 0.553). At 0.955 the best F0.5 on dev lay inside the bound (0.495), and precision
# on dev and the check sets was at least what it had been, with more recall; see README
# "Accuracy". On 2026-12-07 (lists) the F0.5 of the dev split and the check sets rose slowly up
# to 0.73 (0.575 at 0.45, 0.589 at 0.625, 0.594 at 0.725): 0.955 let it take 0.625, at 0.956 of
# the ACLED dev notes against ACLED's detection target of 0.97. 0.965 keeps the notes' detection
# where it was (0.967) for a few hundredths of F0.5. Raised to 0.97, the target for the
# notes' detection, on 2026-12-07 (aftermath II): the F0.5 of the dev split and the check sets
# had become flat (within 0.005 from 0.48 to 0.60), and at 0.965 the rebuilt model's choice sat
# on the bound (0.60, 0.966 of the notes) for 0.0014 of F0.5 over 0.54 (0.971 of the notes).
ACLED_DETECTION = 0.97
NEWS_WEIGHT = 3.0  # a labelled news candidate counts as much as three from notes or headlines
# For the event head a labelled news candidate weighs 5 (chosen by ranking on the gold dev split
# and the check sets; weighing ACLED's notes less ranked news better still, but the threshold
# that keeps 97 % of the ACLED dev notes then fell and precision with it).
EVENT_NEWS_WEIGHT = 5.0
# Candidates with these cues are not trained on: the one a report proposes when the rules read no
# event word in it (stages/events.py, ``_unread_report``) is read by heads fitted on the rules'
# candidates, from THRESHOLD_WEAK. Trained on (their report's label: ACLED notes events, news
# negatives none), they taught the event head that plain words of force and place tell events:
# on the sets that choose the threshold rose from 0.555 to 0.62 and 0.675 and kept 286 to 291
# matched events against 297 (2026-12-08).
UNTRAINED_CUES = ("cue=weak:unread",)
FOLDS = 2  # the gate's probability of a training candidate comes from a gate fitted without it
SEED = 0

_pipeline = None


@dataclass(frozen=True)
class Candidate:
    """A rule candidate as the model sees it, with where it stands in the text."""

    features: list[str]
    sub_event_type: str  # the rules' proposal
    event_type: str
    trigger_start: int
    sentence: tuple[int, int]


def _worker_rows(articles: list[Article]) -> list[list[Candidate]]:
    """Per article, its rule candidates."""
    global _pipeline
    if _pipeline is None:
        from conflictwire.pipeline import Pipeline

        _pipeline = Pipeline(decide=False)
    out = []
    for doc in _pipeline.pipe(articles, batch_size=64):
        out.append(
            [
                Candidate(
                    candidate_features(doc, m, i),
                    m.sub_event_type,
                    m.event_type,
                    m.trigger.start,
                    m.sentence,
                )
                for i, m in enumerate(doc.mentions)
            ]
        )
    return out


def candidates(
    articles: list[Article], workers: int = 2, chunk: int = 200
) -> list[list[Candidate]]:
    """The rule stages' candidates of every article, in order (``workers`` processes)."""
    chunks = [articles[i : i + chunk] for i in range(0, len(articles), chunk)]
    if workers <= 1:
        return [row for c in chunks for row in _worker_rows(c)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [row for part in pool.map(_worker_rows, chunks) for row in part]


def _hasher() -> Hasher:
    return Hasher(N_FEATURES)


def _label(rep: TrainReport, c: Candidate, tax: Taxonomy) -> tuple[bool | None, str | None]:
    """Whether a candidate is a codable event (None: unknown, left out), and its sub-event type.

    Labelled news: an event when the trigger stands in a labelled event's sentence; unknown when
    it stands elsewhere but proposes the type of an event the report has (likely that event told
    again in words the labeller did not list); otherwise none."""
    if rep.spans is None:
        return rep.event, rep.sub_event_type
    for start, end, sub in rep.spans:
        if start <= c.trigger_start < end:
            return True, sub
    if c.event_type in {tax.event_type(sub) for _, _, sub in rep.spans if sub in tax.parent}:
        return None, None
    return False, None


def _fold(report: TrainReport) -> int:
    return zlib.crc32(report.article.id.encode("utf-8")) % FOLDS


def _acled_dev(report: TrainReport) -> bool:
    return report.group.startswith(ACLED_DEV_GROUP)


def cross_fold(note_id: str) -> int:
    """The fold of an ACLED dev note when it bounds the threshold: read by the heads fitted
    without that fold. (Salted: the dev half itself is ``crc32(id) % 2 == 0``.)"""
    return zlib.crc32(f"cross:{note_id}".encode()) % FOLDS


def with_gate(reports: list[TrainReport], rows: list[list[Candidate]]) -> list[list[Candidate]]:
    """Each training candidate with the gate's features (``g>=``) added, read by a gate fitted
    on the other folds' reports: the gate fitted on all of them has seen the candidate's
    sentence and would be trusted more than it deserves. A fold whose other reports are all
    events or all not (tiny training sets) gets no gate features."""
    folds = [_fold(r) for r in reports]
    gates = []
    for k in range(FOLDS):
        others = [r for r, f in zip(reports, folds, strict=True) if f != k and not _acled_dev(r)]
        both = {bool(r.event) for r in others} == {True, False}
        gates.append(train_relevance.fit(others)[0] if both else None)
    out = []
    for rep, cands, k in zip(reports, rows, folds, strict=True):
        if not cands or gates[k] is None:
            out.append(cands)
            continue
        doc = Doc(article=rep.article, clean_text=rep.article.text)
        doc.sentence_relevance = gates[k].read(rep.article.text).pieces()
        p = [doc.relevance_at(c.trigger_start) for c in cands]
        out.append([replace(c, features=c.features + gate_features(q))
                    for c, q in zip(cands, p, strict=True)])  # fmt: skip
    return out


def _balance(y: np.ndarray, base: np.ndarray) -> np.ndarray:
    pos, neg = base[y == 1].sum(), base[y == 0].sum()
    total = base.sum()
    return base * np.where(y == 1, total / (2 * max(pos, 1e-9)), total / (2 * max(neg, 1e-9)))


def _skip(feats: list[list[str]], prefixes: tuple[str, ...]) -> list[list[str]]:
    return [[f for f in row if not f.startswith(prefixes)] for row in feats]


def fit_heads(
    reports: list[TrainReport], rows: list[list[Candidate]]
) -> tuple[dict[str, np.ndarray], list[str], dict[str, int]]:
    tax = Taxonomy.load()
    feats, is_event, types, weight, event_weight = [], [], [], [], []
    for rep, cands in zip(reports, rows, strict=True):
        news = rep.spans is not None
        for c in cands:
            ok, sub = _label(rep, c, tax)
            if ok is None or any(f in c.features for f in UNTRAINED_CUES):
                continue
            feats.append(c.features)
            is_event.append(ok)
            types.append(sub if ok and sub in tax.parent else None)
            weight.append(NEWS_WEIGHT if news else 1.0)
            event_weight.append(EVENT_NEWS_WEIGHT if news else 1.0)
    y = np.array(is_event, dtype=int)
    x = _hasher().transform(_skip(feats, EVENT_SKIP))
    event = LogisticRegression(C=EVENT_C, solver="liblinear", max_iter=2000, random_state=SEED)
    event.fit(x, y, sample_weight=_balance(y, np.array(event_weight)))

    base = np.array(weight)
    x = _hasher().transform(_skip(feats, TYPE_SKIP))
    typed = [i for i, t in enumerate(types) if t]
    ty = [types[i] for i in typed]
    freq = Counter(ty)
    most = max(freq.values())
    tw = np.array([math.sqrt(most / freq[t]) * base[i] for t, i in zip(ty, typed, strict=True)])
    head = LogisticRegression(C=TYPE_C, solver="lbfgs", max_iter=3000, random_state=SEED)
    head.fit(x[typed], ty, sample_weight=tw)
    arrays = {
        "event_coef": event.coef_[0].astype(np.float32),
        "event_intercept": event.intercept_.astype(np.float32),
        "type_coef": head.coef_.astype(np.float32),
        "type_intercept": head.intercept_.astype(np.float32),
    }
    n_pos = int(y.sum())
    counts = {"candidates": len(y), "positive": n_pos, "negative": len(y) - n_pos,
              "typed": len(typed)}  # fmt: skip
    return arrays, [str(c) for c in head.classes_], counts


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def held_out_heads(
    reports: list[TrainReport], rows: list[list[Candidate]], header: dict
) -> list[EventDecisionModel] | None:
    """Per fold k of the ACLED dev notes trained on (``cross_fold``), the heads fitted without
    that fold's notes, so that each note bounds the threshold with a P(event) from a model that
    never saw it. None when no ACLED dev note is trained on."""
    if not any(_acled_dev(r) for r in reports):
        return None
    out = []
    for k in range(FOLDS):
        keep = [i for i, r in enumerate(reports)
                if not (_acled_dev(r) and cross_fold(r.article.id) == k)]  # fmt: skip
        arrays, classes, _ = fit_heads([reports[i] for i in keep], [rows[i] for i in keep])
        out.append(EventDecisionModel({**header, "classes": classes}, arrays))
    return out


def acled_dev_scores(
    model: EventDecisionModel,
    acled_csv: Path,
    gate: Any,
    held_out: list[EventDecisionModel] | None = None,
) -> np.ndarray:
    """For each note of the ACLED dev half (annotations stripped), the highest P(event) of a
    candidate the rules tell: the note is detected at a threshold at or below it. ``gate``: the
    relevance gate the model is used with; ``held_out``: the heads of each ``cross_fold`` (the
    notes are trained on), else ``model`` reads every note."""
    from conflictwire.evaluate.handcoded import read_gold
    from conflictwire.pipeline import Pipeline
    from conflictwire.stages.decide import weak

    rows = [r for r in read_gold(acled_csv) if r.split == "dev" and r.notes.strip()]
    out = []
    for r, doc in zip(rows, Pipeline(decide=False).pipe(r.article() for r in rows), strict=True):
        doc.sentence_relevance = gate.read(doc.clean_text).pieces()
        feats = [candidate_features(doc, m, i) for i, m in enumerate(doc.mentions)]
        reader = held_out[cross_fold(r.id)] if held_out else model
        p_event = reader.scores(feats)[0] if feats else []
        # a candidate the rules set aside counts only from THRESHOLD_WEAK, as the decision keeps it
        out.append(max((p for m, p in zip(doc.mentions, p_event, strict=True)
                        if not weak(m) or p >= THRESHOLD_WEAK), default=0.0))  # fmt: skip
    return np.array(out, dtype=float)


def _gold_articles(labels: Path, data_dir: Path, split: str | None) -> tuple[list, dict]:
    """The labelled articles of ``labels`` (of ``split``, or all) whose texts are at hand, with
    their events' sentences resolved, and the texts."""
    from conflictwire.evaluate.news import load_texts, read_labels, sentence_span

    gold = [g for g in read_labels(labels) if split is None or g.split == split]
    texts, _ = load_texts([g.id for g in gold], data_dir)
    gold = [g for g in gold if g.id in texts]
    for g in gold:
        for ev, raw in zip(g.events, g.sentences, strict=True):
            ev.sentence, ev.sentence_text = sentence_span(raw, texts[g.id])
    return gold, texts


def _event_rows(pipe: Any, gold: list, texts: dict) -> np.ndarray:
    """(P(event), P(type), matched) of every assembled event of the articles ``gold``, matched
    against their labels as ``evaluate news`` matches."""
    from conflictwire.evaluate.news import PredEvent, score_article
    from conflictwire.stages.decide import weak

    rows = []
    docs = pipe.pipe(Article(text=texts[g.id], id=g.id) for g in gold)
    for g, doc in zip(gold, docs, strict=True):
        events = pipe.events(doc)
        result = score_article(g, [PredEvent.from_event(e, doc.text) for e in events])
        matched = {i for i, _ in result.match.pairs}
        for i, m in enumerate(doc.extra["incidents"]):
            p_event = m.decision.p_event
            if weak(m) and p_event < THRESHOLD_WEAK:
                p_event = 0.0  # set aside by the rules and not sure enough: never kept
            rows.append((p_event, m.decision.p_type, float(i in matched)))
    return np.array(rows, dtype=float).reshape(-1, 3)


def fit_calibration(
    model: EventDecisionModel,
    labels: Path,
    data_dir: Path,
    acled: np.ndarray | None = None,
    gate: Any = None,
    checks: tuple[Path, ...] = (),
) -> tuple[dict, float, dict]:
    """Acceptance threshold and calibration map, on assembled events.

    The articles go through the whole pipeline with the model accepting every candidate; each
    event is matched against the labels as ``evaluate news`` does. The threshold on P(event) is
    the one with the best F-beta (``BETA`` = 0.5: precision weighs twice recall) on the gold dev
    split and the check sets ``checks`` together (labelled news never trained on: nine times the
    dev split's events; on the dev split alone the choice swung with a few events) among those
    that still detect ``ACLED_DETECTION`` of the ACLED dev notes (``acled``: each note's best
    P(event)). On the events it keeps, a logistic map from logit P(event) + logit P(type) to
    "matched" becomes ``confidence``."""
    from conflictwire.pipeline import Pipeline
    from conflictwire.resources import Resources

    gold, texts = _gold_articles(labels, data_dir, "dev")
    model.calibration, model.threshold = {"a": 1.0, "b": 0.0}, 0.0
    model.threshold_weak = model.threshold_protest = 0.0
    model.type_override = TYPE_OVERRIDE
    res = Resources()
    res.decision = model  # this model, not the shipped one
    if gate is not None:
        res.relevance = gate
    pipe = Pipeline(resources=res)
    rows = _event_rows(pipe, gold, texts)
    n_gold = sum(len(g.events) for g in gold)
    more, n_more = [], 0
    for c in checks:
        c_gold, c_texts = _gold_articles(c, data_dir, None)
        more.append(_event_rows(pipe, c_gold, c_texts))
        n_more += sum(len(g.events) for g in c_gold)
    both = np.vstack([rows, *more])
    pe, y = both[:, 0], both[:, 2].astype(int)
    best_t, best = 0.5, -1.0
    for t in np.arange(0.05, 0.995, 0.005):
        sel = pe >= t
        if not sel.any():
            continue
        if acled is not None and len(acled) and (acled >= t).mean() < ACLED_DETECTION:
            continue
        prec, rec = y[sel].mean(), y[sel].sum() / max(n_gold + n_more, 1)
        f = (1 + BETA**2) * prec * rec / (BETA**2 * prec + rec) if prec + rec else 0.0
        if f > best + 1e-9:
            best_t, best = float(t), float(f)
    pe, y = rows[:, 0], rows[:, 2].astype(int)  # the dev split's own figures, for the card
    kept = pe >= best_t
    cal_rows = both[both[:, 0] >= best_t]
    params = {"a": 1.0, "b": 0.0}
    if len(set(cal_rows[:, 2])) == 2:
        x = (_logit(cal_rows[:, 0]) + _logit(cal_rows[:, 1])).reshape(-1, 1)
        cal = LogisticRegression(C=10.0, solver="lbfgs", random_state=SEED)
        cal.fit(x, cal_rows[:, 2].astype(int))
        params = {"a": max(float(cal.coef_[0][0]), 0.0), "b": float(cal.intercept_[0])}
    stats = {
        "dev_articles": len(gold), "dev_gold_events": n_gold, "dev_events_all": len(rows),
        "dev_events_kept": int(kept.sum()), "dev_matched_kept": int(y[kept].sum()),
        "dev_recall_kept": round(float(y[kept].sum()) / max(n_gold, 1), 3),
        "dev_precision_kept": round(float(y[kept].mean()), 3) if kept.any() else None,
        "acled_dev_detected": round(float((acled >= best_t).mean()), 3)
        if acled is not None and len(acled) else None,
        "calibration_events": len(cal_rows),
        "calibration_matched": int(cal_rows[:, 2].sum()),
    }  # fmt: skip
    return params, round(best_t, 3), stats


def fit_protest_threshold(
    model: EventDecisionModel, glocon: Path, ceiling: float, gate: Any
) -> tuple:
    """The bar for demonstrations, from the tune half of GLOCON's protest-labelled documents:
    the one between half the general threshold and the general threshold (``ceiling``) with the
    best F1 of "the document reports a protest", a document counting as one when a demonstration
    candidate the rules tell reaches it. (GLOCON's protests are broader than ACLED's, strikes
    without a gathering among them; lower bars cost precision on the gold dev split.)"""
    from conflictwire.evaluate.protest_docs import read_documents
    from conflictwire.pipeline import Pipeline
    from conflictwire.stages.decide import weak

    docs = [d for d in read_documents(glocon) if d.split == "tune"]
    best_scores = []
    pipe = Pipeline(decide=False)
    for doc in pipe.pipe(Article(text=x.text, id=x.id) for x in docs):
        doc.sentence_relevance = gate.read(doc.clean_text).pieces()
        rows = [candidate_features(doc, m, i) for i, m in enumerate(doc.mentions)]
        proposed = [m.sub_event_type for m in doc.mentions]
        decisions = model.decide(rows, proposed=proposed) if rows else []
        demos = [
            d.p_event
            for m, d in zip(doc.mentions, decisions, strict=True)
            if not weak(m) and d.sub_event_type in PROTEST_TYPES
        ]
        best_scores.append(max(demos, default=0.0))
    scores, gold = np.array(best_scores), np.array([d.gold for d in docs])
    best_t, best_f = ceiling, -1.0
    for t in np.arange(round(ceiling / 2, 2), ceiling + 1e-9, 0.01):
        found = scores >= t
        tp = int((found & gold).sum())
        f = 2 * tp / max(int(found.sum()) + int(gold.sum()), 1)
        if f > best_f + 1e-9:
            best_t, best_f = float(t), f
    stats = {"glocon_tune_documents": len(docs), "glocon_tune_f1": round(best_f, 3)}
    return round(best_t, 2), stats


def train(
    train_dir: Path,
    labels: Path | None = None,
    data_dir: Path | None = None,
    out: Path | None = None,
    news_labels: Path | None = None,
    workers: int = 2,
    log: Callable[[str], None] = print,
) -> Path:
    """Fit and write the model; returns the folder written."""
    out = out or model_dir()
    t0 = time.time()
    checks = tuple(sorted(labels.parent.glob("round*-labels.jsonl"))) if labels else ()
    acled_csv = data_dir / ACLED_DEV if data_dir is not None else None
    reports = training_reports(train_dir, labels, news_labels, checks, acled_csv)
    log(f"{len(reports)} training reports: {dict(Counter(r.group for r in reports))}")
    rows = candidates([r.article for r in reports], workers=workers)
    log(f"candidates from the rule stages in {time.time() - t0:.0f} s")
    gate, _ = train_relevance.fit([r for r in reports if not _acled_dev(r)])
    rows = with_gate(reports, rows)
    log(f"the gate's probabilities, cross-fitted in {FOLDS} folds, at {time.time() - t0:.0f} s")
    arrays, classes, counts = fit_heads(reports, rows)
    header = {
        "name": MODEL_NAME,
        "n_features": N_FEATURES,
        "classes": classes,
        "threshold": 0.5,
        "threshold_weak": THRESHOLD_WEAK,
        "type_override": TYPE_OVERRIDE,
        "event_skip": list(EVENT_SKIP),
        "type_skip": list(TYPE_SKIP),
        "calibration": {"a": 1.0, "b": 0.0},
        "training": {
            "reports": dict(sorted(Counter(r.group for r in reports).items())),
            **counts,
            "event_C": EVENT_C,
            "type_C": TYPE_C,
            "event_news_weight": EVENT_NEWS_WEIGHT,
        },
    }
    if acled_csv is not None and any(_acled_dev(r) for r in reports):
        header["training"]["acled_dev_file"] = acled_csv.name  # evaluate acled says so
    model = EventDecisionModel(header, arrays)
    more = train_relevance.choose_threshold(gate, labels, data_dir, acled_csv, checks)
    gate.header["training"].update(more)
    header["relevance"] = gate.header
    log(
        f"relevance gate: thresholds {gate.threshold} / {gate.report_threshold} "
        f"({gate.header['training']})"
    )
    if labels is not None and data_dir is not None and labels.is_file():
        acled = None
        if acled_csv is not None and acled_csv.is_file():
            held_out = held_out_heads(reports, rows, header)
            log(f"heads without each fold of the ACLED dev notes at {time.time() - t0:.0f} s")
            acled = acled_dev_scores(model, acled_csv, gate, held_out)
        cal, threshold, stats = fit_calibration(model, labels, data_dir, acled, gate, checks)
        header["calibration"], header["threshold"] = cal, threshold
        header["calibration_data"] = stats
        log(f"threshold and calibration: {cal}, threshold {threshold}, {stats}")
        model.threshold = threshold
    glocon = (data_dir or train_dir.parent) / GLOCON_DOCUMENTS
    if glocon.is_file():
        t, stats = fit_protest_threshold(model, glocon, header["threshold"], gate)
        header["threshold_protest"] = model.threshold_protest = t
        header.setdefault("calibration_data", {}).update(stats)
        log(f"demonstrations' threshold {t} ({stats})")
    out.mkdir(parents=True, exist_ok=True)
    gate.save(out)
    (out / "MODEL_CARD.md").write_text(model_card(header))
    np.savez_compressed(out / f"{MODEL_NAME}.npz", **arrays)
    (out / f"{MODEL_NAME}.json").write_text(json.dumps(header, indent=1, sort_keys=True) + "\n")
    log(f"model written to {out} in {time.time() - t0:.0f} s")
    return out


CARD = """# Model card: event decision (`{name}`)

Rebuilt by `conflictwire train` (`make model`) from `../shared/data/train` and the labelled news in
`gold/news/`; deterministic (the same files give the same arrays). Loaded by
`conflictwire.decision.model`; used by `stages/decide.py`.

## What it does
For each candidate event that the rule stages propose (a trigger word in a clause, with actors,
place, date and counts), two linear heads over hashed features (`decision/features.py`):
- **event**: the probability that the candidate reports a real, recent, codable ACLED event. It
  also reads the relevance gate's probability for the candidate's sentence (`g>=` features; in
  training each candidate's comes from a gate fitted on the other half of the training reports,
  by a hash of the report's id) and leaves out the lede's words (`d=`);
- **type**: the probability of each of ACLED's sub-event types ({n_classes} seen in training).
A logistic calibration map turns the two into `confidence`, the probability that the record is a
correct codable event (it matches a gold event of the report, as `evaluate news` matches).

A candidate is kept when P(event) >= {threshold}: the best F0.5 on the gold dev split and the
check sets together among the thresholds at which at least {acled_detection:.1%} of the ACLED dev
notes still yield an event. A
demonstration (Protests, Riots) is kept when P(event) >= {threshold_protest}: the best F1 of
"reports a protest" on the tune half of GLOCON's protest-labelled documents, between half the
general threshold and the general threshold. A candidate the rules set aside (a relative clause,
a plan, a noun that tells no event; and the one a report proposes when the rules read no event
word in it at all: its first sentence with a verb, of the catch-all type until the type head names
another) needs P(event) >= {threshold_weak} (above 1: never). The last kind is not trained on (see
`UNTRAINED_CUES` in `decision/train.py`).
The model's sub-event type replaces the rules' when
its probability is at least {type_override}. These last two settings were chosen by sweeps on the
gold dev split and the ACLED dev half. It never replaces them with the catch-all "Other", nor
where the rules' reading settles the type by ACLED's codebook (`stages/decide.py`): no
demonstration without a crowd in the text, no other type for a clash in which the other side
fired back, an Attack or Armed clash as the side named as hit says, and an abduction in which
people were killed is an Attack.

## The relevance gate (`relevance`)
Before any parse, two more linear models over the words, word pairs and trigger-lexicon kinds of
the raw text read each report: a sentence head (the probability that a sentence tells a codable
event) and a report head (the report's sentences taken together: plain-worded ceasefires,
strikes, jailings). A report passes when its best sentence reaches {gate_threshold} or the report
head's logit reaches {gate_report_threshold}; the others skip the parse and the rule stages (they
are stored, with no event). The report head's threshold is set 1 logit below the lowest report
score of the held-out event articles the sentence head alone would stop (the gold dev split and
the check sets `gold/news/round*-labels.jsonl`), and low enough that at least 99.5 % of the ACLED
dev notes pass; the sentence threshold is the one, on a grid, that then stops the most held-out
articles without an event: {gate_stats}. The sentence head is trained on {gate_sentences}
sentences ({gate_positive} positive), the report head on {gate_reports} reports
({gate_reports_positive} positive), of the training reports below but the ACLED dev notes
(`acled-dev:*`, whose passing bounds its threshold).

## Training data (derived work: see the sources' licences)
| group | reports |
|---|---|
{groups}

Candidates: {candidates} ({positive} positive, {negative} negative; {typed} with a sub-event type).
- `acled:*`: ACLED events' notes (`train/acled-notes.csv.gz`), coder annotations stripped
  (`evaluate/annotations.py`); ACLED Terms of Use (attribution; non-commercial use free). Capped at
  {per_type} per sub-event type. Every candidate of a note counts as an event of the note's type.
- `acled-dev:*`: the notes of the dev half of the ACLED evaluation file
  (`../shared/data/acled/`, ACLED Terms of Use), annotations stripped and capped the same way;
  never a note of its test half. They bring countries the training notes lack (India, Pakistan,
  Syria, Yemen, Mexico, Brazil, the rest of Latin America). The heads train on them, the gate does
  not; where they bound the threshold, each is read by heads fitted without its half of them
  (two folds by a hash of its id), so the bound is not met on notes the model has learnt.
  `evaluate acled`'s dev figures are therefore on training notes; its test figures are not.
- `negative:*`: AG News (Sports, Business, Sci/Tech; academic use), crime and non-crime headlines
  (MIT; HuffPost: none stated), US workplace-accident summaries (public records), MUC-4 documents
  without an incident (ConfliBERT's copy, GPL-3.0 repository). Every candidate counts as none.
- `positive:SATP`: South Asia Terrorism Portal snippets marked relevant (ConfliBERT's copy).
- `news:*`: news articles labelled event by event for this project (`gold/news/train-labels.jsonl`,
  one reading each; texts from `../shared/data`); a candidate is an event when its trigger stands in
  a labelled event's sentence. Weighted {news_weight}x ({event_news_weight}x in the event head).
  No article of the gold set
  (`gold/news/labels.jsonl`) or of the check sets (`gold/news/round*-labels.jsonl`) is trained on,
  in any group.

## Calibration
{calibration}

## Figures
See README.md ("Accuracy"): `conflictwire evaluate news gold/news/labels.jsonl` (test split),
`conflictwire evaluate acled`, `conflictwire evaluate glocon`.

## Limits
English only; a linear model over words and rule cues: it knows the kinds of reports in its
training data (wire news, local US and South African news, ACLED's notes from about 25 countries,
1980s Latin American wire reports). Candidates the rules never propose cannot be recovered here.
"""


def model_card(header: dict) -> str:
    tr = header["training"]
    groups = "\n".join(f"| {k} | {v} |" for k, v in tr["reports"].items())
    cal = header.get("calibration_data")
    if cal:
        calibration = (
            "Fitted on the events kept of the gold set's dev split and of the check sets "
            "(`gold/news/round*-labels.jsonl`): `confidence` = sigmoid(a * (logit P(event) "
            f"+ logit P(type)) + b), {header['calibration']}; figures of the fit: {cal}."
        )
    else:
        calibration = "None (no gold labels given): raw scores, threshold 0.5."
    from conflictwire.decision import dataset

    gate = header.get("relevance") or {}
    gate_tr = gate.get("training") or {}
    return CARD.format(
        name=header["name"], n_classes=len(header["classes"]), threshold=header["threshold"],
        threshold_weak=header["threshold_weak"], type_override=header["type_override"],
        threshold_protest=header.get("threshold_protest", header["threshold"]),
        groups=groups, candidates=tr["candidates"], positive=tr["positive"],
        negative=tr["negative"], typed=tr["typed"], per_type=dataset.ACLED_PER_TYPE,
        news_weight=NEWS_WEIGHT, event_news_weight=EVENT_NEWS_WEIGHT, calibration=calibration,
        gate_threshold=gate.get("threshold"), gate_sentences=gate_tr.get("sentences"),
        gate_report_threshold=gate.get("report_threshold"),
        gate_reports=gate_tr.get("reports"), gate_reports_positive=gate_tr.get("reports_positive"),
        gate_positive=gate_tr.get("positive"), acled_detection=ACLED_DETECTION,
        gate_stats={k: v for k, v in gate_tr.items() if k.startswith("gate_")},
    )  # fmt: skip
