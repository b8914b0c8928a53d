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
from collections import Counter

import numpy as np
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
    flows_ranked: list[dict[str, Any]] | None = None                    # every flow, most origins first
    weeks: tuple | None = None   # (week code per timeline row, Mondays, kinds): the chart's bins

    def week_bins(self) -> tuple[np.ndarray, list[str], list[str]]:
        """Per timeline row a code week * len(kinds) + kind, the weeks (their Mondays, sorted)
        and the kinds (sorted): the timeline chart counts codes with one bincount."""
        if self.weeks is None:
            memo: dict[str, str] = {}
            row_weeks = []
            for r in self.timeline:
                d = r["date"]
                week = memo.get(d)
                if week is None:
                    try:
                        day = dt.date.fromisoformat(d[:10])
                        week = (day - dt.timedelta(days=day.weekday())).isoformat()
                    except ValueError:
                        week = d[:10]
                    memo[d] = week
                row_weeks.append(week)
            weeks = sorted(set(row_weeks))
            kinds = sorted({r["kind"] for r in self.timeline})
            wi, ki = {w: i for i, w in enumerate(weeks)}, {k: i for i, k in enumerate(kinds)}
            codes = np.fromiter((wi[w] * len(kinds) + ki[r["kind"]] for w, r in zip(row_weeks, self.timeline)),
                                dtype=np.int64, count=len(self.timeline))
            self.weeks = (codes, weeks, kinds)
        return self.weeks

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
            # a row is found by its register class and by each contract modality of its fact
            modalities = {f.id: f.modalities for t in self.threads.values() for f in t.facts}
            for i, r in enumerate(self.timeline):
                t = self.threads[r["thread_id"]]
                keys = [("kind", r["kind"]),
                        *(("modality", m) for m in {r["modality"], *modalities.get(r["fact_id"], ())}),
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

MAX_EDGES = 200


def overview(ledger: Ledger, *, kind: str | None = None, since: str | None = None, until: str | None = None,
             top: int = MAX_FLOWS_IN_GRAPH) -> dict[str, Any]:
    """Stats, the flows graph, latest figures and recent conflicts. The graph keeps the `top`
    flows by independent origins (then claims) among those of `kind` whose dated facts reach
    into [since, until]; its nodes carry a `cluster` (connected groups of actors) for the layout."""
    cache = ledger.cache()
    if cache.overview is None:
        reg = cache.register
        latest = []
        for t in sorted(reg.threads, key=lambda t: -len(t.sources)):
            for item, point in t.latest().items():
                latest.append({"thread_id": t.id, "thread": t.title(), "kind": t.kind, "item": item, **point})
            if len(latest) >= MAX_LATEST:
                break
        conflicts = sorted((c.to_dict() for c in reg.conflicts),
                           key=lambda c: max(c["a"]["date"] or "", c["b"]["date"] or ""), reverse=True)
        cache.flows_ranked = sorted((w.to_dict() for w in reg.flows),
                                    key=lambda w: (-w["origins"], -w["claims"], w["id"]))
        cache.overview = {"stats": reg.stats(), "documents": ledger.store().count_documents(),
                          "latest": latest[:MAX_LATEST], "conflicts": conflicts[:MAX_CONFLICTS]}
    lo, hi = _date_text(since, upper=False), _date_text(until, upper=True)
    flows = []
    for w in cache.flows_ranked or []:
        if kind and kind not in w["kinds"]:
            continue
        if (lo or hi) and not w["first"]:
            continue
        if (lo and w["last"] < lo) or (hi and w["first"] > hi):
            continue
        flows.append(w)
    shown = flows[:top]
    return {**cache.overview, "graph": {**_graph(shown), "flows_total": len(cache.flows_ranked or []),
                                        "flows_matching": len(flows),
                                        "filters": {"kind": kind, "since": since, "until": until, "top": top},
                                        "kinds": sorted({k for w in cache.flows_ranked or [] for k in w["kinds"]})}}


def _graph(flows: list[dict[str, Any]]) -> dict[str, Any]:
    """Nodes (actors) and edges (flows); each node has a `cluster`: its community of actors."""
    nodes: dict[str, dict[str, Any]] = {}
    weights: dict[str, dict[str, int]] = {}
    for w in flows:
        ends = []
        for side in ("actor", "recipient"):
            nid = w[f"{side}_id"] or w[side] or "unknown"
            node = nodes.setdefault(nid, {"id": nid, "label": w[side] or "unknown", "iso3": w[f"{side}_iso3"],
                                          "claims": 0, "origins": 0})
            node["claims"] += w["claims"]
            node["origins"] += w["origins"]
            ends.append(nid)
        a, b = ends
        if a != b:
            for x, y in ((a, b), (b, a)):
                weights.setdefault(x, {})[y] = weights.setdefault(x, {}).get(y, 0) + max(1, w["origins"])
    for nid, cluster in communities(weights, list(nodes)).items():
        nodes[nid]["cluster"] = cluster
    return {"nodes": list(nodes.values()), "edges": flows}


def communities(weights: dict[str, dict[str, int]], order: list[str], rounds: int = 30) -> dict[str, int]:
    """Communities of a small weighted graph by modularity-greedy local moves (the first phase
    of Louvain), deterministic for a given node order; numbered by size, largest first.
    Hubs that every actor touches (Ukraine, Russia) would pull everything into one community
    under plain label propagation; modularity charges for that."""
    total = sum(sum(n.values()) for n in weights.values()) or 1   # 2m
    degree = {n: sum(weights.get(n, {}).values()) for n in order}
    label = {n: i for i, n in enumerate(order)}
    tot = {label[n]: degree[n] for n in order}                        # sum of degrees per community
    for _ in range(rounds):
        moved = False
        for n in order:
            here, k = label[n], degree[n]
            links: dict[int, int] = {}
            for m, wt in weights.get(n, {}).items():
                links[label[m]] = links.get(label[m], 0) + wt
            tot[here] -= k
            best, gain = here, links.get(here, 0) - tot[here] * k / total
            for c, wt in sorted(links.items()):
                g = wt - tot[c] * k / total
                if g > gain + 1e-9:
                    best, gain = c, g
            tot[best] = tot.get(best, 0) + k
            if best != here:
                label[n], moved = best, True
        if not moved:
            break
    sizes = Counter(label.values())
    rank = {c: i for i, (c, _) in enumerate(sorted(sizes.items(), key=lambda t: (-t[1], t[0])))}
    return {n: rank[label[n]] for n in order}


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
    page_sources = [s.to_dict() for s in sources[offset:offset + limit]]
    _label_sources(ledger, page_sources + [m for f in facts for o in f["origins_detail"]
                                           for m in ([o["first"]] if o["first"] else []) + o["echoes"]])
    data.update(facts_detail=facts, facts_total=len(ordered), conflicts_detail=conflicts,
                conflicts_total=len(in_thread), sources=page_sources, sources_total=len(sources),
                offset=offset, limit=limit)
    return data


def _label_sources(ledger: Ledger, sources: list[dict[str, Any]], words: int = 8) -> None:
    """`doc_label` on each source without an outlet: its document's title, else its first
    words (an untitled document from a JSON Lines or text file would otherwise show as a hash)."""
    wanted = sorted({s["doc_id"] for s in sources if not s.get("outlet")})
    if not wanted:
        return
    labels = {r[0]: (r[1] or "").strip() or first_words(r[2], words) for r in ledger.conn.execute(
        "SELECT id, title, substr(text, 1, 200) FROM documents WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(wanted),))}
    for s in sources:
        if not s.get("outlet") and s["doc_id"] in labels:
            s["doc_label"] = labels[s["doc_id"]]


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
        spans = [i for i in index.get(("span", "1"), []) if i < first and rows[i]["end"] >= lo] if lo else []
        picked = [*spans, *range(first, last)] if spans else range(first, last)
    if lo or hi:
        picked = [i for i in picked if (not lo or (rows[i]["end"] or rows[i]["date"]) >= lo)
                  and (not hi or rows[i]["date"] <= hi)]
    per_week = _per_week(cache, picked)
    return {"filters": {"kind": kind, "actor": actor, "recipient": recipient, "item": item,
                        "since": since, "until": until, "modality": modality},
            "total": len(picked), "offset": offset, "limit": limit,
            "rows": [rows[i] for i in picked[offset:offset + limit]],
            "per_week": per_week}


def _per_week(cache: _Cache, picked) -> dict[str, Any]:
    """Facts per week by kind over the picked timeline rows (the weeks that have any)."""
    codes, weeks, kinds = cache.week_bins()
    if isinstance(picked, range):
        chosen = codes[picked.start:picked.stop]
    else:
        chosen = codes[np.fromiter(picked, dtype=np.int64, count=len(picked))]
    n_kinds = max(1, len(kinds))
    table = np.bincount(chosen, minlength=len(weeks) * n_kinds).reshape(len(weeks), n_kinds) if len(weeks) \
        else np.zeros((0, n_kinds), dtype=np.int64)
    used = np.flatnonzero(table.sum(axis=1))
    return {"weeks": [weeks[i] for i in used],
            "counts": {k: table[used, j].tolist() for j, k in enumerate(kinds) if table[used, j].any()}}


def _date_text(value: str | None, *, upper: bool) -> str | None:
    """The ISO bound of a `since` / `until` value, in the CLI's grammar (newsledger.periods)."""
    from newsledger.periods import BadPeriod, bound
    if not value:
        return None
    try:
        return bound(value, upper=upper).isoformat()
    except BadPeriod as exc:
        raise BadQuery(str(exc)) from None


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
    from newsledger.register.origins import source_name
    return {"id": doc.id, "title": doc.title, "outlet": doc.outlet, "published": doc.published,
            "source_name": source_name(doc.outlet, doc.title, doc.url, doc.id, doc.source),
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


SEARCH_POOL = 2000   # text hits checked against the claim filters (they narrow the documents)


def search(ledger: Ledger, *, q: str | None = None, kind: str | None = None, actor: str | None = None,
           recipient: str | None = None, item: str | None = None, since: str | None = None,
           until: str | None = None, modality: str | None = None, limit: int = PAGE) -> dict[str, Any]:
    """Documents matching the text query and, when claim filters are given, holding a claim
    that matches them (with the filters alone: the documents of the matching claims); and the
    matching claims. Every document has a `label`: its title, else its first words."""
    store = ledger.store()
    filters = {"kind": kind, "actor": actor, "recipient": recipient, "item": item,
               "since": since, "until": until, "modality": modality}
    filtering = any(filters.values())
    documents: list[dict[str, Any]] = []
    error = None
    if q:
        pool = SEARCH_POOL if filtering else limit
        try:
            documents = store.search(q, limit=pool)
        except StoreError:
            # Not valid FTS5 syntax (quotes, parentheses, operators): search the words as a phrase.
            phrase = '"' + q.replace('"', '""') + '"'
            try:
                documents = store.search(phrase, limit=pool)
            except StoreError as exc:
                error = str(exc)
    claims: list[dict[str, Any]] = []
    if filtering:
        if q:
            matching = _matching_claims(ledger, [d["id"] for d in documents], filters)
            documents = [dict(d, matching_claims=matching[d["id"]]) for d in documents if d["id"] in matching][:limit]
            claims = _claims(ledger, **filters, limit=limit, docs=[d["id"] for d in documents]) if documents else []
        else:
            claims = _claims(ledger, **filters, limit=limit)
            per_doc = Counter(c["doc_id"] for c in claims)
            documents = _summaries(ledger, list(per_doc))
            for d in documents:
                d["matching_claims"] = per_doc[d["id"]]
        cache = ledger.cache()
        for c in claims:
            c["thread_id"] = cache.claim_thread.get((c["doc_id"], c["id"]), (None, None))[0]
    _label(ledger, documents)
    starts = {d["id"]: d["label"] for d in documents}
    missing = [c["doc_id"] for c in claims if not c.get("doc_title") and c["doc_id"] not in starts]
    if missing:
        for d in _summaries(ledger, missing):
            starts[d["id"]] = d["label"]
    for c in claims:
        c["doc_label"] = c.get("doc_title") or starts.get(c["doc_id"]) or c["doc_id"][:12]
    return {"q": q, "filters": filters, "error": error, "documents": documents, "claims": claims}


def first_words(text: str | None, n: int = 12) -> str:
    """A label for an untitled document: its first words."""
    words = (text or "").split()
    if not words:
        return "(empty document)"
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def _label(ledger: Ledger, documents: list[dict[str, Any]]) -> None:
    untitled = [d["id"] for d in documents if not (d.get("title") or "").strip()]
    starts = {}
    if untitled:
        starts = dict(ledger.conn.execute(
            "SELECT id, substr(text, 1, 300) FROM documents WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(untitled),)).fetchall())
    for d in documents:
        d["label"] = (d.get("title") or "").strip() or first_words(starts.get(d["id"]))


def _summaries(ledger: Ledger, ids: list[str]) -> list[dict[str, Any]]:
    """Documents by id, in the order given, with a label."""
    if not ids:
        return []
    found = {r["id"]: dict(r) for r in ledger.conn.execute(
        "SELECT id, title, outlet, published, claim_count AS claims, substr(text, 1, 300) AS start"
        " FROM documents WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))}
    out = []
    for i in ids:
        if i in found:
            d = found[i]
            d["label"] = (d.get("title") or "").strip() or first_words(d.pop("start"))
            d.pop("start", None)
            out.append(d)
    return out


def _matching_claims(ledger: Ledger, doc_ids: list[str], filters: dict[str, Any]) -> Counter:
    """Per document among `doc_ids`: how many of its claims match the filters."""
    if not doc_ids:
        return Counter()
    where, args = _claim_where(ledger, **filters)
    if where is None:
        return Counter()
    sql = ("SELECT c.doc_id, count(*) FROM claims AS c WHERE c.doc_id IN (SELECT value FROM json_each(?))"
           + "".join(f" AND {w}" for w in where) + " GROUP BY c.doc_id")
    return Counter(dict(ledger.conn.execute(sql, (json.dumps(doc_ids), *args)).fetchall()))


def _claim_where(ledger: Ledger, *, kind, actor, recipient, item, since, until, modality,
                 counts: list[int] | None = None) -> tuple[list[str] | None, list[Any]]:
    """SQL conditions on `claims AS c` for the filters (None: nothing can match). `counts`
    receives the size of each indexed filter (the planner's choice below)."""
    conn = ledger.conn
    counts = counts if counts is not None else []
    where: list[str] = [VISIBLE_C]
    args: list[Any] = []
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
                return None, []
            marks = ", ".join("?" * len(ids))
            where.append(f"c.{prefix}_id IN ({marks})"); args += ids
            counts.append(conn.execute(f"SELECT count(*) FROM claims WHERE {prefix}_id IN ({marks})", ids).fetchone()[0])
    if item:
        where.append("(c.item_category = ? OR c.item_name = ?)"); args += [item, item]
        counts.append(conn.execute("SELECT (SELECT count(*) FROM claims WHERE item_category = ?)"
                                   " + (SELECT count(*) FROM claims WHERE item_name = ?)", (item, item)).fetchone()[0])
    if modality:
        from newsledger.register.figures import MODALITY_CLASSES
        members = MODALITY_CLASSES.get(modality, (modality,))   # a register class: any of its members
        marks = ", ".join("?" * len(members))
        where.append(f"c.modality IN ({marks})"); args.extend(members)
        counts.append(conn.execute(f"SELECT count(*) FROM claims WHERE modality IN ({marks})", members).fetchone()[0])
    if since:
        where.append("coalesce(c.time_end, c.time_start, c.reported) >= ?"); args.append(_date_text(since, upper=False))
    if until:
        where.append(f"{EVENT_DATE} <= ?"); args.append(_date_text(until, upper=True))
    return where, args


EVENT_DATE = "coalesce(c.time_start, c.time_end, c.reported)"   # as in index claims_event_date
RARE = 5000   # below this many candidates, collect and sort them; above, walk the date index


def _claims(ledger: Ledger, *, kind: str | None, actor: str | None, recipient: str | None, item: str | None,
            since: str | None, until: str | None, modality: str | None, limit: int,
            docs: list[str] | None = None) -> list[dict[str, Any]]:
    """Claims matching the filters (and in `docs` when given), latest event first (the same
    filter meaning as `store.claims`, which orders oldest document first and so sorts every match).

    Plan: when one indexed filter is selective (counted on its index, no table reads), use it
    and sort the few candidates; otherwise walk claims_event_date from the newest and stop at
    `limit` hits. Only primary keys are sorted; the records are read for the page alone."""
    conn = ledger.conn
    counts: list[int] = []
    where, args = _claim_where(ledger, kind=kind, actor=actor, recipient=recipient, item=item, since=since,
                               until=until, modality=modality, counts=counts)
    if where is None:
        return []
    if docs is not None:
        where.append("c.doc_id IN (SELECT value FROM json_each(?))"); args.append(json.dumps(docs))
        counts.append(0)   # a page of documents is always selective
    # "+" keeps the planner off the date index when a selective filter index is better.
    rare = bool(counts) and min(counts) < RARE
    order = f"+{EVENT_DATE}" if rare else EVENT_DATE
    source = "claims AS c" if rare else "claims AS c INDEXED BY claims_event_date"
    inner = (f"SELECT c.pk FROM {source} {'WHERE ' + ' AND '.join(where) if where else ''}"
             f" ORDER BY {order} DESC, c.pk DESC LIMIT ?")
    sql = ("SELECT c.doc_id, c.record, d.title AS doc_title, d.outlet AS doc_outlet, d.published AS doc_published,"
           " d.url AS doc_url, d.source AS doc_source"
           f" FROM claims AS c JOIN documents AS d ON d.id = c.doc_id WHERE c.pk IN ({inner})"
           f" ORDER BY {EVENT_DATE} DESC, c.pk DESC")
    out = []
    for r in conn.execute(sql, (*args, limit)):
        record = json.loads(r["record"])
        record.update(doc_id=r["doc_id"], doc_title=r["doc_title"], doc_outlet=r["doc_outlet"],
                      doc_published=r["doc_published"], doc_url=r["doc_url"], doc_source=r["doc_source"])
        out.append(record)
    return out


def choices(ledger: Ledger) -> dict[str, list[str]]:
    """Values for the filter drop-downs."""
    conn = ledger.conn
    return {"kind": [r[0] for r in conn.execute(f"SELECT DISTINCT kind FROM claims WHERE {VISIBLE} ORDER BY kind")],
            "modality": [r[0] for r in conn.execute("SELECT DISTINCT modality FROM claims ORDER BY modality")]}


__all__ = ["Ledger", "NotFound", "BadQuery", "overview", "thread", "timeline", "entity", "document",
           "segments", "search", "choices", "REALIS", "series_point"]
