"""`newsledger serve`: a read-only FastAPI app over one store.

Every page has a JSON twin at the same URL plus ``.json`` (``/`` has ``/.json``), as Datasette
does; the twins are what the OpenAPI schema at ``/openapi.json`` documents (``/docs`` shows it).
HTML is server-rendered with Jinja2 (autoescape on: article text is untrusted) and a
Content-Security-Policy that allows scripts from this server only, so markup smuggled into an
article can neither run nor load anything. Charts (Plotly) and the flows graph (Cytoscape.js)
are served from ``static/vendor`` (copied from npm packages by ``scripts/vendor_js.py``).
"""
from __future__ import annotations

import hmac
import io
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from newsledger.web import data, models, routes_map
from newsledger.web import review as web_review
from newsledger.web.data import BadQuery, Ledger, NotFound

HERE = Path(__file__).parent
TOKEN_COOKIE = "newsledger_token"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_TYPES = {"text/plain", "text/html", "application/xhtml+xml", "application/json",
                "application/x-ndjson", "application/jsonl", "application/gzip", "application/x-gzip",
                "application/warc", "application/rss+xml", "application/atom+xml", "application/xml",
                "text/xml"}
URL_TYPES = {"text/html", "application/xhtml+xml", "text/plain", "application/rss+xml",
             "application/atom+xml", "application/xml", "text/xml"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


@dataclass
class ClaimFilters:
    """Structured filters over claims (the same as `newsledger claims`)."""
    kind: Annotated[str | None, Query(description="claim kind: deploy, transfer, casualties, ...")] = None
    actor: Annotated[str | None, Query(description="actor: ISO code, name or entity id")] = None
    recipient: Annotated[str | None, Query(description="recipient: ISO code, name or entity id")] = None
    item: Annotated[str | None, Query(description="item category or name")] = None
    since: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None
    until: Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD")] = None
    modality: Annotated[str | None, Query(description="occurred, planned, expected, possible, denied, negated; "
                                                      "or a register class: intended, refuted")] = None

    def clean(self) -> dict[str, str | None]:
        from newsledger.analyze.entities import resolve_party
        out = {k: (v.strip() or None) if isinstance(v, str) else v for k, v in self.__dict__.items()}
        out["actor"], out["recipient"] = resolve_party(out["actor"]), resolve_party(out["recipient"])
        if out["modality"]:
            out["modality"] = _modality(out["modality"])
        return out


GraphKind = Annotated[str | None, Query(description="only flows with claims of this kind")]
GraphSince = Annotated[str | None, Query(description="only flows with facts dated on or after: YYYY, YYYY-MM or YYYY-MM-DD")]
GraphUntil = Annotated[str | None, Query(description="only flows with facts dated on or before: YYYY, YYYY-MM or YYYY-MM-DD")]
GraphTop = Annotated[int, Query(ge=1, le=data.MAX_EDGES, description="flows in the graph, most independent origins first")]


def _modality(value: str) -> str:
    """A contract modality or a register class (the CLI's vocabulary), matched without regard
    to case; like the other filters, a value that is neither matches nothing."""
    return value.lower()


def _templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return Jinja2Templates(env=env)


def _bearer(header: str | None) -> str | None:
    """The credentials of an `Authorization: Bearer ...` header (the scheme is
    case-insensitive, RFC 7235), else None."""
    scheme, _, value = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def _without_token(request: Request) -> str:
    """The request's path and query with every `token` parameter removed."""
    query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
    return request.url.path + (f"?{query}" if query else "")


class RedactToken(logging.Filter):
    """Access-log filter: `token=...` in a logged URL becomes `token=[redacted]`."""

    PATTERN = re.compile(r"(?i)([?&]token=)[^&\s\"]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self.PATTERN.sub(r"\1[redacted]", a) if isinstance(a, str) else a
                                for a in record.args)
        if isinstance(record.msg, str):
            record.msg = self.PATTERN.sub(r"\1[redacted]", record.msg)
        return True


def _want_json(request: Request) -> bool:
    return request.url.path.endswith(".json")


def create_app(db: str | Path, *, token: str | None = None, allow_ingest: bool = False,
               max_upload_bytes: int = MAX_UPLOAD_BYTES, allowed_hosts: list[str] | None = None,
               warm: bool = False, allow_review: bool = False, reviewer: str | None = None) -> FastAPI:
    """The app over the store at `db`. `token`: every request must carry it (header
    ``Authorization: Bearer``, ``X-Newsledger-Token``, the cookie set after ``?token=`` once).
    `allowed_hosts`: Host headers accepted (DNS-rebinding guard for a loopback server).
    `warm`: build the register in the background now rather than on the first request.
    `allow_review`: analysts may verify, reject and correct claims (web/review.py); needs
    `token`, even on loopback. `reviewer`: the name reviews are signed with by default."""
    if allow_review and not token:
        raise ValueError("review writes to the store: give a token (serve --token SECRET) even on loopback")
    ledger = Ledger(db)
    if warm:
        threading.Thread(target=ledger.cache, name="newsledger-warm", daemon=True).start()
    templates = _templates()
    write_lock = threading.Lock()
    review: dict[str, Any] | None = None   # the review forms' context, when review is allowed
    app = FastAPI(title="newsledger", version="1", docs_url=None, redoc_url=None,
                  description="The register of claims of one newsledger store. Every HTML page has a "
                              "JSON twin at the same URL plus `.json`; those are documented here.")
    app.state.ledger = ledger
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    # -- middleware: token, host and origin checks, security headers ------------------------
    @app.middleware("http")
    async def guard(request: Request, call_next):
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if allowed_hosts is not None and host not in allowed_hosts:
            return PlainTextResponse("host not allowed", status_code=400)
        set_cookie = False
        if token:
            given = (request.headers.get("x-newsledger-token") or _bearer(request.headers.get("authorization"))
                     or request.cookies.get(TOKEN_COOKIE))
            in_url = request.query_params.get("token")
            if not given and in_url:
                given, set_cookie = in_url, True
            if not given or not hmac.compare_digest(given.encode(), token.encode()):
                if _want_json(request) or request.url.path.startswith("/openapi"):
                    return JSONResponse({"detail": "token required"}, status_code=401)
                return PlainTextResponse("401: this server needs its token (?token=...)", status_code=401)
            if in_url is not None and request.method in ("GET", "HEAD"):
                # A token in the URL would stay in the address bar, the history, every link
                # built from the query and the logs: move it into the cookie and send the
                # browser to the same URL without it.
                response = RedirectResponse(_without_token(request), status_code=303)
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
                response.headers["Referrer-Policy"] = "no-referrer"
                return response
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("origin")
            if origin and urlsplit(origin).netloc.lower() != (request.headers.get("host") or "").lower():
                return PlainTextResponse("cross-origin request refused", status_code=403)
        response: Response = await call_next(request)
        if set_cookie:
            response.set_cookie(TOKEN_COOKIE, token or "", httponly=True, samesite="strict")
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        # same-origin, not no-referrer: under no-referrer a browser sends `Origin: null` with the
        # page's own form posts (review, ingest), which the origin check above must refuse.
        # Other sites still get no referrer.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return _error(request, 404, str(exc))

    @app.exception_handler(BadQuery)
    async def bad_query(request: Request, exc: BadQuery):
        return _error(request, 400, str(exc))

    def _error(request: Request, status: int, message: str) -> Response:
        if _want_json(request):
            return JSONResponse({"detail": message}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                          status_code=status)

    def html(request: Request, name: str, ctx: dict[str, Any], *, json_url: str | None = None) -> HTMLResponse:
        q = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
        ctx = {"json_url": json_url or (request.url.path.rstrip("/") + ".json" + (f"?{q}" if q else "")),
               "allow_ingest": allow_ingest, "review": review, **ctx}
        return templates.TemplateResponse(request, name, ctx)

    # -- overview ------------------------------------------------------------------------
    def overview_data(kind: str | None, since: str | None, until: str | None, top: int) -> dict[str, Any]:
        return data.overview(ledger, kind=(kind or "").strip() or None, since=(since or "").strip() or None,
                             until=(until or "").strip() or None, top=top)

    @app.get("/.json", tags=["pages"], response_model=models.Overview,
             summary="Overview: flows graph (top flows by independent origins), latest figures, recent conflicts")
    def overview_json(kind: GraphKind = None, since: GraphSince = None, until: GraphUntil = None,
                      top: GraphTop = data.MAX_FLOWS_IN_GRAPH):
        return models.json_response(overview_data(kind, since, until, top))

    @app.get("/index.json", include_in_schema=False)
    def overview_json_alias(kind: GraphKind = None, since: GraphSince = None, until: GraphUntil = None,
                            top: GraphTop = data.MAX_FLOWS_IN_GRAPH) -> dict[str, Any]:
        return models.json_response(overview_data(kind, since, until, top))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request, kind: str | None = None, since: str | None = None,
                      until: str | None = None, top: GraphTop = data.MAX_FLOWS_IN_GRAPH):
        q = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
        return html(request, "overview.html", {"d": overview_data(kind, since, until, top)},
                    json_url="/.json" + (f"?{q}" if q else ""))

    # -- thread --------------------------------------------------------------------------
    @app.get("/thread/{thread_id}.json", tags=["pages"], response_model=models.Thread,
             summary="Thread: figure series, facts with their origins and echoes, conflicts, sources")
    def thread_json(thread_id: str, limit: Annotated[int, Query(ge=1, le=1000, description="facts and sources per page")] = data.PAGE,
                    offset: Annotated[int, Query(ge=0, le=2 ** 63 - 1)] = 0,
                    series_limit: Annotated[int, Query(ge=0, description="latest figures per item in `series` (0: all)")]
                    = data.SERIES_LIMIT):
        return models.json_response(data.thread(ledger, thread_id, limit=limit, offset=offset, series_limit=series_limit))

    @app.get("/thread/{thread_id}", response_class=HTMLResponse, include_in_schema=False)
    def thread_page(request: Request, thread_id: str, limit: Annotated[int, Query(ge=1, le=1000)] = 50,
                    offset: Annotated[int, Query(ge=0, le=2 ** 63 - 1)] = 0):
        d = data.thread(ledger, thread_id, limit=limit, offset=offset)
        more = max(d["facts_total"], d["sources_total"]) > offset + limit
        shown = [s["doc_id"] for s in d["sources"]] + [
            s["doc_id"] for f in d["facts_detail"] for o in f["origins_detail"]
            for s in ([o["first"]] if o["first"] else []) + o["echoes"]]
        return html(request, "thread.html", {
            "d": d, "chart": {"series": d["series"]}, "reviews": web_review.statuses(ledger, shown),
            "next_url": f"/thread/{thread_id}?{urlencode({'offset': offset + limit, 'limit': limit})}" if more else None,
            "prev_url": f"/thread/{thread_id}?{urlencode({'offset': max(0, offset - limit), 'limit': limit})}" if offset else None})

    # -- timeline ------------------------------------------------------------------------
    @app.get("/timeline.json", tags=["pages"], response_model=models.Timeline,
             summary="Timeline of dated facts, filterable, with the facts per week by kind")
    def timeline_json(f: Annotated[ClaimFilters, Depends()],
                      limit: Annotated[int, Query(ge=1, le=1000)] = data.PAGE,
                      offset: Annotated[int, Query(ge=0, le=2 ** 63 - 1)] = 0):
        return models.json_response(data.timeline(ledger, **f.clean(), limit=limit, offset=offset))

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request, f: Annotated[ClaimFilters, Depends()],
                      limit: Annotated[int, Query(ge=1, le=1000)] = data.PAGE,
                      offset: Annotated[int, Query(ge=0, le=2 ** 63 - 1)] = 0):
        d = data.timeline(ledger, **f.clean(), limit=limit, offset=offset)
        def page_url(at: int) -> str:
            params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "token")]
            return "/timeline?" + urlencode([*params, ("offset", str(at))])
        return html(request, "timeline.html", {
            "d": d, "choices": data.choices(ledger),
            "next_url": page_url(offset + limit) if offset + limit < d["total"] else None,
            "prev_url": page_url(max(0, offset - limit)) if offset else None})

    # -- entity --------------------------------------------------------------------------
    @app.get("/entity/{key:path}.json", tags=["pages"], response_model=models.Entity,
             summary="Entity: every claim involving one actor, by kind and counterpart")
    def entity_json(key: str):
        return models.json_response(data.entity(ledger, key))

    @app.get("/entity/{key:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, key: str):
        return html(request, "entity.html", {"d": data.entity(ledger, key)})

    # -- document ------------------------------------------------------------------------
    @app.get("/document/{doc_id}.json", tags=["pages"], response_model=models.Document,
             summary="Document: cleaned text and its claims with evidence offsets and threads")
    def document_json(doc_id: str):
        return models.json_response(data.document(ledger, doc_id))

    @app.get("/document/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str):
        d = data.document(ledger, doc_id)
        return html(request, "document.html", {"d": d, "segments": data.segments(d["text"], d["claims"])})

    # -- search --------------------------------------------------------------------------
    @app.get("/search.json", tags=["pages"], response_model=models.Search,
             summary="Full-text search over documents (FTS5), narrowed by structured filters over their claims")
    def search_json(f: Annotated[ClaimFilters, Depends()],
                    q: Annotated[str | None, Query(description="FTS5 query over title and text")] = None,
                    limit: Annotated[int, Query(ge=1, le=1000)] = data.PAGE):
        return models.json_response(data.search(ledger, q=q, **f.clean(), limit=limit))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, f: Annotated[ClaimFilters, Depends()],
                    q: str | None = None, limit: Annotated[int, Query(ge=1, le=1000)] = data.PAGE):
        d = data.search(ledger, q=q, **f.clean(), limit=limit)
        return html(request, "search.html", {"d": d, "choices": data.choices(ledger)})

    # -- map and API reference (routes_map.py) -------------------------------------------------
    routes_map.add_routes(app, ledger, html)

    # -- review (only with --allow-review, which needs the token) -----------------------------
    if allow_review:
        import getpass
        review = web_review.install(app, ledger=ledger, token=token or "", reviewer=reviewer or getpass.getuser(),
                                    write_lock=write_lock, html=html, error=_error)
    else:
        @app.api_route("/review", methods=["GET", "POST"], include_in_schema=False)
        @app.api_route("/review.json", methods=["GET", "POST"], include_in_schema=False)
        def review_off(request: Request):
            return _error(request, 403, "read-only: start the server with --allow-review --token SECRET to review claims")

    # -- ingest (only with --allow-ingest) ---------------------------------------------------
    def _ingest_bytes(payload: bytes) -> dict[str, Any]:
        return _ingest_inputs(["-"], stdin=io.BytesIO(payload))

    def _ingest_url(url: str) -> dict[str, Any]:
        """Fetch through the package's one fetcher: non-public addresses refused (never
        allowed here), every redirect hop checked, size and content type capped. The
        document keeps its URL."""
        from newsledger.sources.url import Fetcher
        if urlsplit(url).scheme not in ("http", "https"):
            raise _HTTP(400, "only http(s) URLs")
        fetcher = Fetcher(allow_private=False, max_bytes=max_upload_bytes, accept_types=URL_TYPES,
                          timeout=15.0, max_seconds=60.0)
        try:
            report = _ingest_inputs([url], fetcher=fetcher)
        finally:
            fetcher.close()
        if report["read"] == 0 and report["skipped"]:
            reason = report["skipped_reasons"][0]["reason"] if report["skipped_reasons"] else "not fetched"
            status = 413 if reason.startswith("too large") else 415 if "content type" in reason else \
                403 if reason.startswith("refused") else 502
            raise _HTTP(status, f"{url}: {reason}")
        return report

    def _ingest_inputs(inputs: list[str], **options) -> dict[str, Any]:
        from newsledger.pipeline import ingest
        from newsledger.store.sqlite import SQLiteStore
        with write_lock:
            store = SQLiteStore(ledger.db)
            try:
                report = ingest(inputs, store, **options)
            finally:
                store.close()
        ledger.invalidate()
        return report.as_dict()

    def _refuse() -> JSONResponse:
        return JSONResponse({"detail": "read-only: start the server with --allow-ingest"}, status_code=403)

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_form(request: Request):
        if not allow_ingest:
            return _error(request, 403, "read-only: start the server with --allow-ingest to add documents")
        return html(request, "ingest.html", {"report": None, "limit": max_upload_bytes}, json_url="/ingest.json")

    async def _do_ingest(file: UploadFile | None, url: str | None) -> dict[str, Any]:
        from starlette.concurrency import run_in_threadpool
        if file is not None and file.filename:
            ctype = (file.content_type or "").split(";")[0].strip().lower()
            if ctype not in UPLOAD_TYPES:
                raise _HTTP(415, f"content type {ctype or '(none)'} not accepted")
            payload = await file.read(max_upload_bytes + 1)
            if len(payload) > max_upload_bytes:
                raise _HTTP(413, f"upload larger than {max_upload_bytes} bytes")
        elif url:
            return await run_in_threadpool(_ingest_url, url)
        else:
            raise _HTTP(400, "give a file or a url")
        return await run_in_threadpool(_ingest_bytes, payload)

    @app.post("/ingest.json", tags=["ingest"],
              summary="Add a document (upload or http(s) URL); only with --allow-ingest")
    async def ingest_json(file: Annotated[UploadFile | None, File()] = None,
                          url: Annotated[str | None, Form()] = None):
        if not allow_ingest:
            return _refuse()
        try:
            return await _do_ingest(file, url)
        except _HTTP as exc:
            return JSONResponse({"detail": exc.message}, status_code=exc.status)

    @app.post("/ingest", response_class=HTMLResponse, include_in_schema=False)
    async def ingest_post(request: Request, file: Annotated[UploadFile | None, File()] = None,
                          url: Annotated[str | None, Form()] = None):
        if not allow_ingest:
            return _error(request, 403, "read-only: start the server with --allow-ingest to add documents")
        try:
            report = await _do_ingest(file, url)
        except _HTTP as exc:
            return _error(request, exc.status, exc.message)
        return html(request, "ingest.html", {"report": report, "limit": max_upload_bytes}, json_url="/ingest.json")

    return app


class _HTTP(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message
