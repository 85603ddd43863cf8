"""No input stops a run: the crash corpus (tests/data/crash/) through `extract` and `ingest`,
bounded readers (huge lines, gzip bombs), bounded numbers and dates, a fuzz of the report guard.

Each file in tests/data/crash/ once ended a whole run with a traceback (and a rerun stopped at the
same report). Now each bad report is one line on stderr naming its input and line, the good
reports around it still give their events or are stored, and a rerun stores nothing twice."""

from __future__ import annotations

import gzip
import json
import re
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conflictwire.bounds import MAX_COUNT, MAX_YEAR, MIN_YEAR, spacy_safe
from conflictwire.cli import app
from conflictwire.guard import Done, describe, guarded, store_failure
from conflictwire.ingest import (
    InputError,
    Rejection,
    Sourced,
    line_cap,
    parse_published,
    read_sourced,
    split_results,
)
from conflictwire.model import Article
from conflictwire.store import Store
from storehelp import BACKENDS, drop_db, fresh_db_url

CRASH = Path(__file__).parent / "data" / "crash"
TOWNS = ["Kirkuk", "Tikrit", "Ramadi", "Samarra", "Fallujah", "Sinjar", "Baqubah", "Hit"]
# what each crash report becomes: rejected by the reader (with this in the reason) or read
REJECTED = {
    "huge-int": "unreadable JSON (Exceeds the limit (4300 digits)",
    "deep": "unreadable JSON (nested too deeply)",
    "far-future": "year 9999 is outside 1900-2100",
    "year-one": "year 1 is outside 1900-2100",
}
READ = ["surrogate", "control", "huge-count", "billion", "listed-sum", "scales", "far-ago",
        "year-9999"]  # fmt: skip


def good(i: int) -> str:
    text = f"Gunmen killed {i + 2} shepherds near {TOWNS[i % len(TOWNS)]}, Iraq, on Monday."
    return json.dumps({"id": f"good-{i}", "text": text, "published": "2020-03-10"})


def crash_lines() -> list[str]:
    return [x for p in sorted(CRASH.glob("*.jsonl")) for x in p.read_text("utf-8").splitlines()]


