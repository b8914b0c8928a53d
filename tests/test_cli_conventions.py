"""CLI and web conventions of issue 16 on real inputs: one date grammar for the CLI and the
web, the register's modality classes usable as a claims filter, flags shown without a type,
progress with a known total and time remaining, skips named by the record's id."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsledger.cli as cli_module
from newsledger.pipeline import ingest
from newsledger.store import open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
VOA = ROOT.parent / "shared" / "corpora" / "voa" / "voa_stories.jsonl"
DATES = {"2024": True, "2024-10": True, "2024-02-29": True, "2024-13": False, "2023-02-29": False,
         "2024-00": False, "24": False, "2024/10": False, "October 2024": False}


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("conventions") / "newsledger.db"
    with open_store(str(db)) as store:
        ingest([str(EXAMPLES)], store)
    return db


def test_one_date_grammar_in_cli_and_web(seeds_db):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from newsledger.web import create_app
    runner = CliRunner()
    client = TestClient(create_app(seeds_db))
    for value, valid in DATES.items():
        for command in ("claims", "timeline", "threads"):
            result = runner.invoke(cli_module.app, [command, "--db", str(seeds_db), "--since", value, "-f", "json"])
            assert (result.exit_code == 0) is valid, (command, value, result.output)
        for page in ("/search.json", "/timeline.json"):
            response = client.get(page, params={"since": value})
            assert (response.status_code == 200) is valid, (page, value, response.text)


def test_modality_class_filters_claims(seeds_db):
    runner = CliRunner()
    def claims(*args):
        result = runner.invoke(cli_module.app, ["claims", "--db", str(seeds_db), "-f", "json", *args])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)
    intended = claims("--modality", "intended")
    assert intended and {c["modality"] for c in intended} <= {"planned", "expected", "possible"}
    assert len(intended) == sum(len(claims("--modality", m)) for m in ("planned", "expected", "possible"))
    refused = runner.invoke(cli_module.app, ["claims", "--db", str(seeds_db), "--modality", "maybe"])
    assert refused.exit_code != 0 and "intended = planned/expected/possible" in str(refused.exception)


def test_flags_show_no_type_in_help():
    result = CliRunner().invoke(cli_module.app, ["threads", "--help"], env={"COLUMNS": "160"})
    assert result.exit_code == 0 and "--series" in result.output
    assert "<bool>" not in result.output and "<str>" in result.output


@pytest.mark.skipif(not VOA.is_file(), reason="needs ../shared/corpora/voa")
def test_progress_has_total_and_time_remaining_and_skips_name_ids(tmp_path, monkeypatch):
    import newsledger.cli.documents as documents_module
    monkeypatch.setattr(documents_module, "PROGRESS_EVERY", 0.0)
    lines = VOA.read_text(encoding="utf-8").splitlines()[:6]
    broken = json.loads(lines[0])
    del broken["text"]
    path = tmp_path / "voa.jsonl"
    path.write_text("\n".join([*lines, json.dumps(broken)]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli_module.app, ["ingest", str(path), "--db", str(tmp_path / "p.db"),
                                                 "--no-claims", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "ingesting: read" in result.output and "/7" in result.output and "docs/s" in result.output
    assert "eta " in result.output
    assert f"skipped record {broken['id']} ({path}:7): no text or html field" in result.output


def test_web_takes_the_same_modalities(seeds_db):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from newsledger.web import create_app
    client = TestClient(create_app(seeds_db))
    intended = client.get("/search.json", params={"modality": "intended"})
    assert intended.status_code == 200
    claims = intended.json()["claims"]
    assert claims and {c["modality"] for c in claims} <= {"planned", "expected", "possible"}
    for value in ("intended", "planned", "occurred"):
        rows = client.get("/timeline.json", params={"modality": value})
        assert rows.status_code == 200 and rows.json()["rows"], value
    unknown = client.get("/timeline.json", params={"modality": "maybe"})
    assert unknown.status_code == 200 and unknown.json()["rows"] == []
