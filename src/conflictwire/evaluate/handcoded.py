"""Evaluation against hand-coded events (an ACLED CSV export): each row's notes are the input.

Definitions (the project's, followed exactly):

* input: the row's ``notes``, ``published`` = its ``event_date`` + 3 days, source = its ``source``;
* by default the notes are read as news reads: ACLED's coder annotations (a leading sub-event
  label, "[size=...]" tags, fatality coding statements, "(coded as ...)" remarks) are removed
  first (:func:`conflictwire.evaluate.annotations.strip_annotations`); ``strip=False`` ("raw")
  gives the notes as they are;
* the predicted event with the highest ``confidence`` is compared with the row; a row with no
  predicted event is wrong on every field;
* the reliability of ``confidence``: the chosen event is right when both its event_type and its
  sub_event_type match the row's (rows with no event are left out);
* strings are compared after ASCII folding, lower-casing, removing ACLED's year ranges
  ("(2018-2020)", "(2019-)") and removing punctuation and spaces;
* ``location_50km``: right when within 50 km of ACLED's coordinates (haversine);
* ``fatalities``: exact; ``fatalities_nonzero``: the same, on rows where ACLED has more than 0;
* DEV / TEST: ``zlib.crc32(event_id_cnty) % 2 == 0`` is DEV, else TEST.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import IO, Any

from unidecode import unidecode

from conflictwire.evaluate.annotations import strip_annotations
from conflictwire.evaluate.calibration import Reliability, format_reliability, reliability
from conflictwire.evaluate.splits import half
from conflictwire.geo import haversine_km
from conflictwire.model import Article, Event

STRING_FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "country", "admin1")
FIELDS = (
    "event_type", "sub_event_type", "actor1", "actor2", "inter1", "inter2", "event_date",
    "country", "admin1", "location_50km", "fatalities", "fatalities_nonzero",
)  # fmt: skip
SPLITS = ("all", "dev", "test")
MODES = ("stripped", "raw")
PUBLISHED_LAG = timedelta(days=3)
RADIUS_KM = 50.0
NONE = "(none)"
EVENT_TYPE_ORDER = (
    "Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
    "Strategic developments",
)  # fmt: skip

# Newer ACLED exports spell inter codes out; the codebook's numbers for them.
INTER_NAMES = {
    "state forces": 1, "rebel group": 2, "political militia": 3, "identity militia": 4,
    "rioters": 5, "protesters": 6, "civilians": 7, "external/other forces": 8,
    "external forces": 8, "other forces": 8,
}  # fmt: skip


class EvaluationError(ValueError):
    """The CSV cannot be evaluated (missing file or columns)."""


# --------------------------------------------------------------------------- normalisation

_YEAR_RANGE = re.compile(r"\(\s*\d{4}\s*[-\u2013\u2014]\s*(?:\d{4})?\s*\)")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def norm(value: Any) -> str:
    """Comparison key: ASCII-fold, lower-case, drop "(2018-2020)" ranges, punctuation, spaces."""
    if value is None:
        return ""
    s = unidecode(str(value))
    s = _YEAR_RANGE.sub(" ", s)
    return _NON_ALNUM.sub("", s.lower())


_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d-%b-%y",
    "%d %B %Y",
    "%d %b %Y",
    "%d-%b-%Y",
    "%d/%m/%Y",
    "%B %d, %Y",
    "%d-%B-%Y",
    "%d-%B-%y",
)


def parse_acled_date(s: str) -> date:
    """ACLED's event_date in any export style: "9-May-20", "2020-05-09", "09 May 2020"."""
    s = (s or "").strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(s).date()
    except ValueError:
        raise EvaluationError(f"unrecognised ACLED event_date {s!r}") from None


def parse_inter(value: Any) -> int:
    """inter1/inter2 as a code 0-8 (numbers, or the newer exports' names)."""
    s = str(value or "").strip()
    if not s:
        return 0
    try:
        return int(float(s))
    except ValueError:
        return INTER_NAMES.get(s.lower(), 0)


def _int(value: Any) -> int:
    try:
        return int(float(str(value).strip() or 0))
    except ValueError:
        return 0


def _float(value: Any) -> float | None:
    try:
        return float(str(value).strip())
    except (TypeError, ValueError):
        return None


def split_of(event_id_cnty: str) -> str:
    """ "dev" or "test", as defined in the project's split."""
    return half(event_id_cnty, ("dev", "test"))


# --------------------------------------------------------------------------- rows


@dataclass
class GoldRow:
    id: str
    split: str
    notes: str
    event_date: date
    source: str
    values: dict[str, Any]  # event_type, ..., latitude, longitude, fatalities (raw gold values)

    def article(self, strip: bool = True) -> Article:
        """The row as a report: its notes (without coder annotations when ``strip``)."""
        return Article(
            text=strip_annotations(self.notes) if strip else self.notes,
            id=self.id,
            published=self.event_date + PUBLISHED_LAG,
            source=self.source or None,
        )


