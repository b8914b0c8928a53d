"""What every store backend shares: how a record becomes rows and rows become records, the
claim filters, and how numbered migration files are found. The backends differ only in SQL
dialect (placeholders, case-insensitive matching), which they pass in.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsledger.records import Claim, Document, Entity
from newsledger.store.base import StoreError

MIGRATION_NAME = re.compile(r"^(\d+)_([\w-]+)\.sql$")

# Document summaries (no text) as `documents()` and `search()` return them.
SUMMARY_COLUMNS = ("id", "source", "url", "title", "published", "published_basis", "outlet",
                   "language", "byline", "dateline", "source_id", "duplicate_of",
                   "claim_count", "ingested_at")

# The documents row, in insert order.
DOCUMENT_COLUMNS = ("id", "source", "url", "title", "published", "published_basis", "outlet",
                    "language", "text", "byline", "dateline", "source_id", "duplicate_of", "removed",
                    "claim_count", "ingested_at")

ATTRIBUTION_COLUMNS = ("claim_pk", "position", "entity_id", "name", "type", "iso3", "wikidata", "text")
ENTITY_COLUMNS = ("id", "name", "type", "iso3", "wikidata")


def now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def load_migrations(directory: Path) -> list[tuple[int, str, str]]:
    """(version, name, sql) of every ``NNNN_name.sql`` in `directory`, in version order."""
    found: dict[int, tuple[int, str, str]] = {}
    for path in sorted(Path(directory).glob("*.sql")):
        match = MIGRATION_NAME.match(path.name)
        if not match:
            raise StoreError(f"migration file name not NNNN_name.sql: {path}")
        version = int(match.group(1))
        if version in found:
            raise StoreError(f"two migrations with version {version} in {directory}")
        found[version] = (version, match.group(2), path.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


def summary(row: Mapping[str, Any]) -> dict[str, Any]:
    data = dict(row)
    data["claims"] = data["claim_count"]   # the name the CLI tables show
    return data


# -- records -> rows -------------------------------------------------------------------------

def document_row(doc: Document, duplicate_of: str | None, ingested_at: str) -> tuple[Any, ...]:
    """The documents row of `doc`, in DOCUMENT_COLUMNS order."""
    return (doc.id, doc.source, doc.url, doc.title, doc.published, doc.published_basis,
            doc.outlet, doc.language, doc.text, doc.byline, doc.dateline, doc.source_id,
            duplicate_of, json.dumps(doc.removed, ensure_ascii=False) if doc.removed else None,
            len(doc.claims), ingested_at)


def entity_columns(prefix: str, entity: Entity | None) -> dict[str, Any]:
    e = entity
    return {
        f"{prefix}_id": e.id if e else None, f"{prefix}_name": e.name if e else None,
        f"{prefix}_type": e.type if e else None, f"{prefix}_iso3": e.iso3 if e else None,
        f"{prefix}_wikidata": e.wikidata if e else None, f"{prefix}_text": e.text if e else None,
    }


def claim_row(doc_id: str, seq: int, claim: Claim) -> dict[str, Any]:
    """The claims row: flattened columns for filtering plus the full JSON in `record`."""
    record = claim.to_dict()
    q, t, i = claim.quantity, claim.time, claim.item
    row: dict[str, Any] = {
        "doc_id": doc_id, "id": claim.id, "seq": seq, "kind": claim.kind,
        **entity_columns("actor", claim.actor), **entity_columns("recipient", claim.recipient),
        "item_category": i.category if i else None, "item_name": i.name if i else None,
        "item_text": i.text if i else None,
        "quantity_value": q.value if q else None, "quantity_low": q.low if q else None,
        "quantity_high": q.high if q else None,
        "quantity_approx": int(bool(q.approx)) if q else None,
        "quantity_increment": int(bool(q.increment)) if q else None,
        "quantity_text": q.text if q else None,
        "time_start": t.start if t else None, "time_end": t.end if t else None,
        "time_granularity": t.granularity if t else None, "time_text": t.text if t else None,
        **entity_columns("location", claim.location),
        "attribution": json.dumps(record["attribution"], ensure_ascii=False),
        "attribution_path": " > ".join(e.name for e in claim.attribution) or None,
        "modality": claim.modality, "hedged": int(bool(claim.hedged)), "reported": claim.reported,
        "evidence_start": claim.evidence.start, "evidence_end": claim.evidence.end,
        "evidence_text": claim.evidence.text,
        "confidence": record["confidence"], "extractor": claim.extractor,
        "record": json.dumps(record, ensure_ascii=False),
    }
    return row


def attribution_rows(claim_pk: int, claim: Claim) -> list[tuple[Any, ...]]:
    """claim_attribution rows (ATTRIBUTION_COLUMNS order), position 0 = outermost."""
    return [(claim_pk, pos, e.id, e.name, e.type, e.iso3, e.wikidata, e.text)
            for pos, e in enumerate(claim.attribution)]


def claim_entities(claims: Iterable[Claim]) -> dict[str, Entity]:
    """Every entity with an id met in the claims (actor, recipient, location, attribution);
    the first one seen per id wins."""
    entities: dict[str, Entity] = {}
    for claim in claims:
        for e in (claim.actor, claim.recipient, claim.location, *claim.attribution):
            if e is not None and e.id:
                entities.setdefault(e.id, e)
    return entities


def entity_row(e: Entity) -> tuple[Any, ...]:
    return (e.id, e.name, e.type, e.iso3, e.wikidata)


# -- rows -> records -------------------------------------------------------------------------

def document_from_row(row: Mapping[str, Any], claims: list[Claim]) -> Document:
    return Document(
        id=row["id"], source=row["source"], title=row["title"], published=row["published"],
        published_basis=row["published_basis"], outlet=row["outlet"], language=row["language"],
        text=row["text"], claims=claims, url=row["url"], byline=row["byline"],
        dateline=row["dateline"], source_id=row["source_id"], duplicate_of=row["duplicate_of"],
        removed=json.loads(row["removed"]) if row["removed"] else [])


def claim_from_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A `claims()` result: the contract dict plus the document fields."""
    record = json.loads(row["record"])
    record.update(doc_id=row["doc_id"], doc_title=row["doc_title"], doc_outlet=row["doc_outlet"],
                  doc_published=row["doc_published"], doc_url=row["doc_url"], doc_source=row["doc_source"])
    return record


