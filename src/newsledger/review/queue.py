"""The review queue: claims in the order a human should look at them.

What most needs a human, as annotation tools put uncertain examples first:
  - a figure that takes part in a conflict (two figures for the same time that cannot both
    hold): one of them is probably misread, and the register's answer depends on it;
  - a thread's latest figure: the number the overview shows, so the one worth checking;
  - low, then middling extractor confidence: the lowest and the middle third of the store's
    confidences (the bands follow the extractor's scale, whichever extractor wrote them).
Each adds to a claim's priority; ties go to the less confident claim, then the newer document.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

WEIGHTS = {"in a conflict": 4, "low confidence": 3, "thread's latest figure": 2, "middling confidence": 1}


@dataclass
class Signals:
    """Claims the register singles out, as (doc_id, claim_id) pairs."""
    conflict: set[tuple[str, str]] = field(default_factory=set)
    latest: set[tuple[str, str]] = field(default_factory=set)


def signals(register: Any) -> Signals:
    """The claims behind conflicting figures and behind each thread's latest figures."""
    out = Signals()
    for c in register.conflicts:
        for fact in (c.a, c.b):
            out.conflict.update((s.doc_id, s.claim_id) for s in fact.sources)
    for thread in register.threads:
        latest_ids = {p["fact_id"] for p in thread.latest().values()}
        for fact in thread.facts:
            if fact.id in latest_ids:
                out.latest.update((s.doc_id, s.claim_id) for s in fact.sources)
    return out


def bands(confidences: Iterable[float | None]) -> tuple[float, float]:
    """(low, middling) upper bounds: the confidences at one and two thirds of the sorted list."""
    values = sorted(c for c in confidences if c is not None)
    if not values:
        return 0.0, 0.0
    return values[len(values) // 3], values[2 * len(values) // 3]


def reasons(doc_id: str, claim_id: str, confidence: float | None, found: Signals,
            cutoffs: tuple[float, float]) -> list[str]:
    low, middling = cutoffs
    why = []
    if (doc_id, claim_id) in found.conflict:
        why.append("in a conflict")
    if (doc_id, claim_id) in found.latest:
        why.append("thread's latest figure")
    if confidence is not None and confidence < low:
        why.append("low confidence")
    elif confidence is not None and confidence < middling:
        why.append("middling confidence")
    return why


def rank(candidates: Iterable[dict[str, Any]], found: Signals) -> list[dict[str, Any]]:
    """Candidates (each with doc_id, id, confidence; doc_published optional), most in need of
    a human first, each given `priority` and `reasons`."""
    candidates = list(candidates)
    cutoffs = bands(c.get("confidence") for c in candidates)
    out = []
    for c in candidates:
        why = reasons(c["doc_id"], c["id"], c.get("confidence"), found, cutoffs)
        out.append({**c, "priority": sum(WEIGHTS[w] for w in why), "reasons": why})
    out.sort(key=lambda c: (-c["priority"], c.get("confidence") or 0.0,
                            _desc(c.get("doc_published") or ""), c["doc_id"], c.get("seq", 0)))
    return out


def _desc(text: str) -> tuple[int, ...]:
    """Sort key for newest first inside an ascending sort."""
    return tuple(-ord(ch) for ch in text)
