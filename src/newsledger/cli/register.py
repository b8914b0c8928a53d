"""The register's commands: threads, conflicts, timeline, flows, export. Wired into the main
app by `register_commands(app)` (cli/__init__.py); thin like the rest of the CLI: parse, build the
register from the store, render with render.emit."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from newsledger.cli.store import (
    DEFAULT_DB, DbOption, UserError, date_filter, existing_store, kind_filter, party_filter)
from newsledger.render import Format, emit

FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
KindOption = Annotated[Optional[str], typer.Option(help="Claim kind (deploy, transfer, ...).")]
ActorOption = Annotated[Optional[str], typer.Option(help="Actor: iso3, name or entity id.")]
RecipientOption = Annotated[Optional[str], typer.Option(help="Recipient: iso3, name or entity id.")]
ItemOption = Annotated[Optional[str], typer.Option(help="Item category or name (munitions, soldiers).")]
SinceOption = Annotated[Optional[str], typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD: facts dated on or after.")]
UntilOption = Annotated[Optional[str], typer.Option(help="YYYY, YYYY-MM or YYYY-MM-DD: facts dated on or before.")]
LimitOption = Annotated[Optional[int], typer.Option(min=0, max=2 ** 63 - 1, help="At most this many rows.")]
MinConfidenceOption = Annotated[Optional[float], typer.Option(
    "--min-confidence", min=0.0, max=1.0, help="Only claims whose confidence is at least this (0-1).")]


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    graphml = "graphml"
    plover = "plover"
    markdown = "markdown"


class ExportWhat(str, Enum):
    facts = "facts"
    threads = "threads"
    conflicts = "conflicts"
    flows = "flows"
    timeline = "timeline"
    claims = "claims"
    documents = "documents"
    gold = "gold"          # the analysts' reviews as a gold file (JSON; newsledger.review.gold)


def load_register(db: str, *, kind: str | None = None, actor: str | None = None,
                  recipient: str | None = None, item: str | None = None, since: str | None = None,
                  until: str | None = None, min_confidence: float | None = None):
    """The register of the store at `db`, filtered; a missing store is a one-line error."""
    from newsledger.register import register_from_store

    since, until = date_filter(since, "--since"), date_filter(until, "--until")
    kind, actor, recipient = kind_filter(kind), party_filter(actor), party_filter(recipient)
    with existing_store(db) as store:
        # The item filter is applied by the register (it matches category or name per fact).
        register = register_from_store(store, kind=kind, actor=actor, recipient=recipient,
                                       min_confidence=min_confidence)
    return register.select(kind=kind, actor=actor, recipient=recipient, item=item, since=since, until=until)


def _csv(records: list[dict[str, Any]], table: str) -> None:
    """CSV in the table's one column set: the same file as `export --what TABLE --format csv`."""
    from newsledger.export.tables import COLUMNS, write_csv_records
    write_csv_records(records, COLUMNS[table], sys.stdout)


def _limit(rows: list[Any], limit: int | None) -> list[Any]:
    return rows if limit is None else rows[:max(limit, 0)]


def _latest_text(latest: dict[str, dict[str, Any]]) -> str:
    parts = []
    for item, p in latest.items():
        text = f"{p['text']} {item}"
        if p["modality"] != "occurred":
            text += f" ({p['modality']})"
        parts.append(text + (f", {p['date']}" if p.get("date") else ""))
    return "; ".join(parts)


# ------------------------------------------------------------------------------ commands

