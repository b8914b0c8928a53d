"""The ingest pipeline as a Spark batch job: JSON Lines / WARC in, Parquet out.

    python -m newsledger.scale.spark INPUT... OUTPUT [--partitions N] [--no-claims]
    spark-submit --py-files newsledger.zip .../newsledger/scale/spark.py INPUT... OUTPUT

OUTPUT gets `documents/` and `claims/` (Parquet, see `rows`), `skipped/` (inputs that are not
articles, with the reason) and `_newsledger.json` (counts, versions, inputs), written last.
`newsledger load OUTPUT --db ...` puts the result in a store.

The result equals `newsledger ingest` over the same inputs into an empty store:

    executors  read ─► clean ─► signature ─┐          ┌─► sort by input order ─► claims ─► Parquet
                                           ▼          │
               exact repeats merged by id (first occurrence wins, sources collected)
                                           ▼          │
               LSH band buckets ─► candidate pairs ─► MinHash similarity ≥ threshold
                                           ▼          │
    driver     greedy walk in input order over the similar pairs (ids and scores only)
                                           └─► {near copy: original}, broadcast

Claims are extracted only for originals, in batches of 32 per partition, with one spaCy
pipeline per Python worker process (`ClaimExtractor.default()` is cached per process and
Spark reuses its Python workers).
"""
from __future__ import annotations

import argparse
import datetime as _dt
import functools
import itertools
import json
import os
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from newsledger import __version__, workers
from newsledger.records import RawDocument, Skipped
from newsledger.scale import FORMAT, MANIFEST, ScaleError, rows
from newsledger.scale.inputs import (
    InputFile,
    _java_message,
    jsonl_record,
    list_inputs,
    warc_records,
)
from newsledger.scale.near import (
    Resolver,
    band_keys,
    bucket_pairs,
    deduplicator,
    score_pair,
    signature,
)

BATCH_SIZE = 32                # documents per nlp.pipe batch, as in pipeline.ingest
OUTPUT_PARTS = ("documents", "claims", "skipped", MANIFEST)
KNOWLEDGE_ENV = ("NEWSLEDGER_ONTOLOGY", "NEWSLEDGER_GAZETTEER", "NEWSLEDGER_FURNITURE")


@dataclass
class JobReport:
    """The counts `newsledger ingest` reports for the same input into an empty store."""
    read: int = 0
    new: int = 0
    duplicate: int = 0
    near_duplicate: int = 0
    existing: int = 0
    skipped: int = 0
    claims: int = 0
    documents: int = 0      # distinct documents written (new + near_duplicate)
    failed: int = 0         # originals whose claims could not be extracted (see `load`)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


# ---------------------------------------------------------------- executor side
# Module-level functions: Spark pickles them by reference and imports this module on the
# workers, so per-process caches (Deduplicator, ClaimExtractor, spaCy) live once a worker.

def _jsonl_items(file_index: int, source: str, pair: tuple[bytes, int]) -> list:
    line, index = pair
    item = jsonl_record(source, index + 1, line)
    return [] if item is None else [((file_index, index + 1), item)]


def _uri_path(uri: str) -> str:
    return re.sub(r"^[A-Za-z][A-Za-z0-9+.-]*:(//[^/]*)?", "", uri)


def _warc_items(files: dict[str, tuple[int, str]], pair: tuple[str, bytes]) -> Iterator:
    uri, data = pair
    # binaryFiles names files as the listing did; the path alone covers a spelling that
    # differs only in the scheme part (file:/x vs file:///x).
    found = files.get(uri) or files.get(_uri_path(uri))
    if found is None:
        raise ScaleError(f"{uri}: read by Spark but not in the listed inputs")
    file_index, source = found
    for record_index, item in warc_records(source, data):
        yield (file_index, record_index), item


def _clean_partition(items: Iterable) -> Iterator[tuple]:
    """("skip", order, Skipped) or ("doc", order, Document, signature bytes, empty?)."""
    for order, item in items:
        if isinstance(item, RawDocument):
            item = workers.clean_or_skip(item)
        if isinstance(item, Skipped):
            yield ("skip", order, item)
        else:
            sig, empty = signature(item.text)
            yield ("doc", order, item, sig, empty)


