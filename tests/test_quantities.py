"""Figures in news text: values, bounds, flags, kinds and the counted noun."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger.analyze import nlp
from newsledger.extract.quantities import QuantityMention, find_quantities, parse_number, stage_rows

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "news-bench.jsonl.gz"


@pytest.fixture(scope="module")
def pipeline():
    return nlp.load()


def _mention(pipeline, sentence: str, figure: str) -> QuantityMention:
    doc = pipeline(sentence)
    found = find_quantities(doc)
    for m in found:
        assert sentence[m.start:m.end] == m.text
    hits = [m for m in found if m.text == figure]
    assert hits, f"{figure!r} not found in {[m.text for m in found]}"
    return hits[0]


# (sentence, figure phrase, expected fields). Quantity fields: value/low/high/approx/increment;
# mention fields: kind, noun (head text), np (noun phrase text), other (counts_other).
CASES = [
    # --- counts: plain, grouped, spelled ---
    ("Floods in northern Bangladesh have killed 45 people since Monday.", "45",
     dict(kind="count", value=45, noun="people")),
    ("The ministry said 4,700 households were left without power after the storm.", "4,700",
     dict(kind="count", value=4700, noun="households")),
    ("Authorities evacuated 25 000 residents from the flood zone.", "25 000",
     dict(kind="count", value=25000, noun="residents")),
    ("Authorities evacuated 25\u202f000 residents from the flood zone.", "25\u202f000",
     dict(kind="count", value=25000, noun="residents")),
    ("Twelve thousand migrants crossed the Channel in small boats last year.", "Twelve thousand",
     dict(kind="count", value=12000, noun="migrants")),
    ("The carmaker will shed twenty-five thousand jobs worldwide.", "twenty-five thousand",
     dict(kind="count", value=25000, noun="jobs")),
    ("Police arrested a thousand demonstrators in the capital.", "a thousand",
     dict(kind="count", value=1000, noun="demonstrators")),
    ("The charity has shipped 1.5 million doses of vaccine to the region.", "1.5 million",
     dict(kind="count", value=1_500_000, noun="doses")),
    ("The union says 12 thousand nurses walked out on Tuesday.", "12 thousand",
     dict(kind="count", value=12000, noun="nurses")),
    ("The petition gathered 12K signatures within a day.", "12K",
     dict(kind="count", value=12000, noun="signatures")),
    ("Half a million people have fled the fighting, the UN said.", "Half a million",
     dict(kind="count", value=500_000, noun="people")),
    ("Rescuers pulled a dozen survivors from the rubble.", "a dozen",
     dict(kind="count", value=12, noun="survivors")),
    ("Two hundred and fifty thousand voters cast ballots early.", "Two hundred and fifty thousand",
     dict(kind="count", value=250_000, noun="voters")),
    ("The school hired three new teachers this autumn.", "three",
     dict(kind="count", value=3, noun="teachers", np="new teachers")),
    ("One and a half million tourists visited the island.", "One and a half million",
     dict(kind="count", value=1_500_000, noun="tourists")),
    # --- bounds and approximation ---
    ("Reuters reported that the country had transferred up to 6 million shells to its ally.",
     "up to 6 million", dict(kind="count", value=6e6, high=6e6, low=None, approx=False, noun="shells")),
    ("The containers could hold nearly 5 million artillery shells, the minister said.",
     "nearly 5 million",
     dict(kind="count", value=5e6, high=5e6, approx=True, noun="shells", np="artillery shells")),
    ("At least 4,000 protesters gathered outside parliament.", "At least 4,000",
     dict(kind="count", value=4000, low=4000, high=None, noun="protesters")),
    ("More than 1,000 flights were cancelled because of the strike.", "More than 1,000",
     dict(kind="count", value=1000, low=1000, noun="flights")),
    ("The army had lost approximately 4,700 soldiers by April.", "approximately 4,700",
     dict(kind="count", value=4700, approx=True, noun="soldiers")),
    ("Some 3,000 firefighters are battling the blaze.", "Some 3,000",
     dict(kind="count", value=3000, approx=True, noun="firefighters")),
    ("Around 800 migrants were rescued off the coast of Libya.", "Around 800",
     dict(kind="count", value=800, approx=True, noun="migrants")),
    ("An estimated 2,500 homes were destroyed by the earthquake.", "An estimated 2,500",
     dict(kind="count", value=2500, approx=True, noun="homes")),
    ("Almost 600 patients are waiting for surgery.", "Almost 600",
     dict(kind="count", value=600, high=600, approx=True, noun="patients")),
    ("Fewer than 300 delegates attended the congress.", "Fewer than 300",
     dict(kind="count", value=300, high=300, approx=False, noun="delegates")),
    ("As many as 70 passengers may have been on board the ferry.", "As many as 70",
     dict(kind="count", value=70, high=70, noun="passengers")),
    ("Roughly 40 villages remain cut off by the snow.", "Roughly 40",
     dict(kind="count", value=40, approx=True, noun="villages")),
    ("The refinery processes 300,000 barrels or more each day.", "300,000 barrels or more",
     dict(kind="measure", value=300000, low=300000)),
    ("About 12,000 people attended; it was about 12 thousand people in all.", "about 12 thousand",
     dict(kind="count", value=12000, approx=True, noun="people")),
    ("The 40-odd survivors were taken to hospital.", "40-odd",
     dict(kind="count", value=40, approx=True, noun="survivors")),
    # --- vague counts ---
    ("Russia received a batch of ballistic missiles from its ally (several dozen) last winter.",
     "several dozen",
     dict(kind="count", value=36, low=24, high=99, approx=True, noun="missiles", np="ballistic missiles")),
    ("Several dozen of soldiers deserted during the night.", "Several dozen",
     dict(kind="count", value=36, low=24, high=99, approx=True, noun="soldiers")),
    ("Dozens of people were injured when the stand collapsed.", "Dozens",
     dict(kind="count", value=36, low=24, high=99, approx=True, noun="people")),
    ("Hundreds of refugees are sleeping in the open.", "Hundreds",
     dict(kind="count", value=300, low=200, high=999, approx=True, noun="refugees")),
    ("Thousands of workers joined the general strike.", "Thousands",
     dict(kind="count", value=3000, low=2000, high=9999, approx=True, noun="workers")),
    ("Tens of thousands of protesters marched through the capital.", "Tens of thousands",
     dict(kind="count", value=30000, low=20000, high=99999, approx=True, noun="protesters")),
    ("Hundreds of thousands of children are out of school.", "Hundreds of thousands",
     dict(kind="count", value=300000, low=200000, high=999999, approx=True, noun="children")),
    ("A few hundred supporters greeted the candidate at the airport.", "A few hundred",
     dict(kind="count", value=300, low=200, high=999, approx=True, noun="supporters")),
    ("A couple of journalists were briefly detained.", "A couple of",
     dict(kind="count", value=2, approx=True, noun="journalists")),
    ("Several hundred thousand people marched against the reform.", "Several hundred thousand",
     dict(kind="count", value=300000, low=200000, high=999999, approx=True, noun="people")),
    # --- ranges ---
    ("Between 4,000 and 5,000 people are thought to be trapped.", "Between 4,000 and 5,000",
     dict(kind="count", value=4500, low=4000, high=5000, approx=True, noun="people")),
    ("Organisers said 4,000-5,000 volunteers would take part.", "4,000-5,000",
     dict(kind="count", value=4500, low=4000, high=5000, noun="volunteers")),
    ("The plant employs 4,000 to 5,000 seasonal workers.", "4,000 to 5,000",
     dict(kind="count", low=4000, high=5000, noun="workers")),
    ("The storm could leave 3 to 5 million households without electricity.", "3 to 5 million",
     dict(kind="count", value=4e6, low=3e6, high=5e6, noun="households")),
    ("Two or three suspects are still at large.", "Two or three",
     dict(kind="count", low=2, high=3, noun="suspects")),
    # --- increments ---
    ("In March, North Korea sent another 3 thousand soldiers.", "another 3 thousand",
     dict(kind="count", value=3000, increment=True, noun="soldiers")),
    ("The Pentagon will deploy an additional 1,500 troops to the border.", "an additional 1,500",
     dict(kind="count", value=1500, increment=True, noun="troops")),
    ("A further 200 trucks of aid entered the territory on Sunday.", "A further 200",
     dict(kind="count", value=200, increment=True, noun="aid", other="trucks")),
    ("The bank plans to cut 3,000 more jobs next year.", "3,000 more",
     dict(kind="count", value=3000, increment=True, noun="jobs")),
    ("The ministry promised 500 extra beds for the winter.", "500 extra",
     dict(kind="count", value=500, increment=True, noun="beds")),
    # --- counted noun via "of", subject/predicate, pronoun ---
    ("Of the 4,700 soldiers lost, 600 of them died.", "600",
     dict(kind="count", value=600, noun="them")),
    ("Out of 15 000 fighters sent, most returned.", "15 000",
     dict(kind="count", value=15000, noun="fighters")),
    ("The death toll reached 12,000 on Monday.", "12,000",
     dict(kind="count", value=12000, noun=None)),
    ("Only one of the five suspects was charged.", "five",
     dict(kind="count", value=5, noun="suspects")),
    # --- counts of something else ---
    ("Russia will help develop several types of drones for mass production.", "several",
     dict(kind="count", approx=True, noun="drones", other="types")),
    ("Missiles struck two sites near the port.", "two",
     dict(kind="count", value=2, noun="sites", other="sites")),
    ("The country has deployed four brigades along the frontier.", "four",
     dict(kind="count", value=4, noun="brigades", other="brigades")),
    ("Negotiators held three rounds of talks in Geneva.", "three",
     dict(kind="count", value=3, noun="talks", other="rounds")),
    # --- percent ---
    ("In some places, it was 100%.", "100%", dict(kind="percent", value=100)),
    ("Turnout fell by 5 percent compared with the last election.", "5 percent",
     dict(kind="percent", value=5)),
    ("Inflation reached 7.2 per cent in May.", "7.2 per cent", dict(kind="percent", value=7.2)),
    ("Nearly 40% of voters backed the referendum.", "Nearly 40%",
     dict(kind="percent", value=40, high=40, approx=True, noun="voters")),
    # --- money ---
    ("The government approved a $1.5 billion aid package.", "$1.5 billion",
     dict(kind="money", value=1.5e9)),
    ("Donors pledged 5 million dollars for reconstruction.", "5 million dollars",
     dict(kind="money", value=5e6)),
    ("The club paid €20m for the striker.", "€20m", dict(kind="money", value=2e7)),
    ("The fine amounted to 300,000 roubles.", "300,000 roubles", dict(kind="money", value=300000)),
    ("Seoul will spend 1.2 trillion won on chips.", "1.2 trillion won",
     dict(kind="money", value=1.2e12)),
    ("Profits rose to £1.2bn last year.", "£1.2bn", dict(kind="money", value=1.2e9)),
    # --- years, dates, times ---
    ("The plant was built in 2024 with foreign help.", "2024", dict(kind="year", value=2024)),
    ("Exports grew steadily in 2022-2024.", "2022-2024", dict(kind="year", low=2022, high=2024)),
    ("The leaders met on June 17 in Pyongyang.", "June 17", dict(kind="date")),
    ("The decree was signed on 17.06.2025 by the president.", "17.06.2025", dict(kind="date")),
    ("The statement was posted at 20:37 local time.", "20:37 local time", dict(kind="time")),
    ("The first of them arrived in October 2024.", "October 2024", dict(kind="date")),
    ("In 2014 Russian troops seized the peninsula.", "2014", dict(kind="year")),
    ("Some 2000 soldiers crossed the river.", "Some 2000",
     dict(kind="count", value=2000, approx=True, noun="soldiers")),
    # --- ages, ordinals, durations, measures, labels ---
    ("A 25-year-old man was arrested at the scene.", "25-year-old", dict(kind="age", value=25)),
    ("The victim, aged 63, died in hospital.", "aged 63", dict(kind="age", value=63)),
    ("It was the third attack this month.", "third", dict(kind="ordinal", value=3)),
    ("She finished 3rd in the final.", "3rd", dict(kind="ordinal", value=3)),
    ("Two days later, the army confirmed the report.", "Two days", dict(kind="duration", value=2)),
    ("He was jailed for three years for fraud.", "three years", dict(kind="duration", value=3)),
    ("The convoy travelled 500 km through the desert.", "500 km", dict(kind="measure", value=500)),
    ("The ship carried 10 tons of humanitarian aid.", "10 tons",
     dict(kind="measure", value=10, noun="aid")),
    ("The sanctions were imposed under Resolution 2231.", "2231", dict(kind="label")),
    ("Two-thirds of the respondents supported the plan.", "Two-thirds",
     dict(kind="fraction", value=2 / 3)),
]


@pytest.mark.parametrize("sentence,figure,expected", CASES, ids=[c[1] for c in CASES])
def test_phrasings(pipeline, sentence, figure, expected):
    m = _mention(pipeline, sentence, figure)
    for key, want in expected.items():
        if key == "kind":
            assert m.kind == want
        elif key == "noun":
            assert m.noun == want
        elif key == "np":
            assert sentence[m.noun_start:m.noun_end] == want
        elif key == "other":
            assert m.counts_other == want
        else:
            assert m.quantity is not None
            got = getattr(m.quantity, key)
            if isinstance(want, float | int) and not isinstance(want, bool) and got is not None:
                assert got == pytest.approx(want), key
            else:
                assert got == want, key


def test_counted_noun_token_points_into_doc(pipeline):
    doc = pipeline("North Korea had promised to send a thousand sappers and 5 thousand "
                   "military construction workers to Russia.")
    ms = [m for m in find_quantities(doc) if m.kind == "count"]
    assert [m.text for m in ms] == ["a thousand", "5 thousand"]
    assert doc[ms[0].noun_token].text == "sappers"
    assert doc.text[ms[1].noun_start:ms[1].noun_end] == "military construction workers"


NO_COUNT = [
    "Russia had received a batch of ballistic missiles from its ally.",
    "The F-16 jets and MH17 investigators met in the COVID-19 ward.",
    "No one was hurt, and the neighbours helped one another.",
    "Brent $41.500.06 and 46.930.01 were shown in the ticker.",
]


@pytest.mark.parametrize("sentence", NO_COUNT)
def test_no_count_figures(pipeline, sentence):
    assert [m.text for m in find_quantities(pipeline(sentence)) if m.kind == "count"] == []


def test_change_is_two_figures_not_a_range(pipeline):
    ms = find_quantities(pipeline("Unemployment rose from 4.1% to 4.5% in the quarter."))
    pct = [m for m in ms if m.kind == "percent"]
    assert [m.quantity.value for m in pct] == [4.1, 4.5]
    assert all(m.quantity.low is None and m.quantity.high is None for m in pct)


def test_span_input_offsets_are_doc_offsets(pipeline):
    doc = pipeline("The storm hit on Monday. At least 45 people died in the floods.")
    sent = list(doc.sents)[1]
    ms = find_quantities(sent)
    assert ms and ms[0].text == "At least 45"
    assert doc.text[ms[0].start:ms[0].end] == "At least 45"
    assert ms[0].noun == "people"


@pytest.mark.parametrize("text,kwargs,value", [
    ("12.000", {}, 12.0),
    ("12.000", {"decimal_comma": True}, 12000),
    ("12.000.000", {}, 12_000_000),
    ("1,5 million", {}, 1_500_000),
    ("4,700", {"decimal_comma": True}, 4.7),
    ("1.2bn", {}, 1.2e9),
    ("up to 6 million", {}, 6e6),
    ("a couple of", {}, 2),
    ("half a dozen", {}, 6),
    ("ninety-nine", {}, 99),
])
def test_parse_number(text, kwargs, value):
    q = parse_number(text, **kwargs)
    assert q is not None and q.value == pytest.approx(value)


def test_parse_number_bounds():
    q = parse_number("at least 4,000")
    assert (q.value, q.low, q.high, q.approx) == (4000, 4000, None, False)
    q = parse_number("several dozen")
    assert (q.value, q.low, q.high, q.approx) == (36, 24, 99, True)
    assert parse_number("no figure here") is None
    assert parse_number("") is None


def test_stage_rows():
    text = "North Korea sent another 3 thousand soldiers in March 2025."
    rows = stage_rows(text)
    row = next(r for r in rows if r["kind"] == "count")
    assert text[row["start"]:row["end"]] == row["text"] == "another 3 thousand"
    assert row["value"] == 3000 and row["increment"] is True and row["noun"] == "soldiers"
    assert {"start", "end", "text", "kind", "value", "low", "high", "approx", "increment",
            "noun", "counts_other"} <= set(row)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=120))
def test_never_raises_on_arbitrary_text(pipeline, text):
    parse_number(text)
    parse_number(text, decimal_comma=True)
    for m in find_quantities(pipeline(text)):
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start:m.end] == m.text
        if m.noun_start is not None:
            assert 0 <= m.noun_start <= m.noun_end <= len(text)


_PIECES = list("0123456789 ,.-%$€k\u00a0") + [
    " million", " thousand", " dozen", "several ", "about ", "up to ", " and ", "between ",
    " people", " of ", "another ", "bn", " to ", " or more", "(", ")", "June ", "aged "]
_NUMBERISH = st.lists(st.sampled_from(_PIECES), max_size=16).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_NUMBERISH)
def test_never_raises_on_number_like_text(pipeline, text):
    parse_number(text)
    for m in find_quantities(pipeline(text)):
        assert text[m.start:m.end] == m.text


@pytest.mark.corpus
def test_news_bench_sentences_do_not_raise(pipeline):
    if not CORPUS.exists():
        pytest.skip(f"corpus absent: {CORPUS} (../shared/corpora/news-bench.jsonl.gz)")
    sentences: list[str] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % 40:
                continue
            text = json.loads(line).get("text") or ""
            sentences.extend(s for s in text.split("\n") if any(c.isdigit() for c in s))
            if len(sentences) >= 200:
                break
    sentences = sentences[:200]
    assert sentences
    for doc in pipeline.pipe(sentences, batch_size=64):
        for m in find_quantities(doc):
            assert doc.text[m.start:m.end] == m.text
            assert m.kind in ("count", "percent", "money", "year", "age", "date", "time", "ordinal",
                              "duration", "measure", "fraction", "label")


def test_a_bare_scale_word_after_an_increment_counts_one(pipeline):
    """Real news-bench sentence (dev split, ukr/20220619T191500Z_US_en_e8c6673aae): the
    increment takes the place of "a" before "billion"."""
    text = ("The Biden Administration announced on Wednesday that it will provide an additional "
            "billion dollars as military aid to Ukraine")
    [money] = [m for m in find_quantities(pipeline(text)) if m.kind == "money"]
    assert money.text == "an additional billion dollars"
    assert money.quantity.value == 1_000_000_000 and money.quantity.increment
    # 'more' after a plural scale is not a figure of one
    assert [m.quantity.value for m in find_quantities(pipeline("He has more millions than anyone."))] == [3_000_000]


def test_the_whole_a_part_is_counted_out_of_is_marked(pipeline):
    # the seeds' NHK story (examples/002): 15 000 is the force, not a count of the dead
    sentence = ("South Korean lawmakers, citing intelligence, stated that as of April, out of 15 000 "
                "fighters, the DPRK had lost approximately 4,700 soldiers, 600 of them dead.")
    assert _mention(pipeline, sentence, "15 000").whole
    assert not _mention(pipeline, sentence, "approximately 4,700").whole
