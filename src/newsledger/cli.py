"""The command line: thin. Parse, call the library, render. Errors are one clear line
(with `--debug`, the traceback)."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsledger import __version__
from newsledger.cli_store import (
    DEFAULT_DB, DbOption, UserError, date_filter, existing_store, kind_filter, modality_filter, party_filter, shown)
from newsledger.cli_store import open_store as _open_store
from newsledger.render import Format, emit, to_json

app = typer.Typer(name="newsledger", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, rich_markup_mode="rich",
                  help="Turn news articles into a sourced register of claims: who did what to whom, "
                       "how many, when, where, and according to whom.")
err = Console(stderr=True, soft_wrap=True)  # one line a message, also when not a terminal
STATE = {"debug": False}

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
WorkersOption = Annotated[Optional[int], typer.Option(
    "--workers", "-j", envvar="NEWSLEDGER_WORKERS", min=1,
    help="Worker processes for cleaning and extraction, each with its own spaCy pipeline "
         "(default: all cores).")]
SQL_INT_MAX = 2 ** 63 - 1  # what SQLite and PostgreSQL accept as LIMIT / OFFSET
PrivateUrlsOption = Annotated[bool, typer.Option(
    "--allow-private-urls",
    help="Fetch URLs whose host is loopback, private, link-local or reserved (refused by default "
         "against server-side request forgery; for local use).")]
STAGES = ("entities", "quantities", "times", "attribution")


def _print_version(value: bool) -> None:
    # eager, so that `newsledger --version` needs no command
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _root(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
          version: Annotated[bool, typer.Option("--version", help="Print the version.", is_eager=True,
                                                callback=lambda value: _print_version(value))] = False,
          ontology: Annotated[Optional[list[Path]], typer.Option(
              help="Extra ontology file (kinds, triggers, items) extending the built-in one.")] = None,
          gazetteer: Annotated[Optional[list[Path]], typer.Option(
              help="Extra gazetteer file (countries, organisations, people, groups).")] = None,
          furniture: Annotated[Optional[list[Path]], typer.Option(
              help="Extra page-furniture patterns file.")] = None) -> None:
    STATE["debug"] = debug
    # The stages read their extension files from the environment, so the library, the CLI
    # and worker processes all see the same knowledge.
    for paths, variable in ((ontology, "NEWSLEDGER_ONTOLOGY"), (gazetteer, "NEWSLEDGER_GAZETTEER"),
                            (furniture, "NEWSLEDGER_FURNITURE")):
        for path in paths or ():
            if not path.is_file():
                raise UserError(f"{path}: no such file (given with --{variable.split('_')[1].lower()})")
        if paths:
            os.environ[variable] = os.pathsep.join([os.environ.get(variable, ""), *map(str, paths)]).strip(os.pathsep)


def _existing_store(db: str):
    return existing_store(db)


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


PROGRESS_EVERY = 5.0  # seconds between progress lines when stderr is not a terminal


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
                    TextColumn("{task.fields[status]}"), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


# ---------------------------------------------------------------- ingestion and documents

@app.command()
def ingest(paths: Annotated[list[str], typer.Argument(help="Files, folders, URLs, or - for stdin.")],
           db: DbOption = DEFAULT_DB,
           fetch_links: Annotated[bool, typer.Option(help="Fetch the pages that feed entries link to.")] = False,
           claims: Annotated[bool, typer.Option(help="Extract claims (--no-claims stores documents only).")] = True,
           workers: WorkersOption = None,
           allow_private_urls: PrivateUrlsOption = False,
           fmt: FormatOption = Format.table) -> None:
    """Read articles into the store: clean, deduplicate, extract claims."""
    from newsledger.pipeline import ingest as run_ingest
    from newsledger.workers import default_workers

    started = time.monotonic()
    last_line = [started]
    with _open_store(db) as store, _progress() as progress:
        task = progress.add_task("ingesting", total=None, status="")

        def on_progress(report, source):
            now = time.monotonic()
            rate = report.read / max(now - started, 1e-9)
            status = (f"read {report.read}  new {report.new}  skipped {report.skipped}  "
                      f"{rate:.1f} docs/s  {Path(source).name[:40]}")
            if err.is_terminal:
                progress.update(task, advance=0, status=status)
            elif now - last_line[0] >= PROGRESS_EVERY:
                # no live display off a terminal (a log, a pipe): a line every few seconds
                err.print(f"ingesting: {status}", highlight=False)
                last_line[0] = now
        report = run_ingest(paths, store, fetch_links=fetch_links, claims=claims,
                            workers_count=workers or default_workers(), on_progress=on_progress,
                            allow_private_urls=allow_private_urls)
    summary = report.as_dict()
    if fmt in (Format.json, Format.jsonl):
        emit([summary], fmt)
        return
    rows = [{"read": report.read, "new": report.new, "duplicate": report.duplicate,
             "near duplicate": report.near_duplicate, "already stored": report.existing,
             "skipped": report.skipped, "claims": report.claims}]
    emit(rows, fmt, title=f"ingested into {shown(db)}")
    for source, reason in report.reasons:
        err.print(f"[yellow]skipped[/] {source}: {reason}", highlight=False)
    if report.read == 0 and report.skipped:
        raise UserError(f"nothing could be read: all {report.skipped} input(s) skipped")


@app.command()
def docs(db: DbOption = DEFAULT_DB,
         query: Annotated[Optional[str], typer.Option("--query", "-q", help="Full-text search (FTS5 syntax).")] = None,
         limit: Annotated[int, typer.Option(min=0, max=SQL_INT_MAX, help="At most this many rows.")] = 50,
         offset: Annotated[int, typer.Option(min=0, max=SQL_INT_MAX, help="Skip this many rows first.")] = 0,
         duplicates: Annotated[bool, typer.Option(help="Include near-duplicate copies.")] = False,
         fmt: FormatOption = Format.table) -> None:
    """List stored documents, or search them."""
    with _existing_store(db) as store:
        rows = store.documents(query=query, limit=limit, offset=offset, include_duplicates=duplicates)
    emit(rows, fmt, columns=["id", "published", "outlet", "title", "claims", "source"],
         title="documents" + (f" matching {query!r}" if query else ""))


@app.command()
def show(doc_id: Annotated[str, typer.Argument(help="Document id (a unique prefix is enough).")],
         db: DbOption = DEFAULT_DB,
         fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.json) -> None:
    """Show one document record with its claims."""
    with _existing_store(db) as store:
        doc = store.get_document(doc_id)
    if doc is None:
        raise UserError(f"{doc_id}: no such document in {shown(db)}")
    record = doc.to_dict()
    if fmt is Format.table:
        console = Console()
        console.rule(record["title"] or record["id"])
        console.print(f"id {record['id']}  published {record['published']} ({record['published_basis']})  "
                      f"outlet {record['outlet']}  language {record['language']}\nsource {record['source']}",
                      highlight=False)
        console.print(record["text"], highlight=False)
        emit([_claim_row(c) for c in record["claims"]], Format.table, columns=CLAIM_COLUMNS,
             title="claims", highlight={"evidence": ("figure", "bold yellow")}, wide="evidence")
    elif fmt is Format.json:
        typer.echo(to_json(record, indent=2))   # one document: an object, not a list of one
    else:
        emit([record], fmt)


@app.command()
def extract(paths: Annotated[list[str], typer.Argument(help="Files, folders, URLs, or - for stdin.")],
            fetch_links: bool = False,
            workers: WorkersOption = None,
            allow_private_urls: PrivateUrlsOption = False,
            fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.jsonl) -> None:
    """Print one contract record per document, without touching a store."""
    from newsledger.pipeline import extract_records
    from newsledger.workers import default_workers

    outcome = {"read": 0, "skipped": 0}

    def on_skip(skipped):
        outcome["skipped"] += 1
        err.print(f"[yellow]skipped[/] {skipped.source}: {skipped.reason}", highlight=False)

    def counted(docs):
        for doc in docs:
            outcome["read"] += 1
            yield doc

    records = (doc.to_dict() for doc in extract_records(paths, fetch_links=fetch_links, on_skip=on_skip,
                                                            workers_count=workers or default_workers(),
                                                            allow_private_urls=allow_private_urls))
    records = counted(records)
    if fmt in (Format.jsonl, Format.json):
        emit(records, fmt)
    else:
        rows = [dict(_claim_row(c), doc=r["id"]) for r in records for c in r["claims"]]
        emit(rows, fmt, columns=["doc"] + CLAIM_COLUMNS, highlight={"evidence": ("figure", "bold yellow")}, wide="evidence")
    if outcome["read"] == 0 and outcome["skipped"]:
        raise UserError(f"nothing could be read: all {outcome['skipped']} input(s) skipped")


def _examples_dir() -> Path:
    for candidate in (Path(__file__).resolve().parents[2] / "examples", Path.cwd() / "examples"):
        if candidate.is_dir():
            return candidate
    raise UserError("examples/ not found: run the demo from the newsledger source tree")


@app.command()
def demo(directory: Annotated[Optional[Path], typer.Option("--dir", help="Where to create the store "
                                                                    "(default: a new temporary folder).")] = None) -> None:
    """Ingest the bundled examples into a fresh store and show what was found."""
    from newsledger.pipeline import ingest as run_ingest

    directory = directory or Path(tempfile.mkdtemp(prefix="newsledger-demo-"))
    directory.mkdir(parents=True, exist_ok=True)
    db = directory / "newsledger.db"
    if db.exists():
        db.unlink()
    examples = _examples_dir()
    console = Console()
    console.print(f"[bold]newsledger demo[/]: ingesting {examples} into {db}", highlight=False)
    with _open_store(db) as store:
        report = run_ingest([str(examples)], store)
        console.print(f"read {report.read}, new {report.new}, duplicates {report.duplicate + report.near_duplicate}, "
                      f"skipped {report.skipped}, claims {report.claims}", highlight=False)
        emit(store.documents(limit=20), Format.table, columns=["id", "published", "outlet", "title", "claims"],
             title="documents", console=console)
        rows = [_claim_row(c) for c in store.claims()]
        emit(rows, Format.table, columns=CLAIM_COLUMNS, title="claims", console=console,
             highlight={"evidence": ("figure", "bold yellow")}, wide="evidence")
        from newsledger.register.summary import render_register_summary
        render_register_summary(store, console)
    console.print(f"\nThe store is {db}; try: newsledger claims --db {db} --kind deploy", highlight=False)


# ---------------------------------------------------------------- claims

CLAIM_COLUMNS = ["kind", "who → whom", "item", "figure", "when", "modality", "according to", "evidence"]


def _claim_row(claim: dict) -> dict:
    """A claim flattened for tables and CSV; json/jsonl carry the full record instead."""
    def name(entity):
        return entity.get("name") if entity else None
    quantity = claim.get("quantity") or {}
    time = claim.get("time") or {}
    item = claim.get("item") or {}
    start, end = time.get("start"), time.get("end")
    when = None
    if time:
        when = (start if start == end else f"until {end}" if not start else f"since {start}" if not end
                else f"{start} to {end}")
    chain = [e.get("name", "") for e in claim.get("attribution") or []]
    return {
        "id": claim.get("id"), "kind": claim.get("kind"),
        "who → whom": " → ".join(filter(None, [name(claim.get("actor")) or "?", name(claim.get("recipient"))])),
        "when": when, "actor": name(claim.get("actor")),
        "recipient": name(claim.get("recipient")),
        "item": f"{item.get('name')} ({item.get('category')})" if item else None,
        "figure": quantity.get("text"), "value": quantity.get("value"),
        "time": (f"{time.get('start')}..{time.get('end')}" if time else None),
        "modality": claim.get("modality"),
        "according to": " → ".join(chain) if len(chain) <= 2 else f"{chain[0]} → … → {chain[-1]}",
        "reported": claim.get("reported"), "confidence": claim.get("confidence"),
        "evidence": (claim.get("evidence") or {}).get("text"),
    }


@app.command("claims")
def list_claims(db: DbOption = DEFAULT_DB,
                kind: Optional[str] = None, actor: Optional[str] = None, recipient: Optional[str] = None,
                item: Optional[str] = None,
                since: Annotated[Optional[str], typer.Option(help="ISO date: claims about events on or after it.")] = None,
                until: Annotated[Optional[str], typer.Option(help="ISO date: claims about events on or before it.")] = None,
                modality: Optional[str] = None,
                doc: Annotated[Optional[str], typer.Option("--doc", help="Only claims of this document.")] = None,
                limit: Annotated[Optional[int], typer.Option(min=0, max=SQL_INT_MAX, help="At most this many rows.")] = None,
                fmt: FormatOption = Format.table) -> None:
    """List stored claims, with filters; table mode shows the evidence with the figure marked."""
    since, until = date_filter(since, "--since"), date_filter(until, "--until")
    kind, modality = kind_filter(kind), modality_filter(modality)
    actor, recipient = party_filter(actor), party_filter(recipient)
    with _existing_store(db) as store:
        claims = store.claims(kind=kind, actor=actor, recipient=recipient, item=item, since=since,
                              until=until, modality=modality, doc=doc, limit=limit)
    if fmt in (Format.json, Format.jsonl):
        emit(claims, fmt)
    else:
        emit([_claim_row(c) for c in claims], fmt,
             columns=CLAIM_COLUMNS if fmt is Format.table else
             ["id", "kind", "actor", "recipient", "item", "figure", "value", "time", "modality", "according to",
              "reported", "confidence", "evidence"],
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


# ---------------------------------------------------------------- the register

from newsledger.register_cli import register_commands  # noqa: E402  (threads, conflicts, timeline, flows, export)

register_commands(app)

from newsledger.web_cli import web_commands  # noqa: E402  (serve)

web_commands(app)

from newsledger.scale_cli import scale_commands  # noqa: E402  (load: a Spark run's Parquet into a store)

scale_commands(app)


# ---------------------------------------------------------------- entry point

class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into the same clean stop as Ctrl-C: workers stopped, the document
    being written rolled back, everything stored before it kept."""


