"""WARC / WARC.gz (Common Crawl CC-NEWS style): HTML `response` records to documents.

`source` (and `source_id`) is the record's WARC-Record-ID, `url` its WARC-Target-URI.
Requests, metadata and non-HTML responses are ignored. warcio streams the archive (and
handles per-record gzip members), so memory stays at one record.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator

from ..records import RawDocument, Skipped
from .detect import charset_of, is_html_type
from .html import read_html


def iter_warc(source: str, stream: IO[bytes]) -> Iterator[RawDocument | Skipped]:
    seen = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = record.http_headers.get_header("Content-Type")
            if not is_html_type(ctype):
                continue
            seen += 1
            rid = record.rec_headers.get_header("WARC-Record-ID") or f"{source}@{seen}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            status = record.http_headers.get_statuscode() or ""
            if status and not status.startswith("2"):
                yield Skipped(rid, f"HTTP status {status} in WARC response")
                continue
            try:
                data = record.content_stream().read()
            except Exception as err:  # bad chunked/Content-Encoding body: only this record
                yield Skipped(rid, f"unreadable WARC record body: {err or type(err).__name__}")
                continue
            yield read_html(rid, data, url=url, declared=charset_of(ctype), source_id=rid)
    except Exception as err:
        # warcio raises ArchiveLoadFailed, zlib.error, EOFError, ValueError... on a corrupt
        # archive; documents already yielded stay, the rest of the file is reported.
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        yield Skipped(source, f"corrupt WARC: {reason}")
        return
    if not seen:
        yield Skipped(source, "no HTML responses in WARC")
