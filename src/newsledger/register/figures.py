"""Figures and times: the rules that decide what a figure means and when two disagree.

Written by hand because they are the project's editorial rules, not a generic algorithm;
this docstring is their documentation.

Figure interval. A quantity {value, low, high, approx} stands for [lo, hi]:
  lo = low if stated else value;  hi = high if stated else value.
  "up to 6 million" (high 6M) is therefore the figure 6M, not [0, 6M]: the source reports
  that as many as 6M moved, and reading every ceiling as "anything below" would make any
  smaller figure agree with it. Sides that the text does not bound are widened by a
  tolerance: APPROX_TOLERANCE (10 %) for approximate figures ("about", "nearly"),
  EXACT_TOLERANCE (2 %) for plain ones (rounding in reporting). A stated bound is never
  widened ("nearly 5 million" = [4.5M, 5M]). A lower bound ("more than 100,000", "at least")
  is open above: two lower bounds never disagree, nor a lower bound and a larger figure.

Conflict. Two facts of one series (same thread, item, modality class, both totals or both
increments), not from the same sentence and not from one origin (a restatement), whose times
are comparable (below) and whose widened intervals do not meet, unless the later one is the
larger: a figure that grows from one date to a later one is a series (a build-up), not a
contradiction. Each conflict says why (`why`). The most conservative figure is the lowest of the two lower bounds
(lo, unwidened), shown beside the range [min lo, max hi].

Comparable times.
  - Two dated intervals: they overlap on at least half of the shorter one, and the longer is
    at most three times the shorter (or a month): "October 2024" vs "October 2024" or vs
    "15 October 2024", but not "October 2024" vs "2024" (a month's figure and a year's are
    different measures).
  - "As of" figures (no event time, so as of the statement date; or an interval open at the
    start, "as of April"): their dates are within AS_OF_WINDOW_DAYS (92) of each other.
    Undated figures are compared only for kinds whose undated figures are running totals
    (transfer, deploy, produce); for casualties and attacks an undated figure is usually one
    incident among many, so only explicit dates are compared.
  - A dated interval and an "as of" date: the date falls inside the interval (same kinds).
  - Intended figures (planned, expected, possible) are compared only when both have an
    explicit event time: undated plans are usually separate plans ("25,000 workers for the
    drone plant" and "5,000 construction workers for Kursk", stated the same day).
  - Claims with two different stated locations are never compared (two incidents).
  - Incident kinds (casualties, attack) are compared only for the very same period: two
    figures in one month are usually two incidents.
  - A thread with no actor is never checked: without a party the claims are not one story.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

APPROX_TOLERANCE = 0.10
EXACT_TOLERANCE = 0.02
AS_OF_WINDOW_DAYS = 92
# A figure for a time that ended more than this long before it was reported is history (a
# Korean War death toll in a 2024 article): shown in its series, never as a thread's latest.
HISTORY_DAYS = 365
UNDATED_TOTAL_KINDS = frozenset({"transfer", "deploy", "produce"})
INCIDENT_KINDS = frozenset({"casualties", "attack"})

# The register groups the contract's six modalities (records.MODALITIES, CLAIMS.md) into
# three classes, because figures are compared, added up and shown as "latest" per class: a
# planned and an expected deployment are the same kind of statement about the future, a
# denial and a negation both say it did not happen. Claims always keep the contract's value
# (`modality`); register records (facts, series, conflicts, timeline) carry the class in their
# `modality` field and the contract's values in `modalities`.
REALIS = "occurred"
IRREALIS = "intended"      # planned, expected, possible
REFUTED = "refuted"        # denied, negated
MODALITY_CLASSES: dict[str, tuple[str, ...]] = {
    REALIS: ("occurred",),
    IRREALIS: ("planned", "expected", "possible"),
    REFUTED: ("denied", "negated"),
}


def modality_class(modality: str | None) -> str:
    """The register's class of a contract modality (MODALITY_CLASSES); occurred when unset."""
    for name, members in MODALITY_CLASSES.items():
        if modality in members:
            return name
    return REALIS


