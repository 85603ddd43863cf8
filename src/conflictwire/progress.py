"""A progress bar on stderr for long runs: reports done, reports/s and, when the total is known,
a bar and the time left (else a spinner with the count).

It is drawn only on a terminal and never with ``quiet``: piped or redirected output and logs get
no bar (and no control characters). ``rich`` draws it; what is printed on the same console while
it runs (rejections) appears above it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text


def _rate(task: Task) -> float | None:
    """Reports a second since the start (reports come in bursts, a batch at a time: a recent
    window would swing)."""
    elapsed = task.elapsed
    if not elapsed or not task.completed:
        return None
    return task.completed / elapsed


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        rate = _rate(task)
        shown = "-" if rate is None else f"{rate:,.1f}"
        return Text(f"{shown} reports/s", style="progress.data.speed")


class _Eta(ProgressColumn):
    """Time left at the rate so far, when the total is known."""

    def render(self, task: Task) -> Text:
        rate = _rate(task)
        if task.total is None:
            return Text("")
        if rate is None:
            return Text("ETA -:--:--", style="progress.remaining")
        left = int(max(task.total - task.completed, 0) / rate)
        return Text(f"ETA {left // 3600}:{left // 60 % 60:02d}:{left % 60:02d}",
                    style="progress.remaining")  # fmt: skip


class _Count(ProgressColumn):
    """``done/total`` when the total is known, else ``done``."""

    def render(self, task: Task) -> Text:
        if task.total is None:
            return Text(f"{int(task.completed):,} reports", style="progress.download")
        return MofNCompleteColumn().render(task)


class Bar:
    """What a run reports to its bar; does nothing when no bar is drawn."""

    def __init__(self, progress: Progress | None, task: int | None) -> None:
        self._progress, self._task = progress, task

    @property
    def shown(self) -> bool:
        return self._progress is not None

    def advance(self, n: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, n)

    def total(self, n: int | None) -> None:
        """Set the total once it is known (a bar and ETA appear)."""
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, total=n)


def shown(console: Console | None = None, quiet: bool = False) -> bool:
    """Would a bar be drawn on ``console`` (default: stderr)?"""
    return not quiet and (console or Console(stderr=True)).is_terminal


@contextmanager
def progress(
    description: str,
    total: int | None = None,
    quiet: bool = False,
    console: Console | None = None,
) -> Iterator[Bar]:
    """A bar for the ``with`` block on ``console`` (default: stderr), drawn only when the console
    is a terminal and not ``quiet``; ``bar.advance(n)`` as reports are done."""
    console = console or Console(stderr=True)
    if quiet or not console.is_terminal:
        yield Bar(None, None)
        return
    columns = (
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        _Count(),
        _Rate(),
        TimeElapsedColumn(),
        _Eta(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(description, total=total)
        yield Bar(bar, task)
