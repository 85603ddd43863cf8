"""The conflictwire store: reports, their events and merged incidents in SQLite or PostgreSQL.

>>> from conflictwire.store import Store, EventFilter
>>> store = Store("sqlite:///events.sqlite")          # or Store() for the default file
>>> store.ingest(article, events)                     # one report, one transaction
>>> store.query(EventFilter(country="Iraq", since=date(2020, 5, 1)))
"""

from conflictwire.store.db import default_db_url
from conflictwire.store.repository import (
    EventFilter,
    IngestResult,
    Store,
    acled_row,
    incident_event,
    parse_bbox,
    text_hash,
)

__all__ = [
    "EventFilter",
    "IngestResult",
    "Store",
    "acled_row",
    "default_db_url",
    "incident_event",
    "parse_bbox",
    "text_hash",
]
