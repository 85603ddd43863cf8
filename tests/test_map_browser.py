"""The map page (``GET /``) in a real browser: Debian's Chromium, headless, driven by Playwright,
against ``conflictwire serve`` on a small store made here.

Checked against the page's contract (README, "Map page"): no console errors, warnings or
requests outside the server; ``#map[data-events]`` and ``#count`` equal the API's total for the
filters; a filter changes both and goes into the URL, and the URL brings it back; an event
picked in ``#event-list`` (click, or Enter from the keyboard) opens ``#detail`` with its evidence
spans highlighted as the API gives them; Tab reaches the filters and the list. Writes
``docs/map.png`` for the README. Chromium and Playwright missing is a failure that says how to
install them (``make test`` does), never a skip.
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from conflictwire.model import Actor, Article, Event, Evidence, Place
from conflictwire.web import headless

# The README's screenshot: rewritten by `make screenshot` (CONFLICTWIRE_SCREENSHOT=docs/map.png);
# an ordinary run writes it under build/ (ignored by git), so a test run leaves the tree clean.
SCREENSHOT = Path(__file__).resolve().parents[1] / os.environ.get(
    "CONFLICTWIRE_SCREENSHOT", "build/map.png"
)
FILTER_NAMES = ["since", "until", "type", "actor", "country", "admin1", "q"]
TIMEOUT_MS = 15_000

# Hand-made reports, newer than the generated ones (so first in the list), each with one event
# whose evidence spans do not overlap: (text, date, type, sub-event type, place, evidence words)
REPORTS = [
    ("Gunmen attacked a police checkpoint in Baidoa on Tuesday, killing three officers.",
     date(2024, 3, 12), "Battles", "Armed clash",
     ("Baidoa", "Somalia", "SOM", "Bay", 3.11, 43.65),
     {"trigger": "attacked", "location": "Baidoa", "fatalities": "killing three officers"}),
    ("Hundreds of students marched through Maiduguri on Friday against school closures.",
     date(2024, 3, 8), "Protests", "Peaceful protest",
     ("Maiduguri", "Nigeria", "NGA", "Borno", 11.85, 13.16),
     {"actor1": "students", "trigger": "marched", "location": "Maiduguri"}),
    ("A drone strike hit a convoy near Tal Afar on Sunday, the army said.",
     date(2024, 3, 3), "Explosions/Remote violence", "Air/drone strike",
     ("Tal Afar", "Iraq", "IRQ", "Ninewa", 36.37, 42.45),
     {"trigger": "drone strike", "location": "Tal Afar"}),
]  # fmt: skip


def _handmade() -> list[tuple[Article, list[Event]]]:
    out = []
    for i, (text, day, etype, sub, (name, country, iso3, a1, lat, lon), words) in enumerate(
        REPORTS
    ):
        evidence = {}
        for fld, w in words.items():
            start = text.index(w)
            evidence[fld] = Evidence(w, start, start + len(w))
        ev = Event(
            article_id=f"h{i}", event_date=day, time_precision=1,
            disorder_type="Demonstrations" if etype == "Protests" else "Political violence",
            event_type=etype, sub_event_type=sub, actor1=Actor(f"Unidentified ({country})", 3),
            place=Place(name=name, country=country, iso3=iso3, admin1=a1, latitude=lat,
                        longitude=lon, geo_precision=1),
            source="Test Wire", notes=text, fatalities=3 if "killing" in text else 0,
            confidence=0.9, evidence=evidence,
        )  # fmt: skip
        out.append((Article(text=text, id=f"h{i}", published=day, source="Test Wire"), [ev]))
    return out


@pytest.fixture(scope="module")
def ctx():
    """Headless Chromium (fails, saying how to install it, when it is not installed)."""
    try:
        headless.require()
    except headless.BrowserMissing as e:
        pytest.fail(f"the browser tests need Chromium and Playwright: {e}", pytrace=False)
    with headless.browser() as c:
        c.set_default_timeout(TIMEOUT_MS)
        yield c


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """``conflictwire serve`` on a store of ~600 generated events and the hand-made ones."""
    from conflictwire.store import Store
    from conflictwire.store.bench import Server, bulk_fill, generate

    tmp = tmp_path_factory.mktemp("map")
    url = f"sqlite:///{tmp / 'store.sqlite'}"
    store = Store(url)
    bulk_fill(store, generate(600, seed=14) + _handmade())
    store.close()
    server = Server(url, tmp / "server.log", workers=1)
    try:
        server.wait(60)
        yield server.base
    finally:
        logged = server.stop()
    assert logged == "the server logged no error", logged


def api_total(base: str, **filters: str) -> int:
    r = httpx.get(base + "/events", params={**filters, "limit": 1})
    r.raise_for_status()
    return int(r.json()["total"])


def open_page(ctx: Any, base: str, query: str = "") -> headless.Watched:
    tab = headless.Watched(ctx.new_page(), base)
    tab.page.goto(f"{base}/{query}")
    headless.wait_ready(tab.page, TIMEOUT_MS)
    # the basemap loads beside the events: its errors too must have arrived before they are checked
    tab.page.wait_for_load_state("networkidle")
    return tab


def shown(page: Any) -> tuple[int, int | None]:
    """(``#map[data-events]``, the number in ``#count``)."""
    n = page.get_attribute("#map", "data-events")
    assert n is not None and n.isdigit(), f"#map has no data-events count ({n!r})"
    return int(n), headless.count_text(page.text_content("#count") or "")


def test_page_loads_with_every_event_and_no_console_error(ctx, site):
    tab = open_page(ctx, site)
    page = tab.page
    total = api_total(site)
    assert total > 100
    assert shown(page) == (total, total)
    assert page.locator("#timeline").locator("*").count() > 0, "the timeline is empty"
    items = page.locator("#event-list > li[data-id]")
    assert items.count() == min(total, 200)
    assert items.first.get_attribute("data-id") == _newest(site)[0]
    assert page.locator("#event-list > li[data-id] button").count() == items.count()
    assert page.locator("#detail").is_hidden()
    for fmt in ("csv", "geojson"):
        assert urlsplit(page.get_attribute(f"#download-{fmt}", "href") or "").path == (
            f"/events.{fmt}"
        )
    assert not tab.problems
    tab.page.close()


def test_filters_change_map_count_and_url(ctx, site):
    tab = open_page(ctx, site)
    page = tab.page
    form = "#filters [name={}]"
    headless.change(page, lambda: page.select_option(form.format("type"), "Protests"))
    protests = api_total(site, type="Protests")
    assert 0 < protests < api_total(site)
    assert shown(page) == (protests, protests)
    headless.change(page, lambda: page.fill(form.format("country"), "Somalia"))
    both = api_total(site, type="Protests", country="Somalia")
    assert 0 < both < protests
    assert shown(page) == (both, both)
    assert page.locator("#event-list > li[data-id]").count() == min(both, 200)
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("type") == ["Protests"] and query.get("country") == ["Somalia"], page.url
    for fmt in ("csv", "geojson"):
        href = urlsplit(page.get_attribute(f"#download-{fmt}", "href") or "")
        got = parse_qs(href.query)
        assert href.path == f"/events.{fmt}"
        assert got.get("type") == ["Protests"] and got.get("country") == ["Somalia"], href
    shared = "?" + urlsplit(page.url).query
    assert not tab.problems
    page.close()

    again = open_page(ctx, site, shared)  # a shared link shows the same view
    assert again.page.input_value(form.format("type")) == "Protests"
    assert again.page.input_value(form.format("country")) == "Somalia"
    assert shown(again.page) == (both, both)
    headless.change(again.page, lambda: again.page.fill(form.format("since"), "2022-01-01"))
    since = api_total(site, type="Protests", country="Somalia", since="2022-01-01")
    assert 0 < since < both
    assert shown(again.page) == (since, since)
    assert parse_qs(urlsplit(again.page.url).query).get("since") == ["2022-01-01"]
    assert not again.problems
    again.page.close()


def _newest(base: str) -> list[str]:
    """The ids of the hand-made incidents (the newest), newest first."""
    r = httpx.get(base + "/events", params={"limit": len(REPORTS), "sort": "-event_date"})
    return [it["id"] for it in r.json()["items"]]


def _evidence(base: str, incident_id: str) -> set[tuple[str, str]]:
    """(field, text) of every evidence span the API gives for an incident."""
    inc = httpx.get(f"{base}/events/{incident_id}").json()
    return {(f, sp["text"]) for e in inc["events"] for f, sp in (e.get("evidence") or {}).items()}


def _detail_marks(page: Any, words: str) -> set[tuple[str, str]]:
    """The highlighted spans of ``#detail`` once it shows the report containing ``words``."""
    detail = page.locator("#detail")
    detail.wait_for(state="visible")
    page.wait_for_function(
        "w => (document.querySelector('#detail .report-text') || {}).textContent?.includes(w)",
        arg=words,
    )
    marks = detail.locator(".report-text mark.evidence")
    return {
        (marks.nth(i).get_attribute("data-field") or "", marks.nth(i).inner_text())
        for i in range(marks.count())
    }


def test_selecting_an_event_shows_its_highlighted_evidence(ctx, site):
    tab = open_page(ctx, site)
    page = tab.page
    first, second = _newest(site)[:2]
    want = _evidence(site, first)
    assert ("location", "Baidoa") in want  # the store holds what the test made
    page.click(f"#event-list > li[data-id='{first}'] button")
    got = _detail_marks(page, "Baidoa")
    assert got, "no mark.evidence in #detail"
    assert got <= want, f"highlighted {sorted(got - want)}, not evidence of {first}"
    assert got & want
    detail = page.text_content("#detail") or ""
    for shown_value in ("Somalia", "Bay", "Test Wire", "Battles", "Armed clash"):
        assert shown_value in detail
    assert re.search(r"geo[ _-]?precision", detail, re.I)
    assert re.search(r"time[ _-]?precision", detail, re.I)

    want = _evidence(site, second)  # from the keyboard: Enter on a focused list item
    page.focus(f"#event-list > li[data-id='{second}'] button")
    page.keyboard.press("Enter")
    got = _detail_marks(page, "Maiduguri")
    assert got and got <= want, f"highlighted {sorted(got)}, evidence is {sorted(want)}"
    assert ("trigger", "marched") in got

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))  # the viewport: 1280 x 800
    assert SCREENSHOT.stat().st_size > 10_000
    assert not tab.problems
    page.close()


