"""The register: threads, facts, figure series, conflicts, flows and a timeline, built from the
stored claims.

The register is a pure function of the claims (and of which documents are copies of which):
`build_register(claims)` sorts its input, so adding documents one at a time or all at once,
in any order of calls, gives the same register. Nothing is cached: on the news-bench corpus it
builds in well under a second per ten thousand claims (bench/register.py).

Vocabulary
  thread   claims of one kind, actor, recipient and item category, across documents
           ("deploy North Korea → Russia / personnel"); deployments and attacks with no
           recipient are keyed by their place too ("deploy Russia in Mali / personnel"), so
           a border build-up, a mercenary force in Africa and a peacekeeping mission stay
           apart. A claim with no actor joins a thread only with claims that share its
           recipient or place; with neither it stays in a thread of its own document
           rather than in a catch-all "deploy ? / personnel".
  fact     claims of a thread that report the same figure (value, bounds, increment or not)
           for the same item, modality class and time: one statement, many sources.
  origin   who a claim really comes from (see origins.py); a fact's sources group into
           independent origins; the rest are echoes.
  series   per thread and item, the figures in time order: totals, increments (with the
           running total where an earlier total exists) and bounded estimates.
  conflict two facts of a series whose times are comparable and whose figures disagree beyond
           their bounds (rules in figures.py).
  flow     actor → recipient and item category over the thread kinds that move something
           (transfer, deploy), with the latest figure and the claims and origins behind it.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsledger.register.figures import (
    AS_OF_WINDOW_DAYS, HISTORY_DAYS, IRREALIS, REALIS, REFUTED, Figure, When, comparable, disagree, modality_class,
    parse_date, why_disagree)
from newsledger.register.origins import (
    Origin, OriginGroup, cluster, entity_key, normalise_sentence, origin_of, outlet_id_map, source_name)

FLOW_KINDS = ("transfer", "deploy")


def _hash(*parts: Any) -> str:
    return hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:12]


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 6)


def format_number(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 1_000_000 and (value / 1_000_000) == round(value / 1_000_000, 2):
        return f"{value / 1_000_000:g} million"
    return f"{_num(value):,}"


def _entity(e: dict[str, Any] | None) -> dict[str, Any] | None:
    if not e:
        return None
    return {k: e.get(k) for k in ("id", "name", "type", "iso3", "wikidata", "country") if e.get(k) is not None}


def _name(e: dict[str, Any] | None) -> str | None:
    return e.get("name") if e else None


# ------------------------------------------------------------------------------- records

@dataclass
class Source:
    """One claim behind a fact: the document, outlet, date and sentence that carry it."""
    claim_id: str
    doc_id: str
    doc_title: str | None
    outlet: str | None
    published: str | None
    reported: str | None
    attribution: list[str]
    origin: Origin
    sentence: str
    evidence_start: int | None
    evidence_end: int | None
    figure_text: str | None
    modality: str
    hedged: bool
    confidence: float | None
    location: str | None
    copies: list[dict[str, Any]] = field(default_factory=list)   # near-duplicate copies of the document
    url: str | None = None
    source_name: str | None = None   # outlet, else site, else title (origins.source_name)

    @property
    def name(self) -> str:
        return self.source_name or self.outlet or self.doc_id[:8]

    def to_dict(self) -> dict[str, Any]:
        return {"claim_id": self.claim_id, "doc_id": self.doc_id, "doc_title": self.doc_title,
                "outlet": self.outlet, "source_name": self.name, "url": self.url,
                "published": self.published, "reported": self.reported,
                "attribution": self.attribution, "origin": self.origin.key, "origin_name": self.origin.name,
                "sentence": self.sentence, "evidence_start": self.evidence_start,
                "evidence_end": self.evidence_end, "figure_text": self.figure_text,
                "modality": self.modality, "hedged": self.hedged, "confidence": self.confidence,
                "copies": self.copies}


def _group_dicts(groups: Sequence[OriginGroup], sources: Sequence[Source]) -> list[dict[str, Any]]:
    out = []
    for g in groups:
        carriers = list(g.carriers)
        for i in g.members:
            for copy in sources[i].copies:
                label = f"{copy.get('outlet') or copy.get('id')} (copy)"
                if label not in carriers:
                    carriers.append(label)
        out.append({"origin": g.key, "name": g.name, "claims": len(g.members), "carriers": carriers,
                    "documents": g.documents})
    return out


def _cluster_sources(sources: Sequence[Source]) -> list[OriginGroup]:
    return cluster([s.origin for s in sources], [normalise_sentence(s.sentence) for s in sources],
                   [s.doc_id for s in sources])


@dataclass
class Fact:
    id: str
    thread_id: str
    kind: str
    actor: dict[str, Any] | None
    recipient: dict[str, Any] | None
    category: str | None
    item: str | None
    modality_class: str
    figure: Figure | None
    time: dict[str, Any] | None
    when: When
    location: str | None
    location_entity: dict[str, Any] | None = None
    sources: list[Source] = field(default_factory=list)
    groups: list[OriginGroup] = field(default_factory=list)
    running_total: float | None = None          # conservative (lowest) running total
    running_total_high: float | None = None     # when earlier totals disagree, the highest
    running_total_approx: bool = False
    running_from: list[str] = field(default_factory=list)   # fact ids the running total adds up
    projected_total: float | None = None        # intended increment on top of the realised total

    @property
    def modalities(self) -> list[str]:
        return sorted({s.modality for s in self.sources})

    @property
    def date(self) -> dt.date | None:
        return self.when.sort_date

    @property
    def n_origins(self) -> int:
        return len(self.groups)

    @property
    def historical(self) -> bool:
        """The event ended more than HISTORY_DAYS before it was first reported: history told
        in passing ("70 years ago ..."), not the state of things when reported."""
        end = self.when.end
        reported = min((d for s in self.sources if (d := parse_date(s.reported or s.published))), default=None)
        return bool(end and reported and (reported - end).days > HISTORY_DAYS)

    @property
    def status(self) -> str:
        if len(self.groups) > 1:
            return "corroborated"
        if len({s.doc_id for s in self.sources}) > 1 or any(s.copies for s in self.sources):
            return "single origin, echoed"
        return "single source"

    def label(self) -> str:
        f = self.figure
        if f is None:
            return ""
        text = f.text or format_number(f.value)
        return text

    def to_dict(self, *, sources: bool = True) -> dict[str, Any]:
        f = self.figure
        data: dict[str, Any] = {
            "id": self.id, "thread_id": self.thread_id, "kind": self.kind,
            "actor": _name(self.actor), "actor_id": (self.actor or {}).get("id"),
            "recipient": _name(self.recipient), "recipient_id": (self.recipient or {}).get("id"),
            "category": self.category, "item": self.item,
            "modality": self.modality_class, "modalities": self.modalities,
            "figure": f.text if f else None, "value": _num(f.value) if f else None,
            "low": _num(f.low) if f else None, "high": _num(f.high) if f else None,
            "approx": f.approx if f else None, "increment": f.increment if f else None,
            "figure_type": f.figure_type if f else None, "bound": f.bound if f else None,
            "time": self.time, "date": self.date.isoformat() if self.date else None,
            "date_basis": self.when.basis, "location": self.location,
            "first_reported": min((s.reported for s in self.sources if s.reported), default=None),
            "last_reported": max((s.reported for s in self.sources if s.reported), default=None),
            "claims": len(self.sources), "documents": len({s.doc_id for s in self.sources}),
            "origins": self.n_origins, "status": self.status,
            "running_total": _num(self.running_total), "running_total_high": _num(self.running_total_high),
            "running_total_approx": self.running_total_approx if self.running_total is not None else None,
            "running_from": self.running_from, "projected_total": _num(self.projected_total),
            "origin_groups": _group_dicts(self.groups, self.sources),
            "historical": self.historical, "urls": _urls(self.sources),
        }
        if sources:
            data["sources"] = [s.to_dict() for s in self.sources]
        return data


@dataclass
class Thread:
    id: str
    kind: str
    actor: dict[str, Any] | None
    recipient: dict[str, Any] | None
    category: str | None
    facts: list[Fact] = field(default_factory=list)
    groups: list[OriginGroup] = field(default_factory=list)
    conflict_ids: list[str] = field(default_factory=list)
    place: dict[str, Any] | None = None    # destination or target when there is no recipient
    document: str | None = None            # an actorless claim with nothing to join on: its document

    @property
    def sources(self) -> list[Source]:
        return [s for f in self.facts for s in f.sources]

    @property
    def items(self) -> list[str]:
        return sorted({f.item for f in self.facts if f.item})

    def series(self, item: str | None = None) -> list[Fact]:
        """Facts with a figure (refuted ones left out), in time order."""
        return sorted((f for f in self.facts if f.figure is not None and f.modality_class != REFUTED
                       and (item is None or f.item == item)), key=_series_order)

    def latest(self) -> dict[str, dict[str, Any]]:
        """Per item, the latest figure: realised first, else intended; history (see
        Fact.historical) is never the latest."""
        out: dict[str, dict[str, Any]] = {}
        for item in self.items or [None]:
            points = [f for f in self.series(item) if not f.historical]
            realised = [f for f in points if f.modality_class == REALIS]
            pick = (realised or points)
            if not pick:
                continue
            out[item or "(unspecified)"] = latest_point(pick)
        return out

    @property
    def dates(self) -> list[dt.date]:
        return sorted(d for f in self.facts if (d := f.date) is not None)

    def title(self) -> str:
        who = " → ".join(filter(None, [_name(self.actor) or "?", _name(self.recipient)]))
        where = f" in {_name(self.place)}" if self.place else ""
        return f"{self.kind} {who}{where} / {self.category or 'unspecified'}"

    def to_dict(self, *, facts: bool = True) -> dict[str, Any]:
        dates = self.dates
        data: dict[str, Any] = {
            "id": self.id, "title": self.title(), "kind": self.kind,
            "actor": _name(self.actor), "actor_id": (self.actor or {}).get("id"),
            "actor_iso3": (self.actor or {}).get("iso3"),
            "recipient": _name(self.recipient), "recipient_id": (self.recipient or {}).get("id"),
            "recipient_iso3": (self.recipient or {}).get("iso3"),
            "place": _name(self.place), "place_id": (self.place or {}).get("id"),
            "actor_stated": self.actor is not None,
            "category": self.category, "items": self.items,
            "claims": len(self.sources), "facts": len(self.facts),
            "documents": len({s.doc_id for s in self.sources}), "origins": len(self.groups),
            "first": dates[0].isoformat() if dates else None, "last": dates[-1].isoformat() if dates else None,
            "latest": self.latest(), "conflicts": self.conflict_ids,
            "series": {item or "(unspecified)": [series_point(f) for f in self.series(item)]
                       for item in (self.items or [None]) if self.series(item)},
        }
        if facts:
            data["fact_list"] = [f.to_dict() for f in self.facts]
        return data


def _series_order(f: Fact) -> tuple:
    # Undated facts last; on one date, increments before totals (a total stated for the same
    # period already includes that period's increments).
    return (f.date or dt.date.max, 0 if f.figure and f.figure.increment else 1, f.item or "", f.id)


def series_point(f: Fact) -> dict[str, Any]:
    fig = f.figure
    assert fig is not None
    return {"fact_id": f.id, "date": f.date.isoformat() if f.date else None, "date_basis": f.when.basis,
            "time": (f.time or {}).get("text"), "item": f.item, "modality": f.modality_class,
            "figure": fig.text or format_number(fig.value), "value": _num(fig.value),
            "low": _num(fig.low), "high": _num(fig.high), "approx": fig.approx,
            "figure_type": fig.figure_type, "bound": fig.bound,
            "running_total": _num(f.running_total), "running_total_high": _num(f.running_total_high),
            "projected_total": _num(f.projected_total),
            "claims": len(f.sources), "origins": f.n_origins, "status": f.status,
            "historical": f.historical, "according_to": [g.name for g in f.groups],
            "outlets": sorted({s.name for s in f.sources}), "urls": _urls(f.sources)}


def _urls(sources: Sequence[Source]) -> list[str]:
    """The documents' URLs, in source order, each once."""
    return list(dict.fromkeys(s.url for s in sources if s.url))


