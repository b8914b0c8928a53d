"""Load a Spark run's Parquet output into a store (SQLite, PostgreSQL: anything `open_store`
opens), through the Store interface. pyarrow only: no Spark needed on the loading machine.

    from newsledger.scale.load import load
    with open_store("ledger.db") as store:
        report = load("out/", store)

- Streaming: documents and claims are read in record batches, side by side (both are
  written sorted by input order), so memory stays at one batch whatever the corpus size.
- One transaction per document (`Store.add_document`), originals before their copies (input
  order), exact repeats as extra sources: the store ends up as `newsledger ingest` leaves it.
- Idempotent: loading the same output again finds every document and source and adds nothing.
- OUTPUT may be a local folder or a URI pyarrow opens (s3://, gs://, hdfs:// with libhdfs).
"""
from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from newsledger.pipeline import count_outcome
from newsledger.records import Claim
from newsledger.scale import FORMAT, MANIFEST, ScaleError, rows

BATCH_ROWS = 500
_PART = re.compile(r"part-(\d+)")
_CLAIM_NEEDS = ("file_index", "record_index", "doc_id", "seq", "record")


@dataclass
class LoadReport:
    documents: int = 0   # document rows read
    new: int = 0         # stored for the first time (originals)
    near_duplicate: int = 0
    duplicate: int = 0   # extra sources recorded for exact repeats
    existing: int = 0    # already in the store: nothing added
    claims: int = 0      # claims stored with new documents
    skipped: int = 0     # claims could not be extracted (or a copy of such a document): not stored

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


class Output:
    """A Spark run's output folder, opened with pyarrow's file systems."""

    def __init__(self, location: str) -> None:
        from pyarrow import fs as pafs

        self.location = location
        try:
            if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", location) and not re.match(r"^[A-Za-z]:[\\/]", location):
                # Hadoop spellings of the same stores
                uri = re.sub(r"^s3[an]://", "s3://", location)
                uri = re.sub(r"^file:/+", "file:///", uri)
                self.fs, self.base = pafs.FileSystem.from_uri(uri)
            else:
                self.fs, self.base = pafs.LocalFileSystem(), os.path.abspath(location)
        except Exception as err:  # noqa: BLE001 - ArrowInvalid, ArrowNotImplementedError (unknown scheme)...
            raise ScaleError(f"{location}: cannot open ({err})") from None
        self.base = self.base.rstrip("/") or "/"
        info = self.fs.get_file_info(self.base)
        if info.type.name == "NotFound":
            raise ScaleError(f"{location}: not found")
        self.manifest = self._manifest()

    def _manifest(self) -> dict[str, Any]:
        path = f"{self.base}/{MANIFEST}"
        try:
            with self.fs.open_input_stream(path) as handle:
                manifest = json.loads(handle.read().decode("utf-8"))
        except FileNotFoundError:
            raise ScaleError(f"{self.location}: no {MANIFEST}: not the output of "
                             "`python -m newsledger.scale.spark`, or the run did not finish") from None
        except (OSError, ValueError) as err:
            raise ScaleError(f"{path}: unreadable manifest ({err})") from None
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            found = manifest.get("format") if isinstance(manifest, dict) else None
            raise ScaleError(f"{path}: format {found!r}, this newsledger reads {FORMAT!r}")
        return manifest

    def parts(self, table: str) -> list[str]:
        """The Parquet files of a table, in the order Spark wrote its partitions."""
        from pyarrow import fs as pafs

        folder = f"{self.base}/{table}"
        if self.fs.get_file_info(folder).type.name != "Directory":
            raise ScaleError(f"{folder}: missing (an incomplete or altered output)")
        infos = self.fs.get_file_info(pafs.FileSelector(folder))
        names = [i.path for i in infos if i.type.name == "File" and i.base_name.endswith(".parquet")
                 and not i.base_name.startswith((".", "_"))]

        def key(path: str) -> tuple[int, str]:
            match = _PART.match(path.rsplit("/", 1)[-1])
            return (int(match.group(1)) if match else 1 << 62, path)
        return sorted(names, key=key)

    def rows(self, table: str, columns: list[str], batch_rows: int) -> Iterator[dict[str, Any]]:
        """Rows of a table as dicts, a record batch at a time; a bad file is named."""
        import pyarrow.parquet as pq

        for path in self.parts(table):
            try:
                with self.fs.open_input_file(path) as handle:
                    parquet = pq.ParquetFile(handle)
                    missing = [c for c in columns if c not in parquet.schema_arrow.names]
                    if missing:
                        raise ScaleError(f"{path}: not a newsledger {table} file (no column "
                                         f"{', '.join(missing)})")
                    for batch in parquet.iter_batches(batch_size=batch_rows, columns=columns):
                        yield from batch.to_pylist()
            except ScaleError:
                raise
            except (OSError, ValueError) as err:   # ArrowInvalid is a ValueError, ArrowIOError an OSError
                raise ScaleError(f"{path}: not a readable Parquet file ({err})") from None


