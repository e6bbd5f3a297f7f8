"""The FastAPI application: a JSON API under /api/ and server-rendered Arabic pages, both over one rasd database.

Every query goes through the store's interface (``rasd.store``); this module only validates parameters, shapes
responses and renders templates. Parameters are checked by FastAPI (422 with a message on a bad value); the
OpenAPI document describes the real response bodies, generated from the same msgspec Structs the store returns.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from rasd.model import Report
from rasd.store import EventFilter, EventRow, SearchResults, Stats, Store, TimelineBin, open_store
from rasd.store.export import acled_row
from rasd.web import labels
from rasd.web.highlight import KINDS, highlight, report_marks

HERE = Path(__file__).parent
MAX_EVENTS = 1000  # per page of /api/events
COUNT_CAP = 1000  # /api/events may stop counting there when an exact count would be slow (huge text matches)
MAX_POINTS = 20_000  # per /api/events.geojson: a map of more is unreadable and slow to draw
AUTO_BUCKETS = ((120, "day"), (3 * 366, "week"))  # bucket=auto: per day up to 120 days, per week up to 3 years
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
Types = Annotated[list[str] | None, Query(alias="type", description="PLOVER code, ACLED type or sub-type (repeatable).",
                                   max_length=50)]
Countries = Annotated[list[Annotated[str, Query(pattern=r"^[A-Za-z]{2}$")]] | None,
                      Query(alias="country", description="ISO 3166-1 alpha-2 (repeatable).", max_length=50)]
Modalities = Annotated[list[Literal["asserted", "planned", "denied", "hypothetical"]] | None,
                       Query(alias="modality", description="Repeatable.")]
Since = Annotated[str | None, Query(pattern=DATE, description="YYYY[-MM[-DD]]: events on or after.")]
Until = Annotated[str | None, Query(pattern=DATE, description="YYYY[-MM[-DD]]: events on or before.")]
ActorQ = Annotated[str | None, Query(alias="actor", max_length=200, description="Actor id, name or mention.")]
PlaceQ = Annotated[str | None, Query(alias="place", max_length=200, description="Place name or GeoNames id.")]
TextQ = Annotated[str | None, Query(alias="q", max_length=500, description="Full-text query over the reports.")]
Sort = Annotated[Literal["date", "score"], Query(description="Newest first, or most confident first.")]


def event_filter(type: Types = None, country: Countries = None, modality: Modalities = None, since: Since = None,
                 until: Until = None, actor: ActorQ = None, place: PlaceQ = None, q: TextQ = None) -> EventFilter:
    """The filters shared by /api/events, /api/events.geojson and /api/timeline (those of `rasd events`)."""
    return EventFilter(types=type or [], countries=country or [], modalities=list(modality or []), since=since,
                       until=until, actor=actor or None, place=place or None, query=q or None)


Where = Annotated[EventFilter, Depends(event_filter)]


class EventPage(msgspec.Struct, kw_only=True):
    total: int  # exact if total_exact, else a lower bound (counting a huge full-text match exactly is too slow)
    total_exact: bool
    offset: int
    limit: int
    events: list[EventRow]


class Timeline(msgspec.Struct, kw_only=True):
    bucket: Literal["day", "week", "month"]
    bins: list[TimelineBin]  # day: the first day of the bucket (weeks start on Monday)


class Problem(msgspec.Struct):
    detail: str


def timeline(days: list[TimelineBin], bucket: str = "auto") -> Timeline:
    """Day counts regrouped by week or month; ``auto`` picks the bucket from the span of days covered."""
    days = [b for b in days if _day(b.day)]
    if bucket == "auto":
        span = (_day(days[-1].day) - _day(days[0].day)).days if days else 0
        bucket = next((b for limit, b in AUTO_BUCKETS if span <= limit), "month")
    if bucket == "day":
        return Timeline(bucket="day", bins=days)
    counts: Counter[tuple[str, str]] = Counter()
    for b in days:
        day = _day(b.day)
        start = day - timedelta(days=day.weekday()) if bucket == "week" else day.replace(day=1)
        counts[start.isoformat(), b.type or ""] += b.count
    return Timeline(bucket=bucket, bins=[TimelineBin(d, t or None, n) for (d, t), n in sorted(counts.items())])


def _day(value: str) -> date | None:
    """A stored day, or None if a stage wrote an impossible one (it must not break the timeline)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def create_app(db: str | Path) -> FastAPI:
    """The web application over the database file ``db`` (which must exist)."""
    path = Path(db)
    if not path.is_file():
        raise FileNotFoundError(f"no database at {path}")
    local = threading.local()

    def store() -> Store:
        """One connection per worker thread: SQLite connections must stay in the thread that made them."""
        if getattr(local, "store", None) is None:
            local.store = open_store(path, create=False)
        return local.store

    app = FastAPI(title="rasd", version="1", description="Events extracted from Arabic news reports.",
                  docs_url="/api/docs", redoc_url=None)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    # -- JSON API -------------------------------------------------------------------------------------------------

    @app.get("/api/reports/{report_id}", tags=["api"], summary="One report in the output contract",
             responses=_doc(Report, {404: Problem}))
    def api_report(report_id: str) -> Response:
        report = store().report(report_id)
        if report is None:
            raise HTTPException(404, f"no report {report_id!r}")
        return _json(report)

    @app.get("/api/events", tags=["api"], summary="Events, filtered like `rasd events`, newest first",
             responses=_doc(EventPage))
    def api_events(where: Where, sort: Sort = "date", limit: Annotated[int, Query(ge=1, le=MAX_EVENTS)] = 100,
                   offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> Response:
        where = msgspec.structs.replace(where, sort=sort, limit=limit, offset=offset)
        s = store()
        total = s.count_events(where, cap=COUNT_CAP)
        return _json(EventPage(total=total, total_exact=total < COUNT_CAP, offset=offset, limit=limit,
                               events=list(s.events(where))))

    @app.get("/api/events.geojson", tags=["api"], summary="Located events as GeoJSON points (ACLED-style properties)",
             responses=_doc(None, media_type="application/geo+json"))
    def api_geojson(where: Where, limit: Annotated[int, Query(ge=1, le=MAX_POINTS)] = 5000,
                    notes: Annotated[bool, Query(description="Include each event's sentence (the map does not).")]
                    = True) -> Response:
        features = []
        for row in store().events(msgspec.structs.replace(where, limit=limit)):
            record = acled_row(row)
            if not notes:
                del record["notes"]
            if record["latitude"] is not None:
                features.append({"type": "Feature", "properties": record,
                                 "geometry": {"type": "Point",
                                              "coordinates": [record["longitude"], record["latitude"]]}})
        return _json({"type": "FeatureCollection", "features": features}, "application/geo+json")

    @app.get("/api/timeline", tags=["api"], summary="Events per day, week or month and ACLED type",
             responses=_doc(Timeline))
    def api_timeline(where: Where, bucket: Literal["auto", "day", "week", "month"] = "auto") -> Response:
        return _json(timeline(store().timeline(where), bucket))

    @app.get("/api/search", tags=["api"], summary="Full-text search over the reports, with snippets",
             responses=_doc(SearchResults))
    def api_search(q: Annotated[str, Query(min_length=1, max_length=500)],
                   limit: Annotated[int, Query(ge=1, le=100)] = 20,
                   offset: Annotated[int, Query(ge=0, le=100_000)] = 0) -> Response:
        return _json(store().search(q, limit=limit, offset=offset))

    @app.get("/api/stats", tags=["api"], summary="What the database holds", responses=_doc(Stats))
    def api_stats(top: Annotated[int, Query(ge=1, le=100)] = 10) -> Response:
        return _json(store().stats(top=top))

    # -- pages ----------------------------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(request: Request) -> Response:
        stats = store().stats(top=50)
        return templates.TemplateResponse(request, "index.html", {
            "stats": stats, "labels": labels, "page": labels.for_page(), "args": request.query_params})

    @app.get("/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
    def report_page(request: Request, report_id: str) -> Response:
        report = store().report(report_id)
        if report is None:
            return templates.TemplateResponse(request, "missing.html", {"report_id": report_id}, status_code=404)
        return templates.TemplateResponse(request, "report.html", {
            "report": report, "body": highlight(report.text, report_marks(report)), "kinds": KINDS,
            "labels": labels})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: Annotated[str, Query(max_length=500)] = "",
                    page: Annotated[int, Query(ge=1, le=1000)] = 1) -> Response:
        results = store().search(q, limit=20, offset=(page - 1) * 20) if q.strip() else None
        return templates.TemplateResponse(request, "search.html", {"q": q, "results": results, "page": page,
                                                                   "snippet": _snippet})

    def openapi() -> dict:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            _, components = msgspec.json.schema_components([Report, EventPage, Timeline, SearchResults, Stats, Problem],
                                                           ref_template="#/components/schemas/{name}")
            spec.setdefault("components", {}).setdefault("schemas", {}).update(components)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi
    return app


def _json(value, media_type: str = "application/json") -> Response:
    return Response(msgspec.json.encode(value), media_type=media_type)


def _doc(model: type | None, errors: dict[int, type] | None = None, media_type: str = "application/json") -> dict:
    """OpenAPI ``responses`` for a route that returns ``model`` (a msgspec Struct, described in components)."""
    def content(cls):
        schema = {"$ref": f"#/components/schemas/{cls.__name__}"} if cls else {"type": "object"}
        return {"content": {media_type if cls is model else "application/json": {"schema": schema}}}

    out = {200: {"description": "OK", **content(model)}}
    for status, cls in (errors or {}).items():
        out[status] = {"description": "Not found" if status == 404 else "Error", **content(cls)}
    return out


def _snippet(hit) -> list[tuple[str, bool]]:
    """A search hit's snippet cut into (text, highlighted) pieces, for the template to escape and mark."""
    pieces, pos = [], 0
    for start, end in hit.highlights:
        start, end = start - hit.snippet_start, end - hit.snippet_start
        if start >= pos:
            pieces += [(hit.snippet[pos:start], False), (hit.snippet[start:end], True)]
            pos = end
    pieces.append((hit.snippet[pos:], False))
    return pieces

