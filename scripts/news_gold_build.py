"""Build gold/news/labels.jsonl from the settled labelling batches (issue 11 gold set).

Usage: python scripts/news_gold_build.py LABELLING_DIR gold/news/labels.jsonl
       python scripts/news_gold_build.py LABELLING_DIR gold/news/train-labels.jsonl --silver

Reads, for every batch-N.jsonl in LABELLING_DIR, batch-N.agreed.jsonl (both readings named the
same events) and batch-N.settled.jsonl (adjudicated); with --silver, every silver-N.jsonl and its
single reading silver-N.labels.jsonl (training labels). Each event's sentence becomes character
offsets into the article text, so no text is stored in the repository; the split is
``conflictwire.evaluate.splits.half(id, ("dev", "test"))``.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from conflictwire.evaluate.splits import half

FIELDS = ("event_type", "sub_event_type", "actor1", "actor2", "location", "country",
          "event_date", "fatalities")  # fmt: skip


def main() -> None:
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    silver = "--silver" in sys.argv
    rows = []
    stats: Counter[str] = Counter()
    name = "silver" if silver else "batch"
    batches = folder.glob(f"{name}-*.jsonl")
    for batch in sorted(p for p in batches if p.stem.removeprefix(f"{name}-").isdigit()):
        texts = {r["id"]: r["text"] for r in map(json.loads, batch.open(encoding="utf-8"))}
        labelled = {}
        for kind in ("labels",) if silver else ("agreed", "settled"):
            path = batch.with_suffix(f".{kind}.jsonl")
            if not path.is_file():
                continue
            for r in map(json.loads, path.open(encoding="utf-8")):
                labelled[r["id"]] = (r, kind)
        for aid, text in texts.items():
            if aid not in labelled:
                stats["unlabelled"] += 1
                continue
            r, kind = labelled[aid]
            events = []
            for ev in r.get("events") or []:
                s = ev.get("sentence") or ""
                start = text.find(s) if s else -1
                if start < 0:
                    stats["sentence_not_found"] += 1
                    continue
                also = []
                for other in ev.get("also") or []:
                    at = text.find(other) if isinstance(other, str) and other else -1
                    if at >= 0:
                        also.append({"start": at, "end": at + len(other)})
                events.append({**{f: ev.get(f) for f in FIELDS},
                               "sentence": {"start": start, "end": start + len(s)},
                               **({"also": also} if also else {})})  # fmt: skip
            rows.append({
                "id": aid, "split": "train" if silver else half(aid, ("dev", "test")),
                "category": r.get("category") or "", "hard_negative": bool(r.get("hard_negative"))
                and not events, "events": events, "settled": kind,
            })  # fmt: skip
            stats[f"settled:{kind}"] += 1
            stats[f"split:{rows[-1]['split']}"] += 1
            stats["events"] += len(events)
            stats["articles_with_events"] += bool(events)
            stats["hard_negatives"] += rows[-1]["hard_negative"]
    rows.sort(key=lambda r: r["id"])
    with out.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(json.dumps(dict(sorted(stats.items())), indent=1))


if __name__ == "__main__":
    main()
