"""An event's time from its article, when the clause that states the event names none.

    context_time(expressions, text, sentence, at, reference, ...) -> TimeExpression | None
    occurred_within(span, reference) -> TimeSpan
    historical_periods(text, start, end, reference) -> list[TimeExpression]

News states the date once, in the lead ("Russian missiles hit Kyiv on Thursday") and
reports the rest of the story without repeating it; gold annotation (CONVENTIONS.md: "the
window of the event itself ... including in other sentences") dates those claims by it.
The order of evidence, nearest first:

1. another date of the claim's own sentence (the clause's was taken by the caller) other than
   the statement's ("the Pentagon on Wednesday announced that the U.S. will deploy"), a
   dateline's ("Pyongyang, August 16 (KCNA) --") or a date compared with ("than the same
   period of last year": the caller dates a clause that compares so by this year's
   counterpart, `counterpart`); a past duration
   counts as the window it covers ("in the past week"), and a future one ("within a few
   weeks"); vague past words get a conventional
   start (VAGUE_PAST_DAYS), vague future words a conventional end (VAGUE_FUTURE_MONTHS);
2. a named historical period the sentence places the event in ("killed during the Korean
   War", "since the full-scale invasion") or the event that opened it ("Russia annexed
   Crimea"; knowledge/historical_periods.yaml): history stays history, never the publication
   day, and wins over a bare "now" or "today" of the same sentence;
3. the date of the story so far: the latest dated expression before the sentence in the
   article, when it names a day, a week or a month near the reference (older dates are
   background: "Russia annexed Crimea in 2014" does not date the next paragraph's attack,
   but an old day does, "On February 20, 2014, ...": a narrative of the past goes on undated);
   "the same day"-like anaphors were already resolved to it by times.find_times. An article
   without a date of its own (an archive page) takes its absolute day or month however far
   back, or the year its headline opens with ("1974: Birmingham pub blasts kill 19");
   an undated lead takes the story's day a few paragraphs on, unless its claim is only possible
   (`lead_time`);
4. nothing: no window. The conventions leave the time out where the text gives none, and
   the register dates such a fact by its report ("reported" basis) rather than pretend it
   happened on the day it was written. A statement dated in its own sentence takes that
   date instead of 3 (an announcement dates what it announces when nothing nearer does),
   except for a total to date, which stays as of the statement; the story's other dates are
   not its event's. What did not happen (a negated claim) takes neither the statement's date
   nor the story's: only a date of its own clause.

`occurred_within` then clips a window that runs past the reference for an event that
occurred ("this year" in an article of 29 August: 1 January .. 29 August).

Not every date of the sentence is the event's: the caller (claims.py) reads the parse with
the helpers below and leaves out a past-perfect relative clause about something else
(`foreign_clauses`), a "now" of another clause or of what a noun event brought about
(`governs`, `dates_noun`), and the frame of a quotation (`quote_frame`: its date is the
speaking's, handled as a statement's). An event set off by a counted span ("two years after
Russian forces invaded", `offset_clause`) takes the sentence's date moved by the span
(`offset_time`) or else only what its own clause names. The story's date (3) is not given to a
habit (`states_habit`), a condition (`hypothetical`) or a thing still ahead (`named_ahead`).
The date of the event a span starts from ("injured since the invasion in February 2022",
`placed_since`) dates the claim as that span; the "since" of a record ("the first to visit a
country in conflict since World War Two", `record_since`) dates nothing. What an anniversary
is of ("today, the 39th anniversary of the Bay of Pigs fiasco", `anniversary_of`) lies the
count before the anniversary's date (`before_by`), and nowhere when the text does not count.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from newsledger.extract.times import TimeExpression
from newsledger.knowledge import load_yaml
from newsledger.records import TimeSpan

__all__ = ["known_event", "context_spans", "context_time", "occurred_within", "historical_periods", "is_dateline", "with_start", "dates_event", "past_window",
           "future_window", "counterpart", "foreign_clauses", "offset_clause", "offset_time", "states_habit", "hypothetical",
           "quote_frame", "placed_since", "dates_noun", "governs", "named_ahead", "record_since", "anniversary_of", "before_by", "framed_spans", "from_reference", "week_just_ended",
           "periods_of_others", "known_event_day"]

# how far back a dated expression of an earlier sentence still dates the story (characters);
# an article without a date of its own (an archive page, a history) is about the event its
# absolute dates name, however far back ("Bloody Friday, 21 July 1972"), or the year its
# headline opens with ("1974: Birmingham pub blasts kill 19"); other years are background
STORY_REACH = 3000
# a borrowed date older than this before the reference is background, not the story's date
STORY_AGE = timedelta(days=120)
_POINT_GRANULARITIES = ("day", "month")
# the longest range of days (a day range, not a season) of the past that still dates the
# sentences told after it
OLD_DAY_SPAN = 30


@dataclass(frozen=True)
class _Period:
    pattern: re.Pattern[str]
    start: date
    end: date | None
    opening: tuple[date, date]
    context: re.Pattern[str] | None


@dataclass(frozen=True)
class KnownEvent:
    """A named event whose parties are known (historical_periods.yaml `parties`)."""
    names: re.Pattern[str]
    context: re.Pattern[str] | None
    kind: str
    actor: str | None
    recipient: str | None
    # the day the event happened, for its event words (`opened_by`: "the invasion" is the
    # war's first day, "the war" is not a day)
    day: date | None = None
    opened_by: frozenset[str] = frozenset()


# a preposition that places the event inside the period ("during the Korean War"), or
# at its start ("since", "at the start of"); anything else ("six months after the
# invasion", "the war's cost") does not date the claim by the period
_PLACING = r"(?P<prep>in|during|throughout|amid|over|since|at\s+the\s+(?:start|outset|beginning|outbreak)\s+of|(?:in|during)\s+the\s+(?:early|first)\s+(?:days|weeks|months)\s+of|since\s+the\s+(?:start|beginning|outbreak)\s+of)\s+"


def _names_alternation(names: Sequence[str]) -> str:
    """A regex alternation of the names as written, any run of spaces between words and either
    apostrophe (news prints "Russia’s invasion" as often as "Russia's")."""
    return "|".join(re.escape(n).replace(r"\ ", r"\s+").replace("'", "['’]") for n in names)


def _context_pattern(context: Sequence[str] | None) -> re.Pattern[str] | None:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, context)) + r")\b") if context else None


@lru_cache(maxsize=1)
def _periods() -> tuple[_Period, ...]:
    data = load_yaml("historical_periods.yaml")
    periods = []
    for i, entry in enumerate(data.get("periods") or []):
        try:
            names = sorted(entry["names"], key=len, reverse=True)
            start = _date(entry["start"])
            end = _date(entry["end"]) if entry.get("end") else None
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"knowledge/historical_periods.yaml: period {i + 1}: {exc!r}") from None
        pattern = re.compile(_PLACING + r"(?:the\s+)?(?:" + _names_alternation(names) + r")\b", re.I)
        opening = entry.get("opening")
        first = (_date(opening[0]), _date(opening[1])) if opening else (start, min(end or date.max, start + timedelta(days=30)))
        context_rx = _context_pattern(entry.get("context"))
        periods.append(_Period(pattern, start, end, first, context_rx))
        if entry.get("events"):
            # the event that opens the period, named by a clause ("Russia annexed Crimea"):
            # its opening span, whatever the preposition
            events = re.compile(r"\b(?P<prep>)(?:" + "|".join(entry["events"]) + r")", re.I)
            periods.append(_Period(events, first[0], first[0], (first[0], first[0]), context_rx))
    return tuple(periods)


@lru_cache(maxsize=1)
def _known_events() -> tuple[KnownEvent, ...]:
    out = []
    for i, entry in enumerate(load_yaml("historical_periods.yaml").get("periods") or []):
        parties = entry.get("parties")
        if not parties:
            continue
        if not isinstance(parties, dict) or "kind" not in parties:
            raise ValueError(f"knowledge/historical_periods.yaml: period {i + 1}: parties needs a kind")
        names = sorted(entry["names"], key=len, reverse=True)
        out.append(KnownEvent(re.compile(r"\b(?:" + _names_alternation(names) + r")\b", re.I),
                              _context_pattern(entry.get("context")),
                              parties["kind"], parties.get("actor"), parties.get("recipient"),
                              _date(entry["start"]) if entry.get("start") else None,
                              frozenset(w.lower() for w in entry.get("opened_by") or ())))
    return tuple(out)


def known_event(text: str, kind: str, start: int, end: int) -> KnownEvent | None:
    """The known event of `kind` one of whose names covers text[start:end] (an event word),
    when the article gives the context it needs."""
    lo, hi = max(0, start - 60), min(len(text), end + 60)
    for event in _known_events():
        # the name around the word first (a short window), the article's context only then
        if event.kind == kind and any(m.start() <= start and end <= m.end() for m in event.names.finditer(text, lo, hi)) \
                and (event.context is None or event.context.search(text)):
            return event
    return None


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@lru_cache(maxsize=4)
def _periods_in(text: str) -> tuple[_Period, ...]:
    """The periods whose context words the article has (searched once per article, not once
    per claim: each search reads the whole text)."""
    return tuple(period for period in _periods() if period.context is None or period.context.search(text))


def historical_periods(text: str, start: int, end: int, reference: date | None) -> list[TimeExpression]:
    """The named periods text[start:end] places an event in, as expressions (offsets into
    `text`; the article's words decide periods that need context)."""
    out = []
    for period in _periods_in(text):
        for m in period.pattern.finditer(text, start, end):
            prep = " ".join(m.group("prep").lower().split())
            if not prep and re.search(r"\bsince\s+$", text[max(0, m.start() - 8):m.start()], re.I):
                prep = "since the start of"   # "since Russia launched its invasion"
            first, last = period.start, period.end or reference
            mod = None
            if prep.startswith("since"):
                first, last, mod = (period.opening[0] if "start" in prep or "beginning" in prep or "outbreak" in prep
                                    else period.start), reference, "SINCE"
            elif prep.startswith("at the") or " the early " in f" {prep} " or "first" in prep:
                first, last = period.opening
            if first is None or last is None or last < first:
                continue
            out.append(TimeExpression(m.start(), m.end(), m.group(0), f"{first.isoformat()}/{last.isoformat()}",
                                      first, last, "day" if first == last else "unknown", "DATE", None, mod))
    return sorted(out, key=lambda e: e.start)


# A dateline ("Pyongyang, August 16 (KCNA) --", "MINSK, 26 February (BelTA) –") dates the
# report, not the events in its sentence.
_DATELINE_BEFORE = re.compile(r"(?:^|\n)[ \t]*[A-Z][\w.' -]{1,40},[ \t]*$")
_DATELINE_AFTER = re.compile(r"[ \t]*(?:\(\w[\w .-]{0,20}\))?[ \t]*(?:--|—|–|-)")
# a date something is compared with ("more than twice as compared with the same period of
# last year", "up from $4 a year earlier") is not when the event happened
_COMPARED = re.compile(r"(?:compared\s+(?:with|to)|as\s+against|against|than|from|over|versus|vs\.?)\s+"
                       r"(?:(?:the\s+)?(?:same|corresponding|comparable)\s+(?:period|time|months?|days?)\s+(?:of|in)\s+)?$", re.I)
_COMPARED_SAME = re.compile(r"(?:the\s+)?(?:same|corresponding|comparable)\s+(?:period|time)\s+(?:of|in)\s+$", re.I)

# Vague past words name no start ("recently": PAST_REF, open before the reference); an event
# time needs one, so each reaches back a conventional span (CONVENTIONS.md: "in recent days"
# two weeks back), the widest reading a reporter's "recently" takes.
VAGUE_PAST_DAYS = (
    (re.compile(r"\b(?:recent|past|last|few|several|some)\s+days\b|\bdays\s+ago\b", re.I), 14),
    (re.compile(r"\b(?:recent|past|last|few|several|some)\s+weeks\b|\bweeks\s+ago\b", re.I), 31),   # a month back
    (re.compile(r"\b(?:recent|past|last|few|several|some)\s+months\b|\bmonths\s+ago\b", re.I), 180),
    (re.compile(r"\brecently\b|\blately\b|\bof\s+late\b", re.I), 30),
)


# TimeML's adjectives of time ("the current offensive", "the recent sale") date a noun, not
# the event of the clause
_ADJECTIVES = frozenset({"current", "recent"})


def dates_event(e: TimeExpression, text: str | None = None) -> bool:
    """Whether an expression can date an event: a DATE or TIME with an interval, not a
    future reference nor an adjective of a noun; given the text, neither a dateline nor a
    date something is compared with."""
    if text is not None and (is_dateline(text, e) or _compared(text, e)):
        return False
    return _usable(e) or (e.value == "FUTURE_REF" and e.type == "DATE" and e.text.lower() not in _ADJECTIVES
                          and e.start_date is not None)


def _usable(e: TimeExpression) -> bool:
    return (e.type in ("DATE", "TIME") and (e.start_date is not None or e.end_date is not None)
            and e.value != "FUTURE_REF" and e.text.lower() not in _ADJECTIVES)


def is_dateline(text: str, e: TimeExpression) -> bool:
    """Whether `e` is the date of a dateline: the line opens with a place and a comma before
    it, and an agency or a dash follows it."""
    return bool(_DATELINE_BEFORE.search(text, max(0, e.start - 45), e.start)
                and _DATELINE_AFTER.match(text, e.end))


# "from" and "over" compare only after a change ("up from 33 percent", "an increase over last
# year"); otherwise they place the event ("Over the summer, the United States ... step up")
_CHANGE = re.compile(r"\b(?:up|down|rose|risen|rise|rises|fell|fallen|fall|dropped|drop|jumped|grew|grown|"
                     r"increase[sd]?|decrease[sd]?|growth|decline[sd]?|gain(?:ed|s)?|higher|lower|more|less|"
                     r"percent|per\s+cent|%)\b[^.;]*$", re.I)
_POSSESSIVE = re.compile(r"['’]s\b")
# a multiple of a date's figure is compared with it ("1.5 times the last year's figure"), and
# so is a possessive date of a figure
_TIMES_THE = re.compile(r"\b(?:times|twice|thrice)\s+(?:that\s+of\s+)?the\s+$", re.I)
_FIGURE_AFTER = re.compile(r"['’]s\s+(?:\w+\s+)?(?:figures?|levels?|output|results?|totals?|records?|production|amount|volume)\b", re.I)


def _compared(text: str, e: TimeExpression) -> bool:
    if _POSSESSIVE.match(text, e.end) and not _FIGURE_AFTER.match(text, e.end):
        return False   # "from Saturday's blasts": the day of the blasts, compared with nothing
    # the finder may keep the preposition in the span ("a 13% increase from 2022")
    lead = re.match(r"(?:from|over)\s+", e.text, re.I)
    before = text[max(0, e.start - 60):e.start] + (lead.group(0) if lead else "")
    if _TIMES_THE.search(before):
        return True   # "1.5 times the last year's figure"
    m = _COMPARED.search(before) or _COMPARED_SAME.search(before)
    if m and m.group(0).split()[0].lower() in ("from", "over"):
        return bool(_CHANGE.search(before[:m.start()]))
    return bool(m)


# Vague future words name no end ("in the coming weeks": FUTURE_REF, open after the
# reference); CONVENTIONS.md reads them generously to a calendar end: "in the next few days"
# to the end of the month. Each pattern gives the months to add to the reference's month
# (None: to the end of its year).
VAGUE_FUTURE_MONTHS = (
    (re.compile(r"\b(?:coming|next|few|several)\s+days\b|\bdays\s+(?:ahead|to\s+come)\b|\bsoon\b", re.I), 0),
    (re.compile(r"\b(?:coming|next|few|several)\s+weeks\b|\bweeks\s+(?:ahead|to\s+come)\b", re.I), 1),
    (re.compile(r"\b(?:coming|next|few|several)\s+months\b|\bmonths\s+(?:ahead|to\s+come)\b", re.I), None),
)


def _month_end(d: date, months: int | None) -> date:
    if months is None:
        return date(d.year, 12, 31)
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(y, m + 1, calendar.monthrange(y, m + 1)[1])


def counterpart(text: str, e: TimeExpression, reference: date | None) -> TimeExpression | None:
    """The period of the reference's year that a result is compared with "the same period
    of" another year for ("produced more cement than the same period of last year": this
    year so far, once clipped to the reference); None for other expressions."""
    if reference is None or e.start_date is None or e.end_date is None or e.granularity != "year" \
            or not _COMPARED_SAME.search(text[max(0, e.start - 60):e.start]) or e.start_date.year >= reference.year:
        return None
    return TimeExpression(e.start, e.end, e.text, str(reference.year), date(reference.year, 1, 1),
                          date(reference.year, 12, 31), "year", "DATE", "dct", None)


def with_start(e: TimeExpression) -> TimeExpression:
    """A vague expression with the conventional reach of its open end: the start of a past
    one ("recently", "in recent days"), the end of a future one ("in the coming weeks");
    other expressions unchanged."""
    if e.value == "FUTURE_REF" and e.start_date is not None and e.end_date is None:
        for pattern, months in VAGUE_FUTURE_MONTHS:
            if pattern.search(e.text):
                return TimeExpression(e.start, e.end, e.text, e.value, e.start_date, _month_end(e.start_date, months),
                                      e.granularity, e.type, e.anchor, e.mod)
        return e
    if e.start_date is not None or e.end_date is None:
        return e
    for pattern, days in VAGUE_PAST_DAYS:
        if pattern.search(e.text):
            return TimeExpression(e.start, e.end, e.text, e.value, e.end_date - timedelta(days=days), e.end_date,
                                  e.granularity, e.type, e.anchor, e.mod)
    return e


_PAST_SPAN = re.compile(r"(?:(?:in|over|during|within|for)\s+)?(?:the\s+)?(?:past|last|previous)\b", re.I)
_DURATION = re.compile(r"P(\d+)([DWMY])")


def past_window(e: TimeExpression, reference: date | None) -> TimeExpression | None:
    """A duration reaching back from the reference ("in the past week", "over the last
    three months") as the window it covers; None for other expressions."""
    m = _DURATION.fullmatch(e.value)
    if e.type != "DURATION" or reference is None or not m or not _PAST_SPAN.match(e.text):
        return None
    n, unit = int(m.group(1)), m.group(2)
    if unit in ("D", "W"):
        start = reference - timedelta(days=n * (7 if unit == "W" else 1))
    else:   # calendar months and years: "the last 6 months" of 24 August begin on 24 February
        months = reference.year * 12 + reference.month - 1 - n * (12 if unit == "Y" else 1)
        y, mo = divmod(months, 12)
        start = date(y, mo + 1, min(reference.day, calendar.monthrange(y, mo + 1)[1]))
    return TimeExpression(e.start, e.end, e.text, e.value, start, reference, "unknown", "DATE", "dct", None)


_NEXT_SPAN = re.compile(r"(?:\bwithin\s+(?:the\s+|a\s+)?|\b(?:in|over|during)\s+the\s+(?:next|coming)\s+)$", re.I)
_NEXT_IN_SPAN = re.compile(r"(?:the\s+)?(?:next|coming)\b", re.I)
_VAGUE_DURATION = re.compile(r"P(\d+|X)([DWMY])")
_VAGUE_UNIT_MONTHS = {"D": 0, "W": 1, "M": None, "Y": None}


def future_window(text: str, e: TimeExpression, reference: date | None) -> TimeExpression | None:
    """A duration reaching ahead from the reference ("within a few weeks", "in the next 10
    days") as the window it covers; a vague count ends where CONVENTIONS.md's vague future
    words do (VAGUE_FUTURE_MONTHS); None for other expressions."""
    m = _VAGUE_DURATION.fullmatch(e.value)
    if e.type != "DURATION" or reference is None or not m:
        return None
    before = text[max(0, e.start - 24):e.start]
    inside = _NEXT_IN_SPAN.match(e.text)
    if not (_NEXT_SPAN.search(before) or (inside and re.search(r"\b(?:in|over|during|within)\s+$", before, re.I))):
        return None
    n, unit = m.group(1), m.group(2)
    if n == "X":
        end = _month_end(reference, _VAGUE_UNIT_MONTHS[unit])
    elif unit in ("D", "W"):
        end = reference + timedelta(days=int(n) * (7 if unit == "W" else 1))
    else:
        months = reference.year * 12 + reference.month - 1 + int(n) * (12 if unit == "Y" else 1)
        y, mo = divmod(months, 12)
        end = date(y, mo + 1, min(reference.day, calendar.monthrange(y, mo + 1)[1]))
    return TimeExpression(e.start, e.end, e.text, e.value, reference, end, "unknown", "DATE", "dct", None)


# ----------------------------------------------------------------- the clause that owns a date
# A sentence often holds more than one event and the dates of each; these readers of the
# parse say which dates are another event's. They take spaCy tokens.

def foreign_clauses(token) -> list[tuple[int, int]]:
    """Character spans of the sentence's relative clauses in the past perfect that neither
    hold the trigger `token` nor describe it: their dates are an earlier event's ("The farms,
    which had taken the last place ... in the past, produced one more ton": 'in the past' is
    the ranking's). One in the simple past goes on with the story ("met Ryzhenkov, who paid a
    courtesy call on him on Thursday"), one in the present tells the state of its noun at the
    report ("1,000 who are currently based in Germany"): both may date the event."""
    out = []
    for t in token.sent:
        describes = t.head.i == token.i or (t.head.dep_ == "pobj" and t.head.head.head.i == token.i)   # "attacks like that which killed"
        if t.dep_ == "relcl" and not describes and not t.left_edge.i <= token.i <= t.right_edge.i \
                and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in t.children):
            out.append((t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)))
    return out


