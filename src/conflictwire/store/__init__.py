"""The conflictwire store: reports, their events and merged incidents in SQLite or PostgreSQL.

>>> from conflictwire.store import Store, EventFilter
>>> store = Store("sqlite:///events.sqlite")          # or Store() for the default file
>>> store.ingest(article, events)                     # one report, one transaction
>>> store.query(EventFilter(country="Iraq", since=date(2020, 5, 1)))
>>> store.page(EventFilter(q="drone"), limit=100)    # {"total", "items", "next"}: one connection
>>> rows = store.iter_query(f, sort="-event_date")    # exports: first page fetched now, no
...                                                   # connection held between pages

Reports whose values a column cannot hold are refused with ``RecordError``; ``store.bulk.load``
fills an empty store at once with the rows ``ingest`` would write.
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
from conflictwire.store.values import RecordError

__all__ = [
    "EventFilter",
    "IngestResult",
    "RecordError",
    "Store",
    "acled_row",
    "default_db_url",
    "incident_event",
    "parse_bbox",
    "text_hash",
]
