"""The API under hostile input: bodies refused before they are read, bounded parameters, exports
that never answer 200 without their data, extraction in parallel, failures as clean 4xx/503 with
the store unchanged. Raw ASGI calls where the order of reads and writes matters."""

from __future__ import annotations

import asyncio
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date

import pytest
from fastapi.testclient import TestClient

from conflictwire.api import create_app
from conflictwire.api.extraction import Busy, ExtractionPool
from conflictwire.model import Article
from test_api import AUTH, TOKEN, fake_extract
from test_store import reports

REPORT = "Fighting broke out in Al-Qaim on Thursday between two armed groups, police said."


@pytest.fixture
def store(store):
    """The shared fresh store (conftest), holding test_store's reports."""
    for art, evs in reports():
        store.ingest(art, evs)
    return store


@pytest.fixture
def client(store):
    app = create_app(store, token=TOKEN, max_body=20_000, extractor=fake_extract)
    with TestClient(app) as c:
        yield c


# ---------------------------------------------------------------- raw ASGI


def _scope(method: str, path: str, headers: dict[str, str], query: str = "") -> dict:
    return {
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1",
        "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
        "query_string": query.encode(), "root_path": "", "server": ("test", 80),
        "client": ("test", 1), "headers": [(k.lower().encode(), v.encode()) for k, v in
                                           headers.items()],
    }  # fmt: skip


async def _call(app, scope, chunks=(), hold=None, started=None):
    """Run one request; the body comes in ``chunks`` (counted as they are read). Returns
    (status, headers, body, chunks read). ``hold`` (an asyncio.Event) pauses the response
    after its first body part until set; ``started`` is set when the status line is sent."""
    chunks = list(chunks)
    read = 0
    out = {"status": None, "headers": {}, "body": b""}

    async def receive():
        nonlocal read
        if read < len(chunks):
            read += 1
            return {"type": "http.request", "body": chunks[read - 1],
                    "more_body": read < len(chunks)}  # fmt: skip
        await asyncio.Event().wait()  # the client stays connected
        return {"type": "http.disconnect"}

    async def send(msg):
        if msg["type"] == "http.response.start":
            out["status"] = msg["status"]
            out["headers"] = {k.decode(): v.decode() for k, v in msg["headers"]}
            if started is not None:
                started.set()
        elif msg["type"] == "http.response.body":
            if hold is not None and out["body"]:
                await hold.wait()
            out["body"] += msg.get("body", b"")

    await app(scope, receive, send)
    return out["status"], out["headers"], out["body"], read


def test_unauthenticated_upload_is_refused_before_its_body_is_read(store):
    app = create_app(store, token=TOKEN, max_body=20_000, extractor=fake_extract)
    chunked = {"content-type": "application/json", "transfer-encoding": "chunked"}
    body = [b"x" * 65536] * 50  # 3.2 MB, chunked
    status, _, _, read = asyncio.run(_call(app, _scope("POST", "/articles", chunked), body))
    assert (status, read) == (401, 0)
    wrong = {**chunked, "authorization": "Bearer nope"}
    status, _, _, read = asyncio.run(_call(app, _scope("POST", "/articles", wrong), body))
    assert (status, read) == (401, 0)
    closed = create_app(store, token="", extractor=fake_extract)
    status, _, _, read = asyncio.run(_call(closed, _scope("POST", "/articles", chunked), body))
    assert (status, read) == (403, 0)


def test_body_limit_holds_for_chunked_and_declared_sizes(store):
    app = create_app(store, token=TOKEN, max_body=20_000, extractor=fake_extract)
    chunked = {"content-type": "application/json", "transfer-encoding": "chunked", **AUTH}
    body = [b" " * 8192] * 50  # 400 KB of white space: valid JSON only at the very end
    status, _, text, read = asyncio.run(_call(app, _scope("POST", "/articles", chunked), body))
    assert status == 413 and json.loads(text)["detail"]
    assert read <= 3  # stopped at the limit (20,000 bytes), not after 50 chunks
    declared = {"content-type": "application/json", "content-length": "300000000", **AUTH}
    status, _, _, read = asyncio.run(_call(app, _scope("POST", "/articles", declared), body))
    assert (status, read) == (413, 0)


