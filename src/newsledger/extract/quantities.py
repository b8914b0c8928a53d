"""Figures in news text: counts with bounds and flags, and the noun they count.

Written by hand because no installed library reads English news figures the way the claim
register needs them: text2num is not installed and only converts number words; spaCy's NER
marks CARDINAL/MONEY/PERCENT/DATE spans but gives no values, no bounds ("up to", "at least"),
no increments ("another"), no vague counts ("several dozen"), and makes mistakes on
"25 000" or "(several dozen)". So:

1. Pure text: precompiled regexes (built once from `knowledge/numbers.yaml`) find figure
   phrases -- an optional chain of modifiers, an optional currency, a number (digits with
   grouping, number words, scales, vague counts) or a range, then optional modifiers and a
   unit that types it (percent, money, age, duration, measure). Dates, times, ordinals and
   fractions have their own patterns; overlapping candidates are resolved longest-first.
2. With a spaCy parse: bare "one" that is not a numeral is dropped, bare 4-digit figures are
   told apart as years or counts, and the counted noun is found from the dependency tree
   (head of the `nummod`, pobj of a following "of", the noun before a parenthesised figure).

Conventions (see CLAIMS.md, Quantities):
- "several/a few/a handful/many" with scale S (S = 1 when alone), and plurals "dozens",
  "hundreds", "thousands", "tens of thousands"...: low = 2*S, high = next power of ten above
  S minus one (dozen -> 99, hundred -> 999, tens of thousands -> 99 999), value = 3*S,
  approx. So "several dozen" = 36 (24..99), "hundreds of" = 300 (200..999).
  "a couple (of)" = 2 (2..3), approx.
- Upper-bound phrases ("up to", "as many as", "fewer than", "nearly") set high = value;
  lower-bound phrases ("at least", "more than", "over") set low = value. "up to" is not
  approx; "nearly/almost/close to" are both approx and an upper bound.
- Ranges ("between 4,000 and 5,000", "4,000-5,000", "3 to 5 million", "two or three"):
  low/high, value the midpoint, approx True. "from X to Y" after a change verb ("rose from
  X to Y") is two separate figures, not a range.
- Digit grouping: "4,700", "25 000" (space, thin or no-break space), "12.000.000" (several
  period groups are unambiguous). A single period group ("12.000") is a decimal point in
  English unless `decimal_comma=True`, which reads "." as grouping and "," as the decimal
  mark. By default "1,5 million" (comma + 1-2 digits before a scale word) reads as 1.5 million.
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from newsledger.analyze.nlp import doc_text
from newsledger.knowledge import parse_yaml
from newsledger.records import Quantity

NUMBERS_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "numbers.yaml"
_D: dict[str, Any] = parse_yaml(NUMBERS_PATH.read_text(encoding="utf-8"))

UNITS: dict[str, int] = {k.lower(): int(v) for k, v in _D["units"].items()}
TENS: dict[str, int] = {k.lower(): int(v) for k, v in _D["tens"].items()}
SCALES: dict[str, int] = {k.lower(): int(v) for k, v in _D["scales"].items()}
ABBREV: dict[str, int] = {k.lower(): int(v) for k, v in _D["scale_abbrev"].items()}
VAGUE_PLURALS: dict[str, int] = {k.lower(): int(v) for k, v in _D["vague_plurals"].items()}
VAGUE_MULT: dict[str, list] = {k.lower(): v for k, v in _D["vague_multipliers"].items()}
ORDINALS: dict[str, int] = {k.lower(): int(v) for k, v in _D["ordinals"].items()}
FRACTIONS: dict[str, int] = {k.lower(): int(v) for k, v in _D["fractions"].items()}
APPROX = frozenset(str(x).lower() for x in _D["approx"])
UPPER = frozenset(str(x).lower() for x in _D["upper"])
LOWER = frozenset(str(x).lower() for x in _D["lower"])
INCREMENT = frozenset(str(x).lower() for x in _D["increment"])
SUF_LOWER = frozenset(str(x).lower() for x in _D["suffix_lower"])
SUF_UPPER = frozenset(str(x).lower() for x in _D["suffix_upper"])
SUF_APPROX = frozenset(str(x).lower() for x in _D["suffix_approx"])
SUF_INCREMENT = frozenset(str(x).lower() for x in _D["suffix_increment"])
CONTAINERS = frozenset(str(x).lower() for x in _D["containers"])
TIME_NOUNS = frozenset(str(x).lower() for x in _D["time_nouns"])
DURATION_WORDS = frozenset(str(x).lower() for x in _D["duration_words"])
CHANGE_VERBS = frozenset(str(x).lower() for x in _D["change_verbs"])
YEAR_PREPS = frozenset(str(x).lower() for x in _D["year_preps"])
YEAR_PREPS_WEAK = frozenset(str(x).lower() for x in _D["year_preps_weak"])
MONTHS = [str(x) for x in _D["months"]]

KINDS = ("count", "percent", "money", "year", "age", "date", "time", "ordinal", "duration",
         "measure", "fraction", "label")

# ---------------------------------------------------------------------------------------
# Regex construction (once, at import / first use)

_HS = "[ \\t\\u00a0\\u202f\\u2009]"       # horizontal space inside a figure phrase (no newline)
H = _HS + "+"
HO = _HS + "*"


def _trie(phrases: list[str]) -> str:
    """Regex for a set of literal phrases as a character trie: Python's `re` tries the
    branches of a plain alternation one by one at every position, a trie shares prefixes
    (this made the scan several times faster on news text)."""
    root: dict = {}
    for p in phrases:
        node = root
        for ch in p:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = H if ch == " " else re.escape(ch)
            branches.append(piece + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            body = "(?:" + body + ")?"
        return body

    return emit(root)


def _alt(words, *, case_sensitive: bool = False, lead: bool = True) -> str:
    """Alternation of literal phrases (as a trie; longest match preferred by the greedy
    branches); spaces match any horizontal space; word boundaries where the phrase
    starts/ends with a word character."""
    words = sorted({str(w) for w in words if str(w)})
    groups: dict[tuple[bool, bool], list[str]] = {}
    for w in words:
        groups.setdefault((lead and w[0].isalnum(), w[-1].isalnum()), []).append(w)
    parts = []
    for (b0, b1), ws in groups.items():
        parts.append((r"\b" if b0 else "") + "(?:" + _trie(ws) + ")" + (r"\b" if b1 else ""))
    body = "|".join(parts)
    return f"(?-i:{body})" if case_sensitive else f"(?:{body})"


_UNIT19 = _alt([w for w, v in UNITS.items() if 1 <= v <= 9])
_SMALL = f"(?:{_alt(TENS)}(?:[- ]?{_UNIT19})?|{_alt(UNITS)})"
_WORDNUM = rf"(?:(?:{_SMALL}|\ban?\b){H}hundred\b(?:{H}(?:and{H})?{_SMALL})?|{_SMALL})"
_SCALE = _alt(list(SCALES) + [s + "s" for s in SCALES])
_SCALE_SEQ = rf"(?:(?:{H}|-){_SCALE})*"
_ABBR_TIGHT = "(?:" + "|".join(sorted((re.escape(a) for a in ABBREV), key=len, reverse=True)) + ")"
_ABBR_SPACED = r"(?:bn|mn|mln|bln|tn|trn)"
_DIG_END = r"(?![\d]|[.,]\d)"
_MONTH_LB = "".join(f"(?<!{re.escape(m)} )" for m in MONTHS)


def _digits(decimal_comma: bool | None) -> str:
    if decimal_comma:
        alts = [r"\d{1,3}(?:\.\d{3})+(?:,\d+)?",
                _MONTH_LB + r"\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?:,\d+)?",
                r"\d+(?:,\d+)?"]
    else:
        alts = [r"\d{1,3}(?:,\d{3})+(?:\.\d+)?",
                _MONTH_LB + r"\d{1,3}(?:[\u00a0\u202f\u2009 ]\d{3})+(?:\.\d+)?",
                r"\d{1,3}(?:\.\d{3}){2,}"]
        if decimal_comma is None:   # "1,5 million" in translated news
            alts.append(rf"\d+,\d{{1,2}}(?={HO}(?:{_alt(SCALES)}|{_ABBR_SPACED}\b))")
        alts.append(r"\d+(?:\.\d+)?")
    return "(?:" + "|".join(f"(?:{a}){_DIG_END}" for a in alts) + ")"


_VAGUE_MULT = _alt(VAGUE_MULT)
_VAGUE_PLURAL = (rf"(?:(?:tens|hundreds|dozens){H}of{H}(?:thousands|millions|billions)\b"
                 rf"|\bscores(?={H}of\b)|\b(?:dozens|hundreds|thousands|millions|billions)\b)")


# A bare scale word counts one of it right after an increment: "an additional billion
# dollars", "another million euros" (the increment modifier takes the place of "a").
_AFTER_INCREMENT = "(?:" + "|".join(
    f"(?<=\\b{re.escape(word)}{space})" for word in sorted({str(p).split()[-1].lower() for p in _D["increment"]} - {"new", "more"})
    for space in (" ", "\t", "\u00a0", "\u202f", "\u2009")) + ")"
if _AFTER_INCREMENT == "(?:)":   # an empty group would make every bare scale word a figure
    raise ValueError(f"{NUMBERS_PATH}: 'increment' lists no words")


def _core(decimal_comma: bool | None) -> str:
    dig = _digits(decimal_comma)
    return ("(?:"
            + rf"{dig}(?:{_ABBR_TIGHT}(?![A-Za-z])|{HO}{_ABBR_SPACED}\b)?{_SCALE_SEQ}"
            + rf"|(?:{_WORDNUM}|\bone){H}and{H}a{H}half{(H)}{_SCALE}"
            + rf"|\b(?:half{H}an?|a{H}half){H}{_SCALE}{_SCALE_SEQ}"
            + rf"|{_VAGUE_MULT}(?:{H}{_SCALE}{_SCALE_SEQ})?"
            + rf"|\ban?{H}{_SCALE}{_SCALE_SEQ}"
            + rf"|{_AFTER_INCREMENT}{_SCALE}{_SCALE_SEQ}"
            + rf"|{_WORDNUM}{_SCALE_SEQ}"
            + rf"|{_VAGUE_PLURAL}"
            + ")")


_MODS = _alt(APPROX | UPPER | LOWER | INCREMENT | {"aged", "ages", "age", "magnitude"})
_CUR_PRE = _alt(_D["currency_prefix"], case_sensitive=True)
_SUFMOD = ("(?:" + "|".join(
    sorted([f"{HO}{re.escape(s)}" if not s[0].isalpha() else f"{H}{_alt([s])}"
            for s in SUF_LOWER | SUF_UPPER | SUF_APPROX if s not in ("-some",)],
           key=len, reverse=True)
    + [rf"{H}(?:more|additional|extra|further)\b(?!{H}than\b)"]) + ")")
_PCT = rf"(?P<pct>{HO}(?:%|{_alt([w for w in _D['percent_words'] if w != '%'])}))"
_CURW = rf"(?P<curw>{HO}{_alt(_D['currency_words'])})"
_AGE = rf"(?P<age>(?:{H}|-){_alt(_D['age_words'])}|-years?-olds?\b)"
_DUR = rf"(?P<dur>(?:{H}|-){_alt(_D['duration_words'])}(?!-old|{H}olds?\b))"
_UNIT = rf"(?P<unit>(?:{HO}|-){_alt(_D['measure_words'], lead=False)}(?![A-Za-z]))"
_END = r"(?![A-Za-z0-9]|-[A-Za-z]|:\d)"
# Cheap first check at each position: the figure phrase can only start with a digit, a
# currency sign or one of these words (first words of modifiers, number words, vague counts).
_FIRST_WORDS = {p.split()[0] for p in (APPROX | UPPER | LOWER | INCREMENT | set(VAGUE_MULT))
                if p[0].isalpha()} | set(UNITS) | set(TENS) | set(VAGUE_PLURALS) | {
    "a", "an", "half", "between", "from", "aged", "ages", "age", "magnitude"}
_START = (r"(?=[\d$€£¥₩₽₹₴₪₺₦~]|" + _CUR_PRE + "|" + _alt(_FIRST_WORDS) + ")")


@lru_cache(maxsize=4)
def _figure_re(decimal_comma: bool | None) -> re.Pattern:
    core = _core(decimal_comma)
    elem = rf"(?:{_CUR_PRE}{HO})?{core}(?:{HO}%)?"
    rng = (rf"(?:(?P<rb>\bbetween{H})|(?P<rf>\bfrom{H}))?"
           rf"(?P<r1>{elem})"
           rf"(?P<rsep>(?(rb){H}and{H}|(?:(?<=[\d%]){HO}[-–—]{HO}|{H}to{H}|{H}or{H})))"
           rf"(?P<r2>{elem})")
    pat = (r"(?<![\w.,:\-])(?<!&#)" + _START +
           rf"(?P<pre>(?:{_MODS}{HO})*)"
           rf"(?P<cur>{_CUR_PRE}{HO})?"
           rf"(?:(?P<range>{rng})|(?P<core>{core}))"
           rf"(?P<sm1>{_SUFMOD})?"
           rf"(?:{_PCT}|{_CURW}|{_AGE}|{_DUR}|{_UNIT})?"
           rf"(?P<sm2>{_SUFMOD})?"
           + _END)
    return re.compile(pat, re.IGNORECASE)


@lru_cache(maxsize=4)
def _single_re(decimal_comma: bool | None) -> re.Pattern:
    """One number core with optional currency/percent: the parts of a range."""
    return re.compile(rf"(?:{_CUR_PRE}{HO})?(?P<core>{_core(decimal_comma)})(?:{HO}%)?",
                      re.IGNORECASE)


_MON = ("(?-i:(?:" + "|".join(sorted((re.escape(m) for m in MONTHS if len(m) > 4 or m == "May"), key=len, reverse=True))
        + r")\b|(?:" + "|".join(sorted((re.escape(m) for m in MONTHS if len(m) <= 4 and m != "May"), key=len, reverse=True))
        + r")\b\.?)")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE_RE = re.compile(
    rf"(?=[\dJFMASOND])(?:{_MON}{H}{_DAY}(?:{HO}[-–]{HO}{_DAY})?(?:,?{H}\d{{4}})?(?!\d)"
    rf"|(?<!\d){_DAY}(?:{HO}[-–]{HO}{_DAY})?{H}(?:of{H})?{_MON}(?:,?{H}\d{{4}}(?!\d))?"
    rf"|{_MON},?{H}\d{{4}}(?!\d)"
    r"|(?<!\d)(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])[./](?:\d{4}|\d{2})(?![\d.]\d)"
    r"|(?<!\d)(?:1[5-9]|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d))",
    re.IGNORECASE)
_TIME_RE = re.compile(
    rf"(?<![\d.:])(?:[01]?\d|2[0-3])(?::[0-5]\d(?::[0-5]\d)?(?:{HO}(?:[ap]\.m\.|[ap]m\b))?"
    rf"|(?:[.:][0-5]\d)?{HO}(?:[ap]\.m\.|[ap]m\b))"
    rf"(?:{H}(?-i:GMT|UTC|CET|CEST|EST|EDT|PST|PDT|BST|MSK|KST|JST|ET|PT)\b|{H}local{H}time\b)?"
    r"(?![\d:])", re.IGNORECASE)
_DECADE_RE = re.compile(r"(?<![\w'])(?:(?:1[5-9]|20)\d0s|'\d0s)\b")
_ORD_RE = re.compile(
    rf"(?<![\w.,])(?:\d+(?:st|nd|rd|th)\b|(?:{_alt(TENS)}-)?{_alt(ORDINALS)})", re.IGNORECASE)
_FRACTION_RE = re.compile(   # "two-thirds", "one-third of", "a quarter of" (not "a third term")
    rf"\b(?:{_alt(UNITS)}-(?P<den>{_alt(FRACTIONS)})\b(?!-)"
    rf"|(?:{_alt(UNITS)}|an?){H}(?P<den2>{_alt(FRACTIONS)})(?={H}of\b))", re.IGNORECASE)
_LABEL_BEFORE = re.compile(r"(?:" + _alt(_D["label_words"], case_sensitive=True) + r"|#)" + HO + "$")


def _before_re(words) -> re.Pattern:
    return re.compile(r"(?:\b(?:" + "|".join(re.escape(p) for p in words if p[0].isalpha())
                      + r")|'s|" + _MON + ")" + HO + "[,(]?" + HO + "$", re.IGNORECASE)


_YEARPREP_BEFORE = _before_re(YEAR_PREPS)
_YEARPREP_WEAK_BEFORE = _before_re(YEAR_PREPS_WEAK)
_CHANGE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(CHANGE_VERBS)) + r")\b(?:\W+\w+){0,3}\W*$",
                            re.IGNORECASE)
_HAS_CANDIDATE = re.compile(r"\d|[a-z]{3}", re.IGNORECASE)

_SPACES = re.compile(_HS + "+")
_CUR_PRE_RE = re.compile(_CUR_PRE)
_OF_NEXT = re.compile(rf"{H}of\b", re.IGNORECASE)
_PERIOD_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_COMMA_DECIMAL = re.compile(r"\d+,\d{1,2}")
_WORD = re.compile(r"[a-z]+")
_DIGITS_ANY = re.compile(r"\d[\d.,\u00a0\u202f\u2009 ]*")

# ---------------------------------------------------------------------------------------
# Values


def _digits_value(s: str, decimal_comma: bool | None) -> Decimal | None:
    s = _SPACES.sub("", s).strip()
    if decimal_comma:
        s = s.replace(".", "").replace(",", ".")
    elif _PERIOD_GROUPS.fullmatch(s):
        s = s.replace(".", "")
    elif decimal_comma is None and _COMMA_DECIMAL.fullmatch(s):
        s = s.replace(",", ".")
    else:
        s = s.replace(",", "")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _scale_of(word: str) -> int | None:
    w = word.lower()
    if w in SCALES:
        return SCALES[w]
    if w.endswith("s") and w[:-1] in SCALES:
        return SCALES[w[:-1]]
    return None


def _high_for(scale: Decimal) -> Decimal:
    """Top of a vague count at this scale: the next power of ten above it, minus one."""
    return Decimal(10) ** (int(math.floor(math.log10(scale))) + 1) - 1


@dataclass
class _Core:
    value: Decimal
    low: Decimal | None = None
    high: Decimal | None = None
    approx: bool = False
    scaled: bool = False      # had a scale word ("5 thousand")
    plain_digits: str = ""     # the digit string when the core is bare digits (year test)


def _parse_core(core: str, decimal_comma: bool | None) -> _Core | None:
    c = core.strip().lower()
    m = _DIGITS_ANY.match(c)
    if m:
        raw = m.group(0).rstrip(" .,\u00a0\u202f\u2009")
        n = _digits_value(raw, decimal_comma)
        if n is None:
            return None
        rest = c[len(raw):]
        value = n
        scaled = False
        ab = re.match(r"\s*([a-z]+)", rest)
        if ab and ab.group(1) in ABBREV and ab.group(1) not in SCALES:
            value *= ABBREV[ab.group(1)]
            rest = rest[ab.end():]
            scaled = True
        for w in _WORD.findall(rest):
            sc = _scale_of(w)
            if sc:
                value *= sc
                scaled = True
        plain = raw if (not scaled and raw.isdigit()) else ""
        return _Core(value, scaled=scaled, plain_digits=plain)

    words = _WORD.findall(c)
    if not words:
        return None
    joined = " ".join(words)
    # vague plurals: "dozens", "tens of thousands", "hundreds of millions"
    if words[0] in VAGUE_PLURALS and (len(words) == 1 or words[1] == "of"):
        s = Decimal(VAGUE_PLURALS[words[0]])
        if len(words) == 3:
            s *= _scale_of(words[2]) or 1
        elif words[0] == "tens":
            return None
        return _Core(3 * s, 2 * s, _high_for(s), True, True)
    # vague multipliers: "several dozen", "a few hundred thousand", "a couple of"
    for key in sorted(VAGUE_MULT, key=len, reverse=True):
        if joined == key or joined.startswith(key + " "):
            lo, hi, mid = VAGUE_MULT[key]
            s = Decimal(1)
            for w in joined[len(key):].split():
                s *= _scale_of(w) or 1
            if key == "many" and s == 1:
                return None
            high = Decimal(hi) * s if hi is not None else _high_for(s)
            return _Core(Decimal(mid) * s, Decimal(lo) * s, high, True, s != 1)
    # "half a million", "a half dozen"
    if words[0] == "half" or words[:2] == ["a", "half"]:
        s = Decimal("0.5")
        for w in words:
            s *= _scale_of(w) or 1
        return _Core(s, scaled=True)
    # number words, "a thousand", "one and a half million", "twenty-five thousand"
    total = Decimal(0)
    cur = Decimal(0)
    seen = scaled = False
    half = False
    for w in words:
        if w in UNITS:
            cur += UNITS[w]
            seen = True
        elif w in TENS:
            cur += TENS[w]
            seen = True
        elif w in ("a", "an"):
            if not seen:
                cur += 1
                seen = True
        elif w == "and":
            continue
        elif w == "half":
            half = True
        elif w == "hundred":
            cur = (cur or 1) * 100
            scaled = True
        else:
            sc = _scale_of(w)
            if sc is None:
                return None
            cur = cur + Decimal("0.5") if half else cur
            half = False
            total += (cur or 1) * sc
            cur = Decimal(0)
            scaled = True
    if not seen and not scaled:
        return None
    return _Core(total + cur, scaled=scaled)


# ---------------------------------------------------------------------------------------
# Public records


@dataclass
class QuantityMention:
    start: int
    end: int
    text: str
    quantity: Quantity | None
    kind: str
    noun: str | None = None
    noun_start: int | None = None
    noun_end: int | None = None
    noun_token: int | None = None
    counts_other: str | None = None
    whole: bool = False   # the whole a part is counted out of ('out of 15 000 fighters, ... lost 4,700')

    def to_row(self) -> dict[str, Any]:
        q = self.quantity
        row = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
               "value": None, "low": None, "high": None, "approx": None, "increment": None,
               "noun": self.noun, "counts_other": self.counts_other, "whole": self.whole}
        if q is not None:
            qd = q.to_dict()
            row.update(value=qd["value"], low=qd["low"], high=qd["high"],
                       approx=q.approx, increment=q.increment)
        return row


@dataclass
class _Raw:
    start: int
    end: int
    kind: str
    quantity: Quantity | None
    year_candidate: bool = False   # bare 4-digit figure: year or count, decided with context
    bare_one: bool = False         # bare "one": numeral or pronoun, decided with the parse
    prio: int = 0


def _f(d: Decimal | None) -> float | None:
    return None if d is None else float(d) if not _too_large(d) else math.inf


def _mod_flags(mods: list[str]) -> tuple[bool, bool, bool, bool]:
    approx = upper = lower = inc = False
    for m in mods:
        approx |= m in APPROX
        upper |= m in UPPER
        lower |= m in LOWER
        inc |= m in INCREMENT
    return approx, upper, lower, inc


_KNOWN_MODS = sorted(APPROX | UPPER | LOWER | INCREMENT | {"aged", "ages", "age", "magnitude"},
                     key=len, reverse=True)


def _split_mods(pre: str) -> list[str]:
    """'at least another ' -> ['at least', 'another'] (longest known phrases first)."""
    s = " ".join(_SPACES.sub(" ", pre).lower().split())
    known = _KNOWN_MODS
    out = []
    while s:
        for k in known:
            if s == k or s.startswith(k + " ") or (not k[-1].isalnum() and s.startswith(k)):
                out.append(k)
                s = s[len(k):].strip()
                break
        else:
            break
    return out


# The largest figure a claim may carry: what a 64-bit integer column (the store, Parquet)
# holds. Beyond it ("a figure of hundreds of digits") the words are kept as an `overflow`
# mention with no quantity, so no claim takes a figure that would print as Infinity.
MAX_FIGURE = Decimal(2) ** 63 - 1


def _too_large(d: Decimal) -> bool:
    return not d.is_finite() or abs(d) > MAX_FIGURE


def _build(m: re.Match, text: str, decimal_comma: bool | None) -> list[_Raw]:
    raws = _build_figure(m, text, decimal_comma)
    limit = float(MAX_FIGURE)
    for r in raws:
        q = r.quantity
        if q is not None and any(x is not None and not (math.isfinite(x) and abs(x) <= limit)
                                 for x in (q.value, q.low, q.high)):
            return [_Raw(m.start(), m.end(), "overflow", None)]
    return raws


def _build_figure(m: re.Match, text: str, decimal_comma: bool | None) -> list[_Raw]:
    start, end = m.start(), m.end()
    pre = m.group("pre") or ""
    mods = _split_mods(pre)
    approx, upper, lower, inc = _mod_flags(mods)
    for s in (m.group("sm1"), m.group("sm2")):
        if not s:
            continue
        s = " ".join(s.lower().split())
        approx |= s in SUF_APPROX
        lower |= s in SUF_LOWER
        upper |= s in SUF_UPPER
        inc |= s in SUF_INCREMENT
    kind = "count"
    if m.group("pct"):
        kind = "percent"
    elif m.group("cur") or m.group("curw"):
        kind = "money"
        if m.group("curw") and m.group("curw").strip().lower() == "pounds" \
                and _OF_NEXT.match(text, end):
            kind = "measure"
    elif m.group("age") or "aged" in mods or "ages" in mods or "age" in mods:
        kind = "age"
    elif m.group("dur"):
        kind = "duration"
    elif m.group("unit") or "magnitude" in mods:
        kind = "measure"
    if m.group("range"):
        r1, r2 = m.group("r1"), m.group("r2")
        # currency or percent inside a range element types the whole range
        if kind == "count":
            if "%" in r1 or "%" in r2:
                kind = "percent"
            elif _CUR_PRE_RE.match(r1) or _CUR_PRE_RE.match(r2):
                kind = "money"
        sre = _single_re(decimal_comma)
        m1 = sre.search(r1)
        m2 = sre.search(r2)
        c1 = _parse_core(m1.group("core"), decimal_comma) if m1 else None
        c2 = _parse_core(m2.group("core"), decimal_comma) if m2 else None
        if c1 is None or c2 is None:
            return []
        v1, v2 = c1.value, c2.value
        if not c1.scaled and c2.scaled and v2 != 0:   # "3 to 5 million": the scale is shared
            raw2 = _parse_core(re.sub(r"[A-Za-z].*$", "", m2.group("core")).strip() or "0",
                               decimal_comma)
            if raw2 is not None and raw2.value != 0 and v1 <= raw2.value:
                v1 = v1 * (v2 / raw2.value)
        is_change = bool(m.group("rf")) and bool(_CHANGE_BEFORE.search(text[max(0, start - 60):start]))
        sep = m.group("rsep").strip().lower()
        if sep == "to" and not m.group("rf") and _CHANGE_BEFORE.search(text[max(0, start - 60):start]):
            is_change = True
        if is_change or v1 >= v2:
            # two figures ("rose from 1,200 to 1,500"; a score "3-1"): emit them apart
            out = []
            for g in ("r1", "r2"):
                s, e = m.span(g)
                c = c1 if g == "r1" else c2
                sub = text[s:e].rstrip()
                k = kind if kind != "count" or "%" not in sub else "percent"
                if g == "r2" and kind != "count" and m.group("pct") is None and m.group("curw") is None:
                    k = kind
                out.append(_Raw(s, s + len(sub), k, Quantity(_f(c.value), text=sub)))
            if v1 >= v2 and not is_change and sep in ("-", "–", "—"):
                return []   # a score or an identifier, not amounts
            return out
        q = Quantity((_f(v1) + _f(v2)) / 2, _f(v1), _f(v2), True, inc, text[start:end])
        year_like = all(c.plain_digits and len(c.plain_digits) == 4 and 1500 <= int(c.plain_digits) <= 2100
                        for c in (c1, c2)) or (
            c1.plain_digits and len(c1.plain_digits) == 4 and c2.plain_digits
            and len(c2.plain_digits) == 2 and 1500 <= int(c1.plain_digits) <= 2100)
        if kind == "count" and year_like and not mods:
            if len(c2.plain_digits) == 2:   # "2022-23"
                hi = int(c1.plain_digits[:2] + c2.plain_digits)
                q = Quantity(float(hi), float(c1.plain_digits), float(hi), False, False, text[start:end])
            return [_Raw(start, end, "count", q, year_candidate=True)]
        return [_Raw(start, end, kind, q)]

    core = _parse_core(m.group("core"), decimal_comma)
    if core is None:
        return []
    value = core.value
    low, high = core.low, core.high
    approx |= core.approx
    if upper:
        high = value if high is None or core.low is None else high
    if lower:
        low = value if core.low is None else low
    q = Quantity(_f(value), _f(low), _f(high), approx, inc, text[start:end])
    raw = _Raw(start, end, kind, q)
    if kind == "count" and core.plain_digits and len(core.plain_digits) == 4 \
            and 1500 <= int(core.plain_digits) <= 2100 and not (approx or upper or lower or inc):
        raw.year_candidate = True
    if kind == "count" and m.group("core").strip().lower() == "one" and not pre and not m.group("cur"):
        raw.bare_one = True
    return [raw]


def _select(cands: list[_Raw]) -> list[_Raw]:
    """Longest non-overlapping candidates (ties: higher priority, then earlier).
    The taken spans are disjoint, so they are kept sorted and a candidate is checked only
    against its neighbours (n log n: text dense with figures has thousands of candidates)."""
    chosen: list[_Raw] = []
    starts: list[int] = []
    ends: list[int] = []
    for c in sorted(cands, key=lambda r: (-(r.end - r.start), -r.prio, r.start)):
        if c.end <= c.start:
            continue
        at = bisect.bisect_left(starts, c.start)
        if at < len(starts) and starts[at] < c.end:   # the next taken span starts inside c
            continue
        if at > 0 and ends[at - 1] > c.start:        # the previous one reaches into c
            continue
        starts.insert(at, c.start)
        ends.insert(at, c.end)
        chosen.append(c)
    return sorted(chosen, key=lambda r: r.start)


def _scan(text: str, decimal_comma: bool | None = None) -> list[_Raw]:
    if not text or not _HAS_CANDIDATE.search(text):
        return []
    cands: list[_Raw] = []
    for m in _DATE_RE.finditer(text):
        cands.append(_Raw(m.start(), m.end(), "date", None, prio=3))
    for m in _TIME_RE.finditer(text):
        cands.append(_Raw(m.start(), m.end(), "time", None, prio=3))
    for m in _DECADE_RE.finditer(text):
        y = re.search(r"\d+", m.group(0)).group(0)
        cands.append(_Raw(m.start(), m.end(), "year",
                          Quantity(float(y) if len(y) == 4 else float("19" + y), text=m.group(0)), prio=2))
    for m in _FRACTION_RE.finditer(text):
        num = re.split(r"[-\s]", m.group(0).lower())[0]
        n = UNITS.get(num, 1)
        d = FRACTIONS[(m.group("den") or m.group("den2")).lower()]
        cands.append(_Raw(m.start(), m.end(), "fraction", Quantity(n / d, text=m.group(0)), prio=2))
    for m in _ORD_RE.finditer(text):
        w = m.group(0).lower()
        if w[0].isdigit():
            v = float(re.match(r"\d+", w).group(0))
        else:
            parts = w.split("-")
            v = float(sum(TENS.get(p, 0) for p in parts[:-1]) + ORDINALS[parts[-1]])
        cands.append(_Raw(m.start(), m.end(), "ordinal", Quantity(v, text=m.group(0)), prio=1))
    for m in _figure_re(decimal_comma).finditer(text):
        for r in _build(m, text, decimal_comma):
            if r.kind == "count" and _LABEL_BEFORE.search(text[max(0, r.start - 14):r.start]):
                r.kind = "label"
                r.year_candidate = False
            r.prio = 2
            cands.append(r)
    return _select(cands)


# ---------------------------------------------------------------------------------------
# Pure-text API


def parse_number(text: str, *, decimal_comma: bool | None = None) -> Quantity | None:
    """The figure in a phrase ("up to 6 million", "several dozen", "25 000", "$1.5bn"):
    the longest figure found in `text` (any kind but dates and times), or None."""
    if not isinstance(text, str):
        return None
    best = None
    for r in _scan(text, decimal_comma):
        if r.quantity is None or r.kind in ("ordinal", "fraction") and best is not None:
            continue
        if best is None or (r.end - r.start) > (best.end - best.start):
            best = r
    return best.quantity if best is not None else None


# ---------------------------------------------------------------------------------------
# With a parse: years vs counts, bare "one", the counted noun

_INCREMENT_WORDS = frozenset({"more", "additional", "extra", "further", "other", "another"})
# bare "one" as a pronoun: "no one", "one another", "the one who", "one's"
_ONE_BEFORE = re.compile(r"\b(?:no|any|every|each|the|this|that|which|some|someone)\s*$", re.IGNORECASE)
_ONE_AFTER = re.compile(r"(?:\s+(?:another|who|which|that)\b|['’]s\b)", re.IGNORECASE)
_NOUN_POS = frozenset({"NOUN", "PROPN", "PRON"})
_SKIP_LEFT_DEPS = frozenset({"det", "predet", "nummod", "quantmod", "punct", "cc", "prep",
                             "case", "poss", "advmod", "neg"})


def _np_start(head, lo: int) -> int:
    """Index of the first token of the noun phrase headed by `head`, not before token `lo`:
    contiguous left modifiers that are compounds/adjectives inside the head's subtree."""
    i = head.i
    doc = head.doc
    while i - 1 >= lo:
        t = doc[i - 1]
        if t.like_num or t.dep_ in _SKIP_LEFT_DEPS and t.text not in ("-",) \
                or t.lower_ in _INCREMENT_WORDS:
            break
        if not (head.is_ancestor(t)):
            break
        i -= 1
    # drop a trailing-in hyphen at the very start
    while i < head.i and doc[i].text in ("-", "–"):
        i += 1
    return i