def _on_sigterm(signum, frame) -> None:  # noqa: ARG001
    STATE["terminated"] = True
    raise Terminated()


def main() -> None:
    command = typer.main.get_command(app)
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        code = command.main(prog_name="newsledger", standalone_mode=False)
        # typer turns a KeyboardInterrupt inside a command (Ctrl-C, or our SIGTERM) into an
        # exit code it returns rather than raises when not in standalone mode
        if isinstance(code, int) and code:
            if STATE.get("terminated"):
                err.print("terminated")
                sys.exit(143)
            if code == 130:
                err.print("interrupted")
            sys.exit(code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except (click.ClickException, typer.TyperException) as exc:
        # typer raises its own click-like errors (a bad option value); ours are click's
        exc.show()
        sys.exit(getattr(exc, "exit_code", 1))
    except Terminated:
        err.print("terminated")
        sys.exit(143)
    except click.exceptions.Abort as exc:
        # click turns a KeyboardInterrupt (and so our SIGTERM) inside a command into Abort
        if isinstance(exc.__cause__ or exc.__context__, Terminated):
            err.print("terminated")
            sys.exit(143)
        err.print("aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        # `newsledger extract ... | head`: the reader went away; not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - the one place that turns failures into one line
        if STATE["debug"]:
            raise
        err.print(f"[red]error:[/] {type(exc).__name__}: {exc}", highlight=False)
        err.print("(run with --debug for the traceback)", style="dim")
        sys.exit(1)


if __name__ == "__main__":
    main()
