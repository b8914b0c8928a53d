#!/usr/bin/env python3
"""`make eval`: the extractor scored on every gold set the project has, per kind.

    .venv/bin/python scripts/eval_report.py [--sets seeds,phrasings,train,dev,test,events]
                                            [--json FILE] [--workers N]

- seeds      ../shared/seeds against ../shared/gold/seeds.gold.json
- phrasings  tests/fixtures/phrasings (short texts written for the purpose)
- train, dev, test  the annotated real-news corpus (annotations/; texts from ../shared)
- events     kind recall at the triggers of the public labelled datasets (rams-dev,
             WikiEvents, GENEVA, PLOVER), their types mapped by knowledge/event_kinds.yaml:
             a trigger is found when a claim of a kind its type maps to has evidence
             overlapping the trigger

Prints recall, precision, F1, exact recall and slot accuracies for each set, then recall,
exact recall and precision per kind. The test split is for reporting only: read its
summary, never its misses.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

from newsledger import eventsets, goldset  # noqa: E402
from newsledger.evaluation import SLOTS, score_records  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
ANN = ROOT / "annotations"
PHRASINGS = ROOT / "tests" / "fixtures" / "phrasings"
ALL_SETS = ("seeds", "phrasings", "train", "dev", "test", "events")
console = Console(soft_wrap=True)
note = Console(stderr=True)


def _extract(paths: list[Path], workers: int) -> list[dict]:
    from newsledger.pipeline import extract_records
    return [doc.to_dict() for doc in extract_records([str(p) for p in paths], workers_count=workers)]


def gold_sets(names: list[str], tmp: Path) -> dict[str, tuple[dict, list[Path]]]:
    """name -> (gold file data, the text files it describes)."""
    out: dict[str, tuple[dict, list[Path]]] = {}
    if "seeds" in names:
        if (SHARED / "gold" / "seeds.gold.json").exists():
            out["seeds"] = (json.loads((SHARED / "gold" / "seeds.gold.json").read_text()),
                            sorted((SHARED / "seeds").glob("*.txt")))
        else:
            note.print("seeds: ../shared/gold not found; skipped")
    if "phrasings" in names:
        out["phrasings"] = (json.loads((PHRASINGS / "phrasings.gold.json").read_text()),
                            sorted(PHRASINGS.glob("*.txt")))
    splits = [s for s in goldset.SPLITS if s in names]
    if splits:
        corpora = goldset.Corpora(SHARED)
        if not corpora.available:
            note.print("annotated corpus: ../shared/corpora not found; splits skipped")
            return out
        docs = goldset.load_annotations(ANN / "claims")
        split_of = {n: goldset.split_of(n) for n in docs}
        articles = corpora.articles(docs)
        for split in splits:
            chosen = [d for n, d in sorted(docs.items()) if split_of[n] == split]
            folder = tmp / split
            paths = goldset.write_texts([articles[d["name"]] for d in chosen], folder)
            out[split] = (goldset.gold_file(chosen, f"annotated corpus, {split}"), paths)
    return out


def print_scores(name: str, result: dict, seconds: float) -> dict:
    s = result["summary"]
    console.print(f"\n[bold]{name}[/]: {s['documents']} documents, {s['required']} required claims, "
                  f"{s['predicted']} predicted  ({seconds:.0f} s)")
    console.print(f"  recall {s['recall']:.3f}   precision {s['precision']:.3f}   F1 {s['f1']:.3f}   "
                  f"exact recall {s['exact_recall']:.3f}   checks {s['checks_passed']}")
    console.print("  slots: " + "  ".join(f"{k} {v:.2f}" if v is not None else f"{k} -"
                                          for k, v in s["slot_accuracy"].items()))
    table = Table("kind", "required", "recall", "exact recall", "predicted", "precision", box=None, padding=(0, 2))
    for kind, k in s["by_kind"].items():
        table.add_row(kind, str(k["required"]), _f(k["recall"]), _f(k["exact_recall"]), str(k["predicted"]),
                      _f(k["precision"]))
    console.print(table)
    return s


def _f(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def event_recall(limit: int | None) -> dict:
    """Per dataset and kind: mapped triggers, and how many a claim of a mapped kind covers."""
    from newsledger.extract.claims import ClaimExtractor
    from newsledger.records import Document, document_id

    extractor = ClaimExtractor.default()
    results: dict[str, dict] = {}
    for dataset in eventsets.DATASETS:
        if not eventsets.available(CORPORA, dataset):
            note.print(f"events: {dataset} not found under {CORPORA}; skipped")
            continue
        # only the half the event lexicon was not mined from (eventsets.mined_half)
        windows = [w for w in eventsets.windows(CORPORA, dataset)
                   if w.triggers and not eventsets.mined_half(w)][:limit]
        docs = [Document(id=document_id(w.text), source=f"{dataset}:{w.key}", title=None, published=None,
                         published_basis="none", outlet=None, language="en", text=w.text) for w in windows]
        started = time.perf_counter()
        for index in range(0, len(docs), 32):
            extractor.annotate(docs[index:index + 32])
        counts: dict[str, Counter] = {}
        for window, doc in zip(windows, docs):
            for trig in window.triggers:
                c = counts.setdefault(trig.kinds[0] if len(trig.kinds) == 1 else "/".join(trig.kinds), Counter())
                c["triggers"] += 1
                over = [cl for cl in doc.claims if cl.evidence.start < trig.end and cl.evidence.end > trig.start]
                if any(cl.kind in trig.kinds for cl in over):
                    c["found"] += 1
        results[dataset] = {k: {"triggers": c["triggers"], "found": c["found"],
                                "recall": round(c["found"] / c["triggers"], 4)} for k, c in sorted(counts.items())}
        note.print(f"events: {dataset}: {len(docs)} texts in {time.perf_counter() - started:.0f} s")
    table = Table("dataset", "kind", "triggers", "found", "kind recall", box=None, padding=(0, 2))
    for dataset, kinds in results.items():
        total = Counter()
        for kind, r in kinds.items():
            table.add_row(dataset, kind, str(r["triggers"]), str(r["found"]), f"{r['recall']:.3f}")
            total.update({"t": r["triggers"], "f": r["found"]})
        table.add_row(dataset, "[bold]all[/]", str(total["t"]), str(total["f"]),
                      f"{total['f'] / total['t']:.3f}" if total["t"] else "-", end_section=True)
    console.print("\n[bold]events[/]: kind recall at the labelled triggers (knowledge/event_kinds.yaml), "
                  "over the half of each dataset the event lexicon was not mined from")
    console.print(table)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(ALL_SETS), help=f"comma-separated, from {', '.join(ALL_SETS)}")
    parser.add_argument("--json", type=Path, help="also write every summary here as JSON")
    parser.add_argument("--workers", type=int, default=1, help="extraction worker processes (default 1)")
    parser.add_argument("--events-limit", type=int, default=None, help="first N texts of each event dataset")
    args = parser.parse_args()
    names = [n.strip() for n in args.sets.split(",") if n.strip()]
    unknown = set(names) - set(ALL_SETS)
    if unknown:
        parser.error(f"unknown set(s) {', '.join(sorted(unknown))}; choose from {', '.join(ALL_SETS)}")
    report: dict = {}
    with tempfile.TemporaryDirectory(prefix="newsledger-eval-") as tmp:
        for name, (gold, paths) in gold_sets(names, Path(tmp)).items():
            started = time.perf_counter()
            records = _extract(paths, args.workers)
            result = score_records(gold, records)
            report[name] = print_scores(name, result, time.perf_counter() - started)
    if "events" in names:
        report["events"] = event_recall(args.events_limit)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
