"""The register: threads, facts, figure series, conflicts, flows and timeline over the stored
claims (see build.py for the vocabulary, figures.py for the figure and conflict rules,
origins.py for echo vs independent corroboration)."""
from __future__ import annotations

from typing import Any

from newsledger.register.build import (
    Conflict, Fact, Flow, Register, Source, Thread, build_register, format_number)

__all__ = ["Conflict", "Fact", "Flow", "Register", "Source", "Thread", "build_register",
           "format_number", "register_from_store", "copies_from_store"]

# Enough for any store a laptop holds; documents() has no "all" switch.
_ALL = 10**12


def copies_from_store(store: Any) -> dict[str, list[dict[str, Any]]]:
    """Near-duplicate copies per original document id."""
    out: dict[str, list[dict[str, Any]]] = {}
    for doc in store.documents(limit=_ALL, include_duplicates=True):
        if doc.get("duplicate_of"):
            out.setdefault(doc["duplicate_of"], []).append(doc)
    for docs in out.values():
        docs.sort(key=lambda d: (d.get("published") or "", d.get("id") or ""))
    return out


def register_from_store(store: Any, *, kind: str | None = None, actor: str | None = None,
                        recipient: str | None = None, item: str | None = None,
                        min_confidence: float | None = None) -> Register:
    """Build the register from a store. The thread-key filters (kind, actor, recipient, item)
    are pushed down to the store: a thread is built from its own claims only, so they give the
    same threads as filtering afterwards. Date filters are applied with `Register.select` on
    the result, since running totals need earlier figures."""
    claims = store.claims(kind=kind, actor=actor, recipient=recipient, item=item, min_confidence=min_confidence)
    return build_register(claims, copies=copies_from_store(store))
