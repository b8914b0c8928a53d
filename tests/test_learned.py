"""The extractor's learned decisions (extract/learned.py, training.py) on real news: Voice of
America stories of the annotated corpus's dev split (committed, public domain), never its
test split."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newsledger import goldset, training
from newsledger.evaluation import score_records
from newsledger.extract import learned
from newsledger.extract.claims import ClaimExtractor
from newsledger.extract.scoring import is_learned
from newsledger.records import Document

ROOT = Path(__file__).resolve().parents[1]
ANN = ROOT / "annotations"
VOA = ANN / "texts" / "voa"
# dev-split VOA stories with several required claims (goldset.split_of says dev for each)
DEV_STORIES = ["voa-8007760", "voa-8005899", "voa-6205629", "voa-8011115", "voa-6202623", "voa-8008126"]


def _document(name: str) -> Document:
    from newsledger import workers
    from newsledger.sources import RawDocument
    text = (VOA / f"{name}.txt").read_text(encoding="utf-8")
    raw = RawDocument(source=f"{name}.txt", text=text, title=None, published=None, outlet=None)
    return workers.clean_or_skip(raw)


def _gold(names: list[str]) -> dict:
    docs = goldset.load_annotations(ANN / "claims")
    return goldset.gold_file([docs[n] for n in names], "dev stories")


def test_dev_stories_are_dev():
    assert all(goldset.split_of(name) == "dev" for name in DEV_STORIES)


def test_feature_hashing_is_stable_across_processes():
    here = learned.feature_index("w=troops")
    there = subprocess.run([sys.executable, "-c", "from newsledger.extract.learned import feature_index;"
                            "print(feature_index('w=troops'))"], capture_output=True, text=True, check=True)
    assert int(there.stdout) == here and 0 <= here < learned.DIM
    assert learned.indices(["w=a", "w=a", "p_self:=0.5"]) == [learned.feature_index("w=a")]  # numbers are not hashed


def test_linear_model_round_trip_and_bad_file(tmp_path):
    rng = np.random.default_rng(0)
    model = learned.LinearModel(labels=["a", "b"], weights=rng.normal(size=(2, learned.DIM)).astype(np.float32),
                                bias=np.array([0.1, -0.2], dtype=np.float32))
    model.save(tmp_path / "m.npz")
    again = learned.LinearModel.load(tmp_path / "m.npz")
    features = learned.indices(["w=troops", "w=killed"])
    assert again.probabilities(features) == pytest.approx(model.probabilities(features))
    np.savez(tmp_path / "small.npz", labels=np.array(["a"]), weights=np.zeros((1, 8), dtype=np.float32),
             bias=np.zeros(1, dtype=np.float32))
    with pytest.raises(ValueError, match="small.npz"):
        learned.LinearModel.load(tmp_path / "small.npz")
    with pytest.raises(ValueError, match="cannot load"):
        learned.ExtractorModels.load(tmp_path)   # no settings.json


def test_committed_models_load_with_their_card_and_calibration():
    models = learned.default_models()
    assert models is not None, "the trained models are committed under src/newsledger/models/extractor"
    card = (learned.MODELS_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    scores = json.loads((learned.MODELS_DIR / "scores.json").read_text(encoding="utf-8"))
    assert "test split: never read by training" in card and scores["train_articles"] > 300
    assert set(models.sentence_kinds.labels) == set(goldset.KINDS)
    steps = models.settings["calibration"]
    assert steps["y"] == sorted(steps["y"])   # isotonic: more probable never means less confident
    assert 0.0 <= models.calibrated(0.0) <= models.calibrated(0.5) <= models.calibrated(1.0) <= 1.0


def test_document_model_tells_news_with_claims_from_news_without():
    """Dev-split VOA stories (never trained on): the conflict stories with required claims
    against a court case, a story on young people's internet use and a school dispute."""
    models = learned.default_models()
    assert models.document_claims is not None
    def likely(name: str) -> float:
        return models.claims_in_document((VOA / f"{name}.txt").read_text(encoding="utf-8"))
    assert min(likely(name) for name in DEV_STORIES if name != "voa-8008126") > 0.9
    assert max(likely(name) for name in ("voa-8008998", "voa-8010657", "voa-6183074")) < 0.3
    assert learned.document_features("Troops, troops and TROOPS.") == ["d=and", "d=troops", "bias"]


