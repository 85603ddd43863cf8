"""The relevance gate's sentence probability as a feature of the event decision."""

from __future__ import annotations

import numpy as np

from conflictwire.decision import train as train_mod
from conflictwire.decision.dataset import TrainReport
from conflictwire.decision.features import GATE_CUTS, candidate_features, gate_features
from conflictwire.decision.model import EventDecisionModel
from conflictwire.doc import Doc
from conflictwire.model import Article
from conflictwire.pipeline import Pipeline
from conflictwire.windows import window_doc


def test_gate_features_are_the_cuts_reached():
    assert gate_features(None) == []
    assert gate_features(0.0) == []
    assert gate_features(0.25) == ["g>=0.02", "g>=0.05", "g>=0.1", "g>=0.2"]
    assert len(gate_features(1.0)) == len(GATE_CUTS)


def test_relevance_at_reads_the_sentence_holding_an_offset():
    doc = Doc(Article(text="x" * 40, id="t"), clean_text="x" * 40)
    assert doc.relevance_at(5) is None  # no gate read it
    doc.sentence_relevance = [(0, 10, 0.9), (12, 30, 0.2)]
    assert doc.relevance_at(0) == 0.9 and doc.relevance_at(9) == 0.9
    assert doc.relevance_at(10) == 0.0  # between two pieces
    assert doc.relevance_at(12) == 0.2 and doc.relevance_at(29) == 0.2
    assert doc.relevance_at(35) == 0.0


def test_a_window_gets_its_share_of_the_gate_reading():
    doc = Doc(Article(text="x" * 100, id="t"), clean_text="x" * 100)
    doc.sentence_relevance = [(0, 30, 0.1), (40, 70, 0.8), (80, 100, 0.3)]
    part = window_doc(doc, 50, 90)
    assert part.sentence_relevance == [(0, 20, 0.8), (30, 40, 0.3)]
    assert part.relevance_at(5) == doc.relevance_at(55)


def test_the_pipeline_gives_candidates_the_gate_probability():
    p = Pipeline()
    if p.gate is None:  # no shipped gate: nothing to read
        return
    doc = p.process(Article(text="Rebels attacked an army base near Beni on Monday.", id="t"))
    assert doc.sentence_relevance and doc.mentions
    (m,) = doc.mentions
    feats = candidate_features(doc, m)
    gated = [f for f in feats if f.startswith("g>=")]
    assert gated == gate_features(doc.relevance_at(m.trigger.start))
    assert gate_features(doc.relevance_at(m.trigger.start))[0] in feats


def test_each_head_leaves_out_its_skipped_groups():
    n = 2**10
    header = {"n_features": n, "classes": ["Attack", "Armed clash"], "threshold": 0.5,
              "calibration": {"a": 1.0, "b": 0.0}, "event_skip": ["d="],
              "type_skip": ["g>="]}  # fmt: skip
    arrays = {
        "event_coef": np.zeros(n, dtype=np.float32),
        "event_intercept": np.zeros(1, dtype=np.float32),
        "type_coef": np.zeros((2, n), dtype=np.float32),
        "type_intercept": np.zeros(2, dtype=np.float32),
    }
    m = EventDecisionModel(header, arrays)
    m.event_coef[m.vectorise([["d=war"]]).indices[0]] = 5.0
    m.event_coef[m.vectorise([["g>=0.5"]]).indices[0]] = 2.0
    m._type_by_feature[m.vectorise([["g>=0.5"]]).indices[0], 0] = 9.0
    p_event, p_type = m.scores([["d=war", "g>=0.5", "bias"]])
    assert abs(p_event[0] - 1 / (1 + np.exp(-2.0))) < 1e-6  # d= left out, g>= read
    assert abs(p_type[0][0] - 0.5) < 1e-6  # g>= left out of the type head
    assert [f for f, _ in m.explain(["d=war", "g>=0.5"])] == ["g>=0.5"]


def test_training_candidates_read_a_gate_that_never_saw_them(monkeypatch):
    reports = [
        TrainReport(Article(text=f"Rebels attacked village {i}. Then they left.", id=f"a{i}"),
                    i % 2 == 0, None, "g")  # fmt: skip
        for i in range(12)
    ]
    rows = [[train_mod.Candidate(["w=attacked"], "Attack", "Violence against civilians", 7,
                                 (0, 30))] for _ in reports]  # fmt: skip
    seen: list[set[str]] = []
    real_fit = train_mod.train_relevance.fit

    def fit(reps):
        seen.append({r.article.id for r in reps})
        return real_fit(reps)

    monkeypatch.setattr(train_mod.train_relevance, "fit", fit)
    out = train_mod.with_gate(reports, rows)
    assert len(seen) == train_mod.FOLDS
    for rep, cands in zip(reports, out, strict=True):
        fold = train_mod._fold(rep)
        assert rep.article.id not in seen[fold]  # its own fold's gate never trained on it
        assert cands[0].features[0] == "w=attacked"
        assert any(f.startswith("g>=") for f in cands[0].features)
