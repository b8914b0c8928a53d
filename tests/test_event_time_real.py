"""The time slot of claims on real news sentences (issue 15's time target): each test is a
sentence of the annotated corpus (train split unless said otherwise; the expected window is
its gold's) or of TempEval-3, and one cause of a wrong or missing event time."""
from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from newsledger.extract.claims import ClaimExtractor
from newsledger.extract.event_time import (counterpart, dates_event, future_window, historical_periods,
                                           occurred_within, with_start)
from newsledger.extract.times import find_times
from newsledger.records import Document, document_id


@pytest.fixture(scope="module")
def extractor() -> ClaimExtractor:
    return ClaimExtractor.default()


def claim_time(extractor: ClaimExtractor, text: str, published: str, kind: str) -> tuple[str | None, str | None]:
    doc = Document(id=document_id(text), source="test", title=None, published=published,
                   published_basis="metadata", outlet=None, language="en", text=text)
    extractor.annotate([doc])
    claims = [c for c in doc.claims if c.kind == kind]
    assert claims, f"no {kind} claim in {text!r}"
    time = claims[0].time
    return (time.start, time.end) if time is not None else (None, None)


def values(text: str, reference: date) -> dict[str, str]:
    return {e.text: e.value for e in find_times(text, reference)}


# ------------------------------------------------------------ a dated statement dates its report

def test_statement_day_dates_the_event_it_reports(extractor):
    # nb-ukr-20220420T130000Z_US_en_cb7d11f01c (gold 2022-04-20)
    text = ("Evacuation corridor for Mariupol agreed: Ukrainian Deputy Prime Minister Iryna Vereshchuk said "
            "Wednesday that a corridor had been agreed on with Russia for the evacuation of women, children "
            "and the elderly from Mariupol.")
    assert claim_time(extractor, text, "2022-04-20", "agree") == ("2022-04-20", "2022-04-20")
    # voa-7686618 (gold 2024-07-04): the statement's date leads the sentence
    text = ("On Thursday, officials said several hundred troops and humanitarian workers were deployed to "
            "the villages to push back the rebels and protect civilians.")
    assert claim_time(extractor, text, "2024-07-05", "deploy") == ("2024-07-04", "2024-07-04")


def test_a_running_total_stays_as_of_its_statement(extractor):
    # seeds (000_f98f87cd61fb246f): a total to date is as of the statement, which the register
    # compares with another source's total ("up to 6 million" in April) as figures to date
    text = ("South Korean Defense Minister Shin Won Sik said in an interview with Bloomberg on June 14 that North "
            "Korea had sent containers to Russia that could hold nearly 5 million artillery shells, but Moscow "
            "needed more.")
    assert claim_time(extractor, text, "2025-06-19", "transfer") == (None, None)


def test_announcement_day_dates_the_plan_announced(extractor):
    # nb-ukr-20220601T030000Z_US_en_dff5eb3c49 (dev; gold 2022-05-31 .. 2022-06-01)
    # (every candidate, kept or not: the time is what is tested, and the scorer retrained in
    # stop 27 keeps this learned candidate below the transfer threshold)
    text = ('US President Joe Biden announced on Wednesday that his country will provide Ukraine "with more '
            'advanced missile systems and ammunition" as its war with Russia continues.')
    assert claim_time(ClaimExtractor.default().collecting(), text, "2022-06-01", "transfer") == \
        ("2022-06-01", "2022-06-01")


# ------------------------------------------------------------ the tense of a day without a year

def test_future_auxiliary_reaches_the_date_at_the_end_of_its_clause(extractor):
    # voa-8009004 (gold 2025-03-14, the Friday after the Thursday report)
    text = ("Fu noted that China will convene a meeting in Beijing with Iran and Russia on Friday, to try to "
            "facilitate a possible deal to stabilize the situation.")
    assert claim_time(extractor, text, "2025-03-13", "meet") == ("2025-03-14", "2025-03-14")
    # nb-ukr-20220817T121500Z_UA_en_6563a2847f (gold 2022-08-18)
    text = ("Guterres will hold talks in the western Ukrainian city of Lviv with President Volodymyr Zelensky "
            "and Turkish counterpart Recep Tayyip Erdogan on Thursday.")
    assert claim_time(extractor, text, "2022-08-17", "meet") == ("2022-08-18", "2022-08-18")


def test_likely_to_looks_ahead():
    # nb-ukr-20220625T220000Z_GB_en_ab6359146c (gold 2022-06-27, the Monday after the Saturday report)
    text = ("President Zelensky is likely to reinforce this argument when he addresses the summit virtually "
            "on Monday.")
    assert values(text, date(2022, 6, 25))["Monday"] == "2022-06-27"


def test_since_marks_a_past_day():
    # nb-ukr-20220921T053000Z_GB_en_77086ff28b (dev; gold 2022-02-24): not the coming February
    text = ("The US president’s speech was hastily re-written after Putin announced his biggest escalation "
            "since invading Ukraine on Feb 24.")
    assert values(text, date(2022, 9, 21))["Feb 24"] == "2022-02-24"