def _descend_container(tok):
    """If `tok` is a container ("types", "batch"), return (item_token, container_token)."""
    if tok.lemma_.lower() in CONTAINERS or tok.lower_ in CONTAINERS:
        for ch in tok.rights:
            if ch.lower_ == "of" and ch.dep_ == "prep":
                for g in ch.children:
                    if g.dep_ == "pobj" and g.pos_ in _NOUN_POS:
                        return g, tok
        return tok, tok
    return tok, None


def _after_of(of_tok):
    """The object of "of": the pobj, else the first noun within a few tokens (parse errors)."""
    for g in of_tok.children:
        if g.dep_ == "pobj" and g.pos_ in _NOUN_POS:
            return g
    doc = of_tok.doc
    for j in range(of_tok.i + 1, min(len(doc), of_tok.i + 6)):
        t = doc[j]
        if t.pos_ in _NOUN_POS:
            while t.dep_ in ("compound", "amod") and t.head.i > t.i and t.head.i < of_tok.i + 8:
                t = t.head
            return t
        if t.pos_ in ("VERB", "AUX", "PUNCT", "ADP") or t.like_num:
            return None
    return None


def _climb_compound(tok):
    """"three Grand Slam titles": the figure may hang on a compound; the head noun counts."""
    steps = 0
    while tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN") and steps < 4:
        tok = tok.head
        steps += 1
    return tok


