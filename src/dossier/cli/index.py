"""``dossier reindex``: rebuild a search index from the archive's passages."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dossier.cli.app import JsonOpt, app, open_for
from dossier.cli.output import console, err_console, print_json

__all__ = ["reindex"]


@app.command()
def reindex(
    ctx: typer.Context,
    index: Annotated[
        str | None,
        typer.Option("--index", help="native (FTS5 | tsvector) or tantivy; default: the setting"),
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Rebuild the search index from the stored passages (safe to run at any time)."""
    with (
        open_for(ctx) as archive,
        Progress(
            TextColumn("[bold]reindex"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=json_out or not sys.stderr.isatty(),
        ) as bar,
    ):
        task = bar.add_task("", total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        kind = index or archive.settings.search_index
        count = archive.reindex(kind, step)
    if json_out:
        print_json({"index": kind, "passages": count})
    else:
        console.print(f"{kind} index rebuilt: {count} passage(s)")