# -- claim filters ---------------------------------------------------------------------------

CLAIMS_SELECT = ("SELECT c.doc_id, c.record, d.title AS doc_title, d.outlet AS doc_outlet,"
                 " d.published AS doc_published, d.url AS doc_url, d.source AS doc_source"
                 " FROM claims AS c JOIN documents AS d ON d.id = c.doc_id")
# SQLite's `published IS NULL, published` is NULLS LAST; PostgreSQL reads it the same way.
CLAIMS_ORDER = " ORDER BY d.published IS NULL, d.published, c.doc_id, c.seq"


def claims_query(*, mark: str, nocase: Callable[[str], str], kind: str | None = None,
                 actor: str | None = None, recipient: str | None = None, item: str | None = None,
                 since: Any = None, until: Any = None, modality: str | None = None,
                 doc: str | None = None, limit: int | None = None,
                 min_confidence: float | None = None, reviews: bool = True) -> tuple[str, list[Any]]:
    """The `Store.claims` query and its arguments. `mark` is the dialect's placeholder;
    `nocase(column)` gives a case-insensitive equality test of the column with one
    placeholder (SQLite's columns are COLLATE NOCASE; PostgreSQL compares lower())."""
    # Rejected claims are hidden (newsledger.store.reviews), never deleted. (`reviews` is False
    # only for a store held at a schema older than the reviews.)
    where: list[str] = ["(c.review IS NULL OR c.review <> 'rejected')"] if reviews else []
    args: list[Any] = []
    if kind:
        where.append(f"c.kind = {mark}"); args.append(kind)
    for prefix, value in (("actor", actor), ("recipient", recipient)):
        if value:
            where.append(f"({nocase(f'c.{prefix}_iso3')} OR {nocase(f'c.{prefix}_name')}"
                         f" OR {nocase(f'c.{prefix}_id')})")
            args += [value] * 3
    if item:
        where.append(f"({nocase('c.item_category')} OR {nocase('c.item_name')})"); args += [item, item]
    if isinstance(modality, (tuple, list)):   # a register class: any of its members
        where.append(f"c.modality IN ({', '.join([mark] * len(modality))})"); args += list(modality)
    elif modality:
        where.append(f"c.modality = {mark}"); args.append(modality)
    if doc:
        where.append(f"c.doc_id = {mark}"); args.append(doc)
    if min_confidence is not None:
        where.append(f"c.confidence >= {mark}"); args.append(float(min_confidence))
    if since is not None:
        where.append(f"coalesce(c.time_end, c.time_start, c.reported) >= {mark}")
        args.append(date_bound(since, upper=False))
    if until is not None:
        where.append(f"coalesce(c.time_start, c.time_end, c.reported) <= {mark}")
        args.append(date_bound(until, upper=True))
    sql = CLAIMS_SELECT + (" WHERE " + " AND ".join(where) if where else "") + CLAIMS_ORDER
    if limit is not None:
        sql += f" LIMIT {mark}"; args.append(int(limit))
    return sql, args


