"""extract/times.py: detection, TimeML values and intervals against fixed reference dates."""
from __future__ import annotations

import itertools
import json
from datetime import date

import pytest
from conftest import shared_path
from hypothesis import given, settings
from hypothesis import strategies as st

from newsledger.extract import times
from newsledger.extract.times import find_times, resolve_sentence_times, stage_rows
from newsledger.records import TimeSpan

REF = date(2025, 6, 19)       # a Thursday
JAN = date(2025, 1, 10)       # a Friday, for year rollover
DEC = date(2024, 12, 20)


def only(text: str, ref: date | None = REF, phrase: str | None = None):
    found = [e for e in find_times(text, ref) if e.type == "DATE"]
    if phrase is not None:
        found = [e for e in found if phrase in e.text]
    assert found, f"nothing found in {text!r}: {find_times(text, ref)}"
    return found[0]


CASES = [
    # text, reference, value, start, end, granularity
    ("The talks were held on June 17.", REF, "2025-06-17", "2025-06-17", "2025-06-17", "day"),
    ("It happened June 17, 2025, officials said.", REF, "2025-06-17", "2025-06-17", "2025-06-17", "day"),
    ("The deal was signed on 17 June 2025.", REF, "2025-06-17", "2025-06-17", "2025-06-17", "day"),
    ("Published 2025-06-19 in Kyiv.", REF, "2025-06-19", "2025-06-19", "2025-06-19", "day"),
    ("Zelensky07.02.2025, 20:37", REF, "2025-02-07", "2025-02-07", "2025-02-07", "day"),
    ("The report dated 6/17/2025 said so.", REF, "2025-06-17", "2025-06-17", "2025-06-17", "day"),
    ("The report dated 17/06/2025 said so.", REF, "2025-06-17", "2025-06-17", "2025-06-17", "day"),
    ("They arrived at the front in October 2024.", REF, "2024-10", "2024-10-01", "2024-10-31", "month"),
    ("In March 2025, North Korea sent more troops.", REF, "2025-03", "2025-03-01", "2025-03-31", "month"),
    ("The offensive began in October.", REF, "2024-10", "2024-10-01", "2024-10-31", "month"),
    ("Reuters reported in April that shells were sent.", REF, "2025-04", "2025-04-01", "2025-04-30", "month"),
    ("The summit will take place in October.", REF, "2025-10", "2025-10-01", "2025-10-31", "month"),
    ("Production starts in 2024.", REF, "2024", "2024-01-01", "2024-12-31", "year"),
    ("The parties concluded an agreement last year.", REF, "2024", "2024-01-01", "2024-12-31", "year"),
    ("They plan to send 150 missiles this year.", REF, "2025", "2025-01-01", "2025-12-31", "year"),
    ("Elections are due next year.", REF, "2026", "2026-01-01", "2026-12-31", "year"),
    ("Prices rose last month.", REF, "2025-05", "2025-05-01", "2025-05-31", "month"),
    ("Prices rose this month.", REF, "2025-06", "2025-06-01", "2025-06-30", "month"),
    ("The talks took place earlier this month.", REF, "2025-06", "2025-06-01", "2025-06-19", "month"),
    ("The plant opened earlier this year.", REF, "2025", "2025-01-01", "2025-06-19", "year"),
    ("A vote is expected later this year.", REF, "2025", "2025-06-19", "2025-12-31", "year"),
    ("The shipments began in late 2023.", REF, "2023", "2023-09-01", "2023-12-31", "year"),
    ("The shipments began in early 2024.", REF, "2024", "2024-01-01", "2024-04-30", "year"),
    ("The shipments began in mid-2024.", REF, "2024", "2024-05-01", "2024-08-31", "year"),
    ("Output doubled in the first half of 2025.", REF, "2025-H1", "2025-01-01", "2025-06-30", "unknown"),
    ("Revenue fell in Q1 2025.", REF, "2025-Q1", "2025-01-01", "2025-03-31", "quarter"),
    ("Revenue fell in the first quarter.", REF, "2025-Q1", "2025-01-01", "2025-03-31", "quarter"),
    ("Revenue fell in the third quarter of 2024.", REF, "2024-Q3", "2024-07-01", "2024-09-30", "quarter"),
    ("The minister said on Tuesday that talks failed.", REF, "2025-06-17", "2025-06-17", "2025-06-17", "day"),
    ("The convoy was attacked last Tuesday.", REF, "2025-06-17", "2025-06-17", "2025-06-17", "day"),
    ("The minister said on Thursday that talks failed.", REF, "2025-06-19", "2025-06-19", "2025-06-19", "day"),
    ("The ministers will meet on Monday.", REF, "2025-06-23", "2025-06-23", "2025-06-23", "day"),
    ("The ministers will meet next Tuesday.", REF, "2025-06-24", "2025-06-24", "2025-06-24", "day"),
    ("Shelling resumed yesterday.", REF, "2025-06-18", "2025-06-18", "2025-06-18", "day"),
    ("Shelling resumed today.", REF, "2025-06-19", "2025-06-19", "2025-06-19", "day"),
    ("Talks resume tomorrow.", REF, "2025-06-20", "2025-06-20", "2025-06-20", "day"),
    ("As of April, 4,700 soldiers had been lost.", REF, "2025-04", None, "2025-04-30", "month"),
    ("Troops have been deployed since 2022.", REF, "2022", "2022-01-01", "2025-06-19", "year"),
    ("The plant will be finished by the end of the year.", REF, "2025", None, "2025-12-31", "year"),
    ("Deliveries stopped at the end of 2024.", REF, "2024", "2024-12-01", "2024-12-31", "year"),
    ("Most of it was built in the 1990s.", REF, "199", "1990-01-01", "1999-12-31", "unknown"),
    ("About 12,000 troops are currently deployed.", REF, "PRESENT_REF", "2025-06-19", "2025-06-19", "unknown"),
    ("Russia recently received missiles.", REF, "PAST_REF", None, "2025-06-19", "unknown"),
    ("More shipments are expected in the coming months.", REF, "FUTURE_REF", "2025-06-19", None, "unknown"),
    ("The plant opened a year ago.", REF, "2024", "2024-01-01", "2024-12-31", "year"),
    ("The plant opened two weeks ago.", REF, "2025-W23", "2025-06-02", "2025-06-08", "unknown"),
    ("The plant opened three days ago.", REF, "2025-06-16", "2025-06-16", "2025-06-16", "day"),
    ("Casualties mounted in recent years.", REF, "PAST_REF", None, "2025-06-19", "unknown"),
    ("Troops moved in last week.", REF, "2025-W24", "2025-06-09", "2025-06-15", "unknown"),
    ("He met Kim on April 26 of this year.", REF, "2025-04-26", "2025-04-26", "2025-04-26", "day"),
    ("In June last year, the leadership split.", REF, "2024-06", "2024-06-01", "2024-06-30", "month"),
    ("It happened last November.", REF, "2024-11", "2024-11-01", "2024-11-30", "month"),
    ("Fighting spread in the summer of 2024.", REF, "2024-SU", "2024-06-01", "2024-08-31", "unknown"),
    ("Fighting intensified in early March 2025.", REF, "2025-03", "2025-03-01", "2025-03-10", "month"),
    ("Fighting intensified in mid-May.", REF, "2025-05", "2025-05-11", "2025-05-20", "month"),
    ("It was fought between 2019 and 2021.", REF, "2019/2021", "2019-01-01", "2021-12-31", "year"),
    ("Fighting began before 2020.", REF, "2020", None, "2019-12-31", "year"),
    # January reference: year rollover
    ("The deal was signed in December.", JAN, "2024-12", "2024-12-01", "2024-12-31", "month"),
    ("The deal was signed on December 28.", JAN, "2024-12-28", "2024-12-28", "2024-12-28", "day"),
    ("The deal was signed last month.", JAN, "2024-12", "2024-12-01", "2024-12-31", "month"),
    ("Talks will resume in March.", JAN, "2025-03", "2025-03-01", "2025-03-31", "month"),
    ("The attack came yesterday.", JAN, "2025-01-09", "2025-01-09", "2025-01-09", "day"),
    ("Revenue fell in the fourth quarter.", JAN, "2024-Q4", "2024-10-01", "2024-12-31", "quarter"),
    ("The attack came on Monday.", JAN, "2025-01-06", "2025-01-06", "2025-01-06", "day"),
    # December reference
    ("Talks will resume in January.", DEC, "2025-01", "2025-01-01", "2025-01-31", "month"),
    ("Elections are due next year.", DEC, "2025", "2025-01-01", "2025-12-31", "year"),
]


