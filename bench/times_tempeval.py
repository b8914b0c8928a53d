"""Benchmark extract/times.py on TempEval-3 (TimeBank + AQUAINT, TimeML gold).

For every .tml file: strip the tags to plain text (keeping the offsets of the gold
TIMEX3s), take the DCT as the reference date, run find_times, and score the gold
type="DATE" expressions:

  span recall relaxed  gold DATE spans overlapped by one of our expressions
  span recall strict   gold DATE spans we found with exactly the same offsets
  value accuracy       among gold DATE spans we overlapped, our value == gold value
  precision            our DATE outputs that overlap any gold TIMEX3 (any type)
  ms/doc               find_times time per document

and, as TempEval-3 scores systems (UzZaman et al. 2013), over every TIMEX3 type (DATE, TIME,
DURATION, SET) with one-to-one matching of overlapping spans:

  relaxed P / R / F1   our expressions vs the gold TIMEX3s, any overlap
  strict F1            exact offsets
  value F1             relaxed F1 x the share of matched pairs with the gold value
                       (issue 15's target: above 0.80, its figure for HeidelTime)

The corpus has no split of its own, so --part keeps one: every fourth file in name order
is "held-out" (never studied when tuning), the rest "tune"; "all" is both.

    .venv/bin/python bench/times_tempeval.py [--corpus PATH] [--part all|tune|held-out]
                                             [--errors N] [--show KIND] [--misses] [--fp]
"""
from __future__ import annotations

import argparse
import html
import re
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsledger.extract.times import find_times  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "tempeval3-dev"
TAG = re.compile(r"<(/?)(\w+)([^>]*?)(/?)>")
ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_tml(raw: str) -> tuple[date | None, str, list[dict]]:
    dct_match = re.search(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", raw, re.S)
    dct = date.fromisoformat(dct_match.group(1)) if dct_match else None
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    out: list[str] = []
    pos = 0
    length = 0
    gold: list[dict] = []
    open_timex: dict | None = None
    for m in TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])  # per chunk, so gold offsets stay exact
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = dict(ATTR.findall(attrs))
            open_timex["start"] = length
        elif open_timex is not None:
            open_timex["end"] = length
            gold.append(open_timex)
            open_timex = None
    out.append(html.unescape(body[pos:]))
    text = "".join(out)
    for g in gold:
        g["text"] = text[g["start"]:g["end"]]
    return dct, text, gold


def classify(gold_value: str, pred_value: str) -> str:
    def shape(v: str) -> str:
        return re.sub(r"\d", "9", v)
    if shape(gold_value) != shape(pred_value):
        return f"shape {shape(gold_value)} vs {shape(pred_value)}"
    if gold_value[:4] != pred_value[:4]:
        return f"year off ({shape(gold_value)})"
    return f"within-year off ({shape(gold_value)})"


