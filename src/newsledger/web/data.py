"""What the web pages and their JSON twins show, as plain dicts (one function per page).

The register is a pure function of the claims, so it is built once and cached until the store
changes (checked with two indexed max() lookups per request). Every SQL statement here is
parameterised; the store's own queries are too.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import bisect
import gc
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.register import Register, register_from_store
from newsledger.register.build import Fact, REALIS, series_point
from newsledger.store.base import StoreError
from newsledger.store.reviews import VISIBLE, VISIBLE_C   # rejected claims are hidden
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
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)   # thread id -> to_dict(facts=False)
    index: dict[tuple[str, str], list[int]] | None = None               # (field, value) -> timeline rows

    details: dict[str, tuple] = field(default_factory=dict)              # thread id -> (facts, sources, conflicts)

    def detail(self, thread_id: str) -> tuple[list[Fact], list[Any], list[dict[str, Any]]]:
        """A thread's facts (newest first), sources (newest first) and conflicts, once per store state."""
        found = self.details.get(thread_id)
        if found is None:
            t = self.threads[thread_id]
            facts = sorted(t.facts, key=lambda f: (f.date is not None, f.date or dt.date.min, f.id), reverse=True)
            sources = sorted(t.sources, key=lambda s: (s.published or "", s.doc_id, s.claim_id), reverse=True)
            conflicts = [c for c in self.register.conflicts if c.thread.id == thread_id]
            found = self.details[thread_id] = (facts, sources, conflicts)
        return found

    def summary(self, thread_id: str) -> dict[str, Any]:
        """A thread's summary (series, latest), computed once per store state."""
        found = self.summaries.get(thread_id)
        if found is None:
            found = self.summaries[thread_id] = self.threads[thread_id].to_dict(facts=False)
        return found

    def timeline_index(self) -> dict[tuple[str, str], list[int]]:
        """Timeline row numbers per kind, modality, item, actor key and recipient key."""
        if self.index is None:
            index: dict[tuple[str, str], list[int]] = {}
            for i, r in enumerate(self.timeline):
                t = self.threads[r["thread_id"]]
                keys = [("kind", r["kind"]), ("modality", r["modality"]),
                        *(("item", v.lower()) for v in {r["category"] or "", r["item"] or ""} if v),
                        *(("actor", k) for k in _keys(t.actor)), *(("recipient", k) for k in _keys(t.recipient))]
                if r["end"] and r["end"] > r["date"]:
                    keys.append(("span", "1"))   # spans: may reach into a window that starts after them
                for key in keys:
                    index.setdefault(key, []).append(i)
            self.index = index
        return self.index


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
        self._rebuild_lock = threading.Lock()
        self._rebuilding: threading.Thread | None = None
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
                c.execute("SELECT max(pk) FROM documents").fetchone()[0],
                c.execute("SELECT max(id) FROM review_audit").fetchone()[0])   # a review changes claims in place

    def cache(self) -> _Cache:
        key = self._key()
        cache = self._cache
        if cache is not None and cache.key == key:
            return cache
        if cache is not None and cache.key[:2] == key[:2]:
            # Only reviews changed (a few claims rewritten in place): serve the register built
            # before them while a new one is built in the background, or a review session on
            # a big store would wait for a full rebuild after every keystroke. Pages that read
            # the store (documents, the review queue) show the review at once.
            self._rebuild_in_background(key)
            return cache
        return self._build(key, keep_old=False)

    def _build(self, key: tuple, *, keep_old: bool) -> _Cache:
        with self._lock:
            if self._cache is not None and self._cache.key == key:
                return self._cache
            if not keep_old:
                self._cache = None
            gc.unfreeze()   # let the previous register be collected
            reg = register_from_store(self.store())
            claim_thread = {(s.doc_id, s.claim_id): (f.thread_id, f.id) for f in reg.facts for s in f.sources}
            self._cache = _Cache(key=key, register=reg, threads={t.id: t for t in reg.threads},
                                 claim_thread=claim_thread, timeline=reg.timeline(),
                                 thread_keys={t.id: _keys(t.actor) | _keys(t.recipient) for t in reg.threads})
            # The register is a large, long-lived object graph: keep the cyclic GC from
            # walking it on every full collection (seconds-long pauses on a big store).
            gc.collect()
            gc.freeze()
            return self._cache

    def _rebuild_in_background(self, key: tuple) -> None:
        with self._rebuild_lock:
            if self._rebuilding is not None and self._rebuilding.is_alive():
                return
            def rebuild() -> None:
                self._build(self._key(), keep_old=True)
            self._rebuilding = threading.Thread(target=rebuild, name="newsledger-rebuild", daemon=True)
            self._rebuilding.start()

    def settle(self) -> _Cache:
        """The register of the store as it is now, waiting for a background rebuild (tests)."""
        thread = self._rebuilding
        if thread is not None:
            thread.join()
        return self._build(self._key(), keep_old=True)

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


