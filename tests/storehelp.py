"""Helpers for the store tests: a fresh store on SQLite and (when a test server is given in
$CONFLICTWIRE_TEST_PG, as ``make test`` does) on PostgreSQL; hand-built events."""

from __future__ import annotations

import os
import uuid
from datetime import date

import pytest

from conflictwire.model import Actor, Article, Event, Evidence, Place

PG_ENV = "CONFLICTWIRE_TEST_PG"
BACKENDS = ["sqlite", "postgresql"]


def fresh_db_url(backend: str, tmp_path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"no PostgreSQL test server (${PG_ENV} unset; `make test` sets it)")
    import psycopg

    name = "cw_" + uuid.uuid4().hex[:12]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    base = server.rsplit("/", 1)[0]
    return f"{base}/{name}"


def drop_db(url: str) -> None:
    if not url.startswith("postgresql"):
        return
    import psycopg

    server = os.environ[PG_ENV]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def place(name: str, lat: float, lon: float, admin1: str = "Erbil", admin2: str = "Soran") -> Place:
    return Place(
        name=name, country="Iraq", iso=368, iso3="IRQ", region="Middle East", admin1=admin1,
        admin2=admin2, latitude=lat, longitude=lon, geo_precision=1,
    )  # fmt: skip


def event(
    text: str,
    day: date,
    where: Place,
    sub: str = "Air/drone strike",
    etype: str = "Explosions/Remote violence",
    actor1: str = "Military Forces of Turkey (2016-)",
    actor2: str | None = "PKK: Kurdistan Workers Party",
    dead: int = 0,
    source: str | None = None,
) -> Event:
    """An event whose evidence points into ``text`` (the place name, when it occurs)."""
    ev = {}
    i = text.find(where.name)
    if i >= 0:
        ev["location"] = Evidence(where.name, i, i + len(where.name))
    return Event(
        article_id="",
        event_date=day,
        time_precision=1,
        disorder_type="Demonstrations" if etype in ("Protests", "Riots") else "Political violence",
        event_type=etype,
        sub_event_type=sub,
        actor1=Actor(actor1, 8) if actor1 else None,
        actor2=Actor(actor2, 2) if actor2 else None,
        place=where,
        source=source,
        notes=text[:80],
        fatalities=dead,
        confidence=0.8,
        evidence=ev,
    )


def article(text: str, source: str, pub: date, url: str | None = None, id: str = "") -> Article:
    return Article(text=text, id=id or source, published=pub, source=source, url=url)
