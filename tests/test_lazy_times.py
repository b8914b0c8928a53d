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


def _news() -> list[Document]:
    """The phrasing set (every text written to carry claims) and real BBC stories of every
    section, most of which carry none."""
    import gzip
    import json
    from conftest import shared_path
    docs = [_doc(path) for path in PHRASINGS]
    with gzip.open(shared_path("corpora", "news-bench.jsonl.gz"), "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["id"].startswith(("bbc/sport/", "bbc/entertainment/", "bbc/tech/")) and \
                    row["id"].endswith(("/001", "/002", "/003", "/004", "/005")):
                docs.append(Document(id=row["id"], source=row["id"], title=None, published=None,
                                     published_basis="none", outlet=None, language="en", text=row["text"]))
    return docs


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
    docs = _news()
    extractor.annotate(docs)
    assert len(calls) == len(set(calls))                      # once per document at most
    assert len(calls) < len(docs)                             # not for every document
    dated = [doc for doc in docs if any(claim.time is not None for claim in doc.claims)]
    assert dated and {doc.text for doc in dated} <= set(calls)   # a dated claim had them found
