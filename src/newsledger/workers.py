"""What worker processes do for `ingest --workers N` and `extract --workers N`.

Each worker is a separate process (spawned, not forked: the parent may hold threads, a
store connection or a progress display that must not be copied) that loads the spaCy
pipeline, the gazetteer and the ontology once, on its first batch, and keeps them.
Tasks and results are batches of documents, so pickling costs one round trip per batch;
results carry only what the parent needs (a cleaned document and its MinHash signature,
or the claims of a document), never spaCy objects.

The parent keeps everything that must see the documents in input order: duplicate
detection and the one store writer (see pipeline.py).
"""
from __future__ import annotations

import os
import signal
import traceback
from collections.abc import Sequence
from functools import lru_cache

from newsledger.records import Claim, Document, RawDocument, Skipped


def default_workers() -> int:
    """All the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with(parent: int) -> None:
    """Ask the kernel to SIGKILL this worker when its parent dies (kill -9 included), so no
    worker outlives the run. Linux only; elsewhere the pool's own shutdown is all there is."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def init_worker(parent: int | None = None) -> None:
    # Ctrl-C reaches the whole process group; the parent handles it and stops the pool, so a
    # worker must not die half-way through a batch with a KeyboardInterrupt of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM to the parent is turned into a clean stop there; a worker stopped directly just
    # ends (its batch is redone by a re-run: nothing of it was stored).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if parent is not None:
        _die_with(parent)


@lru_cache(maxsize=1)
def _extractor():
    from newsledger.extract.claims import ClaimExtractor
    return ClaimExtractor.default()


@lru_cache(maxsize=1)
def _deduplicator():
    from newsledger.clean.dedup import Deduplicator
    return Deduplicator()


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None where there is none (musl, macOS, Windows)."""
    try:
        import ctypes
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return None


def release_free_memory() -> None:
    """Give the heap pages freed by a batch back to the system. A batch's parse arrays, Docs
    and strings are freed when it ends, but glibc keeps the freed pages, scattered between
    live objects, in the process, and resident memory climbs with every unusually large
    batch. Measured in one process over 768 news-bench articles: 300 -> 243 MiB resident, the
    same CPU time. (The bench's peak still grows ~14 % from 1,000 to 4,512 articles: that
    growth has other causes, not yet found.)"""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def clean_or_skip(raw: RawDocument) -> Document | Skipped:
    from newsledger.clean import clean
    try:
        doc = clean(raw)
    except Exception as exc:  # noqa: BLE001 - a cleaning bug must not end a run over thousands of files
        return Skipped(raw.source, f"could not clean: {exc}", raw.source_id)
    if not doc.text.strip():
        return Skipped(raw.source, "no article text left after removing page furniture", raw.source_id)
    return doc


def annotate_safely(docs: Sequence[Document]) -> list[tuple[Document, str]]:
    """Extract the claims of `docs` in place; a batch that fails is retried one document at a
    time so one bad article costs only itself. Returns (document, reason) per failure."""
    extractor = _extractor()
    try:
        extractor.annotate(docs)
        return []
    except Exception:  # noqa: BLE001, S110 - find the offender below
        pass
    finally:
        release_free_memory()
    failures = []
    for doc in docs:
        try:
            extractor.annotate([doc])
        except Exception as exc:  # noqa: BLE001 - reported with its source, the run goes on
            doc.claims = []
            where = traceback.extract_tb(exc.__traceback__)[-1]
            reason = (f"could not extract claims: {type(exc).__name__}: {exc} "
                      f"({os.path.basename(where.filename)}:{where.lineno})")
            failures.append((doc, reason))
    return failures


# -- tasks (module-level functions: they are pickled by name) ----------------------------

def clean_batch(raws: list[RawDocument], signatures: bool) -> list[tuple[Document | Skipped, bytes | None]]:
    """Clean each raw document; with `signatures`, the MinHash signature of each kept text
    (the costly half of duplicate detection, done here so the parent only compares)."""
    out = []
    dedup = _deduplicator() if signatures else None
    for raw in raws:
        item = clean_or_skip(raw)
        signature = None
        if dedup is not None and isinstance(item, Document):
            signature = dedup.to_bytes(dedup.signature(item.text))
        out.append((item, signature))
    return out


def extract_batch(docs: list[Document]) -> list[tuple[list[Claim], str | None]]:
    """(claims, failure reason or None) per document, in order."""
    failed = {id(doc): reason for doc, reason in annotate_safely(docs)}
    return [(doc.claims, failed.get(id(doc))) for doc in docs]


def clean_and_extract_batch(raws: list[RawDocument], claims: bool) -> list[Document | Skipped]:
    """For `extract` (no store, no duplicate detection): cleaned documents with their claims."""
    items = [clean_or_skip(raw) for raw in raws]
    docs = [item for item in items if isinstance(item, Document)]
    if claims and docs:
        failed = {id(doc): reason for doc, reason in annotate_safely(docs)}
        items = [Skipped(item.source, failed[id(item)], item.source_id) if id(item) in failed else item
                 for item in items]
    return items
