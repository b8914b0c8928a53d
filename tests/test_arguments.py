"""The argument model (extract/arguments.py): who fills a claim's actor and recipient, chosen
among every party the claim could have. Real Voice of America stories of the annotated corpus."""
from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from newsledger import goldset, training
from newsledger.evaluation import score_records
from newsledger.extract import arguments, learned
from newsledger.extract.claims import ClaimExtractor
from newsledger.records import Entity

from test_learned import DEV_STORIES, _document, _gold

VOA = Path(__file__).resolve().parents[1] / "annotations" / "texts" / "voa"
# train-split stories (goldset.split_of): tests may read them closely
TROOPS_STORY = "voa-8004380"   # "... Sheinbaum sent 10,000 troops to Mexico's northern border ..."


def _sentence(name: str, words: str) -> str:
    text = (VOA / f"{name}.txt").read_text(encoding="utf-8")
    return re.search(r"[^.]*" + re.escape(words) + r"[^.]*\.", text).group().strip()


def test_story_is_train():
    assert goldset.split_of(TROOPS_STORY) == "train"


def test_dependency_path_names_the_preposition():
    from newsledger.analyze import nlp as nlp_module
    sentence = _sentence(TROOPS_STORY, "sent 10,000 troops to")
    doc = nlp_module.load()(sentence)
    sent = next(t for t in doc if t.lower_ == "sent")
    border = next(t for t in doc if t.lower_ == "border")
    mexico = next(t for t in doc if t.text.startswith("Mexico"))
    assert arguments.dep_path(border, sent) == "pobj^prep:to^"
    assert arguments.dep_path(mexico, sent).endswith("pobj^prep:to^")
    assert arguments.dep_path(sent, sent) == "self"
    subject = next(t for t in doc if t.dep_ == "nsubj" and t.head.i == sent.i)
    assert arguments.dep_path(subject, sent) == "nsubj^"


def test_committed_argument_model_loads_with_thresholds():
    models = learned.default_models()
    assert models is not None and models.argument_scorer is not None
    thresholds = models.argument_thresholds
    assert set(thresholds) == {"actor", "recipient", "actor_context", "recipient_context",
                               "actor_margin", "recipient_margin"}
    assert all(0.0 <= t < 1.0 for t in thresholds.values())


def _choose(kind, rows, scored, thresholds):
    choice = arguments.choose(kind, rows, scored, thresholds)
    return choice.actor, choice.recipient


def test_choose_leaves_a_slot_empty_below_the_threshold_and_never_repeats_a_party():
    russia = Entity(id="country:RUS", name="Russia", type="country", iso3="RUS")
    ukraine = Entity(id="country:UKR", name="Ukraine", type="country", iso3="UKR")
    rows = [arguments.PartyRow(entity=russia, features={}, position=0),
            arguments.PartyRow(entity=ukraine, features={}, position=30)]
    # Russia best in both roles: the recipient takes the next party
    scored = {"actor": [(0.9, 0), (0.2, 1)], "recipient": [(0.8, 0), (0.6, 1)]}
    assert _choose("attack", rows, scored, {"actor": 0.5, "recipient": 0.5}) == (russia, ukraine)
    assert _choose("attack", rows, scored, {"actor": 0.95, "recipient": 0.7}) == (None, russia)
    # a meeting's single party is its actor
    assert _choose("meet", rows, scored, {"actor": 0.95, "recipient": 0.7}) == (russia, None)
    assert _choose("attack", rows, scored, {"actor": 0.95, "recipient": 0.99}) == (None, None)


