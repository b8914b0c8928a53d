"""The flow: sources -> clean -> dedup -> claims -> store. Used by the CLI, the web layer and
the benchmarks; each step is its own module, this file only connects them."""
from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import BinaryIO

from newsledger import workers
from newsledger.clean.dedup import Deduplicator
from newsledger.records import Document, RawDocument, Skipped
from newsledger.sources import iter_raw
from newsledger.sources.url import Fetcher

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
    record_ids: dict[str, str] = field(default_factory=dict, repr=False)  # source -> the record's own id
    failed_ids: set[str] = field(default_factory=set, repr=False)  # extraction failed: not stored

    def as_dict(self) -> dict:
        return {"read": self.read, "new": self.new, "duplicate": self.duplicate,
                "near_duplicate": self.near_duplicate, "existing": self.existing,
                "skipped": self.skipped, "claims": self.claims,
                "skipped_reasons": [{"source": s, "reason": r, "record_id": self.record_ids.get(s)}
                                    for s, r in self.reasons]}

    def named(self, source: str) -> str:
        """A skipped source as messages name it: by the record's id first."""
        record_id = self.record_ids.get(source)
        return f"record {record_id} ({source})" if record_id else source


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _small(items: Iterable, size: int) -> tuple[bool, Iterator]:
    """Whether `items` holds at most `size` elements, and all of them again: a run that fits in
    one batch is done in this process rather than paying for starting workers."""
    iterator = iter(items)
    head = list(itertools.islice(iterator, size + 1))
    return len(head) <= size, itertools.chain(head, iterator)


def documents(paths: Sequence[str], *, fetch_links: bool = False,
              stdin: BinaryIO | None = None, allow_private_urls: bool = False,
              fetcher: Fetcher | None = None) -> Iterator[Document | Skipped]:
    """Cleaned documents (or skips) from the inputs, in order."""
    for item in iter_raw(paths, fetch_links=fetch_links, stdin=stdin,
                         allow_private_urls=allow_private_urls, fetcher=fetcher):
        yield item if isinstance(item, Skipped) else workers.clean_or_skip(item)


def extract_records(paths: Sequence[str], *, fetch_links: bool = False, claims: bool = True,
                    stdin: BinaryIO | None = None, workers_count: int = 1,
                    on_skip: Callable[[Skipped], None] | None = None, allow_private_urls: bool = False,
                    fetcher: Fetcher | None = None) -> Iterator[Document]:
    """Records per the contract, one per document, in input order, without touching a store.
    With `workers_count` > 1, cleaning and extraction run in that many worker processes."""
    raw = iter_raw(paths, fetch_links=fetch_links, stdin=stdin, allow_private_urls=allow_private_urls,
                   fetcher=fetcher)
    small, raw = _small(raw, BATCH_SIZE)
    if workers_count > 1 and not small:
        batches = _parallel_batches(raw, workers_count,
                                    lambda pool, raws: pool.submit(workers.clean_and_extract_batch, raws, claims))
    else:
        batches = ([item if isinstance(item, Skipped) else workers.clean_or_skip(item) for item in batch]
                   for batch in _batched(raw, BATCH_SIZE))
        if claims:
            batches = (_annotate_in_process(batch) for batch in batches)
    for batch in batches:
        for item in batch:
            if isinstance(item, Skipped):
                if on_skip:
                    on_skip(item)
            else:
                yield item


def _annotate_in_process(batch: list[Document | Skipped]) -> list[Document | Skipped]:
    docs = [item for item in batch if isinstance(item, Document)]
    failed = {id(doc): reason for doc, reason in workers.annotate_safely(docs)} if docs else {}
    return [Skipped(item.source, failed[id(item)], item.source_id) if id(item) in failed else item
            for item in batch]


def _parallel_batches(raw: Iterable[RawDocument | Skipped], workers_count: int,
                      submit: Callable[[ProcessPoolExecutor, list[RawDocument]], Future]
                      ) -> Iterator[list[Document | Skipped]]:
    """Batches processed by `submit` in a pool, yielded in input order. Skips from the sources
    bypass the pool and keep their place. At most 2 batches per worker are in flight, so the
    input streams and memory stays flat however long it is."""
    pending: deque[tuple[list, Future | None]] = deque()
    with _pool(workers_count) as pool:
        for batch in _batched(raw, BATCH_SIZE):
            raws = [item for item in batch if not isinstance(item, Skipped)]
            pending.append((batch, submit(pool, raws) if raws else None))
            while len(pending) > 2 * workers_count or (pending and _done(pending[0][1])):
                yield _merge(*pending.popleft())
        while pending:
            yield _merge(*pending.popleft())


