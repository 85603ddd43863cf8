"""Database URLs and engines: a SQLite file in the user's data directory by default.

``display_url`` is the only form of a URL that may be shown to a person (password hidden).
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

ENV_DB = "CONFLICTWIRE_DB"
# Connections per engine: as many as the API's worker threads (40), so a burst of requests
# queues for a thread, not for a connection (PostgreSQL allows 100 by default).
POOL = {"pool_size": 10, "max_overflow": 30}
_QUERY_PASSWORD = re.compile(r"(?i)([?&]password=)[^&#]*")
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]*:)[^\s@]*@")


def default_db_url() -> str:
    """``$CONFLICTWIRE_DB``, else ``sqlite:///<user data dir>/conflictwire/conflictwire.sqlite``."""
    if os.environ.get(ENV_DB):
        return os.environ[ENV_DB]
    from platformdirs import user_data_dir

    folder = Path(user_data_dir("conflictwire", appauthor=False))
    return f"sqlite:///{folder / 'conflictwire.sqlite'}"


def normalise_url(url: str) -> str:
    """Accept a bare path, ``sqlite:///path`` or ``postgresql://...`` (driven by psycopg 3)."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def display_url(url: str) -> str:
    """``url`` as it may be shown in a message or a log: its password (in the user part or a
    ``password=`` parameter) replaced by ``***``; a URL that does not parse is masked too."""
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is still shown, masked by pattern
        shown = _USERINFO.sub(r"\1***@", url)
    return _QUERY_PASSWORD.sub(r"\1***", shown)


def url_secrets(url: str) -> list[str]:
    """The secrets written in ``url`` (its password, as given and decoded), for scrubbing text."""
    out = []
    try:
        u = make_url(url)
    except Exception:  # noqa: BLE001
        m = re.search(r"://[^/\s:@]*:([^\s@]*)@", url)
        return [m.group(1)] if m and m.group(1) else []
    for value in (u.password, u.query.get("password")):
        if isinstance(value, str) and value:
            out.append(value)
    m = re.search(r"://[^/\s:@]*:([^\s@]*)@", url)
    if m and m.group(1):
        out.append(m.group(1))  # as written (percent-encoded)
    return out


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for an in-memory database or another backend)."""
    u = make_url(normalise_url(url))
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def store_exists(url: str) -> bool:
    """Whether ``url`` already holds a conflictwire store, checked without creating anything
    (no file, no folder, no table). Driver errors (unreachable server, damaged file) propagate."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is None or not path.is_file():
            return False
        uri = path.resolve().as_uri() + "?mode=ro"  # read only: a foreign file stays as it is
        conn = sqlite3.connect(uri, uri=True, timeout=60)
        try:
            q = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
            return conn.execute(q).fetchone() is not None
        finally:
            conn.close()
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return inspect(conn).has_table("schema_version")
    finally:
        engine.dispose()


def make_engine(url: str) -> Engine:
    """An engine for ``url``. SQLite runs in WAL mode so readers work while an ingest writes."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": 60, "check_same_thread": False},
            **(POOL if path is not None else {}),  # in memory: one connection per thread
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
            # Writers take the write lock at once (no lock upgrade deadlock between writers).
            mode = conn.get_execution_options().get("sqlite_begin", "")
            conn.exec_driver_sql(f"BEGIN {mode}".strip())

        return engine
    return create_engine(url, pool_pre_ping=True, **POOL)
