"""The Typer application, its global options, and opening the archive for a command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from dossier.api import Archive, open_archive
from dossier.cli.output import err_console
from dossier.errors import DossierError, FixityError, NotFound, QueryError, ReadError
from dossier.settings import Settings

__all__ = ["EXIT_CODES", "JsonOpt", "app", "open_for"]

app = typer.Typer(
    help="Dossier: a research archive that reads, links and cross-examines historical documents.",
    no_args_is_help=True,
    add_completion=False,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
EXIT_CODES = {NotFound: 3, QueryError: 4, ReadError: 5, FixityError: 6}


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", envvar="DOSSIER_DB", help="Archive file or database URL.")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Settings TOML file.")] = None,
) -> None:
    """Global options."""
    ctx.obj = {"db": db, "config": config}


@contextmanager
def open_for(ctx: typer.Context) -> Iterator[Archive]:
    """Open the archive; turn library errors into one line on stderr and an exit code."""
    try:
        settings = Settings.load(ctx.obj["config"], db=ctx.obj["db"])
        with open_archive(settings) as archive:
            yield archive
    except DossierError as exc:
        shown = escape(str(exc))  # messages may hold brackets: pip install 'dossier[semantic]'
        err_console.print(f"[red]error[/red] {exc.code}: {shown}", markup=True, soft_wrap=True)
        code = next((c for kind, c in EXIT_CODES.items() if isinstance(exc, kind)), 2)
        raise typer.Exit(code) from exc
