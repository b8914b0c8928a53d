"""Response models of the JSON pages, so /openapi.json (and /docs) describe what each returns.

Top-level fields and rows are typed; the claim records inside them follow the output contract
(../shared/spec/record.schema.json) and are typed as `Record` (an open object: the contract may
gain fields). Every model allows extra fields, so adding a field to a page never breaks it.

The routes declare these as `response_model` (the schema) and return `json_response(...)`:
validating a megabyte thread page against the models on every request would double its cost,
so the tests validate every page against its model instead (tests/test_web_map.py).
"""
from __future__ import annotations

from typing import Any

import pydantic_core
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict


def json_response(content: Any) -> Response:
    """`content` as JSON, encoded by pydantic-core (the encoder FastAPI itself uses)."""
    return Response(pydantic_core.to_json(content), media_type="application/json")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


Record = dict[str, Any]


class MapFilters(Open):
    kind: str | None = None
    actor: str | None = None
    since: str | None = None
    until: str | None = None


class MapPoint(Open):
    place: str
    name: str
    lat: float
    lon: float
    basis: str
    kind: str
    claims: int
    first: str | None = None
    last: str | None = None


class MapPage(Open):
    filters: MapFilters
    kinds: list[str]
    claims: int
    places: int
    unplaced: int
    points: list[MapPoint]


class Place(Open):
    key: str
    name: str
    lat: float
    lon: float
    basis: str


class PlacePage(Open):
    place: Place
    filters: MapFilters
    total: int
    claims: list[Record]


# -- overview ---------------------------------------------------------------------------------
class Stats(Open):
    claims: int
    threads: int
    facts: int
    figures: int
    conflicts: int
    flows: int


class GraphNode(Open):
    id: str
    label: str
    iso3: str | None = None
    claims: int


class Flow(Open):
    actor: str | None = None
    actor_id: str | None = None
    recipient: str | None = None
    recipient_id: str | None = None
    category: str | None = None
    items: list[str | None] = []
    threads: list[str]
    claims: int
    origins: int
    latest: str | None = None
    latest_date: str | None = None


class Graph(Open):
    nodes: list[GraphNode]
    edges: list[Flow]


class LatestFigure(Open):
    thread_id: str
    thread: str
    kind: str
    item: str | None = None
    text: str | None = None
    date: str | None = None
    modality: str | None = None
    claims: int
    origins: int


class Overview(Open):
    stats: Stats
    documents: int
    graph: Graph
    latest: list[LatestFigure]
    conflicts: list[Record]


# -- thread -----------------------------------------------------------------------------------
class Source(Open):
    claim_id: str
    doc_id: str
    doc_title: str | None = None
    outlet: str | None = None
    published: str | None = None
    attribution: list[str] = []
    sentence: str | None = None
    modality: str | None = None


class Fact(Open):
    id: str
    thread_id: str
    kind: str
    figure: str | None = None
    value: float | None = None
    date: str | None = None
    modality: str | None = None
    claims: int
    origins: int
    in_conflict: bool = False
    origins_detail: list[Record] = []


class Thread(Open):
    id: str
    title: str
    kind: str
    actor: str | None = None
    recipient: str | None = None
    category: str | None = None
    claims: int
    facts: int
    origins: int
    first: str | None = None
    last: str | None = None
    latest: dict[str, Record]
    series: dict[str, list[Record]]
    series_total: dict[str, int]
    facts_detail: list[Fact]
    facts_total: int
    conflicts_detail: list[Record]
    conflicts_total: int
    sources: list[Source]
    sources_total: int
    offset: int
    limit: int


# -- timeline ---------------------------------------------------------------------------------
class Filters(Open):
    kind: str | None = None
    actor: str | None = None
    recipient: str | None = None
    item: str | None = None
    since: str | None = None
    until: str | None = None
    modality: str | None = None


class TimelineRow(Open):
    date: str
    end: str | None = None
    date_basis: str | None = None
    fact_id: str
    thread_id: str
    kind: str
    actor: str | None = None
    recipient: str | None = None
    item: str | None = None
    category: str | None = None
    figure: str | None = None
    modality: str | None = None
    according_to: list[str] = []
    sentence: str | None = None


class WeeklyCounts(Open):
    weeks: list[str]
    counts: dict[str, list[int]]


class Timeline(Open):
    filters: Filters
    total: int
    offset: int
    limit: int
    rows: list[TimelineRow]
    per_week: WeeklyCounts | None = None


# -- entity -----------------------------------------------------------------------------------
class EntityInfo(Open):
    id: str
    name: str | None = None
    type: str | None = None
    iso3: str | None = None
    wikidata: str | None = None


class Counterpart(Open):
    kind: str
    counterpart_id: str | None = None
    counterpart: str | None = None
    claims: int
    first: str | None = None
    last: str | None = None


class Entity(Open):
    entity: EntityInfo
    as_actor: list[Counterpart]
    as_recipient: list[Counterpart]
    cited_as_source: int
    threads_total: int
    threads: list[Record]
    recent_claims: list[Record]


# -- document and search ----------------------------------------------------------------------
class Document(Open):
    id: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    language: str | None = None
    duplicate_of: str | None = None
    sources: list[Record]
    text: str
    claims: list[Record]


class DocumentHit(Open):
    id: str
    title: str | None = None
    label: str
    outlet: str | None = None
    published: str | None = None
    snippet: str | None = None
    claims: int | None = None
    matching_claims: int | None = None


class Search(Open):
    q: str | None = None
    filters: Filters
    error: str | None = None
    documents: list[DocumentHit]
    claims: list[Record]
