"""Select news articles for single-reading training labels (issue 11), none of them in the gold set.

Same sources and id scheme as ``news_gold_select.py``; GLOCON documents only from the half that
``evaluate glocon`` tunes on (``half(id) == "tune"``), so its held-out half stays unseen. Later
rounds draw more of the same kinds, leaving out what earlier rounds took.

Usage: python scripts/news_silver_select.py DATA GOLD OUTDIR [--round 2] [--batches 5]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from news_gold_select import _h, _jsonl, _pick, _violent, write_batches  # noqa: E402

from conflictwire.evaluate.splits import half  # noqa: E402

# (round, group) -> how many
SIZES = {
    1: {"geo-v": 150, "geo-r": 50, "glo-v": 110, "glo-r": 40, "w": 170, "w0": 30, "sb": 50,
        "muc": 100, "satp": 100, "ipe": 0},
    2: {"geo-v": 200, "geo-r": 60, "glo-v": 120, "glo-r": 40, "w": 300, "w0": 40, "sb": 80,
        "muc": 150, "satp": 150, "ipe": 60},
    3: {"geo-v": 120, "geo-r": 40, "glo-v": 80, "glo-r": 40, "w": 400, "w0": 40, "sb": 100,
        "muc": 200, "satp": 200, "ipe": 100},
    4: {"geo-v": 150, "geo-r": 60, "glo-v": 100, "glo-r": 40, "w": 400, "w0": 40, "sb": 100,
        "muc": 200, "satp": 100, "ipe": 100},
    5: {"geo-v": 0, "geo-r": 0, "glo-v": 0, "glo-r": 0, "w": 0, "w0": 0, "sb": 0, "muc": 0,
        "satp": 0, "ipe": 0, "cameo": 420, "ic": 180},
}  # fmt: skip


def select(data: Path, skip: set[str], rnd: int) -> list[tuple[str, str]]:
    n = SIZES[rnd]
    salt = "" if rnd == 1 else f"r{rnd}-"
    mixed = _jsonl(data / "corpus/mixed-news.jsonl")
    short = [r for r in mixed if 40 <= len(r["text"].split()) <= 900]
    geo, glo = [], []
    for r in short:
        key = f"mixed-news:{r['id']}"
        if key in skip:
            continue
        if not r["id"].startswith("glocon"):
            geo.append((key, r["text"]))
        elif half(r["id"].removeprefix("glocon-")) == "tune":
            glo.append((key, r["text"]))
    chosen = _pick([g for g in geo if _violent(g[1], 3)], n["geo-v"], salt + "s-geo-v")
    chosen += _pick([g for g in geo if g not in chosen], n["geo-r"], salt + "s-geo-r")
    chosen += _pick([g for g in glo if _violent(g[1], 2)], n["glo-v"], salt + "s-glo-v")
    chosen += _pick([g for g in glo if g not in chosen], n["glo-r"], salt + "s-glo-r")
    neg = _jsonl(data / "train/news-negatives.jsonl.gz")
    ag = [(f"news-negatives:{i}", r["text"], r["label"]) for i, r in enumerate(neg)]
    ag = [a for a in ag if a[0] not in skip]
    world = [(k, t) for k, t, lab in ag if lab == "World"]
    chosen += _pick([w for w in world if _violent(w[1], 1)], n["w"], salt + "s-w")
    chosen += _pick([w for w in world if not _violent(w[1], 1)], n["w0"], salt + "s-w0")
    sb = [(k, t) for k, t, lab in ag if lab in ("Sports", "Business") and _violent(t, 1)]
    chosen += _pick(sb, n["sb"], salt + "s-sb")
    lab = _jsonl(data / "train/events-labelled.jsonl.gz")
    muc, satp, ipe, cameo, ic = [], [], [], [], []
    for i, r in enumerate(lab):
        key = f"events-labelled:{i}"
        if key in skip:
            continue
        task = r["task"]
        if task.startswith("MUC-4") and 60 <= len(r["text"].split()) <= 600:
            muc.append((key, r["text"]))
        elif task.startswith("SATP"):
            satp.append((key, r["text"]))
        elif task.startswith("IndiaPoliceEvents_document") and len(r["text"].split()) <= 700:
            ipe.append((key, r["text"]))
        elif task.startswith("CAMEO") and len(r["text"]) >= 40:
            cameo.append((key, r["text"]))
        elif task.startswith("InsightCrime") and len(r["text"]) <= 3500:
            ic.append((key, r["text"]))
    chosen += _pick(muc, n["muc"], salt + "s-muc")
    chosen += _pick(satp, n["satp"], salt + "s-satp")
    chosen += _pick(ipe, n["ipe"], salt + "s-ipe")
    chosen += _pick(cameo, n.get("cameo", 0), salt + "s-cameo")  # short news sentences
    chosen += _pick(ic, n.get("ic", 0), salt + "s-ic")  # Latin American crime and conflict news
    return chosen


def main() -> None:
    data, labels, out = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    batches = int(sys.argv[sys.argv.index("--batches") + 1]) if "--batches" in sys.argv else 5
    rnd = int(sys.argv[sys.argv.index("--round") + 1]) if "--round" in sys.argv else 1
    skip = {r["id"] for r in _jsonl(labels)}
    first = 0
    if rnd > 1:  # every article labelled already, whatever file holds it
        for done in labels.parent.glob("*.jsonl"):
            skip |= {r["id"] for r in _jsonl(done)}
        first = len([p for p in out.glob("silver-*.jsonl") if p.stem.count(".") == 0])
    chosen = sorted(select(data, skip, rnd), key=lambda it: _h(f"silver{rnd}" + it[0]))
    write_batches(chosen, out, batches, "silver", first)


if __name__ == "__main__":
    main()
