"""Evaluation of the temporal tagger on TimeML (.tml) files, e.g. TimeBank.

Definitions (the project's, followed exactly):

* the text is the ``<TEXT>`` element with its tags removed; offsets are character positions in it;
* the publication date is the document's ``<DCT><TIMEX3 value>`` (its day);
* gold = the TIMEX3 of type DATE and TIME; ``value_acc`` = gold expressions with an overlapping
  DATE/TIME prediction whose value equals the gold value exactly, over all gold DATE/TIME;
* ``span_precision`` = DATE/TIME predictions overlapping any gold TIMEX3 (of any type), over all
  DATE/TIME predictions; DURATION/SET get the same two figures on their own;
* the split: a file is TUNE when ``zlib.crc32(file name) % 2 == 0``, else HELD-OUT;
* the baseline is ``dateparser.search.search_dates`` with ``RELATIVE_BASE`` = DCT and
  ``PREFER_DATES_FROM='past'``, each found string's value written at the granularity dateparser
  reports for it (day, week, month, year, time).
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from conflictwire.evaluate.splits import half

DATE_TYPES = ("DATE", "TIME")
OTHER_TYPES = ("DURATION", "SET")
SPLITS = ("all", "tune", "held-out")


@dataclass(frozen=True)
class Span:
    """A time expression: offsets into the document text, TIMEX3 type and value."""

    start: int
    end: int
    type: str
    value: str
    text: str = ""


@dataclass
class TmlDoc:
    name: str
    text: str
    dct: date | None
    gold: list[Span] = field(default_factory=list)

    @property
    def split(self) -> str:
        return split_of(self.name)


def split_of(name: str) -> str:
    """ "tune" or "held-out" for a file name (see the module docstring)."""
    return half(name)


def _dct(root: ET.Element) -> date | None:
    for tx in root.iter("TIMEX3"):
        if tx.get("functionInDocument") == "CREATION_TIME" or tx.get("tid") == "t0":
            try:
                return date.fromisoformat((tx.get("value") or "")[:10])
            except ValueError:
                return None
    return None


def read_tml(path: Path) -> TmlDoc:
    """The text of ``<TEXT>`` with tags removed, its TIMEX3 (offsets into that text) and DCT."""
    root = ET.parse(path).getroot()
    dct_el = root.find("DCT")
    dct = _dct(dct_el) if dct_el is not None else None
    text_el = root.find("TEXT")
    parts: list[str] = []
    gold: list[Span] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3":
            s = "".join(parts)[start:pos]
            gold.append(Span(start, pos, el.get("type") or "", el.get("value") or "", s))

    if text_el is not None:
        walk(text_el)
    return TmlDoc(path.name, "".join(parts), dct, gold)


def read_dir(folder: Path) -> list[TmlDoc]:
    return [read_tml(p) for p in sorted(folder.glob("*.tml"))]


# --------------------------------------------------------------------------- systems

Predictor = Callable[[list[TmlDoc]], list[list[Span]]]


def predict_ours(docs: list[TmlDoc], parse: bool = True) -> list[list[Span]]:
    """conflictwire's tagger (with the clause tense from spaCy's parse when ``parse``)."""
    from conflictwire.stages.dates import tag_text

    texts = [d.text for d in docs]
    if parse:
        from conflictwire.nlp import load_nlp

        sps: Iterable[Any] = load_nlp().pipe(texts, batch_size=16)
    else:
        sps = [None] * len(docs)
    out = []
    for d, sp in zip(docs, sps, strict=True):
        tags = tag_text(d.text, d.dct, sp)
        out.append([Span(t.start, t.end, t.type, t.value, t.text) for t in tags])
    return out


def _dp_value(dt: datetime, period: str | None) -> tuple[str, str]:
    if period == "year":
        return "DATE", f"{dt.year}"
    if period == "month":
        return "DATE", f"{dt.year}-{dt.month:02d}"
    if period == "week":
        iso = dt.isocalendar()
        return "DATE", f"{iso[0]}-W{iso[1]:02d}"
    if period == "time":
        return "TIME", f"{dt.date().isoformat()}T{dt.hour:02d}:{dt.minute:02d}"
    return "DATE", dt.date().isoformat()


def predict_dateparser(docs: list[TmlDoc]) -> list[list[Span]]:
    """``dateparser.search.search_dates`` (RELATIVE_BASE = DCT, PREFER_DATES_FROM = past)."""
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    out: list[list[Span]] = []
    for d in docs:
        base = datetime.combine(d.dct or date.today(), datetime.min.time())
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        found = search_dates(d.text, languages=["en"], settings=settings) or []
        ddp = DateDataParser(languages=["en"], settings=settings)
        spans: list[Span] = []
        pos = 0
        for s, dt in found:
            i = d.text.find(s, pos)
            if i < 0:
                continue
            pos = i + len(s)
            period = ddp.get_date_data(s).period
            type_, value = _dp_value(dt, period)
            spans.append(Span(i, i + len(s), type_, value, s))
        out.append(spans)
    return out


# --------------------------------------------------------------------------- scoring


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


@dataclass
class Counts:
    gold: int = 0
    gold_right: int = 0
    pred: int = 0
    pred_overlap: int = 0

    def add(self, o: Counts) -> None:
        self.gold += o.gold
        self.gold_right += o.gold_right
        self.pred += o.pred
        self.pred_overlap += o.pred_overlap

    @property
    def value_acc(self) -> float:
        return self.gold_right / self.gold if self.gold else 0.0

    @property
    def span_precision(self) -> float:
        return self.pred_overlap / self.pred if self.pred else 0.0


def score_doc(doc: TmlDoc, pred: list[Span], types: tuple[str, ...] = DATE_TYPES) -> Counts:
    """The counts behind value_acc and span precision for one document and some TIMEX3 types."""
    gold = [g for g in doc.gold if g.type in types]
    mine = [p for p in pred if p.type in types]
    c = Counts(gold=len(gold), pred=len(mine))
    c.gold_right = sum(any(_overlaps(g, p) and p.value == g.value for p in mine) for g in gold)
    c.pred_overlap = sum(any(_overlaps(p, g) for g in doc.gold) for p in mine)
    return c


@dataclass
class TimemlReport:
    folder: Path
    n_docs: int
    # (system, split, "DATE/TIME" | "DURATION/SET") -> counts
    counts: dict[tuple[str, str, str], Counts]
    seconds: dict[str, float]
    misses: list[tuple[str, Span, Span | None]] = field(default_factory=list)
    # the same for gold DURATION/SET (a prediction of either type with the gold value is right)
    other_misses: list[tuple[str, Span, Span | None]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            f"{s}/{sp}/{k}": {
                "value_acc": round(c.value_acc, 4),
                "span_precision": round(c.span_precision, 4),
                "gold": c.gold,
                "pred": c.pred,
            }
            for (s, sp, k), c in self.counts.items()
        }


def evaluate_timeml(
    folder: Path, baseline: bool = True, parse: bool = True, limit: int | None = None
) -> TimemlReport:
    """Score conflictwire's tagger (and the dateparser baseline) on every .tml file of a folder."""
    docs = read_dir(folder)[:limit]
    systems: dict[str, Predictor] = {"conflictwire": lambda ds: predict_ours(ds, parse=parse)}
    if baseline:
        systems["dateparser"] = predict_dateparser
    counts: dict[tuple[str, str, str], Counts] = {}
    seconds: dict[str, float] = {}
    misses: list[tuple[str, Span, Span | None]] = []
    other_misses: list[tuple[str, Span, Span | None]] = []
    for name, predict in systems.items():
        t0 = time.perf_counter()
        preds = predict(docs)
        seconds[name] = time.perf_counter() - t0
        for doc, pred in zip(docs, preds, strict=True):
            for kind, types in (("DATE/TIME", DATE_TYPES), ("DURATION/SET", OTHER_TYPES)):
                c = score_doc(doc, pred, types)
                for split in ("all", doc.split):
                    counts.setdefault((name, split, kind), Counts()).add(c)
            if name == "conflictwire":
                for g in doc.gold:
                    types = DATE_TYPES if g.type in DATE_TYPES else OTHER_TYPES
                    over = [p for p in pred if p.type in types and _overlaps(g, p)]
                    if not any(p.value == g.value for p in over):
                        out = misses if types == DATE_TYPES else other_misses
                        out.append((doc.name, g, over[0] if over else None))
    return TimemlReport(folder, len(docs), counts, seconds, misses, other_misses)


