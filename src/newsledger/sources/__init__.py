"""Input readers: paths, folders, URLs and stdin to `RawDocument`s (always with `text`).

    for item in iter_raw(["articles/", "feed.xml", "https://example.org/a", "-"]):
        if isinstance(item, Skipped): print(item.source, item.reason)

Every input is sniffed from its first bytes (gunzipped when gzipped); the name and the
HTTP Content-Type are hints only. One reader a kind: `text`, `html`, `jsonl`, `warc`,
`feed`, `url`. Bad input never raises: it yields `Skipped(source, reason)` and the
iteration goes on with the next input.

Sources: a file is its path as given (folder members joined to the folder path), stdin is
`<stdin>`, a URL is the URL as given; JSON Lines documents are `path:line`, feed entries
`source#n`, WARC documents their WARC-Record-ID.
"""
from __future__ import annotations

import gzip
import io
import os
import stat
import sys
import zlib
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from ..records import RawDocument, Skipped
from .detect import GZIP_MAGIC, HEAD_SIZE, Kind, charset_of, gunzip_head, sniff
from .errors import SourceError
from .feed import iter_feed
from .html import read_html
from .jsonl import iter_jsonl
from .text import read_text
from .url import Fetcher, is_url
from .warc import iter_warc

__all__ = ["iter_raw", "read_text_file", "SourceError", "RawDocument", "Skipped", "STDIN_SOURCE", "MAX_DOCUMENT_BYTES"]

STDIN_SOURCE = "<stdin>"
# Plain text, HTML and feeds are read whole; beyond this a file is not one article.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


def iter_raw(paths: Sequence[str], *, fetch_links: bool = False,
             stdin: BinaryIO | None = None, allow_private_urls: bool = False,
             fetcher: Fetcher | None = None) -> Iterator[RawDocument | Skipped]:
    """Documents from files, folders (recursive, sorted, hidden entries skipped), http(s)
    URLs and `-` (stdin). With `fetch_links`, feed entries are replaced by the article at
    their link when that page yields text. URLs whose host is loopback, private, link-local
    or reserved are skipped unless `allow_private_urls`; `fetcher` replaces the default
    fetcher (the web app's has its own limits)."""
    reader = _Reader(fetch_links=fetch_links, stdin=stdin, allow_private_urls=allow_private_urls,
                     fetcher=fetcher)
    try:
        for path in paths:
            yield from reader.read(str(path))
    finally:
        reader.close()


def read_text_file(path: str | os.PathLike[str]) -> str:
    """The text of one file as `iter_raw` reads it (decoded; HTML turned into its article
    text; for a container, its first document). Raises SourceError with the reason when
    the file gives no document. Used where one text is wanted (`newsledger stage FILE`)."""
    first_skip: Skipped | None = None
    for item in iter_raw([os.fspath(path)]):
        if isinstance(item, RawDocument) and item.text is not None:
            return item.text
        if isinstance(item, Skipped) and first_skip is None:
            first_skip = item
    reason = first_skip.reason if first_skip else "no document"
    raise SourceError(f"{os.fspath(path)}: {reason}")


