"""Ingest throughput without claim extraction: news-bench (4,512 real articles) into a fresh
SQLite store through the real path (JSON Lines reader, cleaning, dedup, store).

    .venv/bin/python bench/ingest.py [--corpus PATH] [--limit N] [--claims]

Prints docs/s, peak memory, and the read/new/duplicate/skipped counts.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import NEWS_BENCH, peak_rss_mib, require  # noqa: E402

from newsledger.pipeline import ingest  # noqa: E402
from newsledger.store import open_store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=NEWS_BENCH)
    parser.add_argument("--claims", action="store_true", help="also extract claims (full pipeline)")
    args = parser.parse_args()
    corpus = require(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        started = time.perf_counter()
        with open_store(str(db)) as store:
            report = ingest([str(corpus)], store, claims=args.claims)
            stored = store.count_documents()
        elapsed = time.perf_counter() - started
        size = db.stat().st_size / 2**20
    docs = report.read + report.skipped
    print(f"corpus          {corpus}")
    print(f"claims          {'extracted' if args.claims else 'not extracted'}")
    print(f"read            {report.read}")
    print(f"new             {report.new}")
    print(f"duplicate       {report.duplicate}  near-duplicate {report.near_duplicate}")
    print(f"skipped         {report.skipped}")
    for source, reason in report.reasons[:10]:
        print(f"  skipped {source}: {reason}")
    print(f"stored docs     {stored}")
    print(f"claims          {report.claims}")
    print(f"elapsed         {elapsed:.1f} s")
    print(f"throughput      {docs / elapsed:.1f} docs/s")
    print(f"peak memory     {peak_rss_mib():.0f} MiB (process RSS)")
    print(f"store size      {size:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