def latest_point(points: Sequence[Fact]) -> dict[str, Any]:
    f = points[-1]
    fig = f.figure
    assert fig is not None
    if fig.increment and f.running_total is not None:
        value, basis = f.running_total, "running total"
        text = ("≈" if f.running_total_approx else "") + format_number(f.running_total)
        if f.running_total_high is not None:
            text += f"–{format_number(f.running_total_high)}"
    elif fig.increment:
        value, basis, text = fig.value, "increment", f"+{format_number(fig.value)}"
    else:
        value, basis, text = fig.value, "stated", fig.text or format_number(fig.value)
    return {"fact_id": f.id, "item": f.item, "value": _num(value), "text": text, "basis": basis,
            "date": f.date.isoformat() if f.date else None, "modality": f.modality_class,
            "claims": len(f.sources), "origins": f.n_origins}


@dataclass
class Conflict:
    id: str
    thread: Thread
    a: Fact
    b: Fact
    reason: str          # why the two times are comparable
    why: str = ""        # why the two figures cannot both hold

    @property
    def conservative(self) -> float:
        assert self.a.figure and self.b.figure
        return min(self.a.figure.lo, self.b.figure.lo)

    @property
    def range(self) -> tuple[float, float]:
        assert self.a.figure and self.b.figure
        return min(self.a.figure.lo, self.b.figure.lo), max(self.a.figure.hi, self.b.figure.hi)

    @property
    def same_origin(self) -> bool:
        return bool({g.key for g in self.a.groups} & {g.key for g in self.b.groups})

    @staticmethod
    def side(f: Fact) -> dict[str, Any]:
        fig = f.figure
        assert fig is not None
        return {"fact_id": f.id, "figure": fig.text or format_number(fig.value), "value": _num(fig.value),
                "low": _num(fig.low), "high": _num(fig.high), "approx": fig.approx, "bound": fig.bound,
                "date": f.date.isoformat() if f.date else None, "date_basis": f.when.basis,
                "time": (f.time or {}).get("text"), "origins": [g.name for g in f.groups],
                "status": f.status,
                "sources": [{"outlet": s.outlet, "source_name": s.name, "url": s.url,
                             "published": s.published, "reported": s.reported,
                             "attribution": s.attribution, "doc_id": s.doc_id, "claim_id": s.claim_id,
                             "sentence": s.sentence} for s in f.sources]}

    def to_dict(self) -> dict[str, Any]:
        lo, hi = self.range
        cons = self.conservative
        holder = self.a if self.a.figure and self.a.figure.lo == cons else self.b
        return {"id": self.id, "thread_id": self.thread.id, "thread": self.thread.title(),
                "kind": self.thread.kind, "actor": _name(self.thread.actor),
                "recipient": _name(self.thread.recipient), "category": self.thread.category,
                "item": self.a.item, "modality": self.a.modality_class, "reason": self.reason,
                "why": self.why,
                "conservative": _num(cons), "conservative_text": format_number(cons),
                "conservative_per": [g.name for g in holder.groups],
                "range_low": _num(lo), "range_high": _num(hi),
                "range": f"{format_number(lo)}–{format_number(hi)}", "same_origin": self.same_origin,
                "a": self.side(self.a), "b": self.side(self.b)}


