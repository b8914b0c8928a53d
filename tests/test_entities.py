"""Entity resolution over the bundled gazetteer (newsledger.analyze.entities)."""
from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

import pytest

from newsledger.analyze.entities import EntityResolver, Mention, fold, stage_rows

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "news-bench.jsonl.gz"


@pytest.fixture(scope="module")
def resolver() -> EntityResolver:
    return EntityResolver.default()


# The 32 states most present in ../shared/corpora/news-bench.jsonl.gz (documents mentioning them,
# counted once with this resolver), each with its name, demonym and capital (plus seats and
# abbreviations where news uses them).
TOP_STATES = {
    ("PRK", "Q423"): ["North Korea", "DPRK", "the DPRK", "Democratic People's Republic of Korea", "North Korean", "Pyongyang"],
    ("USA", "Q30"): ["United States", "United States of America", "US", "U.S.", "USA", "America", "American", "Washington", "White House"],
    ("GBR", "Q145"): ["United Kingdom", "UK", "Britain", "Great Britain", "British", "London", "Downing Street"],
    ("RUS", "Q159"): ["Russia", "Russian Federation", "Russian", "Russians", "Moscow", "the Kremlin"],
    ("UKR", "Q212"): ["Ukraine", "Ukrainian", "Kyiv", "Kiev"],
    ("KOR", "Q884"): ["South Korea", "Republic of Korea", "ROK", "South Korean", "Seoul"],
    ("JPN", "Q17"): ["Japan", "Japanese", "Tokyo"],
    ("FRA", "Q142"): ["France", "French", "Paris", "the Elysee", "Élysée"],
    ("DEU", "Q183"): ["Germany", "German", "Berlin"],
    ("CHN", "Q148"): ["China", "People's Republic of China", "PRC", "Chinese", "Beijing"],
    ("ITA", "Q38"): ["Italy", "Italian", "Rome"],
    ("AUS", "Q408"): ["Australia", "Australian", "Canberra"],
    ("ESP", "Q29"): ["Spain", "Spanish", "Madrid"],
    ("IRL", "Q27"): ["Ireland", "Irish", "Dublin"],
    ("BLR", "Q184"): ["Belarus", "Belarusian", "Minsk"],
    ("POL", "Q36"): ["Poland", "Polish", "Warsaw"],
    ("IND", "Q668"): ["India", "Indian", "New Delhi"],
    ("IRQ", "Q796"): ["Iraq", "Iraqi", "Baghdad"],
    ("ISR", "Q801"): ["Israel", "Israeli", "Jerusalem", "Tel Aviv"],
    ("NLD", "Q55"): ["Netherlands", "the Netherlands", "Dutch", "Amsterdam", "The Hague"],
    ("ZAF", "Q258"): ["South Africa", "South African", "Pretoria"],
    ("CHE", "Q39"): ["Switzerland", "Swiss", "Bern"],
    ("CAN", "Q16"): ["Canada", "Canadian", "Ottawa"],
    ("SWE", "Q34"): ["Sweden", "Swedish", "Stockholm"],
    ("VNM", "Q881"): ["Vietnam", "Viet Nam", "Vietnamese", "Hanoi"],
    ("IRN", "Q794"): ["Iran", "Islamic Republic of Iran", "Iranian", "Tehran"],
    ("SYR", "Q858"): ["Syria", "Syrian Arab Republic", "Syrian", "Damascus"],
    ("BEL", "Q31"): ["Belgium", "Belgian", "Brussels"],
    ("FIN", "Q33"): ["Finland", "Finnish", "Helsinki"],
    ("ROU", "Q218"): ["Romania", "Romanian", "Bucharest"],
    ("GRC", "Q41"): ["Greece", "Greek", "Athens"],
    ("BRA", "Q155"): ["Brazil", "Brazilian", "Brasilia"],
    ("TUR", "Q43"): ["Turkey", "Türkiye", "Turkish", "Ankara"],
}


@pytest.mark.parametrize("iso3,qid,surface", [(i, q, s) for (i, q), forms in TOP_STATES.items() for s in forms])
def test_top_states_resolve(resolver, iso3, qid, surface):
    entity = resolver.resolve(surface)
    assert entity is not None, surface
    assert (entity.type, entity.iso3, entity.wikidata) == ("country", iso3, qid), surface
    assert entity.id == f"country:{iso3}"


def test_via_kinds(resolver):
    text = "Moscow and Pyongyang: the Kremlin said North Korean troops and the DPRK and Russia"
    vias = {m.text: m.via for m in resolver.find(text)}
    assert vias == {"Moscow": "capital", "Pyongyang": "capital", "Kremlin": "seat",
                    "North Korean": "demonym", "DPRK": "abbreviation", "Russia": "name"}


