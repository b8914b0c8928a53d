"""Shared helpers for the benchmarks: corpus location and peak memory."""
from __future__ import annotations

import gzip
import json
import resource
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
NEWS_BENCH = CORPORA / "news-bench.jsonl.gz"


def require(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"{path}: not found (the corpora live in ../shared/corpora beside the project)")
    return path


def news_bench(path: Path = NEWS_BENCH, limit: int | None = None) -> Iterator[dict]:
    with gzip.open(require(path), "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                return
            yield json.loads(line)


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