@dataclass
class Flow:
    actor: dict[str, Any]
    recipient: dict[str, Any]
    category: str | None
    threads: list[Thread]
    groups: list[OriginGroup]

    @property
    def id(self) -> str:
        return "w-" + _hash(entity_key(self.actor), entity_key(self.recipient), self.category)

    @property
    def facts(self) -> list[Fact]:
        return [f for t in self.threads for f in t.facts if f.modality_class != REFUTED]

    def latest(self) -> dict[str, Any] | None:
        best = None
        for t in self.threads:
            for item, point in t.latest().items():
                key = (point["modality"] == REALIS, point["date"] or "", item)
                if best is None or key > best[0]:
                    best = (key, point)
        return best[1] if best else None

    def to_dict(self) -> dict[str, Any]:
        facts = self.facts
        sources = [s for f in facts for s in f.sources]
        dates = sorted(d for f in facts if (d := f.date) is not None)
        latest = self.latest()
        latest_by_item: dict[str, Any] = {}
        for t in self.threads:
            for item, point in t.latest().items():
                latest_by_item[f"{item} ({t.kind})" if len(self.threads) > 1 else item] = point
        return {"id": self.id, "actor": _name(self.actor), "actor_id": self.actor.get("id"),
                "actor_iso3": self.actor.get("iso3"), "recipient": _name(self.recipient),
                "recipient_id": self.recipient.get("id"), "recipient_iso3": self.recipient.get("iso3"),
                "category": self.category or "unspecified", "kinds": sorted({t.kind for t in self.threads}),
                "items": sorted({f.item for f in facts if f.item}),
                "latest": latest["text"] + (f" {latest['item']}" if latest and latest.get("item") else "")
                if latest else None,
                "latest_value": latest["value"] if latest else None,
                "latest_date": latest["date"] if latest else None,
                "latest_basis": latest["basis"] if latest else None,
                "latest_modality": latest["modality"] if latest else None,
                "latest_by_item": latest_by_item,
                "claims": len(sources), "documents": len({s.doc_id for s in sources}),
                "origins": len(self.groups),
                "modalities": dict(sorted(_count(s.modality for s in sources).items())),
                "first": dates[0].isoformat() if dates else None,
                "last": dates[-1].isoformat() if dates else None,
                "threads": [t.id for t in self.threads]}


