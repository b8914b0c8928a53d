"""Storage of documents and claims behind one `Store` interface: SQLite by default (one file
a user keeps and shares), PostgreSQL for a register on a shared server. Both have the same
tables, column names, migrations and results; only full-text search syntax differs (FTS5
there, PostgreSQL web-search syntax here).

    from newsledger.store import open_store
    with open_store("ledger.db") as store:                              # SQLite file
        store.add_document(doc)
    with open_store("postgresql://me@db.example.org/ledger") as store:  # PostgreSQL
        ...
"""
from __future__ import annotations

import re
from pathlib import Path

from newsledger.store.base import AddResult, Store, StoreError
from newsledger.store.sqlite import SQLiteStore

__all__ = ["AddResult", "PostgresStore", "SQLiteStore", "Store", "StoreError", "open_store"]

_POSTGRES_URL = re.compile(r"^postgres(ql)?:")


def open_store(url_or_path: str | Path) -> Store:
    """A store from a path (``ledger.db``) or URL: ``sqlite:///ledger.db`` (relative),
    ``sqlite:////abs/ledger.db`` (absolute), ``sqlite:///:memory:``, or
    ``postgresql://user:password@host:port/dbname`` (``postgres://`` too; any libpq URL
    parameters, e.g. ``?sslmode=require``)."""
    target = str(url_or_path)
    if target.startswith("sqlite://"):
        rest = target[len("sqlite://"):]
        if not rest.startswith("/"):
            raise StoreError(f"bad SQLite URL {target!r}: use sqlite:///relative.db or sqlite:////abs.db")
        return SQLiteStore(rest[1:] or ":memory:")
    if _POSTGRES_URL.match(target):
        if not target.startswith(("postgres://", "postgresql://")):
            # pathlib.Path turns 'postgresql://h/db' into 'postgresql:/h/db': a caller that
            # typed the URL as a Path lost a slash, and which one cannot be told apart.
            raise StoreError(f"bad PostgreSQL URL {target!r}: use postgresql://user@host:port/dbname "
                             "(was the URL passed through a file path, which drops one '/'?)")
        from newsledger.extras import require
        require("psycopg", "postgres", "a PostgreSQL store")   # loads only when used
        from newsledger.store.postgres import PostgresStore
        return PostgresStore(target)
    if "://" in target:
        raise StoreError(f"unknown store URL {target!r}: give a file path, sqlite:///path "
                         "or postgresql://host/dbname")
    return SQLiteStore(target)


def __getattr__(name: str):
    # `from newsledger.store import PostgresStore` without importing psycopg for SQLite users.
    if name == "PostgresStore":
        from newsledger.store.postgres import PostgresStore
        return PostgresStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
