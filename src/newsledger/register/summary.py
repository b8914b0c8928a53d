"""A readable account of the register for the terminal (the end of `newsledger demo`):
flows, figure series and conflicts, each with the sources behind it."""
from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from newsledger.register import Register, register_from_store
from newsledger.register.build import REALIS, series_point

MAX_FLOWS = 20
MAX_SERIES_THREADS = 6
MAX_CONFLICTS = 10


def _table(title: str, columns: list[str]) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold", show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def print_register(register: Register, console: Console) -> None:
    stats = register.stats()
    console.rule("register")
    console.print(f"{stats['claims']} claims → {stats['threads']} threads, {stats['facts']} facts "
                  f"({stats['figures']} with figures), {stats['conflicts']} conflicts, {stats['flows']} flows",
                  highlight=False)

    flows = _table("flows: actor → recipient, what moves, the latest figure and who says so",
                   ["from → to", "what", "latest", "as of", "claims", "origins", "according to"])
    for w in register.flows[:MAX_FLOWS]:
        d = w.to_dict()
        latest = d["latest"] or "(no figure)"
        if d["latest_modality"] and d["latest_modality"] != REALIS:
            latest += f" ({d['latest_modality']})"
        flows.add_row(f"{d['actor']} → {d['recipient']}", f"{d['category']}: {', '.join(d['items']) or '-'}",
                      latest, d["latest_date"] or "", str(d["claims"]), str(d["origins"]),
                      "; ".join(g.name for g in w.groups[:4]) + (" …" if len(w.groups) > 4 else ""))
    console.print(flows)

    shown = 0
    for thread in register.threads:
        if shown >= MAX_SERIES_THREADS:
            break
        for item in thread.items:
            points = thread.series(item)
            if len(points) < 2 and not any(p.figure and p.figure.increment for p in points):
                continue
            table = _table(f"figure series: {thread.title()} — {item}",
                           ["date", "figure", "type", "running total", "modality", "according to", "outlets"])
            for f in points:
                p = series_point(f)
                running = ""
                if p["running_total"] is not None:
                    running = ("≈" if f.running_total_approx else "") + f"{p['running_total']:,}"
                    if p["running_total_high"] is not None:
                        running += f"–{p['running_total_high']:,}"
                elif p["projected_total"] is not None:
                    running = f"→ {p['projected_total']:,} if carried out"
                table.add_row(f"{p['date'] or '?'} ({p['date_basis']})", p["figure"],
                              p["figure_type"] + (f", {p['bound']}" if p["bound"] and p["bound"] != "approx" else ""),
                              running, p["modality"], "; ".join(p["according_to"]), ", ".join(p["outlets"]))
            console.print(table)
            shown += 1

    if register.conflicts:
        console.rule(f"conflicts ({len(register.conflicts)})")
    for c in register.conflicts[:MAX_CONFLICTS]:
        d = c.to_dict()
        console.print(f"[bold]{d['thread']} — {d['item']}[/]: most conservative "
                      f"[bold yellow]{d['conservative_text']}[/] (per {', '.join(d['conservative_per'])}); "
                      f"range {d['range']}; {d['why']}; {d['reason']}", highlight=False)
        for side in (d["a"], d["b"]):
            console.print(f"  [yellow]{side['figure']}[/] ({side['date'] or '?'}, {side['date_basis']}) "
                          f"per {', '.join(side['origins'])}", highlight=False)
            for s in side["sources"][:3]:
                console.print(f"    {s['source_name']}, {s['published'] or '?'}: "
                              f"{' → '.join(s['attribution']) or '(own reporting)'}: “{s['sentence']}”",
                              highlight=False, soft_wrap=False)


def render_register_summary(store: Any, console: Console | None = None) -> Register:
    """Build the register of a store and print it; returns the register."""
    console = console or Console()
    register = register_from_store(store)
    print_register(register, console)
    return register
