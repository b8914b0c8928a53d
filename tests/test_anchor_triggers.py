"""Event words mined from the annotations' anchors (extract/anchor_triggers.py), on real
sentences of the annotated corpus's train split."""
from __future__ import annotations

import pytest

from newsledger.analyze import nlp as nlp_module
from newsledger.extract import anchor_triggers, learned
from newsledger.extract.claims import ClaimExtractor
from newsledger.records import Document


@pytest.fixture(scope="module")
def nlp():
    return nlp_module.load()


def test_the_event_word_is_not_the_verb_of_saying_that_carries_it(nlp):
    # train: nb-ukr (a Russian jet and a US drone over the Black Sea)
    anchor = "Russia has denied that its plane crashed into the U.S. drone"
    word = anchor_triggers.event_word(nlp(anchor), anchor_triggers.not_event_words())
    assert word is not None and word.lemma_ == "crash"


def test_aspectual_verbs_give_way_to_the_event_they_carry(nlp):
    anchor = "as Russian forces continue their siege of Mariupol"   # train
    word = anchor_triggers.event_word(nlp(anchor), anchor_triggers.not_event_words())
    assert word is not None and word.lower_ == "siege"


def test_things_sent_or_fired_are_not_event_words(nlp):
    from newsledger.extract.claims import ClaimExtractor
    extractor = ClaimExtractor.default()
    anchor = "Russian drones over the city of Kyiv"
    word = anchor_triggers.event_word(nlp(anchor), anchor_triggers.not_event_words(),
                                      lambda token: extractor._item_match(token) is not None)
    assert word is None or word.lemma_ != "drone"


def test_mining_counts_articles_and_leaves_a_fold_out(nlp):
    texts = ["Russian forces captured the city.", "The army captured the plant.",
             "Troops captured the bridge.", "The police captured the thief and said so."]
    claims = [(0, "attack", "Russian forces captured the city"), (1, "attack", "The army captured the plant"),
              (2, "attack", "Troops captured the bridge")]
    words = anchor_triggers.anchor_words(claims, nlp, anchor_triggers.not_event_words())
    mined = anchor_triggers.mine(words, texts)
    assert mined.tells("attack", "capture", "VERB") and not mined.tells("attack", "capture", "NOUN")
    (entry,) = mined.entries
    assert entry.documents == 3 and entry.share == pytest.approx(0.75)   # 3 of the 4 articles using it
    # without article 2, two articles are too few
    assert not anchor_triggers.mine(words, texts, leave_out=frozenset({2})).tells("attack", "capture", "VERB")


def test_table_round_trip_and_bad_file(tmp_path):
    table = anchor_triggers.AnchorTriggers([anchor_triggers.AnchorTrigger("attack", "capture", "VERB", 8, 0.32)])
    table.write(tmp_path / anchor_triggers.FILE_NAME)
    assert anchor_triggers.AnchorTriggers.read(tmp_path / anchor_triggers.FILE_NAME).tells("attack", "capture", "VERB")
    (tmp_path / "bad.tsv").write_text("kind\tlemma\tpos\tdocuments\tshare\nattack\tcapture\tVERB\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv:2"):
        anchor_triggers.AnchorTriggers.read(tmp_path / "bad.tsv")


def test_a_mined_event_word_proposes_a_candidate_the_ontology_lacks():
    models = learned.default_models()
    assert models is not None and models.tells("attack", "capture", "VERB")
    # train: a sentence whose attack no ontology word tells
    text = "Russian forces captured the Zaporizhzhia nuclear plant in Ukraine earlier this year."
    document = Document(id="t", source="t.txt", title="", text=text, published="2022-09-01",
                        published_basis="metadata", outlet=None, language="en")
    claims = ClaimExtractor.default().collecting().extract(document)
    attacks = [c for c in claims if c.kind == "attack"]
    assert attacks and "anchor-word" in attacks[0].extractor
