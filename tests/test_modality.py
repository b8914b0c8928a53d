"""Modality of predicates on real spaCy parses, across domains."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.extract.modality import MODALITIES, load_cues, modality, sentence_modality


@pytest.fixture(scope="module")
def nlp():
    from newsledger.analyze import nlp as nlp_mod
    return nlp_mod.load()


def trigger(doc, word, nth=0):
    hits = [t for t in doc if t.text == word]
    assert hits, f"{word!r} not in {doc.text!r}"
    return hits[nth]


# (text, trigger word, acceptable modalities, hedged or None for "don't care")
CASES = [
    # occurred
    ("The company sold 3 million phones last year.", "sold", {"occurred"}, False),
    ("Rebels captured the airport on Monday.", "captured", {"occurred"}, False),
    ("The minister said that the army had received 40 tanks.", "received", {"occurred"}, False),
    ("North Korea had sent containers to Russia that could hold nearly 5 million shells.", "sent",
     {"occurred"}, False),
    ("The floods have killed 200 people.", "killed", {"occurred"}, False),
    ("North Korea has agreed to produce drones.", "agreed", {"occurred"}, False),
    ("After the storm hit the coast, the government will send aid.", "hit", {"occurred"}, None),
    # planned
    ("The government plans to build 20 new hospitals.", "build", {"planned"}, False),
    ("Germany will send 14 tanks to Ukraine.", "send", {"planned"}, False),
    ("The airline is going to buy 50 jets.", "buy", {"planned"}, False),
    ("North Korea has agreed to produce drones jointly developed with Russia.", "produce", {"planned"}, False),
    ("The union intends to strike next week.", "strike", {"planned"}, False),
    ("The president promised to cut taxes.", "cut", {"planned"}, False),
    ("The company is set to open a plant in Texas.", "open", {"planned"}, False),
    ("The board decided to close two factories.", "close", {"planned"}, False),
    ("Brazil pledged to protect the forest.", "protect", {"planned"}, False),
    ("He ordered the development of a new missile system.", "development", {"planned"}, False),
    ("It is planned to send 25 000 workers there.", "send", {"planned"}, False),
    ("North Korea will start producing drones this year.", "producing", {"planned", "expected"}, False),
    ("Shoigu stated that North Korea had promised to send a thousand sappers.", "send", {"planned"}, False),
    ("The city aims to plant a million trees.", "plant", {"planned"}, False),
    ("The bank is preparing to lay off 400 staff.", "lay", {"planned"}, False),
    ("Budanov said that North Korea plans to send another 150 missiles.", "send", {"planned"}, False),
    # expected
    ("The economy is expected to grow by 3 percent.", "grow", {"expected"}, False),
    ("North Korea is likely to receive technical assistance from Russia.", "receive", {"expected"}, False),
    ("It is expected that the company will hire 500 workers.", "hire", {"expected", "planned"}, False),
    ("Analysts forecast that prices will fall.", "fall", {"planned", "expected"}, None),
    ("Sales will probably rise next year.", "rise", {"planned", "expected"}, False),
    # possible
    ("The virus may spread to other countries.", "spread", {"possible"}, False),
    ("The strike could disrupt 300 flights.", "disrupt", {"possible"}, False),
    ("Prices might rise again.", "rise", {"possible"}, False),
    ("The government is considering sending troops.", "sending", {"possible"}, False),
    ("Perhaps the army lost 200 soldiers.", "lost", {"possible"}, False),
    ("The containers could hold nearly 5 million shells.", "hold", {"possible"}, False),
    # denied
    ("The Kremlin denied that it had sent troops.", "sent", {"denied"}, False),
    ("Russia denied sending weapons to the rebels.", "sending", {"denied"}, False),
    ("The ministry rejected reports that soldiers had looted the town.", "looted", {"denied"}, False),
    # negated
    ("Russia is not inclined to provide North Korea with support.", "provide", {"negated"}, False),
    ("The company did not pay its taxes.", "pay", {"negated"}, False),
    ("The country has never tested a nuclear weapon.", "tested", {"negated"}, False),
    ("The council refused to approve the budget.", "approve", {"negated"}, False),
    ("Germany will not send tanks.", "send", {"negated"}, False),
    ("No soldiers were killed in the attack.", "killed", {"negated"}, False),
    ("The firm failed to deliver the vaccines.", "deliver", {"negated"}, False),
    # hedged
    ("The company reportedly sold 3 million phones.", "sold", {"occurred"}, True),
    ("The suspect allegedly stole three cars.", "stole", {"occurred"}, True),
    ("Iran is said to have supplied 400 drones.", "supplied", {"occurred"}, True),
    ("The general is believed to have ordered the strike.", "ordered", {"occurred"}, True),
    ("The army will reportedly send 200 troops.", "send", {"planned"}, True),
]


@pytest.mark.parametrize("text,word,expected,hedged", CASES, ids=[c[0][:40] for c in CASES])
def test_modality(nlp, text, word, expected, hedged):
    doc = nlp(text)
    value, hedge = modality(trigger(doc, word))
    assert value in expected, (value, [(t.text, t.dep_, t.head.text) for t in doc])
    if hedged is not None:
        assert hedge is hedged


def test_values_are_contract_values(nlp):
    doc = nlp("The army will not send 200 troops, but it may send tanks.")
    for tok in doc:
        value, hedged = modality(tok)
        assert value in MODALITIES and isinstance(hedged, bool)


def test_sentence_modality_uses_content_clause(nlp):
    doc = nlp("The minister said that the country will build three dams.")
    assert sentence_modality(doc[:]) == ("planned", False)


def test_cues_are_data():
    cues = load_cues()
    assert "plan" in cues["modality"]["planned_governors"]
    assert "say" in cues["attribution"]["speech_verbs"]
    assert ("according", "to") in cues["attribution"]["according_to_seq"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=160))
def test_never_raises(nlp, text):
    for tok in nlp(text):
        assert modality(tok)[0] in MODALITIES
