"""Items listed with a told one are claims of their own (extract/candidates.py), on real
sentences of the annotated corpus's train split; a noun elsewhere in the sentence is not."""
from __future__ import annotations

import pytest

from newsledger.analyze import nlp as nlp_module
from newsledger.extract.candidates import item_phrase, listed_with


@pytest.fixture(scope="module")
def nlp():
    return nlp_module.load()


def _listed(doc, told: str) -> set[str]:
    heads = {i for t in doc if t.text == told for i in item_phrase(t)}
    return {t.text for t in doc if t.pos_ == "NOUN" and t.i not in heads and listed_with(t, heads)}


def test_a_package_lists_each_item_under_including_and_as_well_as(nlp):
    # train: nb-ukr 9309e2a7db (a $1 billion package: gold has artillery, coastal defence
    # weapons and ammunition as claims of their own)
    doc = nlp("the United States is providing another $1 billion in security assistance for Ukraine, "
              "including additional artillery and coastal defense weapons, as well as ammunition for "
              "the artillery and advanced rocket systems that the Ukrainians need")
    listed = _listed(doc, "assistance")
    assert {"artillery", "weapons", "ammunition"} <= listed
    assert "Ukrainians" not in listed


def test_humanitarian_supplies_listed_after_including(nlp):
    # train: the same statement's humanitarian package
    doc = nlp("I am also announcing an additional $225 million in humanitarian assistance to help people "
              "inside Ukraine, including by supplying safe drinking water, critical medical supplies and "
              "health care, food, shelter, and cash")
    # "including by supplying ..." lists through a verb: the walk does not claim the nouns
    # for "assistance" through it, and the people helped are never an item
    assert "people" not in _listed(doc, "assistance")


def test_a_noun_of_another_phrase_is_not_listed(nlp):
    # seeds 000: the drones are what the assistance is for, not a second thing received
    doc = nlp("North Korea is likely to receive technical assistance from Russia for the development "
              "of several types of drones.")
    assert "drones" not in _listed(doc, "assistance")