# A distinct document while exact repeats are merged: [order, doc, sig, empty, [(order, source)]]
def _first(value: tuple) -> list:
    order, doc, sig, empty = value
    return [order, doc, sig, empty, [(order, doc.source)]]


def _add(acc: list, value: tuple) -> list:
    return _merge(acc, _first(value))


def _merge(a: list, b: list) -> list:
    first, second = (a, b) if a[0] <= b[0] else (b, a)
    first[4].extend(second[4])
    return first


def _distinct_document(item: tuple[str, list]) -> tuple[str, tuple]:
    """(id, (order, doc, sig, empty, sources, occurrences)): the first occurrence's document,
    its sources in input order without repeats (the store keeps a source once)."""
    doc_id, (order, doc, sig, empty, seen) = item
    sources = list(dict.fromkeys(source for _, source in sorted(seen)))
    return doc_id, (order, doc, sig, empty, sources, len(seen))


def _band_entries(item: tuple[str, tuple]) -> list:
    doc_id, (order, _doc, sig, empty, _sources, _n) = item
    if empty:
        return []
    return [(key, (order, doc_id)) for key in band_keys(sig)]


def _pairs_in_bucket(item: tuple) -> Iterator[tuple[str, str]]:
    members = list(item[1])
    if len(members) > 1:
        yield from bucket_pairs(members)


def _annotate_partition(near, extract: bool, items: Iterable) -> Iterator[tuple[tuple, list]]:
    """(document row, claim rows) per document, in the partition's (input) order."""
    near_map: dict[str, str] = near.value
    for batch in _batched(items, BATCH_SIZE):
        for _order, (doc, _sig, _sources) in batch:
            doc.duplicate_of = near_map.get(doc.id)
        originals = [doc for _, (doc, _, _) in batch if doc.duplicate_of is None]
        # the same extraction as `ingest`: one spaCy per worker process, a failing article
        # costs only itself
        failed = {doc.id: reason for doc, reason in workers.annotate_safely(originals)} \
            if extract and originals else {}
        for order, (doc, sig, sources) in batch:
            yield (rows.document_row(doc, order, sources, sig, failure=failed.get(doc.id)),
                   rows.claim_rows(doc, order))


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


# ---------------------------------------------------------------- driver side

def spark_schema(columns: list[tuple[str, str]]):
    from pyspark.sql import types as T
    kinds = {"string": T.StringType(), "int": T.IntegerType(), "long": T.LongType(),
             "double": T.DoubleType(), "bool": T.BooleanType(), "binary": T.BinaryType(),
             "list<string>": T.ArrayType(T.StringType(), containsNull=False)}
    return T.StructType([T.StructField(name, kinds[kind], nullable=True) for name, kind in columns])


class _Output:
    """OUTPUT on any Hadoop-compatible file system: checked, cleared (our parts only), written."""

    def __init__(self, spark, uri: str) -> None:
        self.spark = spark
        self.uri = uri.rstrip("/") or uri
        jvm = spark.sparkContext._jvm
        self._Path = jvm.org.apache.hadoop.fs.Path
        try:
            self.fs = self._Path(self.uri).getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
        except Exception as err:  # noqa: BLE001 - py4j: an unknown scheme, a bad URI
            raise ScaleError(f"{uri}: {_java_message(err)}") from None

    def path(self, *parts: str):
        return self._Path("/".join([self.uri, *parts]))

    def prepare(self, overwrite: bool) -> None:
        root = self.path()
        try:
            if self.fs.exists(root):
                if not self.fs.getFileStatus(root).isDirectory():
                    raise ScaleError(f"{self.uri}: exists and is not a folder")
                names = [s.getPath().getName() for s in self.fs.listStatus(root)]
                if names and not overwrite:
                    raise ScaleError(f"{self.uri}: not empty; give --overwrite to replace an earlier "
                                     "run's output, or choose a new folder")
                foreign = [n for n in names if not _ours(n)]
                if foreign:
                    raise ScaleError(f"{self.uri}: holds {', '.join(sorted(foreign)[:5])}, which a "
                                     "newsledger run did not write; not deleting it")
                for name in names:
                    self.fs.delete(self.path(name), True)
            elif not self.fs.mkdirs(root):
                raise ScaleError(f"{self.uri}: cannot create the folder")
            # Fail now rather than after hours of work: can we write here at all?
            probe = self.path("_newsledger.probe")
            self.fs.create(probe, True).close()
            self.fs.delete(probe, False)
        except ScaleError:
            raise
        except Exception as err:  # noqa: BLE001 - py4j: permissions, a file in the way, ...
            raise ScaleError(f"{self.uri}: cannot write: {_java_message(err)}") from None

    def write_text(self, name: str, text: str) -> None:
        stream = self.fs.create(self.path(name), True)
        try:
            stream.write(bytearray(text.encode("utf-8")))
        finally:
            stream.close()


