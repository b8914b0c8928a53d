"""The PostgreSQL store on a real server (see conftest.py: one throwaway server per session,
a fresh database per test): schema parity with SQLite, migrations (including several
processes starting at once), PostgreSQL full-text search, and a whole ingest giving the same
claims and register as the SQLite store. The behaviour both backends share is tested in
test_store.py against both."""
from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from conftest import EXAMPLES, run_cli
from newsledger.register import register_from_store
from newsledger.store import PostgresStore, SQLiteStore, StoreError, open_store
from newsledger.store import postgres as pg_module
from newsledger.store import sqlite as sqlite_module
from newsledger.store.rows import load_migrations
from test_store import make_doc

PG_MIGRATIONS = pg_module.MIGRATIONS_DIR
SQLITE_MIGRATIONS = sqlite_module.MIGRATIONS_DIR
VERSIONS = [v for v, _, _ in load_migrations(PG_MIGRATIONS)]


@pytest.fixture
def pg_store(pg_url: str):
    with PostgresStore(pg_url) as s:
        yield s


def raw(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """A query through a plain psycopg connection, as another client of the database sees it."""
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(sql, params or None)
        return cur.fetchall() if cur.description else []


# -- schema ----------------------------------------------------------------------------------

def test_migration_folders_have_the_same_versions_and_names() -> None:
    sqlite_names = [(v, n) for v, n, _ in load_migrations(SQLITE_MIGRATIONS)]
    pg_names = [(v, n) for v, n, _ in load_migrations(PG_MIGRATIONS)]
    assert pg_names == sqlite_names
    assert pg_names[:2] == [(1, "initial"), (2, "dedup")]


def _sqlite_schema(path: Path) -> tuple[dict[str, list[str]], set[str]]:
    conn = sqlite3.connect(path)
    # The FTS5 table and its shadow tables are SQLite's search machinery, not data.
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'documents_fts%' ORDER BY name")]
    columns = {n: [r[1] for r in conn.execute(f"PRAGMA table_info({n})")] for n in names}
    indexes = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%'")}
    conn.close()
    return columns, indexes


def _pg_schema(url: str) -> tuple[dict[str, list[str]], set[str]]:
    columns: dict[str, list[str]] = {}
    for table, column in raw(url, "SELECT table_name, column_name FROM information_schema.columns"
                                  " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"):
        columns.setdefault(table, []).append(column)
    # Primary-key and UNIQUE constraint indexes are SQLite's sqlite_autoindex_* (left out there).
    indexes = {r[0] for r in raw(url, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                                      " AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_key'")}
    return columns, indexes


def test_schema_matches_sqlite(tmp_path: Path, pg_store: PostgresStore, pg_url: str) -> None:
    SQLiteStore(tmp_path / "ledger.db").close()
    sqlite_columns, sqlite_indexes = _sqlite_schema(tmp_path / "ledger.db")
    pg_columns, pg_indexes = _pg_schema(pg_url)
    # PostgreSQL's full-text index is a generated column of documents, not a separate table.
    assert pg_columns["documents"][-1] == "search_vector"
    pg_columns["documents"].pop()
    assert pg_columns == sqlite_columns
    assert pg_indexes - {"documents_search"} == sqlite_indexes
    assert {"documents", "claims", "claim_attribution", "entities", "sources", "signatures",
            "duplicates", "schema_migrations"} <= set(pg_columns)


def test_same_rows_in_both_backends(tmp_path: Path, pg_store: PostgresStore, pg_url: str) -> None:
    """Exports and hand-written SQL read the same values from either backend."""
    doc = make_doc()
    with SQLiteStore(tmp_path / "ledger.db") as lite:
        lite.add_document(doc, minhash=b"\x07" * 32)
    pg_store.add_document(doc, minhash=b"\x07" * 32)
    conn = sqlite3.connect(tmp_path / "ledger.db")
    for table, order in (("claims", "seq"), ("claim_attribution", "claim_pk, position"), ("entities", "id"),
                         ("signatures", "doc_id")):
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "pk"]
        sql = f"SELECT {', '.join(cols)} FROM {table} ORDER BY {order}"
        assert raw(pg_url, sql) == conn.execute(sql).fetchall(), table
    cols = [c for c in _sqlite_schema(tmp_path / "ledger.db")[0]["documents"] if c not in ("pk", "ingested_at")]
    sql = f"SELECT {', '.join(cols)} FROM documents"
    assert raw(pg_url, sql) == conn.execute(sql).fetchall()


