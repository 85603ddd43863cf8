"""Free-text search over incidents: SQLite FTS5 and PostgreSQL tsvector (GIN), same semantics.

A search (``EventFilter.q`` over every text column, ``EventFilter.actor`` over the actors) is
split into words (runs of letters and digits, case-folded); an incident matches when each word
starts a word of its text: ``q="air/drone"`` matches "Air/drone strike", ``actor="turk"``
matches "Military Forces of Turkey". A search with no word at all (only punctuation) falls back
to a substring scan. On SQLite the FTS5 table ``incidents_fts`` (rowid = the incident's rowid) is
kept in sync by triggers; on PostgreSQL generated columns hold the vectors, with GIN indexes
(schema.PG_SEARCH_COLUMNS).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Select, column, func, literal_column, or_, select, table, text
from sqlalchemy.sql import ColumnElement

from conflictwire.store import schema
from conflictwire.store.schema import incidents

MAX_WORDS = 16  # words of one search that are used (bounds the cost of a query)
_WORD = re.compile(r"[^\W_]+")

fts = table(schema.FTS_TABLE, column("rowid"), column("actors"), column("body"))
_ROWID = literal_column("incidents.rowid")


def words(query: str) -> list[str]:
    """The case-folded words of a search (at most MAX_WORDS, duplicates dropped)."""
    out: list[str] = []
    for w in _WORD.findall(query.lower()):
        if w not in out:
            out.append(w)
    return out[:MAX_WORDS]


def fts_problems(conn: Connection) -> list[str]:
    """Where the SQLite index and the incidents disagree (for ``Store.check``)."""
    n_fts = conn.execute(select(func.count()).select_from(fts)).scalar_one()
    n_inc = conn.execute(select(func.count()).select_from(incidents)).scalar_one()
    stray = conn.execute(
        select(func.count())
        .select_from(fts)
        .where(fts.c.rowid.not_in(select(_ROWID).select_from(incidents)))
    ).scalar_one()
    if n_fts == n_inc and not stray:
        return []
    return [f"the search index holds {n_fts} incident(s) ({stray} unknown), the store {n_inc}"]


def fts_rebuild(conn: Connection) -> None:
    """Index every stored incident again (SQLite): repairs what ``fts_problems`` finds."""
    for sql in schema.SQLITE_FTS_REBUILD:
        conn.execute(text(sql))


def _like_any(cols: Sequence[str], needle: str) -> ColumnElement[bool]:
    return or_(
        *(func.lower(incidents.c[c]).contains(needle.lower(), autoescape=True) for c in cols)
    )


def match(dialect: str, query: str, field: str) -> ColumnElement[bool]:
    """The clause for a search ``query`` over ``field`` ("actors" or "body")."""
    cols = schema.ACTOR_COLUMNS if field == "actors" else schema.TEXT_COLUMNS
    ws = words(query)
    if not ws:
        return _like_any(cols, query)
    if dialect == "postgresql":
        tsv = "incidents.actors_tsv" if field == "actors" else "incidents.body_tsv"
        tsq = " & ".join(f"{w}:*" for w in ws)
        return literal_column(tsv).op("@@")(func.to_tsquery(text("'simple'"), tsq))
    return _ROWID.in_(sqlite_matches(field, query))


def sqlite_matches(field: str, query: str) -> Select[Any]:
    """The rowids of the incidents whose ``field`` matches every word of ``query`` (SQLite)."""
    expr = " ".join(f'"{w}"*' for w in words(query))  # letters and digits: nothing to escape
    return select(fts.c.rowid).where(fts.c[field].match(expr))
