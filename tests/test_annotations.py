"""The annotated real-news corpus (annotations/): every file sound against its real text,
the built gold files current, the splits fixed, and the scoring sane (an empty prediction
scores 0, a prediction built from the gold scores 1.0 with the reference scorer)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SHARED, shared_path
from newsledger import eventsets, goldset
from newsledger.evaluation import score_records

ANN = ROOT / "annotations"


@pytest.fixture(scope="module")
def corpora() -> goldset.Corpora:
    shared_path("corpora", "news-bench.jsonl.gz")
    return goldset.Corpora(SHARED)


@pytest.fixture(scope="module")
def first() -> dict[str, dict]:
    return goldset.load_annotations(ANN / "claims")


@pytest.fixture(scope="module")
def second() -> dict[str, dict]:
    return goldset.load_annotations(ANN / "second")


@pytest.fixture(scope="module")
def articles(corpora, first, second) -> dict[str, goldset.Article]:
    return corpora.articles(set(first) | set(second))


@pytest.fixture(scope="module")
def manifest() -> dict[str, dict]:
    import csv
    with (ANN / "articles.tsv").open(encoding="utf-8") as handle:
        return {row["name"]: row for row in csv.DictReader(handle, delimiter="\t")}


@pytest.fixture(scope="module")
def cleaned(articles, tmp_path_factory) -> dict[str, str]:
    """Each annotated article's text after newsledger's own cleaning (what scoring sees)."""
    from newsledger.pipeline import extract_records
    folder = tmp_path_factory.mktemp("annotated-texts")
    paths = goldset.write_texts(articles.values(), folder)
    return {Path(d.source).stem: d.text for d in extract_records([str(p) for p in paths], claims=False)}


def test_the_corpus_is_as_large_as_promised(first, manifest):
    counts = goldset.counts(first.values())
    assert counts["articles"] >= 300
    assert counts["required"] >= 1500
    assert min(counts["by_kind"].values()) >= 80, counts["by_kind"]
    assert counts["topics"].get("other", 0) >= 60
    test = [d for n, d in first.items() if manifest[n]["split"] == "test"]
    test_counts = goldset.counts(test)
    assert test_counts["articles"] >= 60 and test_counts["required"] >= 300, test_counts


def test_every_annotation_file_is_sound(first, second, articles, manifest):
    problems = []
    for folder, docs in (("claims", first), ("second", second)):
        for name, doc in docs.items():
            if name not in manifest:
                problems.append(f"{folder}/{name}: not in annotations/articles.tsv")
                continue
            problems += [f"{folder}/{p}" for p in goldset.check_document(doc, articles[name].text,
                                                                         goldset.furniture_of(articles[name]))]
    assert not problems, "\n".join(problems[:50])


def test_anchors_survive_cleaning(first, cleaned):
    """Anchors must lie in the cleaned text, once: an anchor over page furniture (a dateline,
    a byline) would be unmatchable whatever the extractor does."""
    problems = [f"{name}: {claim['anchor']!r} occurs {cleaned[name].count(claim['anchor'])} times"
                for name, doc in first.items() for claim in doc["claims"]
                if cleaned[name].count(claim["anchor"]) != 1]
    assert not problems, "\n".join(problems[:50])


def test_no_reserved_article_is_annotated(corpora, first, second, manifest):
    reserved = corpora.reserved()
    used = {manifest[n]["corpus_id"] for n in set(first) | set(second) if manifest[n]["corpus"] == "news-bench"}
    assert not used & reserved


def test_splits_are_fixed_by_the_name(manifest):
    assert all(row["split"] == goldset.split_of(name) for name, row in manifest.items())
    assert goldset.split_of("voa-8011115") == goldset.split_of("voa-8011115")
    assert {goldset.split_of(f"x-{i}") for i in range(200)} == set(goldset.SPLITS)


def test_built_gold_files_are_current(first, manifest):
    for split in goldset.SPLITS:
        built = json.loads((ANN / "gold" / f"{split}.gold.json").read_text(encoding="utf-8"))
        expected = goldset.gold_file([d for n, d in sorted(first.items()) if manifest[n]["split"] == split], "")
        assert built["documents"] == expected["documents"], f"run: python scripts/annotations.py build ({split})"


@pytest.mark.parametrize("split", goldset.SPLITS)
def test_gold_built_prediction_scores_one_and_empty_scores_zero(split, first, cleaned, manifest, tmp_path):
    docs = [d for n, d in sorted(first.items()) if manifest[n]["split"] == split]
    gold = goldset.gold_file(docs, split)
    perfect = [goldset.prediction_from_gold(d, cleaned[d["name"]]) for d in docs]
    empty = [{**record, "claims": []} for record in perfect]
    assert score_records(gold, perfect)["summary"]["recall"] == 1.0
    assert score_records(gold, perfect)["summary"]["exact_recall"] == 1.0
    assert score_records(gold, empty)["summary"]["recall"] == 0.0
    # and the reference scorer agrees
    scorer = shared_path("eval", "score.py")
    (tmp_path / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    for records, want in ((perfect, 1.0), (empty, 0.0)):
        (tmp_path / "pred.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        run = subprocess.run([sys.executable, str(scorer), "--gold", str(tmp_path / "gold.json"),
                              "--pred", str(tmp_path / "pred.jsonl"), "--json"],
                             capture_output=True, text=True, check=True)
        summary = json.loads(run.stdout)
        summary = summary.get("summary", summary)
        assert summary["recall"] == want
        if want:
            assert summary["precision"] == 1.0 and summary["exact_recall"] == 1.0


def test_check_document_names_each_problem():
    text = "Russia sent 300 tanks to Syria on Monday, officials said. Russia sent them again."
    doc = {"name": "t", "topic": "conflict", "published": "2024-02-30", "claims": [
        {"anchor": "Russia sent", "kind": "deploy", "actor": "RUS", "quantity": 3, "modality": ["occurred"]},
        {"anchor": "sent 300 tanks to Syria", "kind": "give", "item": "tanks", "quantity": "300",
         "modality": ["maybe"], "time": ["2024-03-02", "2024-03-01"]},
    ], "must_not_claim": ["40 years"]}
    problems = "\n".join(goldset.check_document(doc, text))
    for expected in ("published '2024-02-30'", "occurs 2 times", "kind 'give'", "category 'tanks'",
                     "quantity must be", "modality must be", "time must be", "must_not_claim '40 years'"):
        assert expected in problems, expected


def test_check_document_rejects_anchors_over_furniture():
    text = "Pyongyang, October 19 (KCNA) -- Kim Jong Un met the Russian delegation today."
    doc = {"name": "t", "topic": "conflict", "claims": [
        {"anchor": "(KCNA) -- Kim Jong Un met", "kind": "meet", "quantity": None, "modality": ["occurred"]}]}
    assert any("furniture" in p for p in goldset.check_document(doc, text, ["Pyongyang, October 19 (KCNA) --"]))


def test_event_datasets_map_to_our_kinds():
    corpora = shared_path("corpora")
    mapping = eventsets.load_yaml("event_kinds.yaml")
    assert set(mapping) == set(eventsets.DATASETS)
    kinds = set(goldset.KINDS)
    assert all(set(rule.get("kinds") or []) <= kinds for rules in mapping.values() for rule in rules)
    for dataset in eventsets.DATASETS:
        if not eventsets.available(corpora, dataset):
            continue
        windows = list(eventsets.windows(corpora, dataset))
        triggers = [(w, t) for w in windows for t in w.triggers]
        assert triggers, dataset
        assert all(w.text[t.start:t.end] == t.text for w, t in triggers)
    assert eventsets.kinds_for("rams", "conflict.attack.airstrikemissilestrike") == ("attack",)
    assert eventsets.kinds_for("geneva", "Building") == ()
    assert eventsets.kinds_for("plover", "PROTEST") is None
