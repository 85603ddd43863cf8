"""Evaluation of event extraction on a gold set of real news articles (``gold/news/labels.jsonl``).

The labels file holds one article a line: ``id``, ``split`` ("dev" or "test"), ``category``,
``hard_negative`` and ``events``, each with ``event_type``, ``sub_event_type``, ``actor1``,
``actor2``, ``location``, ``country``, ``event_date`` (ISO or null), ``fatalities`` and
``sentence`` (``{"start", "end"}`` offsets into the text; the exact sentence as a string is also
accepted and looked up in the text). The texts stay outside the repository; an article id names
its source file under the data folder (``--data``, else ``$CONFLICTWIRE_DATA``, else
``../shared/data`` relative to the current directory):

* ``mixed-news:<id>``: ``corpus/mixed-news.jsonl``, the line whose ``"id"`` is ``<id>``;
* ``news-negatives:<n>``: ``train/news-negatives.jsonl.gz``, the 0-based line ``n``;
* ``events-labelled:<n>``: ``train/events-labelled.jsonl.gz``, the 0-based line ``n``.

The input is that record's ``text`` exactly, with ``published=None``, ``source=None`` and the label
id as the article id. A label whose article is not found is reported and counted, not scored.

Definitions (the project's, followed exactly):

* matching, per article: a predicted event can pair with a gold event of the same article with
  the same ``event_type``. Pairs are taken greedily, one gold and one predicted event each, from
  all such candidate pairs ordered by: same ``sub_event_type`` first, then the predicted evidence
  trigger's start lying inside the gold sentence span (``start <= trigger.start < end``), then
  the predicted event's order, then the gold event's order. A paired predicted event is
  "matched" (a true positive).
* type error: afterwards, each predicted event left unmatched (in order) is paired with a
  still-unmatched gold event of a different ``event_type`` if there is one (preferring one whose
  sentence holds the trigger, then gold order); each such pair is a type error. It is counted
  separately and is still a false positive and a miss.
* event precision = matched / predicted; recall = matched / gold; F1 their harmonic mean.
* ``event_type`` accuracy: matched / (matched + type errors), the share of located events (those
  paired with a gold event of the article, of the same type or not) whose type is right.
* per-field accuracy, on matched pairs only: ``sub_event_type``, ``actor1``, ``actor2``,
  ``country``, ``location``, ``event_date`` (only where gold has a date), ``fatalities`` (exact).
  Strings are compared with :func:`conflictwire.evaluate.handcoded.norm`; actor names are also
  right when equal after removing a trailing parenthesis from both ("Protesters (India)" ==
  "Protesters") and ACLED's leading acronym ("FMLN: Farabundo Marti National Liberation Front" ==
  "Farabundo Marti National Liberation Front"); a location is right when the normalised names
  are equal or one contains the other. Gold has no coordinates, so names are all there is to
  compare: the field is skipped where gold names no location, or where the predicted place has no
  name but has coordinates (a place located only by an enclosing unit); a predicted place with
  neither is wrong.
* per event type (ACLED's 6): precision = matched of that type / predicted of that type,
  recall = matched of that type / gold of that type.
* articles: how many gold articles have events, how many are hard negatives, the share of hard
  negatives with at least one predicted event, and the share of all no-event articles with at
  least one predicted event.
* reliability of ``confidence``: every predicted event's confidence against whether it was
  matched (:func:`conflictwire.evaluate.calibration.reliability`), with its ECE.
* splits: every figure on the chosen split; with ``all``, on all, DEV and TEST separately. A line
  without a ``split`` gets :func:`conflictwire.evaluate.splits.half` of its id.
* error lists (false positives and misses: article id, type, the trigger's sentence or the gold
  sentence, first 100 characters; at most 40 each) only for ``--split dev``, or for
  ``--split test`` when ``--show-errors`` is given; never TEST items otherwise.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from conflictwire.evaluate.calibration import Reliability, format_reliability, reliability
from conflictwire.evaluate.handcoded import (
    EVENT_TYPE_ORDER,
    SPLITS,
    EvaluationError,
    norm,
    pred_values,
)
from conflictwire.evaluate.splits import half
from conflictwire.model import Article, Event

FIELDS = (
    "sub_event_type", "actor1", "actor2", "country", "location", "event_date", "fatalities",
)  # fmt: skip
ERRORS_CAP = 40
SNIPPET = 100

# prefix -> (file under the data folder, how the id's key finds the record)
SOURCES: dict[str, tuple[str, str]] = {
    "mixed-news": ("corpus/mixed-news.jsonl", "id"),
    "news-negatives": ("train/news-negatives.jsonl.gz", "line"),
    "events-labelled": ("train/events-labelled.jsonl.gz", "line"),
}


# --------------------------------------------------------------------------- records


@dataclass
class GoldEvent:
    event_type: str
    sub_event_type: str = ""
    actor1: str | None = None
    actor2: str | None = None
    location: str | None = None
    country: str | None = None
    event_date: str | None = None
    fatalities: int = 0
    sentence: tuple[int, int] | None = None  # [start, end) into the article's text
    sentence_text: str = ""


@dataclass
class PredEvent:
    event_type: str
    sub_event_type: str = ""
    actor1: str = ""
    actor2: str = ""
    location: str = ""
    country: str = ""
    event_date: str = ""
    fatalities: int = 0
    confidence: float = 0.5
    has_coordinates: bool = False
    trigger_start: int | None = None
    trigger_text: str = ""
    snippet: str = ""  # the sentence around the trigger

    @classmethod
    def from_event(cls, event: Event, text: str = "") -> PredEvent:
        v = pred_values(event) or {}
        trig = event.evidence.get("trigger")
        start = trig.start if trig else None
        return cls(
            event_type=v.get("event_type", ""),
            sub_event_type=v.get("sub_event_type", ""),
            actor1=v.get("actor1", ""),
            actor2=v.get("actor2", ""),
            location=v.get("location", ""),
            country=v.get("country", ""),
            event_date=v.get("event_date", ""),
            fatalities=v.get("fatalities", 0),
            confidence=float(v.get("confidence") or 0.0),
            has_coordinates=v.get("latitude") is not None and v.get("longitude") is not None,
            trigger_start=start,
            trigger_text=trig.text if trig else "",
            snippet=sentence_at(text, start) if start is not None else "",
        )


@dataclass
class GoldArticle:
    id: str
    split: str
    category: str = ""
    hard_negative: bool = False
    events: list[GoldEvent] = field(default_factory=list)
    sentences: list[Any] = field(default_factory=list)  # raw "sentence" values, resolved later
    line: int = 0


@dataclass
class Match:
    """One article's pairing: (predicted index, gold index) pairs."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    type_errors: list[tuple[int, int]] = field(default_factory=list)
    false_positives: list[int] = field(default_factory=list)  # unmatched predicted (incl. type)
    misses: list[int] = field(default_factory=list)  # unmatched gold (incl. type errors)


