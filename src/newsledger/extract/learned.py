"""The extractor's learned decisions: which kinds of claim a sentence carries, and whether a
candidate claim is right (its probability becomes the claim's `confidence`).

Both are linear models over hashed sparse features, trained by `newsledger train`
(newsledger/training.py) from the annotated corpus and stored as plain arrays (`.npz`, no
pickle: loading a model runs no code). Inference is a sum of weights per feature, so it
needs numpy only and costs microseconds a sentence: that is what lets the sentence model
also serve as the pre-filter's gate for sentences without a known trigger word.

Features are strings ("w=troops", "kind=deploy|cat=personnel"), hashed with CRC-32 into
2**HASH_BITS buckets. CRC-32 (zlib) rather than Python's `hash`: stable across processes
and runs, so the hashes at training and at inference agree.
"""
from __future__ import annotations

import json
import math
import os
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from newsledger.extract.anchor_triggers import FILE_NAME as ANCHOR_TRIGGERS_FILE, AnchorTriggers
from newsledger.extract.event_lexicon import FILE_NAME as LEXICON_FILE, EventLexicon

HASH_BITS = 18
DIM = 1 << HASH_BITS
MODELS_DIR = Path(__file__).resolve().parents[1] / "models" / "extractor"
ENV_MODELS = "NEWSLEDGER_MODELS"          # another trained model folder (`newsledger train --out`)
ENV_RULES_ONLY = "NEWSLEDGER_RULES_ONLY"  # "1": the hand rules alone, no learned decisions

# The document model reads texts at least this long (the annotated articles have 60 words
# or more; RAMS windows about 130).
MIN_DOCUMENT_WORDS = 60
_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*|\d[\d,.]*", re.I)
_NUMBER = re.compile(r"^\d")