REQUIRED_COLUMNS = ("notes", "event_date", "event_type", "event_id_cnty")


def read_gold(csv_path: str | Path) -> list[GoldRow]:
    """Rows of an ACLED CSV export (2020-style or newer 31-column)."""
    path = Path(csv_path)
    if not path.is_file():
        raise EvaluationError(f"{csv_path}: no such file")
    rows: list[GoldRow] = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise EvaluationError(f"{csv_path}: not an ACLED export (missing {', '.join(missing)})")
        for i, r in enumerate(reader, start=2):
            if not (r.get("notes") or "").strip():
                continue
            eid = (r.get("event_id_cnty") or "").strip() or f"row{i}"
            try:
                day = parse_acled_date(r["event_date"])
            except EvaluationError as e:
                raise EvaluationError(f"{csv_path}:{i}: {e}") from None
            values = {
                "event_type": r.get("event_type", ""),
                "sub_event_type": r.get("sub_event_type", ""),
                "actor1": r.get("actor1", ""),
                "actor2": r.get("actor2", ""),
                "inter1": parse_inter(r.get("inter1")),
                "inter2": parse_inter(r.get("inter2")),
                "event_date": day.isoformat(),
                "country": r.get("country", ""),
                "admin1": r.get("admin1", ""),
                "location": r.get("location", ""),
                "latitude": _float(r.get("latitude")),
                "longitude": _float(r.get("longitude")),
                "fatalities": _int(r.get("fatalities")),
            }
            rows.append(GoldRow(eid, split_of(eid), r["notes"], day, r.get("source", ""), values))
    return rows


def pred_values(event: Event | None) -> dict[str, Any] | None:
    """The predicted event's comparable values (ACLED field names)."""
    if event is None:
        return None
    d = event.to_dict()
    return {
        "event_type": d.get("event_type") or "",
        "sub_event_type": d.get("sub_event_type") or "",
        "actor1": d.get("actor1") or "",
        "actor2": d.get("actor2") or "",
        "inter1": parse_inter(d.get("inter1")),
        "inter2": parse_inter(d.get("inter2")),
        "event_date": d.get("event_date") or "",
        "country": d.get("country") or "",
        "admin1": d.get("admin1") or "",
        "location": d.get("location") or "",
        "latitude": _float(d.get("latitude")),
        "longitude": _float(d.get("longitude")),
        "fatalities": _int(d.get("fatalities")),
        "confidence": d.get("confidence"),
    }


def score_row(gold: dict[str, Any], pred: dict[str, Any] | None) -> dict[str, bool | None]:
    """Per-field right/wrong; None where a field does not apply (fatalities_nonzero, gold 0)."""
    out: dict[str, bool | None] = {}
    nonzero = gold["fatalities"] > 0
    if pred is None:
        out = {f: False for f in FIELDS}
        if not nonzero:
            out["fatalities_nonzero"] = None
        return out
    for f in STRING_FIELDS:
        out[f] = norm(gold[f]) == norm(pred[f])
    out["inter1"] = gold["inter1"] == pred["inter1"]
    out["inter2"] = gold["inter2"] == pred["inter2"]
    out["event_date"] = gold["event_date"] == pred["event_date"]
    g = (gold["latitude"], gold["longitude"])
    p = (pred["latitude"], pred["longitude"])
    if None in g or None in p:
        out["location_50km"] = False
    else:
        out["location_50km"] = haversine_km(*g, *p) <= RADIUS_KM  # type: ignore[arg-type]
    out["fatalities"] = gold["fatalities"] == pred["fatalities"]
    out["fatalities_nonzero"] = out["fatalities"] if nonzero else None
    return out


@dataclass
class RowResult:
    id: str
    split: str
    notes: str
    gold: dict[str, Any]
    pred: dict[str, Any] | None
    correct: dict[str, bool | None]
    n_events: int = 0

    @property
    def n_wrong(self) -> int:
        return sum(1 for v in self.correct.values() if v is False)


# --------------------------------------------------------------------------- report


def _acc(results: list[RowResult], fld: str) -> tuple[float | None, int]:
    vals = [r.correct[fld] for r in results if r.correct.get(fld) is not None]
    return (sum(vals) / len(vals) if vals else None), len(vals)


