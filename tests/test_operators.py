"""What an operator meets: secrets never shown, stores never created by a read, binary never to a
terminal, one-line messages in logs, and a full disk or a damaged store said in one line."""

from __future__ import annotations

import json
import os
import pty
import select
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy.pool import Pool
from typer.testing import CliRunner

from conflictwire import errors
from conflictwire.cli import app
from conflictwire.store import Store
from storehelp import PG_ENV, article, drop_db, event, fresh_db_url, place

SECRET = "s3cret-Pa55word"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


def one_line_error(res, code: int = 2) -> str:
    """The command failed with ``code`` and said why in exactly one line, without traceback."""
    assert res.exit_code == code, (res.exit_code, res.stderr, res.exception)
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    assert "Traceback" not in res.stderr
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return lines[0]


def make_store(path: Path, n: int = 3) -> str:
    """A small SQLite store (``n`` reports of distinct incidents), its WAL checkpointed."""
    db = f"sqlite:///{path}"
    with Store(db) as s:
        for i in range(n):
            text = f"Turkish jets struck Soran on day {i}, officials said."
            where = place("Soran", 36.6 + i, 44.5 + i)
            s.ingest(
                article(text, f"wire{i}", date(2020, 3, 20)),
                [event(text, date(2020, 3, 1 + i), where)],
            )
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return db


# ------------------------------------------------------------------ secrets


@pytest.mark.parametrize(
    "db",
    [
        f"postgresql://cw:{SECRET}@127.0.0.1:1/db",  # unreachable server
        f"postgres://cw:{SECRET}@127.0.0.1:1/db",
        f"postgresql://cw:{SECRET}@127.0.0.1:notaport/db",  # malformed URL
        f"postgresql://cw@127.0.0.1:1/db?password={SECRET}",
        f"mysql://cw:{SECRET}@127.0.0.1/db",  # unsupported
    ],
)
@pytest.mark.parametrize("command", ["events", "serve"])
def test_a_store_password_is_never_shown(command, db):
    line = one_line_error(run(command, "--db", db))
    assert SECRET not in line and "***" in line
    assert "store" in line


def test_a_password_from_the_environment_is_never_shown():
    res = run("events", env={"CONFLICTWIRE_DB": f"postgresql://cw:{SECRET}@127.0.0.1:1/db"})
    line = one_line_error(res)
    assert SECRET not in line and "cannot open the store postgresql+psycopg://cw:***@" in line


def test_scrub_masks_urls_settings_tokens_and_registered_secrets(monkeypatch):
    monkeypatch.setenv(errors.TOKEN_ENV, "tok-123456")
    errors.add_secret("read-token-987")
    text = (
        f"failed: postgresql://u:{SECRET}@h/db host=h password={SECRET} user=u\n"
        "token tok-123456 and read-token-987"
    )
    out = errors.scrub(text)
    assert SECRET not in out and "tok-123456" not in out and "read-token-987" not in out
    assert out == ("failed: postgresql://u:***@h/db host=h password=*** user=u token *** and ***")


def test_store_display_url_hides_the_password():
    from conflictwire.store.db import display_url

    assert display_url(f"postgresql+psycopg://u:{SECRET}@h:5432/db") == (
        "postgresql+psycopg://u:***@h:5432/db"
    )
    assert display_url(f"postgresql://u@h/db?password={SECRET}&x=1") == (
        "postgresql://u@h/db?password=***&x=1"
    )
    assert display_url("sqlite:////tmp/a.sqlite") == "sqlite:////tmp/a.sqlite"


def _pg_server() -> str:
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"no PostgreSQL test server (${PG_ENV} unset; `make test` sets it)")
    return server


def test_postgres_refusals_never_show_the_password():
    server = _pg_server()  # postgresql://cw@127.0.0.1:PORT/postgres, trust authentication
    base = server.rsplit("/", 1)[0].replace("://cw@", f"://cw:{SECRET}@")
    line = one_line_error(run("events", "--db", f"{base}/no_such_database_here"))
    assert "no_such_database_here" in line and "does not exist" in line
    assert SECRET not in line and "cw:***@" in line


# ------------------------------------------------------------------ reads never create a store


def test_serve_refuses_a_missing_store_and_creates_nothing(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append(a))
    typo = tmp_path / "typo" / "stroe.sqlite"
    line = one_line_error(run("serve", "--db", f"sqlite:///{typo}"))
    assert f"no store at {typo}" in line and "--create" in line
    assert not typo.parent.exists() and not started


def test_serve_create_makes_an_empty_store(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: started.append(a))
    new = tmp_path / "new.sqlite"
    res = run("serve", "--db", str(new), "--create")
    assert res.exit_code == 0, res.stderr
    assert len(started) == 1 and new.is_file()
    assert run("serve", "--db", str(new)).exit_code == 0  # now it exists


