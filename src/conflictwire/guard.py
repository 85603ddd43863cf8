"""Each report on its own: whatever goes wrong with one report rejects that report, not the run.

``guarded(pipeline, reports)`` runs the pipeline over reports read with ``ingest.read_sourced``
(batched parsing, as ``Pipeline.pipe``), makes each report's events (``make``, by default
``pipeline.events``) and, when given, keeps them (``keep(doc, events)``: stores them). An
exception from any stage, from ``make`` or from ``keep`` becomes a
:class:`~conflictwire.ingest.Rejection` naming the report's input and line, the exception and
where in the code it was raised; the other reports go on. When a batch fails, its reports are
processed again one by one, so only the failing one is rejected. ``keep`` must leave nothing
behind when it fails (``Store.ingest`` writes one report in one transaction).

Some failures of ``keep`` end the run: those for which ``fatal(exc)`` is true (a store that cannot
be written at all, see ``store_failure``) are raised again, after the reports before have been
kept; the command line reports them as an operator's error.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Generic, TypeVar

from conflictwire.doc import Doc
from conflictwire.ingest import Rejection, Sourced
from conflictwire.model import Event
from conflictwire.pipeline import Pipeline

T = TypeVar("T")
BATCH = 32  # reports parsed together (as Pipeline.pipe)
_REASON_CHARS = 300  # a rejection stays one readable line


@dataclass(frozen=True)
class Done(Generic[T]):
    """A report that went through: where it came from, its Doc, its events and what ``keep``
    returned (None without ``keep``)."""

    source: Sourced
    doc: Doc
    events: list[Event]
    kept: T | None = None


def describe(exc: BaseException) -> str:
    """One line: the exception, its message (secrets masked, ``errors.scrub``) and the project
    file and line it came from."""
    from conflictwire.errors import scrub

    orig = getattr(exc, "orig", None)  # a store driver's own error inside SQLAlchemy's
    shown = orig if isinstance(orig, BaseException) else exc
    message = scrub(str(shown)) or type(shown).__name__
    if len(message) > _REASON_CHARS:
        message = message[: _REASON_CHARS - 3] + "..."
    where = ""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        parts = Path(frame.filename).parts
        if "conflictwire" in parts:
            rel = "/".join(parts[len(parts) - parts[::-1].index("conflictwire") :])
            where = f" in {rel}:{frame.lineno}"
            break
    return f"{type(shown).__name__}{where}: {message}"


def store_failure(exc: BaseException) -> bool:
    """Is ``exc`` a failure of the store itself (disk full, locked, unreachable, damaged), which
    ends the run, rather than of one report's values (an integer out of range, a character the
    database refuses), which rejects that report only?"""
    from sqlalchemy.exc import DataError, DBAPIError, IntegrityError

    if isinstance(exc, (DataError, IntegrityError)):
        return False
    if isinstance(exc, DBAPIError):
        state = getattr(exc.orig, "sqlstate", None) or ""
        return not state.startswith(("22", "23"))  # PostgreSQL data / integrity classes
    return isinstance(exc, OSError)


def _never(exc: BaseException) -> bool:
    return False


def _parse(pipeline: Pipeline, chunk: list[Sourced]) -> list[Doc | Rejection]:
    """The chunk's Docs in order; when the batch fails, each report alone (the failing ones
    rejected)."""
    try:
        docs: list[Doc | Rejection] = list(
            pipeline.pipe((s.article for s in chunk), batch_size=len(chunk))
        )
        if len(docs) == len(chunk):
            return docs
    except Exception:  # noqa: BLE001 - retried one by one below, to name the report
        pass
    out: list[Doc | Rejection] = []
    for s in chunk:
        try:
            out.append(pipeline.process(s.article))
        except Exception as exc:  # noqa: BLE001 - any failure of one report rejects it
            out.append(s.rejection(f"could not be processed ({describe(exc)})"))
    return out


def guarded(
    pipeline: Pipeline,
    reports: Iterable[Sourced],
    make: Callable[[Doc], list[Event]] | None = None,
    keep: Callable[[Doc, list[Event]], T] | None = None,
    fatal: Callable[[BaseException], bool] = _never,
    batch_size: int = BATCH,
) -> Iterator[Done[T] | Rejection]:
    """Each report as ``Done`` or as a Rejection, in input order (see the module's doc)."""
    make = make or pipeline.events
    it = iter(reports)
    while chunk := list(islice(it, batch_size)):
        for src, doc in zip(chunk, _parse(pipeline, chunk), strict=True):
            if isinstance(doc, Rejection):
                yield doc
                continue
            try:
                events = make(doc)
            except Exception as exc:  # noqa: BLE001 - any failure of one report rejects it
                yield src.rejection(f"could not be processed ({describe(exc)})")
                continue
            kept = None
            if keep is not None:
                try:
                    kept = keep(doc, events)
                except Exception as exc:
                    if fatal(exc):
                        raise
                    yield src.rejection(f"could not be stored ({describe(exc)})")
                    continue
            yield Done(src, doc, events, kept)
