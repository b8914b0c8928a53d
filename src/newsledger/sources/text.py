"""Plain text: decode bytes (BOM, UTF-8, else charset-normalizer) and keep the text as-is.

Cleaning (furniture, bylines) is the next stage's job; nothing is stripped here.
"""
from __future__ import annotations

import codecs

import charset_normalizer

from ..records import RawDocument, Skipped
from .errors import SourceError

_BOM_CODECS = (  # longest first: the UTF-32-LE BOM starts with the UTF-16-LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset-normalizer often ranks a Baltic or Central European code page first for short
# Western European text (cp1257 for French); when cp1252 decodes about as cleanly we take it,
# as it is by far the most common legacy encoding of news text (WHATWG maps latin-1 to it).
_PREFERRED = "cp1252"
_CHAOS_MARGIN = 0.06


# Text that is UTF-8 but for a few bad bytes (a truncated character, one pasted cp1252
# quote) is UTF-8: decoded as a legacy code page it would turn every accented letter into
# mojibake. A genuine cp1252/latin-1 text has next to no valid multi-byte UTF-8 sequences.
_MOSTLY_UTF8_BAD_SHARE = 0.02   # bad bytes at most this share of the non-ASCII characters


def mostly_utf8(data: bytes) -> str | None:
    """The text of `data` decoded as UTF-8 with its few bad bytes replaced (U+FFFD), when
    valid multi-byte characters clearly outnumber the bad bytes; else None."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if good >= 3 and bad <= max(1, _MOSTLY_UTF8_BAD_SHARE * good):
        return text
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """`utf-16-le` / `utf-16-be` when `data` looks like UTF-16 text without a byte-order
    mark (every other byte zero, as for Latin-script text), else None."""
    sample = data[:8192]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    codec = "utf-16-le" if zeros_odd > 0.6 and zeros_even < 0.05 else \
        "utf-16-be" if zeros_even > 0.6 and zeros_odd < 0.05 else None
    if codec is None:
        return None
    try:
        text = sample.decode(codec)
    except UnicodeDecodeError:
        return None
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
    return codec if printable >= 0.95 * len(text) else None


def canonical(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding) of `data`; raises SourceError("binary file" / "undecodable text").

    Order: a BOM, strict UTF-8, a declared charset (HTTP header, meta tag) when it decodes
    cleanly, then charset-normalizer."""
    for bom, codec in _BOM_CODECS:
        if data.startswith(bom):
            try:
                return data.decode(codec), canonical(codec)
            except UnicodeDecodeError as err:
                raise SourceError(f"undecodable text: bad {codec} after BOM ({err.reason})") from None
    if b"\x00" in data:
        codec = utf16_without_bom(data)
        if codec is None:
            raise SourceError("binary file")
        try:
            return data[: len(data) // 2 * 2].decode(codec), canonical(codec)
        except UnicodeDecodeError as err:
            raise SourceError(f"undecodable text: bad {codec} ({err.reason})") from None
    try:
        # valid UTF-8 with any non-ASCII byte is UTF-8 whatever a header claims
        # (servers default to ISO-8859-1 in headers)
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), canonical(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; detect instead
    mostly = mostly_utf8(data)
    if mostly is not None:
        return mostly, "utf-8"
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        raise SourceError("undecodable text (no text encoding fits)")
    chosen = best
    if _PREFERRED not in best.could_be_from_charset:
        for match in results:
            if _PREFERRED in match.could_be_from_charset and match.chaos <= best.chaos + _CHAOS_MARGIN:
                chosen = match
                break
    encoding = _PREFERRED if _PREFERRED in chosen.could_be_from_charset else chosen.encoding
    try:
        return data.decode(encoding), canonical(encoding)
    except (LookupError, UnicodeDecodeError):
        return str(chosen), canonical(chosen.encoding)


def read_text(source: str, data: bytes, *, url: str | None = None,
              declared: str | None = None) -> RawDocument | Skipped:
    if not data.strip():
        return Skipped(source, "empty file" if not data else "empty file (whitespace only)")
    try:
        text, encoding = decode(data, declared)
    except SourceError as err:
        return Skipped(source, str(err))
    if not text.strip():
        return Skipped(source, "empty file (whitespace only)")
    return RawDocument(source=source, text=text, url=url, encoding=encoding)
