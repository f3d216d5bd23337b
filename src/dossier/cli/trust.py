"""Trust commands: tokens, audited edits (edit, delete, override, undo), history, verify, bags."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dossier.cli.app import JsonOpt, app, open_for
from dossier.cli.output import console, err_console, print_json, table
from dossier.errors import ConfigError
from dossier.trust import ROLES, VERDICTS, AuditEntry, FixityReport

__all__: list[str] = []

token_app = typer.Typer(
    help="Access tokens for the web app and API (roles: reader, editor, admin)."
)
bag_app = typer.Typer(help="The archive as a BagIt bag: export for preservation, import back.")
app.add_typer(token_app, name="token")
app.add_typer(bag_app, name="bag")

ActorOpt = Annotated[str, typer.Option("--actor", help="Who makes the change (audit trail).")]
ReasonOpt = Annotated[str, typer.Option("--reason", help="Why (kept in the audit trail).")]


def _entries(entries: list[AuditEntry], json_out: bool, title: str | None = None) -> None:
    if json_out:
        print_json([e.to_dict() for e in entries])
        return
    rows = [
        [
            e.id,
            e.at[:16].replace("T", " "),
            e.actor,
            e.action,
            e.target_id,
            e.summary(),
            e.reason,
            "" if e.undone_by is None else f"#{e.undone_by}",
        ]
        for e in entries
    ]
    columns = ["id", "at", "actor", "action", "target", "change", "reason", "undone by"]
    console.print(table(title, columns, rows))


# -- tokens ---------------------------------------------------------------------------------


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    name: str,
    role: Annotated[str, typer.Option("--role", help=f"one of {', '.join(ROLES)}")] = "reader",
    scope: Annotated[list[str] | None, typer.Option("--scope", help="repeatable")] = None,
    actor: ActorOpt = "cli",
    json_out: JsonOpt = False,
) -> None:
    """Create a token; its secret is printed once and cannot be shown again."""
    with open_for(ctx) as archive:
        made = archive.create_token(name, role, scope or [], actor=actor)
    if json_out:
        print_json({**made.info.to_dict(), "secret": made.secret})
        return
    err_console.print(
        f"token {made.info.id} ({made.info.role}) for {made.info.name!r}; "
        "store the secret now, it is kept nowhere:"
    )
    console.print(made.secret, soft_wrap=True)


@token_app.command("list")
def token_list(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """Every token with its role and use (never the secret)."""
    with open_for(ctx) as archive:
        found = archive.tokens()
    if json_out:
        print_json([i.to_dict() for i in found])
        return
    columns = ["id", "name", "role", "scopes", "created", "last used", "revoked"]
    rows = [
        [i.id, i.name, i.role, ", ".join(i.scopes), i.created_at, i.last_used_at, i.revoked_at]
        for i in found
    ]
    console.print(table(None, columns, rows))


@token_app.command("revoke")
def token_revoke(
    ctx: typer.Context, token_id: int, actor: ActorOpt = "cli", json_out: JsonOpt = False
) -> None:
    """Revoke a token at once."""
    with open_for(ctx) as archive:
        info = archive.revoke_token(token_id, actor=actor)
    if json_out:
        print_json(info.to_dict())
        return
    console.print(f"token {info.id} ({info.name!r}) revoked at {info.revoked_at}")


# -- audited edits --------------------------------------------------------------------------


def _changes(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"--set {pair!r}: expected FIELD=VALUE")
        out[name.strip()] = value
    return out


@app.command()
def edit(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="document id, id prefix or source")],
    set_: Annotated[list[str], typer.Option("--set", help="FIELD=VALUE, repeatable")],
    reason: ReasonOpt,
    actor: ActorOpt = "cli",
    json_out: JsonOpt = False,
) -> None:
    """Change record fields of a document (audited; undo with `dossier undo`)."""
    with open_for(ctx) as archive:
        entry = archive.edit_record(ref, _changes(set_), actor, reason)
    _entries([entry], json_out)


@app.command()
def delete(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="document id, id prefix or source")],
    reason: ReasonOpt,
    actor: ActorOpt = "cli",
    json_out: JsonOpt = False,
) -> None:
    """Take a document out of the archive; its original and its data stay for `dossier undo`."""
    with open_for(ctx) as archive:
        entry = archive.delete_document(ref, actor, reason)
    _entries([entry], json_out)


@app.command()
def override(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="DOC or DOC:START-END (a claim)")],
    verdict: Annotated[str, typer.Argument(help=", ".join(VERDICTS))],
    reason: ReasonOpt,
    actor: ActorOpt = "cli",
    json_out: JsonOpt = False,
) -> None:
    """Set a reviewer's verdict on a document or a claim (audited; undo withdraws it)."""
    with open_for(ctx) as archive:
        entry = archive.override_verdict(ref, verdict, actor, reason)
    _entries([entry], json_out)