# ---------------------------------------------------------------- exports


def test_export_waits_for_a_slot_then_answers_503_never_an_empty_200(store):
    app = create_app(store, extractor=fake_extract, export_slots=1, export_wait=0.2)

    async def scenario():
        hold, started = asyncio.Event(), asyncio.Event()
        csv = _scope("GET", "/events.csv", {})
        first = asyncio.create_task(_call(app, csv, hold=hold, started=started))
        await asyncio.wait_for(started.wait(), 20)  # the first export holds the only slot
        second = await _call(app, _scope("GET", "/events.jsonl", {}))
        hold.set()
        return await first, second

    (s1, _, body1, _), (s2, h2, body2, _) = asyncio.run(scenario())
    assert s1 == 200 and len(body1.decode().splitlines()) == 1 + 3
    assert s2 == 503 and h2["retry-after"].isdigit() and json.loads(body2)["detail"]
    assert store.engine.pool.checkedout() == 0
    status, _, body, _ = asyncio.run(_call(app, _scope("GET", "/events.jsonl", {})))
    assert status == 200 and len(body.decode().splitlines()) == 3  # the slot came back


def test_exports_give_their_connection_back_however_they_end(store):
    app = create_app(store, extractor=fake_extract, export_slots=2)

    async def hang_up():
        async def receive():
            return {"type": "http.disconnect"}

        async def send(msg):
            if msg["type"] == "http.response.body":
                raise OSError("client went away")

        with pytest.raises(Exception):  # noqa: B017 - how the disconnect surfaces is Starlette's
            await app(_scope("GET", "/events.geojson", {}), receive, send)

    for _ in range(5):
        asyncio.run(hang_up())
    assert store.engine.pool.checkedout() == 0
    with TestClient(app) as c:
        for path in ("/events.csv", "/events.geojson", "/events.jsonl", "/events.parquet") * 3:
            assert c.get(path).status_code == 200
        assert c.get("/events.csv", params={"country": "Nowhere"}).text.count("\n") == 1
    assert store.engine.pool.checkedout() == 0


def test_concurrent_exports_all_complete(client):
    want = client.get("/events").json()["total"]
    with ThreadPoolExecutor(16) as ex:
        got = list(ex.map(lambda _: client.get("/events.csv"), range(48)))
    assert {r.status_code for r in got} == {200}
    assert {len(r.text.splitlines()) for r in got} == {1 + want}


# ---------------------------------------------------------------- bounded parameters


@pytest.mark.parametrize(
    "path, params",
    [
        ("/articles/9223372036854775808", {}),
        ("/articles/0", {}),
        ("/events", {"offset": 2**63}),
        ("/events.csv", {"limit": 2**63}),
        ("/events", {"actor": "a" * 60_000}),
        ("/events", {"q": "x\x00y"}),
        ("/events", {"country": "Ira\x00q"}),
        ("/events", {"until": "0"}),
        ("/events", {"since": "2021-06-11T00:00:00"}),
        ("/events", {"since": "2021-02-30"}),
        ("/events", {"bbox": "1,2,3"}),
        ("/events", {"bbox": "200,0,201,1"}),
        ("/events", {"bbox": "nan,nan,nan,nan"}),
        ("/events", {"sort": "notes"}),
        ("/stats", {"type": "t" * 201}),
        ("/events/" + "f" * 65, {}),
    ],
)
def test_out_of_range_parameters_are_a_documented_422(client, path, params):
    r = client.get(path, params=params)
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, list) and all({"loc", "msg", "type"} <= set(d) for d in detail)


def test_edge_values_inside_the_ranges_are_answered(client):
    assert client.get("/articles/9223372036854775807").status_code == 404
    assert client.get("/events", params={"offset": 10**9}).json()["items"] == []
    assert client.get("/events", params={"since": "0001-01-01", "until": "9999-12-31"}).json()[
        "total"
    ] == 3
    assert client.get("/events", params={"bbox": "45,37,44,36"}).json()["total"] == 0
    assert client.get("/events", params={"sort": "+fatalities"}).status_code == 200
    assert client.get("/events", params={"actor": "a" * 200}).json()["total"] == 0


# ---------------------------------------------------------------- POST robustness


