"""What can stop a command, said in one line: the one place where exceptions become messages.

The command line (``cli.py``) turns every exception that ``explain`` knows into
``error: <message>`` on standard error and exit code 2 (1 stays "some input was rejected"); an
exception it does not know is a bug and keeps its traceback. Known here:

* store failures from SQLite or PostgreSQL: disk full, a damaged or foreign file, a locked or
  read-only store, an unreachable server, refused credentials, a missing database;
* files that cannot be written or read (a missing folder, no permission, no space left).

Messages never show a secret: database URLs are shown with ``display_url`` and every message
goes through ``scrub``, which masks passwords in URLs and ``password=`` settings and every value
registered with ``add_secret`` (a store URL's password, ``$CONFLICTWIRE_TOKEN``, a read token).
"""

from __future__ import annotations

import errno
import os
import re
import sqlite3
from collections.abc import Iterable

TOKEN_ENV = "CONFLICTWIRE_TOKEN"
EXIT_CODE = 2
MASK = "***"
_MIN_SECRET = 4  # shorter secrets are masked where they stand (URLs, password=), not everywhere
_SECRETS: set[str] = set()
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@'\"]*:)[^\s@'\"]*@")
_KEYVALUE = re.compile(r"(?i)\b(password\s*=\s*)(?!\*\*\*)('[^']*'|\"[^\"]*\"|[^\s&'\"]+)")


class OperatorError(Exception):
    """A failure the command line reports as one line (``error: <message>``) and ``code``."""

    def __init__(self, message: str, code: int = EXIT_CODE) -> None:
        super().__init__(message)
        self.message, self.code = message, code


def add_secret(value: str | None) -> None:
    """Never show ``value`` in a message (ignored when empty)."""
    if value:
        _SECRETS.add(value)


def add_url_secrets(url: str) -> None:
    """Never show the password written in the database ``url``."""
    from conflictwire.store.db import url_secrets

    for s in url_secrets(url):
        add_secret(s)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` on one line, with passwords and registered secrets replaced by ``***``."""
    text = " ".join(text.split())
    text = _USERINFO.sub(rf"\1{MASK}@", text)
    text = _KEYVALUE.sub(rf"\1{MASK}", text)
    known = {*_SECRETS, *secrets, os.environ.get(TOKEN_ENV, "")}
    for s in sorted((s for s in known if len(s) >= _MIN_SECRET), key=len, reverse=True):
        text = text.replace(s, MASK)
    return text


def _first_line(exc: BaseException) -> str:
    for line in str(exc).splitlines():
        if line.strip():
            return line.strip()
    return type(exc).__name__


def _sqlite_reason(e: sqlite3.Error) -> str:
    code = getattr(e, "sqlite_errorcode", None)
    if code is not None:
        code &= 0xFF  # the primary code of an extended one
    text = _first_line(e)
    if code == sqlite3.SQLITE_FULL:
        return f"no space left ({text}): free some space, then run again"
    if code == sqlite3.SQLITE_CORRUPT:
        return f"the file is damaged ({text}): restore it from a backup"
    if code == sqlite3.SQLITE_NOTADB:
        return f"not a conflictwire store ({text})"
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return f"locked by another process ({text})"
    if code == sqlite3.SQLITE_READONLY:
        return f"read-only ({text})"
    if code == sqlite3.SQLITE_CANTOPEN:
        return f"cannot open the file ({text})"
    return text


def _postgres_reason(e: Exception) -> str:
    state = getattr(e, "sqlstate", None) or ""
    text = _first_line(e)
    if state == "53100":
        return f"no space left on the database server ({text}): free some space, then run again"
    if state in ("XX001", "XX002"):
        return f"the database is damaged ({text})"
    return text


def _store_reason(exc: BaseException) -> str | None:
    """Why a store operation failed (the driver's error, or a URL SQLAlchemy cannot use), or
    None when ``exc`` is not a store failure (SQLAlchemy's own usage errors are bugs)."""
    from sqlalchemy.exc import ArgumentError, DBAPIError

    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(orig, sqlite3.Error):
        return _sqlite_reason(orig)
    if type(orig).__module__.startswith("psycopg"):
        return _postgres_reason(orig)  # type: ignore[arg-type]
    if isinstance(exc, (ArgumentError, DBAPIError)):
        return _first_line(orig)
    return None


def _file_message(e: OSError, writing: str | None) -> str:
    if e.errno == errno.ENOSPC:
        where = f" writing {e.filename or writing}" if (e.filename or writing) else ""
        return f"no space left on the device{where}"
    if isinstance(e, FileNotFoundError) and e.filename:
        parent = os.path.dirname(os.path.abspath(os.fsdecode(e.filename)))
        if not os.path.isdir(parent):
            return f"cannot use {e.filename}: the folder {parent} does not exist"
        return f"{e.filename}: no such file"
    reason = e.strerror or _first_line(e)
    return f"{e.filename}: {reason}" if e.filename else reason


def explain(
    exc: BaseException, store: str | None = None, opening: bool = False, writing: str | None = None
) -> OperatorError | None:
    """The one-line error for ``exc``, or None when it is not an operator's problem (a bug).

    ``store`` is the URL of the store in use (shown masked), ``opening`` says the failure came
    while opening it, ``writing`` names the output being written (for a full disk).
    """
    from conflictwire.store.db import display_url, url_secrets

    if isinstance(exc, OperatorError):
        return OperatorError(scrub(exc.message), exc.code)
    reason = _store_reason(exc)
    if reason is not None:
        where = display_url(store) if store else ""
        if opening:
            msg = f"cannot open the store {where}: {reason}" if where else reason
        else:
            msg = f"store {where}: {reason}" if where else f"store: {reason}"
        return OperatorError(scrub(msg, url_secrets(store) if store else ()))
    if isinstance(exc, OSError) and exc.errno != errno.EPIPE:
        msg = _file_message(exc, writing)
        if opening and store:
            msg = f"cannot open the store {display_url(store)}: {msg}"
        return OperatorError(scrub(msg))
    if opening and isinstance(exc, ValueError) and store:  # a malformed URL (port, host...)
        msg = f"cannot open the store {display_url(store)}: {_first_line(exc)}"
        return OperatorError(scrub(msg, url_secrets(store)))
    return None
