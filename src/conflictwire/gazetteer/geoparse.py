"""Geoparsing on its own: every toponym of a text, resolved, with offsets into the input.

``geoparse(articles)`` runs clean-up, the spaCy parse and the places stage (not the event stages)
and yields one :class:`GeoResult` per article.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from conflictwire.doc import Doc
from conflictwire.gazetteer.lexicon import world_demonyms
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
    explain: dict[str, Any] | None = None  # with ``--explain``: the readings weighed, and why


@dataclass
class GeoResult:
    article_id: str
    places: list[GeoMatch] = field(default_factory=list)
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "places": [
                {k: v for k, v in asdict(p).items()
                 if k != "relative" and (k != "explain" or v is not None)}
                for p in self.places
            ],  # fmt: skip
        }


def _framed_by_context(c: Any) -> bool:
    """The text marks an unknown name as a place beyond spaCy's label: a unit or settlement
    word, enclosing units, or a relative cue."""
    return bool(c.level or c.settlement or c.hints or c.is_hint or c.relative)


def explanation(r: Any, n: int = 3) -> dict[str, Any]:
    """What decided a resolution: the ``n`` likeliest readings the ranking model weighed, each
    with its probability and the features that weighed most (``gazetteer/rank.py``), and
    whether a rule then set another reading (a unit named with the name that the model's
    reading lies outside, a cue region, a list)."""
    from conflictwire.gazetteer.rank import explain

    readings = explain(r.readings)
    top = readings[0].place if readings else None
    return {
        "readings": [
            {"name": x.place.name, "country": x.place.country, "admin1": x.place.admin1,
             "admin2": x.place.admin2, "feature_code": x.place.fcode,
             "geonameid": x.place.geonameid if x.place.geonameid > 0 else None,
             "p": round(x.p, 3),
             "because": {k: round(v, 2) for k, v in x.because}}
            for x in readings[:n]
        ],
        "set_by_rule": r.place is not top,
    }  # fmt: skip


def matches(doc: Doc, explain: bool = False) -> list[GeoMatch]:
    """The toponyms of a Doc the places stage has run on. A name the gazetteer does not hold
    keeps null coordinates and id, with the country and units of the smallest unit that
    encloses it ("Badah town (Larkana, Sindh)" -> Pakistan, Sindh, Larkana); names with
    neither are skipped. ``explain``: each with :func:`explanation`."""
    out: list[GeoMatch] = []
    for r in doc.extra.get("resolutions", []):
        g = r.best
        if g is None:
            continue
        c = r.cand
        text = c.text if c.end - c.start == len(c.text) else doc.text[c.start : c.end]
        unit_admin1 = g.admin1 if g.fcode != "PCLI" else None
        unit_admin2 = g.admin2 if g.admin_level not in (0, 1) else None
        guess = not c.known and r.place is not None and not _framed_by_context(c)
        if guess:  # a close spelling with nothing around it that marks a place: a guess
            out.append(GeoMatch(text=text, start=c.start, end=c.end, country=g.country,
                                score=0.0, relative=c.relative))  # fmt: skip
            continue
        if r.place is None:  # only the enclosing unit is known
            if g.admin_level == 1:
                unit_admin1 = g.name
            elif g.admin_level == 2:
                unit_admin2 = g.name
            out.append(GeoMatch(text=text, start=c.start, end=c.end, country=g.country,
                                admin1=unit_admin1, admin2=unit_admin2, score=0.0,
                                relative=c.relative))  # fmt: skip
            continue
        out.append(
            GeoMatch(
                text=text,
                start=c.start,
                end=c.end,
                name=g.name,
                geonameid=g.geonameid if g.geonameid > 0 else None,
                latitude=g.lat,
                longitude=g.lon,
                feature_code=g.fcode,
                country=g.country,
                admin1=unit_admin1,
                admin2=unit_admin2,
                score=round(float(r.score), 3),
                relative=c.relative,
                explain=explanation(r) if explain and r.readings else None,
            )
        )
    return out


def dateline_matches(doc: Doc) -> list[GeoMatch]:
    """The places of the dateline ("KOLKATA, India -"), which the other stages do not read."""
    out = []
    for d in doc.extra.get("dateline", []):
        g = d.place
        out.append(GeoMatch(text=d.text, start=d.start, end=d.end, name=g.name,
                            geonameid=g.geonameid if g.geonameid > 0 else None, latitude=g.lat,
                            longitude=g.lon, feature_code=g.fcode, country=g.country,
                            admin1=g.admin1 if g.fcode != "PCLI" else None,
                            admin2=g.admin2 if g.admin_level not in (0, 1) else None))  # fmt: skip
    return out


def demonym_place(word: str, res: Any) -> Any:
    """The gazetteer entry of the country or region a demonym names ("Russian" -> Russia,
    "Palestinians" -> Palestine, "European" -> Europe), else None."""
    world = world_demonyms()
    if word in world:
        named = res.gazetteer.exact(world[word], loose=False)
        return next((p for p in named if p.fcode == "CONT"), None)
    c = res.countries.by_demonym(word)
    if c is None and word.endswith("s") and " " not in word:
        c = res.countries.by_demonym(word[:-1])
    return res.gazetteer.by_code(c.iso2) if c is not None else None


def demonyms(doc: Doc, res: Any, taken: list[GeoMatch]) -> list[GeoMatch]:
    """Demonyms ("Russian", "Sri Lankan", "Palestinians", "European") as mentions of their
    country or region. They are toponyms for geoparsing; the event stages never take them as
    an event's place."""
    sp = doc.spacy
    if sp is None:
        return []
    spans = [(m.start, m.end) for m in taken]
    out: list[GeoMatch] = []
    k = 0
    while k < len(sp):
        hit = None
        for n in (3, 2, 1):  # longest first: "South Ossetian" before "Ossetian"
            span = sp[k : k + n]
            if len(span) < n or not span.text[:1].isupper() or not span[-1].is_alpha:
                continue
            place = demonym_place(span.text, res)
            if place is not None:
                hit = (span, place)
                break
        if hit is None:
            k += 1
            continue
        span, g = hit
        s, e = span.start_char, span.end_char
        if not any(a < e and s < b for a, b in spans):
            out.append(GeoMatch(text=span.text, start=s, end=e, name=g.name,
                                geonameid=g.geonameid if g.geonameid > 0 else None,
                                latitude=g.lat, longitude=g.lon, feature_code=g.fcode,
                                country=g.country, score=0.5))  # fmt: skip
        k += len(span)
    return out


class Geoparser:
    """Holds the spaCy model and the resources; create once per process."""

    def __init__(self, resources: Any = None, nlp: Any = None) -> None:
        from conflictwire.nlp import load_nlp
        from conflictwire.resources import default_resources

        self.resources = resources or default_resources()
        self.nlp = nlp or load_nlp()

    def cleaned(self, article: Article) -> Doc:
        """A Doc of ``article`` after clean-up, not yet parsed."""
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
            batch.append(self.cleaned(a))
            if len(batch) >= batch_size:
                yield from flush()
                batch = []
        if batch:
            yield from flush()

    def parse(self, articles: Iterable[Article], explain: bool = False) -> Iterator[GeoResult]:
        """One result per article; ``explain``: each resolved name says what decided it."""
        for doc in self.docs(articles):
            found = matches(doc, explain) + dateline_matches(doc)
            found += demonyms(doc, self.resources, found)
            found.sort(key=lambda m: m.start)
            yield GeoResult(doc.article.id, found, doc.country)

    def text(self, text: str, article_id: str = "") -> GeoResult:
        return next(self.parse([Article(text=text, id=article_id)]))
