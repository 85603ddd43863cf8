"""The store: ingest reports with their events, merge incidents, query them.

Every report is stored in one transaction (article row, its events, the incidents they touch),
so a process killed mid-ingest leaves a consistent store and a rerun completes it. The same
report (same URL, or the same text once normalised) is stored once; a changed version of a
report (same URL, new text) replaces its events.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, or_, select, text, update
from sqlalchemy.sql import ColumnElement

from conflictwire.model import Article, Event
from conflictwire.store import merge
from conflictwire.store.db import default_db_url, make_engine, normalise_url
from conflictwire.store.migrations import migrate
from conflictwire.store.schema import RECORD_FIELDS, articles, events, incidents
from conflictwire.text import fold

SORTABLE = ("event_date", "fatalities", "country", "admin1", "event_type", "n_reports", "id")


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
    actor: str | None = None  # part of actor1, actor2 or an associated actor
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    q: str | None = None  # text in notes, location, actors, admin names or sources

    def clauses(self) -> list[ColumnElement[bool]]:
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
            out.append(
                or_(
                    func.lower(c.event_type) == t,
                    func.lower(c.sub_event_type) == t,
                    func.lower(c.disorder_type) == t,
                )
            )
        if self.actor:
            a = self.actor.lower()
            cols = (c.actor1, c.actor2, c.assoc_actor_1, c.assoc_actor_2)
            out.append(or_(*(func.lower(x).contains(a, autoescape=True) for x in cols)))
        if self.bbox:
            x0, y0, x1, y1 = self.bbox
            out.append(and_(c.longitude.between(x0, x1), c.latitude.between(y0, y1)))
        if self.q:
            q = self.q.lower()
            cols = (c.notes, c.location, c.actor1, c.actor2, c.admin1, c.admin2, c.sources)
            out.append(or_(*(func.lower(x).contains(q, autoescape=True) for x in cols)))
        return out


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

    def __init__(self, url: str | None = None, create: bool = True) -> None:
        self.url = normalise_url(url or default_db_url())
        self.engine = make_engine(self.url)
        self.dialect = self.engine.dialect.name
        self.version = migrate(self.engine) if create else 0

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def _write(self):  # type: ignore[no-untyped-def]
        """A write transaction: SQLite takes its write lock at once; PostgreSQL writers queue
        on an advisory lock, so incident merging never races."""
        eng = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        return eng.begin()

    def _lock(self, conn: Connection) -> None:
        if self.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(7355609)"))

    def _find(self, conn: Connection, article: Article, h: str) -> tuple[str, int | None]:
        if article.url:
            row = conn.execute(
                select(articles.c.id, articles.c.text_hash).where(articles.c.url == article.url)
            ).first()
            if row is not None:
                return ("unchanged" if row.text_hash == h else "changed"), row.id
        row = conn.execute(select(articles.c.id).where(articles.c.text_hash == h).limit(1)).first()
        if row is not None:
            return "unchanged", row.id
        return "new", None

    def status(self, article: Article) -> str:
        """``new``, ``unchanged`` (stored already) or ``changed`` (a new version of a stored
        report): lets callers skip the pipeline for reports that are stored already."""
        with self.engine.connect() as conn:
            return self._find(conn, article, text_hash(article.text))[0]

    def ingest(self, article: Article, evs: Sequence[Event]) -> IngestResult:
        """Store one report and its events in one transaction, and re-merge incidents."""
        h = text_hash(article.text)
        now = datetime.now(UTC)
        with self._write() as conn:
            self._lock(conn)
            state, aid = self._find(conn, article, h)
            if state == "unchanged":
                return IngestResult("unchanged", aid or 0)
            values = dict(
                ext_id=article.id or "",
                url=article.url,
                text_hash=h,
                source=article.source,
                title=article.title,
                published=article.published,
                text=article.text,
                n_events=len(evs),
                ingested_at=now,
            )
            seeds: list[dict[str, Any]] = []
            if state == "changed":
                old = self._rows(conn, events.c.article_id == aid)
                seeds = self._neighbours(conn, old)
                old_ids = sorted({r["incident_id"] for r in old if r.get("incident_id")})
                conn.execute(delete(events).where(events.c.article_id == aid))
                if old_ids:
                    conn.execute(delete(incidents).where(incidents.c.id.in_(old_ids)))
                conn.execute(
                    update(articles)
                    .where(articles.c.id == aid)
                    .values(version=articles.c.version + 1, **values)
                )
            else:
                aid = conn.execute(
                    insert(articles).values(version=1, **values)
                ).inserted_primary_key[0]
            rows = [event_row(ev, aid, f"{h[:24]}:{i}", i) for i, ev in enumerate(evs)]
            for r in rows:
                r["source"] = r["source"] or article.source
            if rows:
                conn.execute(insert(events), rows)
            new = [{**r, "published": article.published, "incident_id": None} for r in rows]
            seeds = [s for s in seeds if s["article_id"] != aid]
            touched = self._recluster(conn, new + seeds, now)
            return IngestResult(
                "replaced" if state == "changed" else "added", aid, len(rows), touched
            )

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
        old_ids = {r["incident_id"] for r in rows if r.get("incident_id")}
        if old_ids:
            conn.execute(delete(incidents).where(incidents.c.id.in_(sorted(old_ids))))
        by_key = {r["key"]: r for r in rows}
        new_ids: list[str] = []
        inc_rows: list[dict[str, Any]] = []
        links: list[dict[str, str]] = []
        for cl in merge.cluster(rows):
            members = [by_key[k] for k in cl.members]
            iid = merge.incident_id(cl.members)
            rec = merge.summarise(members, RECORD_FIELDS)
            rec.update(id=iid, merge_reasons=cl.reasons, updated_at=now)
            inc_rows.append(rec)
            new_ids.append(iid)
            links += [{"k": k, "iid": iid} for k in cl.members]
        if links:
            conn.execute(
                update(events)
                .where(events.c.key == bindparam("k"))
                .values(incident_id=bindparam("iid")),
                links,
            )
        if inc_rows:
            conn.execute(insert(incidents), inc_rows)
        return new_ids

    def delete_article(self, article_id: int) -> bool:
        """Remove a report and its events; incidents are re-merged without them."""
        with self._write() as conn:
            self._lock(conn)
            old = self._rows(conn, events.c.article_id == article_id)
            seeds = self._neighbours(conn, old)
            old_ids = sorted({r["incident_id"] for r in old if r.get("incident_id")})
            conn.execute(delete(events).where(events.c.article_id == article_id))
            if old_ids:
                conn.execute(delete(incidents).where(incidents.c.id.in_(old_ids)))
            gone = conn.execute(delete(articles).where(articles.c.id == article_id)).rowcount
            self._recluster(conn, seeds, datetime.now(UTC))
            return bool(gone)

    # ------------------------------------------------------------------ reading

    def query(
        self,
        filters: EventFilter | None = None,
        limit: int | None = None,
        offset: int = 0,
        sort: str = "-event_date",
    ) -> list[dict[str, Any]]:
        """Incidents (the merged events) matching ``filters``, as dicts."""
        return list(self.iter_query(filters, limit, offset, sort))

    def iter_query(
        self,
        filters: EventFilter | None = None,
        limit: int | None = None,
        offset: int = 0,
        sort: str = "-event_date",
    ) -> Iterator[dict[str, Any]]:
        desc = sort.startswith("-")
        name = sort.lstrip("-+")
        if name not in SORTABLE:
            raise ValueError(f"cannot sort by {name!r}: choose one of {', '.join(SORTABLE)}")
        col = incidents.c[name]
        order = [col.desc() if desc else col.asc(), incidents.c.id.asc()]
        q = select(incidents).where(*(filters or EventFilter()).clauses()).order_by(*order)
        if limit is not None:
            q = q.limit(limit)
        if offset:
            q = q.offset(offset)
        with self.engine.connect() as conn:
            for r in conn.execute(q):
                yield _incident_dict(r._mapping)

    def count(self, filters: EventFilter | None = None) -> int:
        q = select(func.count()).select_from(incidents)
        q = q.where(*(filters or EventFilter()).clauses())
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())

    def records(self, filters: EventFilter | None = None, **kw: Any) -> list[Event]:
        """Matching incidents as model Events (for the ACLED / CSV / table writers)."""
        return [incident_event(d) for d in self.iter_query(filters, **kw)]

    def incident(self, incident_id: str) -> dict[str, Any] | None:
        """One incident with its member events (evidence included) and their reports."""
        with self.engine.connect() as conn:
            r = conn.execute(select(incidents).where(incidents.c.id == incident_id)).first()
            if r is None:
                return None
            out = _incident_dict(r._mapping)
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
        with self.engine.connect() as conn:
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
        """Incident counts by day, event type and admin1, plus store totals."""
        where = (filters or EventFilter()).clauses()
        c = incidents.c
        with self.engine.connect() as conn:

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
        return {"totals": totals, "by_day": by_day, "by_type": by_type, "by_admin1": by_admin1}

    def _totals(self, conn: Connection) -> dict[str, int]:
        return {
            name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for name, t in (("articles", articles), ("events", events), ("incidents", incidents))
        }

    def totals(self) -> dict[str, int]:
        """How many articles, events and incidents are stored."""
        with self.engine.connect() as conn:
            return self._totals(conn)

    def check(self) -> list[str]:
        """Consistency problems (empty when the store is sound)."""
        problems = []
        with self.engine.connect() as conn:
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
        return problems


def _iso(v: Any) -> str | None:
    if v is None:
        return None
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


def _incident_dict(m: Mapping[str, Any]) -> dict[str, Any]:
    d = {k: m[k] for k in m.keys()}  # noqa: SIM118 (RowMapping)
    d["event_date"] = _iso(d.get("event_date"))
    d["updated_at"] = _iso(d.get("updated_at"))
    d["source"] = d.get("sources")
    return d


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
