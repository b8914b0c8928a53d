"""Speed and memory of claim extraction against plain spaCy, on the same cleaned texts.

    .venv/bin/python bench/extract.py [--corpus PATH] [--limit N] [--batch 32] [--timeout S]

The parent cleans nothing itself: it runs each phase in its own subprocess
(`--phase baseline|pipeline`) so that the peak memory (ru_maxrss) of one does not hide in the
other, then prints a side-by-side table and the ratio. In each child the articles are read and
cleaned first, outside the timing, so both phases see the same cleaned texts:

  baseline  list(nlp.load().pipe(texts, batch_size=32)) - en_core_web_sm, every component
  pipeline  ClaimExtractor.default().annotate(docs) in batches of 32 (pre-filter, parse of the
            trigger sentences, entities, quantities, times, attribution, modality, claims)

Both phases load their models before the clock starts. No crash allowed: the pipeline phase
catches an exception (or a batch running past --timeout seconds: a hang is a failure too) per
batch, retries that batch one document at a time to find the offender, prints it, and goes on.
"""
from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import NEWS_BENCH, news_bench, peak_rss_mib, require  # noqa: E402


class Hang(Exception):
    pass


@contextmanager
def deadline(seconds: float | None):
    """Raise Hang in this (main) thread after `seconds`; the extractor is pure Python around
    the parser, so the alarm interrupts a runaway loop."""
    if not seconds:
        yield
        return

    def ring(signum, frame):  # noqa: ARG001
        raise Hang(f"no result after {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


LOST = [0.0]  # seconds spent in failed batch attempts and on failing documents (not real work)


def annotate_guarded(extractor, docs: list, *, batch_timeout: float | None = 300,
                     doc_timeout: float | None = 30, report=print) -> list[tuple[object, str]]:
    """extractor.annotate(docs); on an exception or a hang, one document at a time.
    Returns [(document, error)] for the documents that failed (their claims are left empty).
    A slow batch that merely passes its deadline costs time but no false failure: its
    documents succeed one by one."""
    started = time.perf_counter()
    try:
        with deadline(batch_timeout):
            extractor.annotate(docs)
        return []
    except Exception as exc:  # noqa: BLE001 - the point is to survive and name the document
        LOST[0] += time.perf_counter() - started
        report(f"  batch of {len(docs)} failed ({type(exc).__name__}: {exc}); retrying one by one")
    failures = []
    for doc in docs:
        started = time.perf_counter()
        try:
            with deadline(doc_timeout):
                extractor.annotate([doc])
        except Exception as exc:  # noqa: BLE001
            LOST[0] += time.perf_counter() - started
            doc.claims = []
            frames = traceback.extract_tb(exc.__traceback__)
            where = next((f for f in reversed(frames) if "newsledger" in f.filename), frames[-1])
            error = f"{type(exc).__name__}: {exc} at {Path(where.filename).name}:{where.lineno} ({where.name})"
            report(f"  FAILED {doc.source}: {error}")
            failures.append((doc, error))
    return failures


def load_documents(corpus: Path, limit: int | None) -> tuple[list, int]:
    """Cleaned Documents (empty ones dropped, as the pipeline skips them) and the number read."""
    from newsledger.clean import clean
    from newsledger.records import RawDocument

    docs, read = [], 0
    for row in news_bench(corpus, limit):
        read += 1
        raw = RawDocument(source=row.get("source") or row["id"], text=row["text"], title=row.get("title"),
                          published=row.get("published"), outlet=row.get("outlet"), source_id=row.get("id"))
        try:
            doc = clean(raw)
        except Exception as exc:  # noqa: BLE001
            print(f"  could not clean {raw.source}: {exc}", file=sys.stderr)
            continue
        if doc.text.strip():
            docs.append(doc)
    return docs, read


def run_phase(phase: str, corpus: Path, limit: int | None, batch: int, timeout: float) -> dict:
    docs, read = load_documents(corpus, limit)
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    chars = sum(len(t) for t in texts)
    before = peak_rss_mib()
    result = {"phase": phase, "read": read, "docs": len(docs), "words": words, "chars": chars,
              "rss_before": before}
    if phase == "baseline":
        from newsledger.analyze import nlp
        model = nlp.load()
        list(model.pipe(["Warm up."]))
        loaded = peak_rss_mib()
        started = time.perf_counter()
        for _ in model.pipe(texts, batch_size=batch):
            pass
        result["elapsed"] = time.perf_counter() - started
    else:
        from newsledger.analyze import nlp
        from newsledger.extract.claims import ClaimExtractor
        from newsledger.records import Document
        extractor = ClaimExtractor.default()
        nlp.load()
        extractor.annotate([Document(id="warm", source="warm", title=None, published=None,
                                     published_basis="none", outlet=None, language="en",
                                     text="Russia sent 100 tanks to Syria.")])
        loaded = peak_rss_mib()
        failures, batches_failed = [], 0
        started = time.perf_counter()
        for index in range(0, len(docs), batch):
            chunk = docs[index:index + batch]
            bad = annotate_guarded(extractor, chunk, batch_timeout=max(timeout, 3 * len(chunk)),
                                   doc_timeout=timeout, report=lambda m: print(m, file=sys.stderr, flush=True))
            failures.extend((d.source, e) for d, e in bad)
            if bad:
                batches_failed += 1
            if (index // batch) % 20 == 0:
                print(f"  {index + len(chunk)}/{len(docs)} docs, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)
        result["elapsed"] = time.perf_counter() - started
        result["lost"] = LOST[0]
        print(f"  time lost to failures {LOST[0]:.0f} s of {result['elapsed']:.0f} s", file=sys.stderr)
        result["claims"] = sum(len(d.claims) for d in docs)
        result["failures"] = failures
        result["batches_failed"] = batches_failed
    result["rss_loaded"] = loaded
    result["peak"] = peak_rss_mib()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=NEWS_BENCH)
    parser.add_argument("--limit", type=int, default=None, help="first N articles (default: all)")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--timeout", type=float, default=30,
                        help="seconds one document may take before it counts as a hang")
    parser.add_argument("--phase", choices=("baseline", "pipeline"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    require(args.corpus)

    if args.phase:
        print(json.dumps(run_phase(args.phase, args.corpus, args.limit, args.batch, args.timeout)))
        return 0

    results = {}
    for phase in ("baseline", "pipeline"):
        command = [sys.executable, __file__, "--phase", phase, "--corpus", str(args.corpus),
                   "--batch", str(args.batch), "--timeout", str(args.timeout)]
        if args.limit is not None:
            command += ["--limit", str(args.limit)]
        print(f"running {phase} ...", flush=True)
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            print(f"{phase} phase crashed (exit {done.returncode})")
            results[phase] = None
            continue
        results[phase] = json.loads(done.stdout.strip().splitlines()[-1])

    base, pipe = results["baseline"], results["pipeline"]
    first = base or pipe
    if first is None:
        return 1
    print()
    print(f"corpus      {args.corpus}")
    print(f"articles    {first['read']} read, {first['docs']} with text after cleaning; "
          f"{first['words']:,} words, {first['chars']:,} chars")
    print()
    print(f"{'':28} {'spaCy nlp.pipe':>16} {'claim pipeline':>16}")
    rows = [
        ("elapsed (s)", lambda r: f"{r['elapsed']:.1f}"),
        ("docs/s", lambda r: f"{r['docs'] / r['elapsed']:.1f}"),
        ("words/s", lambda r: f"{r['words'] / r['elapsed']:,.0f}"),
        ("RSS after loading (MiB)", lambda r: f"{r['rss_loaded']:.0f}"),
        ("peak RSS (MiB)", lambda r: f"{r['peak']:.0f}"),
    ]
    for label, cell in rows:
        print(f"{label:28} {cell(base) if base else 'crashed':>16} {cell(pipe) if pipe else 'crashed':>16}")
    if base and pipe:
        print(f"{'speed ratio pipeline/spaCy':28} {'':>16} {base['elapsed'] / pipe['elapsed']:>15.2f}x")
        if pipe.get("lost"):
            work = pipe["elapsed"] - pipe["lost"]
            print(f"{'pipeline without hung time':28} {'':>16} {pipe['docs'] / work:>11.1f} docs/s "
                  f"({pipe['lost']:.0f} s lost to failures), ratio {base['elapsed'] / work:.2f}x")
        print(f"{'memory ratio pipeline/spaCy':28} {'':>16} {pipe['peak'] / base['peak']:>15.2f}x")
    if pipe:
        print()
        print(f"claims      {pipe['claims']}")
        print(f"processed   {pipe['docs'] - len(pipe['failures'])}/{pipe['docs']} documents without error")
        print(f"failures    {len(pipe['failures'])} documents in {pipe['batches_failed']} batches")
        for source, error in pipe["failures"]:
            print(f"  {source}: {error}")
    return 0 if pipe and not pipe["failures"] else 1


if __name__ == "__main__":
    sys.exit(main())
