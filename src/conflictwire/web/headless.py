"""Headless Chromium for the map page's browser tests and speed bench.

Debian's ``chromium`` (``scripts/ensure-chromium`` installs it; ``$CONFLICTWIRE_CHROMIUM`` names
another binary) driven by Playwright's sync API, never a browser Playwright downloads. The
flags keep Chromium from reaching out on a machine without network (it would otherwise try
component updates, sync and field trials in the background) and each run gets a fresh profile.

The page's readiness contract (docs in README): ``document.body.dataset.state`` is ``"ready"``
once map, timeline, list and count show the current filters, and ``window.cwTimings`` collects
``{what: "load" | "filter", ms}`` entries; :func:`wait_ready` and :func:`change` wait on those,
never on fixed sleeps.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

ENV_CHROMIUM = "CONFLICTWIRE_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
VIEWPORT = {"width": 1280, "height": 800}
HOW_TO_INSTALL = (
    "`make test` installs it (scripts/ensure-chromium, as root: apt-get install chromium); "
    "or run `apt-get install chromium` as root, or name a Chromium binary in $" + ENV_CHROMIUM
)
READY_JS = "() => !!document.body && document.body.dataset.state === 'ready'"
FILTERS_DONE_JS = """n => !!document.body && document.body.dataset.state === 'ready'
    && (window.cwTimings || []).filter(t => t.what === 'filter').length > n"""
FILTER_COUNT_JS = "() => (window.cwTimings || []).filter(t => t.what === 'filter').length"


class BrowserMissing(RuntimeError):
    """Chromium or the Playwright package is not installed; the message says how to get it."""


def chromium_path() -> str:
    """The Chromium binary: ``$CONFLICTWIRE_CHROMIUM``, else Debian's ``/usr/bin/chromium``."""
    wanted = os.environ.get(ENV_CHROMIUM)
    for exe in (wanted, DEFAULT_CHROMIUM, shutil.which("chromium")):
        if exe and os.path.isfile(exe) and os.access(exe, os.X_OK):
            return exe
        if exe and exe == wanted:
            raise BrowserMissing(f"${ENV_CHROMIUM}={wanted} is not an executable file")
    raise BrowserMissing(f"Chromium was not found at {DEFAULT_CHROMIUM}: {HOW_TO_INSTALL}")


def require() -> str:
    """The Chromium binary, once Chromium and Playwright are both known to be installed."""
    exe = chromium_path()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise BrowserMissing(
            "the Python package playwright is not installed: `pip install -e '.[dev]'` "
            "(`make install` does it)"
        ) from None
    return exe


@contextmanager
def browser(viewport: dict[str, int] | None = None) -> Iterator[Any]:
    """A Playwright ``BrowserContext`` of headless Chromium with a fresh temporary profile;
    :class:`BrowserMissing` when Chromium or Playwright is not installed."""
    exe = require()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cw-chromium-") as profile, sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            profile, executable_path=exe, headless=True, args=ARGS,
            viewport=viewport or VIEWPORT, locale="en-US", timezone_id="UTC",
        )  # fmt: skip
        try:
            yield ctx
        finally:
            ctx.close()


class Watched:
    """A page and what went wrong on it: console errors and warnings, uncaught exceptions and
    requests that left the server's origin (the page must work offline)."""

    def __init__(self, page: Any, base: str) -> None:
        self.page = page
        self.problems: list[str] = []
        origin = urlsplit(base)
        self._origin = (origin.scheme, origin.netloc)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        page.on("request", self._request)

    def _console(self, msg: Any) -> None:
        if msg.type in ("error", "warning"):
            loc = msg.location or {}
            where = f" ({loc.get('url', '')}:{loc.get('lineNumber', '')})" if loc else ""
            self.problems.append(f"console {msg.type}: {msg.text}{where}")

    def _request(self, req: Any) -> None:
        u = urlsplit(req.url)
        if u.scheme in ("http", "https", "ws", "wss") and (
            u.scheme.replace("ws", "http"), u.netloc
        ) != self._origin:
            self.problems.append(f"request outside the server's origin: {req.url}")


def wait_ready(page: Any, timeout_ms: float = 30_000) -> None:
    """Wait until the page says it shows its current filters (``body[data-state=ready]``)."""
    page.wait_for_function(READY_JS, timeout=timeout_ms)


def change(page: Any, action: Callable[[], None], timeout_ms: float = 30_000) -> None:
    """Do ``action`` (a filter change) and wait until the page has redrawn for it: one more
    ``"filter"`` entry in ``window.cwTimings`` and the page ready."""
    before = page.evaluate(FILTER_COUNT_JS)
    action()
    page.wait_for_function(FILTERS_DONE_JS, arg=before, timeout=timeout_ms)


def timings(page: Any, what: str) -> list[float]:
    """The page's own ``window.cwTimings`` entries of one kind, in milliseconds."""
    return [
        float(t["ms"])
        for t in page.evaluate("() => window.cwTimings || []")
        if t.get("what") == what
    ]


def count_text(text: str) -> int | None:
    """The number in ``#count`` ("12,345 events" -> 12345), None when there is none."""
    import re

    m = re.search(r"\d[\d,\u00a0\u202f]*", text)
    return int(re.sub(r"\D", "", m.group())) if m else None
