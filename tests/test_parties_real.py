"""Actor and recipient on real news (issue 15): multilateral groups, blocs and firms the
gazetteer must know, the doer of an event named by a participle's 'by' phrase, 'both sides'
read as the parties named before, a firm's seat state kept apart from the states a story is
about. Articles come from the annotated corpus's
train split (dev where the issue names a dev case; never test), read from ../shared as the
scorer reads them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsledger import goldset
from newsledger.analyze.entities import EntityResolver
from newsledger.extract.claims import ClaimExtractor
from newsledger.records import Document

SHARED = Path(__file__).resolve().parents[2] / "shared"
corpora = goldset.Corpora(SHARED)
pytestmark = pytest.mark.skipif(not corpora.available, reason="../shared/corpora not found")

G8_STORY = "nb-bbc-business-241"          # train: "presidency of the Group of Eight (G8)"
WEST_STORY = "nb-kcna-19973627720841cc"   # train: "The Russian assets frozen by the West"
MIDLANDS_STORY = "nb-bbc-business-212"    # train: "Rover's Longbridge plant in the West Midlands"
BOTH_SIDES_STORY = "nb-bbc-politics-139"  # train: India and Pakistan; "Both sides agreed to begin talks"
BOEING_STORY = "nb-bbc-business-069"      # train: "US aircraft firm Boeing has unveiled its new 777"
SENATE_STORY = "nb-ukr-20220204T123000Z_UA_en_1d3757904e"   # dev: "Poland's Senate supports the provision"
KURSK_STORY = "nb-kcna-1d0267cd94f78a73"  # dev: "the armed attack ... being launched by the Zelenskiy ..."


def article_text(name: str) -> str:
    assert goldset.split_of(name) in ("train", "dev"), name
    return goldset.scoring_text(corpora.articles([name])[name])


def sentence_with(name: str, words: str) -> str:
    text = article_text(name)
    return re.search(r"[^.]*" + re.escape(words) + r"[^.]*\.", text).group().strip()


@pytest.fixture(scope="module")
def resolver():
    return EntityResolver.default()


@pytest.fixture(scope="module")
def extractor():
    # an extractor of its own, not the suite's cached default: after the rest of the suite
    # the shared one read the Kursk attack's agent differently (passes alone; an open
    # order dependence, see the stop 25 note)
    from newsledger.extract.ontology import Ontology
    return ClaimExtractor(Ontology.default(), EntityResolver.default())


def document(name: str) -> Document:
    from newsledger import workers
    from newsledger.sources import RawDocument
    raw = RawDocument(source=f"{name}.txt", text=article_text(name), title=None, published=None, outlet=None)
    return workers.clean_or_skip(raw)


def claims_of(extractor, name: str) -> list:
    doc = document(name)
    extractor.annotate([doc])
    return doc.claims


def test_stories_are_train_or_dev():
    for name in (G8_STORY, WEST_STORY, MIDLANDS_STORY, BOTH_SIDES_STORY, BOEING_STORY):
        assert goldset.split_of(name) == "train", name
    for name in (SENATE_STORY, KURSK_STORY):
        assert goldset.split_of(name) == "dev", name


def test_the_g8_is_a_group_of_its_own_not_one_member(resolver):
    sentence = sentence_with(G8_STORY, "presidency of the Group of Eight")
    found = {(m.text, m.entity.id) for m in resolver.find(sentence)}
    assert ("Group of Eight", "org:g8") in found and ("G8", "org:g8") in found
    assert resolver.by_id("org:g8").type == "organization"


def test_the_west_is_a_party_but_not_inside_a_place_name(resolver):
    sentence = sentence_with(WEST_STORY, "frozen by the West")
    west = [m for m in resolver.find(sentence) if m.entity.id == "org:west"]
    assert len(west) == 1 and west[0].text == "the West"
    # the gold names it "West": the canonical name, though the bare word is never matched
    assert west[0].entity.name == "West" and west[0].entity.type == "organization"
    midlands = sentence_with(MIDLANDS_STORY, "in the West Midlands")
    assert all(m.entity.id != "org:west" for m in resolver.find(midlands))


def test_a_senate_after_its_state_is_that_states_parliament(resolver):
    sentence = sentence_with(SENATE_STORY, "Poland's Senate supports")
    senate = next(m for m in resolver.find(sentence) if "Senate" in m.text)
    assert senate.entity.id == "org:pol-parliament" and senate.entity.country == "POL"


def test_both_sides_are_the_two_states_named_before(extractor):
    agree = [c for c in claims_of(extractor, BOTH_SIDES_STORY)
             if c.kind == "agree" and c.evidence.text.startswith("Both sides agreed to begin talks")]
    assert agree, "no agree claim on 'Both sides agreed to begin talks'"
    parties = {e.iso3 for e in (agree[0].actor, agree[0].recipient) if e is not None}
    assert parties == {"IND", "PAK"}, parties


def test_the_by_agent_of_a_launched_attack_is_its_actor_not_the_denouncer(extractor):
    attack = [c for c in claims_of(extractor, KURSK_STORY)
              if c.kind == "attack" and "being launched by the Zelenskiy" in c.evidence.text]
    assert attack, "no attack claim on 'the armed attack ... being launched by'"
    assert attack[0].actor is not None and attack[0].actor.iso3 == "UKR"
    assert attack[0].recipient is not None and attack[0].recipient.iso3 == "RUS"
    assert "actor-from-participle-agent" in attack[0].extractor


def test_a_firms_seat_state_is_a_candidate_of_its_own_kind(extractor):
    """Boeing's USA is offered as 'company-state' (the model learns how little it weighs), never as
    a 'member-state' the way a ministry's state is; the firm itself is a candidate with its kind."""
    doc = document(BOEING_STORY)
    extractor.collecting().annotate([doc])
    rows = [row for claim in doc.claims for row in getattr(claim, "_parties", None) or []]
    assert rows
    usa = [row for row in rows if row.entity.id == "country:USA" and row.position is not None]
    assert usa and all("member-state" not in row.origins for row in usa)
    assert any("company-state" in row.origins for row in usa)
    boeing = [row for row in rows if row.entity.id == "org:boeing"]
    assert boeing and any(any(f.endswith("|kind=company") for f in row.features["actor"]) for row in boeing)
    # the story names Boeing more than any state: its parties know they are in a firm's story
    assert any(any("|body_story|" in f for f in row.features["actor"]) for row in rows)


