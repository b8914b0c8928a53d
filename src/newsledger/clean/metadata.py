"""Metadata of a cleaned document: publication date (with its basis), title, outlet.

Dates: the shapes pages use are parsed by hand (fast, and the day/month order is ours to
decide): ISO `2025-06-19`; `19.06.2025` is always day.month (European); `06/19/2025` is
month/day (US) unless the first number is over 12; `19 June 2025`, `June 19, 2025`.
dateparser is the fallback for other shapes and languages (lazy: it is slow to load), and
must find day, month and year: a date without a year is never a publication date on its own.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .furniture import Harvest, PatternSet

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
_DOTS = re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})")
_SLASH = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})")
_DMY = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<y>\d{4})", re.I)
_MDY = re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})", re.I)
_MD = re.compile(_MONTH + r"\s+(?P<d>\d{1,2})\b|(?P<d2>\d{1,2})\s+" + _MONTH.replace("mon", "mon2"), re.I)
MIN_YEAR, MAX_YEAR = 1900, 2100


def _make(y: int, m: int, d: int) -> dt.date | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def parse_date(value: str | None) -> dt.date | None:
    """A full calendar date in `value` (see the module doc for the orders), else None."""
    if not value:
        return None
    value = value.strip()
    if m := _ISO.search(value):
        return _make(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _DOTS.search(value):
        return _make(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _SLASH.search(value):
        a, b = int(m["a"]), int(m["b"])
        month, day = (b, a) if a > 12 else (a, b)
        return _make(int(m["y"]), month, day)
    if m := _DMY.search(value) or _MDY.search(value):
        return _make(int(m["y"]), _MONTHS[m["mon"][:3].lower()], int(m["d"]))
    return _dateparser(value)


def _dateparser(value: str) -> dt.date | None:
    if not re.search(r"\d{4}", value):  # no year: not a full date
        return None
    try:
        import dateparser
        parsed = dateparser.parse(value, languages=["en", "ru", "uk", "de", "fr", "es"],
                                  settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                            "DATE_ORDER": "DMY"})
    except Exception:  # dateparser raises on odd input; a date we cannot read is no date
        return None
    return _make(parsed.year, parsed.month, parsed.day) if parsed else None


def parse_month_day(value: str) -> tuple[int, int] | None:
    """`June 19` / `19 June` (a dateline date without a year) -> (6, 19)."""
    m = _MD.search(value or "")
    if not m:
        return None
    mon = m["mon"] or m["mon2"]
    day = int(m["d"] or m["d2"])
    month = _MONTHS[mon[:3].lower()]
    return (month, day) if _make(2000, month, day) else None


def pick_published(raw_published: str | None, harvest: Harvest, lines: list[str],
                   patterns: PatternSet, *, head_lines: int = 8) -> tuple[str | None, str]:
    """(ISO date, basis). Order of trust:

    metadata  the container's date (`raw.published`)
    header    a header line (`Published: ...`, `date 2025-06-19`), a date line before the
              body, an `Updated` line, or a dateline carrying a year (`MOSCOW, June 19, 2025 (Reuters)`)
    text      a publication statement in the first paragraphs ("first published on ...");
              dates of events in the body are never used
    inferred  the newest date of other articles listed on the page (teasers, date lines
              after the body): a page lists older-or-equal articles, so it is a lower bound.
              A dateline `June 19` without a year is placed on or after that bound.
    none      nothing found
    """
    if (d := parse_date(raw_published)) is not None:
        return d.isoformat(), "metadata"
    for key, before in (("published", None), ("date", True), ("updated", None)):
        for value in harvest.values(key, before_body=before):
            if (d := parse_date(value)) is not None:
                return d.isoformat(), "header"
    head = [line for line in lines if line][:head_lines]
    for regex in patterns.publication_in_text:
        for line in head:
            if (m := regex.search(line)) and (d := parse_date(m.group("published"))):
                return d.isoformat(), "text"
    bounds = [d for key, before in (("teaser_date", None), ("date", False))
              for d in map(parse_date, harvest.values(key, before_body=before)) if d]
    if bounds:
        bound = max(bounds)
        for value in harvest.values("date", before_body=True):  # dateline without year
            if (md := parse_month_day(value)) is not None:
                guess = _make(bound.year, *md) or bound
                if guess < bound:
                    guess = _make(bound.year + 1, *md) or bound
                return guess.isoformat(), "inferred"
        return bound.isoformat(), "inferred"
    return None, "none"


def pick_outlet(raw_outlet: str | None, harvest: Harvest, lines: list[str],
                patterns: PatternSet, *, head_lines: int = 5) -> str | None:
    """The container's outlet, else a dateline/byline outlet, else (fallback) a lead
    sentence's ", reports UNN." in the first paragraphs."""
    if raw_outlet and raw_outlet.strip():
        return raw_outlet.strip()
    for value in harvest.values("outlet"):
        return value
    head = [line for line in lines if line][:head_lines]
    for regex in patterns.outlet_in_text:
        for line in head:
            if m := regex.search(line):
                return m.group("outlet").strip()
    return None


def _key(line: str) -> str:
    return " ".join(line.casefold().split()).strip(" .:;\"'“”«»")


_INNER_STOP = re.compile(r"[.!?…][\"'”’»)]*\s*[A-Z(\"“]")  # "...here. Then", "site.The"


def _headline_shape(line: str, max_words: int = 30, min_words: int = 3) -> bool:
    words = len(line.split())
    return min_words <= words <= max_words and not line.rstrip().endswith((".", ":", ";", ",")) \
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“«")


def pick_title(raw_title: str | None, lines: list[str], body_start: int | None
               ) -> tuple[str | None, set[int]]:
    """(title, indices of lines to remove from the body).

    The title goes to `title`. A headline printed once above the body is removed from the
    text; a headline printed twice (page header + again in the article) keeps its first
    copy, so the text still reads as the article and claims anchored on it survive.
    Without a container title, the headline is the first headline-shaped line that is
    repeated, else the first line when it is headline-shaped and stands above the body.
    """
    start = body_start if body_start is not None else len(lines)
    title = " ".join(raw_title.split()) if raw_title and raw_title.strip() else None
    if title is None:
        counts: dict[str, int] = {}
        for line in lines:
            if line and _headline_shape(line, min_words=5):
                counts[_key(line)] = counts.get(_key(line), 0) + 1
        first = next((i for i, line in enumerate(lines) if line), None)
        repeated = [i for i, line in enumerate(lines[:start]) if line and counts.get(_key(line), 0) >= 2]
        if repeated:  # printed above the body and again: surely the headline
            title = lines[repeated[0]]
        elif first is not None and first < start and _headline_shape(lines[first], max_words=20) \
                and not _INNER_STOP.search(lines[first]):
            title = lines[first]
    if title is None:
        return None, set()
    key = _key(title)
    hits = [i for i, line in enumerate(lines) if line and _key(line) == key]
    if len(hits) >= 2:
        return title, set(hits[1:])
    others = sum(1 for line in lines if line) - len(hits)
    if len(hits) == 1 and hits[0] < start and others > 0:  # never empty the text
        return title, set(hits)
    return title, set()