@dataclass
class AcledReport:
    """Per-row results plus the summaries printed and saved."""

    csv_path: str
    split: str
    rows: list[RowResult] = field(default_factory=list)
    seconds: float = 0.0
    mode: str = "stripped"  # "stripped": coder annotations removed; "raw": notes as they are

    def subset(self, split: str) -> list[RowResult]:
        return self.rows if split == "all" else [r for r in self.rows if r.split == split]

    def accuracy(self, split: str | None = None) -> dict[str, float | None]:
        """Field -> accuracy (plus ``no_event`` rate) on the rows of ``split``."""
        rows = self.subset(split or self.split)
        out: dict[str, float | None] = {f: _acc(rows, f)[0] for f in FIELDS}
        out["no_event"] = sum(1 for r in rows if r.pred is None) / len(rows) if rows else None
        return out

    def counts(self, split: str | None = None) -> dict[str, int]:
        rows = self.subset(split or self.split)
        out = {f: _acc(rows, f)[1] for f in FIELDS}
        out["no_event"] = len(rows)
        return out

    def confusion(self, split: str | None = None) -> dict[str, dict[str, int]]:
        """Gold event type -> predicted event type (or "(none)") -> count."""
        table: dict[str, Counter[str]] = {}
        for r in self.subset(split or self.split):
            g = r.gold["event_type"] or NONE
            p = r.pred["event_type"] if r.pred and r.pred["event_type"] else NONE
            table.setdefault(g, Counter())[p] += 1
        return {g: dict(c) for g, c in table.items()}

    def reliability(self, split: str | None = None) -> Reliability:
        """Confidence of the chosen event against whether its event_type and sub_event_type
        are both right (rows with an event only)."""
        pairs = [
            (float(r.pred.get("confidence") or 0.0), bool(r.correct["event_type"])
             and bool(r.correct["sub_event_type"]))
            for r in self.subset(split or self.split)
            if r.pred is not None
        ]  # fmt: skip
        return reliability(pairs)

    def worst(self, n: int = 20, split: str | None = None) -> list[RowResult]:
        """The rows wrong on the most fields; on ties, rows with a prediction, then file order."""
        rows = self.subset(split or self.split)
        return sorted(rows, key=lambda r: (-r.n_wrong, r.pred is None))[:n]

    def splits(self) -> list[str]:
        return ["all", "dev", "test"] if self.split == "all" else [self.split]

    def to_dict(self, worst: int = 20) -> dict[str, Any]:
        """Machine-readable results (for the README's figures)."""
        return {
            "csv": self.csv_path,
            "split": self.split,
            "mode": self.mode,
            "rows": len(self.rows),
            "seconds": round(self.seconds, 2),
            "rows_per_second": round(len(self.rows) / self.seconds, 1) if self.seconds else None,
            "accuracy": {s: self.accuracy(s) for s in self.splits()},
            "n": {s: self.counts(s) for s in self.splits()},
            "confusion": self.confusion(),
            "reliability": {s: self.reliability(s).to_dict() for s in self.splits()},
            "worst": [
                {
                    "id": r.id,
                    "split": r.split,
                    "notes": r.notes,
                    "wrong": r.n_wrong,
                    "gold": r.gold,
                    "pred": r.pred,
                    "wrong_fields": [f for f, v in r.correct.items() if v is False],
                }
                for r in self.worst(worst)
            ],  # fmt: skip
        }

    def write_json(self, path: str | Path, worst: int = 20) -> None:
        Path(path).write_text(
            json.dumps(self.to_dict(worst), indent=2, default=str) + "\n", encoding="utf-8"
        )


# --------------------------------------------------------------------------- running


def _predict(pipeline: Any, articles: list[Article]) -> Iterator[list[Event]]:
    """Events per article, in order, from ``pipe()+events()`` when offered, else ``extract()``."""
    if hasattr(pipeline, "pipe") and hasattr(pipeline, "events"):
        for doc in pipeline.pipe(articles):
            yield list(pipeline.events(doc))
    elif hasattr(pipeline, "extract"):
        for a in articles:
            yield list(pipeline.extract(a))
    else:
        raise TypeError("pipeline needs pipe()+events() or extract()")


def best_event(events: Iterable[Event]) -> Event | None:
    """The event with the highest confidence (the first one on ties)."""
    best: Event | None = None
    for e in events:
        if best is None or e.confidence > best.confidence:
            best = e
    return best


