"""The model's attribute_ruler (tag -> POS and morphology, lemma exceptions), applied through
dictionary lookups instead of spaCy's Matcher.

en_core_web_sm's ruler holds ~180 token patterns, nearly all one token with a literal TAG or
LOWER. The Matcher walks every pattern state for every token and cost ~10 % of our parse; here
each token looks up the rules that can match it (by its lower-cased text, by its tag, plus the
few rules keyed on neither), checks them, and the matches are applied exactly as
AttributeRuler applies them: all matches first, then in rule order (later rules win), with
spaCy's own `set_token_attrs`. No library offers this; `tests/test_indexed_ruler.py` checks
that every token attribute comes out identical to the Matcher's on real news.

Patterns this class cannot read (operators, other attributes) make `IndexedAttributeRuler.of`
return None, and the model's own component stays in place.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

COMPONENT = "indexed_attribute_ruler"

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
        # Longer rules (a handful: "gon na", "let 's"), checked at every start whose first
        # token passes: (rule key, [one test list per pattern token]).
        self.multi_by_word: dict[str, list[tuple[int, list[list[Callable[[Token], bool]]]]]] = {}
        self.multi_any: list[tuple[int, list[list[Callable[[Token], bool]]]]] = []
        for key, rule in enumerate(ruler.patterns):
            for pattern in rule["patterns"]:
                if not pattern or any("OP" in spec for spec in pattern):
                    raise Unsupported("empty pattern or operator")
                steps = [[_test(k, v) for k, v in spec.items()] for spec in pattern]
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
            if len(self._by_word) < 200_000:   # bounded, for endless input
                self._by_word[lower] = word
        signature = tuple(get(token) for get in self._other_getters)
        other = self._by_other.get(signature)
        if other is None:
            other = self._by_other[signature] = tuple(
                key for key, tests in self.other_rules if all(test(token) for test in tests))
        if not word:
            return list(other)
        return sorted({*other, *(key for key, tests in word if all(test(token) for test in tests))})

    def __call__(self, doc: Doc) -> Doc:
        matches = []
        size = len(doc)
        multi_by_word, multi_any = self.multi_by_word, self.multi_any
        for token in doc:
            start = token.i
            for key in self._single_matches(token):
                matches.append((key, start, start + 1))
            multi = multi_by_word.get(token.lower_, ())
            if multi_any:
                multi = [*multi, *multi_any]
            for key, steps in multi:
                end = start + len(steps)
                if end <= size and all(test(doc[start + offset]) for offset, tests in enumerate(steps)
                                       for test in tests):
                    matches.append((key, start, end))
        matches.sort()
        for key, start, end in matches:
            index = self.indices[key]
            set_token_attrs(doc[start + index if index >= 0 else end + index], self.attrs[key])
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
