"""A Doc's text is computed once (`nlp.doc_text`) and, where the extractor made the Doc from a
known string, recorded instead of computed: spaCy's `Doc.text` joins every token again on each
access. The recorded text must be exactly what spaCy would give, for the pieces of a long
article and for the Doc joined from them."""
from __future__ import annotations

import gzip
import json
import warnings

import pytest

from newsledger.analyze import nlp as nlp_module
from newsledger.extract import claims as claims_module
from newsledger.extract.claims import ClaimExtractor
from newsledger.records import Document


def _news(count: int) -> list[Document]:
    from conftest import shared_path
    docs = []
    with gzip.open(shared_path("corpora", "news-bench.jsonl.gz"), "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            docs.append(Document(id=row["id"], source=row["id"], title=None, published=None,
                                 published_basis="none", outlet=None, language="en", text=row["text"]))
            if len(docs) == count:
                break
    return docs


@pytest.fixture(scope="module")
def extractor() -> ClaimExtractor:
    return ClaimExtractor.default()


def test_doc_text_is_spacys_text_and_computed_once():
    nlp = nlp_module.load()
    text = _news(1)[0].text
    doc = nlp(text)
    assert nlp_module.doc_text(doc) == doc.text == text
    doc.user_data[nlp_module.TEXT_KEY] = "remembered"      # a second call reads the record
    assert nlp_module.doc_text(doc) == "remembered"


def test_pieces_and_joined_doc_carry_their_exact_text(extractor, monkeypatch):
    # smaller pieces, so that real articles are parsed in several and joined again
    monkeypatch.setattr(claims_module, "PIECE_CHARS", 400)
    nlp = nlp_module.load()
    plans = [plan for plan in (extractor._plan(doc) for doc in _news(200)) if plan[0]]
    parsed = extractor._parse(nlp, plans)
    several = [parts for parts in parsed if len(parts) > 1]
    assert len(several) >= 5
    for (masked, _, _), parts in zip(plans, parsed):
        for part in parts:
            assert part.user_data[nlp_module.TEXT_KEY] == part.text
        with warnings.catch_warnings():
            warnings.simplefilter("error")       # spaCy warns (W102) on user data it cannot copy
            joined = claims_module._joined(parts)
        assert joined.user_data[nlp_module.TEXT_KEY] == joined.text == masked
