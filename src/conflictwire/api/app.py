"""The REST API (FastAPI): query stored incidents, read reports with their evidence, ingest.

Reads are open unless a read token is set; writes (POST /articles) need the bearer token
``CONFLICTWIRE_TOKEN`` (refused when no token is configured), checked before the body is read.
Request bodies are limited in size however they are sent (Content-Length or chunked), every
parameter has a documented range (api/params.py), exports never answer 200 without their data
(api/streams.py), and reports are extracted in a pool of workers (api/extraction.py). Every
query goes through SQLAlchemy with bound parameters. ``GET /`` is the map page (web/), whose
files are under ``/static``; it reads ``/events.points``, ``/events.timeline`` and ``/events``.
"""

import io
import json
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, field_validator
from sqlalchemy.exc import OperationalError, StatementError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.concurrency import run_in_threadpool

from conflictwire.api import params as P
from conflictwire.api.extraction import Busy, ExtractionFailed, ExtractionPool, Extractor
from conflictwire.api.limits import WriteGuard, bearer, same_token
from conflictwire.api.streams import Gate, HeldStream, Unavailable, chunks, pieces, primed
from conflictwire.model import Article
from conflictwire.store import EventFilter, Store
from conflictwire.web import STATIC, index_html

ENV_TOKEN = "CONFLICTWIRE_TOKEN"
ENV_READ_TOKEN = "CONFLICTWIRE_READ_TOKEN"  # for servers started by uvicorn as a factory
ENV_TILES = "CONFLICTWIRE_TILES"  # the same for `serve --tiles`
DEFAULT_MAX_BODY = 2_000_000  # bytes of a POST body
MAX_PAGE = P.MAX_PAGE
POINT_FIELDS = ["id", "lat", "lon", "event_type", "fatalities", "event_date"]  # /events.points
log = logging.getLogger(__name__)

__all__ = ["DEFAULT_MAX_BODY", "ENV_TOKEN", "Extractor", "create_app"]


class ArticleIn(BaseModel):
    """A report to ingest."""

    text: str = Field(..., min_length=1, description="The report's text (English).")
    id: str | None = Field(
        None, max_length=500, description="Your id for the report.",
        json_schema_extra={"pattern": P.NO_NUL},
    )  # fmt: skip
    url: str | None = Field(
        None, max_length=2000, description="The report's URL (an empty one counts as none).",
        json_schema_extra={"pattern": P.NO_NUL},
    )  # fmt: skip
    published: P.PublishedDate | None = Field(
        None, description=f"Publication date (YYYY-MM-DD, years {P.FIRST_YEAR}-{P.LAST_YEAR})."
    )
    source: str | None = Field(None, max_length=500, json_schema_extra={"pattern": P.NO_NUL})
    title: str | None = Field(None, max_length=2000, json_schema_extra={"pattern": P.NO_NUL})

    @field_validator("text", "id", "url", "source", "title")
    @classmethod
    def _plain_unicode(cls, v: str | None, info: Any) -> str | None:
        if v is None:
            return v
        if any("\ud800" <= c <= "\udfff" for c in v):
            raise ValueError("contains a lone surrogate (not valid Unicode)")
        if info.field_name != "text" and "\x00" in v:
            raise ValueError("contains a NUL character")
        if info.field_name == "url" and not v.strip():
            return None
        return v


class IngestOut(BaseModel):
    status: str = Field(..., description="added, replaced (a new version) or unchanged")
    article_id: int
    n_events: int
    incidents: list[str]


class Message(BaseModel):
    detail: str


def _doc(*codes: int) -> dict[int | str, dict[str, Any]]:
    what = {
        400: "The body could not be read (not UTF-8 JSON)",
        401: "A bearer token is needed (or the one given is wrong)",
        403: "Writes are disabled on this server",
        404: "Not found",
        413: "The request body is over the size limit",
        503: "Busy (connections, export slots or workers): retry after Retry-After seconds",
    }
    return {c: {"model": Message, "description": what[c]} for c in codes}


def _media(media_type: str, schema: dict[str, Any], what: str) -> dict[int | str, Any]:
    return {200: {"description": what, "content": {media_type: {"schema": schema}}}}


def _short(value: Any, most: int = 200) -> Any:
    return value[:most] + "..." if isinstance(value, str) and len(value) > most else value


def _unavailable(detail: str, retry_after: int = 5) -> JSONResponse:
    return JSONResponse(
        {"detail": detail}, status_code=503, headers={"Retry-After": str(retry_after)}
    )