def _count(values: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for v in values:
        out[v] += 1
    return out


# ------------------------------------------------------------------------------- register

@dataclass
class Register:
    threads: list[Thread]
    facts: list[Fact]
    conflicts: list[Conflict]
    flows: list[Flow]
    claims: int

    def stats(self) -> dict[str, int]:
        return {"claims": self.claims, "threads": len(self.threads), "facts": len(self.facts),
                "figures": sum(1 for f in self.facts if f.figure is not None),
                "conflicts": len(self.conflicts), "flows": len(self.flows)}

    def timeline(self) -> list[dict[str, Any]]:
        """Every dated fact, oldest first: the event time when the text gives one, else the date
        of the statement (`date_basis` tells which)."""
        rows = []
        for f in self.facts:
            if f.date is None:
                continue
            first = f.sources[0]
            fig = f.figure
            rows.append({"date": f.date.isoformat(), "date_basis": f.when.basis,
                         "end": f.when.end.isoformat() if f.when.end else None,
                         "time": (f.time or {}).get("text"), "fact_id": f.id, "thread_id": f.thread_id,
                         "kind": f.kind, "actor": _name(f.actor), "recipient": _name(f.recipient),
                         "category": f.category, "item": f.item,
                         "figure": (fig.text or format_number(fig.value)) if fig else None,
                         "value": _num(fig.value) if fig else None,
                         "figure_type": fig.figure_type if fig else None,
                         "running_total": _num(f.running_total), "modality": f.modality_class,
                         "claims": len(f.sources), "origins": f.n_origins, "status": f.status,
                         "according_to": [g.name for g in f.groups],
                         "outlets": sorted({s.name for s in f.sources}),
                         "sentence": first.sentence, "urls": _urls(f.sources)})
        rows.sort(key=lambda r: (r["date"], r["kind"], r["actor"] or "", r["recipient"] or "",
                                 r["item"] or "", r["fact_id"]))
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {"stats": self.stats(), "threads": [t.to_dict(facts=False) for t in self.threads],
                "facts": [f.to_dict() for f in self.facts],
                "conflicts": [c.to_dict() for c in self.conflicts],
                "flows": [w.to_dict() for w in self.flows], "timeline": self.timeline()}

    # -- selection (CLI filters) -----------------------------------------------------------
    def select(self, *, kind: str | None = None, actor: str | None = None, recipient: str | None = None,
               item: str | None = None, since: Any = None, until: Any = None) -> Register:
        """The part of the register that matches: threads by kind/actor/recipient/item; dates
        keep whatever has a fact dated within [since, until] (series and running totals stay
        whole: a running total needs the earlier figures)."""
        lo, hi = _bound(since, upper=False), _bound(until, upper=True)

        def in_window(f: Fact) -> bool:
            d = f.date
            if lo is None and hi is None:
                return True
            if d is None:
                return False
            end = f.when.end or d
            return (lo is None or end >= lo) and (hi is None or d <= hi)

        def thread_ok(t: Thread) -> bool:
            return ((not kind or t.kind == kind) and _matches(t.actor, actor) and _matches(t.recipient, recipient)
                    and (not item or item.lower() in {(t.category or "").lower(), *(i.lower() for i in t.items)}))

        threads = [t for t in self.threads if thread_ok(t)]
        ids = {t.id for t in threads}
        facts = [f for f in self.facts if f.thread_id in ids and in_window(f)
                 and (not item or item.lower() in {(f.category or "").lower(), (f.item or "").lower()})]
        fact_ids = {f.id for f in facts}
        threads = [t for t in threads if any(f.id in fact_ids for f in t.facts)]
        conflicts = [c for c in self.conflicts if c.a.id in fact_ids or c.b.id in fact_ids]
        flows = [w for w in self.flows if any(t.id in ids for t in w.threads)
                 and any(f.id in fact_ids for f in w.facts)]
        return Register(threads, facts, conflicts, flows, sum(len(f.sources) for f in facts))


def _bound(value: Any, *, upper: bool) -> dt.date | None:
    from newsledger.periods import bound
    if value is None or value == "":
        return None
    return bound(value, upper=upper)


def _matches(entity: dict[str, Any] | None, wanted: str | None) -> bool:
    if not wanted:
        return True
    if not entity:
        return False
    w = wanted.lower()
    return w in {str(entity.get(k)).lower() for k in ("id", "name", "iso3") if entity.get(k)}


def _claim_order(c: dict[str, Any]) -> tuple:
    ev = c.get("evidence") or {}
    return (c.get("doc_published") or "9999", c.get("doc_id") or "", ev.get("start") or 0, c.get("id") or "")


def build_register(claims: Iterable[dict[str, Any]], *,
                   copies: dict[str, list[dict[str, Any]]] | None = None) -> Register:
    """Build the register from claim dicts as `store.claims()` returns them (contract claim plus
    `doc_id`, `doc_title`, `doc_outlet`, `doc_published`). `copies` maps a document id to the
    near-duplicate copies stored for it (they carry no claims of their own but are echoes)."""
    claims = sorted(claims, key=_claim_order)
    outlet_ids = outlet_id_map(claims)
    copies = copies or {}
    threads: dict[tuple, Thread] = {}
    facts: dict[tuple, Fact] = {}
    for c in claims:
        item = c.get("item") or {}
        actor, recipient = _entity(c.get("actor")), _entity(c.get("recipient"))
        place, document = _thread_place(c, actor, recipient)
        tkey = (c["kind"], entity_key(actor), entity_key(recipient), item.get("category"),
                *((("place", entity_key(place)),) if place else ()), *((("doc", document),) if document else ()))
        thread = threads.get(tkey)
        if thread is None:
            thread = threads[tkey] = Thread("t-" + _hash(*tkey), c["kind"], actor, recipient, item.get("category"),
                                            place=place, document=document)
        figure = Figure.from_quantity(c.get("quantity"))
        time = c.get("time") or None
        if time:
            time = {k: time.get(k) for k in ("start", "end", "granularity", "text")}
        mclass = modality_class(c.get("modality"))
        location = entity_key(c.get("location"))
        fkey = (tkey, item.get("name"), mclass,
                None if figure is None else (figure.increment, figure.value, figure.low, figure.high),
                *_time_key(time))
        fact = facts.get(fkey)
        if fact is None:
            when = When.of(time, c.get("reported") or c.get("doc_published"))
            fact = facts[fkey] = Fact("f-" + _hash(*fkey[:3], fkey[3], fkey[4], fkey[5]), thread.id, c["kind"],
                                      actor, recipient, item.get("category"), item.get("name"), mclass,
                                      figure, time, when, location, _entity(c.get("location")))
            thread.facts.append(fact)
        elif fact.figure and figure and figure.approx and not fact.figure.approx:
            fact.figure = figure   # "about 12,000" and "12,000": keep the hedged reading
        if fact.location is None and location is not None:
            fact.location, fact.location_entity = location, _entity(c.get("location"))
        ev = c.get("evidence") or {}
        fact.sources.append(Source(
            claim_id=c.get("id") or "", doc_id=c.get("doc_id") or "", doc_title=c.get("doc_title"),
            outlet=c.get("doc_outlet"), published=c.get("doc_published"), reported=c.get("reported"),
            attribution=[e.get("name") or "" for e in c.get("attribution") or []],
            origin=origin_of(c, outlet_ids), sentence=ev.get("text") or "",
            evidence_start=ev.get("start"), evidence_end=ev.get("end"),
            figure_text=(c.get("quantity") or {}).get("text"), modality=c.get("modality") or "occurred",
            hedged=bool(c.get("hedged")), confidence=c.get("confidence"), location=location,
            copies=[{k: d.get(k) for k in ("id", "outlet", "published", "source", "url")}
                    for d in copies.get(c.get("doc_id") or "", [])],
            url=c.get("doc_url"),
            source_name=source_name(c.get("doc_outlet"), c.get("doc_title"), c.get("doc_url"),
                                    c.get("doc_id"), c.get("doc_source"))))
    _merge_undated(facts, threads)
    for fact in facts.values():
        fact.sources.sort(key=lambda s: (s.published or "9999", s.doc_id, s.evidence_start or 0, s.claim_id))
        fact.groups = _cluster_sources(fact.sources)
    for thread in threads.values():
        thread.groups = _cluster_sources(thread.sources)
        thread.facts.sort(key=lambda f: (f.item or "", f.modality_class, *_series_order(f)))
        _running_totals(thread)
    conflicts = []
    for thread in threads.values():
        conflicts.extend(_conflicts(thread))
    thread_list = sorted(threads.values(), key=lambda t: (-len(t.sources), t.kind, _name(t.actor) or "",
                                                           _name(t.recipient) or "", t.category or "", t.id))
    fact_list = [f for t in thread_list for f in t.facts]
    position = {t.id: i for i, t in enumerate(thread_list)}
    conflicts.sort(key=lambda c: (position[c.thread.id], c.a.date or dt.date.max, c.id))
    return Register(thread_list, fact_list, conflicts, _flows(thread_list), len(claims))


PLACE_KINDS = ("deploy", "attack")   # where the destination or target may be a place, not a party


def _thread_place(claim: dict[str, Any], actor: dict[str, Any] | None,
                  recipient: dict[str, Any] | None) -> tuple[dict[str, Any] | None, str | None]:
    """What besides kind, actor, recipient and category keys a claim's thread: the place of a
    deployment or attack that has no recipient; for a claim with no actor and nothing to join
    on (no recipient, no place), its own document."""
    place = _entity(claim.get("location")) if claim["kind"] in PLACE_KINDS and recipient is None else None
    if actor is None and recipient is None and place is None:
        return None, claim.get("doc_id") or "?"
    return place, None


def _time_key(time: dict[str, Any] | None) -> tuple[str | None, str | None]:
    """"The same time" for merging: the same start at the same granularity ("October 2024" in
    two articles; "since the start of the year" whose end is each article's own date), else
    the same end ("as of April")."""
    if not time:
        return None, None
    if time.get("start"):
        return time["start"], time.get("granularity")
    return None, time.get("end")


def _merge_undated(facts: dict[tuple, Fact], threads: dict[tuple, Thread]) -> None:
    """A claim with no time that reports the same figure as a dated fact of its series, stated
    during that fact's period or within AS_OF_WINDOW_DAYS after it, is the same statement: its
    sources join that fact (so "120 launchers, sources said" corroborates "120 launchers since
    the start of the year")."""
    dated: dict[tuple, list[Fact]] = defaultdict(list)
    for key, fact in facts.items():
        if fact.figure is not None and fact.time is not None and fact.when.start and fact.when.end:
            dated[key[:4]].append(fact)
    if not dated:
        return
    for key in [k for k, f in facts.items() if f.figure is not None and f.time is None]:
        fact = facts[key]
        when = fact.when.as_of
        candidates = [d for d in dated.get(key[:4], [])
                      if when and d.when.start <= when <= d.when.end + dt.timedelta(days=AS_OF_WINDOW_DAYS)]
        if not candidates:
            continue
        target = max(candidates, key=lambda d: (d.when.start, d.id))
        target.sources.extend(fact.sources)
        threads[key[0]].facts.remove(fact)
        del facts[key]


def _running_totals(thread: Thread) -> None:
    """Per item, walk the realised figures in time order: a stated total sets the base (several
    totals for one date make it a range), an increment adds to it. An increment with no earlier
    total keeps no running total: the text does not support one. Intended increments get a
    projected total on top of the realised total at their date."""
    for item in thread.items or [None]:
        points = thread.series(item)
        base: tuple[float, float] | None = None
        base_date: dt.date | None = None
        base_approx = False
        last_was_total = False
        used: list[str] = []
        realised_totals: list[tuple[dt.date, float]] = []
        for f in points:
            fig = f.figure
            if f.modality_class != REALIS or f.date is None or fig is None:
                continue
            if not fig.increment:
                if base is not None and last_was_total and base_date == f.date:
                    base = (min(base[0], fig.lo), max(base[1], fig.hi))   # totals that disagree
                    used.append(f.id)
                else:
                    base, used = (fig.lo, fig.hi), [f.id]
                base_date, last_was_total = f.date, True
                base_approx = fig.approx or fig.bound is not None
            elif base is not None:
                base = (base[0] + fig.value, base[1] + fig.value)
                used = [*used, f.id]
                base_approx = base_approx or fig.approx
                last_was_total = False
                f.running_total, f.running_total_approx = base[0], base_approx
                f.running_total_high = base[1] if base[1] != base[0] else None
                f.running_from = list(used)
            if base is not None:
                realised_totals.append((f.date, base[0]))
        for f in points:
            fig = f.figure
            if f.modality_class == IRREALIS and fig and fig.increment and f.date is not None:
                prior = [t for t in realised_totals if t[0] <= f.date]
                if prior:
                    f.projected_total = prior[-1][1] + fig.value


def _same_sentence(a: Fact, b: Fact) -> bool:
    return bool({(s.doc_id, s.evidence_start) for s in a.sources} & {(s.doc_id, s.evidence_start) for s in b.sources})


def _grew(a: Fact, b: Fact) -> bool:
    """The later of two dated facts has the larger figure (a series growing over time)."""
    da, db = a.when.sort_date, b.when.sort_date
    if da is None or db is None or da == db:
        return False
    earlier, later = (a, b) if da < db else (b, a)
    return later.figure.lo > earlier.figure.hi   # type: ignore[union-attr]


def _conflicts(thread: Thread) -> list[Conflict]:
    out: list[Conflict] = []
    if not thread.actor:
        return out
    for item in thread.items or [None]:
        points = [f for f in thread.series(item)]
        for i, a in enumerate(points):
            for b in points[i + 1:]:
                if a.modality_class != b.modality_class:
                    continue
                fa, fb = a.figure, b.figure
                assert fa and fb
                if fa.increment != fb.increment or not disagree(fa, fb):
                    continue
                if a.location and b.location and a.location != b.location:
                    continue
                if _same_sentence(a, b):
                    continue   # two figures in one sentence measure different things
                if {g.key for g in a.groups} & {g.key for g in b.groups}:
                    continue   # one origin restating (or updating) its own figure
                ok, reason = comparable(a.when, b.when, thread.kind, a.modality_class)
                if not ok:
                    continue
                if _grew(a, b):
                    continue   # a build-up over time: the series shows it
                first, second = sorted((a, b), key=lambda f: (f.figure.lo, f.id))  # type: ignore[union-attr]
                conflict = Conflict("c-" + _hash(first.id, second.id), thread, first, second, reason,
                                    why_disagree(fa, fb))
                out.append(conflict)
                thread.conflict_ids.append(conflict.id)
    return out


def _flows(threads: Sequence[Thread]) -> list[Flow]:
    grouped: dict[tuple, list[Thread]] = defaultdict(list)
    for t in threads:
        if t.kind not in FLOW_KINDS or not t.actor or not t.recipient:
            continue
        if entity_key(t.actor) == entity_key(t.recipient):
            continue
        if all(f.modality_class == REFUTED for f in t.facts):
            continue
        grouped[(entity_key(t.actor), entity_key(t.recipient), t.category)].append(t)
    flows = []
    for key, ts in grouped.items():
        ts.sort(key=lambda t: (t.kind, t.id))
        sources = [s for t in ts for f in t.facts if f.modality_class != REFUTED for s in f.sources]
        flows.append(Flow(ts[0].actor, ts[0].recipient, key[2], ts, _cluster_sources(sources)))   # type: ignore[arg-type]
    flows.sort(key=lambda w: (-sum(len(f.sources) for f in w.facts), _name(w.actor) or "",
                              _name(w.recipient) or "", w.category or ""))
    return flows


__all__ = ["Conflict", "Fact", "Flow", "Register", "Source", "Thread", "build_register", "REALIS",
           "IRREALIS", "REFUTED", "format_number", "series_point", "latest_point"]
