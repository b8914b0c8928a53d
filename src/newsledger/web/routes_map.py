"""The map page (`/map`, `/map/place/{key}`) and the API reference (`/docs`), added to the app
by `add_routes`. The map is drawn in the browser with d3-geo over world-atlas's boundaries, the
API reference with Swagger UI, all served from static/vendor (no CDN, no tile server)."""
from __future__ import annotations

from typing import Annotated, Any, Callable

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse

from newsledger.web import geo, models
from newsledger.web.data import BadQuery, _date_text


def _filters(kind: str | None, actor: str | None, since: str | None, until: str | None) -> dict[str, Any]:
    from newsledger.analyze.entities import resolve_party
    kind = (kind or "").strip() or None
    actor = resolve_party((actor or "").strip() or None)
    lo, hi = _date_text(since, upper=False), _date_text(until, upper=True)
    if lo and hi and lo > hi:
        raise BadQuery(f"since ({since}) is after until ({until})")
    return {"kind": kind, "actor": actor, "since": lo, "until": hi}


Kind = Annotated[str | None, Query(description="claim kind: deploy, transfer, casualties, ...")]
Actor = Annotated[str | None, Query(description="actor: ISO code, name or entity id")]
Since = Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD (event date)")]
Until = Annotated[str | None, Query(description="YYYY, YYYY-MM or YYYY-MM-DD (event date)")]


def add_routes(app: FastAPI, ledger, html: Callable[..., HTMLResponse]) -> None:
    @app.get("/map.json", tags=["pages"], response_model=models.MapPage,
             summary="Map: claims per place and kind (the claim's place, else its target state)")
    def map_json(kind: Kind = None, actor: Actor = None, since: Since = None, until: Until = None):
        return models.json_response(_shown(geo.points(ledger, **_filters(kind, actor, since, until)), kind, actor, since, until))

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, kind: str | None = None, actor: str | None = None,
                 since: str | None = None, until: str | None = None):
        d = _shown(geo.points(ledger, **_filters(kind, actor, since, until)), kind, actor, since, until)
        return html(request, "map.html", {"d": d})

    @app.get("/map/place/{place:path}.json", tags=["pages"], response_model=models.PlacePage,
             summary="The claims behind one map point, latest first")
    def place_json(place: str, kind: Kind = None, actor: Actor = None, since: Since = None, until: Until = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = geo.MAX_PLACE_CLAIMS):
        d = geo.place_claims(ledger, place, **_filters(kind, actor, since, until), limit=limit)
        return models.json_response(_shown(d, kind, actor, since, until))

    @app.get("/map/place/{place:path}", response_class=HTMLResponse, include_in_schema=False)
    def place_page(request: Request, place: str, kind: str | None = None, actor: str | None = None,
                   since: str | None = None, until: str | None = None):
        d = _shown(geo.place_claims(ledger, place, **_filters(kind, actor, since, until)), kind, actor, since, until)
        return html(request, "map_place.html", {"d": d})

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        # Swagger UI from static/vendor, started by static/js/docs.js: FastAPI's own /docs
        # loads it from a CDN with an inline script, which the Content-Security-Policy blocks.
        return html(request, "docs.html", {}, json_url="/openapi.json")


def _shown(d: dict[str, Any], kind, actor, since, until) -> dict[str, Any]:
    """The filters as the user typed them (the page's form shows them back)."""
    d["filters"] = {"kind": kind or None, "actor": actor or None, "since": since or None, "until": until or None}
    return d
