"""Training reports for the event decision, read from ``../shared/data/train`` (see its README).

Positives are ACLED notes (their coder's annotations stripped, as news never carries them) with
their sub-event type, and South Asia Terrorism Portal snippets marked relevant (event or not only).
Negatives are news that is not an ACLED event: sport, business and science wire stories, crime
and non-crime headlines, workplace-accident summaries and MUC-4 documents without a terrorist
incident. AG News "World" stories are left out: many of them are real events. Every article of
the real-news gold set (``gold/news/labels.jsonl``) and of the check sets
(``gold/news/round*-labels.jsonl``) is left out, whatever its split.

The choice of rows is a stable hash of each row's key, so the same files give the same sample.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conflictwire.evaluate.annotations import strip_annotations
from conflictwire.model import Article

# How many rows of each group are drawn (the cap per ACLED sub-event type, and per negative label).
ACLED_PER_TYPE = 320
NEGATIVES = {
    "Sports": 700,
    "Business": 700,
    "Sci/Tech": 250,
    "CRIME": 1400,
    "NOT_CRIME": 600,
    "WORKPLACE_ACCIDENT": 400,
}
MUC_NEGATIVES = 250
SATP_POSITIVES = 400
# The group of the ACLED evaluation file's dev-half notes: trained on by the decision's heads, not
# by the relevance gate (whose threshold they bound), and read cross-fitted when they bound the
# decision's threshold (train.py).
ACLED_DEV_GROUP = "acled-dev:"


@dataclass(frozen=True)
class TrainReport:
    article: Article
    event: bool  # the report tells a codable event
    sub_event_type: str | None  # its ACLED sub-event type, when known
    group: str  # where it came from, for the model card's counts
    # Labelled news: (start, end, sub-event type) of each labelled event's sentence; None for
    # reports labelled as a whole (then every candidate takes the report's label).
    spans: tuple[tuple[int, int, str], ...] | None = None


def _h(key: str) -> str:
    return hashlib.sha1(key.encode()).hexdigest()


def gold_ids(*labels: Path | None) -> set[str]:
    """Article ids of the labelled news files ``labels`` (the gold set and the check sets: left
    out of training, whatever their split)."""
    out: set[str] = set()
    for path in labels:
        if path is not None and path.is_file():
            with path.open(encoding="utf-8") as f:
                out |= {json.loads(line)["id"] for line in f if line.strip()}
    return out


def acled_reports(train: Path) -> Iterator[TrainReport]:
    path = train / "acled-notes.csv.gz"
    with gzip.open(path, "rb") as raw:
        rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
    by_type: dict[str, list[tuple[str, dict]]] = {}
    for i, r in enumerate(rows):
        note = strip_annotations(r.get("notes") or "").strip()
        sub = r.get("sub_event_type") or ""
        if len(note) < 20 or not sub:
            continue
        by_type.setdefault(sub, []).append((_h(f"acled:{i}"), {**r, "notes": note, "_i": i}))
    for sub, r in _capped(by_type):
        art = Article(text=r["notes"], id=f"acled-notes:{r['_i']}")
        yield TrainReport(art, True, sub, f"acled:{r.get('event_type')}")


def _capped(by_type: dict[str, list[tuple[str, Any]]]) -> Iterator[tuple[str, Any]]:
    """(sub-event type, row) of the first ``ACLED_PER_TYPE`` rows of each type, by their hash."""
    for sub in sorted(by_type):
        for _, row in sorted(by_type[sub], key=lambda kv: kv[0])[:ACLED_PER_TYPE]:
            yield sub, row


def acled_dev_reports(csv_path: Path) -> Iterator[TrainReport]:
    """The notes of the dev half of the ACLED evaluation file (``evaluate acled``'s split; never
    its test half), annotations stripped, capped per sub-event type as the training notes are.
    They bring what the training notes lack: India, Pakistan, Syria, Yemen, Mexico, Brazil and
    the rest of Latin America. Their article id is the note's ``event_id_cnty``."""
    from conflictwire.evaluate.handcoded import read_gold

    by_type: dict[str, list[tuple[str, Any]]] = {}
    for r in read_gold(csv_path):
        sub = r.values["sub_event_type"]
        art = r.article()
        if r.split != "dev" or not sub or len(art.text.strip()) < 20:
            continue
        by_type.setdefault(sub, []).append((_h(f"acled-dev:{r.id}"), (art, r.values["event_type"])))
    for sub, (art, event_type) in _capped(by_type):
        yield TrainReport(art, True, sub, f"{ACLED_DEV_GROUP}{event_type}")


