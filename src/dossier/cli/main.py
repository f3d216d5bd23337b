"""``dossier``: the archive commands (ingest, status, documents, show, search, export); the
reading and cross-examination commands live in ``cli/reading.py`` and ``cli/examine.py``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dossier.cli.app import JsonOpt, app, open_for
from dossier.cli.output import (
    console,
    err_console,
    file_progress,
    highlighted,
    print_json,
    show_failure,
    table,
)
from dossier.export.tabular import document_json
from dossier.ingest import FileOutcome
from dossier.store.base import SearchRequest

__all__ = ["app"]


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(exists=True)],
    json_out: JsonOpt = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Local processes for the reading stages.")
    ] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Run the reading stages on this Dask scheduler."),
    ] = None,
) -> None:
    """Read files and folders into the archive (idempotent; re-run to resume or retry)."""
    with open_for(ctx) as archive:
        total = sum(1 for _ in archive.files(paths))  # counted, not kept: the walk is cheap
        with file_progress("ingest", json_out) as bar:
            task = bar.add_task("", total=total)

            def step(outcome: FileOutcome) -> None:
                bar.update(task, advance=1, description=outcome.source[-40:])
                show_failure(bar, outcome)

            report = archive.ingest(paths, step, None, workers, scheduler)
        if json_out:
            print_json(report.to_dict())
        else:
            console.print(
                f"added {report.count('added')} file(s), "
                f"skipped {report.count('skipped')}, failed {report.count('failed')}"
            )
        if report.count("failed"):
            raise typer.Exit(1)


@app.command()
def status(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """Counts, and every file that failed with its reason."""
    with open_for(ctx) as archive:
        st = archive.status()
        if json_out:
            print_json(st.to_dict())
            return
        console.print(
            f"[bold]{archive.store.url}[/bold]: {st.documents} documents, "
            f"{st.passages} passages, {st.spans} spans, {st.originals} originals "
            f"({st.original_bytes:,} bytes); files ok {st.files_ok}, "
            f"failed {st.files_failed}"
        )
        if st.by_genre:
            console.print(
                table(
                    "by genre",
                    ["genre", "documents"],
                    [[k, v] for k, v in sorted(st.by_genre.items())],
                )
            )
        if st.failures:
            console.print(
                table(
                    "failed files",
                    ["source", "code", "reason", "attempts"],
                    [[f.source, f.code, f.reason, f.attempts] for f in st.failures],
                )
            )


@app.command()
def documents(
    ctx: typer.Context, limit: int = 100, offset: int = 0, json_out: JsonOpt = False
) -> None:
    """List the documents in the archive."""
    with open_for(ctx) as archive:
        docs = archive.documents(limit, offset)
        if json_out:
            print_json([d.to_dict() for d in docs])
            return
        console.print(
            table(
                None,
                ["id", "date", "genre", "title", "source"],
                [[d.id, d.date, d.genre, (d.title or "")[:60], d.source] for d in docs],
            )
        )


@app.command()
def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="id, id prefix or source")],
    json_out: JsonOpt = False,
) -> None:
    """One document: its record, passages and text."""
    with open_for(ctx) as archive:
        doc = archive.document(ref)
        if json_out:
            out = document_json(doc)
            out["passages"] = [p.to_dict() for p in archive.passages(doc.id)]
            print_json(out)
            return
        record = doc.record.to_dict()
        console.print(
            table(
                doc.record.title or doc.source,
                ["field", "value"],
                [
                    ["id", doc.id],
                    ["source", doc.source],
                    ["reader", doc.reader],
                    *[[k, v] for k, v in record.items() if k != "title"],
                ],
            )
        )
        for p in doc.passages:
            label = p.kind + (f" p.{p.page}" if p.page else "")
            console.print(f"[dim]{label}[/dim] {p.text_of(doc.text)}", soft_wrap=True)


@app.command()
def search(
    ctx: typer.Context,
    query: str,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 10,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    date_from: Annotated[str | None, typer.Option("--from", help="ISO date prefix")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="ISO date prefix")] = None,
    genre: str | None = None,
    language: str | None = None,
    source: Annotated[str | None, typer.Option(help="source path prefix")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Full-text search over passages, best first."""
    with open_for(ctx) as archive:
        hits = archive.search(
            SearchRequest(query, limit, offset, date_from, date_to, genre, language, source)
        )
        if json_out:
            print_json([h.to_dict() for h in hits])
            return
        if not hits:
            console.print("no passages match")
        for hit in hits:
            console.print(
                f"[bold]{hit.title or hit.source}[/bold] [dim]{hit.date or ''} "
                f"{hit.source} {hit.document} ¶{hit.passage} {hit.score}[/dim]",
                soft_wrap=True,
            )
            console.print(highlighted(hit), soft_wrap=True)


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="json, csv, csl, bibtex or ris")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Write every document out as JSON or CSV (stdout unless --output)."""
    with open_for(ctx) as archive:
        if output is None:
            archive.export(fmt, sys.stdout)
            return
        with output.open("w", encoding="utf-8", newline="") as fh:
            n = archive.export(fmt, fh)
        err_console.print(f"wrote {n} documents to {output}")


# Importing these registers their commands on ``app``.
from dossier.cli import examine as _examine  # noqa: E402, F401  isort: skip
from dossier.cli import reading as _reading  # noqa: E402, F401  isort: skip
from dossier.cli import web as _web  # noqa: E402, F401  isort: skip
from dossier.cli import trust as _trust  # noqa: E402, F401  isort: skip
from dossier.cli import index as _index  # noqa: E402, F401  isort: skip
from dossier.cli import cite as _cite  # noqa: E402, F401  isort: skip
from dossier.cli import vectors as _vectors  # noqa: E402, F401  isort: skip
