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


# -- filters every listing command shares: one grammar, validated, aliases resolved ----------

def date_filter(value: str | None, option: str) -> str | None:
    """A `--since` / `--until` value: YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date
    (the grammar of newsledger.periods, shared with the web app)."""
    from newsledger.periods import BadPeriod, period
    if value is None:
        return None
    try:
        period(value)
    except BadPeriod as exc:
        raise UserError(f"{option}: {exc}") from None
    return value.strip()


def kind_filter(value: str | None) -> str | None:
    """A `--kind`: one of the ontology's kinds (built-in plus the user's), else an error that
    lists them."""
    if value is None:
        return None
    from newsledger.extract.ontology import Ontology
    kinds = sorted(Ontology.default().kinds)
    if value.lower() not in kinds:
        raise UserError(f"--kind: {value!r} is not a kind; choose from {', '.join(kinds)}")
    return value.lower()


def modality_filter(value: str | None) -> str | tuple[str, ...] | None:
    """A `--modality`: one of the contract's modalities, or one of the register's classes
    (intended = planned, expected, possible; refuted = denied, negated), which stands for its
    members, so what `threads` shows can be looked up in `claims`."""
    from newsledger.records import MODALITIES
    from newsledger.register.figures import MODALITY_CLASSES
    if value is None:
        return None
    wanted = value.strip().lower()
    if wanted in MODALITIES:
        return wanted
    if wanted in MODALITY_CLASSES:
        return MODALITY_CLASSES[wanted]
    classes = ", ".join(f"{name} = {'/'.join(members)}" for name, members in MODALITY_CLASSES.items()
                        if name not in MODALITIES)
    raise UserError(f"--modality: {value!r} is not a modality; choose from {', '.join(MODALITIES)} "
                    f"(or a register class: {classes})")


def party_filter(value: str | None) -> str | None:
    """An `--actor` / `--recipient`: an ISO code, name or entity id, or a known alias."""
    from newsledger.analyze.entities import resolve_party
    return resolve_party(value)