@dataclass
class ArticleResult:
    id: str
    split: str
    category: str
    hard_negative: bool
    gold: list[GoldEvent]
    pred: list[PredEvent]
    match: Match
    fields: list[dict[str, bool | None]] = field(default_factory=list)  # per matched pair
    gated: bool = False  # stopped by the relevance gate before the parse


# --------------------------------------------------------------------------- matching


def _inside(pred: PredEvent, gold: GoldEvent) -> bool:
    if pred.trigger_start is None or gold.sentence is None:
        return False
    return gold.sentence[0] <= pred.trigger_start < gold.sentence[1]


def match_events(gold: Sequence[GoldEvent], pred: Sequence[PredEvent]) -> Match:
    """Pair one article's predicted events with its gold events (see the module's definitions)."""
    cands = [
        (norm(p.sub_event_type) != norm(g.sub_event_type), not _inside(p, g), i, j)
        for i, p in enumerate(pred)
        for j, g in enumerate(gold)
        if norm(p.event_type) == norm(g.event_type)
    ]
    m = Match()
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, _, i, j in sorted(cands):
        if i not in used_p and j not in used_g:
            m.pairs.append((i, j))
            used_p.add(i)
            used_g.add(j)
    for i, p in enumerate(pred):
        if i in used_p:
            continue
        others = [
            (not _inside(p, g), j)
            for j, g in enumerate(gold)
            if j not in used_g and norm(g.event_type) != norm(p.event_type)
        ]
        if others:
            j = min(others)[1]
            m.type_errors.append((i, j))
            used_g.add(j)
    matched_p = {i for i, _ in m.pairs}
    matched_g = {j for _, j in m.pairs}
    m.false_positives = [i for i in range(len(pred)) if i not in matched_p]
    m.misses = [j for j in range(len(gold)) if j not in matched_g]
    return m