def date_bound(value: Any, *, upper: bool) -> str:
    """'2025', '2025-06', '2025-06-19', date or datetime -> the ISO date bound it stands for
    (a year or month bound covers the whole period: newsledger.periods)."""
    from newsledger.periods import BadPeriod, bound
    text = value if isinstance(value, _dt.date) else str(value).strip()
    if isinstance(text, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
        text = text[:10]   # a timestamp: its day
    try:
        return bound(text, upper=upper).isoformat()
    except BadPeriod as exc:
        raise StoreError(f"not a date: {exc}") from None


# -- stats -----------------------------------------------------------------------------------

# (key, query giving one value) of `stats()`, the same on every backend.
STATS_COUNTS: Sequence[tuple[str, str]] = (
    ("documents", "SELECT count(*) FROM documents"),
    ("originals", "SELECT count(*) FROM documents WHERE duplicate_of IS NULL"),
    ("near_duplicates", "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"),
    ("exact_duplicates", "SELECT count(*) FROM sources WHERE role = 'exact'"),
    ("sources", "SELECT count(*) FROM sources"),
    ("claims", "SELECT count(*) FROM claims"),
    ("entities", "SELECT count(*) FROM entities"),
    ("signatures", "SELECT count(*) FROM signatures"),
)
STATS_BY = (("claims_by_kind", "kind"), ("claims_by_modality", "modality"))
STATS_TAIL: Sequence[tuple[str, str]] = (
    ("outlets", "SELECT count(DISTINCT outlet) FROM documents"),
    ("published_first", "SELECT min(published) FROM documents"),
    ("published_last", "SELECT max(published) FROM documents"),
)


def stats(path: str, schema_version: int, one: Callable[[str], Any],
          pairs: Callable[[str], list[tuple[Any, Any]]]) -> dict[str, Any]:
    """`Store.stats()` from two query runners: `one(sql)` -> the single value,
    `pairs(sql)` -> (key, value) rows."""
    out: dict[str, Any] = {"path": path, "schema_version": schema_version}
    out.update((key, one(sql)) for key, sql in STATS_COUNTS)
    for key, col in STATS_BY:
        out[key] = dict(pairs(f"SELECT {col}, count(*) FROM claims GROUP BY {col}"
                              f" ORDER BY count(*) DESC, {col}"))
    out.update((key, one(sql)) for key, sql in STATS_TAIL)
    return out
