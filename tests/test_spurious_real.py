"""Spurious claims on real news (issue 14): sentences of the annotated corpus where the
extractor proposed a claim that no gold claim matches, checked for the general cause."""
from __future__ import annotations

from test_claims import claims_of


def test_an_attack_takes_no_figure_of_people_or_meetings():
    # dev: nb-ukr-20240414T020000Z_GB_en_f52b3b963d (91 counts rescuers killed, not an attack)
    text = ("The DSNS says 91 of its rescuers have been killed and more than 340 injured since the "
            "Russian full-scale invasion in February 2022.")
    attacks = [c for c in claims_of(text, published="2024-04-14") if c.kind == "attack"]
    assert all(c.quantity is None or c.quantity.value not in (91, 340) for c in attacks)
    # dev: nb-ukr-20220321T191500Z_US_en_eb92aafe66 (a dozen meetings, six of them since the invasion)
    text = ("The United Nations Security Council has convened almost a dozen meetings on Ukraine since "
            "late January, six of those coming since the brutal Russian invasion began last month.")
    attacks = [c for c in claims_of(text, published="2022-03-21") if c.kind == "attack"]
    assert all(c.quantity is None for c in attacks)


def test_a_sight_visited_is_no_meeting():
    # dev: nb-ukr-20230719T213000Z_GB_en_823fbccc8e (the Taoiseach's visit to Kyiv is its own
    # claim; the church and the square he saw there are not meetings with anyone)
    for text in ("In Bucha, Mr Varadkar visited the Church of St Andrew where a mass grave was discovered "
                 "after Russian soldiers retreated from the area.",
                 "Later in the morning, Mr Varadkar visited Mikhailivska Square (St Michael’s Square) in "
                 "central Kyiv, where he watched as two Ukrainian soldiers laid a wreath on behalf of the "
                 "Irish Government at a ceremony at the Wall of Remembrance of the Fallen for Ukraine."):
        assert not [c for c in claims_of(text, published="2023-07-19") if c.kind == "meet"]


def test_a_visit_to_a_country_is_still_a_meeting():
    # train: voa-7808748 (a visit to Europe's officials stays a meet claim; gold required)
    text = ("Chinese Commerce Minister Wang Wentao visited Europe in late September and met with officials "
            "and businesspeople in charge of foreign trade and commerce in the EU, Belgium, Germany, Italy "
            "and other auto-manufacturing countries to lobby the EU to abandon the tariffs.")
    assert [c for c in claims_of(text, published="2023-10-20") if c.kind == "meet"]


def test_assent_to_an_opinion_is_no_agreement():
    # dev: nb-bbc-business-330 and nb-ukr-20220818T113000Z_UA_en_598416f3a7 (a person and a
    # share of people who agree with nothing agreed)
    for text in ("Mr Valentine, who was born in the United States but grew up in Argentina, agreed.",
                 "A staggering 93 percent of Ukrainians agree and see the future as “rather promising” while "
                 "98 percent think Ukraine will win the war, according to a new poll."):
        assert not [c for c in claims_of(text, published="2022-08-18") if c.kind == "agree"]
    # train: nb-ukr-20220420T130000Z_US_en_cb7d11f01c: the agreed thing as subject keeps the claim
    text = ("Evacuation corridor for Mariupol agreed: Ukrainian Deputy Prime Minister Iryna Vereshchuk said "
            "Wednesday that a corridor had been agreed on with Russia for the evacuation of women, children "
            "and the elderly from Mariupol.")
    assert [c for c in claims_of(text, published="2022-04-20") if c.kind == "agree"]


def test_migrants_and_detainees_moved_are_no_deployment():
    # dev: voa-8008349 (migrants held at Guantanamo Bay flown back to the U.S. mainland)
    for text in ("The United States has cleared out the last migrants being held at its naval base at "
                 "Guantanamo Bay, Cuba, sending them back to the U.S. mainland as they await deportation.",
                 "The first detainees began arriving at Guantanamo Bay in February aboard U.S. military cargo "
                 "jets, some staying for days or weeks before being deported."):
        assert not [c for c in claims_of(text, published="2025-03-15") if c.kind == "deploy"]


def test_an_age_after_a_name_is_no_figure():
    # dev: nb-ukr-20230719T213000Z_GB_en_823fbccc8e (the journalists' ages are no count of the killed)
    text = ("Mr Zakrzewski, 55, who worked for Fox News, was killed alongside Ukrainian freelance journalist "
            "Oleksandra “Sasha” Kuvshynova, 24.")
    claims = claims_of(text, published="2023-07-19")
    assert all(c.quantity is None or c.quantity.value not in (55, 24) for c in claims)


def test_an_age_after_a_name_is_an_age_mention():
    from newsledger.analyze import nlp
    from newsledger.extract.quantities import find_quantities
    # train: nb-bbc-business-196 (gold must_not_claim 'Mr Sullivan, 42')
    text = ("Mr Sullivan, 42, has already pleaded guilty to fraud and will be sentenced following Mr Ebbers' "
            "trial, where he is appearing as a prosecution witness.")
    kinds = {m.text: m.kind for m in find_quantities(nlp.load()(text))}
    assert kinds.get("42") == "age"


def test_a_slashed_date_is_no_figure():
    # dev: nb-ukr-20220818T113000Z_UA_en_598416f3a7 ('9/11' gave an attack the figure 11)
    text = ("Kherson’s vote is scheduled for 9/11 — the anniversary of America’s worst terrorist attack — and "
            "only half of its 280,000 residents remain there after it was occupied in March.")
    claims = claims_of(text, published="2022-08-18")
    assert all(c.quantity is None or c.quantity.value not in (9, 11) for c in claims)


def test_drills_and_annexation_stay_attacks_as_the_conventions_annotate_them():
    # issue 14's reading counted artillery drills and annexation read as attack as non-events;
    # the corpus annotates both as (optional) attack claims, so they are kept: an unlisted
    # claim would count against precision, a listed one cut would lose a match.
    # dev: nb-ukr-20220204T123000Z_UA_en_1d3757904e (gold optional attack "annexed Crimea")
    text = ("Ukraine has fulfilled its obligations, but Russia nevertheless attacked Ukraine in 2014, "
            "annexed Crimea and controls separatists in the Donbas, the resolution said.")
    assert [c for c in claims_of(text, published="2022-02-04") if c.kind == "attack"]
    # dev: nb-kcna-4a97c7e7275b53d3 (gold optional attack "launched artillery firing drills")
    text = ("They also launched artillery firing drills near the front, including eastern and western "
            "sectors along the southern border, all at once on July 2.")
    assert [c for c in claims_of(text, published="2024-07-08") if c.kind == "attack"]