def _post_raw(client, raw: str):
    headers = {**AUTH, "Content-Type": "application/json"}
    return client.post("/articles", content=raw.encode(), headers=headers)


def test_bad_report_fields_are_422_and_store_nothing(client, store):
    before = store.totals()
    bad = [
        json.dumps({"text": REPORT})[:-2] + '\\ud800"}',  # a lone surrogate
        json.dumps({"text": REPORT, "published": "0001-01-01"}),
        json.dumps({"text": REPORT, "published": 0}),
        json.dumps({"text": REPORT, "published": "2021-07-02T10:00:00"}),
        json.dumps({"text": REPORT, "source": "Anbar\x00Now"}),
        json.dumps({"text": REPORT, "title": "\udc80"}),
    ]
    for raw in bad:
        r = _post_raw(client, raw)
        assert r.status_code == 422, (raw, r.text)
        assert all({"loc", "msg", "type"} <= set(d) for d in r.json()["detail"])
    assert store.totals() == before
    r = _post_raw(client, json.dumps({"text": REPORT, "published": "2021-07-02"}))
    assert r.status_code == 201


def test_an_empty_url_counts_as_no_url(client, store):
    for i in range(3):
        body = {"text": f"{REPORT} Report number {i}.", "url": ""}
        r = client.post("/articles", json=body, headers=AUTH)
        assert r.status_code == 201 and r.json()["status"] == "added", r.text
    assert store.totals()["articles"] == 5 + 3


def _huge_death_count(art):
    return [replace(e, fatalities=10**30) for e in fake_extract(art)]


def _failing(art):
    raise RuntimeError("the pipeline broke")


@pytest.mark.parametrize("extractor", [_huge_death_count, _failing])
def test_a_report_that_cannot_be_processed_is_a_clean_422(store, extractor):
    before = store.totals()
    app = create_app(store, token=TOKEN, extractor=extractor)
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.post("/articles", json={"text": REPORT}, headers=AUTH)
        assert r.status_code == 422 and r.json()["detail"][0]["msg"], r.text
        assert c.get("/events").json()["total"] == 3  # the server goes on serving
    assert store.totals() == before


def test_reports_are_extracted_in_parallel(store):
    """Two POSTs meet inside the extractor: with one lock around extraction they never would
    (the second waits for the first), the barrier breaks and both fail."""
    meet = threading.Barrier(2, timeout=20)

    def extractor(art):
        meet.wait()
        return fake_extract(art)

    app = create_app(store, token=TOKEN, extractor=extractor, workers=2)
    with TestClient(app) as c, ThreadPoolExecutor(2) as ex:
        bodies = [{"text": f"{REPORT} ({i})"} for i in range(2)]
        got = list(ex.map(lambda b: c.post("/articles", json=b, headers=AUTH), bodies))
    assert [r.status_code for r in got] == [201, 201]


def test_a_full_extraction_queue_answers_busy():
    started, release = threading.Event(), threading.Event()

    def slow(art):
        started.set()
        release.wait(20)
        return []

    pool = ExtractionPool(slow, workers=1, max_waiting=0)

    async def scenario():
        first = asyncio.create_task(pool.extract(Article("one")))
        while not started.is_set():
            await asyncio.sleep(0.01)
        with pytest.raises(Busy):
            await pool.extract(Article("two"))
        release.set()
        return await first

    assert asyncio.run(scenario()) == []
    pool.close()


def test_the_pipeline_runs_in_a_worker_process(tmp_path):
    """The default extractor: the NLP pipeline, loaded in a worker process."""
    app = create_app(f"sqlite:///{tmp_path / 's.sqlite'}", token=TOKEN, workers=1)
    text = ("Gunmen attacked a police checkpoint in Daquq, south of Kirkuk, early on Monday, "
            "killing two policemen and wounding three others, police said.")  # fmt: skip
    with TestClient(app) as c:
        r = c.post("/articles", json={"text": text, "published": "2019-08-12"}, headers=AUTH)
        assert r.status_code == 201, r.text
        assert r.json()["n_events"] >= 1
        ev = c.get("/events").json()["items"][0]
    assert ev["event_date"] <= date(2019, 8, 12).isoformat()
