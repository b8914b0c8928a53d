"""`newsledger review ...`: the analyst's review from the command line, the same as the web
app's review pages (both go through `Store.add_review`; see newsledger.review).

    newsledger review queue                      claims most in need of a human first
    newsledger review verify DOC CLAIM           the claim is right
    newsledger review reject DOC CLAIM --note .. the claim is wrong: hidden everywhere, kept
    newsledger review correct DOC CLAIM --set figure=3000 --set actor=PRK
    newsledger review history / audit            what was reviewed, every change
    newsledger review eval                       the extractor scored on the reviews
    newsledger review gold --out F --texts DIR   the reviews as gold, with their texts (for train)

DOC is a document id or a unique prefix (4+ characters); CLAIM a claim id or its short form
(`c3` for `<doc id>-c3`).
"""
from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from newsledger.cli.app import FormatOption, SQL_INT_MAX, claim_row
from newsledger.cli.store import DEFAULT_DB, DbOption, UserError, existing_store, kind_filter
from newsledger.render import Format, emit

review_app = typer.Typer(name="review", no_args_is_help=True, add_completion=False,
                         help="Verify, reject or correct claims; the review queue; the reviews as gold.")

NoteOption = Annotated[Optional[str], typer.Option("--note", "-m", help="Why (kept in the audit trail).")]
ReviewerOption = Annotated[Optional[str], typer.Option(
    envvar="NEWSLEDGER_REVIEWER", help="Who reviews (default: your login name).")]
STATUSES = ("unreviewed", "reviewed", "verified", "corrected", "rejected", "all")


def _target(store: Any, doc: str, claim: str) -> tuple[str, str]:
    from newsledger.store import StoreError
    try:
        found = store.get_document(doc)
    except StoreError as exc:
        raise UserError(str(exc)) from None
    if found is None:
        raise UserError(f"no document {doc!r} in the store")
    ids = {c["id"] for c in store.document_claims(found.id)}
    for candidate in (claim, f"{found.id}-{claim}"):
        if candidate in ids:
            return found.id, candidate
    raise UserError(f"no claim {claim!r} in document {found.id} (it has {', '.join(sorted(ids)) or 'none'})")


def _review(db: str, doc: str, claim: str, action: str, values: dict[str, str] | None, note: str | None,
            reviewer: str | None, fmt: Format) -> None:
    from newsledger.review.corrections import ReviewError, parse_changes
    from newsledger.store import StoreError
    with existing_store(db) as store:
        doc_id, claim_id = _target(store, doc, claim)
        current = next(c for c in store.document_claims(doc_id) if c["id"] == claim_id)
        try:
            changes = parse_changes(values or {}, current) if action == "correct" else None
            result = store.add_review(doc_id, claim_id, action, changes, note=note,
                                      reviewer=reviewer or getpass.getuser(), via="cli")
        except (ReviewError, StoreError) as exc:
            raise UserError(str(exc)) from None
    if fmt in (Format.json, Format.jsonl):
        emit([result], fmt)
        return
    changed = result["claim"]["review"]["changed"]
    typer.echo(f"{result['status']} {claim_id} (review {result['review_id']} by {result['reviewer']})"
               + (f": {', '.join(changed)} changed" if changed else ""))


@review_app.command("verify")
def verify(doc: Annotated[str, typer.Argument(help="Document id or prefix.")],
           claim: Annotated[str, typer.Argument(help="Claim id, or c3 for <doc>-c3.")],
           db: DbOption = DEFAULT_DB, note: NoteOption = None, reviewer: ReviewerOption = None,
           fmt: FormatOption = Format.table) -> None:
    """Mark a claim right as extracted (earlier corrections stay; restores a rejected claim)."""
    _review(db, doc, claim, "verify", None, note, reviewer, fmt)


