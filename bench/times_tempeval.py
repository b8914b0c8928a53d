"""Benchmark extract/times.py on TempEval-3 (TimeBank + AQUAINT, TimeML gold).

For every .tml file: strip the tags to plain text (keeping the offsets of the gold
TIMEX3s), take the DCT as the reference date, run find_times, and score the gold
type="DATE" expressions:

  span recall relaxed  gold DATE spans overlapped by one of our expressions
  span recall strict   gold DATE spans we found with exactly the same offsets
  value accuracy       among gold DATE spans we overlapped, our value == gold value
  precision            our DATE outputs that overlap any gold TIMEX3 (any type)
  ms/doc               find_times time per document

    .venv/bin/python bench/times_tempeval.py [--corpus PATH] [--errors N] [--show KIND]
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--errors", type=int, default=15, help="error kinds to list")
    ap.add_argument("--show", default=None, help="print the examples of error kinds containing this")
    ap.add_argument("--misses", action="store_true", help="print missed gold DATE spans")
    ap.add_argument("--fp", action="store_true", help="print our DATE outputs with no gold")
    args = ap.parse_args(argv)
    files = sorted(args.corpus.glob("**/*.tml"))
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
    for path in files:
        dct, text, gold = parse_tml(path.read_text(encoding="utf-8"))
        t0 = time.perf_counter()
        found = find_times(text, dct)
        elapsed += time.perf_counter() - t0
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

    print(f"TempEval-3 dev: {len(files)} documents, {n_gold} gold DATE expressions")
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