class _PrefixedStream(io.RawIOBase):
    """The bytes already peeked from a non-seekable stream, then the rest of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_upto(stream: BinaryIO, size: int) -> bytes:
    chunks, total = [], 0
    while total < size:
        chunk = stream.read(size - total)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _peek(stream: BinaryIO, size: int = HEAD_SIZE) -> tuple[bytes, BinaryIO]:
    """The first `size` bytes and a stream positioned where it was before the peek."""
    try:
        seekable = stream.seekable()
    except (AttributeError, ValueError, OSError):
        seekable = False
    if seekable:
        pos = stream.tell()
        head = _read_upto(stream, size)
        stream.seek(pos)
        return head, stream
    head = _read_upto(stream, size)
    return head, io.BufferedReader(_PrefixedStream(head, stream))  # type: ignore[arg-type]


def _short(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


class _Reader:
    def __init__(self, *, fetch_links: bool, stdin: BinaryIO | None, allow_private_urls: bool = False,
                 fetcher: Fetcher | None = None) -> None:
        self.fetch_links = fetch_links
        self.stdin = stdin
        self.allow_private_urls = allow_private_urls
        self._fetcher: Fetcher | None = fetcher
        self._own_fetcher = fetcher is None

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(allow_private=self.allow_private_urls)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None and self._own_fetcher:
            self._fetcher.close()

    # -- inputs ---------------------------------------------------------------------------
    def read(self, path: str) -> Iterator[RawDocument | Skipped]:
        if path == "-":
            stream = self.stdin if self.stdin is not None else sys.stdin.buffer
            yield from self.read_stream(STDIN_SOURCE, stream)
        elif is_url(path):
            yield from self.read_url(path)
        else:
            yield from self.read_path(path)

    def read_path(self, path: str) -> Iterator[RawDocument | Skipped]:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            yield Skipped(path, "not found")
            return
        except PermissionError:
            yield Skipped(path, "unreadable: permission denied")
            return
        except (OSError, ValueError) as err:
            yield Skipped(path, f"unreadable: {getattr(err, 'strerror', None) or _short(err)}")
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self.read_folder(path, set())
        elif not stat.S_ISREG(info.st_mode):
            # FIFOs and devices could block forever or never end
            yield Skipped(path, "not a regular file")
        elif info.st_size == 0:
            yield Skipped(path, "empty file")
        else:
            try:
                stream = open(path, "rb")  # noqa: SIM115 (closed below, generator-safe)
            except PermissionError:
                yield Skipped(path, "unreadable: permission denied")
                return
            except OSError as err:
                yield Skipped(path, f"unreadable: {err.strerror or _short(err)}")
                return
            with stream:
                yield from self.read_stream(path, stream)

    def read_folder(self, folder: str, seen: set[str]) -> Iterator[RawDocument | Skipped]:
        real = os.path.realpath(folder)
        if real in seen:  # a symlink loop
            return
        seen.add(real)
        try:
            with os.scandir(folder) as it:
                entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        except PermissionError:
            yield Skipped(folder, "unreadable: permission denied")
            return
        except OSError as err:
            yield Skipped(folder, f"unreadable: {err.strerror or _short(err)}")
            return
        for entry in entries:
            child = os.path.join(folder, entry.name)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                yield from self.read_folder(child, seen)
            else:
                yield from self.read_path(child)

    def read_url(self, url: str, *, fetch_links: bool | None = None) -> Iterator[RawDocument | Skipped]:
        try:
            fetched = self.fetcher.get(url)
        except SourceError as err:
            yield Skipped(url, str(err))
            return
        name = fetched.url.split("?", 1)[0].split("#", 1)[0]
        yield from self.read_stream(url, io.BytesIO(fetched.data), name=name, url=fetched.url,
                                    content_type=fetched.content_type, fetch_links=fetch_links)

    def fetch_article(self, url: str) -> RawDocument | Skipped:
        """The first document at `url` (a feed entry's link); links are not followed further."""
        for item in self.read_url(url, fetch_links=False):
            return item
        return Skipped(url, "nothing readable at the link")

    # -- dispatch -------------------------------------------------------------------------
    def read_stream(self, source: str, stream: BinaryIO, *, name: str | None = None,
                    url: str | None = None, content_type: str | None = None,
                    fetch_links: bool | None = None) -> Iterator[RawDocument | Skipped]:
        name = source if name is None else name
        try:
            head, stream = _peek(stream)
        except OSError as err:
            yield Skipped(source, f"unreadable: {err.strerror or _short(err)}")
            return
        if not head:
            yield Skipped(source, "empty file")
            return
        gzipped = head.startswith(GZIP_MAGIC)
        if gzipped:
            try:
                inner = gunzip_head(head)
            except zlib.error as err:
                yield Skipped(source, f"corrupt gzip: {_short(err)}")
                return
            if inner.startswith(b"WARC/"):
                yield from iter_warc(source, stream, gzipped=True)  # warcio reads gzip members itself
                return
            name = name[:-3] if name.lower().endswith(".gz") else name
            kind = sniff(inner, name=name, content_type=None)
            stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
        else:
            kind = sniff(head, name=name, content_type=content_type)

        if kind is Kind.WARC:
            yield from iter_warc(source, stream)
            return
        if kind is Kind.JSONL:
            yield from iter_jsonl(source, stream)
            return
        if kind is Kind.BINARY:
            yield Skipped(source, "binary file")
            return
        if kind is Kind.EMPTY:
            yield Skipped(source, "empty file (whitespace only)")
            return
        if kind is Kind.XML:
            yield Skipped(source, "XML that is neither an RSS/Atom feed nor XHTML")
            return
        if kind is Kind.JSON:
            yield Skipped(source, "a JSON document, not JSON Lines (one object a line)")
            return

        try:
            data = _read_upto(stream, MAX_DOCUMENT_BYTES + 1)
        except (EOFError, zlib.error, OSError) as err:
            what = "corrupt gzip" if gzipped else "unreadable"
            yield Skipped(source, f"{what}: {_short(err)}")
            return
        if len(data) > MAX_DOCUMENT_BYTES:
            yield Skipped(source, f"too large for one document (over {MAX_DOCUMENT_BYTES // 2**20} MB)")
            return
        charset = None if gzipped else charset_of(content_type)
        if kind is Kind.HTML:
            yield read_html(source, data, url=url, declared=charset)
        elif kind is Kind.FEED:
            follow = self.fetch_links if fetch_links is None else fetch_links
            yield from iter_feed(source, data, url=url, fetch=self.fetch_article if follow else None)
        else:
            yield read_text(source, data, url=url, declared=charset)
