"""Public labelled event datasets read as text with typed triggers, mapped to our kinds.

The datasets (../shared/corpora: rams-dev, events/wikievents-train, events/geneva-*,
events/plover-gsr) each have their own ontology; `knowledge/event_kinds.yaml` maps their
types to newsledger's kinds. `mentions(dataset)` yields the texts with the character span of
every mapped trigger, so the extractor can be measured ("is there a claim of that kind over
this trigger?") and trigger words mined, whatever the source format.

Token-based formats are joined with single spaces, one sentence a line, so the text is
tokenised ("Saddam Hussein 's Iraq"); PLOVER gives plain sentences with the event words
marked in a `(EVT: ...)` markup.
"""
from __future__ import annotations

import fnmatch
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from newsledger.knowledge import load_yaml

DATASETS = ("rams", "wikievents", "geneva", "plover")
FILES = {
    "rams": ("rams-dev.jsonlines",),
    "wikievents": ("events/wikievents-train.jsonlines",),
    "geneva": ("events/geneva-train.jsonl", "events/geneva-val.jsonl"),
    "plover": ("events/plover-gsr.txt",),
}


@dataclass
class Trigger:
    start: int
    end: int
    text: str
    type: str
    kinds: tuple[str, ...]


@dataclass
class Window:
    """One text of a dataset with its mapped triggers."""
    dataset: str
    key: str
    text: str
    triggers: list[Trigger] = field(default_factory=list)


def kinds_for(dataset: str, event_type: str, mapping: dict | None = None) -> tuple[str, ...] | None:
    """Our kinds for a dataset's event type: a tuple (empty: deliberately not ours), or None."""
    rules = (mapping or load_yaml("event_kinds.yaml")).get(dataset) or []
    for rule in rules:
        if fnmatch.fnmatchcase(event_type.lower(), str(rule["type"]).lower()):
            return tuple(rule.get("kinds") or ())
    return None


def mined_half(window: Window) -> bool:
    """Is the text in the half that trigger words are mined from (extract/event_lexicon.py)?
    The other half is where kind recall is measured. A stable hash of the dataset and key,
    so the halves are the same on every machine and every run."""
    return zlib.crc32(f"{window.dataset}:{window.key}".encode("utf-8")) % 2 == 0


def paths(corpora: Path, dataset: str) -> list[Path]:
    return [Path(corpora) / name for name in FILES[dataset]]


def available(corpora: Path, dataset: str) -> bool:
    return all(p.exists() for p in paths(corpora, dataset))


def joined_tokens(sentences: list[list[str]]) -> tuple[str, list[tuple[int, int]]]:
    """Tokens joined with spaces, one sentence a line, and each token's character span."""
    pieces, spans, offset = [], [], 0
    for sentence in sentences:
        for number, token in enumerate(sentence):
            if number:
                pieces.append(" ")
                offset += 1
            spans.append((offset, offset + len(token)))
            pieces.append(token)
            offset += len(token)
        pieces.append("\n")
        offset += 1
    return "".join(pieces).rstrip("\n"), spans


def _rams_like(dataset: str, path: Path, mapping: dict) -> Iterator[Window]:
    """RAMS and WikiEvents (RAMS format): token offsets over the whole document, inclusive."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text, spans = joined_tokens(row["sentences"])
            window = Window(dataset, row["doc_key"], text)
            for start, end, labels in row["evt_triggers"]:
                kinds = kinds_for(dataset, labels[0][0], mapping)
                if kinds:
                    a, b = spans[start][0], spans[end][1]
                    window.triggers.append(Trigger(a, b, text[a:b], labels[0][0], kinds))
            yield window


def _geneva(path: Path, mapping: dict) -> Iterator[Window]:
    """GENEVA: one sentence a line, trigger token spans end-exclusive."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text, spans = joined_tokens([row["tokens"]])
            window = Window("geneva", row["wnd_id"], text)
            for event in row["event_mentions"]:
                kinds = kinds_for("geneva", event["event_type"], mapping)
                trig = event["trigger"]
                if kinds and trig["end"] > trig["start"]:
                    a, b = spans[trig["start"]][0], spans[trig["end"] - 1][1]
                    window.triggers.append(Trigger(a, b, text[a:b], event["event_type"], kinds))
            yield window


def _plover(path: Path, mapping: dict) -> Iterator[Window]:
    """PLOVER gold standard records: the plain sentence, with the first `(EVT: ...)` words of
    the markup located in it as the record's one trigger (later EVT words are the event's
    complements: "agreed ... to cooperate", "set up ... research center")."""
    for record in json.loads(path.read_text(encoding="utf-8")):
        text = record.get("text")
        kinds = kinds_for("plover", str(record.get("event", "")), mapping)
        if not text:
            continue
        window = Window("plover", record["id"], text)
        if kinds:
            markup = (record.get("textInfo") or {}).get("markup") or ""
            match = re.search(r"\(EVT:\s*([^()]*)\)", markup)
            words = match.group(1).strip() if match else ""
            at = text.find(words) if words else -1
            if at >= 0:
                window.triggers.append(Trigger(at, at + len(words), words, record["event"], kinds))
        yield window


def windows(corpora: Path, dataset: str, mapping: dict | None = None) -> Iterator[Window]:
    """Every text of a dataset, with its mapped triggers (possibly none)."""
    mapping = mapping or load_yaml("event_kinds.yaml")
    for path in paths(corpora, dataset):
        if dataset in ("rams", "wikievents"):
            yield from _rams_like(dataset, path, mapping)
        elif dataset == "geneva":
            yield from _geneva(path, mapping)
        elif dataset == "plover":
            yield from _plover(path, mapping)
        else:
            raise ValueError(f"unknown dataset {dataset!r} (one of {', '.join(DATASETS)})")
