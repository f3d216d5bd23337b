"""The citation formats by name: media type, file extension, writer and (where there is one)
reader. One registry serves the CLI, the web routes, unAPI and the exporters."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TextIO

from dossier.cite.bibtex import bibtex_entry, dumps_bibtex, loads_bibtex
from dossier.cite.chicago import chicago_many, chicago_notes
from dossier.cite.csljson import dumps_csl, loads_csl
from dossier.cite.item import csl_item
from dossier.cite.ris import dumps_ris, loads_ris, ris_record
from dossier.errors import ConfigError
from dossier.model import Document

__all__ = [
    "FORMATS",
    "CiteFormat",
    "dumps_chicago",
    "format_of",
    "render",
    "write_bibtex",
    "write_csl",
    "write_ris",
]

Items = list[dict[str, Any]]


def dumps_chicago(items: Items) -> str:
    """Numbered notes, then the bibliography (one entry a paragraph), as plain text."""
    if not items:
        return ""
    notes = [f"{i}. {note}" for i, note in enumerate(chicago_notes(items), 1)]
    return "Notes\n\n{}\n\nBibliography\n\n{}\n".format(
        "\n".join(notes), "\n\n".join(chicago_many(items))
    )


@dataclass(frozen=True)
class CiteFormat:
    name: str
    media_type: str
    extension: str
    dumps: Callable[[Items], str]
    loads: Callable[[str], Items] | None = None


FORMATS: dict[str, CiteFormat] = {
    f.name: f
    for f in (
        CiteFormat("chicago", "text/plain; charset=utf-8", "txt", dumps_chicago),
        CiteFormat(
            "csl", "application/vnd.citationstyles.csl+json", "csl.json", dumps_csl, loads_csl
        ),
        CiteFormat("bibtex", "application/x-bibtex", "bib", dumps_bibtex, loads_bibtex),
        CiteFormat("ris", "application/x-research-info-systems", "ris", dumps_ris, loads_ris),
    )
}


def format_of(name: str) -> CiteFormat:
    """A format by name or file extension (``csl`` or ``csl.json``, ``bibtex`` or ``bib``)."""
    found = FORMATS.get(name) or next((f for f in FORMATS.values() if f.extension == name), None)
    if found is None:
        known = ", ".join(f"{f.name} (.{f.extension})" for f in FORMATS.values())
        raise ConfigError(f"unknown citation format {name!r} (known: {known})")
    return found


def render(documents: Iterable[Document], fmt: str) -> str:
    """The citations of ``documents`` in the format named ``fmt``."""
    return format_of(fmt).dumps([csl_item(d) for d in documents])


def write_csl(docs: Iterable[Document], out: TextIO) -> int:
    """Exporter: a CSL-JSON array, written one item at a time."""
    from dossier.export.tabular import write_array  # dossier.export registers this exporter

    return write_array((csl_item(d) for d in docs), out)


def _per_item(
    docs: Iterable[Document], out: TextIO, write: Callable[[dict[str, Any]], str], sep: str
) -> int:
    n = 0
    for doc in docs:
        out.write((sep if n else "") + write(csl_item(doc)))
        n += 1
    return n


def write_bibtex(docs: Iterable[Document], out: TextIO) -> int:
    """Exporter: one BibTeX entry per document, a blank line between."""
    return _per_item(docs, out, bibtex_entry, "\n")


def write_ris(docs: Iterable[Document], out: TextIO) -> int:
    """Exporter: one RIS record per document (CRLF line ends)."""
    return _per_item(docs, out, ris_record, "")