def threads(db: DbOption = DEFAULT_DB, kind: KindOption = None, actor: ActorOption = None,
            recipient: RecipientOption = None, item: ItemOption = None, since: SinceOption = None,
            until: UntilOption = None,
            min_confidence: MinConfidenceOption = None,
            series: Annotated[bool, typer.Option("--series", help="One row per figure of each thread's "
                                                                  "series (time order, running totals).")] = False,
            limit: LimitOption = None, fmt: FormatOption = Format.table) -> None:
    """Threads: claims of one kind, actor, recipient and item category across documents, with
    the latest figure and how many independent origins stand behind them."""
    from newsledger.register.build import series_point

    register = load_register(db, kind=kind, actor=actor, recipient=recipient, item=item, since=since, until=until,
                             min_confidence=min_confidence)
    if series:
        rows = [dict(series_point(f), thread_id=t.id, thread=t.title())
                for t in register.threads for it in (t.items or [None]) for f in t.series(it)
                if not item or item.lower() in {(t.category or "").lower(), (f.item or "").lower()}]
        rows = _limit(rows, limit)
        if fmt is Format.table or fmt is Format.csv:
            for r in rows:
                r["according_to"] = "; ".join(r["according_to"])
                r["outlets"] = ", ".join(r["outlets"])
        emit(rows, fmt, columns=["thread", "date", "figure", "figure_type", "running_total", "modality",
                                 "origins", "according_to"] if fmt is Format.table else
             ["thread_id", "thread", "fact_id", "item", "date", "date_basis", "time", "figure", "value", "low",
              "high", "approx", "figure_type", "bound", "running_total", "running_total_high",
              "projected_total", "modality", "claims", "origins", "status", "according_to", "outlets"],
             title="figure series")
        return
    chosen = _limit(register.threads, limit)
    if fmt in (Format.json, Format.jsonl):
        emit((t.to_dict() for t in chosen), fmt)
        return
    if fmt is Format.csv:
        _csv([t.to_dict(facts=False) for t in chosen], "threads")
        return
    rows = []
    for t in chosen:
        d = t.to_dict(facts=False)
        d["latest"] = _latest_text(d["latest"])
        d["items"] = ", ".join(d["items"])
        d["conflicts"] = len(d["conflicts"])
        d.pop("series")
        rows.append(d)
    emit(rows, fmt, columns=["title", "items", "latest", "claims", "origins", "facts", "conflicts", "first", "last"],
         title="threads")


def conflicts(db: DbOption = DEFAULT_DB, kind: KindOption = None, actor: ActorOption = None,
              recipient: RecipientOption = None, item: ItemOption = None, since: SinceOption = None,
              until: UntilOption = None,
              min_confidence: MinConfidenceOption = None, limit: LimitOption = None, fmt: FormatOption = Format.table) -> None:
    """Figures of one thread for comparable times that disagree beyond their bounds: both sides
    with their sources and dates, and the most conservative figure beside the range."""
    register = load_register(db, kind=kind, actor=actor, recipient=recipient, item=item, since=since, until=until,
                             min_confidence=min_confidence)
    found = [c.to_dict() for c in _limit(register.conflicts, limit)]
    if fmt in (Format.json, Format.jsonl):
        emit(found, fmt)
        return
    if fmt is Format.csv:
        _csv(found, "conflicts")
        return
    rows = []
    for c in found:
        def side(s: dict[str, Any]) -> str:
            return f"{s['figure']} ({s['date'] or '?'}, per {', '.join(s['origins'])})"
        def sources(s: dict[str, Any]) -> str:
            return " | ".join(f"{x['source_name']} {x['published'] or ''}: {x['sentence']}"
                              for x in s["sources"])
        rows.append({**{k: c[k] for k in ("id", "thread", "thread_id", "kind", "actor", "recipient", "category",
                                          "item", "modality", "reason", "why", "conservative", "range_low",
                                          "range_high", "range", "same_origin")},
                     "most conservative": f"{c['conservative_text']} (per {', '.join(c['conservative_per'])})",
                     "a": side(c["a"]), "b": side(c["b"]),
                     "a_value": c["a"]["value"], "b_value": c["b"]["value"],
                     "a_sources": sources(c["a"]), "b_sources": sources(c["b"]),
                     "evidence": f"A: {sources(c['a'])}\nB: {sources(c['b'])}"})
    emit(rows, fmt, columns=["thread", "item", "a", "b", "most conservative", "range", "why", "reason", "evidence"],
         title="conflicts", wide="evidence")


def timeline(db: DbOption = DEFAULT_DB, kind: KindOption = None, actor: ActorOption = None,
             recipient: RecipientOption = None, item: ItemOption = None, since: SinceOption = None,
             until: UntilOption = None,
             min_confidence: MinConfidenceOption = None,
             events_only: Annotated[bool, typer.Option("--events-only", help="Only facts with an event date "
                                                                              "in the text (not the statement date).")] = False,
             limit: LimitOption = None, fmt: FormatOption = Format.table) -> None:
    """Dated facts in time order: the event's date where the text gives one, else the date the
    statement was made (date_basis)."""
    register = load_register(db, kind=kind, actor=actor, recipient=recipient, item=item, since=since, until=until,
                             min_confidence=min_confidence)
    rows = [r for r in register.timeline() if not events_only or r["date_basis"] == "event"]
    rows = _limit(rows, limit)
    if fmt is Format.json or fmt is Format.jsonl:
        emit(rows, fmt)
        return
    if fmt is Format.csv:
        _csv(rows, "timeline")
        return
    for r in rows:
        r["who → whom"] = " → ".join(filter(None, [r["actor"] or "?", r["recipient"]]))
        r["according_to"] = "; ".join(r["according_to"])
        r["outlets"] = ", ".join(r["outlets"])
    emit(rows, fmt, columns=["date", "date_basis", "kind", "who → whom", "item", "figure", "modality", "origins",
                             "according_to", "sentence"],
         title="timeline", highlight={"sentence": ("figure", "bold yellow")}, wide="sentence")