def _find_noun(doc, ftoks: list, f_end_tok: int):
    """The counted noun's head token for figure tokens `ftoks` (indices into doc), or None."""
    if not ftoks:
        return None
    fset = set(ftoks)
    nxt = doc[f_end_tok] if f_end_tok < len(doc) else None
    # skip increment words after the figure: "3,000 more troops"
    j = f_end_tok
    while j < len(doc) and doc[j].lower_ in _INCREMENT_WORDS and j < f_end_tok + 2:
        j += 1
    nxt = doc[j] if j < len(doc) else None
    # 1. "600 of them", "dozens of people", "several types of drones"
    if nxt is not None and nxt.lower_ == "of":
        return _after_of(nxt)
    # 2. the head of the figure: nummod / compound / quantmod / amod of a noun to the right
    anchors = [doc[i] for i in ftoks if doc[i].head.i not in fset]
    anchors.sort(key=lambda t: (not t.like_num, -t.i))
    sent_end = doc[ftoks[-1]].sent.end if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else len(doc)
    for a in anchors:
        h = a.head
        if h.i > ftoks[-1] and h.pos_ in ("NOUN", "PROPN") and a.dep_ in (
                "nummod", "compound", "quantmod", "amod", "nmod", "npadvmod", "appos", "det"):
            if h.i - ftoks[-1] <= 6:
                return _climb_compound(h)
    # 3. parse error fallback: the noun right after the figure (adjectives/compounds between)
    k = j
    while k < min(len(doc), sent_end, f_end_tok + 5):
        t = doc[k]
        if t.pos_ in ("NOUN",) and t.tag_ in ("NNS", "NN", "NNPS"):
            nxt2 = doc[k + 1] if k + 1 < len(doc) else None
            if nxt2 is not None and nxt2.pos_ == "NOUN" and nxt2.dep_ != "compound" and t.dep_ == "compound":
                k += 1
                continue
            if t.dep_ == "compound" and t.head.i > t.i and t.head.i - t.i <= 3:
                k = t.head.i
                continue
            return _climb_compound(t)
        if t.pos_ not in ("ADJ", "NOUN", "PROPN") and t.text not in ("-",):
            break
        k += 1
    # 4. "(several dozen)": a parenthesised figure counts the noun phrase before it
    first = doc[ftoks[0]]
    if first.i > 0 and doc[first.i - 1].text in ("(", "[", "—", "–"):
        p = first.i - 1
        best = None
        for t in range(p - 1, max(-1, p - 10), -1):
            tok = doc[t]
            if tok.pos_ in ("VERB", "AUX") or tok.text in (".", ";", ")"):
                break
            if tok.pos_ == "NOUN" and tok.tag_ in ("NNS", "NNPS"):
                best = tok
                break
            if best is None and tok.pos_ == "NOUN":
                best = tok
        if best is not None:
            return best
    return None