@review_app.command("reject")
def reject(doc: Annotated[str, typer.Argument(help="Document id or prefix.")],
           claim: Annotated[str, typer.Argument(help="Claim id, or c3 for <doc>-c3.")],
           db: DbOption = DEFAULT_DB, note: NoteOption = None, reviewer: ReviewerOption = None,
           fmt: FormatOption = Format.table) -> None:
    """Mark a claim wrong: hidden from the register, pages and exports, kept in the store."""
    _review(db, doc, claim, "reject", None, note, reviewer, fmt)


@review_app.command("correct")
def correct(doc: Annotated[str, typer.Argument(help="Document id or prefix.")],
            claim: Annotated[str, typer.Argument(help="Claim id, or c3 for <doc>-c3.")],
            set_: Annotated[list[str], typer.Option("--set", "-s", help=(
                "SLOT=VALUE, repeatable. Slots: kind, actor, recipient, item (category: name), figure, "
                "time (YYYY[-MM[-DD]] or START..END), location, modality, source (A > B); "
                "VALUE 'none' clears the slot."))],
            db: DbOption = DEFAULT_DB, note: NoteOption = None, reviewer: ReviewerOption = None,
            fmt: FormatOption = Format.table) -> None:
    """Correct slots of a claim (on top of earlier corrections)."""
    values: dict[str, str] = {}
    for pair in set_:
        slot, eq, value = pair.partition("=")
        if not eq or not slot.strip():
            raise UserError(f"--set {pair!r}: write SLOT=VALUE, e.g. --set figure=3000")
        values[slot.strip().lower()] = value.strip()
    _review(db, doc, claim, "correct", values, note, reviewer, fmt)


@review_app.command("queue")
def queue(db: DbOption = DEFAULT_DB,
          status: Annotated[str, typer.Option(help=", ".join(STATUSES))] = "unreviewed",
          kind: Annotated[Optional[str], typer.Option(help="Only this claim kind.")] = None,
          limit: Annotated[Optional[int], typer.Option(min=0, max=SQL_INT_MAX, help="At most this many.")] = 20,
          fmt: FormatOption = Format.table) -> None:
    """Claims most in need of a human first: figures in a conflict, threads' latest figures,
    low then middling confidence."""
    from newsledger.register import build_register, copies_from_store
    from newsledger.review import queue as ranking
    if status not in STATUSES:
        raise UserError(f"--status: {status!r}: choose from {', '.join(STATUSES)}")
    kind = kind_filter(kind)
    with existing_store(db) as store:
        visible = store.claims()
        register = build_register(visible, copies=copies_from_store(store))
        if status in ("unreviewed", "verified", "corrected"):
            pool = visible
        else:
            pool = visible + [c for c in store.reviewed_claims() if c["review_status"] == "rejected"]
    def state(c: dict[str, Any]) -> str:
        return c.get("review_status") or (c.get("review") or {}).get("status") or "unreviewed"
    wanted = {"all": lambda s: True, "reviewed": lambda s: s != "unreviewed"}.get(status, lambda s: s == status)
    pool = [c for c in pool if wanted(state(c)) and (kind is None or c["kind"] == kind)]
    ranked = ranking.rank(pool, ranking.signals(register))[:limit]
    if fmt in (Format.json, Format.jsonl):
        emit(ranked, fmt)
        return
    emit([{"doc": c["doc_id"], "claim": c["id"].rsplit("-", 1)[-1], "status": state(c),
           "why": ", ".join(c["reasons"]), "conf.": c["confidence"], **claim_row(c)} for c in ranked], fmt,
         columns=["doc", "claim", "status", "why", "conf.", "kind", "who → whom", "figure", "evidence"],
         title="review queue", wide="evidence")


@review_app.command("history")
def history(db: DbOption = DEFAULT_DB,
            doc: Annotated[Optional[str], typer.Option("--doc", help="Only this document.")] = None,
            limit: Annotated[Optional[int], typer.Option(min=0, max=SQL_INT_MAX)] = 50,
            fmt: FormatOption = Format.table) -> None:
    """Reviews, newest first."""
    with existing_store(db) as store:
        rows = store.review_history(doc_id=doc, limit=limit)
    if fmt in (Format.json, Format.jsonl):
        emit(rows, fmt)
        return
    emit([{"id": r["id"], "at": r["created_at"], "by": r["reviewer"], "action": r["action"],
           "claim": r["claim_id"], "changed": ", ".join(r["changes"]) or "-",
           "note": r["note"]} for r in rows], fmt, title="reviews")