def score_te3(name: str, text: str, gold: list[dict], found: list, errors: list[str]) -> Counter:
    """TempEval-3 counts for one document: gold and system expressions, one-to-one matches
    of overlapping spans (largest overlap first), exact ones, and matches with the gold
    value and type. A range we write as one expression ("from 1990 to 1995", value
    "1990/1995") matches the gold TIMEX3 of each end, with that end's value."""
    system = []
    for e in found:
        if e.mod == "RANGE" and "/" in e.value:
            # the two ends as TimeML annotates them: separate expressions
            left, right = e.value.split("/", 1)
            # each end has its own words: split the span at its last link word
            links = list(re.finditer(r"\s*(?:-|–|\bto\b|\band\b|\bthrough\b|\buntil\b|\btill\b)\s*", e.text))
            cut = (links[-1].start(), links[-1].end()) if links else (len(e.text), 0)
            system.append((e.start, e.start + cut[0], left, e.type, e.text))
            system.append((e.start + cut[1], e.end, right, e.type, e.text))
        else:
            system.append((e.start, e.end, e.value, e.type, e.text))
    pairs = []
    for gi, g in enumerate(gold):
        for si, (s, e, _, _, _) in enumerate(system):
            overlap = min(e, g["end"]) - max(s, g["start"])
            if overlap > 0:
                pairs.append((overlap, gi, si))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_s: set[int] = set()
    counts = Counter(gold=len(gold), system=len(system))
    for _, gi, si in pairs:
        if gi in used_g or si in used_s:
            continue
        used_g.add(gi)
        used_s.add(si)
        g, (s, e, value, typ, stext) = gold[gi], system[si]
        counts["matched"] += 1
        counts["strict"] += s == g["start"] and e == g["end"]
        counts["value"] += value == g.get("value")
        counts["type"] += typ == g.get("type")
        if value != g.get("value"):
            errors.append(f"VALUE {name}: gold {g['text']!r}={g.get('value')} ours {stext!r}={value} | "
                          + text[max(0, s - 60):e + 30].replace("\n", " "))
    for si, (s, e, value, typ, stext) in enumerate(system):
        if si not in used_s:
            errors.append(f"SPURIOUS {name}: {stext!r}={value} ({typ}) | "
                          + text[max(0, s - 60):e + 30].replace("\n", " "))
    for gi, g in enumerate(gold):
        if gi not in used_g:
            errors.append(f"MISSED {name}: {g['text']!r}={g.get('value')} ({g.get('type')}) | "
                          + text[max(0, g['start'] - 60):g['end'] + 30].replace("\n", " "))
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--part", choices=("all", "tune", "held-out"), default="all",
                    help="held-out = every fourth file in name order, tune = the others")
    ap.add_argument("--all-errors", action="store_true",
                    help="print every value error and spurious expression of the TempEval-3 scoring")
    ap.add_argument("--errors", type=int, default=15, help="error kinds to list")
    ap.add_argument("--show", default=None, help="print the examples of error kinds containing this")
    ap.add_argument("--misses", action="store_true", help="print missed gold DATE spans")
    ap.add_argument("--fp", action="store_true", help="print our DATE outputs with no gold")
    args = ap.parse_args(argv)
    files = sorted(args.corpus.glob("**/*.tml"), key=lambda p: p.name)
    if args.part != "all":
        files = [f for i, f in enumerate(files) if (i % 4 == 3) == (args.part == "held-out")]
    if not files:
        print(f"no .tml files under {args.corpus}", file=sys.stderr)
        return 2
    n_gold = relaxed = strict = value_ok = value_seen = 0
    n_pred = pred_ok = 0
    errors: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    misses: Counter[str] = Counter()
    fps: Counter[str] = Counter()
    elapsed = 0.0
    te3 = Counter()
    te3_errors: list[str] = []
    for path in files:
        dct, text, gold = parse_tml(path.read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        found = find_times(text, dct)
        elapsed += time.perf_counter() - t0
        te3.update(score_te3(path.name, text, gold, found, te3_errors))
        for g in gold:
            if g.get("type") != "DATE":
                continue
            n_gold += 1
            over = [e for e in found if e.start < g["end"] and g["start"] < e.end]
            if not over:
                misses[g["text"].lower()] += 1
                continue
            relaxed += 1
            if any(e.start == g["start"] and e.end == g["end"] for e in over):
                strict += 1
            best = max(over, key=lambda e: min(e.end, g["end"]) - max(e.start, g["start"]))
            value_seen += 1
            if g["value"] in best.value.split("/"):  # a range "2019/2021" holds both ends
                value_ok += 1
            else:
                kind = classify(g["value"], best.value)
                errors[kind] += 1
                ctx = text[max(0, best.start - 50):best.end + 30].replace("\n", " ")
                examples[kind].append(f"{path.name} dct={dct} gold={g['text']!r}={g['value']} "
                                      f"pred={best.text!r}={best.value} | …{ctx}…")
        for e in found:
            if e.type != "DATE":
                continue
            n_pred += 1
            if any(e.start < g["end"] and g["start"] < e.end for g in gold):
                pred_ok += 1
            else:
                fps[e.text.lower()] += 1

    def ratio(a: int, b: int) -> str:
        return f"{a / b:.3f} ({a}/{b})" if b else "n/a"

    print(f"TempEval-3 dev ({args.part}): {len(files)} documents, {te3['gold']} gold TIMEX3, "
          f"{te3['system']} ours")
    p = te3["matched"] / te3["system"] if te3["system"] else 0.0
    r = te3["matched"] / te3["gold"] if te3["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    sp = te3["strict"] / te3["system"] if te3["system"] else 0.0
    sr = te3["strict"] / te3["gold"] if te3["gold"] else 0.0
    vp = te3["value"] / te3["system"] if te3["system"] else 0.0
    vr = te3["value"] / te3["gold"] if te3["gold"] else 0.0
    print(f"  TempEval-3 scoring, all types: relaxed P {p:.3f} R {r:.3f} F1 {f1:.3f}; "
          f"strict F1 {2 * sp * sr / (sp + sr) if sp + sr else 0:.3f}; "
          f"value P {vp:.4f} R {vr:.4f} F1 {2 * vp * vr / (vp + vr) if vp + vr else 0:.4f}; "
          f"type accuracy {te3['type'] / te3['matched'] if te3['matched'] else 0:.3f}")
    if args.all_errors:
        for line in te3_errors:
            print("  ", line)
    print(f"DATE expressions: {n_gold} gold")
    print(f"  span recall relaxed   {ratio(relaxed, n_gold)}")
    print(f"  span recall strict    {ratio(strict, n_gold)}")
    print(f"  value accuracy        {ratio(value_ok, value_seen)}   (target >= 0.85)")
    print(f"  precision (DATE out)  {ratio(pred_ok, n_pred)}")
    print(f"  time                  {1000 * elapsed / len(files):.2f} ms/doc")
    print("\nmost common value errors:")
    print(f"  {'count':>5}  kind")
    for kind, n in errors.most_common(args.errors):
        print(f"  {n:>5}  {kind}")
        if args.show and args.show in kind:
            for ex in examples[kind][:40]:
                print("         ", ex)
    if args.misses:
        print("\nmost common missed gold DATE spans:")
        for t, n in misses.most_common(60):
            print(f"  {n:>4}  {t!r}")
    if args.fp:
        print("\nmost common DATE outputs without gold:")
        for t, n in fps.most_common(60):
            print(f"  {n:>4}  {t!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
