"""What the web pages and their JSON twins show, as plain dicts (one function per page).

The register is a pure function of the claims, so it is built once and cached until the store
changes (checked with two indexed max() lookups per request). Every SQL statement here is
parameterised; the store's own queries are too.
"""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsledger.register import Register, register_from_store
from newsledger.register.build import Fact, REALIS, series_point
from newsledger.store.base import StoreError
from newsledger.store.sqlite import SQLiteStore

MAX_FLOWS_IN_GRAPH = 60
MAX_LATEST = 50
MAX_CONFLICTS = 20
PAGE = 100


class NotFound(Exception):
    pass


class BadQuery(Exception):
    pass


@dataclass
class _Cache:
    key: tuple
    register: Register
    threads: dict[str, Any]
    claim_thread: dict[tuple[str, str], tuple[str, str]]   # (doc_id, claim_id) -> (thread_id, fact_id)
    timeline: list[dict[str, Any]]
    thread_keys: dict[str, set[str]]                       # thread id -> lower-cased actor/recipient keys
    overview: dict[str, Any] | None = None


def _keys(e: dict[str, Any] | None) -> set[str]:
    if not e:
        return set()
    return {str(v).lower() for k in ("id", "name", "iso3") if (v := e.get(k))}


class Ledger:
    """Read access to one store for a multi-threaded server: one SQLite connection per thread
    (sqlite3 connections are not shared across threads), read-only unless writes are allowed."""

    def __init__(self, db: str | Path, *, writable: bool = False) -> None:
        self.db = str(db)
        if not Path(self.db).exists():
            raise StoreError(f"no store at {self.db} (run `newsledger ingest ... --db {self.db}` first)")
        self.writable = writable
        self._local = threading.local()
        self._lock = threading.Lock()
        self._cache: _Cache | None = None
        self.store()   # applies pending migrations once, up front

    def store(self) -> SQLiteStore:
        store = getattr(self._local, "store", None)
        if store is None:
            store = SQLiteStore(self.db)
            # Defence in depth: the read paths cannot write even if a query were crafted to.
            store._conn.execute("PRAGMA query_only = ON")
            self._local.store = store
        return store

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store()._conn

    # -- register cache --------------------------------------------------------------------
    def _key(self) -> tuple:
        c = self.conn
        return (c.execute("SELECT max(pk) FROM claims").fetchone()[0],
                c.execute("SELECT max(pk) FROM documents").fetchone()[0])

    def cache(self) -> _Cache:
        key = self._key()
        cache = self._cache
        if cache is not None and cache.key == key:
            return cache
        with self._lock:
            if self._cache is not None and self._cache.key == key:
                return self._cache
            reg = register_from_store(self.store())
            claim_thread = {(s.doc_id, s.claim_id): (f.thread_id, f.id) for f in reg.facts for s in f.sources}
            self._cache = _Cache(key=key, register=reg, threads={t.id: t for t in reg.threads},
                                 claim_thread=claim_thread, timeline=reg.timeline(),
                                 thread_keys={t.id: _keys(t.actor) | _keys(t.recipient) for t in reg.threads})
            return self._cache

    def invalidate(self) -> None:
        with self._lock:
            self._cache = None


# ------------------------------------------------------------------------------- pages

def overview(ledger: Ledger) -> dict[str, Any]:
    cache = ledger.cache()
    if cache.overview is not None:
        return cache.overview
    reg = cache.register
    flows = [w.to_dict() for w in sorted(reg.flows, key=lambda w: -len([s for f in w.facts for s in f.sources]))
             [:MAX_FLOWS_IN_GRAPH]]
    nodes: dict[str, dict[str, Any]] = {}
    for w in flows:
        for side in ("actor", "recipient"):
            nid = w[f"{side}_id"] or w[side]
            node = nodes.setdefault(nid, {"id": nid, "label": w[side], "iso3": w[f"{side}_iso3"], "claims": 0})
            node["claims"] += w["claims"]
    latest = []
    for t in sorted(reg.threads, key=lambda t: -len(t.sources)):
        for item, point in t.latest().items():
            latest.append({"thread_id": t.id, "thread": t.title(), "kind": t.kind, "item": item, **point})
        if len(latest) >= MAX_LATEST:
            break
    conflicts = sorted((c.to_dict() for c in reg.conflicts),
                       key=lambda c: max(c["a"]["date"] or "", c["b"]["date"] or ""), reverse=True)
    cache.overview = {"stats": reg.stats(), "documents": ledger.store().count_documents(),
                      "graph": {"nodes": list(nodes.values()), "edges": flows},
                      "latest": latest[:MAX_LATEST], "conflicts": conflicts[:MAX_CONFLICTS]}
    return cache.overview


