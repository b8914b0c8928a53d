#!/usr/bin/env python3
"""A store of real news-bench articles for screenshots and spot checks of the web app:
the Ukraine-war subset (ukr/) then KCNA (kcna/, those naming Russia first), never an article
of RESERVED.txt nor a verbatim copy of one under another id.

    .venv/bin/python scripts/news_bench_store.py --db /tmp/news-bench.db [--articles 1310]
    .venv/bin/python scripts/screenshots.py --db /tmp/news-bench.db

Near-duplicates are folded by ingest, so the store holds fewer documents than articles read.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


def select(corpus: Path, reserved_file: Path, n: int) -> list[dict]:
    reserved = {line.strip() for line in reserved_file.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")}
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    reserved_texts = {r["text"].strip() for r in rows if r["id"] in reserved}
    ok = [r for r in rows if r["id"] not in reserved and r["text"].strip() not in reserved_texts]
    ukr = [r for r in ok if r["id"].startswith("ukr/")]
    kcna = [r for r in ok if r["id"].startswith("kcna/")]
    kcna.sort(key=lambda r: "Russia" not in r["text"])   # stable: those naming Russia first
    return (ukr + kcna)[:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--articles", type=int, default=1310)
    ap.add_argument("--corpora", type=Path, default=SHARED)
    args = ap.parse_args()
    corpus, reserved = args.corpora / "news-bench.jsonl.gz", args.corpora / "RESERVED.txt"
    for path in (corpus, reserved):
        if not path.exists():
            print(f"{path} not found (../shared/corpora beside the project holds it)", file=sys.stderr)
            return 1
    rows = select(corpus, reserved, args.articles)
    from newsledger.pipeline import ingest
    from newsledger.store.sqlite import SQLiteStore
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "news-bench-subset.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        store = SQLiteStore(args.db)
        try:
            report = ingest([str(source)], store)
            stats = store.stats()
        finally:
            store.close()
    print(f"{len(rows)} articles read, {report.as_dict().get('skipped', 0)} skipped; "
          f"{args.db}: {stats['documents']} documents, {stats['claims']} claims")
    return 0


if __name__ == "__main__":
    sys.exit(main())
