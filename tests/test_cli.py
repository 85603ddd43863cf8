"""The command line end to end: formats, and bad input that is named, skipped and counted."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.model import ACLED_COLUMNS

REPORT = (
    "Gunmen attacked a police checkpoint near Kirkuk in Iraq on Monday, killing two officers "
    "and wounding three others, a security source said."
)


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_extract_jsonl_from_stdin(runner):
    res = run(runner, "extract", "-", "--published", "2019-08-13", "--source", "Desk",
              "--format", "jsonl", stdin=REPORT)  # fmt: skip
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    assert lines and lines[0]["event_type"] == "Battles"
    assert lines[0]["event_date"] == "2019-08-12" and lines[0]["fatalities"] == 2
    assert lines[0]["source"] == "Desk" and lines[0]["country"] == "Iraq"
    for ev in lines[0]["evidence"].values():
        assert REPORT[ev["start"] : ev["end"]] == ev["text"]


def test_extract_acled_csv_has_acleds_columns_in_order(runner, tmp_path):
    src = tmp_path / "r.txt"
    src.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "out.csv"
    res = run(runner, "extract", str(src), "--published", "2019-08-13", "--format", "acled",
              "-o", str(out))  # fmt: skip
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == ACLED_COLUMNS and len(ACLED_COLUMNS) == 31
    assert len(rows) == 2 and rows[1][ACLED_COLUMNS.index("event_type")] == "Battles"


def test_bad_inputs_are_named_good_ones_still_processed(runner, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Des manifestants à Paris".encode("latin-1"))
    big = tmp_path / "big.txt"
    big.write_text("Troops clashed with rebels. " * 400_000, encoding="utf-8")  # ~11 MB
    french = tmp_path / "fr.txt"
    fr_text = (
        "Des manifestants se sont rassemblés devant la mairie pour dénoncer la "
        "hausse des prix et les coupures d'électricité."
    )
    french.write_text(fr_text, encoding="utf-8")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "ok1", "text": REPORT, "published": "2019-08-13"}) + "\n"
        + "{not json\n"
        + json.dumps({"id": "bad-date", "text": REPORT, "published": "2019-02-30"}) + "\n"
        + json.dumps({"id": "ok2", "text": REPORT}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    missing = tmp_path / "nope.txt"
    args = [str(p) for p in (good, empty, binary, latin, big, french, batch, missing)]
    res = run(runner, "extract", *args, "--published", "2019-08-13", "--format", "jsonl")
    assert res.exit_code == 1
    err = res.stderr
    for name in ("empty.txt", "blob.txt", "latin.txt", "big.txt", "fr.txt", "nope.txt"):
        assert name in err, (name, err)
    assert "batch.jsonl:2" in err and "batch.jsonl:3" in err
    assert "Traceback" not in res.output + err
    ids = {json.loads(x)["article_id"] for x in res.stdout.splitlines() if x.startswith("{")}
    assert ids == {"good", "ok1", "ok2"}


def test_impossible_published_option_is_a_clear_error(runner):
    res = run(runner, "extract", "-", "--published", "2019-13-45", stdin=REPORT)
    assert res.exit_code == 2
    assert "2019-13-45" in res.stderr and "Traceback" not in res.stderr


def test_no_publication_date_gives_no_guessed_date(runner):
    res = run(runner, "extract", "-", "--format", "jsonl", stdin=REPORT)
    assert res.exit_code == 0
    lines = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    assert lines and lines[0]["event_date"] is None and lines[0]["time_precision"] is None
