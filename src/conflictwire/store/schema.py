"""The store's tables (SQLAlchemy Core), one schema for SQLite and PostgreSQL.

* ``articles``: one row per report (re-ingesting the same URL or text stores nothing new).
* ``events``: the events extracted from each article, with their evidence (JSON).
* ``incidents``: events of different reports merged into one incident (store/merge.py); the
  query layer and the API list incidents as "events".
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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
    Index("ix_incidents_date", "event_date"),
    Index("ix_incidents_country_date", "country", "event_date"),
    Index("ix_incidents_type", "event_type"),
    Index("ix_incidents_admin1", "admin1"),
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