def _ours(name: str) -> bool:
    # Hadoop's local file system writes a ".NAME.crc" checksum beside each file it creates.
    if name.startswith(".") and name.endswith(".crc"):
        name = name[1:-4]
    return name in OUTPUT_PARTS or name == "_newsledger.probe"


def _raw_records(sc, files: list[InputFile]):
    """(order, RawDocument | Skipped) for every record of every input file."""
    parts = []
    for f in files:
        if f.kind == "jsonl":
            # Spark splits uncompressed files and decompresses .gz itself (one task per .gz);
            # zipWithIndex numbers the lines across splits, hence the line numbers.
            lines = sc.textFile(f.uri, use_unicode=False).zipWithIndex()
            parts.append(lines.flatMap(functools.partial(_jsonl_items, f.index, f.source)))
    warcs = [f for f in files if f.kind == "warc"]
    if warcs:
        # Whole files: warcio needs a stream, and binaryFiles gives each file's bytes at once
        # (a CC-NEWS file is ~1 GiB: executors need that much Python memory per core).
        joined = ",".join(f.uri.replace(",", "\\,") for f in warcs)
        by_uri = {key: (f.index, f.source) for f in warcs for key in (_uri_path(f.uri), f.uri)}
        data = sc.binaryFiles(joined, minPartitions=len(warcs))
        parts.append(data.flatMap(functools.partial(_warc_items, by_uri)))
    if not parts:
        return sc.emptyRDD()
    return parts[0] if len(parts) == 1 else sc.union(parts)


