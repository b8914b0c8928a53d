"""An ingest with worker processes leaves nothing running when it is killed (SIGKILL) or
told to stop (SIGTERM), and what it stored stays whole: a re-run completes it without
duplicates."""
from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import CORPORA, SESSION_MARKER, marked_processes, wait_until_no_marked_processes


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """600 real news articles as JSON Lines (enough to keep two workers busy for a while)."""
    corpus = CORPORA / "news-bench.jsonl.gz"
    if not corpus.exists():
        pytest.skip(f"{corpus} is absent")
    path = tmp_path_factory.mktemp("lifecycle") / "articles.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for number, line in enumerate(src):
            if number >= 600:
                break
            row = json.loads(line)
            out.write(json.dumps({"id": row["id"], "text": row["text"], "published": row["published"]}) + "\n")
    return path


def _start(articles: Path, db: Path, marker: str) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("newsledger")
    env = {**os.environ, SESSION_MARKER: marker}
    return subprocess.Popen([str(exe), "ingest", str(articles), "--db", str(db), "--workers", "2"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for_workers(process: subprocess.Popen, marker: str, db: Path, timeout: float = 120.0) -> None:
    """Until both workers run and the first documents are stored."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()
        if len(marked_processes(marker)) >= 3 and _count(db) > 0:
            return
        time.sleep(0.3)
    pytest.fail("the ingest never got going")


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("select count(*) from documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def _consistent(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        docs = conn.execute("select count(*) from documents").fetchone()[0]
        distinct = conn.execute("select count(distinct id) from documents").fetchone()[0]
        orphans = conn.execute("select count(*) from claims where doc_id not in (select id from documents)"
                               ).fetchone()[0]
    assert docs == distinct and orphans == 0
    return docs, orphans


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_no_process_survives_the_run(articles, tmp_path, sig):
    marker = uuid.uuid4().hex
    db = tmp_path / "ledger.db"
    process = _start(articles, db, marker)
    _wait_for_workers(process, marker, db)
    process.send_signal(sig)
    process.wait(timeout=30)
    left = wait_until_no_marked_processes(marker, timeout=10.0)
    assert not left, f"alive after {sig.name}: {left}"
    if sig == signal.SIGTERM:
        assert process.returncode == 143
        assert b"terminated" in process.stderr.read()
    stored, _ = _consistent(db)
    assert stored > 0
    # the same command again completes the work: nothing lost, nothing twice
    rerun = _start(articles, db, marker)
    assert rerun.wait(timeout=900) == 0, rerun.stderr.read().decode()
    complete, _ = _consistent(db)
    assert complete >= stored
    again = _start(articles, db, marker)
    assert again.wait(timeout=900) == 0
    assert _consistent(db)[0] == complete
    assert not wait_until_no_marked_processes(marker, timeout=10.0)