def _jsonl_gz(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def negative_reports(train: Path, exclude: set[str]) -> Iterator[TrainReport]:
    rows = _jsonl_gz(train / "news-negatives.jsonl.gz")
    by_label: dict[str, list[tuple[str, int]]] = {}
    for i, r in enumerate(rows):
        key = f"news-negatives:{i}"
        if r.get("label") in NEGATIVES and key not in exclude and len(r["text"]) >= 20:
            by_label.setdefault(r["label"], []).append((_h(key), i))
    for label, n in NEGATIVES.items():
        for _, i in sorted(by_label.get(label, []))[:n]:
            r = rows[i]
            art = Article(text=r["text"], id=f"news-negatives:{i}", title=r.get("title"))
            yield TrainReport(art, False, None, f"negative:{label}")


def labelled_reports(train: Path, exclude: set[str]) -> Iterator[TrainReport]:
    rows = _jsonl_gz(train / "events-labelled.jsonl.gz")
    muc, satp = [], []
    for i, r in enumerate(rows):
        key = f"events-labelled:{i}"
        if key in exclude:
            continue
        task = r.get("task", "")
        if task.startswith("MUC-4") and r.get("event_present") == 0:
            muc.append((_h(key), i))
        elif task.startswith("SATP_relevant") and r.get("event_present") == 1:
            satp.append((_h(key), i))
    for _, i in sorted(muc)[:MUC_NEGATIVES]:
        yield TrainReport(Article(text=rows[i]["text"], id=f"events-labelled:{i}"), False, None,
                          "negative:MUC-4")  # fmt: skip
    for _, i in sorted(satp)[:SATP_POSITIVES]:
        yield TrainReport(Article(text=rows[i]["text"], id=f"events-labelled:{i}"), True, None,
                          "positive:SATP")  # fmt: skip


def news_reports(news_labels: Path, data: Path, exclude: set[str]) -> Iterator[TrainReport]:
    """Articles labelled event by event for training (``gold/news/train-labels.jsonl``: one
    reading each, never an article of the gold set). Each labelled event gives the span of its
    sentence, and of any other sentence that tells it again ("also")."""
    from conflictwire.evaluate.news import load_texts

    with news_labels.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    rows = [r for r in rows if r["id"] not in exclude]
    texts, _ = load_texts([r["id"] for r in rows], data)
    for r in rows:
        if r["id"] not in texts:
            continue
        spans = tuple(
            (int(s["start"]), int(s["end"]), str(e.get("sub_event_type") or ""))
            for e in r.get("events") or []
            for s in [e["sentence"], *(e.get("also") or [])]
        )
        src = r["id"].split(":", 1)[0]
        art = Article(text=texts[r["id"]], id=r["id"])
        yield TrainReport(art, bool(spans), None, f"news:{src}", spans)


def training_reports(
    train: Path,
    labels: Path | None = None,
    news_labels: Path | None = None,
    checks: tuple[Path, ...] = (),
    acled_dev: Path | None = None,
) -> list[TrainReport]:
    """Every training report, in a fixed order. ``labels`` (the gold set) and ``checks`` (the
    check sets, which choose the threshold): their articles are left out. Some of the check
    sets' articles are also among the training files' MUC-4, SATP and AG News rows.
    ``acled_dev``: the ACLED evaluation file, whose dev half's notes join the training notes."""
    exclude = gold_ids(labels, *checks)
    news = []
    if news_labels is not None and news_labels.is_file():
        news = list(news_reports(news_labels, train.parent, exclude))
    labelled = exclude | {r.article.id for r in news}  # each report once, with its own labels
    out = list(acled_reports(train))
    out += negative_reports(train, labelled)
    out += labelled_reports(train, labelled)
    if acled_dev is not None and acled_dev.is_file():
        out += acled_dev_reports(acled_dev)
    return out + news
