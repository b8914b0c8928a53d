"""The contract: the records that flow through every stage (see docs/contract.md and
../shared/spec/CLAIMS.md). Plain dataclasses with a JSON form; stages add to them and
never reach back up the chain.

    source ──► RawDocument ──► Document (cleaned) ──► Document + claims ──► store
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass, field
from typing import Any

ENTITY_TYPES = ("country", "organization", "person", "place", "group")
ITEM_CATEGORIES = ("personnel", "munitions", "missiles", "weapons", "drones",
                   "equipment", "technology", "money", "goods", "other")
MODALITIES = ("occurred", "planned", "expected", "possible", "denied", "negated")
GRANULARITIES = ("day", "month", "quarter", "year", "unknown")
PUBLISHED_BASES = ("metadata", "header", "text", "inferred", "none")


def _drop_none_extras(data: dict[str, Any], keep: tuple[str, ...]) -> dict[str, Any]:
    """Contract fields are always present (null when unknown); added fields only when set."""
    return {k: v for k, v in data.items() if k in keep or v is not None}


@dataclass
class Entity:
    """A resolved actor, recipient, place or source. `id` is stable: a knowledge-base id
    (`country:PRK`, `person:kim-jong-un`) or, for names the base does not know, a slug."""
    id: str
    name: str
    type: str
    text: str | None = None
    iso3: str | None = None
    wikidata: str | None = None
    # added fields (the contract allows additions)
    country: str | None = None   # iso3 of the state an organisation/person/group belongs to
    role: str | None = None      # "head of state", "defence minister", ...

    def to_dict(self) -> dict[str, Any]:
        return _drop_none_extras(asdict(self), ("id", "name", "type", "text", "iso3", "wikidata"))

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Entity | None:
        if not data:
            return None
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__ if k in data})


@dataclass
class Item:
    category: str
    name: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Quantity:
    value: float
    low: float | None = None
    high: float | None = None
    approx: bool = False
    increment: bool = False
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("value", "low", "high"):  # 25000.0 -> 25000 in JSON
            if isinstance(data[key], float) and not math.isfinite(data[key]):
                data[key] = None  # strict JSON has no Infinity (the parser refuses such figures)
            elif isinstance(data[key], float) and data[key].is_integer():
                data[key] = int(data[key])
        return data


@dataclass
class TimeSpan:
    start: str | None
    end: str | None
    granularity: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Evidence:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Claim:
    id: str
    kind: str
    actor: Entity | None
    recipient: Entity | None
    item: Item | None
    quantity: Quantity | None
    time: TimeSpan | None
    location: Entity | None
    attribution: list[Entity]
    modality: str
    reported: str | None
    evidence: Evidence
    confidence: float
    extractor: str
    hedged: bool = False  # "reportedly", "allegedly" (added field)
    # added field: an analyst's review (status verified/corrected/rejected, by, at, note,
    # changed slots), set by the store on reviewed claims only (newsledger.review)
    review: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        def opt(value: Any) -> Any:
            return value.to_dict() if value is not None else None
        data = {
            "id": self.id, "kind": self.kind,
            "actor": opt(self.actor), "recipient": opt(self.recipient),
            "item": opt(self.item), "quantity": opt(self.quantity), "time": opt(self.time),
            "location": opt(self.location),
            "attribution": [e.to_dict() for e in self.attribution],
            "modality": self.modality, "reported": self.reported,
            "evidence": self.evidence.to_dict(),
            "confidence": round(float(self.confidence), 3), "extractor": self.extractor,
            "hedged": self.hedged,
        }
        if self.review is not None:
            data["review"] = dict(self.review)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        def build(kind: type, value: Any) -> Any:
            return kind(**value) if value else None
        return cls(
            id=data["id"], kind=data["kind"],
            actor=Entity.from_dict(data.get("actor")), recipient=Entity.from_dict(data.get("recipient")),
            item=build(Item, data.get("item")), quantity=build(Quantity, data.get("quantity")),
            time=build(TimeSpan, data.get("time")), location=Entity.from_dict(data.get("location")),
            attribution=[Entity.from_dict(e) for e in data.get("attribution") or []],
            modality=data["modality"], reported=data.get("reported"),
            evidence=Evidence(**data["evidence"]), confidence=data["confidence"],
            extractor=data["extractor"], hedged=bool(data.get("hedged", False)),
            review=data.get("review"),
        )


@dataclass
class RawDocument:
    """What a source reader yields: text or HTML plus whatever metadata the container gave.
    Exactly one of `text` / `html` is set."""
    source: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None      # ISO date given by the container (feed entry, JSONL field, WARC date is NOT this)
    outlet: str | None = None
    source_id: str | None = None      # id given by the container (JSONL `id`)
    encoding: str | None = None       # detected encoding of a byte source


@dataclass
class Skipped:
    """A source that is none of the readable kinds: reported in one line, counted, skipped."""
    source: str
    reason: str
    record_id: str | None = None   # the record's own id (JSONL `id`) when it has one

    @property
    def named(self) -> str:
        """How a message names it: by the record's id first ("record 8011115 (file.jsonl:6)")."""
        return f"record {self.record_id} ({self.source})" if self.record_id else self.source


@dataclass
class Document:
    id: str
    source: str
    title: str | None
    published: str | None
    published_basis: str
    outlet: str | None
    language: str
    text: str
    claims: list[Claim] = field(default_factory=list)
    # added fields
    url: str | None = None
    byline: str | None = None
    dateline: str | None = None
    source_id: str | None = None
    duplicate_of: str | None = None   # id of the original when this is a (near-)duplicate copy
    removed: list[str] = field(default_factory=list)  # furniture lines removed by cleaning

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "source": self.source, "title": self.title,
            "published": self.published, "published_basis": self.published_basis,
            "outlet": self.outlet, "language": self.language, "text": self.text,
            "claims": [c.to_dict() for c in self.claims],
            "url": self.url, "byline": self.byline, "dateline": self.dateline,
            "source_id": self.source_id, "duplicate_of": self.duplicate_of,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            id=data["id"], source=data["source"], title=data.get("title"),
            published=data.get("published"), published_basis=data.get("published_basis", "none"),
            outlet=data.get("outlet"), language=data.get("language", "und"), text=data["text"],
            claims=[Claim.from_dict(c) for c in data.get("claims") or []],
            url=data.get("url"), byline=data.get("byline"), dateline=data.get("dateline"),
            source_id=data.get("source_id"), duplicate_of=data.get("duplicate_of"),
        )


def document_id(cleaned_text: str) -> str:
    """Stable id from the cleaned text: same text, same id, on every run and machine."""
    normalised = " ".join(cleaned_text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]
