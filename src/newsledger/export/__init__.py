"""Exports of the register: JSON Lines, CSV, Parquet (tables of facts, threads, conflicts,
flows or the timeline), GraphML (Gephi, networkx), PLOVER-style JSON events, and a Markdown
briefing where every statement is footnoted to its document, outlet, date and sentence; and
of the store's flat tables (one row per claim or per document: flat.py).

    export_register(register, "graphml", "register.graphml")
    export_store(store, "parquet", "claims.parquet", what="claims")
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

FORMATS = ("jsonl", "csv", "parquet", "graphml", "plover", "markdown")
TABLES = ("facts", "threads", "conflicts", "flows", "timeline")
STORE_TABLES = ("claims", "documents")
TABLE_FORMATS = ("jsonl", "csv", "parquet")

__all__ = ["FORMATS", "STORE_TABLES", "TABLES", "export_register", "export_store", "store_records"]


def export_register(register: Any, fmt: str, out: str | Path | IO[str], *, what: str = "facts") -> int:
    """Write `register` in `fmt` to a path or text stream; returns the number of records
    written (rows, events, nodes + edges, or threads for the briefing)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if what not in TABLES:
        raise ValueError(f"unknown table {what!r}; choose one of {', '.join(TABLES)}")
    if fmt == "parquet":
        from newsledger.export.tables import write_parquet
        if not isinstance(out, (str, Path)):
            raise ValueError("parquet is binary: give a file path")
        return write_parquet(register, what, Path(out))
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return _write_text(register, fmt, fh, what)
    return _write_text(register, fmt, out, what)


def _write_text(register: Any, fmt: str, fh: IO[str], what: str) -> int:
    if fmt == "jsonl":
        from newsledger.export.tables import write_jsonl
        return write_jsonl(register, what, fh)
    if fmt == "csv":
        from newsledger.export.tables import write_csv
        return write_csv(register, what, fh)
    if fmt == "graphml":
        from newsledger.export.graphml import write_graphml
        return write_graphml(register, fh)
    if fmt == "plover":
        from newsledger.export.plover import write_plover
        return write_plover(register, fh)
    from newsledger.export.markdown import write_markdown
    return write_markdown(register, fh)


def export_text(register: Any, fmt: str, *, what: str = "facts") -> str:
    """The export as a string (text formats)."""
    buffer = io.StringIO()
    _write_text(register, fmt, buffer, what)
    return buffer.getvalue()


# Enough for any store a laptop holds; documents() has no "all" switch.
_ALL = 10**12


def store_records(store: Any, what: str, **filters: Any) -> list[dict[str, Any]]:
    """The rows of a flat store table: `claims` (filters as `store.claims` takes them) or
    `documents` (originals and copies)."""
    from newsledger.export.flat import claim_row, document_row
    if what == "claims":
        return [claim_row(c) for c in store.claims(**filters)]
    if what == "documents":
        return [document_row(d) for d in store.documents(limit=_ALL, include_duplicates=True)]
    raise ValueError(f"unknown table {what!r}; choose one of {', '.join(STORE_TABLES)}")


def store_columns(what: str) -> dict[str, str]:
    from newsledger.export.flat import CLAIM_COLUMNS, DOCUMENT_COLUMNS
    return CLAIM_COLUMNS if what == "claims" else DOCUMENT_COLUMNS


def export_store(store: Any, fmt: str, out: str | Path | IO[str], *, what: str = "claims",
                 **filters: Any) -> int:
    """Write a store table (`claims` or `documents`): csv and parquet flat (one row per claim
    or document, flat.py), jsonl the whole records; the number of rows written."""
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"--what {what} is a table: choose --format {', '.join(TABLE_FORMATS)}")
    if fmt == "jsonl":
        # whole records, as for the register's tables: what `claims` / `docs --format jsonl` print
        from newsledger.export.tables import write_jsonl_records
        items = (store.claims(**filters) if what == "claims"
                 else store.documents(limit=_ALL, include_duplicates=True))
        if isinstance(out, (str, Path)):
            with open(out, "w", encoding="utf-8") as fh:
                return write_jsonl_records(items, fh)
        return write_jsonl_records(items, out)
    return write_table(store_records(store, what, **filters), store_columns(what), fmt, out, table=what)


def write_table(rows: list[dict[str, Any]], columns: dict[str, str], fmt: str, out: str | Path | IO[str], *,
                table: str) -> int:
    from newsledger.export import tables
    if fmt == "parquet":
        if not isinstance(out, (str, Path)):
            raise ValueError("parquet is binary: give a file path")
        return tables.write_parquet_records(rows, columns, Path(out), table=table)
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return write_table(rows, columns, fmt, fh, table=table)
    if fmt == "jsonl":
        return tables.write_jsonl_records(({k: r.get(k) for k in columns} for r in rows), out)
    return tables.write_csv_records(rows, columns, out)