_TRAILING_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


# ACLED names many groups "acronym: name" ("CPI (Maoist): Communist Party of India (Maoist)");
# a label that gives the name alone names the same group.
_ACRONYM_PREFIX = re.compile(r"^[^:]{1,16}:\s+")


def _actor_right(gold: str | None, pred: str | None) -> bool:
    g, p = gold or "", pred or ""
    if norm(g) == norm(p):
        return True
    if norm(_TRAILING_PAREN.sub("", g)) == norm(_TRAILING_PAREN.sub("", p)):
        return True
    g, p = _ACRONYM_PREFIX.sub("", g), _ACRONYM_PREFIX.sub("", p)
    return norm(_TRAILING_PAREN.sub("", g)) == norm(_TRAILING_PAREN.sub("", p))


def _location_right(gold: str | None, pred: PredEvent) -> bool | None:
    g, p = norm(gold), norm(pred.location)
    if not g:
        return None
    if not p:
        return None if pred.has_coordinates else False
    return g == p or g in p or p in g


def score_fields(gold: GoldEvent, pred: PredEvent) -> dict[str, bool | None]:
    """Per-field right/wrong of a matched pair; None where the field is not scored."""
    return {
        "sub_event_type": norm(gold.sub_event_type) == norm(pred.sub_event_type),
        "actor1": _actor_right(gold.actor1, pred.actor1),
        "actor2": _actor_right(gold.actor2, pred.actor2),
        "country": norm(gold.country) == norm(pred.country),
        "location": _location_right(gold.location, pred),
        "event_date": (gold.event_date == (pred.event_date or None)) if gold.event_date else None,
        "fatalities": int(gold.fatalities or 0) == int(pred.fatalities or 0),
    }


def score_article(gold: GoldArticle, pred: Sequence[PredEvent]) -> ArticleResult:
    """Match one article's predicted events with its gold events and score the matched pairs."""
    g, p = list(gold.events), list(pred)
    m = match_events(g, p)
    fields = [score_fields(g[j], p[i]) for i, j in m.pairs]
    return ArticleResult(gold.id, gold.split, gold.category, gold.hard_negative, g, p, m, fields)


# --------------------------------------------------------------------------- figures


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


def summarise(results: Iterable[ArticleResult]) -> dict[str, Any]:
    """All figures of a set of scored articles (see the module's definitions)."""
    rs = list(results)
    n_pred = sum(len(r.pred) for r in rs)
    n_gold = sum(len(r.gold) for r in rs)
    n_match = sum(len(r.match.pairs) for r in rs)
    n_type = sum(len(r.match.type_errors) for r in rs)
    p, rec = _ratio(n_match, n_pred), _ratio(n_match, n_gold)
    events = {
        "predicted": n_pred, "gold": n_gold, "matched": n_match,
        "false_positives": n_pred - n_match, "misses": n_gold - n_match, "type_errors": n_type,
        "precision": p, "recall": rec, "f1": _f1(p, rec),
    }  # fmt: skip

    # event_type: of the events located (matched, or paired with a gold event of another type),
    # the share whose type is right; the other fields are scored on matched pairs.
    fields: dict[str, dict[str, Any]] = {
        "event_type": {"accuracy": _ratio(n_match, n_match + n_type), "n": n_match + n_type}
    }
    for f in FIELDS:
        vals = [d[f] for r in rs for d in r.fields if d.get(f) is not None]
        fields[f] = {"accuracy": _ratio(sum(bool(v) for v in vals), len(vals)), "n": len(vals)}

    types = list(EVENT_TYPE_ORDER)
    seen = {e.event_type for r in rs for e in (*r.gold, *r.pred) if e.event_type}
    types += sorted(t for t in seen if t not in types)
    by_type: dict[str, dict[str, Any]] = {}
    for t in types:
        tp = sum(1 for r in rs for i, _ in r.match.pairs if r.pred[i].event_type == t)
        np_ = sum(1 for r in rs for e in r.pred if e.event_type == t)
        ng = sum(1 for r in rs for e in r.gold if e.event_type == t)
        pt, rt = _ratio(tp, np_), _ratio(tp, ng)
        by_type[t] = {"predicted": np_, "gold": ng, "matched": tp,
                      "precision": pt, "recall": rt, "f1": _f1(pt, rt)}  # fmt: skip

    confusion: Counter[tuple[str, str]] = Counter(
        (r.gold[j].event_type, r.pred[i].event_type) for r in rs for i, j in r.match.type_errors
    )
    hard = [r for r in rs if r.hard_negative]
    empty = [r for r in rs if not r.gold]
    articles = {
        "articles": len(rs),
        "with_events": sum(1 for r in rs if r.gold),
        "hard_negatives": len(hard),
        "hard_negatives_with_prediction": sum(1 for r in hard if r.pred),
        "hard_negative_fp_share": _ratio(sum(1 for r in hard if r.pred), len(hard)),
        "no_event_articles": len(empty),
        "no_event_with_prediction": sum(1 for r in empty if r.pred),
        "no_event_fp_share": _ratio(sum(1 for r in empty if r.pred), len(empty)),
        "gated": sum(1 for r in rs if r.gated),
        "gold_events_gated": sum(len(r.gold) for r in rs if r.gated),
    }
    rel = reliability_of(rs)
    return {
        "events": events,
        "fields": fields,
        "by_type": by_type,
        "type_confusion": [
            {"gold": g, "predicted": p_, "n": n} for (g, p_), n in sorted(confusion.items())
        ],
        "articles": articles,
        "reliability": rel.to_dict(),
    }