# a clause of the trigger itself: the attack 'which happened during the war'
_DESCRIBES_TRIGGER = frozenset({"acl", "relcl", "conj"})


def periods_of_others(token, chain, periods: Sequence[TimeExpression]) -> list[tuple[int, int]]:
    """Character spans of the named periods (`historical_periods` of the sentence) that place
    another event, not the trigger `token` (`chain`: the trigger and the words above it up to
    its clause's verb): going up the parse from the word the period's preposition hangs on,
    a verb other than the chain's comes before the chain ('visited the sites of several
    atrocities committed in the early weeks of the Russian invasion': the atrocities', not the
    visit's; 'Mariupol, which has been relentlessly bombarded since the start of the war').
    A period inside the event's own placing phrase ('killed during a period of Russian
    occupation at the start of the war') reaches the chain through nouns only and stays; so
    does one with no preposition of its own in the parse."""
    doc = token.doc
    allowed = {t.i for t in chain} | {c.i for c in token.children if c.dep_ in _DESCRIBES_TRIGGER}
    out = []
    for period in periods:
        span = doc.char_span(period.start, period.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        prep = span[0] if span[0].dep_ == "prep" else None
        if prep is None and span[0].i > 0 and doc[span[0].i - 1].lower_ == "since" and doc[span[0].i - 1].dep_ == "prep":
            prep = doc[span[0].i - 1]   # "since Russia launched its invasion"
        if prep is None or prep.head.i == prep.i:
            continue
        node = prep.head
        for _ in range(16):
            if node.i in allowed:
                break
            if node.pos_ in ("VERB", "AUX"):
                out.append((period.start, period.end))
                break
            if node.head.i == node.i:
                break
            node = node.head
    return out


_OFFSET_SIGN = {"after": -1, "before": 1}


def offset_clause(token) -> tuple[int, int, int, int, int] | None:
    """An event told as set off from another by a stated span ("in 2016, two years after
    Russian forces invaded Crimea", "30 days after the summit took place", "a week before
    the invasion"): (clause start, clause end, span start, span end, sign) in characters,
    sign -1 when the event is earlier than the other clause's time; None otherwise."""
    node = token
    for _ in range(12):
        mark = next((c for c in node.children if c.dep_ == "mark" and c.lower_ in _OFFSET_SIGN), None)
        head_word = None
        if mark is not None:
            head_word = mark
            clause = node
        elif node.dep_ in ("pobj", "pcomp") and node.head.lower_ in _OFFSET_SIGN:
            head_word = clause = node.head
        if head_word is not None:
            # a counted span before the word: "two years after", "a week before"; not "after
            # ... last week" nor "earlier this month before"
            span = next((c for c in (*node.children, *head_word.children)
                         if c.dep_ == "npadvmod" and c.i < head_word.i
                         and any(d.dep_ == "nummod" or (d.dep_ == "det" and d.lower_ in ("a", "an")) for d in c.children)), None)
            if span is None:
                return None   # "after the talks failed": the same time as the main clause's
            lo = min(clause.left_edge.idx, span.left_edge.idx)
            end = clause.right_edge
            return (lo, end.idx + len(end.text), span.left_edge.idx, span.right_edge.idx + len(span.right_edge.text),
                    _OFFSET_SIGN[head_word.lower_])
        if node.head.i == node.i:
            return None
        node = node.head
    return None


_EXACT_SPAN = re.compile(r"P(\d+)([DWMY])")


def offset_time(expressions: Sequence[TimeExpression], text: str, offset: tuple[int, int, int, int, int],
                lo: int, hi: int, anchor: TimeExpression | None = None) -> TimeExpression | None:
    """The time of an event set off by a stated span from the rest of its sentence
    (`offset_clause`): the sentence's nearest date outside the clause, else `anchor` (the
    rest's time from the story: "The blasts came exactly a week after an attack"), moved by
    the span ("in 2016, two years after ... invaded": 2014). None when the span is vague
    ("more than 30 days") or there is no such date: the other clause's time is not this
    event's."""
    c_lo, c_hi, d_lo, d_hi, sign = offset
    span = next((e for e in expressions if e.type == "DURATION" and e.start < d_hi and e.end > d_lo), None)
    m = _EXACT_SPAN.fullmatch(span.value) if span is not None else None
    if m is None or re.search(r"\b(?:more|less|over|under|about|around|nearly|almost|some|several|few)\b",
                              text[d_lo:span.start] + span.text, re.I):
        return None
    others = [e for e in expressions if lo <= e.start and e.end <= hi and not (c_lo <= e.start and e.end <= c_hi)
              and _usable(e) and e.start_date is not None and e.end_date is not None and not _compared(text, e)]
    if others:
        anchor = min(others, key=lambda e: min(abs(e.end - c_lo), abs(e.start - c_hi)))
    if anchor is None or anchor.start_date is None or anchor.end_date is None:
        return None
    n, unit = int(m.group(1)) * sign, m.group(2)

    def move(d: date) -> date:
        if unit in ("D", "W"):
            return d + timedelta(days=n * (7 if unit == "W" else 1))
        months = d.year * 12 + d.month - 1 + n * (12 if unit == "Y" else 1)
        y, mo = divmod(months, 12)
        return date(y, mo + 1, min(d.day, calendar.monthrange(y, mo + 1)[1]))

    start, end = move(anchor.start_date), move(anchor.end_date)
    if unit in ("Y", "M") and anchor.granularity in ("year", "month"):   # "2016" less two years: all of 2014
        end = _month_end(end, 0) if anchor.granularity == "month" else date(end.year, 12, 31)
    word = re.compile(r"\s+(?:after|before)\b", re.I).match(text, span.end)   # the words "two years after"
    stop = word.end() if word else span.end
    return TimeExpression(d_lo, stop, text[d_lo:stop], anchor.value, start, end, anchor.granularity, "DATE",
                          "previous", None)


_HABITUAL = frozenset({"often", "usually", "always", "regularly", "frequently", "routinely", "sometimes",
                       "generally", "typically", "normally", "constantly", "repeatedly"})
_CONDITION = frozenset({"if", "unless", "whether"})


def states_habit(token) -> bool:
    """Whether the trigger's clause tells a habit in the simple present ("rescuers often
    arrive to deal with the aftermath of Russian attacks"): no event of the story's day."""
    verb = token.head if token.dep_ in ("aux", "auxpass") else token
    for _ in range(8):
        # up to a finite verb: "arrive to deal with the aftermath of attacks" is "arrive"'s,
        # or the first conjunct for a bare one ("condemns ... and [shells]")
        infinitive = verb.tag_ == "VB" and (verb.dep_ == "conj" or any(c.tag_ == "TO" for c in verb.children))
        if (verb.pos_ in ("VERB", "AUX") and not infinitive) or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb.tag_ in ("VBZ", "VBP") and any(c.dep_ == "advmod" and c.lower_ in _HABITUAL for c in verb.children)


def hypothetical(token) -> bool:
    """Whether the trigger lies in a condition ("if it were to launch an invasion"): the
    story's last date is not a time of what may never happen."""
    node = token
    for _ in range(12):
        if any(c.dep_ == "mark" and c.lower_ in _CONDITION for c in node.children):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


_AHEAD = frozenset({"next", "upcoming", "forthcoming", "coming", "future", "planned", "proposed", "possible",
                    "potential", "prospective"})


def named_ahead(token) -> bool:
    """Whether the trigger noun is one still ahead ("the next summit in Madrid", "a possible
    invasion"): the story's last date is not its time."""
    return token.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "amod" and c.lower_ in _AHEAD for c in token.children)


