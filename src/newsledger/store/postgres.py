"""The server store: the same schema, records and behaviour as the SQLite file, on PostgreSQL,
for a register that several people or processes share.

- Schema from numbered SQL files in `migrations_pg/` (the same versions and names as
  SQLite's `migrations/`), each applied in its own transaction and recorded in
  ``schema_migrations``. A transaction-scoped advisory lock serialises migrators, so several
  processes starting at once on an empty database each apply nothing twice.
- One document = one transaction (document row, sources row, claims, attribution rows,
  entities, signature): a killed client leaves the whole document or nothing.
- Claim filters match SQLite's: where SQLite columns are COLLATE NOCASE, PostgreSQL compares
  ``lower(col) = lower(value)`` against expression indexes on ``lower(col)``.
- Full-text search is PostgreSQL's own: a generated ``tsvector`` over title + text ('english'
  configuration, title weighted higher) with a GIN index, queried with ``websearch_to_tsquery``.

    with PostgresStore("postgresql://user@db.example.org/newsledger") as store:
        store.add_document(doc)
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import dict_row, tuple_row

from newsledger.records import Claim, Document
from newsledger.store import reviews, rows
from newsledger.store.base import AddResult, Store, StoreError

MIGRATIONS_DIR = Path(__file__).with_name("migrations_pg")
CONNECT_TIMEOUT_S = 10
MIN_SERVER_VERSION = 120000        # generated columns (12), websearch_to_tsquery (11)
# pg_advisory_xact_lock key held while migrating: "newsledg" as a signed 64-bit integer.
MIGRATION_LOCK = int.from_bytes(b"newsledg", "big", signed=True)
TS_CONFIG = "english"
# ts_headline options: '[' ']' around matches like the SQLite snippet, one short fragment.
HEADLINE_OPTIONS = 'StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=" … "'
SEARCH_SYNTAX = 'words (all must match), "exact phrases", OR, -word to exclude'


def _page(limit: int | None, offset: int = 0) -> tuple[int | None, int]:
    """SQLite reads a negative LIMIT as "no limit" and a negative OFFSET as 0; PostgreSQL
    refuses both (LIMIT NULL is its "no limit")."""
    return (None if limit is None or limit < 0 else limit), max(offset, 0)


def redact_url(url: str) -> str:
    """The URL or conninfo without its password, fit for messages and ``store.path``."""
    if re.match(r"^postgres(ql)?://", url):
        parts = urlsplit(url)
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            netloc = f"{userinfo.split(':', 1)[0]}@{host}"
        query = "&".join(p for p in parts.query.split("&") if p and not p.lower().startswith("password="))
        return urlunsplit(parts._replace(netloc=netloc, query=query))
    try:
        params = conninfo_to_dict(url)
    except psycopg.Error:
        return "(unreadable connection string)"
    params.pop("password", None)
    return make_conninfo(**params)


class PostgresStore(Store):
    """A newsledger store in a PostgreSQL database, given by URL
    (``postgresql://user:password@host:5432/dbname``) or libpq connection string."""

    def __init__(self, url: str, *, migrations_dir: str | Path | None = None,
                 connect_timeout: float = CONNECT_TIMEOUT_S) -> None:
        self.url = redact_url(url)
        self.path = self.url          # what SQLiteStore calls its file: shown by stats() and the CLI
        self._conn: psycopg.Connection | None = None
        self._conn = self._connect(url, connect_timeout)
        try:
            self._migrations = rows.load_migrations(Path(migrations_dir) if migrations_dir else MIGRATIONS_DIR)
            self.applied_now: list[int] = self.migrate()
            # False only for a store held at an older schema (tests build such): no reviews there.
            self._reviews = self._one("SELECT to_regclass('reviews') IS NOT NULL") is True
        except BaseException:
            self.close()      # a store that failed to open leaves no connection behind
            raise

    def _connect(self, url: str, timeout: float) -> psycopg.Connection:
        try:
            given = conninfo_to_dict(url)
        except psycopg.Error as exc:
            raise StoreError(f"bad PostgreSQL URL {self.url}: {exc}") from exc
        options: dict[str, Any] = {}
        if "connect_timeout" not in given:
            options["connect_timeout"] = max(1, int(timeout))
        if "application_name" not in given:
            options["application_name"] = "newsledger"   # tells who is connected in pg_stat_activity
        try:
            # autocommit: every write is an explicit `transaction()` block; reads need none.
            conn = psycopg.connect(url, autocommit=True, row_factory=dict_row, **options)
        except psycopg.Error as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__   # libpq's text spans lines
            raise StoreError(f"cannot connect to PostgreSQL store {self.url}: {reason}") from exc
        if conn.info.server_version < MIN_SERVER_VERSION:
            version = conn.info.server_version
            conn.close()
            raise StoreError(f"{self.url}: PostgreSQL {version // 10000} is too old; newsledger needs 12 or newer")
        return conn

    @property
    def conn(self) -> psycopg.Connection:
        if self._conn is None:
            raise StoreError(f"the store {self.url} is closed")
        return self._conn

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        """psycopg errors (lost connection, bad data) become one clear StoreError."""
        try:
            yield
        except psycopg.Error as exc:
            raise StoreError(f"{what}: {str(exc).strip()}") from exc

    def _one(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        with self._errors(f"query on {self.url} failed"), self.conn.cursor(row_factory=tuple_row) as cur:
            row = cur.execute(sql, params).fetchone()
            return row[0] if row else None

    def _pairs(self, sql: str) -> list[tuple[Any, ...]]:
        with self._errors(f"query on {self.url} failed"), self.conn.cursor(row_factory=tuple_row) as cur:
            return cur.execute(sql).fetchall()

    def _all(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self._errors(f"query on {self.url} failed"):
            return self.conn.execute(sql, params).fetchall()

    # -- migrations ----------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        if self._one("SELECT to_regclass('schema_migrations') IS NOT NULL") is not True:
            return 0
        return self._one("SELECT coalesce(max(version), 0) FROM schema_migrations")

    def _applied(self) -> set[int]:
        if self._one("SELECT to_regclass('schema_migrations') IS NOT NULL") is not True:
            return set()
        return {r[0] for r in self._pairs("SELECT version FROM schema_migrations")}

    def migrate(self) -> list[int]:
        """Apply pending migrations in order, each in its own transaction; the versions applied."""
        conn = self.conn
        known = max((v for v, _, _ in self._migrations), default=0)
        applied_now: list[int] = []
        # Up to date (the usual case): no lock and no write at all.
        if not {v for v, _, _ in self._migrations} <= self._applied():
            for version, name, sql in self._migrations:
                with self._errors(f"migration {version:04d}_{name} failed"), conn.transaction():
                    # Held until this transaction ends: a second starter waits here, then sees
                    # the version recorded and skips it.
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                    conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                 " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
                    if conn.execute("SELECT 1 FROM schema_migrations WHERE version = %s", (version,)).fetchone():
                        continue
                    conn.execute(sql)   # no parameters: the whole script runs as one simple query
                    conn.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s)",
                                 (version, name, rows.now()))
                    applied_now.append(version)
        newest = self.schema_version
        if newest > known:
            raise StoreError(f"{self.url} has schema version {newest}, newer than this "
                             f"newsledger knows ({known}): upgrade newsledger")
        return applied_now

    # -- writing -------------------------------------------------------------------------
    def add_document(self, doc: Document, *, minhash: bytes | None = None) -> AddResult:
        duplicate_of = doc.duplicate_of if doc.duplicate_of != doc.id else None
        now = rows.now()
        conn = self.conn
        try:
            with conn.transaction():
                if conn.execute("SELECT 1 FROM documents WHERE id = %s", (doc.id,)).fetchone():
                    return self._add_exact_source(doc, now)
                cols = rows.DOCUMENT_COLUMNS
                inserted = conn.execute(
                    f"INSERT INTO documents ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
                    " ON CONFLICT (id) DO NOTHING RETURNING pk",
                    rows.document_row(doc, duplicate_of, now)).fetchone()
                if inserted is None:
                    # Another writer committed the same text since our check: as above.
                    return self._add_exact_source(doc, now)
                conn.execute("INSERT INTO sources (source, doc_id, role, seen_at) VALUES (%s, %s, %s, %s)",
                             (doc.source, doc.id, "near" if duplicate_of else "original", now))
                self._insert_claims(doc.id, doc.claims)
                if self._reviews:
                    reviews.reapply(_Sql(conn), doc.id)
                if minhash is not None and not duplicate_of:
                    conn.execute("INSERT INTO signatures (doc_id, minhash) VALUES (%s, %s)",
                                 (doc.id, bytes(minhash)))
                return "near" if duplicate_of else "new"
        except psycopg.IntegrityError as exc:
            raise StoreError(f"cannot store document {doc.id} ({doc.source}): {str(exc).strip()}"
                             + (f" (is its original {duplicate_of} stored?)" if duplicate_of else "")) from exc
        except psycopg.Error as exc:
            # e.g. a NUL character, which PostgreSQL text cannot hold (SQLite can).
            raise StoreError(f"cannot store document {doc.id} ({doc.source}): {str(exc).strip()}") from exc

    def _add_exact_source(self, doc: Document, now: str) -> AddResult:
        """Same cleaned text as a stored document: only the new source is worth recording."""
        cur = self.conn.execute(
            "INSERT INTO sources (source, doc_id, role, seen_at) VALUES (%s, %s, 'exact', %s)"
            " ON CONFLICT DO NOTHING", (doc.source, doc.id, now))
        return "exact" if cur.rowcount else "exists"

    def replace_claims(self, doc_id: str, claims: Sequence[Claim]) -> None:
        conn = self.conn
        with self._errors(f"cannot replace the claims of {doc_id}"), conn.transaction():
            # FOR UPDATE: two re-extractions of one document run one after the other.
            if not conn.execute("SELECT 1 FROM documents WHERE id = %s FOR UPDATE", (doc_id,)).fetchone():
                raise StoreError(f"no document {doc_id}")
            conn.execute("DELETE FROM claims WHERE doc_id = %s", (doc_id,))  # cascades to attribution
            self._insert_claims(doc_id, claims)
            conn.execute("UPDATE documents SET claim_count = %s WHERE id = %s", (len(claims), doc_id))
            if self._reviews:
                reviews.reapply(_Sql(conn), doc_id)   # analysts' reviews outlive re-extraction

    # -- the register as tables ------------------------------------------------------------
    def refresh_register(self) -> None:
        """Rewrite threads, facts, conflicts and flows in one transaction."""
        from newsledger.store import register_tables
        records = register_tables.table_records(self)
        with self._errors("cannot write the register tables"), self.conn.transaction():
            register_tables.refresh_postgres(self.conn, records)

    def has_register_tables(self) -> bool:
        from newsledger.store import register_tables
        found = self._one("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
                          " AND table_name = ANY(%s)", (list(register_tables.TABLES),))
        return found == len(register_tables.TABLES)

    def _insert_claims(self, doc_id: str, claims: Sequence[Claim]) -> None:
        """Inside a write transaction: claims, attribution rows, entities."""
        if not claims:
            return
        claim_rows = [rows.claim_row(doc_id, seq, claim) for seq, claim in enumerate(claims)]
        cols = list(claim_rows[0])
        with self.conn.cursor(row_factory=tuple_row) as cur:
            # executemany pipelines the inserts: one round trip per batch, not per claim.
            cur.executemany(f"INSERT INTO claims ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
                            " RETURNING pk", [tuple(r.values()) for r in claim_rows], returning=True)
            pks = []
            while True:
                pks.append(cur.fetchone()[0])
                if not cur.nextset():
                    break
            attribution = [row for pk, claim in zip(pks, claims, strict=True)
                           for row in rows.attribution_rows(pk, claim)]
            if attribution:
                cur.executemany(f"INSERT INTO claim_attribution ({', '.join(rows.ATTRIBUTION_COLUMNS)})"
                                f" VALUES ({', '.join(['%s'] * len(rows.ATTRIBUTION_COLUMNS))})", attribution)
            # Sorted by id: concurrent writers lock shared entity rows in one order (no deadlock).
            entities = sorted(rows.claim_entities(claims).values(), key=lambda e: e.id)
            if entities:
                # First name seen wins; later runs fill in iso3/wikidata that were missing.
                cur.executemany(
                    "INSERT INTO entities (id, name, type, iso3, wikidata) VALUES (%s, %s, %s, %s, %s)"
                    " ON CONFLICT (id) DO UPDATE SET iso3 = coalesce(entities.iso3, excluded.iso3),"
                    " wikidata = coalesce(entities.wikidata, excluded.wikidata)"
                    " WHERE (entities.iso3 IS NULL AND excluded.iso3 IS NOT NULL)"
                    " OR (entities.wikidata IS NULL AND excluded.wikidata IS NOT NULL)",
                    [rows.entity_row(e) for e in entities])

    # -- reading -------------------------------------------------------------------------
    def get_document(self, doc_id: str) -> Document | None:
        """The document with its claims; a unique id prefix (4+ characters) is enough.
        None when nothing matches; StoreError when a prefix matches several."""
        cols = ", ".join(rows.DOCUMENT_COLUMNS)
        found = self._all(f"SELECT {cols} FROM documents WHERE id = %s", (doc_id,))
        if not found and len(doc_id) >= 4:
            # id is COLLATE "C": the range is a byte-order prefix match, as in SQLite.
            found = self._all(f"SELECT {cols} FROM documents WHERE id >= %s AND id < %s ORDER BY id LIMIT 2",
                              (doc_id, doc_id + "\uffff"))
            if len(found) > 1:
                raise StoreError(f"document id prefix {doc_id!r} is ambiguous ({found[0]['id']}, {found[1]['id']}, ...)")
        if not found:
            return None
        row = found[0]
        claims = [Claim.from_dict(json.loads(r["record"])) for r in self._all(
            f"SELECT record FROM claims WHERE doc_id = %s {self._visible} ORDER BY seq", (row["id"],))]
        return rows.document_from_row(row, claims)

    def has_document(self, doc_id: str) -> bool:
        return bool(self._all("SELECT 1 FROM documents WHERE id = %s", (doc_id,)))

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and self.has_document(doc_id)

    def has_source(self, source: str) -> bool:
        return bool(self._all("SELECT 1 FROM sources WHERE source = %s LIMIT 1", (source,)))

    def sources(self, doc_id: str) -> list[dict[str, Any]]:
        """Every source a document was read from (original first)."""
        return self._all("SELECT source, role, seen_at FROM sources WHERE doc_id = %s"
                         " ORDER BY role != 'original', seen_at, source", (doc_id,))

    def documents(self, query: str | None = None, limit: int = 50, offset: int = 0,
                  include_duplicates: bool = False) -> list[dict[str, Any]]:
        """Summaries (no text), newest first; with `query`, full-text matches by relevance."""
        if query:
            return self.search(query, limit=limit, offset=offset, include_duplicates=include_duplicates)
        where = "" if include_duplicates else "WHERE duplicate_of IS NULL"
        sql = (f"SELECT {', '.join(rows.SUMMARY_COLUMNS)} FROM documents {where}"
               " ORDER BY published IS NULL, published DESC, pk LIMIT %s OFFSET %s")
        return [rows.summary(r) for r in self._all(sql, _page(limit, offset))]

    def search(self, query: str, limit: int = 50, offset: int = 0,
               include_duplicates: bool = False) -> list[dict[str, Any]]:
        """Full-text search over title + text in web-search syntax: words (all must match;
        English stemming, so "shells" finds "shell"), "exact phrases", OR, -word to exclude.
        Each summary has `rank` (minus ts_rank, so lower is better, as SQLite's bm25) and a
        `snippet` of the text with matches in [brackets]. A query with no searchable words
        (empty, only stop words or punctuation) raises StoreError."""
        try:
            parsed = self._one("SELECT websearch_to_tsquery(%s::regconfig, %s)::text", (TS_CONFIG, query))
        except StoreError as exc:   # e.g. a NUL character
            raise StoreError(f"bad search query {query!r}: {exc.__cause__}. Use {SEARCH_SYNTAX}") from exc
        if not parsed:
            raise StoreError(f"bad search query {query!r}: no searchable words (only stop words or "
                             f"punctuation). Use {SEARCH_SYNTAX}")
        dup = "" if include_duplicates else "AND d.duplicate_of IS NULL"
        cols = ", ".join(f"d.{c}" for c in rows.SUMMARY_COLUMNS)
        # Rank and page first, then build headlines (which re-read the whole text) for the
        # page only. ts_rank normalisation 1 divides by 1 + log(length), so long texts do not
        # win on length alone.
        sql = (
            "WITH q AS (SELECT websearch_to_tsquery(%(config)s::regconfig, %(query)s) AS q),"
            " hits AS (SELECT d.pk, -ts_rank(d.search_vector, q.q, 1) AS rank FROM documents AS d, q"
            f"  WHERE d.search_vector @@ q.q {dup} ORDER BY rank, d.pk LIMIT %(limit)s OFFSET %(offset)s)"
            f" SELECT {cols}, hits.rank,"
            " ts_headline(%(config)s::regconfig, d.text, q.q, %(options)s) AS snippet"
            " FROM hits JOIN documents AS d ON d.pk = hits.pk CROSS JOIN q ORDER BY hits.rank, hits.pk")
        limit, offset = _page(limit, offset)
        params = {"config": TS_CONFIG, "query": query, "limit": limit, "offset": offset,
                  "options": HEADLINE_OPTIONS}
        return [rows.summary(r) for r in self._all(sql, params)]

    def count_documents(self, include_duplicates: bool = True) -> int:
        where = "" if include_duplicates else " WHERE duplicate_of IS NULL"
        return self._one(f"SELECT count(*) FROM documents{where}")

    def claims(self, kind: str | None = None, actor: str | None = None,
               recipient: str | None = None, item: str | None = None,
               since: Any = None, until: Any = None, modality: str | None = None,
               doc: str | None = None, limit: int | None = None,
               min_confidence: float | None = None) -> list[dict[str, Any]]:
        """Claims as contract dicts plus `doc_id`, `doc_title`, `doc_outlet`, `doc_published`;
        the filters and order of `SQLiteStore.claims`."""
        sql, args = rows.claims_query(mark="%s", nocase=lambda col: f"lower({col}) = lower(%s)", kind=kind,
                                      actor=actor, recipient=recipient, item=item, since=since, until=until,
                                      modality=modality, doc=doc, limit=_page(limit)[0], min_confidence=min_confidence,
                                      reviews=self._reviews)
        return [rows.claim_from_row(r) for r in self._all(sql, args)]

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        # fetched whole: the caller may write while iterating.
        found = self._pairs(
            "SELECT s.doc_id, s.minhash FROM signatures AS s JOIN documents AS d ON d.id = s.doc_id"
            " WHERE d.duplicate_of IS NULL ORDER BY d.pk")
        for doc_id, blob in found:
            yield doc_id, bytes(blob)

    def stats(self) -> dict[str, Any]:
        return rows.stats(self.url, self.schema_version, one=self._one, pairs=self._pairs)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Read-only SQL for power users: one SELECT (or VALUES) query, placeholders %s;
        anything else raises StoreError. It runs through a server-side cursor, which PostgreSQL
        only declares for a single query without data-modifying parts, inside a READ ONLY
        transaction that is always rolled back (so not even a function call can write)."""
        conn = self.conn
        try:
            with conn.transaction(force_rollback=True):
                conn.execute("SET TRANSACTION READ ONLY")
                with conn.cursor(name="newsledger_execute") as cur:
                    cur.execute(sql, params or None)
                    return cur.fetchall()
        except psycopg.Error as exc:
            raise StoreError(f"query failed: {str(exc).strip()} (only one read-only SELECT "
                             "query is allowed)") from exc

    @property
    def _visible(self) -> str:
        return f"AND {reviews.VISIBLE}" if self._reviews else ""

    @contextmanager
    def _review_sql(self, *, write: bool) -> Iterator[_Sql]:
        conn = self.conn
        if write:
            with self._errors(f"review on {self.url} failed"), conn.transaction():
                yield _Sql(conn)
        else:
            with self._errors(f"query on {self.url} failed"):
                yield _Sql(conn)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> PostgresStore:
        return self

    def __repr__(self) -> str:
        return f"PostgresStore({self.url!r})"


class _Sql:
    """The `reviews.Sql` adapter over a psycopg connection ('?' placeholders become '%s')."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    def all(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql.replace("?", "%s"), tuple(params))
        return cur.fetchall() if cur.description else []

    def run(self, sql: str, params: Any = ()) -> None:
        self.conn.execute(sql.replace("?", "%s"), tuple(params))
