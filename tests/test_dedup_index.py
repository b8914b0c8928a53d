"""The Deduplicator's compact index answers exactly as datasketch's MinHashLSH with a MinHash
per document did (same candidates, same estimated Jaccard, same decisions), on real
articles: news-bench walked in input order, as ingest does."""
from __future__ import annotations

import gzip
import json

import numpy as np
from datasketch import MinHashLSH

from newsledger.clean.dedup import Deduplicator, band_bytes
from newsledger.records import document_id


def _texts(count: int) -> list[str]:
    from conftest import shared_path
    with gzip.open(shared_path("corpora", "news-bench.jsonl.gz"), "rt", encoding="utf-8") as handle:
        return [json.loads(line)["text"] for line, _ in zip(handle, range(count))]


def test_same_candidates_scores_and_decisions_as_datasketch():
    dedup = Deduplicator()
    reference = MinHashLSH(threshold=dedup.threshold, num_perm=dedup.num_perm)
    assert dedup.band_ranges == reference.hashranges
    kept = {}
    decisions = {"new": 0, "exact": 0, "near": 0}
    for text in _texts(1500):
        doc_id = document_id(text)
        sig = dedup.signature(text)
        expected = [] if sig.is_empty() else sorted(
            ((cand, kept[cand].jaccard(sig)) for cand in reference.query(sig)
             if kept[cand].jaccard(sig) >= dedup.threshold), key=lambda p: (-p[1], p[0]))
        assert dedup.similar(sig) == expected
        status, original = dedup.check(doc_id, sig)
        if doc_id in kept:
            assert (status, original) == ("exact", doc_id)
        else:
            assert (status, original) == (("near", expected[0][0]) if expected else ("new", None))
        decisions[status] += 1
        if status == "new":
            dedup.add(doc_id, sig)
            reference.insert(doc_id, sig)
            kept[doc_id] = sig
    assert len(dedup) == len(kept)
    assert decisions["near"] >= 20 and decisions["exact"] >= 20    # news-bench has both kinds


def test_signatures_from_store_bytes_index_like_fresh_ones():
    texts = _texts(300)
    fresh, loaded = Deduplicator(), Deduplicator()
    for text in texts:
        sig = fresh.signature(text)
        fresh.add(document_id(text), sig)
    loaded.load((document_id(text), Deduplicator.to_bytes(fresh.signature(text))) for text in texts)
    probe = fresh.signature(texts[7] + "\nShare this article")
    assert loaded.similar(probe) == fresh.similar(probe) and fresh.similar(probe)[0][0] == document_id(texts[7])
    values = np.asarray(probe.hashvalues)
    start, end = fresh.band_ranges[0]
    assert band_bytes(values, start, end) == reference_key(values[start:end])


def reference_key(values: np.ndarray) -> bytes:
    return MinHashLSH(threshold=0.6, num_perm=128)._H(values)
