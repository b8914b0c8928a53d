"""The root of the command line: the Typer app, its global options, the options and
renderers the commands share, and the entry point that turns failures into one line."""
from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsledger import __version__
from newsledger.cli.store import (
    UserError, existing_store)
from newsledger.render import Format

def _flag_type_hidden() -> None:
    """Typer's rich help prints a type beside every option, `<bool>` for flags too, which
    reads as if `--series` took a value; a flag shows no type (the rest stay as they are)."""
    import typer.core
    shown = typer.core.TyperOption.display_type_rich
    if getattr(shown, "_newsledger", False):
        return

    def display_type_rich(self, ctx):
        return None if self.is_flag else shown(self, ctx)
    display_type_rich._newsledger = True   # type: ignore[attr-defined]
    typer.core.TyperOption.display_type_rich = display_type_rich   # type: ignore[method-assign]


_flag_type_hidden()

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


CLAIM_COLUMNS = ["kind", "who → whom", "item", "figure", "when", "modality", "according to", "confidence", "evidence"]


def claim_row(claim: dict) -> dict:
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