_NAME_LABELS = frozenset({"ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "PERSON", "GPE",
                          "NORP", "LOC"})


def _inside_name(doc, i: int) -> bool:
    """The figure continues a name the NER started on a proper noun before it."""
    t = doc[i]
    return (i > 0 and t.ent_iob_ == "I" and t.ent_type_ in _NAME_LABELS
            and doc[i - 1].pos_ == "PROPN" and doc[i - 1].ent_type_ == t.ent_type_)


def _age_apposition(doc, ftoks: list[int]) -> bool:
    """A bare number set off by commas right after a person's name ('Mr Sullivan, 42,',
    'Armando Sanjurjo, 73.'): news style for an age. The annotations list these in
    must_not_claim (train: 'Mr Sullivan, 42', 'Lazaro Gonzalez, 49'; dev: 'Oleksii Vlasenko, 32')."""
    if len(ftoks) != 1:
        return False
    i = ftoks[0]
    t = doc[i]
    if i < 2 or not t.text.isdigit() or not 1 <= int(t.text) <= 120 or doc[i - 1].text != ",":
        return False
    name = doc[i - 2]
    # a place is no person ('in Bucha, 12.' would be odd news style, but keep it a count);
    # the NER often takes a foreign surname for an organisation ('Kuvshynova, 24.')
    if name.pos_ != "PROPN" or name.ent_type_ in ("GPE", "LOC", "FAC", "NORP"):
        return False
    return i + 1 == len(doc) or doc[i + 1].text in (",", ".", ";", ")")


