"""The `--db` option every command shares: a SQLite file path or a server URL
(``postgresql://user@host/dbname``), opened through `newsledger.store.open_store`.

A string, not a Path: Path would fold the '//' of a URL."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import click
import typer

DbOption = Annotated[str, typer.Option(
    "--db", envvar="NEWSLEDGER_DB",
    help="Store: a SQLite file (created if missing) or postgresql://user@host/dbname.")]
DEFAULT_DB = "newsledger.db"


class UserError(click.ClickException):
    """A problem with what the user asked for: printed as one line, exit code 1."""


def is_url(db: str) -> bool:
    return "://" in str(db)


def shown(db: str) -> str:
    """The store as it may be printed: a URL without its password."""
    if not is_url(db):
        return str(db)
    from newsledger.store.postgres import redact_url
    return redact_url(str(db))


def open_store(db: str):
    """Open (and create or migrate) the store; a store problem is a one-line error."""
    from newsledger.store import StoreError
    from newsledger.store import open_store as open_any
    try:
        return open_any(str(db))
    except StoreError as exc:
        raise UserError(str(exc)) from None


def existing_store(db: str):
    """Open a store that must exist already: a missing SQLite file is a one-line error, not a
    new empty store (a server store is checked by connecting)."""
    if not is_url(db) and not Path(db).exists():
        raise UserError(f"{db}: no such store; create it with `newsledger ingest PATH --db {db}`")
    return open_store(db)