def evaluate_acled(
    csv_path: str | Path,
    pipeline: Any = None,
    split: str = "all",
    limit: int | None = None,
    json_path: str | Path | None = None,
    strip: bool = True,
) -> AcledReport:
    """Run ``pipeline`` on each row's notes and score it against the row (see module doc).

    ``split`` is "all", "dev" or "test" (rows outside it are not run); ``limit`` keeps the first
    N rows of that split. ``pipeline`` defaults to a new :class:`conflictwire.pipeline.Pipeline`.
    ``strip`` (the default) removes ACLED's coder annotations from the notes first; the report's
    ``notes`` are the texts the pipeline read.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    gold = read_gold(csv_path)
    if split != "all":
        gold = [g for g in gold if g.split == split]
    if limit is not None:
        gold = gold[: max(0, limit)]
    if pipeline is None:
        from conflictwire.pipeline import Pipeline

        pipeline = Pipeline()
    report = AcledReport(csv_path=str(csv_path), split=split, mode=MODES[0 if strip else 1])
    t0 = time.perf_counter()
    articles = [g.article(strip) for g in gold]
    preds = _predict(pipeline, articles)
    for g, a, events in zip(gold, articles, preds, strict=True):
        pred = pred_values(best_event(events))
        report.rows.append(
            RowResult(g.id, g.split, a.text, g.values, pred, score_row(g.values, pred), len(events))
        )
    report.seconds = time.perf_counter() - t0
    if json_path:
        report.write_json(json_path)
    return report


# --------------------------------------------------------------------------- printing


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def trained_on_dev_half() -> str | None:
    """The name of the ACLED file whose dev half the shipped event decision was trained on."""
    from conflictwire.decision.model import default_model

    model = default_model()
    return (model.header.get("training") or {}).get("acled_dev_file") if model else None


def print_report(
    report: AcledReport, console: Any = None, worst: int = 20, file: IO[str] | None = None
) -> None:
    """Accuracy per field (ALL/DEV/TEST), the event-type confusion table and the worst misses."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    con = console or Console(file=file)
    splits = report.splits()
    mode = (
        "notes without coder annotations (as news reads)"
        if report.mode == "stripped"
        else "raw notes (coder annotations kept)"
    )
    t = Table(
        title=f"ACLED evaluation: {report.csv_path} ({len(report.rows)} rows, "
        f"split={report.split}, {report.seconds:.1f} s)\nmode={report.mode}: {mode}"
    )
    t.add_column("field")
    if "dev" in splits and Path(report.csv_path).name == trained_on_dev_half():
        t.caption = "DEV: notes the event decision was trained on (MODEL_CARD.md); TEST: held out"
    accs = {s: report.accuracy(s) for s in splits}
    ns = {s: report.counts(s) for s in splits}
    for s in splits:
        t.add_column(s.upper(), justify="right")
        t.add_column("n", justify="right", style="dim")
    for f in (*FIELDS, "no_event"):
        cells = []
        for s in splits:
            cells += [_pct(accs[s][f]), str(ns[s][f])]
        t.add_row(f, *cells)
    con.print(t)

    conf = report.confusion()
    gold_types = [x for x in EVENT_TYPE_ORDER if x in conf] + sorted(
        x for x in conf if x not in EVENT_TYPE_ORDER
    )
    pred_types = {p for row in conf.values() for p in row}
    cols = [x for x in EVENT_TYPE_ORDER if x in pred_types] + sorted(
        x for x in pred_types if x not in EVENT_TYPE_ORDER and x != NONE
    )
    cols.append(NONE)
    c = Table(title=f"Event types ({report.split}): gold rows x predicted columns")
    c.add_column("gold \\ predicted")
    for col in cols:
        c.add_column(Text(col), justify="right")
    c.add_column("total", justify="right", style="dim")
    for g in gold_types:
        row = conf[g]
        c.add_row(Text(g), *(str(row.get(col, 0)) for col in cols), str(sum(row.values())))
    con.print(c)

    rel_title = f"confidence reliability ({report.split}, {report.mode}; right = event_type and "
    rel_title += "sub_event_type)"
    con.print(Text(format_reliability(report.reliability(), title=rel_title)))
    for s in splits:
        if s != report.split:
            rel = report.reliability(s)
            line = f"  {s.upper()}: {rel.n} records, expected calibration error {rel.ece:.3f}"
            con.print(Text(line))

    w = Table(title=f"{worst} worst misses ({report.split})", show_lines=True)
    w.add_column("id / wrong", no_wrap=True)
    w.add_column("notes", ratio=3)
    w.add_column("field: gold -> predicted", ratio=3)
    for r in report.worst(worst):
        bad = [f for f, v in r.correct.items() if v is False]
        lines = []
        for f in bad:
            if r.pred is None:
                break
            if f == "location_50km":
                gv, pv = r.gold["location"], r.pred["location"]
            elif f == "fatalities_nonzero":
                continue
            else:
                gv, pv = r.gold[f], r.pred[f]
            lines.append(f"{f}: {gv!s} -> {pv!s}")
        detail = "\n".join(lines) if r.pred is not None else "no event predicted"
        note = r.notes if len(r.notes) <= 300 else r.notes[:297] + "..."
        w.add_row(Text(f"{r.id}\n{r.split}, {r.n_wrong} wrong"), Text(note), Text(detail))
    con.print(w)