def test_document_gate_skips_stories_without_claims_and_reads_the_others():
    """The document model is also a gate: dev stories it finds without claims (a study of young
    people's internet use, a school dispute) are not parsed at all; the conflict stories are."""
    models = learned.default_models()
    assert 0.0 < models.document_gate <= 0.3
    extractor = ClaimExtractor.default()
    quiet = [_document(name) for name in ("voa-8010657", "voa-6183074")]
    assert all(models.skips_document(d.text) for d in quiet)
    assert all(extractor._plan(d) == ("", [], set()) for d in quiet)
    busy = [_document(name) for name in DEV_STORIES[:2]]
    assert not any(models.skips_document(d.text) for d in busy)
    assert all(extractor._plan(d)[1] for d in busy)
    # a text too short to tell its section is never skipped
    assert not models.skips_document("Russia fired 40 missiles at Kyiv overnight, officials said.")


def test_document_gate_cut_loses_at_most_its_share_of_the_claims():
    """The cut is the highest that loses at most DOCUMENT_GATE_LOSS of the required claims
    (training pools train, out of fold, with dev); on dev the committed gate skips real
    stories and loses at most 1 % of dev's required claims."""
    examples = training.corpus_examples(["dev"], ANN, ROOT.parent / "shared")
    models = learned.default_models()
    likely = [(models.claims_in_document(e.document.text), e) for e in examples]
    required = [(p, sum(c.get("required", True) for c in e.gold["claims"])) for p, e in likely]
    total = sum(n for _, n in required)
    cut = training.choose_document_gate(likely)
    assert sum(n for p, n in required if p is not None and p < cut) <= training.DOCUMENT_GATE_LOSS * total
    assert training.choose_document_gate(likely, loss=0.0) <= cut
    gate = models.document_gate
    assert sum(n for p, n in required if p is not None and p < gate) <= 0.01 * total
    assert sum(1 for p, _ in required if p is not None and p < gate) >= 10   # the gate does skip real dev stories


def test_rules_only_switch(monkeypatch):
    monkeypatch.setenv(learned.ENV_RULES_ONLY, "1")
    assert learned.default_models() is None
    monkeypatch.delenv(learned.ENV_RULES_ONLY)
    monkeypatch.setenv(learned.ENV_MODELS, "/nonexistent/models")
    with pytest.raises(ValueError, match="no trained models"):
        learned.default_models()


def test_sentence_model_reads_kinds_from_words():
    models = learned.default_models()
    text = (VOA / "voa-6183227.txt").read_text(encoding="utf-8")
    crash = next(line for line in text.splitlines() if "five people had likely been killed in the crash" in line)
    kinds = models.kinds_of(crash)
    assert max(kinds, key=kinds.get) == "casualties" and kinds["casualties"] > 0.5
    # a sentence of a story without claims of these kinds (voa-6180206) opens no gate
    quiet = (VOA / "voa-6180206.txt").read_text(encoding="utf-8")
    quiet = quiet[quiet.index("Demonstrators celebrated"):quiet.index("Sudan.", quiet.index("Demonstrators celebrated")) + 6]
    assert max(models.kinds_of(quiet).values()) < models.gate_threshold


def test_learned_extractor_finds_more_of_the_dev_stories_than_the_rules(monkeypatch):
    gold = _gold(DEV_STORIES)
    records = {}
    for mode in ("learned", "rules"):
        if mode == "rules":
            monkeypatch.setenv(learned.ENV_RULES_ONLY, "1")
        from newsledger.analyze.entities import EntityResolver
        from newsledger.extract.ontology import Ontology
        extractor = ClaimExtractor(Ontology.default(), EntityResolver.default())
        docs = [_document(name) for name in DEV_STORIES]
        extractor.annotate(docs)
        records[mode] = [dict(d.to_dict(), source=f"{name}.txt") for d, name in zip(docs, DEV_STORIES)]
    learned_summary = score_records(gold, records["learned"])["summary"]
    rules_summary = score_records(gold, records["rules"])["summary"]
    assert learned_summary["required"] >= 40
    assert learned_summary["recall"] >= rules_summary["recall"] + 0.15, (learned_summary, rules_summary)
    assert learned_summary["precision"] >= 0.5
    claims = [c for r in records["learned"] for c in r["claims"]]
    assert any(c["extractor"].split(":", 1)[-1].startswith("learned") for c in claims)
    assert all(0.0 <= c["confidence"] <= 1.0 for c in claims)
    # the rules' confidences are their own heuristic; the learned ones come from the scorer
    assert len({c["confidence"] for c in claims}) > 5


