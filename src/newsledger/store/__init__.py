"""Storage of documents and claims: SQLite by default (one file a user keeps and shares),
behind the `Store` interface so a PostgreSQL backend can follow.

    from newsledger.store import open_store
    with open_store("ledger.db") as store:
        store.add_document(doc)
"""
from __future__ import annotations

from pathlib import Path

from newsledger.store.base import AddResult, Store, StoreError
from newsledger.store.sqlite import SQLiteStore

__all__ = ["AddResult", "SQLiteStore", "Store", "StoreError", "open_store"]


def open_store(url_or_path: str | Path) -> Store:
    """A store from a path (``ledger.db``) or URL (``sqlite:///ledger.db`` relative,
    ``sqlite:////abs/ledger.db`` absolute, ``sqlite:///:memory:``)."""
    target = str(url_or_path)
    if target.startswith("sqlite://"):
        rest = target[len("sqlite://"):]
        if not rest.startswith("/"):
            raise StoreError(f"bad SQLite URL {target!r}: use sqlite:///relative.db or sqlite:////abs.db")
        return SQLiteStore(rest[1:] or ":memory:")
    if target.startswith(("postgres://", "postgresql://")):
        raise StoreError("the PostgreSQL store is not implemented yet; use a SQLite path")
    if "://" in target:
        raise StoreError(f"unknown store URL {target!r}: give a file path or sqlite:///path")
    return SQLiteStore(target)