def test_clicking_an_event_on_the_map_shows_its_highlighted_evidence(ctx, site):
    """A shared view of one event (``?q=maiduguri``): the map fits it, draws its point, and a
    click on the point opens the same detail as the list does."""
    tab = open_page(ctx, site, "?q=maiduguri")
    page = tab.page
    assert shown(page) == (1, 1) == (api_total(site, q="maiduguri"),) * 2
    incident = httpx.get(site + "/events", params={"q": "maiduguri"}).json()["items"][0]["id"]
    point = page.locator("#map path.cw-point")
    assert point.count() == 1, "the one event is not drawn as a point on the map"
    point.first.click()
    got = _detail_marks(page, "Maiduguri")
    want = _evidence(site, incident)
    assert got and got <= want and ("trigger", "marched") in got
    assert not tab.problems
    page.close()


FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  if (el.closest('#filters')) return 'filter:' + (el.getAttribute('name') || el.tagName);
  if (el.closest('#event-list')) return 'list:' + el.tagName;
  return el.tagName;
}"""


def test_tab_reaches_the_filters_and_the_list(ctx, site):
    tab = open_page(ctx, site)
    page = tab.page
    want = {f"filter:{n}" for n in FILTER_NAMES} | {"list:BUTTON"}
    reached: set[str] = set()
    for _ in range(400):  # markers may be tab stops too
        page.keyboard.press("Tab")
        now = page.evaluate(FOCUSED_JS)
        reached.add(now)
        if want <= reached and now == "list:BUTTON":
            break
    assert want <= reached, f"Tab never reached {sorted(want - reached)}"
    page.keyboard.press("Enter")  # on a list item: opens its detail
    page.locator("#detail").wait_for(state="visible")
    assert not tab.problems
    page.close()
