"""The store's tables (SQLAlchemy Core), one schema for SQLite and PostgreSQL.

* ``articles``: one row per report (re-ingesting the same URL or text stores nothing new).
* ``events``: the events extracted from each article, with their evidence (JSON).
* ``incidents``: events of different reports merged into one incident (store/merge.py); the
  query layer and the API list incidents as "events". ``doc`` holds the incident as the API
  shows it, serialised when the row is written (store/docs.py), so a page is read, not built.
* ``store_state``: one row whose ``generation`` every write transaction raises, so that readers
  can keep what they computed (a filter's count) until the store changes.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ext_id", String(500), nullable=False, default=""),
    Column("url", String(2000), nullable=True, unique=True),
    Column("text_hash", String(64), nullable=False, index=True),
    Column("source", String(500), nullable=True),
    Column("title", Text, nullable=True),
    Column("published", Date, nullable=True),
    Column("text", Text, nullable=False),
    Column("version", Integer, nullable=False, default=1),
    Column("n_events", Integer, nullable=False, default=0),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

# Columns an event and an incident share (the ACLED-style record).
_RECORD_COLUMNS = (
    ("event_date", Date),
    ("time_precision", Integer),
    ("disorder_type", String(100)),
    ("event_type", String(100)),
    ("sub_event_type", String(100)),
    ("actor1", String(300)),
    ("inter1", Integer),
    ("assoc_actor_1", Text),
    ("actor2", String(300)),
    ("inter2", Integer),
    ("assoc_actor_2", Text),
    ("interaction", Integer),
    ("civilian_targeting", String(50)),
    ("iso", Integer),
    ("iso3", String(3)),
    ("region", String(100)),
    ("country", String(100)),
    ("admin1", String(200)),
    ("admin2", String(200)),
    ("admin3", String(200)),
    ("location", String(300)),
    ("latitude", Float),
    ("longitude", Float),
    ("geo_precision", Integer),
    ("notes", Text),
    ("fatalities", Integer),
    ("injuries", Integer),
    ("confidence", Float),
)


def _record_columns() -> list[Column]:
    return [Column(name, typ, nullable=True) for name, typ in _RECORD_COLUMNS]


RECORD_FIELDS: tuple[str, ...] = tuple(name for name, _ in _RECORD_COLUMNS)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(32), primary_key=True),
    *_record_columns(),
    Column("sources", Text, nullable=True),
    Column("fatalities_low", Integer, nullable=False, default=0),
    Column("fatalities_best", Integer, nullable=False, default=0),
    Column("fatalities_high", Integer, nullable=False, default=0),
    Column("n_reports", Integer, nullable=False, default=1),
    Column("merge_reasons", JSON, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("doc", Text, nullable=True),
    Index("ix_incidents_date", "event_date"),
    Index("ix_incidents_country_date", "country", "event_date"),
    Index("ix_incidents_type", "event_type"),
    Index("ix_incidents_admin1", "admin1"),
)

# What a reader of incidents gets: every column but the serialised copy.
INCIDENT_FIELDS: tuple[str, ...] = tuple(c.name for c in incidents.columns if c.name != "doc")

store_state = Table(
    "store_state",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("generation", BigInteger, nullable=False, default=0),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64), nullable=False, unique=True),
    Column(
        "article_id",
        Integer,
        ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("idx", Integer, nullable=False),
    Column("incident_id", String(32), nullable=True, index=True),
    *_record_columns(),
    Column("source", String(500), nullable=True),
    Column("historical", Boolean, nullable=False, default=False),
    Column("evidence", JSON, nullable=True),
    Index("ix_events_date", "event_date"),
)

# ---------------------------------------------------------------- query indexes (migration 3)
# Every filter and sort of ``EventFilter`` / ``Store.iter_query`` has an index: case-folded
# equality filters (country, admin1, the three type columns) as expression indexes, each sort key
# with the id as tie-breaker (so ``ORDER BY key, id`` and keyset pages walk an index), and
# latitude / longitude for bounding boxes. Same DDL on SQLite and PostgreSQL, except that on
# PostgreSQL an expression index also holds its column (INCLUDE), so that counting the matches
# of a filter reads the index only.
INCIDENT_INDEXES: tuple[tuple[str, str, str], ...] = (  # name, columns, PostgreSQL INCLUDE
    ("ix_incidents_country_l", "lower(country), event_date, id", "country"),
    ("ix_incidents_admin1_l", "lower(admin1), event_date, id", "admin1"),
    ("ix_incidents_event_type_l", "lower(event_type), event_date, id", "event_type"),
    ("ix_incidents_sub_event_type_l", "lower(sub_event_type), event_date, id", "sub_event_type"),
    ("ix_incidents_disorder_type_l", "lower(disorder_type), event_date, id", "disorder_type"),
    ("ix_incidents_date_id", "event_date, id", ""),
    ("ix_incidents_fatalities_id", "fatalities, id", ""),
    ("ix_incidents_country_id", "country, id", ""),
    ("ix_incidents_admin1_id", "admin1, id", ""),
    ("ix_incidents_event_type_id", "event_type, id", ""),
    ("ix_incidents_n_reports_id", "n_reports, id", ""),
    ("ix_incidents_lat_lon", "latitude, longitude", ""),
)
# The index that reads incidents in the order of each sort key (ties by id).
SORT_INDEXES = {
    "event_date": "ix_incidents_date_id",
    "fatalities": "ix_incidents_fatalities_id",
    "country": "ix_incidents_country_id",
    "admin1": "ix_incidents_admin1_id",
    "event_type": "ix_incidents_event_type_id",
    "n_reports": "ix_incidents_n_reports_id",
}
# Indexes the ones above make redundant (dropped by migration 3).
OLD_INCIDENT_INDEXES = (
    "ix_incidents_date",
    "ix_incidents_type",
    "ix_incidents_admin1",
    "ix_incidents_country_date",
)

# Free text: words of the actors (``EventFilter.actor``) and of every searchable text column
# (``EventFilter.q``). SQLite: an FTS5 table whose rowids are the incidents' rowids, kept in sync
# by triggers. PostgreSQL: GIN indexes on these tsvector expressions, which the queries repeat
# verbatim (PostgreSQL keeps them in sync itself).
ACTOR_COLUMNS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
TEXT_COLUMNS = ("notes", "location", *ACTOR_COLUMNS, "admin1", "admin2", "sources")
FTS_TABLE = "incidents_fts"


def _joined(cols: tuple[str, ...], prefix: str = "") -> str:
    return " || ' ' || ".join(f"coalesce({prefix}{c}, '')" for c in cols)


def _fts_row(prefix: str) -> str:
    return f"{prefix}rowid, {_joined(ACTOR_COLUMNS, prefix)}, {_joined(TEXT_COLUMNS, prefix)}"


SQLITE_FTS_DDL: tuple[str, ...] = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "actors, body, tokenize = 'unicode61 remove_diacritics 0', detail = column)",
    f"CREATE TRIGGER IF NOT EXISTS incidents_fts_ins AFTER INSERT ON incidents BEGIN "
    f"INSERT INTO {FTS_TABLE} (rowid, actors, body) VALUES ({_fts_row('new.')}); END",
    f"CREATE TRIGGER IF NOT EXISTS incidents_fts_del AFTER DELETE ON incidents BEGIN "
    f"DELETE FROM {FTS_TABLE} WHERE rowid = old.rowid; END",
    f"CREATE TRIGGER IF NOT EXISTS incidents_fts_upd AFTER UPDATE ON incidents BEGIN "
    f"DELETE FROM {FTS_TABLE} WHERE rowid = old.rowid; "
    f"INSERT INTO {FTS_TABLE} (rowid, actors, body) VALUES ({_fts_row('new.')}); END",
)
# Index every stored incident again (the migration that adds the index; a repair).
SQLITE_FTS_REBUILD: tuple[str, ...] = (
    f"DELETE FROM {FTS_TABLE}",
    f"INSERT INTO {FTS_TABLE} (rowid, actors, body) SELECT {_fts_row('')} FROM incidents",
)


def _pg_words(cols: tuple[str, ...]) -> str:
    return f"to_tsvector('simple', regexp_replace({_joined(cols)}, '[^[:alnum:]]+', ' ', 'g'))"


PG_ACTORS_TSV = _pg_words(ACTOR_COLUMNS)
PG_BODY_TSV = _pg_words(TEXT_COLUMNS)
PG_SEARCH_INDEXES = (  # migration 3; replaced by the stored columns below (migration 4)
    ("ix_incidents_actors_tsv", PG_ACTORS_TSV),
    ("ix_incidents_body_tsv", PG_BODY_TSV),
)
# The same vectors stored in generated columns (PostgreSQL), each with its GIN index: a query
# that walks the incidents in date order tests each row's stored vector instead of recomputing
# it (1 ms a page instead of 20 for a common word; Store._walk).
PG_SEARCH_COLUMNS = (  # column, expression, index
    ("actors_tsv", PG_ACTORS_TSV, "ix_incidents_actors_tsvc"),
    ("body_tsv", PG_BODY_TSV, "ix_incidents_body_tsvc"),
)
