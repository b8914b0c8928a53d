"""Cleaning: RawDocument -> Document.

    normalise text ─► furniture pass (knowledge/furniture.yaml) ─► title ─► date, outlet ─► language

- Furniture (tickers, rates, view counters, teasers, menus, header/byline/dateline lines)
  is removed line by line; every removed line (or dateline prefix) is listed in
  `Document.removed`. Real sentences are kept (see `furniture.looks_like_sentence`).
- `published_basis`: metadata (container) > header (header line, date line above the body,
  dateline with a year) > text (a publication statement) > inferred (newest teaser date on
  the page: a lower bound) > none. Details in `metadata.pick_published`.
- Title: the container's, else the page headline; a headline printed once above the body
  leaves the text, a repeated one keeps its first copy (`metadata.pick_title`).
- The document id is `document_id(cleaned text)`.

Near-duplicate detection is `clean.dedup` (a separate step over many documents).
"""
from __future__ import annotations

import os

import re
import unicodedata
from functools import lru_cache

from ..records import Document, RawDocument, document_id
from . import furniture, metadata
from .furniture import PatternSet, load_patterns
from .language import detect_language

__all__ = ["clean", "load_patterns", "normalise_text", "PatternSet", "detect_language"]

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_BLANKS = re.compile(r"\n{3,}")
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)


ENV_EXTRA = "NEWSLEDGER_FURNITURE"


@lru_cache(maxsize=1)
def _builtin_patterns() -> PatternSet:
    """Built-in patterns plus the user files named in $NEWSLEDGER_FURNITURE (os.pathsep-separated)."""
    extra = [p for p in os.environ.get(ENV_EXTRA, "").split(os.pathsep) if p]
    return load_patterns(extra)


def normalise_text(text: str) -> str:
    """NFC, one kind of newline, plain spaces, lines stripped, at most one blank line."""
    text = unicodedata.normalize("NFC", text)
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip()


def _join(lines: list[str]) -> str:
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def clean(raw: RawDocument, *, patterns: PatternSet | None = None) -> Document:
    """Clean one raw document. `patterns` defaults to the built-in furniture patterns
    (loaded once); pass `load_patterns([user.yaml])` to extend them."""
    pats = patterns or _builtin_patterns()
    text = raw.text
    if text is None and raw.html:  # sources/ normally gives text; keep a crude fallback
        import html as _html
        text = _html.unescape(_TAGS.sub("\n", raw.html))
    passed = furniture.apply(normalise_text(text or ""), pats)

    title, drop = metadata.pick_title(raw.title, passed.lines, passed.body_start)
    removed = list(passed.removed)
    lines = passed.lines
    if drop:
        removed += [lines[i] for i in sorted(drop)]
        lines = [line for i, line in enumerate(lines) if i not in drop]
    body = _join(lines)

    published, basis = metadata.pick_published(raw.published, passed.harvest, lines, pats)
    outlet = metadata.pick_outlet(raw.outlet, passed.harvest, lines, pats)
    bylines = passed.harvest.values("byline")
    places = passed.harvest.values("place")
    return Document(
        id=document_id(body), source=raw.source, title=title,
        published=published, published_basis=basis, outlet=outlet,
        language=detect_language(body or title), text=body,
        url=raw.url, byline=bylines[0] if bylines else None,
        dateline=places[0] if places else None, source_id=raw.source_id,
        removed=removed,
    )