def test_serve_with_several_workers_answers_from_the_store_and_keeps_the_read_token(tmp_path):
    import socket
    import time

    import httpx

    db = make_store(tmp_path / "s.sqlite")
    with Store(db) as s:
        stored = s.count()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFLICTWIRE_")}
    cmd = [sys.executable, "-m", "conflictwire.cli", "serve", "--db", db, "--port", str(port),
           "--workers", "2", "--read-token", SECRET]  # fmt: skip
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base, got = f"http://127.0.0.1:{port}", None
    try:
        end = time.monotonic() + 90
        while got is None and time.monotonic() < end and proc.poll() is None:
            try:
                got = httpx.get(f"{base}/events", headers={"Authorization": f"Bearer {SECRET}"})
            except httpx.HTTPError:
                time.sleep(0.3)
        assert got is not None and got.status_code == 200, (got, proc.poll())
        assert got.json()["total"] == stored > 0
        assert httpx.get(f"{base}/events").status_code == 401  # every worker read the token
        assert httpx.get(f"{base}/events").status_code == 401
    finally:
        proc.terminate()
        out = proc.communicate(timeout=30)[0].decode()
    assert "Traceback" not in out and SECRET not in out


def test_the_default_store_is_not_created_by_a_read(tmp_path, monkeypatch):
    monkeypatch.delenv("CONFLICTWIRE_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: None)
    default = tmp_path / "data" / "conflictwire" / "conflictwire.sqlite"
    for command in ("serve", "events"):
        line = one_line_error(run(command))
        assert f"no store at {default}" in line
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("command", ["serve", "events"])
def test_a_sqlite_file_that_is_not_a_store_is_refused_untouched(command, tmp_path, monkeypatch):
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: None)
    other = tmp_path / "gazetteer.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE places (name TEXT)")
    conn.close()
    before = other.read_bytes()
    line = one_line_error(run(command, "--db", str(other)))
    assert "no store at" in line
    assert other.read_bytes() == before


@pytest.mark.parametrize("command", ["serve", "events"])
def test_an_empty_postgres_database_is_not_a_store(command, tmp_path, monkeypatch):
    _pg_server()
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: None)
    db = fresh_db_url("postgresql", tmp_path)
    try:
        line = one_line_error(run(command, "--db", db))
        assert "no store at postgresql" in line
        import psycopg

        with psycopg.connect(db) as conn:
            n = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            assert n.fetchone()[0] == 0  # nothing created
    finally:
        drop_db(db)


# ------------------------------------------------------------------ binary output


def test_parquet_is_refused_on_a_terminal_and_written_to_a_pipe(tmp_path):
    db = make_store(tmp_path / "s.sqlite")
    master, slave = pty.openpty()
    cmd = [sys.executable, "-m", "conflictwire.cli", "events", "--db", db, "--format", "parquet"]
    try:
        proc = subprocess.run(cmd, stdout=slave, stderr=subprocess.PIPE, timeout=120)
        os.close(slave)
        written = b""
        while select.select([master], [], [], 0.2)[0]:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal's other end is closed
                break
            if not chunk:
                break
            written += chunk
    finally:
        os.close(master)
    assert proc.returncode == 2
    stderr = proc.stderr.decode()
    assert "binary" in stderr and "-o FILE" in stderr and len(stderr.strip().splitlines()) == 1
    assert b"PAR1" not in written
    piped = subprocess.run(cmd, capture_output=True, timeout=120)
    assert piped.returncode == 0 and piped.stdout.startswith(b"PAR1")


# ------------------------------------------------------------------ one line when not on a terminal


def test_long_messages_are_not_wrapped_in_logs(tmp_path):
    deep = tmp_path / ("a-rather-long-folder-name-" * 4) / "missing-store.sqlite"
    line = one_line_error(run("events", "--db", str(deep)))
    assert str(deep) in line and len(line) > 120


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["events", "--format", "bogus"], "error: Invalid value for '--format'"),
        (["events", "--limit", "many"], "error: Invalid value for '--limit'"),
        (["no-such-command"], "error: No such command 'no-such-command'."),
    ],
)
def test_usage_errors_are_one_line_in_logs(args, says):
    res = run(*args)
    assert res.exit_code == 2 and res.stderr.count("\n") == 1, res.stderr
    assert res.stderr.startswith(says) and "--help`" in res.stderr