def feature_index(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (DIM - 1)


def indices(features: Iterable[str]) -> list[int]:
    """The hashed buckets of the binary features; numeric ones ("name:=value") are left to
    learners that read numbers."""
    return sorted({feature_index(f) for f in features if ":=" not in f})


def sentence_features(text: str, lexicon: EventLexicon | None = None) -> list[str]:
    """Surface features of a sentence, read without a parse: lower-cased words and word
    pairs, numbers as a shape, and the kinds its words tell in the event lexicon mined from
    the labelled datasets (extract/event_lexicon.py). Cheap enough to run on every sentence
    of every article."""
    words = []
    for match in _WORD.finditer(text):
        word = match.group().lower()
        words.append("<num>" if _NUMBER.match(word) else word)
    features = [f"w={w}" for w in words]
    features += [f"b={a}_{b}" for a, b in zip(words, words[1:])]
    # five-letter prefixes stand in for lemmas without a parse: 'deployed', 'deployment'
    # and 'deploying' share 'deplo' (measured on dev: mean average precision 0.58 -> 0.61)
    features += [f"p5={w[:5]}" for w in words if len(w) > 5 and w[0].isalpha()]
    features += [f"pb={a[:5]}_{b[:5]}" for a, b in zip(words, words[1:])]
    if lexicon is not None:
        features += lexicon.features(words)
    features.append("bias")
    return features


def document_features(text: str, limit: int = 3000) -> list[str]:
    """What the document model reads of an article: its distinct lower-cased words (the first
    `limit` of them), prefixed so they never share a bucket's meaning with the sentence
    model's. A story's vocabulary tells its section (a transfer window, a box office, a
    factory's overfulfilled plan) before any one sentence does."""
    words = {match.group().lower() for match in _WORD.finditer(text[:limit * 8])
             if not _NUMBER.match(match.group())}
    return [f"d={w}" for w in sorted(words)] + ["bias"]


@dataclass
class LinearModel:
    """One logistic output per label over hashed binary features."""
    labels: list[str]
    weights: np.ndarray    # (len(labels), DIM) float32
    bias: np.ndarray       # (len(labels),)

    def logits(self, feature_indices: Sequence[int]) -> np.ndarray:
        if not feature_indices:
            return self.bias.copy()
        return self.weights[:, feature_indices].sum(axis=1) + self.bias

    def probabilities(self, feature_indices: Sequence[int]) -> dict[str, float]:
        z = self.logits(feature_indices)
        return {label: 1.0 / (1.0 + math.exp(-float(v))) for label, v in zip(self.labels, z)}

    def save(self, path: Path) -> None:
        np.savez_compressed(path, labels=np.array(self.labels), weights=self.weights.astype(np.float32),
                            bias=self.bias.astype(np.float32))

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with np.load(path, allow_pickle=False) as data:
            weights = data["weights"]
            if weights.shape[1] != DIM:
                raise ValueError(f"{path}: model has {weights.shape[1]} feature buckets, this version hashes into {DIM}")
            return cls(labels=[str(x) for x in data["labels"]], weights=weights, bias=data["bias"])


@dataclass
class ExtractorModels:
    """The trained models and the thresholds chosen on the dev split (settings.json)."""
    sentence_kinds: LinearModel
    claim_scorer: LinearModel
    settings: dict
    folder: Path
    # who fills actor and recipient (extract/arguments.py); None: the hand rules decide
    argument_scorer: LinearModel | None = None
    # the words the labelled event datasets tie to each kind, a feature of the sentence model
    lexicon: EventLexicon | None = None
    # P(the article carries a claim of our kinds) from its whole vocabulary; a scorer feature
    document_claims: LinearModel | None = None
    # the words that tell each kind in the anchors of the annotated train split
    anchor_triggers: AnchorTriggers | None = None

    @property
    def gate_threshold(self) -> float:
        return float(self.settings.get("gate_threshold", 0.2))

    @property
    def candidate_threshold(self) -> float:
        return float(self.settings.get("candidate_threshold", 0.2))

    @property
    def document_gate(self) -> float:
        """Articles the document model gives less than this chance of any claim are not
        parsed at all (0: every article is; chosen on train, out of fold, and dev by
        training.choose_document_gate)."""
        return float(self.settings.get("document_gate", 0.0))

    def skips_document(self, text: str) -> bool:
        """Is the article too unlikely to carry a claim to be worth parsing?"""
        if self.document_gate <= 0.0:
            return False
        likely = self.claims_in_document(text)
        return likely is not None and likely < self.document_gate

    def keep_threshold(self, kind: str) -> float:
        by_kind = self.settings.get("keep_threshold_by_kind", {})
        return float(by_kind.get(kind, self.settings.get("keep_threshold", 0.5)))

    def keeps(self, kind: str, probability: float, *, learned: bool) -> bool:
        """Is a claim kept? A learned candidate above its kind's threshold; a hand rule's claim
        also above the (lower) rule floor, since the rules are exact where they fire: the
        floor (training.RULE_FLOOR) drops only the ones the scorer finds clearly wrong."""
        threshold = self.keep_threshold(kind)
        if not learned:
            threshold = min(threshold, float(self.settings.get("rule_floor", threshold)))
        return probability >= threshold

    def __post_init__(self) -> None:
        # A sentence is scored by the gate (_plan), again before NER (_may_claim) and again
        # when its claims are read: remember the last few thousand sentences' answers.
        self._kinds = lru_cache(maxsize=8192)(self._kinds_uncached)
        # An article is read by the document gate (_plan) and again by the scorer's features.
        self._document = lru_cache(maxsize=256)(self._claims_in_document_uncached)

    def kinds_of(self, text: str) -> dict[str, float]:
        """P(kind) for a sentence (the returned dict is shared: read it, do not change it)."""
        return self._kinds(text.strip())

    def _kinds_uncached(self, text: str) -> dict[str, float]:
        return self.sentence_kinds.probabilities(indices(sentence_features(text, self.lexicon)))

    def claims_in_document(self, text: str) -> float | None:
        """How likely the article is to carry any claim at all. None without a document model,
        and for a text shorter than any article it learned from (a sentence or a line), whose
        few words say nothing of its section."""
        if self.document_claims is None:
            return None
        return self._document(text)

    def _claims_in_document_uncached(self, text: str) -> float | None:
        if len(text.split()) < MIN_DOCUMENT_WORDS:
            return None
        return self.document_claims.probabilities(indices(document_features(text)))["claims"]

    def word_weight(self, kind: str, word: str) -> float:
        """How much the word alone speaks for the kind: the sentence model's weight of the word
        (a trigger lexicon learned from the annotations) plus that of the event lexicon's
        features the word brings (words of the labelled datasets our annotations lack)."""
        try:
            row = self.sentence_kinds.labels.index(kind)
        except ValueError:
            return 0.0
        features = [f"w={word}", *(self.lexicon.word_features(kind, word) if self.lexicon is not None else ())]
        return float(sum(self.sentence_kinds.weights[row, feature_index(f)] for f in features))

    def tells(self, kind: str, lemma: str, pos: str) -> bool:
        """Is the word (lemma, VERB or NOUN) an event word of the kind in the annotations' anchors?"""
        return self.anchor_triggers is not None and self.anchor_triggers.tells(kind, lemma, pos)

    def score(self, features: Iterable[str]) -> float:
        return self.claim_scorer.probabilities(indices(features))[self.claim_scorer.labels[0]]

    def argument_score(self, features: Iterable[str]) -> float:
        return self.argument_scorer.probabilities(indices(features))["right"]

    @property
    def argument_thresholds(self) -> dict[str, float]:
        chosen = self.settings.get("argument_threshold") or {}
        out = {"actor": float(chosen.get("actor", 0.5)), "recipient": float(chosen.get("recipient", 0.5))}
        for role in ("actor", "recipient"):
            out[f"{role}_context"] = float(chosen.get(f"{role}_context", out[role]))
            out[f"{role}_margin"] = float(chosen.get(f"{role}_margin", 0.0))
        return out

    def calibrated(self, probability: float) -> float:
        """The scorer's probability mapped through the dev split's reliability table
        (isotonic steps stored in settings.json), so that confidence 0.8 means ~80 % right."""
        steps = self.settings.get("calibration")
        if not steps:
            return probability
        xs, ys = steps["x"], steps["y"]
        return float(np.interp(probability, xs, ys))

    @classmethod
    def load(cls, folder: Path) -> ExtractorModels:
        folder = Path(folder)
        try:
            settings = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
            arguments = folder / "argument_scorer.npz"
            lexicon = folder / LEXICON_FILE
            document = folder / "document_claims.npz"
            triggers = folder / ANCHOR_TRIGGERS_FILE
            return cls(sentence_kinds=LinearModel.load(folder / "sentence_kinds.npz"),
                       claim_scorer=LinearModel.load(folder / "claim_scorer.npz"),
                       settings=settings, folder=folder,
                       argument_scorer=LinearModel.load(arguments) if arguments.exists() else None,
                       lexicon=EventLexicon.read(lexicon) if lexicon.exists() else None,
                       document_claims=LinearModel.load(document) if document.exists() else None,
                       anchor_triggers=AnchorTriggers.read(triggers) if triggers.exists() else None)
        except (OSError, ValueError, KeyError) as exc:
            raise ValueError(f"{folder}: cannot load the extractor's models: {exc}") from None


@lru_cache(maxsize=4)
def _load(folder: str) -> ExtractorModels:
    return ExtractorModels.load(Path(folder))


def default_models() -> ExtractorModels | None:
    """The committed models (or those named by NEWSLEDGER_MODELS); None when the rules are
    asked to work alone or no model has been trained."""
    if os.environ.get(ENV_RULES_ONLY, "") not in ("", "0"):
        return None
    folder = os.environ.get(ENV_MODELS) or str(MODELS_DIR)
    if not (Path(folder) / "settings.json").exists():
        if os.environ.get(ENV_MODELS):
            raise ValueError(f"{folder}: no trained models there (settings.json missing)")
        return None
    return _load(folder)
