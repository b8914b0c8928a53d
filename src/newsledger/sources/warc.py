"""WARC / WARC.gz (Common Crawl CC-NEWS style): HTML `response` records to documents.

`source` (and `source_id`) is the record's WARC-Record-ID, `url` its WARC-Target-URI.
Requests, metadata and non-HTML responses are ignored. warcio streams the archive (and
handles per-record gzip members), so memory stays at one record.

An archive cut short (a download or copy that stopped) is reported, never stored in part:
warcio hands back a record whose body ends early, and stops silently inside a gzip member,
so the body's length is checked against the record's Content-Length, and the compressed
stream is followed member by member to see whether it ends where a member ends.
"""
from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator

from ..records import RawDocument, Skipped
from .detect import charset_of, is_html_type
from .html import read_html


class _GzipMembers:
    """A read-through wrapper that decompresses what passes (and throws it away) only to
    know whether the stream ends between gzip members. Not gzip: always complete."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self._decompressor = None
        self.in_member = False
        self.broken = False

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self._follow(data)
        return data

    def readline(self, size: int = -1) -> bytes:
        data = self.stream.readline(size)
        self._follow(data)
        return data

    def _follow(self, data: bytes) -> None:
        while data and not self.broken:
            if self._decompressor is None:
                self._decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
            try:
                self._decompressor.decompress(data, 0)
            except zlib.error:
                self.broken = True
                return
            self.in_member = not self._decompressor.eof
            if self._decompressor.eof:
                data = self._decompressor.unused_data
                self._decompressor = None
            else:
                data = b""

    def __getattr__(self, name):
        return getattr(self.stream, name)


def iter_warc(source: str, stream: IO[bytes], *, gzipped: bool = False) -> Iterator[RawDocument | Skipped]:
    seen = 0
    members = _GzipMembers(stream) if gzipped else None
    try:
        for record in ArchiveIterator(members or stream):
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
            missing = getattr(record.raw_stream, "limit", 0) or 0
            if missing > 0:
                yield Skipped(rid, f"truncated WARC record: the file ends {missing} bytes before the record "
                                   f"does (of {record.length}); not stored")
                yield Skipped(source, "truncated WARC: the file ends inside a record; "
                                      "records after it, if any, are lost")
                return
            yield read_html(rid, data, url=url, declared=charset_of(ctype), source_id=rid)
    except Exception as err:
        # warcio raises ArchiveLoadFailed, zlib.error, EOFError, ValueError... on a corrupt
        # archive; documents already yielded stay, the rest of the file is reported.
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        yield Skipped(source, f"corrupt WARC: {reason}")
        return
    if members is not None and (members.in_member or members.broken):
        yield Skipped(source, f"truncated WARC.gz: the file ends inside a gzip member after {seen} HTML "
                              "response(s); the records after them are lost and the cut one is not stored")
        return
    if not seen:
        yield Skipped(source, "no HTML responses in WARC")
