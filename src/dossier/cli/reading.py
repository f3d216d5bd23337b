"""Reading commands: entities, merges, timeline, quotations, annotate, enrich, eval."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from dossier import api
from dossier.cli.app import JsonOpt, app, open_for
from dossier.cli.output import console, err_console, print_json, table
from dossier.settings import Settings

__all__: list[str] = []


@app.command()
def timeline(ctx: typer.Context, limit: int = 0, json_out: JsonOpt = False) -> None:
    """Every dated time expression across the archive, ordered by its interval."""
    with open_for(ctx) as archive:
        entries = archive.timeline(limit=limit or None)
        if json_out:
            print_json([e.to_dict() for e in entries])
            return
        console.print(
            table(
                "timeline",
                ["from", "to", "value", "expression", "source"],
                [
                    [
                        e.value.get("earliest"),
                        e.value.get("latest"),
                        e.value.get("value"),
                        e.text,
                        e.source,
                    ]
                    for e in entries
                ],
            )
        )


@app.command()
def quotes(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """Quotations and reported speech across the archive, with speaker and cue."""
    with open_for(ctx) as archive:
        entries = archive.quotes()
        if json_out:
            print_json([e.to_dict() for e in entries])
            return
        console.print(
            table(
                "quotations",
                ["kind", "speaker", "cue", "quotation", "source"],
                [
                    [
                        e.value.get("kind"),
                        e.value.get("speaker"),
                        e.value.get("cue"),
                        e.text[:120],
                        e.source,
                    ]
                    for e in entries
                ],
            )
        )


@app.command()
def annotate(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="a UTF-8 text file, or - for standard input")],
    date: Annotated[str | None, typer.Option(help="document date, YYYY-MM-DD")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Run the reading stages on one text without storing it; print every span."""
    text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    spans = api.annotate(text, Settings.load(ctx.obj["config"], db=ctx.obj["db"]), date)
    if json_out:
        print_json({"text_length": len(text), "spans": spans})
        return
    console.print(
        table(
            None,
            ["layer", "start", "end", "text", "value"],
            [
                [s["layer"], s["start"], s["end"], s["text"][:60], s["value"] or s["entity"] or ""]
                for s in spans
            ],
        )
    )


@app.command()
def enrich(
    ctx: typer.Context,
    everything: Annotated[bool, typer.Option("--all", help="re-run on every document")] = False,
) -> None:
    """Re-run the reading stages on documents read by older stage versions."""
    with open_for(ctx) as archive:
        n = archive.enrich(everything=everything)
        console.print(f"re-read {n} original(s) with {archive.pipeline.signature}")


@app.command()
def entities(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--type", help="person, place, …")] = None,
    json_out: JsonOpt = False,
) -> None:
    """People, places and organisations with their mention counts."""
    with open_for(ctx) as archive:
        found = archive.entities(kind)
        if json_out:
            print_json([e.to_dict() for e in found])
            return
        console.print(
            table(
                "entities",
                ["id", "type", "name", "mentions", "documents"],
                [[e.id, e.type, e.name, e.mentions, e.documents] for e in found],
            )
        )


@app.command()
def entity(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="name, alias or id")],
    json_out: JsonOpt = False,
) -> None:
    """One entity: aliases, mentions in context, co-occurring entities."""
    with open_for(ctx) as archive:
        profile = archive.entity(ref)
        if json_out:
            print_json(profile.to_dict())
            return
        record = profile.record
        console.print(f"[bold]{record.get('name', record['id'])}[/bold] [dim]{record['id']}[/dim]")
        aliases = [
            f"{a['name']} ({a.get('lang', '')}{', ' + str(a['from']) if 'from' in a else ''}"
            f"{'–' + str(a['to']) if 'to' in a else ''})"
            for a in record.get("aliases", [])
        ]
        if aliases:
            console.print("aliases: " + "; ".join(aliases), soft_wrap=True)
        console.print("mentioned as: " + ", ".join(f"{n} ×{c}" for n, c in profile.names.items()))
        console.print(
            table(
                "mentions",
                ["source", "sentence"],
                [[m.source, m.sentence[:160]] for m in profile.mentions],
            )
        )
        console.print(
            "with: " + ", ".join(f"{n} ({c})" for _, n, c in profile.cooccurring), soft_wrap=True
        )
        console.print(
            table(
                "why these mentions link here",
                ["name", "method", "reason", "n"],
                [list(r) for r in profile.reasons],
            )
        )
        for m in profile.merges:
            state = "undone" if m.get("undone") else "active"
            console.print(f"{m['id']} ({state}): {m['source']} → {m['target']}: {m['reason']}")


@app.command()
def merge(
    ctx: typer.Context,
    source: str,
    target: str,
    reason: Annotated[str, typer.Option(help="why they are one entity")],
) -> None:
    """Merge entity SOURCE into TARGET (names, aliases or ids); undo with unmerge."""
    with open_for(ctx) as archive:
        record = archive.merge(source, target, reason)
        console.print(f"{record['id']}: {record['source']} → {record['target']}")


@app.command()
def unmerge(ctx: typer.Context, merge_id: str) -> None:
    """Undo a merge by its id (the record is kept, marked undone)."""
    with open_for(ctx) as archive:
        record = archive.unmerge(merge_id)
        console.print(f"{record['id']} undone: {record['source']} is separate again")


@app.command(name="eval")
def evaluate(
    ctx: typer.Context,
    what: Annotated[str, typer.Argument(help="times (WikiWars) or mentions (FRUS persName)")],
    shared: Annotated[Path, typer.Option(help="folder with corpus/ and eval/")] = Path("../shared"),
    json_out: JsonOpt = False,
) -> None:
    """Score a reading stage on the evaluation sets (the numbers the quality gate pins)."""
    if what == "times":
        from dossier.evaluate.times import evaluate_wikiwars

        gold, scorer = shared / "eval" / "wikiwars-dev" / "timex2", shared / "eval" / "tools"
        result = evaluate_wikiwars(gold, scorer / "timex_eval.py")
    elif what == "mentions":
        from dossier.evaluate.mentions import main as mentions_main

        raise typer.Exit(mentions_main(["--corpus", str(shared / "corpus"), "--json"]))
    else:
        err_console.print(f"[red]error[/red]: unknown evaluation {what!r} (times, mentions)")
        raise typer.Exit(2)
    if json_out:
        print_json(result)
        return
    console.print(
        table(
            f"eval {what}",
            ["measure", "value"],
            [[k, v] for k, v in result.items() if not isinstance(v, dict | list)],
        )
    )
