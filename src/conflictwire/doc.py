"""The Doc that flows through the pipeline: an Article, its spaCy parse, and what stages add.

Like a spaCy ``Doc``, it is created once per report and each stage adds one kind of annotation.
All offsets are character offsets into ``article.text`` (the raw input): the clean-up stage blanks
out boilerplate with spaces instead of deleting it, so the parsed text has the same length.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from conflictwire.model import Actor, Article, Evidence, Place

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Span as SpacySpan


@dataclass
class Timex:
    """A time expression (TimeML TIMEX3-style): type DATE/TIME/DURATION/SET, normalised value."""

    text: str
    start: int
    end: int
    type: str
    value: str
    date: date | None = None  # the day it resolves to, when it names a day
    precision: int | None = None  # ACLED time_precision it supports: 1 day, 2 week, 3 month


@dataclass
class Toponym:
    """A place name in the text and what it resolved to (``place`` is None when unresolved)."""

    text: str
    start: int
    end: int
    place: Place | None = None
    relative: bool = False  # "south of X", "near X", "40 km from X"
    score: float = 0.0


@dataclass
class Mention:
    """One event mention: a trigger in a clause, and every field that stages attach to it."""

    trigger: Evidence
    sentence: tuple[int, int]  # char span of the sentence
    clause: tuple[int, int]  # char span of the clause the trigger heads
    event_type: str
    sub_event_type: str
    score: float = 0.5
    cues: set[str] = field(default_factory=set)  # trigger kinds seen in the clause/sentence
    # the first words of each other sub-event type the clause tells ("joint operation" and
    # "arrested"): the trigger when the decision gives the mention that type
    triggers: dict[str, Evidence] = field(default_factory=dict)
    anaphoric: bool = False  # "the fighting", "the attack": refers back to an event told before
    new_incident: bool = False  # its sentence opens "Meanwhile,", "Separately,": another incident
    actor1: Actor | None = None
    actor2: Actor | None = None
    assoc_actor_1: list[str] = field(default_factory=list)
    assoc_actor_2: list[str] = field(default_factory=list)
    place: Place | None = None
    # other places named in one list with ``place`` ("clashes in Aleppo, Idlib and Hama"):
    # ACLED codes one event per place, so assembly makes one event of each
    listed_places: list[Place] = field(default_factory=list)
    date: date | None = None
    time_precision: int | None = None
    historical: bool = False
    fatalities: int = 0
    injuries: int = 0
    evidence: dict[str, Evidence] = field(default_factory=dict)
    confidence: float | None = None  # calibrated, set by the decision stage
    decision: Any = None  # the model's Decision (conflictwire.decision.model), for --explain
    features: list[str] = field(default_factory=list)  # what the decision read (for --explain)


@dataclass
class Doc:
    """A report under analysis. ``clean_text`` has the same length as ``article.text``."""

    article: Article
    clean_text: str = ""
    dateline_source: str | None = None
    dateline_place: Evidence | None = None
    dateline_region: Evidence | None = None  # "India" in "KOLKATA, India -"
    spacy: SpacyDoc | None = None
    country: str | None = None  # the report's focus country (set by the places stage)
    relevance: float | None = None  # the relevance gate's score (None: no gate ran)
    # the gate's sentence-like pieces of clean_text with the probability of each telling a
    # codable event, (start, end, p); None when no gate read the report
    sentence_relevance: list[tuple[int, int, float]] | None = None
    gated: bool = False  # stopped by the relevance gate: not parsed, no event
    focus: list[tuple[int, int]] | None = None  # the ranges parsed (focus.py); None: all of it
    # the gate's trigger-lexicon matches (kind, start, end) in clean_text[:trigger_read_to],
    # reused by the events stage; None when no gate read the report
    trigger_hits: list[tuple[Any, int, int]] | None = None
    trigger_read_to: int = 0
    mentions: list[Mention] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)
    toponyms: list[Toponym] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.article.text

    def relevance_at(self, pos: int) -> float | None:
        """The gate's probability for the sentence holding offset ``pos`` (0.0 between its
        sentences; None when no gate read the report)."""
        pieces = self.sentence_relevance
        if pieces is None:
            return None
        i = bisect_right(pieces, (pos, float("inf"))) - 1
        return pieces[i][2] if i >= 0 and pos < pieces[i][1] else 0.0

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for ``text[start:end]``, trimmed of surrounding white space."""
        t = self.article.text
        while start < end and t[start].isspace():
            start += 1
        while end > start and t[end - 1].isspace():
            end -= 1
        return Evidence(t[start:end], start, end)

    def sentences(self) -> list[SpacySpan]:
        """Sentences of the cleaned text (empty ones skipped), found once per parse."""
        if self.spacy is None:
            return []
        kept = self.spacy.user_data.get("conflictwire.sents")
        if kept is None:
            kept = self.spacy.user_data["conflictwire.sents"] = [
                s for s in self.spacy.sents if s.text.strip()
            ]
        return list(kept)