SERIES_LIMIT = 500


def thread(ledger: Ledger, thread_id: str, *, limit: int = PAGE, offset: int = 0,
           series_limit: int = SERIES_LIMIT) -> dict[str, Any]:
    """A thread: per item its latest `series_limit` figures (0: all; `series_total` counts
    them), its facts newest first and its sources, `limit` at a time from `offset` (a thread
    of a big store has thousands)."""
    cache = ledger.cache()
    t = cache.threads.get(thread_id)
    if t is None:
        raise NotFound(f"no thread {thread_id}")
    data = dict(cache.summary(thread_id))
    data["series_total"] = {item: len(points) for item, points in data["series"].items()}
    if series_limit:
        # Points are in time order, undated last: keep the dated tail.
        data["series"] = {item: _tail(points, series_limit) for item, points in data["series"].items()}
    ordered, sources, in_thread = cache.detail(thread_id)
    conflicts = [c.to_dict() for c in in_thread[:limit]]
    conflict_facts = {f.id for c in in_thread for f in (c.a, c.b)}
    facts = [_fact_view(f) for f in ordered[offset:offset + limit]]
    for f in facts:
        f["in_conflict"] = f["id"] in conflict_facts
    data.update(facts_detail=facts, facts_total=len(ordered), conflicts_detail=conflicts,
                conflicts_total=len(in_thread),
                sources=[s.to_dict() for s in sources[offset:offset + limit]], sources_total=len(sources),
                offset=offset, limit=limit)
    return data


