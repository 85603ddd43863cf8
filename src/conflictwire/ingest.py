"""Input readers: text files, JSON, JSONL (optionally gzipped), standard input, and through
``formats`` HTML pages, RSS/Atom feeds (files or URLs), WARC archives and directories -> Articles.

``read_inputs`` yields an :class:`~conflictwire.model.Article` for every usable report and a
:class:`Rejection` (input, line, reason) for every unusable one; a bad report never stops the
others. ``read_sourced`` does the same with each Article's input and line (:class:`Sourced`), so
that a report that fails later can be named. Nothing here prints: the caller decides what to show.

Inputs are bounded before they are decoded: a JSONL line (or a gzip member's line) is read at most
``line_cap(max_bytes)`` bytes at a time, so a huge line or a gzip bomb costs no more memory than
that; JSON numbers too long for Python's int and nesting too deep to parse are rejections; a
publication date must be in ``bounds.MIN_YEAR``..``bounds.MAX_YEAR``; lone surrogates (from
``"\\ud800"`` escapes), which nothing can encode, become U+FFFD one for one.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import IO, Any

from conflictwire.bounds import encodable
from conflictwire.formats import is_url, kind
from conflictwire.formats.folders import FolderError, walk
from conflictwire.model import Article
from conflictwire.resources import load_yaml

DEFAULT_MAX_BYTES = 5_000_000  # largest report accepted, in bytes of UTF-8 text
STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


@dataclass(frozen=True)
class Rejection:
    """An input (or one line of it) that could not be read as a report, and why."""

    input: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = self.input if self.line is None else f"{self.input}:{self.line}"
        return f"{where}: {self.reason}"


class InputError(ValueError):
    """A report that cannot be used; the message says why."""


def unreadable(exc: OSError) -> str:
    """Why a file cannot be read: gone since it was named or listed, or refused by the system."""
    if isinstance(exc, FileNotFoundError):
        return "no such file (it was removed before it could be read)"
    return f"cannot read the file: {exc.strerror or exc}"


@dataclass(frozen=True)
class Sourced:
    """A usable report and where it came from: its input, line (JSONL) or item (a JSON array's
    or a feed's item, a WARC archive's record: ``kind`` names which)."""

    article: Article
    input: str
    line: int | None = None
    item: int | None = None
    kind: str = "item"

    def rejection(self, reason: str) -> Rejection:
        """This report rejected (after it was read) for ``reason``."""
        return Rejection(self.input, self.line, reason if self.item is None else
                         f"{self.kind} {self.item}: {reason}")  # fmt: skip


# --------------------------------------------------------------------------- checks


def _mb(n: int) -> str:
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1000:.1f} KB" if n >= 1000 else f"{n} bytes"


def check_size(n_bytes: int, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    if n_bytes > max_bytes:
        raise InputError(
            f"report is too large: {_mb(n_bytes)} ({n_bytes:,} bytes), "
            f"over the {_mb(max_bytes)} limit"
        )


_CONTROL = set(range(0, 9)) | {11, 14, 15} | set(range(16, 27)) | set(range(28, 32)) | {127}


def check_bytes(raw: bytes) -> None:
    """Reject binary content: NUL bytes, or many control bytes in the first 8 KB."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError(f"binary content (NUL byte at byte offset {nul}), not text")
    head = raw[:8192]
    if head:
        ctrl = sum(1 for b in head if b in _CONTROL)
        if ctrl / len(head) > 0.05:
            raise InputError(
                f"binary content ({ctrl} control bytes in the first {len(head)}), not text"
            )


