"""PLOVER-style JSON: one event per fact of the register, typed with the PLOVER event type,
mode and context that `knowledge/plover.yaml` maps our kinds to, so POLECAT users can read it.
Our own kind, modality, figure and sources travel beside the PLOVER fields, so nothing is lost
where PLOVER has no type (`plover_type: null` for produce and casualties).

`PLOVER_SCHEMA` is the JSON Schema of the file (validated in tests/test_export.py)."""
from __future__ import annotations

import json
from typing import IO, Any

from newsledger.knowledge import load_yaml
from newsledger.register.build import IRREALIS, REFUTED, Fact

FORMAT = "newsledger-plover"
VERSION = 1

_ENTITY = {"type": ["object", "null"],
           "required": ["name"],
           "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "type": {"type": "string"},
                          "iso3": {"type": ["string", "null"]}, "wikidata": {"type": ["string", "null"]},
                          "country": {"type": ["string", "null"]}}}
PLOVER_TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
PLOVER_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "newsledger register as PLOVER-style events",
    "type": "object",
    "required": ["format", "version", "plover_version", "events", "skipped"],
    "properties": {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
        "plover_version": {"type": "string"},
        "skipped": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
        "events": {"type": "array", "items": {
            "type": "object",
            "required": ["event_id", "event_date", "date_basis", "plover_type", "plover_mode", "plover_context",
                         "kind", "modality", "actor", "recipient", "actor_country", "recipient_country",
                         "item", "quantity", "claims", "origins", "sources"],
            "properties": {
                "event_id": {"type": "string"},
                "event_date": {"type": ["string", "null"], "format": "date"},
                "event_end": {"type": ["string", "null"]},
                "date_basis": {"enum": ["event", "as of", "reported"]},
                "plover_type": {"enum": [*PLOVER_TYPES, None]},
                "plover_mode": {"type": ["string", "null"]},
                "plover_context": {"type": ["string", "null"]},
                "kind": {"type": "string"},
                "modality": {"enum": ["occurred", "intended"]},
                "modalities": {"type": "array", "items": {"type": "string"}},
                "actor": _ENTITY, "recipient": _ENTITY, "location": _ENTITY,
                "actor_country": {"type": ["string", "null"]},
                "recipient_country": {"type": ["string", "null"]},
                "item": {"type": ["object", "null"], "required": ["category", "name"],
                         "properties": {"category": {"type": ["string", "null"]}, "name": {"type": ["string", "null"]}}},
                "quantity": {"type": ["object", "null"], "required": ["value"],
                             "properties": {"value": {"type": "number"}, "low": {"type": ["number", "null"]},
                                            "high": {"type": ["number", "null"]}, "approx": {"type": "boolean"},
                                            "increment": {"type": "boolean"}, "text": {"type": "string"}}},
                "casualties": {"type": "object", "required": ["count", "side"],
                               "properties": {"count": {"type": ["number", "null"]},
                                              "side": {"type": ["string", "null"]}}},
                "running_total": {"type": ["number", "null"]},
                "claims": {"type": "integer", "minimum": 1},
                "origins": {"type": "integer", "minimum": 1},
                "status": {"type": "string"},
                "sources": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["doc_id", "outlet", "published", "sentence", "attribution"],
                    "properties": {"doc_id": {"type": "string"}, "outlet": {"type": ["string", "null"]},
                                   "source_name": {"type": "string"}, "url": {"type": ["string", "null"]},
                                   "published": {"type": ["string", "null"]},
                                   "reported": {"type": ["string", "null"]},
                                   "attribution": {"type": "array", "items": {"type": "string"}},
                                   "sentence": {"type": "string"}, "claim_id": {"type": "string"}}}},
            }}},
    },
}


def mapping() -> dict[str, Any]:
    return load_yaml("plover.yaml")


def _country(entity: dict[str, Any] | None) -> str | None:
    if not entity:
        return None
    return entity.get("iso3") or entity.get("country")