_QUOTES = (("“", "”"), ('"', '"'), ("«", "»"))


def quote_frame(text: str, lo: int, hi: int, at: int) -> tuple[int, int] | None:
    """The quotation of text[lo:hi] that holds offset `at`, as (start, end); None when `at`
    is outside every quotation. A date outside it dates the speaking ("'The EU condemns the
    shelling,' read the statement on Saturday"), not the quoted event."""
    for opening, closing in _QUOTES:
        start = lo
        while True:
            o = text.find(opening, start, hi)
            if o < 0:
                break
            c = text.find(closing, o + 1, hi)
            if c < 0:
                break
            if o < at < c and len(text[o:c].split()) >= 6:   # not a quoted name ("world summit on peace")
                return (o, c + 1)
            start = c + 1
    return None


# a record set "since" a time ("the first visit since World War Two", "the most powerful
# cyberattack since the start of the invasion", "their first in-person talks since October"):
# the span measures how long the record stood, not when the event happened
_SUPERLATIVES = (r"(?:first|only|most|least|biggest|largest|heaviest|highest|lowest|worst|deadliest|"
                 r"strongest|fiercest|longest|greatest|bloodiest|fastest|sharpest|best|hardest)")
_RECORD = re.compile(r"\b" + _SUPERLATIVES + r"\b", re.I)
_SINCE_BEFORE = re.compile(r"\bsince\s+$", re.I)
RECORD_REACH = 60   # characters before the event word where the superlative stands
_RECORD_JUST_BEFORE = re.compile(r"\bthe\s+" + _SUPERLATIVES + r"\b(?:\s+[\w-]+){0,3}?\s+(?:since\s+)?$", re.I)