def decode_utf8(raw: bytes, base_offset: int = 0) -> str:
    """Strict UTF-8 (a leading BOM is dropped); the error names the first bad byte's offset."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        bad = raw[e.start : e.start + 1].hex()
        raise InputError(
            f"invalid UTF-8 at byte offset {base_offset + e.start} (byte 0x{bad}); "
            "convert the file to UTF-8"
        ) from None


_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class _Hints:
    english: frozenset[str]
    other: frozenset[str]


@cache
def _hints() -> _Hints:
    data = load_yaml("language_hints.yaml")
    english = frozenset(str(w).lower() for w in data["english"])
    other = frozenset(str(w).lower() for ws in data["other"].values() for w in ws) - english
    return _Hints(english, other)


def _is_latin(ch: str) -> bool:
    return ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF


def english_problem(text: str) -> str | None:
    """Why ``text`` does not look like English, or None when it does (or might).

    A cheap, dependency-free check: the script of the letters, then English function words
    against function words of other common news languages. Lenient on short texts and on
    English full of foreign names; it only rejects clear cases.
    """
    sample = text[:20_000]
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return "no words in the text"
    non_latin = sum(1 for c in letters if not _is_latin(c))
    if non_latin / len(letters) > 0.5:
        share = non_latin * 100 // len(letters)
        return f"not English ({share}% of the letters are not Latin script)"
    words = [w.lower() for w in _WORD.findall(sample)]
    hints = _hints()
    en = sum(1 for w in words if w in hints.english)
    other = sum(1 for w in words if w in hints.other)
    n = len(words)
    if other >= 2 and other > en:
        return (
            f"not English ({other} of {n} words are common non-English function words, "
            f"{en} English)"
        )
    accented = sum(1 for c in letters if not c.isascii())
    foreign_signs = other >= 2 or accented / len(letters) > 0.02
    if n >= 30 and en / n < 0.03 and foreign_signs:
        return f"not English (only {en} of {n} words are common English words)"
    return None


def check_text(text: str, max_bytes: int = DEFAULT_MAX_BYTES, english: bool = True) -> None:
    """Raise InputError when ``text`` is not a usable report."""
    if not text.strip():
        raise InputError("empty report (no text)")
    if "\x00" in text:
        raise InputError("binary content (NUL character in the text), not text")
    check_size(len(text.encode("utf-8", "surrogatepass")), max_bytes)
    if english:
        problem = english_problem(text)
        if problem:
            raise InputError(problem)


def parse_published(value: Any) -> date | None:
    """A publication date -> its day: ISO 8601, RFC 2822 or a written date with a month name
    (``pubdate.parse_published``). None / "" -> None; anything else that names no real calendar
    day in ``bounds.MIN_YEAR``..``MAX_YEAR`` raises InputError naming the value.
    """
    from conflictwire.pubdate import parse_published as parse  # it raises this module's errors

    return parse(value)


# --------------------------------------------------------------------------- readers


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".jsonl", ".ndjson", ".json", ".txt"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name


def _read_text_report(
    raw: bytes,
    name: str,
    art_id: str,
    published: date | None,
    source: str | None,
    max_bytes: int,
) -> Article | Rejection:
    try:
        check_size(len(raw), max_bytes)
        check_bytes(raw)
        text = decode_utf8(raw)
        check_text(text, max_bytes)
    except InputError as e:
        return Rejection(name, None, str(e))
    return Article(text=text, id=art_id, published=published, source=source)


def _record_article(
    rec: Any, default_id: str, published: date | None, source: str | None, max_bytes: int
) -> Article:
    if not isinstance(rec, dict):
        raise InputError(f"JSON value is a {type(rec).__name__}, not an object with a 'text' field")
    text = rec.get("text")
    if text is None:
        raise InputError("record has no 'text' field")
    if not isinstance(text, str):
        raise InputError(f"'text' is a {type(text).__name__}, not a string")
    check_text(text, max_bytes)
    pub = parse_published(rec.get("published"))

    def opt(key: str) -> str | None:
        v = rec.get(key)
        if v is None or v == "":
            return None
        if isinstance(v, (dict, list)):
            raise InputError(f"'{key}' is a {type(v).__name__}, not a string")
        v = str(v)
        return encodable(v).replace("\x00", "\ufffd")  # PostgreSQL text holds no NUL

    rid = opt("id")
    return Article(
        text=encodable(text),
        id=default_id if rid is None or rid.strip() == "" else rid,
        published=pub or published,
        source=opt("source") or source,
        url=opt("url"),
        title=opt("title"),
    )


def line_cap(max_bytes: int) -> int:
    """The longest JSONL line read (bytes): a report of ``max_bytes`` with its JSON escapes and
    other fields."""
    return max_bytes * 2 + 1000


SKIP_LINES_CAP = 10  # past an overlong line, at most this many line caps are read for its end


@dataclass(frozen=True)
class _Overlong:
    """A line longer than the cap (only its first ``cap + 1`` bytes were read)."""


@dataclass(frozen=True)
class _Skipped:
    """The overlong line after it was skipped: its length read, and whether its end came
    within ``SKIP_LINES_CAP`` caps (if not, reading stops)."""

    read: int
    ended: bool


def _iter_lines(path: Path, cap: int) -> Iterator[bytes | _Overlong | _Skipped]:
    """The file's lines (gzip decompressed as it goes), each read at most ``cap + 1`` bytes at a
    time: an overlong line is an ``_Overlong`` at once, then skipped to its end in chunks
    (``_Skipped``); when no end comes within ``SKIP_LINES_CAP`` caps (a gzip bomb) reading
    stops."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        while True:
            raw = fh.readline(cap + 1)
            if not raw:
                return
            if len(raw) <= cap or raw.endswith(b"\n"):
                yield raw
                continue
            yield _Overlong()
            read = len(raw)
            while True:
                chunk = fh.readline(cap)
                read += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    yield _Skipped(read, True)
                    break
                if read >= cap * SKIP_LINES_CAP:
                    yield _Skipped(read, False)
                    return


