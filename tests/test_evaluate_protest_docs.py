"""The GLOCON protest-detection evaluator on tiny documents written for these tests."""

from __future__ import annotations

import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.evaluate.protest_docs import (
    DocumentResult,
    GloconError,
    evaluate_glocon,
    print_report,
    protest_found,
    read_documents,
    score,
)
from conflictwire.evaluate.splits import half
from conflictwire.model import Article, Event

DOCS = [
    {"id": "d1", "url": "a.txt", "label": 1,
     "text": "Thousands of teachers protested outside parliament in Nairobi on Monday, "
             "demanding higher pay."},
    {"id": "d2", "url": "b.txt", "label": 0,
     "text": "The central bank kept its interest rate unchanged on Thursday, citing stable "
             "prices."},
    {"id": "d3", "url": "c.txt", "label": 1,
     "text": "Rioters burned tyres and pelted police with stones in Karachi on Friday."},
]  # fmt: skip


@pytest.fixture
def docs_path(tmp_path):
    path = tmp_path / "docs.json"
    path.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    return path


def ev(etype: str, sub: str) -> Event:
    return Event(
        article_id="x", event_date=None, time_precision=None, disorder_type="", actor1=None,
        event_type=etype, sub_event_type=sub, confidence=0.5,
    )  # fmt: skip


class FakePipe:
    """pipe() + events(): 'docs' are the articles; events come from a table by id."""

    def __init__(self, table: dict[str, list[Event]]) -> None:
        self.table = table
        self.seen: list[Article] = []

    def pipe(self, articles):
        for a in articles:
            self.seen.append(a)
            yield a

    def events(self, doc: Article) -> list[Event]:
        return self.table.get(doc.id, [])


def test_protest_found():
    assert protest_found([ev("Protests", "Peaceful protest")])
    assert protest_found([ev("Battles", "Armed clash"), ev("Riots", "Mob violence")])
    assert protest_found([ev("Violence against civilians", "Excessive force against protesters")])
    assert not protest_found([ev("Strategic developments", "Arrests")])
    assert not protest_found([])


def test_scores_and_halves_with_a_fake_pipeline(docs_path):
    # d1 found (tp), d2 found (fp), d3 missed (fn)
    fake = FakePipe(
        {"d1": [ev("Protests", "Peaceful protest")], "d2": [ev("Riots", "Mob violence")]}
    )
    rep = evaluate_glocon(docs_path, pipeline=fake)
    assert [a.id for a in fake.seen] == ["d1", "d2", "d3"]
    assert all(a.published is None for a in fake.seen)
    sc = rep.scores("all")
    assert (sc.n, sc.positives, sc.predicted, sc.tp, sc.fp, sc.fn, sc.tn) == (3, 2, 2, 1, 1, 1, 0)
    assert sc.precision == 0.5 and sc.recall == 0.5 and sc.f1 == 0.5
    for s in ("tune", "held-out"):
        want = {d["id"] for d in DOCS if half(d["id"]) == s}
        assert {r.id for r in rep.subset(s)} == want
    assert rep.scores("tune").n + rep.scores("held-out").n == 3
    data = rep.to_dict()
    assert set(data["scores"]) == {"all", "tune", "held-out"}
    assert data["labels"] == {"0": 1, "1": 2}
    with pytest.raises(ValueError):
        rep.errors("held-out")


def test_score_edge_cases():
    sc = score([])
    assert sc.precision is None and sc.recall is None and sc.f1 is None
    none_found = score(
        [DocumentResult("a", "tune", 1, True, False), DocumentResult("b", "tune", 0, False, False)]
    )
    assert none_found.precision is None and none_found.recall == 0.0


def test_bad_files(tmp_path):
    with pytest.raises(GloconError):
        read_documents(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x", "text": "no label"}\n', encoding="utf-8")
    with pytest.raises(GloconError, match="bad.json:1"):
        read_documents(bad)


def test_real_pipeline(docs_path, pipeline):
    rep = evaluate_glocon(docs_path, pipeline=pipeline)
    found = {r.id: r.predicted for r in rep.rows}
    assert found == {"d1": True, "d2": False, "d3": True}
    sc = rep.scores("all")
    assert (sc.precision, sc.recall, sc.f1) == (1.0, 1.0, 1.0)
    buf_console = Console(width=200, record=True)
    print_report(rep, buf_console, misses=5)
    text = buf_console.export_text()
    for word in ("precision", "recall", "F1", "tune", "held-out", "label 1: 2"):
        assert word in text


def test_cli_skips_a_missing_path(tmp_path):
    res = CliRunner().invoke(app, ["evaluate", "glocon", str(tmp_path / "nope.json")])
    assert res.exit_code == 2
    assert "skip" in res.output and "Traceback" not in res.output
    assert isinstance(res.exception, SystemExit)


def test_cli_runs_and_writes_json(docs_path, tmp_path):
    out = tmp_path / "glocon.json"
    res = CliRunner().invoke(app, ["evaluate", "glocon", str(docs_path), "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "GLOCON" in res.output
    data = json.loads(out.read_text())
    assert data["documents"] == 3 and data["scores"]["all"]["positives"] == 2