def test_labels_follow_the_scorers_core_match():
    name = "voa-8007760"
    gold = _gold([name])["documents"][0]
    doc = _document(name)
    ClaimExtractor.default().annotate([doc])
    labels = [training.label(c, gold, doc.text) for c in doc.claims]
    record = dict(doc.to_dict(), source=f"{name}.txt")
    matched = score_records({"documents": [gold]}, [record])["summary"]
    assert sum(labels) >= matched["matched_required"] + matched["matched_optional"] > 0
    assert any(is_learned(c) for c in doc.claims)


def test_training_refuses_the_test_split(tmp_path):
    with pytest.raises(ValueError, match="test split"):
        training.corpus_examples(["train", "test"], ANN, tmp_path)


def test_train_command_errors_name_the_problem(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "newsledger.cli", "train", *args], capture_output=True,
                              text=True, timeout=120, cwd=tmp_path)
    done = run("--gold", str(tmp_path / "mine.gold.json"))
    assert done.returncode == 1 and "--texts" in done.stderr
    done = run("--gold", str(tmp_path / "mine.gold.json"), "--texts", str(tmp_path))
    assert done.returncode == 1 and "mine.gold.json: no such gold file" in done.stderr
    bad = tmp_path / "bad.gold.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.gold.json"):
        training.gold_examples(bad, tmp_path)


def _collected(text: str, published: str | None = None) -> list:
    """Every candidate claim of a text, kept or not (training's view)."""
    from newsledger.analyze.entities import EntityResolver
    from newsledger.extract.ontology import Ontology
    from newsledger.records import document_id
    extractor = ClaimExtractor(Ontology.default(), EntityResolver.default())
    extractor.collect = True
    document = Document(id=document_id(text), source="t", title=None, published=published, published_basis="given",
                        outlet=None, language="en", text=text)
    extractor.annotate([document])
    return document.claims


def test_a_rule_veto_for_want_of_a_known_party_goes_to_the_scorer(monkeypatch):
    # dev story voa-8007760: 'the BLA has ramped up attacks on security forces' names no
    # state and no weapon; the rules alone drop the attack, the scorer weighs it with the
    # veto. ('BLA insurgents ambushed a bus', once this test's sentence, the rules now keep:
    # 'bus' became an item, equipment, in stop 27.)
    text = (VOA / "voa-8007760.txt").read_text(encoding="utf-8")
    sentence = next(s for s in text.split(". ") if "ramped up attacks on security forces" in s) + "."
    attacks = [c for c in _collected(sentence) if c.kind == "attack"]
    assert attacks and all("learned+veto-" in c.extractor for c in attacks)
    monkeypatch.setenv(learned.ENV_RULES_ONLY, "1")
    assert not [c for c in _collected(sentence) if c.kind == "attack"]


def test_a_sum_of_money_is_the_item_of_a_learned_transfer():
    # news-bench ukr/20220903T103000Z_PL_en_d1709e05f2 (dev split): 'a package worth ...'
    sentence = "The United States will transfer a military support package worth almost three billion dollars."
    transfers = [c for c in _collected(sentence, "2022-09-03") if c.kind == "transfer" and c.quantity is not None]
    assert transfers
    assert {c.item.category for c in transfers if c.quantity.value == 3e9} == {"money"}


def test_a_figure_of_the_harmed_counts_the_casualties_not_the_attack():
    # dev story voa-8007760: the 11 miners are the blast's dead, not a count of attacks
    sentence = ("Just days later, a roadside bomb blast killed 11 coal miners in the city, while the BLA took "
                "credit for attacking a military vehicle securing a supply convoy for a mining company operated by China.")
    collected = _collected(sentence, "2025-03-14")
    assert any(c.kind == "casualties" and c.quantity is not None and c.quantity.value == 11 for c in collected)
    assert not any(c.kind == "attack" and c.quantity is not None and c.quantity.value == 11 for c in collected)


