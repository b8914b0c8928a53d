"""Scoring of records against a gold file, by the rules of ../shared/gold/README.md.

`newsledger eval` uses this so that users can annotate a sample of their own corpus and
measure the extractor. Its numbers must agree with the reference scorer
(../shared/eval/score.py) on the same input: the matching logic below follows it rule for
rule (tests/test_evaluation.py checks the agreement on real output).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

SLOTS = ("actor", "recipient", "time", "modality", "origin", "approx", "increment", "quantity_spurious")


def _as_list(value):
    if value is None:
        return None
    return value if isinstance(value, list) else [value]


def find_record(records: list[dict], name: str) -> dict | None:
    for record in records:
        source = str(record.get("source", ""))
        if source == name or source.endswith("/" + name) or Path(source).name == name:
            return record
    return None


def entity_matches(entity: dict | None, wanted) -> bool:
    options = _as_list(wanted)
    if options is None:
        return entity is None
    if entity is None:
        return False
    names = {str(entity.get(k) or "").casefold() for k in ("iso3", "name", "text", "wikidata", "id")}
    return any(str(option).casefold() in names for option in options)


def time_matches(time: dict | None, window) -> bool:
    if window is None:
        return True
    if not time:
        return False
    low, high = window
    start, end = time.get("start"), time.get("end")
    if low is not None and (start is None or start < low):
        return False
    if high is not None and (end is None or end > high):
        return False
    return True


def quantity_matches(quantity: dict | None, gold: dict) -> bool:
    want = gold.get("quantity")
    if want is None:
        return True
    if not quantity or quantity.get("value") is None:
        return False
    value = float(quantity["value"])
    if "quantity_range" in gold:
        low, high = gold["quantity_range"]
        return low <= value <= high
    return abs(value - want) <= max(0.01 * abs(want), 0.5)


def _overlaps(evidence: dict, span: tuple[int, int]) -> bool:
    try:
        return evidence["start"] < span[1] and evidence["end"] > span[0]
    except (KeyError, TypeError):
        return False


def slot_results(claim: dict, gold: dict) -> dict[str, bool | None]:
    result: dict[str, bool | None] = dict.fromkeys(SLOTS)
    if "actor" in gold:
        result["actor"] = entity_matches(claim.get("actor"), gold["actor"])
    if "recipient" in gold and gold["recipient"] is not None:
        result["recipient"] = entity_matches(claim.get("recipient"), gold["recipient"])
    if "time" in gold:
        result["time"] = time_matches(claim.get("time"), gold["time"])
    if "modality" in gold:
        result["modality"] = claim.get("modality") in gold["modality"]
    if "origin" in gold:
        names = " | ".join(str(e.get("name", "")) + " " + str(e.get("text") or "")
                           for e in claim.get("attribution") or []).casefold()
        result["origin"] = any(o.casefold() in names for o in gold["origin"])
    quantity = claim.get("quantity") or {}
    for flag in ("approx", "increment"):
        if flag in gold:
            result[flag] = bool(quantity.get(flag)) == bool(gold[flag])
    if gold.get("quantity") is None:
        result["quantity_spurious"] = not quantity
    return result


def _core_match(claim: dict, gold: dict, span: tuple[int, int]) -> bool:
    if claim.get("kind") != gold["kind"] or not _overlaps(claim.get("evidence") or {}, span):
        return False
    categories = _as_list(gold.get("item"))
    if categories is not None:
        item = claim.get("item") or {}
        if item.get("category") not in categories:
            return False
    return quantity_matches(claim.get("quantity"), gold)


def score_document(record: dict | None, gold_doc: dict) -> dict[str, Any]:
    out: dict[str, Any] = {
        "file": gold_doc["file"], "found": record is not None, "required": 0, "matched_required": 0,
        "matched_optional": 0, "predicted": 0, "exact": 0, "slots": {s: [0, 0] for s in SLOTS},
        "checks": {}, "misses": [], "spurious": [], "wrong_slots": [], "by_kind": {}}
    required = [g for g in gold_doc["claims"] if g.get("required", True)]
    out["required"] = len(required)
    for gold in required:
        _tally(out, gold["kind"], "required")
    if record is None:
        out["misses"] = [g["anchor"] for g in required]
        return out
    text = record.get("text") or ""
    claims = list(record.get("claims") or [])
    out["predicted"] = len(claims)
    for claim in claims:
        _tally(out, str(claim.get("kind")), "predicted")
    published = gold_doc.get("published")
    if published is not None:
        got = record.get("published")
        if isinstance(published, list):
            out["checks"]["published"] = got is not None and published[0] <= got <= published[1]
        else:
            out["checks"]["published"] = got == published
    if gold_doc.get("outlet") is not None:
        out["checks"]["outlet"] = str(record.get("outlet") or "").casefold() == gold_doc["outlet"].casefold()
    for banned in gold_doc.get("text_must_not_contain", []):
        out["checks"][f"text lacks {banned!r}"] = banned not in text
    used: set[int] = set()
    ordered = sorted(gold_doc["claims"], key=lambda g: not g.get("required", True))
    for gold in ordered:
        at = text.find(gold["anchor"])
        span = None if at < 0 else (at, at + len(gold["anchor"]))
        candidates = []
        if span is not None:
            for index, claim in enumerate(claims):
                if index not in used and _core_match(claim, gold, span):
                    slots = slot_results(claim, gold)
                    candidates.append((sum(1 for v in slots.values() if v), index, slots))
        if not candidates:
            if gold.get("required", True):
                out["misses"].append(gold["anchor"] + ("" if span else "  [anchor not in cleaned text]"))
            continue
        _, index, slots = max(candidates)
        used.add(index)
        _tally(out, gold["kind"], "predicted_matched")
        if gold.get("required", True):
            out["matched_required"] += 1
            _tally(out, gold["kind"], "matched_required")
            if all(v is not False for v in slots.values()):
                out["exact"] += 1
                _tally(out, gold["kind"], "exact")
        else:
            out["matched_optional"] += 1
        for slot, ok in slots.items():
            if ok is not None:
                out["slots"][slot][0] += int(ok)
                out["slots"][slot][1] += 1
        wrong = [s for s, v in slots.items() if v is False]
        if wrong:
            out["wrong_slots"].append(f"{gold['anchor']!r}: wrong {', '.join(wrong)}")
    for index, claim in enumerate(claims):
        if index not in used:
            evidence = (claim.get("evidence") or {}).get("text", "")
            out["spurious"].append(f"{claim.get('kind')}: {evidence[:100]}")
    for banned in gold_doc.get("must_not_claim", []):
        hit = any(banned in str((c.get("quantity") or {}).get("text", "")) or
                  (i not in used and banned in str((c.get("evidence") or {}).get("text", "")))
                  for i, c in enumerate(claims))
        out["checks"][f"no claim from {banned!r}"] = not hit
    return out


def _tally(out: dict, kind: str, what: str) -> None:
    counts = out["by_kind"].setdefault(kind, dict.fromkeys(KIND_COUNTS, 0))
    counts[what] += 1


KIND_COUNTS = ("required", "matched_required", "exact", "predicted", "predicted_matched")


def by_kind(results: list[dict]) -> dict[str, dict[str, Any]]:
    """Per kind: required gold claims, recall, exact recall; predictions, precision.
    A prediction counts for the kind it claims; a match needs equal kinds, so the
    matched predictions of a kind are the gold claims of that kind they matched."""
    totals: dict[str, dict[str, int]] = {}
    for result in results:
        for kind, counts in result.get("by_kind", {}).items():
            into = totals.setdefault(kind, dict.fromkeys(KIND_COUNTS, 0))
            for key, value in counts.items():
                into[key] += value
    out = {}
    for kind in sorted(totals):
        t = totals[kind]
        out[kind] = {**t,
                     "recall": round(t["matched_required"] / t["required"], 4) if t["required"] else None,
                     "exact_recall": round(t["exact"] / t["required"], 4) if t["required"] else None,
                     "precision": round(t["predicted_matched"] / t["predicted"], 4) if t["predicted"] else None}
    return out


def kind_rows(summary: dict) -> list[dict[str, Any]]:
    """The per-kind figures of a summary as table rows."""
    return [{"kind": kind, "required": k["required"], "recall": k["recall"], "exact_recall": k["exact_recall"],
             "predicted": k["predicted"], "precision": k["precision"]}
            for kind, k in summary.get("by_kind", {}).items()]


def summarise(results: list[dict]) -> dict[str, Any]:
    required = sum(r["required"] for r in results)
    matched = sum(r["matched_required"] for r in results)
    optional = sum(r["matched_optional"] for r in results)
    predicted = sum(r["predicted"] for r in results)
    exact = sum(r["exact"] for r in results)
    recall = matched / required if required else 0.0
    precision = (matched + optional) / predicted if predicted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    slots = {s: [sum(r["slots"][s][0] for r in results), sum(r["slots"][s][1] for r in results)] for s in SLOTS}
    checks = [ok for r in results for ok in r["checks"].values()]
    return {
        "documents": len(results), "required": required, "matched_required": matched,
        "matched_optional": optional, "predicted": predicted,
        "recall": round(recall, 4), "precision": round(precision, 4), "f1": round(f1, 4),
        "exact_recall": round(exact / required, 4) if required else 0.0,
        "slot_accuracy": {s: (round(a / n, 4) if n else None) for s, (a, n) in slots.items()},
        "checks_passed": f"{sum(checks)}/{len(checks)}",
        "by_kind": by_kind(results),
    }


def score_records(gold: dict, records: list[dict]) -> dict[str, Any]:
    """{'summary': ..., 'documents': [per-document results]} for records against a gold file."""
    if not isinstance(gold, dict) or not isinstance(gold.get("documents"), list):
        raise ValueError("a gold file is a JSON object with a 'documents' list (see shared/gold/README.md)")
    results = [score_document(find_record(records, d["file"]), d) for d in gold["documents"]]
    return {"summary": summarise(results), "documents": results}
