"""Map page speed, measured through a real browser: how soon the page is usable and how fast a
filter change redraws it, with a store of 50,000 generated events.

    python -m conflictwire.web.bench [--events 50000] [--rounds 3] [--loads 3] [--sqlite PATH]

The store is filled as the store bench fills it (``store.bench.generate`` + ``bulk_fill``),
served by ``conflictwire serve`` in a subprocess, and the page (``GET /``) opened in headless
Chromium (``web/headless.py``). Printed, against the targets (usable < 2 s, a filter redraw
< 300 ms):

* load: from navigation start to the page's first ``ready`` as the page measures it
  (``window.cwTimings`` "load") and as seen from outside (``goto`` to ``ready``), for the
  first load with a cold cache and for reloads;
* filter: each change (event type, country, date range, free text, each set and cleared) as the
  page measures it (``cwTimings`` "filter") and from outside (the input changed to ``ready``,
  which also holds the page's debounce of up to 150 ms); median and max of each kind.

At every step ``#map[data-events]`` must equal the API's total for the filters; a page that
never becomes ready, miscounts or logs console errors makes the exit code 1 (a missed target
does not: this prints numbers). Chromium and the browser share the machine's cores with the
server, as they would on a laptop running both.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from conflictwire.store.bench import Server, bulk_fill, generate, load
from conflictwire.web import headless

USABLE_MS = 2000.0
REDRAW_MS = 300.0
FIELD = "#filters [name={}]"
# (kind, what, filters after the change, the change); run in this order, `rounds` times
Step = tuple[str, str, dict[str, str], Callable[[Any], None]]


def _set(name: str, value: str) -> Callable[[Any], None]:
    def act(page: Any) -> None:
        if name == "type":
            page.select_option(FIELD.format(name), value)
        else:
            page.fill(FIELD.format(name), value)

    return act


STEPS: list[Step] = [
    ("type", "type = Battles", {"type": "Battles"}, _set("type", "Battles")),
    ("type", "type = all", {}, _set("type", "")),
    ("country", "country = Somalia", {"country": "Somalia"}, _set("country", "Somalia")),
    ("country", "country cleared", {}, _set("country", "")),
    ("dates", "since 2022-01-01", {"since": "2022-01-01"}, _set("since", "2022-01-01")),
    ("dates", "until 2022-06-30", {"since": "2022-01-01", "until": "2022-06-30"},
     _set("until", "2022-06-30")),
    ("dates", "since cleared", {"until": "2022-06-30"}, _set("since", "")),
    ("dates", "until cleared", {}, _set("until", "")),
    ("text", "q = drone", {"q": "drone"}, _set("q", "drone")),
    ("text", "q cleared", {}, _set("q", "")),
]  # fmt: skip


def _ms(xs: list[float]) -> str:
    if not xs:
        return "none"
    return f"median {statistics.median(xs):.0f} ms, max {max(xs):.0f} ms (n={len(xs)})"


def _verdict(xs: list[float], target: float) -> str:
    if not xs:
        return "NOT MEASURED"
    return "meets the target" if max(xs) < target else "MISSES the target"


class PageBroken(RuntimeError):
    """The page did not do what its contract says (so its numbers mean nothing)."""


def _check(page: Any, want: int, what: str) -> None:
    n = page.get_attribute("#map", "data-events")
    if n != str(want):
        raise PageBroken(f"{what}: #map[data-events] is {n!r}, the API counts {want}")


def _totals(base: str) -> dict[str, int]:
    out = {}
    with httpx.Client(base_url=base, timeout=120) as client:
        for _kind, _what, filters, _act in [("", "", {}, None), *STEPS]:
            key = repr(sorted(filters.items()))
            if key not in out:
                r = client.get("/events", params={**filters, "limit": 1})
                r.raise_for_status()
                out[key] = int(r.json()["total"])
        t0 = time.perf_counter()
        client.get("/events.points").raise_for_status()
        print(f"web: GET /events.points (every event) from outside: "
              f"{1000 * (time.perf_counter() - t0):.0f} ms", flush=True)  # fmt: skip
    return out


def measure(base: str, rounds: int, loads: int) -> dict[str, Any]:
    """Open the page and change filters in headless Chromium; the timings in ms."""
    totals = _totals(base)
    all_key = repr([])
    res: dict[str, Any] = {"load_page": [], "load_outside": [], "filters": {}}
    with headless.browser() as ctx:
        ctx.set_default_timeout(60_000)
        tab = headless.Watched(ctx.new_page(), base)
        page = tab.page
        for i in range(1 + loads):  # the first with a cold cache, then reloads
            t0 = time.perf_counter()
            if i == 0:
                page.goto(base + "/", wait_until="commit")
            else:
                page.reload(wait_until="commit")
            headless.wait_ready(page, 60_000)
            res["load_outside"].append(1000 * (time.perf_counter() - t0))
            got = headless.timings(page, "load")
            res["load_page"].append(got[-1] if got else float("nan"))
            _check(page, totals[all_key], "load")
        for _ in range(rounds):
            for kind, what, filters, act in STEPS:
                t0 = time.perf_counter()
                headless.change(page, lambda act=act: act(page), 60_000)
                outside = 1000 * (time.perf_counter() - t0)
                own = headless.timings(page, "filter")[-1]
                _check(page, totals[repr(sorted(filters.items()))], what)
                res["filters"].setdefault(kind, []).append((what, own, outside))
        res["problems"] = tab.problems
    res["events"] = totals[all_key]
    return res


def report(res: dict[str, Any]) -> None:
    page_load, outside_load = res["load_page"], res["load_outside"]
    print(f"web: page usable (navigation start to the first ready, the page's own timing): "
          f"first load {page_load[0]:.0f} ms (cold cache), reloads {_ms(page_load[1:])}; "
          f"{_verdict(page_load, USABLE_MS)} (< {USABLE_MS:.0f} ms)", flush=True)  # fmt: skip
    print(f"web: page usable from outside (goto to ready): first load {outside_load[0]:.0f} ms, "
          f"reloads {_ms(outside_load[1:])}; {_verdict(outside_load, USABLE_MS)}",
          flush=True)  # fmt: skip
    own_all: list[float] = []
    outside_all: list[float] = []
    for kind, rows in res["filters"].items():
        own = [r[1] for r in rows]
        outside = [r[2] for r in rows]
        own_all += own
        outside_all += outside
        worst = max(rows, key=lambda r: r[1])
        print(f"web: filter redraw, {kind}: page {_ms(own)}; from outside {_ms(outside)}; "
              f"slowest: {worst[0]}", flush=True)  # fmt: skip
    print(f"web: filter redraw, all changes: page {_ms(own_all)}, "
          f"{_verdict(own_all, REDRAW_MS)} (< {REDRAW_MS:.0f} ms); from outside (with the "
          f"debounce) {_ms(outside_all)}, {_verdict(outside_all, REDRAW_MS)}", flush=True)
    print("web: (typed filters, country and text, are timed from the keystroke: the page's own "
          "timing includes its debounce too)", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=50_000, help="Events in the store.")
    ap.add_argument("--rounds", type=int, default=3, help="Times through the filter changes.")
    ap.add_argument("--loads", type=int, default=3, help="Reloads after the first load.")
    ap.add_argument("--sqlite", help="Keep the store in this file (reused when full).")
    args = ap.parse_args(argv)
    try:
        headless.require()
    except headless.BrowserMissing as e:
        print(f"web bench: {e}", file=sys.stderr)
        return 2
    from playwright.sync_api import Error as PlaywrightError

    from conflictwire.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.sqlite) if args.sqlite else Path(tmp) / "web-bench.sqlite"
        url = f"sqlite:///{path.resolve()}"
        store = Store(url)
        if store.totals()["events"] >= args.events:
            print(f"web: reusing the store at {path}", flush=True)
        elif any(store.totals().values()):
            print(f"web bench: {path} holds another store; name a new file", file=sys.stderr)
            return 2
        else:
            got = bulk_fill(store, generate(args.events))
            print(f"web: {got['events']} events stored in {got['seconds']:.1f} s", flush=True)
        tot = store.totals()
        store.close()
        print(f"web: store of {tot['events']} events / {tot['incidents']} incidents; {load()}",
              flush=True)  # fmt: skip
        server = Server(url, Path(tmp) / "server.log", workers=1)
        try:
            server.wait()
            res = measure(server.base, args.rounds, args.loads)
        except (PageBroken, PlaywrightError) as e:  # not ready in time, a count off
            print(f"web bench: the page is broken: {str(e).splitlines()[0]}", file=sys.stderr)
            return 1
        finally:
            logged = server.stop()  # "the server logged no error" or a summary of its errors
            if logged != "the server logged no error":
                print(f"web bench: {logged}", file=sys.stderr)
    print(f"web: {res['events']} incidents on the map; {load()}", flush=True)
    report(res)
    for p in res["problems"][:10]:
        print(f"web bench: {p}", file=sys.stderr)
    return 1 if res["problems"] or logged != "the server logged no error" else 0


if __name__ == "__main__":
    sys.exit(main())
