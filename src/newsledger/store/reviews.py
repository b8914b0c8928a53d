"""Reviews in the store, the same on every backend (tables from migration 0006_reviews).

A review is appended to `reviews` and applied to its claims row at once: the row gets the
reviewed record (its `review` field says by whom, when, what changed), `claims.review` the
status. Reading queries leave out rows whose status is 'rejected', so the register, the pages
and the exports show reviewed claims without knowing about reviews.

When a document's claims are written again (re-extraction), `reapply` finds each review's
claim by document and evidence span (plus the extractor's kind and the claim's rank among
claims with that span and kind) and applies the latest review of each again.

The backends pass a `Sql` adapter (their connection inside a transaction); statements here use
'?' placeholders, which the PostgreSQL adapter turns into '%s'.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Protocol

from newsledger.records import Claim
from newsledger.review.corrections import ACTIONS, STATUS, ReviewError, apply_changes, changed_fields
from newsledger.store import rows

HIDDEN = "rejected"
# The condition every reading query adds: rejected claims are hidden, never deleted.
VISIBLE = "(review IS NULL OR review <> 'rejected')"
VISIBLE_C = "(c.review IS NULL OR c.review <> 'rejected')"
CLAIM_FIELDS = "pk, id, seq, kind, evidence_start, evidence_end, record, review, review_id"


class Sql(Protocol):
    def all(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]: ...
    def run(self, sql: str, params: Iterable[Any] = ()) -> None: ...


def _loads(text: str | None) -> Any:
    return json.loads(text) if text else None


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# -- targets: how a review finds its claim again ------------------------------------------------

def _targets(claims: list[dict[str, Any]], kinds: dict[int, str]) -> dict[int, tuple[int, int, str, int]]:
    """pk -> (evidence_start, evidence_end, extractor kind, rank among same span and kind),
    for a document's claims in text order. `kinds`: the extractor's kind of reviewed rows
    (their `kind` column may hold a corrected kind)."""
    seen: dict[tuple[int, int, str], int] = {}
    out = {}
    for c in sorted(claims, key=lambda c: c["seq"]):
        kind = kinds.get(c["pk"], c["kind"])
        key = (c["evidence_start"], c["evidence_end"], kind)
        out[c["pk"]] = (*key, seen.get(key, 0))
        seen[key] = seen.get(key, 0) + 1
    return out


def _doc_claims(db: Sql, doc_id: str) -> list[dict[str, Any]]:
    return db.all(f"SELECT {CLAIM_FIELDS} FROM claims WHERE doc_id = ? ORDER BY seq", (doc_id,))


def _extractor_kinds(db: Sql, claims: list[dict[str, Any]]) -> dict[int, str]:
    ids = [c["review_id"] for c in claims if c["review_id"] is not None]
    if not ids:
        return {}
    found = {r["id"]: r["claim_kind"] for r in db.all(
        f"SELECT id, claim_kind FROM reviews WHERE id IN ({', '.join('?' * len(ids))})", ids)}
    return {c["pk"]: found[c["review_id"]] for c in claims if c["review_id"] in found}


# -- writing ----------------------------------------------------------------------------------

def add_review(db: Sql, *, doc_id: str, claim_id: str, action: str, changes: dict[str, Any] | None,
               note: str | None, reviewer: str, via: str) -> dict[str, Any]:
    """Append a review of one claim and apply it (inside the caller's write transaction).

    verify: the claim as shown is right (earlier corrections stay); reject: hide it (its
    corrections stay, for a later verify to restore); correct: set slots over the
    extractor's record (on top of earlier corrections). Returns the review and the claim."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown review action {action!r}: choose from {', '.join(ACTIONS)}")
    if not reviewer or not reviewer.strip():
        raise ReviewError("a review needs a reviewer name")
    if action == "correct" and not changes:
        raise ReviewError("a correction needs at least one slot to set")
    claims = _doc_claims(db, doc_id)
    row = next((c for c in claims if c["id"] == claim_id), None)
    if row is None:
        raise ReviewError(f"no claim {claim_id} in document {doc_id}")
    previous = None
    if row["review_id"] is not None:
        previous = db.all("SELECT * FROM reviews WHERE id = ?", (row["review_id"],))[0]
    if previous is not None:
        original = _loads(previous["original"])
        start, end, kind, ordinal = (previous["evidence_start"], previous["evidence_end"],
                                     previous["claim_kind"], previous["claim_ordinal"])
        merged = _loads(previous["changes"]) or {}
    else:
        original = _loads(row["record"])
        original.pop("review", None)
        start, end, kind, ordinal = _targets(claims, _extractor_kinds(db, claims))[row["pk"]]
        merged = {}
    if action == "correct":
        merged = {**merged, **(changes or {})}
    now = rows.now()
    review_id = _insert_review(db, doc_id=doc_id, claim_id=claim_id, target=(start, end, kind, ordinal),
                               action=action, changes=merged, note=note, original=original,
                               reviewer=reviewer.strip(), created_at=now)
    record = _reviewed(original, merged, action=action, reviewer=reviewer.strip(), at=now, note=note,
                       review_id=review_id)
    _write_claim(db, row, doc_id, record, STATUS[action], review_id)
    _audit(db, who=reviewer.strip(), via=via, event=action, review_id=review_id, doc_id=doc_id,
           claim_id=claim_id, before=row["record"], after=_dumps(record))
    return {"review_id": review_id, "doc_id": doc_id, "claim_id": claim_id, "action": action,
            "status": STATUS[action], "reviewer": reviewer.strip(), "at": now, "claim": record}


def reapply(db: Sql, doc_id: str) -> int:
    """Apply the latest review of each target in `doc_id` to the freshly written claims
    (inside the caller's write transaction); the number applied. A review whose claim is
    no longer extracted is kept and noted in the audit as 'unmatched'."""
    reviews = db.all("SELECT * FROM reviews WHERE doc_id = ? ORDER BY id", (doc_id,))
    if not reviews:
        return 0
    latest: dict[tuple[int, int, str, int], dict[str, Any]] = {}
    for r in reviews:
        latest[(r["evidence_start"], r["evidence_end"], r["claim_kind"], r["claim_ordinal"])] = r
    claims = _doc_claims(db, doc_id)
    by_target = {t: pk for pk, t in _targets(claims, _extractor_kinds(db, claims)).items()}
    by_pk = {c["pk"]: c for c in claims}
    applied = 0
    for target, review in latest.items():
        pk = by_target.get(target)
        if pk is None:
            _audit(db, who=review["reviewer"], via="reapply", event="unmatched", review_id=review["id"],
                   doc_id=doc_id, claim_id=review["claim_id"], before=None, after=None)
            continue
        row = by_pk[pk]
        if row["review_id"] is not None:
            continue   # already reviewed in this state (claims were not rewritten)
        extracted = _loads(row["record"])
        extracted.pop("review", None)
        review_id = review["id"]
        if extracted != _loads(review["original"]) or row["id"] != review["claim_id"]:
            # The extractor now says something else (or numbers claims differently): the same
            # review, kept over the new record, so that a later review starts from it.
            review_id = _insert_review(
                db, doc_id=doc_id, claim_id=row["id"], target=target, action=review["action"],
                changes=_loads(review["changes"]) or {}, note=review["note"], original=extracted,
                reviewer=review["reviewer"], created_at=review["created_at"])
        changes = _loads(review["changes"]) or {}
        record = _reviewed(extracted, changes, action=review["action"], reviewer=review["reviewer"],
                           at=review["created_at"], note=review["note"], review_id=review_id)
        _write_claim(db, row, doc_id, record, STATUS[review["action"]], review_id)
        _audit(db, who=review["reviewer"], via="reapply", event="reapplied", review_id=review_id,
               doc_id=doc_id, claim_id=row["id"], before=row["record"], after=_dumps(record))
        applied += 1
    return applied


def _reviewed(original: dict[str, Any], changes: dict[str, Any], *, action: str, reviewer: str, at: str,
              note: str | None, review_id: int) -> dict[str, Any]:
    record = apply_changes(original, changes)
    record["review"] = {"status": STATUS[action], "by": reviewer, "at": at, "note": note or None,
                        "changed": changed_fields(original, changes), "review_id": review_id,
                        "extracted": {f: original.get(f) for f in changed_fields(original, changes)}}
    return record


def _insert_review(db: Sql, *, doc_id: str, claim_id: str, target: tuple[int, int, str, int], action: str,
                   changes: dict[str, Any], note: str | None, original: dict[str, Any], reviewer: str,
                   created_at: str) -> int:
    start, end, kind, ordinal = target
    found = db.all(
        "INSERT INTO reviews (doc_id, claim_id, evidence_start, evidence_end, claim_kind, claim_ordinal,"
        " action, changes, note, original, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " RETURNING id",
        (doc_id, claim_id, start, end, kind, ordinal, action, _dumps(changes), note or None,
         _dumps(original), reviewer, created_at))
    return int(found[0]["id"])


def _write_claim(db: Sql, row: dict[str, Any], doc_id: str, record: dict[str, Any], status: str,
                 review_id: int) -> None:
    """Rewrite one claims row (flattened columns, attribution rows, entities) from `record`."""
    try:
        claim = Claim.from_dict(record)
    except (KeyError, TypeError, ValueError) as exc:
        raise ReviewError(f"the corrected claim is not a valid record: {exc}") from exc
    values = rows.claim_row(doc_id, row["seq"], claim)
    values.pop("doc_id"), values.pop("id"), values.pop("seq")
    sets = ", ".join(f"{col} = ?" for col in values)
    db.run(f"UPDATE claims SET {sets}, review = ?, review_id = ? WHERE pk = ?",
           (*values.values(), status, review_id, row["pk"]))
    # The attribution rows are an index of the record: rebuilt from it.
    db.run("DELETE FROM claim_attribution WHERE claim_pk = ?", (row["pk"],))
    for values in rows.attribution_rows(row["pk"], claim):
        db.run(f"INSERT INTO claim_attribution ({', '.join(rows.ATTRIBUTION_COLUMNS)})"
               f" VALUES ({', '.join('?' * len(rows.ATTRIBUTION_COLUMNS))})", values)
    for entity in sorted(rows.claim_entities([claim]).values(), key=lambda e: e.id):
        db.run("INSERT INTO entities (id, name, type, iso3, wikidata) VALUES (?, ?, ?, ?, ?)"
               " ON CONFLICT (id) DO NOTHING", rows.entity_row(entity))


def _audit(db: Sql, *, who: str, via: str, event: str, review_id: int | None, doc_id: str,
           claim_id: str | None, before: str | None, after: str | None) -> None:
    db.run("INSERT INTO review_audit (at, who, via, event, review_id, doc_id, claim_id, before, after)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (rows.now(), who, via, event, review_id, doc_id, claim_id,
                                                   before, after))


