"""``dossier``: the Typer application. Each command parses options, calls the library, prints."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dossier import api
from dossier.api import Archive, open_archive
from dossier.cli.output import console, err_console, highlighted, print_json, table
from dossier.errors import DossierError, NotFound, QueryError, ReadError
from dossier.export.tabular import document_json
from dossier.ingest import FileOutcome
from dossier.settings import Settings
from dossier.store.base import SearchRequest

__all__ = ["app"]

app = typer.Typer(
    help="Dossier: a research archive that reads, links and cross-examines historical documents.",
    no_args_is_help=True,
    add_completion=False,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
EXIT_CODES = {NotFound: 3, QueryError: 4, ReadError: 5}


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
def _archive(ctx: typer.Context) -> Iterator[Archive]:
    """Open the archive; turn library errors into one line on stderr and an exit code."""
    try:
        settings = Settings.load(ctx.obj["config"], db=ctx.obj["db"])
        with open_archive(settings) as archive:
            yield archive
    except DossierError as exc:
        err_console.print(f"[red]error[/red] {exc.code}: {exc}", markup=True, soft_wrap=True)
        code = next((c for kind, c in EXIT_CODES.items() if isinstance(exc, kind)), 2)
        raise typer.Exit(code) from exc


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(exists=True)],
    json_out: JsonOpt = False,
) -> None:
    """Read files and folders into the archive (idempotent; re-run to resume or retry)."""
    with _archive(ctx) as archive:
        files = archive.files(paths)
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=err_console,
            transient=json_out or not sys.stderr.isatty(),
        ) as bar:
            task = bar.add_task("", total=len(files))

            def step(outcome: FileOutcome) -> None:
                bar.update(task, advance=1, description=outcome.source[-40:])
                if outcome.status == "failed":
                    bar.console.print(
                        f"[red]failed[/red] {outcome.source}: {outcome.reason}",
                        markup=True,
                        soft_wrap=True,
                        highlight=False,
                    )

            report = archive.ingest(paths, step, files)
        if json_out:
            print_json(report.to_dict())
        else:
            console.print(
                f"added {report.count('added')} file(s), "
                f"skipped {report.count('skipped')}, failed {report.count('failed')}"
            )
        if report.failed:
            raise typer.Exit(1)


@app.command()
def status(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """Counts, and every file that failed with its reason."""
    with _archive(ctx) as archive:
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
    with _archive(ctx) as archive:
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
    with _archive(ctx) as archive:
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
    with _archive(ctx) as archive:
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
    fmt: Annotated[str, typer.Option("--format", help="json or csv")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Write every document out as JSON or CSV (stdout unless --output)."""
    with _archive(ctx) as archive:
        if output is None:
            archive.export(fmt, sys.stdout)
            return
        with output.open("w", encoding="utf-8", newline="") as fh:
            n = archive.export(fmt, fh)
        err_console.print(f"wrote {n} documents to {output}")


@app.command()
def timeline(ctx: typer.Context, limit: int = 0, json_out: JsonOpt = False) -> None:
    """Every dated time expression across the archive, ordered by its interval."""
    with _archive(ctx) as archive:
        entries = archive.timeline()
        entries = entries[:limit] if limit else entries
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
    with _archive(ctx) as archive:
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
    with _archive(ctx) as archive:
        n = archive.enrich(everything=everything)
        console.print(f"re-read {n} original(s) with {archive.pipeline.signature}")


@app.command()
def entities(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option("--type", help="person, place, …")] = None,
    json_out: JsonOpt = False,
) -> None:
    """People, places and organisations with their mention counts."""
    with _archive(ctx) as archive:
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
    with _archive(ctx) as archive:
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
    with _archive(ctx) as archive:
        record = archive.merge(source, target, reason)
        console.print(f"{record['id']}: {record['source']} → {record['target']}")


@app.command()
def unmerge(ctx: typer.Context, merge_id: str) -> None:
    """Undo a merge by its id (the record is kept, marked undone)."""
    with _archive(ctx) as archive:
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
    with _archive(ctx) as archive:
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
    with _archive(ctx) as archive:
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
    with _archive(ctx) as archive:
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
    with _archive(ctx) as archive:
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
    with _archive(ctx) as archive:
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