def reliability_of(results: Iterable[ArticleResult]) -> Reliability:
    """Each predicted event's confidence against whether it was matched."""
    pairs = []
    for r in results:
        matched = {i for i, _ in r.match.pairs}
        pairs += [(e.confidence, i in matched) for i, e in enumerate(r.pred)]
    return reliability(pairs)


def error_items(results: Iterable[ArticleResult], cap: int = ERRORS_CAP) -> dict[str, list]:
    """False positives and misses (id, type, text: first 100 characters), at most ``cap`` each."""
    fps: list[dict[str, Any]] = []
    misses: list[dict[str, Any]] = []
    for r in results:
        type_p = dict(r.match.type_errors)
        type_g = {j: i for i, j in r.match.type_errors}
        for i in r.match.false_positives:
            e = r.pred[i]
            g = r.gold[type_p[i]].event_type if i in type_p else None
            fps.append({
                "id": r.id, "split": r.split, "event_type": e.event_type,
                "sub_event_type": e.sub_event_type, "trigger": e.trigger_text,
                "text": e.snippet[:SNIPPET], "type_error_gold": g,
            })  # fmt: skip
        for j in r.match.misses:
            g_ev = r.gold[j]
            p = r.pred[type_g[j]].event_type if j in type_g else None
            misses.append({
                "id": r.id, "split": r.split, "event_type": g_ev.event_type,
                "sub_event_type": g_ev.sub_event_type, "text": g_ev.sentence_text[:SNIPPET],
                "type_error_predicted": p,
            })  # fmt: skip
    return {
        "false_positives": fps[:cap],
        "false_positives_total": len(fps),
        "misses": misses[:cap],
        "misses_total": len(misses),
    }


def sentence_at(text: str, pos: int) -> str:
    """The sentence of ``text`` around offset ``pos`` (split at . ! ? and line breaks)."""
    if not text or pos is None or not 0 <= pos <= len(text):
        return ""
    start = 0
    for m in re.finditer(r"[.!?]\s+|\n", text[:pos]):
        start = m.end()
    m2 = re.compile(r"[.!?](?=\s|$)|\n").search(text, pos)
    end = m2.end() if m2 else len(text)
    return " ".join(text[start:end].split())


# --------------------------------------------------------------------------- gold and texts


def sentence_span(raw: Any, text: str) -> tuple[tuple[int, int] | None, str]:
    if isinstance(raw, dict):
        try:
            s, e = int(raw["start"]), int(raw["end"])
        except (KeyError, TypeError, ValueError):
            return None, ""
        return (s, e), " ".join(text[s:e].split())
    if isinstance(raw, str) and raw:
        at = text.find(raw)
        if at >= 0:
            return (at, at + len(raw)), " ".join(raw.split())
        return None, " ".join(raw.split())
    return None, ""


