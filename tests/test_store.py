"""The store behaviour every backend shares, run against SQLite and PostgreSQL (the `store`
fixture): round trip of every contract field, idempotent ingest, duplicates, claim filters,
a failed document write. Then the SQLite-only parts: its file, migrations read with plain
sqlite3, FTS5 search, and a writer killed with SIGKILL mid-ingest. PostgreSQL-only tests are
in test_store_postgres.py."""
from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsledger.records import Claim, Document, Entity, Evidence, Item, Quantity, TimeSpan, document_id
from newsledger.store import SQLiteStore, Store, StoreError, open_store
from newsledger.store.postgres import PostgresStore
from newsledger.store.sqlite import MIGRATIONS_DIR, split_sql

PRK = Entity(id="country:PRK", name="North Korea", type="country", text="North Korea", iso3="PRK", wikidata="Q423")
RUS = Entity(id="country:RUS", name="Russia", type="country", text="Russia", iso3="RUS", wikidata="Q159")
UNN = Entity(id="org:unn", name="UNN", type="organization", text="UNN")
NHK = Entity(id="org:nhk", name="NHK", type="organization", text="NHK", wikidata="Q200396")
DIPLO = Entity(id="group:diplomatic-sources", name="diplomatic sources", type="group", text="diplomatic sources")
SHIN = Entity(id="person:shin-won-sik", name="Shin Won Sik", type="person", text="Shin Won Sik",
              country="KOR", role="defence minister")
TATARSTAN = Entity(id="place:tatarstan", name="Tatarstan", type="place", text="Tatarstan")

TEXT = ("North Korea will send workers to a Russian drone factory, NHK reported citing diplomatic "
        "sources. It is planned to send 25 000 workers from North Korea there. South Korean Defense "
        "Minister Shin Won Sik said on June 14 that North Korea had sent containers to Russia that "
        "could hold nearly 5 million artillery shells.")


def sentence(text: str, needle: str) -> Evidence:
    start = text.index(needle)
    return Evidence(start=start, end=start + len(needle), text=needle)


def full_claims(text: str = TEXT) -> list[Claim]:
    return [
        Claim(id="c1", kind="deploy", actor=PRK, recipient=RUS,
              item=Item(category="personnel", name="workers", text="workers"),
              quantity=Quantity(value=25000, low=None, high=None, approx=False, increment=False, text="25 000"),
              time=TimeSpan(start="2025-01-01", end="2025-12-31", granularity="year", text="this year"),
              location=TATARSTAN, attribution=[UNN, NHK, DIPLO], modality="planned",
              reported="2025-06-19", evidence=sentence(text, "It is planned to send 25 000 workers from North Korea there."),
              confidence=0.85, extractor="rules/deploy@0.1", hedged=True),
        Claim(id="c2", kind="transfer", actor=PRK, recipient=RUS,
              item=Item(category="munitions", name="artillery shells", text="artillery shells"),
              quantity=Quantity(value=5000000, low=None, high=5000000, approx=True, increment=False, text="nearly 5 million"),
              time=None, location=None, attribution=[UNN, SHIN], modality="occurred",
              reported="2025-06-14", evidence=sentence(text, "could hold nearly 5 million artillery shells."),
              confidence=0.7, extractor="rules/transfer@0.1"),
        Claim(id="c3", kind="meet", actor=None, recipient=None, item=None, quantity=None, time=None,
              location=None, attribution=[], modality="occurred", reported=None,
              evidence=Evidence(start=0, end=10, text=text[:10]), confidence=0.3, extractor="rules/meet@0.1"),
    ]


def make_doc(text: str = TEXT, source: str = "seeds/002.txt", claims: list[Claim] | None = None, **kw) -> Document:
    fields = dict(id=document_id(text), source=source, title="North Korea will send workers to Russia",
                  published="2025-06-19", published_basis="header", outlet="UNN", language="en", text=text,
                  claims=full_claims(text) if claims is None else claims,
                  url="https://unn.ua/en/news/x", byline="Anna Ivanova", dateline="Kyiv",
                  source_id="002", removed=["$41.500.06", "36492 views"])
    fields.update(kw)
    return Document(**fields)