def _read_jsonl(
    path: Path, name: str, published: date | None, source: str | None, max_bytes: int
) -> Iterator[Sourced | Rejection]:
    stem = _stem(path)
    offset = 0
    lineno = 0
    cap = line_cap(max_bytes)
    try:
        for raw in _iter_lines(path, cap):
            if isinstance(raw, _Skipped):
                offset += raw.read
                if not raw.ended:
                    yield Rejection(name, lineno, f"no line end in its first {_mb(raw.read)}: "
                                    "the rest of the file is not read")  # fmt: skip
                continue
            lineno += 1
            if isinstance(raw, _Overlong):
                yield Rejection(name, lineno, f"line is too large: over the {_mb(cap)} limit")
                continue
            start, offset = offset, offset + len(raw)
            if not raw.strip():
                continue
            try:
                if b"\x00" in raw:
                    raise InputError("binary content (NUL byte in the line), not JSON text")
                rec = _loads(decode_utf8(raw, start), "column")
                article = _record_article(rec, f"{stem}:{lineno}", published, source, max_bytes)
                yield Sourced(article, name, lineno)
            except InputError as e:
                yield Rejection(name, lineno, str(e))
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as e:
        yield Rejection(name, lineno + 1 if lineno else None, f"cannot read the file: {e}")


def _loads(s: str, where: str) -> Any:
    """JSON -> value; a value Python cannot hold (an integer of thousands of digits, nesting
    thousands deep) is an InputError like malformed JSON."""
    try:
        return json.loads(s)
    except json.JSONDecodeError as e:
        at = f"column {e.colno}" if where == "column" else f"line {e.lineno}"
        raise InputError(f"malformed JSON ({e.msg} at {at})") from None
    except RecursionError:
        raise InputError("unreadable JSON (nested too deeply)") from None
    except ValueError as e:  # int() of a number over sys.get_int_max_str_digits()
        raise InputError(f"unreadable JSON ({str(e).split(';')[0]})") from None


