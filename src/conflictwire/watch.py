"""Watching feeds: poll RSS/Atom feeds every so often and store the events of their new items.

``Watcher.poll(feed)`` reads one feed (``formats.feeds.feed_items``), passes over the items it
has handled before (their keys, guid else link, are remembered in a small JSON file beside the
store: ``SeenItems``), and runs the new ones through the pipeline inside the guard and into the
store exactly as ``conflictwire ingest`` does (``store_reports``: an item stored already is not
processed again; each report is one transaction). It returns what happened as a ``Poll``, one
line to print. A feed that is down, garbage or fails in any way while it is read is a ``Poll``
with an ``error``: the watcher goes on with the next feed and the next poll. Only a failure of
the store itself (``guard.store_failure``: full disk, unreachable server) ends the watch.

Items are remembered after they are handled (stored, found stored already, or rejected), so a
watch stopped mid-poll (Ctrl-C) handles the rest next time; the store's own de-duplication (by URL
and text) keeps anything from being stored twice either way. Each feed keeps its last
``MAX_KEYS`` keys, so the file stays small.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conflictwire.ingest import DEFAULT_MAX_BYTES, Rejection, Sourced

MAX_KEYS = 10_000  # item keys remembered per feed
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")


def parse_every(text: str) -> float:
    """A duration (``30s``, ``10m``, ``1h``, ``1h30m``, ``90`` = seconds) -> seconds (at least
    one second). Raises ValueError saying what is wanted."""
    s = text.strip().lower()
    pos, total = 0, 0.0
    while pos < len(s):
        m = _DURATION.match(s, pos)
        if m is None:
            break
        total += float(m.group(1)) * _UNITS[m.group(2) or "s"]
        pos = m.end()
    if not s or pos != len(s):
        raise ValueError(f"{text!r} is not a duration (use e.g. 30s, 10m, 1h or 1h30m)")
    if total < 1:
        raise ValueError(f"{text!r} is too short: poll at most once a second")
    return total


def state_path(store_url: str) -> Path:
    """Where the items seen are remembered for the store at ``store_url``: beside a SQLite
    file (``<file>.watch.json``), else in the user's data directory (named by the store)."""
    from platformdirs import user_data_dir

    from conflictwire.store.db import display_url, sqlite_path

    path = sqlite_path(store_url)
    if path is not None:
        return path.with_name(path.name + ".watch.json")
    digest = hashlib.sha1(display_url(store_url).encode()).hexdigest()[:16]
    return Path(user_data_dir("conflictwire")) / f"watch-{digest}.json"


class SeenItems:
    """The keys of the items handled, per feed, kept in a JSON file (written whole, atomically:
    a crash leaves the old file or the new one). An unreadable file is started afresh (the store
    still holds nothing twice)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.feeds: dict[str, list[str]] = {}
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and isinstance(data.get("feeds"), dict):
                    self.feeds = {str(k): [str(x) for x in v] for k, v in data["feeds"].items()
                                  if isinstance(v, list)}  # fmt: skip
            except (OSError, ValueError):
                self.feeds = {}
        self._sets = {feed: set(keys) for feed, keys in self.feeds.items()}

    def has(self, feed: str, key: str) -> bool:
        return key in self._sets.get(feed, ())

    def add(self, feed: str, keys: Iterable[str]) -> None:
        known = self._sets.setdefault(feed, set())
        kept = self.feeds.setdefault(feed, [])
        for key in keys:
            if key not in known:
                known.add(key)
                kept.append(key)
        if len(kept) > MAX_KEYS:
            del kept[: len(kept) - MAX_KEYS]
            self._sets[feed] = set(kept)

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name, suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"feeds": self.feeds}, fh, ensure_ascii=False)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


@dataclass
class Stored:
    """What storing some reports did (as ``conflictwire ingest`` counts it)."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    events: int = 0
    rejected: int = 0