def parse_date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class Figure:
    value: float
    low: float | None
    high: float | None
    approx: bool
    increment: bool
    text: str

    @classmethod
    def from_quantity(cls, q: dict[str, Any] | None) -> Figure | None:
        if not q or q.get("value") is None:
            return None
        def num(v: Any) -> float | None:
            return None if v is None else float(v)
        return cls(float(q["value"]), num(q.get("low")), num(q.get("high")), bool(q.get("approx")),
                   bool(q.get("increment")), q.get("text") or "")

    @property
    def lo(self) -> float:
        return self.low if self.low is not None else self.value

    @property
    def hi(self) -> float:
        return self.high if self.high is not None else self.value

    def widened(self) -> tuple[float, float]:
        tol = APPROX_TOLERANCE if self.approx else EXACT_TOLERANCE
        lo = self.lo if self.low is not None else self.lo * (1 - tol)
        if self.bound == "lower":
            return lo, math.inf   # "more than 100,000" says nothing about how many more
        hi = self.hi if self.high is not None else self.hi * (1 + tol)
        return lo, hi

    @property
    def figure_type(self) -> str:
        if self.increment:
            return "increment"
        if self.low is not None or self.high is not None or self.approx:
            return "estimate"
        return "total"

    @property
    def bound(self) -> str | None:
        """How the text bounds the figure: range, upper ("up to", "nearly"), lower ("more
        than"), approx ("about"), or None for a plain figure."""
        if self.low is not None and self.high is not None and self.low != self.high:
            return "range"
        if self.high is not None:
            return "upper"
        if self.low is not None:
            return "lower"
        return "approx" if self.approx else None


def disagree(a: Figure, b: Figure) -> bool:
    alo, ahi = a.widened()
    blo, bhi = b.widened()
    return ahi < blo or bhi < alo


def why_disagree(a: Figure, b: Figure) -> str:
    """Why two figures cannot both hold, in words (a conflict says why it is one)."""
    low, high = sorted((a, b), key=lambda f: f.widened()[0])
    if high.bound == "lower":
        return f"{_shown(low)} is below the lower bound {_shown(high)}"
    if low.bound == "upper" or low.approx or high.approx or high.bound == "upper":
        return (f"{_shown(low)} and {_shown(high)} lie apart by more than their stated approximation "
                f"({APPROX_TOLERANCE:.0%} for an approximate figure)")
    return f"{_shown(low)} and {_shown(high)} differ by more than rounding ({EXACT_TOLERANCE:.0%})"


def _shown(f: Figure) -> str:
    return f"'{f.text}'" if f.text else f"{f.value:,.0f}"


@dataclass(frozen=True)
class When:
    """When a fact holds: an event interval, or an "as of" date."""
    start: dt.date | None
    end: dt.date | None
    as_of: dt.date | None
    basis: str          # "event" | "as of" | "reported"

    @classmethod
    def of(cls, time: dict[str, Any] | None, reported: str | None) -> When:
        start = parse_date((time or {}).get("start"))
        end = parse_date((time or {}).get("end"))
        if start and end:
            return cls(start, end, None, "event")
        if end:                      # "as of April", "until 2025-04-30"
            return cls(None, end, end, "as of")
        return cls(start, None, parse_date(reported) or start, "reported")

    @property
    def sort_date(self) -> dt.date | None:
        return self.start or self.as_of or self.end


def _days(a: dt.date, b: dt.date) -> int:
    return (b - a).days + 1


def comparable(a: When, b: When, kind: str, modality: str = REALIS) -> tuple[bool, str]:
    """Whether two facts' times are close enough for their figures to be compared, and why."""
    if modality != REALIS and (a.basis != "event" or b.basis != "event"):
        return False, ""
    if kind in INCIDENT_KINDS and (a.start, a.end, a.as_of) != (b.start, b.end, b.as_of):
        return False, ""
    if a.basis == "event" and b.basis == "event":
        lo, hi = max(a.start, b.start), min(a.end, b.end)
        if hi < lo:
            return False, ""
        overlap = _days(lo, hi)
        la, lb = _days(a.start, a.end), _days(b.start, b.end)
        shorter, longer = min(la, lb), max(la, lb)
        if overlap * 2 >= shorter and longer <= max(3 * shorter, 31):
            return True, "same period" if (a.start, a.end) == (b.start, b.end) else "overlapping periods"
        return False, ""
    undated_ok = kind in UNDATED_TOTAL_KINDS
    if a.basis != "event" and b.basis != "event":
        if a.as_of is None or b.as_of is None:
            return False, ""
        if "reported" in (a.basis, b.basis) and not undated_ok:
            return False, ""
        gap = abs((a.as_of - b.as_of).days)
        return (gap <= AS_OF_WINDOW_DAYS, f"figures to date, stated {gap} days apart") if gap else \
            (True, "figures to date, stated the same day")
    event, point = (a, b) if a.basis == "event" else (b, a)
    if point.as_of is None or (point.basis == "reported" and not undated_ok):
        return False, ""
    if event.start <= point.as_of <= event.end:
        return True, "figure to date within the period"
    return False, ""
