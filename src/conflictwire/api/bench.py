"""API hardening benchmark against a real ``conflictwire serve`` (uvicorn) process; prints numbers.

    python -m conflictwire.api.bench [--upload-mb 300] [--exports 200] [--events 20000]
                                     [--posts] [--db sqlite:///PATH]

* upload: the server's resident memory (VmRSS in /proc/PID/status) before and at its peak while
  a client sends a chunked POST /articles of ``--upload-mb`` MB, without a token and with one
  (the body limit is 2 MB): the status it got and how much it could send before the server
  hung up.
* exports: ``--exports`` concurrent GET /events.csv on a store of ``--events`` generated events:
  how many got a complete body (every row), a 503, or anything else (an empty or cut 200), and
  how long a plain GET /events takes meanwhile.
* posts (``--posts``; loads the NLP pipeline in the server's workers, a minute or more): the
  time short reports take while a long one (400 KB) is being extracted.

The client shares the machine with the server; the load average is printed with the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import socket
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from conflictwire.store.bench import Server

TOKEN = "bench-token"


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def children_rss_mb(pid: int) -> float:
    """The resident memory of the direct children of ``pid`` (the extraction workers), in MB."""
    total = 0.0
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            with contextlib.suppress(OSError, RuntimeError):  # gone meanwhile
                total += rss_mb(int(child))
    return total


def chunked_upload(port: int, total_mb: int, token: str | None) -> dict[str, Any]:
    """POST /articles with a chunked body of ``total_mb`` MB; the status line and the MB sent
    before the server answered or hung up."""
    sock = socket.create_connection(("127.0.0.1", port))
    head = ["POST /articles HTTP/1.1", f"Host: 127.0.0.1:{port}",
            "Content-Type: application/json", "Transfer-Encoding: chunked"]  # fmt: skip
    if token:
        head.append(f"Authorization: Bearer {token}")
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
    piece = b" " * 65536
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    sent = 0
    answer = bytearray()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                data = sock.recv(65536)
            except OSError:
                break
            if not data:
                break
            answer.extend(data)
            if b"\r\n\r\n" in answer:
                break
        stop.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        while sent < total_mb * 2**20 and not stop.is_set():
            sock.sendall(chunk)
            sent += len(piece)
        if not stop.is_set():
            sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server hung up
    reader.join(60)
    sock.close()
    status = bytes(answer).split(b"\r\n", 1)[0].decode(errors="replace")
    return {"status": status or "(no answer)", "sent_mb": round(sent / 2**20, 1)}


def measure_upload(server: Server, total_mb: int, token: str | None) -> dict[str, Any]:
    pid = server.proc.pid
    before = rss_mb(pid)
    peak = before
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_mb(pid))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    t0 = time.perf_counter()
    got = chunked_upload(server.port, total_mb, token)
    dt = time.perf_counter() - t0
    time.sleep(0.5)
    done.set()
    watcher.join()
    return {"token": bool(token), **got, "seconds": round(dt, 2), "rss_before_mb": round(before),
            "rss_peak_mb": round(peak), "growth_mb": round(peak - before, 1)}  # fmt: skip


async def _exports(base: str, n: int, rows: int) -> dict[str, Any]:
    import httpx

    out = {"complete_200": 0, "bad_200": 0, "503": 0, "other": 0}
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(base_url=base, timeout=300, limits=limits) as client:

        async def one() -> None:
            try:
                r = await client.get("/events.csv")
            except httpx.HTTPError:
                out["other"] += 1
                return
            if r.status_code == 200:
                ok = r.text.count("\n") == rows + 1 and r.text.endswith("\n")
                out["complete_200" if ok else "bad_200"] += 1
            elif r.status_code == 503 and r.headers.get("retry-after"):
                out["503"] += 1
            else:
                out["other"] += 1

        t0 = time.perf_counter()
        tasks = [asyncio.create_task(one()) for _ in range(n)]
        await asyncio.sleep(2.0)
        during = []  # a plain page of /events while the exports run
        for _ in range(3):
            t1 = time.perf_counter()
            try:
                status: int | str = (await client.get("/events", params={"limit": 10})).status_code
            except httpx.HTTPError as e:
                status = type(e).__name__
            during.append((status, round(time.perf_counter() - t1, 3)))
        await asyncio.gather(*tasks)
        out["seconds"] = round(time.perf_counter() - t0, 2)
        out["events_during_s"] = during
    return out


def measure_exports(server: Server, n: int) -> dict[str, Any]:
    import httpx

    rows = httpx.get(server.base + "/events", params={"limit": 1}).json()["total"]
    return {"rows": rows, "concurrent": n, **asyncio.run(_exports(server.base, n, rows))}


LONG_UNIT = (
    "Gunmen attacked a police checkpoint in Daquq, south of Kirkuk, on Monday, killing two "
    "policemen and wounding three others, a local official said. "
)


async def _posts(base: str) -> dict[str, Any]:
    import httpx

    auth = {"Authorization": f"Bearer {TOKEN}"}
    run = uuid.uuid4().hex[:8]  # new texts each run: a stored text would not be extracted again
    async with httpx.AsyncClient(base_url=base, timeout=900, headers=auth) as client:

        async def post(text: str) -> tuple[int, float]:
            t0 = time.perf_counter()
            r = await client.post("/articles", json={"text": text, "published": "2021-05-03"})
            return r.status_code, time.perf_counter() - t0

        # Warm the workers (each loads the pipeline once).
        warm = await asyncio.gather(*(post(f"{LONG_UNIT} (warm-up {i}, {run})") for i in range(4)))
        long_text = LONG_UNIT * (400_000 // len(LONG_UNIT))
        long_task = asyncio.create_task(post(f"{long_text} (long, {run})"))
        await asyncio.sleep(1.0)
        short = [await post(f"{LONG_UNIT} (short {i}, {run})") for i in range(5)]
        long_status, long_s = await long_task
    return {
        "warm_up_s": round(max(t for _, t in warm), 1),
        "long_400kb": {"status": long_status, "seconds": round(long_s, 1)},
        "short_during_long": [{"status": s, "seconds": round(t, 2)} for s, t in short],
    }


def fill(db_url: str, n_events: int) -> None:
    from conflictwire.store import Store

    with Store(db_url) as store:
        if store.count() == 0:
            from conflictwire.store.bench import bulk_fill, generate

            bulk_fill(store, generate(n_events))


def run(args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="cw-api-bench-"))
    db = args.db or f"sqlite:///{folder / 'store.sqlite'}"
    t0 = time.perf_counter()
    fill(db, args.events)
    out: dict[str, Any] = {"events": args.events, "fill_s": round(time.perf_counter() - t0, 1)}
    server = Server(db, folder / "server.log", workers=1, token=TOKEN)
    try:
        server.wait()
        out["upload_no_token"] = measure_upload(server, args.upload_mb, None)
        out["upload_token"] = measure_upload(server, args.upload_mb, TOKEN)
        out["exports"] = measure_exports(server, args.exports)
        if args.posts:
            out["posts"] = asyncio.run(_posts(server.base))
        out["server_rss_end_mb"] = round(rss_mb(server.proc.pid))
        out["workers_rss_end_mb"] = round(children_rss_mb(server.proc.pid))
    finally:
        server.stop()
        if not args.db:  # the generated store; the server's log stays
            for f in folder.glob("store.sqlite*"):
                f.unlink()
    one, five, _ = os.getloadavg()
    out["load"] = f"{one:.2f} {five:.2f} on {os.cpu_count()} cores"
    out["server_log"] = str(folder / "server.log")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--upload-mb", type=int, default=300)
    ap.add_argument("--exports", type=int, default=200)
    ap.add_argument("--events", type=int, default=20_000)
    ap.add_argument("--posts", action="store_true")
    ap.add_argument("--db", default=None, help="A store to use (filled when empty).")
    args = ap.parse_args(argv)
    for key, value in run(args).items():
        print(f"{key}: {value}", flush=True)


if __name__ == "__main__":
    main()
