"""Fill an empty store with many reports at once (benchmarks, imports of a whole corpus).

The rows are those ``Store.ingest`` would write for the same reports one by one: the same event
keys, and incidents merged by the same rules (store/merge.py). Incidents depend only on the set
of events linked together, not on the order they were stored in, so the links are found here in
memory, window by window of dates, and each linked group is clustered once, instead of once per
report as it grows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from conflictwire.model import Article, Event
from conflictwire.store import merge
from conflictwire.store.repository import (
    Store,
    _url,
    event_row,
    incident_rows,
    text_hash,
    write_incidents,
)
from conflictwire.store.schema import articles, events
from conflictwire.store.values import check_row

CHUNK = 5000  # rows to an INSERT


def _groups(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The groups of rows linked directly or through others (union-find over the links between
    rows dated within ``max_days`` of each other, in the same country or with none)."""
    days = merge.rules().max_days
    parent = list(range(len(rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_day: dict[tuple[Any, Any], list[int]] = defaultdict(list)
    countries: dict[Any, set[Any]] = defaultdict(set)
    for i, r in enumerate(rows):
        if r.get("event_date") is not None:
            by_day[(r["event_date"], r.get("country"))].append(i)
            countries[r["event_date"]].add(r.get("country"))
    for i, r in enumerate(rows):
        d = r.get("event_date")
        if d is None:
            continue
        for k in range(-days, days + 1):
            day = d + timedelta(days=k)
            wanted = countries[day] if not r.get("country") else {r.get("country"), None}
            for country in wanted:
                for j in by_day.get((day, country), ()):
                    if j > i and root(i) != root(j) and merge.link(r, rows[j]) is not None:
                        parent[root(j)] = root(i)
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for i, r in enumerate(rows):
        out[root(i)].append(r)
    return list(out.values())


def load(store: Store, reports: Iterable[tuple[Article, Sequence[Event]]]) -> dict[str, int]:
    """Store ``reports`` in the empty ``store`` in one transaction; how many articles, events and
    incidents it now holds. A text met again is skipped (as ``ingest`` finds it unchanged);
    reports are refused as ``ingest`` refuses them (``RecordError``), and a URL given twice
    (versions of a report: use ``Store.ingest``) or a store that holds anything is a ValueError.
    """
    if any(store.totals().values()):
        raise ValueError("bulk loads go into an empty store only: use Store.ingest")
    now = datetime.now(UTC)
    seen: set[str] = set()
    urls: set[str] = set()
    arts: list[dict[str, Any]] = []
    evs: list[tuple[str, list[dict[str, Any]], Article]] = []
    for art, items in reports:
        h = text_hash(art.text)
        if h in seen:
            continue
        seen.add(h)
        url = _url(art.url)
        if url in urls:
            raise ValueError(f"URL {url!r} given twice: store versions with Store.ingest")
        if url:
            urls.add(url)
        what = f"report {art.id or url or h[:12]!r}"
        values = dict(ext_id=art.id or "", url=url, text_hash=h, source=art.source,
                      title=art.title, published=art.published, text=art.text,
                      n_events=len(items), ingested_at=now, version=1)  # fmt: skip
        check_row(articles, values, what)
        rows = [event_row(ev, 0, f"{h[:24]}:{i}", i) for i, ev in enumerate(items)]
        for i, r in enumerate(rows):
            r["source"] = r["source"] or art.source
            check_row(events, r, f"{what}, event {i + 1}")
        arts.append(values)
        evs.append((h, rows, art))
    with store._write() as conn:
        store._lock(conn)
        for i in range(0, len(arts), CHUNK):
            conn.execute(insert(articles), arts[i : i + CHUNK])
        ids = {h: i for h, i in conn.execute(select(articles.c.text_hash, articles.c.id))}
        all_rows: list[dict[str, Any]] = []
        for h, rows, _art in evs:
            for r in rows:
                r["article_id"] = ids[h]
            all_rows += rows
        for i in range(0, len(all_rows), CHUNK):
            conn.execute(insert(events), all_rows[i : i + CHUNK])
        pub = {ids[h]: art.published for h, _, art in evs}
        linked = [{**r, "published": pub[r["article_id"]], "incident_id": None} for r in all_rows]
        inc_rows: list[dict[str, Any]] = []
        links: list[dict[str, str]] = []
        for group in _groups(linked):
            got, ln = incident_rows(group, now)
            inc_rows += got
            links += ln
        write_incidents(conn, [], links)
        for i in range(0, len(inc_rows), CHUNK):
            write_incidents(conn, inc_rows[i : i + CHUNK], [])
    return store.totals()
