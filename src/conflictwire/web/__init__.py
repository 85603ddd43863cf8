"""The map page: a map, timeline, filters, list and detail of the stored events.

Plain files under ``static/`` (``index.html``, ``app.js``, ``app.css``), served by the REST API
at ``/`` and ``/static`` (api/app.py). The JavaScript libraries (``static/vendor/``) and the
Natural Earth basemap (``static/basemap/``) are copied there at build time from the npm
registry (``make web``, pinned by ``web/package-lock.json``): the page loads nothing from
elsewhere, unless the server was given an online tile URL (``serve --tiles URL``).
"""

from __future__ import annotations

import html
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
TILES_META = '<meta name="cw-tiles" content="">'


def index_html(tiles: str | None = None) -> str:
    """The page, with the online tile URL (``{z}/{x}/{y}`` template) when one is given."""
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    if tiles:
        page = page.replace(TILES_META, f'<meta name="cw-tiles" content="{html.escape(tiles)}">')
    return page
