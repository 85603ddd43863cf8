"""`conflictwire watch`: polling feeds, storing only new items, surviving feeds that are down or
malformed (watch.py)."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.watch import SeenItems, parse_every, state_path
from formathelp import FORMATS, free_port, serve

MORE = """  <entry>
    <title>Gunmen kill two police officers near Kirkuk</title>
    <id>urn:example:sahel-monitor:3</id>
    <link href="https://sahel-monitor.example/iraq/kirkuk"/>
    <published>2019-08-12T09:30:00+03:00</published>
    <summary>Gunmen attacked a police checkpoint near Kirkuk in Iraq on Monday, killing two
    officers and wounding three others, a security source said.</summary>
  </entry>
</feed>"""


@pytest.mark.parametrize(("text", "seconds"), [
    ("30s", 30), ("10m", 600), ("1h", 3600), ("1h30m", 5400), ("90", 90), (" 2M ", 120),
    ("1.5m", 90), ("1d", 86400),
])  # fmt: skip
def test_durations(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "10x", "ten minutes", "0s", "-5m", "0.2s"])
def test_bad_durations(text):
    with pytest.raises(ValueError, match="duration|too short"):
        parse_every(text)


def test_seen_items_persist_and_stay_bounded(tmp_path, monkeypatch):
    import conflictwire.watch as watch

    path = tmp_path / "seen.json"
    seen = SeenItems(path)
    seen.add("f", ["a", "b"])
    seen.save()
    again = SeenItems(path)
    assert again.has("f", "a") and again.has("f", "b") and not again.has("g", "a")
    monkeypatch.setattr(watch, "MAX_KEYS", 3)
    again.add("f", ["c", "d", "e"])
    assert [again.has("f", k) for k in "abcde"] == [False, False, True, True, True]
    path.write_text("{not json")
    assert not SeenItems(path).has("f", "c")  # a damaged file starts afresh


def test_state_file_is_beside_a_sqlite_store(tmp_path):
    assert state_path(f"sqlite:///{tmp_path / 's.sqlite'}") == tmp_path / "s.sqlite.watch.json"
    pg = state_path("postgresql://u:secret@h/db")
    assert pg.name.startswith("watch-") and "secret" not in str(pg)


def _totals(db: str) -> dict[str, int]:
    from conflictwire.store import Store

    with Store(db) as store:
        return store.totals()


def test_watch_once_stores_each_item_once_and_survives_bad_feeds(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(FORMATS / "feed.atom", site / "sahel.atom")
    shutil.copy(FORMATS / "garbage.xml", site / "garbage.xml")
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    down = f"http://127.0.0.1:{free_port()}/feed.rss"
    runner = CliRunner()
    with serve(site) as base:
        feeds = [down, f"{base}/sahel.atom", f"{base}/garbage.xml"]
        first = runner.invoke(app, ["watch", *feeds, "--db", db, "--once"])
        assert first.exit_code == 1, first.output  # two feeds could not be read
        lines = first.stdout.splitlines()
        assert len(lines) == 3 and "Traceback" not in first.output
        assert f"warning: {down}: cannot fetch the feed" in lines[0]
        assert f"{base}/sahel.atom: 2 item(s), 2 new: 2 added, 0 replaced" in lines[1]
        assert f"warning: {base}/garbage.xml: not an RSS or Atom feed" in lines[2]
        stored = _totals(db)
        assert stored["articles"] == 2 and stored["events"] >= 2

        second = runner.invoke(app, ["watch", f"{base}/sahel.atom", "--db", db, "--once"])
        assert second.exit_code == 0, second.output
        assert "2 item(s), 0 new: 0 added" in second.stdout
        assert _totals(db) == stored

        feed = site / "sahel.atom"  # a new item appears
        feed.write_text(feed.read_text().replace("</feed>", MORE))
        third = runner.invoke(app, ["watch", f"{base}/sahel.atom", "--db", db, "--once"])
        assert third.exit_code == 0, third.output
        assert "3 item(s), 1 new: 1 added" in third.stdout
        assert _totals(db)["articles"] == 3
    assert (tmp_path / "store.sqlite.watch.json").is_file()


def test_forgotten_state_still_stores_nothing_twice(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    feed = str(FORMATS / "feed.atom")
    runner = CliRunner()
    assert runner.invoke(app, ["watch", feed, "--db", db, "--once"]).exit_code == 0
    stored = _totals(db)
    res = runner.invoke(app, ["watch", feed, "--db", db, "--once", "--state",
                              str(tmp_path / "other.json")])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert "2 new: 0 added, 0 replaced, 2 already stored" in res.stdout
    assert _totals(db) == stored


def test_rejected_items_are_named_once(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    feed = str(FORMATS / "feed.rss")  # its third item's date cannot be read
    runner = CliRunner()
    first = runner.invoke(app, ["watch", feed, "--db", db, "--once"])
    assert first.exit_code == 1
    assert [x for x in first.stderr.splitlines() if x.startswith("rejected")] == [
        f"rejected {feed}: item 3: publication date 'sometime last week' is not an ISO date "
        "(YYYY-MM-DD), an RFC 2822 date or a written date (December 17, 2016)"]  # fmt: skip
    assert "3 item(s), 3 new: 2 added, 0 replaced, 0 already stored, 1 rejected" in first.stdout
    second = runner.invoke(app, ["watch", feed, "--db", db, "--once"])
    assert second.exit_code == 0 and "rejected" not in second.stderr
    assert "3 item(s), 0 new" in second.stdout


def test_the_loop_goes_on_until_interrupted(tmp_path, monkeypatch):
    import time

    db = f"sqlite:///{tmp_path / 'store.sqlite'}"
    down = f"http://127.0.0.1:{free_port()}/feed.rss"
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 3:
            raise KeyboardInterrupt  # Ctrl-C while waiting for the fourth poll

    monkeypatch.setattr(time, "sleep", sleep)
    res = CliRunner().invoke(app, ["watch", down, str(FORMATS / "feed.atom"), "--db", db,
                                   "--every", "2m"])  # fmt: skip
    assert res.exit_code == 0, res.output
    assert sleeps == [120, 120, 120] and "stopped" in res.stderr
    lines = res.stdout.splitlines()
    assert len(lines) == 6 and sum("warning" in x for x in lines) == 3
    assert "2 new: 2 added" in lines[1] and "0 new" in lines[3] and "0 new" in lines[5]


def test_bad_every_is_a_clear_error(tmp_path):
    res = CliRunner().invoke(app, ["watch", "x.rss", "--every", "soon",
                                   "--db", f"sqlite:///{tmp_path / 's.sqlite'}"])  # fmt: skip
    assert res.exit_code == 2 and "--every" in res.stderr and "Traceback" not in res.output