BACKENDS = ["sqlite", "postgresql"]


def open_backend(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    if backend == "sqlite":
        return SQLiteStore(tmp_path / "ledger.db")
    # Asked for lazily, so a SQLite-only run never starts PostgreSQL.
    return PostgresStore(request.getfixturevalue("pg_url"))


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """A fresh, migrated store of each backend in turn."""
    with open_backend(request.param, request, tmp_path) as s:
        yield s


@pytest.fixture
def sqlite_store(tmp_path: Path):
    with SQLiteStore(tmp_path / "ledger.db") as s:
        yield s


# -- schema and migrations -------------------------------------------------------------------

# every numbered migration the package ships, in order: [(1, "initial"), (2, "dedup"), ...]
SHIPPED = [(int(p.name[:4]), p.stem[5:]) for p in sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql"))]
LATEST = SHIPPED[-1][0]


def test_migrations_create_schema_and_reopen_applies_nothing(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    assert SHIPPED[:2] == [(1, "initial"), (2, "dedup")]
    with SQLiteStore(path) as s:
        assert s.applied_now == [v for v, _ in SHIPPED]
        assert s.schema_version == LATEST
    with SQLiteStore(path) as s:
        assert s.applied_now == []
        assert s.schema_version == LATEST
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT version, name, applied_at FROM schema_migrations ORDER BY version").fetchall()
    assert [(v, n) for v, n, _ in rows] == SHIPPED
    assert all(applied for _, _, applied in rows)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST


def test_older_file_is_upgraded(tmp_path: Path) -> None:
    v1 = tmp_path / "migrations_v1"
    v1.mkdir()
    shutil.copy(MIGRATIONS_DIR / "0001_initial.sql", v1)
    path = tmp_path / "old.db"
    doc = make_doc()
    with SQLiteStore(path, migrations_dir=v1) as old:
        assert old.schema_version == 1
        old._conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone()
        assert old._conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'signatures'").fetchone()[0] == 0
        # the v1 schema can hold a document (no signature table yet, so no minhash)
        assert old.add_document(doc) == "new"
    with SQLiteStore(path) as new:
        assert new.applied_now == [v for v, _ in SHIPPED[1:]]
        assert new.schema_version == LATEST
        assert new.get_document(doc.id) == doc
        assert list(new.minhashes()) == []


def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    mig = tmp_path / "migrations"
    mig.mkdir()
    shutil.copy(MIGRATIONS_DIR / "0001_initial.sql", mig)
    (mig / "0002_broken.sql").write_text("CREATE TABLE half_done (a INTEGER);\nCREATE TABLE oops (;\n")
    path = tmp_path / "ledger.db"
    with pytest.raises(StoreError, match="0002_broken"):
        SQLiteStore(path, migrations_dir=mig)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations")] == [1]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    SQLiteStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migrations VALUES (99, 'future', '2030-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(path)


def test_split_sql_keeps_trigger_bodies() -> None:
    statements = split_sql((MIGRATIONS_DIR / "0001_initial.sql").read_text())
    triggers = [s for s in statements if "CREATE TRIGGER" in s]
    assert len(triggers) == 3 and all(t.rstrip().endswith("END;") for t in triggers)


def test_plain_sqlite3_sees_readable_schema(sqlite_store: SQLiteStore) -> None:
    sqlite_store.add_document(make_doc())
    conn = sqlite3.connect(sqlite_store.path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert {"documents", "claims", "claim_attribution", "entities", "sources", "signatures",
            "duplicates", "schema_migrations", "documents_fts"} <= names
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    row = conn.execute("SELECT actor_iso3, recipient_name, item_category, quantity_value, time_start,"
                       " location_name, attribution_path, modality, evidence_text FROM claims WHERE id = 'c1'").fetchone()
    assert row == ("PRK", "Russia", "personnel", 25000, "2025-01-01", "Tatarstan",
                   "UNN > NHK > diplomatic sources", "planned",
                   "It is planned to send 25 000 workers from North Korea there.")
    chain = conn.execute("SELECT a.name FROM claim_attribution a JOIN claims c ON c.pk = a.claim_pk"
                         " WHERE c.id = 'c1' ORDER BY a.position").fetchall()
    assert [r[0] for r in chain] == ["UNN", "NHK", "diplomatic sources"]
    assert conn.execute("SELECT name, iso3, wikidata FROM entities WHERE id = 'country:PRK'").fetchone() == (
        "North Korea", "PRK", "Q423")


def test_open_store_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///rel.db") as s:
        assert isinstance(s, SQLiteStore)
    assert (tmp_path / "rel.db").exists()
    with open_store(f"sqlite:///{tmp_path}/abs.db"):
        pass
    assert (tmp_path / "abs.db").exists()
    with open_store(tmp_path / "p.db"):
        pass
    with open_store("sqlite:///:memory:") as s:
        assert s.add_document(make_doc()) == "new"
    with pytest.raises(StoreError, match="bad PostgreSQL URL"):
        open_store("postgresql:/me@host/ledger")     # a URL that went through pathlib.Path
    with pytest.raises(StoreError):
        open_store("ftp://x/y")


# -- writing and reading ---------------------------------------------------------------------

def test_round_trip_preserves_every_field(store: Store) -> None:
    doc = make_doc()
    assert store.add_document(doc) == "new"
    back = store.get_document(doc.id)
    assert back == doc                                   # dataclass equality: every field
    assert back.to_dict() == doc.to_dict()               # and the JSON contract form
    assert back.claims[0].actor.wikidata == "Q423" and back.claims[1].attribution[1].role == "defence minister"
    assert back.claims[0].hedged is True and back.claims[0].quantity.approx is False
    assert back.claims[1].quantity.high == 5000000 and back.claims[1].quantity.approx is True
    assert back.text[back.claims[0].evidence.start:back.claims[0].evidence.end] == back.claims[0].evidence.text
    assert store.get_document("nope") is None
    assert store.get_document(doc.id[:6]) == doc               # a unique prefix is enough
    other = make_doc(doc.id[:6] + " shares a prefix? No: ids are hashes.", source="x", claims=[])
    store.add_document(other)
    assert store.get_document(other.id[:8]) == other
    summary = next(d for d in store.documents() if d["id"] == doc.id)
    assert summary["id"] == doc.id and summary["claim_count"] == summary["claims"] == 3 and "text" not in summary


def test_add_is_idempotent(store: Store) -> None:
    doc = make_doc()
    assert store.add_document(doc) == "new"
    assert store.add_document(doc) == "exists"
    assert store.add_document(make_doc(source="mirror/002.html")) == "exact"
    assert store.add_document(make_doc(source="mirror/002.html")) == "exists"
    assert store.count_documents() == 1
    assert store.stats()["claims"] == 3
    assert [s["source"] for s in store.sources(doc.id)] == ["seeds/002.txt", "mirror/002.html"]
    assert store.has_source("mirror/002.html") and not store.has_source("elsewhere")
    dups = store.execute("SELECT doc_id, original_id, kind, source FROM duplicates")
    assert dups == [{"doc_id": doc.id, "original_id": doc.id, "kind": "exact", "source": "mirror/002.html"}]


def test_near_duplicate_is_a_linked_copy(store: Store) -> None:
    original = make_doc()
    store.add_document(original, minhash=b"\x01" * 512)
    copy_text = "WORLD | POLITICS\n\n" + TEXT
    copy = make_doc(copy_text, source="wire/copy.txt", claims=[], duplicate_of=original.id)
    assert store.add_document(copy, minhash=b"\x02" * 512) == "near"
    assert store.add_document(copy) == "exists"
    assert store.get_document(copy.id).duplicate_of == original.id
    assert store.count_documents() == 2 and store.count_documents(include_duplicates=False) == 1
    assert [d["id"] for d in store.documents()] == [original.id]
    assert {d["id"] for d in store.documents(include_duplicates=True)} == {original.id, copy.id}
    assert list(store.minhashes()) == [(original.id, b"\x01" * 512)]   # copies keep no signature
    stats = store.stats()
    assert stats["near_duplicates"] == 1 and stats["originals"] == 1


def test_near_duplicate_of_unknown_original_writes_nothing(store: Store) -> None:
    copy = make_doc(duplicate_of="0000000000000000")
    with pytest.raises(StoreError, match="original"):
        store.add_document(copy)
    assert store.count_documents() == 0 and store.stats()["claims"] == 0 and store.stats()["sources"] == 0


def test_failed_document_write_leaves_nothing_and_keeps_stored_data(store: Store) -> None:
    kept = make_doc()
    store.add_document(kept, minhash=b"\x01" * 64)
    before = store.stats()
    # The second claim repeats the first one's id: the claims insert fails after the
    # document, source and first claim rows were written, so they must all roll back.
    text = "Another article entirely. It repeats a claim id, which the store refuses."
    first, second = full_claims()[:2]
    bad = make_doc(text, source="bad.txt", claims=[first, dataclasses.replace(second, id=first.id)])
    with pytest.raises(StoreError, match=bad.id):
        store.add_document(bad, minhash=b"\x02" * 64)
    assert store.stats() == before
    assert not store.has_document(bad.id) and not store.has_source("bad.txt")
    assert store.get_document(kept.id) == kept and list(store.minhashes()) == [(kept.id, b"\x01" * 64)]
    # the store is still usable (PostgreSQL: no transaction left aborted)
    good = make_doc(text, source="good.txt", claims=[first])
    assert store.add_document(good) == "new" and store.get_document(good.id) == good


def test_entities_keep_first_name_and_fill_missing_ids(store: Store) -> None:
    bare = Entity(id="country:PRK", name="North Korea", type="country", text="North Korea")
    full = Entity(id="country:PRK", name="DPRK", type="country", text="DPRK", iso3="PRK", wikidata="Q423")
    one, two = "North Korea sent shells.", "The DPRK sent more shells."
    store.add_document(make_doc(one, source="1", claims=[dataclasses.replace(full_claims()[1], actor=bare)]))
    store.add_document(make_doc(two, source="2", claims=[dataclasses.replace(full_claims()[1], actor=full)]))
    assert store.execute("SELECT name, iso3, wikidata FROM entities WHERE id = 'country:PRK'") == [
        {"name": "North Korea", "iso3": "PRK", "wikidata": "Q423"}]


def test_negative_limit_means_no_limit(store: Store) -> None:
    """SQLite's reading of LIMIT -1, which callers rely on; PostgreSQL must not refuse it."""
    doc = make_doc()
    store.add_document(doc)
    assert [d["id"] for d in store.documents(limit=-1, offset=-5)] == [doc.id]
    assert len(store.claims(limit=-1)) == 3 and len(store.claims(limit=0)) == 0
    assert [d["id"] for d in store.search("workers", limit=-1)] == [doc.id]


def test_replace_claims(store: Store) -> None:
    doc = make_doc()
    store.add_document(doc)
    store.replace_claims(doc.id, doc.claims[1:2])
    assert [c.id for c in store.get_document(doc.id).claims] == ["c2"]
    assert store.execute("SELECT count(*) AS n FROM claim_attribution")[0]["n"] == 2
    assert store.documents()[0]["claim_count"] == 1
    with pytest.raises(StoreError):
        store.replace_claims("missing", [])


def test_execute_is_read_only(store: Store) -> None:
    store.add_document(make_doc())
    with pytest.raises(StoreError):
        store.execute("DELETE FROM documents")
    assert store.count_documents() == 1
    store.add_document(make_doc("Another text entirely about something else.", source="b", claims=[]))
    assert store.count_documents() == 2


# -- search ----------------------------------------------------------------------------------

def test_fts_search(sqlite_store: SQLiteStore) -> None:
    a = make_doc()
    b = make_doc("The Bank of England held interest rates at 4.5% on Thursday.", source="b.txt",
                 title="Rates on hold", claims=[])
    sqlite_store.add_document(a)
    sqlite_store.add_document(b)
    assert [d["id"] for d in sqlite_store.search("artillery")] == [a.id]
    assert [d["id"] for d in sqlite_store.search('"interest rates"')] == [b.id]
    assert [d["id"] for d in sqlite_store.search("title:rates")] == [b.id]
    assert [d["id"] for d in sqlite_store.search("drone* OR bank")] and len(sqlite_store.search("drone* OR bank")) == 2
    assert sqlite_store.search("korea NOT russia") == []
    assert [d["id"] for d in sqlite_store.documents(query="shells")] == [a.id]
    assert "[artillery]" in sqlite_store.search("artillery")[0]["snippet"]
    for bad in ('"unterminated', "AND OR", "title:(", "nocolumn:word"):
        with pytest.raises(StoreError, match="search query"):
            sqlite_store.search(bad)


def test_fts_follows_updates_and_deletes(sqlite_store: SQLiteStore) -> None:
    doc = make_doc()
    sqlite_store.add_document(doc)
    sqlite_store._conn.execute("UPDATE documents SET text = 'nothing to see' WHERE id = ?", (doc.id,))
    assert sqlite_store.search("artillery") == [] and len(sqlite_store.search("nothing")) == 1
    sqlite_store._conn.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
    assert sqlite_store.search("nothing") == []
    assert sqlite_store.execute("SELECT count(*) AS n FROM claims")[0]["n"] == 0      # cascade


# -- claim filters ---------------------------------------------------------------------------

def test_claim_filters(store: Store) -> None:
    doc = make_doc()
    store.add_document(doc)
    ids = lambda **kw: [c["id"] for c in store.claims(**kw)]  # noqa: E731
    assert ids() == ["c1", "c2", "c3"]
    assert ids(kind="transfer") == ["c2"]
    assert ids(actor="prk") == ids(actor="North Korea") == ids(actor="country:PRK") == ["c1", "c2"]
    assert ids(recipient="RUS") == ["c1", "c2"] and ids(recipient="PRK") == []
    assert ids(item="munitions") == ids(item="Artillery Shells") == ["c2"]
    assert ids(modality="planned") == ["c1"]
    assert ids(doc=doc.id, limit=1) == ["c1"]
    # since/until: event time, else the reported date; claims with neither are left out
    assert ids(since="2025-06-15") == ["c1"]                 # c1's 2025 interval; c2 reported 06-14
    assert ids(until="2025-06-14") == ["c1", "c2"]
    assert ids(since="2025-06", until="2025-06") == ["c1", "c2"]
    assert ids(since="2026") == [] and ids(until="2024") == []
    import datetime
    assert ids(since=datetime.date(2025, 6, 14), until=datetime.date(2025, 6, 14)) == ["c1", "c2"]
    with pytest.raises(StoreError):
        store.claims(since="last week")
    c = store.claims(kind="deploy")[0]
    assert c["doc_id"] == doc.id and c["doc_outlet"] == "UNN" and c["quantity"]["value"] == 25000
    assert [e["name"] for e in c["attribution"]] == ["UNN", "NHK", "diplomatic sources"]
    stats = store.stats()
    assert stats["claims_by_kind"] == {"deploy": 1, "meet": 1, "transfer": 1}
    assert stats["entities"] == 7


# -- a writer killed mid-ingest --------------------------------------------------------------

N_DOCS = 1500

WRITER = textwrap.dedent('''
    import sys
    from newsledger.records import Claim, Document, Entity, Evidence, document_id
    from newsledger.store import SQLiteStore

    def claims_for(i):
        return 5 + i % 20

    def make(i):
        text = f"Document number {i}. " + " ".join(f"Sentence {k} of document {i} mentions Russia." for k in range(40))
        actor = Entity(id="country:PRK", name="North Korea", type="country", iso3="PRK")
        claims = [Claim(id=f"c{k}", kind="deploy", actor=actor, recipient=None, item=None, quantity=None,
                        time=None, location=None,
                        attribution=[Entity(id="org:unn", name="UNN", type="organization"),
                                     Entity(id=f"person:p{k}", name=f"Person {k}", type="person")],
                        modality="occurred", reported="2025-06-19",
                        evidence=Evidence(start=0, end=9, text=text[:9]), confidence=0.5, extractor="test")
                  for k in range(claims_for(i))]
        return Document(id=document_id(text), source=f"kill://{i}", title=f"Doc {i}", published="2025-06-19",
                        published_basis="metadata", outlet="Test", language="en", text=text, claims=claims)

    counts = {}
    with SQLiteStore(sys.argv[1]) as store:
        for i in range(int(sys.argv[2])):
            result = store.add_document(make(i), minhash=bytes(512))
            counts[result] = counts.get(result, 0) + 1
    print(counts)
''')


def expected_claims(source: str) -> int:
    return 5 + int(source.removeprefix("kill://")) % 20


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_whole_documents(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    SQLiteStore(path).close()   # create the schema first, so the writer is busy writing documents
    cmd = [sys.executable, "-c", WRITER, str(path), str(N_DOCS)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader = sqlite3.connect(path, timeout=10)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored = reader.execute("SELECT count(*) FROM documents").fetchone()[0]
        if stored >= 100:
            break
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.close()
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()

    with SQLiteStore(path) as store:
        conn = store._conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        docs = conn.execute("SELECT d.id, d.source, d.claim_count, (SELECT count(*) FROM claims c WHERE c.doc_id = d.id),"
                            " (SELECT count(*) FROM claim_attribution a JOIN claims c ON c.pk = a.claim_pk"
                            "  WHERE c.doc_id = d.id), (SELECT count(*) FROM signatures s WHERE s.doc_id = d.id)"
                            " FROM documents d").fetchall()
        killed_at = len(docs)
        assert 100 <= killed_at < N_DOCS, "the writer should have been killed part-way"
        for doc_id, source, claim_count, n_claims, n_attr, n_sig in docs:
            want = expected_claims(source)
            assert claim_count == n_claims == want, (doc_id, source)
            assert n_attr == 2 * want and n_sig == 1
        assert store.search("russia", limit=10_000).__len__() == killed_at   # FTS in step

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.strip() == str({"exists": killed_at, "new": N_DOCS - killed_at}
                                       if killed_at else {"new": N_DOCS})
    with SQLiteStore(path) as store:
        conn = store._conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.count_documents() == N_DOCS
        assert conn.execute("SELECT count(DISTINCT source) FROM sources").fetchone()[0] == N_DOCS
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == N_DOCS
        assert store.stats()["claims"] == sum(5 + i % 20 for i in range(N_DOCS))
        assert conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == N_DOCS


def test_ambiguous_id_prefix(store: Store) -> None:
    seen: dict[str, str] = {}
    i = 0
    while True:   # two texts whose ids share their first 4 hex digits (birthday: ~300 tries)
        text = f"Text number {i} of a set."
        prefix = document_id(text)[:4]
        if prefix in seen:
            break
        seen[prefix] = text
        i += 1
    store.add_document(make_doc(seen[prefix], source="a", claims=[]))
    store.add_document(make_doc(text, source="b", claims=[]))
    with pytest.raises(StoreError, match="ambiguous"):
        store.get_document(prefix)
    assert store.get_document(document_id(text)).text == text
