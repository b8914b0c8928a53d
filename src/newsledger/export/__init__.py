"""Exports of the register: JSON Lines, CSV, Parquet (tables of facts, threads, conflicts,
flows or the timeline), GraphML (Gephi, networkx), PLOVER-style JSON events, and a Markdown
briefing where every statement is footnoted to its document, outlet, date and sentence.

    export_register(register, "graphml", "register.graphml")
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

FORMATS = ("jsonl", "csv", "parquet", "graphml", "plover", "markdown")
TABLES = ("facts", "threads", "conflicts", "flows", "timeline")

__all__ = ["FORMATS", "TABLES", "export_register"]


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
