"""The command line end to end, as a user runs it: real files, a real SQLite file."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLES, SHARED, run_cli, shared_path

SEEDS = sorted(EXAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def seed_records() -> list[dict]:
    out = run_cli("extract", "--format", "jsonl", *map(str, SEEDS)).stdout.decode()
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_extract_records_validate_against_the_contract(seed_records):
    schema = json.loads(shared_path("spec", "record.schema.json").read_text())
    assert len(seed_records) == 2
    for record in seed_records:
        jsonschema.validate(record, schema, format_checker=jsonschema.FormatChecker())
        for claim in record["claims"]:
            evidence = claim["evidence"]
            assert record["text"][evidence["start"]:evidence["end"]] == evidence["text"]


def test_extract_passes_every_document_check_of_the_reference_scorer(seed_records, tmp_path):
    scorer = shared_path("eval", "score.py")
    pred = tmp_path / "out.jsonl"
    pred.write_text("".join(json.dumps(r) + "\n" for r in seed_records))
    result = subprocess.run([sys.executable, str(scorer), "--gold", str(SHARED / "gold" / "seeds.gold.json"),
                             "--pred", str(pred), "--json"], capture_output=True, text=True, check=True)
    summary = json.loads(result.stdout)
    passed, total = map(int, summary["checks_passed"].split("/"))
    assert passed == total, summary


def test_ingest_is_idempotent_and_lists_in_every_format(tmp_path):
    db = tmp_path / "ledger.db"
    first = json.loads(run_cli("ingest", str(EXAMPLES), "--db", str(db), "--format", "json").stdout)[0]
    assert first["read"] == 2 and first["new"] == 2
    second = json.loads(run_cli("ingest", str(EXAMPLES), "--db", str(db), "--format", "json").stdout)[0]
    assert second["new"] == 0 and second["existing"] == 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from documents").fetchone()[0] == 2
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"

    docs = json.loads(run_cli("docs", "--db", str(db), "--format", "json").stdout)
    assert {d["outlet"] for d in docs} >= {"UNN"}
    jsonl = run_cli("docs", "--db", str(db), "--format", "jsonl").stdout.decode().splitlines()
    assert len(jsonl) == 2
    rows = list(csv.DictReader(io.StringIO(run_cli("docs", "--db", str(db), "--format", "csv").stdout.decode())))
    assert len(rows) == 2 and "title" in rows[0]
    table = run_cli("docs", "--db", str(db)).stdout.decode()
    assert "UNN" in table

    found = json.loads(run_cli("docs", "--db", str(db), "--query", "Alabuga", "--format", "json").stdout)
    assert len(found) == 1
    record = json.loads(run_cli("show", found[0]["id"], "--db", str(db)).stdout)
    assert record if isinstance(record, dict) else record[0]


def test_claims_filters(tmp_path):
    db = tmp_path / "ledger.db"
    run_cli("ingest", str(EXAMPLES), "--db", str(db))
    claims = json.loads(run_cli("claims", "--db", str(db), "--format", "json").stdout)
    assert claims, "the seeds hold claims"
    deploys = json.loads(run_cli("claims", "--db", str(db), "--kind", "deploy", "--format", "json").stdout)
    assert deploys and all(c["kind"] == "deploy" for c in deploys)
    from_prk = json.loads(run_cli("claims", "--db", str(db), "--actor", "PRK", "--format", "json").stdout)
    assert from_prk and all(c["actor"]["iso3"] == "PRK" for c in from_prk)
    munitions = json.loads(run_cli("claims", "--db", str(db), "--item", "munitions", "--format", "json").stdout)
    assert all(c["item"]["category"] == "munitions" for c in munitions)
    table = run_cli("claims", "--db", str(db), "--kind", "transfer").stdout.decode()
    assert "transfer" in table


def test_demo_builds_a_fresh_store(tmp_path):
    out = run_cli("demo", "--dir", str(tmp_path)).stdout.decode()
    assert (tmp_path / "newsledger.db").exists()
    assert "claims" in out and "UNN" in out


def test_bad_input_is_skipped_with_a_reason_and_the_run_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "blob.bin").write_bytes(bytes(range(256)) * 20)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "good.txt").write_text("Reuters reported that Iran had delivered 40 drones to Russia in May 2024.\n")
    db = tmp_path / "ledger.db"
    result = run_cli("ingest", str(inputs), "--db", str(db), "--format", "json")
    report = json.loads(result.stdout)[0]
    assert report["new"] == 1 and report["skipped"] == 2
    reasons = {Path(r["source"]).name: r["reason"] for r in report["skipped_reasons"]}
    assert set(reasons) == {"blob.bin", "empty.txt"}


def test_errors_are_one_line_without_traceback(tmp_path):
    result = run_cli("docs", "--db", str(tmp_path / "missing.db"), check=False)
    assert result.returncode != 0
    message = result.stderr.decode().strip()
    assert "missing.db" in message and "Traceback" not in message and len(message.splitlines()) <= 2
    result = run_cli("claims", "--db", str(tmp_path / "x.db"), "--since", "yesterday", check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr.decode()


def test_stdin_is_read(tmp_path):
    text = "Ukraine received 12 Patriot launchers from Germany in March 2025, the ministry said.\n".encode()
    out = run_cli("extract", "-", "--format", "jsonl", input=text).stdout.decode()
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 1 and "Patriot" in records[0]["text"]


@pytest.mark.parametrize("stage", ["entities", "quantities", "times", "attribution"])
def test_stage_commands_print_offsets_into_the_file(stage, tmp_path):
    path = SEEDS[1]
    text = path.read_text(encoding="utf-8")
    out = run_cli("stage", stage, str(path), "--dct", "2025-06-19", "--format", "jsonl").stdout.decode()
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows, f"{stage} found nothing in {path.name}"
    for row in rows:
        assert text[row["start"]:row["end"]] == row["text"]


def test_times_command(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Talks were held on June 17. Last year the parties signed a pact.\n")
    out = run_cli("times", str(path), "--dct", "2025-06-19", "--format", "jsonl").stdout.decode()
    rows = {r["text"]: r for r in map(json.loads, out.splitlines())}
    assert rows["June 17"]["value"] == "2025-06-17"
    assert rows["Last year"]["start_date"] == "2024-01-01" and rows["Last year"]["end_date"] == "2024-12-31"


def test_eval_agrees_with_the_reference_scorer(tmp_path):
    gold = shared_path("gold", "seeds.gold.json")
    saved = tmp_path / "records.jsonl"
    ours = json.loads(run_cli("eval", "--gold", str(gold), *map(str, SEEDS), "--format", "json",
                              "--save", str(saved)).stdout)[0]["summary"]
    reference = json.loads(subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(gold), "--pred", str(saved), "--json"],
        capture_output=True, text=True, check=True).stdout)
    assert "by_kind" in ours  # our addition: per-kind figures beside the reference summary
    assert {k: v for k, v in ours.items() if k != "by_kind"} == reference


def test_ingest_killed_with_sigkill_then_rerun_loses_and_duplicates_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = 300
    for i in range(n):
        (corpus / f"a{i:04d}.txt").write_text(
            f"Article {i}. The council of town number {i} met on Monday to discuss {i * 7} new bus routes "
            f"and the budget for {2000 + i % 25}. Residents of district {i} said the plan {i} was late.\n")
    db = tmp_path / "ledger.db"
    exe = Path(sys.executable).with_name("newsledger")
    process = subprocess.Popen([str(exe), "ingest", str(corpus), "--db", str(db), "--no-claims"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    stored = 0
    while time.time() < deadline and process.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    stored = conn.execute("select count(*) from documents").fetchone()[0]
            except sqlite3.Error:
                continue
            if stored >= 20:
                break
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < stored, "the ingest wrote nothing before being killed"
    run_cli("ingest", str(corpus), "--db", str(db), "--no-claims")
    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert conn.execute("select count(*) from documents").fetchone()[0] == n
        assert conn.execute("select count(distinct id) from documents").fetchone()[0] == n


def test_cli_conventions(tmp_path):
    """--version; choices validated with the valid values listed; aliases for parties; one
    date grammar; `show` prints one object; an all-skipped run fails."""
    db = tmp_path / "ledger.db"
    assert run_cli("--version").stdout.decode().strip()
    run_cli("ingest", str(EXAMPLES), "--db", str(db))
    bad_kind = run_cli("claims", "--db", str(db), "--kind", "deplyo", check=False)
    assert bad_kind.returncode == 1 and "deploy" in bad_kind.stderr.decode() and "transfer" in bad_kind.stderr.decode()
    bad_modality = run_cli("claims", "--db", str(db), "--modality", "maybe", check=False)
    assert bad_modality.returncode == 1 and "occurred" in bad_modality.stderr.decode()
    by_alias = json.loads(run_cli("claims", "--db", str(db), "--actor", "DPRK", "-f", "json").stdout)
    by_name = json.loads(run_cli("claims", "--db", str(db), "--actor", "north korea", "-f", "json").stdout)
    assert by_alias and len(by_alias) == len(by_name)
    threads = json.loads(run_cli("threads", "--db", str(db), "--actor", "DPRK", "-f", "json").stdout)
    assert threads
    month = json.loads(run_cli("claims", "--db", str(db), "--since", "2024-10", "-f", "json").stdout)
    assert month
    for command in ("claims", "timeline"):
        bad = run_cli(command, "--db", str(db), "--since", "2024-13", check=False)
        assert bad.returncode == 1 and "not a valid date" in bad.stderr.decode()
    doc_id = json.loads(run_cli("docs", "--db", str(db), "-f", "json").stdout)[0]["id"]
    shown = json.loads(run_cli("show", doc_id, "--db", str(db)).stdout)
    assert isinstance(shown, dict) and shown["id"] == doc_id
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02" * 50)
    for command in (["ingest", str(junk), "--db", str(db)], ["extract", str(junk)]):
        result = run_cli(*command, check=False)
        assert result.returncode == 1 and "nothing could be read" in result.stderr.decode()


def test_ingest_prints_progress_lines_off_a_terminal(tmp_path, monkeypatch):
    import newsledger.cli as cli_module
    import newsledger.cli.documents as documents_module
    monkeypatch.setattr(documents_module, "PROGRESS_EVERY", 0.0)
    from typer.testing import CliRunner
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(70):
        (corpus / f"a{number:03d}.txt").write_text(f"Report {number}. The council met on Monday to discuss "
                                                     f"{number + 3} new bus routes.\n", encoding="utf-8")
    result = CliRunner().invoke(cli_module.app, ["ingest", str(corpus), "--db", str(tmp_path / "p.db"),
                                                 "--no-claims", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "ingesting: read" in result.output and "docs/s" in result.output
