"""The map page's side of the API: ``GET /`` and ``/static`` (local files only),
``/events.points`` and ``/events.timeline`` against ``/events``, and ``serve --tiles``.
SQLite and PostgreSQL (FastAPI's test client; no NLP, no browser: tests/test_map_browser.py
drives the page itself)."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conflictwire.api import create_app
from conflictwire.model import Place
from storehelp import article, event
from test_store import reports

TILES = "https://tiles.example.org/{z}/{x}/{y}.png?a=1&b=2"
NOWHERE = Place(name="Somewhere", country="Iraq", iso=368, iso3="IRQ", region="Middle East")
FILTERS = [
    {},
    {"country": "Iraq", "type": "Air/drone strike"},
    {"since": "2021-06-12"},
    {"until": "2021-06-11", "type": "Protests"},
    {"q": "drone"},
    {"actor": "Turkey"},
    {"bbox": "44,36,45,37"},
    {"admin1": "Baghdad"},
    {"country": "Syria"},
]


def _fill(store) -> None:
    for art, evs in reports():
        store.ingest(art, evs)
    text = "Gunmen attacked a checkpoint somewhere in Iraq on Tuesday, killing three soldiers."
    ev = event(text, date(2021, 6, 15), NOWHERE, "Armed clash", "Battles", dead=3)
    store.ingest(article(text, "Nowhere News", date(2021, 6, 15)), [ev])  # no coordinates


@pytest.fixture
def client(store, monkeypatch):
    monkeypatch.delenv("CONFLICTWIRE_TILES", raising=False)
    _fill(store)
    with TestClient(create_app(store)) as c:
        yield c


class _Refs(HTMLParser):
    """The ids and the script / stylesheet / meta references of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.urls: list[str] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"] or "")
        if tag == "meta" and a.get("name"):
            self.meta[a["name"] or ""] = a.get("content") or ""


def _page(c: TestClient) -> _Refs:
    r = c.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    refs = _Refs()
    refs.feed(r.text)
    return refs


def test_page_references_only_files_the_server_serves(client):
    refs = _page(client)
    contract = {"map", "count", "timeline", "filters", "event-list", "detail", "download-csv",
                "download-geojson"}  # fmt: skip
    assert contract <= refs.ids
    scripts = [u for u in refs.urls if u.endswith(".js")]
    assert "/static/app.js" in scripts and any("leaflet" in u for u in scripts)
    for url in refs.urls:
        if url.startswith("data:"):
            continue
        assert url.startswith("/static/"), url  # never a CDN
        r = client.get(url)
        assert r.status_code == 200, f"{url} is not served (run `make web`)"
        kind = "javascript" if url.endswith(".js") else "css"
        assert kind in r.headers["content-type"], url
    js = client.get("/static/app.js").text
    assert not re.search(r"https?://", js)  # it loads nothing from elsewhere
    for name in ("countries.json", "admin1.json"):  # the offline basemap (Natural Earth)
        r = client.get(f"/static/basemap/{name}")
        assert r.status_code == 200 and r.json()["type"] == "Topology", name
        assert len(r.content) < 3_000_000, name
    assert client.get("/static/missing.js").status_code == 404
    assert client.get("/static/../api/app.py").status_code == 404
    assert "/" not in client.get("/openapi.json").json()["paths"]  # the page is no API


def _located(items: list[dict]) -> dict[str, tuple[float, float]]:
    return {
        i["id"]: (round(i["latitude"], 5), round(i["longitude"], 5))
        for i in items
        if i["latitude"] is not None and i["longitude"] is not None
    }


def test_points_are_the_located_events_of_the_same_filters(client):
    seen_unlocated = False
    for f in FILTERS:
        page = client.get("/events", params={**f, "limit": 1000}).json()
        r = client.get("/events.points", params=f)
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        pts = r.json()
        fields = pts["fields"]
        assert fields == ["id", "lat", "lon", "event_type", "fatalities", "event_date"]
        rows = [dict(zip(fields, row, strict=True)) for row in pts["rows"]]
        assert pts["total"] == len(rows)
        want = _located(page["items"])
        assert {p["id"]: (p["lat"], p["lon"]) for p in rows} == want, f
        by_id = {i["id"]: i for i in page["items"]}
        for p in rows:
            i = by_id[p["id"]]
            assert (p["event_type"], p["fatalities"], p["event_date"]) == (
                i["event_type"], i["fatalities"], i["event_date"]
            )  # fmt: skip
        seen_unlocated |= len(want) < page["total"]
    assert seen_unlocated  # the event without coordinates is counted by /events, not plotted
    assert client.get("/events.points", params={"since": "2021-13-01"}).status_code == 422
    assert client.get("/events.points", params={"bbox": "1,2,3"}).status_code == 422


def test_timeline_counts_sum_to_the_total(client):
    for f in FILTERS:
        total = client.get("/events", params={**f, "limit": 1}).json()["total"]
        tl = client.get("/events.timeline", params=f).json()
        rows = tl["by_day_type"]
        assert tl["total"] == sum(r["incidents"] for r in rows) == total, f
        assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
        assert len({(r["date"], r["event_type"]) for r in rows}) == len(rows)
        assert client.get("/stats", params=f).json()["by_day_type"] == rows
    rows = client.get("/events.timeline").json()["by_day_type"]
    assert {"date": "2021-06-11", "event_type": "Protests", "incidents": 1} in rows
    assert {"date": "2021-06-15", "event_type": "Battles", "incidents": 1} in rows


def test_page_loads_without_the_read_token_its_data_does_not(store, monkeypatch):
    monkeypatch.delenv("CONFLICTWIRE_TILES", raising=False)
    _fill(store)
    with TestClient(create_app(store, read_token="r3ad")) as c:
        assert _page(c).meta["cw-tiles"] == ""
        assert c.get("/static/app.js").status_code == 200
        for path in ("/events.points", "/events.timeline"):
            assert c.get(path).status_code == 401
            ok = c.get(path, headers={"Authorization": "Bearer r3ad"})
            assert ok.status_code == 200


def test_tiles_reach_the_page(store, monkeypatch):
    monkeypatch.delenv("CONFLICTWIRE_TILES", raising=False)
    with TestClient(create_app(store, tiles=TILES)) as c:
        assert _page(c).meta["cw-tiles"] == TILES
    # and from the command line: `serve --tiles URL`
    import uvicorn

    from conflictwire.cli import app as cli_app

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    res = CliRunner().invoke(cli_app, ["serve", "--db", store.url, "--tiles", TILES])
    assert res.exit_code == 0, res.output
    with TestClient(served["app"]) as c:
        assert _page(c).meta["cw-tiles"] == TILES
    served["app"].state.store.close()