def _token_range(doc, start: int, end: int) -> list[int]:
    return [t.i for t in doc if t.idx < end and t.idx + len(t.text) > start]


def _token_range_fast(doc, start: int, end: int) -> list[int]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return _token_range(doc, start, end)
    return list(range(span.start, span.end))


def _is_year(doc, text: str, start: int, end: int, ftoks: list[int]) -> bool:
    """A bare 4-digit figure in 1500..2100: a year unless it counts a plural noun right after
    it ("2000 soldiers"). A strong year word before it ("in", "since", "the", a month) wins
    even then: "In 2014 Russian troops seized..." is far more common than "in 2000 trucks"."""
    before = text[max(0, start - 24):start]
    if _YEARPREP_BEFORE.search(before):
        return True
    counts_plural = False
    if doc is not None and ftoks:
        t = doc[ftoks[-1]]
        h = t.head
        if h.i > t.i and h.i - t.i <= 3 and h.tag_ in ("NNS", "NNPS") and t.dep_ in ("nummod", "compound", "amod") \
                and h.lower_ not in TIME_NOUNS and h.lemma_.lower() not in TIME_NOUNS \
                and all(doc[k].pos_ in ("ADJ", "NOUN", "PROPN") for k in range(t.i + 1, h.i)):
            counts_plural = True
    else:
        nxt = re.match(r"\s+([A-Za-z]+)", text[end:end + 30])
        counts_plural = bool(nxt and nxt.group(1).lower().endswith("s")
                             and nxt.group(1).lower() not in TIME_NOUNS)
    return not counts_plural


