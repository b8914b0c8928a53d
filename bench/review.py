"""Latency of review in the web app over a large store.

    .venv/bin/python bench/review.py --db STORE [--runs 20] [--writes 10]

STORE is a store built by `bench/api.py --db STORE` (100,000 claims by default); it is copied
first, so the reviews written here do not stay in it. Prints the review queue's cold time
(ranking every claim once per store state) and warm p50 / p95, the p50 / p95 of a review
write (POST /review.json: one transaction with its audit row), and what the first request
after a write costs (the register is rebuilt because a claim changed).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore", message=".*httpx.*")

from fastapi.testclient import TestClient  # noqa: E402

from newsledger.web import create_app  # noqa: E402

TOKEN = "bench"


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def line(name: str, times: list[float]) -> None:
    print(f"{name:44} {statistics.median(times):9.1f} {percentile(times, 0.95):9.1f} {max(times):9.1f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="a store built by bench/api.py --db")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--writes", type=int, default=10)
    args = ap.parse_args()
    if not args.db.exists():
        print(f"{args.db}: no such store; build one with bench/api.py --db {args.db}", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="newsledger-bench-review-"))
    db = work / "newsledger.db"
    shutil.copy(args.db, db)
    client = TestClient(create_app(db, token=TOKEN, allow_review=True, reviewer="bench"),
                        headers={"X-Newsledger-Token": TOKEN})
    t0 = time.perf_counter()
    client.get("/.json")
    print(f"register build (cold start): {time.perf_counter() - t0:.2f}s")
    cold = timed(lambda: client.get("/review.json"))
    queue = client.get("/review.json").json()
    print(f"review queue: {queue['total']} unreviewed claims; first page (ranks them all) {cold:.0f} ms")
    print(f"\n{'query':44} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    for name, url in (("review queue /review.json (warm)", "/review.json"),
                      ("review queue page 2", "/review.json?offset=25"),
                      ("review queue page (HTML)", "/review")):
        line(name, [timed(lambda u=url: client.get(u)) for _ in range(args.runs)])
    writes, after = [], []
    for claim in queue["claims"][:args.writes]:
        body = {"doc_id": claim["doc_id"], "claim_id": claim["id"], "action": "verify"}
        writes.append(timed(lambda b=body: client.post("/review.json", json=b).raise_for_status()))
        after.append(timed(lambda: client.get("/review.json")))
    line("review write POST /review.json", writes)
    line("first queue page after a write", after)
    line("document page after a write", [timed(lambda: client.get(f"/document/{queue['claims'][0]['doc_id']}.json"))
                                         for _ in range(args.runs)])
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