def _tail(points: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    dated = [p for p in points if p["date"]]
    return dated[-n:] if len(points) > n else points


def timeline(ledger: Ledger, *, kind: str | None = None, actor: str | None = None,
             recipient: str | None = None, item: str | None = None, since: str | None = None,
             until: str | None = None, modality: str | None = None,
             limit: int = PAGE, offset: int = 0) -> dict[str, Any]:
    cache = ledger.cache()
    rows = cache.timeline
    lo = _date_text(since, upper=False)
    hi = _date_text(until, upper=True)
    index = cache.timeline_index()
    wanted = [(f, v.lower() if f in ("actor", "recipient", "item") else v)
              for f, v in (("kind", kind), ("modality", modality), ("item", item), ("actor", actor),
                           ("recipient", recipient)) if v]
    if wanted:
        lists = sorted((index.get(key, []) for key in wanted), key=len)
        picked = lists[0]
        for other in lists[1:]:
            keep = set(other)
            picked = [i for i in picked if i in keep]
    else:
        # Rows are in date order: cut the date window by bisection (a span that starts
        # before `since` and ends after it is caught by the scan of the rows before the cut).
        first = bisect.bisect_left(rows, lo, key=lambda r: r["date"]) if lo else 0
        last = bisect.bisect_right(rows, hi, key=lambda r: r["date"]) if hi else len(rows)
        picked = [i for i in index.get(("span", "1"), []) if i < first and rows[i]["end"] >= lo] if lo else []
        picked += range(first, last)
    if lo or hi:
        picked = [i for i in picked if (not lo or (rows[i]["end"] or rows[i]["date"]) >= lo)
                  and (not hi or rows[i]["date"] <= hi)]
    return {"filters": {"kind": kind, "actor": actor, "recipient": recipient, "item": item,
                        "since": since, "until": until, "modality": modality},
            "total": len(picked), "offset": offset, "limit": limit,
            "rows": [rows[i] for i in picked[offset:offset + limit]]}


def _date_text(value: str | None, *, upper: bool) -> str | None:
    if not value:
        return None
    import calendar
    import datetime as dt
    import re
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}", v):
            return f"{v}-12-31" if upper else f"{v}-01-01"
        if re.fullmatch(r"\d{4}-\d{2}", v):
            year, month = int(v[:4]), int(v[5:])
            last = calendar.monthrange(year, month)[1]  # raises for month 0 or 13
            return f"{v}-{last:02d}" if upper else f"{v}-01"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            return dt.date.fromisoformat(v).isoformat()
    except ValueError:
        raise BadQuery(f"not a valid date: {value!r}") from None
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
            f"SELECT kind, {other}_id AS counterpart_id, count(*) AS claims,"
            f" min(reported) AS first, max(reported) AS last"
            f" FROM claims WHERE {role}_id = ? AND {VISIBLE} GROUP BY kind, {other}_id ORDER BY claims DESC, kind",
            (eid,))]
        names = dict(conn.execute("SELECT id, name FROM entities WHERE id IN (SELECT value FROM json_each(?))",
                                  (json.dumps([r["counterpart_id"] for r in by_role[role] if r["counterpart_id"]]),)))
        for r in by_role[role]:
            r["counterpart"] = names.get(r["counterpart_id"])
    cited = conn.execute("SELECT count(*) FROM claim_attribution WHERE entity_id = ?", (eid,)).fetchone()[0]
    cache = ledger.cache()
    wanted = eid.lower()
    threads = []
    for t in cache.register.threads:
        if wanted in cache.thread_keys.get(t.id, ()):
            summary = cache.summary(t.id)
            threads.append({k: summary[k] for k in ("id", "title", "kind", "actor", "recipient", "category",
                                                    "claims", "facts", "origins", "first", "last", "latest")})
    threads.sort(key=lambda t: -t["claims"])
    recent: list[dict[str, Any]] = []
    for role in ("actor", "recipient"):
        recent += [dict(r) for r in conn.execute(
            "SELECT c.pk, c.doc_id, c.id AS claim_id, c.kind, c.actor_name AS actor, c.recipient_name AS recipient,"
            " c.item_name AS item, c.quantity_text AS figure, c.modality, c.reported, c.evidence_text AS sentence,"
            f" d.outlet FROM claims AS c JOIN documents AS d ON d.id = c.doc_id WHERE c.{role}_id = ? AND {VISIBLE_C}"
            " ORDER BY c.reported DESC LIMIT ?", (eid, limit))]
    recent.sort(key=lambda r: (r["reported"] or "", r["pk"]), reverse=True)
    for r in recent:
        r.pop("pk")
    return {"entity": ent, "as_actor": by_role["actor"], "as_recipient": by_role["recipient"],
            "cited_as_source": cited, "threads_total": len(threads), "threads": threads[:limit],
            "recent_claims": recent[:limit]}


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
        claims = _claims(ledger, **filters, limit=limit)
        cache = ledger.cache()
        for c in claims:
            c["thread_id"] = cache.claim_thread.get((c["doc_id"], c["id"]), (None, None))[0]
    return {"q": q, "filters": filters, "error": error, "documents": documents, "claims": claims}


EVENT_DATE = "coalesce(c.time_start, c.time_end, c.reported)"   # as in index claims_event_date
RARE = 5000   # below this many candidates, collect and sort them; above, walk the date index


