#!/usr/bin/env python3
"""Modality on the annotated corpus: gold modality against the extractor's for matched claims.

    .venv/bin/python scripts/modality_report.py [--split dev] [--cases] [--loose]
                                                [--save-features FILE]

Runs the extractor over one split (train or dev; test is refused, its misses are not to be
read), pairs each gold claim with the claim `newsledger.evaluation` matches it to (same kind,
evidence over the anchor, item and figure), and prints the accuracy of the modality slot and
a confusion table (gold accepted values -> predicted). `--loose` also pairs gold claims the
strict match leaves alone with an unused claim of the same kind whose evidence covers the
anchor: more pairs to study modality on, since modality does not depend on the figure.
`--cases` lists every wrong pair with its sentence and trigger. `--save-features FILE` writes
one JSON line per pair (the trigger's parse features from `modality.features`, the gold
values, the prediction): the data of `scripts/modality_learned.py`.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsledger import goldset  # noqa: E402
from newsledger.evaluation import _core_match, _overlaps, slot_results  # noqa: E402
from newsledger.extract import modality as modality_stage  # noqa: E402

SHARED = ROOT.parent / "shared"
ANN = ROOT / "annotations"
STUDY_SPLITS = ("train", "dev")


class Recorder:
    """Wraps `modality.claim_modality` to keep, per trigger, what the parse looked like:
    spaCy objects do not outlive a batch, so features are taken at the call."""

    def __init__(self) -> None:
        self.calls: dict[tuple[str, str], dict] = {}
        self.original = modality_stage.claim_modality

    def __call__(self, token, trigger_modality=None, forced=None, kind=None):
        value, hedged = self.original(token, trigger_modality, forced, kind=kind)
        sent = token.sent
        key = (sent.text.strip(), token.lemma_.lower())
        self.calls[key] = {"sentence": sent.text.strip(), "trigger": token.text, "trigger_i": token.i - sent.start,
                           "features": modality_stage.features(token, trigger_modality, forced),
                           "predicted": value}
        return value, hedged

    def find(self, claim: dict) -> dict | None:
        sentence = (claim.get("evidence") or {}).get("text", "")
        lemma_part = claim.get("extractor", "").split("/", 1)[-1].split("+", 1)[0]   # kind:pos:lemma
        trigger_lemma = lemma_part.split(":")[-1].lower()
        hit = self.calls.get((sentence, trigger_lemma))
        if hit is not None:
            return hit
        same = [v for (s, lemma), v in self.calls.items()
                if s == sentence and (lemma in trigger_lemma or trigger_lemma in lemma)]
        return same[0] if len(same) == 1 else None


def split_documents(split: str, tmp: Path) -> tuple[list[dict], list[Path]]:
    corpora = goldset.Corpora(SHARED)
    if not corpora.available:
        raise SystemExit(f"annotated corpus texts not found under {SHARED / 'corpora'}")
    docs = goldset.load_annotations(ANN / "claims")
    chosen = [d for n, d in sorted(docs.items()) if goldset.split_of(n) == split]
    articles = corpora.articles(docs)
    paths = goldset.write_texts([articles[d["name"]] for d in chosen], tmp)
    gold = goldset.gold_file(chosen, f"annotated corpus, {split}")
    return gold["documents"], paths


def pairs(record: dict, gold_doc: dict, loose: bool) -> list[tuple[dict, dict, str]]:
    """(gold claim, claim, 'strict'|'loose') in the order and with the choice of
    `evaluation.score_document`; then the loose pairs."""
    text = record.get("text") or ""
    claims = list(record.get("claims") or [])
    used: set[int] = set()
    out = []
    left = []
    for gold in sorted(gold_doc["claims"], key=lambda g: not g.get("required", True)):
        at = text.find(gold["anchor"])
        if at < 0:
            continue
        span = (at, at + len(gold["anchor"]))
        candidates = [(sum(1 for v in slot_results(c, gold).values() if v), i)
                      for i, c in enumerate(claims) if i not in used and _core_match(c, gold, span)]
        if candidates:
            _, index = max(candidates)
            used.add(index)
            out.append((gold, claims[index], "strict"))
        else:
            left.append((gold, span))
    if loose:
        for gold, span in left:
            for i, c in enumerate(claims):
                if i not in used and c.get("kind") == gold["kind"] and _overlaps(c.get("evidence") or {}, span):
                    used.add(i)
                    out.append((gold, c, "loose"))
                    break
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=STUDY_SPLITS)
    parser.add_argument("--loose", action="store_true", help="also pair claims by kind and evidence alone")
    parser.add_argument("--cases", action="store_true", help="list the wrong pairs")
    parser.add_argument("--all-cases", action="store_true", help="list every pair")
    parser.add_argument("--save-features", type=Path, help="one JSON line per pair")
    args = parser.parse_args()

    from newsledger.pipeline import extract_records
    recorder = Recorder()
    modality_stage.claim_modality = recorder
    with tempfile.TemporaryDirectory(prefix="newsledger-modality-") as tmp:
        gold_docs, paths = split_documents(args.split, Path(tmp))
        records = {Path(doc.source).name: doc.to_dict() for doc in extract_records([str(p) for p in paths])}
    modality_stage.claim_modality = recorder.original

    rows = []
    for gold_doc in gold_docs:
        record = records.get(gold_doc["file"])
        if record is None:
            continue
        for gold, claim, how in pairs(record, gold_doc, args.loose):
            if "modality" not in gold:
                continue
            call = recorder.find(claim)
            rows.append({"file": gold_doc["file"], "how": how, "required": gold.get("required", True),
                         "gold": list(gold["modality"]), "predicted": claim.get("modality"),
                         "sentence": (call or {}).get("sentence") or (claim.get("evidence") or {}).get("text"),
                         "trigger": (call or {}).get("trigger"), "anchor": gold["anchor"],
                         "features": (call or {}).get("features")})

    for how in ("strict", "loose") if args.loose else ("strict",):
        chosen = [r for r in rows if r["how"] == how or (how == "loose")]
        right = sum(r["predicted"] in r["gold"] for r in chosen)
        print(f"{args.split} {'strict' if how == 'strict' else 'strict+loose'} pairs: {len(chosen)}  "
              f"modality right {right}  accuracy {right / max(1, len(chosen)):.3f}")
    strict = [r for r in rows if r["how"] == "strict"]
    confusion = Counter(("/".join(r["gold"]), r["predicted"]) for r in strict)
    print("\nconfusion on the strict pairs (gold accepted values -> predicted; * = wrong)")
    for (gold, predicted), n in sorted(confusion.items(), key=lambda kv: (-kv[1], kv[0])):
        mark = " " if predicted in gold.split("/") else "*"
        print(f" {mark} {gold:32s} -> {predicted:10s} {n:4d}")
    by_first = Counter((r["gold"][0], r["predicted"]) for r in strict)
    values = modality_stage.MODALITIES
    print("\nfirst gold value (rows) x predicted (columns)")
    print(" " * 10 + "".join(f"{v[:8]:>9s}" for v in values))
    for g in values:
        print(f"{g:10s}" + "".join(f"{by_first[(g, p)]:9d}" for p in values))
    if args.cases or args.all_cases:
        print()
        for r in rows:
            if args.all_cases or r["predicted"] not in r["gold"]:
                print(f"[{r['how']}] gold {'/'.join(r['gold'])} predicted {r['predicted']}  trigger {r['trigger']!r}"
                      f"  {r['file']}\n    {r['sentence']}")
    if args.save_features:
        with args.save_features.open("w", encoding="utf-8") as fh:
            for r in rows:
                if r["features"] is not None:
                    fh.write(json.dumps(r) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