def flows(db: DbOption = DEFAULT_DB, kind: KindOption = None, actor: ActorOption = None,
          recipient: RecipientOption = None, item: ItemOption = None, since: SinceOption = None,
          until: UntilOption = None,
          min_confidence: MinConfidenceOption = None, limit: LimitOption = None, fmt: FormatOption = Format.table) -> None:
    """The actor → recipient graph: what moves along each edge (personnel, munitions, missiles,
    technology, money ...), the latest figure, and the claims and independent origins behind it."""
    register = load_register(db, kind=kind, actor=actor, recipient=recipient, item=item, since=since, until=until,
                             min_confidence=min_confidence)
    rows = [w.to_dict() for w in _limit(register.flows, limit)]
    if fmt in (Format.json, Format.jsonl):
        emit(rows, fmt)
        return
    if fmt is Format.csv:
        _csv(rows, "flows")
        return
    for r in rows:
        r["items"] = ", ".join(r["items"])
        r["kinds"] = ", ".join(r["kinds"])
        r["modalities"] = ", ".join(f"{k} {v}" for k, v in r["modalities"].items())
    emit(rows, fmt, columns=["actor", "recipient", "category", "items", "latest", "latest_date", "claims",
                             "origins", "first", "last"],
         title="flows")


def export(db: DbOption = DEFAULT_DB,
           fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")] = ExportFormat.jsonl,
           out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Write here (default: standard "
                                                                             "output; parquet needs a file).")] = None,
           what: Annotated[ExportWhat, typer.Option(help="For jsonl/csv/parquet: which table (claims and "
                                                            "documents: one row per claim or document).")] = ExportWhat.facts,
           kind: KindOption = None, actor: ActorOption = None, recipient: RecipientOption = None,
           item: ItemOption = None, since: SinceOption = None, until: UntilOption = None,
           min_confidence: MinConfidenceOption = None) -> None:
    """Export the register: jsonl/csv/parquet tables (facts, threads, conflicts, flows, timeline;
    claims and documents as flat tables, one row per claim or document), GraphML (Gephi,
    networkx), PLOVER-style JSON events, or a Markdown briefing with footnotes."""
    from newsledger.export import STORE_TABLES, TABLE_FORMATS, export_register, export_store

    if what is ExportWhat.gold:
        from newsledger.cli.review import export_gold
        count = export_gold(db, out)
        if out is not None:
            typer.echo(f"wrote {count} reviewed documents as gold to {out}", err=True)
        return
    if fmt is ExportFormat.parquet and out is None:
        raise UserError("--format parquet needs --out FILE")
    target = out if out is not None else sys.stdout
    if what.value in STORE_TABLES:
        if fmt.value not in TABLE_FORMATS:
            raise UserError(f"--what {what.value} is a table: use --format {', '.join(TABLE_FORMATS)}")
        filters = _store_filters(kind=kind, actor=actor, recipient=recipient, item=item, since=since, until=until,
                                 min_confidence=min_confidence)
        if what.value == "documents" and any(v is not None for v in filters.values()):
            raise UserError("--what documents takes no claim filters (--kind, --actor, ...)")
        with existing_store(db) as store:
            count = export_store(store, fmt.value, target, what=what.value,
                                 **(filters if what.value == "claims" else {}))
    else:
        register = load_register(db, kind=kind, actor=actor, recipient=recipient, item=item, since=since,
                                 until=until, min_confidence=min_confidence)
        count = export_register(register, fmt.value, target, what=what.value)
    if out is not None:
        typer.echo(f"wrote {count} {what.value if fmt.value in ('jsonl', 'csv', 'parquet') else 'records'} "
                   f"to {out}", err=True)


def _store_filters(**given: str | float | None) -> dict[str, Any]:
    """The CLI filters, checked, as `store.claims` takes them."""
    return {"kind": kind_filter(given["kind"]), "actor": party_filter(given["actor"]),
            "recipient": party_filter(given["recipient"]), "item": given["item"],
            "since": date_filter(given["since"], "--since"), "until": date_filter(given["until"], "--until"),
            "min_confidence": given.get("min_confidence")}


def register_commands(app: typer.Typer) -> None:
    """Add threads, conflicts, timeline, flows and export to the given Typer app."""
    app.command("threads")(threads)
    app.command("conflicts")(conflicts)
    app.command("timeline")(timeline)
    app.command("flows")(flows)
    app.command("export")(export)


__all__ = ["register_commands", "load_register", "UserError"]
