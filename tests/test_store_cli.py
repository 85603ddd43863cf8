"""`conflictwire ingest` / `events` end to end, and a SIGKILL in the middle of a large ingest."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from conflictwire.cli import app
from conflictwire.model import ACLED_COLUMNS
from conflictwire.store import Store
from storehelp import BACKENDS, drop_db, fresh_db_url

TOWNS = ["Kirkuk", "Mosul", "Tikrit", "Baqubah", "Ramadi", "Samarra", "Fallujah", "Sinjar"]


def write_reports(path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            town = TOWNS[i % len(TOWNS)]
            day = 1 + i % 27
            text = (
                f"Gunmen killed {2 + i % 5} shepherds near {town}, Iraq, on 2020-03-{day:02d}, "
                f"police said. Report number {i}."
            )
            rec = {
                "id": f"r{i}",
                "text": text,
                "published": "2020-03-28",
                "source": f"Wire {i % 3}",
            }
            fh.write(json.dumps(rec) + "\n")


def test_ingest_then_query_in_every_format(tmp_path):
    src = tmp_path / "in.jsonl"
    write_reports(src, 6)
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    run = CliRunner().invoke
    r = run(app, ["ingest", str(src), "--db", db])
    assert r.exit_code == 0, r.output
    r = run(app, ["ingest", str(src), "--db", db])
    assert r.exit_code == 0 and "6 already stored" in r.output
    with Store(db) as s:
        n = s.count()
        assert n >= 1 and s.totals()["articles"] == 6
    out = tmp_path / "e.csv"
    assert run(app, ["events", "--db", db, "--format", "acled", "-o", str(out)]).exit_code == 0
    rows = list(csv.reader(out.open()))
    assert tuple(rows[0]) == ACLED_COLUMNS and len(rows) == n + 1
    gj = tmp_path / "e.geojson"
    run(app, ["events", "--db", db, "--country", "Iraq", "--format", "geojson", "-o", str(gj)])
    assert len(json.loads(gj.read_text())["features"]) == n
    pq_out = tmp_path / "e.parquet"
    run(app, ["events", "--db", db, "--format", "parquet", "-o", str(pq_out)])
    import pyarrow.parquet as pq

    assert pq.read_table(pq_out).num_rows == n
    r = run(app, ["events", "--db", db, "--format", "plover", "--q", "wire 1"])
    assert r.exit_code == 0
    recs = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    assert recs and all(x["size"]["dead"] >= 0 and x["event_type"] for x in recs)
    r = run(app, ["events", "--db", db, "--since", "2020-03-05", "--until", "2020-03-04"])
    assert r.exit_code == 0 and "0 event(s)" in r.output
    assert run(app, ["events", "--db", db, "--bbox", "1,2"]).exit_code == 2


@pytest.mark.parametrize("backend", BACKENDS)
def test_sigkill_mid_ingest_leaves_a_consistent_store(backend, tmp_path):
    n = 240
    src = tmp_path / "big.jsonl"
    write_reports(src, n)
    db = fresh_db_url(backend, tmp_path)
    try:
        Store(db).close()  # create the schema first, so we can watch progress
        cmd = [sys.executable, "-m", "conflictwire.cli", "ingest", str(src), "--db", db]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        store = Store(db)
        deadline = time.monotonic() + 90
        reads = 0
        while store.totals()["articles"] < 20 and time.monotonic() < deadline:
            assert proc.poll() is None, proc.stderr.read().decode()
            # readers keep working while the ingest writes
            assert len(store.query(limit=3)) <= 3 and store.count() >= 0
            reads += 1
            time.sleep(0.05)
        assert reads > 0
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        partial = store.totals()
        assert 20 <= partial["articles"] < n, partial
        assert store.check() == []
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        assert f"{partial['articles']} already stored" in done.stderr
        totals = store.totals()
        assert totals["articles"] == n and store.check() == []
        # nothing doubled: one event per report (each tells one killing)
        assert totals["events"] == n
        store.close()
    finally:
        drop_db(db)


@pytest.mark.parametrize(
    ("db", "message"),
    [
        ("mysql://somewhere/x", "unsupported store"),
        ("postgresql://nobody@127.0.0.1:1/none", "cannot open the store"),
    ],
)
def test_unusable_store_is_a_clear_error(db, message):
    from typer.testing import CliRunner

    from conflictwire.cli import app

    res = CliRunner().invoke(app, ["events", "--db", db])
    assert res.exit_code == 2
    assert message in res.stderr and "Traceback" not in res.stderr


def test_query_of_a_missing_store_does_not_create_it(tmp_path):
    from typer.testing import CliRunner

    from conflictwire.cli import app

    missing = tmp_path / "nowhere" / "x.sqlite"
    res = CliRunner().invoke(app, ["events", "--db", f"sqlite:///{missing}"])
    assert res.exit_code == 2 and "no store at" in res.stderr
    assert not missing.parent.exists()


def test_corrupt_store_file_is_a_clear_error(tmp_path):
    from typer.testing import CliRunner

    from conflictwire.cli import app

    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    res = CliRunner().invoke(app, ["events", "--db", f"sqlite:///{bad}"])
    assert res.exit_code == 2 and "cannot open the store" in res.stderr
    assert bad.read_bytes() == b"this is not a database" * 100