@app.command()
def undo(
    ctx: typer.Context,
    audit_id: Annotated[int, typer.Argument(help="the audit entry to revert")],
    actor: ActorOpt = "cli",
    json_out: JsonOpt = False,
) -> None:
    """Revert a deletion, merge, record edit or verdict override."""
    with open_for(ctx) as archive:
        entry = archive.undo(audit_id, actor=actor)
    _entries([entry], json_out)


@app.command()
def history(
    ctx: typer.Context,
    ref: Annotated[
        str, typer.Argument(help="document id or source, entity id, audit id, or token:ID")
    ],
    json_out: JsonOpt = False,
) -> None:
    """Every audited change to a document or entity, or one audit entry, oldest first."""
    with open_for(ctx) as archive:
        found = archive.history(ref)
    if not found and not json_out:
        console.print(f"no recorded changes for {ref}")
        return
    _entries(found, json_out, title=f"history of {ref}")


# -- fixity and bags ------------------------------------------------------------------------


def _fixity_lines(report: FixityReport) -> None:
    console.print(
        f"checked {report.originals} originals ({report.bytes:,} bytes) "
        f"for {report.documents} documents"
    )
    for p in report.problems:
        names = ", ".join(f"{d} ({s})" for d, s in zip(p.documents, p.sources, strict=True))
        err_console.print(
            f"[red]{p.problem}[/red] {p.sha256[:16]}: {p.detail}; documents: {names or 'none'}",
            soft_wrap=True,
        )


@app.command()
def verify(ctx: typer.Context, json_out: JsonOpt = False) -> None:
    """Hash every stored original again; exit 1 naming each document whose bytes changed."""
    with open_for(ctx) as archive:
        report = archive.verify()
    if json_out:
        print_json(report.to_dict())
    else:
        _fixity_lines(report)
    if not report.ok:
        raise typer.Exit(1)


@bag_app.command("export")
def bag_export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="a new or empty directory")],
    organization: Annotated[
        str, typer.Option("--organization", help="Source-Organization of bag-info.txt")
    ] = "Dossier archive",
    json_out: JsonOpt = False,
) -> None:
    """Write the whole archive as a BagIt 1.0 bag (originals + archive.json)."""
    with open_for(ctx) as archive:
        summary = archive.export_bag(out, organization)
    if json_out:
        print_json(summary.to_dict())
        return
    console.print(
        f"bagged {summary.documents} documents and {summary.originals} originals "
        f"({summary.original_bytes:,} bytes) in {summary.path}"
    )


@bag_app.command("import")
def bag_import(
    ctx: typer.Context,
    root: Annotated[Path, typer.Argument(help="a bag made by `dossier bag export`")],
    json_out: JsonOpt = False,
) -> None:
    """Fill an empty archive from a bag, after checking every checksum in it."""
    with open_for(ctx) as archive:
        summary = archive.import_bag(root)
    if json_out:
        print_json(summary.to_dict())
        return
    console.print(
        f"imported {summary.documents} documents and {summary.originals} originals "
        f"from {summary.path}"
    )
