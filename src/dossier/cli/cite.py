"""``dossier cite``: one document's citation as Chicago (note and bibliography), CSL-JSON,
BibTeX or RIS."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from dossier.cite import FORMATS, chicago, csl_item
from dossier.cli.app import JsonOpt, app, open_for
from dossier.cli.output import print_json

__all__ = ["cite"]

FORMAT_HELP = " | ".join(FORMATS)


@app.command()
def cite(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="id, id prefix or source")],
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMAT_HELP)] = "chicago",
    json_out: JsonOpt = False,
) -> None:
    """Cite one document (Chicago notes-bibliography by default)."""
    with open_for(ctx) as archive:
        text = archive.cite([ref], fmt)
        if not json_out:
            sys.stdout.write(text)
            return
        doc = archive.document(ref)
        item = csl_item(doc)
        styled = chicago(item)
        print_json(
            {
                "id": doc.id,
                "format": fmt,
                "citation": text,
                "chicago": {"note": styled.note, "bibliography": styled.bibliography},
                "csl": item,
            }
        )