NATO_CHIEF_STORY = "nb-ukr-20220916T013000Z_GB_en_70e7570205"   # train: "The Nato secretary general, Jens Stoltenberg, said"
UN_CHIEF_STORY = "nb-ukr-20220817T121500Z_UA_en_6563a2847f"     # train: "UN chief Antonio Guterres will meet with ..."


def test_the_head_of_an_international_body_stands_for_the_body(resolver, extractor):
    """Stoltenberg acts for NATO, not for Norway; a head of state still stands for his state."""
    assert goldset.split_of(NATO_CHIEF_STORY) == "train" and goldset.split_of(UN_CHIEF_STORY) == "train"
    sentence = sentence_with(NATO_CHIEF_STORY, "Jens Stoltenberg, said")
    chief = next(m for m in resolver.find(sentence) if m.entity.id == "person:jens-stoltenberg")
    party = extractor._as_party(chief.entity)
    assert party.id == "org:nato" and party.text == "Jens Stoltenberg"
    assert extractor._as_party(resolver.by_id("person:alexander-lukashenko")).id == "country:BLR"


def test_the_un_chiefs_talks_have_the_un_as_a_party(extractor):
    talks = [c for c in claims_of(extractor, UN_CHIEF_STORY)
             if c.kind == "meet" and c.evidence.text.startswith("Guterres will hold talks")]
    assert talks, "no meet claim on 'Guterres will hold talks'"
    parties = {e.id for e in (talks[0].actor, talks[0].recipient) if e is not None}
    assert "org:un" in parties and "country:PRT" not in parties, parties


