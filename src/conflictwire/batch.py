"""Batch runs on Dask: many reports through the pipeline on a cluster of worker processes.

The client (the ``conflictwire batch`` process) reads the inputs (``ingest.read_sourced``) and
cuts the usable reports into chunks of consecutive reports (``chunk_sizes``: a few at first, so
the first events come soon, then ``chunk_size``); chunk ``i`` always holds the same reports of the
same input, so a checkpoint can name it. Chunks are submitted
to a Dask ``distributed.Client`` (a ``LocalCluster`` of ``workers`` one-thread processes, or a
running scheduler), at most a few per worker at a time so memory stays bounded. On a worker each
chunk runs through ``guard.guarded`` exactly as ``extract`` runs its reports (one ``Pipeline`` a
worker process, loaded by its first chunk), and comes back as, for each report, its article and
events or its rejection. A task has no side effect, so Dask may run it again when a worker dies.

Output (the client writes; workers may be on machines that do not share its disk):

* ``to_parquet``: each finished chunk becomes a part in the checkpoint folder
  (``batch_checkpoint``); at the end the parts are merged in input order into the output, whose
  rows equal ``extract``'s events on the same input. A rerun after an interruption skips the
  finished chunks.
* ``to_store``: the client stores each report with ``Store.ingest`` (one transaction a report),
  in input order, as chunks come back. Storing in the client rather than from the workers keeps
  the store byte for byte what a single-process ``ingest`` makes: incidents are merged in the same
  order, so their ids and members are the same, and nothing depends on workers reaching the
  database. The store is its own checkpoint: as ``ingest`` does, reports stored already are
  skipped before they are sent to a worker.
"""

from __future__ import annotations

import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import islice
from pathlib import Path
from typing import Any

from conflictwire.errors import OperatorError
from conflictwire.ingest import Rejection, Sourced
from conflictwire.model import Article, Event
from conflictwire.progress import Bar

CHUNK = 64  # reports a task (but the first ones: ``chunk_sizes``)
FIRST = 4  # reports in the first chunk: the first events come back soon
INSTALL_HINT = "batch needs Dask: pip install 'conflictwire[batch]' (or `make install`)"


def require_dask() -> None:
    """An operator's error (one line, how to install it) when Dask is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise OperatorError(INSTALL_HINT) from None


# --------------------------------------------------------------------------- on the workers


@dataclass(frozen=True)
class Report:
    """One report that went through: its article (as the pipeline left it) and its events."""

    article: Article
    events: list[Event]
    gated: bool = False  # the relevance gate stopped it before the parse


Result = Report | Rejection

_pipelines: dict[tuple[tuple[str, bool], ...], Any] = {}  # a worker process's, by options
_lock = threading.Lock()


def _pipeline(options: dict[str, bool]) -> Any:
    key = tuple(sorted(options.items()))
    with _lock:
        if key not in _pipelines:
            from conflictwire.pipeline import Pipeline

            _pipelines[key] = Pipeline(**options)
        return _pipelines[key]


def run_chunk(items: list[Sourced], options: dict[str, bool] | None = None) -> list[Result]:
    """Each report of the chunk as a Report or a Rejection, in order (a Dask task); ``options``
    are the Pipeline's (``include_historical``, ``gate``)."""
    from conflictwire.guard import guarded

    pipeline = _pipeline(options or {})
    out: list[Result] = []
    for done in guarded(pipeline, items):
        if isinstance(done, Rejection):
            out.append(done)
        else:
            out.append(Report(done.doc.article, done.events, done.doc.gated))
    return out


# --------------------------------------------------------------------------- in the client


@dataclass(frozen=True)
class Chunk:
    index: int
    items: list[Sourced]

    @cached_property
    def fingerprint(self) -> str:
        from conflictwire.batch_checkpoint import chunk_fingerprint

        return chunk_fingerprint(self.items)


def chunk_sizes(size: int = CHUNK) -> Iterator[int]:
    """The chunks' sizes: ``FIRST`` reports, then twice as many each time up to ``size``, so the
    first events come back soon and later chunks cost little to hand out. Always the same for
    the same ``size``, so a chunk's index names the same reports in every run."""
    n = min(FIRST, size)
    while True:
        yield n
        n = min(2 * n, size)


def chunked(reports: Iterable[Sourced], size: int = CHUNK) -> Iterator[Chunk]:
    """Consecutive chunks of the input's reports (``chunk_sizes``; the last one may be
    shorter), numbered from 0."""
    it = iter(reports)
    for index, n in enumerate(chunk_sizes(size)):
        items = list(islice(it, n))
        if not items:
            return
        yield Chunk(index, items)


