"""Content sniffing: which reader a byte source goes to.

The decision looks at the first bytes (decompressed when gzipped); the file name and the
HTTP content type are hints used only when the bytes do not decide (a `.txt` holding
HTML is HTML, a `.html` holding plain prose is text).
"""
from __future__ import annotations

import re
import zlib
from enum import Enum

HEAD_SIZE = 64 * 1024

GZIP_MAGIC = b"\x1f\x8b"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # UTF-32 BOMs start like UTF-16 ones

# Magic numbers of common binary formats that may slip past the NUL-byte test in a short head.
_BINARY_MAGICS = (b"%PDF-", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"7z\xbc\xaf",
                  b"BZh", b"\xfd7zXZ", b"Rar!", b"\x7fELF", b"MZ", b"RIFF", b"OggS", b"ID3",
                  b"\x00\x00\x01\x00", b"SQLite format 3")


class Kind(str, Enum):
    TEXT = "text"
    HTML = "html"
    FEED = "feed"
    JSONL = "jsonl"
    WARC = "warc"
    XML = "xml"          # XML that is neither a feed nor XHTML
    JSON = "json"        # a pretty-printed JSON document, not JSON Lines
    BINARY = "binary"
    EMPTY = "empty"


_HTML_EXTS = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
_FEED_EXTS = (".rss", ".atom", ".xml", ".rdf")
_JSONL_EXTS = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_WARC_EXTS = (".warc", ".warc.gz", ".arc", ".arc.gz")

# Tags that make a document that starts with "<" HTML. Feed roots are handled first.
_HTML_START = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section|main|header|span|"
    rb"table|h[1-6]|script|style|link|!--)[\s>/]", re.IGNORECASE)
# Anywhere in the head: strong HTML markers even after leading prose (a .txt holding HTML).
_HTML_ANYWHERE = re.compile(rb"<(?:!doctype\s+html|html[\s>]|body[\s>])", re.IGNORECASE)
# The first element of an XML document, past the declaration, comments, PIs and DOCTYPE.
_XML_ROOT = re.compile(rb"<(?![!?/])([A-Za-z_][\w:.-]*)")
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf", b"rdf", b"channel"}


def gunzip_head(head: bytes, size: int = HEAD_SIZE) -> bytes:
    """The first `size` decompressed bytes of a gzip prefix; raises zlib.error when corrupt."""
    return zlib.decompressobj(wbits=31).decompress(head, size)


def strip_bom(data: bytes) -> bytes:
    for bom in _BOMS:
        if data.startswith(bom):
            return data[len(bom):]
    return data


def _xml_root(text: bytes) -> bytes | None:
    # A DOCTYPE internal subset holds only <!ENTITY ...> / <!ELEMENT ...> declarations,
    # which the (?![!?/]) guard skips, so the first match is the root element.
    match = _XML_ROOT.search(text)
    return match.group(1).lower() if match else None


def sniff(head: bytes, *, name: str = "", content_type: str | None = None) -> Kind:
    """The kind of a source from its first bytes (already gunzipped), a name and a MIME type."""
    lname = name.lower()
    ctype = (content_type or "").split(";")[0].strip().lower()
    has_bom = head.startswith(_BOMS)
    if not has_bom:
        if head.startswith(b"WARC/") or lname.endswith(_WARC_EXTS) and head.startswith(b"WARC"):
            return Kind.WARC
        if head.startswith(_BINARY_MAGICS):
            return Kind.BINARY
        if b"\x00" in head[:8192]:
            from .text import utf16_without_bom  # UTF-16 without a BOM is text, not binary
            codec = utf16_without_bom(head)
            if codec is None:
                return Kind.BINARY
            decoded = head[: len(head) // 2 * 2].decode(codec, errors="replace").encode("utf-8")
            return sniff(decoded, name=name, content_type=content_type)
    if has_bom and head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # UTF-16/32: sniff on a decoded copy of the head
        try:
            codec = "utf-32" if head[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff") else "utf-16"
            text = head[: len(head) // 4 * 4].decode(codec, errors="replace").encode("utf-8")
        except (UnicodeError, LookupError):
            return Kind.TEXT
        return sniff(text, name=name, content_type=content_type)
    body = strip_bom(head).lstrip()
    if not body:
        return Kind.EMPTY
    first = body[:1]
    if first == b"<":
        start = body[:2048]
        lstart = start[:20].lower()
        xmlish = (lstart.startswith(b"<?xml") or (lstart.startswith(b"<!doctype")
                  and not lstart.startswith(b"<!doctype html")))
        if xmlish or ctype.endswith("xml") or lname.endswith(_FEED_EXTS):
            # the root may sit past a long DOCTYPE internal subset: search the whole head
            root = _xml_root(body)
            if root in _FEED_ROOTS:
                return Kind.FEED
            if root == b"html":
                return Kind.HTML
            if xmlish:
                # XML we do not read; with no root in sight the feed reader reports why
                # (malformed, or an entity bomb that the DOCTYPE makes huge)
                return Kind.FEED if root is None else Kind.XML
        if _xml_root(start) in (b"rss", b"feed", b"rdf:rdf"):
            return Kind.FEED
        if _HTML_START.match(body) or _HTML_ANYWHERE.search(body):
            return Kind.HTML
        if lname.endswith(_HTML_EXTS) or "html" in ctype:
            return Kind.HTML
        return Kind.TEXT
    if first == b"{":
        line = body.split(b"\n", 1)[0].strip()
        if line == b"{":
            return Kind.JSON
        if re.match(rb'\{\s*("|\})', body) or lname.endswith(_JSONL_EXTS + (".json",)):
            return Kind.JSONL
    if _HTML_ANYWHERE.search(body):
        return Kind.HTML
    return Kind.TEXT


def is_html_type(content_type: str | None) -> bool:
    ctype = (content_type or "").split(";")[0].strip().lower()
    return ctype in ("text/html", "application/xhtml+xml")


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None
