"""Exports that never answer 200 without their data.

An export takes one of a few export slots (waiting a bounded time, else 503 with Retry-After),
then runs its query and reads its first row, all before a status line is sent: a store that is
busy or unreachable gives a 503, never an empty 200. ``Store.iter_query`` fetches later pages
as the body is sent, each on a pool connection taken only while its query runs; the slots keep
the exports from crowding the pool and the CPUs, so other requests still get through. The slot
is given back however the response ends (body sent, client gone, error).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import Any

import anyio
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from conflictwire.exports import geojson_feature, plover_record
from conflictwire.model import ACLED_COLUMNS
from conflictwire.store import acled_row

CHUNK = 64 * 1024  # characters sent at once


class Unavailable(Exception):
    """No slot or connection freed up in time: the client should retry (503)."""

    def __init__(self, detail: str, retry_after: int = 5) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class Gate:
    """At most ``slots`` requests of one kind at once (``what``: "export slots", "store
    readers"), first come first served; others wait up to ``wait`` seconds, then Unavailable."""

    def __init__(self, slots: int, wait: float, what: str = "export slots") -> None:
        self.slots = slots
        self.wait = wait
        self.what = what
        self._sem = asyncio.Semaphore(slots)

    async def acquire(self) -> None:
        try:
            await asyncio.wait_for(self._sem.acquire(), self.wait)
        except TimeoutError:
            msg = f"all {self.slots} {self.what} stayed busy for {self.wait:g} s"
            raise Unavailable(msg) from None

    def release(self) -> None:
        self._sem.release()


def primed(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Run the query now and read the first row, then give an iterator over all the rows (closing
    it closes ``rows``): whatever ``rows`` does lazily, its first query runs here."""
    first = next(rows, None)
    if first is None:
        return rows  # exhausted: its connection is back in the pool

    def all_rows() -> Iterator[dict[str, Any]]:
        try:
            yield from chain([first], rows)
        finally:
            rows.close()  # type: ignore[attr-defined]

    return all_rows()


def pieces(fmt: str, rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """The export ``fmt`` (acled, geojson, jsonl, plover) of ``rows``, in pieces."""
    if fmt == "geojson":
        yield '{"type": "FeatureCollection", "features": [\n'
        for i, r in enumerate(rows):
            yield ("" if i == 0 else ",\n") + json.dumps(geojson_feature(r), ensure_ascii=False)
        yield "\n]}\n"
        return
    if fmt in ("jsonl", "plover"):
        for r in rows:
            yield json.dumps(plover_record(r) if fmt == "plover" else r, ensure_ascii=False)
            yield "\n"
        return
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow(acled_row(r))
        if buf.tell() > CHUNK:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def chunks(parts: Iterator[str]) -> Iterator[str]:
    """Join small pieces into chunks of about CHUNK characters (one thread hop per chunk)."""
    buf: list[str] = []
    size = 0
    for p in parts:
        buf.append(p)
        size += len(p)
        if size >= CHUNK:
            yield "".join(buf)
            buf, size = [], 0
    if buf:
        yield "".join(buf)


class HeldStream(StreamingResponse):
    """A streaming response that runs ``close`` (in a thread) once it ends, however it ends:
    body sent, client gone, or an error."""

    def __init__(self, content: Iterator[str], close: Callable[[], None], **kw: Any) -> None:
        super().__init__(content, **kw)
        self._close = close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):
                await run_in_threadpool(self._close)