def mixed(path: Path) -> tuple[Path, dict[str, int]]:
    """Every crash report between good ones; the line number of each report's id."""
    lines, where = [], {}
    for i, bad in enumerate(crash_lines()):
        lines += [good(i), bad]
    lines.append(good(len(lines) // 2))
    for n, line in enumerate(lines, start=1):
        rid = line.split('"id": "', 1)[1].split('"', 1)[0]
        where[rid] = n
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, where


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def rejected_lines(stderr: str) -> dict[int, str]:
    out = {}
    for line in stderr.splitlines():
        if line.startswith("rejected "):
            where, reason = line.removeprefix("rejected ").split(": ", 1)
            out[int(where.rsplit(":", 1)[1])] = reason
    return out


# --------------------------------------------------------------------------- the crash corpus


def test_corpus_covers_every_crash():
    ids = [re.search(r'"id": "([^"]+)"', x).group(1) for x in crash_lines()]  # type: ignore
    assert sorted(ids) == sorted([*REJECTED, *READ])


def test_extract_rejects_each_crash_on_one_line_and_goes_on(tmp_path):
    src, where = mixed(tmp_path / "mixed.jsonl")
    res = run("extract", str(src), "--format", "jsonl")
    assert res.exit_code == 1, res.output  # rejected inputs: 1, as for any bad input
    assert "Traceback" not in res.stderr
    rejected = rejected_lines(res.stderr)
    assert set(rejected) == {where[rid] for rid in REJECTED}
    for rid, reason in REJECTED.items():
        assert reason in rejected[where[rid]]
        assert f"{src}:{where[rid]}: " in res.stderr
    events = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    by_id: dict[str, list[dict]] = {}
    for e in events:
        by_id.setdefault(e["article_id"], []).append(e)
    goods = [rid for rid in where if rid.startswith("good-")]
    for rid in goods:  # every good report still gives its event, with its own count
        assert [e["fatalities"] for e in by_id[rid]] == [int(rid.split("-")[1]) + 2]
    assert set(by_id) - set(goods) <= set(READ)
    for e in events:
        assert 0 <= e["fatalities"] <= MAX_COUNT and 0 <= e["injuries"] <= MAX_COUNT
        if e["event_date"]:
            assert MIN_YEAR <= int(e["event_date"][:4]) <= MAX_YEAR
    n = len(where) - len(REJECTED)
    closing = res.stderr.strip().splitlines()[-1]
    assert closing.startswith(f"{n} report(s) read, {len(events)} event(s), ")
    assert closing.endswith(f"skipped by the relevance gate, {len(REJECTED)} rejected")


def test_surrogate_and_control_characters_keep_evidence_exact(tmp_path):
    lines = (CRASH / "surrogate.jsonl").read_text() + (CRASH / "control-chars.jsonl").read_text()
    src = tmp_path / "chars.jsonl"
    src.write_text(lines, encoding="utf-8")
    texts = {s.article.id: s.article.text for s in read_sourced([src])}
    assert texts["surrogate"] == "Gunmen killed 4 people in Mosul \ufffd on Monday."
    res = run("extract", str(src), "--format", "jsonl")
    assert res.exit_code == 0, res.output
    events = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    assert {e["article_id"] for e in events} == {"surrogate", "control"}
    for e in events:
        assert e["fatalities"] == 4
        for ev in e["evidence"].values():
            assert texts[e["article_id"]][ev["start"] : ev["end"]] == ev["text"]
    assert [e["source"] for e in events if e["article_id"] == "surrogate"] == ["Wire \ufffd"]


def test_huge_counts_are_not_counts(tmp_path):
    res = run("extract", str(CRASH / "huge-count.jsonl"), "--format", "jsonl")
    assert res.exit_code == 0, res.output
    events = {}
    for x in res.stdout.splitlines():
        if x.startswith("{"):
            e = json.loads(x)
            events[e["article_id"]] = e["fatalities"]
    assert events == {"huge-count": 0, "billion": 0, "listed-sum": 0, "scales": 0}


def test_ceiling_still_counts_large_tolls(pipeline):
    ev = pipeline.extract(Article("A car bomb killed 1,200 people in Mosul on Monday.", "x",
                                  date(2020, 3, 10)))  # fmt: skip
    assert [e.fatalities for e in ev] == [1200]


def test_extreme_dates_are_rejected_or_date_nothing(tmp_path):
    res = run("extract", str(CRASH / "extreme-dates.jsonl"), "--format", "jsonl",
              "--include-historical")  # fmt: skip
    assert res.exit_code == 1 and "Traceback" not in res.stderr
    assert set(rejected_lines(res.stderr)) == {1, 2}
    events = {json.loads(x)["article_id"]: json.loads(x) for x in res.stdout.splitlines()
              if x.startswith("{")}  # fmt: skip
    assert "year-9999" in events  # "far-ago" is read too (not rejected); the decision drops it
    for e in events.values():  # no date out of bounds ("9999" dates nothing)
        assert e["event_date"] is None or MIN_YEAR <= int(e["event_date"][:4]) <= MAX_YEAR


def test_days_out_of_bounds_date_nothing_but_stay_background():
    from conflictwire.timex import latest_day, tag

    txs = tag("Troops fought there on 12 August 1850.", date(2020, 3, 10))
    assert [(t.value, t.date) for t in txs] == [("1850-08-12", None)]
    assert latest_day(txs[0]) == date(1850, 8, 12)  # so an event it dates is background


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"])
def test_published_option_out_of_range_is_a_clear_error(day):
    res = CliRunner().invoke(app, ["extract", "-", "--published", day],
                             input="Gunmen killed 4 people in Mosul yesterday.")  # fmt: skip
    assert res.exit_code == 2
    assert day in res.stderr and "outside 1900-2100" in res.stderr
    assert "Traceback" not in res.stderr


def test_parse_published_bounds():
    assert parse_published("1900-01-01") == date(1900, 1, 1)
    assert parse_published(date(2100, 12, 31)) == date(2100, 12, 31)
    for bad in ("1899-12-31", "2101-01-01", date(1, 1, 1), "9999-12-31T23:59:59Z"):
        with pytest.raises(InputError, match="outside 1900-2100"):
            parse_published(bad)


def test_library_caller_extreme_published_is_ignored(pipeline):
    for pub in (date(1, 1, 1), date(9999, 12, 31)):
        doc = pipeline.process(Article("Gunmen killed 4 people in Mosul tomorrow.", "x", pub))
        assert "outside 1900-2100" in doc.extra["published_ignored"]
        assert [(e.fatalities, e.event_date) for e in pipeline.events(doc)] == [(4, None)]


# --------------------------------------------------------------------------- bounded readers


def test_overlong_gzip_line_is_rejected_and_the_next_line_read(tmp_path):
    src = tmp_path / "big.jsonl.gz"
    with gzip.open(src, "wb", compresslevel=1) as fh:
        fh.write(b'{"id": "big", "text": "' + b"a" * (3 * line_cap(5_000_000)) + b'"}\n')
        fh.write(good(0).encode() + b"\n")
    res = run("extract", str(src), "--format", "jsonl")
    assert res.exit_code == 1
    assert f"{src}:1: line is too large: over the 10.0 MB limit" in res.stderr
    ids = {json.loads(x)["article_id"] for x in res.stdout.splitlines() if x.startswith("{")}
    assert ids == {"good-0"}


def test_gzip_bomb_is_read_in_bounded_memory_and_abandoned(tmp_path):
    max_bytes = 10_000
    cap = line_cap(max_bytes)
    src = tmp_path / "bomb.jsonl.gz"
    with gzip.open(src, "wb") as fh:
        fh.write(good(0).encode() + b"\n" + b'{"text": "')
        for _ in range(400):  # 400 caps without a line end
            fh.write(b"a" * cap)
        fh.write(b'"}\n' + good(1).encode() + b"\n")
    tracemalloc.start()
    try:
        items = list(read_sourced([src], max_bytes=max_bytes))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * cap  # never the line itself (400 caps), only pieces of it
    arts, rejs = split_results(items)
    assert [s.article.id for s in arts] == ["good-0"]
    assert [r.line for r in rejs] == [2, 2]
    assert "line is too large" in rejs[0].reason
    assert "the rest of the file is not read" in rejs[1].reason


def test_plain_overlong_line_then_good_lines(tmp_path):
    src = tmp_path / "x.jsonl"
    src.write_text(good(0) + "\n" + '{"text": "' + "b" * 5000 + '"}\n' + good(1) + "\n")
    arts, rejs = split_results(read_sourced([src], max_bytes=1000))
    assert [s.article.id for s in arts] == ["good-0", "good-1"]
    assert [s.line for s in arts] == [1, 3]
    assert [(r.line, r.reason) for r in rejs] == [(2, "line is too large: over the 3.0 KB limit")]


def test_json_file_over_the_cap_is_not_read(tmp_path):
    src = tmp_path / "many.json"
    src.write_text(json.dumps([{"text": "Gunmen killed 3 in Kano."}] * 200))
    arts, rejs = split_results(read_sourced([src], max_bytes=1000))
    assert arts == [] and "JSON file is too large" in rejs[0].reason
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5000 + "]" * 5000)
    assert "nested too deeply" in split_results(read_sourced([deep]))[1][0].reason


def test_stdin_is_read_only_up_to_the_limit():
    import io

    arts, rejs = split_results(read_sourced(["-"], stdin=io.BytesIO(b"a " * 5000), max_bytes=1000))
    assert arts == [] and "over the 1.0 KB limit" in rejs[0].reason


# --------------------------------------------------------------------------- the store


@pytest.mark.parametrize("backend", BACKENDS)
def test_ingest_survives_the_crash_corpus_and_reruns(backend, tmp_path):
    src, where = mixed(tmp_path / "mixed.jsonl")
    db = fresh_db_url(backend, tmp_path)
    try:
        res = run("ingest", str(src), "--db", db)
        assert res.exit_code == 1, res.output
        assert set(rejected_lines(res.stderr)) == {where[rid] for rid in REJECTED}
        n = len(where) - len(REJECTED)
        with Store(db) as s:
            totals = s.totals()
            assert totals["articles"] == n and s.check() == []
        again = run("ingest", str(src), "--db", db)
        assert again.exit_code == 1 and f"0 added, 0 replaced, {n} already stored" in again.stderr
        with Store(db) as s:
            assert s.totals() == totals
    finally:
        drop_db(db)


@pytest.mark.parametrize("backend", BACKENDS)
def test_store_error_of_one_report_rolls_back_that_report_only(backend, tmp_path, monkeypatch):
    """A count the store cannot hold (as before counts were bounded: SQLite OverflowError,
    PostgreSQL 'integer out of range') rejects its report; the others are stored, once."""
    from conflictwire.pipeline import Pipeline

    events = Pipeline.events

    def overflowing(self, doc):
        evs = events(self, doc)
        if doc.article.id == "good-1":
            for e in evs:
                e.fatalities = 4030482174004311359488
        return evs

    monkeypatch.setattr(Pipeline, "events", overflowing)
    src = tmp_path / "batch.jsonl"
    src.write_text("\n".join(good(i) for i in range(4)) + "\n", encoding="utf-8")
    db = fresh_db_url(backend, tmp_path)
    try:
        res = run("ingest", str(src), "--db", db)
        assert res.exit_code == 1 and "Traceback" not in res.stderr
        assert list(rejected_lines(res.stderr)) == [2]
        assert "could not be stored" in res.stderr
        assert "3 added" in res.stderr
        with Store(db) as s:
            assert s.totals()["articles"] == 3 and s.check() == []
        monkeypatch.setattr(Pipeline, "events", events)
        again = run("ingest", str(src), "--db", db)
        assert again.exit_code == 0, again.output
        assert "1 added, 0 replaced, 3 already stored" in again.stderr
        with Store(db) as s:
            assert s.totals()["articles"] == 4 and s.totals()["events"] == 4
    finally:
        drop_db(db)


def test_store_failure_tells_report_errors_from_store_errors():
    import sqlite3

    from sqlalchemy.exc import DataError, OperationalError

    assert not store_failure(OverflowError("Python int too large to convert to SQLite INTEGER"))
    assert not store_failure(DataError("INSERT", {}, Exception("integer out of range")))
    assert store_failure(OperationalError("INSERT", {}, sqlite3.OperationalError("disk full")))
    assert store_failure(OSError(28, "No space left on device"))


# --------------------------------------------------------------------------- the guard


def test_guard_rejects_the_failing_report_of_a_batch(pipeline, monkeypatch):
    from conflictwire.stages import counts

    run_counts = counts.run

    def boom(doc, res):
        if "Tikrit" in doc.text:
            raise RuntimeError("a bug in one stage")
        return run_counts(doc, res)

    monkeypatch.setattr(pipeline, "stages", tuple(
        (n, boom if n == "counts" else f) for n, f in pipeline.stages))  # fmt: skip
    reports = [Sourced(Article(json.loads(good(i))["text"], f"g{i}", date(2020, 3, 10)), "in", i)
               for i in range(1, 5)]  # fmt: skip
    out = list(guarded(pipeline, reports, batch_size=4))
    assert [type(x).__name__ for x in out] == ["Rejection", "Done", "Done", "Done"]
    assert out[0].line == 1 and out[0].input == "in"
    assert "could not be processed (RuntimeError in pipeline.py:" in out[0].reason
    assert "a bug in one stage" in out[0].reason
    assert all(len(x.events) == 1 for x in out[1:] if isinstance(x, Done))


def test_describe_is_one_line_naming_the_code():
    from conflictwire.timex.days import _month_day

    with pytest.raises(ValueError) as info:
        _month_day(10_000, 1, None)
    text = describe(info.value)
    assert re.fullmatch(r"ValueError in timex/days\.py:\d+: year 10000 is out of range", text)


def test_spacy_safe_keeps_length():
    s = "a\ud800b\x01c\td\ne\r\x7f\x85"
    assert len(spacy_safe(s)) == len(s) and spacy_safe(s) == "a b c\td\ne\r  "


WORDS = st.sampled_from([
    "gunmen", "attacked", "killed", "two", "soldiers", "in", "Kirkuk", "on", "Monday", "\n",
    "yesterday", "tomorrow", "the next day", "9999 years ago", "99999999999999999999 days ago",
    "31 December 9999", "0001-01-01", "million", "4030482174004311359488", "900,000", "and",
    "\ud800", "\x01", "\x0b", "\x85", "Q4 9999", "the 9990s", "two centuries ago", "Easter",
    "killed 999999 soldiers and 999999 others", "hundred thousand million",
])  # fmt: skip
TEXTS = st.one_of(
    st.text(st.characters(blacklist_categories=()), max_size=200),  # surrogates too
    st.lists(WORDS, max_size=40).map(" ".join),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS, published=st.one_of(st.none(), st.dates()))
def test_fuzz_guard_rejects_nothing_and_keeps_bounds(pipeline, text, published):
    """Random text and any date: no stage fails (the guard would reject), every event is in
    bounds and its evidence exact against the report's (stored) text."""
    out = list(guarded(pipeline, [Sourced(Article(text, "f", published), "fuzz", 1)]))
    assert len(out) == 1
    assert not isinstance(out[0], Rejection), out[0].reason
    stored = out[0].doc.article.text
    stored.encode("utf-8")  # storable and printable
    for e in out[0].events:
        assert 0 <= e.fatalities <= MAX_COUNT and 0 <= e.injuries <= MAX_COUNT
        assert e.event_date is None or MIN_YEAR <= e.event_date.year <= MAX_YEAR
        for ev in e.evidence.values():
            assert stored[ev.start : ev.end] == ev.text


def test_a_failing_store_ends_the_run_and_a_rerun_finishes(tmp_path, monkeypatch):
    """A failure of the store itself (disk full) is not one report's: the run ends with one
    error line (exit 2); what was stored stays, once, and a rerun stores the rest."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    ingest = Store.ingest

    def full(self, article, evs):
        if article.id == "good-2":
            disk = sqlite3.OperationalError("database or disk is full")
            raise OperationalError("INSERT", {}, disk)
        return ingest(self, article, evs)

    monkeypatch.setattr(Store, "ingest", full)
    src = tmp_path / "batch.jsonl"
    src.write_text("\n".join(good(i) for i in range(4)) + "\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'full.sqlite'}"
    res = run("ingest", str(src), "--db", db)
    assert res.exit_code == 2 and "Traceback" not in res.stderr
    assert "database or disk is full" in res.stderr and "rejected" not in res.stderr
    with Store(db) as s:
        assert s.totals()["articles"] == 2 and s.check() == []
    monkeypatch.setattr(Store, "ingest", ingest)
    again = run("ingest", str(src), "--db", db)
    assert again.exit_code == 0 and "2 added, 0 replaced, 2 already stored" in again.stderr
