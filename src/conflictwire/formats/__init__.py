"""News formats beyond plain text and JSON, each read by its own module into ``ingest.Sourced``
reports and ``ingest.Rejection`` items, like the readers of ``ingest``:

* ``html``: a web page (``.html``, ``.htm``) -> its main text, title, date, url and site, with
  trafilatura; a page with no article text is a rejection;
* ``feeds``: an RSS or Atom feed (``.xml``, ``.rss``, ``.atom``, or an ``http(s)://`` URL) -> one
  report an item, with feedparser; a feed that is garbage or down is one rejection;
* ``warc``: a web archive (``.warc``, ``.warc.gz``, the Common Crawl news format) -> one report an
  HTML response record, with warcio; a truncated archive keeps the records read before;
* ``folders``: a directory, read recursively in a stable order.

``kind(name)`` tells a file's format from its name; ``ingest.read_sourced`` dispatches on it.
"""

from __future__ import annotations

KINDS: tuple[tuple[str, str], ...] = (  # longest suffixes first
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".warc.gz", "warc"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".json", "json"),
    (".txt", "text"),
    (".html", "html"),
    (".htm", "html"),
    (".xml", "feed"),
    (".rss", "feed"),
    (".atom", "feed"),
    (".warc", "warc"),
)


def kind(name: str) -> str | None:
    """The format of a file named ``name`` (jsonl, json, text, html, feed, warc), or None when
    its name does not tell; an ``http(s)://`` URL is a feed."""
    if is_url(name):
        return "feed"
    low = name.lower()
    for suffix, k in KINDS:
        if low.endswith(suffix) and len(low) > len(suffix):
            return k
    return None


def is_url(name: str) -> bool:
    """Is ``name`` an http or https URL (read over the network) rather than a file?"""
    return name.lower().startswith(("http://", "https://"))
