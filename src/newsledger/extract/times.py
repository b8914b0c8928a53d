"""Date expressions → TimeML values and intervals against a reference date.

    find_times(text, reference) -> list[TimeExpression]

Why by hand: dateparser (and friends) parse a string that *is* a date, but they neither
find expressions inside running text with exact offsets, nor resolve the news-specific
relative forms ("two days later" = relative to the date just mentioned, "in April"
without a year, "earlier this year", "late 2023", quarters, "as of", "since").
Detection is a small regex grammar below; resolution is explicit calendar arithmetic.
Numeric dates are read by hand too (the day-first/month-first choice is ours, see below).

Conventions (documented here because downstream stages rely on them):

* value: TimeML TIMEX3 style — "2025-06-17", "2025-06", "2025", "2025-Q1", "2025-H1",
  "2025-W25", "2025-SU" (season), "199" (the 1990s), "19" (20th century),
  "PRESENT_REF" / "PAST_REF" / "FUTURE_REF"; "XXXX-06-17" when no reference is known;
  durations "P3Y", "PT24H", "PXY"; sets "P1Y", "XXXX-WXX-2".
* interval: start_date..end_date, inclusive. Month → first..last day, quarter, year,
  ISO week Monday..Sunday, season by meteorological months (northern hemisphere).
  Sub-intervals for modifiers, always inside the base period:
    year:  early = Jan–Apr, mid = May–Aug, late = Sep–Dec;
           start/beginning = January, end = December.
    month: early/start/beginning = 1–10, mid/middle = 11–20, late/end = 21–last.
    decade: early = years 0–3, mid = 4–6, late = 7–9.
  The value stays the base period's (TimeML keeps the modifier in `mod`).
* interval-changing prepositions are part of the span (TimeML would leave them out):
    "since X"            → X.start .. reference
    "as of / by / until / till / through / up to X" → None .. X.end
    "before / prior to X" → None .. day before X.start;  "after X" → day after X.end .. None
    "from X" (alone)      → X.start .. None;  "from X to/until Y", "between X and Y" → X.start .. Y.end
* PRESENT_REF ("now", "currently") → reference..reference; PAST_REF ("recently",
  "in recent years") → None..reference; FUTURE_REF ("in the coming months") → reference..None.
  Their granularity is "unknown". Weeks, halves, seasons, decades are "unknown" too
  (records.GRANULARITIES has no week/half/decade).
* Relative to the reference (statement date, else document date; anchor "statement"/"dct"):
  yesterday/today/tomorrow, this/last/next year|month|week|quarter, "N units ago",
  weekday names, and month/day names without a year.
* Relative to the date just mentioned (anchor "previous"; a running anchor is kept in
  text order, and every resolved date moves it): "two days later", "a week earlier",
  "the same day", "the next day", "that month", "the following year". Without an earlier
  date they fall back to the reference.
* Year of a month or day without a year ("on June 17", "in April"): the tense around the
  expression decides. Future cue ("will", "plans", "next"... anywhere earlier in the
  clause) → the next occurrence on or after the reference; past cue (a past-tense verb just
  before, or "since" earlier: "since invading Ukraine on Feb 24") → the latest occurrence on
  or before the reference; a month without a cue → the reference year unless the month is
  more than one month after the reference month, then the previous year (news mostly
  reports the past, but "in July" in a June article is usually the coming July); a day
  without a cue, and any date after a deadline word ("by Jan. 14", "through August") → the
  occurrence nearest the reference.
* Weekdays: past/no cue → the nearest such day on or before the reference ("on Tuesday"
  in a Tuesday article is that day); a future cue ("will", "as early as") or a deadline
  ("by Monday") → the first one on or after it; "next" → the first one after it;
  "last Tuesday" → the latest one strictly before the reference.
* Parts of day ("Friday night") stay in the span but not in the value (day precision).
* "a year ago/earlier" next to a named quarter ("third-quarter profit ... a year earlier")
  is that quarter a year before (business news); year-sized "ago/earlier/later" never move
  the running anchor (they are comparisons, not narrative steps).
* Ranges "from X to Y" / "between X and Y" become one expression, value "X/Y" (ISO 8601
  interval notation), mod "RANGE"; a year written once applies to both ends.
* Numeric dates: YYYY-MM-DD; DD.MM.YYYY is day-first (European/news-agency usage);
  MM/DD/YYYY is month-first (US) unless the first number is > 12.
* Bare four-digit numbers are years only in date-like context (after a preposition or
  month name, "the 1993 period", before punctuation); "2,024" and "2024 soldiers" are not.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from newsledger.records import TimeSpan

__all__ = ["TimeExpression", "find_times", "resolve_sentence_times", "stage_rows"]


@dataclass
class TimeExpression:
    start: int
    end: int
    text: str
    value: str
    start_date: date | None
    end_date: date | None
    granularity: str          # day | month | quarter | year | unknown
    type: str = "DATE"        # DATE | DURATION | SET | TIME
    anchor: str | None = None  # None (absolute) | "dct" | "statement" | "previous"
    mod: str | None = None    # TimeML-ish: START MID END SINCE AS_OF BEFORE AFTER FROM RANGE

    def to_timespan(self) -> TimeSpan:
        return TimeSpan(start=self.start_date.isoformat() if self.start_date else None,
                        end=self.end_date.isoformat() if self.end_date else None,
                        granularity=self.granularity, text=self.text)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "value": self.value,
                "start_date": self.start_date.isoformat() if self.start_date else None,
                "end_date": self.end_date.isoformat() if self.end_date else None,
                "granularity": self.granularity, "type": self.type, "anchor": self.anchor,
                "mod": self.mod}


# ----------------------------------------------------------------- calendar helpers
# (language-level vocabulary, not domain knowledge, so it lives here)

MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6,
          "july": 7, "august": 8, "september": 9, "october": 10, "november": 11,
          "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
          "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6, "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3,
            "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
           "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
           "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
           "hundred": 100, "a couple of": 2, "couple of": 2, "a dozen": 12, "dozen": 12,
           "half a": 0.5, "a half": 0.5}
VAGUE_NUMBERS = {"a few", "few", "several", "some", "many", "a number of", "the past few",
                 "numerous"}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
            "4th": 4, "final": 4, "last": 4}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6,
                "seventies": 7, "eighties": 8, "nineties": 9}
UNIT_CODES = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "DE",
              "quarter": "Q", "century": "CE", "hour": "H", "minute": "MIN", "weekend": "WE"}
SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9),
           "winter": ("WI", 12)}
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
GRAN_ORDER = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}

# A word (or digit) that every expression the rules below can find holds: a sentence without
# one holds no date, so the claim extractor leaves it out of the text it searches (the ~40
# rules cost more than anything else in its pass). tests/test_times.py checks the promise on
# every expression found in its corpora.
_TIME_HINT_WORDS = sorted({
    *MONTHS, *WEEKDAYS, *DECADE_WORDS, *SEASONS, *PARTS_OF_DAY, *UNIT_CODES,
    "days", "weeks", "months", "years", "decades", "quarters", "centuries", "hours", "minutes",
    "weekends", "nights", "mornings", "evenings", "period", "periods", "yesterday", "today",
    "tomorrow", "tonight", "now", "currently", "present", "presently", "moment", "nowadays",
    "recently", "lately", "past", "recent", "future", "coming", "ahead", "come", "once",
    "annually", "yearly", "daily", "weekly", "monthly", "quarterly", "nightly", "hourly",
    "noon", "midnight", "fiscal", "current", "soon", "thanksgiving", "christmas", "eve", "nineteen", "term",
    "midday", "quarters", "fy", "q1", "q2", "q3", "q4", "h1", "h2", "half", "halves", "time",
}, key=len, reverse=True)
TIME_HINT = re.compile(r"\d|\b(?:" + "|".join(map(re.escape, _TIME_HINT_WORDS)) + r")\b", re.I)

_NUM_WORD = ("(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
             "(?:one|two|three|four|five|six|seven|eight|nine)")
NUM = (r"(?:\d+(?:\.\d+)?|" + _NUM_WORD + r"|a couple of|couple of|a dozen|half a|a few|"
       r"a number of|several|some|many|numerous|few|an|a|one|two|three|four|five|six|seven|"
       r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
       r"nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)")
UNIT = r"(?:day|week|month|year|decade|quarter|century|hour|minute)"
MONTH = (r"(?-i:January|February|March|April|May|June|July|August|September|October|November|"
         r"December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|"
         r"Nov\.?|Dec\.?)(?![\w])")
WEEKDAY = (r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon\.|Tue\.|Tues\.|"
           r"Wed\.|Thu\.|Thur\.|Thurs\.|Fri\.|Sat\.|Sun\.)(?:'s)?")
YEAR = r"(?<![\d,.$£€#])(?:1[89]\d\d|20\d\d)(?![\d]|,\d|\.\d|%|s\b|-\d)"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
PHASE = (r"(?:(?:the\s+)?(?:very\s+)?(?:early|earlier|mid|late|later)(?:\s*-\s*|\s+(?:in\s+)?)|"
         r"(?:the\s+)?(?:beginning|start|middle|end|close|first\s+days|last\s+days)\s+of\s+"
         r"(?:the\s+)?)")


def _month_num(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _num(token: str) -> float | None:
    t = " ".join(token.lower().replace("-", " ").split())
    if t in VAGUE_NUMBERS:
        return None
    if t in NUMBERS:
        return NUMBERS[t]
    if re.fullmatch(r"\d+(?:\.\d+)?", t):
        return float(t)
    parts = t.split()
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]]
    return None


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _add_months(d: date, n: int) -> date:
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    m += 1
    return date(y, m, min(d.day, _last_day(y, m)))


def _shift(d: date, n: float, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=round(n))
    if unit == "week":
        return d + timedelta(days=round(7 * n))
    if unit == "month":
        return _add_months(d, round(n))
    if unit == "quarter":
        return _add_months(d, round(3 * n))
    if unit == "year":
        return _add_months(d, round(12 * n))
    if unit == "decade":
        return _add_months(d, round(120 * n))
    if unit == "century":
        return _add_months(d, round(1200 * n))
    return d


Resolved = tuple[str, date | None, date | None, str]   # value, start, end, granularity


def _day(d: date) -> Resolved:
    return d.isoformat(), d, d, "day"


def _month(y: int, m: int) -> Resolved:
    return f"{y:04d}-{m:02d}", date(y, m, 1), date(y, m, _last_day(y, m)), "month"


def _year(y: int) -> Resolved:
    return f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year"


def _quarter(y: int, q: int) -> Resolved:
    m = 3 * (q - 1) + 1
    return f"{y:04d}-Q{q}", date(y, m, 1), date(y, m + 2, _last_day(y, m + 2)), "quarter"


def _half(y: int, h: int) -> Resolved:
    return (f"{y:04d}-H{h}", date(y, 1 if h == 1 else 7, 1),
            date(y, 6, 30) if h == 1 else date(y, 12, 31), "unknown")


def _week(d: date) -> Resolved:
    iso = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return f"{iso[0]:04d}-W{iso[1]:02d}", monday, monday + timedelta(days=6), "unknown"


def _weekend(d: date) -> Resolved:
    value, monday, _, _ = _week(d)
    return value + "-WE", monday + timedelta(days=5), monday + timedelta(days=6), "unknown"


def _season(y: int, name: str) -> Resolved:
    code, m = SEASONS[name]
    start = date(y, m, 1)
    end = _add_months(start, 3) - timedelta(days=1)
    return f"{y:04d}-{code}", start, end, "unknown"


def _decade(first_year: int) -> Resolved:
    return f"{first_year // 10:03d}", date(first_year, 1, 1), date(first_year + 9, 12, 31), "unknown"


def _unit_period(d: date, unit: str) -> Resolved:
    """The period of the given unit that contains d."""
    if unit == "day":
        return _day(d)
    if unit == "week":
        return _week(d)
    if unit == "month":
        return _month(d.year, d.month)
    if unit == "quarter":
        return _quarter(d.year, (d.month - 1) // 3 + 1)
    if unit == "decade":
        return _decade(d.year - d.year % 10)
    return _year(d.year)


def _gran_unit(granularity: str, value: str) -> str:
    if granularity in GRAN_ORDER:
        return granularity
    if "-W" in value:
        return "week"
    return "year"


def _narrow(res: Resolved, phase: str) -> tuple[Resolved, str]:
    """Sub-interval for early/mid/late/start/end of a year, month or decade."""
    value, start, end, gran = res
    p = phase.lower()
    if any(w in p for w in ("beginning", "start", "first days")):
        kind, mod = "start", "START"
    elif "end" in p or "close" in p or "last days" in p:
        kind, mod = "end", "END"
    elif "early" in p or "earlier" in p:
        kind, mod = "early", "START"
    elif "mid" in p or "middle" in p:
        kind, mod = "mid", "MID"
    else:
        kind, mod = "late", "END"
    if start is None or end is None:
        return res, mod
    if gran == "year":
        y = start.year
        ranges = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "start": (1, 1), "end": (12, 12)}
        a, b = ranges[kind]
        return (value, date(y, a, 1), date(y, b, _last_day(y, b)), gran), mod
    if gran == "month":
        y, m = start.year, start.month
        ranges = {"early": (1, 10), "start": (1, 10), "mid": (11, 20), "late": (21, 31), "end": (21, 31)}
        a, b = ranges[kind]
        return (value, date(y, m, a), date(y, m, min(b, _last_day(y, m))), gran), mod
    if len(value) == 3 and value.isdigit():   # decade
        y = start.year
        ranges = {"early": (0, 3), "start": (0, 3), "mid": (4, 6), "late": (7, 9), "end": (7, 9)}
        a, b = ranges[kind]
        return (value, date(y + a, 1, 1), date(y + b, 12, 31), gran), mod
    return res, mod


# ----------------------------------------------------------------- tense cues

_FUTURE_WORDS = frozenset(
    "will shall would next upcoming forthcoming scheduled payable effective expire expires "
    "expiring deadline due tomorrow coming planning soon".split())
# "X to <date>": a plan or an obligation ("plans to", "is to resume", "set to")
_TO_FUTURE = frozenset("plans plan planning planned going set expected due scheduled intends "
                       "intend aims wants hopes is are am agreed promised vowed decided ready "
                       "slated likely".split())
_FOR_FUTURE = frozenset("planned scheduled set slated due expected".split())
_PAST_WORDS = frozenset(
    "said says told met sent took made went came began gave held was were had did saw left "
    "struck fought hit shot won lost fell rose spoke wrote brought bought sold paid led kept "
    "ran found got put became broke chose drew flew grew knew meant overtook read "
    "sought stood thought threw understood wore ago earlier previously has have".split())
_NOT_PAST_ED = frozenset("need seed speed feed bed red shed breed deed embed proceed exceed "
                         "succeed indeed weed hundred scheduled expected planned".split())
_REPORTING = frozenset("said says told added reported announced stated noted".split())
# words that open another clause: its tense is not the date's ("countries, where the Aug. 7
# blasts killed 257": not "would" before "where"; "in early September that he would urge")
_CLAUSE_OPENERS = frozenset("where that which who whom whose".split())
_AUX_PASSIVE = frozenset("be been being is are am to will would".split())
_DEADLINE = frozenset("by until till through to".split())
_WORD = re.compile(r"[A-Za-z']+")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(0, start - 300)
    left = text[lo:start]
    cut = max(left.rfind(". "), left.rfind("\n"), left.rfind("! "), left.rfind("? "))
    s = lo + cut + 1 if cut >= 0 else lo
    right = text[end:end + 300]
    m = re.search(r"[.!?](?:\s|$)|\n", right)
    e = end + (m.start() if m else len(right))
    return s, e


def _is_past_word(w: str) -> bool:
    return w in _PAST_WORDS or (w.endswith("ed") and len(w) > 4 and w not in _NOT_PAST_ED)


_DETERMINERS = frozenset("the a an his her its their our your my this that these those".split())


@lru_cache(maxsize=1)
def _present_ahead() -> frozenset[str]:
    from newsledger.knowledge import load_yaml   # knowledge/tense_cues.yaml
    return frozenset(w.lower() for w in load_yaml("tense_cues.yaml")["present_ahead"])


def _scan(words: list[str], deadline: bool) -> str | None:
    """Nearest cue first. `words` is ordered nearest → farthest."""
    for i, w in enumerate(words):
        farther = words[i + 1] if i + 1 < len(words) else ""
        if w in _CLAUSE_OPENERS and i >= 1:
            return None
        if w in _REPORTING and i >= 4:
            # "'... we'll be inclined,' Trump told Starmer during the visit on Feb. 27": the
            # words before a report are the quote's, not the date's (and what it reports may
            # lie ahead: "said it is calling for the redemption on Dec. 7")
            return None
        if w in _FUTURE_WORDS or w.endswith("'ll") or (w == "be" and farther == "to") \
                or (w == "to" and farther in _TO_FUTURE) or (w == "for" and farther in _FOR_FUTURE):
            return "future"
        if w == "since" and not deadline:
            return "past"     # "since invading Ukraine on Feb 24": what a span runs from is past
        if i >= 4:
            continue          # past cues count only close by; future auxiliaries reach further
        if i < 3 and w in _present_ahead() and not deadline and farther not in _DETERMINERS:
            return "future"   # "Arafat meet separately Monday": a schedule told in the present
        if w in ("was", "were", "had", "did", "ago", "earlier", "previously"):
            return "past"
        if _is_past_word(w):
            if farther in _AUX_PASSIVE or deadline:
                continue      # "will be held", "is to be signed", "extended to": not the tense
            return "past"
    return None


_CLOCK_BEFORE = re.compile(r"(?:\b\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?|\bnoon|\bmidnight)(?:\s+(?:EST|EDT|CST|PST|GMT|local\s+time))?,?\s+$", re.I)


def _tense(text: str, start: int, end: int) -> str | None:
    """'future', 'past' or None from cheap cues around the expression, nearest first (no
    parser: this runs on every expression and must stay fast; nearest cues decide most
    news phrasing: "said on Tuesday it will" is past, "will be held on Tuesday" future)."""
    clock = _CLOCK_BEFORE.search(text, max(0, start - 24), start)
    if clock:
        start = clock.start()   # "until 9 a.m. Tuesday": the words before the clock time count
    s, e = _sentence_bounds(text, start, end)
    # a future auxiliary governs its whole clause ("will hold talks in ... with ... on Thursday")
    before = [w.lower() for w in _WORD.findall(text[s:start])[-24:]][::-1]
    after = [w.lower() for w in _WORD.findall(text[end:e])[:6]]
    prep = before[0] if before else ""
    if prep == "since":
        return "past"
    if re.search(r"\bas\s+(?:early|soon)\s+as\s+$", text[max(0, start - 16):start], re.I):
        return "future"   # "as early as Tuesday": the earliest a thing can still happen
    # "by August", "until March", "extended to Nov. 20" (not "in contrast to")
    deadline = prep in _DEADLINE and (prep != "to" or (len(before) > 1 and before[1].endswith("ed")))
    found = _scan(before, deadline)
    if found is None:
        # after the expression the order is reversed: "Tuesday was canceled", "X will"
        for i, w in enumerate(after):
            if w in _REPORTING or w in _CLAUSE_OPENERS:
                break     # "..., the company said": the tense of the report, not of the date
            if w in _FUTURE_WORDS or w.endswith("'ll") or (w == "to" and i and after[i - 1] in _TO_FUTURE):
                found = "future"
                break
            if w in ("was", "were", "had", "did", "has", "have") or (_is_past_word(w) and not deadline):
                found = "past"
                break
    if found is None and deadline:
        return "deadline"   # "by August", "until March": usually ahead, sometimes just past
    return found


# ----------------------------------------------------------------- grammar

@dataclass
class _Cand:
    start: int
    end: int
    kind: str
    data: dict[str, Any]
    priority: int = 0


@dataclass
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    check: Callable[[re.Match[str], str], bool] | None = None
    priority: int = 0
    needs: re.Pattern[str] | None = None   # a necessary part of any match, searched first


def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags | re.VERBOSE)


_I = re.IGNORECASE
_YEAR_PREP = re.compile(
    r"(?:\b(?:in|since|by|of|until|till|through|thru|from|to|during|before|after|between|and|"
    r"or|early|late|mid|fiscal|year|years|for|as\s+of|around|about|circa|with|than|versus|vs\.?|"
    r"against|throughout|at|on|over|spring|summer|autumn|fall|winter|end|beginning|start|due|both|"
    r"half|quarter|Q[1-4]|H[12]|the|its|this|that|'s|a|his|her|their|mid-)|[-–(/,]|\bc\.)\s*$", _I)
_MODAL_CTX = re.compile(r"\b(?:in|since|by|of|until|till|through|from|to|during|before|after|"
                        r"between|and|or|early|late|mid|last|next|this|that|on|until|each|"
                        r"every|end|beginning|start|middle|since|as\s+of|around|throughout|"
                        r"for)\s*-?\s*$", _I)


def _year_ok(m: re.Match[str], text: str) -> bool:
    before = text[max(0, m.start() - 25):m.start()]
    after = text[m.end():m.end() + 12]
    if _YEAR_PREP.search(before):
        # "the 2024 soldiers": after "the"/"its" demand a period-like noun or punctuation
        if re.search(r"\b(?:the|its|this|that|'s|a|his|her|their)\s*$", before, _I):
            # a singular noun or a name after it: a year ("the 1996 campaign", "a 1996
            # law", "the 1959 trade embargo"); a plural noun: a count ("the 2024 soldiers")
            if re.match(r"\s+(?:[A-Z][a-z]+|[a-z]+(?<!s))\b(?![-'])", after) and not re.match(r"\s+(?:of|to|and|or|in|on|at|for|by|with|percent|per)\b", after):
                return True
            return bool(re.match(r"\s*(?:[.,;:)!?]|$|(?:period|quarter|year|season|"
                                 r"election|fiscal|budget|level|figure|results?|campaign|"
                                 r"elections|earnings|census|war|crisis|games|olympics|"
                                 r"summit|deal|agreement|accord|law|act|report|plan|"
                                 r"first|second|third|fourth)\b)", after, _I))
        return True
    # bare year closing a clause: "compared with 1993." / "(2019)"
    return bool(re.match(r"\s*(?:[.;:)!?]|,\s|$|-\s|–)", after)) and not re.search(
        r"(?:No\.|#|number|\$)\s*$", before, _I)


def _month_alone_ok(m: re.Match[str], text: str) -> bool:
    """'May' / 'March' alone are a modal verb, a name, a noun or verb unless a preposition
    or modifier introduces them; other month names alone only need a capital letter."""
    word = m.group("month")
    if not word[0].isupper():
        return False
    if m.groupdict().get("pre") and len(word.rstrip(".")) > 3:
        return True   # "last November", "next March": the modifier makes it a month
    low = word.lower().rstrip(".")
    before = text[max(0, m.start() - 20):m.start()]
    if len(low) <= 4 and low not in ("may", "june", "july"):
        # "Jan", "Dec" alone are names far more often than months
        return word.endswith(".") and bool(_MODAL_CTX.search(before))
    if low in ("may", "march"):
        return bool(_MODAL_CTX.search(before)) or bool(m.groupdict().get("pre"))
    # "Theresa May"-like: a capitalised word right before (not sentence start) → name
    if re.search(r"[A-Z][a-z]+\s+$", before) and not _MODAL_CTX.search(before):
        return False
    return True


@lru_cache(maxsize=1)
def _dated_name() -> re.Pattern[str]:
    from newsledger.knowledge import load_yaml   # knowledge/dated_names.yaml
    data = load_yaml("dated_names.yaml")
    try:
        heads = "|".join(map(re.escape, data["heads"]))
        phrases = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in data.get("phrases") or ())
    except (KeyError, TypeError) as exc:
        raise ValueError(f"knowledge/dated_names.yaml: {exc!r}") from None
    name = rf"(?:\s+[A-Z][\w'’-]*){{0,4}}\s+(?:{heads})\b"
    return re.compile(rf"{name}|\s+(?i:{phrases})\b" if phrases else name)


def _not_in_name(m: re.Match[str], text: str) -> bool:
    """A month and day without a year that open a name ("the February 8 Vinalon Complex",
    knowledge/dated_names.yaml) are no date."""
    if m.groupdict().get("year") or m.groupdict().get("relyear") or m.groupdict().get("wd"):
        return True
    return not _dated_name().match(text, m.end())


# What some costly rules cannot match without: a part every match of theirs contains. Most
# rules begin with optional phrases ('the early', 'last') that the regex engine tries at every
# position of the text, so a text without a month name, say, skips the five month rules after
# one cheap search (once per text, shared by the rules that need the same part).
_HAS_MONTH = _rx(MONTH)
_HAS_WEEKDAY = _rx(WEEKDAY)
_HAS_YEAR = _rx(YEAR, _I)
# the unit rules' units (year ... century, weekend) as a word after a space or hyphen, as
# those rules write them (not the "day" of "today", "Monday", "holiday": each such hit
# would start a search)
_HAS_UNIT_WORD = _rx(r"(?<=[-\s])" + UNIT, _I)
_HAS_SEASON = _rx(r"spring|summer|fall|autumn|winter", _I)
_HAS_DECADE = _rx(r"\d0'?s|(?:twen|thir|for|fif|six|seven|eigh|nine)ties", _I)   # 1990s, '90s, twenties (not "parties")
_HAS_QUARTER = _rx(r"quarter", _I)

RULES: list[_Rule] = [
    # numeric dates
    _Rule("iso", _rx(r"(?<![\d.\-/])(?P<y>1[89]\d\d|20\d\d)[-/](?P<m>[01]?\d)[-/](?P<d>[0-3]?\d)(?![\d])")),
    _Rule("dotted", _rx(r"(?<![\d.,])(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>1[89]\d\d|20\d\d)(?![\d]|\.\d)")),
    _Rule("slash", _rx(r"(?<![\d/.,])(?P<m>[0-3]?\d)/(?P<d>[0-3]?\d)/(?P<y>1[89]\d\d|20\d\d|\d\d)(?![\d/])")),
    # Tuesday, June 17, 2025 / June 17th 2025 / Jun. 17
    _Rule("mdy", _rx(
        rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:(?P<phase>{PHASE}))?(?P<month>{MONTH})\s+(?P<day>{DAYNUM})"
        rf"(?:(?:,\s*|\s+|\s+of\s+)(?P<year>{YEAR})|\s+(?:of\s+)?(?P<relyear>this|last|next)\s+year)?", _I),
          check=_not_in_name, needs=_HAS_MONTH),
    # 17 June 2025 / the 17th of June / Tuesday 17 June
    _Rule("dmy", _rx(
        rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?<!\d)(?P<day>{DAYNUM})(?:\s+of)?\s+(?P<month>{MONTH})"
        rf"(?:,?\s+(?P<year>{YEAR})|\s+(?:of\s+)?(?P<relyear>this|last|next)\s+year)?", _I), needs=_HAS_MONTH),
    # October 2024 / early October 2024 / October of 2024 / mid-October
    _Rule("my", _rx(rf"(?:(?P<phase>{PHASE}))?(?P<month>{MONTH})(?:,?\s+|\s+of\s+)(?P<year>{YEAR})"), needs=_HAS_MONTH),
    _Rule("my", _rx(rf"(?:(?P<phase>{PHASE}))?(?P<month>{MONTH})(?:\s+of)?\s+(?P<relyear>this|last|next)\s+year\b", _I), needs=_HAS_MONTH),
    _Rule("month", _rx(rf"(?:(?P<pre>(?:(?:last|next|this|past|coming)\s+))|(?P<phase>{PHASE}))?(?P<month>{MONTH})(?!\s*\d)"),
          check=_month_alone_ok, needs=_HAS_MONTH),
    # quarters and halves
    _Rule("quarter", _rx(
        rf"(?:the\s+)?(?:(?P<year3>{YEAR})\s+|(?P<pre>(?:comparable\s+)?(?:year-ago|year-earlier)|(?:next|last|this)\s+year's)\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)[-\s]+(?:fiscal\s+)?quarter"
        rf"(?:\s+of\s+(?:fiscal\s+)?(?P<year>{YEAR})|\s+of\s+(?P<rel>this|last|next|the\s+(?:current|previous|next)|the)\s+year|,?\s+(?P<year2>{YEAR}))?", _I), needs=_HAS_QUARTER),
    _Rule("quarter", _rx(rf"\b(?:(?P<q>Q[1-4])\s*(?:(?P<year>{YEAR})|'(?P<yy>\d\d))|(?P<year2>{YEAR})\s*(?P<q2>Q[1-4]))\b")),
    _Rule("quarter_rel", _rx(r"\b(?P<rel>this|last|next|the\s+(?:current|latest|past|previous|last|next|same|comparable|corresponding)?\s*(?:year-ago|year-earlier)|the\s+(?:current|latest|past|previous|last|next|same)|(?:the\s+)?year-(?:earlier|ago)|the)\s+(?:fiscal\s+)?(?:quarter|period)\b(?:\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year))?", _I),
          check=lambda m, t: not m.group(0).lower().endswith("period") or "year" in m.group(0).lower() or "latest" in m.group(0).lower()),
    _Rule("quarter_rel", _rx(r"\b(?:the\s+)?(?P<rel>(?:same|corresponding|comparable|year-ago|year-earlier)\s+(?:quarter|period|year-ago\s+quarter)\s+(?:a\s+year\s+(?:ago|earlier)|last\s+year)|last\s+year's\s+(?:quarter|period)|(?:comparable|corresponding)\s+year-(?:ago|earlier)\s+(?:quarter|period))", _I)),
    _Rule("year_period", _rx(rf"\bthe\s+(?P<year>{YEAR})\s+(?:period|quarter)\b", _I)),
    _Rule("half", _rx(
        rf"(?:the\s+)?(?P<ord>first|second|latter|last|1st|2nd)\s+half(?:\s+of\s+(?:(?P<year>{YEAR})|(?P<rel>this|last|next|the)\s+year))?", _I)),
    _Rule("half", _rx(rf"\b(?P<h>H[12])\s*(?P<year>{YEAR})")),
    # seasons
    _Rule("season", _rx(rf"(?:(?P<rel>last|this|next|this\s+past|the\s+coming|early|late)\s+)?(?:the\s+)?(?P<season>spring|summer|fall|autumn|winter)(?:\s+(?:of\s+)?(?P<year>{YEAR}))?\b", _I),
          check=lambda m, t: bool(m.group("rel") or m.group("year") or re.search(r"\b(?:this|the|in|during|over|by|until)\s*$", t[max(0, m.start() - 12):m.start()], re.I)), needs=_HAS_SEASON),
    # decades and centuries
    _Rule("decade", _rx(rf"(?:(?P<phase>{PHASE}))?(?:the\s+)?(?:(?P<full>(?:1[89]|20)\d0)'?s|'(?P<short>\d0)s|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b", _I),
          check=lambda m, t: bool(m.group("full") or m.group("short") or re.search(r"\bthe\s+(?:early\s+|late\s+|mid-?)?$", t[max(0, m.start() - 15):m.end()][: m.start() - max(0, m.start() - 15) + (len(m.group("phase") or ""))], re.I) or "the" in m.group(0).lower()), needs=_HAS_DECADE),
    _Rule("century", _rx(r"(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century\b", _I)),
    # years: 2024, early 2024, mid-2024, the end of 2024, fiscal 2024
    _Rule("year", _rx(rf"(?:(?P<phase>{PHASE}))?(?:(?P<fiscal>fiscal(?:\s+year)?|FY)\s*)?(?P<year>{YEAR})", re.I), check=_year_ok, needs=_HAS_YEAR),
    # holidays with a fixed or computable date; spelled-out years of broadcast transcripts
    _Rule("holiday", _rx(r"(?:(?P<rel>last|next|this|this\s+past|this\s+coming)\s+)?\b(?P<name>Thanksgiving(?:\s+Day)?|Christmas(?:\s+(?:Day|Eve))?|New\s+Year's\s+(?:Day|Eve)|Election\s+Day)(?!\s+(?:holiday|weekend|season|shopping|sales))\b")),
    _Rule("spelled_year", _rx(r"\b(?:the\s+year\s+)?(?P<c>nineteen|twenty)[-\s]+(?P<yy>(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine)\b)?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b"
                                 r"|\bthe\s+year\s+(?P<k>two\s+thousand)\b", _I),
          check=lambda m, t: not re.match(r"[-\s]+(?:hundred|thousand|million|percent|people|year|years|dollars|soldiers)\b", t[m.end():m.end() + 12], re.I)),
    # year-end; the full / fiscal year; year-ago and year-earlier (figures of a year before)
    _Rule("year_end", _rx(r"\b(?P<w>year[-\s]end|year's\s+end)\b", _I)),
    _Rule("rel_unit", _rx(r"\bthe\s+(?P<rel>full|fiscal|full\s+fiscal|current\s+fiscal)\s+(?P<unit>year)\b(?!\s+(?:ended|ending|earlier|ago|before))", _I)),
    _Rule("quarter_rel", _rx(r"\b(?P<rel>year-ago|year-earlier)\b(?=\s+(?!quarter|period)[a-z])", _I)),
    _Rule("future_ref", _rx(r"\b(?P<w>the\s+(?:near|short)\s+term|(?:coming|future)\s+quarters)\b", _I)),
    # deictic days
    _Rule("deictic", _rx(r"\b(?P<w>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday|today|tomorrow|tonight|last\s+night)(?:'s)?(?:\s+(?P<part>morning|afternoon|evening|night))?\b", _I)),
    _Rule("deictic", _rx(r"\b(?P<w>this)\s+(?P<part>morning|afternoon|evening)\b", _I)),
    # weekdays: last Tuesday / on Friday night / next Monday
    _Rule("weekday", _rx(rf"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|early|late)\s+)?(?P<wd>{WEEKDAY})(?:\s+(?P<part>morning|afternoon|evening|night))?(?!\s*,?\s*{MONTH})", _I),
          check=lambda m, t: m.group("wd")[0].isupper(), needs=_HAS_WEEKDAY),
    # this year / last month / next week / earlier this year / later this month / the end of the year
    _Rule("rel_unit", _rx(
        rf"(?:(?P<phase>{PHASE}|earlier\s+|later\s+))?(?P<rel>this|last|next|the\s+current|the\s+coming|this\s+past|the\s+past|the\s+previous|the\s+following|the\s+same|that|the)\s+(?P<unit>year|month|week|weekend|quarter|decade|century)\b(?!-)", _I),
          check=lambda m, t: _rel_unit_ok(m, t), needs=_HAS_UNIT_WORD),
    # N units ago / N units from now
    _Rule("ago", _rx(rf"\b(?P<n>{NUM})(?:\s+and\s+a\s+half)?[-\s]+(?P<unit>{UNIT})s?\s+(?P<dir>ago|from\s+now|hence)\b", _I), needs=_HAS_UNIT_WORD),
    _Rule("ago", _rx(r"\b(?P<n>)(?P<unit>day|week|month|year|decade)s\s+(?P<dir>ago)\b", _I)),
    # N units later / earlier (relative to the date just mentioned)
    _Rule("later", _rx(rf"\b(?P<n>{NUM})[-\s]+(?P<unit>{UNIT})s?\s+(?P<dir>later|earlier|afterwards?|before\s+that|after\s+that|prior)\b", _I), needs=_HAS_UNIT_WORD),
    # the same day / the next day / the following week / the day before / that day
    _Rule("anaphor", _rx(r"\b(?P<rel>the\s+same|that\s+same|that|the\s+next|the\s+following|the\s+previous|the\s+preceding|the\s+prior)\s+(?P<unit>day|week|month|year|morning|afternoon|evening|night|weekend)\b", _I),
          check=lambda m, t: m.group("rel").lower() != "that" or m.group("unit").lower() in ("day", "morning", "night", "evening", "afternoon") or not re.match(r"\s+(?:to|for|of|when|in\s+which)\b", t[m.end():m.end() + 12])),
    _Rule("anaphor", _rx(r"\bthe\s+(?P<unit>day|week|month|year|night)\s+(?P<rel>before|after)\b(?!\s+(?:the|a|an|his|her|their|its)\b)(?!\s+[A-Za-z])", _I)),
    # PRESENT/PAST/FUTURE_REF
    _Rule("ref", _rx(r"\b(?P<w>now|currently|at\s+present|presently|at\s+the\s+moment|nowadays|these\s+days|right\s+now|at\s+this\s+time|so\s+far\s+this\s+year)\b", _I),
          check=lambda m, t: m.group("w").lower() != "now" or not (
              re.match(r"\s*on\b", t[m.end():m.end() + 6], re.I)      # "from now on": a span
              or (m.group("w") == "Now" and t[m.end():m.end() + 1] == ","))),  # "Now, he says": discourse
    # "current" and "recent" as adjectives of time ("current market conditions", "the recent
    # sale"), "soon"; TimeML annotates them, as it does "now"
    _Rule("ref", _rx(r"\b(?P<w>current|currently)\b(?!\s+(?:account|affairs|events|assets|liabilities|price|prices|dollars|year|quarter|month|week|period|fiscal))", _I),
          check=lambda m, t: m.group("w").lower() == "current" and not re.search(r"\b(?:electric|alternating|direct)\s*$", t[max(0, m.start() - 14):m.start()], re.I)),
    _Rule("past_ref", _rx(r"\b(?P<w>recent)\b(?!\s+(?:years|months|weeks|days|decades|times|history|quarters))", _I)),
    _Rule("future_ref", _rx(r"\b(?P<w>soon)\b(?!\s+(?:as|after|before|afterwards?|thereafter|to\s+be\b))", _I),
          check=lambda m, t: not re.search(r"\b(?:as|how|too|so)\s*$", t[max(0, m.start() - 6):m.start()], re.I)),
    _Rule("past_ref", _rx(r"\b(?P<w>recently|lately|in\s+the\s+past|the\s+past|in\s+recent\s+(?:years|months|weeks|days|decades|times)|recent\s+(?:years|months|weeks|days|decades)|in\s+years\s+past|once\s+upon\s+a\s+time)\b", _I),
          check=lambda m, t: not re.match(r"\s+(?:\d|few|several|couple|dozen|many|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|year|month|week|day|decade|century|quarter)", t[m.end():m.end() + 12], re.I)),
    _Rule("future_ref", _rx(r"\b(?P<w>in\s+the\s+(?:near\s+|distant\s+)?future|the\s+(?:near\s+)?future|in\s+the\s+(?:coming|next|months\s+and)\s+(?:days|weeks|months|years|decades)(?:\s+and\s+(?:weeks|months|years))?|in\s+(?:the\s+)?coming\s+(?:days|weeks|months|years)|in\s+the\s+years\s+to\s+come|in\s+the\s+months\s+ahead|in\s+the\s+(?:days|weeks|months|years)\s+ahead)\b", _I)),
    # durations
    _Rule("duration", _rx(rf"(?:(?P<pre>(?:the\s+)?(?:past|last|next|previous|coming|first|final|following)\s+))?\b(?P<n>{NUM})(?P<half>\s+1/2|\s+and\s+a\s+half)?(?:\s+more)?[-\s]+(?P<unit>{UNIT})s?(?:\s+and\s+a\s+half)?(?:[-\s]+long)?\b(?![-\s]+old\b)", _I),
          check=lambda m, t: not (m.group("n").lower() in ("a", "an") and re.search(
              r"(?:\d|million|billion|percent|%|cents?|dollars?|hours|times|once|twice)\s*$", t[max(0, m.start() - 12):m.start()], re.I))
          and not (m.group("unit").lower() == "quarter" and (
              re.match(r"\s*of\b", t[m.end():m.end() + 5]) or "-" in m.group(0))) and not (m.group("n").lower() in ("a", "an") and re.match(r"\s*(?:a|an)\s+(?:day|week|month|year)\b", m.group(0), re.I) and re.search(r"\b(?:once|twice|times|per)\s*$", t[max(0, m.start() - 12):m.start()], re.I)), needs=_HAS_UNIT_WORD),
    _Rule("duration", _rx(r"(?:\bthe\s+(?:past|last)\s+)(?P<unit>year|month|week|decade|century)\b(?!\s*(?:'s|of))", _I)),
    _Rule("duration", _rx(r"\b(?:for|over|in|within)\s+(?P<unit>days|weeks|months|years|decades)\b", _I)),
    _Rule("duration", _rx(rf"\b(?P<n>\d+|{_NUM_WORD}|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|forty|forty-eight|seventy-two)[-\s]+(?P<unit>hour)s?\b", _I)),
    # sets
    # "each July": a set that beats the month inside it (sets otherwise yield to dates)
    _Rule("set_month", _rx(rf"\b(?:every|each)\s+(?P<month>{MONTH})", _I), needs=_HAS_MONTH),
    _Rule("set", _rx(rf"\b(?:every|each)\s+(?:(?P<n>other|two|three|four|five|six|\d+)\s+)?(?P<unit>day|week|month|year|quarter|morning|night|evening|{WEEKDAY})s?\b|\b(?P<adv>yearly|daily|weekly|monthly|nightly|hourly)\b|\b(?:a|per)\s+(?P<unit2>year|month|week|day)\b(?=)", _I),
          check=lambda m, t: not m.group("unit2") or bool(re.search(r"\b(?:once|twice|times)\s*$", t[max(0, m.start() - 25):m.start()], re.I))),
    # clock times
    _Rule("clock", _rx(r"(?<![\d.:])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)(?:\s*(?P<ap>[ap]\.?m\.?))?(?![\d:])|\b(?P<h2>1[0-2]|0?[1-9])(?::(?P<mi2>[0-5]\d))?\s*(?P<ap2>[ap]\.m\.|[ap]m)(?![\w])|(?<!high\s)(?<!High\s)\b(?P<noon>noon|midnight|midday)\b", _I)),
]

_REL_UNIT_BARE_THE = re.compile(r"\s*(?:[.,;:!?)]|$|\b(?:and|but|ended|earlier|before|as|when|while|is|was|has|had|to|ago|on|in|at)\b)", _I)


def _rel_unit_ok(m: re.Match[str], text: str) -> bool:
    rel = " ".join(m.group("rel").lower().split())
    unit = m.group("unit").lower()
    if m.group("unit")[0].isupper() and m.group("rel")[0].isupper() \
            and not re.search(r"(?:^|[.!?]\s+|\n\s*)$", text[max(0, m.start() - 3):m.start()]):
        return False   # "ABC News' \"This Week\"": a title in mid-sentence
    if rel in ("the past", "the previous", "the following", "the same", "that", "the"):
        if rel in ("the past",) and not m.group("phase"):
            return False  # "the past year" is a duration (handled there)
        if rel == "that" and unit in ("week", "weekend"):
            return False
        if rel == "the" and unit == "weekend" and not m.group("phase"):
            return bool(re.search(r"\b(?:over|during|on|at|for|through|throughout)\s*$",
                                  text[max(0, m.start() - 12):m.start()], re.I))
        if rel == "the" and not m.group("phase"):
            # "the year" alone only when it clearly means the current one ("during the year",
            # "earlier in the year"); never "the year of the dragon"
            before = text[max(0, m.start() - 20):m.start()]
            return (unit in ("year", "quarter", "month", "week") and bool(re.search(
                r"\b(?:during|for|in|through|throughout|within|of|over)\s*$", before, re.I))
                and bool(_REL_UNIT_BARE_THE.match(text[m.end():m.end() + 12])))
    return True


# ----------------------------------------------------------------- candidates

# How far before its necessary part (`_Rule.needs`) a match may begin: the longest openings
# the rules can write ("the following twenty-seven and a half more ", "the second half of
# the ") are under 50 characters with single spaces; the longest on news-bench is 24 ("the
# last two and a half years"). The rest is room for runs of whitespace.
NEEDS_LEAD = 80


def _matches(rule: _Rule, text: str) -> Iterator[re.Match[str]]:
    """`rule.pattern.finditer(text)`, searched only near the rule's necessary part. Every match
    contains a match of `needs`, so the next match starting at or after `pos` begins no
    earlier than NEEDS_LEAD characters before the next `needs` match at or after `pos`; the
    regex engine is started there instead of at every position in between (the rules'
    optional openings made it try each one: a fifth of ingest time on news-bench).
    `search(text, pos)` sees the text before `pos` as finditer does (lookbehinds, `^`)."""
    if rule.needs is None:
        yield from rule.pattern.finditer(text)
        return
    pos = 0
    while pos <= len(text):
        part = rule.needs.search(text, pos)
        if part is None:
            return
        m = rule.pattern.search(text, max(pos, part.start() - NEEDS_LEAD))
        if m is None:
            return
        yield m
        pos = m.end() if m.end() > m.start() else m.start() + 1


def _candidates(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    present: dict[re.Pattern[str], bool] = {}
    for rule in RULES:
        if rule.needs is not None:
            if rule.needs not in present:
                present[rule.needs] = rule.needs.search(text) is not None
            if not present[rule.needs]:
                continue
        for m in _matches(rule, text):
            if m.end() <= m.start():
                continue
            if rule.check is not None and not rule.check(m, text):
                continue
            data = {k: v for k, v in m.groupdict().items() if v is not None}
            out.append(_Cand(m.start(), m.end(), rule.kind, data, rule.priority))
    # DURATION and SET never beat a DATE reading of the same words ("two days later")
    typed = {"duration": 1, "set": 1, "clock": 1}
    out.sort(key=lambda c: (-(c.end - c.start) + (1000 if c.kind in typed else 0), c.start))
    chosen: list[_Cand] = []
    taken: list[tuple[int, int]] = []
    for c in out:
        if any(c.start < e and s < c.end for s, e in taken):
            continue
        chosen.append(c)
        taken.append((c.start, c.end))
    chosen.sort(key=lambda c: c.start)
    return chosen


# ----------------------------------------------------------------- resolution

# how far (characters) a date written with a past year ("in February 2022") still sets the
# year of the days and months written without one after it, until a date of the present
STORY_REACH = 2500

@dataclass
class _Ctx:
    text: str
    ref: date | None
    ref_kind: str
    prev: tuple[date, str] | None = None   # (anchor date, unit granularity)
    quarter: date | None = None   # the quarter the text is about (first day), once one is named
    story: tuple[int, tuple[int, int], int] | None = None   # a past year the text tells of:
    # (year, (month, day) it has reached, end offset of its last date)


# how far (days) a narrative of a past year may step back and still be that year's: a story
# told a little out of order ("Ukraine's March 22 counteroffensive which by April 3 had ended
# the Russian threat to Kyiv. March 29, the seventh round of talks was held") stays in its year;
# a day further back is not the story's
STORY_STEP_BACK = 14
RECENT_DAYS = 7


def _in_story_order(story: tuple[int, tuple[int, int], int], month: int, day: int, ref: date) -> bool:
    if (month, day) >= story[1]:
        return True
    year = story[0]
    try:
        back = (date(year, *story[1]) - date(year, month, min(day, _last_day(year, month)))).days
        recent = 0 <= (ref - date(ref.year, month, min(day, _last_day(ref.year, month)))).days <= RECENT_DAYS
    except ValueError:
        return False
    # a day of the week before the reference is the present's ("statements ... on February 24"
    # in an article of 25 February 2023, after a narrative of 2022's first weeks)
    return back <= STORY_STEP_BACK and not recent


def _pick_year(ctx: _Ctx, c: _Cand, month: int, day: int | None) -> int | None:
    """Year for a month/day written without one (see module docstring)."""
    ref = ctx.ref
    if ref is None:
        return None
    tense = _tense(ctx.text, c.start, c.end)
    if ctx.story is not None and day is not None and tense != "future" and c.start - ctx.story[2] <= STORY_REACH \
            and _in_story_order(ctx.story, month, day, ref):
        # a narrative of a past year ("Russia's February 2022 invasion ... talks were held
        # on Feb. 28. ... At the third round of talks on March 7"): its days are that year's,
        # told in order (an earlier day is not the story's). A bare month is not taken
        # ("the Jan. 1, 1959 victory ... perished in late November" is last November).
        ctx.story = (ctx.story[0], max((month, day), ctx.story[1]), c.end)
        return ctx.story[0]
    y = ref.year
    if day is not None:
        day = min(day, _last_day(y, month))
        cand = date(y, month, day)
        if tense == "future":
            return y if cand >= ref else y + 1
        if tense == "past":
            return y if cand <= ref else y - 1
        # no tense, or a deadline: the occurrence nearest the reference ("by Jan. 14" in an
        # article of Jan. 15 is the day before; "the case is heard in May" in March is ahead)
        return min((y - 1, y, y + 1), key=lambda yy: abs((date(yy, month, min(day, _last_day(yy, month))) - ref).days))
    if tense == "future":
        return y if month >= ref.month else y + 1
    if tense == "past":
        return y if month <= ref.month else y - 1
    if tense == "deadline":
        return min((y - 1, y, y + 1), key=lambda yy: abs((yy * 12 + month) - (ref.year * 12 + ref.month)))
    return y if month <= ref.month + 1 else y - 1


def _valid_day(y: int, m: int, d: int) -> bool:
    return 1 <= m <= 12 and 1 <= d <= _last_day(y if y else 2000, m)


def _parts(tag: str | None) -> str:
    """Part of day is kept in the span but not in the value: the register dates claims to
    the day (TimeML would write 2025-06-17TNI; TimeBank itself writes both)."""
    return ""


# half of a unit in the next smaller one (value prefix, the half's own code)
_HALF = {"Y": ("P", "6M"), "M": ("P", "15D"), "D": ("P", "T12H"), "H": ("PT", "30M"), "MIN": ("PT", "30S")}


def _resolve(c: _Cand, ctx: _Ctx) -> dict[str, Any] | None:
    """Returns the fields of a TimeExpression (minus offsets/text) or None to drop it."""
    k, g, ref = c.kind, c.data, ctx.ref
    rk = ctx.ref_kind

    def out(res: Resolved, anchor: str | None, typ: str = "DATE", mod: str | None = None,
            phase: str | None = None) -> dict[str, Any]:
        if phase:
            res, mod = _narrow(res, phase)
        v, s, e, gr = res
        return {"value": v, "start_date": s, "end_date": e, "granularity": gr, "type": typ,
                "anchor": anchor, "mod": mod}

    def unresolved(value: str, gran: str, typ: str = "DATE") -> dict[str, Any]:
        return {"value": value, "start_date": None, "end_date": None, "granularity": gran,
                "type": typ, "anchor": rk, "mod": None}

    if k in ("iso", "dotted", "slash"):
        y, a, b = int(g["y"]), int(g["m"]), int(g["d"])
        if k == "slash":
            if len(g["y"]) == 2:
                y = 2000 + y if y < 70 else 1900 + y
            if a > 12:  # 17/06/2025 is day-first whatever the convention
                a, b = b, a
        if not _valid_day(y, a, b):
            return None
        return out(_day(date(y, a, b)), None)

    if k in ("mdy", "dmy"):
        month, day = _month_num(g["month"]), int(re.match(r"\d+", g["day"]).group())
        if k == "dmy" and g["month"].lower().rstrip(".") in ("may", "march") and not g.get("year") \
                and not g["month"][0].isupper():
            return None
        if "year" in g:
            y = int(g["year"])
            if not _valid_day(y, month, day):
                return None
            return out(_day(date(y, month, day)), None)
        if not _valid_day(2000, month, day):
            return None
        if "relyear" in g and ref is not None:
            y = ref.year + {"this": 0, "last": -1, "next": 1}[g["relyear"].lower()]
            return out(_day(date(y, month, min(day, _last_day(y, month)))), rk)
        if g.get("wd") and ref is not None:
            # the weekday pins the year: take the nearest year around the reference that fits
            wd = WEEKDAYS[g["wd"].lower().rstrip(".").removesuffix("'s")]
            for y in (ref.year, ref.year - 1, ref.year + 1):
                if _valid_day(y, month, day) and date(y, month, day).weekday() == wd:
                    return out(_day(date(y, month, day)), rk)
        y = _pick_year(ctx, c, month, day)
        if y is None:
            return unresolved(f"XXXX-{month:02d}-{day:02d}", "day")
        day = min(day, _last_day(y, month))
        return out(_day(date(y, month, day)), rk, phase=None)

    if k == "my":
        if "relyear" in g:   # "in June last year"
            if ref is None:
                return unresolved(f"XXXX-{_month_num(g['month']):02d}", "month")
            y = ref.year + {"this": 0, "last": -1, "next": 1}[g["relyear"].lower()]
            return out(_month(y, _month_num(g["month"])), rk, phase=g.get("phase"))
        return out(_month(int(g["year"]), _month_num(g["month"])), None, phase=g.get("phase"))

    if k == "month":
        month = _month_num(g["month"])
        pre = (g.get("pre") or "").strip().lower()
        if ref is None:
            return unresolved(f"XXXX-{month:02d}", "month")
        if pre in ("last", "past"):
            # "last November" is the latest November before the reference month
            y = ref.year if month < ref.month else ref.year - 1
        elif pre in ("next", "coming"):
            y = ref.year if month > ref.month else ref.year + 1
        elif pre == "this":
            y = ref.year
        else:
            y = _pick_year(ctx, c, month, None)
        return out(_month(y, month), rk, phase=g.get("phase"))

    if k == "quarter":
        if "q" in g or "q2" in g:
            q = int((g.get("q") or g.get("q2"))[1])
            if "yy" in g:
                y = 2000 + int(g["yy"]) if int(g["yy"]) < 70 else 1900 + int(g["yy"])
            else:
                y = int(g.get("year") or g["year2"])
            return out(_quarter(y, q), None)
        q = ORDINALS[g["ord"].lower()]
        if "year" in g or "year2" in g or "year3" in g:
            return out(_quarter(int(g.get("year") or g.get("year2") or g["year3"]), q), None)
        if ref is None:
            return unresolved(f"XXXX-Q{q}", "quarter")
        rel = " ".join(g.get("rel", "").lower().split())
        pre = " ".join(g.get("pre", "").lower().split())
        if pre.startswith("next"):          # "next year's first quarter"
            return out(_quarter(ref.year + 1, q), rk)
        if pre.startswith("this"):
            return out(_quarter(ref.year, q), rk)
        if pre:                             # "the year-ago third quarter", "last year's first quarter"
            y = ref.year - 1 if date(ref.year, 3 * (q - 1) + 1, 1) <= ref else ref.year - 2
            return {**out(_quarter(y, q), rk), "_keep": True}
        if rel in ("last", "the previous"):
            return out(_quarter(ref.year - 1, q), rk)
        if rel in ("next",):
            return out(_quarter(ref.year + 1, q), rk)
        y = ref.year
        # a quarter that has not started yet is last year's, unless the text looks ahead
        if date(y, 3 * (q - 1) + 1, 1) > ref and _tense(ctx.text, c.start, c.end) != "future":
            y -= 1
        return out(_quarter(y, q), rk)

    if k == "quarter_rel":
        if ref is None:
            return unresolved("XXXX-QX", "quarter")
        rel = " ".join(g["rel"].lower().split())
        cur_start = date(ref.year, 3 * ((ref.month - 1) // 3) + 1, 1)
        last_done = _add_months(cur_start, -3)
        # financial news: "the quarter", "the latest period" is the quarter being reported
        # (the one named earlier in the text, else the latest completed one)
        topic = ctx.quarter
        ended = re.match(rf"\s+(?:ended|ending|that\s+ended|which\s+ended)\s+(?P<month>{MONTH})\s*(?P<day>\d{{1,2}})?",
                         ctx.text[c.end:c.end + 40])
        if ended and rel in ("the", "the latest", "the past", "this", "the current", "the same", "last", "the last"):
            # "the quarter ended Sept. 30": the calendar quarter holding that date
            month = _month_num(ended.group("month"))
            y = ref.year if month <= ref.month else ref.year - 1
            return out(_quarter(y, (month - 1) // 3 + 1), rk)
        if topic is not None and rel in ("the latest", "the past") and _add_months(topic, 3) > ref:
            topic = None     # "the latest quarter" has been reported: it has ended
        if re.search(r"(?:a\s+year\s+(?:ago|earlier)|last\s+year)$", ctx.text[c.start:c.end], re.I) and "year" not in rel:
            rel = "year-ago"   # "the quarter a year ago"
        if "year" in rel:   # the year-ago / year-earlier quarter
            d = _add_months(topic or last_done, -12)
            return {**out(_quarter(d.year, (d.month - 1) // 3 + 1), "previous" if topic else rk), "_keep": True}
        if rel in ("the same", "the", "the latest", "the past", "this", "the current"):
            if topic is not None:
                return {**out(_quarter(topic.year, (topic.month - 1) // 3 + 1), "previous"), "_keep": True}
            d = cur_start if rel in ("this", "the current") else last_done
            return out(_quarter(d.year, (d.month - 1) // 3 + 1), rk)
        if rel in ("last", "the previous", "the last"):
            return out(_quarter(last_done.year, (last_done.month - 1) // 3 + 1), rk)
        if rel in ("next", "the next"):
            d = _add_months(cur_start, 3)
            return out(_quarter(d.year, (d.month - 1) // 3 + 1), rk)
        return out(_quarter(cur_start.year, (cur_start.month - 1) // 3 + 1), rk)

    if k == "year_period":
        y = int(g["year"])
        if ctx.quarter is not None:   # "the 1988 period" next to "the third quarter"
            return {**out(_quarter(y, (ctx.quarter.month - 1) // 3 + 1), None), "_keep": True}
        return out(_year(y), None)

    if k == "half":
        if "h" in g:
            return out(_half(int(g["year"]), int(g["h"][1])), None)
        h = 1 if g["ord"].lower() in ("first", "1st") else 2
        if "year" in g:
            return out(_half(int(g["year"]), h), None)
        if ref is None:
            return unresolved(f"XXXX-H{h}", "unknown")
        rel = (g.get("rel") or "").lower()
        y = ref.year - 1 if rel == "last" else ref.year + 1 if rel == "next" else ref.year
        if not rel and h == 2 and ref.month <= 6 and _tense(ctx.text, c.start, c.end) == "past":
            y -= 1
        return out(_half(y, h), rk)

    if k == "season":
        name = g["season"].lower()
        if "year" in g:
            return out(_season(int(g["year"]), name), None)
        if ref is None:
            return unresolved("XXXX-" + SEASONS[name][0], "unknown")
        rel = " ".join((g.get("rel") or "").lower().split())
        start_month = SEASONS[name][1]
        y = ref.year
        tense = _tense(ctx.text, c.start, c.end)
        if rel in ("last", "this past") or (rel in ("", "early", "late") and tense == "past"):
            if date(y, start_month, 1) > ref or rel == "last" and date(y, start_month, 1) <= ref <= _add_months(date(y, start_month, 1), 3):
                y -= 1
        elif rel in ("next", "the coming") or tense == "future":
            if _add_months(date(y, start_month, 1), 3) <= ref:
                y += 1
        elif name == "winter" and ref.month <= 2:
            y -= 1
        return out(_season(y, name), rk, phase=rel if rel in ("early", "late") else None)

    if k == "decade":
        if "full" in g:
            first = int(g["full"])
        else:
            digit = int(g["short"][0]) if "short" in g else DECADE_WORDS[g["word"].lower()]
            century = 1900 if ref is None or digit * 10 > ref.year % 100 else (ref.year // 100) * 100
            first = century + digit * 10
        return out(_decade(first), None, phase=g.get("phase"))

    if k == "century":
        n = int(g["n"])
        if not 1 <= n <= 22:
            return None
        return {"value": f"{n - 1:02d}", "start_date": date(max(1, (n - 1) * 100), 1, 1),
                "end_date": date((n - 1) * 100 + 99, 12, 31), "granularity": "unknown",
                "type": "DATE", "anchor": None, "mod": None}

    if k == "year":
        y = int(g["year"])
        if "fiscal" in g:   # TimeML (and TimeBank) write fiscal 1989 as 1989
            return out(_year(y), None)
        return out(_year(y), None, phase=g.get("phase"))

    if k == "holiday":
        name = " ".join(g["name"].lower().split())
        rel = " ".join((g.get("rel") or "").lower().split())
        if ref is None:
            return unresolved("XXXX-XX-XX", "day")

        def day_in(y: int) -> date:
            if name.startswith("thanksgiving"):    # the fourth Thursday of November (US)
                first = date(y, 11, 1)
                return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
            if name.startswith("election"):        # the Tuesday after the first Monday of November
                first = date(y, 11, 1)
                return first + timedelta(days=(0 - first.weekday()) % 7 + 1)
            if name.startswith("christmas"):
                return date(y, 12, 24 if name.endswith("eve") else 25)
            return date(y, 12, 31) if name.endswith("eve") else date(y, 1, 1)

        options = [day_in(y) for y in (ref.year - 1, ref.year, ref.year + 1)]
        tense = _tense(ctx.text, c.start, c.end)
        if rel in ("last", "this past") or (not rel and tense == "past"):
            d = max(o for o in options if o <= ref)
        elif rel in ("next", "this coming") or tense == "future":
            d = min(o for o in options if o >= ref)
        else:
            d = min(options, key=lambda o: abs((o - ref).days))
        return out(_day(d), rk)

    if k == "spelled_year":
        if g.get("k"):
            return out(_year(2000), None)
        tens = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                "eighty": 80, "ninety": 90}
        words = g["yy"].lower().replace("-", " ").split()
        yy = tens.get(words[0], NUMBERS.get(words[0], 0)) + (NUMBERS[words[1]] if len(words) > 1 else 0)
        return out(_year((19 if g["c"].lower() == "nineteen" else 20) * 100 + yy), None)

    if k == "year_end":
        if ref is None:
            return unresolved("XXXX", "year")
        y = ref.year - 1 if _tense(ctx.text, c.start, c.end) == "past" and ref.month < 12 else ref.year
        return out(_year(y), rk, phase="end")

    if k == "deictic":
        w = " ".join(g["w"].lower().split())
        offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "last night": -1,
                  "this": 0, "the day before yesterday": -2, "the day after tomorrow": 2}[w]
        part = _parts(g.get("part")) or ("NI" if w in ("tonight", "last night") else "")
        if ref is None:
            return unresolved("PRESENT_REF" if offset == 0 else "XXXX-XX-XX", "day")
        d = ref + timedelta(days=offset)
        res = _day(d)
        if part:
            res = (res[0] + "T" + part,) + res[1:]
        return out(res, rk)

    if k == "weekday":
        wd = WEEKDAYS[g["wd"].lower().removesuffix("'s").rstrip(".")]
        rel = " ".join((g.get("rel") or "").lower().split())
        part = _parts(g.get("part"))
        if ref is None:
            return unresolved(f"XXXX-WXX-{wd + 1}", "day")
        back = (ref.weekday() - wd) % 7           # days back to the latest such day (0 = today)
        fwd = (wd - ref.weekday()) % 7 or 7       # days to the next one after today
        if rel == "last":
            d = ref - timedelta(days=back or 7)
        elif rel in ("next", "this coming"):
            d = ref + timedelta(days=fwd)
        elif rel == "this past":
            d = ref - timedelta(days=back or 7)
        else:
            tense = _tense(ctx.text, c.start, c.end)
            if g["wd"].endswith("'s") and not re.search(r"\b(?:ahead\s+of|before|upcoming|until)\s+$",
                                                        ctx.text[max(0, c.start - 12):c.start], re.I):
                tense = "past"   # "Tuesday's attack": an event already reported
            if rel == "this":
                d = ref + timedelta(days=(wd - ref.weekday()))  # same ISO week
            elif tense in ("future", "deadline"):
                d = ref + timedelta(days=(wd - ref.weekday()) % 7)   # "will meet on Monday" on a Monday: today
            else:
                d = ref - timedelta(days=back)
        res = _day(d)
        if part:
            res = (res[0] + "T" + part,) + res[1:]
        return out(res, rk)

    if k == "rel_unit":
        rel = " ".join(g["rel"].lower().split())
        unit = g["unit"].lower()
        phase = (g.get("phase") or "").strip()
        base_ref = ref
        anchor = rk
        if rel in ("the previous", "the following", "the same", "that"):
            if ctx.prev is not None:
                base_ref, anchor = ctx.prev[0], "previous"
            if rel == "that":
                rel = "the same"
        if base_ref is None:
            return unresolved({"year": "XXXX", "month": "XXXX-XX", "week": "XXXX-WXX",
                               "weekend": "XXXX-WXX-WE", "quarter": "XXXX-QX",
                               "decade": "XXX", "century": "XX"}[unit],
                              unit if unit in GRAN_ORDER else "unknown")
        step = {"this": 0, "the current": 0, "the": 0, "the same": 0, "full": 0, "fiscal": 0,
                "full fiscal": 0, "current fiscal": 0, "last": -1,
                "this past": -1, "the past": -1, "the previous": -1, "next": 1,
                "the coming": 1, "the following": 1}[rel]
        if unit == "weekend":
            d = base_ref + timedelta(days=7 * step)
            if step == 0 and _tense(ctx.text, c.start, c.end) == "past" and base_ref.weekday() < 5:
                d = base_ref - timedelta(days=7)
            return out(_weekend(d), anchor)
        shift_unit = unit
        d = _shift(base_ref, step, shift_unit)
        res = _unit_period(d, unit) if unit != "century" else (
            f"{d.year // 100:02d}", date(d.year // 100 * 100 or 1, 1, 1), date(d.year // 100 * 100 + 99, 12, 31), "unknown")
        pl = phase.lower()
        if pl.startswith("earlier") and base_ref is not None and step == 0:
            v, s, _, gr = res
            return out((v, s, base_ref, gr), anchor, mod="BEFORE_REF")
        if pl.startswith("later") and not pl.startswith("later in") and step == 0 and base_ref is not None:
            v, _, e, gr = res
            return out((v, base_ref, e, gr), anchor, mod="AFTER_REF")
        if pl.startswith("later"):
            phase = "late"
        if pl.startswith("earlier"):
            phase = "early"
        return out(res, anchor, phase=phase or None)

    if k == "ago":
        unit = g["unit"].lower()
        n = _num(g["n"]) if g.get("n") else None
        forward = g["dir"].lower() != "ago"
        if n is None:
            if forward:
                return {**unresolved("FUTURE_REF", "unknown"), "start_date": ref, "anchor": rk}
            return {**unresolved("PAST_REF", "unknown"), "end_date": ref, "anchor": rk}
        if ref is None:
            return unresolved("XXXX", unit if unit in GRAN_ORDER else "unknown")
        if unit == "year" and n == 1 and ctx.quarter is not None and not forward:
            d = _add_months(ctx.quarter, -12)   # "profit of $5 million a year ago": that quarter
            return {**out(_quarter(d.year, (d.month - 1) // 3 + 1), "previous"), "_keep": True}
        d = _shift(ref, n if forward else -n, unit if unit not in ("hour", "minute") else "day")
        if unit in ("hour", "minute"):
            return out(_day(ref), rk)
        # "a decade ago" is a year; year-sized comparisons do not move the running anchor
        return {**out(_unit_period(d, "year" if unit in ("decade", "century") else unit), rk),
                "_keep": unit in ("year", "decade", "century")}

    if k == "later":
        unit = g["unit"].lower()
        n = _num(g["n"])
        direction = g["dir"].lower()
        sign = -1 if direction.startswith(("earlier", "before", "prior")) else 1
        base, anchor = (ctx.prev if ctx.prev else (ref, None)), "previous"
        if ctx.prev is None:
            if ref is None:
                return None
            base, anchor = (ref, "day"), rk
        if n is None or unit in ("hour", "minute"):
            if n is None:
                return {**unresolved("PAST_REF" if sign < 0 else "FUTURE_REF", "unknown"),
                        "start_date": base[0] if sign > 0 else None,
                        "end_date": base[0] if sign < 0 else None, "anchor": anchor}
            return out(_day(base[0]), anchor)
        if unit == "year" and n == 1 and ctx.quarter is not None:
            d = _add_months(ctx.quarter, 12 * sign)
            return {**out(_quarter(d.year, (d.month - 1) // 3 + 1), "previous"), "_keep": True}
        d = _shift(base[0], sign * n, unit)
        if unit in ("year", "decade", "century"):
            # "a year earlier" in news is a comparison with the period under discussion,
            # so it neither chains on another comparison nor moves the anchor
            return {**out(_unit_period(d, "year" if GRAN_ORDER.get(base[1], 5) >= GRAN_ORDER["month"] or unit != "year" else base[1]), anchor), "_keep": True}
        gran_unit = unit
        base_unit = base[1]
        if base_unit in GRAN_ORDER and unit in GRAN_ORDER and GRAN_ORDER[base_unit] > GRAN_ORDER[unit]:
            gran_unit = base_unit
        elif base_unit == "day" and unit in ("day", "week"):
            gran_unit = "day"   # "a week later" after a day is a day; "three months later" a month
        return out(_unit_period(d, gran_unit), anchor)

    if k == "anaphor":
        unit = g["unit"].lower()
        rel = " ".join(g["rel"].lower().split())
        if ctx.prev is not None:
            base, anchor, base_unit = ctx.prev[0], "previous", ctx.prev[1]
        elif ref is not None:
            base, anchor, base_unit = ref, rk, "day"
        else:
            return unresolved("XXXX-XX-XX", "day")
        part = _parts(unit)
        u = "day" if part or unit in PARTS_OF_DAY else unit   # "that evening" is a day
        step = {"the same": 0, "that same": 0, "that": 0, "the next": 1, "the following": 1,
                "after": 1, "the previous": -1, "the preceding": -1, "the prior": -1,
                "before": -1}[rel]
        if u == "weekend":
            return out(_weekend(base + timedelta(days=7 * step)), anchor)
        if u == "day" and base_unit != "day" and step == 0:
            return {**unresolved("XXXX-XX-XX", "day"), "anchor": anchor}
        d = _shift(base, step, u)
        res = _unit_period(d, u)
        if part:
            res = (res[0] + "T" + part,) + res[1:]
        return out(res, anchor)

    if k == "ref":
        if ref is None:
            return unresolved("PRESENT_REF", "unknown")
        w = " ".join(g["w"].lower().split())
        if w == "so far this year":
            return out(("%04d" % ref.year, date(ref.year, 1, 1), ref, "year"), rk, mod="BEFORE_REF")
        return {"value": "PRESENT_REF", "start_date": ref, "end_date": ref,
                "granularity": "unknown", "type": "DATE", "anchor": rk, "mod": None}
    if k == "past_ref":
        return {"value": "PAST_REF", "start_date": None, "end_date": ref,
                "granularity": "unknown", "type": "DATE", "anchor": rk, "mod": None}
    if k == "future_ref":
        return {"value": "FUTURE_REF", "start_date": ref, "end_date": None,
                "granularity": "unknown", "type": "DATE", "anchor": rk, "mod": None}

    if k == "duration":
        unit = g["unit"].lower().rstrip("s")
        n = _num(g["n"]) if g.get("n") else (1 if not g.get("n") and not g["unit"].endswith("s") else None)
        code = UNIT_CODES.get(unit, "X")
        if g.get("half") or re.search(r"and\s+a\s+half", ctx.text[c.start:c.end], re.I):
            n = (n or 0) + 0.5 if n is not None else None
        if n is not None and not float(n).is_integer() and float(n * 2).is_integer() and code in _HALF:
            # TimeML writes a half in the next smaller unit: P2Y6M, PT5H30M, PT1M30S
            whole, (prefix, small) = int(n), _HALF[code]
            return {"value": f"{prefix}{whole}{'M' if code == 'MIN' else code}{small}", "start_date": None,
                    "end_date": None, "granularity": "unknown", "type": "DURATION", "anchor": None, "mod": None}
        num = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
        if code == "DE":
            code, num = "Y", ("X" if n is None else str(int(n * 10)))
        if code == "CE":
            code, num = "Y", ("X" if n is None else str(int(n * 100)))
        value = ("PT" + num + "H") if code == "H" else ("PT" + num + "M") if code == "MIN" else ("P" + num + code)
        return {"value": value, "start_date": None, "end_date": None, "granularity": "unknown",
                "type": "DURATION", "anchor": None, "mod": None}

    if k == "set_month":
        return {"value": f"XXXX-{_month_num(g['month']):02d}", "start_date": None, "end_date": None,
                "granularity": "unknown", "type": "SET", "anchor": None, "mod": None}

    if k == "set":
        if "adv" in g:
            adv = g["adv"].lower()
            value = {"annually": "P1Y", "yearly": "P1Y", "daily": "P1D", "weekly": "P1W",
                     "monthly": "P1M", "quarterly": "P3M", "nightly": "P1D", "hourly": "PT1H"}[adv]
        else:
            unit = (g.get("unit") or g.get("unit2")).lower().removesuffix("'s")
            if unit.rstrip(".") in WEEKDAYS:
                value = f"XXXX-WXX-{WEEKDAYS[unit.rstrip('.')] + 1}"
            else:
                n = g.get("n", "1")
                n = "2" if n.lower() == "other" else str(_num(n) and int(_num(n)) or 1)
                value = f"P{n}{UNIT_CODES.get(unit, 'D') if unit in UNIT_CODES else 'D'}"
        return {"value": value, "start_date": None, "end_date": None, "granularity": "unknown",
                "type": "SET", "anchor": None, "mod": None}

    if k == "clock":
        if "noon" in g:
            hh, mm = (0, 0) if g["noon"].lower() == "midnight" else (12, 0)
        else:
            hh = int(g.get("h") or g["h2"])
            mm = int(g.get("mi") or g.get("mi2") or 0)
            ap = (g.get("ap") or g.get("ap2") or "").lower().replace(".", "")
            if ap == "pm" and hh < 12:
                hh += 12
            if ap == "am" and hh == 12:
                hh = 0
        if ref is None:
            return {"value": f"T{hh:02d}:{mm:02d}", "start_date": None, "end_date": None,
                    "granularity": "unknown", "type": "TIME", "anchor": None, "mod": None}
        base = ctx.prev[0] if ctx.prev and ctx.prev[1] == "day" else ref
        return {"value": f"{base.isoformat()}T{hh:02d}:{mm:02d}", "start_date": base,
                "end_date": base, "granularity": "day", "type": "TIME",
                "anchor": "previous" if ctx.prev and ctx.prev[1] == "day" else rk, "mod": None}
    return None


# interval-changing prepositions that become part of the span
_PREFIX = re.compile(r"(?:\b(?P<p>since|as\s+of|by|until|till|through|up\s+to|before|prior\s+to|"
                     r"after|from|between|starting|beginning|ending))\s+(?:(?:as\s+early\s+as|"
                     r"as\s+late\s+as)\s+)?$", re.I)
_RANGE_LINK = re.compile(r"\s*(?:to|until|till|through|and|-|–)\s*$", re.I)


def _apply_prefix(expr: TimeExpression, text: str, ref: date | None) -> TimeExpression:
    if expr.type != "DATE" or expr.value.endswith("_REF") or expr.start_date is None and expr.end_date is None:
        return expr
    m = _PREFIX.search(text[max(0, expr.start - 30):expr.start])
    if not m or expr.text.endswith(("'s", "’s")) or re.match(r"['’]s\b", text[expr.end:expr.end + 3]):
        return expr     # "risen to 63 from Saturday's blasts": the day names the blasts
    p = " ".join(m.group("p").lower().split())
    s, e = expr.start_date, expr.end_date
    if p in ("since", "starting", "beginning"):
        new = (s, ref if ref and s and ref >= s else None, "SINCE")
    elif p in ("as of", "by", "until", "till", "through", "up to", "ending"):
        new = (None, e, "AS_OF" if p == "as of" else "BY")
    elif p in ("before", "prior to"):
        new = (None, s - timedelta(days=1) if s else None, "BEFORE")
    elif p == "after":
        new = (e + timedelta(days=1) if e else None, None, "AFTER")
    elif p == "from":
        new = (s, None, "FROM")
    else:  # "between" waits for its "and"
        return expr
    start = expr.start - (len(text[max(0, expr.start - 30):expr.start]) - m.start())
    return TimeExpression(start, expr.end, text[start:expr.end], expr.value, new[0], new[1],
                          expr.granularity, expr.type, expr.anchor, new[2])


def _merge_ranges(exprs: list[TimeExpression], text: str) -> list[TimeExpression]:
    """'from March to May 2024', 'between 2019 and 2021', 'June 1-5' → one interval."""
    merged: list[TimeExpression] = []
    i = 0
    while i < len(exprs):
        a = exprs[i]
        if i + 1 < len(exprs) and a.type == "DATE" and exprs[i + 1].type == "DATE":
            b = exprs[i + 1]
            gap = text[a.end:b.start]
            head = text[max(0, a.start - 12):a.start]
            opener = re.search(r"\b(from|between)\s+$", head, re.I)
            if a.mod == "FROM":   # "from" was already taken into the span
                opener, head = re.match(r"", ""), ""
            if b.mod == "BY" and re.match(r"(?:until|till|through)\b", b.text, re.I) and not gap.strip():
                gap = " to "      # "until" was taken into the second expression's span
            a_start = a.start_date
            if (a_start and b.start_date and a.anchor in ("dct", "statement") and b.anchor is None
                    and a.granularity in ("day", "month") and a_start.year != b.start_date.year):
                # "from March to May 2024": the year written once belongs to both ends
                try:
                    a_start = a_start.replace(year=b.start_date.year)
                except ValueError:
                    pass
                if a_start > b.start_date:
                    a_start = a.start_date
            if (opener and _RANGE_LINK.match(gap) and len(gap) <= 9 and a_start
                    and b.end_date and b.end_date >= a_start and not b.value.endswith("_REF")):
                start = a.start - (len(head) - opener.start())
                # ISO 8601 interval notation for the value: "2019/2021"
                a_value = a.value if a_start == a.start_date else str(a_start.year) + a.value[4:]
                merged.append(TimeExpression(start, b.end, text[start:b.end], f"{a_value}/{b.value}",
                                             a_start, b.end_date,
                                             a.granularity if a.granularity == b.granularity else "unknown",
                                             "DATE", a.anchor or b.anchor, "RANGE"))
                i += 2
                continue
        merged.append(a)
        i += 1
    return merged


_DAY_RANGE_END = re.compile(
    r"\s*(?:-|–|to|and|through|until|till)\s*(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?![.,]\d|-)"
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:and|in|at|on|to|with|for|when|while|as|but|or|from|of\s+(?:this|last|next)\s+year)\b)", re.I)


def _merge_day_ranges(exprs: list[TimeExpression], text: str) -> list[TimeExpression]:
    """'from May 17 to 24', 'April 24 and 25', 'June 1-5': the days of one month as one
    interval (value in ISO 8601 interval notation, mod RANGE)."""
    out: list[TimeExpression] = []
    for e in exprs:
        m = _DAY_RANGE_END.match(text, e.end) if e.type == "DATE" and e.granularity == "day" else None
        if m and e.start_date is not None and e.mod in (None, "FROM") \
                and not any(o.start < m.end() and o.end > e.end for o in exprs):
            last_day = int(m.group("d"))
            start, stop, anchor = e.start_date, m.end(), e.anchor
            year = _RANGE_YEAR.match(text, m.end())
            if year and e.anchor is not None:   # "June 1-5, 2024": the year belongs to both days
                start, stop, anchor = _replace_year(start, int(year.group(1))), year.end(), None
            if start is not None and start.day < last_day <= _last_day(start.year, start.month):
                end = start.replace(day=last_day)
                out.append(TimeExpression(e.start, stop, text[e.start:stop],
                                          f"{start.isoformat()}/{end.isoformat()}", start, end, "day",
                                          "DATE", anchor, "RANGE"))
                continue
        out.append(e)
    # a year taken into a range is no expression of its own
    return [e for e in out if not any(o is not e and o.mod == "RANGE" and o.start <= e.start and e.end <= o.end
                                      for o in out)]


# the year may close a clause ("On August 6-8, 2016, a sabotage group ..."), but is not the
# start of a larger figure ("2,016", "2016.5")
_RANGE_YEAR = re.compile(r",?\s+(1[89]\d\d|20\d\d)\b(?![\d]|[,.]\d)")


def _replace_year(d: date, year: int) -> date | None:
    try:
        return d.replace(year=year)
    except ValueError:
        return None


_CLOCK_DAY_GAP = re.compile(r"\s*(?:(?:EST|EDT|CST|CDT|PST|PDT|GMT|UTC|local\s+time)\b)?\s*,?\s*(?:on\s+)?$")


def _merge_clock_days(exprs: list[TimeExpression], text: str) -> list[TimeExpression]:
    """'10 p.m. Wednesday', 'noon Thursday', '5 p.m. EST, Nov. 6': one TIME on that day."""
    out: list[TimeExpression] = []
    i = 0
    while i < len(exprs):
        a = exprs[i]
        b = exprs[i + 1] if i + 1 < len(exprs) else None
        if (b is not None and a.type == "TIME" and b.type == "DATE" and b.granularity == "day"
                and b.start_date is not None and b.mod is None and "T" in a.value
                and _CLOCK_DAY_GAP.match(text[a.end:b.start])):
            clock = a.value[a.value.index("T"):]
            out.append(TimeExpression(a.start, b.end, text[a.start:b.end], b.start_date.isoformat() + clock,
                                      b.start_date, b.end_date, "day", "TIME", b.anchor, None))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _contains_finer(prev: tuple[date, str] | None, fields: dict[str, Any]) -> bool:
    """A coarser date that contains the running anchor does not replace it ("On April 26
    ... earlier this year ... Two days later" stays relative to April 26)."""
    if prev is None:
        return False
    s, e, gran = fields["start_date"], fields["end_date"], fields["granularity"]
    return (s is not None and e is not None and s <= prev[0] <= e
            and GRAN_ORDER.get(gran, 5) > GRAN_ORDER.get(prev[1], 5))


def _track_story(ctx: _Ctx, c: _Cand, expr: TimeExpression) -> None:
    """A day or month written with a year before the reference's starts (or continues) a
    narrative of that year; a date of the reference's year ends it (not a vague "in the
    future", nor other years in passing: "recognize its 2014 annexation")."""
    if ctx.ref is None or expr.type != "DATE" or expr.start_date is None:
        return
    explicit = c.kind in ("iso", "dotted", "slash") or (c.kind in ("mdy", "dmy", "my") and "year" in c.data)
    if explicit and expr.granularity in ("day", "month") and expr.start_date.year < ctx.ref.year:
        last = expr.end_date or expr.start_date   # "in February 2022": its days from the 28th on
        ctx.story = (expr.start_date.year, (last.month, last.day), c.end)
    elif ctx.story is not None and expr.start_date.year >= ctx.ref.year and not expr.value.endswith("_REF"):
        ctx.story = None


_RANGE_BEFORE_YEAR = re.compile(r"\s*(?:-|–)\s*(?P<d>[12]\d|3[01]|0?[1-9])\s*,?\s+$")


def _track_range_story(ctx: _Ctx, c: _Cand, expr: TimeExpression, found: list[TimeExpression]) -> None:
    """A day range written with its year ("On August 6-8, 2016, a sabotage group ... On the
    night of August 7-8, ... saboteurs broke through") tells of that year as a single day
    with its year does (_track_story): the range's year reaches only _merge_day_ranges after
    the loop, so the bare year right after the range starts the narrative here."""
    if ctx.ref is None or expr.granularity != "year" or expr.start_date is None or len(found) < 2:
        return
    day = found[-2]
    if day.granularity != "day" or day.start_date is None or day.anchor is None \
            or expr.start_date.year >= ctx.ref.year:
        return
    m = _RANGE_BEFORE_YEAR.match(ctx.text, day.end, c.start)
    if m is None or m.end() != c.start:
        return
    ctx.story = (expr.start_date.year, (day.start_date.month, day.start_date.day), c.end)


def find_times(text: str, reference: date | None, *, start_offset: int = 0,
               reference_kind: str = "dct") -> list[TimeExpression]:
    """All time expressions in `text`, resolved against `reference` (the statement's date,
    else the document's; say which with `reference_kind`), with a running anchor for
    expressions relative to the date just mentioned. Offsets are into `text` plus
    `start_offset`."""
    if not text:
        return []
    ctx = _Ctx(text=text, ref=reference, ref_kind=reference_kind)
    found: list[TimeExpression] = []
    for c in _candidates(text):
        try:
            fields = _resolve(c, ctx)
        except (ValueError, OverflowError, KeyError):   # impossible calendar dates
            fields = None
        if fields is None:
            continue
        keep = fields.pop("_keep", False)
        expr = TimeExpression(c.start, c.end, text[c.start:c.end], **fields)
        expr = _apply_prefix(expr, text, reference)
        found.append(expr)
        if keep:
            continue
        if expr.granularity == "quarter" and expr.start_date is not None:
            ctx.quarter = expr.start_date
        _track_story(ctx, c, expr)
        _track_range_story(ctx, c, expr, found)
        if expr.type == "DATE" and fields["start_date"] is not None and expr.granularity != "unknown" \
                and not expr.value.endswith("_REF") and not _contains_finer(ctx.prev, fields):
            ctx.prev = (fields["start_date"], _gran_unit(expr.granularity, expr.value))
        elif expr.type == "DATE" and "-W" in expr.value and fields["start_date"] is not None:
            ctx.prev = (fields["start_date"], "week")
    found = _merge_day_ranges(_merge_clock_days(_merge_ranges(found, text), text), text)
    if start_offset:
        for e in found:
            e.start += start_offset
            e.end += start_offset
    return found


def resolve_sentence_times(sentences: Sequence[tuple[int, str]], dct: date | None,
                           statement_dates: Sequence[date | None] | None = None
                           ) -> list[list[TimeExpression]]:
    """Per sentence (offset, text), its expressions, relative ones resolved against the
    sentence's statement date when one is given (anchor "statement"), else the DCT.
    The running "previous date" anchor carries over from sentence to sentence."""
    results: list[list[TimeExpression]] = []
    carry = ""
    for i, (offset, sentence) in enumerate(sentences):
        stmt = statement_dates[i] if statement_dates and i < len(statement_dates) else None
        ref, kind = (stmt, "statement") if stmt else (dct, "dct")
        # prepend the previous sentence so "two days later" sees the date just mentioned
        joined = carry + sentence
        exprs = [e for e in find_times(joined, ref, reference_kind=kind) if e.start >= len(carry)]
        for e in exprs:
            e.start += offset - len(carry)
            e.end += offset - len(carry)
        results.append(exprs)
        carry = sentence[-400:] + "\n" if sentence else carry
    return results


def stage_rows(text: str, *, dct: date | None = None) -> list[dict[str, Any]]:
    """For `newsledger times` / `newsledger stage times`: one row per expression."""
    return [e.to_dict() for e in find_times(text, dct)]
