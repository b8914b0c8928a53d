"""Tables of the register as JSON Lines (whole nested records), CSV and Parquet (flat typed
columns; nested parts as JSON text so every tool can read them)."""
from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, Any

from newsledger.render import to_json

# column -> Arrow type name; the order is the CSV/Parquet column order.
COLUMNS: dict[str, dict[str, str]] = {
    "facts": {
        "id": "string", "thread_id": "string", "kind": "string", "actor": "string", "actor_id": "string",
        "recipient": "string", "recipient_id": "string", "category": "string", "item": "string",
        "modality": "string", "modalities": "json", "figure": "string", "value": "float64", "low": "float64",
        "high": "float64", "approx": "bool", "increment": "bool", "figure_type": "string", "bound": "string",
        "date": "string", "date_basis": "string", "time": "json", "location": "string",
        "first_reported": "string", "last_reported": "string", "claims": "int64", "documents": "int64",
        "origins": "int64", "status": "string", "running_total": "float64", "running_total_high": "float64",
        "running_total_approx": "bool", "running_from": "json", "projected_total": "float64",
        "origin_groups": "json", "sources": "json"},
    "threads": {
        "id": "string", "title": "string", "kind": "string", "actor": "string", "actor_id": "string",
        "actor_iso3": "string", "recipient": "string", "recipient_id": "string", "recipient_iso3": "string",
        "category": "string", "items": "json", "claims": "int64", "facts": "int64", "documents": "int64",
        "origins": "int64", "first": "string", "last": "string", "latest": "json", "conflicts": "json",
        "series": "json"},
    "conflicts": {
        "id": "string", "thread_id": "string", "thread": "string", "kind": "string", "actor": "string",
        "recipient": "string", "category": "string", "item": "string", "modality": "string", "reason": "string",
        "why": "string", "conservative": "float64", "conservative_text": "string", "conservative_per": "json",
        "range_low": "float64", "range_high": "float64", "range": "string", "same_origin": "bool",
        "a": "json", "b": "json"},
    "flows": {
        "id": "string", "actor": "string", "actor_id": "string", "actor_iso3": "string", "recipient": "string",
        "recipient_id": "string", "recipient_iso3": "string", "category": "string", "kinds": "json",
        "items": "json", "latest": "string", "latest_value": "float64", "latest_date": "string",
        "latest_basis": "string", "latest_modality": "string", "latest_by_item": "json", "claims": "int64",
        "documents": "int64", "origins": "int64", "modalities": "json", "first": "string", "last": "string",
        "threads": "json"},
    "timeline": {
        "date": "string", "date_basis": "string", "end": "string", "time": "string", "fact_id": "string",
        "thread_id": "string", "kind": "string", "actor": "string", "recipient": "string", "category": "string",
        "item": "string", "figure": "string", "value": "float64", "figure_type": "string",
        "running_total": "float64", "modality": "string", "claims": "int64", "origins": "int64",
        "status": "string", "according_to": "json", "outlets": "json", "sentence": "string"},
}


def records(register: Any, what: str) -> list[dict[str, Any]]:
    if what == "facts":
        return [f.to_dict() for f in register.facts]
    if what == "threads":
        return [t.to_dict(facts=False) for t in register.threads]
    if what == "conflicts":
        return [c.to_dict() for c in register.conflicts]
    if what == "flows":
        return [w.to_dict() for w in register.flows]
    if what == "timeline":
        return register.timeline()
    raise ValueError(f"unknown table {what!r}")


def flat_rows(register: Any, what: str) -> list[dict[str, Any]]:
    columns = COLUMNS[what]
    rows = []
    for record in records(register, what):
        row = {}
        for name, kind in columns.items():
            value = record.get(name)
            if kind == "json":
                value = None if value is None else to_json(value)
            elif kind == "float64" and value is not None:
                value = float(value)
            elif kind == "int64" and value is not None:
                value = int(value)
            elif kind == "bool" and value is not None:
                value = bool(value)
            elif kind == "string" and value is not None and not isinstance(value, str):
                value = str(value)
            row[name] = value
        rows.append(row)
    return rows


def write_jsonl(register: Any, what: str, fh: IO[str]) -> int:
    count = 0
    for record in records(register, what):
        fh.write(to_json(record) + "\n")
        count += 1
    return count


def write_csv(register: Any, what: str, fh: IO[str]) -> int:
    columns = list(COLUMNS[what])
    writer = csv.DictWriter(fh, fieldnames=columns)
    writer.writeheader()
    rows = flat_rows(register, what)
    for row in rows:
        writer.writerow({k: ("" if v is None else (int(v) if isinstance(v, float) and v.is_integer() else v))
                         for k, v in row.items()})
    return len(rows)


def write_parquet(register: Any, what: str, path: Path) -> int:
    from newsledger.extras import require
    pa = require("pyarrow", "parquet", "Parquet export")
    import pyarrow.parquet as pq
    types = {"string": pa.string(), "json": pa.string(), "float64": pa.float64(), "int64": pa.int64(),
             "bool": pa.bool_()}
    schema = pa.schema([pa.field(name, types[kind]) for name, kind in COLUMNS[what].items()],
                       metadata={b"newsledger.table": what.encode(),
                                 b"newsledger.json_columns": ",".join(
                                     n for n, k in COLUMNS[what].items() if k == "json").encode()})
    rows = flat_rows(register, what)
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, str(path))
    return len(rows)
