"""Store benchmark: ingest rate, then GET /events latency under concurrent requests through the
real API (uvicorn in a subprocess, an async httpx client) on a store of 100,000 generated events,
and whether concurrent CSV exports all get complete bodies.

    python -m conflictwire.store.bench [--events 100000] [--concurrency 100] [--requests 1000]
                                       [--exports 200] [--wrk-seconds 15] [--pg URL] [--sqlite PATH]

PostgreSQL is measured when ``--pg`` (or ``$CONFLICTWIRE_TEST_PG``, set by
scripts/pg-test-server) names a server where databases can be created. The reports are generated
(no NLP) and stored at once by ``store.bulk.load`` (the rows ``Store.ingest`` would write), then
``--ingest-reports`` more are timed through ``Store.ingest`` into the full store; the pipeline's
own speed is measured by ``conflictwire bench``. ``--sqlite PATH`` keeps the SQLite
store in PATH and reuses it when it is filled already. The load generator shares the machine
with the server: the numbers include its cost, and the load average is printed with them, and
the server's own CPU time per request (which other work on the machine does not change: at 100
concurrent requests, p99 < 300 ms needs about 333 requests/s, so at most ~3 ms per request on
each core the server gets). When
``wrk`` is installed (``apt-get install wrk``), the same requests are sent by it too: a client
in C that leaves nearly all the CPU to the server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
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
    """Reports stored one by one (``Store.ingest``, one transaction each)."""
    t0 = time.perf_counter()
    for art, evs in reports:
        store.ingest(art, evs)
    return _rate(reports, time.perf_counter() - t0)


def bulk_fill(store: Any, reports: list[tuple[Article, list[Event]]]) -> dict[str, float]:
    """Reports stored at once into the empty store (``store.bulk.load``: the rows ``ingest``
    would write), then, on PostgreSQL, VACUUM ANALYZE (what autovacuum does soon after)."""
    t0 = time.perf_counter()
    try:
        from conflictwire.store.bulk import load
    except ImportError:  # an older conflictwire (measuring the code before store.bulk)
        for art, evs in reports:
            store.ingest(art, evs)
    else:
        load(store, reports)
    if store.dialect == "postgresql":
        _settle(store)
    return _rate(reports, time.perf_counter() - t0)


def _settle(store: Any) -> None:
    from sqlalchemy import text

    visible = "SELECT relallvisible >= relpages FROM pg_class WHERE relname = 'incidents'"
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for _ in range(5):  # a VACUUM that overlaps another snapshot marks fewer pages
            conn.execute(text("VACUUM ANALYZE"))
            if conn.execute(text(visible)).scalar():
                break
            time.sleep(1)


def _rate(reports: list[tuple[Article, list[Event]]], dt: float) -> dict[str, float]:
    n_ev = sum(len(evs) for _, evs in reports)
    dt = max(dt, 1e-9)
    return {"reports": len(reports), "events": n_ev, "seconds": dt,
            "reports_per_s": len(reports) / dt, "events_per_s": n_ev / dt}  # fmt: skip


QUERIES: list[dict[str, Any]] = [
    {},
    {"country": "Iraq"},
    {"country": "Somalia", "since": "2022-01-01", "until": "2022-06-30"},
    {"type": "Battles", "limit": 50},
    {"admin1": "Kabul", "sort": "-fatalities"},
    {"bbox": "44,35,46,38"},
    {"actor": "police", "country": "Nigeria"},
    {"q": "air/drone", "offset": 200},
    {"sort": "fatalities", "offset": 5000, "limit": 20},
    {"since": "2023-06-01", "sort": "-n_reports"},
]
SERVERS = max(1, len(os.sched_getaffinity(0)))  # `serve --workers`
EXPORT_QUERY = {"country": "Iraq", "since": "2022-03-01", "until": "2022-03-31"}


def load() -> str:
    """The load average (1, 5, 15 min) and the number of cores, to read the numbers by."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``conflictwire serve`` in a subprocess, on a free loopback port (also used by
    ``api/bench.py``)."""

    def __init__(
        self, db_url: str, log: Path, workers: int = SERVERS, token: str = "bench"
    ) -> None:
        self.log = log
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "CONFLICTWIRE_DB": db_url, "CONFLICTWIRE_TOKEN": token}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_src(), env.get("PYTHONPATH")) if p)
        # the server as users start it: `conflictwire serve` (by default one process per core)
        cmd = [sys.executable, "-m", "conflictwire.cli", "serve", "--db", db_url, "--host",
               "127.0.0.1", "--port", str(self.port), "--workers", str(workers)]  # fmt: skip
        with log.open("w") as out:  # the server's own messages (tracebacks under load)
            self.proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)

    def wait(self, timeout: float = 120.0) -> None:
        import httpx

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the API server exited with status {self.proc.returncode}")
            try:
                if httpx.get(self.base + "/events", params={"limit": 1}).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"the API server did not answer within {timeout:g} s")

    def cpu_seconds(self) -> float:
        """CPU time the server and its worker processes have used so far (Linux /proc; NaN
        elsewhere)."""
        total, todo = 0.0, [self.proc.pid]
        while todo:
            pid = todo.pop()
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                for task in Path(f"/proc/{pid}/task").iterdir():
                    todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                if pid == self.proc.pid:
                    return float("nan")
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def stop(self) -> str:
        """Stop the server; a summary of the errors it logged."""
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        lines = self.log.read_text(errors="replace").splitlines()
        errs = [ln for ln in lines if ln.startswith("ERROR")]
        if not errs:
            return "the server logged no error"
        last = next((ln for ln in reversed(lines) if ln and not ln.startswith(" ")), "")
        return f"the server logged {len(errs)} error(s), e.g. {last[:200]}"


def _src() -> str:
    import conflictwire

    return str(Path(conflictwire.__file__).resolve().parent.parent)


def _pct(times: list[float], p: float) -> float:
    times = sorted(times)
    return 1000 * times[min(len(times) - 1, int(p * len(times)))]


async def _hammer(base: str, concurrency: int, total: int) -> dict[str, float]:
    """``concurrency`` clients send ``total`` GET /events (the QUERIES in turn) as fast as
    answers come back; the latency of each request, from sending to the whole body."""
    import httpx

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    times: list[float] = []
    errors: dict[str, int] = {}
    todo = iter(range(total))
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        for q in QUERIES:  # warm-up
            (await client.get("/events", params=q)).raise_for_status()

        async def worker() -> None:
            for i in todo:
                t0 = time.perf_counter()
                try:
                    r = await client.get("/events", params=QUERIES[i % len(QUERIES)])
                    key = str(r.status_code)
                except httpx.HTTPError as e:
                    key = type(e).__name__
                times.append(time.perf_counter() - t0)
                if key != "200":
                    errors[key] = errors.get(key, 0) + 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return {"requests": len(times), "p50_ms": 1000 * statistics.median(times),
            "p99_ms": _pct(times, 0.99), "max_ms": _pct(times, 1.0),
            "per_s": len(times) / wall, "errors": errors}  # fmt: skip


async def _exports(base: str, n: int, expected_rows: int) -> dict[str, Any]:
    """``n`` concurrent GET /events.csv: how many came back 200 with every row."""
    import httpx

    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    got: dict[str, int] = {}
    times: list[float] = []
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=300) as client:

        async def one() -> None:
            t0 = time.perf_counter()
            try:
                r = await client.get("/events.csv", params=EXPORT_QUERY)
                lines = r.text.count("\n")
                if r.status_code != 200:
                    key = str(r.status_code)
                else:
                    key = "complete" if lines == expected_rows + 1 else "200 incomplete"
            except httpx.HTTPError as e:
                key = type(e).__name__
            times.append(time.perf_counter() - t0)
            got[key] = got.get(key, 0) + 1

        await asyncio.gather(*(one() for _ in range(n)))
    return {"outcomes": got, "p50_ms": 1000 * statistics.median(times), "p99_ms": _pct(times, 0.99)}


def _wrk(
    base: str, concurrency: int, seconds: int, folder: Path, queries: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """``queries`` in turn from ``wrk`` (Debian's package; a C client that leaves the CPU to the
    server), when it is installed: ``concurrency`` connections for ``seconds``."""
    import re
    import shutil
    from urllib.parse import urlencode

    if shutil.which("wrk") is None:
        return None
    paths = ", ".join(f'"/events{"?" + urlencode(q) if q else ""}"' for q in queries)
    script = folder / "paths.lua"
    script.write_text(
        f"local paths = {{{paths}}}\nlocal i = 0\nrequest = function()\n  i = i + 1\n"
        "  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
    )
    cmd = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--latency", "--timeout", "60s",
           "-s", str(script), base]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"p50_ms": ms("50%"), "p99_ms": ms("99%"), "per_s": float(rate.group(1)) if rate
            else float("nan"), "non_2xx": int(bad.group(1)) if bad else 0}  # fmt: skip


def measure_api(
    db_url: str, concurrency: int, total: int, exports: int, rows: int, log: Path, wrk_s: int = 0
) -> dict[str, Any]:
    server = Server(db_url, log)
    try:
        server.wait()
        # every server process up and its first queries made, before anything is timed
        asyncio.run(_hammer(server.base, concurrency, 2 * concurrency))
        cpu = server.cpu_seconds()
        api = asyncio.run(_hammer(server.base, concurrency, total))
        api["cpu_ms"] = 1000 * (server.cpu_seconds() - cpu) / max(api["requests"], 1)
        api["load"] = load()
        wrk = {}
        for name, queries in (("the filters in turn", QUERIES), ("no filter", [{}])):
            cpu = server.cpu_seconds()
            got = _wrk(server.base, concurrency, wrk_s, log.parent, queries) if wrk_s else None
            if got:
                got["cpu_ms"] = 1000 * (server.cpu_seconds() - cpu) / max(got["per_s"] * wrk_s, 1)
                got["load"] = load()
                wrk[name] = got
        exp = asyncio.run(_exports(server.base, exports, rows)) if exports else None
    finally:
        errors = server.stop()
    return {"api": api, "wrk": wrk, "exports": exp, "server": errors}


def _pg_database(server: str) -> str:
    import psycopg

    name = "cw_bench_" + uuid.uuid4().hex[:8]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


def _export_rows(store: Any) -> int:
    from conflictwire.store import EventFilter

    q = EXPORT_QUERY
    f = EventFilter(country=q["country"], since=date.fromisoformat(q["since"]),
                    until=date.fromisoformat(q["until"]))  # fmt: skip
    return int(store.count(f))


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from conflictwire.store import Store

    results = []
    data = generate(args.events)
    backends = [("sqlite", None)] + ([("postgresql", args.pg)] if args.pg else [])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.sqlite) if args.sqlite else Path(tmp) / "bench.sqlite"
        for name, server in backends:
            url = f"sqlite:///{path.resolve()}" if server is None else _pg_database(server)
            t0 = time.perf_counter()
            store = Store(url)
            print(f"{name}: store opened (and migrated) in {time.perf_counter() - t0:.1f} s")
            if store.totals()["events"] >= args.events:
                print(f"{name}: reusing the store at {url}", flush=True)
            else:
                rest = bulk_fill(store, data[args.ingest_reports :])
                print(
                    f"{name}: bulk load of {rest['events']} events in {rest['seconds']:.1f} s "
                    f"({rest['events_per_s']:.0f} events/s)", flush=True,
                )  # fmt: skip
                ing = measure_ingest(store, data[: args.ingest_reports])
                print(
                    f"{name}: then ingest {ing['reports']} reports / {ing['events']} events one "
                    f"by one in {ing['seconds']:.1f} s = {ing['reports_per_s']:.0f} reports/s, "
                    f"{ing['events_per_s']:.0f} events/s", flush=True,
                )  # fmt: skip
            tot = store.totals()
            rows = _export_rows(store)
            store.close()
            print(f"{name}: store of {tot['events']} events / {tot['incidents']} incidents; "
                  f"{load()}", flush=True)  # fmt: skip
            log = Path(tmp) / f"server-{name}.log"
            res = measure_api(
                url, args.concurrency, args.requests, args.exports, rows, log, args.wrk_seconds
            )
            api = res["api"]
            print(
                f"{name}: GET /events, {api['requests']} requests from {args.concurrency} "
                f"concurrent clients: p50 {api['p50_ms']:.0f} ms, p99 {api['p99_ms']:.0f} ms, "
                f"max {api['max_ms']:.0f} ms, {api['per_s']:.0f} requests/s, "
                f"server CPU {api['cpu_ms']:.1f} ms a request, "
                f"errors {api['errors'] or 'none'} ({api['load']})", flush=True,
            )  # fmt: skip
            for what, wrk in res["wrk"].items():
                print(
                    f"{name}: GET /events ({what}) from wrk, {args.concurrency} connections for "
                    f"{args.wrk_seconds} s: p50 {wrk['p50_ms']:.0f} ms, "
                    f"p99 {wrk['p99_ms']:.0f} ms, {wrk['per_s']:.0f} requests/s, "
                    f"server CPU {wrk['cpu_ms']:.1f} ms a request, "
                    f"{wrk['non_2xx']} not 200 ({wrk['load']})",
                    flush=True,
                )
            exp = res["exports"]
            if exp:
                print(
                    f"{name}: {args.exports} concurrent GET /events.csv ({rows} rows each): "
                    f"{exp['outcomes']}; p50 {exp['p50_ms']:.0f} ms, p99 {exp['p99_ms']:.0f} ms",
                    flush=True,
                )
            print(f"{name}: {res['server']}", flush=True)
            results.append({"backend": name, "store": tot, **res})
    return results


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000, help="Events in the store.")
    ap.add_argument("--ingest-reports", type=int, default=500, help="Reports timed one by one.")
    ap.add_argument("--concurrency", type=int, default=100, help="Concurrent API clients.")
    ap.add_argument("--requests", type=int, default=1000, help="GET /events requests in all.")
    ap.add_argument("--exports", type=int, default=200, help="Concurrent CSV exports (0: none).")
    ap.add_argument("--wrk-seconds", type=int, default=15, help="wrk run (0: none; needs wrk).")
    ap.add_argument("--pg", default=os.environ.get("CONFLICTWIRE_TEST_PG"), help="PG server URL.")
    ap.add_argument("--sqlite", help="Keep the SQLite store in this file (reused when full).")
    args = ap.parse_args(argv)
    if not args.pg:
        print("postgresql: skipped (no --pg and no $CONFLICTWIRE_TEST_PG)")
    run(args)


if __name__ == "__main__":
    main()
