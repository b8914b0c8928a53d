"""The Parquet layout of a Spark run: one row per document, one row per claim.

Flat columns are there for analysts (filter by kind, actor, date in DuckDB, pandas or Spark
SQL without parsing JSON); each claim also carries its full contract JSON in `record`, which
is what `newsledger load` rebuilds claims from, so the store gets exactly what the extractor
made. Both tables carry the input order key (`file_index`, `record_index`) and are written
sorted by it, so the loader can stream documents and their claims side by side.

No Spark here: the job and the loader share these definitions.
"""
from __future__ import annotations

import json
from typing import Any

from newsledger.records import Claim, Document, Entity, Quantity

# (name, type) with types "string", "int", "long", "double", "bool", "binary", "list<string>".
DOCUMENT_COLUMNS: list[tuple[str, str]] = [
    ("file_index", "int"),        # position of the input file in the run's file list
    ("record_index", "long"),     # line number (JSON Lines) or response number (WARC) in it
    ("id", "string"),
    ("source", "string"),         # the first source the text was read from
    ("sources", "list<string>"),  # every source with this exact text, first one first
    ("url", "string"),
    ("title", "string"),
    ("published", "string"),
    ("published_basis", "string"),
    ("outlet", "string"),
    ("language", "string"),
    ("byline", "string"),
    ("dateline", "string"),
    ("source_id", "string"),
    ("duplicate_of", "string"),   # the original of a near-duplicate copy (which has no claims)
    ("text", "string"),
    ("removed", "list<string>"),  # furniture lines cleaning removed
    ("claim_count", "int"),
    ("minhash", "binary"),        # MinHash signature, Deduplicator.to_bytes layout
    ("failure", "string"),        # why claims could not be extracted (then not loaded)
]

CLAIM_COLUMNS: list[tuple[str, str]] = [
    ("file_index", "int"),
    ("record_index", "long"),
    ("doc_id", "string"),
    ("seq", "int"),               # text order within the document
    ("id", "string"),
    ("kind", "string"),
    *[(f"{role}_{part}", "string") for role in ("actor", "recipient")
      for part in ("id", "name", "type", "iso3")],
    ("item_category", "string"),
    ("item_name", "string"),
    ("item_text", "string"),
    ("quantity_value", "double"),
    ("quantity_low", "double"),
    ("quantity_high", "double"),
    ("quantity_approx", "bool"),
    ("quantity_increment", "bool"),
    ("quantity_text", "string"),
    ("time_start", "string"),
    ("time_end", "string"),
    ("time_granularity", "string"),
    ("time_text", "string"),
    ("location_id", "string"),
    ("location_name", "string"),
    ("location_iso3", "string"),
    ("attribution_path", "string"),  # 'UNN > NHK > diplomatic sources'
    ("modality", "string"),
    ("hedged", "bool"),
    ("reported", "string"),
    ("evidence_start", "int"),
    ("evidence_end", "int"),
    ("evidence_text", "string"),
    ("confidence", "double"),
    ("extractor", "string"),
    ("record", "string"),            # the claim as contract JSON
]

SKIPPED_COLUMNS: list[tuple[str, str]] = [
    ("file_index", "int"),
    ("record_index", "long"),
    ("source", "string"),
    ("reason", "string"),
]

DOCUMENT_NAMES = [name for name, _ in DOCUMENT_COLUMNS]
CLAIM_NAMES = [name for name, _ in CLAIM_COLUMNS]


def document_row(doc: Document, order: tuple[int, int], sources: list[str],
                 minhash: bytes | None, failure: str | None = None) -> tuple:
    values = {
        "file_index": order[0], "record_index": order[1], "id": doc.id, "source": doc.source,
        "sources": sources, "url": doc.url, "title": doc.title, "published": doc.published,
        "published_basis": doc.published_basis, "outlet": doc.outlet, "language": doc.language,
        "byline": doc.byline, "dateline": doc.dateline, "source_id": doc.source_id,
        "duplicate_of": doc.duplicate_of, "text": doc.text, "removed": list(doc.removed),
        "claim_count": len(doc.claims), "minhash": minhash, "failure": failure,
    }
    return tuple(values[name] for name in DOCUMENT_NAMES)


def _entity(prefix: str, entity: Entity | None) -> dict[str, Any]:
    return {f"{prefix}_id": entity.id if entity else None,
            f"{prefix}_name": entity.name if entity else None,
            f"{prefix}_type": entity.type if entity else None,
            f"{prefix}_iso3": entity.iso3 if entity else None}


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def claim_rows(doc: Document, order: tuple[int, int]) -> list[tuple]:
    rows = []
    for seq, claim in enumerate(doc.claims):
        record = claim.to_dict()
        q, t, i = claim.quantity, claim.time, claim.item
        values = {
            "file_index": order[0], "record_index": order[1], "doc_id": doc.id, "seq": seq,
            "id": claim.id, "kind": claim.kind,
            **_entity("actor", claim.actor), **_entity("recipient", claim.recipient),
            "item_category": i.category if i else None, "item_name": i.name if i else None,
            "item_text": i.text if i else None,
            "quantity_value": _float(q.value) if q else None, "quantity_low": _float(q.low) if q else None,
            "quantity_high": _float(q.high) if q else None,
            "quantity_approx": bool(q.approx) if q else None,
            "quantity_increment": bool(q.increment) if q else None,
            "quantity_text": q.text if q else None,
            "time_start": t.start if t else None, "time_end": t.end if t else None,
            "time_granularity": t.granularity if t else None, "time_text": t.text if t else None,
            "location_id": claim.location.id if claim.location else None,
            "location_name": claim.location.name if claim.location else None,
            "location_iso3": claim.location.iso3 if claim.location else None,
            "attribution_path": " > ".join(e.name for e in claim.attribution) or None,
            "modality": claim.modality, "hedged": bool(claim.hedged), "reported": claim.reported,
            "evidence_start": claim.evidence.start, "evidence_end": claim.evidence.end,
            "evidence_text": claim.evidence.text, "confidence": float(record["confidence"]),
            "extractor": claim.extractor, "record": json.dumps(record, ensure_ascii=False),
        }
        rows.append(tuple(values[name] for name in CLAIM_NAMES))
    return rows


def claim_from_record(record: str) -> Claim:
    """A claim from its `record` JSON. Quantities go back to floats: the extractor makes
    floats, and the JSON form writes 25000.0 as 25000 (so a store would keep an integer)."""
    claim = Claim.from_dict(json.loads(record))
    q = claim.quantity
    if q is not None:
        claim.quantity = Quantity(_float(q.value), _float(q.low), _float(q.high), q.approx,  # type: ignore[arg-type]
                                  q.increment, q.text)
    return claim


def document_from_row(row: dict[str, Any], claims: list[Claim]) -> Document:
    return Document(
        id=row["id"], source=row["source"], title=row["title"], published=row["published"],
        published_basis=row["published_basis"] or "none", outlet=row["outlet"],
        language=row["language"] or "und", text=row["text"], claims=claims, url=row["url"],
        byline=row["byline"], dateline=row["dateline"], source_id=row["source_id"],
        duplicate_of=row["duplicate_of"], removed=list(row["removed"] or []))