def _opt_str(v: Any) -> str | None:
    return None if v is None or str(v).strip() == "" else str(v)


def read_labels(path: str | Path) -> list[GoldArticle]:
    """The labels file: one article a line (blank lines skipped)."""
    p = Path(path)
    if not p.is_file():
        raise EvaluationError(f"{path}: no such labels file")
    out: list[GoldArticle] = []
    with p.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                aid = str(row["id"])
                events = []
                for ev in row.get("events") or []:
                    date_v = ev.get("event_date")
                    events.append(GoldEvent(
                        event_type=str(ev["event_type"]),
                        sub_event_type=str(ev.get("sub_event_type") or ""),
                        actor1=_opt_str(ev.get("actor1")),
                        actor2=_opt_str(ev.get("actor2")),
                        location=_opt_str(ev.get("location")),
                        country=_opt_str(ev.get("country")),
                        event_date=str(date_v) if date_v else None,
                        fatalities=int(ev.get("fatalities") or 0),
                    ))  # fmt: skip
                sentences = [ev.get("sentence") for ev in row.get("events") or []]
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                raise EvaluationError(f"{path}:{n}: not a label line ({e})") from None
            split = str(row.get("split") or half(aid, ("dev", "test")))
            out.append(GoldArticle(
                id=aid, split=split, category=str(row.get("category") or ""),
                hard_negative=bool(row.get("hard_negative")), events=events,
                sentences=sentences, line=n,
            ))  # fmt: skip
    return out


def default_data_dir() -> Path:
    """``$CONFLICTWIRE_DATA``, else ``../shared/data`` relative to the current directory."""
    env = os.environ.get("CONFLICTWIRE_DATA")
    return Path(env) if env else Path.cwd() / ".." / "shared" / "data"


def _split_id(aid: str) -> tuple[str, str]:
    prefix, _, key = aid.partition(":")
    return prefix, key


def load_texts(ids: Iterable[str], data_dir: str | Path) -> tuple[dict[str, str], dict[str, str]]:
    """Texts of the article ids (each source file read once, gz streamed), and id -> reason for
    those not found. A missing data folder or needed source file raises EvaluationError."""
    root = Path(data_dir)
    if not root.is_dir():
        raise EvaluationError(f"{data_dir}: no such data folder (use --data or CONFLICTWIRE_DATA)")
    wanted: dict[str, dict[str, list[str]]] = {}
    missing: dict[str, str] = {}
    for aid in ids:
        prefix, key = _split_id(aid)
        if prefix not in SOURCES or not key:
            missing[aid] = f"unknown source {prefix!r}" if key else "no key after the source"
            continue
        if SOURCES[prefix][1] == "line" and not key.isdigit():
            missing[aid] = f"{key!r} is not a line number"
            continue
        wanted.setdefault(prefix, {}).setdefault(key, []).append(aid)
    for prefix in wanted:
        f = root / SOURCES[prefix][0]
        if not f.is_file():
            raise EvaluationError(f"{f}: no such source file")
    texts: dict[str, str] = {}
    for prefix, keys in wanted.items():
        rel, how = SOURCES[prefix]
        found = dict(_read_source(root / rel, how, set(keys)))
        for key, aids in keys.items():
            rec = found.get(key)
            for aid in aids:
                if rec is None:
                    missing[aid] = f"not in {rel}"
                elif not isinstance(rec.get("text"), str):
                    missing[aid] = f"no text in {rel}"
                else:
                    texts[aid] = rec["text"]
    return texts, missing


