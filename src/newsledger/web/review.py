"""Review in the web app (only with `serve --allow-review`, which needs a token): the review
queue page, the review form posted from the document, thread and queue pages, and the JSON
API. Every write goes through `Store.add_review` (one transaction with its audit row).

Writing safely:
  - the app refuses to start with review allowed and no token, so every request (reading
    too) carries the token, even on loopback;
  - HTML forms carry a CSRF value derived from the token (the token cookie alone does not
    authorise a form post: another site could make the browser send it);
  - the JSON API takes the token from a header only (`Authorization: Bearer`,
    `X-Newsledger-Token`), never from the cookie, for the same reason.
"""
from __future__ import annotations

import hashlib
import hmac
import itertools
import secrets
import threading
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, Field

from newsledger.review import queue as review_queue
from newsledger.review.corrections import ACTIONS, SLOTS, ReviewError, parse_changes
from newsledger.web.data import Ledger, NotFound

STATUSES = ("unreviewed", "reviewed", "verified", "corrected", "rejected", "all")
QUEUE_PAGE = 25


class ReviewRequest(BaseModel):
    """One review of one claim."""
    doc_id: str = Field(description="document id")
    claim_id: str = Field(description="claim id within the document")
    action: str = Field(description="verify, reject or correct")
    set: dict[str, str] = Field(default_factory=dict, description=(
        "for correct: slot -> value as typed (kind, actor, recipient, item, figure, time, location, "
        "modality, source); 'none' clears a slot"))
    note: str | None = Field(default=None, description="why, for the audit trail")
    reviewer: str | None = Field(default=None, description="who (default: the server's --reviewer)")


class ReviewResult(BaseModel):
    review_id: int
    doc_id: str
    claim_id: str
    action: str
    status: str
    reviewer: str
    at: str
    claim: dict[str, Any]


def csrf_value(secret: bytes, token: str) -> str:
    return hmac.new(secret, token.encode(), hashlib.sha256).hexdigest()


