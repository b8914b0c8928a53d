"""The flow: sources -> clean -> dedup -> claims -> store. Used by the CLI, the web layer and
the benchmarks; each step is its own module, this file only connects them."""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from newsledger.clean import clean
from newsledger.clean.dedup import Deduplicator
from newsledger.records import Document, RawDocument, Skipped
from newsledger.sources import iter_raw

BATCH_SIZE = 32  # documents per nlp.pipe batch and per progress update


@dataclass
class IngestReport:
    read: int = 0          # documents read from the sources
    new: int = 0           # stored for the first time
    duplicate: int = 0     # same cleaned text as a stored document (another source recorded)
    near_duplicate: int = 0  # stored as a copy linked to its original, not processed again
    existing: int = 0      # this very document was already in the store: nothing added
    skipped: int = 0       # inputs that are not readable articles
    claims: int = 0        # claims stored for the new documents
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (source, reason) per skip

    def as_dict(self) -> dict:
        return {"read": self.read, "new": self.new, "duplicate": self.duplicate,
                "near_duplicate": self.near_duplicate, "existing": self.existing,
                "skipped": self.skipped, "claims": self.claims,
                "skipped_reasons": [{"source": s, "reason": r} for s, r in self.reasons]}


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _clean_or_skip(raw: RawDocument) -> Document | Skipped:
    try:
        doc = clean(raw)
    except Exception as exc:  # a cleaning bug must not end a run over thousands of files
        return Skipped(raw.source, f"could not clean: {exc}")
    if not doc.text.strip():
        return Skipped(raw.source, "no article text left after removing page furniture")
    return doc


def _claim_extractor():
    from newsledger.extract.claims import ClaimExtractor
    return ClaimExtractor.default()


def documents(paths: Sequence[str], *, fetch_links: bool = False,
              stdin: BinaryIO | None = None) -> Iterator[Document | Skipped]:
    """Cleaned documents (or skips) from the inputs, in order."""
    for item in iter_raw(paths, fetch_links=fetch_links, stdin=stdin):
        yield item if isinstance(item, Skipped) else _clean_or_skip(item)


def extract_records(paths: Sequence[str], *, fetch_links: bool = False, claims: bool = True,
                    stdin: BinaryIO | None = None,
                    on_skip: Callable[[Skipped], None] | None = None) -> Iterator[Document]:
    """Records per the contract, one per document, without touching a store."""
    extractor = _claim_extractor() if claims else None
    for batch in _batched(documents(paths, fetch_links=fetch_links, stdin=stdin), BATCH_SIZE):
        docs = []
        for item in batch:
            if isinstance(item, Skipped):
                if on_skip:
                    on_skip(item)
            else:
                docs.append(item)
        if extractor and docs:
            extractor.annotate(docs)
        yield from docs


def ingest(paths: Sequence[str], store, *, fetch_links: bool = False, claims: bool = True,
           stdin: BinaryIO | None = None,
           on_progress: Callable[[IngestReport, str], None] | None = None) -> IngestReport:
    """Read, clean, deduplicate, extract and store. Each document is written with its claims in
    one transaction, so a killed run leaves no half-written document and a re-run finishes it."""
    report = IngestReport()
    dedup = Deduplicator()
    dedup.load(store.minhashes())
    extractor = _claim_extractor() if claims else None

    for batch in _batched(documents(paths, fetch_links=fetch_links, stdin=stdin), BATCH_SIZE):
        fresh: list[tuple[Document, bytes | None]] = []
        copies: list[Document] = []
        for item in batch:
            if isinstance(item, Skipped):
                report.skipped += 1
                report.reasons.append((item.source, item.reason))
                continue
            report.read += 1
            if store.has_document(item.id):
                # Same cleaned text: the store records the extra source (or nothing, on re-ingest).
                copies.append(item)
                continue
            status, original = dedup.check(item.id, item.text)
            if status == "near":
                item.duplicate_of = original
                copies.append(item)
            else:
                signature = dedup.signature(item.text)
                dedup.add(item.id, signature)
                fresh.append((item, dedup.to_bytes(signature)))
        if extractor and fresh:
            extractor.annotate([doc for doc, _ in fresh])
        for doc, signature in fresh:
            outcome = store.add_document(doc, minhash=signature)
            _count(report, outcome, doc)
        for doc in copies:
            _count(report, store.add_document(doc), doc)
        if on_progress:
            last = batch[-1]
            on_progress(report, last.source)
    return report


def _count(report: IngestReport, outcome: str, doc: Document) -> None:
    if outcome == "new":
        report.new += 1
        report.claims += len(doc.claims)
    elif outcome == "near":
        report.near_duplicate += 1
    elif outcome == "exact":
        report.duplicate += 1
    else:
        report.existing += 1