def record_since(text: str, e: TimeExpression, at: int) -> bool:
    """Whether `e` is the "since" of a record the event at offset `at` sets ("Kishida is the
    first to visit a country in conflict since World War Two"): not the event's time. An
    event told after the expression ("since February 2022, when Russia attacked") keeps it."""
    if at >= e.start:
        return False
    if not (e.mod == "SINCE" or e.text.lower().startswith("since") or _SINCE_BEFORE.search(text, max(0, e.start - 8), e.start)):
        return False
    before = text[max(0, at - RECORD_REACH):at]
    if _RECORD.search(before[max(before.rfind(". "), before.rfind("\n")) + 1:]):
        return True
    # the record told after the event word, right before its "since" ("the build-up of
    # Russian troops along Ukraine's border is the largest since the Cold War")
    return bool(_RECORD_JUST_BEFORE.search(text, max(at, e.start - RECORD_REACH), e.start))


_SINCE_EVENT = re.compile(r"\bsince\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|[A-Z][\w.-]*['’]s\s+)?"
                          r"(?:[\w-]+\s+){0,4}?(?:in|of|on)\s+$", re.I)


def placed_since(text: str, e: TimeExpression, reference: date | None, at: int) -> TimeExpression:
    """A date of the event that opens a span ("killed since the Russian full-scale invasion in
    February 2022") as that span, to the reference, for an event at offset `at` outside the
    phrase (the invasion itself keeps its date); other expressions unchanged."""
    if e.mod is not None or e.start_date is None or reference is None or e.start_date > reference:
        return e
    m = _SINCE_EVENT.search(text, max(0, e.start - 60), e.start)
    if m is None or m.start() <= at < e.end:
        return e
    return TimeExpression(e.start, e.end, e.text, e.value, e.start_date, reference, e.granularity, e.type,
                          e.anchor, "SINCE")