def test_thresholds_follow_the_smoothed_curve_not_a_spike():
    # the F0.5 of dev attacks by threshold 0.30-0.95 for the models trained on the grown corpus
    curve = [0.594, 0.594, 0.596, 0.598, 0.606, 0.616, 0.613, 0.611, 0.607, 0.592, 0.599, 0.625, 0.617, 0.563]
    assert max(range(len(curve)), key=lambda i: (curve[i], i)) == 11    # the spike, 0.85
    assert training._best_smoothed(curve) == 6                          # 0.60, on the plateau
    assert training._best_smoothed([0.5, 0.5, 0.5]) == 2                 # ties: the higher threshold


def test_threshold_table_scores_as_the_scorer_does():
    """choose_thresholds scores each keep threshold from a table of core matches instead of
    re-scoring records: on dev stories its recall and precision per kind are the scorer's."""
    examples = training.corpus_examples(["dev"], ANN, ROOT.parent / "shared")
    examples = [e for e in examples if e.gold["file"].startswith("voa-")][:12]
    models = learned.default_models()
    collecting = ClaimExtractor.default()
    candidates = training.collect_candidates(examples, collecting, lambda i: models, lambda message: None)
    for _, claim in candidates:
        claim._probability = models.score(claim._features)
    by_example: dict[int, list] = {}
    for number, claim in candidates:
        by_example.setdefault(number, []).append(claim)
    gold = {"documents": [e.gold for e in examples]}
    compared = 0
    for threshold in (0.3, 0.6):
        kept = {kind: threshold for kind in goldset.KINDS}
        records = training._records(examples, by_example, lambda c: training._keeps(c, kept, training.RULE_FLOOR))
        by_kind = score_records(gold, records)["summary"]["by_kind"]
        for kind, scored in by_kind.items():
            if not scored["required"] or not scored["predicted"]:
                continue
            recall, precision = training._KindTable(examples, candidates, kind).scores(threshold, training.RULE_FLOOR)
            assert (recall, precision) == pytest.approx((scored["recall"], scored["precision"]), abs=1e-3)   # the scorer rounds
            compared += 1
    assert compared >= 6


def _learner_study():
    import importlib.util
    spec = importlib.util.spec_from_file_location("learner_study", ROOT / "scripts" / "learner_study.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_learner_study_reads_candidates_as_the_scorer_does():
    """scripts/learner_study.py compares learners on the features training collects: on the
    candidates of dev stories (VOA, dev split) its binary part hashes to what the linear
    scorer reads, its numbers are the ones the scorer skips, and a conjunction with the kind
    keeps every feature and adds one copy of each."""
    study = _learner_study()
    examples = training.corpus_examples(["dev"], ANN, ROOT.parent / "shared")
    examples = [e for e in examples if e.gold["file"].startswith("voa-")][:4]
    models = learned.default_models()
    candidates = training.collect_candidates(examples, ClaimExtractor.default(), lambda i: models, lambda message: None)
    assert candidates
    for _, claim in candidates:
        features = claim._features
        assert learned.indices(study.binary(features)) == learned.indices(features)
        assert "p_self" in study.numbers(features)
        both = study.conjoin(features, "k=" + claim.kind)
        assert len(both) == 2 * len(study.binary(features))
        X = study.sparse([study.binary(features)])
        assert float(X.toarray()[0] @ models.claim_scorer.weights[0] + models.claim_scorer.bias[0]) == pytest.approx(
            float(models.claim_scorer.logits(learned.indices(features))[0]), abs=1e-3)


def test_slot_accuracy_counts_empty_slots():
    """A slot the gold leaves empty is right only when no party clears the role's bar."""
    study = _learner_study()
    groups = [{"role": "actor", "empty": False, "rows": [{"right": 0}, {"right": 1}]},
              {"role": "actor", "empty": True, "rows": [{"right": 0}]}]
    scores = [np.array([0.2, 0.7]), np.array([0.6])]
    assert study.slot_accuracy(groups, scores, {"actor": 0.5}) == 0.5
    assert study.slot_accuracy(groups, scores, {"actor": 0.65}) == 1.0
    assert study.slot_accuracy(groups, scores, {"actor": 0.8}) == 0.5
