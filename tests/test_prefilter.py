"""The pre-filter decides which sentences the parser sees. It may only drop sentences that
cannot yield a claim: each gate is a word the extractor's own rules require."""
from __future__ import annotations

import pytest

from newsledger.extract.claims import ClaimExtractor
from newsledger.extract.ontology import Ontology
from newsledger.records import Document


def _doc(text: str) -> Document:
    return Document(id="d", source="s", title=None, published="2025-03-01", published_basis="metadata",
                    outlet=None, language="en", text=text)


@pytest.fixture(scope="module")
def extractor() -> ClaimExtractor:
    return ClaimExtractor.default()


def _kept(extractor: ClaimExtractor, text: str) -> list[str]:
    _, kept, _ = extractor._plan(_doc(text))
    return [text[s:e] for s, e in kept]


@pytest.mark.parametrize("sentence, parsed", [
    ("He took the bus to work on Monday.", False),             # 'take' needs a captivity noun
    ("According to the report, prices rose.", False),          # not the noun 'accord'
    ("The team is holding its breath.", False),                # 'hold' needs a meeting noun
    ("The company is taking its time.", False),
    ("The plant turned 3,000 visitors away.", False),          # 'turn' needs its particle 'out'
    ("Prices included a service charge.", False),              # 'include' needs a package-like subject
    ("Hamas took 250 hostages.", True),                        # 'take' with its captivity noun
    ("Officials held talks in Riyadh.", True),
    ("The ministry turned out 3,000 shells a day.", True),
    ("The package includes 30 Abrams tanks.", True),
    ("Russia gave 100 tanks to Syria.", True),                 # 'give' needs no gate
])
def test_gates(extractor, sentence, parsed):
    assert bool(_kept(extractor, sentence)) is parsed


def test_gate_words_come_from_the_ontology():
    alone, gated = Ontology.default().trigger_surface_forms()
    assert "according" not in alone and "according" not in gated
    assert "took" in gated and "took" not in alone and "gave" in alone
    assert any("hostages" in group for alternative in gated["took"] for group in alternative)
    assert any("out" in group for alternative in gated["turned"] for group in alternative)


def test_same_claims_with_and_without_neighbours(extractor):
    """A sentence's claims do not depend on unrelated sentences around it being dropped."""
    claim = "Russia delivered 100 tanks to Syria in March."
    noise = "He gave a long speech. The weather was mild. " * 3
    alone = extractor.extract(_doc(claim))
    padded = extractor.extract(_doc(noise + "\n" + claim))
    assert [(c.kind, c.quantity.value) for c in alone] == [(c.kind, c.quantity.value) for c in padded] \
        == [("transfer", 100)]


def test_long_articles_are_parsed_in_pieces_with_the_same_text(extractor):
    """A long article is parsed in pieces (bounded memory) and joined back: the Doc's text is
    the masked text, character for character, so every offset stays the article's."""
    from newsledger.analyze import nlp as nlp_module
    from newsledger.extract.claims import PIECE_CHARS, _joined, _pieces

    paragraph = "Russia delivered 100 tanks to Syria in March, officials said. " * 8
    text = "\n\n".join(f"{paragraph}Paragraph {n}." for n in range(60))
    masked, kept, carriers = extractor._plan(_doc(text))
    pieces = _pieces(masked)
    assert len(pieces) > 2 and "".join(pieces) == masked
    assert all(len(p) - p.count(" ") - p.count("\n") <= PIECE_CHARS + len(paragraph) for p in pieces)
    parts = extractor._parse(nlp_module.load(), [(masked, kept, carriers)])[0]
    assert len(parts) == len(pieces)
    doc = _joined(parts)
    assert doc.text == masked
    claims = extractor.extract(_doc(text))
    assert len(claims) >= 60 and all(text[c.evidence.start:c.evidence.end] == c.evidence.text for c in claims)


def test_ner_runs_only_for_documents_whose_parse_can_hold_a_claim(extractor, monkeypatch):
    """NER comes last and changes no other annotation, so it is put off until the parse shows
    a trigger with the shape its rules need; a document without one gets no claims either way."""
    from newsledger.analyze import nlp as nlp_module
    nlp = nlp_module.load()
    seen: list[str] = []

    class Spy:   # spaCy's components are extension types: wrap, don't patch
        def __init__(self, component):
            self.component = component

        def pipe(self, docs, **kwargs):
            docs = list(docs)
            seen.extend(doc.text.strip() for doc in docs)
            return self.component.pipe(docs, **kwargs)

    get_pipe = nlp.get_pipe
    monkeypatch.setattr(nlp, "get_pipe", lambda name: Spy(get_pipe(name)) if name == "ner" else get_pipe(name))
    shapeless = _doc("The oil production unit was closed. Supply chain problems went on.")
    claiming = _doc("Russia sent 100 tanks to Syria on Monday, the ministry said.")
    assert _kept(extractor, shapeless.text)   # trigger words pass the pre-filter ...
    extractor.annotate([shapeless, claiming])
    assert shapeless.claims == []             # ... but as compounds they name things, not events
    assert seen == [claiming.text]
    assert [(c.kind, c.actor.name, c.recipient.name) for c in claiming.claims] == [("transfer", "Russia", "Syria")]
