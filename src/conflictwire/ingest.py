"""Input readers: text files, JSONL (optionally gzipped) and standard input -> Articles.

``read_inputs`` yields an :class:`~conflictwire.model.Article` for every usable report and a
:class:`Rejection` (input, line, reason) for every unusable one; a bad report never stops the
others. Nothing here prints: the caller decides what to show.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import IO, Any

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


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse_published(value: Any) -> date | None:
    """An ISO date or date-time (``2020-05-09``, ``2020-05-09T14:03:00Z``) -> its day.

    None / "" -> None. Anything else that is not a real calendar day raises InputError.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InputError(f"publication date {value!r} is not a string (want an ISO date)")
    s = value.strip()
    if not _ISO_DATE.match(s):
        raise InputError(f"publication date {s!r} is not an ISO date (YYYY-MM-DD)")
    try:
        if len(s) == 10:
            return date.fromisoformat(s)
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError as e:
        raise InputError(f"impossible publication date {s!r} ({e})") from None


# --------------------------------------------------------------------------- readers


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".jsonl", ".ndjson", ".json", ".txt"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name


def _is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


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
    rid = rec.get("id")
    rid = default_id if rid is None or str(rid).strip() == "" else str(rid)
    pub = parse_published(rec.get("published"))
    src = rec.get("source")

    def opt(key: str) -> str | None:
        v = rec.get(key)
        return None if v is None or v == "" else str(v)

    return Article(
        text=text,
        id=rid,
        published=pub or published,
        source=(str(src) if src not in (None, "") else None) or source,
        url=opt("url"),
        title=opt("title"),
    )


def _iter_lines(path: Path) -> Iterator[bytes]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as fh:
        yield from fh


def _read_jsonl(
    path: Path, name: str, published: date | None, source: str | None, max_bytes: int
) -> Iterator[Article | Rejection]:
    stem = _stem(path)
    offset = 0
    lineno = 0
    try:
        for lineno, raw in enumerate(_iter_lines(path), start=1):
            start, offset = offset, offset + len(raw)
            if not raw.strip():
                continue
            try:
                if len(raw) > max_bytes * 2 + 1000:  # cheap guard before parsing huge lines
                    check_size(len(raw), max_bytes)
                if b"\x00" in raw:
                    raise InputError("binary content (NUL byte in the line), not JSON text")
                line = decode_utf8(raw, start)
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(f"malformed JSON ({e.msg} at column {e.colno})") from None
                yield _record_article(rec, f"{stem}:{lineno}", published, source, max_bytes)
            except InputError as e:
                yield Rejection(name, lineno, str(e))
    except (OSError, EOFError, zlib.error) as e:
        yield Rejection(name, lineno + 1 if lineno else None, f"cannot read the file: {e}")


def _read_json(
    path: Path, name: str, published: date | None, source: str | None, max_bytes: int
) -> Iterator[Article | Rejection]:
    """A ``.json`` file: one record object, or an array of them (items numbered from 1)."""
    try:
        raw = path.read_bytes()
        if b"\x00" in raw:
            raise InputError("binary content (NUL byte), not JSON text")
        try:
            data = json.loads(decode_utf8(raw))
        except json.JSONDecodeError as e:
            raise InputError(f"malformed JSON ({e.msg} at line {e.lineno})") from None
    except InputError as e:
        yield Rejection(name, None, str(e))
        return
    except OSError as e:
        yield Rejection(name, None, f"cannot read the file: {e.strerror or e}")
        return
    stem = _stem(path)
    if isinstance(data, dict):
        try:
            yield _record_article(data, stem, published, source, max_bytes)
        except InputError as e:
            yield Rejection(name, None, str(e))
        return
    if not isinstance(data, list):
        yield Rejection(name, None, "JSON file holds neither an object nor an array of objects")
        return
    for i, rec in enumerate(data, start=1):
        try:
            yield _record_article(rec, f"{stem}:{i}", published, source, max_bytes)
        except InputError as e:
            yield Rejection(name, None, f"item {i}: {e}")


def _read_stdin(
    stdin: IO[Any] | None, published: date | None, source: str | None, max_bytes: int
) -> Article | Rejection:
    stream = stdin if stdin is not None else sys.stdin
    raw_stream = getattr(stream, "buffer", stream)
    data = raw_stream.read()
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    return _read_text_report(data, "<stdin>", "stdin", published, source, max_bytes)


def _read_path(
    p: str, published: date | None, source: str | None, max_bytes: int
) -> Iterator[Article | Rejection]:
    path = Path(p)
    if not path.exists():
        yield Rejection(p, None, "no such file")
        return
    if path.is_dir():
        yield Rejection(p, None, "is a directory, not a file (give the files inside it)")
        return
    if _is_jsonl(path):
        yield from _read_jsonl(path, p, published, source, max_bytes)
        return
    if path.name.lower().endswith(".json"):
        yield from _read_json(path, p, published, source, max_bytes)
        return
    try:
        size = path.stat().st_size
        check_size(size, max_bytes)
        raw = path.read_bytes()
    except InputError as e:
        yield Rejection(p, None, str(e))
        return
    except OSError as e:
        yield Rejection(p, None, f"cannot read the file: {e.strerror or e}")
        return
    yield _read_text_report(raw, p, _stem(path), published, source, max_bytes)


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
      (default ``x:<line>``), ``published`` (ISO date/date-time), ``source``, ``url``, ``title``.
    * ``-``: standard input (or ``stdin``) as one plain-text report, id ``stdin``.

    ``published`` and ``source`` apply to reports that have none. An invalid ``published``
    argument raises InputError at once (it concerns every input).
    """
    default_pub = parse_published(published)
    for p in paths:
        p = os.fspath(p)
        if p == STDIN:
            yield _read_stdin(stdin, default_pub, source, max_bytes)
        else:
            yield from _read_path(p, default_pub, source, max_bytes)


def split_results(
    items: Iterable[Article | Rejection],
) -> tuple[list[Article], list[Rejection]]:
    """Separate read_inputs' output into (articles, rejections)."""
    arts: list[Article] = []
    rejs: list[Rejection] = []
    for it in items:
        (rejs if isinstance(it, Rejection) else arts).append(it)  # type: ignore[arg-type]
    return arts, rejs
