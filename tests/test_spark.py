"""The Spark batch job against the single-process path, on real Spark in local mode.

One corpus (the two seed articles and some phrasing fixtures as JSON Lines, gzipped JSON
Lines in a subfolder and a WARC made with warcio; with an exact repeat, near copies, a blank
line, bad lines and a 404) goes through `pipeline.ingest` into SQLite and through the Spark
job; documents (ids, duplicate_of, sources) and claims must be equal, and `newsledger load`
of the Parquet must give the same store. One SparkSession for the module (startup is slow).

Without Java or pyspark the Spark tests skip and say why; with CI set they fail instead.
"""
from __future__ import annotations

import collections
import gzip
import html
import io
import json
import os
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT, SHARED, run_cli

from newsledger.clean.dedup import Deduplicator
from newsledger.records import document_id
from newsledger.scale import MANIFEST, ScaleError
from newsledger.scale.near import (
    Resolver,
    band_keys,
    bucket_pairs,
    score_pair,
    signature,
    threshold,
)

SEEDS = SHARED / "seeds"
PHRASINGS = ROOT / "tests" / "fixtures" / "phrasings"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the Spark tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def spark():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        _unavailable("pyspark is not installed (make install installs it)")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        _unavailable("no Java runtime (make system-deps installs default-jre-headless)")
    from newsledger.scale.spark import session

    session_ = session("local[2]", conf=["spark.ui.enabled=false", "spark.sql.shuffle.partitions=2",
                                         "spark.ui.showConsoleProgress=false"])
    yield session_
    session_.stop()
    # The JVM behind the session would live until this Python process exits; stop it now so
    # that the session's no-process-left check (conftest) sees nothing of Spark.
    from pyspark import SparkContext
    gateway = SparkContext._gateway
    if gateway is not None:
        gateway.shutdown()
        process = getattr(gateway, "proc", None)
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except Exception:  # noqa: BLE001 - a JVM that ignores SIGTERM is killed
                process.kill()
        SparkContext._gateway = None
        SparkContext._jvm = None


# ---------------------------------------------------------------- the corpus

def _republish(text: str) -> str:
    """A wire copy as another site shows it: its own header and footer furniture."""
    return ("World | Politics | Asia-Pacific\n\n" + text
            + "\n\nRead also: Oil prices rise after OPEC meeting\nShare: Facebook Twitter Telegram")


def _edit(text: str, every: int = 25) -> str:
    """Every n-th word changed: a copy with a few words edited."""
    words = text.split(" ")
    return " ".join("reportedly" if i % every == 7 else w for i, w in enumerate(words))


def _html(text: str) -> bytes:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[1:])
    return (f"<html><head><title>{html.escape(paragraphs[0])}</title></head><body><nav>Home | World</nav>"
            f"<article><h1>{html.escape(paragraphs[0])}</h1>{body}</article></body></html>").encode()


def _write_warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, body, status in pages:
            kind = "image/png" if url.endswith(".png") else "text/html; charset=utf-8"
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    phrasings = [p.read_text(encoding="utf-8") for p in sorted(PHRASINGS.glob("*.txt"))[:5]]
    root = tmp_path_factory.mktemp("corpus")
    folder = root / "in"
    (folder / "more").mkdir(parents=True)
    lines = [json.dumps({"id": "seed-0", "text": seeds[0], "outlet": "UNN"}),
             json.dumps({"id": "seed-1", "text": seeds[1], "published": "2025-06-19"}),
             "",
             json.dumps({"id": "repeat", "text": seeds[0], "title": "Same text, other id"}),
             json.dumps({"id": "near", "text": _republish(seeds[1])}),
             "{not json",
             json.dumps({"id": "empty", "title": "no body"}),
             *[json.dumps({"id": f"p{i}", "text": t}) for i, t in enumerate(phrasings[:3])]]
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(folder / "more" / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        for i, text in enumerate(phrasings[3:]):
            handle.write(json.dumps({"id": f"q{i}", "text": text}) + "\n")
        handle.write(json.dumps({"id": "near-2", "text": _edit(phrasings[0])}) + "\n")
    (folder / ".hidden.jsonl").write_text(json.dumps({"text": "never read"}) + "\n", encoding="utf-8")
    _write_warc(root / "news.warc.gz",
                [(f"https://example.org/{i}", _html(t), "200 OK") for i, t in enumerate(phrasings)]
                + [("https://example.org/seed", _html(_edit(seeds[0], 30)), "200 OK"),
                   ("https://example.org/gone", b"<html><body>gone</body></html>", "404 Not Found"),
                   ("https://example.org/logo.png", b"\x89PNG....", "200 OK")])
    return [str(folder), str(root / "news.warc.gz")]


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory):
    """The single-process path: `pipeline.ingest` into a new SQLite store."""
    from newsledger.pipeline import ingest
    from newsledger.store import open_store

    db = tmp_path_factory.mktemp("single") / "single.db"
    with open_store(str(db)) as store:
        report = ingest(corpus, store)
    return report, db


