"""The register (threads, facts, conflicts, flows) written into the store as tables, so SQL
users and Datasette see what the CLI and the web app show.

The register is derived data: a pure function of the claims (register/build.py). The tables
are rewritten whole, in one transaction, after each ingest that changed the store
(`Store.refresh_register`); their columns are the export's column set (export/tables.py), so
`SELECT * FROM conflicts` and `newsledger export --what conflicts --format csv` agree. Nested
parts are JSON text in SQLite (Datasette renders it) and JSONB in PostgreSQL. Because the
columns follow the code, a table whose definition changed is dropped and created anew.

SQLite also gets full-text search on each table in Datasette's convention: an FTS5 table
`<table>_fts` declared with `content="<table>"`, so Datasette finds it and `?_search=` works.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from newsledger.render import to_json

# table -> extra SQL-only columns (type as in export/tables.py) beyond the export's column set
EXTRA_COLUMNS: dict[str, dict[str, str]] = {
    "facts": {"evidence": "string", "source_names": "string"},
    "threads": {},
    "conflicts": {"evidence": "string"},
    "flows": {},
}
TABLES = tuple(EXTRA_COLUMNS)
# Columns indexed for full-text search, per table.
FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "threads": ("title", "actor", "recipient", "category", "items"),
    "facts": ("kind", "actor", "recipient", "item", "figure", "location", "source_names", "evidence"),
    "conflicts": ("thread", "item", "why", "evidence"),
    "flows": ("actor", "recipient", "category", "items", "latest"),
}
SQLITE_TYPES = {"string": "TEXT", "float64": "REAL", "int64": "INTEGER", "bool": "INTEGER", "date": "TEXT",
                "timestamp": "TEXT", "list<string>": "TEXT", "nested": "TEXT", "keyed": "TEXT"}
POSTGRES_TYPES = {"string": "TEXT", "float64": "DOUBLE PRECISION", "int64": "BIGINT", "bool": "BOOLEAN",
                  "date": "DATE", "timestamp": "TIMESTAMPTZ", "list<string>": "JSONB", "nested": "JSONB",
                  "keyed": "JSONB"}
NESTED = ("list<string>", "nested", "keyed")


def columns(table: str) -> dict[str, str]:
    from newsledger.export.tables import COLUMNS
    return {**COLUMNS[table], **EXTRA_COLUMNS[table]}


def _sentences(sources: list[dict[str, Any]]) -> str:
    return " | ".join(dict.fromkeys(s.get("sentence") or "" for s in sources))


def table_records(store: Any) -> dict[str, list[dict[str, Any]]]:
    """The register of the whole store as records per table (export columns plus extras)."""
    from newsledger.export.tables import records
    from newsledger.register import register_from_store

    register = register_from_store(store)
    out = {table: records(register, table) for table in TABLES}
    for fact in out["facts"]:
        fact["evidence"] = _sentences(fact.get("sources") or [])
        fact["source_names"] = ", ".join(dict.fromkeys(s.get("source_name") or "" for s in fact.get("sources") or []))
    for conflict in out["conflicts"]:
        conflict["evidence"] = _sentences([*conflict["a"]["sources"], *conflict["b"]["sources"]])
    return out


def sql_rows(table: str, items: list[dict[str, Any]], *, dates_as_text: bool) -> list[tuple[Any, ...]]:
    """Rows in column order: typed values, nested parts as JSON text, dates ISO in SQLite."""
    from newsledger.export.tables import typed
    cols = columns(table)
    out = []
    for record in items:
        row = []
        for name, kind in cols.items():
            value = typed(record.get(name), kind)
            if value is not None and kind in NESTED:
                value = to_json(value)
            elif isinstance(value, (dt.date, dt.datetime)) and dates_as_text:
                value = value.isoformat()
            elif isinstance(value, bool) and dates_as_text:
                value = int(value)
            row.append(value)
        out.append(tuple(row))
    return out


def create_sql(table: str, types: dict[str, str]) -> str:
    cols = columns(table)
    body = ",\n    ".join(f'"{name}" {types[kind]}' + (" PRIMARY KEY" if name == "id" else "")
                          for name, kind in cols.items())
    return f'CREATE TABLE "{table}" (\n    {body}\n)'


def fts_sql(table: str) -> str:
    """Datasette's convention, matched literally by its detector: content="<table>"."""
    cols = ", ".join(FTS_COLUMNS[table])
    return (f'CREATE VIRTUAL TABLE "{table}_fts" USING fts5({cols}, content="{table}", '
            'tokenize="unicode61 remove_diacritics 2")')


# -- SQLite ----------------------------------------------------------------------------------

def refresh_sqlite(conn: Any, records: dict[str, list[dict[str, Any]]]) -> None:
    """Inside a write transaction: rewrite every register table and its FTS index."""
    for table in TABLES:
        want = create_sql(table, SQLITE_TYPES)
        have = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
        fts_have = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (f"{table}_fts",)).fetchone()
        if have is None or have[0] != want or fts_have is None or fts_have[0] != fts_sql(table):
            conn.execute(f'DROP TABLE IF EXISTS "{table}_fts"')
            conn.execute(f'DROP TABLE IF EXISTS "{table}"')
            conn.execute(want)
            conn.execute(fts_sql(table))
        else:
            conn.execute(f'DELETE FROM "{table}"')
        rows = sql_rows(table, records[table], dates_as_text=True)
        marks = ", ".join("?" * len(columns(table)))
        conn.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)
        # external content: the index is rebuilt from the table (rowids are new each refresh)
        conn.execute(f"INSERT INTO \"{table}_fts\"(\"{table}_fts\") VALUES ('rebuild')")


def sqlite_has_tables(one: Callable[[str], Any]) -> bool:
    names = ", ".join(f"'{t}'" for t in TABLES)
    return one(f"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ({names})") == len(TABLES)


# -- PostgreSQL ------------------------------------------------------------------------------

def refresh_postgres(conn: Any, records: dict[str, list[dict[str, Any]]]) -> None:
    """Inside a transaction: rewrite every register table (JSONB for nested parts)."""
    for table in TABLES:
        want = create_sql(table, POSTGRES_TYPES)
        cols = columns(table)
        have = conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position",
            (table,)).fetchall()
        names = [r["column_name"] if isinstance(r, dict) else r[0] for r in have]
        if names != list(cols):
            conn.execute(f'DROP TABLE IF EXISTS "{table}"')
            conn.execute(want)
        else:
            conn.execute(f'DELETE FROM "{table}"')
        rows = sql_rows(table, records[table], dates_as_text=False)
        if rows:
            marks = ", ".join(["%s"] * len(cols))
            with conn.cursor() as cur:
                cur.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)


__all__ = ["TABLES", "columns", "refresh_postgres", "refresh_sqlite", "table_records"]