def store_reports(
    store: Any,
    reports: Iterable[Sourced],
    pipeline: Callable[[], Any],
    reject: Callable[[Rejection], None],
) -> Stored:
    """Run the reports not stored yet through the pipeline, inside the guard, into ``store``
    (one transaction each), as ``conflictwire ingest`` does; ``pipeline()`` gives the Pipeline
    (called only when a report is new). A report that fails is passed to ``reject``; a failure
    of the store itself is raised."""
    from conflictwire.guard import describe, guarded, store_failure

    counts = Stored()

    def pending() -> Iterator[Sourced]:
        for item in reports:
            try:
                status = store.status(item.article)
            except Exception as exc:  # one report's values the store refuses: reject it
                if store_failure(exc):
                    raise
                counts.rejected += 1
                reject(item.rejection(f"could not be looked up in the store ({describe(exc)})"))
                continue
            if status == "unchanged":
                counts.unchanged += 1
            else:
                yield item

    todo = list(pending())
    if not todo:
        return counts

    def keep(doc: Any, evs: Any) -> Any:
        return store.ingest(doc.article, evs)

    for done in guarded(pipeline(), todo, keep=keep, fatal=store_failure):
        if isinstance(done, Rejection):
            counts.rejected += 1
            reject(done)
            continue
        setattr(counts, done.kept.status, getattr(counts, done.kept.status) + 1)
        counts.events += done.kept.n_events
    return counts


@dataclass
class Poll:
    """One poll of one feed: its items, how many were new, what storing them did, or why the
    feed could not be read (``error``)."""

    feed: str
    items: int = 0
    new: int = 0
    stored: Stored = field(default_factory=Stored)
    error: str | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def line(self) -> str:
        when = self.at.strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.error is not None:
            return f"{when} warning: {self.feed}: {self.error}"
        s = self.stored
        return (f"{when} {self.feed}: {self.items} item(s), {self.new} new: {s.added} added, "
                f"{s.replaced} replaced, {s.unchanged} already stored, {s.rejected} rejected; "
                f"{s.events} event(s) stored")  # fmt: skip


class Watcher:
    """Polls feeds into one store (see the module's doc); ``pipeline()`` gives the Pipeline, made
    once and only when a new item comes; ``reject`` is told of each item rejected."""

    def __init__(
        self,
        store: Any,
        seen: SeenItems,
        pipeline: Callable[[], Any],
        reject: Callable[[Rejection], None],
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.store, self.seen, self.reject, self.max_bytes = store, seen, reject, max_bytes
        self._make, self._pipeline = pipeline, None

    def pipeline(self) -> Any:
        if self._pipeline is None:
            self._pipeline = self._make()
        return self._pipeline

    def poll(self, feed: str) -> Poll:
        from conflictwire.formats.feeds import feed_items
        from conflictwire.guard import describe

        poll = Poll(feed)
        try:
            items = list(feed_items(feed, feed, None, None, self.max_bytes))
        except Exception as exc:  # noqa: BLE001 - whatever a feed does, the watch goes on
            poll.error = f"could not be read ({describe(exc)})"
            return poll
        if len(items) == 1 and items[0][0] is None and isinstance(items[0][1], Rejection):
            poll.error = items[0][1].reason  # the feed as a whole: down, garbage, too large
            return poll
        poll.items = len(items)
        new = [(key, item) for key, item in items if key is None or not self.seen.has(feed, key)]
        poll.new = len(new)
        reports: list[Sourced] = []
        for _key, item in new:
            if isinstance(item, Rejection):
                poll.stored.rejected += 1
                self.reject(item)
            else:
                reports.append(item)
        done = store_reports(self.store, reports, self.pipeline, self.reject)
        done.rejected += poll.stored.rejected
        poll.stored = done
        self.seen.add(feed, [key for key, _item in new if key is not None])
        self.seen.save()
        return poll


def watch(
    watcher: Watcher,
    feeds: list[str],
    every: float,
    once: bool,
    show: Callable[[Poll], None],
    sleep: Callable[[float], None],
) -> list[Poll]:
    """Poll each feed in turn, then wait ``every`` seconds, until interrupted (KeyboardInterrupt
    is raised to the caller) or, with ``once``, after one round; the polls of the last round."""
    while True:
        polls = []
        for feed in dict.fromkeys(feeds):  # each feed once a round, in the order given
            poll = watcher.poll(feed)
            show(poll)
            polls.append(poll)
        if once:
            return polls
        sleep(every)