@pytest.mark.parametrize("text,ref,value,start,end,gran", CASES)
def test_phrasings(text, ref, value, start, end, gran):
    e = only(text, ref)
    assert e.value == value, (e.text, e.value)
    assert (e.start_date.isoformat() if e.start_date else None) == start, e
    assert (e.end_date.isoformat() if e.end_date else None) == end, e
    assert e.granularity == gran, e
    assert e.text and text[e.start:e.end] == e.text


def test_chain_relative_to_previous_date():
    text = ("On April 26 of this year, Russia acknowledged the troops. Two days later, North "
            "Korea confirmed it. The next day, Seoul reacted. A week later, talks began.")
    found = [e for e in find_times(text, REF) if e.type == "DATE"]
    values = [e.value for e in found]
    assert values == ["2025-04-26", "2025-04-28", "2025-04-29", "2025-05-06"]
    assert [e.anchor for e in found[1:]] == ["previous"] * 3


def test_same_day_and_three_months_earlier():
    text = "As early as January 4, 2024, media wrote about it. On the same day, the US confirmed it."
    e = only(text, REF, "same day")
    assert e.value == "2024-01-04" and e.anchor == "previous"
    e = only("The strike came on June 10. Three months earlier, talks had failed.", REF, "earlier")
    assert e.value == "2025-03" and e.start_date == date(2025, 3, 1)


