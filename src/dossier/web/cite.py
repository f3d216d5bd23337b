"""Citation downloads and unAPI.

- ``/documents/{id}/cite.{ext}`` and ``/search/cite.{ext}?q=…`` for ``ext`` in ``csl.json``,
  ``bib``, ``ris``, ``txt`` (Chicago notes and bibliography), with their media types and a
  ``Content-Disposition`` file name;
- ``/unapi`` (unAPI 1.0): without arguments the formats offered; with ``id`` the formats for
  that document (300 Multiple Choices, or 404); with ``id`` and ``format`` (``ris``,
  ``bibtex``, ``csl``) the record itself (406 for an unknown format), which is how Zotero saves
  a document page that carries ``<abbr class="unapi-id">``.
"""

from __future__ import annotations

from typing import Annotated
from xml.sax.saxutils import quoteattr

from fastapi import APIRouter, Depends, Query, Response

from dossier.api import Archive
from dossier.cite import FORMATS
from dossier.errors import NotFound
from dossier.store.base import SearchRequest
from dossier.web.deps import archive_of

__all__ = ["UNAPI_FORMATS", "router"]

router = APIRouter(tags=["citations"])

EXTENSIONS = {f.extension: f.name for f in FORMATS.values()}
UNAPI_FORMATS = {"ris": "ris", "bibtex": "bibtex", "csl": "csl"}
XML = "application/xml"
ArchiveDep = Annotated[Archive, Depends(archive_of)]


def _format(ext: str) -> str:
    name = EXTENSIONS.get(ext)
    if name is None:
        known = ", ".join(f"cite.{e}" for e in EXTENSIONS)
        raise NotFound(f"no citation format {ext!r} (known: {known})")
    return name


def _download(text: str, fmt: str, stem: str) -> Response:
    spec = FORMATS[fmt]
    disposition = "inline" if fmt == "chicago" else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{stem}.{spec.extension}"'}
    return Response(text.encode("utf-8"), media_type=spec.media_type, headers=headers)


@router.get("/documents/{ref}/cite.{ext}", summary="Cite one document")
def cite_document(ref: str, ext: str, archive: ArchiveDep) -> Response:
    fmt = _format(ext)
    doc = archive.document(ref)
    return _download(archive.cite([doc.id], fmt), fmt, doc.id)


@router.get("/search/cite.{ext}", summary="Cite the documents a search finds")
def cite_search(
    ext: str,
    archive: ArchiveDep,
    q: Annotated[str, Query(min_length=1)],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Response:
    fmt = _format(ext)
    return _download(archive.cite_search(SearchRequest(q, limit), fmt), fmt, "search")


def _formats_xml(ident: str | None) -> str:
    attr = f" id={quoteattr(ident)}" if ident is not None else ""
    rows = "".join(
        f'  <format name="{name}" type="{FORMATS[fmt].media_type}"/>\n'
        for name, fmt in UNAPI_FORMATS.items()
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<formats{attr}>\n{rows}</formats>\n'


@router.get("/unapi", summary="unAPI 1.0")
def unapi(
    archive: ArchiveDep,
    ident: Annotated[str | None, Query(alias="id")] = None,
    wanted: Annotated[str | None, Query(alias="format")] = None,
) -> Response:
    if not ident:
        if wanted:
            return Response("unAPI: a format needs an id\n", 400, media_type="text/plain")
        return Response(_formats_xml(None), media_type=XML)
    doc = archive.document(ident)
    if not wanted:
        return Response(_formats_xml(ident), status_code=300, media_type=XML)
    fmt = UNAPI_FORMATS.get(wanted)
    if fmt is None:
        return Response(f"unAPI: no format {wanted!r}\n", 406, media_type="text/plain")
    return _download(archive.cite([doc.id], fmt), fmt, doc.id)
