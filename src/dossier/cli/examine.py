"""Cross-examination commands: check, examine, conflicts, trace, profile."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from dossier.cli.app import JsonOpt, app, open_for
from dossier.cli.output import console, err_console, print_json, table

__all__: list[str] = []


@app.command()
def check(
    ctx: typer.Context,
    claim: Annotated[str | None, typer.Argument(help="the claim to check")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="one claim per line")] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    json_out: JsonOpt = False,
) -> None:
    """Check a claim against the archive: verdict, confidence, and the passages with reasons."""
    claims = [claim] if claim else []
    if file is not None:
        claims += [c.strip() for c in file.read_text(encoding="utf-8").splitlines() if c.strip()]
    if not claims:
        err_console.print("[red]error[/red]: give a CLAIM or --file")
        raise typer.Exit(2)
    with open_for(ctx) as archive:
        for text in claims:
            result = archive.check(text, limit)
            if json_out:
                sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                continue
            console.print(
                f"[bold]{result.verdict}[/bold] ({result.confidence:.2f}) {text}", soft_wrap=True
            )
            for e in result.to_dict()["evidence"][:5]:
                reasons = "; ".join(r.get("text", r.get("type", "")) for r in e["reasons"])
                console.print(
                    f"  [dim]{e['stance']:>11} {e['source']} ¶{e['passage']}[/dim] "
                    f"{e['text'][:200]} [italic]{reasons}[/italic]",
                    soft_wrap=True,
                )


@app.command()
def examine(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="document id, id prefix or source")],
    json_out: JsonOpt = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="a report to read")] = False,
) -> None:
    """Check every claim of one document against the rest of the archive."""
    with open_for(ctx) as archive:
        report = archive.examine(ref)
        if json_out:
            print_json(report.to_dict())
        else:
            sys.stdout.write(report.to_markdown() + "\n") if markdown else console.print(
                report.to_markdown(), soft_wrap=True
            )


@app.command()
def conflicts(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """Events that different sources date differently."""
    with open_for(ctx) as archive:
        found = archive.conflicts()
        if json_out:
            print_json([c.to_dict() for c in found])
            return
        for c in found:
            data = c.to_dict()
            event = f"{data['predicate']}: {', '.join(data['names'])}"
            rows = [[v["value"], v["source"], v["sentence"][:140]] for v in data["values"]]
            console.print(
                table(f"{event} — {data['reason']}", ["date", "source", "sentence"], rows)
            )


@app.command()
def trace(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """Quotations traced across documents: earliest source, altered, truncated, unattested."""
    with open_for(ctx) as archive:
        traces = archive.quotation_traces()
        if json_out:
            print_json([t.to_dict() for t in traces])
            return
        for t in traces:
            console.print(json.dumps(t.to_dict(), ensure_ascii=False)[:400], soft_wrap=True)


@app.command()
def profile(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="document; all when omitted")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Source profiles: primary or secondary, genre, gap to the events, translation, claims."""
    with open_for(ctx) as archive:
        found = [archive.profile(ref)] if ref else archive.profiles()
        if json_out:
            print_json([p.to_dict() for p in found])
            return
        rows = []
        for p in found:
            d = p.to_dict()
            rows.append(
                [
                    d.get("source"),
                    d.get("kind"),
                    d.get("genre"),
                    d.get("gap_years"),
                    d.get("original_language"),
                    d.get("claims"),
                ]
            )
        console.print(
            table(
                "source profiles",
                ["source", "kind", "genre", "gap (years)", "original language", "claims"],
                rows,
            )
        )
