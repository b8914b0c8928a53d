"""The model's attribute_ruler (tag -> POS and morphology, lemma exceptions), applied through
dictionary lookups instead of spaCy's Matcher.

en_core_web_sm's ruler holds ~180 token patterns, nearly all one token with a literal TAG or
LOWER. The Matcher walks every pattern state for every token and cost ~10 % of our parse
(15 ms on a whole article). Here the one-token rules that match depend only on the values of
the few attributes they test (lower-cased text, tag, dependency, is-space): their combined
effect is worked out once per combination and set with one `set_token_attrs` call per token
(0.7 ms an article). The few longer rules ("gon na", "let 's") are checked where their first
token passes. All matches are found before any is applied, and they apply in rule order
(later rules win), exactly as in AttributeRuler. No library offers this; `tests/test_indexed_ruler.py` checks
that every token attribute comes out identical to the Matcher's on real news.

Patterns this class cannot read (operators, other attributes) make `IndexedAttributeRuler.of`
return None, and the model's own component stays in place.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IS_PUNCT, IS_SPACE, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

COMPONENT = "indexed_attribute_ruler"
# Entries of each per-word cache: the first words met, mostly frequent ones; bounded so that
# memory stays flat over endless input.
CACHE_LIMIT = 30_000

# Token attributes the rules may test, and the attribute ids of their values in Doc.to_array
# (TEXT is the same string as ORTH).
_ATTR_IDS = {"LOWER": LOWER, "ORTH": ORTH, "TEXT": ORTH, "TAG": TAG, "DEP": DEP, "POS": POS,
             "IS_SPACE": IS_SPACE, "IS_PUNCT": IS_PUNCT}
_GETTERS: dict[str, Callable[[Token], Any]] = {
    "LOWER": lambda t: t.lower_, "ORTH": lambda t: t.orth_, "TEXT": lambda t: t.text,
    "TAG": lambda t: t.tag_, "DEP": lambda t: t.dep_, "POS": lambda t: t.pos_,
    "IS_SPACE": lambda t: t.is_space, "IS_PUNCT": lambda t: t.is_punct,
}


class Unsupported(ValueError):
    pass


def _test(key: str, value: Any) -> Callable[[Token], bool]:
    if key not in _GETTERS:
        raise Unsupported(key)
    get = _GETTERS[key]
    if not isinstance(value, dict):
        return lambda t: get(t) == value
    if set(value) == {"IN"}:
        allowed = frozenset(value["IN"])
        return lambda t: get(t) in allowed
    if set(value) == {"NOT_IN"}:
        refused = frozenset(value["NOT_IN"])
        return lambda t: get(t) not in refused
    if set(value) == {"REGEX"}:
        pattern = re.compile(value["REGEX"])
        return lambda t: pattern.search(get(t)) is not None
    raise Unsupported(f"{key}: {value}")


class IndexedAttributeRuler:
    def __init__(self, ruler: AttributeRuler) -> None:
        self.attrs = ruler.attrs
        self.indices = ruler.indices
        # One-token rules, split by whether they test the token's lower-cased text:
        # - with LOWER: which of them can match depends on the word (cached per word), then
        #   their other tests (a tag, a dependency) are checked per token;
        # - without: a function of the few other attributes they test (tag, dependency,
        #   is-space), so the matching keys are cached per combination of those.
        self.word_rules: list[tuple[int, Callable[[Token], bool], list[Callable[[Token], bool]]]] = []
        self.other_rules: list[tuple[int, list[Callable[[Token], bool]]]] = []
        other_keys: list[str] = []
        tested = {"LOWER"}   # attributes a one-token rule or the first token of a longer one tests
        # Longer rules (a handful: "gon na", "let 's"), checked at every start whose first
        # token passes: (rule key, [one test list per pattern token]).
        self.multi_by_word: dict[str, list[tuple[int, list[list[Callable[[Token], bool]]]]]] = {}
        self.multi_any: list[tuple[int, list[list[Callable[[Token], bool]]]]] = []
        for key, rule in enumerate(ruler.patterns):
            for pattern in rule["patterns"]:
                if not pattern or any("OP" in spec for spec in pattern):
                    raise Unsupported("empty pattern or operator")
                steps = [[_test(k, v) for k, v in spec.items()] for spec in pattern]
                tested |= set(pattern[0])
                if len(pattern) > 1:
                    first = pattern[0].get("LOWER")
                    if isinstance(first, str):
                        self.multi_by_word.setdefault(first, []).append((key, steps))
                    elif isinstance(first, dict) and set(first) == {"IN"}:
                        for value in first["IN"]:
                            self.multi_by_word.setdefault(value, []).append((key, steps))
                    else:
                        self.multi_any.append((key, steps))
                elif "LOWER" in pattern[0]:
                    spec = pattern[0]
                    self.word_rules.append((key, _test("LOWER", spec["LOWER"]),
                                            [_test(k, v) for k, v in spec.items() if k != "LOWER"]))
                else:
                    self.other_rules.append((key, steps[0]))
                    other_keys += [k for k in pattern[0] if k not in other_keys]
        self._other_getters = [_GETTERS[k] for k in other_keys]
        self._by_word: dict[str, tuple] = {}     # lower -> word rules whose LOWER test passes
        self._by_other: dict[tuple, tuple[int, ...]] = {}
        self._signature_attrs = sorted({_ATTR_IDS[key] for key in tested})
        self._by_signature: dict[tuple, tuple] = {}
        self._folds: dict[tuple, dict] = {}

    @classmethod
    def of(cls, ruler: AttributeRuler) -> IndexedAttributeRuler | None:
        try:
            return cls(ruler)
        except Unsupported:
            return None

    def _single_matches(self, token: Token) -> list[int]:
        lower = token.lower_
        word = self._by_word.get(lower)
        if word is None:
            word = tuple((key, tests) for key, test_word, tests in self.word_rules if test_word(token))
            if len(self._by_word) < CACHE_LIMIT:
                self._by_word[lower] = word
        signature = tuple(get(token) for get in self._other_getters)
        other = self._by_other.get(signature)
        if other is None:
            other = self._by_other[signature] = tuple(
                key for key, tests in self.other_rules if all(test(token) for test in tests))
        if not word:
            return list(other)
        return sorted({*other, *(key for key, tests in word if all(test(token) for test in tests))})

    def _signature_entry(self, token: Token) -> tuple[dict | None, tuple[int, ...], tuple]:
        """For a token's signature: the attributes its one-token rules set, folded in rule
        order (None when none match), those rules' keys, and the longer rules whose first
        token it passes."""
        keys = tuple(self._single_matches(token))
        folded: dict = {}
        for key in keys:
            folded.update(self.attrs[key])
        folded = self._folds.setdefault(tuple(folded.items()), folded)   # a few hundred distinct
        starts = tuple((key, steps) for key, steps in (*self.multi_by_word.get(token.lower_, ()), *self.multi_any)
                       if all(test(token) for test in steps[0]))
        return folded or None, keys, starts

    def __call__(self, doc: Doc) -> Doc:
        """Rules match against the Doc as the tagger and parser left it, then apply in rule
        order, as in AttributeRuler. Tokens with the same values of every tested attribute
        (the signature) get the same one-token rules, so their folded effect is looked up
        once per signature and set with one call per token."""
        size = len(doc)
        if not size:
            return doc
        entries = []
        targeted: dict[int, list[int]] = {}   # token -> keys of longer rules that set it
        by_signature = self._by_signature
        for i, row in enumerate(doc.to_array(self._signature_attrs).tolist()):
            signature = tuple(row)
            entry = by_signature.get(signature)
            if entry is None:
                entry = self._signature_entry(doc[i])
                if len(by_signature) < CACHE_LIMIT:
                    by_signature[signature] = entry
            entries.append(entry)
            for key, steps in entry[2]:
                end = i + len(steps)
                if end <= size and all(test(doc[i + offset]) for offset in range(1, len(steps))
                                       for test in steps[offset]):
                    index = self.indices[key]
                    targeted.setdefault(i + index if index >= 0 else end + index, []).append(key)
        for i, (folded, keys, _) in enumerate(entries):
            if i in targeted:
                for key in sorted({*keys, *targeted[i]}):
                    set_token_attrs(doc[i], self.attrs[key])
            elif folded is not None:
                set_token_attrs(doc[i], folded)
        return doc


def install(nlp: Language) -> None:
    """Put the indexed ruler in the place of the model's attribute_ruler (when it can read
    all of its patterns)."""
    if "attribute_ruler" not in nlp.pipe_names or IndexedAttributeRuler.of(nlp.get_pipe("attribute_ruler")) is None:
        return
    nlp.add_pipe(COMPONENT, before="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")


@Language.factory(COMPONENT)
def _make(nlp: Language, name: str) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.get_pipe("attribute_ruler"))
