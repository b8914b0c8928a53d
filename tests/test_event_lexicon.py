"""The event lexicon mined from the labelled event datasets (extract/event_lexicon.py): how it
is mined, the committed one the models were trained with, and what it adds to a sentence's
features. Sentences are real ones from the datasets' measured half."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_path
from newsledger import eventsets, training
from newsledger.extract import learned
from newsledger.extract.event_lexicon import FILE_NAME, Entry, EventLexicon
from newsledger.extract.ontology import Ontology

COMMITTED = learned.MODELS_DIR / FILE_NAME


@pytest.fixture(scope="module")
def mined() -> EventLexicon:
    corpora = shared_path("corpora")
    return training.mine_lexicon(corpora, list(Ontology.default().kinds))


def test_halves_are_stable_and_split_every_dataset():
    corpora = shared_path("corpora", "events")
    windows = list(eventsets.windows(corpora.parent, "geneva"))
    mined = [w for w in windows if eventsets.mined_half(w)]
    assert 0.4 < len(mined) / len(windows) < 0.6
    # the same text falls on the same side on every run (a CRC, not Python's salted hash)
    again = [w.key for w in eventsets.windows(corpora.parent, "geneva") if eventsets.mined_half(w)]
    assert again == [w.key for w in mined]


def test_mining_reproduces_the_committed_lexicon(mined):
    # `newsledger train` wrote the committed file from the same data: same pairs, same counts
    assert mined.to_tsv() == COMMITTED.read_text(encoding="utf-8")


def test_inflections_share_their_lemma_counts(mined):
    detonate = {e.word: e for e in mined.entries if e.kind == "attack" and e.word.startswith("deton")}
    assert {"detonate", "detonated", "detonating"} <= set(detonate)
    assert len({(e.triggers, e.seen) for e in detonate.values()}) == 1
    kinds_of_killed = {e.kind for e in mined.kinds_of("Killed")}
    assert "casualties" in kinds_of_killed
    # stop words and light verbs never enter, however often a dataset marks them
    assert not mined.kinds_of("said") and not mined.kinds_of("the")


def test_sentence_features_name_the_kinds_of_its_words(mined):
    # GENEVA, measured half: a sentence our train split has no like of
    sentence = "Such groups engage in violent attacks against civilian targets with the aim of influencing public opinion."
    features = learned.sentence_features(sentence, mined)
    assert "lex=attack" in features
    assert "lex=produce" not in features
    assert not any(f.startswith("lex=") for f in learned.sentence_features(sentence, None))


def test_the_models_read_the_lexicon_into_word_weights():
    models = learned.default_models()
    assert models is not None and models.lexicon is not None
    without = learned.ExtractorModels(sentence_kinds=models.sentence_kinds, claim_scorer=models.claim_scorer,
                                      settings=models.settings, folder=models.folder)
    # a word our annotations never show but the datasets use for bombings
    assert models.word_weight("attack", "detonated") != without.word_weight("attack", "detonated")
    assert models.word_weight("meet", "detonated") == without.word_weight("meet", "detonated")


def test_a_bad_lexicon_file_names_the_file_and_line(tmp_path: Path):
    path = tmp_path / FILE_NAME
    path.write_text("word\tkind\ttriggers\tseen\nkilled\tcasualties\tmany\t3\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"event_lexicon.tsv, line 2"):
        EventLexicon.read(path)
    path.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not an event lexicon"):
        EventLexicon.read(path)


def test_round_trip_keeps_every_entry(tmp_path: Path):
    path = tmp_path / FILE_NAME
    path.write_text(EventLexicon([Entry("shelled", "attack", 5, 9), Entry("killed", "casualties", 97, 169)]).to_tsv(),
                    encoding="utf-8")
    lexicon = EventLexicon.read(path)
    assert {(e.word, e.kind, e.triggers, e.seen) for e in lexicon.entries} == \
        {("shelled", "attack", 5, 9), ("killed", "casualties", 97, 169)}
    assert lexicon.kinds_of("SHELLED")[0].share == pytest.approx(5 / 9)