def _merge(batch: list, future: Future | None) -> list:
    done = iter(_result(future) if future is not None else ())
    return [item if isinstance(item, Skipped) else next(done) for item in batch]


def _done(future: Future | None) -> bool:
    return future is None or future.done()


def _result(future: Future):
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise PipelineError("a worker process died (killed, or out of memory); what was stored "
                            "so far is kept: run the same command again to go on") from exc


class PipelineError(RuntimeError):
    """The run cannot go on (a worker died); stored documents are complete and kept."""


@contextmanager
def _pool(workers_count: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of spawned workers (not forked: the parent holds a store connection, maybe
    threads and a live display) that die with this process. On an interruption (Ctrl-C,
    SIGTERM, an error) queued batches are cancelled and the workers stopped at once instead
    of finishing the queue; every document already written is complete (one transaction
    each), and a re-run goes on from there."""
    pool = ProcessPoolExecutor(max_workers=workers_count, mp_context=multiprocessing.get_context("spawn"),
                               initializer=workers.init_worker, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
        raise
    else:
        pool.shutdown(wait=True)


def ingest(paths: Sequence[str], store, *, fetch_links: bool = False, claims: bool = True,
           stdin: BinaryIO | None = None, workers_count: int = 1,
           on_progress: Callable[[IngestReport, str], None] | None = None, allow_private_urls: bool = False,
           fetcher: Fetcher | None = None) -> IngestReport:
    """`_ingest`, then the register tables refreshed when the store changed (or has none yet),
    so SQL users and Datasette see the register of everything stored."""
    report = _ingest(paths, store, fetch_links=fetch_links, claims=claims, stdin=stdin,
                     workers_count=workers_count, on_progress=on_progress,
                     allow_private_urls=allow_private_urls, fetcher=fetcher)
    refresh_register_tables(store, changed=bool(report.new or report.near_duplicate or report.duplicate))
    return report


def refresh_register_tables(store, *, changed: bool = True) -> None:
    """Rewrite the store's register tables if the store changed or has none yet (a store
    without them, such as a test double, is left alone)."""
    refresh = getattr(store, "refresh_register", None)
    if refresh is None:
        return
    try:
        if changed or not store.has_register_tables():
            refresh()
    except NotImplementedError:
        pass


def _ingest(paths: Sequence[str], store, *, fetch_links: bool = False, claims: bool = True,
            stdin: BinaryIO | None = None, workers_count: int = 1,
            on_progress: Callable[[IngestReport, str], None] | None = None, allow_private_urls: bool = False,
            fetcher: Fetcher | None = None) -> IngestReport:
    """Read, clean, deduplicate, extract and store. Each document is written with its claims in
    one transaction, so a killed run leaves no half-written document and a re-run finishes it.

    With `workers_count` > 1, cleaning (with the MinHash signatures) and claim extraction run
    in worker processes, each with its own spaCy pipeline. This process reads the input,
    decides duplicates in input order, and is the one writer, so the store ends up exactly as
    after a run with one process."""
    report = IngestReport()
    dedup = Deduplicator()
    dedup.load(store.minhashes())
    raw = iter_raw(paths, fetch_links=fetch_links, stdin=stdin, allow_private_urls=allow_private_urls,
                   fetcher=fetcher)
    small, raw = _small(raw, BATCH_SIZE)
    if workers_count > 1 and not small:
        _ingest_parallel(raw, store, dedup, report, workers_count, claims, on_progress)
        return report
    for batch in _batched(raw, BATCH_SIZE):
        cleaned = []
        for item in batch:
            if isinstance(item, Skipped):
                cleaned.append((item, None))
            else:
                doc = workers.clean_or_skip(item)
                cleaned.append((doc, dedup.to_bytes(dedup.signature(doc.text)) if isinstance(doc, Document) else None))
        fresh, copies = _triage(cleaned, store, dedup, report)
        if claims and fresh:
            failed = {id(doc): reason for doc, reason in workers.annotate_safely([d for d, _ in fresh])}
            _write(store, report, [(doc, sig, failed.get(id(doc))) for doc, sig in fresh], copies)
        else:
            _write(store, report, [(doc, sig, None) for doc, sig in fresh], copies)
        if on_progress:
            on_progress(report, batch[-1].source)
    return report


def _ingest_parallel(raw: Iterator, store, dedup: Deduplicator, report: IngestReport, workers_count: int,
                     claims: bool, on_progress) -> None:
    """Two kinds of task share one pool: cleaning batches (ahead of the writer) and extracting
    the fresh documents of a batch once its duplicates are decided. Both queues are bounded,
    so memory does not grow with the input."""
    window = 2 * workers_count
    cleaning: deque[tuple[list, Future | None]] = deque()
    writing: deque[tuple[list, list, Future | None, str]] = deque()
    batches = _batched(raw, BATCH_SIZE)
    exhausted = False
    with _pool(workers_count) as pool:
        while True:
            while not exhausted and len(cleaning) < window:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                    break
                raws = [item for item in batch if not isinstance(item, Skipped)]
                cleaning.append((batch, pool.submit(workers.clean_batch, raws, True) if raws else None))
            if not cleaning and not writing:
                break
            progressed = False
            # Duplicates are decided in input order, as soon as the oldest batch is clean;
            # the extraction queue is bounded too.
            if cleaning and _done(cleaning[0][1]) and len(writing) < window:
                batch, future = cleaning.popleft()
                done = iter(_result(future) if future is not None else ())
                cleaned = [(item, None) if isinstance(item, Skipped) else next(done) for item in batch]
                fresh, copies = _triage(cleaned, store, dedup, report)
                docs = [doc for doc, _ in fresh]
                task = pool.submit(workers.extract_batch, docs) if claims and docs else None
                writing.append((fresh, copies, task, batch[-1].source))
                progressed = True
            if writing and _done(writing[0][2]):
                fresh, copies, task, last_source = writing.popleft()
                results = _result(task) if task is not None else [(doc.claims, None) for doc, _ in fresh]
                rows = []
                for (doc, signature), (found, failure) in zip(fresh, results):
                    doc.claims = found
                    rows.append((doc, signature, failure))
                _write(store, report, rows, copies)
                if on_progress:
                    on_progress(report, last_source)
                progressed = True
            if not progressed:
                # Wait only for what can unblock us: a finished cleaning head is no use while
                # the extraction queue is full (waiting on it would spin).
                heads = [writing[0][2]] if writing else []
                if cleaning and len(writing) < window:
                    heads.append(cleaning[0][1])
                wait([f for f in heads if f is not None], return_when=FIRST_COMPLETED)


def _triage(cleaned: list[tuple[Document | Skipped, bytes | None]], store, dedup: Deduplicator,
            report: IngestReport) -> tuple[list[tuple[Document, bytes]], list[Document]]:
    """Split a batch, in input order, into fresh originals (with their signatures, now indexed)
    and copies (exact: same cleaned text as a stored document; near: linked to its original)."""
    fresh: list[tuple[Document, bytes]] = []
    copies: list[Document] = []
    for item, signature in cleaned:
        if isinstance(item, Skipped):
            report.skipped += 1
            report.reasons.append((item.source, item.reason))
            if item.record_id:
                report.record_ids[item.source] = item.record_id
            continue
        report.read += 1
        if store.has_document(item.id) or item.id in dedup:
            # Same cleaned text: the store records the extra source (or nothing, on re-ingest).
            copies.append(item)
            continue
        status, original = dedup.check(item.id, signature)
        if status == "near":
            item.duplicate_of = original
            copies.append(item)
        else:
            dedup.add(item.id, signature)
            fresh.append((item, signature))
    return fresh, copies


def _write(store, report: IngestReport, fresh: list[tuple[Document, bytes, str | None]],
           copies: list[Document]) -> None:
    for doc, signature, failure in fresh:
        if failure:
            # Not stored: a later run (with the bug fixed) extracts it instead of finding it done.
            report.failed_ids.add(doc.id)
            report.skipped += 1
            report.reasons.append((doc.source, failure))
            if doc.source_id:
                report.record_ids[doc.source] = doc.source_id
            continue
        count_outcome(report, store.add_document(doc, minhash=signature), doc)
    for doc in copies:
        if report.failed_ids and (doc.id in report.failed_ids or doc.duplicate_of in report.failed_ids):
            report.skipped += 1
            report.reasons.append((doc.source, "a copy of a document whose claims could not be extracted"))
            if doc.source_id:
                report.record_ids[doc.source] = doc.source_id
            continue
        count_outcome(report, store.add_document(doc), doc)


def count_outcome(report, outcome: str, doc: Document) -> None:
    """Add one `Store.add_document` result to a report with new/near_duplicate/duplicate/
    existing/claims counters (ingest's, and `newsledger load`'s)."""
    if outcome == "new":
        report.new += 1
        report.claims += len(doc.claims)
    elif outcome == "near":
        report.near_duplicate += 1
    elif outcome == "exact":
        report.duplicate += 1
    else:
        report.existing += 1
