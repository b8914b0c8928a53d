"""Commands over claims and the stages: claims, stage, times, eval."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from newsledger.cli.app import (
    CLAIM_COLUMNS, SQL_INT_MAX, STAGES, FormatOption,
    _existing_store, _parse_date, app, claim_row, err)
from newsledger.cli.store import (
    DEFAULT_DB, DbOption, UserError, date_filter, kind_filter, modality_filter, party_filter)
from newsledger.render import Format, emit


@app.command("claims")
def list_claims(db: DbOption = DEFAULT_DB,
                kind: Optional[str] = None, actor: Optional[str] = None, recipient: Optional[str] = None,
                item: Optional[str] = None,
                since: Annotated[Optional[str], typer.Option(help="ISO date: claims about events on or after it.")] = None,
                until: Annotated[Optional[str], typer.Option(help="ISO date: claims about events on or before it.")] = None,
                modality: Annotated[Optional[str], typer.Option(
                    help="occurred, planned, expected, possible, denied or negated; or a register class: "
                         "intended (planned/expected/possible), refuted (denied/negated).")] = None,
                min_confidence: Annotated[Optional[float], typer.Option(
                    "--min-confidence", min=0.0, max=1.0, help="Only claims whose confidence is at least this (0-1).")] = None,
                doc: Annotated[Optional[str], typer.Option("--doc", help="Only claims of this document.")] = None,
                limit: Annotated[Optional[int], typer.Option(min=0, max=SQL_INT_MAX, help="At most this many rows.")] = None,
                fmt: FormatOption = Format.table) -> None:
    """List stored claims, with filters; table mode shows the evidence with the figure marked."""
    since, until = date_filter(since, "--since"), date_filter(until, "--until")
    kind, modality = kind_filter(kind), modality_filter(modality)
    actor, recipient = party_filter(actor), party_filter(recipient)
    with _existing_store(db) as store:
        claims = store.claims(kind=kind, actor=actor, recipient=recipient, item=item, since=since,
                              until=until, modality=modality, doc=doc, limit=limit,
                              min_confidence=min_confidence)
    if fmt in (Format.json, Format.jsonl):
        emit(claims, fmt)
    elif fmt is Format.csv:
        # the flat claims table: the same file as `export --what claims --format csv`
        import sys

        from newsledger.export.flat import CLAIM_COLUMNS as FLAT, claim_row as flat_row
        from newsledger.export.tables import write_csv_records
        write_csv_records([flat_row(c) for c in claims], FLAT, sys.stdout)
    else:
        emit([claim_row(c) for c in claims], fmt, columns=CLAIM_COLUMNS,
             title="claims", highlight={"evidence": ("figure", "bold yellow")}, wide="evidence")


# ---------------------------------------------------------------- analysis stages

def _read_text(path: Path) -> str:
    from newsledger.sources import read_text_file
    return read_text_file(path)


@app.command()
def stage(name: Annotated[str, typer.Argument(help="entities | quantities | times | attribution")],
          file: Annotated[Path, typer.Argument(help="A text file (offsets refer to its text as read).")],
          dct: Annotated[Optional[str], typer.Option(help="Reference date (ISO) for relative dates.")] = None,
          fmt: FormatOption = Format.table) -> None:
    """Run one analysis stage on a file and print what it finds, with character offsets."""
    if name not in STAGES:
        raise UserError(f"unknown stage {name!r}; choose one of {', '.join(STAGES)}")
    import importlib
    module = importlib.import_module({"entities": "newsledger.analyze.entities",
                                      "quantities": "newsledger.extract.quantities",
                                      "times": "newsledger.extract.times",
                                      "attribution": "newsledger.extract.attribution"}[name])
    rows = module.stage_rows(_read_text(file), dct=_parse_date(dct, "--dct"))
    emit(rows, fmt, title=f"{name} in {file}")


@app.command()
def times(file: Annotated[Path, typer.Argument(help="A text file.")],
          dct: Annotated[str, typer.Option(help="Document creation date (ISO) the expressions resolve against.")],
          fmt: FormatOption = Format.table) -> None:
    """Print every date expression in a file, resolved to an interval."""
    from newsledger.extract.times import stage_rows
    rows = stage_rows(_read_text(file), dct=_parse_date(dct, "--dct"))
    emit(rows, fmt, columns=["start", "end", "text", "value", "start_date", "end_date", "granularity"],
         title=f"times in {file}")


@app.command("eval")
def evaluate(gold: Annotated[Path, typer.Option("--gold", help="Gold file in the format of shared/gold.")],
             paths: Annotated[list[str], typer.Argument(help="The articles the gold file describes.")],
             fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
             save: Annotated[Optional[Path], typer.Option(help="Also write the records as JSON Lines here.")] = None) -> None:
    """Score the extractor against a gold file: recall, precision, exact recall, slots, misses."""
    from newsledger.evaluation import kind_rows, score_records
    from newsledger.pipeline import extract_records

    if not gold.is_file():
        raise UserError(f"{gold}: no such gold file")
    try:
        gold_data = json.loads(gold.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserError(f"{gold}: not a JSON gold file: {exc}") from None
    records = [doc.to_dict() for doc in extract_records(paths)]
    if save:
        save.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    result = score_records(gold_data, records)
    if fmt in (Format.json, Format.jsonl):
        emit([result], fmt)
        return
    summary = result["summary"]
    console = Console()
    emit([{"metric": k, "value": summary[k]} for k in ("documents", "required", "matched_required",
                                                         "matched_optional", "predicted", "recall", "precision",
                                                         "f1", "exact_recall", "checks_passed")],
         Format.table, title="score", console=console)
    emit([{"slot": s, "accuracy": a} for s, a in summary["slot_accuracy"].items()], Format.table,
         title="slot accuracy over matched claims", console=console)
    emit(kind_rows(summary), Format.table, title="by kind", console=console)
    for doc in result["documents"]:
        for check, ok in doc["checks"].items():
            if not ok:
                console.print(f"[red]failed check[/] {doc['file']}: {check}", highlight=False)
        for miss in doc["misses"]:
            console.print(f"[red]missed[/] {doc['file']}: {miss}", highlight=False)
        for wrong in doc.get("wrong_slots", []):
            console.print(f"[yellow]wrong slots[/] {doc['file']}: {wrong}", highlight=False)
        for extra in doc["spurious"]:
            console.print(f"[yellow]false positive[/] {doc['file']}: {extra}", highlight=False)




@app.command("train")
def train_models(out: Annotated[Path, typer.Option("--out", help="Where to write the models (default: the "
                                                   "package's own, which the extractor loads).")] = None,
                 gold: Annotated[Optional[list[Path]], typer.Option(
                     "--gold", help="Extra gold file (format of shared/gold) to learn from; repeatable.")] = None,
                 texts: Annotated[Optional[list[Path]], typer.Option(
                     "--texts", help="The folder of each --gold file's texts, in the same order.")] = None,
                 annotations: Annotated[Path, typer.Option(help="The annotated corpus (claims/ inside).")] = Path("annotations"),
                 shared: Annotated[Path, typer.Option(help="The shared corpora the annotations read their texts "
                                                      "from.")] = Path("../shared")) -> None:
    """Train the extractor's learned decisions from the annotated corpus (train split; dev
    chooses thresholds), plus your own gold files. Use the result with NEWSLEDGER_MODELS=DIR."""
    from newsledger import training
    from newsledger.extract.learned import MODELS_DIR
    gold, texts = list(gold or []), list(texts or [])
    if len(gold) != len(texts):
        raise UserError(f"--gold given {len(gold)} times but --texts {len(texts)} times: give each gold file its texts")
    for path in gold:
        if not path.is_file():
            raise UserError(f"{path}: no such gold file")
    if not (annotations / "claims").is_dir():
        raise UserError(f"{annotations}: no annotated corpus there (claims/ missing)")
    try:
        report = training.train(out or MODELS_DIR, annotations, shared, extra=list(zip(gold, texts)),
                                progress=lambda line: err.print(line, highlight=False))
    except (ValueError, FileNotFoundError) as exc:
        raise UserError(str(exc)) from None
    dev = report["dev"]
    emit([{"split": "dev", "recall": dev["recall"], "precision": dev["precision"],
           "exact recall": dev["exact_recall"]}], Format.table, title=f"models written to {out or MODELS_DIR}")
