"""Tables of the register (facts, threads, conflicts, flows, timeline) and of the store
(claims, documents: see flat.py) as JSON Lines (whole nested records), CSV (flat; nested parts
as JSON text) and Parquet (typed: dates as dates, numbers as numbers, nested parts as lists
and structs). A table has one column set, whichever command or format writes it: the listing
commands' `--format csv` and `export --what TABLE --format csv` give the same file.

Column types: string, float64, int64, bool, date (an ISO date), timestamp (ISO, UTC),
list<string>, nested (lists/structs as the records hold them; Parquet infers the structure),
keyed (a mapping whose keys are data, such as per-item figures: Parquet stores it as a list
of structs with the key as a field).
"""
from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from newsledger.render import to_json

# column -> Arrow type name; the order is the CSV/Parquet column order.
COLUMNS: dict[str, dict[str, str]] = {
    "facts": {
        "id": "string", "thread_id": "string", "kind": "string", "actor": "string", "actor_id": "string",
        "recipient": "string", "recipient_id": "string", "category": "string", "item": "string",
        "modality": "string", "modalities": "list<string>", "figure": "string", "value": "float64", "low": "float64",
        "high": "float64", "approx": "bool", "increment": "bool", "figure_type": "string", "bound": "string",
        "date": "date", "date_basis": "string", "time": "nested", "location": "string",
        "first_reported": "date", "last_reported": "date", "claims": "int64", "documents": "int64",
        "origins": "int64", "status": "string", "running_total": "float64", "running_total_high": "float64",
        "running_total_approx": "bool", "running_from": "list<string>", "projected_total": "float64",
        "origin_groups": "nested", "historical": "bool", "sources": "nested", "urls": "list<string>"},
    "threads": {
        "id": "string", "title": "string", "kind": "string", "actor": "string", "actor_id": "string",
        "actor_iso3": "string", "recipient": "string", "recipient_id": "string", "recipient_iso3": "string",
        "place": "string", "place_id": "string", "actor_stated": "bool",
        "category": "string", "items": "list<string>", "claims": "int64", "facts": "int64", "documents": "int64",
        "origins": "int64", "first": "date", "last": "date", "latest": "keyed", "conflicts": "list<string>",
        "series": "keyed"},
    "conflicts": {
        "id": "string", "thread_id": "string", "thread": "string", "kind": "string", "actor": "string",
        "recipient": "string", "category": "string", "item": "string", "modality": "string", "reason": "string",
        "why": "string", "conservative": "float64", "conservative_text": "string", "conservative_per": "list<string>",
        "range_low": "float64", "range_high": "float64", "range": "string", "same_origin": "bool",
        "a": "nested", "b": "nested"},
    "flows": {
        "id": "string", "actor": "string", "actor_id": "string", "actor_iso3": "string", "recipient": "string",
        "recipient_id": "string", "recipient_iso3": "string", "category": "string", "kinds": "list<string>",
        "items": "list<string>", "latest": "string", "latest_value": "float64", "latest_date": "date",
        "latest_basis": "string", "latest_modality": "string", "latest_by_item": "keyed", "claims": "int64",
        "documents": "int64", "origins": "int64", "modalities": "keyed", "first": "date", "last": "date",
        "threads": "list<string>"},
    "timeline": {
        "date": "date", "date_basis": "string", "end": "date", "time": "string", "fact_id": "string",
        "thread_id": "string", "kind": "string", "actor": "string", "recipient": "string", "category": "string",
        "item": "string", "figure": "string", "value": "float64", "figure_type": "string",
        "running_total": "float64", "modality": "string", "claims": "int64", "origins": "int64",
        "status": "string", "according_to": "list<string>", "outlets": "list<string>", "sentence": "string",
        "urls": "list<string>"},
}


