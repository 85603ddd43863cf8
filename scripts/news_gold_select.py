"""Select the articles of the real-news gold set (issue 11) from ../shared/data.

Deterministic: every choice is a stable hash of the article's key, never the system's output.
Writes one JSONL of {id, text} per labelling batch into OUTDIR (outside the repository: texts
stay in ../shared). Article ids name their file and key:
  mixed-news:<id>         ../shared/data/corpus/mixed-news.jsonl, by its "id"
  news-negatives:<line>   ../shared/data/train/news-negatives.jsonl.gz, by 0-based line
  events-labelled:<line>  ../shared/data/train/events-labelled.jsonl.gz, by 0-based line

Usage: python scripts/news_gold_select.py ../shared/data OUTDIR [--batches 3]
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
from pathlib import Path

VIOLENT = re.compile(
    r"\b(kill(ed|ing|s)?|shot|shoot(ing|s)?|attack(ed|s)?|bomb(ed|ing|s)?|battle[ds]?|war|"
    r"fight(ing|s)?|clash(es|ed)?|murder(ed|s)?|dead|death|riot(s|ing)?|protest(s|ers|ed)?|"
    r"strike[sd]?|blast|explosion|stab(bed|bing)?|wounded|injured|gun(man|men|fire)?|"
    r"arrest(ed|s)?|assault(ed)?|raid(ed|s)?|hostage|kidnap(ped|ping)?|rebels?|troops|"
    r"militants?|police)\b",
    re.I,
)


def _h(key: str) -> int:
    return int(hashlib.sha1(key.encode()).hexdigest()[:12], 16)


def _pick(items: list[tuple[str, str]], n: int, salt: str) -> list[tuple[str, str]]:
    return sorted(items, key=lambda it: _h(salt + it[0]))[:n]


def _violent(text: str, least: int = 2) -> bool:
    return len(VIOLENT.findall(text)) >= least


def _jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def select(data: Path) -> list[tuple[str, str]]:
    mixed = _jsonl(data / "corpus/mixed-news.jsonl")
    glocon = _jsonl(data / "events/glocon_sample/sample/document/Sabinet_R.json")
    glocon_labels = {"glocon-" + row["id"]: row.get("label") for row in glocon}
    short = [r for r in mixed if 40 <= len(r["text"].split()) <= 900]
    geo = [(f"mixed-news:{r['id']}", r["text"]) for r in short if not r["id"].startswith("glocon")]
    glo = [r for r in short if r["id"].startswith("glocon")]
    chosen: list[tuple[str, str]] = []
    chosen += _pick([g for g in geo if _violent(g[1], 3)], 110, "geo-v")
    chosen += _pick([g for g in geo if g not in chosen], 40, "geo-r")
    glo_pos = [(f"mixed-news:{r['id']}", r["text"]) for r in glo if glocon_labels.get(r["id"]) == 1]
    glo_neg = [(f"mixed-news:{r['id']}", r["text"]) for r in glo if glocon_labels.get(r["id"]) != 1]
    chosen += _pick(glo_pos, 40, "glo-p")
    chosen += _pick([g for g in glo_neg if _violent(g[1], 3)], 50, "glo-v")
    chosen += _pick([g for g in glo_neg if g not in chosen], 20, "glo-r")

    neg = _jsonl(data / "train/news-negatives.jsonl.gz")

    def by(lab: str, test) -> list[tuple[str, str]]:
        return [(f"news-negatives:{i}", r["text"]) for i, r in enumerate(neg)
                if r["label"] == lab and test(r["text"])]  # fmt: skip

    chosen += _pick(by("World", lambda t: _violent(t, 1)), 50, "ag-w")
    chosen += _pick(by("Sports", lambda t: _violent(t, 1)), 25, "ag-s")
    chosen += _pick(by("Business", lambda t: _violent(t, 1)), 25, "ag-b")
    chosen += _pick(by("WORKPLACE_ACCIDENT", lambda t: 40 <= len(t.split()) <= 400), 15, "osha")

    lab = _jsonl(data / "train/events-labelled.jsonl.gz")
    muc = [
        (f"events-labelled:{i}", r["text"], r["event_present"])
        for i, r in enumerate(lab)
        if r["task"].startswith("MUC-4") and 60 <= len(r["text"].split()) <= 600
    ]
    chosen += [(k, t) for k, t, _ in _pick([m for m in muc if m[2] == 1], 25, "muc-p")]
    chosen += [(k, t) for k, t, _ in _pick([m for m in muc if m[2] == 0], 15, "muc-n")]
    return chosen


def write_batches(
    chosen: list[tuple[str, str]], out: Path, batches: int, name: str, first: int = 0
) -> None:
    """Deal the articles round-robin into OUT/NAME-<n>.jsonl files of {id, text}."""
    out.mkdir(parents=True, exist_ok=True)
    for b in range(batches):
        with open(out / f"{name}-{first + b + 1}.jsonl", "w", encoding="utf-8") as f:
            for key, text in chosen[b::batches]:
                f.write(json.dumps({"id": key, "text": text}, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} articles in {batches} batches -> {out}")


def main() -> None:
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    batches = int(sys.argv[sys.argv.index("--batches") + 1]) if "--batches" in sys.argv else 3
    chosen = sorted(select(data), key=lambda it: _h("order" + it[0]))
    write_batches(chosen, out, batches, "batch")


if __name__ == "__main__":
    main()