def plover_fields(fact: Fact, table: dict[str, Any] | None = None) -> tuple[str | None, str | None, str | None]:
    """(type, mode, context) for one fact, by the rules of plover.yaml."""
    table = table or mapping()
    rule = (table.get("kinds") or {}).get(fact.kind)
    if not rule or rule.get("type") is None:
        return None, None, None
    if not fact.recipient and rule.get("without_recipient"):
        rule = {**rule, **rule["without_recipient"]}
    ptype = rule.get("type")
    mode = rule.get("mode")
    context = rule.get("context")
    item, category = fact.item or "", fact.category or ""
    if category in (rule.get("mode_by_category") or {}):
        mode = rule["mode_by_category"][category]
    if item in (rule.get("mode_by_item") or {}):
        mode = rule["mode_by_item"][item]
    if category in (rule.get("context_by_category") or {}):
        context = rule["context_by_category"][category]
    if item in (rule.get("context_by_item") or {}):
        context = rule["context_by_item"][item]
    if rule.get("mode_by_location") and fact.location_entity:
        where = _country(fact.location_entity)
        side = ("recipient" if where and where == _country(fact.recipient) else
                "actor" if where and where == _country(fact.actor) else "other")
        mode = rule["mode_by_location"].get(side, mode)
    if rule.get("context_from_mode"):
        context = mode
    if fact.modality_class == IRREALIS:
        intent = (table.get("intended") or {}).get(ptype)
        if intent:
            kind_of_aid = mode
            ptype = intent.get("type", ptype)
            mode = intent.get("mode")
            context = kind_of_aid if intent.get("context_from_mode") else intent.get("context", context)
    return ptype, mode, context


def events(register: Any) -> tuple[list[dict[str, Any]], dict[str, int]]:
    table = mapping()
    out, skipped = [], {"refuted": 0}
    for fact in register.facts:
        if fact.modality_class == REFUTED:
            skipped["refuted"] += 1
            continue
        ptype, mode, context = plover_fields(fact, table)
        data = fact.to_dict(sources=False)
        quantity = None
        if fact.figure is not None:
            quantity = {"value": data["value"], "low": data["low"], "high": data["high"],
                        "approx": fact.figure.approx, "increment": fact.figure.increment,
                        "text": fact.figure.text}
        event: dict[str, Any] = {
            "event_id": fact.id, "event_date": data["date"],
            "event_end": fact.when.end.isoformat() if fact.when.end else None, "date_basis": fact.when.basis,
            "plover_type": ptype, "plover_mode": mode, "plover_context": context,
            "kind": fact.kind, "modality": fact.modality_class, "modalities": fact.modalities,
            "actor": fact.actor, "recipient": fact.recipient, "location": fact.location_entity,
            "actor_country": _country(fact.actor), "recipient_country": _country(fact.recipient),
            "item": {"category": fact.category, "name": fact.item} if (fact.category or fact.item) else None,
            "quantity": quantity, "running_total": data["running_total"],
            "claims": data["claims"], "origins": data["origins"], "status": data["status"],
            "sources": [{"doc_id": s.doc_id, "claim_id": s.claim_id, "outlet": s.outlet, "source_name": s.name,
                         "url": s.url, "published": s.published,
                         "reported": s.reported, "attribution": s.attribution, "sentence": s.sentence}
                        for s in fact.sources],
        }
        rule = (table.get("kinds") or {}).get(fact.kind) or {}
        if rule.get("field") == "casualties":
            event["casualties"] = {"count": quantity["value"] if quantity else None,
                                   "low": quantity["low"] if quantity else None,
                                   "high": quantity["high"] if quantity else None,
                                   "side": (fact.actor or {}).get("name")}
        out.append(event)
    return out, skipped


def document(register: Any) -> dict[str, Any]:
    evs, skipped = events(register)
    return {"format": FORMAT, "version": VERSION, "plover_version": mapping().get("plover_version", ""),
            "mapping": "newsledger/knowledge/plover.yaml", "skipped": skipped, "events": evs}


def write_plover(register: Any, fh: IO[str]) -> int:
    doc = document(register)
    json.dump(doc, fh, ensure_ascii=False, indent=2)
    fh.write("\n")
    return len(doc["events"])