def _with_claims(documents: Iterator[dict], claims: Iterator[dict]) -> Iterator[tuple[dict, list[Claim]]]:
    """Merge-join documents and their claims on the input order key (both sorted by it)."""
    pending = next(claims, None)
    last: tuple[int, int] | None = None
    for doc in documents:
        key = (doc["file_index"], doc["record_index"])
        if last is not None and key <= last:
            raise ScaleError(f"documents are not in input order at {doc['source']}: the output was altered")
        last = key
        found: list[Claim] = []
        while pending is not None and (pending["file_index"], pending["record_index"]) <= key:
            if (pending["file_index"], pending["record_index"]) < key or pending["doc_id"] != doc["id"]:
                raise ScaleError(f"claim {pending['record'][:60]}... has no document row: the output was altered")
            found.append(rows.claim_from_record(pending["record"]))
            pending = next(claims, None)
        if len(found) != (doc["claim_count"] or 0):
            raise ScaleError(f"document {doc['id']} ({doc['source']}) should have {doc['claim_count']} "
                             f"claims, the claims table has {len(found)}")
        yield doc, found
    if pending is not None:
        raise ScaleError(f"claims of document {pending['doc_id']} have no document row")


def load(location: str, store, *, batch_rows: int = BATCH_ROWS,
         on_progress: Callable[[LoadReport], None] | None = None) -> LoadReport:
    """Write every document of a Spark run's output, with its claims and sources, to `store`."""
    output = Output(location)
    report = LoadReport()
    documents = output.rows("documents", rows.DOCUMENT_NAMES, batch_rows)
    claims = output.rows("claims", list(_CLAIM_NEEDS), batch_rows)
    failed: set[str] = set()
    for row, found in _with_claims(documents, claims):
        report.documents += 1
        if row["failure"] or row["duplicate_of"] in failed:
            # As ingest does: not stored, so a later run (bug fixed) extracts it, copies too.
            failed.add(row["id"])
            report.skipped += len(row["sources"] or ()) or 1
            continue
        doc = rows.document_from_row(row, found)
        count_outcome(report, store.add_document(doc, minhash=row["minhash"]), doc)
        for source in row["sources"] or ():
            if source != doc.source:   # the same text read again: one more source row
                count_outcome(report, store.add_document(dataclasses.replace(doc, source=source, claims=[])), doc)
        if on_progress is not None and report.documents % 100 == 0:
            on_progress(report)
    if on_progress is not None:
        on_progress(report)
    from newsledger.pipeline import refresh_register_tables
    refresh_register_tables(store, changed=bool(report.documents))   # as after an ingest
    return report


def manifest(location: str) -> dict[str, Any]:
    """The run's manifest (counts, inputs, versions); ScaleError when it is not a run's output."""
    return Output(location).manifest
