"""`newsledger load`: a Spark run's Parquet output into a store (added to the CLI by
`scale_commands(app)`). The job itself is `python -m newsledger.scale.spark` (or
spark-submit): it needs a Java runtime and pyspark, loading needs neither."""
from __future__ import annotations

from typing import Annotated

import click
import typer

from newsledger.render import Format, emit


def scale_commands(app: typer.Typer) -> None:
    @app.command()
    def load(
        output: Annotated[str, typer.Argument(
            help="Output folder of `python -m newsledger.scale.spark` (local, or s3://, gs://, hdfs://).")],
        db: Annotated[str, typer.Option(
            "--db", envvar="NEWSLEDGER_DB",
            help="Store: a SQLite file, or a URL open_store accepts (sqlite:///…, postgresql://…).")] = "newsledger.db",
        batch_rows: Annotated[int, typer.Option(
            "--batch-rows", min=1, help="Parquet rows read at a time (memory stays at one batch).")] = 500,
        fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    ) -> None:
        """Load documents and claims made by the Spark job into a store. Loading twice adds nothing."""
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        from newsledger.extras import require
        from newsledger.scale import ScaleError

        require("pyarrow", "parquet", "newsledger load (the Spark job's Parquet output)")
        from newsledger.scale.load import load as run_load
        from newsledger.scale.load import manifest
        from newsledger.store import StoreError, open_store

        err = Console(stderr=True, soft_wrap=True)
        try:
            counts = manifest(output).get("counts", {})
            total = counts.get("documents")
            with open_store(db) as store, Progress(
                    TextColumn("[bold]loading"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[status]}"), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal) as progress:
                task = progress.add_task("loading", total=total, status="")

                def on_progress(report) -> None:
                    progress.update(task, completed=report.documents,
                                    status=f"new {report.new}  claims {report.claims}")
                report = run_load(output, store, batch_rows=batch_rows, on_progress=on_progress)
        except (ScaleError, StoreError) as exc:
            raise click.ClickException(str(exc)) from None
        summary = report.as_dict()
        if fmt in (Format.json, Format.jsonl):
            emit([summary], fmt)
            return
        emit([{"documents": report.documents, "new": report.new, "duplicate": report.duplicate,
               "near duplicate": report.near_duplicate, "already stored": report.existing,
               "skipped": report.skipped, "claims": report.claims}], fmt, title=f"loaded {output} into {db}")