def _safe_next(target: str | None, fallback: str) -> str:
    """Only a path on this server (no scheme, no '//host'): an open redirect otherwise."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


# -- data ---------------------------------------------------------------------------------------

def queue(ledger: Ledger, *, status: str = "unreviewed", kind: str | None = None, limit: int = QUEUE_PAGE,
          offset: int = 0) -> dict[str, Any]:
    """The queue page: claims by need of review (newsledger.review.queue), `limit` from `offset`.
    The ranking is computed once per set of claims; review states are read fresh on every
    request (a few rows, by index), so a claim leaves the queue as soon as it is reviewed."""
    if status not in STATUSES:
        raise NotFound(f"no review status {status!r}: choose from {', '.join(STATUSES)}")
    cache = ledger.cache()
    conn = ledger.conn
    reviewed = dict(conn.execute("SELECT pk, review FROM claims WHERE review IS NOT NULL").fetchall())
    wanted: Callable[[int], bool] = {
        "unreviewed": lambda pk: pk not in reviewed, "reviewed": lambda pk: pk in reviewed,
        "all": lambda pk: True}.get(status, lambda pk: reviewed.get(pk) == status)
    chosen = (c for c in _ranked(ledger, cache, kind) if wanted(c["pk"]))
    page = list(itertools.islice(chosen, offset, offset + limit))
    records = _records(ledger, [c["pk"] for c in page])
    items = []
    for c in page:
        record = records.get(c["pk"])
        if record is None:
            continue
        thread_id, fact_id = cache.claim_thread.get((c["doc_id"], c["id"]), (None, None))
        items.append({**record, "doc_id": c["doc_id"], "review_status": reviewed.get(c["pk"]),
                      "priority": c["priority"], "reasons": c["reasons"], "thread_id": thread_id,
                      "fact_id": fact_id, "doc_title": c["doc_title"], "doc_outlet": c["doc_outlet"],
                      "doc_published": c["doc_published"]})
    # Reviewed claims are few: count them by index; the rest is the ranked list's length.
    ranked_all = _ranked(ledger, cache, kind)
    counts = dict(conn.execute("SELECT review, count(*) FROM claims WHERE review IS NOT NULL"
                               + (" AND kind = ?" if kind else "") + " GROUP BY review", (kind,) if kind else ()))
    counts = {"unreviewed": max(0, len(ranked_all) - sum(counts.values())), **counts}
    total = {"all": sum(counts.values()), "reviewed": sum(n for s, n in counts.items() if s != "unreviewed")
             }.get(status, counts.get(status, 0))
    return {"status": status, "kind": kind, "total": total, "offset": offset, "limit": limit,
            "counts": counts, "confidence_bands": _BANDS.get(id(ledger)), "claims": items}


_QUEUE_CACHE: dict[int, tuple[tuple, list[dict[str, Any]]]] = {}
_QUEUE_LOCK = threading.Lock()
_BANDS: dict[int, dict[str, float]] = {}


def _ranked(ledger: Ledger, cache: Any, kind: str | None) -> list[dict[str, Any]]:
    """Every claim ranked, once per set of claims (the ranking reads every claim)."""
    key = (cache.key[:2], kind)   # claims and documents; reviews are filtered per request
    found = _QUEUE_CACHE.get(id(ledger))
    if found is not None and found[0] == key:
        return found[1]
    where, args = ("WHERE c.kind = ?", [kind]) if kind else ("", [])
    rows = [dict(r) for r in ledger.conn.execute(
        "SELECT c.pk, c.doc_id, c.id, c.seq, c.confidence, d.title AS doc_title,"
        " d.outlet AS doc_outlet, d.published AS doc_published"
        f" FROM claims AS c JOIN documents AS d ON d.id = c.doc_id {where}", args)]
    signals = getattr(cache, "review_signals", None)
    if signals is None:
        signals = cache.review_signals = review_queue.signals(cache.register)
    ranked = review_queue.rank(rows, signals)
    low, middling = review_queue.bands(r["confidence"] for r in rows)
    with _QUEUE_LOCK:
        _QUEUE_CACHE[id(ledger)] = (key, ranked)
        _BANDS[id(ledger)] = {"low_below": low, "middling_below": middling}
    return ranked


def _records(ledger: Ledger, pks: list[int]) -> dict[int, dict[str, Any]]:
    import json
    if not pks:
        return {}
    marks = ", ".join("?" * len(pks))
    return {r[0]: json.loads(r[1]) for r in ledger.conn.execute(
        f"SELECT pk, record FROM claims WHERE pk IN ({marks})", pks)}


def statuses(ledger: Ledger, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """'doc_id/claim_id' -> the review of each reviewed claim of these documents (for badges)."""
    import json
    doc_ids = list(dict.fromkeys(doc_ids))
    if not doc_ids:
        return {}
    marks = ", ".join("?" * len(doc_ids))
    return {f"{r[0]}/{r[1]}": json.loads(r[2]).get("review") or {"status": r[3]} for r in ledger.conn.execute(
        f"SELECT doc_id, id, record, review FROM claims WHERE review IS NOT NULL AND doc_id IN ({marks})",
        doc_ids)}


# -- routes -------------------------------------------------------------------------------------

def install(app: FastAPI, *, ledger: Ledger, token: str, reviewer: str, write_lock: threading.Lock,
            html: Callable[..., Any], error: Callable[..., Any]) -> dict[str, str]:
    """Add the review routes to `app`; the template context every page gets (csrf, reviewer)."""
    from starlette.concurrency import run_in_threadpool

    csrf = csrf_value(secrets.token_bytes(32), token)
    context = {"csrf": csrf, "reviewer": reviewer, "slots": list(SLOTS), "actions": list(ACTIONS)}

    def write(doc_id: str, claim_id: str, action: str, values: dict[str, str], note: str | None,
              who: str | None, via: str) -> dict[str, Any]:
        from newsledger.store.sqlite import SQLiteStore
        with write_lock:
            store = SQLiteStore(ledger.db)
            try:
                current = next((c for c in store.document_claims(doc_id) if c["id"] == claim_id), None)
                if current is None:
                    raise ReviewError(f"no claim {claim_id} in document {doc_id}")
                changes = parse_changes(values, current) if action == "correct" else None
                result = store.add_review(doc_id, claim_id, action, changes, note=note,
                                          reviewer=(who or "").strip() or reviewer, via=via)
            finally:
                store.close()
        return result   # the register follows in the background (Ledger.cache)

    @app.get("/review.json", tags=["review"], summary="Review queue: claims most in need of a human first")
    def queue_json(status: Annotated[str, Query(description=", ".join(STATUSES))] = "unreviewed",
                   kind: str | None = None, limit: Annotated[int, Query(ge=1, le=1000)] = QUEUE_PAGE,
                   offset: Annotated[int, Query(ge=0, le=2 ** 63 - 1)] = 0) -> dict[str, Any]:
        return queue(ledger, status=status, kind=kind or None, limit=limit, offset=offset)

    @app.get("/review", include_in_schema=False)
    def queue_page(request: Request, status: str = "unreviewed", kind: str | None = None,
                   limit: Annotated[int, Query(ge=1, le=1000)] = QUEUE_PAGE,
                   offset: Annotated[int, Query(ge=0, le=2 ** 63 - 1)] = 0):
        from urllib.parse import urlencode
        d = queue(ledger, status=status, kind=kind or None, limit=limit, offset=offset)
        here = "/review?" + urlencode({k: v for k, v in (("status", status), ("kind", kind or ""),
                                                          ("offset", offset)) if v})

        def page(at: int) -> str:
            return "/review?" + urlencode({k: v for k, v in (("status", status), ("kind", kind or ""),
                                                              ("offset", at)) if v})
        return html(request, "review.html", {
            "d": d, "here": here, "statuses": STATUSES,
            "kinds": [r[0] for r in ledger.conn.execute("SELECT DISTINCT kind FROM claims ORDER BY kind")],
            "next_url": page(offset + limit) if offset + limit < d["total"] else None,
            "prev_url": page(max(0, offset - limit)) if offset else None})

    @app.post("/review", include_in_schema=False)
    async def review_form(request: Request):
        form = await request.form()
        given = str(form.get("csrf") or "")
        if not hmac.compare_digest(given.encode(), csrf.encode()):
            return error(request, 403, "the form's CSRF value is missing or stale: reload the page and try again")
        values = {slot: str(form.get(f"set_{slot}") or "").strip() for slot in SLOTS}
        values = {k: v for k, v in values.items() if v}
        note = str(form.get("note") or "").strip() or None
        try:
            result = await run_in_threadpool(
                write, str(form.get("doc_id") or ""), str(form.get("claim_id") or ""),
                str(form.get("action") or ""), values, note, str(form.get("reviewer") or ""), "web")
        except ReviewError as exc:
            return error(request, 400, str(exc))
        target = _safe_next(str(form.get("next") or ""), f"/document/{result['doc_id']}")
        return RedirectResponse(target.split("#")[0] + f"#claim-{result['claim_id']}", status_code=303)

    @app.post("/review.json", tags=["review"], response_model=ReviewResult,
              summary="Verify, reject or correct a claim (token in a header; only with --allow-review)")
    async def review_json(request: Request, body: ReviewRequest):
        given = request.headers.get("x-newsledger-token") or _bearer(request.headers.get("authorization"))
        if not given or not hmac.compare_digest(given.encode(), token.encode()):
            return JSONResponse({"detail": "the review API needs the token in a header "
                                           "(Authorization: Bearer ..., or X-Newsledger-Token)"}, status_code=401)
        try:
            return await run_in_threadpool(write, body.doc_id, body.claim_id, body.action, body.set, body.note,
                                           body.reviewer, "api")
        except ReviewError as exc:
            return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.get("/review/audit.json", tags=["review"], summary="The review audit trail, newest first")
    def audit_json(limit: Annotated[int, Query(ge=1, le=10000)] = 100) -> list[dict[str, Any]]:
        return ledger.store().review_audit(limit=limit)

    return context


def _bearer(header: str | None) -> str | None:
    scheme, _, value = (header or "").strip().partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None