def _fact_view(f: Fact) -> dict[str, Any]:
    d = f.to_dict(sources=False)
    origins = []
    for g in f.groups:
        members = [f.sources[i].to_dict() for i in g.members]
        origins.append({"origin": g.key, "name": g.name, "carriers": g.carriers,
                        "first": members[0] if members else None, "echoes": members[1:]})
    d["origins_detail"] = origins
    return d


def thread(ledger: Ledger, thread_id: str) -> dict[str, Any]:
    cache = ledger.cache()
    t = cache.threads.get(thread_id)
    if t is None:
        raise NotFound(f"no thread {thread_id}")
    data = t.to_dict(facts=False)
    conflict_facts: set[str] = set()
    conflicts = []
    for c in cache.register.conflicts:
        if c.thread.id == t.id:
            conflicts.append(c.to_dict())
            conflict_facts |= {c.a.id, c.b.id}
    facts = [_fact_view(f) for f in sorted(t.facts, key=lambda f: (f.date is None, f.date or 0, f.id))]
    for f in facts:
        f["in_conflict"] = f["id"] in conflict_facts
    sources = sorted({(s.doc_id, s.claim_id): s.to_dict() for s in t.sources}.values(),
                     key=lambda s: (s["published"] or "", s["doc_id"], s["claim_id"]))
    data.update(facts_detail=facts, conflicts_detail=conflicts, sources=sources)
    return data


def _match(row: dict[str, Any], keys: set[str], field: str, value: str | None) -> bool:
    return not value or value.lower() in keys or (row.get(field) or "").lower() == value.lower()


def timeline(ledger: Ledger, *, kind: str | None = None, actor: str | None = None,
             recipient: str | None = None, item: str | None = None, since: str | None = None,
             until: str | None = None, modality: str | None = None,
             limit: int = PAGE, offset: int = 0) -> dict[str, Any]:
    cache = ledger.cache()
    lo = _date_text(since, upper=False)
    hi = _date_text(until, upper=True)
    rows = []
    for r in cache.timeline:
        if kind and r["kind"] != kind:
            continue
        if modality and r["modality"] != modality:
            continue
        if lo and (r["end"] or r["date"]) < lo:
            continue
        if hi and r["date"] > hi:
            continue
        if item and item.lower() not in {(r["category"] or "").lower(), (r["item"] or "").lower()}:
            continue
        t = cache.threads[r["thread_id"]]
        if actor and actor.lower() not in _keys(t.actor):
            continue
        if recipient and recipient.lower() not in _keys(t.recipient):
            continue
        rows.append(r)
    return {"filters": {"kind": kind, "actor": actor, "recipient": recipient, "item": item,
                        "since": since, "until": until, "modality": modality},
            "total": len(rows), "offset": offset, "limit": limit, "rows": rows[offset:offset + limit]}