@pytest.fixture(scope="module")
def job(spark, corpus, tmp_path_factory):
    from newsledger.scale.spark import run

    out = tmp_path_factory.mktemp("spark") / "out"
    report = run(spark, corpus, str(out), partitions=2)
    return report, out


def _parquet(folder: Path) -> list[dict]:
    import pyarrow.parquet as pq
    return pq.read_table(str(folder)).to_pylist()


def _store_dump(db: Path) -> dict[str, list]:
    con = sqlite3.connect(db)
    try:
        return {
            "documents": con.execute(
                "SELECT id, source, url, title, published, published_basis, outlet, language, text,"
                " byline, dateline, source_id, duplicate_of, removed, claim_count FROM documents ORDER BY id").fetchall(),
            "sources": con.execute("SELECT source, doc_id, role FROM sources ORDER BY source, doc_id").fetchall(),
            "claims": con.execute(
                "SELECT doc_id, seq, record, quantity_value, typeof(quantity_value), confidence, kind,"
                " actor_id, recipient_id, item_category, attribution_path FROM claims ORDER BY doc_id, seq").fetchall(),
            "signatures": con.execute("SELECT doc_id, minhash FROM signatures ORDER BY doc_id").fetchall(),
            "entities": con.execute("SELECT id, name, type, iso3, wikidata FROM entities ORDER BY id").fetchall(),
        }
    finally:
        con.close()


# ---------------------------------------------------------------- equal to ingest

def test_counts_equal_ingest(single, job):
    ingest_report, _ = single
    report, out = job
    expected = {k: v for k, v in ingest_report.as_dict().items() if k != "skipped_reasons"}
    assert {k: getattr(report, k) for k in expected} == expected
    # the corpus exercises what it is meant to: repeats, near copies, skips, claims
    assert report.duplicate >= 2 and report.near_duplicate >= 2 and report.skipped >= 3 and report.claims > 20
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["counts"]["claims"] == report.claims and len(manifest["files"]) == 3


def test_documents_and_claims_equal_ingest(single, job):
    _, db = single
    _, out = job
    docs = _parquet(out / "documents")
    store = _store_dump(db)
    columns = ("id", "source", "url", "title", "published", "published_basis", "outlet", "language",
               "text", "byline", "dateline", "source_id", "duplicate_of")
    assert sorted(tuple(d[c] for c in columns) + (json.dumps(d["removed"], ensure_ascii=False) if d["removed"] else None,
                                                  d["claim_count"]) for d in docs) == store["documents"]
    # every source, with the role the store gives it
    roles = sorted((s, d["id"], "original" if s == d["source"] and not d["duplicate_of"] else
                    "near" if s == d["source"] else "exact") for d in docs for s in d["sources"])
    assert roles == store["sources"]
    # rows are in input order: what the loader and analysts rely on
    keys = [(d["file_index"], d["record_index"]) for d in docs]
    assert keys == sorted(keys)
    # claims: the full contract records, per document, in text order
    claims = _parquet(out / "claims")
    by_doc = collections.defaultdict(list)
    for c in sorted(claims, key=lambda c: (c["doc_id"], c["seq"])):
        by_doc[c["doc_id"]].append(json.loads(c["record"]))
    expected = collections.defaultdict(list)
    for doc_id, _seq, record, *_ in store["claims"]:
        expected[doc_id].append(json.loads(record))
    assert by_doc == expected
    near = {d["id"] for d in docs if d["duplicate_of"]}
    assert near and not near & set(by_doc)   # copies get no claims