def _claims(ledger: Ledger, *, kind: str | None, actor: str | None, recipient: str | None, item: str | None,
            since: str | None, until: str | None, modality: str | None, limit: int) -> list[dict[str, Any]]:
    """Claims matching the filters, latest event first (the same filter meaning as
    `store.claims`, which orders oldest document first and so sorts every match).

    Plan: when one indexed filter is selective (counted on its index, no table reads), use it
    and sort the few candidates; otherwise walk claims_event_date from the newest and stop at
    `limit` hits. Only primary keys are sorted; the records are read for the page alone."""
    conn = ledger.conn
    where, args = [VISIBLE_C], []
    counts: list[int] = []
    if kind:
        where.append("c.kind = ?"); args.append(kind)
        counts.append(conn.execute("SELECT count(*) FROM claims WHERE kind = ?", (kind,)).fetchone()[0])
    for prefix, value in (("actor", actor), ("recipient", recipient)):
        if value:
            # Resolved to entity ids first, so the (…_id, …) indexes serve the query.
            ids = [r[0] for r in conn.execute(
                "SELECT id FROM entities WHERE id = ? COLLATE NOCASE OR iso3 = ? COLLATE NOCASE"
                " OR name = ? COLLATE NOCASE", (value, value, value))]
            if not ids:
                return []
            marks = ", ".join("?" * len(ids))
            where.append(f"c.{prefix}_id IN ({marks})"); args += ids
            counts.append(conn.execute(f"SELECT count(*) FROM claims WHERE {prefix}_id IN ({marks})", ids).fetchone()[0])
    if item:
        where.append("(c.item_category = ? OR c.item_name = ?)"); args += [item, item]
        counts.append(conn.execute("SELECT (SELECT count(*) FROM claims WHERE item_category = ?)"
                                   " + (SELECT count(*) FROM claims WHERE item_name = ?)", (item, item)).fetchone()[0])
    if modality:
        where.append("c.modality = ?"); args.append(modality)
        counts.append(conn.execute("SELECT count(*) FROM claims WHERE modality = ?", (modality,)).fetchone()[0])
    if since:
        where.append("coalesce(c.time_end, c.time_start, c.reported) >= ?"); args.append(_date_text(since, upper=False))
    if until:
        where.append(f"{EVENT_DATE} <= ?"); args.append(_date_text(until, upper=True))
    # "+" keeps the planner off the date index when a selective filter index is better.
    rare = bool(counts) and min(counts) < RARE
    order = f"+{EVENT_DATE}" if rare else EVENT_DATE
    source = "claims AS c" if rare else "claims AS c INDEXED BY claims_event_date"
    inner = (f"SELECT c.pk FROM {source} {'WHERE ' + ' AND '.join(where) if where else ''}"
             f" ORDER BY {order} DESC, c.pk DESC LIMIT ?")
    sql = ("SELECT c.doc_id, c.record, d.title AS doc_title, d.outlet AS doc_outlet, d.published AS doc_published"
           f" FROM claims AS c JOIN documents AS d ON d.id = c.doc_id WHERE c.pk IN ({inner})"
           f" ORDER BY {EVENT_DATE} DESC, c.pk DESC")
    out = []
    for r in conn.execute(sql, (*args, limit)):
        record = json.loads(r["record"])
        record.update(doc_id=r["doc_id"], doc_title=r["doc_title"], doc_outlet=r["doc_outlet"],
                      doc_published=r["doc_published"])
        out.append(record)
    return out


def choices(ledger: Ledger) -> dict[str, list[str]]:
    """Values for the filter drop-downs."""
    conn = ledger.conn
    return {"kind": [r[0] for r in conn.execute(f"SELECT DISTINCT kind FROM claims WHERE {VISIBLE} ORDER BY kind")],
            "modality": [r[0] for r in conn.execute("SELECT DISTINCT modality FROM claims ORDER BY modality")]}


__all__ = ["Ledger", "NotFound", "BadQuery", "overview", "thread", "timeline", "entity", "document",
           "segments", "search", "choices", "REALIS", "series_point"]
