#!/usr/bin/env python3
"""Score `newsledger extract` on the news-bench gold claims (bench/gold/newsbench.gold.json).

    python bench/score_newsbench.py [--gold PATH] [--corpus PATH] [--keep DIR] [--json]

Pulls the gold's articles out of ../shared/corpora/news-bench.jsonl.gz by their
`source`, checks that every gold anchor occurs exactly once in its article,
writes each article's text to `<file>` (the gold document's `file`, a plain .txt
name) in a temporary folder, runs `newsledger extract --format jsonl` on that
folder with the venv's newsledger, and prints ../shared/eval/score.py --verbose
on the output. The corpus is never copied into the project.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "bench" / "gold" / "newsbench.gold.json"
CORPUS = SHARED / "corpora" / "news-bench.jsonl.gz"
SCORER = SHARED / "eval" / "score.py"


def safe_name(source: str) -> str:
    """The plain-text file name for a news-bench `source` (matches the gold `file`)."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", source.replace("/", "__"))
    return name if name.endswith(".txt") else name + ".txt"


def load_articles(corpus: Path, sources: set[str]) -> dict[str, dict]:
    if not corpus.exists():
        sys.exit(f"{corpus}: not found (the corpora live in ../shared/corpora beside the project)")
    found: dict[str, dict] = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["source"] in sources:
                found[row["source"]] = row
    return found


def check_gold(gold: dict, articles: dict[str, dict]) -> int:
    """Print every problem (missing article, bad file name, anchor not exactly once); return the count."""
    problems = 0
    for doc in gold["documents"]:
        article = articles.get(doc["source"])
        if article is None:
            print(f"MISSING ARTICLE: {doc['source']}")
            problems += 1
            continue
        if doc.get("id") and article.get("id") != doc["id"]:
            print(f"ID MISMATCH: {doc['source']}: gold {doc['id']!r}, corpus {article.get('id')!r}")
            problems += 1
        if doc["file"] != safe_name(doc["source"]):
            print(f"FILE NAME: {doc['file']!r} should be {safe_name(doc['source'])!r}")
            problems += 1
        text = article["text"]
        for claim in doc["claims"]:
            anchor = claim["anchor"]
            count = text.count(anchor)
            if count != 1 or len(anchor.split()) < 4:
                print(f"BAD ANCHOR ({count} occurrences, {len(anchor.split())} words): {doc['file']}: {anchor!r}")
                problems += 1
        for banned in doc.get("must_not_claim", []):
            if banned not in text:
                print(f"MUST_NOT_CLAIM NOT IN TEXT: {doc['file']}: {banned!r}")
                problems += 1
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--keep", type=Path, help="write the articles and records here instead of a temp folder")
    parser.add_argument("--json", action="store_true", help="print the score summary as JSON only (no --verbose)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds to allow newsledger extract (default 900)")
    args = parser.parse_args()

    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    articles = load_articles(args.corpus, {d["source"] for d in gold["documents"]})
    problems = check_gold(gold, articles)
    required = sum(1 for d in gold["documents"] for c in d["claims"] if c.get("required", True))
    total = sum(len(d["claims"]) for d in gold["documents"])
    print(f"gold: {len(gold['documents'])} documents, {required} required + {total - required} optional claims; "
          f"{problems} problem(s)")

    with tempfile.TemporaryDirectory(prefix="newsbench-") as tmp:
        work = args.keep or Path(tmp)
        docs_dir = work / "articles"
        docs_dir.mkdir(parents=True, exist_ok=True)
        for doc in gold["documents"]:
            article = articles.get(doc["source"])
            if article is not None:
                (docs_dir / doc["file"]).write_text(article["text"], encoding="utf-8")
        records = work / "records.jsonl"
        newsledger = Path(sys.executable).with_name("newsledger")
        command = [str(newsledger), "extract", "--format", "jsonl", str(docs_dir)]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
        except subprocess.TimeoutExpired:
            print(f"newsledger extract did not finish within {args.timeout:.0f} s: {' '.join(command)}")
            return 2
        except OSError as exc:
            print(f"could not run {newsledger}: {exc}")
            return 2
        if run.returncode != 0:
            print(f"newsledger extract failed (exit {run.returncode}):\n{run.stderr[-4000:]}")
            return 2
        records.write_text(run.stdout, encoding="utf-8")
        score = [sys.executable, str(SCORER), "--gold", str(args.gold), "--pred", str(records)]
        score.append("--json" if args.json else "--verbose")
        result = subprocess.run(score, capture_output=True, text=True)
        # score.py prints wrong-slot notes on stderr and the rest on stdout
        if result.stderr:
            print(result.stderr, end="")
        print(result.stdout, end="")
        return result.returncode or (1 if problems else 0)


if __name__ == "__main__":
    sys.exit(main())