def run(spark, inputs: list[str], output: str, *, partitions: int | None = None,
        claims: bool = True, overwrite: bool = False, log=None) -> JobReport:
    """Run the job in an existing SparkSession; the counts. Raises ScaleError for bad
    inputs or output (before any work is done)."""
    from pyspark import StorageLevel

    started = time.monotonic()
    say = log or (lambda message: None)
    sc = spark.sparkContext
    if not inputs:
        raise ScaleError("no input given")
    files, listing_skips = list_inputs(spark, inputs)
    out = _Output(spark, output)
    out.prepare(overwrite)
    n = partitions or max(2, sc.defaultParallelism * 3)
    say(f"{len(files)} input file(s), {n} partitions")

    raw = _raw_records(sc, files)
    if raw.getNumPartitions() < n:
        raw = raw.repartition(n)   # one .gz file is one task: spread the cleaning
    cleaned = raw.mapPartitions(_clean_partition).persist(StorageLevel.MEMORY_AND_DISK)

    # Skipped inputs: written for inspection, counted.
    skip_rows = cleaned.filter(lambda r: r[0] == "skip").map(
        lambda r: (r[1][0], r[1][1], r[2].source, r[2].reason))
    listed = sc.parallelize([(i, 0, s.source, s.reason) for i, s in listing_skips], 1)
    skip_df = spark.createDataFrame(sc.union([listed, skip_rows]), spark_schema(rows.SKIPPED_COLUMNS))
    skip_df.write.mode("error").parquet(out.path("skipped").toString())
    report = JobReport(skipped=len(listing_skips) + cleaned.filter(lambda r: r[0] == "skip").count())

    # Exact repeats: same cleaned text, same id. The first occurrence is the document.
    distinct = (cleaned.filter(lambda r: r[0] == "doc")
                .map(lambda r: (r[2].id, (r[1], r[2], r[3], r[4])))
                .combineByKey(_first, _add, _merge, numPartitions=n)
                .map(_distinct_document)
                .persist(StorageLevel.MEMORY_AND_DISK))
    documents, read, duplicate = distinct.map(
        lambda kv: (1, kv[1][5], len(kv[1][4]) - 1)).fold((0, 0, 0), lambda a, b: tuple(map(sum, zip(a, b))))
    cleaned.unpersist()
    report.documents, report.read, report.duplicate = documents, read, duplicate
    report.existing = read - documents - duplicate   # a source seen twice with the same text
    say(f"{read} documents read, {documents} distinct texts")

    near = _near_duplicates(sc, distinct, n)
    report.near_duplicate = len(near)
    report.new = documents - len(near)
    say(f"{len(near)} near-duplicate copies")

    # Documents in input order (so Parquet reads back in the order ingest would store them),
    # then claims for originals only.
    near_b = sc.broadcast(near)
    annotated = (distinct.map(lambda kv: (kv[1][0], (kv[1][1], kv[1][2], kv[1][4])))
                 .sortByKey(numPartitions=n))
    annotated = annotated.mapPartitions(functools.partial(_annotate_partition, near_b, claims)) \
        .persist(StorageLevel.MEMORY_AND_DISK)
    spark.createDataFrame(annotated.map(lambda r: r[0]), spark_schema(rows.DOCUMENT_COLUMNS)) \
        .write.mode("error").parquet(out.path("documents").toString())
    claim_rows = annotated.flatMap(lambda r: r[1])
    spark.createDataFrame(claim_rows, spark_schema(rows.CLAIM_COLUMNS)) \
        .write.mode("error").parquet(out.path("claims").toString())
    failure_at = rows.DOCUMENT_NAMES.index("failure")
    report.claims, report.failed = annotated.map(
        lambda r: (len(r[1]), int(r[0][failure_at] is not None))).fold((0, 0), lambda a, b: (a[0] + b[0], a[1] + b[1]))
    annotated.unpersist()
    distinct.unpersist()
    near_b.destroy()

    report.seconds = round(time.monotonic() - started, 1)
    dedup = deduplicator()
    manifest = {
        "format": FORMAT, "newsledger": __version__, "spark": spark.version,
        "created": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "inputs": list(inputs), "claims_extracted": claims, "partitions": n,
        "dedup": {"threshold": dedup.threshold, "num_perm": dedup.num_perm, "shingle": dedup.shingle},
        "counts": report.as_dict(),
        "files": [{"index": f.index, "uri": f.uri, "source": f.source, "kind": f.kind, "bytes": f.size}
                  for f in files],
    }
    out.write_text(MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return report


def _near_duplicates(sc, distinct, n: int) -> dict[str, str]:
    """{near copy id: original id}, as the sequential Deduplicator walk decides (see `near`)."""
    limit = deduplicator().threshold
    pairs = (distinct.flatMap(_band_entries)
             .groupByKey(numPartitions=n)
             .flatMap(_pairs_in_bucket)
             .distinct(numPartitions=n))              # a pair may share several bands
    sigs = distinct.map(lambda kv: (kv[0], (kv[1][0], kv[1][2])))   # id -> (order, signature)
    similar = (pairs.join(sigs, numPartitions=n)                        # earlier id -> (later, (o, sig))
               .map(lambda kv: (kv[1][0], (kv[0], kv[1][1][1])))        # later -> (earlier, sig)
               .join(sigs, numPartitions=n)                             # later -> ((earlier, sig), (o, sig))
               .map(lambda kv: ((kv[1][1][0], kv[0]),
                                (kv[1][0][0], score_pair(kv[1][0][1], kv[1][1][1]))))
               .filter(lambda kv: kv[1][1] >= limit)
               .groupByKey(numPartitions=n)
               .sortByKey(numPartitions=n))
    resolver = Resolver()
    # Streamed a partition at a time: the driver holds the decisions, not the pairs.
    for (order, doc_id), candidates in similar.toLocalIterator():
        resolver.decide(tuple(order), doc_id, candidates)
    return resolver.near


# ---------------------------------------------------------------- command line

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m newsledger.scale.spark",
        description="Clean, deduplicate and extract claims from JSON Lines / WARC files on Spark; "
                    "write documents and claims as Parquet to OUTPUT (load it with `newsledger load`).")
    p.add_argument("paths", nargs="+", metavar="INPUT... OUTPUT",
                   help="input files, folders or Hadoop globs (local, hdfs://, s3a://, ...), then the output folder")
    p.add_argument("--partitions", type=int, default=None,
                   help="partitions for the shuffles and the extraction (default: 3 x the cores)")
    p.add_argument("--master", default=None,
                   help="Spark master (default: the one spark-submit gives, else local[*])")
    p.add_argument("--no-claims", dest="claims", action="store_false",
                   help="clean and deduplicate only")
    p.add_argument("--overwrite", action="store_true",
                   help="replace an earlier run's output in OUTPUT")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                   help="extra Spark configuration (repeatable), e.g. spark.driver.memory=4g")
    p.add_argument("--app-name", default="newsledger")
    return p