def test_no_false_hits():
    for text in ("Theresa May said the plan may be ready.", "The march was peaceful.",
                 "They sent 2,024 soldiers.", "The 2024 soldiers were killed.",
                 "Call 1999 for help", "The price rose to $41.500.06 today"[:27]):
        dates = [e for e in find_times(text, REF) if e.type == "DATE"]
        assert not dates, (text, dates)


def test_may_as_month_with_context():
    assert only("Talks collapsed in May.", REF).value == "2025-05"
    assert only("Talks collapsed on May 3.", REF).value == "2025-05-03"


def test_duration_and_set():
    d = [e for e in find_times("The war has lasted three years.", REF) if e.type == "DURATION"]
    assert d and d[0].value == "P3Y" and d[0].start_date is None and d[0].end_date is None
    d = [e for e in find_times("He was held for two weeks.", REF) if e.type == "DURATION"]
    assert d and d[0].value == "P2W"
    s = [e for e in find_times("The exercise is held every year.", REF) if e.type == "SET"]
    assert s and s[0].value == "P1Y"


def test_no_reference_gives_unanchored_values():
    assert only("It happened on June 17.", None).value == "XXXX-06-17"
    assert only("It happened on June 17.", None).start_date is None
    assert only("It happened in 2024.", None).value == "2024"


def test_start_offset_and_timespan():
    e = find_times("It was on June 17.", REF, start_offset=100)[0]
    assert (e.start, e.end) == (110, 117)
    span = e.to_timespan()
    assert span == TimeSpan(start="2025-06-17", end="2025-06-17", granularity="day", text="June 17")


def test_stage_rows():
    rows = stage_rows("Last year and on June 17.", dct=REF)
    assert [r["value"] for r in rows] == ["2024", "2025-06-17"]
    for key in ("start", "end", "text", "value", "start_date", "end_date", "granularity", "type"):
        assert key in rows[0]
    assert rows[0]["start_date"] == "2024-01-01"


def test_resolve_sentence_times_uses_statement_date():
    sents = [(0, "The minister spoke on June 14."), (31, "He said troops arrived last week.")]
    out = resolve_sentence_times(sents, REF, [None, date(2025, 6, 14)])
    assert out[0][0].value == "2025-06-14"
    assert out[1][0].value == "2025-W23" and out[1][0].anchor == "statement"
    assert out[1][0].start == 31 + sents[1][1].index("last week")


def test_seed_article():
    from pathlib import Path
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    path = seeds / "002_3a7b3fa782e31a64.txt"
    if not path.is_file():
        pytest.skip("../shared/seeds not present")
    text = path.read_text(encoding="utf-8")
    got = {e.text: (e.start_date, e.end_date) for e in find_times(text, REF) if e.type == "DATE"}
    assert got["June 17"] == (date(2025, 6, 17), date(2025, 6, 17))
    assert got["October 2024"] == (date(2024, 10, 1), date(2024, 10, 31))
    assert got["as of April"] == (None, date(2025, 4, 30))
    assert got["Two days later"] == (date(2025, 4, 28), date(2025, 4, 28))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
       st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)) | st.none())