def print_report(
    report: TimemlReport,
    console: Any = None,
    misses: int = 0,
    other_misses: int = 0,
    split: str = "all",
) -> None:
    """value_acc and span precision per system and split; optionally the first misses (DATE/TIME,
    then DURATION/SET), of the files of ``split`` only ("tune" to study errors without looking
    at the held-out half)."""
    from rich.console import Console
    from rich.table import Table

    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    con = console or Console()
    t = Table(title=f"TimeML evaluation: {report.folder} ({report.n_docs} files)")
    for col in ("system", "types", "split", "value_acc", "span_prec", "gold", "pred", "seconds"):
        t.add_column(col, justify="left" if col in ("system", "types", "split") else "right")
    for (system, sp, kind), c in sorted(
        report.counts.items(), key=lambda kv: (kv[0][0] != "conflictwire", kv[0][2], kv[0][1])
    ):
        t.add_row(
            system, kind, sp, f"{c.value_acc:.3f}", f"{c.span_precision:.3f}",
            str(c.gold), str(c.pred), f"{report.seconds.get(system, 0):.1f}",
        )  # fmt: skip
    con.print(t)

    def keep(rows: list[tuple[str, Span, Span | None]]) -> list[tuple[str, Span, Span | None]]:
        return [r for r in rows if split == "all" or split_of(r[0]) == split]

    for name, g, p in keep(report.misses)[:misses] + keep(report.other_misses)[:other_misses]:
        got = f"{p.text!r} {p.value}" if p else "-"
        con.print(f"{name}: {g.text!r} gold {g.type} {g.value}; got {got}", highlight=False)
