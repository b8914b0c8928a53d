"""`--workers N`: worker processes clean and extract, the parent decides duplicates in input
order and writes; the store must end up exactly as with one process."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newsledger import workers
from newsledger.pipeline import BATCH_SIZE, extract_records, ingest
from newsledger.records import Document
from newsledger.store import SQLiteStore

ROOT = Path(__file__).resolve().parents[1]
PHRASINGS = ROOT / "tests" / "fixtures" / "phrasings"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A JSON Lines corpus larger than several batches, with exact copies and near copies of
    earlier articles spread over later batches (the order-dependent part of ingest)."""
    articles = [p.read_text(encoding="utf-8") for p in sorted(PHRASINGS.glob("*.txt"))]
    articles += [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    rows = []
    for round_ in range(3):
        for number, text in enumerate(articles):
            if round_ == 1:
                text = text + "\n\nThis story was updated with reporting from our correspondents."
            rows.append({"id": f"r{round_}-{number}", "text": text, "outlet": "Wire"})
    rows.insert(40, {"id": "empty", "text": "   "})     # skipped: no text
    path = tmp_path_factory.mktemp("workers") / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert len(rows) > 2 * BATCH_SIZE
    return path


def _store_content(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return {
            "documents": conn.execute("SELECT pk, id, source, duplicate_of, claim_count FROM documents ORDER BY pk").fetchall(),
            "sources": conn.execute("SELECT source, doc_id, role FROM sources ORDER BY source, doc_id").fetchall(),
            "claims": conn.execute("SELECT doc_id, seq, record FROM claims ORDER BY doc_id, seq").fetchall(),
            "signatures": conn.execute("SELECT doc_id, minhash FROM signatures ORDER BY doc_id").fetchall(),
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def single_process(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("one") / "one.db"
    with SQLiteStore(db) as store:
        report = ingest([str(corpus)], store, workers_count=1)
    return db, report


def test_two_workers_store_exactly_what_one_process_stores(corpus, single_process, tmp_path):
    one_db, one = single_process
    two_db = tmp_path / "two.db"
    with SQLiteStore(two_db) as store:
        two = ingest([str(corpus)], store, workers_count=2)
    assert one.as_dict() == two.as_dict()
    # 27 originals; round 1 adds a line (near copies), round 2 repeats round 0 (exact copies)
    assert (two.new, two.near_duplicate, two.duplicate, two.skipped) == (27, 27, 27, 1)
    assert two.claims > 40
    assert _store_content(one_db) == _store_content(two_db)


def test_parallel_ingest_is_idempotent(corpus, single_process, tmp_path):
    one_db, _ = single_process
    db = tmp_path / "again.db"
    with SQLiteStore(db) as store:
        ingest([str(corpus)], store, workers_count=2)
        again = ingest([str(corpus)], store, workers_count=2)
    assert again.new == again.claims == 0 and again.existing == 81
    assert _store_content(db)["claims"] == _store_content(one_db)["claims"]


def test_extract_records_in_workers_match_one_process(corpus):
    skipped_one, skipped_two = [], []
    one = [d.to_dict() for d in extract_records([str(corpus)], workers_count=1, on_skip=skipped_one.append)]
    two = [d.to_dict() for d in extract_records([str(corpus)], workers_count=2, on_skip=skipped_two.append)]
    assert one == two and len(one) == 81
    assert [s.source for s in skipped_one] == [s.source for s in skipped_two] == [f"{corpus}:41"]


def test_a_failing_document_costs_only_itself(monkeypatch):
    class Flaky:
        def annotate(self, docs):
            for doc in docs:
                if "BOOM" in doc.text:
                    raise ValueError("parser exploded")
                doc.claims = []

    monkeypatch.setattr(workers, "_extractor", lambda: Flaky())
    docs = [Document(id=f"d{i}", source=f"s{i}", title=None, published=None, published_basis="none",
                     outlet=None, language="en", text=text)
            for i, text in enumerate(["fine", "BOOM here", "also fine"])]
    failures = workers.annotate_safely(docs)
    assert [(d.id, "parser exploded" in reason) for d, reason in failures] == [("d1", True)]
    assert docs[0].claims == [] and docs[2].claims == []


def test_failed_documents_are_reported_not_stored(monkeypatch, tmp_path):
    class Broken:
        def annotate(self, docs):
            raise RuntimeError("model file truncated")

    monkeypatch.setattr(workers, "_extractor", lambda: Broken())
    source = tmp_path / "a.txt"
    source.write_text("Russia sent 100 tanks to Syria on Monday, officials said.", encoding="utf-8")
    with SQLiteStore(tmp_path / "s.db") as store:
        report = ingest([str(source)], store, workers_count=1)
        assert store.count_documents() == 0
    assert report.new == 0 and report.skipped == 1
    assert report.reasons[0][0] == str(source) and "model file truncated" in report.reasons[0][1]


def test_cli_workers_option(corpus, tmp_path):
    from conftest import run_cli
    db = tmp_path / "cli.db"
    done = run_cli("ingest", str(corpus), "--db", str(db), "--workers", "2", "-f", "json")
    summary = json.loads(done.stdout)[0]
    assert (summary["new"], summary["near_duplicate"], summary["duplicate"]) == (27, 27, 27)
    bad = run_cli("ingest", str(corpus), "--db", str(db), "--workers", "0", check=False)
    assert bad.returncode != 0 and "--workers" in bad.stderr.decode()


def _resident_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


@pytest.mark.skipif(not Path("/proc/self/status").exists() or workers._malloc_trim() is None,
                    reason="needs Linux with glibc")
def test_release_free_memory_returns_pages_freed_between_live_objects():
    """What a batch leaves behind: blocks freed between survivors stay resident until
    released (glibc cannot shrink a heap whose top is live)."""
    blocks = [bytes(2048) for _ in range(60_000)]   # ~120 MiB outside Python's small-object arenas
    survivors = blocks[::500]
    del blocks
    before = _resident_mib()
    workers.release_free_memory()
    assert _resident_mib() < before - 50
    assert len(survivors) == 120
