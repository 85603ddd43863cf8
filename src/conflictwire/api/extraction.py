"""Event extraction for POST /articles in a pool of workers, so no report waits for another.

The default extractor is the NLP pipeline in a pool of processes (spaCy holds the GIL while it
parses, so threads would take turns): each worker loads the pipeline once, on its first report.
An extractor passed in by the caller (tests, embedding apps) runs in a pool of threads.
A bounded number of reports may wait for a worker; past that the API answers 503.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from conflictwire.model import Article, Event

Extractor = Callable[[Article], list[Event]]
ENV_WORKERS = "CONFLICTWIRE_WORKERS"
log = logging.getLogger(__name__)

_pipeline: Extractor | None = None  # one per worker process


def _pipeline_extract(article: Article) -> list[Event]:
    global _pipeline
    if _pipeline is None:
        from conflictwire.pipeline import Pipeline

        _pipeline = Pipeline().extract
    return _pipeline(article)


def default_workers() -> int:
    """``$CONFLICTWIRE_WORKERS``, else the CPUs this process may use (at most 4: each worker
    holds a spaCy pipeline, a few hundred MB)."""
    env = os.environ.get(ENV_WORKERS, "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(4, len(os.sched_getaffinity(0))))


class Busy(Exception):
    """Every worker is busy and the queue is full, or the pool had to restart: retry later."""


class ExtractionFailed(Exception):
    """The extractor raised on this report (the message names the error)."""


class ExtractionPool:
    """Runs an extractor on reports in worker processes (the default) or threads."""

    def __init__(
        self,
        extractor: Extractor | None = None,
        workers: int | None = None,
        max_waiting: int | None = None,
    ) -> None:
        self.workers = workers or default_workers()
        self.max_pending = self.workers + (max_waiting if max_waiting is not None else
                                           8 * self.workers)  # fmt: skip
        self._func: Extractor = extractor or _pipeline_extract
        self._processes = extractor is None
        self._executor: Executor | None = None
        self._pending = 0

    def _pool(self) -> Executor:
        if self._executor is None:
            if self._processes:
                self._executor = ProcessPoolExecutor(
                    self.workers, mp_context=multiprocessing.get_context("spawn")
                )
            else:
                self._executor = ThreadPoolExecutor(self.workers, "extract")
        return self._executor

    async def extract(self, article: Article) -> list[Event]:
        """The report's events; Busy or ExtractionFailed instead of any other error."""
        if self._pending >= self.max_pending:
            raise Busy(f"{self._pending} reports are being processed")
        self._pending += 1
        pool = self._pool()
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, self._func, article)
        except BrokenProcessPool:
            log.error("an extraction worker died; starting a new pool")
            if self._executor is pool:
                self._executor = None
                pool.shutdown(wait=False, cancel_futures=True)
            raise Busy("an extraction worker died") from None
        except Exception as e:
            log.exception("extraction failed on report %r", article.id or article.url)
            raise ExtractionFailed(type(e).__name__) from e
        finally:
            self._pending -= 1

    def close(self) -> None:
        """Drop the reports still waiting, finish the running ones, stop the workers."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
