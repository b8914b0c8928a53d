"""The flat tables (one row per claim, one per document) on real Voice of America stories read
from JSON Lines with their own `id` and `url`: typed columns in pandas, a URL and a source name
for every claim, the same columns from the listing commands and `export`."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsledger.export import export_store
from newsledger.export.flat import CLAIM_COLUMNS, DOCUMENT_COLUMNS
from newsledger.goldset import name_of, split_of
from newsledger.pipeline import ingest
from newsledger.store import open_store

VOA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
pytestmark = pytest.mark.skipif(not VOA.is_file(), reason="needs ../shared/corpora/voa")


@pytest.fixture(scope="module")
def voa_db(tmp_path_factory):
    """Eight VOA stories of the train and dev splits, as JSON Lines (id, url, no outlet)."""
    stories = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines() if line.strip()]
    chosen = [s for s in stories if split_of(name_of("voa", s["id"])) != "test"][:8]
    folder = tmp_path_factory.mktemp("voa")
    path = folder / "voa.jsonl"
    path.write_text("".join(json.dumps(s) + "\n" for s in chosen), encoding="utf-8")
    db = folder / "newsledger.db"
    with open_store(str(db)) as store:
        report = ingest([str(path)], store)
    assert report.new == len(chosen) and report.claims > 0
    return db, chosen


def test_claims_parquet_opens_in_pandas_typed_with_urls(voa_db, tmp_path):
    pd = pytest.importorskip("pandas")
    db, chosen = voa_db
    out = tmp_path / "claims.parquet"
    with open_store(str(db)) as store:
        count = export_store(store, "parquet", out, what="claims")
        n_claims = len(store.claims())
    assert count == n_claims > 0
    frame = pd.read_parquet(out, dtype_backend="pyarrow")
    assert list(frame.columns) == list(CLAIM_COLUMNS)
    types = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert types["event_date"] == types["reported"] == types["published"] == "date32[day][pyarrow]"
    assert types["value"] == types["low"] == types["high"] == types["confidence"] == "double[pyarrow]"
    assert types["evidence_start"] == "int64[pyarrow]" and types["hedged"] == "bool[pyarrow]"
    assert types["attribution"].startswith("list<element: struct<name: string")
    # a URL for every claim: each story came with its url
    urls = {s["url"] for s in chosen}
    assert frame["url"].notna().all() and set(frame["url"]) <= urls
    # named by the site, never "document 23ad3561"
    assert set(frame["source_name"]) == {"voanews.com"}
    # the default pandas reading too: real dates and floats, not strings
    plain = pd.read_parquet(out)
    assert all(isinstance(d, dt.date) for d in plain["event_date"].dropna())
    assert str(plain["value"].dtype) == "float64"
    assert frame["date_precision"].isin(["day", "month", "quarter", "year", "unknown", "reported"]).all()


def test_documents_keep_their_input_id_and_url(voa_db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    db, chosen = voa_db
    out = tmp_path / "documents.parquet"
    with open_store(str(db)) as store:
        export_store(store, "parquet", out, what="documents")
    rows = pq.read_table(out).to_pylist()
    assert [r for r in rows if r["source_id"]] and list(rows[0]) == list(DOCUMENT_COLUMNS)
    by_id = {s["id"]: s for s in chosen}
    assert {r["source_id"] for r in rows} == set(by_id)
    assert all(r["url"] == by_id[r["source_id"]]["url"] for r in rows)
    assert all(isinstance(r["published"], dt.date) for r in rows)


def test_listing_csv_is_the_export_csv(voa_db):
    from newsledger.cli import app
    db, _ = voa_db
    runner = CliRunner()
    for listing, what in ((["claims"], "claims"), (["docs", "--limit", "100"], "documents"),
                          (["conflicts"], "conflicts"), (["threads"], "threads"), (["flows"], "flows"),
                          (["timeline"], "timeline")):
        shown = runner.invoke(app, [*listing, "--db", str(db), "--format", "csv"])
        exported = runner.invoke(app, ["export", "--db", str(db), "--what", what, "--format", "csv"])
        assert shown.exit_code == 0 and exported.exit_code == 0, (shown.output, exported.output)
        assert shown.stdout == exported.stdout, what
    header = next(csv.reader(io.StringIO(runner.invoke(app, ["claims", "--db", str(db), "-f", "csv"]).stdout)))
    assert header == list(CLAIM_COLUMNS)
    # JSON Lines carry whole records, the same from the listing and from export
    shown = runner.invoke(app, ["claims", "--db", str(db), "-f", "jsonl"]).stdout
    exported = runner.invoke(app, ["export", "--db", str(db), "--what", "claims", "-f", "jsonl"]).stdout
    assert shown == exported and json.loads(shown.splitlines()[0])["evidence"]["text"]


def test_facts_carry_urls_and_source_names(voa_db):
    from newsledger.register import register_from_store
    db, chosen = voa_db
    with open_store(str(db)) as store:
        register = register_from_store(store)
    urls = {s["url"] for s in chosen}
    assert register.facts and all(f.to_dict()["urls"] and set(f.to_dict()["urls"]) <= urls for f in register.facts)
    assert all(s.name == "voanews.com" for f in register.facts for s in f.sources)


def test_pages_link_documents_to_their_url(voa_db):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from newsledger.web import create_app
    db, chosen = voa_db
    with open_store(str(db)) as store:
        docs = store.documents(limit=100)
    client = TestClient(create_app(db))
    for doc in docs:
        page = client.get(f"/document/{doc['id']}")
        assert page.status_code == 200
        assert f'href="{doc["url"]}"' in page.text and "voanews.com" in page.text
        assert "document " + doc["id"][:8] not in page.text
