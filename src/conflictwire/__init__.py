"""conflictwire: conflict and security news -> ACLED-style event records with evidence."""

from conflictwire.model import Actor, Article, Event, Evidence, Place
from conflictwire.pipeline import Pipeline, extract

__all__ = ["Actor", "Article", "Event", "Evidence", "Place", "Pipeline", "extract"]
__version__ = "0.1.0"