def governs(span_tokens, trigger) -> bool:
    """Whether the words of an expression hang from the trigger or from the words above it
    up to its verb ("where there are currently 100,000 soldiers": 'currently' of 'are')."""
    chain = {trigger.i}
    node = trigger
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
            break
        node = node.head
        chain.add(node.i)
    return any(t.head.i in chain for t in span_tokens)


# "the 39th anniversary of the Bay of Pigs fiasco", "the one-year anniversary of the Russian
# invasion": the sentence's date is the anniversary's; the event lies the count before it
_ORDINALS = {w: i for i, w in enumerate(("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                                          "twelfth").split(), 1)} | {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
    "eightieth": 80, "ninetieth": 90, "hundredth": 100}
_COUNTS = {w: i for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), 1)}
_ORDINAL_FIGURE = re.compile(r"(\d+)(?:st|nd|rd|th)")
_UP_TO_ANNIVERSARY = frozenset({"pobj", "prep", "appos", "conj", "compound"})
_RIGHT_AFTER = re.compile(r"\s*(?:(?:on|in)\s+)?")


def anniversary_of(token, times: Sequence[TimeExpression] = ()) -> tuple[object, tuple[int, str] | None] | None:
    """When the trigger is what an anniversary is of ("marks the one-year anniversary of the
    Russian invasion"): (the word "anniversary", (count, "Y" or "M") or None when the text
    does not count it); None otherwise, and when the phrase of the event holds one of the
    `times` itself ("the anniversary of the massacre of Armenians in 1915")."""
    node = token
    for _ in range(5):
        if node.dep_ not in _UP_TO_ANNIVERSARY or node.head.i == node.i:
            return None
        phrase, node = node, node.head
        if node.lemma_.lower() == "anniversary":
            break
    else:
        return None
    if node.lemma_.lower() != "anniversary" or node.i > token.i:
        return None
    lo, hi = phrase.left_edge.idx, phrase.right_edge.idx + len(phrase.right_edge.text)
    text = token.doc.text
    # a date inside the phrase, or right after it whatever the parse hung it on ("the six-month
    # anniversary of Russia's invasion of Ukraine on Feb. 24"), is the event's own
    if any(lo <= e.start and (e.end <= hi or _RIGHT_AFTER.fullmatch(text, hi, e.start)) for e in times):
        return None
    for c in node.children:
        word = c.lower_
        if c.dep_ in ("amod", "nummod") and (word in _ORDINALS or _ORDINAL_FIGURE.fullmatch(word)):
            return node, (_ORDINALS.get(word) or int(_ORDINAL_FIGURE.fullmatch(word).group(1)), "Y")
        if c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in ("year", "month"):
            count = next((d for d in c.children if d.dep_ == "nummod"), None)
            n = None if count is None else _COUNTS.get(count.lower_) or (int(count.text) if count.text.isdigit() else None)
            if n is not None:
                return node, (n, "Y" if c.lemma_.lower() == "year" else "M")
    return node, None