def test_a_quote_before_the_report_verb_is_not_the_dates_tense():
    # voa-8005869 (gold 2025-02-27): "we'll" is the quote's, not the visit's
    text = ("“That's a long time, and I think we'll be inclined to go along with your country,” Trump told "
            "Starmer during the visit on Feb. 27.")
    assert values(text, date(2025, 3, 10))["Feb. 27"] == "2025-02-27"
    # TempEval-3 wsj_0534: what a report announces may lie ahead of it (gold 1989-12-07)
    text = ("Conseco Inc. said it is calling for the redemption on Dec. 7 of all the 800,000 remaining shares "
            "outstanding of its $1.875 Series A convertible preferred stock at $26.805 a share.")
    assert values(text, date(1989, 10, 30))["Dec. 7"] == "1989-12-07"


# ------------------------------------------------------------ vague future words

def test_vague_future_reaches_a_calendar_end(extractor):
    # nb-ukr-20220723T210000Z_UA_en_fe5983c696 (gold 2022-07-23 .. 2022-12-31)
    text = ("Vitrenko is convinced Putin will shut down gas supplies completely in the coming months if he "
            "thinks he can gain more concessions from European leaders, such as the lowering or removal of "
            "some sanctions.")
    assert claim_time(extractor, text, "2022-07-23", "transfer") == ("2022-07-23", "2022-12-31")
    # nb-ukr-20220128T100000Z_PL_en_d803b0ccf0 (gold 2022-01-28 .. 2022-02-28)
    text = "He added that in the coming weeks he was expecting a meeting with the Secretary of State Antony Blinken."
    weeks = [e for e in find_times(text, date(2022, 1, 28)) if e.value == "FUTURE_REF"][0]
    assert (with_start(weeks).start_date, with_start(weeks).end_date) == (date(2022, 1, 28), date(2022, 2, 28))


def test_a_duration_ahead_is_the_window_it_covers(extractor):
    # nb-ukr-20220409T113000Z_US_en_a43cee1828 (gold 2022-04-09 .. 2022-04-30)
    text = ("Peskov said in an interview with Sky News that the Russian Federation’s \"operation will reach its "
            "goals or end in talks between Russian and Ukrainian delegation in the next few days, in the "
            "foreseeable future.")
    start, end = claim_time(extractor, text, "2022-04-09", "meet")
    assert start is not None and "2022-04-09" <= start <= end <= "2022-04-30"
    # nb-ukr-20220128T104500Z_PL_en_cd3780d43b (gold 2022-01-28 .. 2022-03-31)
    text = ("He added that talks with the USA and NATO about security have not yet ended and announced another "
            "Russian-American meeting within a few weeks.")
    ref = date(2022, 1, 28)
    window = future_window(text, find_times(text, ref)[0], ref)
    assert (window.start_date, window.end_date) == (date(2022, 1, 28), date(2022, 2, 28))
    # a duration that does not reach ahead is no window (voa-8004380: "for four weeks")
    text = ("Trump at first imposed 25% tariffs on Canadian and Mexican exports to the U.S., then exempted the "
            "duties on Mexican- and Canadian-made vehicles being transported into the U.S. and later by week’s "
            "end delayed the tariffs on almost all items for four weeks until April 2.")
    ref = date(2025, 3, 9)
    weeks = [e for e in find_times(text, ref) if e.type == "DURATION"]
    assert weeks and all(future_window(text, e, ref) is None for e in weeks)


# ------------------------------------------------------------ "than the same period of last year"

def test_same_period_of_last_year_dates_this_years_result(extractor):
    # nb-kcna-e97769e70d6795ed (gold 2024-01-01 .. 2024-09-25)
    text = ("Workers of the Sangwon Cement Complex in the DPRK have produced much more cement than the same "
            "period of last year.")
    assert claim_time(extractor, text, "2024-09-25", "produce") == ("2024-01-01", "2024-09-25")
    # nb-kcna-5697af2f5ad2a13f (gold 2024-01-01 .. 2024-09-19): the comparison outside the clause
    text = ("Officials and workers at power stations and plants in the DPRK direct efforts to the readjustment "
            "and reinforcement project, registering high production results as compared with the same period "
            "of last year.")
    assert claim_time(extractor, text, "2024-09-19", "produce") == ("2024-01-01", "2024-09-19")
    # the counterpart itself, and nothing for a year that is not compared
    ref = date(2024, 9, 25)
    last_year = [e for e in find_times(text, ref) if e.text == "last year"][0]
    span = occurred_within(counterpart(text, last_year, ref).to_timespan(), ref)
    assert (span.start, span.end) == ("2024-01-01", "2024-09-25")
    text = "The Sunchon Cement Complex has surpassed the highest production results registered last year."
    assert counterpart(text, find_times(text, ref)[0], ref) is None


# ------------------------------------------------------------ a narrative of a past year

def test_days_of_a_past_years_narrative_take_its_year():
    # nb-ukr-20240419T111500Z_UA_en_04c29e5cf8 (dev; gold 2022-02-28, 2022-03-03, 2022-03-07), published
    # 2024-04-19: the lead names February 2022 and the story's days follow it
    text = ("Less than a week after the start of Russia’s February 2022 full-scale of invasion of Ukraine peace "
            "talks began as, even then, it was clear that Putin’s boast to be “in Kyiv in three days” wasn’t "
            "going to happen.\n\nThe first round of talks, which lasted more than five hours, was facilitated "
            "by President Alexander Lukashenko of Belarus and was held in the Gomel region of Belarus on "
            "Feb. 28. Three days later they met again in Belovezhskaya Pushcha, also in Belarus.\n\nAt the "
            "third round of talks on March 7, in the Brest region, also in Belarus the two sides laid out "
            "their “red lines” for peace.")
    found = values(text, date(2024, 4, 19))
    assert (found["Feb. 28"], found["Three days later"], found["March 7"]) == ("2022-02-28", "2022-03-03", "2022-03-07")


