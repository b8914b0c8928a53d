"""A document's time expressions are found on first use: only a candidate claim reads them,
so a parsed document without one skips the regex bank, and a document with several claims
finds them once (the records are those of the eager reading: compared on news-bench and the
gold sets when the change was made)."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsledger.extract.claims import ClaimExtractor
from newsledger.records import Document

ROOT = Path(__file__).resolve().parents[1]
PHRASINGS = sorted((ROOT / "tests" / "fixtures" / "phrasings").glob("*.txt"))


def _doc(path: Path) -> Document:
    return Document(id=path.stem, source=str(path), title=None, published="2025-03-01",
                    published_basis="metadata", outlet=None, language="en", text=path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractor() -> ClaimExtractor:
    return ClaimExtractor.default()


def test_times_found_at_most_once_per_document_and_only_for_claims(extractor, monkeypatch):
    calls: list[str] = []
    found = ClaimExtractor._times

    def counted(text, kept, dct):
        calls.append(text)
        return found(text, kept, dct)

    monkeypatch.setattr(ClaimExtractor, "_times", staticmethod(counted))
    docs = [_doc(path) for path in PHRASINGS]
    extractor.annotate(docs)
    assert len(calls) == len(set(calls))                      # once per document at most
    assert len(calls) < len(docs)                             # not for every document
    dated = [doc for doc in docs if any(claim.time is not None for claim in doc.claims)]
    assert dated and {doc.text for doc in dated} <= set(calls)   # a dated claim had them found
