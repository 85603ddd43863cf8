"""The gazetteer: places, admin units and countries in an indexed SQLite file."""

from conflictwire.gazetteer.lookup import Gazetteer, GazPlace

__all__ = ["GazPlace", "Gazetteer"]
