"""Modality of claim triggers in real news sentences (news-bench and VOA, none from the
annotated corpus's test split nor RESERVED.txt): the scope-aware cases of issue 15.
Each sentence is copied verbatim from the article named beside it; the trigger is the word
the extractor takes the claim's event from."""
from __future__ import annotations

import pytest

from newsledger.extract.modality import claim_modality


@pytest.fixture(scope="module")
def nlp():
    from newsledger.analyze import nlp as nlp_mod
    return nlp_mod.load()


# (sentence, trigger word, modality, source article)
CASES = [
    # conditions: 'if Russia invades', inverted 'were Crimea attacked', 'if ... were to be invaded', 'would ... in certain scenarios'
    ('If Russia invades Ukraine, global stock markets could be in for a rough ride — much worse than most other geopolitical events of the past several decades.',
     'invades', 'possible', 'news-bench ukr/20220214T193000Z_US_en_71437d4bec'),
    ('Poland has braced itself to receive "up to a million refugees" fleeing Ukraine if Russia invades the former Soviet nation.',
     'invades', 'possible', 'news-bench ukr/20220208T181500Z_US_en_2c52b7d76a'),
    ('For a year and a half, Biden judiciously refused to send these to Ukraine, calling them a “red line” for Putin, who might use nuclear weapons were Crimea attacked.',
     'attacked', 'possible', 'news-bench ukr/20240427T003000Z_US_en_bdc04b0376'),
    ('In a telephone conversation between the two leaders that lasted over an hour, the US President also warned of "swift and severe costs" if Ukraine were to be invaded.',
     'invaded', 'possible', 'news-bench ukr/20220212T101500Z_GB_en_e06a6b5af1'),
    ("Putin routinely uses Russia’s nuclear trump card to intimidate the West and would likely authorize a tactical nuclear strike in the theater such as in Ukraine in certain scenarios, but those are high on the escalation ladder.",
     'strike', 'possible', 'news-bench ukr/20240513T131500Z_US_en_329f9cd1c1'),
    # threats and red lines
    ('The bombing of Crimea made headlines and crossed two of Putin’s alleged “red lines” – that targets inside Russia cannot be attacked and, secondly, that Western weapons cannot be used to directly attack Russia under threat of retaliation toward NATO.',
     'attacked', 'negated', 'news-bench ukr/20220818T113000Z_UA_en_598416f3a7'),
    # purposes, requests, capacity
    ('Consumer electronics giants Hitachi and Matshushita Electric are joining forces to share and develop technology for flat screen televisions.',
     'develop', 'planned', 'news-bench bbc/business/211'),
    ('Zelensky repeatedly appeals to the West to send tanks.',
     'send', 'planned', 'news-bench ukr/20230223T144500Z_UA_en_e0860e8c42'),
    ('To the Germans: Send tanks to Ukraine because they need them.',
     'Send', 'planned', 'news-bench ukr/20230124T120000Z_UA_en_357d8673ef'),
    ('In the 2000s Japanese rulers even said that "it is easy to produce nuclear warheads and atomic power plants in Japan have enough plutonium to manufacture thousands of nuclear warheads".',
     'manufacture', 'possible', 'news-bench kcna/463d3053ea226cd7'),
    # negation attached to its own event, not to another in the sentence
    ('The Kremlin has not only amassed roughly 100,000 troops on its southern border but deployed an additional 30,000 troops to neighboring Belarus – whose border is less than a three-hour drive to Kyiv.',
     'amassed', 'occurred', 'news-bench ukr/20220208T181500Z_US_en_2c52b7d76a'),
    ('The Kremlin has not only amassed roughly 100,000 troops on its southern border but deployed an additional 30,000 troops to neighboring Belarus – whose border is less than a three-hour drive to Kyiv.',
     'deployed', 'occurred', 'news-bench ukr/20220208T181500Z_US_en_2c52b7d76a'),
    ('It is worth emphasizing that this is a propaganda statement - Russia is an aggressor and it does not strive for peace, and still attacks civilians.',
     'attacks', 'occurred', 'news-bench ukr/20230227T124500Z_PL_en_2b60578727'),
    ('The parade was likely canceled due to frequent Ukrainian strikes on occupied Crimea, which severely crippled Russia’s Black Sea Fleet; However, it is also possible that there’s a lack of weapon to be displayed on the parade as most were likely sent to the front.',
     'strikes', 'occurred', 'news-bench ukr/20240420T064500Z_UA_en_bf5dcf0751'),
    # negation voiced by a verb or a noun
    ("The last six months bear this out: Russia’s minor battlefield victories came at a time when the United States was delaying Ukraine aid, rather than supplying it.",
     'supplying', 'negated', 'news-bench ukr/20240508T101500Z_US_en_7071bc03b0'),
    ('Germany has been much more sceptical, blocking the transfer of German-made weapons from Baltic states to Ukraine.',
     'transfer', 'negated', 'news-bench ukr/20220209T154500Z_GB_en_cba473b1da'),
    ('The U.S. has banned the supply of advanced chips.',
     'supply', 'negated', 'voa 8007739'),
    ("There is mounting frustration in Ankara with Washington over its stance, given President Barack Obama's failure to sell U.S. Patriot missiles to Turkey.",
     'sell', 'negated', 'voa 6180015'),
    # denial voiced through a report noun
    ("Russia's envoy again dismissed accusations it is getting weapons from North Korea at Friday's meeting.",
     'getting', 'denied', 'voa 7677701'),
    ('Biden said claims of a Ukrainian attack were a fabricated attempt at providing a pretext for an invasion.',
     'attack', 'denied', 'news-bench ukr/20220219T000000Z_GB_en_d13c9b63bf'),
    ('He turned to Western countries that they would "not repeat unfounded accusations that the Russian Federation is planning to attack Ukraine.',
     'attack', 'denied', 'news-bench ukr/20220217T171500Z_PL_en_f552be56f2'),
    # 'is to give': the be-to future
    ('Britain is to give a £4m grant to help women survivors of the Rwandan genocide who were raped and often deliberately infected with HIV/Aids.',
     'give', 'planned', 'news-bench bbc/politics/140'),
    ('The head of the German government on Monday is to visit Kiev, the next day he will go to Moscow.',
     'visit', 'planned', 'news-bench ukr/20220213T190000Z_PL_en_d1b505f129'),
    # ending what is going on: asked to stop selling = the selling occurred
    ('The Ukrainian government appealed to DJI in March 2022 to stop selling drones it said the Russian ministry was using to target missile attacks.',
     'selling', 'occurred', 'news-bench ukr/20230731T180000Z_US_en_db4aa44b31'),
    ("Turkish President Recep Tayyip Erdogan’s communication chief, Fahrettin Altun, Monday tweeted, “It’s time to stop Israel’s heinous and cruel attacks.”",
     'attacks', 'occurred', 'voa 6205674'),
    # expectation, possibility, intention, offers
    ("Russia will probably carry out a limited military attack on this country - said the head of the Estonian intelligence.",
     'attack', 'expected', 'news-bench ukr/20220217T091500Z_PL_en_e2725f06c3'),
    ('China is less likely to invade Taiwan, and Iran may have a different view of the Western world if we are successful in Ukraine.',
     'invade', 'possible', 'news-bench ukr/20220411T114500Z_US_en_48060fadee'),
    ('The Ukrainian president, Volodymyr Zelenskiy, who attended police drills in southern Kherson region, said a Russian attack could happen at any time, but pushed back against what he called excessive amounts of information about a major looming war.',
     'attack', 'possible', 'news-bench ukr/20220212T164500Z_GB_en_39f967aa7c'),
    ('Currently, there is an obvious desire for Poland to invade the western part of Ukraine.',
     'invade', 'planned', 'news-bench ukr/20230712T090000Z_PL_en_cd59e5e231'),
    ('Tehran offered to pay Amirov and Omarov $500,000 to plan Alinejad’s murder.',
     'pay', 'planned', 'voa 8008126'),
    ('Putin called the March 29 draft a “not bad result” and indicated he was now prepared to meet Zelensky.',
     'meet', 'planned', 'news-bench ukr/20240419T111500Z_UA_en_04c29e5cf8'),
    # more scope: ban nouns, 'not only', realised purposes, cessation, complements, refusals, relative clauses, governors
    ('The European Union agreed, among othersIntroducing the ban on the export of combat equipment and airlines to Belarus.',
     'export', 'negated', 'news-bench ukr/20230727T060000Z_PL_en_4ae7383a86'),
    ("Republicans and Democrats are not only angry with Ankara's perceived shift toward Moscow, but also a Turkish offensive against the Syrian Kurdish militia, the YPG, in northeast Syria.",
     'offensive', 'occurred', 'voa 6180932'),
    ('The U.S. Treasury Department’s Office of Foreign Assets Control said that Vulin used his public authority to help a U.S.-sanctioned Serbian arms dealer move illegal arms shipments across Serbia’s borders.',
     'shipments', 'occurred', 'news-bench ukr/20240502T201500Z_US_en_27126c2d28'),
    ('“More effort is needed to curtail delivery of dual use goods to Russia that find their way to the battlefield,” von der Leyen said after talks, adding that “this does affect EU-China relations”.',
     'delivery', 'occurred', 'news-bench ukr/20240507T014500Z_GB_en_23f9f2eb70'),
    ('Aiming to deter NATO from deploying forces into the theater, Russia will hold military exercises involving tactical nuclear weapons.',
     'deploying', 'possible', 'news-bench ukr/20240513T131500Z_US_en_329f9cd1c1'),
    ('At the weekend, Putin swiftly rejected a peace plan proposed by African leaders from seven countries that called for de-escalation and security guarantees.',
     'plan', 'negated', 'news-bench ukr/20230620T171500Z_GB_en_0cc1513599'),
    ('It would also allow a Nato military response if Russian forces, based in occupied territory or Black Sea waters, chose to launch additional, criminal attacks on civilians, like that which killed seven people in Lviv on Thursday.',
     'killed', 'occurred', 'news-bench ukr/20230708T163000Z_GB_en_8d208d8192'),
    ('Emmanuel Macron promised that France would give Ukraine six additional Caesar artillery systems.',
     'give', 'planned', 'news-bench ukr/20220617T064500Z_PL_en_0cb8b128c8'),
    ('Macron has said he would “not rule out” the possibility of sending troops to Ukraine and Cameron said it was up to Kyiv how it used British weapons, including against targets inside of Russia.',
     'sending', 'possible', 'news-bench ukr/20240507T014500Z_GB_en_23f9f2eb70'),
    # from the 100-claim reading of news-bench
    ("The U.S. moves to protect and encourage the Israeli army's massacre of Palestinians are touching off bitter anger of the international community.",
     'massacre', 'occurred', 'news-bench kcna/955563b52dd400e6'),
    ("It's promising to deploy British forces to eastern European members of the Nato military alliance if Russian troops cross Ukraine's borders.",
     'deploy', 'planned', 'news-bench ukr/20220130T013000Z_GB_en_51ca9a4968'),
    ("Pope Francis said it was morally legitimate for countries to provide weapons to Ukraine to help it defend itself from Russian aggression.",
     'provide', 'occurred', 'news-bench ukr/20220916T013000Z_GB_en_70e7570205'),
    ("Ukraine also needs long-range missiles to isolate Crimea and neutralize Russia’s ability to kill civilians.",
     'kill', 'possible', 'news-bench ukr/20230124T120000Z_UA_en_357d8673ef'),
    ("AMR added that as part of its cost cutting measures, it is postponing the delivery of 54 Boeing jets.",
     'delivery', 'planned', 'news-bench bbc/business/466'),
    ("The EU embargo on arms exports to China is likely to be lifted in the next six months despite US objections, UK Foreign Secretary Jack Straw has said.",
     'exports', 'negated', 'news-bench bbc/politics/058'),
]


@pytest.mark.parametrize("text,word,expected,source", CASES, ids=[f"{c[2]}:{c[1]}:{c[0][:30]}" for c in CASES])
def test_claim_modality_on_real_sentences(nlp, text, word, expected, source):
    doc = nlp(text)
    token = next(t for t in doc if t.text == word)
    value, _ = claim_modality(token)
    assert value == expected, (source, [(t.text, t.dep_, t.head.text) for t in doc])


def test_the_sentence_outweighs_the_trigger_word(nlp):
    # a trigger's own reading ('pledged' -> planned) applies only where the sentence says
    # nothing; what the parse already decided ('denied supplying') is kept
    doc = nlp("Germany has been much more sceptical, blocking the transfer of German-made weapons "
              "from Baltic states to Ukraine.")
    token = next(t for t in doc if t.text == "transfer")
    assert claim_modality(token, trigger_modality="planned")[0] == "negated"
    assert claim_modality(token, forced="denied")[0] == "denied"
