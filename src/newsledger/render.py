"""Rendering of listings for the CLI: table (Rich), json, jsonl, csv. Every listing command
goes through `emit`, so all of them speak the same four formats."""
from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any, TextIO

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _finite(value: Any) -> Any:
    """`value` with every NaN or infinite float replaced by None (strict JSON has neither)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def to_json(value: Any, **options) -> str:
    """Strict JSON: never `NaN` or `Infinity`, which strict parsers reject (a non-finite
    figure becomes null; the quantity parser already refuses figures it cannot hold)."""
    options.setdefault("ensure_ascii", False)
    options.setdefault("default", str)
    try:
        return json.dumps(value, allow_nan=False, **options)
    except ValueError:
        return json.dumps(_finite(value), allow_nan=False, **options)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return to_json(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def emit(rows: Iterable[dict], fmt: Format | str, *, columns: Sequence[str] | None = None,
         title: str | None = None, console: Console | None = None, out: TextIO | None = None,
         highlight: dict[str, tuple[str, str]] | None = None, wide: str | None = None) -> int:
    """Write rows in the format asked; returns the number of rows. `columns` selects and orders
    what a table or CSV shows (json/jsonl always carry whole rows). `highlight` maps a column to
    (key of the row's text to mark inside it, Rich style) for table mode; `wide` names the
    column that takes the remaining width (the evidence sentence)."""
    fmt = Format(fmt)
    out = out or sys.stdout
    count = 0
    if fmt is Format.jsonl:
        for row in rows:
            out.write(to_json(row) + "\n")
            count += 1
        return count
    rows = list(rows)
    if fmt is Format.json:
        out.write(to_json(rows, indent=2))
        out.write("\n")
        return len(rows)
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt is Format.csv:
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return len(rows)
    if wide:
        return _cards(rows, columns, wide, title, console or Console(file=out), highlight or {})
    table = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        cells = []
        for column in columns:
            text = Text(_cell(row.get(column)))
            if highlight and column in highlight:
                key, style = highlight[column]
                mark = row.get(key)
                if mark:
                    text.highlight_words([str(mark)], style=style)
            cells.append(text)
        table.add_row(*cells)
    (console or Console(file=out)).print(table)
    return len(rows)


def _cards(rows: list[dict], columns: Sequence[str], wide: str, title: str | None, console: Console,
           highlight: dict[str, tuple[str, str]]) -> int:
    """Rows whose `wide` column is a sentence: one summary line per row, the sentence under it
    (wrapped to the terminal, the figure marked), so the evidence is never squeezed or cut."""
    if title:
        console.rule(f"{title} ({len(rows)})")
    for row in rows:
        line = Text()
        for column in columns:
            if column == wide:
                continue
            value = _cell(row.get(column))
            if not value:
                continue
            if line:
                line.append("  ")
            line.append(value, style="bold cyan" if column == columns[0] else
                        "bold yellow" if column in {k for k, _ in highlight.values()} else "")
        console.print(line, highlight=False)
        sentence = Text(_cell(row.get(wide)))
        if wide in highlight:
            key, style = highlight[wide]
            if row.get(key):
                sentence.highlight_words([str(row[key])], style=style)
        console.print(Padding(sentence, (0, 0, 0, 4)), highlight=False)
    return len(rows)