def test_never_raises_offsets_consistent(text, ref):
    for e in find_times(text, ref):
        assert text[e.start:e.end] == e.text
        assert e.start < e.end
        if e.start_date and e.end_date:
            assert e.start_date <= e.end_date


WORDS = ["on", "in", "June", "17", "2024", "May", "last", "year", "Tuesday", "two", "days",
         "later", "the", "same", "day", "since", "as of", "April", "early", "late", "mid-",
         "quarter", "first", "half", "of", "ago", "week", "12.05.2023", ",", ".", "next"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=14),
       st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)))
def test_datey_word_salad(words, ref):
    text = " ".join(words)
    for e in find_times(text, ref):
        assert text[e.start:e.end] == e.text
        if e.start_date and e.end_date:
            assert e.start_date <= e.end_date


@pytest.mark.parametrize("text,value,start,end", [
    ("Output grew from March to May 2024.", "2024-03/2024-05", "2024-03-01", "2024-05-31"),
    ("From 2019 until 2021 it grew.", "2019/2021", "2019-01-01", "2021-12-31"),
    ("Prices have risen from April.", "2025-04", "2025-04-01", None),
])
def test_ranges(text, value, start, end):
    e = only(text, REF)
    assert (e.value, e.start_date and e.start_date.isoformat(), e.end_date and e.end_date.isoformat()) == (value, start, end)


def test_every_expression_holds_a_time_hint():
    """The claim extractor searches only sentences with a TIME_HINT: every expression the
    rules find must hold one."""
    import glob
    from pathlib import Path
    root = Path(__file__).resolve().parent / "fixtures" / "phrasings"
    texts = [Path(p).read_text(encoding="utf-8") for p in sorted(glob.glob(str(root / "*.txt")))]
    texts.append("Talks resumed in the second half of the year; at this time no deal is near. "
                 "It happened three weeks ago, on Tues., and again last Christmas and in the 1990s, "
                 "at 5 p.m., every other Monday, in Q3 and H2 2024, in FY2025 and nowadays.")
    found = [(text, e) for text in texts for e in times.find_times(text, None)]
    assert len(found) > 100
    assert [text[e.start:e.end] for text, e in found if not times.TIME_HINT.search(text, e.start, e.end)] == []


def test_rule_guards_change_nothing(monkeypatch):
    """A rule's `needs` pattern only skips rules that could not match: the candidates with
    and without the guards are the same."""
    import dataclasses
    import glob
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    texts = [Path(p).read_text(encoding="utf-8")
             for p in sorted(glob.glob(str(root / "tests" / "fixtures" / "phrasings" / "*.txt")))
             + sorted(glob.glob(str(root / "examples" / "*.txt")))]
    texts += ["in the 1990s and the twenties, in fall 2023, the third quarter, three weeks ago, "
              "two days later, earlier this month, last Tuesday night, March 3, 2024, 3 March",
              "no dates here at all", ""]

    def candidates():
        return [[(c.start, c.end, c.kind, sorted(c.data.items())) for c in times._candidates(t)] for t in texts]

    guarded = candidates()
    assert sum(map(len, guarded)) > 100
    assert any(rule.needs is not None for rule in times.RULES)
    monkeypatch.setattr(times, "RULES", [dataclasses.replace(rule, needs=None) for rule in times.RULES])
    assert candidates() == guarded


def test_the_windowed_search_finds_what_finditer_finds():
    """`_matches` starts the regex engine only near each rule's necessary part; on real news
    (Voice of America stories) it must find exactly the matches a full `finditer` finds."""
    with shared_path("corpora", "voa", "voa_stories.jsonl").open(encoding="utf-8") as lines:
        texts = [json.loads(line).get("text") or "" for line in itertools.islice(lines, 150)]
    compared = 0
    for text in texts:
        for rule in times.RULES:
            full = [m.span() for m in rule.pattern.finditer(text) if m.end() > m.start()]
            windowed = [m.span() for m in times._matches(rule, text) if m.end() > m.start()]
            assert windowed == full, (rule.kind, text[:80])
            compared += len(full)
    assert compared > 1000
