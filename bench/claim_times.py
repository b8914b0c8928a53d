"""Event times of the annotated corpus's gold claims, from their sentence and article.

For every gold claim with a `time` window (train and dev splits by default; never test
misses), the claim's sentence is the one holding its anchor, the event's offset the anchor's
start; extract/event_time.context_time dates it from the article's expressions
(times.find_times over the whole text, against the publication date), and
occurred_within clips the window of a claim the gold marks `occurred`. Scored as the
evaluation scores the time slot (evaluation.time_matches: inside the gold window).

Two figures: "sentence only" (a date of the claim's own sentence, what the extractor did
before issue 15) and "with the article" (context_time). The claims here are all gold claims,
not only the ones the extractor finds, so the figure does not move with extractor recall.

    .venv/bin/python bench/claim_times.py [--splits train,dev] [--misses]
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsledger import goldset  # noqa: E402
from newsledger.evaluation import time_matches  # noqa: E402
from newsledger.extract.event_time import context_time, occurred_within  # noqa: E402
from newsledger.extract.times import find_times  # noqa: E402

SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n+")


# a full stop after these ends no sentence ("on Oct. 7", "Mr. Biden", "the U.S. troops")
ABBREVIATION = re.compile(r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|"
                          r"Gen|Col|Lt|Sen|Rep|Gov|Prof|No|Mt|Jr|Sr|vs)|\b[A-Z])\.$")


def sentence_of(text: str, at: int) -> tuple[int, int]:
    start = 0
    for m in SENTENCE_END.finditer(text):
        if "\n" not in m.group() and ABBREVIATION.search(text, max(0, m.start() - 6), m.start()):
            continue
        if m.start() >= at:
            return start, m.start()
        start = m.end()
    return start, len(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--splits", default="train,dev")
    ap.add_argument("--misses", action="store_true", help="print the claims dated wrongly (train/dev only)")
    args = ap.parse_args(argv)
    splits = [s.strip() for s in args.splits.split(",") if s.strip()]
    if "test" in splits and args.misses:
        ap.error("the test split is for reporting only: no misses")
    corpora = goldset.Corpora(ROOT.parent / "shared")
    if not corpora.available:
        print("../shared/corpora not found", file=sys.stderr)
        return 2
    docs = {n: d for n, d in goldset.load_annotations(ROOT / "annotations" / "claims").items()
            if goldset.split_of(n) in splits}
    articles = corpora.articles(docs)
    counts: Counter[str] = Counter()
    for name, doc in sorted(docs.items()):
        published = doc.get("published")
        if name not in articles or not isinstance(published, str):
            continue
        text = articles[name].text
        ref = date.fromisoformat(published)
        found = find_times(text, ref)
        for claim in doc["claims"]:
            if "time" not in claim:
                continue
            at = text.find(claim["anchor"])
            if at < 0:
                counts["anchor not found"] += 1
                continue
            counts["claims"] += 1
            lo, hi = sentence_of(text, at)
            own = [e for e in found if lo <= e.start and e.end <= hi and e.type in ("DATE", "TIME")
                   and (e.start_date or e.end_date)]
            before = own[0].to_timespan().to_dict() if own else None
            counts["sentence only"] += time_matches(before, claim["time"])
            expression = context_time(found, text, (lo, hi), at, ref)
            span = expression.to_timespan() if expression else None
            if "occurred" in (claim.get("modality") or ["occurred"]):
                span = occurred_within(span, ref)
            got = span.to_dict() if span else None
            ok = time_matches(got, claim["time"])
            counts["with the article"] += ok
            if args.misses and not ok:
                print(f"--- {name} pub={published} gold={claim['time']} ours={got and (got['start'], got['end'], got['text'])}")
                print("    ", text[lo:hi].replace("\n", " ")[:300])
    n = counts["claims"]
    print(f"gold claims with a time window ({'+'.join(splits)}): {n}  (anchors not found: {counts['anchor not found']})")
    for key in ("sentence only", "with the article"):
        print(f"  {key:<18} {counts[key] / n:.3f} ({counts[key]}/{n})" if n else f"  {key}: n/a")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
