"""Formatting helpers for the CLI: JSON for machines, Rich tables and text for people."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from dossier.ingest import FileOutcome
from dossier.store.base import Hit

__all__ = [
    "console",
    "err_console",
    "file_progress",
    "highlighted",
    "print_json",
    "show_failure",
    "table",
]

console = Console(highlight=False, soft_wrap=False)
err_console = Console(stderr=True, highlight=False)


def print_json(data: Any) -> None:
    """Plain JSON on stdout (never wrapped or coloured)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def table(title: str | None, columns: list[str], rows: list[list[Any]]) -> Table:
    out = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        out.add_column(column, overflow="fold")
    for row in rows:
        out.add_row(*["" if v is None else str(v) for v in row])
    return out


def highlighted(hit: Hit) -> Text:
    """The snippet of a hit with its matched words in bold."""
    text = Text(hit.snippet)
    for start, end in hit.highlights:
        text.stylize("bold yellow", start, end)
    return text


def file_progress(label: str, quiet: bool) -> Progress:
    """A progress bar on stderr for a batch of files (gone when done, or when not a terminal)."""
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err_console,
        transient=quiet or not sys.stderr.isatty(),
    )


def show_failure(bar: Progress, outcome: FileOutcome) -> None:
    """One line above the bar for a file that failed, naming it and the reason."""
    if outcome.status == "failed":
        bar.console.print(
            f"[red]failed[/red] {outcome.source}: {outcome.reason}",
            markup=True,
            soft_wrap=True,
            highlight=False,
        )
