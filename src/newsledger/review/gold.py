"""The analysts' reviews as gold: a gold file in the format of ../shared/gold (README.md there
says how claims are matched) and training examples for `newsledger train`.

Each reviewed document becomes one gold document, named by its source file (`file`), which
`newsledger eval --gold FILE PATHS` matches to the records extracted from PATHS; `doc_id`
names the stored document too, so `newsledger review eval` re-extracts the stored text.

- A verified or corrected claim is a required gold claim: its evidence sentence is the anchor,
  the reviewed kind, item category, figure, actor, recipient, time, modality and innermost
  source are the slots.
- A rejected claim says its sentence holds no claim (must_not_claim) when every other claim
  extracted from that sentence was reviewed too; otherwise it cannot be said in this format
  and is left out (gold is exhaustive per document, README.md).
- `complete` is true when every claim of the document was reviewed; precision on incomplete
  documents counts unreviewed extractions as false positives, so score those for recall.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

KEPT = ("verified", "corrected")


def _party(entity: dict[str, Any] | None) -> list[str] | None:
    if not entity:
        return None
    names = [entity.get("iso3"), entity.get("name"), entity.get("wikidata")]
    return list(dict.fromkeys(n for n in names if n))


def gold_claim(claim: dict[str, Any]) -> dict[str, Any]:
    """One reviewed claim record as a gold claim."""
    q = claim.get("quantity") or {}
    out: dict[str, Any] = {
        "anchor": claim["evidence"]["text"], "kind": claim["kind"],
        "actor": _party(claim.get("actor")), "recipient": _party(claim.get("recipient")),
        "item": (claim.get("item") or {}).get("category"),
        "quantity": q.get("value") if q else None,
    }
    if q.get("approx"):
        out["approx"] = True
    if q.get("increment"):
        out["increment"] = True
    time = claim.get("time") or {}
    if time.get("start") or time.get("end"):
        out["time"] = [time.get("start"), time.get("end")]
    out["modality"] = [claim["modality"]]
    attribution = claim.get("attribution") or []
    if attribution:
        out["origin"] = [n for n in (attribution[-1].get("name"), attribution[-1].get("text")) if n]
    review = claim.get("review") or {}
    out["required"] = True
    out["review"] = {k: review.get(k) for k in ("status", "by", "at", "note")}
    return out


def gold_documents(store: Any) -> list[dict[str, Any]]:
    """One gold document per reviewed document, with its text (for training)."""
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for claim in store.reviewed_claims():
        by_doc[claim["doc_id"]].append(claim)
    out = []
    for doc_id, reviewed in by_doc.items():
        every = store.document_claims(doc_id)
        doc = store.get_document(doc_id)
        if doc is None:
            continue
        kept = [gold_claim(c) for c in reviewed if c["review_status"] in KEPT]
        banned = []
        for c in reviewed:
            if c["review_status"] != "rejected":
                continue
            span = (c["evidence"]["start"], c["evidence"]["end"])
            neighbours = [o for o in every if (o["evidence"]["start"], o["evidence"]["end"]) == span]
            if all(o.get("review_status") for o in neighbours) and \
                    not any(o.get("review_status") in KEPT for o in neighbours):
                banned.append(c["evidence"]["text"])
        out.append({"file": Path(doc.source).name if "://" not in doc.source else doc.source,
                    "doc_id": doc_id, "source": doc.source, "published": None, "outlet": None,
                    "complete": all(c.get("review_status") for c in every),
                    "reviewed": len(reviewed), "extracted": len(every),
                    "claims": kept, "must_not_claim": list(dict.fromkeys(banned)), "text": doc.text})
    out.sort(key=lambda d: d["file"])
    return out


def gold_file(store: Any) -> dict[str, Any]:
    """The reviews as a gold file (../shared/gold format), without the texts."""
    docs = [{k: v for k, v in d.items() if k != "text"} for d in gold_documents(store)]
    return {"about": "Claims reviewed by analysts in newsledger (newsledger export --what gold). "
                     "Matching rules: shared/gold/README.md; `complete` documents had every claim reviewed.",
            "documents": docs}


def training_examples(store: Any) -> list[dict[str, Any]]:
    """What `newsledger train` adds to its training data: per reviewed document its cleaned
    `text`, `doc_id`, `file`, the gold `claims` (verified and corrected, with `anchor` =
    evidence sentence), `must_not_claim` sentences, and `complete`. The same shape as the
    annotated corpus's gold documents (annotations/gold/*.gold.json) plus the text."""
    return gold_documents(store)


def gold_and_documents(store: Any) -> list[tuple[dict[str, Any], Any]]:
    """(gold document, stored Document without its claims) per reviewed document: what a
    trainer's example is made of (newsledger.training.Example(gold, document, "extra"))."""
    out = []
    for gold in gold_documents(store):
        doc = store.get_document(gold["doc_id"])
        doc.claims = []
        out.append(({k: v for k, v in gold.items() if k != "text"}, doc))
    return out


def write_texts(store: Any, directory: Path) -> list[Path]:
    """Each reviewed document's cleaned text as DIR/<its gold `file`>, so that
    `newsledger train --gold reviews.gold.json --texts DIR` and `newsledger eval --gold
    reviews.gold.json DIR/*` read the reviewed articles without the original inputs."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for gold in gold_documents(store):
        path = directory / Path(gold["file"]).name
        path.write_text(gold["text"], encoding="utf-8")
        written.append(path)
    return written
