"""conflictwire: conflict and security news -> ACLED-style event records with evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from conflictwire.model import Actor, Article, Event, Evidence, Place

if TYPE_CHECKING:  # pragma: no cover
    from conflictwire.pipeline import Pipeline, extract

__all__ = ["Actor", "Article", "Event", "Evidence", "Place", "Pipeline", "extract"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The pipeline imports spaCy (most of a second); load it only when asked for, so the
    # gazetteer, the store and the CLI's light commands start fast.
    if name in ("Pipeline", "extract"):
        from conflictwire import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'conflictwire' has no attribute {name!r}")