def session(master: str | None = None, conf: Iterable[str] = (), app_name: str = "newsledger"):
    """A SparkSession for the job. Outside spark-submit it runs in local mode with this
    Python as the workers' Python (the venv that has newsledger and the model)."""
    from pyspark.sql import SparkSession

    under_submit = "PYSPARK_GATEWAY_PORT" in os.environ   # spark-submit started this process
    builder = SparkSession.builder.appName(app_name)
    if master or not under_submit:
        builder = builder.master(master or "local[*]")
    if not under_submit:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (builder.config("spark.python.worker.reuse", "true")   # one spaCy load per worker
               .config("spark.ui.showConsoleProgress", "true"))
    for name in KNOWLEDGE_ENV:   # extension files given to the CLI reach the executors
        if os.environ.get(name):
            builder = builder.config(f"spark.executorEnv.{name}", os.environ[name])
    for item in conf:
        key, sep, value = item.partition("=")
        if not sep:
            raise ScaleError(f"--conf {item!r}: expected KEY=VALUE")
        builder = builder.config(key.strip(), value)
    return builder.getOrCreate()


def main(argv: list[str] | None = None) -> int:
    from rich.console import Console

    err = Console(stderr=True, soft_wrap=True)
    args = _parser().parse_args(argv)
    if len(args.paths) < 2:
        _parser().error("give at least one INPUT and the OUTPUT folder")
    *inputs, output = args.paths
    if args.partitions is not None and args.partitions < 1:
        _parser().error("--partitions must be at least 1")
    spark = None
    try:
        spark = session(args.master, args.conf, args.app_name)
        report = run(spark, inputs, output, partitions=args.partitions, claims=args.claims,
                     overwrite=args.overwrite, log=lambda m: err.print(f"[dim]{m}[/]", highlight=False))
    except ScaleError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False)
        return 1
    except Exception as exc:
        if type(exc).__name__ != "Py4JJavaError":
            raise
        err.print(f"[red]error:[/] the Spark job failed: {_java_message(exc)}", highlight=False)
        return 1
    finally:
        if spark is not None:
            spark.stop()
    err.print(f"[green]done[/] read {report.read:,}  new {report.new:,}  duplicate {report.duplicate:,}  "
              f"near duplicate {report.near_duplicate:,}  skipped {report.skipped:,}  "
              f"claims {report.claims:,}  in {report.seconds:,.0f}s -> {output}", highlight=False)
    return 0


if __name__ == "__main__":
    # Run through the importable module, so Spark pickles the executor functions by
    # reference to newsledger.scale.spark instead of by value from __main__.
    from newsledger.scale.spark import main as _main
    sys.exit(_main())
