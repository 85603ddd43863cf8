"""The REST API (FastAPI): query stored incidents, read reports with their evidence, ingest.

Reads are open unless a read token is set; writes (POST /articles) need the bearer token
``CONFLICTWIRE_TOKEN`` (refused when no token is configured). Request bodies are limited in
size, and every query goes through SQLAlchemy with bound parameters.
"""

import csv
import hmac
import io
import json
import os
import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from conflictwire.exports import geojson_feature, plover_record
from conflictwire.model import ACLED_COLUMNS, Article, Event
from conflictwire.store import EventFilter, Store, acled_row, parse_bbox
from conflictwire.store.repository import SORTABLE

ENV_TOKEN = "CONFLICTWIRE_TOKEN"
DEFAULT_MAX_BODY = 2_000_000  # bytes of a POST body
MAX_PAGE = 1000

Extractor = Callable[[Article], list[Event]]


class ArticleIn(BaseModel):
    """A report to ingest."""

    text: str = Field(..., min_length=1, description="The report's text (English).")
    id: str | None = Field(None, max_length=500, description="Your id for the report.")
    url: str | None = Field(None, max_length=2000)
    published: date | None = Field(None, description="Publication date (YYYY-MM-DD).")
    source: str | None = Field(None, max_length=500)
    title: str | None = Field(None, max_length=2000)


class IngestOut(BaseModel):
    status: str = Field(..., description="added, replaced (a new version) or unchanged")
    article_id: int
    n_events: int
    incidents: list[str]


def _bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())  # type: ignore[union-attr]