@pytest.mark.parametrize("surface", ["North Korea", "the DPRK", "Pyongyang", "North Korean"])
def test_seed_north_korea(resolver, surface):
    e = resolver.resolve(surface)
    assert (e.id, e.iso3, e.wikidata, e.name) == ("country:PRK", "PRK", "Q423", "North Korea")


@pytest.mark.parametrize("surface", ["Moscow", "the Kremlin", "Russian Federation", "Russia"])
def test_seed_russia(resolver, surface):
    assert resolver.resolve(surface).iso3 == "RUS"


def test_people_variants(resolver):
    a, b, c = (resolver.resolve(s) for s in ("Kim Jong-un", "Kim Jong Un", "Kim Jong-Un"))
    assert a.id == b.id == c.id == "person:kim-jong-un"
    assert a.country == "PRK" and a.type == "person"
    assert resolver.resolve("Shoigu").id == resolver.resolve("Sergei Shoigu").id == "person:sergei-shoigu"
    zel = {resolver.resolve(s).id for s in ("Zelensky", "Zelenskyy", "Zelenskiy", "Volodymyr Zelenskyy")}
    assert zel == {"person:volodymyr-zelensky"}
    assert resolver.resolve("Budanov").country == "UKR"
    assert resolver.resolve("Shin Won-sik").country == "KOR"


def test_surname_only_after_full_name_when_ambiguous(resolver):
    # "Austin" is also a city: it names Lloyd Austin only after the full name
    assert [m.entity.id for m in resolver.find("Austin said.")] == []
    ids = [m.entity.id for m in resolver.find("Lloyd Austin arrived. Austin said.")]
    assert ids == ["person:lloyd-austin", "person:lloyd-austin"]


def test_orgs(resolver):
    gur = resolver.resolve("GUR")
    assert (gur.id, gur.type, gur.country) == ("org:gur", "organization", "UKR")
    for s in ("Russian Defense Ministry", "Russia's defence ministry", "Ministry of Defence of Russia"):
        assert resolver.resolve(s).id == "org:ru-mod", s
    assert resolver.resolve("South Korea's Defense Ministry").country == "KOR"
    assert resolver.resolve("NIS").country == "KOR"
    # a generic institution of a state the base has no entry for gets a synthetic, stable id
    e = resolver.resolve("Iran's foreign ministry")
    assert (e.id, e.country) == ("org:irn-foreign-ministry", "IRN")
    assert resolver.resolve("the Russian government").id == "country:RUS"


def test_outlets(resolver):
    for s in ("NHK", "Reuters", "AP", "UNN", "KCNA", "Yonhap", "TASS", "The New York Times"):
        e = resolver.resolve(s)
        assert e is not None and e.type == "organization" and resolver.is_outlet(e), s
    assert not resolver.is_outlet(resolver.resolve("GUR"))
    assert resolver.resolve("NHK").country == "JPN"


def test_groups(resolver):
    g = resolver.resolve("South Korean lawmakers")
    assert (g.id, g.type, g.name, g.country) == ("group:south-korean-lawmakers", "group",
                                                 "South Korean lawmakers", "KOR")
    for s in ("diplomatic sources", "Western media", "intelligence", "sources", "a senior official"):
        e = resolver.resolve(s)
        assert e is not None and e.type == "group", s
    assert resolver.resolve("US officials").country == "USA"
    assert resolver.resolve("officials in Seoul").id == "group:south-korean-officials"


def test_groups_in_text(resolver):
    text = ("According to South Korean lawmakers and intelligence, North Korea lost soldiers. "
            "This was reported by NHK, citing diplomatic sources in the West and Russia.")
    found = [(m.text, m.entity.id) for m in resolver.find(text)]
    assert ("South Korean lawmakers", "group:south-korean-lawmakers") in found
    assert ("intelligence", "group:intelligence") in found
    assert ("diplomatic sources", "group:diplomatic-sources") in found
    assert ("Russia", "country:RUS") in found


def test_longest_match(resolver):
    found = [(m.text, m.entity.id) for m in resolver.find("Russian-North Korean relations")]
    assert found == [("Russian", "country:RUS"), ("North Korean", "country:PRK")]
    assert [m.entity.id for m in resolver.find("Papua New Guinea and Guinea-Bissau")] == \
        ["country:PNG", "country:GNB"]


