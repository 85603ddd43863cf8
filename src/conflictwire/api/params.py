"""Request parameters of the REST API, each with a documented range.

Every bound is in the OpenAPI schema (``maxLength``, ``maximum``, ``pattern``, ``enum``), so a
request the schema allows is answered and one it forbids gets a 422 in FastAPI's documented
``HTTPValidationError`` shape, never a 500.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Depends, Path, Query
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, BeforeValidator, Field

from conflictwire.store import EventFilter
from conflictwire.store.repository import SORTABLE

MAX_ID = 2**63 - 1  # article ids are 64-bit signed integers
MAX_INT32 = 2**31 - 1  # ... but 32-bit ones in the PostgreSQL schema
MAX_PAGE = 1000  # items in one page of /events
MAX_OFFSET = 1_000_000_000
MAX_EXPORT = 1_000_000_000  # rows in one export (``limit``)
MAX_FILTER = 200  # characters in a string filter
MAX_INCIDENT_ID = 64
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"  # filters and ids: printable text only
NO_NUL = r"^[^\x00]*$"  # report metadata: any text but NUL (PostgreSQL cannot store it)

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# Every sortable column, ascending (plain or +) or descending (-): an enum in the schema.
SORT_KEYS = tuple(f"{way}{name}" for name in SORTABLE for way in ("", "-", "+"))
SortKey = Literal[SORT_KEYS]  # type: ignore[valid-type]


def iso_day(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` strings (or dates) are dates: pydantic would also take ``0`` or a
    date-time, which the schema (``format: date``) does not allow."""
    if isinstance(value, date) or value is None:
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return value
    raise ValueError("must be a date written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(iso_day)]

FIRST_YEAR, LAST_YEAR = 1800, 2199  # publication dates of news reports
PUBLISHED_PATTERN = r"^(?:1[89]|2[01])\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$"


def news_year(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"the year must be from {FIRST_YEAR} to {LAST_YEAR}")
    return value


PublishedDate = Annotated[
    date,
    BeforeValidator(iso_day),
    AfterValidator(news_year),
    Field(json_schema_extra={"pattern": PUBLISHED_PATTERN}),
]


def invalid(loc: tuple[str | int, ...], msg: str) -> RequestValidationError:
    """A 422 in the documented shape (``{"detail": [{"loc", "msg", "type"}]}``)."""
    return RequestValidationError([{"loc": loc, "msg": msg, "type": "value_error"}])


def parse_box(value: str) -> tuple[float, float, float, float]:
    """``min_lon,min_lat,max_lon,max_lat`` (the pattern checked the form and the ranges).

    A box whose minimum exceeds its maximum contains no point, so it matches nothing."""
    x0, y0, x1, y1 = (float(p) for p in value.split(","))
    return x0, y0, x1, y1


_LON = r"-?(?:180(?:\.0+)?|(?:1[0-7]\d|\d{1,2})(?:\.\d+)?)"
_LAT = r"-?(?:90(?:\.0+)?|[0-8]?\d(?:\.\d+)?)"
BBOX_PATTERN = f"^{_LON},{_LAT},{_LON},{_LAT}$"

Text = Annotated[str | None, Query(max_length=MAX_FILTER, pattern=NO_CONTROL)]


def filters(
    country: Text = None,
    admin1: Text = None,
    since: Annotated[IsoDate | None, Query(description="Incidents on or after this day")] = None,
    until: Annotated[IsoDate | None, Query(description="Incidents on or before this day")] = None,
    type: Annotated[
        str | None,
        Query(max_length=MAX_FILTER, pattern=NO_CONTROL, description="Event, sub-event or "
              "disorder type"),
    ] = None,
    actor: Text = None,
    bbox: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=BBOX_PATTERN,
            description="min_lon,min_lat,max_lon,max_lat in degrees (-180..180, -90..90); "
            "a box whose minimum exceeds its maximum matches nothing",
        ),
    ] = None,
    q: Text = None,
) -> EventFilter:
    box = parse_box(bbox) if bbox else None
    return EventFilter(
        country=country, admin1=admin1, since=since, until=until, type=type, actor=actor,
        bbox=box, q=q,
    )  # fmt: skip


Filters = Annotated[EventFilter, Depends(filters)]
Sort = Annotated[SortKey, Query(description="A column, with - for descending order")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
ExportLimit = Annotated[int | None, Query(ge=1, le=MAX_EXPORT, description="At most this many")]
ArticleId = Annotated[int, Path(ge=1, le=MAX_ID)]
IncidentId = Annotated[str, Path(min_length=1, max_length=MAX_INCIDENT_ID, pattern=NO_CONTROL)]
