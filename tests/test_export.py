"""Exports of the register read back: GraphML by networkx, Parquet by pyarrow, the PLOVER JSON
against its JSON Schema, JSON Lines, CSV and the Markdown briefing's footnotes."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from newsledger.export import FORMATS, export_register
from newsledger.export.plover import PLOVER_SCHEMA, document, plover_fields
from newsledger.knowledge import load_yaml
from newsledger.pipeline import ingest
from newsledger.register import register_from_store
from newsledger.store import open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    db = tmp_path_factory.mktemp("export") / "seeds.db"
    with open_store(str(db)) as store:
        ingest([str(EXAMPLES)], store)
        return register_from_store(store)


def test_graphml_reads_in_networkx(register, tmp_path):
    nx = pytest.importorskip("networkx")
    path = tmp_path / "register.graphml"
    count = export_register(register, "graphml", path)
    graph = nx.read_graphml(path)
    assert count == graph.number_of_nodes() + graph.number_of_edges()
    assert graph.is_directed()
    assert graph.nodes["country:PRK"]["label"] == "North Korea" and graph.nodes["country:PRK"]["iso3"] == "PRK"
    edges = [(u, v, d) for u, v, d in graph.edges(data=True)]
    assert any(u == "country:RUS" and v == "country:PRK" and d["category"] == "technology" for u, v, d in edges)
    personnel = next(d for u, v, d in edges if (u, v) == ("country:PRK", "country:RUS")
                     and d["kind"] == "deploy" and d["category"] == "personnel")
    assert personnel["flow"] is True and personnel["latest_value"] == 15000.0
    assert isinstance(personnel["claims"], int) and personnel["origins"] >= 2
    munitions = next(d for u, v, d in edges if d["category"] == "munitions")
    assert munitions["conflicts"] == 1


def test_parquet_reads_in_pyarrow(register, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    for what in ("facts", "threads", "conflicts", "flows", "timeline"):
        path = tmp_path / f"{what}.parquet"
        count = export_register(register, "parquet", path, what=what)
        table = pq.read_table(path)
        assert table.num_rows == count
        if what == "facts":
            assert count == len(register.facts)
            assert str(table.schema.field("value").type) == "double"
            rows = table.to_pylist()
            shells = [r for r in rows if r["item"] == "artillery shells"]
            assert {r["value"] for r in shells} == {5e6, 6e6}
            assert all(r["sources"][0]["sentence"] for r in rows)   # typed: a list of structs
        if what == "conflicts":
            assert table.to_pylist()[0]["conservative"] == 5e6


def test_plover_validates_and_maps(register):
    jsonschema = pytest.importorskip("jsonschema")
    out = io.StringIO()
    count = export_register(register, "plover", out)
    doc = json.loads(out.getvalue())
    jsonschema.validate(doc, PLOVER_SCHEMA)
    assert count == len(doc["events"]) and doc["skipped"]["refuted"] >= 1
    by_kind: dict[str, list[dict]] = {}
    for event in doc["events"]:
        by_kind.setdefault(event["kind"], []).append(event)
    soldiers = next(e for e in by_kind["deploy"] if e["item"] and e["item"]["name"] == "soldiers"
                    and e["modality"] == "occurred")
    assert (soldiers["plover_type"], soldiers["plover_mode"]) == ("AID", "military")
    assert soldiers["actor_country"] == "PRK" and soldiers["recipient_country"] == "RUS"
    shells = [e for e in by_kind["transfer"] if e["item"]["category"] == "munitions"]
    assert {(e["plover_type"], e["plover_mode"], e["plover_context"]) for e in shells} == {("AID", "military", "military")}
    planned = next(e for e in by_kind["transfer"] if e["modality"] == "intended" and e["item"]["category"] == "missiles")
    assert (planned["plover_type"], planned["plover_context"]) == ("AGREE", "military")   # intent to give military aid
    assert all(e["plover_type"] is None for e in by_kind["produce"])
    assert all(e["plover_type"] is None and e["casualties"]["side"] == "North Korea" for e in by_kind["casualties"])
    assert all(e["plover_type"] == "AGREE" for e in by_kind["agree"])
    meet = by_kind["meet"][0]
    assert meet["plover_type"] == "CONSULT" and meet["plover_mode"] in ("visit", "host", "third-party")
    attack = next(e for e in by_kind["attack"] if (e["item"] or {}).get("category") == "missiles")
    assert (attack["plover_type"], attack["plover_mode"]) == ("ASSAULT", "aerial")   # ballistic missiles
    assert all(e["sources"][0]["sentence"] for e in doc["events"])


def test_plover_schema_rejects_bad_event(register):
    jsonschema = pytest.importorskip("jsonschema")
    doc = document(register)
    doc["events"][0]["plover_type"] = "INVADE"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, PLOVER_SCHEMA)


def test_plover_mapping_is_data():
    table = load_yaml("plover.yaml")
    assert set(table["kinds"]) >= {"deploy", "transfer", "casualties", "produce", "agree", "meet", "attack"}
    assert table["kinds"]["produce"]["type"] is None


def test_plover_transfer_mode_by_item_category(register):
    fact = next(f for f in register.facts if f.kind == "transfer" and f.category == "technology"
                and f.modality_class != "refuted")
    assert plover_fields(fact)[0] in ("AID", "AGREE")


def test_jsonl_and_csv_read_back(register, tmp_path):
    path = tmp_path / "facts.jsonl"
    count = export_register(register, "jsonl", path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == count == len(register.facts)
    assert all(r["sources"] and r["origin_groups"] for r in records)
    path = tmp_path / "flows.csv"
    export_register(register, "csv", path, what="flows")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert {(r["actor"], r["recipient"]) for r in rows} >= {("North Korea", "Russia"), ("Russia", "North Korea")}
    assert next(r for r in rows if r["category"] == "personnel")["latest_value"] == "15000"


def test_markdown_briefing_footnotes_every_statement(register, tmp_path):
    path = tmp_path / "brief.md"
    export_register(register, "markdown", path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Register briefing")
    assert "### deploy North Korea → Russia / personnel" in text
    assert "≈15,000" in text and "another 3 thousand" in text
    assert re.search(r"\*\*Conflict, artillery shells:\*\*.*most conservative \*\*5 million\*\*", text)
    refs = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    notes = set(re.findall(r"^\[\^(\d+)\]:", text, flags=re.M))
    assert refs == notes and len(notes) >= len({(s.doc_id, s.evidence_start) for f in register.facts for s in f.sources})
    statements = text.split("**Statements**")[1:]
    assert all(line.rstrip().endswith("]") for part in statements for line in part.split("\n\n")[1].splitlines()
               if line.startswith("- "))
    assert "Reuters" in text and "2025-06-19" in text


def test_every_format_writes(register, tmp_path):
    for fmt in FORMATS:
        path = tmp_path / f"out.{fmt}"
        assert export_register(register, fmt, path) >= 1
        assert path.stat().st_size > 0
    with pytest.raises(ValueError):
        export_register(register, "xlsx", tmp_path / "x")
