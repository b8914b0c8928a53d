"""HTML pages to text: trafilatura for the article body, title and site name; htmldate
(through trafilatura's metadata pass, on the same parsed tree) for the publication date.

Settings were chosen with bench/html_extraction.py on the scrapinghub
article-extraction-benchmark (181 pages): favor_precision, tables kept, no comments gives
bag-of-words micro P/R/F1 0.979/0.973/0.976 (default 0.961/0.978/0.969, favor_recall
0.966/0.978/0.972).
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree

from ..records import RawDocument, Skipped
from .errors import SourceError
from .text import decode

# Measured on the benchmark (bench/html_extraction.py --compare): favor_precision gives the
# best F1 (it trims related-links and teaser blocks; recall drops only slightly); tables
# kept (dropping them costs recall); comments are never article text.
EXTRACT_OPTIONS: dict[str, Any] = {
    "favor_recall": False,
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
}
# htmldate without extensive search reads only structured places (meta tags, JSON-LD,
# <time>, URL); extensive search also guesses from free text, which is the clean stage's
# job (it records the basis of the date).
DATE_EXTENSIVE_SEARCH = False

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)

# trafilatura logs every discarded page at WARNING; a Skipped already says it.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass
class HtmlArticle:
    text: str
    title: str | None
    published: str | None
    outlet: str | None


def decode_html(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(html, encoding): a BOM, UTF-8, the HTTP charset, the <meta charset>, else detection."""
    if declared is None:
        match = _META_CHARSET.search(data[:8192])
        declared = match.group(1).decode("ascii", "replace") if match else None
    return decode(data, declared)


def paragraphs(text: str) -> str:
    """One block a line (trafilatura's txt) to paragraphs separated by blank lines."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def hostname(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


# libxml2 stops building the tree at 256 levels of nesting (2,048 with huge_tree), so the
# article of a page nested deeper (generated or hostile markup) is lost. Beyond this depth,
# the tags themselves are dropped and their contents kept. Hand-written: lxml has no option
# for it, and a regex pass over tags is linear and never builds the tree.
MAX_NESTING = 200
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
         "track", "wbr",
         # often left open in real pages: counting them would make a long list look deep
         "p", "li", "td", "th", "tr", "dt", "dd", "option", "tbody", "thead", "tfoot", "colgroup"}


def flatten_deep_nesting(html: str, limit: int = MAX_NESTING) -> str:
    """`html` with every tag below `limit` levels of nesting removed (contents kept);
    unchanged when the page is not that deep."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, selfclosing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or selfclosing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    if deepest <= limit:
        return html
    out, last, depth = [], 0, 0
    for match in _TAG.finditer(html):
        closing, name, selfclosing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or selfclosing:
            continue
        if closing:
            drop = depth > limit
            depth = max(0, depth - 1)
        else:
            depth += 1
            drop = depth > limit
        if drop:
            out.append(html[last:match.start()])
            if name in ("div", "section", "article", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"):
                out.append("\n")
            last = match.end()
    out.append(html[last:])
    return "".join(out)


def extract_article(html: str, url: str | None = None) -> HtmlArticle | None:
    """The article of a page, or None when trafilatura finds no body. Never raises for bad HTML."""
    html = flatten_deep_nesting(html)
    date_params = {
        "original_date": True,
        "extensive_search": DATE_EXTENSIVE_SEARCH,
        "outputformat": "%Y-%m-%d",
        "max_date": dt.date.today().isoformat(),
    }
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                          date_extraction_params=date_params, **EXTRACT_OPTIONS)
    except (ValueError, TypeError, etree.LxmlError, RecursionError, AttributeError):
        # trafilatura handles most broken pages itself; these escape on pathological trees
        return None
    if doc is None or not (doc.text or "").strip():
        return None
    outlet = (doc.sitename or "").strip() or hostname(url) or (doc.hostname or None)
    if outlet and outlet.startswith("www."):
        outlet = outlet[4:]
    return HtmlArticle(text=paragraphs(doc.text), title=(doc.title or "").strip() or None,
                       published=doc.date or None, outlet=outlet)


def read_html(source: str, data: bytes | str, *, url: str | None = None, declared: str | None = None,
              title: str | None = None, published: str | None = None, outlet: str | None = None,
              source_id: str | None = None) -> RawDocument | Skipped:
    """A page to a RawDocument with text. Fields given by the container (a feed entry, a
    JSON line) win over those read from the page."""
    encoding = None
    if isinstance(data, bytes):
        if not data.strip():
            return Skipped(source, "empty file")
        try:
            html, encoding = decode_html(data, declared)
        except SourceError as err:
            return Skipped(source, str(err))
    else:
        html = data
    if not html.strip():
        return Skipped(source, "empty HTML")
    article = extract_article(html, url)
    if article is None:
        return Skipped(source, "no article text found in HTML")
    return RawDocument(source=source, text=article.text, url=url,
                       title=title or article.title, published=published or article.published,
                       outlet=outlet or article.outlet, source_id=source_id, encoding=encoding)


_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
               "section", "article", "pre", "ul", "ol", "table", "figure", "figcaption", "dd", "dt",
               "header", "footer", "aside", "hr"}


def fragment_to_text(fragment: str) -> str:
    """An HTML snippet (a feed entry's summary or content) to paragraphs.

    Written here because trafilatura rejects short fragments as boilerplate (it wants a
    page) while a feed summary is all content."""
    if "<" not in fragment:
        return paragraphs(lxml.html.fromstring(f"<div>{fragment}</div>").text_content()) \
            if "&" in fragment else fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    blocks = re.split(r"\n\s*\n", root.text_content())
    return "\n\n".join(" ".join(b.split()) for b in blocks if b.strip())
