"""Store benchmark: ingest rate into SQLite and PostgreSQL, and GET /events latency (p50/p99)
with filters on a store of 100,000 generated events.

    python -m conflictwire.store.bench [--events 100000] [--ingest-reports 2000] [--pg URL]

PostgreSQL is measured when ``--pg`` (or ``$CONFLICTWIRE_TEST_PG``, set by
scripts/pg-test-server) names a server where databases can be created. The reports are generated
(no NLP): the pipeline's own speed is measured by ``conflictwire bench``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import date, timedelta
from typing import Any

from conflictwire.model import Actor, Article, Event, Place

PLACES = [  # name, country, iso3, admin1, admin2, lat, lon
    ("Kirkuk", "Iraq", "IRQ", "Kirkuk", "Kirkuk", 35.47, 44.39),
    ("Mosul", "Iraq", "IRQ", "Ninewa", "Mosul", 36.34, 43.13),
    ("Sidakan", "Iraq", "IRQ", "Erbil", "Soran", 36.80, 44.67),
    ("Kunduz", "Afghanistan", "AFG", "Kunduz", "Kunduz", 36.73, 68.86),
    ("Kabul", "Afghanistan", "AFG", "Kabul", "Kabul", 34.53, 69.17),
    ("Mogadishu", "Somalia", "SOM", "Banadir", "Mogadishu", 2.04, 45.34),
    ("Afgooye", "Somalia", "SOM", "Lower Shabelle", "Afgooye", 2.14, 45.12),
    ("Beni", "Democratic Republic of Congo", "COD", "Nord-Kivu", "Beni", 0.49, 29.47),
    ("Djibo", "Burkina Faso", "BFA", "Sahel", "Soum", 14.10, -1.63),
    ("Gwarzo", "Nigeria", "NGA", "Kano", "Gwarzo", 11.92, 7.93),
    ("Chuhuiv", "Ukraine", "UKR", "Kharkiv", "Chuhuivskyi", 49.84, 36.69),
    ("Cali", "Colombia", "COL", "Valle del Cauca", "Cali", 3.44, -76.52),
]
TYPES = [
    ("Battles", "Armed clash", "Political violence"),
    ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Political violence"),
    ("Violence against civilians", "Attack", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
]
ACTORS = ["Unidentified Armed Group", "Military Forces", "Police Forces", "Rebels", "Protesters"]


def generate(
    n_events: int, seed: int = 5, per_report: int = 4
) -> list[tuple[Article, list[Event]]]:
    """Reports with 1..per_report events each, spread over 3 years and 12 places x 25 sites."""
    rnd = random.Random(seed)
    out: list[tuple[Article, list[Event]]] = []
    start = date(2021, 1, 1)
    total = 0
    i = 0
    while total < n_events:
        k = min(rnd.randint(1, per_report), n_events - total)
        pub = start + timedelta(days=rnd.randrange(3 * 365))
        text = f"Generated report {i} ({uuid.UUID(int=rnd.getrandbits(128))})."
        evs = []
        for _ in range(k):
            name, country, iso3, a1, a2, lat, lon = rnd.choice(PLACES)
            site = rnd.randrange(25)  # sites 30-60 km apart around each place
            lat2, lon2 = lat + (site // 5) * 0.4, lon + (site % 5) * 0.4
            et, sub, dis = rnd.choice(TYPES)
            actor = f"{rnd.choice(ACTORS)} ({country})"
            evs.append(
                Event(
                    article_id=str(i),
                    event_date=pub - timedelta(days=rnd.randrange(3)),
                    time_precision=1,
                    disorder_type=dis,
                    event_type=et,
                    sub_event_type=sub,
                    actor1=Actor(actor, 2),
                    place=Place(
                        name=f"{name} site {site}",
                        country=country,
                        iso3=iso3,
                        admin1=a1,
                        admin2=f"{a2} {site}",
                        latitude=lat2,
                        longitude=lon2,
                        geo_precision=2,
                    ),  # fmt: skip
                    source=f"Wire {rnd.randrange(20)}",
                    notes=f"{sub} near {name}.",
                    fatalities=rnd.choice([0, 0, 1, 2, 3, 5, 12]),
                    confidence=0.7,
                )
            )
        out.append((Article(text=text, id=f"g{i}", published=pub, source="Wire"), evs))
        total += k
        i += 1
    return out


def measure_ingest(store: Any, reports: list[tuple[Article, list[Event]]]) -> dict[str, float]:
    t0 = time.perf_counter()
    n_ev = 0
    for art, evs in reports:
        store.ingest(art, evs)
        n_ev += len(evs)
    dt = time.perf_counter() - t0
    return {"reports": len(reports), "events": n_ev, "seconds": dt,
            "reports_per_s": len(reports) / dt, "events_per_s": n_ev / dt}  # fmt: skip


QUERIES = [
    {},
    {"country": "Iraq"},
    {"country": "Somalia", "since": "2022-01-01", "until": "2022-06-30"},
    {"type": "Battles", "limit": 50},
    {"admin1": "Kabul", "sort": "-fatalities"},
    {"bbox": "44,35,46,38"},
    {"actor": "police", "country": "Nigeria"},
    {"q": "air/drone", "offset": 200},
]


def measure_api(store: Any, rounds: int = 25) -> dict[str, float]:
    """Latency of GET /events (the filters above, in turn) through the ASGI app."""
    from fastapi.testclient import TestClient

    from conflictwire.api import create_app

    times = []
    with TestClient(create_app(store, token="bench")) as c:
        for q in QUERIES:
            assert c.get("/events", params=q).status_code == 200  # warm-up
        for _ in range(rounds):
            for q in QUERIES:
                t0 = time.perf_counter()
                r = c.get("/events", params=q)
                times.append(time.perf_counter() - t0)
                assert r.status_code == 200
    times.sort()
    return {
        "requests": len(times),
        "p50_ms": 1000 * statistics.median(times),
        "p99_ms": 1000 * times[min(len(times) - 1, int(0.99 * len(times)))],
    }


def _pg_database(server: str) -> str:
    import psycopg

    name = "cw_bench_" + uuid.uuid4().hex[:8]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


def run(n_events: int, n_ingest: int, pg: str | None) -> list[dict[str, Any]]:
    from conflictwire.store import Store

    results = []
    data = generate(n_events)
    backends = [("sqlite", None)] + ([("postgresql", pg)] if pg else [])
    with tempfile.TemporaryDirectory() as tmp:
        for name, server in backends:
            url = f"sqlite:///{tmp}/bench.sqlite" if server is None else _pg_database(server)
            store = Store(url)
            ing = measure_ingest(store, data[:n_ingest])
            print(
                f"{name}: ingest {ing['reports']} reports / {ing['events']} events in "
                f"{ing['seconds']:.1f} s = {ing['reports_per_s']:.0f} reports/s, "
                f"{ing['events_per_s']:.0f} events/s", flush=True,
            )  # fmt: skip
            rest = measure_ingest(store, data[n_ingest:])
            tot = store.totals()
            print(
                f"{name}: store filled to {tot['events']} events / {tot['incidents']} incidents "
                f"({rest['events_per_s']:.0f} events/s)", flush=True,
            )  # fmt: skip
            api = measure_api(store)
            print(
                f"{name}: GET /events with filters, {api['requests']} requests: "
                f"p50 {api['p50_ms']:.1f} ms, p99 {api['p99_ms']:.1f} ms", flush=True,
            )  # fmt: skip
            results.append({"backend": name, "ingest": ing, "store": tot, "api": api})
            store.close()
    return results


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000, help="Events in the store.")
    ap.add_argument("--ingest-reports", type=int, default=2000, help="Reports timed for ingest.")
    ap.add_argument("--pg", default=os.environ.get("CONFLICTWIRE_TEST_PG"), help="PG server URL.")
    args = ap.parse_args(argv)
    if not args.pg:
        print("postgresql: skipped (no --pg and no $CONFLICTWIRE_TEST_PG)")
    run(args.events, args.ingest_reports, args.pg)


if __name__ == "__main__":
    main()
