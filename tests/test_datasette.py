"""The store in Datasette: the register's tables (threads, facts, conflicts, flows) are in the
SQLite file after an ingest, refreshed by the next one, and Datasette finds their full-text
indexes (and the documents') so `?_search=` filters, with the shipped metadata file."""
from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest

from newsledger.pipeline import ingest
from newsledger.register import register_from_store
from newsledger.store import open_store
from newsledger.store.register_tables import TABLES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
METADATA = ROOT / "datasette" / "metadata.json"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    """The seeds (two real UNN articles) ingested one after the other: the second ingest
    must refresh what the first wrote."""
    db = tmp_path_factory.mktemp("datasette") / "newsledger.db"
    first, second = sorted(EXAMPLES.glob("*.txt"))[:2]
    with open_store(str(db)) as store:
        ingest([str(first)], store)
        with sqlite3.connect(db) as conn:
            after_first = conn.execute("SELECT count(*) FROM facts").fetchone()[0]
        ingest([str(second)], store)
        register = register_from_store(store)
    return db, after_first, register


def _get(db: Path, path: str) -> tuple[int, dict | list]:
    datasette = pytest.importorskip("datasette.app")

    async def fetch():
        ds = datasette.Datasette([str(db)], metadata=json.loads(METADATA.read_text(encoding="utf-8")))
        response = await ds.client.get(path)
        return response.status_code, response.json()
    return asyncio.run(fetch())


def test_register_tables_follow_every_ingest(store_path):
    db, after_first, register = store_path
    with sqlite3.connect(db) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        conflict = conn.execute("SELECT why, conservative FROM conflicts").fetchall()
    assert counts == {"threads": len(register.threads), "facts": len(register.facts),
                      "conflicts": len(register.conflicts), "flows": len(register.flows)}
    assert 0 < after_first < counts["facts"]
    # the seeds' shells conflict ("nearly 5 million" vs "up to 6 million"), with its reason
    assert len(conflict) == 1 and conflict[0][1] == 5e6 and conflict[0][0]


def test_datasette_serves_the_register_with_search(store_path):
    db, _, register = store_path
    status, database = _get(db, "/newsledger.json")
    assert status == 200
    tables = {t["name"]: t for t in database["tables"]}
    assert set(TABLES) <= set(tables)
    assert {tables[t]["fts_table"] for t in (*TABLES, "documents")} == {f"{t}_fts" for t in (*TABLES, "documents")}
    status, facts = _get(db, "/newsledger/facts.json?_shape=array&_size=max")
    assert status == 200 and len(facts) == len(register.facts)
    status, shells = _get(db, "/newsledger/facts.json?_search=shells&_shape=array&_size=max")
    assert status == 200 and 0 < len(shells) < len(facts)
    assert all("shells" in (f["item"] or "") + f["evidence"] for f in shells)
    status, docs = _get(db, "/newsledger/documents.json?_search=Alabuga&_shape=array")
    assert status == 200 and len(docs) == 1 and "Alabuga" in docs[0]["text"]
    status, threads = _get(db, "/newsledger/threads.json?_search=personnel&_shape=array")
    assert status == 200 and threads and all("personnel" in (t["title"] or "") for t in threads)


def test_metadata_titles_and_facets(store_path):
    db, _, _ = store_path
    status, page = _get(db, "/newsledger/conflicts.json?_facet=kind")
    assert status == 200 and page["facet_results"]
    status, meta = _get(db, "/-/metadata.json")
    assert meta["databases"]["newsledger"]["tables"]["facts"]["title"] == "Facts"
