"""RSS and Atom feeds -> reports, one an item, with feedparser; from a file or an http(s) URL.

Each item becomes an Article: its content (else its summary; HTML turned into text with its
paragraphs kept) as the text, its title, its link as the url, its publication (else update) date,
the feed's title as the source, and its guid (else its link) as the id. An item with neither
content nor summary is its title. A feed is read whole but bounded (``ingest.line_cap``): a URL
is fetched with a time limit and at most that many bytes.

A feed that cannot be fetched, is too large, or is no feed at all (garbage, an HTML page) is one
Rejection naming it; an item that cannot be used (empty, not English, a date that cannot be read)
is a Rejection naming the feed and the item's number. ``feed_items`` also gives each item's key
(guid, else link, else a hash of its title and summary) for ``watch`` to remember.
"""

from __future__ import annotations

import hashlib
import html
import http.client
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from conflictwire.bounds import encodable
from conflictwire.formats import is_url
from conflictwire.ingest import (
    InputError,
    Rejection,
    Sourced,
    _mb,
    check_text,
    line_cap,
    parse_published,
    unreadable,
)
from conflictwire.model import Article

TIMEOUT = 20.0  # seconds to connect, and between bytes, when fetching a feed
USER_AGENT = "conflictwire feed reader"


class FeedError(Exception):
    """A feed that cannot be read at all; the message says why."""


def fetch(where: str, max_bytes: int, timeout: float = TIMEOUT) -> tuple[bytes, dict[str, str]]:
    """The feed's bytes (a file, or a URL fetched) and the response headers feedparser uses."""
    cap = line_cap(max_bytes)
    if not is_url(where):
        try:
            with open(where, "rb") as fh:
                raw = fh.read(cap + 1)
        except OSError as e:
            raise FeedError(unreadable(e)) from None
        if len(raw) > cap:
            raise FeedError(f"feed is too large: over the {_mb(cap)} limit")
        return raw, {}
    request = urllib.request.Request(where, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 - http(s) only
            raw = resp.read(cap + 1)
            headers = {"content-location": resp.geturl() or where}
            if resp.headers.get("Content-Type"):
                headers["content-type"] = resp.headers["Content-Type"]
    except urllib.error.HTTPError as e:
        raise FeedError(f"cannot fetch the feed: HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        raise FeedError(f"cannot fetch the feed: {e.reason}") from None
    except (OSError, http.client.HTTPException, ValueError) as e:
        raise FeedError(f"cannot fetch the feed: {type(e).__name__}: {e}") from None
    if len(raw) > cap:
        raise FeedError(f"feed is too large: over the {_mb(cap)} limit")
    return raw, headers


def feed_items(
    where: str,
    name: str,
    published: date | None,
    source: str | None,
    max_bytes: int,
    timeout: float = TIMEOUT,
) -> Iterator[tuple[str | None, Sourced | Rejection]]:
    """(key, report or rejection) for each item of the feed at ``where``; a feed that cannot be
    read at all is one ``(None, Rejection)``."""
    import feedparser

    try:
        raw, headers = fetch(where, max_bytes, timeout)
        try:
            parsed = feedparser.parse(raw, response_headers=headers, sanitize_html=True)
        except Exception as e:  # noqa: BLE001 - feedparser fails on some damaged feeds
            raise FeedError(f"not an RSS or Atom feed ({_exception(e)})") from None
        if not parsed.get("version") and not parsed.entries:
            raise FeedError(f"not an RSS or Atom feed{_why(parsed)}")
    except FeedError as e:
        yield None, Rejection(name, None, str(e))
        return
    stem = _stem(where)
    feed_title = _plain(parsed.feed.get("title_detail")) or None
    for i, entry in enumerate(parsed.entries, start=1):
        key = entry.get("id") or entry.get("link") or _hash(entry)
        try:
            article = _article(entry, key, published, feed_title or source, max_bytes)
        except InputError as e:
            yield key, Rejection(name, None, f"item {i}: {e}")
            continue
        except Exception as e:  # noqa: BLE001 - an item no library reads: that item only
            yield key, Rejection(name, None, f"item {i}: cannot be read ({_exception(e)})")
            continue
        if not article.id:
            article.id = f"{stem}:{i}"
        yield key, Sourced(article, name, None, i)


def read_feed(
    where: str, name: str, published: date | None, source: str | None, max_bytes: int
) -> Iterator[Sourced | Rejection]:
    """The feed's reports and rejections (``feed_items`` without the keys)."""
    for _key, item in feed_items(where, name, published, source, max_bytes):
        yield item


def _why(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    if exc is None:
        return ""
    text = " ".join(str(exc).split())[:200]
    return f" ({text})" if text else f" ({type(exc).__name__})"


def _exception(e: BaseException) -> str:
    text = " ".join(str(e).split())[:200]
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def _hash(entry: Any) -> str:
    seed = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "sha1:" + hashlib.sha1(seed.encode("utf-8", "surrogatepass")).hexdigest()


def _article(
    entry: Any, key: str, published: date | None, source: str | None, max_bytes: int
) -> Article:
    title = _plain(entry.get("title_detail"))
    bodies = [_plain(c) for c in entry.get("content") or []]
    text = max(bodies, key=len, default="") or _plain(entry.get("summary_detail"))
    if not text.strip():
        text = title
    check_text(text, max_bytes)
    link = entry.get("link") or None
    return Article(
        text=encodable(text),
        id=encodable(entry.get("id") or link or ""),
        published=_published(entry) or published,
        source=encodable(source) if source else None,
        url=encodable(link) if link else None,
        title=encodable(title) if title.strip() else None,
    )


def _published(entry: Any) -> date | None:
    """The item's publication (else update) date: its text as written, else feedparser's
    reading of it; a date that neither can read is an InputError naming it."""
    for field in ("published", "updated", "created"):
        written = entry.get(field)
        if not written:
            continue
        try:
            return parse_published(written)
        except InputError:
            parsed = entry.get(f"{field}_parsed")
            if parsed is None:
                raise
            return parse_published(date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday))
    return None


def _plain(detail: Any) -> str:
    """The text of a feedparser text construct (``title_detail``, ``content[i]``...): HTML
    turned into text with its paragraphs kept, plain text as it is."""
    if not detail:
        return ""
    value = detail.get("value") or ""
    if "html" not in (detail.get("type") or ""):
        return value.strip()
    if "<" not in value:
        return html.unescape(value).strip()
    return _html_text(value)


def _html_text(fragment: str) -> str:
    import trafilatura

    text = trafilatura.extract(fragment, include_comments=False, favor_recall=True)
    if text:
        return text.strip()
    import lxml.etree
    import lxml.html

    try:
        return " ".join(lxml.html.fromstring(fragment).text_content().split())
    except (ValueError, lxml.etree.ParserError):
        return ""


def _stem(where: str) -> str:
    if is_url(where):
        return where.rstrip("/").rsplit("/", 1)[-1] or where
    name = Path(where).name
    for suffix in (".xml", ".rss", ".atom"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name
