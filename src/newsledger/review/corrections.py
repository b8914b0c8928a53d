"""An analyst's correction of a claim: the slots a reviewer may set, read from what they type
("North Korea", "3,000", "2025-04", "munitions: artillery shells", "NHK > diplomatic
sources") into contract values, and applied over the extractor's record.

Changes are stored resolved (entity dicts, a quantity dict), so re-applying a review after
re-extraction gives the same claim even if the gazetteer has changed since.
"""
from __future__ import annotations

import calendar
import copy
import re
from typing import Any

from newsledger.records import ITEM_CATEGORIES, MODALITIES, Entity

# slot the reviewer names -> the contract field it sets
SLOTS = {"kind": "kind", "actor": "actor", "recipient": "recipient", "item": "item",
         "figure": "quantity", "time": "time", "location": "location", "modality": "modality",
         "source": "attribution"}
EMPTY = {"", "-", "none", "null"}   # typed to clear a slot
ACTIONS = ("verify", "reject", "correct")
STATUS = {"verify": "verified", "reject": "rejected", "correct": "corrected"}


class ReviewError(ValueError):
    """A review that cannot be applied (unknown claim, bad slot value): shown as is."""


def parse_changes(values: dict[str, str | None], current: dict[str, Any] | None = None) -> dict[str, Any]:
    """Slot values as typed (only the slots given; None = not given) -> {contract field:
    value}. `current` is the claim shown to the reviewer (an item name alone keeps its
    category)."""
    out: dict[str, Any] = {}
    for slot, raw in values.items():
        if raw is None:
            continue
        if slot not in SLOTS:
            raise ReviewError(f"unknown slot {slot!r}: choose from {', '.join(SLOTS)}")
        text = " ".join(str(raw).split())
        field = SLOTS[slot]
        if text.lower() in EMPTY and slot not in ("kind", "modality"):
            out[field] = [] if field == "attribution" else None
            continue
        out[field] = _PARSERS[slot](text, current or {})
    return out


def apply_changes(record: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The extractor's record with the corrected fields set (a new dict)."""
    out = copy.deepcopy(record)
    out.pop("review", None)
    for field, value in changes.items():
        out[field] = copy.deepcopy(value)
    return out


def changed_fields(original: dict[str, Any], changes: dict[str, Any]) -> list[str]:
    """The fields whose corrected value differs from the extractor's (entities by id: the
    same entity typed under another name is no change)."""
    return sorted(f for f, v in changes.items() if _comparable(original.get(f)) != _comparable(v))


def _comparable(value: Any) -> Any:
    if isinstance(value, dict) and "id" in value and "type" in value:
        return value["id"]
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, dict) and "text" in value:
        return {k: v for k, v in value.items() if k != "text"}
    return value


# -- slot parsers -----------------------------------------------------------------------------

def _kind(text: str, current: dict[str, Any]) -> str:
    from newsledger.extract.ontology import Ontology
    kinds = sorted(Ontology.default().kinds)
    if text.lower() not in kinds:
        raise ReviewError(f"kind: {text!r} is not a kind; choose from {', '.join(kinds)}")
    return text.lower()


def _modality(text: str, current: dict[str, Any]) -> str:
    if text.lower() not in MODALITIES:
        raise ReviewError(f"modality: {text!r} is not a modality; choose from {', '.join(MODALITIES)}")
    return text.lower()


def entity(text: str, *, default_type: str = "group") -> dict[str, Any]:
    """A name or entity id -> the gazetteer's entity, else a new one named as typed."""
    from newsledger.analyze.entities import EntityResolver, slug
    resolver = EntityResolver.default()
    found = resolver.by_id(text) if re.fullmatch(r"[a-z]+:[\w.-]+", text) else None
    found = found or resolver.resolve(text)
    if found is None and re.fullmatch(r"[A-Z]{3}", text):
        found = resolver.by_id(f"country:{text}")
    if found is None:
        found = Entity(id=f"{default_type}:{slug(text)}", name=text, type=default_type)
    found.text = text
    return found.to_dict()


def _party(text: str, current: dict[str, Any]) -> dict[str, Any]:
    return entity(text)


def _location(text: str, current: dict[str, Any]) -> dict[str, Any]:
    return entity(text, default_type="place")


def _source(text: str, current: dict[str, Any]) -> list[dict[str, Any]]:
    """'NHK > diplomatic sources': the attribution chain, outermost first."""
    return [entity(part.strip()) for part in text.split(">") if part.strip()]


def _item(text: str, current: dict[str, Any]) -> dict[str, Any]:
    """'munitions: artillery shells', 'munitions' or 'artillery shells'."""
    category, _, name = text.partition(":")
    category, name = category.strip().lower(), name.strip()
    old = current.get("item") or {}
    if not name:
        if category in ITEM_CATEGORIES:
            name = old.get("name") or category
        else:
            category, name = old.get("category") or "other", text
    if category not in ITEM_CATEGORIES:
        raise ReviewError(f"item: {category!r} is not an item category; choose from {', '.join(ITEM_CATEGORIES)}")
    return {"category": category, "name": name, "text": name}


def _figure(text: str, current: dict[str, Any]) -> dict[str, Any]:
    from newsledger.extract.quantities import parse_number
    quantity = parse_number(text)
    if quantity is None:
        raise ReviewError(f"figure: no number in {text!r} (write e.g. 3000, 3,000, about 12 thousand)")
    quantity.text = text
    return quantity.to_dict()


def _time(text: str, current: dict[str, Any]) -> dict[str, Any]:
    """'2025-04-02', '2025-04', '2025', or 'START..END' with either form."""
    start_text, dots, end_text = text.partition("..")
    start, granularity = _date(start_text.strip(), upper=False)
    end, _ = _date((end_text if dots else start_text).strip(), upper=True)
    if dots:
        granularity = "unknown"
    if start > end:
        raise ReviewError(f"time: {text!r} ends before it starts")
    return {"start": start, "end": end, "granularity": granularity, "text": text}


def _date(text: str, *, upper: bool) -> tuple[str, str]:
    try:
        if re.fullmatch(r"\d{4}", text):
            return (f"{text}-12-31" if upper else f"{text}-01-01"), "year"
        if re.fullmatch(r"\d{4}-\d{2}", text):
            last = calendar.monthrange(int(text[:4]), int(text[5:]))[1]
            return (f"{text}-{last:02d}" if upper else f"{text}-01"), "month"
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            import datetime as dt
            return dt.date.fromisoformat(text).isoformat(), "day"
    except (ValueError, calendar.IllegalMonthError):
        pass
    raise ReviewError(f"time: {text!r} is not a date (YYYY, YYYY-MM, YYYY-MM-DD or START..END)")


_PARSERS = {"kind": _kind, "actor": _party, "recipient": _party, "item": _item, "figure": _figure,
            "time": _time, "location": _location, "modality": _modality, "source": _source}
