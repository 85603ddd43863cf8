"""Geoparsing on its own: every toponym of a text, resolved, with offsets into the input.

``geoparse(articles)`` runs clean-up, the spaCy parse and the places stage (not the event stages)
and yields one :class:`GeoResult` per article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from conflictwire.doc import Doc
from conflictwire.model import Article


@dataclass
class GeoMatch:
    """A toponym in the text (``text``, ``start``, ``end``) and the entry it resolved to."""

    text: str
    start: int
    end: int
    name: str | None = None
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    feature_code: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    score: float = 0.0
    relative: bool = False


@dataclass
class GeoResult:
    article_id: str
    places: list[GeoMatch] = field(default_factory=list)
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "places": [
                {k: v for k, v in asdict(p).items() if k != "relative"} for p in self.places
            ],
        }


def matches(doc: Doc) -> list[GeoMatch]:
    """The resolved toponyms of a Doc the places stage has run on (unresolved ones skipped)."""
    out: list[GeoMatch] = []
    for r in doc.extra.get("resolutions", []):
        g = r.best
        if g is None:
            continue
        out.append(
            GeoMatch(
                text=r.cand.text if r.cand.end - r.cand.start == len(r.cand.text) else
                doc.text[r.cand.start : r.cand.end],
                start=r.cand.start,
                end=r.cand.end,
                name=g.name,
                geonameid=g.geonameid if g.geonameid > 0 else None,
                latitude=g.lat,
                longitude=g.lon,
                feature_code=g.fcode,
                country=g.country,
                admin1=g.admin1 if g.fcode != "PCLI" else None,
                admin2=g.admin2 if g.admin_level not in (0, 1) else None,
                score=round(float(r.score), 3),
                relative=r.cand.relative,
            )
        )  # fmt: skip
    return out


class Geoparser:
    """Holds the spaCy model and the resources; create once per process."""

    def __init__(self, resources: Any = None, nlp: Any = None) -> None:
        from conflictwire.nlp import load_nlp
        from conflictwire.resources import default_resources

        self.resources = resources or default_resources()
        self.nlp = nlp or load_nlp()

    def _doc(self, article: Article) -> Doc:
        from conflictwire.stages import clean

        doc = Doc(article=article)
        clean.run(doc, self.resources)
        return doc

    def docs(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Doc]:
        """Annotated Docs (clean, parse, places), parsed in batches."""
        from conflictwire.stages import places

        batch: list[Doc] = []

        def flush() -> Iterator[Doc]:
            for doc, sp in zip(batch, self.nlp.pipe([d.clean_text for d in batch]), strict=True):
                doc.spacy = sp
                places.run(doc, self.resources)
                yield doc

        for a in articles:
            batch.append(self._doc(a))
            if len(batch) >= batch_size:
                yield from flush()
                batch = []
        if batch:
            yield from flush()

    def parse(self, articles: Iterable[Article]) -> Iterator[GeoResult]:
        for doc in self.docs(articles):
            yield GeoResult(doc.article.id, matches(doc), doc.country)

    def text(self, text: str, article_id: str = "") -> GeoResult:
        return next(self.parse([Article(text=text, id=article_id)]))
