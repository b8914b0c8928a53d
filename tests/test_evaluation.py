"""newsledger.evaluation agrees with the reference scorer (../shared/eval/score.py) on real
extractor output, and its per-kind figures add up to the totals."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli, shared_path
from newsledger import goldset
from newsledger.evaluation import score_records

PHRASINGS = ROOT / "tests" / "fixtures" / "phrasings"


@pytest.fixture(scope="module")
def phrasing_run(tmp_path_factory):
    """The extractor's records for the phrasing set, and its gold."""
    out = tmp_path_factory.mktemp("phrasings") / "records.jsonl"
    texts = sorted(str(p) for p in PHRASINGS.glob("*.txt"))
    out.write_bytes(run_cli("extract", "--format", "jsonl", *texts).stdout)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold_path = PHRASINGS / "phrasings.gold.json"
    return gold_path, out, records


def test_summary_equals_the_reference_scorer(phrasing_run):
    gold_path, records_path, records = phrasing_run
    ours = score_records(json.loads(gold_path.read_text(encoding="utf-8")), records)["summary"]
    run = subprocess.run([sys.executable, str(shared_path("eval", "score.py")), "--gold", str(gold_path),
                          "--pred", str(records_path), "--json"], capture_output=True, text=True, check=True)
    reference = json.loads(run.stdout)
    for key, value in reference.items():
        assert ours[key] == value, key


def test_per_kind_figures_add_up(phrasing_run):
    gold_path, _, records = phrasing_run
    summary = score_records(json.loads(gold_path.read_text(encoding="utf-8")), records)["summary"]
    kinds = summary["by_kind"]
    assert set(kinds) <= set(goldset.KINDS)
    assert sum(k["required"] for k in kinds.values()) == summary["required"]
    assert sum(k["matched_required"] for k in kinds.values()) == summary["matched_required"]
    assert sum(k["predicted"] for k in kinds.values()) == summary["predicted"]
    assert sum(k["predicted_matched"] for k in kinds.values()) == summary["matched_required"] + summary["matched_optional"]
    for k in kinds.values():
        if k["required"]:
            assert k["recall"] == round(k["matched_required"] / k["required"], 4)


def test_newsledger_eval_prints_scores_by_kind():
    texts = sorted(str(p) for p in PHRASINGS.glob("0*.txt"))
    result = run_cli("eval", "--gold", str(PHRASINGS / "phrasings.gold.json"), *texts)
    out = result.stdout.decode()
    assert "by kind" in out and "recall" in out and "transfer" in out
    as_json = json.loads(run_cli("eval", "--gold", str(PHRASINGS / "phrasings.gold.json"), "--format", "json",
                                 *texts).stdout)
    summary = as_json[0]["summary"] if isinstance(as_json, list) else as_json["summary"]
    assert "by_kind" in summary and summary["documents"] == 25


def test_eval_report_runs_on_the_seeds_and_phrasings(tmp_path):
    shared_path("gold", "seeds.gold.json")
    out = tmp_path / "report.json"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_report.py"), "--sets", "seeds,phrasings",
                          "--json", str(out)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    report = json.loads(out.read_text())
    assert report["seeds"]["recall"] == 1.0
    assert "by_kind" in report["phrasings"]
    assert "seeds:" in run.stdout and "phrasings:" in run.stdout
