"""Progress of long commands: on a terminal a live bar with count, rate and, when the amount
of input is known up front, the time remaining; off a terminal (a log, a pipe) one line every
few seconds with the same figures."""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
    TimeRemainingColumn)

LINE_FILES = (".jsonl", ".ndjson", ".jsonlines")
SINGLE_FILES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml")


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b"\n")
    return count


def _file_total(path: Path) -> int | None:
    name = path.name.lower()
    if name.endswith(LINE_FILES):
        return _count_lines(path)   # one record a line; reading for newlines is fast
    if name.endswith(SINGLE_FILES):
        return 1
    return None   # gzip, WARC, feeds: how many documents is not known without reading them


def estimate_total(paths: Sequence[str]) -> int | None:
    """How many documents the inputs hold, when that is cheap to know (folders of articles,
    plain JSON Lines); None for stdin, URLs, feeds, WARC and compressed files."""
    total = 0
    for given in paths:
        if given == "-" or "://" in given:
            return None
        path = Path(given)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in files:
                    if name.startswith("."):
                        continue
                    found = _file_total(Path(root) / name)
                    if found is None:
                        return None
                    total += found
        elif path.is_file():
            found = _file_total(path)
            if found is None:
                return None
            total += found
        else:
            return None
    return total


def progress_bar(console: Console, *, known_total: bool) -> Progress:
    """A live bar on a terminal (disabled elsewhere): done/total, rate and time remaining
    when the total is known, else a spinner with the count and rate."""
    columns = [SpinnerColumn(), TextColumn("[bold]{task.description}")]
    if known_total:
        columns += [BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                    TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn()]
    else:
        columns += [TextColumn("{task.completed:.0f} read  {task.fields[rate]}"), TimeElapsedColumn()]
    columns.append(TextColumn("{task.fields[status]}"))
    return Progress(*columns, console=console, transient=True, disable=not console.is_terminal)


def eta_text(done: int, total: int | None, elapsed: float) -> str:
    """'eta 1m20s' from the rate so far; empty when the total is unknown or nothing is done."""
    if not total or done <= 0 or elapsed <= 0:
        return ""
    left = max(total - done, 0) * elapsed / done
    minutes, seconds = divmod(int(left + 0.5), 60)
    return f"eta {minutes}m{seconds:02d}s" if minutes else f"eta {seconds}s"
