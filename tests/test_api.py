"""The REST API on SQLite and PostgreSQL (FastAPI's test client; no NLP: a fake extractor)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from fastapi.testclient import TestClient

from conflictwire.api import create_app
from conflictwire.model import ACLED_COLUMNS
from storehelp import event, place
from test_store import reports

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
QAIM = place("Al-Qaim", 34.37, 41.09, admin1="Al Anbar", admin2="Al-Qaim")


def fake_extract(art):
    return [event(art.text, date(2021, 7, 1), QAIM, sub="Armed clash", etype="Battles", dead=2)]


@pytest.fixture
def client(store):
    for art, evs in reports():
        store.ingest(art, evs)
    app = create_app(store, token=TOKEN, max_body=20_000, extractor=fake_extract)
    with TestClient(app) as c:
        yield c


def test_list_filter_sort_paginate(client):
    r = client.get("/events")
    assert r.status_code == 200
    body = r.json()
    assert body["total"] == 3 and len(body["items"]) == 3
    r = client.get("/events", params={"country": "Iraq", "type": "Air/drone strike"})
    assert r.json()["total"] == 2
    r = client.get("/events", params={"bbox": "44,36,45,37", "since": "2021-06-12"})
    assert r.json()["total"] == 1
    r = client.get("/events", params={"limit": 1, "offset": 1, "sort": "event_date"})
    assert r.json()["total"] == 3 and len(r.json()["items"]) == 1
    assert client.get("/events", params={"sort": "notes"}).status_code == 422
    assert client.get("/events", params={"bbox": "1,2,3"}).status_code == 422
    assert client.get("/events", params={"limit": 100000}).status_code == 422
    assert client.get("/events", params={"actor": "x' OR 1=1 --"}).json()["total"] == 0


def test_event_detail_article_and_stats(client):
    items = client.get("/events", params={"actor": "Turkey", "sort": "-n_reports"}).json()["items"]
    inc = client.get(f"/events/{items[0]['id']}").json()
    assert inc["n_reports"] == 3 and len(inc["reports"]) == 3
    assert inc["merge_reasons"] and all(e["evidence"] for e in inc["events"])
    aid = inc["reports"][0]["article_id"]
    art = client.get(f"/articles/{aid}").json()
    sp = art["evidence_spans"][0]
    assert art["text"][sp["start"] : sp["end"]] == sp["text"]
    assert client.get("/events/missing").status_code == 404
    assert client.get("/articles/999999").status_code == 404
    st = client.get("/stats").json()
    assert st["totals"]["incidents"] == 3 and st["by_day"] and st["by_admin1"]


def test_writes_need_the_token(client):
    body = {"text": "Fighting broke out in Al-Qaim on Thursday between two armed groups.",
            "published": "2021-07-02", "source": "Anbar Now"}  # fmt: skip
    assert client.post("/articles", json=body).status_code == 401
    bad = {"Authorization": "Bearer nope"}
    assert client.post("/articles", json=body, headers=bad).status_code == 401
    r = client.post("/articles", json=body, headers=AUTH)
    assert r.status_code == 201 and r.json()["status"] == "added" and r.json()["n_events"] == 1
    assert client.post("/articles", json=body, headers=AUTH).json()["status"] == "unchanged"
    assert client.get("/events").json()["total"] == 4
    big = {"text": "word " * 10_000}
    assert client.post("/articles", json=big, headers=AUTH).status_code == 413
    assert client.post("/articles", json={"text": ""}, headers=AUTH).status_code == 422


def test_exports(client):
    r = client.get("/events.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert tuple(rows[0]) == ACLED_COLUMNS and len(rows) == 4
    gj = client.get("/events.geojson", params={"type": "Protests"}).json()
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 1
    assert gj["features"][0]["geometry"]["coordinates"] == [44.36, 33.31]
    r = client.get("/events.parquet")
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == 3 and str(table.schema.field("event_date").type) == "date32[day]"
    lines = client.get("/events.jsonl", params={"plover": True}).text.splitlines()
    assert {json.loads(x)["event_type"] for x in lines} == {"FIGHT", "PROTEST"}


def test_read_token_and_docs(tmp_path):
    app = create_app(f"sqlite:///{tmp_path / 'r.sqlite'}", token=TOKEN, read_token="reader")
    with TestClient(app) as c:
        assert c.get("/events").status_code == 401
        assert c.get("/events", headers={"Authorization": "Bearer reader"}).status_code == 200
        assert c.get("/events", headers=AUTH).status_code == 200
        assert c.get("/openapi.json").json()["paths"]["/events"]
        assert c.get("/docs").status_code == 200
    app = create_app(f"sqlite:///{tmp_path / 'w.sqlite'}", token="")
    with TestClient(app) as c:  # no token configured: writes are disabled
        assert c.post("/articles", json={"text": "x"}, headers=AUTH).status_code == 403
