"""The store: ingest reports with their events, merge incidents, query them.

Every report is stored in one transaction (article row, its events, the incidents they touch),
so a process killed mid-ingest leaves a consistent store and a rerun completes it. The same
report (same URL, or the same text once normalised) is stored once; a changed version of a
report (same URL, new text) replaces its events.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Numeric,
    Text,
    and_,
    bindparam,
    cast,
    delete,
    event,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.sql import ColumnElement

from conflictwire.model import Article, Event
from conflictwire.store import merge, search
from conflictwire.store.db import default_db_url, make_engine, normalise_url
from conflictwire.store.docs import incident_doc, incident_fields
from conflictwire.store.migrations import migrate
from conflictwire.store.schema import (
    INCIDENT_FIELDS,
    RECORD_FIELDS,
    SORT_INDEXES,
    articles,
    events,
    incidents,
    store_state,
)
from conflictwire.store.values import check_row
from conflictwire.text import fold

_INCIDENT_COLUMNS = tuple(incidents.c[name] for name in INCIDENT_FIELDS)
SORTABLE = ("event_date", "fatalities", "country", "admin1", "event_type", "n_reports", "id")
READ_WAIT = 30  # seconds a read waits for a reader slot (as long as for a pooled connection)
PAGE = 1000  # rows one query of ``iter_query`` fetches (a page of ``query`` up to this is one)
COUNTS_KEPT = 4096  # filters whose count a Store remembers until the store changes
MAPS_KEPT = 8  # filters whose map points and timeline a Store remembers (a few MB each)


def text_hash(text_: str) -> str:
    """The hash of a report's normalised text (accents, case and white space folded)."""
    return hashlib.sha256(fold(text_).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class EventFilter:
    """Filters shared by the CLI, the Python API and the REST API (all optional, ANDed)."""

    country: str | None = None
    admin1: str | None = None
    since: date | None = None
    until: date | None = None
    type: str | None = None  # event type, sub-event type or disorder type
    actor: str | None = None  # words starting words of actor1, actor2 or an associated actor
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    q: str | None = None  # words starting words of notes, location, actors, admin names, sources

    def clauses(self, dialect: str = "sqlite") -> list[ColumnElement[bool]]:
        """The WHERE clauses of the filter for a store on ``dialect`` ("sqlite" or
        "postgresql"); each one can use an index (store/schema.py)."""
        c = incidents.c
        out: list[ColumnElement[bool]] = []
        if self.country:
            out.append(func.lower(c.country) == self.country.lower())
        if self.admin1:
            out.append(func.lower(c.admin1) == self.admin1.lower())
        if self.since:
            out.append(c.event_date >= self.since)
        if self.until:
            out.append(c.event_date <= self.until)
        if self.type:
            t = self.type.lower()
            cols = _type_columns().get(t, ("event_type", "sub_event_type", "disorder_type"))
            out.append(or_(*(func.lower(c[name]) == t for name in cols)))
        if self.actor:
            out.append(search.match(dialect, self.actor, "actors"))
        if self.bbox:
            x0, y0, x1, y1 = self.bbox
            out.append(and_(c.latitude.between(y0, y1), c.longitude.between(x0, x1)))
        if self.q:
            out.append(search.match(dialect, self.q, "body"))
        return out


@cache
def _type_columns() -> dict[str, tuple[str, ...]]:
    """The columns a type of ACLED's taxonomy can be in (a name of one level is looked for in
    that column only, so its index gives the rows in date order); other names: all three."""
    from conflictwire.taxonomy import Taxonomy

    tx = Taxonomy.load()
    levels = {
        "event_type": set(tx.parent.values()),
        "sub_event_type": set(tx.parent),
        "disorder_type": set(tx.disorder.values()),
    }
    out: dict[str, list[str]] = {}
    for col, names in levels.items():
        for name in names:
            out.setdefault(name.lower(), []).append(col)
    return {k: tuple(v) for k, v in out.items()}


def _ordered_by_date(f: EventFilter) -> bool:
    """Whether an index of the filter's own (country, admin1 or a type, each followed by the
    date) gives its matches in date order."""
    if f.country or f.admin1:
        return True
    return bool(f.type) and len(_type_columns().get(f.type.lower(), ())) == 1


def _search_only(f: EventFilter) -> tuple[str, str] | None:
    """``(field, words)`` when the filter is one free-text search and nothing else."""
    set_ = {k for k, v in vars(f).items() if v}
    if set_ == {"q"} and search.words(f.q or ""):
        return "body", f.q or ""
    if set_ == {"actor"} and search.words(f.actor or ""):
        return "actors", f.actor or ""
    return None


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """``"minlon,minlat,maxlon,maxlat"`` -> a tuple; ValueError when malformed."""
    parts = [float(p) for p in value.split(",")]
    if len(parts) != 4:
        raise ValueError("bbox needs 4 numbers: min_lon,min_lat,max_lon,max_lat")
    x0, y0, x1, y1 = parts
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        raise ValueError("bbox must be min_lon,min_lat,max_lon,max_lat within -180..180/-90..90")
    return x0, y0, x1, y1


@dataclass
class IngestResult:
    """What storing one report did: ``added``, ``replaced`` (a changed version) or
    ``unchanged`` (already stored: nothing written)."""

    status: str
    article_id: int
    n_events: int = 0
    incidents: list[str] = field(default_factory=list)


def event_row(ev: Event, article_id: int, key: str, idx: int) -> dict[str, Any]:
    """The ``events`` row of a model Event."""
    d = ev.to_dict()
    row = {f: d.get(f) for f in RECORD_FIELDS}
    row["event_date"] = ev.event_date
    row["iso3"] = ev.place.iso3 if ev.place else None
    row.update(
        key=key,
        article_id=article_id,
        idx=idx,
        source=ev.source,
        historical=bool(ev.historical),
        evidence=d["evidence"],
        confidence=float(ev.confidence),
        civilian_targeting=ev.civilian_targeting,
    )
    return row


class Store:
    """A conflictwire store on SQLite (default) or PostgreSQL."""

    def __init__(
        self, url: str | None = None, create: bool = True, readers: int | None = None
    ) -> None:
        self.url = normalise_url(url or default_db_url())
        self.engine = make_engine(self.url)
        self.dialect = self.engine.dialect.name
        cores = os.cpu_count() or 2
        self.readers = readers or (cores if self.dialect == "sqlite" else 2 * cores)
        self._readers = threading.BoundedSemaphore(self.readers)
        self._counts: dict[tuple[int, EventFilter], int] = {}
        self._maps: dict[tuple[int, str, EventFilter], Any] = {}
        self.version = migrate(self.engine) if create else 0
        if self.dialect == "sqlite":
            event.listen(self.engine, "before_cursor_execute", _indexed_by, retval=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection for one read, taken by at most ``readers`` threads at once (others wait
        up to READ_WAIT seconds, then sqlalchemy's TimeoutError, as for a busy pool). Reads are
        CPU work in this process (rows to dicts) and, on SQLite, in the driver: 40 threads
        reading at once on 2 cores spend more time contending than reading (measured: 140
        pages/s with 40 at once, 340 with 2)."""
        if not self._readers.acquire(timeout=READ_WAIT):
            raise PoolTimeout(f"all {self.readers} store readers stayed busy for {READ_WAIT} s")
        try:
            with self.engine.connect() as conn:
                yield conn
        finally:
            self._readers.release()

    # ------------------------------------------------------------------ writing

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction: SQLite takes its write lock at once; PostgreSQL writers queue
        on an advisory lock, so incident merging never races. It raises the store's generation
        as it commits, so that readers' caches (``_count``) drop what it changed."""
        eng = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        with eng.begin() as conn:
            yield conn
            conn.execute(update(store_state).values(generation=store_state.c.generation + 1))

    def _lock(self, conn: Connection) -> None:
        if self.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(7355609)"))

    def _find(self, conn: Connection, article: Article, h: str) -> tuple[str, int | None]:
        """``(state, article id)``: ``new``; ``unchanged`` (this URL with this text, or this text
        under any URL); ``changed`` (this URL, a new text); ``moved`` (this URL, a new text that
        is stored already as another report, whose id is returned with ``moved``)."""
        url = _url(article.url)
        same = conn.execute(
            select(articles.c.id).where(articles.c.text_hash == h).order_by(articles.c.id).limit(1)
        ).first()
        if url:
            row = conn.execute(
                select(articles.c.id, articles.c.text_hash).where(articles.c.url == url)
            ).first()
            if row is not None:
                if row.text_hash == h:
                    return "unchanged", row.id
                return ("changed", row.id) if same is None else ("moved", row.id)
        if same is not None:
            return "unchanged", same.id
        return "new", None

    def status(self, article: Article) -> str:
        """``new``, ``unchanged`` (stored already) or ``changed`` (a new version of a stored
        report): lets callers skip the pipeline for reports that are stored already."""
        with self._reading() as conn:
            state = self._find(conn, article, text_hash(article.text))[0]
        return "changed" if state == "moved" else state

    def ingest(self, article: Article, evs: Sequence[Event]) -> IngestResult:
        """Store one report and its events in one transaction, and re-merge incidents.

        A report with a value its columns cannot hold (a count out of range, a name too long)
        is refused with ``RecordError`` (a ValueError) before anything is written. An empty URL
        is no URL. A new version of a report whose text is stored already as another report
        removes the old version (its text lives on in that report, which takes over the URL
        when it has none): status ``replaced``, with that report's id."""
        with self._write() as conn:
            self._lock(conn)
            return self._ingest(conn, article, evs, datetime.now(UTC))

    def ingest_many(
        self, reports: Iterable[tuple[Article, Sequence[Event]]], batch: int = 500
    ) -> list[IngestResult]:
        """Store many reports, ``batch`` reports to a transaction (bulk loads, benchmarks).

        Each report is stored exactly as ``ingest`` stores it; an error rolls back the batch it
        is in (earlier batches stay stored) and is raised."""
        out: list[IngestResult] = []
        todo = list(reports)
        for i in range(0, len(todo), batch):
            with self._write() as conn:
                self._lock(conn)
                now = datetime.now(UTC)
                out += [self._ingest(conn, a, evs, now) for a, evs in todo[i : i + batch]]
        return out

    def _ingest(
        self, conn: Connection, article: Article, evs: Sequence[Event], now: datetime
    ) -> IngestResult:
        h = text_hash(article.text)
        state, aid = self._find(conn, article, h)
        if state == "unchanged":
            return IngestResult("unchanged", aid or 0)
        what = f"report {article.id or article.url or h[:12]!r}"
        url = _url(article.url)
        values = dict(
            ext_id=article.id or "",
            url=url,
            text_hash=h,
            source=article.source,
            title=article.title,
            published=article.published,
            text=article.text,
            n_events=len(evs),
            ingested_at=now,
        )
        check_row(articles, values, what)
        rows = [event_row(ev, 0, f"{h[:24]}:{i}", i) for i, ev in enumerate(evs)]
        for i, r in enumerate(rows):
            r["source"] = r["source"] or article.source
            check_row(events, r, f"{what}, event {i + 1}")
        if state == "moved":
            return self._moved(conn, aid or 0, h, url, now)
        seeds: list[dict[str, Any]] = []
        if state == "changed":
            old = self._rows(conn, events.c.article_id == aid)
            seeds = self._neighbours(conn, old)
            conn.execute(delete(events).where(events.c.article_id == aid))
            _drop_incidents(conn, {r["incident_id"] for r in old if r.get("incident_id")})
            conn.execute(
                update(articles)
                .where(articles.c.id == aid)
                .values(version=articles.c.version + 1, **values)
            )
        else:
            aid = conn.execute(insert(articles).values(version=1, **values)).inserted_primary_key[0]
        for r in rows:
            r["article_id"] = aid
        if rows:
            conn.execute(insert(events), rows)
        new = [{**r, "published": article.published, "incident_id": None} for r in rows]
        seeds = [s for s in seeds if s["article_id"] != aid]
        touched = self._recluster(conn, new + seeds, now)
        return IngestResult("replaced" if state == "changed" else "added", aid, len(rows), touched)

    def _moved(
        self, conn: Connection, aid: int, h: str, url: str | None, now: datetime
    ) -> IngestResult:
        """The report at ``url`` (article ``aid``) now has the text of another stored report:
        drop the old version, re-merge what it touched; the other report keeps the text."""
        other = conn.execute(
            select(articles.c.id, articles.c.url, articles.c.n_events)
            .where(articles.c.text_hash == h, articles.c.id != aid)
            .order_by(articles.c.id)
            .limit(1)
        ).one()
        self._remove(conn, aid, now)
        if other.url is None and url:
            conn.execute(update(articles).where(articles.c.id == other.id).values(url=url))
        return IngestResult("replaced", other.id, other.n_events)

    def _remove(self, conn: Connection, article_id: int, now: datetime) -> int:
        old = self._rows(conn, events.c.article_id == article_id)
        seeds = self._neighbours(conn, old)
        conn.execute(delete(events).where(events.c.article_id == article_id))
        _drop_incidents(conn, {r["incident_id"] for r in old if r.get("incident_id")})
        gone = conn.execute(delete(articles).where(articles.c.id == article_id)).rowcount
        self._recluster(conn, seeds, now)
        return gone

    def _rows(self, conn: Connection, where: ColumnElement[bool]) -> list[dict[str, Any]]:
        q = (
            select(events, articles.c.published)
            .join(articles, articles.c.id == events.c.article_id)
            .where(where)
        )
        return [dict(r._mapping) for r in conn.execute(q)]

    def _candidates(
        self,
        conn: Connection,
        rows: Sequence[Mapping[str, Any]],
        cache: dict[tuple, list[dict[str, Any]]],
    ) -> list[list[dict[str, Any]]]:
        """For each row, the stored events dated within ``max_days`` in the same country (or
        with no country): one query for all windows not seen yet."""
        days = timedelta(days=merge.rules().max_days)
        wanted = {(r["event_date"], r.get("country")) for r in rows if r.get("event_date")}
        todo = sorted((k for k in wanted if k not in cache), key=lambda k: (k[0], k[1] or ""))
        if todo:
            conds = []
            for d, country in todo:
                cond = events.c.event_date.between(d - days, d + days)
                if country:
                    cond = and_(cond, or_(events.c.country == country, events.c.country.is_(None)))
                conds.append(cond)
                cache[(d, country)] = []
            for c in self._rows(conn, or_(*conds)):
                for d, country in todo:
                    cd = c["event_date"]
                    if (
                        cd is not None
                        and abs((cd - d).days) <= days.days
                        and (not country or c.get("country") in (country, None))
                    ):
                        cache[(d, country)].append(c)
        return [cache.get((r.get("event_date"), r.get("country")), []) for r in rows]

    def _neighbours(self, conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Stored events linked to any of ``rows`` (before those rows are deleted)."""
        cache: dict[tuple, list[dict[str, Any]]] = {}
        keys = {r["key"] for r in rows}
        out: dict[str, dict[str, Any]] = {}
        for r, cands in zip(rows, self._candidates(conn, rows, cache), strict=True):
            for c in cands:
                if c["key"] not in keys and merge.link(r, c) is not None:
                    out[c["key"]] = c
        return list(out.values())

    def _recluster(self, conn: Connection, seeds: list[dict[str, Any]], now: datetime) -> list[str]:
        """Re-merge the linked component(s) of ``seeds``: every event reachable through links."""
        cache: dict[tuple, list[dict[str, Any]]] = {}
        comp: dict[str, dict[str, Any]] = {s["key"]: s for s in seeds}
        frontier = list(seeds)
        while frontier:
            nxt = []
            for r, cands in zip(frontier, self._candidates(conn, frontier, cache), strict=True):
                for c in cands:
                    if c["key"] not in comp and merge.link(r, c) is not None:
                        comp[c["key"]] = c
                        nxt.append(c)
            frontier = nxt
        rows = list(comp.values())
        _drop_incidents(conn, {r["incident_id"] for r in rows if r.get("incident_id")})
        inc_rows, links = incident_rows(rows, now)
        write_incidents(conn, inc_rows, links)
        return [r["id"] for r in inc_rows]

    def delete_article(self, article_id: int) -> bool:
        """Remove a report and its events; incidents are re-merged without them."""
        with self._write() as conn:
            self._lock(conn)
            return bool(self._remove(conn, article_id, datetime.now(UTC)))

    # ------------------------------------------------------------------ reading

    def query(
        self,
        filters: EventFilter | None = None,
        limit: int | None = None,
        offset: int = 0,
        sort: str = "-event_date",
        after: str | None = None,
    ) -> list[dict[str, Any]]:
        """Incidents (the merged events) matching ``filters``, as dicts: one query for a page
        of up to ``PAGE`` rows. ``after`` is a cursor (``Store.cursor``) of the last row of the
        previous page: the next page starts right after it, as cheap at row 90,000 as at row
        1 (an ``offset`` walks the index up to it)."""
        return list(self.iter_query(filters, limit, offset, sort, after=after))

    def iter_query(
        self,
        filters: EventFilter | None = None,
        limit: int | None = None,
        offset: int = 0,
        sort: str = "-event_date",
        *,
        after: str | None = None,
        page_size: int = PAGE,
    ) -> Iterator[dict[str, Any]]:
        """Matching incidents in ``sort`` order (``-`` for descending, ties by id), as an
        iterator for exports, which holds no connection between rows.

        The first page (``page_size`` rows) is fetched before this returns, so a bad argument
        or an unreachable store raises here, in the caller (e.g. before an HTTP response has
        started), not in the middle of a stream. Later pages are fetched as the iterator is
        consumed, each by one keyset query on a connection taken from the pool only while
        that query runs: a slow reader never holds a connection, so any number of concurrent
        exports cannot starve the pool. Each page is read in one transaction; an export that
        runs while reports are ingested may show a later state of the incidents beyond its
        current page (never a row twice unless an ingest moved it).
        """
        key = _Sort(sort, self.dialect)
        f = filters or EventFilter()
        start = _decode_cursor(after, key.name) if after else None
        if limit is not None and limit <= 0:
            return self._pages([], f, key, 1, 0, page_size)  # an empty generator
        n = page_size if limit is None else min(limit, max(page_size, PAGE))
        need = None if limit is None else offset + limit
        first = self._fetch(f, key, start, offset, n, need)
        return self._pages(first, f, key, n, limit, page_size)

    def _fetch(
        self,
        f: EventFilter,
        key: _Sort,
        start: tuple[Any, str] | None,
        offset: int,
        n: int,
        need: int | None = None,
    ) -> list[dict[str, Any]]:
        """One page: ``n`` rows after ``start`` / ``offset``. ``need`` is how many rows the
        caller will read in all (None: every match), which chooses the plan (``_walk``)."""
        with self._reading() as conn:
            walk = self._walk(conn, f, key, need)
            q = self._select(f, key, start, offset, n, walk)
            return [dict(r._mapping) for r in self._run(conn, q, walk)]

    def _select(
        self,
        f: EventFilter,
        key: _Sort,
        start: tuple[Any, str] | None,
        offset: int,
        n: int,
        walk: bool = False,
        columns: Sequence[Any] = (),
    ) -> Any:
        q = select(*(columns or _INCIDENT_COLUMNS))
        if walk and self.dialect == "sqlite":
            q = q.execution_options(sqlite_indexed_by=SORT_INDEXES[key.name])
        q = q.where(*f.clauses(self.dialect)).order_by(*key.order()).limit(n)
        if start is not None:
            q = q.where(key.after(*start))
        if offset:
            q = q.offset(offset)
        return q

    def _walk(
        self, conn: Connection, f: EventFilter, key: _Sort, need: int | None, total: int = -1
    ) -> bool:
        """Whether to read incidents in the order of the sort key's index, testing the filters
        on each, and stop after ``need`` matches, rather than find every match through the
        filters' indexes and sort them all. SQLite's planner, which has no statistics here,
        always does the latter, slow for a filter many incidents pass (a type, a wide box, a
        common word). Walking reads about ``need * stored / matches`` rows, sorting reads the
        ``matches``: walk when that is fewer. PostgreSQL weighs this itself, except for
        free-text searches, whose matches it guesses at a few dozen whatever the words (20 ms
        a page for a word 19,000 incidents hold, against 1 ms walking)."""
        if need is None or key.name not in SORT_INDEXES:
            return False
        if self.dialect == "postgresql":
            if not (f.q or f.actor):
                return False
        elif not f.clauses(self.dialect) or (key.name == "event_date" and _ordered_by_date(f)):
            return False
        if total < 0:
            total = self._count(conn, f)
        if self.dialect == "sqlite":  # INDEXED BY: the sort key's index over every incident
            stored = self._count(conn, EventFilter())
        else:  # PostgreSQL picks the ordered index of the other filters (country, type, ...)
            stored = self._count(conn, replace(f, q=None, actor=None))
        return total * total > need * stored

    def _run(self, conn: Connection, q: Any, walk: bool) -> Any:
        """Execute a page query, in the sort key's index order when ``walk`` (SQLite: the
        ``INDEXED BY`` of ``_select``; PostgreSQL: no bitmap scans or sorts in this
        transaction, which ends with the read)."""
        if walk and self.dialect == "postgresql":
            off = ("enable_bitmapscan", "enable_sort", "enable_seqscan")  # one round trip
            sets = ", ".join(f"set_config('{o}', 'off', true)" for o in off)
            conn.execute(text(f"SELECT {sets}"))
        return conn.execute(q)

    def _generation(self, conn: Connection) -> int:
        return conn.execute(select(store_state.c.generation)).scalar() or 0

    def _kept_map(self, conn: Connection, what: str, f: EventFilter, make: Any) -> Any:
        """``make(conn)`` for a map view (points, timeline), remembered like counts until the
        store's generation changes: an analyst toggling a filter back gets it at once."""
        key = (self._generation(conn), what, f)
        got = self._maps.get(key)
        if got is None:
            got = make(conn)
            if len(self._maps) >= MAPS_KEPT:
                self._maps.pop(next(iter(self._maps)))
            self._maps[key] = got
        return got

    def _count(self, conn: Connection, f: EventFilter) -> int:
        """How many incidents match ``f``, remembered until the store's generation changes (a
        count reads every match: on 100,000 incidents 0.3 to 2 ms, most of a list page)."""
        gen = self._generation(conn)
        known = self._counts.get((gen, f))
        if known is not None:
            return known
        only = _search_only(f) if self.dialect == "sqlite" else None
        if only is not None:  # straight from the search index
            q = select(func.count()).select_from(search.sqlite_matches(*only).subquery())
        else:
            q = select(func.count()).select_from(incidents).where(*f.clauses(self.dialect))
        n = int(conn.execute(q).scalar_one())
        if len(self._counts) >= COUNTS_KEPT:
            self._counts.clear()
        self._counts[(gen, f)] = n
        return n

    def _pages(
        self,
        page: list[dict[str, Any]],
        f: EventFilter,
        key: _Sort,
        n: int,
        limit: int | None,
        page_size: int,
    ) -> Iterator[dict[str, Any]]:
        left = limit
        while True:
            last = (page[-1][key.name], page[-1]["id"]) if page else None  # before ISO dates
            for r in page:
                yield incident_fields(r)
            if left is not None:
                left -= len(page)
            if len(page) < n or left == 0 or last is None:
                return
            n = page_size if left is None else min(page_size, left)
            page = self._fetch(f, key, last, 0, n, left)

    def page(
        self,
        filters: EventFilter | None = None,
        limit: int = 100,
        offset: int = 0,
        sort: str = "-event_date",
        after: str | None = None,
    ) -> dict[str, Any]:
        """One page for a list view on one connection: ``{"total", "items", "next"}``, where
        ``next`` is the cursor of the following page (None on the last page)."""
        total, docs = self._page_docs(filters, limit, offset, sort, after)
        items = [json.loads(d) for d in docs]
        nxt = self.cursor(items[-1], sort) if items and len(items) == limit else None
        return {"total": total, "items": items, "next": nxt}

    def page_json(
        self,
        filters: EventFilter | None = None,
        limit: int = 100,
        offset: int = 0,
        sort: str = "-event_date",
    ) -> bytes:
        """The page of ``page`` as the JSON body of ``GET /events``: ``{"total", "limit",
        "offset", "items"}``, the items joined from their stored docs (store/docs.py) without
        being parsed."""
        total, docs = self._page_docs(filters, limit, offset, sort)
        head = json.dumps({"total": total, "limit": limit, "offset": offset})[:-1]
        return f'{head}, "items": [{", ".join(docs)}]}}'.encode()

    def _page_docs(
        self,
        filters: EventFilter | None,
        limit: int,
        offset: int,
        sort: str,
        after: str | None = None,
    ) -> tuple[int, list[str]]:
        """The count of matches and one page of their stored docs, on one connection."""
        key = _Sort(sort, self.dialect)
        f = filters or EventFilter()
        start = _decode_cursor(after, key.name) if after else None
        docs: list[str] = []
        with self._reading() as conn:
            total = self._count(conn, f)
            if limit > 0 and total:
                walk = self._walk(conn, f, key, offset + limit, total)
                cols = (incidents.c.doc, incidents.c.id)
                q = self._select(f, key, start, offset, limit, walk, cols)
                got = self._run(conn, q, walk).all()
                docs = [d for d, _ in got]
                if None in docs:  # a row written by other means: serialise it now
                    ids = [i for d, i in got if d is None]
                    q = select(*_INCIDENT_COLUMNS).where(incidents.c.id.in_(ids))
                    made = {r["id"]: incident_doc(r) for r in conn.execute(q).mappings()}
                    docs = [d if d is not None else made[i] for d, i in got]
        return total, docs

    @staticmethod
    def cursor(item: Mapping[str, Any], sort: str = "-event_date") -> str:
        """The cursor (``after=``) of a row of ``query`` / ``iter_query`` in ``sort`` order."""
        name = _Sort(sort, "sqlite").name
        raw = json.dumps([item.get(name), item["id"]], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def count(self, filters: EventFilter | None = None) -> int:
        """How many incidents match ``filters``."""
        with self._reading() as conn:
            return self._count(conn, filters or EventFilter())

    def records(self, filters: EventFilter | None = None, **kw: Any) -> list[Event]:
        """Matching incidents as model Events (for the ACLED / CSV / table writers)."""
        return [incident_event(d) for d in self.iter_query(filters, **kw)]

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident with its member events (evidence included) and their reports."""
        with self._reading() as conn:
            r = conn.execute(
                select(*_INCIDENT_COLUMNS).where(incidents.c.id == incident_id)
            ).first()
            if r is None:
                return None
            out = incident_fields(r._mapping)
            q = (
                select(
                    events,
                    articles.c.ext_id,
                    articles.c.url,
                    articles.c.title,
                    articles.c.published,
                    articles.c.source.label("article_source"),
                )
                .join(articles, articles.c.id == events.c.article_id)
                .where(events.c.incident_id == incident_id)
                .order_by(articles.c.published, events.c.key)
            )
            members = [dict(m._mapping) for m in conn.execute(q)]
        out["events"] = [_event_dict(m) for m in members]
        reports: dict[int, dict[str, Any]] = {}
        for m in members:
            reports.setdefault(
                m["article_id"],
                {
                    "article_id": m["article_id"],
                    "ext_id": m["ext_id"],
                    "source": m["article_source"],
                    "url": m["url"],
                    "title": m["title"],
                    "published": _iso(m["published"]),
                },
            )
        out["reports"] = list(reports.values())
        return out

    def article(self, article_id: int) -> dict[str, Any] | None:
        """One report: its text, metadata and the evidence spans of its events."""
        with self._reading() as conn:
            r = conn.execute(select(articles).where(articles.c.id == article_id)).first()
            if r is None:
                return None
            evs = [
                dict(m._mapping)
                for m in conn.execute(
                    select(events).where(events.c.article_id == article_id).order_by(events.c.idx)
                )
            ]
        a = dict(r._mapping)
        spans = []
        for e in evs:
            for fld, ev in sorted((e.get("evidence") or {}).items()):
                spans.append({"event_id": e["id"], "field": fld, **ev})
        spans.sort(key=lambda s: (s["start"], s["end"], s["field"]))
        return {
            "id": a["id"],
            "ext_id": a["ext_id"],
            "url": a["url"],
            "source": a["source"],
            "title": a["title"],
            "published": _iso(a["published"]),
            "version": a["version"],
            "ingested_at": _iso(a["ingested_at"]),
            "text": a["text"],
            "events": [_event_dict(e) for e in evs],
            "evidence_spans": spans,
        }

    def stats(self, filters: EventFilter | None = None) -> dict[str, Any]:
        """Incident counts by day, event type, admin1 and day and type (``by_day_type``, as
        ``timeline``), plus store totals."""
        where = (filters or EventFilter()).clauses(self.dialect)
        c = incidents.c
        with self._reading() as conn:

            def grouped(*cols: Any) -> list[Any]:
                q = (
                    select(*cols, func.count().label("n"), func.sum(c.fatalities).label("dead"))
                    .where(*where)
                    .group_by(*cols)
                    .order_by(*cols)
                )
                return list(conn.execute(q))

            by_day = [
                {"date": _iso(r[0]), "incidents": r.n, "fatalities": int(r.dead or 0)}
                for r in grouped(c.event_date)
            ]
            by_type = [
                {"event_type": r[0], "incidents": r.n, "fatalities": int(r.dead or 0)}
                for r in grouped(c.event_type)
            ]
            by_admin1 = [
                {"country": r[0], "admin1": r[1], "incidents": r.n, "fatalities": int(r.dead or 0)}
                for r in grouped(c.country, c.admin1)
            ]
            totals = self._totals(conn)
        totals["matching_incidents"] = sum(d["incidents"] for d in by_type)
        return {
            "totals": totals, "by_day": by_day, "by_type": by_type, "by_admin1": by_admin1,
            "by_day_type": self.timeline(filters),
        }  # fmt: skip

    def points(self, filters: EventFilter | None = None) -> tuple[int, str]:
        """How many matching incidents have coordinates, and their rows as one JSON array of
        ``[id, latitude, longitude, event_type, fatalities, event_date]`` (coordinates rounded
        to 5 decimals, about a metre; in no set order): what a map draws, built by the database
        in one aggregate (a quarter of the time of building it here for 60,000 rows)."""
        c = incidents.c
        where = (filters or EventFilter()).clauses(self.dialect)
        if self.dialect == "postgresql":
            lat, lon = (func.round(cast(x, Numeric), 5) for x in (c.latitude, c.longitude))
            row = func.json_build_array(
                c.id, lat, lon, c.event_type, func.coalesce(c.fatalities, 0), c.event_date
            )
            rows = cast(func.coalesce(func.json_agg(row), literal("[]").cast(JSON)), Text)
        else:
            lat, lon = (func.round(x, 5) for x in (c.latitude, c.longitude))
            row = func.json_array(
                c.id, lat, lon, c.event_type, func.coalesce(c.fatalities, 0), c.event_date
            )
            rows = func.json_group_array(row)
        q = select(func.count(), rows).where(
            *where, c.latitude.is_not(None), c.longitude.is_not(None)
        )

        def make(conn: Connection) -> tuple[int, str]:
            n, got = conn.execute(q).one()
            return int(n), got or "[]"

        with self._reading() as conn:
            return self._kept_map(conn, "points", filters or EventFilter(), make)

    def timeline(self, filters: EventFilter | None = None) -> list[dict[str, Any]]:
        """Matching incidents per day and event type (``date``, ``event_type``,
        ``incidents``), in date order; incidents with no date are left out."""
        c = incidents.c
        where = (filters or EventFilter()).clauses(self.dialect)
        q = (
            select(c.event_date, c.event_type, func.count().label("n"))
            .where(*where, c.event_date.is_not(None))
            .group_by(c.event_date, c.event_type)
            .order_by(c.event_date, c.event_type)
        )

        def make(conn: Connection) -> list[dict[str, Any]]:
            got = conn.execute(q).all()
            return [{"date": _iso(d), "event_type": t, "incidents": int(n)} for d, t, n in got]

        with self._reading() as conn:
            return list(self._kept_map(conn, "timeline", filters or EventFilter(), make))

    def _totals(self, conn: Connection) -> dict[str, int]:
        return {
            name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for name, t in (("articles", articles), ("events", events), ("incidents", incidents))
        }

    def totals(self) -> dict[str, int]:
        """How many articles, events and incidents are stored."""
        with self._reading() as conn:
            return self._totals(conn)

    def check(self) -> list[str]:
        """Consistency problems (empty when the store is sound)."""
        problems = []
        with self._reading() as conn:
            n = conn.execute(
                select(func.count())
                .select_from(events)
                .outerjoin(incidents, incidents.c.id == events.c.incident_id)
                .where(incidents.c.id.is_(None))
            ).scalar_one()
            if n:
                problems.append(f"{n} event(s) without an incident")
            n = conn.execute(
                select(func.count())
                .select_from(incidents)
                .where(
                    ~incidents.c.id.in_(
                        select(events.c.incident_id).where(events.c.incident_id.is_not(None))
                    )
                )
            ).scalar_one()
            if n:
                problems.append(f"{n} incident(s) without events")
            per = (
                select(events.c.article_id, func.count().label("n"))
                .group_by(events.c.article_id)
                .subquery()
            )
            n = conn.execute(
                select(func.count())
                .select_from(articles)
                .outerjoin(per, per.c.article_id == articles.c.id)
                .where(func.coalesce(per.c.n, 0) != articles.c.n_events)
            ).scalar_one()
            if n:
                problems.append(f"{n} article(s) whose stored events are incomplete")
            n = conn.execute(
                select(func.count()).select_from(
                    select(articles.c.text_hash)
                    .group_by(articles.c.text_hash)
                    .having(func.count() > 1)
                    .subquery()
                )
            ).scalar_one()
            if n:
                problems.append(f"{n} report text(s) stored twice")
            if self.dialect == "sqlite":
                problems += search.fts_problems(conn)
        return problems


def incident_rows(
    rows: Sequence[Mapping[str, Any]], now: datetime
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The incidents of linked event rows (store/merge.py) and each member's incident id."""
    by_key = {r["key"]: r for r in rows}
    inc_rows: list[dict[str, Any]] = []
    links: list[dict[str, str]] = []
    for cl in merge.cluster(rows):
        members = [by_key[k] for k in cl.members]
        iid = merge.incident_id(cl.members)
        rec = merge.summarise(members, RECORD_FIELDS)
        rec.update(id=iid, merge_reasons=cl.reasons, updated_at=now)
        inc_rows.append(rec)
        links += [{"k": k, "iid": iid} for k in cl.members]
    return inc_rows, links


def write_incidents(
    conn: Connection, inc_rows: list[dict[str, Any]], links: list[dict[str, str]]
) -> None:
    """Insert incidents and point their member events at them."""
    if links:
        conn.execute(
            update(events)
            .where(events.c.key == bindparam("k"))
            .values(incident_id=bindparam("iid")),
            links,
        )
    if inc_rows:
        conn.execute(insert(incidents), [{**r, "doc": incident_doc(r)} for r in inc_rows])


class _Sort:
    """A sort key: ``ORDER BY key, id`` (both one way, so one index serves it) and the keyset
    condition "after this row", with NULLs where the backend puts them (SQLite: first when
    ascending; PostgreSQL: last)."""

    def __init__(self, sort: str, dialect: str) -> None:
        self.desc = sort.startswith("-")
        self.name = sort.lstrip("-+")
        if self.name not in SORTABLE:
            raise ValueError(f"cannot sort by {self.name!r}: choose one of {', '.join(SORTABLE)}")
        self.col = incidents.c[self.name]
        self.nulls_first = (not self.desc) if dialect == "sqlite" else self.desc

    def order(self) -> list[Any]:
        cols = [self.col] if self.name == "id" else [self.col, incidents.c.id]
        return [c.desc() if self.desc else c.asc() for c in cols]

    def after(self, value: Any, last_id: str) -> ColumnElement[bool]:
        iid = incidents.c.id
        tie = iid < last_id if self.desc else iid > last_id
        if self.name == "id":
            return tie
        if value is None:
            cond = and_(self.col.is_(None), tie)
            return or_(cond, self.col.is_not(None)) if self.nulls_first else cond
        pair, at = tuple_(self.col, iid), tuple_(literal(value, self.col.type), literal(last_id))
        cond = pair < at if self.desc else pair > at
        return cond if self.nulls_first else or_(cond, self.col.is_(None))


def _decode_cursor(cursor: str, name: str) -> tuple[Any, str]:
    """The (sort value, id) a cursor of ``Store.cursor`` holds; ValueError when malformed."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, last_id = json.loads(raw)
        if not isinstance(last_id, str) or not isinstance(value, str | int | float | None):
            raise ValueError
        if name == "event_date" and value is not None:
            value = date.fromisoformat(value)
    except (ValueError, TypeError, UnicodeDecodeError):
        raise ValueError("bad cursor: pass the `next` cursor of a previous page") from None
    return value, last_id


_FROM_INCIDENTS = re.compile(r"\bFROM incidents\b")


def _indexed_by(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
    """SQLite: read incidents through the index a statement names in its execution option
    ``sqlite_indexed_by`` (``FROM incidents INDEXED BY ix``; SQLAlchemy has no SQLite hints)."""
    ix = context.execution_options.get("sqlite_indexed_by") if context is not None else None
    if ix:
        statement = _FROM_INCIDENTS.sub(f"FROM incidents INDEXED BY {ix}", statement, count=1)
    return statement, parameters


def _url(url: str | None) -> str | None:
    """A report's URL; an empty one (or only white space) is no URL."""
    return (url or "").strip() or None


def _drop_incidents(conn: Connection, ids: set[str]) -> None:
    """Delete incidents (their search entries follow: store/search.py)."""
    if ids:
        conn.execute(delete(incidents).where(incidents.c.id.in_(sorted(ids))))


def _iso(v: Any) -> str | None:
    if v is None:
        return None
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def _event_dict(m: Mapping[str, Any]) -> dict[str, Any]:
    keep = ("id", "key", "article_id", "idx", "incident_id", *RECORD_FIELDS, "source")
    d = {k: m.get(k) for k in keep}
    d["event_date"] = _iso(d["event_date"])
    d["historical"] = bool(m.get("historical"))
    d["evidence"] = m.get("evidence") or {}
    return d


def incident_event(d: Mapping[str, Any]) -> Event:
    """An incident dict as a model Event (``article_id`` holds the incident id)."""
    from conflictwire.model import Actor, Place

    def actor(name: Any, inter: Any) -> Actor | None:
        return Actor(name=name, inter=int(inter or 0)) if name else None

    def split(v: Any) -> list[str]:
        return [x.strip() for x in (v or "").split(";") if x.strip()]

    place = Place(
        name=d.get("location") or "",
        country=d.get("country"),
        iso=d.get("iso"),
        iso3=d.get("iso3"),
        region=d.get("region"),
        admin1=d.get("admin1"),
        admin2=d.get("admin2"),
        admin3=d.get("admin3"),
        latitude=d.get("latitude"),
        longitude=d.get("longitude"),
        geo_precision=d.get("geo_precision"),
    )
    ed = d.get("event_date")
    return Event(
        article_id=str(d["id"]),
        event_date=date.fromisoformat(ed) if isinstance(ed, str) else ed,
        time_precision=d.get("time_precision"),
        disorder_type=d.get("disorder_type") or "",
        event_type=d.get("event_type") or "",
        sub_event_type=d.get("sub_event_type") or "",
        actor1=actor(d.get("actor1"), d.get("inter1")),
        actor2=actor(d.get("actor2"), d.get("inter2")),
        assoc_actor_1=split(d.get("assoc_actor_1")),
        assoc_actor_2=split(d.get("assoc_actor_2")),
        place=place,
        source=d.get("sources"),
        notes=d.get("notes") or "",
        fatalities=int(d.get("fatalities") or 0),
        injuries=int(d.get("injuries") or 0),
        confidence=float(d.get("confidence") or 0.0),
    )


def acled_row(d: Mapping[str, Any]) -> dict[str, Any]:
    """ACLED's 31 columns for one incident (``event_id_cnty`` is ISO3 + incident id)."""
    row = incident_event(d).to_acled_row()
    row["event_id_cnty"] = f"{d.get('iso3') or 'XXX'}{d['id']}"
    upd = d.get("updated_at")
    if upd:
        row["timestamp"] = int(datetime.fromisoformat(str(upd)).timestamp())
    return row
