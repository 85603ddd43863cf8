"""The store on SQLite and PostgreSQL: ingest, re-ingest, versions, merging, queries."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from conflictwire.store import EventFilter, Store
from conflictwire.store.migrations import LATEST
from storehelp import article, event, place

D = date(2021, 6, 11)
SIDAKAN = place("Sidakan", 36.797, 44.671)
SORAN = place("Soran", 36.653, 44.544)
ERBIL = place("Erbil", 36.19, 44.01, admin2="Erbil")
BAGHDAD = place("Baghdad", 33.31, 44.36, admin1="Baghdad", admin2="Resafa")




def reports():
    """Five reports: three of one drone strike (told differently), two other incidents."""
    t1 = "A Turkish drone struck a car near Sidakan on Friday, killing two PKK fighters."
    t2 = "Three PKK members were killed when a Turkish drone hit their vehicle in Soran."
    t3 = "Rudaw: a drone strike near Sidakan killed four people on Friday, officials said."
    t4 = "Protesters gathered in Baghdad on Friday to demand jobs; the march was peaceful."
    t5 = "A Turkish drone struck near Sidakan on Monday, killing one PKK fighter."
    return [
        (article(t1, "Shafaaq News", date(2021, 6, 11)), [event(t1, D, SIDAKAN, dead=2)]),
        (article(t2, "Rudaw", date(2021, 6, 12)), [event(t2, D, SORAN, dead=3)]),
        (
            article(t3, "Kurdistan24", date(2021, 6, 12)),
            [event(t3, date(2021, 6, 12), SIDAKAN, actor1="Unidentified Military Forces", dead=4)],
        ),
        (
            article(t4, "Baghdad Today", date(2021, 6, 11)),
            [
                event(t4, D, BAGHDAD, "Peaceful protest", "Protests", "Protesters (Iraq)", None),
            ],
        ),
        (article(t5, "Rudaw", date(2021, 6, 14)), [event(t5, date(2021, 6, 14), SIDAKAN, dead=1)]),
    ]


def test_new_store_is_migrated_once(db_url):
    s = Store(db_url)
    assert s.version == LATEST
    s.close()
    s2 = Store(db_url)  # reopening applies nothing twice
    assert s2.version == LATEST and s2.totals() == {"articles": 0, "events": 0, "incidents": 0}
    s2.close()


def test_reports_of_one_incident_merge_with_sources_and_fatalities(store):
    for art, evs in reports():
        store.ingest(art, evs)
    assert store.totals() == {"articles": 5, "events": 5, "incidents": 3}
    assert store.check() == []
    (strike,) = [r for r in store.query() if r["n_reports"] == 3]
    assert strike["sources"] == "Shafaaq News; Kurdistan24; Rudaw"
    # ACLED: the lowest credible figure; UCDP-style low / best / high
    assert (strike["fatalities"], strike["fatalities_low"]) == (2, 2)
    assert (strike["fatalities_best"], strike["fatalities_high"]) == (3, 4)
    reasons = strike["merge_reasons"]
    assert len(reasons) == 2 and all(r["why"] for r in reasons)
    assert any("km apart" in w for r in reasons for w in r["why"])
    full = store.incident(strike["id"])
    assert len(full["events"]) == 3 and len(full["reports"]) == 3
    assert all(e["evidence"]["location"]["text"] in ("Sidakan", "Soran") for e in full["events"])


def test_clustering_does_not_depend_on_ingest_order(tmp_path):
    def snapshot(order, n):
        s = Store(f"sqlite:///{tmp_path / f'o{n}.sqlite'}")
        for art, evs in order:
            s.ingest(art, evs)
        out = sorted(
            (r["id"], r["sources"], r["fatalities"], r["n_reports"], r["location"])
            for r in s.query()
        )
        s.close()
        return out

    base = reports()
    seen = {
        tuple(snapshot(p, i)) for i, p in enumerate(itertools.permutations(base)) if i % 17 == 0
    }
    assert len(seen) == 1


def test_same_report_is_stored_once(store):
    art, evs = reports()[0]
    art.url = "https://example.org/a"
    assert store.ingest(art, evs).status == "added"
    assert store.ingest(art, evs).status == "unchanged"
    # the same text with other white space and case, under another id and no URL
    again = article("  " + art.text.upper().replace(" ", "  "), "Copycat", D, id="x")
    assert store.status(again) == "unchanged"
    assert store.ingest(again, evs).status == "unchanged"
    assert store.totals() == {"articles": 1, "events": 1, "incidents": 1}


def test_changed_version_replaces_its_events(store):
    (a1, e1), (a2, e2) = reports()[:2]
    a1.url = "https://example.org/strike"
    store.ingest(a1, e1)
    store.ingest(a2, e2)
    assert store.totals()["incidents"] == 1
    # the updated report now places the strike in Baghdad: the incident splits
    t = a1.text + " Update: the strike was near Baghdad."
    new = article(t, "Shafaaq News", date(2021, 6, 11), url=a1.url)
    res = store.ingest(new, [event(t, D, BAGHDAD, dead=5), event(t, D, ERBIL, dead=1)])
    assert res.status == "replaced"
    assert store.totals() == {"articles": 2, "events": 3, "incidents": 3}
    assert store.check() == []
    art = store.article(res.article_id)
    assert art["version"] == 2 and art["text"] == t and len(art["events"]) == 2
    assert store.delete_article(res.article_id)
    assert store.totals() == {"articles": 1, "events": 1, "incidents": 1}
    assert store.check() == []


def test_filters(store):
    for art, evs in reports():
        store.ingest(art, evs)
    n = store.count
    assert n() == 3
    assert n(EventFilter(country="iraq")) == 3
    assert n(EventFilter(admin1="Baghdad")) == 1
    assert n(EventFilter(since=date(2021, 6, 12))) == 1
    assert n(EventFilter(until=date(2021, 6, 11))) == 2
    assert n(EventFilter(type="Protests")) == 1
    assert n(EventFilter(type="air/drone strike")) == 2
    assert n(EventFilter(type="Political violence")) == 2
    assert n(EventFilter(actor="turkey")) == 2
    assert n(EventFilter(bbox=(44.0, 36.0, 45.0, 37.0))) == 2
    assert n(EventFilter(q="kurdistan24")) == 1
    assert n(EventFilter(q="100%_")) == 0  # LIKE wildcards are escaped
    assert n(EventFilter(q="'; DROP TABLE incidents; --")) == 0
    assert store.totals()["incidents"] == 3
    page1 = store.query(limit=2, sort="event_date")
    page2 = store.query(limit=2, offset=2, sort="event_date")
    assert [r["event_date"] for r in page1 + page2] == sorted(
        r["event_date"] for r in page1 + page2
    )
    assert len(page1) == 2 and len(page2) == 1
    with pytest.raises(ValueError):
        store.query(sort="notes; drop")


def test_stats_and_article_evidence(store):
    ids = [store.ingest(a, e).article_id for a, e in reports()]
    st = store.stats()
    assert st["totals"]["incidents"] == 3
    assert {d["event_type"]: d["incidents"] for d in st["by_type"]} == {
        "Explosions/Remote violence": 2,
        "Protests": 1,
    }
    assert sum(d["incidents"] for d in st["by_day"]) == 3
    art = store.article(ids[0])
    (span,) = art["evidence_spans"]
    assert art["text"][span["start"] : span["end"]] == span["text"] == "Sidakan"
    assert store.article(10**6) is None and store.incident("nope") is None
