"""Who a claim really comes from, and which claims are echoes of one origin.

A claim's `attribution` runs outermost first (outlet → cited source → origin). The origin is
the last element, after three corrections that careful coders make by hand:

1. The publishing outlet's own name at the head of the chain is the carrier, not a source:
   "UNN → NHK" comes from NHK; an empty chain (or only the outlet) is the outlet's own
   reporting, and with no outlet known, the document's.
2. Anonymous groups ("sources", "diplomatic sources", "Western media") are not identifiable
   on their own: two outlets' "sources" are not the same people. They are qualified by the
   nearest named carrier above them ("diplomatic sources per NHK"). Groups tied to a state
   ("South Korean intelligence", `country` set) are identifiable bodies and stay as they are.
3. Relays: a claim that cites NHK and one that cites "NHK, citing diplomatic sources" both flow
   through NHK, so they are not independent; nor are two documents that carry the same
   sentence word for word (a wire story republished under two bylines).

`cluster(sources)` groups a set of claim sources into independent origins by union-find over
those links; everything inside one group is an echo of the others.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

# A verbatim sentence shorter than this is too generic to prove copying.
VERBATIM_MIN_CHARS = 60


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "unknown"


def entity_key(entity: dict[str, Any] | None) -> str | None:
    if not entity:
        return None
    return entity.get("id") or f"name:{slug(entity.get('name') or '')}"


def _is_anonymous(entity: dict[str, Any]) -> bool:
    return entity.get("type") == "group" and not entity.get("country")


@dataclass(frozen=True)
class Origin:
    key: str                      # stable id of the origin ("org:nhk", "org:nhk/group:sources")
    name: str                     # readable ("diplomatic sources (per NHK)")
    relays: frozenset[str]        # named entities the claim passed through, origin included
    carrier: str                  # who published it (outlet name, or the document id)


def url_host(url: str | None) -> str | None:
    """'https://www.kyivindependent.com/a/b' -> 'kyivindependent.com'."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def source_name(outlet: str | None, title: str | None, url: str | None, doc_id: str | None = None,
                source: str | None = None) -> str:
    """How a document is named as a source: its outlet, else its site (from the URL), else its
    title, else the file or record it was read from; a bare id only when there is nothing else."""
    if outlet and outlet.strip():
        return outlet.strip()
    if host := url_host(url):
        return host
    if title and title.strip():
        title = " ".join(title.split())
        return f"“{title if len(title) <= 60 else title[:59].rstrip() + '…'}”"
    if source and source.strip():
        name = source.strip().rstrip("/").rsplit("/", 1)[-1]
        return name or source
    return f"document {(doc_id or '?')[:8]}"


def origin_of(claim: dict[str, Any], outlet_ids: dict[str, str] | None = None) -> Origin:
    """The origin of one claim dict (contract claim plus `doc_id`, `doc_outlet`).
    `outlet_ids` maps lower-cased outlet names to entity ids seen elsewhere, so that an
    outlet's own reporting and another outlet's "Reuters reported" share one key."""
    outlet = (claim.get("doc_outlet") or "").strip()
    doc_id = claim.get("doc_id") or "?"
    host = url_host(claim.get("doc_url"))
    if outlet:
        outlet_key = (outlet_ids or {}).get(outlet.lower()) or f"outlet:{slug(outlet)}"
        outlet_name = outlet
    elif host:
        # no outlet named, but the site is: its articles are one carrier
        outlet_key, outlet_name = f"outlet:{slug(host)}", host
    else:
        outlet_key = f"doc:{doc_id}"
        outlet_name = source_name(None, claim.get("doc_title"), None, doc_id, claim.get("doc_source"))
    chain = list(claim.get("attribution") or [])
    # 1. drop the carrier itself from the head of the chain
    while chain and outlet and ((chain[0].get("name") or "").lower() == outlet.lower()
                                or entity_key(chain[0]) == outlet_key):
        chain.pop(0)
    if not chain:
        return Origin(outlet_key, outlet_name, frozenset({outlet_key}), outlet_name)
    named = [entity_key(e) for e in chain if not _is_anonymous(e)]
    last = chain[-1]
    if _is_anonymous(last):
        # 2. anonymous groups are qualified by the nearest named element above them
        parent = next((e for e in reversed(chain[:-1]) if not _is_anonymous(e)), None)
        parent_key = entity_key(parent) if parent else outlet_key
        parent_name = parent.get("name") if parent else outlet_name
        key = f"{parent_key}/{entity_key(last)}"
        name = f"{last.get('name')} (per {parent_name})"
        relays = frozenset([*(k for k in named if k), parent_key, key])
    else:
        key = entity_key(last) or outlet_key
        name = last.get("name") or key
        relays = frozenset([*(k for k in named if k), key])
    return Origin(key, name, relays, outlet_name)


def outlet_id_map(claims: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Lower-cased names of every attribution entity → its id (first seen wins, sorted input)."""
    found: dict[str, str] = {}
    for claim in claims:
        for entity in claim.get("attribution") or []:
            name = (entity.get("name") or "").lower()
            if name and entity.get("type") == "organization" and entity.get("id"):
                found.setdefault(name, entity["id"])
    return found


def normalise_sentence(text: str | None) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", (text or "").lower()).split())


@dataclass
class OriginGroup:
    """One independent origin inside a set of sources, with every claim that echoes it."""
    key: str
    name: str
    members: list[int] = field(default_factory=list)   # indices into the sources given
    carriers: list[str] = field(default_factory=list)  # distinct outlets/documents repeating it
    documents: list[str] = field(default_factory=list)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)   # smallest index is the root: deterministic


def cluster(origins: Sequence[Origin], sentences: Sequence[str], doc_ids: Sequence[str]) -> list[OriginGroup]:
    """Group sources (given as parallel lists) into independent origins.

    Linked (echo) when: same origin key; one's origin is a relay of the other's chain; or the
    same sentence verbatim in two documents (republished copy)."""
    n = len(origins)
    uf = _UnionFind(n)
    by_key: dict[str, int] = {}
    for i, origin in enumerate(origins):
        if origin.key in by_key:
            uf.union(by_key[origin.key], i)
        else:
            by_key[origin.key] = i
    for i, origin in enumerate(origins):
        for relay in origin.relays:
            j = by_key.get(relay)
            if j is not None:
                uf.union(i, j)
    by_sentence: dict[str, int] = {}
    for i, sentence in enumerate(sentences):
        if len(sentence) >= VERBATIM_MIN_CHARS:
            j = by_sentence.setdefault(sentence, i)
            if j != i and doc_ids[j] != doc_ids[i]:
                uf.union(i, j)
    groups: dict[int, OriginGroup] = {}
    for i in range(n):
        root = uf.find(i)
        group = groups.get(root)
        if group is None:
            group = groups[root] = OriginGroup(origins[root].key, origins[root].name)
        group.members.append(i)
        if origins[i].carrier not in group.carriers:
            group.carriers.append(origins[i].carrier)
        if doc_ids[i] not in group.documents:
            group.documents.append(doc_ids[i])
    # The deepest origin names the group: prefer a key that others relay through.
    for group in groups.values():
        keys = [origins[i] for i in group.members]
        best = min(keys, key=lambda o: (-sum(o.key in other.relays for other in keys), o.key))
        group.key, group.name = best.key, best.name
    return sorted(groups.values(), key=lambda g: (g.members[0], g.key))
