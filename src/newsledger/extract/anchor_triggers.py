"""Event words mined from our own annotations: the word that tells each gold claim of the
train split, counted per kind.

The ontology lists the event words the hand rules read; the sentence model learns which
words make a sentence likely to hold a kind, but its word weights are spread over every word
of the sentence ('rainfall' weighs for attack), so they make poor event words. Real news
tells events with words neither names well: "Russian forces captured the plant", "waging
war", "two Katyusha rockets landed". Every gold claim's anchor holds its event word; mined
from the train split, the (kind, lemma) pairs seen in the anchors of several articles, and
in a fair share of the articles whose text holds the word, become event words of learned
candidates (extract/candidates.py). The claim scorer then judges each candidate as it judges
every other: a mined word only lets a candidate be proposed.

`newsledger train` mines it and writes it beside the models (anchor_triggers.tsv).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

FILE_NAME = "anchor_triggers.tsv"
MIN_DOCUMENTS = 3    # a word in the anchors of fewer articles is one writer's phrasing
MIN_SHARE = 0.15     # ... or when under this share of the articles using it tell the kind with it
EVENT_POS = ("VERB", "NOUN")

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@dataclass(frozen=True)
class AnchorTrigger:
    kind: str
    lemma: str
    pos: str         # VERB or NOUN: "shelled" tells an attack, "shells" are what is sent
    documents: int   # train articles with a gold claim of the kind told by the word
    share: float     # of the train articles whose text holds one of the word's forms


class AnchorTriggers:
    """(kind, lemma, part of speech) -> the mined evidence for the word telling the kind."""

    def __init__(self, entries: Iterable[AnchorTrigger]):
        self.entries = sorted(entries, key=lambda e: (e.kind, -e.documents, e.lemma, e.pos))
        self._words = {(e.kind, e.lemma, e.pos) for e in self.entries}

    def __len__(self) -> int:
        return len(self.entries)

    def tells(self, kind: str, lemma: str, pos: str) -> bool:
        return (kind, lemma, pos) in self._words

    def write(self, path: Path) -> None:
        lines = ["kind\tlemma\tpos\tdocuments\tshare"]
        lines += [f"{e.kind}\t{e.lemma}\t{e.pos}\t{e.documents}\t{e.share:.3f}" for e in self.entries]
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> AnchorTriggers:
        entries = []
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines()[1:], start=2):
            fields = line.split("\t")
            if len(fields) != 5 or fields[2] not in EVENT_POS:
                raise ValueError(f"{path}:{number}: expected kind, lemma, pos (VERB or NOUN), documents, share")
            try:
                entries.append(AnchorTrigger(fields[0], fields[1], fields[2], int(fields[3]), float(fields[4])))
            except ValueError:
                raise ValueError(f"{path}:{number}: documents and share must be numbers") from None
        return cls(entries)


def not_event_words() -> frozenset[str]:
    """Words that govern an event without telling it: saying, judging, intending, and the
    light and aspectual verbs ('continue their siege', 'tried to seize'), from cues.yaml."""
    from newsledger.extract.modality import load_cues
    cues = load_cues()
    lists = (cues.get("learned", {}).get("non_triggers", ()), cues.get("learned", {}).get("light_verbs", ()),
             cues["attribution"].get("speech_verbs", ()), cues["attribution"].get("intent_verbs", ()),
             cues.get("parties", {}).get("judging_verbs", ()))
    return frozenset(word for words in lists for word in words)


def event_word(anchor_doc, not_events: frozenset[str], is_item: Callable[[object], bool] = lambda token: False):
    """The word of a parsed anchor that tells its event: the content word nearest the top of
    the anchor's parse that is not a verb of saying, judging or intending ('Russia has denied
    that its plane crashed into the drone' -> 'crashed'), nor a thing sent, made or fired
    (`is_item`: 'drones', 'troops' are the claim's item, not its event). None when it has none."""
    best, best_depth = None, None
    for token in anchor_doc:
        if token.pos_ not in EVENT_POS or token.lemma_.lower() in not_events or not token.is_alpha \
                or is_item(token):
            continue
        depth, node = 0, token
        while node.head.i != node.i and depth < 50:
            node, depth = node.head, depth + 1
        # at one depth, the subject is the doer, not the deed ('forces continue their siege')
        key = (depth, token.dep_ in ("nsubj", "nsubjpass"))
        if best_depth is None or key < best_depth:
            best, best_depth = token, key
    return best


def anchor_words(claims: Iterable[tuple[int, str, str]], nlp, not_events: frozenset[str],
                 is_item: Callable[[object], bool] = lambda token: False) -> list[tuple[int, str, tuple[str, str], str]]:
    """(article index, kind, (lemma, pos), form) of each gold claim's event word, from
    (article index, kind, anchor) triples. Each anchor is parsed alone: it is the clause
    that tells the claim."""
    claims = list(claims)
    out = []
    for (article, kind, _), parsed in zip(claims, nlp.pipe([a for _, _, a in claims], batch_size=256)):
        token = event_word(parsed, not_events, is_item)
        if token is not None:
            out.append((article, kind, (token.lemma_.lower(), token.pos_), token.lower_))
    return out


def mine(words: Iterable[tuple[int, str, tuple[str, str], str]], texts: list[str], leave_out: frozenset[int] = frozenset(),
         min_documents: int = MIN_DOCUMENTS, min_share: float = MIN_SHARE) -> AnchorTriggers:
    """The event words of the kinds, from `anchor_words` over the articles' `texts`, leaving
    out the articles in `leave_out` (a fold, so that a fold's candidates are proposed by
    words mined without it). A word counts once per article."""
    documents: dict[tuple[str, tuple[str, str]], set[int]] = defaultdict(set)
    forms: dict[tuple[str, tuple[str, str]], set[str]] = defaultdict(set)
    for article, kind, word, form in words:
        if article not in leave_out:
            documents[(kind, word)].add(article)
            forms[(kind, word)].add(form)
    vocabularies = [set(_WORD.findall(text.lower())) if n not in leave_out else set()
                    for n, text in enumerate(texts)]
    entries = []
    for (kind, (lemma, pos)), told in documents.items():
        if len(told) < min_documents:
            continue
        using = sum(1 for vocabulary in vocabularies if forms[(kind, (lemma, pos))] & vocabulary)
        share = len(told) / max(using, len(told))
        if share >= min_share:
            entries.append(AnchorTrigger(kind, lemma, pos, len(told), share))
    return AnchorTriggers(entries)