def _unhyphenated_frame(t) -> bool:
    """'in the lead up to the anniversary', 'the run up to the vote': spaCy reads 'up to' as
    prepositions under the noun, or hangs 'up' elsewhere (the hyphenated frames are
    modality's future_frames)."""
    prep = t.head if t.dep_ == "pobj" else None
    return prep is not None and prep.lower_ == "to" and prep.i >= 2 and prep.nbor(-1).lower_ == "up" \
        and prep.nbor(-2).lower_ in ("lead", "run")


def framed_spans(token, times: Sequence[TimeExpression] = ()) -> list[tuple[int, int]]:
    """Character spans of the sentence that name another event's time, not the trigger's:
    what an anniversary is of ("In the lead up to the six-month anniversary of Russia's
    invasion of Ukraine on Feb. 24, Stoltenberg participated": Feb. 24 is the invasion's,
    with a date right after the phrase whatever the parse hung it on) and what a future frame
    looks ahead to ("ahead of Wednesday's summit", "in the lead-up to the Wednesday
    anniversary": the later event's day, cues.yaml future_frames). A trigger inside the span
    keeps its dates."""
    from newsledger.extract import modality   # the frames are the modality stage's cue words

    text = token.doc.text
    out = []
    for t in token.sent:
        phrases = []   # (phrase, whether a date right after it is the phrase's)
        if t.lemma_.lower() == "anniversary":
            phrases.append((next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None), True))
        if modality._future_frame(t) or _unhyphenated_frame(t):
            phrases.append((t, False))   # "ahead of schedule this year": the year is the deed's
        for phrase, right_after in phrases:
            if phrase is None or phrase.left_edge.i <= token.i <= phrase.right_edge.i:
                continue
            lo, hi = phrase.left_edge.idx, phrase.right_edge.idx + len(phrase.right_edge.text)
            after = next((e for e in times if right_after and e.start >= hi
                          and _RIGHT_AFTER.fullmatch(text, hi, e.start)), None)
            out.append((lo, after.end if after is not None else hi))
    return out


def before_by(span: TimeSpan | None, count: tuple[int, str]) -> TimeSpan | None:
    """A window moved back by a count of years or months (the anniversary's day to the event's)."""
    if span is None or span.start is None or span.end is None:
        return None
    n, unit = count
    months = n * (12 if unit == "Y" else 1)

    def back(value: str) -> str:
        d = date.fromisoformat(value)
        y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
        return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1])).isoformat()

    return TimeSpan(start=back(span.start), end=back(span.end), granularity=span.granularity, text=span.text)


_BE = frozenset({"be", "remain", "stay"})


