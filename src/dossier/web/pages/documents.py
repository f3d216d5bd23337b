"""``/documents``: the list by collection; ``/documents/{id}``: the record, the annotated text,
notes and footnotes, the citation; ``/documents/{id}/original``: the kept original bytes."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from dossier.cite import PageMeta, page_metadata
from dossier.model import Document
from dossier.web.pages.home import SCAN, collection_of
from dossier.web.pages.markup import blocks_of, normalisations
from dossier.web.pages.render import ArchiveDep, PageNumber, page

__all__ = ["citation_of", "record_rows", "router"]

router = APIRouter()
PER_PAGE = 50
FIELDS = (
    ("date", "Date"),
    ("creators", "From"),
    ("recipients", "To"),
    ("place", "Place"),
    ("genre", "Genre"),
    ("kind", "Kind of source"),
    ("language", "Language"),
    ("original_language", "Original language"),
    ("translator", "Translated by"),
    ("repository", "Repository"),
    ("collection", "Collection"),
    ("identifier", "Identifier"),
    ("classification", "Classification"),
    ("completeness", "Completeness"),
    ("provider", "Provided by"),
    ("credits", "Credits"),
    ("rights", "Rights"),
    ("source_note", "Source note"),
)


def record_rows(doc: Document) -> list[tuple[str, str]]:
    """The record's filled fields as (label, text), in the order a reader expects them."""
    record = doc.record.to_dict()
    rows = []
    for key, label in FIELDS:
        value = record.get(key)
        if value:
            rows.append((label, "; ".join(value) if isinstance(value, list) else str(value)))
    return rows


def citation_of(doc: Document) -> PageMeta:
    """The document's citation (Chicago note and bibliography entry) and the metadata that lets
    reference managers save the page, from ``dossier.cite``."""
    return page_metadata(doc)


@router.get("/documents", response_class=HTMLResponse)
def document_list(
    request: Request,
    archive: ArchiveDep,
    collection: str | None = None,
    page_number: PageNumber = 1,
) -> HTMLResponse:
    docs = archive.documents(SCAN)
    if collection is not None:
        docs = [d for d in docs if collection_of(d) == collection]
    pages = max(1, -(-len(docs) // PER_PAGE))
    shown = docs[(page_number - 1) * PER_PAGE : page_number * PER_PAGE]
    return page(
        request,
        "documents.html",
        title="Documents",
        docs=[(collection_of(d), d) for d in shown],
        total=len(docs),
        collection=collection,
        number=page_number,
        pages=pages,
    )


def _changed_letters(before: str, after: str) -> list[str]:
    """The letters a normalisation replaced, named: ``о U+043E CYRILLIC SMALL LETTER O``."""
    out = []
    for a, b in zip(before, after, strict=False):
        if a != b:
            out.append(f"{a} U+{ord(a):04X} {unicodedata.name(a, '?')} → {b}")
    return out


def _notes(doc: Document) -> list[dict[str, Any]]:
    notes = normalisations(doc)
    for note in notes:
        if note["kind"] != "hyphenation" and note["before"] and note["after"] is not None:
            note["letters"] = _changed_letters(str(note["before"]), str(note["after"]))
    return notes


@router.get("/documents/{ref}", response_class=HTMLResponse)
def document_page(request: Request, ref: str, archive: ArchiveDep) -> HTMLResponse:
    doc = archive.document(ref)
    blocks = blocks_of(doc, archive.entity_names())
    layers = {s.layer for s in doc.spans}
    return page(
        request,
        "document.html",
        title=doc.record.title or doc.source,
        doc=doc,
        rows=record_rows(doc),
        body=[b for b in blocks if b.kind != "footnote"],
        footnotes=[b for b in blocks if b.kind == "footnote"],
        notes=_notes(doc),
        layers=layers,
        claims=len(doc.spans_of("claim")),
        cite=citation_of(doc),
        filename=download_name(doc),
    )


def download_name(doc: Document) -> str:
    """A harmless file name for the download: the source's last part, letters and digits."""
    base = doc.source.split("#", 1)[0].rsplit("/", 1)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or doc.id
    return cleaned[:120]


@router.get("/documents/{ref}/original")
def original(ref: str, archive: ArchiveDep) -> Response:
    """The original bytes as an attachment, never shown inline (an HTML original stays inert)."""
    doc = archive.document(ref)
    data = archive.original(doc.id)
    media = doc.media_type if "html" not in doc.media_type.lower() else "application/octet-stream"
    return Response(
        data,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="{download_name(doc)}"',
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )
