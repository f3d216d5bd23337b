"""``dossier serve``: the reading room over the archive; ``dossier harvest``: another OAI-PMH
provider's records into it."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from dossier.cli.app import JsonOpt, app, open_for
from dossier.cli.output import console, file_progress, print_json, show_failure
from dossier.ingest import FileOutcome
from dossier.oai.harvest import HarvestRequest

__all__ = ["harvest", "serve"]


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Server processes.")] = 1,
) -> None:
    """Open the reading room (web pages, REST API at /api, OAI-PMH at /oai)."""
    import uvicorn

    from dossier.web import create_app

    with open_for(ctx) as archive:
        if workers == 1:
            app_ = create_app(archive.settings, archive)
            uvicorn.run(app_, host=host, port=port, log_level="info")
            return
        # Each process opens the archive itself, named through the environment.
        os.environ["DOSSIER_DB"] = archive.settings.db
        if ctx.obj["config"] is not None:
            os.environ["DOSSIER_CONFIG"] = str(ctx.obj["config"])
    uvicorn.run(
        "dossier.web.app:from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


@app.command()
def harvest(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="Base URL of an OAI-PMH provider.")],
    set_spec: Annotated[str | None, typer.Option("--set", help="Only this set.")] = None,
    since: Annotated[
        str | None, typer.Option("--from", help="Records changed on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Records changed on or before (YYYY-MM-DD).")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Harvest oai_dc records from an OAI-PMH provider into the archive (idempotent)."""
    request = HarvestRequest(url, set_spec, since, until)
    with open_for(ctx) as archive, file_progress("harvest", json_out) as bar:
        task = bar.add_task("", total=None)

        def step(outcome: FileOutcome, total: int | None) -> None:
            bar.update(task, advance=1, total=total, description=outcome.source[-40:])
            show_failure(bar, outcome)

        report = archive.harvest(request, step)
    if json_out:
        print_json(report.to_dict())
    else:
        console.print(
            f"added {report.count('added')} record(s), "
            f"skipped {report.count('skipped')}, failed {report.count('failed')}"
        )
    if report.count("failed"):
        raise typer.Exit(1)
