"""The command line on every news format: `extract` and `ingest` on HTML, feeds, WARC and
directories, bad input of each kind named on one line while the rest is processed."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest
from typer.testing import CliRunner

from conflictwire.cli import app
from formathelp import FORMATS, KIRKUK, serve, warc_bytes


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str):
    return runner.invoke(app, list(args))


def events(res) -> list[dict]:
    return [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]


def rejected(res) -> list[str]:
    return [x for x in res.stderr.splitlines() if x.startswith("rejected ")]


def test_extract_an_html_page(runner):
    res = run(runner, "extract", str(FORMATS / "article.html"), "--format", "jsonl")
    assert res.exit_code == 0, res.output
    (ev,) = [e for e in events(res) if e["fatalities"] == 2]
    assert ev["article_id"] == "article" and ev["source"] == "Tigris Wire"
    assert ev["event_date"] == "2019-08-12" and ev["country"] == "Iraq"
    for field in ev["evidence"].values():  # offsets into the page's main text
        assert field["text"]


@pytest.mark.parametrize(("name", "article_id", "day"), [
    ("feed.rss", "tigris-2019-0812-1", "2019-08-12"),
    ("feed.atom", "urn:example:sahel-monitor:1", "2020-03-09"),
])  # fmt: skip
def test_extract_a_feed(runner, name, article_id, day):
    res = run(runner, "extract", str(FORMATS / name), "--format", "jsonl")
    ids = {e["article_id"] for e in events(res)}
    assert article_id in ids, res.output
    (first,) = [e for e in events(res) if e["article_id"] == article_id]
    assert first["event_date"] <= day
    if name == "feed.rss":  # its third item has a date nobody can read
        assert res.exit_code == 1
        assert rejected(res) == [f"rejected {FORMATS / name}: item 3: publication date "
                                 "'sometime last week' is not an ISO date (YYYY-MM-DD), an RFC "
                                 "2822 date or a written date (December 17, 2016)"]  # fmt: skip
    else:
        assert res.exit_code == 0, res.output


def test_extract_a_feed_url(runner, tmp_path):
    shutil.copy(FORMATS / "feed.atom", tmp_path / "feed.atom")
    with serve(tmp_path) as base:
        res = run(runner, "extract", f"{base}/feed.atom", "--format", "jsonl")
    assert res.exit_code == 0, res.output
    assert "urn:example:sahel-monitor:1" in {e["article_id"] for e in events(res)}


def test_extract_a_warc(runner, tmp_path):
    path = tmp_path / "cc.warc.gz"
    path.write_bytes(warc_bytes())
    res = run(runner, "extract", str(path), "--format", "jsonl")
    assert res.exit_code == 1  # record 5 is a page without an article
    assert rejected(res) == [f"rejected {path}: record 5 (https://news.example/): no "
                             "article text in the page (only navigation, links or "
                             "boilerplate)"]  # fmt: skip
    assert {e["article_id"] for e in events(res)} >= {"cc:2"}
    assert "2 report(s) read" in res.stderr


def test_extract_a_directory_with_bad_inputs_of_every_kind(runner, tmp_path):
    root = tmp_path / "day"
    (root / "feeds").mkdir(parents=True)
    for name in ("article.html", "no-article.html", "garbage.xml"):
        shutil.copy(FORMATS / name, root / name)
    shutil.copy(FORMATS / "feed.atom", root / "feeds" / "sahel.atom")
    data = warc_bytes()
    (root / "cut.warc.gz").write_bytes(data[: len(data) - 120])
    lines = gzip.compress((json.dumps({"id": "z1", "text": KIRKUK}) + "\n").encode() * 50)
    (root / "cut.jsonl.gz").write_bytes(lines[: len(lines) - 10])
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    res = run(runner, "extract", str(root), "--format", "jsonl")
    assert res.exit_code == 1 and "Traceback" not in res.output
    bad = rejected(res)
    assert len(bad) == 5, res.stderr
    for name in ("no-article.html", "garbage.xml", "cut.warc.gz", "cut.jsonl.gz"):
        assert any(line.startswith(f"rejected {root / name}") for line in bad), (name, bad)
    assert f"skipped {root / 'photo.jpg'}: not a format read here" in res.stderr
    ids = {e["article_id"] for e in events(res)}
    assert {"article", "urn:example:sahel-monitor:1", "cut:2"} <= ids


def test_ingest_a_directory_twice_stores_once(runner, tmp_path):
    root = tmp_path / "day"
    root.mkdir()
    shutil.copy(FORMATS / "article.html", root)
    shutil.copy(FORMATS / "feed.atom", root)
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    first = run(runner, "ingest", str(root), "--db", db)
    assert first.exit_code == 0, first.output
    assert "3 added" in first.stderr and "Store: 3 articles" in first.stderr
    again = run(runner, "ingest", str(root), str(root / "feed.atom"), "--db", db)
    assert again.exit_code == 1  # the feed named twice: read once, and said so
    assert "0 added" in again.stderr and "3 already stored" in again.stderr
    assert "Store: 3 articles" in again.stderr
    assert rejected(again) == [f"rejected {root / 'feed.atom'}: already read (as "
                               f"{root / 'feed.atom'}): not read twice"]  # fmt: skip


def test_help_names_the_formats(runner):
    res = run(runner, "extract", "--help")
    assert ".warc" in res.output and "directories" in res.output
