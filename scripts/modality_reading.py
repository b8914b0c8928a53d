#!/usr/bin/env python3
"""A sample of news-bench claims to read for modality by hand.

    .venv/bin/python scripts/modality_reading.py [--articles 300] [--claims 100] [--seed 15]

Draws a seeded sample of news-bench articles (never one listed in RESERVED.txt nor one whose
name falls in the annotated corpus's test split), extracts their claims and prints a seeded
sample of them, each with its trigger, the modality the extractor gives and its sentence, for
a reader to judge. The judged reading of the last run is in docs/modality.md.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsledger import goldset  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"


def sample_articles(count: int, seed: int) -> list[dict]:
    bench = CORPORA / "news-bench.jsonl.gz"
    if not bench.exists():
        raise SystemExit(f"{bench}: not found")
    reserved = {line.strip() for line in (CORPORA / "RESERVED.txt").read_text().splitlines()
                if line.strip() and not line.startswith("#")}
    articles = []
    with gzip.open(bench, "rt", encoding="utf-8") as fh:
        for line in fh:
            article = json.loads(line)
            name = goldset.name_of("news-bench", article["id"])
            if article["id"] not in reserved and goldset.split_of(name) != "test":
                articles.append(article)
    random.Random(seed).shuffle(articles)
    return articles[:count]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--claims", type=int, default=100)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    from newsledger.pipeline import extract_records
    claims = []
    with tempfile.TemporaryDirectory(prefix="newsledger-reading-") as tmp:
        paths = []
        for article in sample_articles(args.articles, args.seed):
            path = Path(tmp) / f"{goldset.name_of('news-bench', article['id'])}.txt"
            path.write_text((article.get("title") or "") + "\n\n" + article["text"], encoding="utf-8")
            paths.append(str(path))
        for doc in extract_records(sorted(paths)):
            for claim in doc.to_dict()["claims"]:
                claims.append((Path(doc.source).stem, claim))
    chosen = sorted(random.Random(100).sample(range(len(claims)), min(args.claims, len(claims))))
    for number, index in enumerate(chosen):
        name, claim = claims[index]
        trigger = claim["extractor"].split("/", 1)[1].split("+")[0]
        print(f"{number:3d} {name} {trigger} {claim['modality']}\n    {claim['evidence']['text'][:400]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
