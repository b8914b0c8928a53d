"""Event words mined from the public labelled event datasets: which words tell which of our
kinds, and how often they do when they appear.

Our annotated corpus is small: the sentence model (extract/learned.py) learns "attacked" and
"killed" from it, but not "ambushed", "detonated" or "retook", which real news uses and our
train split may never show. The labelled datasets (rams-dev, WikiEvents, GENEVA, PLOVER;
eventsets.py maps their types to our kinds) show thousands of such words. Mined here into a
lexicon (word -> kind, how many times a trigger, how many times seen), the lexicon becomes a
feature of the sentence model: `lex=attack` fires for any word the datasets use as an attack
trigger, and its weight is learned from our own annotations, so it carries to words our
train split lacks without importing the datasets' own sense of what an event is.

Only one half of each dataset's texts is mined (`eventsets.mined_half`); the other half is
where kind recall at the labelled triggers is measured (scripts/eval_report.py --sets events),
so that figure is not read on the texts the lexicon came from.

`newsledger train` mines it and writes it beside the models (event_lexicon.tsv): the sentence
model's weights belong to this lexicon, so both are one artefact.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from newsledger import eventsets

FILE_NAME = "event_lexicon.tsv"
MIN_TRIGGERS = 3     # a word seen as a trigger of the kind fewer times is noise
MIN_SHARE = 0.2      # ... or when it is a trigger in under a fifth of its appearances
STRONG_SHARE = 0.5   # the feature tells a word that is nearly always an event apart

_WORD = re.compile(r"[a-z]+(?:['’-][a-z]+)*", re.I)


@dataclass(frozen=True)
class Entry:
    word: str
    kind: str
    triggers: int   # times the word is a labelled trigger of a type mapped to the kind
    seen: int       # times the word appears in the mined texts

    @property
    def share(self) -> float:
        return self.triggers / self.seen if self.seen else 0.0


class EventLexicon:
    """word (lower case) -> the kinds it tells, with how reliably."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries = sorted(entries, key=lambda e: (e.kind, -e.triggers, e.word))
        self._by_word: dict[str, list[Entry]] = {}
        for entry in self.entries:
            self._by_word.setdefault(entry.word, []).append(entry)

    def __len__(self) -> int:
        return len(self.entries)

    def kinds_of(self, word: str) -> list[Entry]:
        return self._by_word.get(word.lower(), [])

    def features(self, words: Iterable[str]) -> list[str]:
        """The sentence's lexicon features: each kind some word of it tells, and whether a
        word that nearly always tells it does."""
        out: set[str] = set()
        for word in words:
            for entry in self._by_word.get(word, ()):
                out.add(f"lex={entry.kind}")
                if entry.share >= STRONG_SHARE:
                    out.add(f"lex={entry.kind}|strong")
        return sorted(out)

    def word_features(self, kind: str, word: str) -> list[str]:
        """The lexicon features one word adds for one kind (for the word's own weight)."""
        for entry in self._by_word.get(word.lower(), ()):
            if entry.kind == kind:
                return [f"lex={kind}", *([f"lex={kind}|strong"] if entry.share >= STRONG_SHARE else [])]
        return []

    def to_tsv(self) -> str:
        lines = ["word\tkind\ttriggers\tseen"]
        lines += [f"{e.word}\t{e.kind}\t{e.triggers}\t{e.seen}" for e in self.entries]
        return "\n".join(lines) + "\n"

    @classmethod
    def read(cls, path: Path) -> EventLexicon:
        entries = []
        with Path(path).open(encoding="utf-8") as handle:
            header = handle.readline().rstrip("\n").split("\t")
            if header != ["word", "kind", "triggers", "seen"]:
                raise ValueError(f"{path}: not an event lexicon (header {header!r})")
            for number, line in enumerate(handle, start=2):
                parts = line.rstrip("\n").split("\t")
                if len(parts) != 4 or not parts[2].isdigit() or not parts[3].isdigit():
                    raise ValueError(f"{path}, line {number}: expected word, kind, triggers, seen")
                entries.append(Entry(parts[0], parts[1], int(parts[2]), int(parts[3])))
        return cls(entries)


def mine(corpora: Path, kinds: Iterable[str], stop_words: Iterable[str] = ()) -> EventLexicon:
    """Count, over the mined half of every available dataset, how often each word is a
    trigger of each of our kinds and how often it appears at all. Multi-word triggers count
    for each of their words that is not a stop word ("car bomb", "opened fire").

    Counts are pooled by lemma and the lexicon lists every inflection of a kept lemma: the
    datasets show "ambushes" and "ambush", news writes "ambushed". lemminflect's dictionary
    gives lemmas and inflections without a parse; it is needed here, at training, only."""
    from lemminflect import getAllInflections, getAllLemmas

    kinds = set(kinds)
    stop = {w.lower() for w in stop_words}
    seen: Counter[str] = Counter()
    triggers: Counter[tuple[str, str]] = Counter()
    for dataset in eventsets.DATASETS:
        if not eventsets.available(corpora, dataset):
            continue
        for window in eventsets.windows(corpora, dataset):
            if not eventsets.mined_half(window):
                continue
            seen.update(m.group().lower() for m in _WORD.finditer(window.text))
            for trigger in window.triggers:
                words = {m.group().lower() for m in _WORD.finditer(trigger.text)} - stop
                for word in words:
                    for kind in set(trigger.kinds) & kinds:
                        triggers[(word, kind)] += 1

    def lemmas(word: str) -> set[str]:
        found = [*(getAllLemmas(word, upos="VERB") or {}).values(), *(getAllLemmas(word, upos="NOUN") or {}).values()]
        return {lemma.lower() for forms in found for lemma in forms} or {word}

    lemma_seen: Counter[str] = Counter()
    for word, count in seen.items():
        for lemma in lemmas(word):
            lemma_seen[lemma] += count
    lemma_triggers: Counter[tuple[str, str]] = Counter()
    for (word, kind), count in triggers.items():
        for lemma in lemmas(word):
            lemma_triggers[(lemma, kind)] += count
    entries: dict[tuple[str, str], Entry] = {}
    for (lemma, kind), count in lemma_triggers.items():
        total = max(lemma_seen[lemma], count)
        if count < MIN_TRIGGERS or len(lemma) <= 2 or lemma in stop or count / total < MIN_SHARE:
            continue
        forms = {lemma} | {f.lower() for tag, tag_forms in getAllInflections(lemma).items()
                           if tag.startswith(("NN", "VB")) for f in tag_forms}
        for form in forms - stop:
            known = entries.get((form, kind))
            if known is None or known.triggers < count:   # a form of two lemmas: the stronger
                entries[(form, kind)] = Entry(form, kind, count, total)
    return EventLexicon(entries.values())
