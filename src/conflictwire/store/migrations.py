"""Versioned schema migrations: each one runs once, in order, recorded in ``schema_version``.

A store created by an older conflictwire is brought up to date when it is opened. New schema
changes are added as a new ``Migration`` at the end (never by editing an applied one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, bindparam, inspect, select, text, update

from conflictwire.store import schema
from conflictwire.store.docs import incident_doc


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    tables = [schema.articles, schema.incidents, schema.events]
    schema.metadata.create_all(conn, tables=tables, checkfirst=True)


def _article_lookup_index(conn: Connection) -> None:
    # Lookups of a report by its own id and source (``Store.article_by_ext_id``).
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_articles_ext_id ON articles (ext_id)"))


def _query_indexes(conn: Connection) -> None:
    # Indexes for every filter and sort of the query layer, free-text search (SQLite FTS5,
    # PostgreSQL tsvector + GIN), and empty URLs stored before they meant "no URL".
    conn.execute(text("UPDATE articles SET url = NULL WHERE url = ''"))
    for name in schema.OLD_INCIDENT_INDEXES:
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
    pg = conn.dialect.name == "postgresql"
    for name, cols, include in schema.INCIDENT_INDEXES:
        extra = f" INCLUDE ({include})" if include and pg else ""
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON incidents ({cols}){extra}"))
    if pg:
        for name, expr in schema.PG_SEARCH_INDEXES:
            conn.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON incidents USING GIN ({expr})"))
    else:
        for ddl in (*schema.SQLITE_FTS_DDL, *schema.SQLITE_FTS_REBUILD):
            conn.execute(text(ddl))


def _page_docs(conn: Connection) -> None:
    # Each incident serialised beside its row (store/docs.py), the store's generation, and on
    # PostgreSQL the search vectors stored in columns (schema.PG_SEARCH_COLUMNS).
    cols = {c["name"] for c in inspect(conn).get_columns("incidents")}
    if "doc" not in cols:
        conn.execute(text("ALTER TABLE incidents ADD COLUMN doc TEXT"))
    inc = schema.incidents
    fields = [inc.c[name] for name in schema.INCIDENT_FIELDS]
    rows = conn.execute(select(*fields).where(inc.c.doc.is_(None))).mappings().all()
    fill = update(inc).where(inc.c.id == bindparam("iid")).values(doc=bindparam("d"))
    for i in range(0, len(rows), 2000):
        conn.execute(fill, [{"iid": r["id"], "d": incident_doc(r)} for r in rows[i : i + 2000]])
    if conn.dialect.name == "postgresql":
        for name, expr, index in schema.PG_SEARCH_COLUMNS:
            if name not in cols:
                conn.execute(text(f"ALTER TABLE incidents ADD COLUMN {name} tsvector "
                                  f"GENERATED ALWAYS AS ({expr}) STORED"))  # fmt: skip
            conn.execute(
                text(f"CREATE INDEX IF NOT EXISTS {index} ON incidents USING GIN ({name})")
            )
        for index, _expr in schema.PG_SEARCH_INDEXES:
            conn.execute(text(f"DROP INDEX IF EXISTS {index}"))
    schema.store_state.create(conn, checkfirst=True)
    if conn.execute(select(schema.store_state.c.id)).first() is None:
        conn.execute(schema.store_state.insert().values(id=1, generation=0))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, events with evidence, merged incidents", _initial),
    Migration(2, "index articles by their own id", _article_lookup_index),
    Migration(3, "indexes for filters and sorts, free-text search, no empty URLs", _query_indexes),
    Migration(
        4, "incidents serialised for list pages, a generation for readers' caches", _page_docs
    ),
)

LATEST = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The schema version of the store (0 when it is empty)."""
    if not inspect(conn).has_table("schema_version"):
        return 0
    v = conn.execute(select(schema.schema_version.c.version)).scalars().all()
    return max(v, default=0)


def migrate(engine: Engine) -> int:
    """Apply every pending migration, each in its own transaction; return the version."""
    with engine.begin() as conn:
        schema.schema_version.create(conn, checkfirst=True)
    version = 0
    for m in MIGRATIONS:
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                # Two processes opening a new store at once: one migrates, the other waits.
                conn.execute(text("SELECT pg_advisory_xact_lock(7355608)"))
            version = current_version(conn)
            if m.version <= version:
                continue
            m.apply(conn)
            conn.execute(
                schema.schema_version.insert().values(
                    version=m.version, name=m.name, applied_at=datetime.now(UTC)
                )
            )
            version = m.version
    return version