# -- reading ----------------------------------------------------------------------------------

def claims_of(db: Sql, doc_id: str) -> list[dict[str, Any]]:
    """Every claim of a document, rejected ones too, in text order, each with `review_status`."""
    return [dict(_loads(c["record"]), review_status=c["review"]) for c in _doc_claims(db, doc_id)]


def reviewed_claims(db: Sql, doc_id: str | None = None) -> list[dict[str, Any]]:
    """Every reviewed claim (rejected ones too) as its record plus `doc_id`, `review_status`
    and the document's `doc_source`, `doc_title`, `doc_published`, `doc_outlet`."""
    where = "c.review IS NOT NULL" + (" AND c.doc_id = ?" if doc_id else "")
    found = db.all("SELECT c.doc_id, c.record, c.review, d.source AS doc_source, d.title AS doc_title,"
                   " d.published AS doc_published, d.outlet AS doc_outlet FROM claims AS c"
                   f" JOIN documents AS d ON d.id = c.doc_id WHERE {where} ORDER BY c.doc_id, c.seq",
                   (doc_id,) if doc_id else ())
    return [dict(_loads(r.pop("record")), **{"review_status": r.pop("review")}, **r) for r in found]


def history(db: Sql, *, doc_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Reviews, newest first."""
    sql = "SELECT * FROM reviews" + (" WHERE doc_id = ?" if doc_id else "") + " ORDER BY id DESC"
    params: list[Any] = [doc_id] if doc_id else []
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    out = db.all(sql, params)
    for r in out:
        r["changes"] = _loads(r["changes"]) or {}
        r["original"] = _loads(r["original"])
    return out


def audit(db: Sql, *, limit: int | None = None) -> list[dict[str, Any]]:
    """The audit trail, newest first."""
    sql = "SELECT * FROM review_audit ORDER BY id DESC" + (" LIMIT ?" if limit is not None else "")
    return db.all(sql, (int(limit),) if limit is not None else ())
