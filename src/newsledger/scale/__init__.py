"""The batch path: the ingest pipeline on Apache Spark, and loading its result into a store.

    python -m newsledger.scale.spark INPUT... OUTPUT      # or spark-submit ... spark.py
    newsledger load OUTPUT --db ledger.db                # or --db postgresql://...

The job gives the same documents (ids, duplicate_of, sources) and the same claims as
`newsledger ingest` over the same inputs into an empty store; docs/scale.md explains what
runs where. Modules:

- `inputs`  which files (local or any Hadoop-compatible path) and their records, in order;
- `near`    near-duplicate decisions as one global, order-dependent step over LSH buckets;
- `rows`    the Parquet layout of documents and claims (shared by the job and the loader);
- `spark`   the job itself (needs pyspark);
- `load`    Parquet -> store through the Store interface (needs pyarrow only).
"""
from __future__ import annotations

MANIFEST = "_newsledger.json"
FORMAT = "newsledger-spark/1"   # bumped when the Parquet layout changes incompatibly


class ScaleError(Exception):
    """A problem worth showing to the user as one line (bad input, output, or Parquet)."""
