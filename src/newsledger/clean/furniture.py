"""Page furniture: the patterns (data in `knowledge/furniture.yaml`) and the line pass that
applies them. The YAML format is documented at the top of that file.

The pass works on already-extracted text, one line at a time, plus a two-line window for
instrument-name + price pairs. It never drops a line that looks like a real sentence unless
the pattern says so (`sentence_ok`), and it only tests short lines (`max_chars`), which also
keeps it fast: long body paragraphs skip every regex.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from newsledger.knowledge import parse_yaml

ACTIONS = ("drop", "prefix", "split", "pair")
_DEFINE_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_MAX_CHARS = 400
BUILTIN_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "furniture.yaml"


@dataclass(frozen=True)
class Pattern:
    name: str
    kind: str
    action: str
    regex: re.Pattern[str]
    next: re.Pattern[str] | None = None
    max_words: int | None = None
    max_chars: int = _MAX_CHARS
    sentence_ok: bool = False


@dataclass
class PatternSet:
    """Compiled patterns, grouped by action, in file order (the first match wins)."""
    patterns: list[Pattern]
    publication_in_text: list[re.Pattern[str]] = field(default_factory=list)
    outlet_in_text: list[re.Pattern[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.split = [p for p in self.patterns if p.action == "split"]
        self.pair = [p for p in self.patterns if p.action == "pair"]
        self.drop = [p for p in self.patterns if p.action == "drop"]
        self.prefix = [p for p in self.patterns if p.action == "prefix"]

    def names(self) -> list[str]:
        return [p.name for p in self.patterns]


def _expand(regex: str, defines: dict[str, str], depth: int = 0) -> str:
    if depth > 10:
        raise ValueError(f"furniture defines nest too deeply near {regex[:60]!r}")

    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in defines:
            raise ValueError(f"furniture pattern uses undefined {{{name}}}")
        return "(?:" + _expand(defines[name], defines, depth + 1) + ")"

    return _DEFINE_REF.sub(sub, regex)


def _compile(regex: str, defines: dict[str, str], flags: str = "") -> re.Pattern[str]:
    value = 0
    for letter in flags or "":
        value |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}[letter]
    return re.compile(_expand(regex, defines), value)


def _read(path: str | Path | None) -> dict:
    if path is None:
        text = BUILTIN_PATH.read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = parse_yaml(text) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path or 'furniture.yaml'}: expected a mapping at the top level")
    return data


def load_patterns(extra_paths: Iterable[str | Path] = ()) -> PatternSet:
    """The built-in furniture patterns, extended by user files (same YAML layout): their
    `defines` and `patterns` are added, a pattern with a built-in name replaces it, and
    `disable: [names]` removes built-ins."""
    defines: dict[str, str] = {}
    raw_patterns: dict[str, dict] = {}
    pub: list[str] = []
    out: list[str] = []
    for path in [None, *extra_paths]:
        data = _read(path)
        defines.update({str(k): str(v) for k, v in (data.get("defines") or {}).items()})
        for name in data.get("disable") or []:
            raw_patterns.pop(str(name), None)
        for entry in data.get("patterns") or []:
            if not isinstance(entry, dict) or "name" not in entry or "regex" not in entry:
                raise ValueError(f"{path or 'furniture.yaml'}: each pattern needs `name` and `regex`: {entry!r}")
            action = entry.get("action", "drop")
            if action not in ACTIONS:
                raise ValueError(f"{path}: pattern {entry['name']!r}: action must be one of {ACTIONS}")
            if action == "pair" and "next" not in entry:
                raise ValueError(f"{path}: pair pattern {entry['name']!r} needs `next`")
            raw_patterns.pop(str(entry["name"]), None)  # a replacement moves to the new position
            raw_patterns[str(entry["name"])] = entry
        pub += [str(r) for r in data.get("publication_in_text") or []]
        out += [str(r) for r in data.get("outlet_in_text") or []]

    compiled = []
    for name, entry in raw_patterns.items():
        flags = str(entry.get("flags", ""))
        try:
            compiled.append(Pattern(
                name=name, kind=str(entry.get("kind", "other")), action=entry.get("action", "drop"),
                regex=_compile(str(entry["regex"]), defines, flags),
                next=_compile(str(entry["next"]), defines, flags) if entry.get("next") else None,
                max_words=entry.get("max_words"), max_chars=int(entry.get("max_chars", _MAX_CHARS)),
                sentence_ok=bool(entry.get("sentence_ok", False)),
            ))
        except re.error as exc:
            raise ValueError(f"furniture pattern {name!r}: bad regex: {exc}") from exc
    # prose patterns run over body paragraphs, which are long: keep them case-sensitive
    return PatternSet(compiled, [_compile(r, defines) for r in pub], [_compile(r, defines) for r in out])


def looks_like_sentence(line: str) -> bool:
    """A real body sentence: more than 8 words and a final stop. Never dropped by a loose
    pattern."""
    return len(line.split()) > 8 and bool(_SENTENCE_END.search(line))


def is_body_line(line: str) -> bool:
    """A line that starts the article body (used to tell header from body)."""
    return len(line.split()) >= 6 and bool(_SENTENCE_END.search(line))


@dataclass
class Harvest:
    """Metadata found in furniture lines, in text order: (group name, value, before_body)."""
    items: list[tuple[str, str, bool]] = field(default_factory=list)

    def add(self, match: re.Match[str], before_body: bool) -> None:
        for key, value in match.groupdict().items():
            if value and value.strip():
                self.items.append((key, value.strip(), before_body))

    def values(self, key: str, *, before_body: bool | None = None) -> list[str]:
        return [v for k, v, b in self.items if k == key and (before_body is None or b == before_body)]


@dataclass
class LinePass:
    lines: list[str]          # kept lines ("" = paragraph break)
    removed: list[str]
    harvest: Harvest
    body_start: int | None    # index in `lines` of the first body sentence


def _fits(p: Pattern, line: str, words: int) -> bool:
    return len(line) <= p.max_chars and (p.max_words is None or words <= p.max_words)


def _split_line(line: str, patterns: Sequence[Pattern]) -> list[str]:
    """Cut furniture glued to the start of a line into its own line (repeatedly)."""
    out: list[str] = []
    rest = line
    for _ in range(8):  # each split shortens the line; 8 is plenty
        for p in patterns:
            m = p.regex.match(rest)
            if m and m.group("head") and m.end() < len(rest):
                out.append(rest[: m.end("head")].strip())
                rest = rest[m.end():].strip()
                break
        else:
            break
    out.append(rest)
    return out


def apply(text: str, patterns: PatternSet) -> LinePass:
    """Run the furniture patterns over normalised text (lines already stripped)."""
    lines: list[str] = []
    for line in text.split("\n"):
        if line and patterns.split:
            lines.extend(_split_line(line, patterns.split))
        else:
            lines.append(line)

    keep = [True] * len(lines)
    removed: list[str] = []
    harvest = Harvest()
    body_seen = False
    body_start: int | None = None
    kept: list[str] = []
    nonblank = [i for i, l in enumerate(lines) if l]
    next_nonblank = {a: b for a, b in zip(nonblank, nonblank[1:])}

    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        if not line:
            kept.append("")
            continue
        words = len(line.split())
        verdict = None  # (pattern, match) when dropped
        # instrument name + price on the next line
        j = next_nonblank.get(i)
        if j is not None:
            for p in patterns.pair:
                if _fits(p, line, words) and p.regex.fullmatch(line) and p.next is not None \
                        and len(lines[j]) <= p.max_chars and p.next.fullmatch(lines[j]):
                    keep[j] = False
                    removed.extend([line, lines[j]])
                    verdict = (p, None)
                    break
        if verdict is not None:
            continue
        sentence = looks_like_sentence(line)
        for p in patterns.drop:
            if (sentence and not p.sentence_ok) or not _fits(p, line, words):
                continue
            m = p.regex.fullmatch(line)
            if m:
                harvest.add(m, not body_seen)
                removed.append(line)
                verdict = (p, m)
                break
        if verdict is not None:
            continue
        if not body_seen:
            # datelines sit at the start of the first body paragraph only
            for p in patterns.prefix:
                if len(line) < 3:
                    break
                m = p.regex.match(line)
                if m and m.end() < len(line):
                    harvest.add(m, True)
                    removed.append(line[: m.end()].strip())
                    line = line[m.end():].lstrip()
                    break
        kept.append(line)
        if not body_seen and is_body_line(line):
            body_seen = True
            body_start = len(kept) - 1
    return LinePass(kept, removed, harvest, body_start)
