"""The store's flat tables, one row per claim (`export --what claims`) or per document
(`--what documents`), in the manner of ACLED and GDELT event tables: every field an analyst
filters on is a column of its own (event date and precision, kind, item, figure and bounds,
actor and recipient with ISO codes, location, outlet, URL, reported date, modality,
confidence, evidence sentence), the attribution chain a nested list.

The rows come from `store.claims()` (the contract claim plus its document's fields), so the
CLI's `claims --format csv` and `export --what claims --format csv` give the same table.
"""
from __future__ import annotations

from typing import Any
from newsledger.register.origins import source_name, url_host

# column -> type (see tables.py); the order is the CSV/Parquet column order.
CLAIM_COLUMNS: dict[str, str] = {
    "claim_id": "string", "doc_id": "string",
    "event_date": "date", "event_end": "date", "date_precision": "string", "time_text": "string",
    "kind": "string", "modality": "string", "modality_class": "string", "hedged": "bool",
    "item_category": "string", "item_name": "string", "item_text": "string",
    "figure": "string", "value": "float64", "low": "float64", "high": "float64", "approx": "bool",
    "increment": "bool",
    "actor": "string", "actor_id": "string", "actor_type": "string", "actor_iso3": "string",
    "recipient": "string", "recipient_id": "string", "recipient_type": "string", "recipient_iso3": "string",
    "location": "string", "location_id": "string", "location_iso3": "string",
    "latitude": "float64", "longitude": "float64",
    "according_to": "string", "attribution": "nested",
    "source_name": "string", "outlet": "string", "url": "string", "title": "string",
    "published": "date", "reported": "date",
    "confidence": "float64", "extractor": "string",
    "evidence": "string", "evidence_start": "int64", "evidence_end": "int64",
}

DOCUMENT_COLUMNS: dict[str, str] = {
    "id": "string", "source_name": "string", "outlet": "string", "url": "string", "title": "string",
    "published": "date", "published_basis": "string", "language": "string", "byline": "string",
    "dateline": "string", "source": "string", "source_id": "string", "duplicate_of": "string",
    "claims": "int64", "ingested_at": "timestamp",
}


def _coordinates(entity: dict[str, Any] | None) -> tuple[float | None, float | None]:
    """A place's coordinates when its entity carries them (`lat`/`lon` or `latitude`/`longitude`)."""
    if not entity:
        return None, None
    lat = entity.get("lat", entity.get("latitude"))
    lon = entity.get("lon", entity.get("longitude"))
    return (lat, lon) if lat is not None and lon is not None else (None, None)


def claim_row(claim: dict[str, Any]) -> dict[str, Any]:
    """One flat row of a `store.claims()` result."""
    from newsledger.register.figures import modality_class

    time = claim.get("time") or {}
    quantity = claim.get("quantity") or {}
    item = claim.get("item") or {}
    actor, recipient, place = (claim.get(k) or {} for k in ("actor", "recipient", "location"))
    evidence = claim.get("evidence") or {}
    attribution = [{k: e.get(k) for k in ("name", "type", "id", "iso3")} for e in claim.get("attribution") or []]
    # The event's date where the text gives one, else the day the statement was made.
    start, end = time.get("start"), time.get("end")
    event_date = start or end or claim.get("reported") or claim.get("doc_published")
    precision = (time.get("granularity") or "unknown") if time else "reported"
    lat, lon = _coordinates(claim.get("location"))
    return {
        "claim_id": claim.get("id"), "doc_id": claim.get("doc_id"),
        "event_date": event_date, "event_end": end if time else None, "date_precision": precision,
        "time_text": time.get("text"),
        "kind": claim.get("kind"), "modality": claim.get("modality"),
        "modality_class": modality_class(claim.get("modality")), "hedged": bool(claim.get("hedged")),
        "item_category": item.get("category"), "item_name": item.get("name"), "item_text": item.get("text"),
        "figure": quantity.get("text"), "value": quantity.get("value"), "low": quantity.get("low"),
        "high": quantity.get("high"), "approx": quantity.get("approx") if quantity else None,
        "increment": quantity.get("increment") if quantity else None,
        "actor": actor.get("name"), "actor_id": actor.get("id"), "actor_type": actor.get("type"),
        "actor_iso3": actor.get("iso3"),
        "recipient": recipient.get("name"), "recipient_id": recipient.get("id"),
        "recipient_type": recipient.get("type"), "recipient_iso3": recipient.get("iso3"),
        "location": place.get("name"), "location_id": place.get("id"), "location_iso3": place.get("iso3"),
        "latitude": lat, "longitude": lon,
        "according_to": " > ".join(e["name"] or "" for e in attribution) or None,
        "attribution": attribution,
        "source_name": source_name(claim.get("doc_outlet"), claim.get("doc_title"), claim.get("doc_url"),
                                   claim.get("doc_id"), claim.get("doc_source")),
        "outlet": claim.get("doc_outlet"), "url": claim.get("doc_url"), "title": claim.get("doc_title"),
        "published": claim.get("doc_published"), "reported": claim.get("reported"),
        "confidence": claim.get("confidence"), "extractor": claim.get("extractor"),
        "evidence": evidence.get("text"), "evidence_start": evidence.get("start"),
        "evidence_end": evidence.get("end"),
    }


def document_row(doc: dict[str, Any]) -> dict[str, Any]:
    """One flat row of a `store.documents()` summary."""
    return {**{k: doc.get(k) for k in DOCUMENT_COLUMNS},
            "source_name": source_name(doc.get("outlet"), doc.get("title"), doc.get("url"), doc.get("id"),
                                       doc.get("source")),
            "claims": doc.get("claim_count", doc.get("claims"))}


__all__ = ["CLAIM_COLUMNS", "DOCUMENT_COLUMNS", "claim_row", "document_row", "url_host"]
