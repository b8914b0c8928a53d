"""The model's rule lemmatizer with every answer remembered.

spaCy's rule lemmatizer caches the lemmas it derives from its suffix rules, but not the
answers of its early exits: proper nouns, punctuation, numbers and base forms (most tokens
of a news article) are worked out again at every occurrence, through morphology and lookup
tables, and that was 3 % of an ingest. A lemma is a function of the token's text, its
coarse part of speech and its morphology, the same key spaCy's own cache uses, so this
component remembers the first lemma of every (ORTH, POS, MORPH) and sets LEMMA for a whole
Doc through one array. Tokens without a part of speech go to the model's lemmatizer each
time (it warns about them). No library offers this; `tests/test_indexed_ruler.py` checks that
lemmas come out identical to the model's on real news.
"""
from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

COMPONENT = "cached_lemmatizer"
# Remembered (text, POS, morphology) keys: the first ones met, mostly frequent words; bounded
# (~0.2 KiB each) so that memory stays flat over endless input.
CACHE_LIMIT = 30_000


class CachedLemmatizer:
    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], str] = {}

    def __call__(self, doc: Doc) -> Doc:
        model = self.lemmatizer
        if not model._validated:
            model._validate_tables()
        overwrite = model.overwrite
        strings = doc.vocab.strings
        lemmas = self._lemmas
        column = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma and not overwrite:
                column.append(lemma)   # set before, by the attribute ruler
                continue
            key = (orth, pos, morph)
            form = lemmas.get(key)
            if form is None:
                form = model.lemmatize(doc[i])[0]
                model.cache.clear()   # spaCy's own cache is unbounded; this one stands in for it
                if pos and len(lemmas) < CACHE_LIMIT:
                    lemmas[key] = form
            column.append(strings.add(form))
        if column:
            doc.from_array([LEMMA], numpy.array(column, dtype="uint64"))
        return doc


def index_as_sets(lemmatizer: Lemmatizer) -> None:
    """The rule lemmatizer asks `form in index` of each form its suffix rules derive, and the
    model stores each part of speech's index of known lemmas as a list (57,528 nouns): a
    linear scan per question, most of the lemmatizer's time on a word it meets for the first
    time. The same words as a frozenset answer the same questions at once."""
    table = lemmatizer.lookups.get_table("lemma_index", None)
    if table is None:
        return
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


def install(nlp: Language) -> None:
    """Put the cached lemmatizer in the place of the model's rule lemmatizer, under its name."""
    if "lemmatizer" not in nlp.pipe_names or getattr(nlp.get_pipe("lemmatizer"), "mode", None) != "rule":
        return
    index_as_sets(nlp.get_pipe("lemmatizer"))
    nlp.add_pipe(COMPONENT, before="lemmatizer")
    nlp.remove_pipe("lemmatizer")
    nlp.rename_pipe(COMPONENT, "lemmatizer")


@Language.factory(COMPONENT)
def _make(nlp: Language, name: str) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.get_pipe("lemmatizer"))