@contextmanager
def connect(workers: int = 2, scheduler: str | None = None) -> Iterator[Any]:
    """A Dask client: of a running scheduler when named, else of a local cluster of ``workers``
    processes with one thread each, on loopback."""
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise OperatorError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",  # nothing listens beyond this machine
            dashboard_address="127.0.0.1:0",  # any free port: never a clash with another run
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def run_chunks(
    client: Any,
    chunks: Iterable[Chunk],
    options: dict[str, bool] | None = None,
    ordered: bool = False,
    window: int | None = None,
) -> Iterator[tuple[Chunk, list[Result]]]:
    """Each chunk with its results, as they finish (in chunk order with ``ordered``); at most
    ``window`` chunks (default: three a worker) are submitted or waiting at a time."""
    from distributed import as_completed

    if window is None:
        n = len(client.nthreads()) or 1
        window = 3 * n + 1
    run = uuid.uuid4().hex[:8]
    it = iter(chunks)
    order: deque[Chunk] = deque()  # submitted and not yet yielded, in chunk order
    futures: dict[Any, Chunk] = {}
    ready: dict[int, list[Result]] = {}
    pending = as_completed()

    def fill() -> None:
        while len(order) < window:
            chunk = next(it, None)
            if chunk is None:
                return
            key = f"conflictwire-chunk-{chunk.index}-{run}"
            fut = client.submit(
                run_chunk, chunk.items, options, key=key, retries=1, pure=False
            )
            futures[fut] = chunk
            order.append(chunk)
            pending.add(fut)

    fill()
    while order:
        fut = next(pending)
        chunk = futures.pop(fut)
        try:
            results = fut.result()
        except Exception as exc:
            if type(exc).__name__ == "KilledWorker":
                raise OperatorError(
                    f"chunk {chunk.index} was lost with the workers running it, again and again "
                    "(out of memory?); finished chunks are kept: rerun to go on"
                ) from None
            raise
        fut.release()
        if ordered:
            ready[chunk.index] = results
            while order and order[0].index in ready:
                head = order.popleft()
                yield head, ready.pop(head.index)
        else:
            order.remove(chunk)
            yield chunk, results
        fill()


def count_in_background(
    inputs: list[str], published: date | None, source: str | None, bar: Bar
) -> None:
    """Count the usable reports of ``inputs`` in a thread and give the bar its total (then it
    shows the time left); not for standard input, which can be read only once, nor for feeds
    on the network, which would be fetched twice."""
    if not bar.shown or any(i == "-" or "://" in i for i in inputs):
        return

    def count() -> None:
        from conflictwire.ingest import read_sourced

        try:
            n = sum(isinstance(s, Sourced) for s in read_sourced(inputs, published, source))
        except Exception:  # noqa: BLE001 - the run itself reports unreadable inputs
            return
        bar.total(n)

    threading.Thread(target=count, name="conflictwire-count", daemon=True).start()


@dataclass
class Summary:
    reports: int = 0
    events: int = 0
    gated: int = 0  # reports the relevance gate stopped before the parse
    resumed: int = 0  # chunks a checkpoint had finished already
    counts: dict[str, int] = field(
        default_factory=lambda: {"added": 0, "replaced": 0, "unchanged": 0}
    )


Reject = Callable[[Rejection], None]


def to_parquet(
    client: Any,
    reports: Iterable[Sourced],
    out: Path,
    reject: Reject,
    bar: Bar,
    chunk_size: int = CHUNK,
    options: dict[str, bool] | None = None,
    restart: bool = False,
) -> Summary:
    """Extract the reports' events into the Parquet file ``out`` (see the module's doc);
    ``options``: the Pipeline's."""
    import os

    import pyarrow.parquet  # noqa: F401 - imported now, while the workers load their model

    from conflictwire.batch_checkpoint import Checkpoint
    from conflictwire.event_parquet import concat

    options = options or {}
    cp = Checkpoint(out, {"chunk_size": chunk_size, "pipeline": options}, restart=restart)
    summary = Summary()
    indices: list[int] = []

    def todo() -> Iterator[Chunk]:
        for chunk in chunked(reports, chunk_size):
            indices.append(chunk.index)
            done = cp.done(chunk.index, chunk.fingerprint)
            if done is None:
                yield chunk
                continue
            summary.resumed += 1
            summary.reports += len(chunk.items)
            summary.events += done.events
            summary.gated += done.gated
            for r in done.rejections:
                reject(r)
            bar.advance(len(chunk.items))

    for chunk, results in run_chunks(client, todo(), options):
        events = [e for r in results if isinstance(r, Report) for e in r.events]
        rejections = [r for r in results if isinstance(r, Rejection)]
        gated = sum(isinstance(r, Report) and r.gated for r in results)
        cp.save(chunk.index, chunk.fingerprint, events, rejections, gated)
        summary.gated += gated
        for r in rejections:
            reject(r)
        summary.reports += len(chunk.items)
        summary.events += len(events)
        bar.advance(len(chunk.items))
    tmp = out.with_name(out.name + ".tmp")
    concat([cp.part(i) for i in indices], tmp)
    os.replace(tmp, out)
    cp.remove()
    return summary


def to_store(
    client: Any,
    reports: Iterable[Sourced],
    store: Any,
    reject: Reject,
    bar: Bar,
    chunk_size: int = CHUNK,
    options: dict[str, bool] | None = None,
) -> Summary:
    """Extract the reports' events and store them, as ``ingest`` does (see the module's doc);
    ``options``: the Pipeline's."""
    from conflictwire.guard import describe, store_failure

    summary = Summary()

    def pending() -> Iterator[Sourced]:  # as ingest: what is stored already is not redone
        for item in reports:
            summary.reports += 1
            try:
                status = store.status(item.article)
            except Exception as exc:
                if store_failure(exc):
                    raise
                reject(item.rejection(f"could not be looked up in the store ({describe(exc)})"))
                bar.advance()
                continue
            if status == "unchanged":
                summary.counts["unchanged"] += 1
                bar.advance()
            else:
                yield item

    chunks = chunked(pending(), chunk_size)
    for chunk, results in run_chunks(client, chunks, options, ordered=True):
        for src, r in zip(chunk.items, results, strict=True):
            if isinstance(r, Rejection):
                reject(r)
                continue
            summary.gated += r.gated
            try:  # one transaction a report: a failure leaves nothing behind
                kept = store.ingest(r.article, r.events)
            except Exception as exc:
                if store_failure(exc):
                    raise
                reject(src.rejection(f"could not be stored ({describe(exc)})"))
                continue
            summary.counts[kept.status] += 1
            summary.events += kept.n_events
        bar.advance(len(chunk.items))
    return summary