def test_acts_for_must_name_an_organisation_of_the_gazetteer(tmp_path):
    bad = tmp_path / "people.yaml"
    bad.write_text("people:\n- {name: Jens Stoltenberg, country: NOR, acts_for: org:no-such-body}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="acts_for 'org:no-such-body'"):
        EntityResolver(extra_paths=[bad])


TROUBLES_STORY = "we-wiki_ied_bombings_0"   # train: the McGurk's Bar bombing, Belfast 1971


def test_the_ira_and_ulsters_police_and_towns_are_no_irish_state(resolver):
    """'two IRA members were killed' is the armed group, not Ireland; the RUC and Belfast are
    British: the claims of a Troubles story are not the Irish state's."""
    assert goldset.split_of(TROUBLES_STORY) == "train"
    found = {(m.text, m.entity.id) for m in resolver.find(article_text(TROUBLES_STORY))}
    assert ("IRA", "org:ira") in found
    assert ("RUC", "org:ruc") in found and resolver.by_id("org:ruc").country == "GBR"
    assert ("Belfast", "place:belfast") in found and resolver.by_id("place:belfast").country == "GBR"
    assert resolver.by_id("org:ira").type == "organization"


def test_a_bare_ira_outside_a_british_or_irish_story_is_nothing(resolver):
    """The same letters name the US Inflation Reduction Act: only a story naming Britain or
    Ireland reads them as the IRA (contextual.yaml)."""
    sentence = sentence_with(TROUBLES_STORY, "two IRA members were killed")
    assert all(m.entity.id != "org:ira" for m in resolver.find(sentence.replace("RUC", "police")))


PODOLYAK_STORY = "nb-ukr-20220818T113000Z_UA_en_8bcf8d289c"   # train: "Podolyak on Wednesday called for ..."


def test_an_official_named_alone_after_his_full_name_stands_for_his_state(resolver, extractor):
    """The short form of a state's official resolves to him, and he stands for his state."""
    assert goldset.split_of(PODOLYAK_STORY) == "train"
    sentence = sentence_with(PODOLYAK_STORY, "Podolyak on Wednesday called")
    aide = next(m for m in resolver.find(sentence) if m.text == "Podolyak")
    assert aide.entity.id == "person:mykhailo-podolyak"
    assert extractor._as_party(aide.entity).id == "country:UKR"


CONDEMNED_STORY = "te3-XIE19980812.0062"   # train: Egypt 'condemned the "cowardly, criminal and tragic" bombings'


def test_who_condemns_an_attack_is_not_its_attacker(extractor):
    """The subject of a verb of judging (cues.yaml parties.judging_verbs) voices the event noun
    it governs; the rules no longer take it as the actor (the model still weighs it)."""
    assert goldset.split_of(CONDEMNED_STORY) == "train"
    doc = document(CONDEMNED_STORY)
    extractor.collecting().annotate([doc])
    attacks = [c for c in doc.claims if c.kind == "attack" and "condemned the" in c.evidence.text
               and "bombings" in c.evidence.text]
    assert attacks, "no attack candidate on 'condemned the ... bombings'"
    for claim in attacks:
        assert "actor-from-governing-verb" not in claim.extractor
        rule_actor = getattr(claim, "_rule_parties", (claim.actor, None))[0]
        assert rule_actor is None or rule_actor.iso3 != "EGY"


GULF_STORY = "te3-AP900815-0044"                 # train: "King Hussein was reportedly carrying a message"
ANNAN_STORY = "te3-CNN19980222.1130.0084"        # train: "Annan wrapped up a three hour meeting with ..."
LAVROV_STORY = "nb-ukr-20220128T100000Z_PL_en_d803b0ccf0"   # train: "the Minister of Foreign Affairs of this
                                                            # country Sergei Lavrov"; "Russian invasion"
INVADED_STORY = "nb-ukr-20220212T101500Z_GB_en_e06a6b5af1"  # dev (dev_actor19): "if Ukraine were to be invaded"


def test_older_heads_of_state_stand_for_their_states(resolver, extractor):
    """The TempEval wires' leaders are known people of their states (spaCy alone gives people of
    no state, who can be no party)."""
    for name in (GULF_STORY, ANNAN_STORY, LAVROV_STORY):
        assert goldset.split_of(name) == "train", name
    sentence = sentence_with(GULF_STORY, "King Hussein was reportedly carrying")
    found = {m.text: m.entity for m in resolver.find(sentence)}
    assert found["King Hussein"].id == "person:king-hussein"
    assert extractor._as_party(found["King Hussein"]).id == "country:JOR"
    assert extractor._as_party(found["Saddam"]).id == "country:IRQ"


def test_the_un_chiefs_meeting_with_saddam_is_between_the_un_and_iraq(extractor):
    meetings = [c for c in claims_of(extractor, ANNAN_STORY)
                if c.kind == "meet" and "three hour meeting with Iraqi president" in c.evidence.text]
    assert meetings, "no meet claim on 'Annan wrapped up a three hour meeting'"
    parties = {e.id for e in (meetings[0].actor, meetings[0].recipient) if e is not None}
    assert parties <= {"org:un", "country:IRQ"} and "country:GHA" not in parties, parties


def test_an_office_spacy_reads_as_an_organisation_is_its_holder(resolver):
    """'the Minister of Foreign Affairs' (an ORG to spaCy) is a person holding an office, never
    an organisation that could take a claim's party slot for itself."""
    from newsledger.analyze import nlp
    sentence = sentence_with(LAVROV_STORY, "Minister of Foreign Affairs of this country")
    mentions = resolver.find(sentence, doc=nlp.load()(sentence))
    office = [m for m in mentions if m.text == "Minister of Foreign Affairs"]
    assert office and office[0].entity.type == "person"
    assert all(m.entity.type != "organization" for m in mentions)


def test_a_party_named_twice_is_read_where_it_stands_next_to_the_event(extractor):
    """'sanctions on President Vladimir Putin in the case of Russian invasion of Ukraine': Russia
    is first named by Putin, far from 'invasion'; its features read the adjective on the noun."""
    doc = document(LAVROV_STORY)
    extractor.collecting().annotate([doc])
    invasions = [c for c in doc.claims if c.kind == "attack" and "in the case of Russian invasion" in c.evidence.text]
    assert invasions, "no attack candidate on 'Russian invasion of Ukraine'"
    rows = {row.entity.id: row for row in getattr(invasions[0], "_parties", None) or []}
    russia = rows["country:RUS"]
    assert "actor|path=amod^" in russia.features["actor"]
    assert "actor|attack|named_as=demonym|first=amod" in russia.features["actor"]
    assert "actor|attack|steps_over_fewest=0" in russia.features["actor"]
    assert "recipient|path=pobj^prep:of^" in rows["country:UKR"].features["recipient"]


def test_the_shared_subject_of_a_passive_event_is_not_its_doer(extractor):
    """'if Ukraine were to be invaded': Ukraine is what the invasion befalls (the frame's passive
    subject), not the invader the rules took it for."""
    assert goldset.split_of(INVADED_STORY) == "dev"
    doc = document(INVADED_STORY)
    extractor.collecting().annotate([doc])
    invaded = [c for c in doc.claims if c.kind == "attack" and "if Ukraine were to be invaded" in c.evidence.text]
    assert invaded, "no attack candidate on 'if Ukraine were to be invaded'"
    for claim in invaded:
        rule_actor, rule_recipient = getattr(claim, "_rule_parties", (claim.actor, claim.recipient))
        assert rule_actor is None or rule_actor.iso3 != "UKR"
        assert rule_recipient is not None and rule_recipient.iso3 == "UKR"
        rows = {row.entity.id: row for row in getattr(claim, "_parties", None) or []}
        assert any(f.startswith("actor|attack|passive|") for f in rows["country:UKR"].features["actor"])


# The conventions checked on the parties after the argument model (extract/parties.py, PartyConventions).
EMBASSY_STORY = "te3-XIE19980808.0031"   # dev: "South Africa deplored Friday the bomb blasts which killed ..."
DONBAS_STORY = "nb-ukr-20220219T000000Z_GB_en_d13c9b63bf"   # dev: "a car bomb detonated in an empty lot in Donetsk"
BUCHA_STORY = "nb-ukr-20230719T213000Z_GB_en_823fbccc8e"    # dev: "civilians were killed during a period of Russian occupation"
WAGNER_STORY = "nb-ukr-20230727T164500Z_US_en_9566156170"   # dev: "Prigozhin was seen meeting with an African dignitary"


def _with(claims: list, kind: str, words: str) -> list:
    found = [c for c in claims if c.kind == kind and words in c.evidence.text]
    assert found, f"no {kind} claim on {words!r}"
    return found


def test_who_deplores_a_bombing_is_no_party_to_it_and_the_dead_are_where_they_fell(extractor):
    for name in (EMBASSY_STORY, DONBAS_STORY, BUCHA_STORY, WAGNER_STORY):
        assert goldset.split_of(name) == "dev", name
    claims = claims_of(extractor, EMBASSY_STORY)
    for claim in _with(claims, "attack", "South Africa deplored Friday the bomb blasts"):
        assert claim.actor is None or claim.actor.iso3 != "ZAF"
    # 'at least four people were killed in an explosion that took place near the American
    # embassy in Dar es Salaam, the capital of Tanzania': the side that suffered is Tanzania's
    for claim in _with(claims, "casualties", "at least four people were killed"):
        assert claim.actor is not None and claim.actor.iso3 == "TZA"


def test_a_strike_named_only_by_the_place_it_hit_targets_that_places_state(extractor):
    claims = claims_of(extractor, DONBAS_STORY)
    for words in ("a car bomb detonated in an empty lot in Donetsk", "A gas pipeline in Luhansk caught fire"):
        for claim in _with(claims, "attack", words):
            assert claim.recipient is not None and claim.recipient.iso3 == "UKR"
            assert claim.actor is None   # the text names no attacker


def test_the_occupier_is_not_the_side_that_suffered(extractor):
    claims = claims_of(extractor, BUCHA_STORY)
    for claim in _with(claims, "casualties", "scores of civilians were killed during a period of Russian occupation"):
        assert claim.actor is None or claim.actor.iso3 != "RUS"


def test_a_meeting_party_the_sentence_names_beats_one_from_context(extractor):
    claims = claims_of(extractor, WAGNER_STORY)
    meetings = _with(claims, "meet", "Prigozhin was seen meeting with an African dignitary")
    assert any({"CAF"} & {p.iso3 for p in (c.actor, c.recipient) if p is not None} for c in meetings)


TURKEY_STORY = "voa-6180932"                              # dev: "a Turkish offensive against the Syrian Kurdish militia"
HAMAS_STORY = "nb-ukr-20240427T003000Z_US_en_bdc04b0376"  # dev: "Israel reports having killed fewer than half of Hamas' fighters"


def test_an_offensive_against_a_militia_targets_its_state(extractor):
    assert goldset.split_of(TURKEY_STORY) == "dev"
    for claim in _with(claims_of(extractor, TURKEY_STORY), "attack", "a Turkish offensive against the Syrian"):
        assert claim.actor is not None and claim.actor.iso3 == "TUR"
        # the militia itself or its state (the annotation accepts both)
        assert claim.recipient is not None and (claim.recipient.iso3 == "SYR" or claim.recipient.name == "YPG")


def test_the_fighters_killed_are_the_side_that_suffered(extractor):
    assert goldset.split_of(HAMAS_STORY) == "dev"
    for claim in _with(claims_of(extractor, HAMAS_STORY), "casualties", "having killed fewer than half of Hamas"):
        assert claim.actor is not None and claim.actor.name == "Hamas"


IED_STORY = "we-road_ied_7"   # train: "A British diplomatic vehicle was hit by an explosive device ..."


def test_the_side_whose_vehicle_was_hit_is_the_target_not_the_attacker(extractor):
    """The passive subject of a strike is what was struck: the state it belongs to is the
    target (recipient), never the attacker, and the embassy that reports it is no doer."""
    assert goldset.split_of(IED_STORY) == "train"
    for claim in _with(claims_of(extractor, IED_STORY), "attack", "A British diplomatic vehicle was hit"):
        assert claim.actor is None or claim.actor.iso3 != "GBR"
        assert claim.recipient is not None and claim.recipient.iso3 in ("GBR", "IRQ")


S400_STORY = "voa-6180015"   # train: "Ankara's purchase of the S-400 system violated ..."
CARGO_STORY = "voa-8010476"  # train: "... and delivered an unknown cargo to Iran"


def test_the_buyer_is_the_recipient_and_the_to_phrase_the_receiver(extractor):
    """A transfer runs from the supplier to the receiver: the possessor of a purchase is the
    receiving side, and the party a 'deliver ... to' phrase names receives, whichever slot
    the ranker put them in."""
    assert goldset.split_of(S400_STORY) == "train" and goldset.split_of(CARGO_STORY) == "train"
    for claim in _with(claims_of(extractor, S400_STORY), "transfer", "Ankara's purchase of the S-400 system"):
        assert claim.recipient is not None and claim.recipient.iso3 == "TUR"
        assert claim.actor is None or claim.actor.iso3 != "TUR"
    for claim in _with(claims_of(extractor, CARGO_STORY), "transfer", "delivered an unknown cargo to Iran"):
        assert claim.recipient is not None and claim.recipient.iso3 == "IRN"
        assert claim.actor is None or claim.actor.iso3 != "IRN"


WITHDRAW_STORY = "nb-ukr-20220221T150000Z_UA_en_bb168d1f36"   # train: "withdraw its military forces from Ukraine's sovereign territory"


def test_troops_withdrawn_from_a_state_were_deployed_there(extractor):
    """The 'from' phrase of a withdrawal names where the troops are (the recipient); the
    state they leave is not the side that sent them."""
    assert goldset.split_of(WITHDRAW_STORY) == "train"
    for claim in _with(claims_of(extractor, WITHDRAW_STORY), "deploy", "withdraw its military forces from Ukraine"):
        assert claim.recipient is not None and claim.recipient.iso3 == "UKR"
        assert claim.actor is None or claim.actor.iso3 != "UKR"


ACCUSED_STORY = "nb-ukr-20220426T094500Z_GB_en_3aaf555569"   # train: "Russia has accused Ukraine of attacking targets within its territory"


def test_the_accused_is_the_alleged_attacker_not_the_accuser(extractor):
    assert goldset.split_of(ACCUSED_STORY) == "train"
    for claim in _with(claims_of(extractor, ACCUSED_STORY), "attack", "Russia has accused Ukraine of attacking"):
        assert claim.actor is not None and claim.actor.iso3 == "UKR"
        assert claim.recipient is None or claim.recipient.iso3 != "UKR"


def test_troops_serve_the_side_that_wages_the_war_not_its_enemy(extractor):
    """'Russia is using North Korean soldiers in the war with Ukraine' (the seeds' NHK story,
    examples/002): the soldiers went to Russia, Ukraine is the war's enemy; a retrained
    argument model once read the 'with' phrase as the host (stop 26)."""
    from conftest import EXAMPLES
    text = (EXAMPLES / "002_3a7b3fa782e31a64.txt").read_text(encoding="utf-8")
    doc = Document(id="war-host", source="002.txt", title=None, published="2025-06-19",
                   published_basis="metadata", outlet=None, language="en", text=text)
    extractor.annotate([doc])
    for claim in _with(doc.claims, "deploy", "North Korean soldiers in the war with Ukraine"):
        assert claim.actor is not None and claim.actor.iso3 == "PRK"
        assert claim.recipient is not None and claim.recipient.iso3 == "RUS"


# issue 14/15, stop 28: a transfer's party named where the giving goes is its recipient; the
# side the parse names making an attack is its actor (extract/parties.py _receiver_named,
# _named_doer). Dev articles, as the scorer reads them.
AID_AS_STORY = "nb-ukr-20220619T191500Z_US_en_e8c6673aae"      # dev: "provide ... as military aid to Ukraine"
EQUIP_STORY = "nb-ukr-20230727T143000Z_US_en_c41690bc5c"       # dev: "providing the Ukrainians with the weapons"
ALL_IN_STORY = "nb-ukr-20220411T114500Z_US_en_48060fadee"      # dev: "providing the Ukrainian Armed Forces with"
OFFENSIVE_STORY = "nb-ukr-20230223T144500Z_UA_en_e0860e8c42"   # dev: "Ukrainian forces launch a major offensive"


def _claims_on(extractor, name: str, kind: str, words: str) -> list:
    assert goldset.split_of(name) == "dev", name
    found = [c for c in claims_of(extractor, name) if c.kind == kind and words in c.evidence.text]
    assert found, f"no {kind} claim on {words!r}"
    return found


def test_aid_given_to_a_state_makes_it_the_recipient_and_the_announcer_the_giver(extractor):
    # gold: actor USA, recipient UKR (the model had Ukraine giving and Russia receiving)
    claim = _claims_on(extractor, AID_AS_STORY, "transfer", "as military aid to Ukraine")[0]
    assert claim.recipient is not None and claim.recipient.iso3 == "UKR"
    assert claim.actor is not None and claim.actor.iso3 == "USA"


@pytest.mark.parametrize("name,words", [(EQUIP_STORY, "providing the Ukrainians with the weapons"),
                                        (ALL_IN_STORY, "providing the Ukrainian Armed Forces with")])
def test_who_is_provided_with_weapons_receives_them(extractor, name, words):
    # gold: recipient UKR, actor USA (a party of the article's context)
    for claim in _claims_on(extractor, name, "transfer", words):
        assert claim.recipient is not None and claim.recipient.iso3 == "UKR"
        assert claim.actor is None or claim.actor.iso3 != "UKR"


def test_the_demonym_of_the_forces_launching_an_offensive_is_its_actor(extractor):
    # gold: actor UKR (the model had Russia, the article's other side)
    claims = _claims_on(extractor, OFFENSIVE_STORY, "attack", "Ukrainian forces launch a major offensive")
    offensive = [c for c in claims if "noun:offensive" in c.extractor]
    assert offensive and "actor-named-doer" in offensive[0].extractor
    # the offensive's noun and its purpose verb ('to retake Kherson') both
    for claim in claims:
        assert claim.actor is not None and claim.actor.iso3 == "UKR", claim.extractor


TROOPS_SIDE_STORY = "nb-ukr-20220321T191500Z_US_en_eb92aafe66"    # dev: "Russian troops needed to ... withdraw from Ukraine"


def test_troops_a_demonym_qualifies_are_that_states_deployment(extractor):
    # gold: actor RUS, recipient UKR (the model had them the other way round)
    claims = _claims_on(extractor, TROOPS_SIDE_STORY, "deploy", "Russian troops needed to end hostilities")
    for claim in claims:
        assert claim.actor is not None and claim.actor.iso3 == "RUS", claim.extractor
        assert claim.recipient is not None and claim.recipient.iso3 == "UKR", claim.extractor


KABUL_STORY = "voa-6205629"   # dev: "the victims of the Kabul attack"


def test_a_place_naming_an_attack_word_is_where_not_who(extractor):
    # gold: no actor (the text does not say who), recipient AFG
    for claim in _claims_on(extractor, KABUL_STORY, "attack", "victims of the Kabul attack"):
        assert claim.actor is None or claim.actor.iso3 != "AFG", claim.extractor
