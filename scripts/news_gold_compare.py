"""Compare two independent readings of a labelling batch (issue 11 gold set).

Usage: python scripts/news_gold_compare.py BATCH.jsonl READER_A.jsonl READER_B.jsonl OUT_PREFIX

Writes OUT_PREFIX.agreed.jsonl (articles whose two readings name the same events: same count and
the same sub-event types, sentence by sentence; reader A's fields are kept) and
OUT_PREFIX.disputed.jsonl (every other article, with both readings, for adjudication), and prints
the agreement counts.
"""

from __future__ import annotations

import json
import sys
from collections import Counter


def _load(path: str) -> dict[str, dict]:
    with open(path, encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f)}


def _key(ev: dict) -> tuple[str, str]:
    return (ev.get("event_type") or "", ev.get("sub_event_type") or "")


def main() -> None:
    batch, a_path, b_path, out = sys.argv[1:5]
    with open(batch, encoding="utf-8") as f:
        order = [json.loads(line)["id"] for line in f]
    a, b = _load(a_path), _load(b_path)
    stats: Counter[str] = Counter()
    agreed, disputed = [], []
    for aid in order:
        ra, rb = a.get(aid), b.get(aid)
        if ra is None or rb is None:
            stats["missing"] += 1
            continue
        ea, eb = ra.get("events") or [], rb.get("events") or []
        stats["articles"] += 1
        stats["presence_agree"] += bool(ea) == bool(eb)
        stats["events_a"] += len(ea)
        stats["events_b"] += len(eb)
        same_types = Counter(_key(e) for e in ea) == Counter(_key(e) for e in eb)
        same_etypes = Counter(e.get("event_type") for e in ea) == Counter(
            e.get("event_type") for e in eb
        )
        stats["event_type_lists_agree"] += same_etypes
        if same_types:
            stats["agreed"] += 1
            for x, y in zip(
                sorted(ea, key=lambda e: (_key(e), e.get("sentence", ""))),
                sorted(eb, key=lambda e: (_key(e), e.get("sentence", ""))),
                strict=True,
            ):
                for f in ("actor1", "actor2", "location", "event_date", "fatalities"):
                    stats[f"field_pairs:{f}"] += 1
                    stats[f"field_agree:{f}"] += str(x.get(f) or "").lower() == str(
                        y.get(f) or ""
                    ).lower()
            agreed.append({**ra, "readings": 2, "settled": "agreed"})
        else:
            disputed.append({"id": aid, "reading_a": ra, "reading_b": rb})
    with open(out + ".agreed.jsonl", "w", encoding="utf-8") as f:
        for r in agreed:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(out + ".disputed.jsonl", "w", encoding="utf-8") as f:
        for r in disputed:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(json.dumps(dict(sorted(stats.items())), indent=1))
    print(f"agreed {len(agreed)}, disputed {len(disputed)}")


if __name__ == "__main__":
    main()
