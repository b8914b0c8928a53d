"""Speed of the quantity parser on text dense with figures (issue: quadratic candidate
selection took 65 s for 100 KB).

    .venv/bin/python bench/quantities_dense.py [--kb 100]

Builds a text of the given size from real figure phrasings (counts, money, ranges,
percentages, dates) and times the pure-text scan, which every figure of every sentence
goes through.
"""
from __future__ import annotations

import argparse
import time

from newsledger.extract.quantities import _scan

PIECES = ["12,000 troops", "$1.5bn", "between 60 and 70 shells", "25 000 workers", "4-6 drones", "40%",
          "on June 17, 2024", "several dozen", "3.2 million rounds", "1 200", "about 700", "2022-23",
          "from 1,200 to 1,500", "nine", "£400m", "150", "7 km", "15 years", "3 to 5 million"]


def dense_text(kb: int) -> str:
    parts, size, i = [], 0, 0
    while size < kb * 1024:
        piece = PIECES[i % len(PIECES)] + ("," if i % 3 else ";")
        parts.append(piece)
        size += len(piece) + 1
        i += 1
    return " ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=100)
    args = parser.parse_args()
    text = dense_text(args.kb)
    started = time.perf_counter()
    found = _scan(text)
    elapsed = time.perf_counter() - started
    print(f"{len(text) / 1024:.0f} KB of dense figures: {len(found)} figures in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
