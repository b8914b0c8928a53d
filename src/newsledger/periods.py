"""The one date grammar of every `--since` / `--until` in the CLI and `since` / `until` in the
web app and its API: YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date (no month 13, no
30 February). A year or month stands for its whole period: as a lower bound its first day,
as an upper bound its last."""
from __future__ import annotations

import calendar
import datetime as dt
import re

GRAMMAR = "YYYY, YYYY-MM or YYYY-MM-DD"


class BadPeriod(ValueError):
    """Not a date of the grammar, or not a real date; the message says which."""


def period(value: str) -> tuple[dt.date, dt.date]:
    """(first day, last day) of '2024', '2024-10' or '2024-10-05'."""
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = int(text[:4]), int(text[5:])
            last = calendar.monthrange(year, month)[1]   # raises for month 0 or 13
            return dt.date(year, month, 1), dt.date(year, month, last)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = dt.date.fromisoformat(text)
            return day, day
    except ValueError:
        raise BadPeriod(f"{value!r} is not a valid date") from None
    raise BadPeriod(f"{value!r} is not a date ({GRAMMAR})")


def bound(value: str | dt.date, *, upper: bool) -> dt.date:
    """The date a `since` (upper=False) or `until` (upper=True) value stands for."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    lo, hi = period(value)
    return hi if upper else lo