def test_skipped_inputs_are_written_with_the_same_reasons(single, job):
    ingest_report, _ = single
    _, out = job
    skipped = sorted((r["source"], r["reason"]) for r in _parquet(out / "skipped"))
    assert skipped == sorted(ingest_report.reasons)
    assert any(reason.startswith("not JSON") for _, reason in skipped)
    assert any("404" in reason for _, reason in skipped)


def test_load_gives_the_ingest_store_and_is_idempotent(single, job, tmp_path):
    _, single_db = single
    _, out = job
    db = tmp_path / "loaded.db"
    first = json.loads(run_cli("load", str(out), "--db", str(db), "--format", "json").stdout)[0]
    assert _store_dump(db) == _store_dump(single_db)
    assert first["claims"] > 0 and first["new"] > 0 and first["existing"] == 0
    again = json.loads(run_cli("load", str(out), "--db", str(db), "--format", "json").stdout)[0]
    assert again["new"] == again["near_duplicate"] == again["duplicate"] == again["claims"] == 0
    assert again["existing"] == first["new"] + first["near_duplicate"] + first["duplicate"]
    assert _store_dump(db) == _store_dump(single_db)


def test_load_into_postgresql(single, job, pg_url):
    """The cluster path's last step: the same Parquet into PostgreSQL gives the same register."""
    import psycopg

    _, single_db = single
    _, out = job
    report = json.loads(run_cli("load", str(out), "--db", pg_url, "--format", "json").stdout)[0]
    assert report["new"] > 0 and report["claims"] > 0
    expected = _store_dump(single_db)
    with psycopg.connect(pg_url) as con:
        docs = con.execute("SELECT id, duplicate_of, text, claim_count FROM documents ORDER BY id").fetchall()
        sources = con.execute("SELECT source, doc_id, role FROM sources ORDER BY source, doc_id").fetchall()
        claims = con.execute("SELECT doc_id, seq, record FROM claims ORDER BY doc_id, seq").fetchall()
    assert docs == [(d[0], d[12], d[8], d[14]) for d in expected["documents"]]
    assert sorted(sources) == sorted(expected["sources"])
    assert [(d, s, json.loads(r)) for d, s, r in claims] == [(d, s, json.loads(r)) for d, s, r, *_ in expected["claims"]]


def test_no_claims_over_an_earlier_output(spark, corpus, job, tmp_path):
    """--no-claims --overwrite: the earlier run's parts are replaced; same documents, no claims."""
    from newsledger.scale.spark import run

    _, out = job
    again = tmp_path / "again"
    shutil.copytree(out, again)
    report = run(spark, corpus, str(again), partitions=2, claims=False, overwrite=True)
    assert report.claims == 0 and report.new > 0
    assert _parquet(again / "claims") == []
    keep = ("id", "duplicate_of", "sources", "text")
    assert [{k: d[k] for k in keep} for d in _parquet(again / "documents")] == \
        [{k: d[k] for k in keep} for d in _parquet(out / "documents")]
    assert json.loads((again / MANIFEST).read_text())["claims_extracted"] is False


# ---------------------------------------------------------------- errors

def test_missing_input(spark, tmp_path):
    from newsledger.scale.spark import run
    with pytest.raises(ScaleError, match="nope.jsonl: not found"):
        run(spark, [str(tmp_path / "nope.jsonl")], str(tmp_path / "out"))


def test_other_kinds(spark, tmp_path):
    from newsledger.scale.inputs import list_inputs
    from newsledger.scale.spark import run
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text("<html></html>")
    (tmp_path / "in" / "a.jsonl").write_text('{"text": "x"}\n')
    (tmp_path / "in" / "empty.warc.gz").write_bytes(b"")
    files, skipped = list_inputs(spark, [str(tmp_path / "in")])
    assert [f.source for f in files] == [str(tmp_path / "in" / "a.jsonl")]
    assert [(i, s.source.rsplit("/", 1)[-1], s.reason.split(" (")[0]) for i, s in skipped] == [
        (1, "empty.warc.gz", "empty file"), (2, "page.html", "not JSON Lines")]
    with pytest.raises(ScaleError, match="page.html: the Spark job reads JSON Lines"):
        run(spark, [str(tmp_path / "in" / "page.html")], str(tmp_path / "out"))


