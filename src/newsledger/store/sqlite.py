"""The default store: one SQLite file, readable in Datasette or the sqlite3 shell.

- Schema from numbered SQL files in `migrations/` (``0001_initial.sql``, ...), each applied in
  its own transaction and recorded in ``schema_migrations``; ``PRAGMA user_version`` follows.
- WAL journal, foreign keys on, ``busy_timeout``; every write is ``BEGIN IMMEDIATE`` so a
  second writer waits instead of failing half-way.
- One document = one transaction (document row, sources row, claims, attribution rows,
  entities, FTS rows through triggers, signature): a killed process leaves either the whole
  document or nothing, and re-running finishes the job.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsledger.records import Claim, Document
from newsledger.store import reviews, rows
from newsledger.store.base import AddResult, Store, StoreError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000


def load_migrations(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, str, str]]:
    """(version, name, sql) of every ``NNNN_name.sql`` in `directory` (default: SQLite's)."""
    return rows.load_migrations(directory)


def split_sql(script: str) -> list[str]:
    """Split a script into statements. sqlite3.complete_statement knows trigger bodies, so
    cutting at each ';' that completes a statement is exact; executescript() cannot be used
    because it commits first, and each migration must run inside our own transaction."""
    statements, buffer = [], ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if _strip_comments(buffer).strip(" \t\r\n;"):
                statements.append(buffer.strip())
            buffer = ""
    return statements


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


class SQLiteStore(Store):
    """A newsledger store in one SQLite file (``":memory:"`` works too, for tests)."""

    def __init__(self, path: str | Path, *, migrations_dir: str | Path | None = None,
                 timeout: float = BUSY_TIMEOUT_MS / 1000) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: no implicit transactions; we issue BEGIN IMMEDIATE ourselves.
            self._conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc
        self._conn.row_factory = sqlite3.Row
        self._conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        self._conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL is safe against a killed process (only power loss can drop
            # the last commits, never corrupt), and commits per document stay cheap.
            self._conn.execute("PRAGMA synchronous = NORMAL")
        self._migrations = load_migrations(Path(migrations_dir) if migrations_dir else MIGRATIONS_DIR)
        self.applied_now: list[int] = self.migrate()
        # False only for a store held at an older schema (tests build such): no reviews there.
        self._reviews = self._conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reviews'").fetchone() is not None

    # -- migrations ----------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> list[int]:
        """Apply pending migrations in order, each in its own transaction; the versions applied."""
        conn = self._conn
        conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                     " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        applied_now = []
        known = max((v for v, _, _ in self._migrations), default=0)
        for version, name, sql in self._migrations:
            with self._write():
                # Checked inside the write lock: another process may have just migrated.
                done = {r[0] for r in conn.execute("SELECT version FROM schema_migrations")}
                if version in done:
                    continue
                try:
                    for statement in split_sql(sql):
                        conn.execute(statement)
                except sqlite3.Error as exc:
                    raise StoreError(f"migration {version:04d}_{name} failed: {exc}") from exc
                conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                             (version, name, rows.now()))
                conn.execute(f"PRAGMA user_version = {int(version)}")
                applied_now.append(version)
        newest = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0] or 0
        if newest > known:
            raise StoreError(f"{self.path} has schema version {newest}, newer than this "
                             f"newsledger knows ({known}): upgrade newsledger")
        return applied_now

    # -- transactions --------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; taken IMMEDIATE so the write lock is held from the start."""
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            conn.execute("COMMIT")

    # -- writing -------------------------------------------------------------------------
    def add_document(self, doc: Document, *, minhash: bytes | None = None) -> AddResult:
        duplicate_of = doc.duplicate_of if doc.duplicate_of != doc.id else None
        now = rows.now()
        try:
            with self._write() as conn:
                if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
                    # Same cleaned text: only the new source is worth recording.
                    cur = conn.execute(
                        "INSERT OR IGNORE INTO sources (source, doc_id, role, seen_at) VALUES (?, ?, 'exact', ?)",
                        (doc.source, doc.id, now))
                    return "exact" if cur.rowcount else "exists"
                conn.execute(
                    f"INSERT INTO documents ({', '.join(rows.DOCUMENT_COLUMNS)})"
                    f" VALUES ({', '.join('?' * len(rows.DOCUMENT_COLUMNS))})",
                    rows.document_row(doc, duplicate_of, now))
                conn.execute("INSERT INTO sources (source, doc_id, role, seen_at) VALUES (?, ?, ?, ?)",
                             (doc.source, doc.id, "near" if duplicate_of else "original", now))
                self._insert_claims(doc.id, doc.claims)
                if self._reviews:
                    reviews.reapply(_Sql(conn), doc.id)
                if minhash is not None and not duplicate_of:
                    conn.execute("INSERT INTO signatures (doc_id, minhash) VALUES (?, ?)",
                                 (doc.id, bytes(minhash)))
                return "near" if duplicate_of else "new"
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"cannot store document {doc.id} ({doc.source}): {exc}"
                             + (f" (is its original {duplicate_of} stored?)" if duplicate_of else "")) from exc

    def replace_claims(self, doc_id: str, claims: Sequence[Claim]) -> None:
        with self._write() as conn:
            if not conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone():
                raise StoreError(f"no document {doc_id}")
            conn.execute("DELETE FROM claims WHERE doc_id = ?", (doc_id,))  # cascades to attribution
            self._insert_claims(doc_id, claims)
            conn.execute("UPDATE documents SET claim_count = ? WHERE id = ?", (len(claims), doc_id))
            if self._reviews:
                reviews.reapply(_Sql(conn), doc_id)   # analysts' reviews outlive re-extraction

    def _insert_claims(self, doc_id: str, claims: Sequence[Claim]) -> None:
        """Inside a write transaction: claims, attribution rows, entities."""
        conn = self._conn
        for seq, claim in enumerate(claims):
            row = rows.claim_row(doc_id, seq, claim)
            cols = ", ".join(row)
            marks = ", ".join("?" * len(row))
            cur = conn.execute(f"INSERT INTO claims ({cols}) VALUES ({marks})", tuple(row.values()))
            conn.executemany(
                f"INSERT INTO claim_attribution ({', '.join(rows.ATTRIBUTION_COLUMNS)})"
                f" VALUES ({', '.join('?' * len(rows.ATTRIBUTION_COLUMNS))})",
                rows.attribution_rows(cur.lastrowid, claim))
        entities = rows.claim_entities(claims)
        if entities:
            # First name seen wins; later runs fill in iso3/wikidata that were missing.
            conn.executemany(
                "INSERT INTO entities (id, name, type, iso3, wikidata) VALUES (?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET iso3 = coalesce(entities.iso3, excluded.iso3),"
                " wikidata = coalesce(entities.wikidata, excluded.wikidata)",
                [rows.entity_row(e) for e in entities.values()])

    # -- the register as tables ------------------------------------------------------------
    def refresh_register(self) -> None:
        """Rewrite threads, facts, conflicts, flows and their FTS indexes in one transaction."""
        from newsledger.store import register_tables
        records = register_tables.table_records(self)
        with self._write() as conn:
            register_tables.refresh_sqlite(conn, records)

    def has_register_tables(self) -> bool:
        from newsledger.store import register_tables
        return register_tables.sqlite_has_tables(lambda sql: self._conn.execute(sql).fetchone()[0])

    # -- reading -------------------------------------------------------------------------
    def get_document(self, doc_id: str) -> Document | None:
        """The document with its claims; a unique id prefix (4+ characters) is enough.
        None when nothing matches; StoreError when a prefix matches several."""
        row = self._conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None and len(doc_id) >= 4:
            found = self._conn.execute("SELECT * FROM documents WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                                       (doc_id, doc_id + "\uffff")).fetchall()
            if len(found) > 1:
                raise StoreError(f"document id prefix {doc_id!r} is ambiguous ({found[0]['id']}, {found[1]['id']}, ...)")
            row = found[0] if found else None
        if row is None:
            return None
        claims = [Claim.from_dict(json.loads(r["record"])) for r in self._conn.execute(
            f"SELECT record FROM claims WHERE doc_id = ? {self._visible} ORDER BY seq", (row["id"],))]
        return rows.document_from_row(row, claims)

    def has_document(self, doc_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and self.has_document(doc_id)

    def has_source(self, source: str) -> bool:
        return self._conn.execute("SELECT 1 FROM sources WHERE source = ? LIMIT 1",
                                  (source,)).fetchone() is not None

    def sources(self, doc_id: str) -> list[dict[str, Any]]:
        """Every source a document was read from (original first)."""
        return [dict(r) for r in self._conn.execute(
            "SELECT source, role, seen_at FROM sources WHERE doc_id = ?"
            " ORDER BY role != 'original', seen_at, source", (doc_id,))]

    def documents(self, query: str | None = None, limit: int = 50, offset: int = 0,
                  include_duplicates: bool = False) -> list[dict[str, Any]]:
        """Summaries (no text), newest first; with `query`, FTS5 matches by relevance."""
        if query:
            return self.search(query, limit=limit, offset=offset, include_duplicates=include_duplicates)
        where = "" if include_duplicates else "WHERE duplicate_of IS NULL"
        sql = (f"SELECT {', '.join(rows.SUMMARY_COLUMNS)} FROM documents {where}"
               " ORDER BY published IS NULL, published DESC, pk LIMIT ? OFFSET ?")
        return [rows.summary(r) for r in self._conn.execute(sql, (limit, offset))]

    def search(self, query: str, limit: int = 50, offset: int = 0,
               include_duplicates: bool = False) -> list[dict[str, Any]]:
        """FTS5 search over title + text (FTS5 syntax: words, "phrases", AND/OR/NOT, prefix*,
        title:word). Each summary has `rank` (bm25, lower is better) and a `snippet`."""
        cols = ", ".join(f"d.{c}" for c in rows.SUMMARY_COLUMNS)
        dup = "" if include_duplicates else "AND d.duplicate_of IS NULL"
        sql = (f"SELECT {cols}, documents_fts.rank AS rank,"
               " snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet"
               " FROM documents_fts JOIN documents AS d ON d.pk = documents_fts.rowid"
               f" WHERE documents_fts MATCH ? {dup} ORDER BY documents_fts.rank LIMIT ? OFFSET ?")
        try:
            return [rows.summary(r) for r in self._conn.execute(sql, (query, limit, offset))]
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}. Use FTS5 syntax: words, "
                             '"exact phrases", AND / OR / NOT, prefix*, title:word') from exc

    def count_documents(self, include_duplicates: bool = True) -> int:
        where = "" if include_duplicates else " WHERE duplicate_of IS NULL"
        return self._conn.execute(f"SELECT count(*) FROM documents{where}").fetchone()[0]

    def claims(self, kind: str | None = None, actor: str | None = None,
               recipient: str | None = None, item: str | None = None,
               since: Any = None, until: Any = None, modality: str | None = None,
               doc: str | None = None, limit: int | None = None,
               min_confidence: float | None = None) -> list[dict[str, Any]]:
        """Claims as contract dicts plus `doc_id`, `doc_title`, `doc_outlet`, `doc_published`.

        - `actor` / `recipient`: iso3, name or entity id, case-insensitive ("PRK",
          "north korea", "country:PRK").
        - `item`: item category or name ("munitions", "artillery shells").
        - `since` / `until` (YYYY, YYYY-MM, YYYY-MM-DD or a date): the claim's date interval
          must overlap [since, until]. Its interval is the event time (`time_start` ..
          `time_end`); a claim with no event time falls back to `reported`. Claims with
          neither are left out when since/until is given.
        Ordered by document date, document, then text order.
        """
        # The columns compared are COLLATE NOCASE, so a plain '=' is case-insensitive.
        sql, args = rows.claims_query(mark="?", nocase=lambda col: f"{col} = ?", kind=kind, actor=actor,
                                      recipient=recipient, item=item, since=since, until=until,
                                      modality=modality, doc=doc, limit=limit, min_confidence=min_confidence,
                                      reviews=self._reviews)
        return [rows.claim_from_row(r) for r in self._conn.execute(sql, args)]

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        # fetchall: the caller may write while iterating (a live cursor would see new rows).
        found = self._conn.execute(
            "SELECT s.doc_id, s.minhash FROM signatures AS s JOIN documents AS d ON d.id = s.doc_id"
            " WHERE d.duplicate_of IS NULL ORDER BY d.pk").fetchall()
        for doc_id, blob in found:
            yield doc_id, bytes(blob)

    def stats(self) -> dict[str, Any]:
        return rows.stats(self.path, self.schema_version,
                          one=lambda sql: self._conn.execute(sql).fetchone()[0],
                          pairs=lambda sql: [tuple(r) for r in self._conn.execute(sql)])

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Read-only SQL for power users and the web layer (a write raises StoreError)."""
        self._conn.execute("PRAGMA query_only = ON")
        try:
            return [dict(r) for r in self._conn.execute(sql, params)]
        except sqlite3.Error as exc:
            raise StoreError(f"query failed: {exc}") from exc
        finally:
            self._conn.execute("PRAGMA query_only = OFF")

    @property
    def _visible(self) -> str:
        return f"AND {reviews.VISIBLE}" if self._reviews else ""

    @contextmanager
    def _review_sql(self, *, write: bool) -> Iterator[_Sql]:
        if write:
            with self._write() as conn:
                yield _Sql(conn)
        else:
            yield _Sql(self._conn)

    def close(self) -> None:
        if self._conn is not None:
            try:
                if self.path != ":memory:":
                    self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
            self._conn.close()
            self._conn = None  # type: ignore[assignment]

    def __enter__(self) -> SQLiteStore:
        return self

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"


class _Sql:
    """The `reviews.Sql` adapter over a sqlite3 connection."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def all(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(sql, tuple(params))]

    def run(self, sql: str, params: Any = ()) -> None:
        self.conn.execute(sql, tuple(params))
