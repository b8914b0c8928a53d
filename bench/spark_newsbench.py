"""The Spark job against the single-process path over all of news-bench (4,512 articles).

    .venv/bin/python bench/spark_newsbench.py [--corpus PATH] [--master local[2]] [--partitions N]

1. single process: `pipeline.ingest` into a fresh SQLite store (one process, as `ingest`
   without --workers);
2. Spark: `python -m newsledger.scale.spark CORPUS OUT` in local mode, as a user runs it
   (wall time includes starting the JVM and the Python workers);
3. `newsledger.scale.load` of OUT into a second fresh store.

Prints document and claim counts and times, and whether the two stores hold the same
documents (ids, duplicate_of, sources) and the same claims (full records). Exit status 1
when they differ.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import NEWS_BENCH, require  # noqa: E402

from newsledger.pipeline import ingest  # noqa: E402
from newsledger.scale.load import load  # noqa: E402
from newsledger.store import open_store  # noqa: E402


def _dump(db: Path) -> dict[str, set]:
    con = sqlite3.connect(db)
    try:
        return {
            "documents": set(con.execute("SELECT id, source, duplicate_of, title, text, published, claim_count FROM documents")),
            "sources": set(con.execute("SELECT source, doc_id, role FROM sources")),
            "claims": set(con.execute("SELECT doc_id, seq, record FROM claims")),
        }
    finally:
        con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=NEWS_BENCH)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=None)
    args = parser.parse_args()
    corpus = str(require(args.corpus))

    with tempfile.TemporaryDirectory(prefix="spark-bench-") as tmp:
        single_db, spark_db, out = Path(tmp) / "single.db", Path(tmp) / "spark.db", Path(tmp) / "out"

        started = time.perf_counter()
        with open_store(str(single_db)) as store:
            single = ingest([corpus], store)
        single_s = time.perf_counter() - started
        print(f"single process  {single_s:7.1f} s  read {single.read}  documents {single.new + single.near_duplicate}"
              f"  claims {single.claims}", flush=True)

        command = [sys.executable, "-m", "newsledger.scale.spark", corpus, str(out), "--master", args.master,
                   "--conf", "spark.ui.showConsoleProgress=false"]
        if args.partitions:
            command += ["--partitions", str(args.partitions)]
        started = time.perf_counter()
        subprocess.run(command, check=True, env={**os.environ, "PYSPARK_PYTHON": sys.executable})
        spark_s = time.perf_counter() - started
        import json
        manifest = json.loads((out / "_newsledger.json").read_text())
        counts = manifest["counts"]
        print(f"spark {args.master:9} {spark_s:7.1f} s  (job {manifest['counts']['seconds']:.1f} s, "
              f"{manifest['partitions']} partitions)  read {counts['read']}  documents {counts['documents']}"
              f"  claims {counts['claims']}", flush=True)

        started = time.perf_counter()
        with open_store(str(spark_db)) as store:
            loaded = load(str(out), store)
        load_s = time.perf_counter() - started
        print(f"load            {load_s:7.1f} s  new {loaded.new}  near {loaded.near_duplicate}"
              f"  claims {loaded.claims}", flush=True)

        a, b = _dump(single_db), _dump(spark_db)
        print()
        print(f"{'':12} {'single':>10} {'spark':>10}")
        for name in ("read", "new", "duplicate", "near_duplicate", "skipped", "claims"):
            print(f"{name:12} {getattr(single, name):>10} {counts[name]:>10}")
        print(f"{'documents':12} {len(a['documents']):>10} {len(b['documents']):>10}  (in the stores)")
        print(f"{'claims':12} {len(a['claims']):>10} {len(b['claims']):>10}  (in the stores)")
        print(f"{'time (s)':12} {single_s:>10.1f} {spark_s:>10.1f}  (+ {load_s:.1f} s load)")
        same = True
        for table in ("documents", "sources", "claims"):
            only_a, only_b = a[table] - b[table], b[table] - a[table]
            equal = not only_a and not only_b
            same &= equal
            print(f"{table:12} {'equal' if equal else f'DIFFER: {len(only_a)} only single, {len(only_b)} only spark'}")
        print(f"claim counts {'EQUAL' if single.claims == counts['claims'] == len(b['claims']) else 'DIFFERENT'}")
        return 0 if same and single.claims == counts["claims"] else 1


if __name__ == "__main__":
    sys.exit(main())