def _date_text(value: str | None, *, upper: bool) -> str | None:
    if not value:
        return None
    import re
    v = value.strip()
    if re.fullmatch(r"\d{4}", v):
        return f"{v}-12-31" if upper else f"{v}-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return f"{v}-31" if upper else f"{v}-01"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return v
    raise BadQuery(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")


def entity(ledger: Ledger, key: str, *, limit: int = PAGE) -> dict[str, Any]:
    conn = ledger.conn
    row = conn.execute("SELECT id, name, type, iso3, wikidata FROM entities WHERE id = ? COLLATE NOCASE"
                       " OR iso3 = ? COLLATE NOCASE OR name = ? COLLATE NOCASE"
                       " ORDER BY id = ? COLLATE NOCASE DESC LIMIT 1", (key, key, key, key)).fetchone()
    if row is None:
        raise NotFound(f"no entity {key}")
    ent = dict(row)
    eid = ent["id"]
    by_role = {}
    for role, other in (("actor", "recipient"), ("recipient", "actor")):
        by_role[role] = [dict(r) for r in conn.execute(
            f"SELECT kind, {other}_id AS counterpart_id, {other}_name AS counterpart, count(*) AS claims,"
            " count(DISTINCT doc_id) AS documents, min(coalesce(time_start, reported)) AS first,"
            " max(coalesce(time_end, time_start, reported)) AS last"
            f" FROM claims WHERE {role}_id = ? GROUP BY kind, {other}_id ORDER BY claims DESC, kind",
            (eid,))]
    cited = conn.execute("SELECT count(*) FROM claim_attribution WHERE entity_id = ?", (eid,)).fetchone()[0]
    cache = ledger.cache()
    threads = [t.to_dict(facts=False) for t in cache.register.threads
               if eid.lower() in cache.thread_keys.get(t.id, set())]
    for t in threads:
        t.pop("series", None)
    recent = [dict(r) for r in conn.execute(
        "SELECT c.doc_id, c.id AS claim_id, c.kind, c.actor_name AS actor, c.recipient_name AS recipient,"
        " c.item_name AS item, c.quantity_text AS figure, c.modality, c.reported, c.evidence_text AS sentence,"
        " d.outlet FROM claims AS c JOIN documents AS d ON d.id = c.doc_id"
        " WHERE c.pk IN (SELECT pk FROM claims WHERE actor_id = ? UNION SELECT pk FROM claims WHERE recipient_id = ?)"
        " ORDER BY c.reported DESC, c.pk DESC LIMIT ?", (eid, eid, limit))]
    return {"entity": ent, "as_actor": by_role["actor"], "as_recipient": by_role["recipient"],
            "cited_as_source": cited, "threads": threads, "recent_claims": recent}


def document(ledger: Ledger, doc_id: str) -> dict[str, Any]:
    store = ledger.store()
    try:
        doc = store.get_document(doc_id)
    except StoreError as exc:
        raise NotFound(str(exc)) from exc
    if doc is None:
        raise NotFound(f"no document {doc_id}")
    cache = ledger.cache()
    claims = []
    for c in doc.claims:
        d = c.to_dict()
        thread_id, fact_id = cache.claim_thread.get((doc.id, c.id), (None, None))
        d.update(thread_id=thread_id, fact_id=fact_id)
        claims.append(d)
    return {"id": doc.id, "title": doc.title, "outlet": doc.outlet, "published": doc.published,
            "url": doc.url, "source": doc.source, "byline": doc.byline, "language": doc.language,
            "duplicate_of": doc.duplicate_of, "sources": store.sources(doc.id),
            "text": doc.text, "claims": claims}


def segments(text: str, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut at every evidence boundary: each piece with the claims whose evidence covers
    it (several claims often share one sentence). The template escapes every piece."""
    spans = []
    for c in claims:
        ev = c.get("evidence") or {}
        s, e = ev.get("start"), ev.get("end")
        if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text):
            spans.append((s, e, c["id"]))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [cid for s, e, cid in spans if s <= a and b <= e]
        out.append({"text": text[a:b], "claims": covering})
    return out


def search(ledger: Ledger, *, q: str | None = None, kind: str | None = None, actor: str | None = None,
           recipient: str | None = None, item: str | None = None, since: str | None = None,
           until: str | None = None, modality: str | None = None, limit: int = PAGE) -> dict[str, Any]:
    store = ledger.store()
    documents: list[dict[str, Any]] = []
    error = None
    if q:
        try:
            documents = store.search(q, limit=limit)
        except StoreError:
            # Not valid FTS5 syntax (quotes, parentheses, operators): search the words as a phrase.
            phrase = '"' + q.replace('"', '""') + '"'
            try:
                documents = store.search(phrase, limit=limit)
            except StoreError as exc:
                error = str(exc)
    claims: list[dict[str, Any]] = []
    filters = {"kind": kind, "actor": actor, "recipient": recipient, "item": item,
               "since": since, "until": until, "modality": modality}
    if any(filters.values()):
        try:
            claims = store.claims(kind=kind or None, actor=actor or None, recipient=recipient or None,
                                  item=item or None, since=since or None, until=until or None,
                                  modality=modality or None, limit=limit)
        except StoreError as exc:
            raise BadQuery(str(exc)) from exc
        cache = ledger.cache()
        for c in claims:
            c["thread_id"] = cache.claim_thread.get((c["doc_id"], c["id"]), (None, None))[0]
    return {"q": q, "filters": filters, "error": error, "documents": documents, "claims": claims}


def choices(ledger: Ledger) -> dict[str, list[str]]:
    """Values for the filter drop-downs."""
    conn = ledger.conn
    return {"kind": [r[0] for r in conn.execute("SELECT DISTINCT kind FROM claims ORDER BY kind")],
            "modality": [r[0] for r in conn.execute("SELECT DISTINCT modality FROM claims ORDER BY modality")]}


__all__ = ["Ledger", "NotFound", "BadQuery", "overview", "thread", "timeline", "entity", "document",
           "segments", "search", "choices", "REALIS", "series_point"]
