"""Analyst review in the store, on SQLite and PostgreSQL (the `store` fixture of test_store.py):
verify, reject and correct a claim of the seed article's sentences; the reviewed claim wins in
every read (claims, documents, the register); nothing is deleted; every change is audited;
reviews come back after re-extraction, matched by document and evidence span. Then the
queue order, the gold export and the commands."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli
from newsledger.register import register_from_store
from newsledger.review.corrections import ReviewError, parse_changes
from newsledger.review.gold import gold_file, training_examples
from newsledger.store import SQLiteStore
from test_store import full_claims, make_doc, store  # noqa: F401  (the two-backend fixture)

SEED = EXAMPLES / "002_3a7b3fa782e31a64.txt"


def _ids(claims) -> list[str]:
    return [c["id"] if isinstance(c, dict) else c.id for c in claims]


def _raw_count(store, sql: str) -> int:   # noqa: F811
    with store._review_sql(write=False) as db:
        return list(db.all(sql)[0].values())[0]


def test_review_wins_everywhere_and_nothing_is_deleted(store) -> None:  # noqa: F811
    doc = make_doc()
    store.add_document(doc)
    # c2: "could hold nearly 5 million artillery shells" -> a reviewer reads 4 million, per Reuters
    changes = parse_changes({"figure": "4 million", "source": "Reuters"}, store.document_claims(doc.id)[1])
    result = store.add_review(doc.id, "c2", "correct", changes, note="misread", reviewer="ana", via="test")
    assert result["status"] == "corrected"
    assert result["claim"]["quantity"]["value"] == 4_000_000
    assert result["claim"]["review"]["changed"] == ["attribution", "quantity"]
    assert result["claim"]["review"]["extracted"]["quantity"]["value"] == 5_000_000
    store.add_review(doc.id, "c3", "reject", note="not a meeting", reviewer="ana", via="test")
    store.add_review(doc.id, "c1", "verify", reviewer="bo", via="test")

    # every read sees the reviewed claims, and not the rejected one
    claims = store.claims()
    assert _ids(claims) == ["c1", "c2"]
    c2 = claims[1]
    assert c2["quantity"]["value"] == 4_000_000 and [e["name"] for e in c2["attribution"]] == ["Reuters"]
    assert c2["review"]["by"] == "ana" and c2["review"]["note"] == "misread"
    assert store.claims(item="artillery shells")[0]["quantity"]["value"] == 4_000_000
    assert _ids(store.get_document(doc.id).claims) == ["c1", "c2"]
    assert store.get_document(doc.id).claims[0].review["status"] == "verified"
    register = register_from_store(store)
    figures = {s.figure_text for f in register.facts for s in f.sources}
    assert "4 million" in figures and "nearly 5 million" not in figures

    # nothing deleted: the rejected claim is still stored, each review keeps the extractor's record
    assert _raw_count(store, "SELECT count(*) FROM claims") == 3
    every = store.document_claims(doc.id)
    assert [c["review_status"] for c in every] == ["verified", "corrected", "rejected"]
    history = store.review_history()
    assert [h["action"] for h in history] == ["verify", "reject", "correct"]
    assert history[2]["original"]["quantity"]["value"] == 5_000_000
    audit = store.review_audit()
    assert [(a["event"], a["who"], a["via"]) for a in audit] == [
        ("verify", "bo", "test"), ("reject", "ana", "test"), ("correct", "ana", "test")]
    assert json.loads(audit[2]["before"])["quantity"]["value"] == 5_000_000
    assert json.loads(audit[2]["after"])["quantity"]["value"] == 4_000_000

    # a later verify restores a rejected claim; corrections accumulate
    store.add_review(doc.id, "c3", "verify", reviewer="ana", via="test")
    assert _ids(store.claims()) == ["c1", "c2", "c3"]
    again = store.add_review(doc.id, "c2", "correct", parse_changes({"modality": "expected"}), reviewer="ana", via="test")
    assert again["claim"]["quantity"]["value"] == 4_000_000 and again["claim"]["modality"] == "expected"


def test_reviews_survive_re_extraction(store) -> None:  # noqa: F811
    doc = make_doc()
    store.add_document(doc)
    store.add_review(doc.id, "c2", "correct", parse_changes({"figure": "4 million"}), reviewer="ana", via="test")
    store.add_review(doc.id, "c3", "reject", reviewer="ana", via="test")
    # A newer extractor numbers the claims differently and reads the time of c1 anew.
    renumbered = [dataclasses.replace(c, id=f"x{i}") for i, c in enumerate(full_claims(), start=7)]
    renumbered[0] = dataclasses.replace(renumbered[0], confidence=0.9)
    store.replace_claims(doc.id, renumbered)
    claims = store.claims()
    assert _ids(claims) == ["x7", "x8"]                      # x9 (was c3) is still rejected
    assert claims[1]["quantity"]["value"] == 4_000_000        # the correction holds
    assert claims[1]["review"]["status"] == "corrected"
    assert claims[0].get("review") is None and claims[0]["confidence"] == 0.9
    events = [a["event"] for a in store.review_audit()]
    assert events.count("reapplied") == 2
    # re-ingesting the same document changes nothing
    assert store.add_document(doc) in ("exists", "exact")
    assert _ids(store.claims()) == ["x7", "x8"]
    # a review whose sentence is no longer extracted is kept and noted
    store.replace_claims(doc.id, full_claims()[:1])
    assert "unmatched" in [a["event"] for a in store.review_audit()]
    assert len(store.review_history()) >= 2


def test_bad_reviews_are_refused_with_the_reason(store) -> None:  # noqa: F811
    doc = make_doc()
    store.add_document(doc)
    with pytest.raises(ReviewError, match="no claim c9"):
        store.add_review(doc.id, "c9", "verify", reviewer="ana")
    with pytest.raises(ReviewError, match="unknown review action"):
        store.add_review(doc.id, "c1", "delete", reviewer="ana")
    with pytest.raises(ReviewError, match="needs a reviewer"):
        store.add_review(doc.id, "c1", "verify", reviewer=" ")
    with pytest.raises(ReviewError, match="at least one slot"):
        store.add_review(doc.id, "c1", "correct", {}, reviewer="ana")
    assert store.review_audit() == []


def test_slot_values_as_typed() -> None:
    changes = parse_changes({"actor": "DPRK", "recipient": "none", "item": "munitions: artillery shells",
                             "time": "2024-10", "modality": "Planned", "kind": "transfer",
                             "location": "Kursk", "source": "NHK > diplomatic sources"})
    assert changes["actor"]["id"] == "country:PRK" and changes["recipient"] is None
    assert changes["item"] == {"category": "munitions", "name": "artillery shells", "text": "artillery shells"}
    assert changes["time"] == {"start": "2024-10-01", "end": "2024-10-31", "granularity": "month", "text": "2024-10"}
    assert changes["modality"] == "planned" and changes["kind"] == "transfer"
    assert [e["name"] for e in changes["attribution"]][0] == "NHK"
    for slot, value, message in (("figure", "unclear", "no number"), ("time", "2025-13", "not a date"),
                                 ("kind", "eat", "not a kind"), ("item", "cheese: brie", "not an item category"),
                                 ("modality", "maybe", "not a modality"), ("colour", "red", "unknown slot")):
        with pytest.raises(ReviewError, match=message):
            parse_changes({slot: value})


def test_gold_export_and_training_examples(tmp_path: Path) -> None:
    from newsledger.evaluation import score_records
    from newsledger.pipeline import extract_records, ingest
    db = tmp_path / "ledger.db"
    with SQLiteStore(db) as s:
        ingest([str(SEED)], s)
        doc_id = s.documents()[0]["id"]
        claims = s.document_claims(doc_id)
        shells = next(c for c in claims if (c["quantity"] or {}).get("value") == 5_000_000)
        meet = next(c for c in claims if c["kind"] == "meet")
        s.add_review(doc_id, shells["id"], "verify", reviewer="ana")
        s.add_review(doc_id, meet["id"], "reject", reviewer="ana")
        gold = gold_file(s)
        examples = training_examples(s)
    [g] = gold["documents"]
    assert g["file"] == SEED.name and g["doc_id"] == doc_id and g["complete"] is False
    [claim] = g["claims"]
    assert claim["anchor"] == shells["evidence"]["text"] and claim["quantity"] == 5_000_000
    assert claim["kind"] == "transfer" and "PRK" in claim["actor"] and claim["review"]["by"] == "ana"
    assert g["must_not_claim"] == [meet["evidence"]["text"]]
    assert examples[0]["text"].find(claim["anchor"]) >= 0
    # the extractor as it is finds the verified claim and still makes the rejected one
    records = [d.to_dict() for d in extract_records([str(SEED)])]
    doc = score_records(gold, records)["documents"][0]
    assert doc["matched_required"] == 1
    assert doc["checks"] == {f"no claim from {meet['evidence']['text']!r}": False}


def test_review_commands(tmp_path: Path) -> None:
    db = str(tmp_path / "ledger.db")
    run_cli("ingest", str(SEED), "--db", db)
    queue = json.loads(run_cli("review", "queue", "--db", db, "-f", "json", "--limit", "50").stdout)
    assert queue[0]["reasons"] and queue[0]["priority"] >= queue[-1]["priority"]
    doc_id = queue[0]["doc_id"]
    shells = next(c for c in queue if (c["quantity"] or {}).get("value") == 5_000_000)
    short = shells["id"].rsplit("-", 1)[1]
    out = run_cli("review", "correct", doc_id[:6], short, "--set", "figure=4 million", "-m", "per Reuters",
                  "--reviewer", "ana", "--db", db).stdout.decode()
    assert "corrected" in out and "quantity changed" in out
    bad = run_cli("review", "correct", doc_id[:6], short, "--set", "figure=unclear", "--db", db, check=False)
    assert bad.returncode == 1 and b"no number" in bad.stderr
    facts = [json.loads(line) for line in run_cli("export", "--db", db, "--what", "facts").stdout.splitlines()]
    assert any(f.get("figure") == "4 million" for f in facts)
    assert not any(f.get("figure") == "nearly 5 million" for f in facts)
    gold_path = tmp_path / "reviews.gold.json"
    run_cli("export", "--db", db, "--what", "gold", "--out", str(gold_path))
    gold = json.loads(gold_path.read_text())
    assert gold["documents"][0]["claims"][0]["quantity"] == 4_000_000
    scored = json.loads(run_cli("eval", "--gold", str(gold_path), str(SEED), "-f", "json").stdout)
    assert scored[0]["summary"]["required"] == 1 and scored[0]["summary"]["matched_required"] == 0
    history = json.loads(run_cli("review", "history", "--db", db, "-f", "json").stdout)
    assert history[0]["reviewer"] == "ana" and history[0]["note"] == "per Reuters"
    audit = json.loads(run_cli("review", "audit", "--db", db, "-f", "json").stdout)
    assert audit[0]["via"] == "cli"
    own = json.loads(run_cli("review", "eval", "--db", db, "-f", "json").stdout)
    assert own[0]["summary"]["required"] == 1
    # the gold file with its texts: what `newsledger train --gold F --texts DIR` reads
    texts = tmp_path / "texts"
    run_cli("review", "gold", "--db", db, "--out", str(tmp_path / "g.json"), "--texts", str(texts))
    from newsledger.pipeline import documents
    written = json.loads((tmp_path / "g.json").read_text())["documents"]
    [doc] = [d for d in documents([str(texts / written[0]["file"])])]
    assert doc.id == doc_id and written[0]["claims"][0]["anchor"] in doc.text
