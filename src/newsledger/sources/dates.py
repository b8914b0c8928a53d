"""Container dates (JSON Lines fields, feed entries) to ISO `YYYY-MM-DD`."""
from __future__ import annotations

import datetime as dt
import time
from typing import Any


def iso_date(value: Any) -> str | None:
    """An ISO date from an ISO date/datetime string; other strings are kept as given
    (the clean stage parses them); anything else is dropped."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, time.struct_time):
        return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return text
