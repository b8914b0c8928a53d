"""The register over news-bench: ingest the corpus (with claims) into a temporary store, build
the register, and print its size and build time; every export is written once to check it.

    .venv/bin/python bench/register.py [--corpus PATH] [--limit N] [--db STORE] [--keep STORE]

`--db` reuses an existing store (no ingest); `--keep` keeps the store it ingests. The full
corpus (4,512 articles) takes about ten minutes to ingest on two shared cores; `--limit 1500`
about a third of that.
"""
from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import NEWS_BENCH, peak_rss_mib, require  # noqa: E402

from newsledger.export import FORMATS, export_register  # noqa: E402
from newsledger.pipeline import ingest  # noqa: E402
from newsledger.register import build_register, copies_from_store  # noqa: E402
from newsledger.store import open_store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=NEWS_BENCH)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--db", type=Path, default=None, help="use this store as is (no ingest)")
    parser.add_argument("--keep", type=Path, default=None, help="ingest into this store and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        if args.db:
            db = require(args.db)
        else:
            corpus = require(args.corpus)
            if args.limit is not None:
                part = tmpdir / "part.jsonl"
                with gzip.open(corpus, "rt", encoding="utf-8") as src, open(part, "w", encoding="utf-8") as dst:
                    for number, line in enumerate(src):
                        if number >= args.limit:
                            break
                        dst.write(line)
                corpus = part
            db = args.keep or tmpdir / "bench.db"
            if db.exists():
                sys.exit(f"{db} exists: remove it or use --db to reuse it")
            started = time.perf_counter()
            with open_store(str(db)) as store:
                report = ingest([str(corpus)], store)
            print(f"ingest          {report.read} read, {report.new} new, {report.claims} claims "
                  f"in {time.perf_counter() - started:.1f} s")
        with open_store(str(db)) as store:
            started = time.perf_counter()
            claims = store.claims()
            copies = copies_from_store(store)
            read = time.perf_counter() - started
            started = time.perf_counter()
            register = build_register(claims, copies=copies)
            built = time.perf_counter() - started
        stats = register.stats()
        print(f"store           {db}")
        print(f"claims read     {len(claims)} in {read:.2f} s")
        print(f"register built  in {built:.2f} s")
        for key in ("threads", "facts", "figures", "conflicts", "flows"):
            print(f"{key:<15} {stats[key]}")
        print(f"timeline rows   {len(register.timeline())}")
        corroborated = sum(1 for f in register.facts if f.n_origins > 1)
        echoed = sum(1 for f in register.facts if f.status == "single origin, echoed")
        print(f"facts with >1 independent origin {corroborated}; single origin echoed {echoed}")
        for fmt in FORMATS:
            started = time.perf_counter()
            target = tmpdir / f"register.{fmt}"
            count = export_register(register, fmt, target)
            print(f"export {fmt:<9} {count:>6} records, {target.stat().st_size / 1024:8.0f} KiB, "
                  f"{time.perf_counter() - started:.2f} s")
        print("top flows:")
        for w in register.flows[:8]:
            d = w.to_dict()
            print(f"  {d['actor']} → {d['recipient']} / {d['category']}: latest {d['latest']}, "
                  f"{d['claims']} claims, {d['origins']} origins")
    print(f"peak memory     {peak_rss_mib():.0f} MiB (process RSS)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