NESTED = ("nested", "keyed", "list<string>")


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


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _timestamp(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    try:
        stamp = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _keyed(value: Any) -> list[dict[str, Any]] | None:
    """{"soldiers": {...}} -> [{"key": "soldiers", ...}]: the keys become a field."""
    if value is None:
        return None
    out = []
    for key, item in value.items():
        if isinstance(item, dict):
            out.append({"key": key, **item})
        elif isinstance(item, list):
            out.append({"key": key, "values": item})
        else:
            out.append({"key": key, "value": item})
    return out


def typed(value: Any, kind: str) -> Any:
    """A record's value as the column type holds it (Python objects pyarrow takes)."""
    if value is None:
        return None
    if kind == "float64":
        return float(value)
    if kind == "int64":
        return int(value)
    if kind == "bool":
        return bool(value)
    if kind == "date":
        return _date(value)
    if kind == "timestamp":
        return _timestamp(value)
    if kind == "keyed":
        return _keyed(value)
    if kind == "list<string>":
        return [None if v is None else str(v) for v in value]
    if kind == "string" and not isinstance(value, str):
        return str(value)
    return value


def typed_rows(items: Iterable[dict[str, Any]], columns: dict[str, str]) -> list[dict[str, Any]]:
    return [{name: typed(record.get(name), kind) for name, kind in columns.items()} for record in items]


def csv_cell(value: Any, kind: str) -> Any:
    """A typed value as CSV text: nested parts as JSON, dates ISO, whole floats without '.0'."""
    if value is None:
        return ""
    if kind in NESTED:
        return to_json(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def flat_rows(register: Any, what: str) -> list[dict[str, Any]]:
    """The table's rows, typed (see `typed`)."""
    return typed_rows(records(register, what), COLUMNS[what])


def write_jsonl(register: Any, what: str, fh: IO[str]) -> int:
    return write_jsonl_records(records(register, what), fh)


def write_jsonl_records(items: Iterable[dict[str, Any]], fh: IO[str]) -> int:
    count = 0
    for record in items:
        fh.write(to_json(record) + "\n")
        count += 1
    return count


def write_csv(register: Any, what: str, fh: IO[str]) -> int:
    return write_csv_records(records(register, what), COLUMNS[what], fh)


def write_csv_records(items: Iterable[dict[str, Any]], columns: dict[str, str], fh: IO[str]) -> int:
    """CSV of the records in the table's column set (listing commands and `export` alike)."""
    writer = csv.DictWriter(fh, fieldnames=list(columns))
    writer.writeheader()
    count = 0
    for row in typed_rows(items, columns):
        writer.writerow({k: csv_cell(v, columns[k]) for k, v in row.items()})
        count += 1
    return count


def write_parquet(register: Any, what: str, path: Path) -> int:
    return write_parquet_records(records(register, what), COLUMNS[what], path, table=what)


def arrow_table(items: Iterable[dict[str, Any]], columns: dict[str, str], *, table: str):
    """A typed pyarrow Table. Nested columns take the structure pyarrow infers from the
    values (lists, structs); a column whose values have no common structure falls back to
    JSON text, and its name is listed in the schema metadata `newsledger.json_columns`."""
    from newsledger.extras import require
    pa = require("pyarrow", "parquet", "Parquet export")
    scalar = {"string": pa.string(), "float64": pa.float64(), "int64": pa.int64(), "bool": pa.bool_(),
              "date": pa.date32(), "timestamp": pa.timestamp("s", tz="UTC"), "list<string>": pa.list_(pa.string())}
    rows = typed_rows(items, columns)
    arrays, fields, as_json = [], [], []
    for name, kind in columns.items():
        values = [r[name] for r in rows]
        if kind in scalar:
            array = pa.array(values, type=scalar[kind])
        else:
            try:
                array = pa.array(values)
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                array = pa.array([None if v is None else to_json(v) for v in values], type=pa.string())
                as_json.append(name)
            if pa.types.is_null(array.type):     # every value null: keep the column readable
                array = pa.array(values, type=pa.string())
        arrays.append(array)
        fields.append(pa.field(name, array.type))
    schema = pa.schema(fields, metadata={b"newsledger.table": table.encode(),
                                         b"newsledger.json_columns": ",".join(as_json).encode()})
    return pa.Table.from_arrays(arrays, schema=schema)


def write_parquet_records(items: Iterable[dict[str, Any]], columns: dict[str, str], path: Path, *,
                          table: str) -> int:
    import pyarrow.parquet as pq
    arrow = arrow_table(items, columns, table=table)
    pq.write_table(arrow, str(path))
    return arrow.num_rows
