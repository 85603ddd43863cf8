"""An incident as readers see it, serialised once, when its row is written.

Incidents are only ever inserted (a change deletes the old rows and writes new ones:
store/repository.py), so the JSON written beside the row in ``incidents.doc`` never goes
stale. A list page (``Store.page_json``) then reads 100 strings and joins them, instead of
turning 100 rows of 36 columns into dicts and the dicts into JSON on every request: this is
what keeps ``GET /events`` cheap under concurrent load (``make bench``).

The doc holds exactly what ``Store.query`` gives for the row: every column but ``doc``, dates
in ISO 8601, ``merge_reasons`` as JSON, plus ``source`` (the sources again, under the ACLED
column's name).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Float, Integer

from conflictwire.store.schema import INCIDENT_FIELDS, incidents

_DEFAULTS = {
    c.name: c.default.arg
    for c in incidents.columns
    if c.default is not None and not callable(c.default.arg)
}
_INTS = {c.name for c in incidents.columns if isinstance(c.type, Integer)}
_FLOATS = {c.name for c in incidents.columns if isinstance(c.type, Float)}


def _value(name: str, v: Any) -> Any:
    """A column's value as the row holds it (the column's type, its default when absent)."""
    if v is None:
        return _DEFAULTS.get(name)
    if name in _INTS and not isinstance(v, bool):
        return int(v)
    if name in _FLOATS:
        return float(v)
    if isinstance(v, datetime):
        v = v if v.tzinfo else v.replace(tzinfo=UTC)  # the store's times are UTC
        return v.astimezone(UTC).isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return v


def incident_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The incident of a row (as written or as read) as readers get it."""
    d = {name: _value(name, row.get(name)) for name in INCIDENT_FIELDS}
    d["source"] = d["sources"]
    return d


def incident_doc(row: Mapping[str, Any]) -> str:
    """The serialised incident (``incidents.doc``)."""
    return json.dumps(incident_fields(row), ensure_ascii=False, default=str)
