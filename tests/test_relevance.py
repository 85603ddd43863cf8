"""The relevance gate: sentence pieces, features, the shipped model, and reports it stops."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.decision.relevance import (
    RelevanceModel,
    default_relevance,
    sentences,
    text_rows,
)
from conflictwire.model import Article

CONFLICT = (
    "Gunmen attacked a police checkpoint near Kirkuk in Iraq on Monday, killing two officers "
    "and wounding three others, a security source said."
)
WEATHER = (
    "Sunny skies are expected across the region this weekend, with highs in the mid-70s and a "
    "light breeze. Showers may return by Tuesday evening."
)


@pytest.fixture(scope="module")
def shipped() -> RelevanceModel:
    model = default_relevance()
    if model is None:
        pytest.skip("no relevance model shipped")
    return model


@pytest.fixture(scope="module")
def gate(shipped) -> RelevanceModel:
    """The shipped model with a bar between a conflict report's score and a weather report's,
    so that the tests of what the pipeline does with a stopped report do not hang on where the
    shipped threshold lies."""
    bar = (shipped.score(CONFLICT) + shipped.score(WEATHER)) / 2
    return RelevanceModel({**shipped.header, "threshold": bar}, shipped.coef, shipped.intercept)


@pytest.fixture(scope="module")
def gated_pipeline(gate):
    from conflictwire.pipeline import Pipeline
    from conflictwire.resources import Resources

    res = Resources()
    res.relevance = gate
    return Pipeline(resources=res, gate=True)


def test_sentences_are_spans_of_the_text():
    text = "First piece here.\nSecond one, longer!   Tiny.  The third is a question?"
    spans = sentences(text)
    assert [text[a:b].strip() for a, b in spans] == [
        "First piece here.", "Second one, longer!", "The third is a question?"
    ]  # fmt: skip
    assert sentences("") == [(0, 0)]


def test_trigger_kinds_become_features_of_their_sentence_only():
    text = "Rebels shelled army positions near the town. The weather was mild all week."
    rows = text_rows(text, sentences(text))
    assert any(f.startswith("k=") for f in rows[0])
    assert not any(f.startswith("k=") for f in rows[1])
    assert "w=shelled" in rows[0] and "w=weather" in rows[1]


def test_shipped_gate_scores_an_event_above_a_weather_report(shipped):
    assert shipped.score(CONFLICT) > shipped.score(WEATHER)
    assert shipped.passes(CONFLICT)
    assert shipped.score("") == 0.0


def test_a_report_is_as_relevant_as_its_best_sentence(shipped):
    long = WEATHER + " " + WEATHER + "\n\n" + CONFLICT + "\n" + WEATHER
    assert shipped.score(long) == pytest.approx(shipped.score(CONFLICT), rel=1e-6)


def test_saved_gate_loads_with_the_same_scores(shipped, tmp_path):
    shipped.save(tmp_path)
    again = RelevanceModel.load(tmp_path)
    assert again.threshold == shipped.threshold
    assert again.report_threshold == shipped.report_threshold
    assert again.scores(CONFLICT) == pytest.approx(shipped.scores(CONFLICT), rel=1e-6)


def test_gated_reports_skip_the_parse_and_keep_their_place(gated_pipeline, pipeline, gate):
    arts = [Article(text=CONFLICT, id="a"), Article(text=WEATHER, id="b"),
            Article(text=CONFLICT, id="c")]  # fmt: skip
    docs = list(gated_pipeline.pipe(arts, batch_size=1))
    assert [d.article.id for d in docs] == ["a", "b", "c"]
    stopped = docs[1]
    assert stopped.gated and stopped.spacy is None and not stopped.mentions
    assert stopped.relevance is not None and stopped.relevance < gate.threshold
    assert gated_pipeline.events(stopped) == []
    assert not docs[0].gated and not docs[2].gated
    assert [e.event_type for e in gated_pipeline.events(docs[0])] == [
        e.event_type for e in pipeline.extract(arts[0])
    ]
    assert gated_pipeline.process(arts[1]).gated


def test_the_gate_is_on_by_default_and_off_on_request_or_for_training_rows(pipeline, shipped):
    from conflictwire.pipeline import Pipeline

    assert pipeline.gate is shipped
    off = Pipeline(gate=False)
    doc = off.process(Article(text=WEATHER, id="b"))
    assert doc.spacy is not None and doc.relevance is None and not doc.gated
    assert Pipeline(decide=False, gate=True).gate is None


def test_the_report_head_lets_through_what_no_sentence_does(shipped):
    """A report passes when either head reaches its bar: with a sentence bar no sentence
    reaches, the conflict report still passes on the report head alone, and a gate without a
    report head stops it."""
    if shipped.report is None:
        pytest.skip("the shipped gate has no report head")
    header = {**shipped.header, "threshold": 1.01}
    both = RelevanceModel(header, shipped.coef, shipped.intercept, shipped.report)
    best, whole = both.scores(CONFLICT)
    assert best < 1.01 and whole >= both.report_threshold
    assert both.passes(CONFLICT)
    assert not RelevanceModel(header, shipped.coef, shipped.intercept).passes(CONFLICT)
    assert both.scores("") == (0.0, float("-inf")) and not both.passes("   ")


def test_cli_counts_and_explains_gated_reports(shipped, tmp_path, monkeypatch):
    from conflictwire.resources import default_resources

    low = RelevanceModel({**shipped.header, "threshold": 1.01}, shipped.coef, shipped.intercept)
    monkeypatch.setattr(default_resources(), "relevance", low)
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": i, "text": t})
                             for i, t in (("a", CONFLICT), ("b", WEATHER))) + "\n")  # fmt: skip
    runner = CliRunner()
    res = runner.invoke(app, ["extract", str(src), "--format", "jsonl", "--explain", "--gate"])
    assert res.exit_code == 0, res.output
    assert "2 skipped by the relevance gate" in res.stderr  # a bar no report reaches
    gated = [json.loads(x) for x in res.stderr.splitlines() if '"gated"' in x]
    assert [g["article_id"] for g in gated] == ["a", "b"]
    assert all(g["threshold"] == 1.01 for g in gated)
    res = runner.invoke(app, ["extract", str(src), "--format", "jsonl", "--no-gate"])
    assert res.exit_code == 0 and "skipped by the relevance gate" not in res.stderr
    assert '"article_id": "a"' in res.stdout


def test_evaluate_gate_counts_what_a_corpus_skips(shipped, tmp_path):
    from conflictwire.evaluate.gate import evaluate_gate

    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "text": t}) for i, t in
                                (("a", CONFLICT), ("b", WEATHER), ("c", "")))
                      + "\n")  # fmt: skip
    stop_all = RelevanceModel({**shipped.header, "threshold": 1.01}, shipped.coef,
                              shipped.intercept)  # fmt: skip
    rep = evaluate_gate(stop_all, corpus=corpus)
    assert (rep.corpus_reports, rep.corpus_skipped) == (2, 2)  # the empty text is no report
    assert rep.corpus_chars == rep.corpus_chars_skipped == len(CONFLICT) + len(WEATHER)
    rep = evaluate_gate(shipped, corpus=corpus)
    assert rep.corpus_skipped == (not shipped.passes(CONFLICT)) + (not shipped.passes(WEATHER))
    assert rep.as_dict()["acled_test_notes"] == 0  # no ACLED file given