def create_app(
    db: str | Store | None = None,
    token: str | None = None,
    read_token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    extractor: Extractor | None = None,
) -> FastAPI:
    """The API over the store at ``db`` (a URL, a Store, or the default store).

    ``token`` (default ``$CONFLICTWIRE_TOKEN``) guards writes; ``read_token`` guards reads
    when given. ``extractor`` turns an Article into Events (default: the NLP pipeline, loaded on
    the first POST).
    """
    store = db if isinstance(db, Store) else Store(db)
    write_token = token if token is not None else os.environ.get(ENV_TOKEN)
    lock = threading.Lock()
    state: dict[str, Any] = {"extract": extractor}

    app = FastAPI(
        title="conflictwire",
        version="1",
        description="Conflict news -> ACLED-style events, merged across reports, with evidence.",
    )
    app.state.store = store

    @app.middleware("http")
    async def limit_size(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length is not None:
            try:
                too_big = int(length) > max_body
            except ValueError:
                return JSONResponse({"detail": "bad Content-Length"}, status_code=400)
            if too_big:
                return JSONResponse(
                    {"detail": f"request body over the {max_body:,}-byte limit"}, status_code=413
                )
        return await call_next(request)

    def can_read(request: Request) -> None:
        if read_token is None:
            return
        got = _bearer(request)
        if not (_same(got, read_token) or _same(got, write_token)):
            raise HTTPException(401, "reads need a bearer token", {"WWW-Authenticate": "Bearer"})

    def can_write(request: Request) -> None:
        if not write_token:
            raise HTTPException(403, f"writes are disabled: set {ENV_TOKEN} on the server")
        if not _same(_bearer(request), write_token):
            raise HTTPException(401, "writes need a bearer token", {"WWW-Authenticate": "Bearer"})

    def filters(
        country: str | None = None,
        admin1: str | None = None,
        since: date | None = None,
        until: date | None = None,
        type: Annotated[str | None, Query(description="event, sub-event or disorder type")] = None,
        actor: str | None = None,
        bbox: Annotated[str | None, Query(description="min_lon,min_lat,max_lon,max_lat")] = None,
        q: Annotated[str | None, Query(max_length=200)] = None,
    ) -> EventFilter:
        box = None
        if bbox:
            try:
                box = parse_bbox(bbox)
            except ValueError as e:
                raise HTTPException(422, f"bbox: {e}") from None
        return EventFilter(country, admin1, since, until, type, actor, box, q)

    def sort_key(sort: str = "-event_date") -> str:
        if sort.lstrip("-+") not in SORTABLE:
            raise HTTPException(422, f"sort must be one of {', '.join(SORTABLE)} (- for desc)")
        return sort

    Read = Depends(can_read)
    Filters = Annotated[EventFilter, Depends(filters)]

    @app.get("/events", dependencies=[Read], summary="Incidents matching the filters")
    def list_events(
        f: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
        offset: Annotated[int, Query(ge=0)] = 0,
        sort: Annotated[str, Depends(sort_key)] = "-event_date",
    ) -> dict[str, Any]:
        items = store.query(f, limit=limit, offset=offset, sort=sort)
        return {"total": store.count(f), "limit": limit, "offset": offset, "items": items}

    def export(fmt: str, f: EventFilter, sort: str, limit: int | None) -> Iterator[str]:
        """Stream an export in pieces, so large ones never sit whole in memory."""
        rows = store.iter_query(f, limit=limit, sort=sort)
        if fmt == "geojson":
            yield '{"type": "FeatureCollection", "features": [\n'
            for i, r in enumerate(rows):
                yield ("" if i == 0 else ",\n") + json.dumps(geojson_feature(r), ensure_ascii=False)
            yield "\n]}\n"
            return
        if fmt in ("jsonl", "plover"):
            for r in rows:
                yield json.dumps(plover_record(r) if fmt == "plover" else r, ensure_ascii=False)
                yield "\n"
            return
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=ACLED_COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(acled_row(r))
            if buf.tell() > 65536:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()

    @app.get("/events.csv", dependencies=[Read], summary="ACLED CSV (31 columns) export")
    def events_csv(
        f: Filters,
        sort: Annotated[str, Depends(sort_key)] = "-event_date",
        limit: Annotated[int | None, Query(ge=1)] = None,
    ) -> StreamingResponse:
        return StreamingResponse(
            export("acled", f, sort, limit),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="events.csv"'},
        )

    @app.get("/events.geojson", dependencies=[Read], summary="GeoJSON FeatureCollection export")
    def events_geojson(
        f: Filters,
        sort: Annotated[str, Depends(sort_key)] = "-event_date",
        limit: Annotated[int | None, Query(ge=1)] = None,
    ) -> StreamingResponse:
        return StreamingResponse(
            export("geojson", f, sort, limit), media_type="application/geo+json"
        )

    @app.get("/events.jsonl", dependencies=[Read], summary="JSON lines export")
    def events_jsonl(
        f: Filters,
        sort: Annotated[str, Depends(sort_key)] = "-event_date",
        limit: Annotated[int | None, Query(ge=1)] = None,
        plover: bool = False,
    ) -> StreamingResponse:
        fmt = "plover" if plover else "jsonl"
        return StreamingResponse(export(fmt, f, sort, limit), media_type="application/x-ndjson")

    @app.get("/events.parquet", dependencies=[Read], summary="Parquet export (typed columns)")
    def events_parquet(
        f: Filters,
        sort: Annotated[str, Depends(sort_key)] = "-event_date",
        limit: Annotated[int | None, Query(ge=1)] = None,
    ) -> Response:
        from conflictwire.exports import write_parquet

        buf = io.BytesIO()
        write_parquet(store.iter_query(f, limit=limit, sort=sort), buf)
        return Response(
            buf.getvalue(),
            media_type="application/vnd.apache.parquet",
            headers={"Content-Disposition": 'attachment; filename="events.parquet"'},
        )

    @app.get("/events/{incident_id}", dependencies=[Read], summary="One incident in full")
    def get_event(incident_id: str) -> dict[str, Any]:
        inc = store.incident(incident_id)
        if inc is None:
            raise HTTPException(404, f"no event {incident_id!r}")
        return inc

    @app.get("/articles/{article_id}", dependencies=[Read], summary="A report with evidence")
    def get_article(article_id: int) -> dict[str, Any]:
        art = store.article(article_id)
        if art is None:
            raise HTTPException(404, f"no article {article_id}")
        return art

    @app.get("/stats", dependencies=[Read], summary="Counts by day, event type and admin1")
    def stats(f: Filters) -> dict[str, Any]:
        return store.stats(f)

    @app.post(
        "/articles",
        dependencies=[Depends(can_write)],
        status_code=201,
        response_model=IngestOut,
        summary="Ingest one report",
    )
    def post_article(body: ArticleIn) -> IngestOut:
        from conflictwire.ingest import InputError, check_text

        try:
            check_text(body.text, max_body)
        except InputError as e:
            raise HTTPException(422, str(e)) from None
        art = Article(
            text=body.text,
            id=body.id or "",
            published=body.published,
            source=body.source,
            url=body.url,
            title=body.title,
        )
        if store.status(art) == "unchanged":
            res = store.ingest(art, [])
        else:
            with lock:
                if state["extract"] is None:
                    from conflictwire.pipeline import Pipeline

                    state["extract"] = Pipeline().extract
                evs = state["extract"](art)
            res = store.ingest(art, evs)
        return IngestOut(
            status=res.status,
            article_id=res.article_id,
            n_events=res.n_events,
            incidents=res.incidents,
        )

    return app
