"""The store interface: what every backend (SQLite `sqlite.py`, PostgreSQL `postgres.py`)
provides, with the same results; the shared row building lives in `rows.py`.

Results of `add_document`:
  "new"    a document not seen before, written with its claims
  "exact"  the same cleaned text (same id) read from another source: a `sources` row is added
  "near"   a near-duplicate copy (``doc.duplicate_of`` set by the caller): written, linked
  "exists" this document from this source is already stored: nothing written
"""
from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal

from newsledger.records import Claim, Document

AddResult = Literal["new", "exact", "near", "exists"]


class StoreError(Exception):
    """A store problem worth showing to the user as is (bad query, newer schema, ...)."""


class Store(abc.ABC):
    """A sourced register of documents and their claims."""

    # -- writing -------------------------------------------------------------------------
    @abc.abstractmethod
    def add_document(self, doc: Document, *, minhash: bytes | None = None) -> AddResult:
        """Write the document, its claims and its source in one transaction."""

    @abc.abstractmethod
    def replace_claims(self, doc_id: str, claims: Sequence[Claim]) -> None:
        """Replace all claims of a stored document (re-extraction), in one transaction."""

    # -- reading -------------------------------------------------------------------------
    @abc.abstractmethod
    def get_document(self, doc_id: str) -> Document | None: ...

    @abc.abstractmethod
    def has_document(self, doc_id: str) -> bool: ...

    @abc.abstractmethod
    def has_source(self, source: str) -> bool:
        """Whether a source (path, URL, record id) was already ingested: re-ingest skips it."""

    @abc.abstractmethod
    def documents(self, query: str | None = None, limit: int = 50, offset: int = 0,
                  include_duplicates: bool = False) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def search(self, query: str, limit: int = 50, offset: int = 0,
               include_duplicates: bool = False) -> list[dict[str, Any]]:
        """Full-text search over title + text: document summaries by relevance, each with
        `rank` (lower is better) and a `snippet` with matches in [brackets]. The query syntax
        is the backend's own (SQLite FTS5; PostgreSQL web-search syntax); a query it cannot
        use raises StoreError."""

    @abc.abstractmethod
    def count_documents(self, include_duplicates: bool = True) -> int: ...

    @abc.abstractmethod
    def claims(self, kind: str | None = None, actor: str | None = None,
               recipient: str | None = None, item: str | None = None,
               since: Any = None, until: Any = None, modality: str | None = None,
               doc: str | None = None, limit: int | None = None) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        """(doc_id, signature bytes) of every original document, to seed a Deduplicator."""

    @abc.abstractmethod
    def stats(self) -> dict[str, Any]: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    # -- the register as tables (register_tables.py) --------------------------------------
    def refresh_register(self) -> None:
        """Rewrite the register tables (threads, facts, conflicts, flows) from the claims."""
        raise NotImplementedError(f"{type(self).__name__} keeps no register tables")

    def has_register_tables(self) -> bool:
        return False

    # -- reviews (newsledger.store.reviews; the backends give a connection adapter) --------
    @abc.abstractmethod
    def _review_sql(self, *, write: bool) -> AbstractContextManager[Any]:
        """A `reviews.Sql` adapter: inside one write transaction when `write`."""

    def add_review(self, doc_id: str, claim_id: str, action: str, changes: dict[str, Any] | None = None, *,
                   note: str | None = None, reviewer: str, via: str = "api") -> dict[str, Any]:
        """Verify, reject or correct one claim (changes: contract field -> value, see
        newsledger.review.corrections.parse_changes), in one transaction with its audit row."""
        from newsledger.store import reviews
        with self._review_sql(write=True) as db:
            return reviews.add_review(db, doc_id=doc_id, claim_id=claim_id, action=action, changes=changes,
                                      note=note, reviewer=reviewer, via=via)

    def document_claims(self, doc_id: str) -> list[dict[str, Any]]:
        """Every claim of a stored document, rejected ones too, with `review_status`."""
        from newsledger.store import reviews
        with self._review_sql(write=False) as db:
            return reviews.claims_of(db, doc_id)

    def reviewed_claims(self, doc_id: str | None = None) -> list[dict[str, Any]]:
        from newsledger.store import reviews
        with self._review_sql(write=False) as db:
            return reviews.reviewed_claims(db, doc_id)

    def review_history(self, doc_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        from newsledger.store import reviews
        with self._review_sql(write=False) as db:
            return reviews.history(db, doc_id=doc_id, limit=limit)

    def review_audit(self, limit: int | None = None) -> list[dict[str, Any]]:
        from newsledger.store import reviews
        with self._review_sql(write=False) as db:
            return reviews.audit(db, limit=limit)

    # -- conveniences shared by every backend --------------------------------------------
    def add_documents(self, docs: Iterable[Document]) -> dict[str, int]:
        """Add many documents (one transaction each); counts per result."""
        counts: dict[str, int] = {"new": 0, "exact": 0, "near": 0, "exists": 0}
        for doc in docs:
            counts[self.add_document(doc)] += 1
        return counts

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