def _read_json(
    path: Path, name: str, published: date | None, source: str | None, max_bytes: int
) -> Iterator[Sourced | Rejection]:
    """A ``.json`` file: one record object, or an array of them (items numbered from 1)."""
    try:
        size = path.stat().st_size
        if size > line_cap(max_bytes):  # one report, or a few: larger batches belong in JSONL
            raise InputError(
                f"JSON file is too large: {_mb(size)} ({size:,} bytes), over the "
                f"{_mb(line_cap(max_bytes))} limit (give many reports as JSONL, one a line)"
            )
        raw = path.read_bytes()
        if b"\x00" in raw:
            raise InputError("binary content (NUL byte), not JSON text")
        data = _loads(decode_utf8(raw), "line")
    except InputError as e:
        yield Rejection(name, None, str(e))
        return
    except OSError as e:
        yield Rejection(name, None, f"cannot read the file: {e.strerror or e}")
        return
    stem = _stem(path)
    if isinstance(data, dict):
        try:
            yield Sourced(_record_article(data, stem, published, source, max_bytes), name)
        except InputError as e:
            yield Rejection(name, None, str(e))
        return
    if not isinstance(data, list):
        yield Rejection(name, None, "JSON file holds neither an object nor an array of objects")
        return
    for i, rec in enumerate(data, start=1):
        try:
            yield Sourced(_record_article(rec, f"{stem}:{i}", published, source, max_bytes),
                          name, None, i)  # fmt: skip
        except InputError as e:
            yield Rejection(name, None, f"item {i}: {e}")


def _read_stdin(
    stdin: IO[Any] | None, published: date | None, source: str | None, max_bytes: int
) -> Sourced | Rejection:
    stream = stdin if stdin is not None else sys.stdin
    raw_stream = getattr(stream, "buffer", stream)
    data = raw_stream.read(max_bytes + 1)  # never more than the limit in memory
    if len(data) > max_bytes:
        return Rejection("<stdin>", None, f"report is too large: over the {_mb(max_bytes)} limit")
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    return _sourced(_read_text_report(data, "<stdin>", "stdin", published, source, max_bytes))


def _sourced(item: Article | Rejection, name: str = "<stdin>") -> Sourced | Rejection:
    return item if isinstance(item, Rejection) else Sourced(item, name)


@dataclass
class _Run:
    """What one ``read_sourced`` call reads with: the defaults, and the files already read (by
    their real path, so that a file named twice, or also inside a directory given, is read
    once)."""

    published: date | None
    source: str | None
    max_bytes: int
    notes: Callable[[Rejection], None] | None
    seen: dict[str, str]


def _read_path(p: str, run: _Run) -> Iterator[Sourced | Rejection]:
    if is_url(p):
        yield from _read_file(p, "feed", run)
        return
    path = Path(p)
    if not path.exists():
        yield Rejection(p, None, "no such file")
        return
    if not path.is_dir():
        yield from _read_file(p, _kind(p), run)
        return
    found = False
    for entry in walk(p):
        if isinstance(entry, FolderError):
            found = True
            yield Rejection(entry.path, None, entry.reason)
            continue
        file, fmt = entry
        if fmt is None:
            if run.notes is not None:
                run.notes(Rejection(file, None, f"not a format read here ({_NAMES})"))
            continue
        found = True
        yield from _read_file(file, fmt, run)
    if not found:
        yield Rejection(p, None, f"is a directory with no file to read ({_NAMES})")


_NAMES = ".txt, .json, .jsonl(.gz), .ndjson(.gz), .html, .htm, .xml, .rss, .atom, .warc(.gz)"


def _kind(p: str) -> str:
    return kind(p) or "text"  # a file named on its own is read as text whatever its name