def test_long_rejections_are_one_line(tmp_path):
    empty = tmp_path / (("an-empty-report-with-a-long-name-" * 4) + ".txt")
    empty.write_text("")
    res = run("ingest", str(empty), "--db", str(tmp_path / "s.sqlite"))
    assert res.exit_code == 1
    rejected = [x for x in res.stderr.splitlines() if x.startswith("rejected")]
    assert len(rejected) == 1 and str(empty) in rejected[0]


# ------------------------------------------------------------------ damaged stores, full disks


def _corrupt_pages(path: Path, table: str | None) -> None:
    """Overwrite with garbage the root page of ``table``, or every page but the first."""
    with sqlite3.connect(path) as conn:
        size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        root = None
        if table:
            q = "SELECT rootpage FROM sqlite_master WHERE name = ?"
            root = conn.execute(q, (table,)).fetchone()[0]
    conn.close()
    with path.open("r+b") as fh:
        for page in [root] if root else range(2, pages + 1):
            fh.seek((page - 1) * size)
            fh.write(b"\xa5" * size)


@pytest.mark.parametrize(
    ("table", "says"),
    [(None, "cannot open the store sqlite:///"), ("incidents", "store sqlite:///")],
)
def test_a_damaged_store_is_one_line(tmp_path, table, says):
    path = tmp_path / "s.sqlite"
    db = make_store(path)
    _corrupt_pages(path, table)
    line = one_line_error(run("events", "--db", db, "--format", "jsonl"))
    assert says in line and "damaged" in line and "malformed" in line


def test_a_file_that_is_not_a_database_is_one_line(tmp_path):
    bad = tmp_path / "notes.sqlite"
    bad.write_bytes(b"these are my notes, not a database\n" * 200)
    line = one_line_error(run("events", "--db", str(bad)))
    assert "not a conflictwire store" in line
    assert bad.read_bytes() == b"these are my notes, not a database\n" * 200


@contextmanager
def full_sqlite() -> Iterator[None]:
    """Every SQLite connection opened meanwhile may not grow its file: SQLITE_FULL, as on a
    full disk (``PRAGMA max_page_count``)."""

    def cap(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        cur = dbapi_conn.cursor()
        pages = cur.execute("PRAGMA page_count").fetchone()[0]
        cur.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        cur.close()

    sa_event.listen(Pool, "connect", cap)
    try:
        yield
    finally:
        sa_event.remove(Pool, "connect", cap)


def test_a_full_disk_during_ingest_is_one_line_and_keeps_what_was_stored(tmp_path):
    path = tmp_path / "s.sqlite"
    db = make_store(path)
    text = "Gunmen killed two shepherds near Kirkuk, Iraq, on Monday, police said. " * 80
    src = tmp_path / "big.jsonl"
    src.write_text(json.dumps({"id": "big", "text": text, "published": "2020-03-03"}) + "\n")
    with full_sqlite():
        line = one_line_error(run("ingest", str(src), "--db", db))
    assert f"store {db}" in line and "no space left" in line and "full" in line
    with Store(db) as s:
        assert s.totals()["articles"] == 3 and s.check() == []


def test_a_full_disk_when_creating_a_store_is_one_line(tmp_path):
    new = tmp_path / "new.sqlite"
    with full_sqlite():
        line = one_line_error(run("ingest", "-", "--db", str(new)))
    assert line.startswith(f"error: cannot open the store sqlite:///{new}: no space left")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_for_the_output_is_one_line(tmp_path):
    db = make_store(tmp_path / "s.sqlite")
    line = one_line_error(run("events", "--db", db, "--format", "csv", "-o", "/dev/full"))
    assert line == "error: no space left on the device writing /dev/full"


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_output_into_a_missing_folder_is_refused_before_any_work(tmp_path, fmt):
    db = make_store(tmp_path / "s.sqlite")
    target = tmp_path / "no" / "such" / f"out.{fmt}"
    line = one_line_error(run("events", "--db", db, "--format", fmt, "-o", str(target)))
    assert line == f"error: cannot write {target}: the folder {target.parent} does not exist"
    assert not (tmp_path / "no").exists()


def test_extract_output_into_a_missing_folder_is_one_line(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text("Gunmen killed two shepherds near Kirkuk, Iraq, on Monday, police said.")
    target = tmp_path / "missing" / "out.jsonl"
    line = one_line_error(run("geoparse", str(src), "-o", str(target)))
    assert "the folder" in line and "does not exist" in line
    assert not target.parent.exists()


def test_a_bug_keeps_its_traceback(tmp_path, monkeypatch):
    db = make_store(tmp_path / "s.sqlite")

    def broken(*_a, **_k):
        raise KeyError("a bug, not an operator's problem")

    monkeypatch.setattr(Store, "iter_query", broken)
    res = run("events", "--db", db)
    assert res.exit_code == 1 and isinstance(res.exception, KeyError)