def test_output_checks(spark, corpus, tmp_path):
    from newsledger.scale.spark import run
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    with pytest.raises(ScaleError, match="cannot"):
        run(spark, corpus, str(blocker / "out"))
    with pytest.raises(ScaleError, match="not a folder"):
        run(spark, corpus, str(blocker))
    full = tmp_path / "full"
    full.mkdir()
    (full / MANIFEST).write_text("{}")
    with pytest.raises(ScaleError, match="not empty; give --overwrite"):
        run(spark, corpus, str(full))
    (full / "notes.txt").write_text("mine")
    with pytest.raises(ScaleError, match="notes.txt, which a newsledger run did not write"):
        run(spark, corpus, str(full), overwrite=True)
    assert (full / "notes.txt").exists() and (full / MANIFEST).exists()


def test_command_line_usage_errors(capsys):
    from newsledger.scale.spark import main
    with pytest.raises(SystemExit) as exit_:
        main(["only-one-path"])
    assert exit_.value.code == 2 and "OUTPUT" in capsys.readouterr().err


def test_load_errors_name_the_file(job, tmp_path):
    _, out = job
    db = tmp_path / "x.db"
    result = run_cli("load", str(tmp_path), "--db", str(db), check=False)
    assert result.returncode == 1 and b"no _newsledger.json" in result.stderr
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    part = min((broken / "claims").glob("part-*.parquet"))
    part.write_bytes(b"PAR1 this is not parquet")
    result = run_cli("load", str(broken), "--db", str(db), check=False)
    err = result.stderr.decode()
    assert result.returncode == 1 and part.name in err and "not a readable Parquet file" in err


# ---------------------------------------------------------------- the dedup step alone (no Spark)

def test_near_decisions_equal_the_sequential_walk():
    """Chains of edited copies (each a few words away from the previous one) in shuffled
    order: some documents are similar only to an earlier *copy*, which the sequential walk
    never indexed; the bucket/greedy decisions must agree with it exactly."""
    rng = random.Random(7)
    texts = [p.read_text(encoding="utf-8") for p in sorted(PHRASINGS.glob("*.txt"))]
    docs = []
    for text in texts:
        docs.append(text)
        for _ in range(4):
            words = text.split(" ")
            text = " ".join(rng.choice(["alpha", "beta", "gamma"]) if rng.random() < 0.06 else w for w in words)
            docs.append(text)
    docs += ["!!! ???", "—"]   # no words: empty signatures
    rng.shuffle(docs)
    ids = [document_id(t) for t in dict.fromkeys(docs)]
    texts_by_id = {document_id(t): t for t in docs}

    dedup, sequential = Deduplicator(), {}
    for doc_id in ids:
        status, original = dedup.check(doc_id, texts_by_id[doc_id])
        if status == "near":
            sequential[doc_id] = original
        else:
            dedup.add(doc_id, texts_by_id[doc_id])

    order = {doc_id: (0, n) for n, doc_id in enumerate(ids)}
    sigs = {doc_id: signature(texts_by_id[doc_id]) for doc_id in ids}
    buckets = collections.defaultdict(list)
    for doc_id, (sig, empty) in sigs.items():
        for key in ([] if empty else band_keys(sig)):
            buckets[key].append((order[doc_id], doc_id))
    similar = collections.defaultdict(list)
    for earlier, later in {p for members in buckets.values() for p in bucket_pairs(members)}:
        score = score_pair(sigs[earlier][0], sigs[later][0])
        if score >= threshold():
            similar[later].append((earlier, score))
    resolver = Resolver()
    for later in sorted(similar, key=order.get):
        resolver.decide(order[later], later, similar[later])

    assert resolver.near == sequential and len(sequential) > 20
    similar_to_copies_only = [d for d, c in similar.items() if d not in sequential]
    assert similar_to_copies_only   # the case a pairwise rule without the walk gets wrong
