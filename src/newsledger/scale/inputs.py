"""Inputs of the Spark job: which files, in which order, and their records.

Files are listed on the driver through Hadoop's FileSystem API, so a path can be local, HDFS,
S3 (s3a://), GCS (gs://) or anything else the cluster has a connector for, and may be a
Hadoop glob (`s3a://bucket/crawl-data/CC-NEWS/2024/0[1-3]/*.warc.gz`). The order is the one
`newsledger ingest` reads in: arguments in order, folders recursively by sorted name, hidden
entries skipped. Sources are named the way `iter_raw` names them (a file is its path as
given, folder members are joined to the folder path), so the two paths give equal sources.

Each file gets an index; each record in it a record index (JSON Lines: the line number,
WARC: the number of the HTML response). The pair is the record's order key, which is all
the order-dependent dedup step needs to agree with a single-process run.

The record parsing reuses the project's readers: `sources.jsonl.read_object` for a JSON
object, `sources.warc.iter_warc` for an archive. `jsonl_record` is the per-line part of
`iter_jsonl` (its loop body): Spark hands us lines, not a stream.
"""
from __future__ import annotations

import io
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass

from newsledger.records import RawDocument, Skipped
from newsledger.scale import ScaleError
from newsledger.sources.detect import _JSONL_EXTS, _WARC_EXTS
from newsledger.sources.jsonl import read_object
from newsledger.sources.warc import iter_warc

_GLOB = re.compile(r"[*?\[{]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
SUPPORTED = "JSON Lines (.jsonl, .ndjson, optionally .gz) or WARC (.warc, .warc.gz)"


@dataclass(frozen=True)
class InputFile:
    index: int
    uri: str       # fully qualified, as Hadoop names it (file:/..., s3a://...)
    source: str    # the name documents are sourced to (as `newsledger ingest` names it)
    kind: str      # "jsonl" | "warc"
    size: int


def kind_of(name: str) -> str | None:
    lname = name.lower()
    if lname.endswith(_JSONL_EXTS):
        return "jsonl"
    if lname.endswith(_WARC_EXTS):
        return "warc"
    return None


def _hidden(name: str) -> bool:
    # "." as `iter_raw` skips; "_" as Hadoop's input formats do (_SUCCESS, _temporary).
    return name.startswith((".", "_"))


def list_inputs(spark, paths: list[str]) -> tuple[list[InputFile], list[tuple[int, Skipped]]]:
    """The input files in reading order, and (file index, Skipped) for files no reader takes
    (folder members of another kind, empty files). Raises ScaleError for a missing input or
    an explicitly named file of another kind."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    Path = jvm.org.apache.hadoop.fs.Path
    files: list[InputFile] = []
    skipped: list[tuple[int, Skipped]] = []

    def add(status, source: str, explicit: bool) -> None:
        name = status.getPath().getName()
        kind = kind_of(name)
        index = len(files) + len(skipped)
        if kind is None:
            if explicit:
                raise ScaleError(f"{source}: the Spark job reads {SUPPORTED}; "
                                 "use `newsledger ingest` for other kinds")
            skipped.append((index, Skipped(source, f"not {SUPPORTED}")))
        elif status.getLen() == 0:
            skipped.append((index, Skipped(source, "empty file")))
        else:
            files.append(InputFile(index, status.getPath().toString(), source, kind, status.getLen()))

    def walk(fs, status, source: str, explicit: bool) -> None:
        if status.isDirectory():
            children = sorted(fs.listStatus(status.getPath()), key=lambda s: s.getPath().getName())
            for child in children:
                name = child.getPath().getName()
                if not _hidden(name):
                    walk(fs, child, posixpath.join(source, name), False)
        else:
            add(status, source, explicit)

    for given in paths:
        path = Path(given)
        try:
            fs = path.getFileSystem(conf)
        except Exception as err:  # noqa: BLE001 - py4j wraps e.g. "No FileSystem for scheme"
            raise ScaleError(f"{given}: {_java_message(err)}") from None
        if _GLOB.search(given):
            matches = fs.globStatus(path)
            if not matches:
                raise ScaleError(f"{given}: no file matches")
            for status in sorted(matches, key=lambda s: s.getPath().toString()):
                walk(fs, status, _glob_source(fs, given, status), True)
        else:
            if not fs.exists(path):
                raise ScaleError(f"{given}: not found")
            walk(fs, fs.getFileStatus(path), given, True)
    return files, skipped


def _glob_source(fs, pattern: str, status) -> str:
    """A glob match named like the shell would have expanded the pattern."""
    if _SCHEME.match(pattern):
        return status.getPath().toString()
    path = status.getPath().toUri().getPath()
    if pattern.startswith("/"):
        return path
    return posixpath.relpath(path, fs.getWorkingDirectory().toUri().getPath())


def _java_message(err: Exception) -> str:
    java = getattr(err, "java_exception", None)
    if java is not None:
        return str(java.getMessage() or java.toString())
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


# -- records (run on the executors) --------------------------------------------------------

def jsonl_record(source: str, line_no: int, raw: bytes) -> RawDocument | Skipped | None:
    """One line of a JSON Lines file as `iter_jsonl` reads it (None for a blank line)."""
    if not raw.strip():
        return None
    where = f"{source}:{line_no}"
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as err:
        return Skipped(where, f"not JSON: {err.msg} at column {err.colno}")
    except (UnicodeDecodeError, RecursionError) as err:
        return Skipped(where, f"not JSON: {type(err).__name__}")
    return read_object(where, obj)


def warc_records(source: str, data: bytes) -> Iterator[tuple[int, RawDocument | Skipped]]:
    """(record index, item) for one whole WARC file, via the project's WARC reader."""
    yield from enumerate(iter_warc(source, io.BytesIO(data), gzipped=data[:2] == b"\x1f\x8b"), 1)