def test_background_years_do_not_move_the_present():
    # TempEval-3 AP900815-0044 (gold 1990-08-02): a past month is background, not a story told in order
    text = ("Saddam appeared to accept a border demarcation treaty he had rejected in peace talks following the "
            "August 1988 cease-fire of the eight-year war with Iran. The move seemed aimed at heading off more "
            "trouble with Iran, which had condemned Iraq's invasion of Kuwait on Aug. 2 but also criticized "
            "the multinational force dispatched to Saudi Arabia.")
    assert values(text, date(1990, 8, 15))["Aug. 2"] == "1990-08-02"
    # TempEval-3 APW19990607.0041 (gold 1999-04): an earlier month is not the story's
    text = ("On the FBI list, Bin Laden and Kopp replace two former Libyan intelligence agents charged in the "
            "Dec. 21, 1988, bombing of Pan Am Flight 103 that killed 259 people on the plane and 11 on the "
            "ground in Lockerbie, Scotland. The two were removed from the list after Libyan leader Moammar "
            "Gadhafi agreed in April to hand them over for trial in the Netherlands, a neutral venue.")
    assert values(text, date(1999, 6, 7))["April"] == "1999-04"


# ------------------------------------------------------------ "from" and "over" compare only a change

def test_from_and_over_place_an_event_unless_a_change_is_compared(extractor):
    # voa-6205629 (dev; gold 2021-05-08): "from Saturday's blasts" is the day of the blasts
    text = ("Meanwhile, officials and victims’ families told media that the death toll had risen to at least 63 "
            "from Saturday’s multiple blasts outside a girls’ school in Kabul’s western Dasht-e-Barchi "
            "neighborhood, mostly populated by ethnic Hazara Shi’ite Muslims.")
    assert claim_time(extractor, text, "2021-05-09", "casualties") == ("2021-05-08", "2021-05-08")
    # nb-ukr-20230223T144500Z_UA_en_e0860e8c42 (dev): "Over the summer" places the supplies
    text = ("Over the summer, the United States and EU step up their supplies of heavy weapons to Kyiv, allowing "
            "it to stage a two-pronged fightback.")
    summer = find_times(text, date(2023, 2, 23))[0]
    assert dates_event(summer, text)
    # voa-7742331 (train): "a 13% increase from 2022" compares; 2022 is not when it happened
    text = ("According to data from the Japanese Immigration Service Agency, at the end of last year, 821,838 "
            "Chinese nationals were living in Japan, a 13% increase from 2022.")
    compared = [e for e in find_times(text, date(2024, 8, 20)) if e.text.endswith("2022")][0]
    assert not dates_event(compared, text)


# ------------------------------------------------------------ which event a date belongs to
# (issue 15's reading of 100 news-bench claims: wrong time was the largest error class.) These
# read whole real articles: the story's date depends on what came before the sentence.

_BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "news-bench.jsonl.gz"
_VOA = Path(__file__).resolve().parents[1] / "annotations" / "texts" / "voa"
# articles of the annotated corpus (train split; one dev), and one news-bench article nobody annotated
_ARTICLES = ("ukr/20240508T124500Z_BY_en_98b4f6c90e.txt", "ukr/20220218T230000Z_PL_en_701d04855b.txt",
             "ukr/20220217T171500Z_PL_en_f552be56f2.txt", "ukr/20220212T101500Z_GB_en_e06a6b5af1.txt", "kcna/02bd47946888f0d2", "kcna/476168f2be5b63f8",
             "ukr/20220818T113000Z_UA_en_8bcf8d289c.txt", "kcna/f8d96b03e418ff98")