def _read_source(path: Path, how: str, keys: set[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    opener = gzip.open if path.suffix == ".gz" else open
    last = max((int(k) for k in keys), default=-1) if how == "line" else -1
    try:
        with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
            for n, line in enumerate(fh):
                if how == "line":
                    if n > last:
                        break
                    if str(n) not in keys:
                        continue
                    rec = _json(line)
                    if rec is not None:
                        yield str(n), rec
                else:
                    rec = _json(line)
                    if rec is not None and str(rec.get("id")) in keys:
                        yield str(rec["id"]), rec
    except (OSError, EOFError, UnicodeDecodeError) as e:
        raise EvaluationError(f"{path}: cannot read ({e})") from None


def _json(line: str) -> dict[str, Any] | None:
    try:
        rec = json.loads(line)
    except ValueError:
        return None
    return rec if isinstance(rec, dict) else None


# --------------------------------------------------------------------------- report


@dataclass
class NewsReport:
    labels: str
    data_dir: str
    split: str
    results: list[ArticleResult] = field(default_factory=list)
    not_found: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    show_errors: bool = False

    def splits(self) -> list[str]:
        """The splits to report: all, then dev and test where the labels have them (a check set
        of training-style labels has neither)."""
        if self.split != "all":
            return [self.split]
        return ["all"] + [s for s in ("dev", "test") if any(r.split == s for r in self.results)]

    def subset(self, split: str) -> list[ArticleResult]:
        return self.results if split == "all" else [r for r in self.results if r.split == split]

    def errors_shown(self) -> bool:
        """Error lists only for --split dev, or --split test with --show-errors."""
        return self.split == "dev" or (self.split == "test" and self.show_errors)

    def errors(self) -> dict[str, Any] | None:
        return error_items(self.subset(self.split)) if self.errors_shown() else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "labels": self.labels,
            "data": self.data_dir,
            "split": self.split,
            "articles_scored": len(self.results),
            "not_found": len(self.not_found),
            "not_found_ids": sorted(self.not_found),
            "seconds": round(self.seconds, 2),
            "figures": {s: summarise(self.subset(s)) for s in self.splits()},
        }
        errs = self.errors()
        if errs is not None:
            out["errors"] = errs
        return out

    def write_json(self, path: str | Path) -> None:
        Path(path).write_text(
            json.dumps(self.to_dict(), indent=2, default=str) + "\n", encoding="utf-8"
        )


def evaluate_news(
    labels: str | Path,
    data_dir: str | Path | None = None,
    split: str = "all",
    pipeline: Any = None,
    show_errors: bool = False,
    json_path: str | Path | None = None,
) -> NewsReport:
    """Run ``pipeline`` on the gold articles of ``split`` and score it (see the module doc).

    ``pipeline`` needs ``pipe()`` and ``events()``; it defaults to a new
    :class:`conflictwire.pipeline.Pipeline`. Raises EvaluationError for a missing labels file,
    data folder or source file, or a malformed label line.
    """
    if split not in SPLITS:
        raise EvaluationError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    root = Path(data_dir) if data_dir is not None else default_data_dir()
    gold = read_labels(labels)
    if split != "all":
        gold = [g for g in gold if g.split == split]
    texts, missing = load_texts([g.id for g in gold], root)
    report = NewsReport(str(labels), str(root), split, not_found=missing, show_errors=show_errors)
    found = [g for g in gold if g.id in texts]
    for g in found:
        text = texts[g.id]
        for ev, raw in zip(g.events, g.sentences, strict=True):
            ev.sentence, ev.sentence_text = sentence_span(raw, text)
    if pipeline is None and found:
        from conflictwire.pipeline import Pipeline

        pipeline = Pipeline()
    t0 = time.perf_counter()
    if found:
        articles = [Article(text=texts[g.id], id=g.id, published=None, source=None) for g in found]
        for g, doc in zip(found, pipeline.pipe(articles), strict=True):
            pred = [PredEvent.from_event(e, texts[g.id]) for e in pipeline.events(doc)]
            report.results.append(score_article(g, pred))
            report.results[-1].gated = getattr(doc, "gated", False)
    report.seconds = time.perf_counter() - t0
    if json_path:
        report.write_json(json_path)
    return report


# --------------------------------------------------------------------------- printing


def _f(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def print_report(report: NewsReport, console: Any = None, file: IO[str] | None = None) -> None:
    """Event P/R/F1, field accuracy, per-type P/R, article figures, reliability and errors."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    con = console or Console(file=file)
    splits = report.splits()
    figs = {s: summarise(report.subset(s)) for s in splits}
    head = (
        f"news evaluation: {report.labels} ({len(report.results)} articles scored, "
        f"{len(report.not_found)} not found, split={report.split}, {report.seconds:.1f} s)"
    )

    t = Table(title=head)
    t.add_column("events")
    for s in splits:
        t.add_column(s.upper(), justify="right")
    for k in ("gold", "predicted", "matched", "false_positives", "misses", "type_errors"):
        t.add_row(k, *(str(figs[s]["events"][k]) for s in splits))
    for k in ("precision", "recall", "f1"):
        t.add_row(k, *(_f(figs[s]["events"][k]) for s in splits))
    con.print(t)

    t = Table(title="Fields of matched events")
    t.add_column("field")
    for s in splits:
        t.add_column(s.upper(), justify="right")
        t.add_column("n", justify="right", style="dim")
    for f in ("event_type", *FIELDS):
        cells: list[str] = []
        for s in splits:
            cells += [_f(figs[s]["fields"][f]["accuracy"]), str(figs[s]["fields"][f]["n"])]
        t.add_row(f, *cells)
    con.print(t)

    t = Table(title="Per event type: precision / recall (matched / predicted / gold)")
    t.add_column("event type")
    for s in splits:
        t.add_column(s.upper(), justify="right")
    for ty in figs[splits[0]]["by_type"]:
        cells = []
        for s in splits:
            b = figs[s]["by_type"].get(ty)
            cells.append(
                f"{_f(b['precision'])} / {_f(b['recall'])} "
                f"({b['matched']}/{b['predicted']}/{b['gold']})"
                if b
                else "-"
            )
        t.add_row(Text(ty), *cells)
    con.print(t)

    conf = figs[splits[0]]["type_confusion"]
    if conf:
        con.print(Text(f"Type errors ({splits[0]}), gold -> predicted:"))
        for c in conf:
            con.print(Text(f"  {c['gold']} -> {c['predicted']}: {c['n']}"))

    t = Table(title="Articles")
    t.add_column("")
    for s in splits:
        t.add_column(s.upper(), justify="right")
    a = {s: figs[s]["articles"] for s in splits}
    t.add_row("articles scored", *(str(a[s]["articles"]) for s in splits))
    t.add_row("with gold events", *(str(a[s]["with_events"]) for s in splits))
    t.add_row("hard negatives", *(str(a[s]["hard_negatives"]) for s in splits))
    t.add_row(
        "hard negatives with a predicted event",
        *(f"{_f(a[s]['hard_negative_fp_share'])} ({a[s]['hard_negatives_with_prediction']})"
          for s in splits),
    )  # fmt: skip
    t.add_row("no-event articles", *(str(a[s]["no_event_articles"]) for s in splits))
    t.add_row(
        "no-event articles with a predicted event",
        *(f"{_f(a[s]['no_event_fp_share'])} ({a[s]['no_event_with_prediction']})"
          for s in splits),
    )  # fmt: skip
    t.add_row("stopped by the relevance gate (their gold events)",
              *(f"{a[s]['gated']} ({a[s]['gold_events_gated']})" for s in splits))  # fmt: skip
    con.print(t)

    for s in splits:
        rel = reliability_of(report.subset(s))
        con.print(Text(format_reliability(rel, f"confidence reliability ({s.upper()})")))

    if report.not_found:
        con.print(Text(f"{len(report.not_found)} label(s) whose article was not found"))

    errs = report.errors()
    if errs is None:
        con.print(
            Text("(false positives and misses are listed only with --split dev, "
                 "or --split test --show-errors)"), style="dim",
        )  # fmt: skip
        return
    name = report.split.upper()
    for kind, typ_key in (("false_positives", "type_error_gold"),
                          ("misses", "type_error_predicted")):  # fmt: skip
        items = errs[kind]
        w = Table(
            title=f"{kind.replace('_', ' ')} ({name}): {len(items)} of {errs[kind + '_total']}"
        )
        w.add_column("article", no_wrap=True)
        w.add_column("type")
        w.add_column("trigger / sentence", ratio=3)
        for it in items:
            ty = it["event_type"]
            if it.get(typ_key):
                ty += f"\n(type error: {'gold' if kind == 'false_positives' else 'pred'} "
                ty += f"{it[typ_key]})"
            txt = f"[{it['trigger']}] {it['text']}" if kind == "false_positives" else it["text"]
            w.add_row(Text(it["id"]), Text(ty), Text(txt))
        con.print(w)