def create_app(
    db: str | Store | None = None,
    token: str | None = None,
    read_token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    extractor: Extractor | None = None,
    workers: int | None = None,
    export_slots: int = 4,
    export_wait: float = 30.0,
    tiles: str | None = None,
) -> FastAPI:
    """The API over the store at ``db`` (a URL, a Store, or the default store).

    ``token`` (default ``$CONFLICTWIRE_TOKEN``) guards writes; ``read_token`` (default
    ``$CONFLICTWIRE_READ_TOKEN``) guards reads when given. ``extractor`` turns an Article into
    Events in a pool of ``workers`` threads (default: the NLP pipeline in a pool of processes,
    ``$CONFLICTWIRE_WORKERS`` or one per CPU).
    At most ``export_slots`` exports run at once; others wait up to ``export_wait`` seconds.
    ``tiles`` is an online tile URL (``https://.../{z}/{x}/{y}.png``) the map page draws under
    the events; without it the page draws only its own offline basemap.
    """
    store = db if isinstance(db, Store) else Store(db)
    write_token = token if token is not None else os.environ.get(ENV_TOKEN)
    if read_token is None:
        read_token = os.environ.get(ENV_READ_TOKEN) or None
    if tiles is None:
        tiles = os.environ.get(ENV_TILES) or None
    pool = ExtractionPool(extractor, workers)
    gate = Gate(export_slots, export_wait)
    # list queries queue here, first come first served, for the store's readers (Store._reading
    # bounds them again for every other caller)
    reads = Gate(store.readers, export_wait, "store readers")

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        title="conflictwire",
        version="1",
        description="Conflict news -> ACLED-style events, merged across reports, with evidence.",
        max_body_size=max_body,
        lifespan=lifespan,
    )
    app.state.store = store

    def write_refusal(authorization: str | None) -> tuple[int, str] | None:
        if not write_token:
            return 403, f"writes are disabled: set {ENV_TOKEN} on the server"
        if not same_token(bearer(authorization), write_token):
            return 401, "writes need a bearer token"
        return None

    # Writes are refused before their body is read (FastAPI reads it before dependencies run).
    app.add_middleware(WriteGuard, paths={("POST", "/articles")}, refuse=write_refusal)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> Response:
        # FastAPI's own handler, except that the offending input is cut short and the JSON is
        # ASCII: an input holding a lone surrogate cannot be encoded as UTF-8 (it would be a 500).
        errors = [{**e, "input": _short(e["input"])} if "input" in e else e for e in exc.errors()]
        body = json.dumps({"detail": jsonable_encoder(errors)}, ensure_ascii=True)
        return Response(body, status_code=422, media_type="application/json")

    @app.exception_handler(Unavailable)
    async def _busy(_request: Request, exc: Unavailable) -> JSONResponse:
        return _unavailable(str(exc), exc.retry_after)

    @app.exception_handler(PoolTimeout)
    async def _no_connection(_request: Request, _exc: PoolTimeout) -> JSONResponse:
        return _unavailable("no database connection came free in time")

    @app.exception_handler(OperationalError)
    async def _db_down(_request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database error: %s", exc)
        return _unavailable("the database is busy or unreachable")

    auth = HTTPBearer(
        auto_error=False, scheme_name="readToken", description="The read token, when one is set"
    )

    def can_read(
        cred: Annotated[HTTPAuthorizationCredentials | None, Depends(auth)],
    ) -> None:
        if read_token is None:
            return
        got = cred.credentials if cred else None
        if not (same_token(got, read_token) or same_token(got, write_token)):
            raise HTTPException(401, "reads need a bearer token", {"WWW-Authenticate": "Bearer"})

    write_auth = HTTPBearer(
        auto_error=False, scheme_name="writeToken", description="$CONFLICTWIRE_TOKEN of the server"
    )

    def can_write(
        cred: Annotated[HTTPAuthorizationCredentials | None, Depends(write_auth)],
    ) -> None:
        refusal = write_refusal(f"Bearer {cred.credentials}" if cred else None)
        if refusal:
            raise HTTPException(*refusal, {"WWW-Authenticate": "Bearer"})

    read = [Depends(can_read)] if read_token is not None else []
    read_codes = (401, 503) if read_token is not None else (503,)

    page_doc = _media(
        "application/json", {"type": "object", "required": ["total", "limit", "offset", "items"]},
        "One page of incidents and how many match in all",
    )  # fmt: skip

    @app.get(
        "/events", dependencies=read, responses={**page_doc, **_doc(*read_codes)},
        response_class=Response, summary="Incidents matching the filters",
    )  # fmt: skip
    async def list_events(
        f: P.Filters,
        limit: P.Limit = 100,
        offset: P.Offset = 0,
        sort: P.Sort = "-event_date",
    ) -> Response:
        # One connection for the count and the page, whose items are joined from the JSON
        # stored with each incident (store/docs.py), not built field by field. Requests queue
        # first come, first served for as many threads as the store has readers: more threads
        # only contend for the interpreter and let late requests overtake early ones.
        await reads.acquire()
        try:
            data = await run_in_threadpool(store.page_json, f, limit, offset, sort)
        finally:
            reads.release()
        return Response(data, media_type="application/json")

    async def export(
        fmt: str, media_type: str, f: EventFilter, sort: str, limit: int | None, **kw: Any
    ) -> HeldStream:
        await gate.acquire()
        try:
            rows = await run_in_threadpool(primed, store.iter_query(f, limit=limit, sort=sort))
        except BaseException:
            gate.release()
            raise
        body = pieces(fmt, rows)

        def close() -> None:
            try:
                body.close()
                rows.close()  # type: ignore[attr-defined]
            finally:
                gate.release()

        return HeldStream(chunks(body), close, media_type=media_type, **kw)

    csv_doc = _media("text/csv", {"type": "string"}, "ACLED's 31 columns, a header line first")

    @app.get(
        "/events.csv", dependencies=read, responses={**csv_doc, **_doc(*read_codes)},
        response_class=Response, summary="ACLED CSV (31 columns) export",
    )  # fmt: skip
    async def events_csv(
        f: P.Filters, sort: P.Sort = "-event_date", limit: P.ExportLimit = None
    ) -> Response:
        return await export(
            "acled", "text/csv; charset=utf-8", f, sort, limit,
            headers={"Content-Disposition": 'attachment; filename="events.csv"'},
        )  # fmt: skip

    gj_doc = _media("application/geo+json", {"type": "object"}, "A GeoJSON FeatureCollection")

    @app.get(
        "/events.geojson", dependencies=read, responses={**gj_doc, **_doc(*read_codes)},
        response_class=Response, summary="GeoJSON FeatureCollection export",
    )  # fmt: skip
    async def events_geojson(
        f: P.Filters, sort: P.Sort = "-event_date", limit: P.ExportLimit = None
    ) -> Response:
        return await export("geojson", "application/geo+json", f, sort, limit)

    jl_doc = _media("application/x-ndjson", {"type": "string"}, "One JSON object a line")

    @app.get(
        "/events.jsonl", dependencies=read, responses={**jl_doc, **_doc(*read_codes)},
        response_class=Response, summary="JSON lines export",
    )  # fmt: skip
    async def events_jsonl(
        f: P.Filters, sort: P.Sort = "-event_date", limit: P.ExportLimit = None,
        plover: bool = False,
    ) -> Response:  # fmt: skip
        fmt = "plover" if plover else "jsonl"
        return await export(fmt, "application/x-ndjson", f, sort, limit)

    pq_doc = _media(
        "application/vnd.apache.parquet", {"type": "string", "format": "binary"},
        "A Parquet file with typed columns",
    )  # fmt: skip

    @app.get(
        "/events.parquet", dependencies=read, responses={**pq_doc, **_doc(*read_codes)},
        response_class=Response, summary="Parquet export (typed columns)",
    )  # fmt: skip
    async def events_parquet(
        f: P.Filters, sort: P.Sort = "-event_date", limit: P.ExportLimit = None
    ) -> Response:
        from conflictwire.exports import write_parquet

        def build() -> bytes:
            buf = io.BytesIO()
            write_parquet(store.iter_query(f, limit=limit, sort=sort), buf)
            return buf.getvalue()

        await gate.acquire()
        try:
            data = await run_in_threadpool(build)
        finally:
            gate.release()
        return Response(
            data,
            media_type="application/vnd.apache.parquet",
            headers={"Content-Disposition": 'attachment; filename="events.parquet"'},
        )

    @app.get(
        "/events/{incident_id}", dependencies=read, responses=_doc(404, *read_codes),
        summary="One incident in full",
    )  # fmt: skip
    def get_event(incident_id: P.IncidentId) -> dict[str, Any]:
        inc = store.incident(incident_id)
        if inc is None:
            raise HTTPException(404, f"no event {incident_id!r}")
        return inc

    @app.get(
        "/articles/{article_id}", dependencies=read, responses=_doc(404, *read_codes),
        summary="A report with evidence",
    )  # fmt: skip
    def get_article(article_id: P.ArticleId) -> dict[str, Any]:
        # PostgreSQL's article ids are 32-bit: a larger one names no article (and is no error).
        small = store.dialect != "postgresql" or article_id <= P.MAX_INT32
        art = store.article(article_id) if small else None
        if art is None:
            raise HTTPException(404, f"no article {article_id}")
        return art

    @app.get(
        "/stats", dependencies=read, responses=_doc(*read_codes),
        summary="Counts by day, event type, admin1, and day and type",
    )  # fmt: skip
    def stats(f: P.Filters) -> dict[str, Any]:
        return store.stats(f)

    points_doc = _media(
        "application/json",
        {
            "type": "object", "required": ["total", "fields", "rows"],
            "properties": {
                "total": {"type": "integer", "description": "How many rows (incidents with "
                          "coordinates) follow"},
                "fields": {"type": "array", "items": {"type": "string"}},
                "rows": {"type": "array", "items": {"type": "array"}},
            },
        },
        "Every matching incident with coordinates, one row of `fields` each, in no set order",
    )  # fmt: skip

    @app.get(
        "/events.points", dependencies=read, responses={**points_doc, **_doc(*read_codes)},
        response_class=Response, summary="Every matching incident's place, for a map",
        description="No paging: the id, latitude, longitude, event type, fatalities and date of "
        "every matching incident that has coordinates (incidents without are left out).",
    )  # fmt: skip
    async def events_points(f: P.Filters) -> Response:
        def build() -> bytes:
            n, rows = store.points(f)
            head = json.dumps({"total": n, "fields": POINT_FIELDS}, separators=(",", ":"))
            return f'{head[:-1]},"rows":{rows}}}'.encode()

        await gate.acquire()  # as large as an export
        try:
            data = await run_in_threadpool(build)
        finally:
            gate.release()
        return Response(data, media_type="application/json")

    @app.get(
        "/events.timeline", dependencies=read, responses=_doc(*read_codes),
        summary="Matching incidents per day and event type",
        description="`by_day_type` in date order; `total` is their sum (incidents with no date "
        "are left out).",
    )  # fmt: skip
    async def events_timeline(f: P.Filters) -> dict[str, Any]:
        await reads.acquire()
        try:
            rows = await run_in_threadpool(store.timeline, f)
        finally:
            reads.release()
        return {"total": sum(r["incidents"] for r in rows), "by_day_type": rows}

    page = index_html(tiles)

    @app.get("/", include_in_schema=False, response_class=HTMLResponse)
    def index() -> HTMLResponse:
        # The page holds no data: it loads with or without a read token (its API calls need it).
        return HTMLResponse(page)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.post(
        "/articles",
        dependencies=[Depends(can_write)],
        status_code=201,
        response_model=IngestOut,
        responses=_doc(400, 401, 403, 413, 503),
        summary="Ingest one report",
        description="Extracts the report's events and stores them. 422 also when the text is "
        "not a usable English report, or when it cannot be processed (nothing is stored then).",
    )
    async def post_article(body: ArticleIn) -> IngestOut:
        from conflictwire.ingest import InputError, check_text

        try:
            check_text(body.text, max_body)
        except InputError as e:
            raise P.invalid(("body", "text"), str(e)) from None
        art = Article(
            text=body.text,
            id=body.id or "",
            published=body.published,
            source=body.source,
            url=body.url,
            title=body.title,
        )
        evs = []
        if await run_in_threadpool(store.status, art) != "unchanged":
            try:
                evs = await pool.extract(art)
            except Busy as e:
                raise Unavailable(f"extraction workers are busy ({e})") from None
            except ExtractionFailed as e:
                msg = f"the report could not be processed ({e}); nothing was stored"
                raise P.invalid(("body", "text"), msg) from None
        try:
            res = await run_in_threadpool(store.ingest, art, evs)
        except (OperationalError, PoolTimeout):
            raise
        except (StatementError, OverflowError, ValueError, TypeError, UnicodeError) as e:
            log.exception("could not store report %r", art.id or art.url)
            msg = f"the report's events could not be stored ({type(e).__name__})"
            raise P.invalid(("body",), msg) from None
        return IngestOut(
            status=res.status,
            article_id=res.article_id,
            n_events=res.n_events,
            incidents=res.incidents,
        )

    return app
