"""RSS / Atom feeds: one document an entry.

feedparser does not guard against entity-expansion bombs ("billion laughs") or external
entities, so the bytes are first parsed with defusedxml, which refuses any entity
declaration or external reference before expanding anything; only then does feedparser
read them. An entry's `source` is `"{feed source}#{n}"` (1-based), `source_id` its
id/guid, `url` its link.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree
import feedparser
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from ..records import RawDocument, Skipped
from .dates import iso_date
from .html import fragment_to_text, hostname

Fetch = Callable[[str], "RawDocument | Skipped"]


def check_xml(data: bytes) -> str | None:
    """None when `data` is safe, well-formed XML; else the one-line reason to skip it."""
    try:
        defusedxml.ElementTree.fromstring(data)
    except EntitiesForbidden:
        return "XML entity expansion forbidden (the document declares entities)"
    except ExternalReferenceForbidden:
        return "XML external reference forbidden"
    except DTDForbidden:
        return "XML DTD forbidden"
    except DefusedXmlException as err:
        return f"unsafe XML: {err}"
    except ParseError as err:
        return f"malformed XML: {err}"
    return None


def _entry_text(entry: Any) -> str:
    """The longest of the entry's contents, else its summary, as text."""
    candidates = [c for c in entry.get("content") or [] if (c.get("value") or "").strip()]
    if candidates:
        best = max(candidates, key=lambda c: len(c.get("value") or ""))
        value, ctype = best.get("value") or "", best.get("type") or "text/html"
    else:
        value = entry.get("summary") or ""
        ctype = (entry.get("summary_detail") or {}).get("type") or "text/html"
    if not value.strip():
        return ""
    return fragment_to_text(value) if "html" in ctype else value.strip()


def iter_feed(source: str, data: bytes, *, url: str | None = None,
              fetch: Fetch | None = None) -> Iterator[RawDocument | Skipped]:
    reason = check_xml(data)
    if reason:
        yield Skipped(source, reason)
        return
    headers = {"content-location": url} if url else None
    try:
        # a stream, never bytes/str: feedparser treats a str as a URL or a file name
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as err:  # feedparser is lenient; this is a last guard
        yield Skipped(source, f"unreadable feed: {err}")
        return
    entries = parsed.get("entries") or []
    if not entries:
        yield Skipped(source, "feed has no entries" if parsed.get("version") else "not an RSS/Atom feed")
        return
    feed_title = ((parsed.get("feed") or {}).get("title") or "").strip() or None
    for n, entry in enumerate(entries, 1):
        where = f"{source}#{n}"
        link = entry.get("link") or None
        title = (entry.get("title") or "").strip() or None
        published = iso_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        text = _entry_text(entry)
        outlet = feed_title or hostname(link)
        page_url = link
        if fetch is not None and link:
            page = fetch(link)
            if isinstance(page, RawDocument) and page.text and page.text.strip():
                text = page.text
                title = title or page.title
                published = published or page.published
                outlet = page.outlet or outlet
                page_url = page.url or link
        if not text.strip():
            yield Skipped(where, "feed entry has no text")
            continue
        yield RawDocument(source=where, text=text, url=page_url, title=title, published=published,
                          outlet=outlet, source_id=(entry.get("id") or None))
