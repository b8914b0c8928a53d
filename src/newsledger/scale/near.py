"""Near-duplicate decisions for a whole corpus at once, equal to the sequential ones.

`newsledger ingest` walks the documents in input order with one `Deduplicator`: a document
is a near copy when the LSH index of the *originals seen so far* holds one whose estimated
Jaccard similarity reaches the threshold; the most similar wins, ties to the smallest id.
Only originals are indexed. The decision therefore depends on earlier decisions, but only
through pairs that share an LSH band. Here:

1. every distinct document (first occurrence of each id) emits one key per LSH band (the
   same bands as the Deduplicator's own MinHashLSH: `b` bands of `r` values);
2. documents sharing a band key form candidate pairs (earlier, later): `bucket_pairs`;
3. each pair is scored with the Deduplicator's own MinHash.jaccard and kept at or above its
   threshold: `score_pair`;
4. the driver walks the kept pairs grouped by later document in input order and resolves
   greedily, as `Deduplicator.check` does, considering only earlier documents that are
   still originals: `Resolver`.

Steps 1-3 run on the executors; step 4 holds only ids and scores of similar pairs. The
result is the same map {near copy id: original id} the sequential walk produces.

A document without words has an empty signature: `Deduplicator.similar` never matches it
as a query, and as an indexed original it could match another document only if 60% of that
one's 128 minimum hashes were the maximum hash value, which no text with words produces.
So such documents stay out of the buckets (every one of them would share every band).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from datasketch import MinHash

from newsledger.clean.dedup import Deduplicator, band_bytes

Order = tuple[int, int]


@lru_cache(maxsize=1)
def deduplicator() -> Deduplicator:
    """One per process: it holds the permutations every signature is made with."""
    return Deduplicator()


def signature(text: str) -> tuple[bytes, bool]:
    """(signature bytes as the store keeps them, whether it is empty) of a cleaned text."""
    dedup = deduplicator()
    sig = dedup.signature(text)
    return dedup.to_bytes(sig), sig.is_empty()


def band_keys(sig_bytes: bytes) -> list[tuple[int, bytes]]:
    """(band number, band key) per LSH band, the keys the Deduplicator's index files under."""
    dedup = deduplicator()
    values = dedup.from_bytes(sig_bytes).hashvalues
    # the index's own band layout and band key, so candidates agree
    return [(band, band_bytes(values, start, end)) for band, (start, end) in enumerate(dedup.band_ranges)]


def bucket_pairs(members: Iterable[tuple[Order, str]]) -> Iterator[tuple[str, str]]:
    """(earlier id, later id) for every pair in one band bucket. Quadratic in the bucket:
    a story copied k times gives k(k-1)/2 candidate pairs (exact repeats are merged before,
    so k counts distinct texts)."""
    ordered = sorted(members)
    for j in range(1, len(ordered)):
        later = ordered[j][1]
        for i in range(j):
            yield ordered[i][1], later


def score_pair(earlier_sig: bytes, later_sig: bytes) -> float:
    """The similarity `Deduplicator.similar` computes: the indexed (earlier) signature's
    estimated Jaccard against the query's."""
    dedup = deduplicator()
    earlier: MinHash = dedup.from_bytes(earlier_sig)
    return earlier.jaccard(dedup.from_bytes(later_sig))


def threshold() -> float:
    return deduplicator().threshold


class Resolver:
    """The greedy walk of `Deduplicator.check`, fed with similar pairs grouped by the later
    document and in input order of that document."""

    def __init__(self) -> None:
        self.near: dict[str, str] = {}   # near copy id -> original id
        self._last: Order | None = None

    def decide(self, order: Order, doc_id: str, candidates: Iterable[tuple[str, float]]) -> str | None:
        """The original `doc_id` is a near copy of, given its similar earlier documents."""
        if self._last is not None and order <= self._last:
            raise ValueError(f"documents out of order: {order} after {self._last}")
        self._last = order
        # Earlier documents already decided to be copies were never indexed.
        originals = [(-score, cand) for cand, score in candidates if cand not in self.near]
        if not originals:
            return None
        original = min(originals)[1]   # most similar first, then the smallest id
        self.near[doc_id] = original
        return original