def find_quantities(doc, *, decimal_comma: bool | None = None) -> list[QuantityMention]:
    """All figure phrases in a parsed Doc or Span, typed, with the counted noun for counts
    (and for measures/percents followed by "of"). Offsets are into the Doc's text."""
    if doc is None:
        return []
    full = getattr(doc, "doc", doc)
    base = getattr(doc, "start_char", 0) if full is not doc else 0
    ftext = doc_text(full)
    text = ftext if full is doc else doc.text
    out: list[QuantityMention] = []
    for r in _scan(text, decimal_comma):
        s, e = r.start + base, r.end + base
        ftoks = _token_range_fast(full, s, e)
        if r.bare_one:
            if _ONE_BEFORE.search(ftext, max(0, s - 12), s) or _ONE_AFTER.match(ftext, e):
                continue
            if ftoks and full[ftoks[0]].pos_ != "NUM" and full[ftoks[0]].tag_ != "CD":
                continue
        kind = r.kind
        q = r.quantity
        bare = q is not None and not (q.approx or q.increment or q.low is not None or q.high is not None)
        if kind == "count" and bare and ftoks and _inside_name(full, ftoks[0]):
            kind = "label"   # "Nord Stream 1", "Windows 10": a number inside a name
        if kind == "count" and bare and _age_apposition(full, ftoks):
            kind = "age"     # "Mr Zakrzewski, 55, who worked for Fox News": a person's age
        if kind == "count" and (ftext[max(0, s - 2):s][:1].isdigit() and ftext[s - 1:s] == "/"
                                or ftext[e:e + 1] == "/" and ftext[e + 1:e + 2].isdigit()):
            kind = "date"    # "scheduled for 9/11", "24/7": a number of a slashed date, no count
        if r.year_candidate:
            if _is_year(full, ftext, s, e, ftoks):
                kind = "year"
                if q is not None:
                    q = Quantity(q.value, q.low, q.high, False, False, q.text)
        if kind == "ordinal" and ftoks:
            t = full[ftoks[0]]
            if t.lower_ == "second" and t.pos_ == "NOUN":
                continue
        mention = QuantityMention(s, e, ftext[s:e], q, kind)
        mention.whole = kind == "count" and ftext[max(0, s - 8):s].rstrip().lower().endswith("out of")
        if kind in ("count", "measure", "percent") and ftoks:
            end_tok = ftoks[-1] + 1
            if kind == "count":
                head = _find_noun(full, ftoks, end_tok)
            else:   # "10 tons of aid", "40% of voters"
                head = None
                if end_tok < len(full) and full[end_tok].lower_ == "of":
                    head = _after_of(full[end_tok])
            if head is not None:
                item, container = _descend_container(head)
                if container is not None:
                    mention.counts_other = container.text
                lo = end_tok if item.i > ftoks[-1] else 0
                if item is not head or (item.i > end_tok and full[item.i - 1].lower_ == "of"):
                    lo = item.i
                    while lo > 0 and full[lo - 1].lower_ != "of" and full[lo - 1].dep_ not in ("det", "nummod") \
                            and item.is_ancestor(full[lo - 1]) and not full[lo - 1].like_num:
                        lo -= 1
                st = _np_start(item, lo)
                mention.noun = item.text
                mention.noun_token = item.i
                mention.noun_start = full[st].idx
                mention.noun_end = item.idx + len(item.text)
        if kind == "count" and mention.noun_token is not None:
            nt = full[mention.noun_token]
            if nt.lower_ in DURATION_WORDS and nt.i == (ftoks[-1] + 1 if ftoks else -1):
                mention.kind = "duration"
        out.append(mention)
    return out


def stage_rows(text: str, *, dct=None) -> list[dict]:
    """Rows for `newsledger stage quantities FILE`: one per figure phrase."""
    from newsledger.analyze import nlp

    if not text:
        return []
    doc = nlp.load()(text)
    return [m.to_row() for m in find_quantities(doc)]


__all__ = ["QuantityMention", "parse_number", "find_quantities", "stage_rows", "KINDS"]