def test_ambiguity(resolver):
    assert [m.text for m in resolver.find("Let us go to the un meeting")] == []
    assert resolver.resolve("the US").iso3 == "USA"
    assert resolver.resolve("May") is None
    assert [m.entity.id for m in resolver.find("In May, she ate turkey.")] == []
    georgia = [m.entity for m in resolver.find("He was born in Atlanta, Georgia.") if m.text == "Georgia"]
    assert georgia and georgia[0].type == "place"
    assert resolver.find("Georgia and Russia fought in 2008.")[0].entity.iso3 == "GEO"
    assert [m.text for m in resolver.find("Michael Jordan scored.")] == []
    assert [m.text for m in resolver.find("Latin American leaders")] == ["leaders"]
    # "Korea" alone: whichever Korea the text is about
    assert resolver.find("The DPRK said socialist Korea will win.")[1].entity.iso3 == "PRK"
    assert resolver.find("Exports to Korea rose.")[0].entity.iso3 == "KOR"


def test_offsets_and_text(resolver):
    text = "Kim Jong Un met Sergei Shoigu on June 17 in Pyongyang."
    for m in resolver.find(text):
        assert isinstance(m, Mention)
        assert text[m.start:m.end] == m.text == m.entity.text


def test_fold_keeps_length():
    for s in ["Kim Jong-un", "Élysée – İstanbul", "Russiaʼs", "ß"]:
        assert len(fold(s)) == len(s)


def test_unknown_names_get_stable_ids(resolver):
    from newsledger.analyze import nlp

    text = "John Smithers of Acme Widgets Corporation visited Springfield. Smithers said North Korea sent troops."
    doc = nlp.load()(text)
    ms = resolver.find(text, doc=doc)
    ids = {m.text: m.entity.id for m in ms}
    assert ids.get("North Korea") == "country:PRK"
    person = [m for m in ms if m.entity.type == "person"]
    assert person and person[0].entity.id == "person:john-smithers" and person[0].via == "ner"
    assert [m.entity.id for m in person].count("person:john-smithers") == len(person)  # "Smithers" too
    again = resolver.find(text, doc=nlp.load()(text))
    assert [m.entity.id for m in again] == [m.entity.id for m in ms]
    assert resolver.by_id("person:john-smithers") is not None


def test_user_extension(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("organizations:\n- {id: org:acme-intel, name: Acme Intelligence Bureau, aliases: [AIB],"
                     " country: NZL, kind: intelligence}\npeople:\n- {name: Jane Quill, country: NZL,"
                     " role: spy chief, short: [Quill]}\n", encoding="utf-8")
    r = EntityResolver(extra_paths=[extra])
    assert r.resolve("AIB").id == "org:acme-intel"
    assert r.resolve("Quill").country == "NZL"
    assert r.resolve("North Korea").iso3 == "PRK"   # bundled data still there
    assert EntityResolver.default().resolve("AIB") is None


def test_stage_rows():
    rows = stage_rows("North Korea sent troops to Russia, NHK reported.")
    by_text = {r["text"]: r for r in rows}
    assert by_text["North Korea"]["iso3"] == "PRK" and by_text["North Korea"]["wikidata"] == "Q423"
    assert by_text["NHK"]["id"] == "org:nhk"
    assert all({"start", "end", "text", "id", "name", "type", "via"} <= set(r) for r in rows)


def test_performance_5000_words(resolver):
    base = ("North Korea has agreed to produce drones with Russia, sources told NHK. Kim Jong Un met "
            "Sergei Shoigu in Pyongyang, South Korean lawmakers said, citing the NIS. The US and the "
            "United Kingdom condemned the deal; Ukrainian intelligence chief Kyrylo Budanov said the "
            "troops were in the Kursk region, while officials in Seoul and Tokyo weighed sanctions. ")
    words = base.split()
    text = " ".join((words * (5000 // len(words) + 1))[:5000])
    resolver.find(text)  # warm
    t0 = time.perf_counter()
    mentions = resolver.find(text)
    ms = (time.perf_counter() - t0) * 1000
    print(f"\nfind() on 5,000 words: {ms:.1f} ms, {len(mentions)} mentions")
    assert mentions


@pytest.mark.corpus
def test_corpus_robustness(resolver):
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} absent (../shared/corpora not available)")
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            text = json.loads(line)["text"]
            for m in resolver.find(text):
                assert text[m.start:m.end] == m.text
            if k >= 600:
                break


def test_the_republic_of_congo_is_brazzaville_not_the_drc():
    # news-bench: "Russian Foreign Minister Sergey Lavrov traveled to Ethiopia, Uganda, the
    # Republic of Congo, and Egypt at the end of July" (the DRC's bare alias "Congo" is inside it)
    resolver = EntityResolver.default()
    text = "Russian Foreign Minister Sergey Lavrov traveled to Ethiopia, Uganda, the Republic of Congo, and Egypt"
    assert "country:COG" in [m.entity.id for m in resolver.find(text)]
    assert resolver.resolve("the Democratic Republic of Congo").id == "country:COD"