@pytest.fixture(scope="module")
def articles() -> dict[str, Document]:
    if not _BENCH.exists():
        pytest.skip(f"{_BENCH} not found")
    from newsledger.clean import clean
    from newsledger.records import RawDocument
    found = {}
    with gzip.open(_BENCH, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            key = row.get("source") if row.get("source") in _ARTICLES else row.get("id")
            if key in _ARTICLES:
                found[key] = clean(RawDocument(source=row.get("source") or row["id"], text=row["text"],
                                               title=row.get("title"), published=row.get("published"),
                                               outlet=row.get("outlet"), source_id=row.get("id")))
    assert len(found) == len(_ARTICLES), sorted(set(_ARTICLES) - set(found))
    return found


def article_time(extractor: ClaimExtractor, doc: Document, evidence: str, kind: str) -> tuple[str | None, str | None]:
    """The time the extractor gives the claim of `kind` on `evidence`. Every candidate is
    kept (training's view), so the test is of the time read, not of the scorer's keep
    threshold."""
    doc.claims = []
    extractor.collecting().annotate([doc])
    claims = [c for c in doc.claims if c.kind == kind and evidence in c.evidence.text]
    assert claims, f"no {kind} claim on {evidence!r} in {doc.source}"
    time = claims[0].time
    return (time.start, time.end) if time is not None else (None, None)


def test_a_date_that_opens_a_name_is_no_time(extractor, articles):
    # news-bench kcna/f8d96b03e418ff98 (not annotated): "the April 25 Hostel" is a name, the visit's
    # day is August 16
    text = ("visited the April 25 Hostel on August 16 to learn about the preparations for the education "
            "of pupils from flood-hit areas.")
    assert values(text, date(2024, 8, 17)) == {"August 16": "2024-08-16"}
    doc = articles["kcna/f8d96b03e418ff98"]
    assert article_time(extractor, doc, "visited the April 25 Hostel", "meet") == ("2024-08-16", "2024-08-16")
    # nb-ukr-20220710T054500Z_US_en_1508e65cf6: a day before a lower-case event noun stays a date
    assert values("Shortly before Russia’s February 24 invasion of Ukraine", date(2022, 7, 10)) == \
        {"February 24": "2022-02-24"}


def test_the_next_paragraphs_date_is_not_this_sentences(extractor, articles):
    # nb-ukr-20240508T124500Z_BY_en_98b4f6c90e: the parser's sentence ran on over the blanked
    # next paragraph ("Now let's get back to our history."), whose "Now" dated a battle of 1789
    doc = articles["ukr/20240508T124500Z_BY_en_98b4f6c90e.txt"]
    assert article_time(extractor, doc, "Russia lost a couple of hundred people", "casualties") == (None, None)


def test_an_undated_lead_takes_the_day_the_story_names_next(extractor, articles):
    # nb-ukr-20220212T101500Z_GB_en_e06a6b5af1 (dev; gold 2022-02-12): the lead names no day;
    # the story's "earlier on Saturday" (four paragraphs on) dates the call it reports
    doc = articles["ukr/20220212T101500Z_GB_en_e06a6b5af1.txt"]
    assert article_time(extractor, doc, "had agreed to continue dialogue", "agree") == ("2022-02-12", "2022-02-12")


def test_a_condition_takes_no_story_date(extractor, articles):
    # nb-ukr-20220218T230000Z_PL_en_701d04855b: a threatened attack has no day; the story's
    # Friday evening was the speech's
    doc = articles["ukr/20220218T230000Z_PL_en_701d04855b.txt"]
    assert article_time(extractor, doc, "if Russia chooses an attack on Ukraine", "attack") == (None, None)


def test_a_thing_ahead_takes_no_story_date(extractor, articles):
    # nb-ukr-20220217T171500Z_PL_en_f552be56f2: "the upcoming invasion" (the story's Thursday is
    # the speech's)
    doc = articles["ukr/20220217T171500Z_PL_en_f552be56f2.txt"]
    assert article_time(extractor, doc, "towards the upcoming invasion", "attack") == (None, None)


def test_now_dates_its_own_clauses_verb_only(extractor, articles):
    # nb-kcna-02bd47946888f0d2: "are now taking part in the annual NATO summit": the taking
    # part is now, the summit (annual, gold: no time) is not dated by it
    doc = articles["kcna/02bd47946888f0d2"]
    assert article_time(extractor, doc, "are now taking part in the annual NATO summit", "meet") == (None, None)


def test_a_relative_clause_in_the_simple_past_goes_on_with_the_story(extractor, articles):
    # nb-kcna-476168f2be5b63f8 (gold 2024-07-25): "who paid a courtesy call on him ... on
    # Thursday" is the meeting's own day (only a past perfect one tells an earlier event)
    doc = articles["kcna/476168f2be5b63f8"]
    assert article_time(extractor, doc, "met and had a talk with", "meet") == ("2024-07-25", "2024-07-25")


def test_a_habit_takes_no_story_date(extractor):
    # voa-8006503: "The group frequently conducts bombings" is no attack of the story's morning
    path = _VOA / "voa-8006503.txt"
    if not path.exists():
        pytest.skip(f"{path} not found")
    text = path.read_text(encoding="utf-8")
    doc = Document(id=document_id(text), source="voa-8006503", title=None, published="2025-03-11",
                   published_basis="metadata", outlet="VOA", language="en", text=text)
    assert article_time(extractor, doc, "frequently conducts bombings", "attack") == (None, None)


def test_a_span_after_an_event_moves_the_sentences_date_back():
    # TempEval-style reading of "In 1991, ten years after his death, he sold more records"
    # (news-bench bbc/entertainment/120.txt): the death is 1981
    from newsledger.analyze import nlp
    from newsledger.extract.event_time import offset_clause, offset_time
    text = '"In 1991, ten years after his death, he sold more records than at any time during his life.'
    doc = nlp.load()(text)
    death = next(t for t in doc if t.text == "death")
    offset = offset_clause(death)
    assert offset is not None and offset[4] == -1
    moved = offset_time(find_times(text, date(2004, 11, 20)), text, offset, 0, len(text))
    assert moved is not None and (moved.start_date, moved.end_date) == (date(1981, 1, 1), date(1981, 12, 31))


def test_a_span_after_an_event_moves_the_storys_date_back(extractor, articles):
    # nb-ukr-20220818T113000Z_UA_en_8bcf8d289c (gold 2022-08-09): "The blasts came exactly a
    # week after an attack on an air base": the story's Tuesday (16 August) less a week
    doc = articles["ukr/20220818T113000Z_UA_en_8bcf8d289c.txt"]
    assert article_time(extractor, doc, "exactly a week after an attack", "attack") == ("2022-08-09", "2022-08-09")


def evidence_time(extractor: ClaimExtractor, text: str, published: str | None, kind: str,
                  evidence: str) -> tuple[str | None, str | None]:
    """The time of the claim of `kind` whose evidence holds `evidence`, every candidate kept."""
    doc = Document(id=document_id(text), source="test", title=None, published=published,
                   published_basis="metadata" if published else "unknown", outlet=None, language="en", text=text)
    return article_time(extractor, doc, evidence, kind)


# ------------------------------------------------------------ the "since" of a record

def test_the_since_of_a_record_is_not_the_events_time(extractor):
    # nb-ukr-20230321T140000Z_GB_en_351ee5fd2e (gold 2023-03-21): "the first to visit ... since
    # World War Two" says how long the record stood; the visit is the story's Tuesday
    text = ("On Tuesday, Mr Xi said China would prioritise its ties with Russia and described the two countries "
            "as \"great neighbouring powers\".\n\n"
            "Given events in Moscow, the optics and timing of Mr Kishida's parallel trip are remarkable. So what can "
            "we read into it?\n\n"
            "It is rare for a Japanese leader to make an unannounced foreign trip and Mr Kishida is the first to "
            "visit a country in conflict since World War Two.")
    assert evidence_time(extractor, text, "2023-03-21", "meet", "the first to visit") == ("2023-03-21", "2023-03-21")


def test_record_since_needs_a_superlative_before_the_event():
    from newsledger.extract.event_time import record_since
    # nb-ukr-20240513T101500Z_PL_en (train; gold for the attack February 2022): the visit sets
    # a record "since February 2022"; the attack told after the date is dated by it
    text = ("This is the first visit of such high -ranking representatives of the Ukrainian authorities in Serbia "
            "since February 2022, when Russia attacked Ukraine.")
    e = next(e for e in find_times(text, date(2024, 5, 13)) if "February 2022" in e.text)
    assert record_since(text, e, text.index("visit"))
    assert not record_since(text, e, text.index("attacked"))
    # nb-ukr-20220604T061500Z_UA_en (train): "100 days since Russia launched its aggression"
    # is no record: the span runs from the aggression
    text = "\u201cIt has been 100 days since Russia launched its aggression against Ukraine and the Ukrainian people."
    assert not any(record_since(text, e, text.index("has been")) for e in find_times(text, date(2022, 6, 4)))


# ------------------------------------------------------------ an article without a date

def test_an_undated_article_dates_its_story_by_its_lead(extractor):
    # we-wiki_ied_bombings_1_news_0 (gold 1972-07-21 for every bombing and death): no publication
    # date; the lead's day dates the timetable told paragraphs on
    text = ("Page Compiled: Fionnuala McKenna The following text and images have been reproduced from a newsheet "
            "published by the Northern Ireland Office in the wake of the bombings on ' Bloody Friday ', 21 July 1972.\n\n"
            "BLOODY FRIDAY JULY 21, 1972 Two of the 130 people injured in the vicious pattern of bombs in the afternoon.\n\n"
            "Timetable of terror Between 2.\n\n10 and 3.\n\n"
            "15 on the afternoon of July 21 a total of 19 bombs exploded in various parts of Belfast.\n\n"
            "Nine people died in the explosions-seven civilians and two soldiers.")
    assert evidence_time(extractor, text, None, "casualties", "Nine people died") == ("1972-07-21", "1972-07-21")


def test_an_undated_article_headed_by_a_year_dates_its_story_by_the_year(extractor):
    # we-wiki_ied_bombings_5_news_1 (gold 1974): "1974: Birmingham pub blasts kill 19"
    text = ("1974: Birmingham pub blasts kill 19 Bombs have devastated two central Birmingham pubs, killing 19 people "
            "and injuring over 180.\n\n"
            "Police have said they believe the Provisional IRA planted the devices in the Mulberry Bush and the nearby "
            "Tavern in the Town.\n\n"
            "The explosions coincided with the return to Ireland of the body of James McDade, the IRA man who was "
            "killed in Coventry last week when the bomb he was planting blew up prematurely.")
    assert evidence_time(extractor, text, None, "casualties", "killing 19 people") == ("1974-01-01", "1974-12-31")


# ------------------------------------------------------------ an anniversary

def test_an_anniversary_dates_its_event_the_count_before(extractor):
    # te3-APW20000417.0031 (train; gold 1961-04-17..19): "today, the 39th anniversary of the Bay
    # of Pigs fiasco, an aborted invasion of Cuba"
    text = ("Many worried their efforts to keep the boy in Miami would fail today, the 39th anniversary of the Bay "
            "of Pigs fiasco, an aborted invasion of Cuba by CIA-trained exiles that left much bitterness among the "
            "Cuban-American community.")
    assert evidence_time(extractor, text, "2000-04-17", "attack", "39th anniversary") == ("1961-04-17", "1961-04-17")
    # nb-ukr-20230317T103000Z_GB_en (train; gold 2003): "within a month of the 20th anniversary
    # of the US military's opening strike on Baghdad"
    text = ("The president spoke these words on 22 February, within a month of the 20th anniversary of the US "
            "military\u2019s opening strike on Baghdad.")
    start, end = evidence_time(extractor, text, "2023-03-17", "attack", "20th anniversary")
    assert start is not None and start.startswith("2003") and end.startswith("2003")


def test_an_anniversary_of_a_dated_event_keeps_the_events_date(extractor):
    # rams-nw_RC780a9876c02d5db52086 (train; gold 1915): the massacre's own "in 1915"
    text = ("President Obama on Friday marked the anniversary of the Ottoman Turks\u2019 massacre of 1.5 million "
            "Armenians in 1915 but once again stopped short of labeling it a genocide.")
    assert evidence_time(extractor, text, None, "attack", "massacre") == ("1915-01-01", "1915-12-31")


def test_an_anniversary_or_what_lies_ahead_dates_no_other_event(extractor):
    # nb-ukr-20220823T191500Z_US_en_af8aafc539 (dev; gold 2022-08-23): Feb. 24 is the
    # invasion's, the Wednesday the anniversary's ahead ("In the lead up to"); the forum is the
    # story's Tuesday
    text = ("NATO Secretary-General Jens Stoltenberg on Tuesday pledged to continue backing Ukraine in its "
            "\"grinding war of attrition\" against Russia.\n\n"
            "In the lead up to the Wednesday six-month anniversary of Russia\u2019s invasion of Ukraine on Feb. 24, "
            "Stoltenberg participated virtually in a forum hosted by Ukraine along with dozens of other world leaders.")
    assert evidence_time(extractor, text, "2022-08-23", "meet", "participated virtually") == ("2022-08-23", "2022-08-23")
    assert evidence_time(extractor, text, "2022-08-23", "attack", "participated virtually") == ("2022-02-24", "2022-02-24")
    # nb-kcna-0bcefd4312fb177d (train; gold 2024): "ahead of schedule" looks ahead to no dated
    # event; "this year" right after it is the supply's
    text = ("The Hungnam Fertilizer Complex and the Namhung Youth Chemical Complex registered the highest results in "
            "the production of fertilizer through anthracite gasification last year and have fulfilled their plans "
            "of fertilizer supply for farming ahead of schedule this year.")
    assert evidence_time(extractor, text, "2024-08-23", "transfer", "ahead of schedule") == ("2024-01-01", "2024-08-23")


# ------------------------------------------------------------ a deadline, a Sunday's last week

def test_a_deadline_ahead_opens_at_the_telling(extractor):
    # nb-ukr-20240414T103000Z_UA_en_05d304018f (dev; gold 2024-04-14..2024-05-09): the capture
    # "by May 9" is after the article's day, not any time before May 9
    text = ("The Commander-in-Chief of the Armed Forces of Ukraine, Colonel-General Oleksandr Syrskyi, has said that "
            "Russia's top military leadership has tasked their troops with capturing the city of Chasiv Yar in the "
            "Donetsk region by May 9.")
    start, end = evidence_time(extractor, text, "2024-04-14", "attack", "by May 9")
    assert start == "2024-04-14" and end <= "2024-05-09"
    # nb-ukr-20220726T004500Z_UA_en_0a388f1e7e (dev; gold 2022-07-24..2022-09-30): from the
    # statement's Sunday to the deadline
    text = ("A local official said Sunday that a Ukrainian operation to retake the region Russia captured early in "
            "the invasion would be over by September.")
    assert evidence_time(extractor, text, "2022-07-26", "attack", "by September") == ("2022-07-24", "2022-09-30")


def test_last_week_on_a_sunday_is_the_week_just_ending(extractor):
    # te3-APW19980301.0720 (dev; a Sunday story, gold 1998-02-22..28)
    text = "Last week, Hezbollah fighters killed three Israeli soldiers and seriously wounded six others."
    assert evidence_time(extractor, text, "1998-03-01", "casualties", "Hezbollah fighters") == ("1998-02-23", "1998-02-28")


def test_a_schedule_in_the_present_lies_ahead(extractor):
    # te3-VOA19980501.1800.0355 (dev; a Friday story, gold Monday 1998-05-04)
    text = "He and Palestinian leader Yasser Arafat meet separately Monday with US Secretary of State Madeleine Albright."
    assert values(text, date(1998, 5, 1))["Monday"] == "1998-05-04"
    # nb-ukr-20230322T024500Z_US_en_489f3d212b (dev; gold 2023-03-20): the noun 'visit' tells no schedule
    text = "During his visit on Monday, Xi praised Putin and called him a \u201cdear friend.\u201d"
    assert values(text, date(2023, 3, 22))["Monday"] == "2023-03-20"


def test_recent_weeks_reach_a_month_back(extractor):
    # nb-ukr-20220818T113000Z_UA_en_8bcf8d289c (train; gold 2022-07-18..2022-08-18)
    text = ("Ukraine says it has recaptured dozens of villages on the southern front and struck strategic targets "
            "including bridges in recent weeks.")
    assert evidence_time(extractor, text, "2022-08-18", "attack", "struck strategic") == ("2022-07-18", "2022-08-18")


# ------------------------------------------------------------ what did not happen

def test_a_negated_event_takes_no_date_of_the_story(extractor, articles):
    # nb-ukr-20220218T230000Z_PL_en_701d04855b (train; the gold dates no deployment): "We will
    # not send soldiers to Ukraine" is dated by nothing of its own
    doc = articles["ukr/20220218T230000Z_PL_en_701d04855b.txt"]
    assert article_time(extractor, doc, "We will not send soldiers", "deploy") == (None, None)


# ------------------------------------------------------------ the lead's date from further on

def test_a_threat_in_an_undated_lead_takes_no_later_day(extractor, articles):
    # nb-ukr-20220218T230000Z_PL_en_701d04855b (train; the gold dates no attack): the lead's
    # "Ukraine is threatened by a Russian attack" (possible) is no event of the Friday evening
    # told later
    doc = articles["ukr/20220218T230000Z_PL_en_701d04855b.txt"]
    assert article_time(extractor, doc, "Ukraine is threatened by a Russian attack", "attack") == (None, None)


# ------------------------------------------------------------ the tense of another clause

def test_the_tense_of_another_clause_does_not_pick_a_dates_year():
    # te3-APW19980818.0515 (train; gold 1998-08-07): "would" before "where" is the aid's
    # tense, not the blasts'
    text = ("Officials in Tanzania and Kenya, where she arrived next, also hoped she would produce new aid for their "
            "countries, where the Aug. 7 terrorist blasts killed 257 people in Nairobi and Dar es Salaam.")
    assert values(text, date(1998, 8, 18))["Aug. 7"] == "1998-08-07"
    # voa-7808748 (train; gold early September 2024): "that he would urge" is what he said
    text = ("Spanish Prime Minister Pedro S\u00e1nchez said during a visit to Beijing in early September that he would "
            "urge the European Commission to reconsider raising tariffs on China's EVs.")
    assert values(text, date(2024, 10, 3))["early September"].startswith("2024-09")


def test_anniversary_of_reads_the_count_or_its_absence():
    from newsledger.analyze import nlp
    from newsledger.extract.event_time import anniversary_of
    # nb-ukr-20230227T124500Z_PL_en (train): "On the anniversary of Russia's assault to Ukraine"
    # counts no years: the assault is dated by nothing here
    text = ("On the anniversary of Russia's assault to Ukraine, a documentary entitled: \"China's position on the "
            "political regulation of the Ukrainian crisis\" appeared on the Chinese Ministry of Foreign Affairs.")
    doc = nlp.load()(text)
    assault = next(t for t in doc if t.text == "assault")
    found = anniversary_of(assault, find_times(text, date(2023, 2, 27)))
    assert found is not None and found[1] is None
    # te3-APW20000417.0031 (train): what follows the phrase is no date of the fiasco
    text = ("Many worried their efforts to keep the boy in Miami would fail today, the 39th anniversary of the Bay "
            "of Pigs fiasco, an aborted invasion of Cuba by CIA-trained exiles.")
    doc = nlp.load()(text)
    fiasco = next(t for t in doc if t.text == "fiasco")
    found = anniversary_of(fiasco, find_times(text, date(2000, 4, 17)))
    assert found is not None and found[1] == (39, "Y")


# ------------------------------------------------------------ typographic apostrophes in named periods

def test_named_period_with_typographic_apostrophe():
    # train, nb-ukr-20220817T121500Z_UA_en_6563a2847f (2022-08-17): news prints "Russia’s" with
    # a typographic apostrophe as often as a straight one; the period's name must match both
    text = ("It is the first ship chartered by the UN World Food Programme (WFP) to leave Ukraine "
            "since Russia’s invasion began in February")
    periods = historical_periods(text, 0, len(text), date(2022, 8, 17))
    assert [(p.text, p.start_date, p.end_date) for p in periods] == \
        [("since Russia’s invasion", date(2022, 2, 24), date(2022, 8, 17))]


# ------------------------------------------------------------ a record's "since" after the event word

def test_a_record_told_after_the_event_word_dates_nothing(extractor):
    # train, nb-ukr-20220129T043000Z_GB_en_7f5243f41c (2022-01-29): 'the largest since the Cold
    # War' measures the record, it is no window of the build-up (gold leaves it undated)
    text = ("Gen Milley described the build-up of 100,000 Russian troops near Ukraine's border as the largest "
            "since the Cold War.")
    start, _ = claim_time(extractor, text, "2022-01-29", "deploy")
    assert start is None or start >= "2022-01-01"


# ------------------------------------------------------------ a named period placing another event

def test_a_period_hung_on_another_word_dates_nothing_here(extractor):
    # dev, nb-ukr-20230727T060000Z_PL_en_4ae7383a86 (gold 2023-07-26): 'in the war' hangs on the
    # involvement the sanctions are for, not on the agreeing; the statement's Wednesday dates it
    text = ("A permanent representative of Poland at the European Union announced on Wednesday that the European "
            "Union agreed to accept sanctions against Belarus, includingfor the involvement of this country on the "
            "Russian side in the war against Ukraine.")
    assert claim_time(extractor, text, "2023-07-27", "agree") == ("2023-07-26", "2023-07-26")


def test_a_period_inside_the_events_own_placing_phrase_stays(extractor):
    # dev, nb-ukr-20230719T213000Z_GB_en_823fbccc8e (gold 2022-02-24 .. 2022-04-30): 'at the start
    # of the war' hangs on the occupation, which places the killing through nouns only
    # (with the paragraph before it: 'the war' is read as Russia's in Ukraine in a story about Kyiv)
    text = ("The Taoiseach’s intensive schedule of engagements began in the early morning when he disembarked from "
            "an overnight train from Poland to travel to the Kyiv Oblast region on the northern outskirts of the "
            "city.\n\nHe was taken to the small cities of Bucha and Irpin, where scores of civilians were killed "
            "during a period of Russian occupation at the start of the war.")
    start, end = claim_time(extractor, text, "2023-07-19", "casualties")
    assert start is not None and "2022-02-24" <= start and end <= "2022-04-30"


# ------------------------------------------------------------ a day range written with its year

def test_a_day_range_with_its_year_keeps_the_year_and_tells_of_it():
    # nb-ukr-20220811T111500Z_UA_en_6c3b010b90 (gold 2016-08-06..08 and 2016-08-07..08): the year
    # after a range that closes a clause ("August 6-8, 2016,") is the range's, and the days told
    # after it without a year are that year's
    text = ("On August 6-8, 2016, a sabotage group consisting of five fighters of the GUR under the command of "
            "the current chief of the GUR, Kyrylo Budanov, launched a raid on Crimea.\n\n"
            "On the night of August 7-8, according to information from a Russian court, Ukrainian saboteurs "
            "broke through the blockade in the area controlled by units of the 247th Airborne Assault Regiment "
            "of the Russian Armed Forces.")
    found = values(text, date(2022, 8, 11))
    assert found["August 6-8, 2016"] == "2016-08-06/2016-08-08"
    assert found["August 7-8"] == "2016-08-07/2016-08-08"
    assert "2016" not in found


def test_a_past_narrative_told_a_little_out_of_order_stays_in_its_year():
    # dev nb-ukr-20240419T111500Z_UA_en_04c29e5cf8 (gold 2022-03-29): the talks of 2022, told in
    # an article of April 2024, step back from 'by April 3' to 'March 29'
    text = ("Three days later, on March 7, the third round of talks was held, Russia's February 2022 invasion "
            "having stalled.\n\nThe resulting temporary halt to negotiations caused by this snub coincided with "
            "Ukraine’s March 22 counteroffensive which by April 3 had ended the Russian threat to Kyiv.\n\n"
            "March 29, the seventh round of talks was held face-to-face in Istanbul during which a draft peace "
            "treaty began to take real shape.")
    found = values(text, date(2024, 4, 19))
    assert found["March 29"] == "2022-03-29"
    # train nb-ukr-20230225T124500Z_UA_en_de7d9e0be5 (gold 2023-02-24): a day of the week before
    # the article's date is the present's, not a step back into the story's year
    text = ("· The Kremlin did not comment on the first anniversary of Russia's full-scale invasion of Ukraine "
            "on February 24, likely because Russia has failed to achieve any of its stated objectives and has not "
            "made significant territorial gains since July 2022.\n\n"
            "· Western governments made a variety of statements on the provision of military aid to Ukraine on "
            "February 24.")
    found = [e for e in find_times(text, date(2023, 2, 25)) if e.text == "February 24"]
    assert found[-1].value == "2023-02-24"


def test_an_old_day_dates_the_narrative_told_after_it(extractor):
    # nb-ukr-20220811T111500Z_UA_en_6c3b010b90 (gold 2016-08-07..08): the sequel of an old day,
    # undated, is that day's as a recent story's is
    text = ("On the night of August 7-8, 2016, according to information from a Russian court, Ukrainian "
            "saboteurs broke through the blockade in the area controlled by units of the 247th Airborne Assault "
            "Regiment of the Russian Armed Forces. Russian corporal Semyon Sychev was killed in an overnight "
            "skirmish.")
    assert claim_time(extractor, text, "2022-08-11", "casualties") == ("2016-08-07", "2016-08-08")


def test_a_known_invasion_named_without_a_date_is_dated_by_its_day(extractor):
    # dev nb-ukr-20230226T150000Z_UA_en_1b114b1bed (gold 2022-02-24 on): the invasion named as
    # background takes its day (historical_periods.yaml opened_by)
    text = ("The Kremlin wanted Russia's invasion of Ukraine to yield a lightning victory, but 12 months on the "
            "war is dragging into a stalemate with neither side achieving military breakthrough nor prepared to "
            "agree a settlement based on the status quo.")
    assert claim_time(extractor, text, "2023-02-26", "attack") == ("2022-02-24", "2022-02-24")


def test_a_total_of_the_war_going_on_is_the_war_to_date(extractor):
    # nb-ukr-20220531T210000Z_PL_en_1fcf49c6be (gold 2022-02-24..2022-05-31): an undated toll in a
    # story about the war in Ukraine runs from the invasion to the report
    text = "In Ukraine, 28 journalists were killed in Ukraine, including seven foreigners."
    assert claim_time(extractor, text, "2022-05-31", "casualties") == ("2022-02-24", "2022-05-31")
    # nb-ukr-20240508T124500Z_BY_en_98b4f6c90e (gold 1941..1945): not in a story of the Great
    # Patriotic War told just before (the article names Ukraine and Kiev further on)
    text = ("Now let's get back to our history. In April 2021, the General Prosecutor's Office launched a criminal "
            "case into the genocide of the population of Belarus during the Great Patriotic War and the post-war "
            "period. the German invaders and their accomplices killed more than three million Belarusians.\n\n"
            "It became almost a matter of honor for Kiev to replace the Soviet emblem on Europe’s highest monument "
            "with the Ukrainian trident coat of arms.")
    assert claim_time(extractor, text, "2024-05-08", "casualties")[0] != "2022-02-24"
