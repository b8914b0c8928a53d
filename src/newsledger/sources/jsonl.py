"""JSON Lines: one article an object, streamed line by line (plain or gzipped).

Each document's `source` is `"{path}:{line_no}"` (1-based), unique and easy to open in an
editor even when ids repeat or are missing; the object's `id` goes to `source_id` and its
`url` to `url`. A skipped record is named by its id first: "record 8011115 (file.jsonl:6)".
Fields: `text` or `html` (one needed; `text` wins when both are set), and optional `id`,
`url` (else a `source` field that is an http(s) URL), `published`, `title`, `outlet`.
"""
from __future__ import annotations

import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from ..records import RawDocument, Skipped
from .dates import iso_date
from .html import read_html


def _str(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    text = str(value).strip()
    return text or None


def read_object(where: str, obj: Any) -> RawDocument | Skipped:
    if not isinstance(obj, dict):
        return Skipped(where, f"not a JSON object ({type(obj).__name__})")
    record_id = _str(obj.get("id"))   # a skip names the record by it (Skipped.named)
    text, html = obj.get("text"), obj.get("html")
    url = _str(obj.get("url"))
    if url is None and isinstance(obj.get("source"), str) and obj["source"].startswith(("http://", "https://")):
        url = obj["source"]
    fields = {"url": url, "title": _str(obj.get("title")), "published": iso_date(obj.get("published")),
              "outlet": _str(obj.get("outlet")), "source_id": _str(obj.get("id"))}
    if isinstance(text, str) and text.strip():
        return RawDocument(source=where, text=text, **fields)
    if isinstance(html, str) and html.strip():
        read = read_html(where, html, **fields)
        return Skipped(where, read.reason, record_id) if isinstance(read, Skipped) else read
    if text is not None or html is not None:
        return Skipped(where, "empty or non-string text/html field", record_id)
    return Skipped(where, "no text or html field", record_id)


def iter_jsonl(source: str, stream: IO[bytes]) -> Iterator[RawDocument | Skipped]:
    line_no = 0
    try:
        for line_no, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            where = f"{source}:{line_no}"
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as err:
                yield Skipped(where, f"not JSON: {err.msg} at column {err.colno}")
                continue
            except (UnicodeDecodeError, RecursionError) as err:
                yield Skipped(where, f"not JSON: {type(err).__name__}")
                continue
            yield read_object(where, obj)
    except (EOFError, zlib.error, OSError) as err:
        # a truncated/corrupt .gz: keep what was read, report where it broke
        yield Skipped(source, f"corrupt or truncated file after line {line_no}: {err or type(err).__name__}")
