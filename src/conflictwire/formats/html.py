"""Web pages -> reports: the main text, title, publication date, url and site of a page, with
trafilatura (offline: it reads the page given, nothing else).

``page_article`` reads one page (bytes or text) and is also used for the pages of WARC archives;
``read_html`` reads a ``.html`` / ``.htm`` file. Boilerplate (navigation, cookie notices, footers,
lists of links) is left out (trafilatura's ``favor_precision``), so a page that holds no article
is an InputError ("no article text"), never a report made of menus; so is a page whose main text
has fewer than ``MIN_WORDS`` words (what trafilatura keeps of a page with no article). A headline
that starts the text is left out of it (it is the title, as in feeds and JSONL). The page's own
date (its metadata, or the date htmldate finds in it) comes first, then the ``published`` given.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from conflictwire.bounds import encodable
from conflictwire.ingest import (
    InputError,
    Rejection,
    Sourced,
    check_bytes,
    check_size,
    check_text,
    line_cap,
    parse_published,
    unreadable,
)
from conflictwire.model import Article

NO_ARTICLE = "no article text in the page (only navigation, links or boilerplate)"
MIN_WORDS = 12  # fewer is a menu, a notice or a caption that trafilatura's fallback kept
for _name in ("trafilatura", "htmldate", "courlan", "justext"):  # their warnings are ours to say
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


def page_cap(max_bytes: int) -> int:
    """The largest page read (bytes of HTML): a report of ``max_bytes`` with its markup."""
    return line_cap(max_bytes)


def page_article(
    page: bytes | str,
    art_id: str,
    *,
    url: str | None = None,
    published: date | None = None,
    source: str | None = None,
    max_bytes: int,
) -> Article:
    """The article of one HTML page; ``url``, ``published`` and ``source`` apply when the page
    names none. Raises InputError when the page holds no usable article."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            page, url=url, with_metadata=True, favor_precision=True, include_comments=False
        )
    except Exception as e:  # noqa: BLE001 - a page the library cannot read: that page only
        text = " ".join(str(e).split())[:200]
        raise InputError(f"cannot read the page ({type(e).__name__}: {text})") from None
    text = (doc.text or "") if doc is not None else ""
    if len(text.split()) < MIN_WORDS:
        raise InputError(NO_ARTICLE)
    text = _without_headline(text, doc.title)
    check_text(text, max_bytes)
    try:
        own = parse_published(doc.date)
    except InputError:  # a date htmldate found but outside the years allowed: not the page's
        own = None

    def meta(value: str | None) -> str | None:
        return encodable(value).replace("\x00", "\ufffd") if value and value.strip() else None

    return Article(
        text=encodable(text),
        id=art_id,
        published=own or published,
        source=meta(doc.sitename) or meta(doc.hostname) or source,
        url=meta(doc.url) or url,
        title=meta(doc.title),
    )


def _without_headline(text: str, title: str | None) -> str:
    """The text without its first line when that line is the title (trafilatura keeps a page's
    ``<h1>``): as in feeds and JSONL, the headline is the report's title, not its text."""
    first, _, rest = text.partition("\n")
    if title and rest.strip() and " ".join(first.split()) == " ".join(title.split()):
        return rest.lstrip("\n")
    return text


def read_html(
    path: Path, name: str, published: date | None, source: str | None, max_bytes: int
) -> Iterator[Sourced | Rejection]:
    """A ``.html`` file: one report (id: the file's stem), or one rejection naming the file."""
    try:
        check_size(path.stat().st_size, page_cap(max_bytes))
        raw = path.read_bytes()
        check_bytes(raw)
        article = page_article(raw, _stem(path), published=published, source=source,
                               max_bytes=max_bytes)  # fmt: skip
    except InputError as e:
        yield Rejection(name, None, str(e))
        return
    except OSError as e:
        yield Rejection(name, None, unreadable(e))
        return
    yield Sourced(article, name)


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".html", ".htm"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name
