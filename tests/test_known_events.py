"""Events whose parties are known (knowledge/historical_periods.yaml `parties`): an event word
inside one of their names takes them. Real sentences from news-bench articles that are not
annotated and not reserved."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path
from newsledger import goldset
from newsledger.extract import event_time
from newsledger.extract.claims import ClaimExtractor
from newsledger.records import Document, document_id


@pytest.fixture(scope="module")
def articles() -> dict:
    shared_path("corpora", "news-bench.jsonl.gz")
    wanted = {"ukr/20240507T114500Z_US_en_662b9e93a5", "bbc/entertainment/029"}
    return {a.corpus_id: a for a in goldset.Corpora(Path(shared_path("corpora")).parent).news_bench()
            if a.corpus_id in wanted}


def _span(text: str, phrase: str, word: str) -> tuple[int, int]:
    at = text.index(phrase) + phrase.index(word)
    return at, at + len(word)


def test_the_invasion_in_a_story_about_ukraine_is_russias(articles):
    text = articles["ukr/20240507T114500Z_US_en_662b9e93a5"].text   # train split
    start, end = _span(text, "at the start of the invasion, and I", "invasion")
    event = event_time.known_event(text, "attack", start, end)
    assert event is not None and (event.actor, event.recipient) == ("country:RUS", "country:UKR")
    assert event_time.known_event(text, "meet", start, end) is None   # only the kind it is


def test_an_invasion_elsewhere_is_not(articles):
    # a BBC story on Iraq: 'the problems it has faced since the invasion' names no Ukraine
    text = articles["bbc/entertainment/029"].text
    start, end = _span(text, "since the invasion, speaking", "invasion")
    assert event_time.known_event(text, "attack", start, end) is None


def test_claims_on_the_invasion_carry_its_parties(articles):
    article = articles["ukr/20240507T114500Z_US_en_662b9e93a5"]
    from newsledger.analyze.entities import EntityResolver
    from newsledger.extract.ontology import Ontology
    # an extractor of its own: `collect` (every candidate, whatever the scorer says) must not
    # leak into the shared default one
    extractor = ClaimExtractor(Ontology.default(), EntityResolver.default())
    extractor.collect = True
    document = Document(id=document_id(article.text), source="t", title=None, published=article.published,
                        published_basis="given", outlet=None, language="en", text=article.text)
    extractor.annotate([document])
    on_invasion = [c for c in document.claims if c.kind == "attack" and "the invasion" in c.evidence.text]
    assert on_invasion
    assert {(c.actor.iso3 if c.actor else None, c.recipient.iso3 if c.recipient else None) for c in on_invasion} \
        == {("RUS", "UKR")}