# -- migrations ------------------------------------------------------------------------------

def test_migrations_create_schema_and_reopen_applies_nothing(pg_url: str) -> None:
    with PostgresStore(pg_url) as s:
        assert s.applied_now == VERSIONS and s.schema_version == VERSIONS[-1]
    with PostgresStore(pg_url) as s:
        assert s.applied_now == [] and s.schema_version == VERSIONS[-1]
    rows = raw(pg_url, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
    assert [(v, n) for v, n, _ in rows] == [(v, n) for v, n, _ in load_migrations(PG_MIGRATIONS)]
    assert all(applied for _, _, applied in rows)


def test_older_database_is_upgraded(pg_url: str, tmp_path: Path) -> None:
    v1 = tmp_path / "migrations_v1"
    v1.mkdir()
    shutil.copy(PG_MIGRATIONS / "0001_initial.sql", v1)
    doc = make_doc()
    with PostgresStore(pg_url, migrations_dir=v1) as old:
        assert old.schema_version == 1
        assert raw(pg_url, "SELECT to_regclass('signatures')") == [(None,)]
        assert old.add_document(doc) == "new"      # v1 can hold a document (no minhash yet)
    with PostgresStore(pg_url) as new:
        assert new.applied_now == VERSIONS[1:] and new.schema_version == VERSIONS[-1]
        assert new.get_document(doc.id) == doc
        assert list(new.minhashes()) == []


def test_failed_migration_rolls_back(pg_url: str, tmp_path: Path) -> None:
    mig = tmp_path / "migrations"
    mig.mkdir()
    shutil.copy(PG_MIGRATIONS / "0001_initial.sql", mig)
    (mig / "0002_broken.sql").write_text("CREATE TABLE half_done (a INTEGER);\nCREATE TABLE oops (;\n")
    with pytest.raises(StoreError, match="0002_broken"):
        PostgresStore(pg_url, migrations_dir=mig)
    # PostgreSQL DDL is transactional: the first statement of 0002 is undone too.
    assert raw(pg_url, "SELECT to_regclass('half_done')") == [(None,)]
    assert raw(pg_url, "SELECT version FROM schema_migrations") == [(1,)]


def test_newer_schema_is_refused(pg_url: str) -> None:
    PostgresStore(pg_url).close()
    raw(pg_url, "INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')")
    with pytest.raises(StoreError, match="newer"):
        PostgresStore(pg_url)


def _start_together(n: int, start: Callable[[], list[int]]) -> list[list[int] | BaseException]:
    """Run `start` in n threads released at the same moment; each one's result or exception."""
    barrier = threading.Barrier(n)
    results: list[list[int] | BaseException] = [[] for _ in range(n)]

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = start()
        except BaseException as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_concurrent_starters_migrate_once(pg_url: str, tmp_path: Path) -> None:
    # 0001 made slow, so every starter arrives while the first is still inside it. Without the
    # advisory lock they would all run it: "relation already exists", or a duplicate key in
    # schema_migrations.
    slow = tmp_path / "slow"
    shutil.copytree(PG_MIGRATIONS, slow)
    first = slow / "0001_initial.sql"
    first.write_text("SELECT pg_sleep(0.3);\n" + first.read_text())

    def start() -> list[int]:
        with PostgresStore(pg_url, migrations_dir=slow) as s:
            assert s.schema_version == VERSIONS[-1]
            return s.applied_now

    results = _start_together(4, start)
    assert not [r for r in results if isinstance(r, BaseException)], results
    applied = sorted(v for r in results for v in r)
    assert applied == VERSIONS                      # each migration applied by exactly one starter
    assert raw(pg_url, "SELECT version FROM schema_migrations ORDER BY version") == [(v,) for v in VERSIONS]
    with PostgresStore(pg_url) as s:                # and the shipped set sees nothing left to do
        assert s.applied_now == []


def test_concurrent_writers_of_one_text(pg_store: PostgresStore, pg_url: str) -> None:
    """Several processes storing the same article from different sources at once: one 'new',
    the others 'exact', no error (the insert race ends in ON CONFLICT, not a failure)."""
    stores = [PostgresStore(pg_url) for _ in range(4)]
    it = iter(range(4))
    lock = threading.Lock()

    def write() -> list[int]:
        with lock:
            i = next(it)
        return [stores[i].add_document(make_doc(source=f"mirror/{i}.html"))]

    results = _start_together(4, write)
    for s in stores:
        s.close()
    assert sorted(r[0] for r in results) == ["exact", "exact", "exact", "new"], results
    stats = pg_store.stats()
    assert stats["documents"] == 1 and stats["sources"] == 4 and stats["claims"] == 3


# -- connecting ------------------------------------------------------------------------------

def test_open_store_urls(pg_url: str) -> None:
    with open_store(pg_url) as s:
        assert isinstance(s, PostgresStore) and s.path == pg_url
        assert s.stats()["path"] == pg_url
    with open_store(pg_url.replace("postgresql://", "postgres://", 1)) as s:
        assert isinstance(s, PostgresStore) and s.applied_now == []


def test_connection_errors_name_the_url_without_password() -> None:
    # Port 1 on loopback: refused at once, no waiting for a timeout.
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://reader:s3cret@127.0.0.1:1/ledger?sslmode=disable&password=other")
    message = str(caught.value)
    assert "postgresql://reader@127.0.0.1:1/ledger?sslmode=disable" in message
    assert "refused" in message.lower()
    assert "s3cret" not in message and "other" not in message and "\n" not in message


# -- full-text search ------------------------------------------------------------------------

def test_full_text_search(pg_store: PostgresStore) -> None:
    a = make_doc()          # North Korean workers; 'artillery shells' once, in the text
    b = make_doc("The Bank of England held interest rates at 4.5% on Thursday.", source="b.txt",
                 title="Rates on hold", claims=[])
    c = make_doc("Artillery production is up. Factories make artillery shells around the clock.",
                 source="c.txt", title="Artillery shells in short supply", claims=[])
    copy = make_doc("WORLD | POLITICS\n\nArtillery production is up. Factories make artillery shells "
                    "around the clock.", source="copy.txt", claims=[], duplicate_of=c.id)
    for doc in (a, b, c, copy):
        pg_store.add_document(doc)
    ids = lambda q, **kw: [d["id"] for d in pg_store.search(q, **kw)]

    hits = pg_store.search("artillery")
    assert [d["id"] for d in hits] == [c.id, a.id]             # title + repeated words rank first
    assert hits[0]["rank"] < hits[1]["rank"] < 0               # minus ts_rank: lower is better
    assert "[artillery]" in hits[1]["snippet"] and "[Artillery]" in hits[0]["snippet"]
    assert hits[1]["claims"] == 3 and "text" not in hits[1]
    assert ids("shell") == [c.id, a.id]                        # English stemming
    assert ids('"interest rates"') == [b.id] and ids('"rates interest"') == []
    assert set(ids("drone OR bank")) == {a.id, b.id}
    assert ids("korea -russia") == [] and ids("korea -bank") == [a.id]
    assert ids("drone*") == [a.id]                             # FTS5's prefix star is just ignored
    assert ids("artillery", limit=1) == [c.id] and ids("artillery", offset=1) == [a.id]
    assert set(ids("artillery", include_duplicates=True)) == {a.id, c.id, copy.id}
    assert [d["id"] for d in pg_store.documents(query="shells")] == ids("shells")
    for bad in ("", "   ", "the and of", "!!! ???", "AND OR", "nul\x00byte"):
        with pytest.raises(StoreError, match="bad search query"):
            pg_store.search(bad)


def test_search_follows_updates_and_deletes(pg_store: PostgresStore, pg_url: str) -> None:
    doc = make_doc()
    pg_store.add_document(doc)
    # The tsvector is a generated column: PostgreSQL recomputes it on every write.
    raw(pg_url, "UPDATE documents SET text = 'nothing to see' WHERE id = %s", (doc.id,))
    assert pg_store.search("artillery") == [] and len(pg_store.search("nothing")) == 1
    raw(pg_url, "DELETE FROM documents WHERE id = %s", (doc.id,))
    assert pg_store.search("nothing") == []
    assert pg_store.stats()["claims"] == 0                     # cascade


# -- PostgreSQL specifics --------------------------------------------------------------------

def test_execute_allows_one_read_only_query(pg_store: PostgresStore) -> None:
    doc = make_doc()
    pg_store.add_document(doc)
    assert pg_store.execute("SELECT id FROM documents WHERE id = %s", (doc.id,)) == [{"id": doc.id}]
    assert pg_store.execute("SELECT 'a%' AS pattern") == [{"pattern": "a%"}]
    for write in ("DELETE FROM documents", "COMMIT; DELETE FROM documents",
                  "SELECT 1; DELETE FROM documents",
                  "WITH gone AS (DELETE FROM documents RETURNING id) SELECT * FROM gone",
                  "SELECT setval('documents_pk_seq', 99)"):
        with pytest.raises(StoreError, match="query failed"):
            pg_store.execute(write)
    assert pg_store.count_documents() == 1


def test_nul_character_is_refused_and_nothing_written(pg_store: PostgresStore) -> None:
    """PostgreSQL text cannot hold NUL (SQLite can): a clear StoreError, nothing half-written."""
    pg_store.add_document(make_doc())
    before = pg_store.stats()
    with pytest.raises(StoreError, match="NUL"):
        pg_store.add_document(make_doc("A text with a NUL \x00 in it.", source="nul.txt", claims=[]))
    assert pg_store.stats() == before and not pg_store.has_source("nul.txt")


def test_ordering_is_byte_order_on_a_natural_language_database(pg_database: Callable[..., str]) -> None:
    """Columns that are sorted or compared by range are COLLATE "C", so a database created with a
    language collation (ICU English: 'a' < 'B') still orders and matches prefixes as SQLite."""
    url = pg_database("LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'")
    assert raw(url, "SELECT 'a' < 'B'") == [(True,)]               # the database's own order
    with PostgresStore(url) as s:
        doc = make_doc()
        s.add_document(doc)
        for source in ("b.txt", "B.txt", "a.txt", "_.txt"):
            s.add_document(make_doc(source=source))
        assert [r["source"] for r in s.execute("SELECT source FROM sources ORDER BY source")] == sorted(
            ["seeds/002.txt", "b.txt", "B.txt", "a.txt", "_.txt"])   # Python's sort is byte order too
        assert s.get_document(doc.id[:5]) == doc
        assert [c["id"] for c in s.claims(actor="north korea")] == ["c1", "c2"]


# -- a whole ingest, compared with SQLite ----------------------------------------------------

def _comparable_stats(store) -> dict:
    stats = store.stats()
    stats.pop("path")
    return stats


def _summaries(store) -> list[dict]:
    return [{k: v for k, v in d.items() if k != "ingested_at"} for d in store.documents(include_duplicates=True)]


def test_ingest_gives_the_same_claims_and_register_as_sqlite(tmp_path: Path, pg_store: PostgresStore) -> None:
    from newsledger.pipeline import ingest

    # examples/ holds the same two articles as ../shared/seeds.
    with SQLiteStore(tmp_path / "ledger.db") as lite:
        lite_report = ingest([str(EXAMPLES)], lite).as_dict()
        pg_report = ingest([str(EXAMPLES)], pg_store).as_dict()
        assert pg_report == lite_report and pg_report["new"] == 2 and pg_report["claims"] > 10

        claims = pg_store.claims()
        assert claims == lite.claims() and len(claims) == pg_report["claims"]
        for filters in ({"actor": "prk"}, {"recipient": "Russia"}, {"kind": "transfer"},
                        {"item": "MUNITIONS"}, {"since": "2024-06", "until": "2025"}, {"modality": "occurred"},
                        {"doc": claims[-1]["doc_id"], "limit": 3}):
            assert pg_store.claims(**filters) == lite.claims(**filters), filters
        assert _comparable_stats(pg_store) == _comparable_stats(lite)
        assert _summaries(pg_store) == _summaries(lite)
        for summary in pg_store.documents():
            assert pg_store.get_document(summary["id"]) == lite.get_document(summary["id"])
        assert [d[0] for d in pg_store.minhashes()] == [d[0] for d in lite.minhashes()]
        assert dict(pg_store.minhashes()) == dict(lite.minhashes())

        # The register (threads, conflicts, flows, timeline) is built from the store's claims.
        pg_register = register_from_store(pg_store).to_dict()
        assert pg_register == register_from_store(lite).to_dict()
        assert pg_register["threads"] and "conflicts" in pg_register

    # Re-ingest adds nothing; bad input is skipped and leaves the stored data as it was.
    before = _comparable_stats(pg_store)
    again = ingest([str(EXAMPLES)], pg_store).as_dict()
    assert again["new"] == 0 and again["existing"] == 2
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (junk / "empty.txt").write_text("")
    bad = ingest([str(junk)], pg_store).as_dict()
    assert bad["new"] == 0 and bad["skipped"] == 2
    assert _comparable_stats(pg_store) == before


def test_cli_over_postgresql(tmp_path: Path, pg_url: str) -> None:
    """`newsledger ingest/claims/threads/conflicts --db postgresql://...` as a user runs them,
    giving the same output as with a SQLite file."""
    from newsledger.pipeline import ingest

    first = json.loads(run_cli("ingest", str(EXAMPLES), "--db", pg_url, "--format", "json").stdout)[0]
    assert first["new"] == 2
    again = json.loads(run_cli("ingest", str(EXAMPLES), "--db", pg_url, "--format", "json").stdout)[0]
    assert again["new"] == 0 and again["existing"] == 2
    lite = tmp_path / "ledger.db"
    with SQLiteStore(lite) as store:       # the reference, ingested in-process (model loaded once)
        ingest([str(EXAMPLES)], store)
    for command in (["claims", "--actor", "prk"], ["threads"], ["conflicts"]):
        pg_out = json.loads(run_cli(*command, "--db", pg_url, "--format", "json").stdout)
        lite_out = json.loads(run_cli(*command, "--db", str(lite), "--format", "json").stdout)
        assert pg_out == lite_out and pg_out, command


# -- the register as tables ------------------------------------------------------------------

def test_register_tables_same_in_both_backends(tmp_path: Path, pg_store: PostgresStore, pg_url: str) -> None:
    """After an ingest of the seeds, PostgreSQL holds the same register tables as SQLite
    (nested parts as JSONB there, JSON text here)."""
    from newsledger.pipeline import ingest
    from newsledger.store.register_tables import TABLES, columns

    examples = Path(__file__).resolve().parents[1] / "examples"
    with SQLiteStore(tmp_path / "ledger.db") as lite:
        ingest([str(examples)], lite)
    ingest([str(examples)], pg_store)
    assert pg_store.has_register_tables()
    conn = sqlite3.connect(tmp_path / "ledger.db")
    for table in TABLES:
        scalar = [c for c, kind in columns(table).items() if kind in ("string", "float64", "int64")]
        sql = f"SELECT {', '.join(scalar)} FROM {table} ORDER BY id"
        lite_rows = conn.execute(sql).fetchall()
        assert lite_rows and raw(pg_url, sql) == lite_rows, table
    conflict = raw(pg_url, "SELECT a -> 'sources' -> 0 ->> 'sentence', conservative FROM conflicts")
    assert len(conflict) == 1 and conflict[0][1] == 5e6 and "shells" in conflict[0][0]