@review_app.command("audit")
def audit(db: DbOption = DEFAULT_DB,
          limit: Annotated[Optional[int], typer.Option(min=0, max=SQL_INT_MAX)] = 50,
          fmt: FormatOption = Format.table) -> None:
    """Every change to reviewed claims (reviews, and re-application after re-extraction)."""
    with existing_store(db) as store:
        rows = store.review_audit(limit=limit)
    if fmt in (Format.json, Format.jsonl):
        emit(rows, fmt)
        return
    emit([{k: r[k] for k in ("id", "at", "who", "via", "event", "review_id", "claim_id")} for r in rows], fmt,
         title="review audit")


@review_app.command("eval")
def evaluate(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.table,
             save: Annotated[Optional[Path], typer.Option(help="Also write the gold file here.")] = None) -> None:
    """Score the extractor (as it is now) on the reviews: re-extract the stored texts of the
    reviewed documents and match them to the reviewed claims (shared/gold rules)."""
    from newsledger.evaluation import score_records
    from newsledger.review.gold import gold_documents, gold_file
    from newsledger.workers import annotate_safely
    with existing_store(db) as store:
        docs = gold_documents(store)
        stored = [store.get_document(d["doc_id"]) for d in docs]
        if save:
            save.write_text(json.dumps(gold_file(store), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if not docs:
        raise UserError("no reviews in the store yet: review claims first (newsledger review --help)")
    for doc in stored:
        doc.claims = []
    failures = annotate_safely(stored)
    for doc, reason in failures:
        typer.echo(f"could not extract {doc.id}: {reason}", err=True)
    records = [dict(doc.to_dict(), source=gold["file"]) for doc, gold in zip(stored, docs)]
    gold = {"documents": [{k: v for k, v in d.items() if k != "text"} for d in docs]}
    result = score_records(gold, records)
    if fmt in (Format.json, Format.jsonl):
        emit([result], fmt)
        return
    summary = result["summary"]
    emit([{"metric": k, "value": summary[k]} for k in ("documents", "required", "matched_required", "predicted",
                                                       "recall", "precision", "exact_recall", "checks_passed")],
         Format.table, title="extractor vs reviews")
    emit([{"slot": s, "accuracy": a} for s, a in summary["slot_accuracy"].items()], Format.table,
         title="slot accuracy over matched claims")


@review_app.command("gold")
def gold(db: DbOption = DEFAULT_DB,
         out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Gold file (default: standard output).")] = None,
         texts: Annotated[Optional[Path], typer.Option(help=(
             "Also write each reviewed document's text into this folder, named as the gold file "
             "names it: then `newsledger train --gold OUT --texts DIR` learns from the reviews."))] = None) -> None:
    """The reviews as a gold file (the same as `newsledger export --what gold`), and the texts."""
    from newsledger.review.gold import write_texts
    count = export_gold(db, out)
    if texts is not None:
        with existing_store(db) as store:
            written = write_texts(store, texts)
        typer.echo(f"wrote {len(written)} texts to {texts}", err=True)
    if out is not None:
        typer.echo(f"wrote {count} reviewed documents as gold to {out}", err=True)


def export_gold(db: str, out: Path | None) -> int:
    """`newsledger export --what gold`: the reviews as a gold file; the number of documents."""
    from newsledger.review.gold import gold_file
    with existing_store(db) as store:
        gold = gold_file(store)
    text = json.dumps(gold, ensure_ascii=False, indent=1) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        out.write_text(text, encoding="utf-8")
    return len(gold["documents"])


def review_commands(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")


__all__ = ["review_commands", "export_gold", "review_app"]
