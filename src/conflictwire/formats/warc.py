"""Web archives -> reports: each HTML page of a WARC / WARC.gz file (the Common Crawl news format),
read with warcio and trafilatura (``formats.html.page_article``).

Only ``response`` records of an HTTP 200 with an HTML payload are reports; requests, metadata,
redirects, images and the like are passed over. A report's url is the record's
``WARC-Target-URI``; its publication date the page's own, else the record's ``WARC-Date`` (when it
was fetched), else the ``published`` given; its id ``<file stem>:<record number>``. Records are
numbered from 1 in the file, all types counted, and rejections name them ("record 7 (URL): ...").

An archive is read record by record, each payload at most ``html.page_cap`` bytes, so a large
archive costs the memory of one page. A truncated or damaged archive keeps the records read before
the damage and ends with one rejection naming the record where reading stopped.
"""

from __future__ import annotations

import gzip
import logging
import os
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from conflictwire.formats.html import page_article, page_cap
from conflictwire.ingest import InputError, Rejection, Sourced, _mb, parse_published, unreadable

logging.getLogger("warcio").addHandler(logging.NullHandler())  # its warnings: ours to say
logging.getLogger("warcio").propagate = False
_TRAILER = 4  # the blank lines after an uncompressed record, not counted in its length
_CHUNK = 1 << 16


def read_warc(
    path: Path, name: str, published: date | None, source: str | None, max_bytes: int
) -> Iterator[Sourced | Rejection]:
    """Each HTML response of the archive as a report or a rejection (see the module's doc)."""
    stem = _stem(path)
    cap = page_cap(max_bytes)
    n = 0
    try:
        fh = path.open("rb")
    except OSError as e:
        yield Rejection(name, None, unreadable(e))
        return
    with fh:
        if not _starts_as_warc(fh):
            yield Rejection(name, None, "record 1: not a WARC archive (it does not start with "
                            "'WARC/')")  # fmt: skip
            return
        records = _Archive(fh)
        while True:
            at = n + 1
            try:
                record = next(records, None)
                if record is None:
                    break
                n = at
                page = _page(record, cap)
            except Exception as e:  # noqa: BLE001 - warcio's errors on damaged data are many
                yield Rejection(name, None, f"record {at}: cannot read the archive ({_why(e)}): "
                                "the rest of the file is not read")  # fmt: skip
                return
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            where = f"record {n}" + (f" ({uri})" if uri else "")
            if isinstance(page, str):  # why this record cannot be read
                yield Rejection(name, None, f"{where}: {page}")
                if page.startswith("truncated"):
                    return
                continue
            if page is None:
                continue
            try:
                fetched = parse_published(record.rec_headers.get_header("WARC-Date"))
            except InputError:
                fetched = None
            try:
                article = page_article(page, f"{stem}:{n}", url=uri or None,
                                       published=fetched or published, source=source,
                                       max_bytes=max_bytes)  # fmt: skip
            except InputError as e:
                yield Rejection(name, None, f"{where}: {e}")
                continue
            if uri:
                article.url = uri
            yield Sourced(article, name, None, n, "record")
        end = records.get_record_offset() + records.get_record_length() if n else 0
        size = os.fstat(fh.fileno()).st_size
        if size - end > _TRAILER:  # bytes left that hold no readable record
            yield Rejection(name, None, f"record {n + 1}: truncated or damaged archive (the last "
                            f"{size - end:,} bytes hold no readable record)")  # fmt: skip


class _Archive(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, without the warning it writes to stderr itself on a record whose
    length is wrong (the rejection names the record instead)."""

    INC_RECORD = ""


def _starts_as_warc(fh: Any) -> bool:
    """Does the file (gzipped or not) start with a WARC record's ``WARC/`` version line?"""
    try:
        head = fh.read(2)
        fh.seek(0)
        if head == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=fh) as gz:
                head = gz.read(5)
        else:
            head = fh.read(5)
    except (OSError, EOFError, zlib.error):
        head = b""
    fh.seek(0)
    return head == b"WARC/"


def _page(record: Any, cap: int) -> bytes | str | None:
    """The record's HTML page (bytes), None when it holds none, or why it cannot be read (a
    string: truncated, too large)."""
    html = record.rec_type == "response" and _is_html(record)
    if html:
        payload = record.content_stream().read(cap + 1)
        if len(payload) > cap:
            _drain(record)
            return f"page is too large: over the {_mb(cap)} limit"
    _drain(record)
    if record.raw_stream.limit:
        return f"truncated: {record.raw_stream.limit:,} bytes of the record are missing"
    return payload if html else None


def _is_html(record: Any) -> bool:
    http = record.http_headers
    if http is None or not (http.get_statuscode() or "").startswith("2"):
        return False
    return "html" in (http.get_header("Content-Type") or "").lower()


def _drain(record: Any) -> None:
    while record.raw_stream.read(_CHUNK):
        pass


def _why(e: Exception) -> str:
    """One short line; the bytes of a damaged record warcio quotes are left out."""
    text = str(e).split(", first line:")[0]
    text = " ".join("".join(c if c.isascii() and c.isprintable() else " " for c in text).split())
    text = text[:200]
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".warc.gz", ".warc"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name
