"""Commands over documents: ingest, docs, show, extract, demo."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from newsledger.cli.app import (
    CLAIM_COLUMNS, PROGRESS_EVERY, SQL_INT_MAX, FormatOption, PrivateUrlsOption, WorkersOption,
    _existing_store, app, claim_row, err)
from newsledger.cli.store import (
    DEFAULT_DB, DbOption, UserError, shown)
from newsledger.cli.store import open_store as _open_store
from newsledger.render import Format, emit, to_json


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
    from newsledger.cli.progress import estimate_total, eta_text, progress_bar
    from newsledger.pipeline import ingest as run_ingest
    from newsledger.workers import default_workers

    total = estimate_total(paths)
    started = time.monotonic()
    last_line = [started]
    with _open_store(db) as store, progress_bar(err, known_total=total is not None) as progress:
        task = progress.add_task("ingesting", total=total, status="", rate="")

        def on_progress(report, source):
            now = time.monotonic()
            done = report.read + report.skipped
            rate = f"{report.read / max(now - started, 1e-9):.1f} docs/s"
            if err.is_terminal:
                progress.update(task, completed=done, rate=rate,
                                status=f"new {report.new}  skipped {report.skipped}  {Path(source).name[:40]}")
            elif now - last_line[0] >= PROGRESS_EVERY:
                # no live display off a terminal (a log, a pipe): a line every few seconds
                of = f"/{total}" if total is not None else ""
                err.print(f"ingesting: read {report.read}{of}  new {report.new}  skipped {report.skipped}  "
                          f"{rate}  {eta_text(done, total, now - started)}  {Path(source).name[:40]}".rstrip(),
                          highlight=False)
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
        err.print(f"[yellow]skipped[/] {report.named(source)}: {reason}", highlight=False)
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
    if fmt is Format.csv:
        # the flat documents table: the same columns as `export --what documents --format csv`
        import sys

        from newsledger.export.flat import DOCUMENT_COLUMNS, document_row
        from newsledger.export.tables import write_csv_records
        write_csv_records([document_row(r) for r in rows], DOCUMENT_COLUMNS, sys.stdout)
        return
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
        emit([claim_row(c) for c in record["claims"]], Format.table, columns=CLAIM_COLUMNS,
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
        err.print(f"[yellow]skipped[/] {skipped.named}: {skipped.reason}", highlight=False)

    from newsledger.cli.progress import estimate_total, eta_text
    total = estimate_total(paths)
    started = time.monotonic()
    last_line = [started]

    def counted(docs):
        # records go to stdout, so progress is a line on stderr every few seconds (no live bar)
        for doc in docs:
            outcome["read"] += 1
            now = time.monotonic()
            if now - last_line[0] >= PROGRESS_EVERY:
                done = outcome["read"] + outcome["skipped"]
                of = f"/{total}" if total is not None else ""
                err.print(f"extracting: read {outcome['read']}{of}  skipped {outcome['skipped']}  "
                          f"{outcome['read'] / (now - started):.1f} docs/s  "
                          f"{eta_text(done, total, now - started)}".rstrip(), highlight=False)
                last_line[0] = now
            yield doc

    records = (doc.to_dict() for doc in extract_records(paths, fetch_links=fetch_links, on_skip=on_skip,
                                                            workers_count=workers or default_workers(),
                                                            allow_private_urls=allow_private_urls))
    records = counted(records)
    if fmt in (Format.jsonl, Format.json):
        emit(records, fmt)
    else:
        rows = [dict(claim_row(c), doc=r["id"]) for r in records for c in r["claims"]]
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
        rows = [claim_row(c) for c in store.claims()]
        emit(rows, Format.table, columns=CLAIM_COLUMNS, title="claims", console=console,
             highlight={"evidence": ("figure", "bold yellow")}, wide="evidence")
        from newsledger.register.summary import render_register_summary
        render_register_summary(store, console)
    console.print(f"\nThe store is {db}; try: newsledger claims --db {db} --kind deploy", highlight=False)


# ---------------------------------------------------------------- claims
