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

import datetime as _dt
import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsledger.records import Claim, Document, Entity
from newsledger.store.base import AddResult, Store, StoreError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d+)_([\w-]+)\.sql$")
BUSY_TIMEOUT_MS = 10_000

_SUMMARY_COLUMNS = ("id", "source", "url", "title", "published", "published_basis", "outlet",
                    "language", "byline", "dateline", "source_id", "duplicate_of",
                    "claim_count", "ingested_at")


def _summary(row: sqlite3.Row) -> dict[str, Any]:
    data = dict(row)
    data["claims"] = data["claim_count"]   # the name the CLI tables show
    return data


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def load_migrations(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, str, str]]:
    """(version, name, sql) of every ``NNNN_name.sql`` in `directory`, in version order."""
    found: dict[int, tuple[int, str, str]] = {}
    for path in sorted(Path(directory).glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise StoreError(f"migration file name not NNNN_name.sql: {path}")
        version = int(match.group(1))
        if version in found:
            raise StoreError(f"two migrations with version {version} in {directory}")
        found[version] = (version, match.group(2), path.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


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


def _entity_columns(prefix: str, entity: Entity | None) -> dict[str, Any]:
    e = entity
    return {
        f"{prefix}_id": e.id if e else None, f"{prefix}_name": e.name if e else None,
        f"{prefix}_type": e.type if e else None, f"{prefix}_iso3": e.iso3 if e else None,
        f"{prefix}_wikidata": e.wikidata if e else None, f"{prefix}_text": e.text if e else None,
    }


def _claim_row(doc_id: str, seq: int, claim: Claim) -> dict[str, Any]:
    record = claim.to_dict()
    q, t, i = claim.quantity, claim.time, claim.item
    row: dict[str, Any] = {
        "doc_id": doc_id, "id": claim.id, "seq": seq, "kind": claim.kind,
        **_entity_columns("actor", claim.actor), **_entity_columns("recipient", claim.recipient),
        "item_category": i.category if i else None, "item_name": i.name if i else None,
        "item_text": i.text if i else None,
        "quantity_value": q.value if q else None, "quantity_low": q.low if q else None,
        "quantity_high": q.high if q else None,
        "quantity_approx": int(bool(q.approx)) if q else None,
        "quantity_increment": int(bool(q.increment)) if q else None,
        "quantity_text": q.text if q else None,
        "time_start": t.start if t else None, "time_end": t.end if t else None,
        "time_granularity": t.granularity if t else None, "time_text": t.text if t else None,
        **_entity_columns("location", claim.location),
        "attribution": json.dumps(record["attribution"], ensure_ascii=False),
        "attribution_path": " > ".join(e.name for e in claim.attribution) or None,
        "modality": claim.modality, "hedged": int(bool(claim.hedged)), "reported": claim.reported,
        "evidence_start": claim.evidence.start, "evidence_end": claim.evidence.end,
        "evidence_text": claim.evidence.text,
        "confidence": record["confidence"], "extractor": claim.extractor,
        "record": json.dumps(record, ensure_ascii=False),
    }
    return row


def _date_bound(value: Any, *, upper: bool) -> str:
    """'2025', '2025-06', '2025-06-19', date or datetime -> an ISO string bound that compares
    correctly with the stored ISO dates (a year or month bound covers the whole period)."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-12-31" if upper else f"{text}-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{text}-31" if upper else f"{text}-01"   # string bound: '-31' sorts after any day
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", text):
        return text[:10]
    raise StoreError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")


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
                             (version, name, _now()))
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
        now = _now()
        try:
            with self._write() as conn:
                if conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone():
                    # Same cleaned text: only the new source is worth recording.
                    cur = conn.execute(
                        "INSERT OR IGNORE INTO sources (source, doc_id, role, seen_at) VALUES (?, ?, 'exact', ?)",
                        (doc.source, doc.id, now))
                    return "exact" if cur.rowcount else "exists"
                conn.execute(
                    "INSERT INTO documents (id, source, url, title, published, published_basis, outlet,"
                    " language, text, byline, dateline, source_id, duplicate_of, removed, claim_count,"
                    " ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (doc.id, doc.source, doc.url, doc.title, doc.published, doc.published_basis,
                     doc.outlet, doc.language, doc.text, doc.byline, doc.dateline, doc.source_id,
                     duplicate_of, json.dumps(doc.removed, ensure_ascii=False) if doc.removed else None,
                     len(doc.claims), now))
                conn.execute("INSERT INTO sources (source, doc_id, role, seen_at) VALUES (?, ?, ?, ?)",
                             (doc.source, doc.id, "near" if duplicate_of else "original", now))
                self._insert_claims(doc.id, doc.claims)
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

    def _insert_claims(self, doc_id: str, claims: Sequence[Claim]) -> None:
        """Inside a write transaction: claims, attribution rows, entities."""
        conn = self._conn
        entities: dict[str, Entity] = {}
        for seq, claim in enumerate(claims):
            row = _claim_row(doc_id, seq, claim)
            cols = ", ".join(row)
            marks = ", ".join("?" * len(row))
            cur = conn.execute(f"INSERT INTO claims ({cols}) VALUES ({marks})", tuple(row.values()))
            claim_pk = cur.lastrowid
            conn.executemany(
                "INSERT INTO claim_attribution (claim_pk, position, entity_id, name, type, iso3, wikidata, text)"
                " VALUES (?,?,?,?,?,?,?,?)",
                [(claim_pk, pos, e.id, e.name, e.type, e.iso3, e.wikidata, e.text)
                 for pos, e in enumerate(claim.attribution)])
            for e in (claim.actor, claim.recipient, claim.location, *claim.attribution):
                if e is not None and e.id:
                    entities.setdefault(e.id, e)
        if entities:
            # First name seen wins; later runs fill in iso3/wikidata that were missing.
            conn.executemany(
                "INSERT INTO entities (id, name, type, iso3, wikidata) VALUES (?,?,?,?,?)"
                " ON CONFLICT(id) DO UPDATE SET iso3 = coalesce(entities.iso3, excluded.iso3),"
                " wikidata = coalesce(entities.wikidata, excluded.wikidata)",
                [(e.id, e.name, e.type, e.iso3, e.wikidata) for e in entities.values()])

    # -- reading -------------------------------------------------------------------------
    def get_document(self, doc_id: str) -> Document | None:
        """The document with its claims; a unique id prefix (4+ characters) is enough.
        None when nothing matches; StoreError when a prefix matches several."""
        row = self._conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None and len(doc_id) >= 4:
            rows = self._conn.execute("SELECT * FROM documents WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
                                      (doc_id, doc_id + "\uffff")).fetchall()
            if len(rows) > 1:
                raise StoreError(f"document id prefix {doc_id!r} is ambiguous ({rows[0]['id']}, {rows[1]['id']}, ...)")
            row = rows[0] if rows else None
        if row is None:
            return None
        doc_id = row["id"]
        claims = [Claim.from_dict(json.loads(r["record"])) for r in self._conn.execute(
            "SELECT record FROM claims WHERE doc_id = ? ORDER BY seq", (doc_id,))]
        return Document(
            id=row["id"], source=row["source"], title=row["title"], published=row["published"],
            published_basis=row["published_basis"], outlet=row["outlet"], language=row["language"],
            text=row["text"], claims=claims, url=row["url"], byline=row["byline"],
            dateline=row["dateline"], source_id=row["source_id"], duplicate_of=row["duplicate_of"],
            removed=json.loads(row["removed"]) if row["removed"] else [])

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
        sql = (f"SELECT {', '.join(_SUMMARY_COLUMNS)} FROM documents {where}"
               " ORDER BY published IS NULL, published DESC, pk LIMIT ? OFFSET ?")
        return [_summary(r) for r in self._conn.execute(sql, (limit, offset))]

    def search(self, query: str, limit: int = 50, offset: int = 0,
               include_duplicates: bool = False) -> list[dict[str, Any]]:
        """FTS5 search over title + text (FTS5 syntax: words, "phrases", AND/OR/NOT, prefix*,
        title:word). Each summary has `rank` (bm25, lower is better) and a `snippet`."""
        cols = ", ".join(f"d.{c}" for c in _SUMMARY_COLUMNS)
        dup = "" if include_duplicates else "AND d.duplicate_of IS NULL"
        sql = (f"SELECT {cols}, documents_fts.rank AS rank,"
               " snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet"
               " FROM documents_fts JOIN documents AS d ON d.pk = documents_fts.rowid"
               f" WHERE documents_fts MATCH ? {dup} ORDER BY documents_fts.rank LIMIT ? OFFSET ?")
        try:
            return [_summary(r) for r in self._conn.execute(sql, (query, limit, offset))]
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}. Use FTS5 syntax: words, "
                             '"exact phrases", AND / OR / NOT, prefix*, title:word') from exc

    def count_documents(self, include_duplicates: bool = True) -> int:
        where = "" if include_duplicates else " WHERE duplicate_of IS NULL"
        return self._conn.execute(f"SELECT count(*) FROM documents{where}").fetchone()[0]

    def claims(self, kind: str | None = None, actor: str | None = None,
               recipient: str | None = None, item: str | None = None,
               since: Any = None, until: Any = None, modality: str | None = None,
               doc: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
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
        where, args = [], []
        if kind:
            where.append("c.kind = ?"); args.append(kind)
        for prefix, value in (("actor", actor), ("recipient", recipient)):
            if value:
                where.append(f"(c.{prefix}_iso3 = ? OR c.{prefix}_name = ? OR c.{prefix}_id = ?)")
                args += [value] * 3
        if item:
            where.append("(c.item_category = ? OR c.item_name = ?)"); args += [item, item]
        if modality:
            where.append("c.modality = ?"); args.append(modality)
        if doc:
            where.append("c.doc_id = ?"); args.append(doc)
        if since is not None:
            where.append("coalesce(c.time_end, c.time_start, c.reported) >= ?")
            args.append(_date_bound(since, upper=False))
        if until is not None:
            where.append("coalesce(c.time_start, c.time_end, c.reported) <= ?")
            args.append(_date_bound(until, upper=True))
        sql = ("SELECT c.doc_id, c.record, d.title AS doc_title, d.outlet AS doc_outlet,"
               " d.published AS doc_published FROM claims AS c JOIN documents AS d ON d.id = c.doc_id"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY d.published IS NULL, d.published, c.doc_id, c.seq")
        if limit is not None:
            sql += " LIMIT ?"; args.append(int(limit))
        out = []
        for r in self._conn.execute(sql, args):
            record = json.loads(r["record"])
            record.update(doc_id=r["doc_id"], doc_title=r["doc_title"], doc_outlet=r["doc_outlet"],
                          doc_published=r["doc_published"])
            out.append(record)
        return out

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        # fetchall: the caller may write while iterating (a live cursor would see new rows).
        rows = self._conn.execute(
            "SELECT s.doc_id, s.minhash FROM signatures AS s JOIN documents AS d ON d.id = s.doc_id"
            " WHERE d.duplicate_of IS NULL ORDER BY d.pk").fetchall()
        for doc_id, blob in rows:
            yield doc_id, bytes(blob)

    def stats(self) -> dict[str, Any]:
        one = lambda sql: self._conn.execute(sql).fetchone()[0]  # noqa: E731
        by = lambda col: dict(self._conn.execute(  # noqa: E731
            f"SELECT {col}, count(*) FROM claims GROUP BY {col} ORDER BY count(*) DESC, {col}").fetchall())
        return {
            "path": self.path,
            "schema_version": self.schema_version,
            "documents": one("SELECT count(*) FROM documents"),
            "originals": one("SELECT count(*) FROM documents WHERE duplicate_of IS NULL"),
            "near_duplicates": one("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"),
            "exact_duplicates": one("SELECT count(*) FROM sources WHERE role = 'exact'"),
            "sources": one("SELECT count(*) FROM sources"),
            "claims": one("SELECT count(*) FROM claims"),
            "entities": one("SELECT count(*) FROM entities"),
            "signatures": one("SELECT count(*) FROM signatures"),
            "claims_by_kind": by("kind"),
            "claims_by_modality": by("modality"),
            "outlets": one("SELECT count(DISTINCT outlet) FROM documents"),
            "published_first": one("SELECT min(published) FROM documents"),
            "published_last": one("SELECT max(published) FROM documents"),
        }

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Read-only SQL for power users and the web layer (a write raises StoreError)."""
        self._conn.execute("PRAGMA query_only = ON")
        try:
            return [dict(r) for r in self._conn.execute(sql, params)]
        except sqlite3.Error as exc:
            raise StoreError(f"query failed: {exc}") from exc
        finally:
            self._conn.execute("PRAGMA query_only = OFF")

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