def _read_file(p: str, fmt: str, run: _Run) -> Iterator[Sourced | Rejection]:
    """One file (or feed URL) of a known kind, unless this run has read it already."""
    key = p if is_url(p) else os.path.realpath(p)
    if key in run.seen:
        yield Rejection(p, None, f"already read (as {run.seen[key]}): not read twice")
        return
    run.seen[key] = p
    pub, source, max_bytes = run.published, run.source, run.max_bytes
    path = Path(p)
    if fmt == "jsonl":
        yield from _read_jsonl(path, p, pub, source, max_bytes)
    elif fmt == "json":
        yield from _read_json(path, p, pub, source, max_bytes)
    elif fmt == "html":
        from conflictwire.formats.html import read_html

        yield from read_html(path, p, pub, source, max_bytes)
    elif fmt == "feed":
        from conflictwire.formats.feeds import read_feed

        yield from read_feed(p, p, pub, source, max_bytes)
    elif fmt == "warc":
        from conflictwire.formats.warc import read_warc

        yield from read_warc(path, p, pub, source, max_bytes)
    else:
        yield from _read_text_file(path, p, run)


def _read_text_file(path: Path, p: str, run: _Run) -> Iterator[Sourced | Rejection]:
    try:
        size = path.stat().st_size
        check_size(size, run.max_bytes)
        raw = path.read_bytes()
    except InputError as e:
        yield Rejection(p, None, str(e))
        return
    except OSError as e:
        yield Rejection(p, None, unreadable(e))
        return
    article = _read_text_report(raw, p, _stem(path), run.published, run.source, run.max_bytes)
    yield _sourced(article, p)


def read_inputs(
    paths: Iterable[str | os.PathLike[str]],
    published: date | str | None = None,
    source: str | None = None,
    stdin: IO[Any] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | Rejection]:
    """Articles (and Rejections) from text files, JSONL / JSONL.gz files and ``-`` (stdin).

    * ``x.txt`` (or any other file): one plain-text report, id ``x``.
    * ``x.json``: one record object (id ``x``) or an array of them (ids ``x:1``, ``x:2``...).
    * ``x.jsonl`` / ``x.jsonl.gz``: one JSON object per line with ``text`` and optional ``id``
      (default ``x:<line>``), ``published`` (a date, see below), ``source``, ``url``, ``title``.
    * ``-``: standard input (or ``stdin``) as one plain-text report, id ``stdin``.
    * ``x.html`` / ``x.htm``: a web page, its main text and metadata (``formats.html``), id ``x``.
    * ``x.xml`` / ``x.rss`` / ``x.atom`` or an ``http(s)://`` URL: an RSS or Atom feed, one
      report an item (``formats.feeds``).
    * ``x.warc`` / ``x.warc.gz``: a web archive, one report an HTML response (``formats.warc``).
    * a directory: every file in it and its subdirectories whose name tells one of these formats,
      in name order (``formats.folders``); other files are passed over (``notes``).

    A file is read once per call, however often it is named (again: a rejection). Publication
    dates are ISO 8601, RFC 2822 or written ones ("December 17, 2016 4:45 PM EST", ``pubdate``).

    ``published`` and ``source`` apply to reports that have none. An invalid ``published``
    argument raises InputError at once (it concerns every input).
    """
    for item in read_sourced(paths, published, source, stdin, max_bytes):
        yield item if isinstance(item, Rejection) else item.article


def read_sourced(
    paths: Iterable[str | os.PathLike[str]],
    published: date | str | None = None,
    source: str | None = None,
    stdin: IO[Any] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    notes: Callable[[Rejection], None] | None = None,
) -> Iterator[Sourced | Rejection]:
    """``read_inputs`` with each Article's input and line (or JSON array or feed item, or WARC
    record). ``notes`` is told of each file of a directory passed over (its name tells no format
    read here): not a rejection, nothing was wrong with it."""
    run = _Run(parse_published(published), source, max_bytes, notes, {})
    for p in paths:
        p = os.fspath(p)
        if p == STDIN:
            yield _read_stdin(stdin, run.published, source, max_bytes)
        else:
            yield from _read_path(p, run)


def split_results(
    items: Iterable[Article | Rejection],
) -> tuple[list[Article], list[Rejection]]:
    """Separate read_inputs' output into (articles, rejections)."""
    arts: list[Article] = []
    rejs: list[Rejection] = []
    for it in items:
        (rejs if isinstance(it, Rejection) else arts).append(it)  # type: ignore[arg-type]
    return arts, rejs
