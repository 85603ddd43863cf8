"""The store under bad input and load: refused values, empty URLs, a new version whose text is
another report's, indexed filters and free-text search, keyset pages, exports that hold no
connection (SQLite and, with $CONFLICTWIRE_TEST_PG, PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, text

from conflictwire.store import EventFilter, RecordError, Store
from conflictwire.store.migrations import LATEST
from conflictwire.store.repository import SORTABLE
from storehelp import article, event, place

D = date(2021, 6, 11)
SIDAKAN = place("Sidakan", 36.797, 44.671)
BAGHDAD = place("Baghdad", 33.31, 44.36, admin1="Baghdad", admin2="Resafa")
T1 = "A Turkish drone struck a car near Sidakan on Friday, killing two PKK fighters."
T2 = "Protesters gathered in Baghdad on Friday to demand jobs; the march was peaceful."


def strike(t: str = T1, **kw) -> list:
    return [event(t, D, SIDAKAN, **kw)]


def protest(t: str = T2) -> list:
    return [event(t, D, BAGHDAD, "Peaceful protest", "Protests", "Protesters (Iraq)", None)]


# ------------------------------------------------------------------ a new version = another text


@pytest.mark.parametrize("with_events", [True, False])
def test_new_version_whose_text_is_another_report(store, with_events):
    a = article(T1, "Rudaw", D, url="https://example.org/a")
    b = article(T2, "Shafaaq", D, url="https://example.org/b")
    store.ingest(a, strike() if with_events else [])
    bid = store.ingest(b, protest() if with_events else []).article_id
    # the report at /a now carries the text of /b
    moved = article(T2, "Rudaw", D, url="https://example.org/a", id="a2")
    assert store.status(moved) == "changed"
    res = store.ingest(moved, protest() if with_events else [])
    assert (res.status, res.article_id) == ("replaced", bid)
    n = 1 if with_events else 0
    assert store.totals() == {"articles": 1, "events": n, "incidents": n}
    assert store.check() == []
    assert store.ingest(moved, []).status == "unchanged"  # and stays stored once
    assert store.totals()["articles"] == 1


def test_new_version_hands_its_url_to_a_report_without_one(store):
    store.ingest(article(T1, "Rudaw", D, url="https://example.org/a"), strike())
    bid = store.ingest(article(T2, "Shafaaq", D), protest()).article_id
    res = store.ingest(article(T2, "Rudaw", D, url="https://example.org/a"), protest())
    assert res.article_id == bid
    assert store.article(bid)["url"] == "https://example.org/a"
    assert store.count(EventFilter(q="sidakan")) == 0  # the old version's incident is gone
    assert store.check() == []


# ------------------------------------------------------------------ empty URLs


def test_empty_url_is_no_url(store):
    r1 = store.ingest(article(T1, "Rudaw", D, url=""), strike())
    r2 = store.ingest(article(T2, "Shafaaq", D, url="  "), protest())
    assert (r1.status, r2.status) == ("added", "added")
    assert store.article(r1.article_id)["url"] is None
    assert store.article(r2.article_id)["url"] is None
    # the same text again (empty URL) is the same report
    assert store.ingest(article(T1, "Copy", D, url=""), strike()).status == "unchanged"
    assert store.totals()["articles"] == 2 and store.check() == []


# ------------------------------------------------------------------ values a column cannot hold


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"dead": 10**12}, "fatalities"),
        ({"dead": 10**30}, "fatalities"),  # over 64 bits: SQLite's driver would overflow
        ({"dead": -3}, "fatalities"),
        ({"actor1": "A" * 400}, "actor1"),
    ],
)
def test_out_of_range_values_refuse_that_report_only(store, kw, field):
    store.ingest(article(T2, "Shafaaq", D), protest())
    before = store.totals()
    with pytest.raises(RecordError, match=field) as e:
        store.ingest(article(T1, "Rudaw", D, id="r1"), strike(**kw))
    assert "r1" in str(e.value) and "\n" not in str(e.value)
    assert store.totals() == before and store.check() == []
    # the run goes on: the next report is stored
    t3 = T1.replace("Friday", "Monday")
    assert store.ingest(article(t3, "Rudaw", D), strike(t3, dead=2)).status == "added"
    assert store.check() == []


def test_the_largest_count_a_column_holds_is_stored(store):
    res = store.ingest(article(T1, "Rudaw", D), strike(dead=2**31 - 1))
    assert store.incident(res.incidents[0])["fatalities"] == 2**31 - 1
    t3 = T1.replace("Friday", "Monday")
    with pytest.raises(RecordError, match=r"fatalities 2147483648 is out of range"):
        store.ingest(article(t3, "Rudaw", D), strike(t3, dead=2**31))


def test_bad_floats_and_nul_characters_are_refused(store):
    bad = event(T1, D, place("Sidakan", float("nan"), 44.6))
    with pytest.raises(RecordError, match="latitude"):
        store.ingest(article(T1, "Rudaw", D), [bad])
    with pytest.raises(RecordError, match="NUL"):
        store.ingest(article(T1 + "\x00", "Rudaw", D), strike())
    assert store.totals() == {"articles": 0, "events": 0, "incidents": 0}


def test_ingest_many_rolls_back_only_the_failing_batch(store):
    t3 = T1.replace("Friday", "Monday")
    good = [(article(T1, "Rudaw", D), strike()), (article(T2, "Shafaaq", D), protest())]
    bad = (article(t3, "Rudaw", D), strike(t3, dead=10**10))
    with pytest.raises(RecordError):
        store.ingest_many([*good, bad], batch=2)
    assert store.totals()["articles"] == 2 and store.check() == []


# ------------------------------------------------------------------ search, indexes, pages


def _many(store: Store, n: int = 40) -> None:
    """``n`` distinct incidents with ties and missing values in every sort key."""
    reps = []
    for i in range(n):
        t = f"Report {i}: clashes near Site{i} between the army and al-Shabaab militants."
        a1 = None if i % 5 == 0 else f"Region {i % 3}"
        where = place(f"Site{i}", 2.0 + i, 45.0, admin1=a1, admin2=f"District {i}")
        ev = event(t, D + timedelta(days=3 * (i % 4)), where, "Armed clash", "Battles",
                   "Military Forces of Somalia", "Al Shabaab", dead=i % 3)  # fmt: skip
        if i % 7 == 0:
            ev.event_date = None
        reps.append((article(t, f"Wire {i}", D, id=f"r{i}"), [ev]))
    store.ingest_many(reps, batch=16)


def test_free_text_follows_inserts_replacements_and_deletions(store):
    store.ingest(article(T1, "Rudaw", D, url="https://example.org/a"), strike())
    assert store.count(EventFilter(q="sidakan")) == 1
    assert store.count(EventFilter(q="SIDAK")) == 1  # word prefix, any case
    assert store.count(EventFilter(q="drone sidakan")) == 1  # every word
    assert store.count(EventFilter(q="drone baghdad")) == 0
    assert store.count(EventFilter(actor="turk")) == 1
    assert store.count(EventFilter(actor="sidakan")) == 0  # not an actor
    t = T1.replace("Sidakan", "Baghdad")
    res = store.ingest(article(t, "Rudaw", D, url="https://example.org/a"), protest(t))
    assert res.status == "replaced"
    assert store.count(EventFilter(q="sidakan")) == 0
    assert store.count(EventFilter(q="baghdad")) == 1
    store.delete_article(res.article_id)
    assert store.count(EventFilter(q="baghdad")) == 0
    assert store.count(EventFilter(q="%")) == 0  # no word: a substring scan
    assert store.check() == []


def test_a_count_kept_by_one_store_follows_writes_through_another(store):
    """Counts are kept until the store's generation changes: a write by another process (here
    another Store on the same database) shows at once, as does a rolled-back write not."""
    other = Store(store.url)
    try:
        f = EventFilter(country="Iraq")
        assert store.count(f) == 0
        aid = other.ingest(article(T1, "Rudaw", D), strike()).article_id
        assert store.count(f) == 1
        with pytest.raises(ValueError), other._write() as conn:
            conn.execute(text("DELETE FROM incidents"))
            raise ValueError("rolled back")
        assert store.count(f) == 1
        other.delete_article(aid)
        assert store.count(f) == 0
    finally:
        other.close()


def test_map_points_and_timeline_kept_by_one_store_follow_writes_through_another(store):
    """The map's points and timeline are remembered per filter until the store changes: a
    report stored or deleted by another process shows at once."""
    other = Store(store.url)
    try:
        f = EventFilter(country="Iraq")
        assert store.points(f)[0] == 0 and store.timeline(f) == []
        aid = other.ingest(article(T1, "Rudaw", D), strike()).article_id
        n, rows = store.points(f)
        assert n == 1 and json.loads(rows)[0][1:3] == [36.797, 44.671]
        assert [d["incidents"] for d in store.timeline(f)] == [1]
        other.delete_article(aid)
        assert store.points(f)[0] == 0 and store.timeline(f) == []
    finally:
        other.close()


@pytest.mark.parametrize("sort", ["-event_date", "fatalities", "-n_reports", "admin1", "id"])
def test_a_page_read_from_stored_docs_is_the_page_built_from_rows(store, sort):
    """``page_json`` (GET /events) and ``page`` join the JSON stored with each incident: they
    must give exactly what ``query`` builds from the rows, for any filter and order."""
    _many(store, 30)
    store.ingest(article(T1, "Rudaw", D), strike())
    filters = [EventFilter(), EventFilter(type="battles"), EventFilter(q="clashes"),
               EventFilter(country="iraq"), EventFilter(bbox=(40, 0, 50, 20))]  # fmt: skip
    for f in filters:
        for limit, offset in ((7, 3), (100, 0), (5, 28), (0, 0)):
            got = json.loads(store.page_json(f, limit=limit, offset=offset, sort=sort))
            rows = store.query(f, limit=limit, offset=offset, sort=sort)  # from the rows
            assert got == {"total": store.count(f), "limit": limit, "offset": offset,
                           "items": rows}  # fmt: skip
            assert store.page(f, limit=limit, offset=offset, sort=sort)["items"] == rows
    with store.engine.begin() as conn:  # a row written without its doc is serialised on read
        conn.execute(text("UPDATE incidents SET doc = NULL"))
    assert json.loads(store.page_json())["items"] == store.page()["items"] == store.query(limit=100)


def test_keyset_pages_walk_every_sort_like_one_query(store):
    _many(store)
    for name in SORTABLE:
        for sort in (name, "-" + name):
            whole = [r["id"] for r in store.query(sort=sort)]
            assert len(whole) == 40
            paged, after = [], None
            while True:
                page = store.page(limit=7, sort=sort, after=after)
                assert page["total"] == 40
                paged += [r["id"] for r in page["items"]]
                after = page["next"]
                if after is None:
                    break
            assert paged == whole, sort
            assert [r["id"] for r in store.iter_query(sort=sort, page_size=3)] == whole, sort
            assert [r["id"] for r in store.iter_query(sort=sort, offset=5, limit=9)] == whole[5:14]


def test_bad_cursor_and_sort_fail_before_any_row(store):
    with pytest.raises(ValueError, match="cursor"):
        store.query(after="not a cursor")
    with pytest.raises(ValueError, match="sort"):
        store.iter_query(sort="notes")  # raised by the call, not by the first next()


def test_export_iterator_holds_no_connection(db_url):
    s = Store(db_url)
    _many(s, 12)
    s.engine.dispose()
    s.engine = create_engine(s.engine.url, pool_size=1, max_overflow=0, pool_timeout=2)
    rows = s.iter_query(page_size=5)
    first = next(rows)
    assert s.count() == 12  # would time out if the iterator kept the only connection
    assert len([first, *rows]) == 12
    s.close()


QUERIES = [
    EventFilter(country="somalia"),
    EventFilter(admin1="region 1"),
    EventFilter(since=D, until=D + timedelta(days=3)),
    EventFilter(type="battles"),
    EventFilter(type="armed clash"),
    EventFilter(actor="shabaab"),
    EventFilter(bbox=(44.0, 2.0, 46.0, 5.0)),
    EventFilter(q="clashes site3"),
]


def _plan(store: Store, sql: str, params: dict) -> str:
    with store.engine.connect() as conn:
        if store.dialect == "postgresql":
            conn.execute(text("SET enable_seqscan = off"))
            rows = conn.execute(text("EXPLAIN " + sql), params)
        else:
            rows = conn.execute(text("EXPLAIN QUERY PLAN " + sql), params)
        return "\n".join(" ".join(str(x) for x in r) for r in rows)


@pytest.mark.parametrize("f", QUERIES, ids=lambda f: repr({k: v for k, v in vars(f).items() if v}))
def test_every_filter_uses_an_index(store, f):
    from sqlalchemy import func, select

    from conflictwire.store.schema import incidents

    _many(store, 10)
    q = select(func.count()).select_from(incidents).where(*f.clauses(store.dialect))
    sql = str(q.compile(store.engine, compile_kwargs={"literal_binds": True}))
    plan = _plan(store, sql, {})
    if store.dialect == "postgresql":
        assert "Seq Scan on incidents" not in plan, plan
    else:
        scans = [ln for ln in plan.splitlines() if "SCAN incidents" in ln and "INDEX" not in ln]
        assert not scans, plan


@pytest.mark.parametrize("sort", ["-event_date", "fatalities", "-n_reports", "country"])
def test_sorted_pages_read_an_index_not_a_sort(store, sort):
    _many(store, 10)
    key = sort.lstrip("-")
    direction = "DESC" if sort.startswith("-") else "ASC"
    sql = f"SELECT id FROM incidents ORDER BY {key} {direction}, id {direction} LIMIT 5"
    plan = _plan(store, sql, {})
    if store.dialect == "postgresql":
        assert "Index" in plan and "Sort" not in plan.split("Index")[0], plan
    else:
        assert "TEMP B-TREE" not in plan, plan


def test_old_store_is_migrated_with_search_and_urls(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    s = Store(url)
    s.ingest(article(T1, "Rudaw", D), strike())
    with s.engine.begin() as conn:  # as a store of schema version 2 left it
        for trigger in ("ins", "del", "upd"):
            conn.execute(text(f"DROP TRIGGER incidents_fts_{trigger}"))
        conn.execute(text("DROP TABLE incidents_fts"))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 3"))
        conn.execute(text("UPDATE articles SET url = ''"))
        conn.execute(text("ALTER TABLE incidents DROP COLUMN doc"))
        conn.execute(text("DROP TABLE store_state"))
    s.close()
    s = Store(url)
    assert s.version == LATEST
    assert s.count(EventFilter(q="sidakan")) == 1
    assert json.loads(s.page_json())["items"] == s.page()["items"]  # docs filled in
    assert s.ingest(article(T2, "Shafaaq", D, url=""), protest()).status == "added"
    assert s.check() == []
    s.close()


@pytest.mark.parametrize("sort", ["-event_date", "fatalities", "-n_reports", "admin1"])
@pytest.mark.parametrize(
    "f", [EventFilter(type="battles"), EventFilter(q="clashes"), EventFilter(bbox=(40, 0, 50, 50))]
)
def test_reading_along_the_sort_index_gives_the_same_page(store, f, sort):
    """Wide filters read incidents in the sort key's order (SQLite: ``INDEXED BY``; PostgreSQL,
    for free text: no bitmap scan or sort); the pages are those of the plain plan."""
    from conflictwire.store.repository import _Sort

    _many(store, 30)
    # SQLite: not a type filter by date (its index is in date order); PostgreSQL: free text
    walks = not (f.type and sort == "-event_date") if store.dialect == "sqlite" else bool(f.q)
    with store.engine.connect() as conn:
        assert store._walk(conn, f, _Sort(sort, store.dialect), 7) == walks
    whole = [r["id"] for r in store.iter_query(f, sort=sort)]  # every match: sorted, no walk
    assert len(whole) == 30
    assert [r["id"] for r in store.page(f, limit=7, offset=3, sort=sort)["items"]] == whole[3:10]
    assert [r["id"] for r in store.query(f, limit=7, offset=3, sort=sort)] == whole[3:10]
    got = json.loads(store.page_json(f, limit=7, offset=3, sort=sort))["items"]
    assert [r["id"] for r in got] == whole[3:10]


def test_bulk_load_stores_what_ingesting_one_by_one_stores(db_url, tmp_path):
    """Same articles, events, incidents (ids, members, sources, figures) as ``ingest``."""
    from conflictwire.store.bulk import load
    from test_store import reports

    def snapshot(s: Store) -> list:
        return sorted(
            (r["id"], r["sources"], r["fatalities"], r["fatalities_high"], r["n_reports"],
             tuple(e["key"] for e in s.incident(r["id"])["events"]))
            for r in s.query()
        )  # fmt: skip

    base = [*reports(), *reports()[:2]]  # texts met again are skipped
    one = Store(f"sqlite:///{tmp_path / 'one.sqlite'}")
    for art, evs in base:
        one.ingest(art, evs)
    bulk = Store(db_url)
    assert load(bulk, base) == one.totals() == {"articles": 5, "events": 5, "incidents": 3}
    assert snapshot(bulk) == snapshot(one) and bulk.check() == []
    assert bulk.count(EventFilter(q="sidakan")) == 2
    with pytest.raises(ValueError, match="empty"):
        load(bulk, base)
    one.close()
    bulk.close()


def test_reads_wait_for_a_reader_slot_then_time_out(tmp_path, monkeypatch):
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    from conflictwire.store import repository

    s = Store(f"sqlite:///{tmp_path / 's.sqlite'}", readers=1)
    assert s.count() == 0
    monkeypatch.setattr(repository, "READ_WAIT", 0.2)
    with s._reading(), pytest.raises(PoolTimeout, match="1 store readers"):  # slot taken
        s.count()
    assert s.count() == 0  # released again
    s.close()