def test_a_party_from_context_needs_its_own_bar_and_meetings_keep_the_texts_order():
    russia = Entity(id="country:RUS", name="Russia", type="country", iso3="RUS")
    korea = Entity(id="country:PRK", name="North Korea", type="country", iso3="PRK")
    rows = [arguments.PartyRow(entity=russia, features={}, position=None),   # named earlier only
            arguments.PartyRow(entity=korea, features={}, position=12)]
    scored = {"actor": [(0.6, 0), (0.3, 1)], "recipient": [(0.5, 1), (0.4, 0)]}
    bars = {"actor": 0.2, "recipient": 0.2, "actor_context": 0.7, "recipient_context": 0.7}
    assert _choose("transfer", rows, scored, bars) == (korea, None)
    bars.update(actor_context=0.5)
    assert _choose("transfer", rows, scored, bars) == (russia, korea)
    # no direction in a meeting: the party the sentence names comes first
    assert _choose("meet", rows, scored, bars) == (korea, russia)


def test_collected_party_rows_hold_plain_values():
    """While training collects, every candidate keeps its parties; no spaCy object may ride
    along (claims outlive the parse's memory zone)."""
    extractor = ClaimExtractor.default()
    doc = _document(TROOPS_STORY)
    extractor.collecting().annotate([doc])
    with_parties = [c for c in doc.claims if getattr(c, "_parties", None)]
    assert with_parties
    for claim in with_parties:
        pickle.dumps(claim._parties)
        assert not hasattr(claim, "_argument_input")
        for row in claim._parties:
            assert set(row.features) == set(arguments.ROLES)
            assert all(f.startswith(("actor|", "recipient|")) for f in row.features["actor"] + row.features["recipient"])


def test_troops_sent_by_a_president_are_her_state_to_its_border():
    doc = _document(TROOPS_STORY)
    ClaimExtractor.default().annotate([doc])
    deploy = [c for c in doc.claims if c.kind == "deploy" and "Sheinbaum sent 10,000 troops" in c.evidence.text]
    assert deploy, [(c.kind, c.evidence.text[:60]) for c in doc.claims]
    assert deploy[0].actor is not None and deploy[0].actor.iso3 == "MEX"
    # the gold accepts either side of 'Mexico's northern border with the U.S.'
    assert deploy[0].recipient is not None and deploy[0].recipient.iso3 in ("MEX", "USA")
    assert deploy[0].quantity is not None and deploy[0].quantity.value == 10_000


def test_argument_model_fills_more_slots_right_than_the_rules_on_dev_stories(monkeypatch):
    gold = _gold(DEV_STORIES)
    summaries = {}
    for mode in ("model", "rules"):
        extractor = ClaimExtractor.default()
        saved = extractor.models.argument_scorer
        if mode == "rules":
            monkeypatch.setattr(extractor.models, "argument_scorer", None)
        try:
            docs = [_document(name) for name in DEV_STORIES]
            extractor.annotate(docs)
        finally:
            extractor.models.argument_scorer = saved
        records = [dict(d.to_dict(), source=f"{name}.txt") for d, name in zip(docs, DEV_STORIES)]
        summaries[mode] = score_records(gold, records)["summary"]
    model, rules = summaries["model"]["slot_accuracy"], summaries["rules"]["slot_accuracy"]
    assert model["actor"] >= rules["actor"] + 0.1, (model, rules)
    assert model["recipient"] >= rules["recipient"], (model, rules)
    assert summaries["model"]["exact_recall"] >= summaries["rules"]["exact_recall"]


def test_casualty_claims_rarely_get_a_recipient():
    """The thresholds are chosen counting empty gold slots: a loss has a side that suffered,
    seldom a party it happened 'to'."""
    docs = [_document(name) for name in DEV_STORIES]
    ClaimExtractor.default().annotate(docs)
    losses = [c for d in docs for c in d.claims if c.kind == "casualties"]
    if not losses:
        pytest.skip("no casualty claims in these stories")
    assert sum(c.recipient is not None for c in losses) <= len(losses) / 3


def test_gold_party_counts_an_empty_slot():
    assert training.gold_party({"kind": "casualties", "actor": "UKR", "recipient": None}, "recipient") == (True, None)
    assert training.gold_party({"kind": "attack", "actor": "RUS"}, "recipient") == (False, None)
    assert training.gold_party({"kind": "attack", "actor": ["RUS", "Russia"]}, "actor") == (True, ["RUS", "Russia"])
