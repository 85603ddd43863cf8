"""The public, typed records: Article in, Event out (with Actor, Place and Evidence)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# ACLED's export columns, in ACLED's order (ACLED codebook, 2023 export format).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    """A span of the input text behind a field: ``text == input[start:end]``."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Article:
    """One news report. ``text`` is the raw input; every offset refers to it."""

    text: str
    id: str = ""
    published: date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass
class Actor:
    """A catalogue actor: ACLED-style name, inter code (1-8) and country scope."""

    name: str
    inter: int
    country: str | None = None
    evidence: Evidence | None = None


@dataclass
class Place:
    """A resolved place with its administrative hierarchy and ACLED geo_precision."""

    name: str
    country: str | None = None
    iso: int | None = None
    iso3: str | None = None
    region: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonameid: int | None = None
    feature_code: str | None = None
    evidence: Evidence | None = None


@dataclass
class Event:
    """One ACLED-style event record, each text-derived field backed by evidence."""

    article_id: str
    event_date: date | None
    time_precision: int | None
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: Actor | None
    actor2: Actor | None = None
    assoc_actor_1: list[str] = field(default_factory=list)
    assoc_actor_2: list[str] = field(default_factory=list)
    place: Place | None = None
    source: str | None = None
    notes: str = ""
    fatalities: int = 0
    injuries: int = 0
    confidence: float = 0.5
    historical: bool = False
    evidence: dict[str, Evidence] = field(default_factory=dict)

    @property
    def inter1(self) -> int:
        return self.actor1.inter if self.actor1 else 0

    @property
    def inter2(self) -> int:
        return self.actor2.inter if self.actor2 else 0

    @property
    def interaction(self) -> int:
        """ACLED's interaction code: the two inter codes, lower first (``12``, ``60``)."""
        a, b = sorted((self.inter1, self.inter2))
        return a * 10 + b if a else b * 10

    @property
    def civilian_targeting(self) -> str:
        civ = self.actor2 is not None and self.actor2.inter == 7
        return "Civilian targeting" if civ and self.disorder_type == "Political violence" else ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON record: ACLED's column names plus article_id, injuries, confidence, evidence."""
        p = self.place or Place(name="")
        return {
            "article_id": self.article_id,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "time_precision": self.time_precision,
            "disorder_type": self.disorder_type,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1.name if self.actor1 else "",
            "assoc_actor_1": "; ".join(self.assoc_actor_1),
            "inter1": self.inter1,
            "actor2": self.actor2.name if self.actor2 else "",
            "assoc_actor_2": "; ".join(self.assoc_actor_2),
            "inter2": self.inter2,
            "interaction": self.interaction,
            "civilian_targeting": self.civilian_targeting,
            "iso": p.iso,
            "region": p.region,
            "country": p.country,
            "admin1": p.admin1,
            "admin2": p.admin2,
            "admin3": p.admin3,
            "location": p.name or None,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "geo_precision": p.geo_precision,
            "source": self.source,
            "notes": self.notes,
            "fatalities": self.fatalities,
            "injuries": self.injuries,
            "confidence": round(self.confidence, 3),
            "historical": self.historical,
            "evidence": {k: v.to_dict() for k, v in self.evidence.items()},
        }

    def to_acled_row(self, index: int = 1) -> dict[str, Any]:
        """ACLED's 31 columns, in ACLED's order (ids and timestamps are ours, not ACLED's)."""
        d = self.to_dict()
        iso3 = (self.place.iso3 if self.place else None) or "XXX"
        row = {c: d.get(c, "") for c in ACLED_COLUMNS}
        row["event_id_cnty"] = f"{iso3}-{self.article_id}-{index}"
        row["event_date"] = self.event_date.strftime("%d %B %Y") if self.event_date else ""
        row["year"] = self.event_date.year if self.event_date else ""
        row["source_scale"] = ""
        row["tags"] = ""
        row["timestamp"] = ""
        return {k: ("" if v is None else v) for k, v in row.items()}