def dates_noun(e: TimeExpression, trigger, span_tokens) -> bool:
    """Whether a "now" or "currently" of the clause dates the trigger: always a verb's; a
    noun's through a verb of being ("troops are now in Belarus") or one that has it as object
    ("now I had another meeting"), not through what the event did ("attacks by Ukraine have
    now made Crimea insecure": the attacks came before)."""
    if e.value != "PRESENT_REF" or trigger.pos_ in ("VERB", "AUX"):
        return True
    heads = {t.head for t in span_tokens}
    return any(h.lemma_.lower() in _BE or h.i == trigger.i
               or (trigger.head.i == h.i and trigger.dep_ in ("dobj", "attr", "oprd")) for h in heads)   # "had a meeting"


_LINE = re.compile(r"[^\n]+")
LEAD_LINES = 2   # the headline-less lead: the first lines (paragraphs) of the text
# an undated lead takes the first day named this far (characters) after it, when that day lies
# within a week before the reference (lead_time)
LEAD_AHEAD_REACH = 2000
LEAD_AHEAD_AGE = timedelta(days=7)


def context_spans(text: str, kept: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where to look for the dates that may date the kept sentences' events: the paragraphs
    (lines) holding them, the paragraph before each and the lead; merged, in text order. The
    extractor searches only these (the date rules cost more than anything else in its pass)."""
    if not kept:
        return []
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    wanted = set(range(min(LEAD_LINES, len(lines))))
    if lines and len(lines) > LEAD_LINES and min(kept)[0] < lines[LEAD_LINES - 1][1]:
        # a kept sentence of the lead may be dated by the story ahead (lead_time)
        reach = lines[LEAD_LINES - 1][1] + LEAD_AHEAD_REACH
        wanted.update(i for i, (start, _) in enumerate(lines) if start < reach)
    at = 0
    for start, end in sorted(kept):
        while at < len(lines) and lines[at][1] <= start:
            at += 1
        i = at
        while i < len(lines) and lines[i][0] < end:
            wanted.update((i - 1, i) if i > 0 else (i,))
            i += 1
    spans: list[tuple[int, int]] = []
    for i in sorted(wanted):
        start, end = lines[i]
        if spans and start <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    # a kept sentence outside every line (it cannot be, but the caller's offsets rule)
    for start, end in kept:
        if not any(s <= start and end <= e for s, e in spans):
            spans.append((start, end))
    return sorted(spans)


def lead_time(expressions: Sequence[TimeExpression], text: str, sentence: tuple[int, int],
              reference: date | None) -> TimeExpression | None:
    """The date of a lead that names none: news often opens undated ("Russia has denounced ...
    but said Putin and Biden had agreed to continue dialogue") and dates the story a few
    paragraphs on ("... earlier on Saturday"); annotators date the lead's events by it. Only
    for a sentence of the first LEAD_LINES paragraphs with no date before it, and only a day
    of the week before the reference (a later date further on is another event's)."""
    lo, hi = sentence
    if reference is None or sum(1 for m in _LINE.finditer(text, 0, lo) if m.group().strip() and m.end() < lo) >= LEAD_LINES:
        return None   # (lines as context_spans counts them: non-blank, wholly before the sentence)
    if any(e.end <= lo and _usable(e) and e.start_date is not None for e in expressions):
        return None
    for e in expressions:
        if e.start < hi:
            continue
        if e.start - hi > LEAD_AHEAD_REACH:
            break
        if not _usable(e) or e.start_date is None or e.granularity != "day" or _compared(text, e):
            continue
        if reference - LEAD_AHEAD_AGE <= e.start_date <= reference and e.end_date == e.start_date:
            return e
    return None


def context_time(expressions: Sequence[TimeExpression], text: str, sentence: tuple[int, int], at: int,
                 reference: date | None, *, skip: tuple[int, int] | None = None,
                 to_date: bool = False, exclude: Sequence[tuple[int, int]] = (),
                 story: bool = True, by_statement: bool = True, lead: bool = True) -> TimeExpression | None:
    """The time of an event at offset `at` in the sentence text[sentence[0]:sentence[1]] whose
    own clause names none: see the module docstring for the order. `expressions` are the
    article's (times.find_times over it, in text order); `skip` is the statement's date span
    ("said on Tuesday"), which dates the event only when nothing nearer does and the claim is
    not a total to date (`to_date`: "had transferred nearly 5 million shells", a figure as of
    the statement, which the register compares as such). `exclude` are spans whose dates are
    another event's (foreign_clauses); `story` False: the story's date is not this event's (a
    habit, states_habit; a condition, hypothetical; a thing still ahead, named_ahead; an event
    set off from the rest of its sentence by a span, offset_clause); `by_statement` False: nor
    is the statement's (what did not happen has no day of its denial); `lead` False: no date of
    the story ahead of an undated lead (lead_time) either."""
    lo, hi = sentence
    inside = [e for e in expressions if lo <= e.start and e.end <= hi
              and not (skip and e.start < skip[1] and e.end > skip[0]) and not record_since(text, e, at)
              and not any(e.start < x_hi and e.end > x_lo for x_lo, x_hi in exclude)]
    own = [e for e in inside if _usable(e) and not is_dateline(text, e) and not _compared(text, e)]
    own += [w for w in (past_window(e, reference) for e in inside) if w is not None]
    own += [w for w in (future_window(text, e, reference) for e in inside) if w is not None]
    # "now" and "today" in a sentence that names a period of history ("Today we should speak
    # of what happened during the Great Patriotic War") date the speaking, not the event
    strong = [e for e in own if e.value != "PRESENT_REF" and e.text.lower() not in ("today", "now")]
    if strong:
        return with_start(min(strong, key=lambda e: min(abs(e.start - at), abs(e.end - at))))
    history = [h for h in historical_periods(text, lo, hi, reference) if not record_since(text, h, at)
               and not any(h.start < x_hi and h.end > x_lo for x_lo, x_hi in exclude)]
    if history:
        return min(history, key=lambda e: abs(e.start - at))
    if own:
        return min(own, key=lambda e: min(abs(e.start - at), abs(e.end - at)))
    # a statement dated in its own sentence dates the event it reports when nothing nearer
    # does: an announcement of a plan ("announced on Wednesday that his country will
    # provide"), a toll given that day ("said on Saturday that 198 civilians had been killed
    # so far"); gold annotation takes the statement's day. The story's other dates are not
    # the event's.
    if skip is not None:
        if not by_statement:
            return None
        stated = [e for e in expressions if e.start < skip[1] and e.end > skip[0] and lo <= e.start and e.end <= hi
                  and _usable(e) and e.start_date is not None]
        return stated[0] if stated and not to_date else None
    if not story:
        return None
    year = None   # an undated article's headline year, unless a day or month of it comes before
    for e in reversed(expressions):
        if e.end > lo:
            continue
        if lo - e.end > STORY_REACH and reference is not None:
            break
        if not _usable(e) or e.start_date is None or _compared(text, e):
            continue
        if reference is None and e.granularity == "year":
            if "\n" not in text[:e.start] and text.startswith(":", e.end):
                year = year or e   # "1974: Birmingham pub blasts kill 19": the headline's year
            continue
        if e.granularity not in _POINT_GRANULARITIES and "-W" not in e.value:
            continue
        if reference is not None and e.start_date > reference:
            continue
        if reference is not None and e.start_date < reference - STORY_AGE:
            # a day of the past told before is the story's day as a recent day is: a narrative
            # of a past event goes on undated ("On the night of August 7-8 [2016], ... saboteurs
            # broke through ... Russian corporal Semyon Sychev was killed in an overnight
            # skirmish"), and gold dates the sequel by it; an old month or year is background
            # ("Russia annexed Crimea in 2014" does not date the next paragraph's attack)
            if e.granularity == "day" and e.end_date is not None and (e.end_date - e.start_date).days <= OLD_DAY_SPAN:
                return e
            continue
        # "BLOODY FRIDAY JULY 21, 1972 ... 1972: As the House will know": the day, within its year
        return year if year is not None and year.start_date.year != e.start_date.year else e
    if year is not None:
        return year
    # Else no window (lead_time aside): the publication (or statement) date is not the
    # event's (conventions: leave the time out), and the register dates such a fact by its
    # report ("reported" basis) without pretending it happened that day.
    return lead_time(expressions, text, sentence, reference) if lead else None


_LAST_WEEK = re.compile(r"(?:late\s+|early\s+)?last\s+week", re.I)


def week_just_ended(span: TimeSpan | None, reference: date | None) -> TimeSpan | None:
    """"Last week" told on a Sunday is the week that is just ending, Monday to Saturday (a
    Sunday paper's "Last week, Hezbollah fighters killed three Israeli soldiers": gold takes the
    days before, not the calendar week before the Sunday's own ISO week); other days keep the
    calendar week before."""
    if span is None or reference is None or reference.weekday() != 6 or not span.text \
            or not _LAST_WEEK.fullmatch(span.text.strip()) or span.start is None or span.end is None:
        return span
    if (date.fromisoformat(span.start), date.fromisoformat(span.end)) != (reference - timedelta(days=13),
                                                                          reference - timedelta(days=7)):
        return span
    return TimeSpan(start=(reference - timedelta(days=6)).isoformat(), end=(reference - timedelta(days=1)).isoformat(),
                    granularity=span.granularity, text=span.text)


def from_reference(span: TimeSpan | None, reference: date | None) -> TimeSpan | None:
    """A deadline that has not passed ("would be over by September", "tasked their troops with
    capturing the city by May 9", "by the end of the month") opens at the reference (the
    statement's day, else the article's): what is still to be done by then is done after it
    is spoken of. A window with a start, or a deadline already past, stays as it is."""
    if span is None or reference is None or span.start is not None or span.end is None:
        return span
    ref = reference.isoformat()
    if span.end < ref:
        return span
    return TimeSpan(start=ref, end=span.end, granularity=span.granularity, text=span.text)


def occurred_within(span: TimeSpan | None, reference: date | None) -> TimeSpan | None:
    """An event that occurred lies on or before the reference: a window that runs past it,
    or has no end ("from May 17"), ends there ("this year" → 1 January .. the reference)."""
    if span is None or reference is None or (span.end is None and span.start is None):
        return span
    ref = reference.isoformat()
    if span.end is None and span.start is not None and span.start <= ref:
        return TimeSpan(start=span.start, end=ref, granularity=span.granularity, text=span.text)
    if span.end is not None and span.end > ref and (span.start is None or span.start <= ref):
        return TimeSpan(start=span.start, end=ref, granularity=span.granularity, text=span.text)
    return span


def known_event_day(event: KnownEvent | None, word: str, lemma: str, reference: date | None) -> TimeSpan | None:
    """The day of a known event named by one of its event words and dated nowhere in its
    sentence ("The Kremlin wanted Russia's invasion of Ukraine to yield a lightning victory":
    24 February 2022, as gold dates it), when the article is written after it (before it, the
    invasion is a threat)."""
    if event is None or event.day is None or lemma.lower() not in event.opened_by \
            or reference is None or reference < event.day:
        return None
    return TimeSpan(start=event.day.isoformat(), end=event.day.isoformat(), granularity="day", text=word)


# how far before an event word (characters) another period named sets the story in it
# ("Mr Putin was in Volgograd to mark the anniversary of ... the Battle of Stalingrad ...
# Over a million people perished in the battle"): no war-to-date window there
OTHER_PERIOD_REACH = 1500


def war_to_date(text: str, at: int, reference: date | None) -> TimeSpan | None:
    """The window of a running total or an ongoing attack (a figure, or the perfect) that
    nothing in its sentence or story dates, in a story about a known war still going on
    ("28 journalists were killed in Ukraine" on 31 May 2022; "For 100 days, Russia has been
    continually and indiscriminately bombarding"): from the war's start to the report, as
    gold dates such totals (historical_periods.yaml: the period with parties and no end
    whose context the article gives). Not where another period is named shortly before
    (a story of the Second World War told on Victory Day)."""
    if reference is None:
        return None
    for start, context, others, name in _open_wars():
        if reference <= start or (context is not None and not context.search(text)):
            continue
        if others is not None and others.search(text[max(0, at - OTHER_PERIOD_REACH):at]):
            return None
        return TimeSpan(start=start.isoformat(), end=reference.isoformat(), granularity="unknown", text=name)
    return None


@lru_cache(maxsize=1)
def _open_wars() -> tuple[tuple[date, re.Pattern | None, re.Pattern | None, str], ...]:
    """The periods with parties and no end (wars still going on), each with its context words
    and the names of every other period, compiled once (war_to_date runs per claim)."""
    data = load_yaml("historical_periods.yaml").get("periods") or []
    out = []
    for entry in data:
        if not entry.get("parties") or entry.get("end") or not entry.get("start"):
            continue
        others = [n for other in data if other is not entry for n in other.get("names") or ()]
        pattern = re.compile(r"\b(?:" + _names_alternation(others) + r")\b", re.I) if others else None
        out.append((_date(entry["start"]), _context_pattern(entry.get("context")), pattern, entry["names"][0]))
    return tuple(out)
