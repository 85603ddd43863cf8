"""The pipeline: a Doc flows through stages that each add one kind of annotation.

A report longer than ``windows.WINDOW_CHARS`` is parsed and annotated one bounded window at a
time (``windows.py``), so its cost grows linearly with its length and its memory stays bounded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from conflictwire.doc import Doc
from conflictwire.focus import blank_outside, focus_spans
from conflictwire.model import Article, Event
from conflictwire.nlp import load_nlp
from conflictwire.resources import Resources, default_resources
from conflictwire.stages import actors, assemble, clean, counts, dates, decide, events, places
from conflictwire.windows import WINDOW_CHARS, absorb, windows_of

Stage = Callable[[Doc, Resources], Doc]

# After parsing, in order. Actors come after places: generic actors are scoped by the country.
# The rule stages propose candidates; the decision (a learned model) accepts them and types them.
STAGES: tuple[tuple[str, Stage], ...] = (
    ("events", events.run),
    ("places", places.run),
    ("dates", dates.run),
    ("counts", counts.run),
    ("actors", actors.run),
    ("decide", decide.run),
)


class Pipeline:
    """Turns Articles into Events. Create once per process (it holds the spaCy model)."""

    def __init__(
        self,
        resources: Resources | None = None,
        include_historical: bool = False,
        decide: bool = True,
        gate: bool = True,
        window: int = WINDOW_CHARS,
        focus: bool = True,
    ) -> None:
        """``decide=False`` stops before the decision: every rule candidate is kept, those the
        rules set aside too (training rows). The relevance gate (``decision/relevance.py``) stops
        reports it finds nothing to code in before the parse (``gate=False``: every report is
        parsed; README.md gives what it stops and lets through). Reports longer than ``window``
        characters are processed in windows of at most that size (``windows.py``). Of a report
        the gate lets through, only its focus is parsed (``focus.py``; ``focus=False``: all of
        it)."""
        self.resources = resources or default_resources()
        self.window = window
        self.include_historical = include_historical
        self.stages = tuple(s for s in STAGES if decide or s[0] != "decide")
        self.gate = self.resources.relevance if (gate and decide) else None
        self.focus = focus and self.gate is not None
        self.nlp = load_nlp()

    def _prepare(self, article: Article) -> Doc:
        doc = Doc(article=article)
        t0 = time.perf_counter()
        clean.run(doc, self.resources)
        doc.timings["clean"] = time.perf_counter() - t0
        if self.gate is not None:
            t0 = time.perf_counter()
            reading = self.gate.read(doc.clean_text)
            doc.relevance = reading.scores[0]
            doc.gated = not self.gate.decide(reading.scores)  # then no parse, no event
            if self.focus and not doc.gated:
                doc.focus = focus_spans(reading.spans, reading.probs, len(doc.clean_text))
            if not doc.gated:
                doc.trigger_hits, doc.trigger_read_to = reading.hits, reading.read_to
                doc.sentence_relevance = reading.pieces()
            doc.timings["gate"] = time.perf_counter() - t0
        return doc

    @staticmethod
    def _parse_text(doc: Doc) -> str:
        """What spaCy reads of ``doc``: its cleaned text, blanked outside its focus."""
        if doc.focus is None:
            return doc.clean_text
        return blank_outside(doc.clean_text, doc.focus)

    def _annotate(self, doc: Doc) -> Doc:
        for name, stage in self.stages:
            t0 = time.perf_counter()
            stage(doc, self.resources)
            doc.timings[name] = time.perf_counter() - t0
        return doc

    def process(self, article: Article) -> Doc:
        """Run every stage on one article and return the annotated Doc."""
        doc = self._prepare(article)
        if doc.gated:
            return doc
        if self._long(doc):
            return self._windowed(doc)
        t0 = time.perf_counter()
        doc.spacy = self.nlp(self._parse_text(doc))
        doc.timings["parse"] = time.perf_counter() - t0
        return self._annotate(doc)

    def _long(self, doc: Doc) -> bool:
        return len(doc.clean_text) > self.window

    def _windowed(self, doc: Doc) -> Doc:
        """Parse and annotate a long report one window at a time; the whole report's Doc gets
        every window's annotations at offsets into the report, and no spaCy parse (``spacy``
        stays None: only one window's parse is alive at a time)."""
        for start, part in windows_of(doc, self.window):
            t0 = time.perf_counter()
            part.spacy = self.nlp(self._parse_text(part))
            part.timings["parse"] = time.perf_counter() - t0
            self._annotate(part)
            absorb(doc, part, start)
        return doc

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Doc]:
        """Process many articles, parsing them in batches with ``nlp.pipe``."""
        prepared = (self._prepare(a) for a in articles)
        batch: list[Doc] = []  # in input order; gated reports ride along unparsed
        to_parse = 0
        for doc in prepared:
            batch.append(doc)
            to_parse += not doc.gated
            if to_parse >= batch_size:
                yield from self._run_batch(batch)
                batch, to_parse = [], 0
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Doc]) -> Iterator[Doc]:
        for doc in batch:
            if not doc.gated and self._long(doc):
                self._windowed(doc)
        todo = [d for d in batch if not d.gated and not self._long(d)]
        if todo:
            t0 = time.perf_counter()
            parsed = list(self.nlp.pipe([self._parse_text(d) for d in todo]))
            share = (time.perf_counter() - t0) / len(todo)
            for doc, sp in zip(todo, parsed, strict=True):
                doc.spacy = sp
                doc.timings["parse"] = share
                self._annotate(doc)
        yield from batch

    def events(self, doc: Doc) -> list[Event]:
        """The Event records of an annotated Doc."""
        return assemble.to_events(doc, self.resources, include_historical=self.include_historical)

    def extract(self, article: Article) -> list[Event]:
        return self.events(self.process(article))


_default: Pipeline | None = None


def extract(
    text: str,
    published: date | str | None = None,
    source: str | None = None,
    article_id: str = "",
) -> list[Event]:
    """Events in one news report. ``published`` resolves relative dates ("early Monday")."""
    global _default
    if _default is None:
        _default = Pipeline()
    if isinstance(published, str):
        published = date.fromisoformat(published)
    return _default.extract(Article(text=text, id=article_id, published=published, source=source))
