"""The TimeML evaluation: reading .tml files, scoring, the CLI skip."""

from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.evaluate.timeml import (
    Span,
    TmlDoc,
    evaluate_timeml,
    print_report,
    read_tml,
    score_doc,
    split_of,
)

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>tiny</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2019-08-13" functionInDocument="CREATION_TIME">\
x</TIMEX3></DCT>
<TEXT>
Rebels <EVENT eid="e1">attacked</EVENT> the town <TIMEX3 tid="t1" type="DATE" value="2019-08-12">\
yesterday</TIMEX3> &amp; fought for <TIMEX3 tid="t2" type="DURATION" value="P3D">three days\
</TIMEX3>. Talks will resume <TIMEX3 tid="t3" type="DATE" value="2019-08-16">Friday</TIMEX3>.
</TEXT>
</TimeML>
"""


def write(tmp_path: Path) -> Path:
    (tmp_path / "tiny.tml").write_text(TML)
    return tmp_path


def test_read_tml_offsets_are_into_the_text_without_tags(tmp_path: Path) -> None:
    doc = read_tml(write(tmp_path) / "tiny.tml")
    assert str(doc.dct) == "2019-08-13"
    assert [g.value for g in doc.gold] == ["2019-08-12", "P3D", "2019-08-16"]
    for g in doc.gold:
        assert doc.text[g.start : g.end] == g.text
    assert "&" in doc.text and "<" not in doc.text


def test_score_counts_values_and_span_precision() -> None:
    gold = [Span(0, 9, "DATE", "2019-08-12"), Span(20, 30, "DURATION", "P3D")]
    doc = TmlDoc("x.tml", "yesterday" + " " * 40, None, gold)
    pred = [
        Span(0, 9, "DATE", "2019-08-11"),
        Span(22, 25, "DATE", "2019"),
        Span(40, 44, "DATE", "X"),
    ]
    c = score_doc(doc, pred)
    assert (c.gold, c.gold_right, c.pred, c.pred_overlap) == (1, 0, 3, 2)
    c = score_doc(doc, [Span(2, 5, "TIME", "2019-08-12")])
    assert c.value_acc == 1.0 and c.span_precision == 1.0


def test_evaluate_tiny_folder(tmp_path: Path) -> None:
    report = evaluate_timeml(write(tmp_path), baseline=False, parse=False)
    c = report.counts[("conflictwire", "all", "DATE/TIME")]
    assert c.gold == 2 and c.value_acc == 1.0 and c.span_precision == 1.0
    d = report.counts[("conflictwire", "all", "DURATION/SET")]
    assert d.gold == 1 and d.value_acc == 1.0
    assert report.misses == [] and report.other_misses == []


def test_duration_set_misses_are_reported_apart(tmp_path: Path) -> None:
    (tmp_path / "tiny.tml").write_text(TML.replace('value="P3D"', 'value="P4D"'))
    report = evaluate_timeml(tmp_path, baseline=False, parse=False)
    assert report.misses == []
    [(name, gold, got)] = report.other_misses
    assert name == "tiny.tml" and gold.value == "P4D" and got is not None and got.value == "P3D"


def test_cli_skips_a_missing_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", "timeml", str(tmp_path / "absent")])
    assert result.exit_code == 0
    assert "skip" in result.output


def test_misses_can_be_restricted_to_one_split(tmp_path: Path) -> None:
    (tmp_path / "tiny.tml").write_text(TML.replace('value="2019-08-16"', 'value="2019-08-17"'))
    report = evaluate_timeml(tmp_path, baseline=False, parse=False)
    assert len(report.misses) == 1
    mine, other = (
        split_of("tiny.tml"),
        {"tune": "held-out", "held-out": "tune"}[split_of("tiny.tml")],
    )
    for split, shown in ((mine, True), (other, False), ("all", True)):
        con = Console(record=True, width=200)
        print_report(report, con, misses=5, split=split)
        assert ("gold DATE 2019-08-17" in con.export_text()) is shown
