"""The progress bar: drawn on a terminal (reports done, reports/s, ETA), never in a pipe or with
``--quiet``."""

from __future__ import annotations

import io

from rich.console import Console

from batchhelp import SAMPLE, cli
from conflictwire.progress import progress, shown


def _terminal() -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=True, width=120), buf


def test_a_terminal_gets_a_bar_with_rate_and_eta():
    console, buf = _terminal()
    with progress("extract", total=10, console=console) as bar:
        assert bar.shown
        for _ in range(10):
            bar.advance()
    drawn = buf.getvalue()
    assert "extract" in drawn and "10/10" in drawn and "reports/s" in drawn and "ETA" in drawn
    assert "\x1b[" in drawn  # drawn with terminal control sequences


def test_unknown_total_counts_reports():
    console, buf = _terminal()
    with progress("ingest", console=console) as bar:
        bar.advance(3)
    assert "3 reports" in buf.getvalue()


def test_total_given_later():
    console, buf = _terminal()
    with progress("batch", console=console) as bar:
        bar.total(4)
        bar.advance(4)
    assert "4/4" in buf.getvalue()


def test_quiet_when_piped_or_asked():
    piped = io.StringIO()
    with progress("extract", total=2, console=Console(file=piped)) as bar:
        assert not bar.shown
        bar.advance(2)
    assert piped.getvalue() == ""
    console, buf = _terminal()
    with progress("extract", total=2, quiet=True, console=console) as bar:
        bar.advance(2)
    assert buf.getvalue() == ""
    assert not shown(Console(file=io.StringIO()))
    assert shown(console) and not shown(console, quiet=True)


def test_commands_draw_nothing_on_a_pipe(tmp_path):
    out = tmp_path / "events.jsonl"
    db = f"sqlite:///{tmp_path / 's.db'}"
    for args in (["extract", str(SAMPLE), "--format", "jsonl", "-o", str(out)],
                 ["extract", str(SAMPLE), "--format", "jsonl", "-o", str(out), "--quiet"],
                 ["ingest", str(SAMPLE), "--db", db, "-q"]):  # fmt: skip
        res = cli(*args)
        assert res.exit_code == 0, res.output
        assert "\x1b[" not in res.stderr and "reports/s" not in res.stderr
        assert res.stderr.strip().splitlines()[-1].startswith("13 report(s) read")
