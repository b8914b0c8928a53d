"""The Docs an annotate batch parses are freed when the batch ends, by reference counting
alone: nothing keeps them in a reference cycle (a stage's cache in a Doc's user data that
holds the Doc's own Spans did), which only Python's rare full collections would free, so a
long run's memory grew with the articles it read."""
from __future__ import annotations

import gc
import gzip
import json
import weakref
from pathlib import Path

from newsledger.extract.claims import ClaimExtractor
from newsledger.records import Document

ROOT = Path(__file__).resolve().parents[1]
PHRASINGS = sorted((ROOT / "tests" / "fixtures" / "phrasings").glob("*.txt"))


def _documents() -> list[Document]:
    """The phrasing set (texts written to carry claims) and the first real news-bench articles."""
    from conftest import shared_path
    docs = [Document(id=path.stem, source=str(path), title=None, published="2025-03-01",
                     published_basis="metadata", outlet=None, language="en",
                     text=path.read_text(encoding="utf-8")) for path in PHRASINGS[:24]]
    with gzip.open(shared_path("corpora", "news-bench.jsonl.gz"), "rt", encoding="utf-8") as handle:
        for line, _ in zip(handle, range(24)):
            row = json.loads(line)
            docs.append(Document(id=row["id"], source=row["id"], title=None, published=None,
                                 published_basis="none", outlet=None, language="en", text=row["text"]))
    return docs


def test_parsed_docs_are_freed_without_the_cycle_collector(monkeypatch):
    extractor = ClaimExtractor.default()
    seen: list[weakref.ref] = []
    extract = ClaimExtractor._extract

    def watched(self, document, doc, kept, carriers):
        seen.append(weakref.ref(doc))
        return extract(self, document, doc, kept, carriers)

    monkeypatch.setattr(ClaimExtractor, "_extract", watched)
    docs = _documents()
    gc.collect()
    gc.disable()
    try:
        for start in range(0, len(docs), 16):
            extractor.annotate(docs[start:start + 16])
        alive = [ref for ref in seen if ref() is not None]
    finally:
        gc.enable()
    assert len(seen) >= 20                                      # Docs that went through every stage
    assert sum(len(doc.claims) for doc in docs) >= 20           # ... and gave claims
    assert alive == []
