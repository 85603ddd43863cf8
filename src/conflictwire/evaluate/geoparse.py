"""Evaluation of the geoparser on the GeoWebNews / LGL XML files.

Definitions (the project's, followed exactly):

* gold = the ``<toponym>`` elements that have coordinates (GeoWebNews ``<latitude>/<longitude>``,
  LGL ``<gaztag><lat>/<lon>``); offsets are character positions in the article's ``<text>``;
* a prediction whose span overlaps a gold span has *found* it; it is *right* when its coordinates
  lie within 161 km of the gold ones;
* ``acc161_of_found`` = right / found; ``acc161_end_to_end`` = right / all gold;
  ``span_recall`` = found / all gold; ``span_precision`` = predictions overlapping any gold
  toponym (with or without coordinates) / all predictions;
* ``ceiling`` = the share of gold toponyms with a same-named gazetteer entry (same lookup key,
  any country; a demonym names its country or region) within 161 km: the best any resolver
  could do with the gazetteer in use;
* ``id_acc_of_found`` (files whose gold carries GeoNames ids, as LGL's ``gaztag``): of the
  found gold toponyms with an id, the share read as that very GeoNames entry;
* split: an article is TUNE when ``zlib.crc32(its id) % 2 == 0``, else HELD-OUT.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conflictwire.evaluate.splits import half
from conflictwire.geo import haversine_km

KM = 161.0
SPLITS = ("all", "tune", "held-out")


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float | None
    lon: float | None
    geonameid: int | None = None  # LGL's ``<gaztag geonameid=...>``

    @property
    def has_coords(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class GeoArticle:
    id: str
    text: str
    gold: list[GoldToponym] = field(default_factory=list)

    @property
    def split(self) -> str:
        return half(self.id)


def _float(el: ET.Element | None) -> float | None:
    if el is None or not (el.text or "").strip():
        return None
    try:
        return float(el.text)  # type: ignore[arg-type]
    except ValueError:
        return None


def read_xml(path: str | Path) -> list[GeoArticle]:
    """Articles and gold toponyms of a GeoWebNews- or LGL-style XML file."""
    root = ET.parse(path).getroot()
    out: list[GeoArticle] = []
    for n, art in enumerate(root.iter("article")):
        aid = art.get("docid") or art.get("file") or str(n)
        text = art.findtext("text") or ""
        gold: list[GoldToponym] = []
        for t in art.iter("toponym"):
            try:
                start, end = int(t.findtext("start") or ""), int(t.findtext("end") or "")
            except ValueError:
                continue
            gaz = t.find("gaztag")
            gid = None
            if gaz is not None:
                lat, lon = _float(gaz.find("lat")), _float(gaz.find("lon"))
                gid = int(g) if (g := gaz.get("geonameid") or "").isdigit() else None
            else:
                lat, lon = _float(t.find("latitude")), _float(t.find("longitude"))
            gold.append(GoldToponym(start, end, text[start:end], lat, lon, gid))
        out.append(GeoArticle(aid, text, gold))
    return out


@dataclass
class Counts:
    articles: int = 0
    gold: int = 0
    found: int = 0
    right: int = 0
    predictions: int = 0
    predictions_on_gold: int = 0
    ceiling_hits: int = 0
    found_with_id: int = 0  # found gold toponyms whose gold carries a GeoNames id
    right_id: int = 0  # of them, read as that very GeoNames entry

    def add(self, o: Counts) -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(o, k))

    def figures(self) -> dict[str, float]:
        def r(a: int, b: int) -> float:
            return round(a / b, 4) if b else 0.0

        return {
            "acc161_of_found": r(self.right, self.found),
            "acc161_end_to_end": r(self.right, self.gold),
            "span_recall": r(self.found, self.gold),
            "span_precision": r(self.predictions_on_gold, self.predictions),
            "ceiling": r(self.ceiling_hits, self.gold),
            "id_acc_of_found": r(self.right_id, self.found_with_id),
        }


def _overlap(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score_article(
    art: GeoArticle, preds: Iterable[Any], gaz: Any = None, names: Any = None
) -> tuple[Counts, list]:
    """Counts for one article; ``preds`` have start, end, latitude, longitude. Also the misses.
    ``names(text)`` gives the gazetteer entries a name can mean (for the ceiling)."""
    preds = [p for p in preds if p.latitude is not None and p.longitude is not None]
    c = Counts(articles=1, predictions=len(preds))
    c.predictions_on_gold = sum(
        any(_overlap(p.start, p.end, g.start, g.end) for g in art.gold) for p in preds
    )
    misses: list[tuple] = [
        ("extra", GoldToponym(p.start, p.end, p.text, None, None), p)
        for p in preds
        if not any(_overlap(p.start, p.end, g.start, g.end) for g in art.gold)
    ]
    for g in art.gold:
        if not g.has_coords:
            continue
        c.gold += 1
        named = names(g.text) if names is not None else gaz.exact(g.text) if gaz else []
        if any(
            q.lat is not None and haversine_km(g.lat, g.lon, q.lat, q.lon) <= KM  # type: ignore[arg-type]
            for q in named
        ):
            c.ceiling_hits += 1
        over = [p for p in preds if _overlap(p.start, p.end, g.start, g.end)]
        if not over:
            misses.append(("missed", g, None))
            continue
        c.found += 1
        p = max(over, key=lambda p: min(p.end, g.end) - max(p.start, g.start))
        if g.geonameid is not None:
            c.found_with_id += 1
            c.right_id += getattr(p, "geonameid", None) == g.geonameid
        d = haversine_km(g.lat, g.lon, p.latitude, p.longitude)  # type: ignore[arg-type]
        if d <= KM:
            c.right += 1
        else:
            misses.append(("wrong", g, p))
    return c, misses


@dataclass
class GeoReport:
    name: str
    counts: dict[str, Counts]
    seconds: float
    misses: list = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.name,
            "seconds": round(self.seconds, 1),
            **{s: {"articles": c.articles, "gold": c.gold, **c.figures()}
               for s, c in self.counts.items()},
        }  # fmt: skip


def evaluate_geoparse(
    path: str | Path, limit: int | None = None, geoparser: Any = None, split: str = "all"
) -> GeoReport:
    """Run the geoparser on every article of ``path`` and score it (all, tune, held-out)."""
    from conflictwire.gazetteer.geoparse import Geoparser, demonym_place
    from conflictwire.model import Article

    t0 = time.perf_counter()
    arts = read_xml(path)
    if split != "all":
        arts = [a for a in arts if a.split == split]
    arts = arts[:limit] if limit else arts
    gp = geoparser or Geoparser()
    gaz = gp.resources.gazetteer

    def names(text: str) -> list[Any]:
        demonym = demonym_place(text, gp.resources)
        return [*gaz.exact(text), *([demonym] if demonym is not None else [])]

    counts = {s: Counts() for s in SPLITS}
    misses: list = []
    by_id = {a.id: a for a in arts}
    results = gp.parse(Article(text=a.text, id=a.id) for a in arts)
    for res in results:
        art = by_id[res.article_id]
        c, m = score_article(art, res.places, gaz, names)
        counts["all"].add(c)
        counts[art.split].add(c)
        misses.extend((art.id, *x) for x in m)
    return GeoReport(Path(path).name, counts, time.perf_counter() - t0, misses)


def print_report(report: GeoReport, console: Any, misses: int = 0) -> None:
    from rich.table import Table

    tab = Table(title=f"geoparse: {report.name} ({report.seconds:.0f} s)")
    cols = ["articles", "gold", "acc161_of_found", "acc161_end_to_end", "span_recall",
            "span_precision", "ceiling", "e2e/ceiling"]  # fmt: skip
    ids = any(c.found_with_id for c in report.counts.values())
    tab.add_column("split")
    for col in cols + (["id_acc_of_found"] if ids else []):
        tab.add_column(col, justify="right")
    for s, c in report.counts.items():
        f = c.figures()
        ratio = f["acc161_end_to_end"] / f["ceiling"] if f["ceiling"] else 0.0
        tab.add_row(s, str(c.articles), str(c.gold), *(f"{f[k]:.3f}" for k in cols[2:-1]),
                    f"{ratio:.3f}", *([f"{f['id_acc_of_found']:.3f}"] if ids else []))  # fmt: skip
    console.print(tab)
    if ids:
        console.print("id_acc_of_found: found toponyms whose gold GeoNames id is the one read "
                      "(countries and id-less units of the embedded gazetteer carry no id)")
    for aid, kind, g, p in report.misses[:misses]:
        got = f"-> {p.name} ({p.country}, {p.latitude:.2f},{p.longitude:.2f})" if p else ""
        at = f"({g.lat:.2f},{g.lon:.2f})" if g.has_coords else ""
        console.print(f"{kind:6} {aid}: {g.text!r} {at} {got}")
