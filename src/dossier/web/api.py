"""The REST API under ``/api``: documents, passages, search, entities, timeline, check and examine,
as JSON with cursor pagination and ``application/problem+json`` errors. Every route calls one
``Archive`` method; the OpenAPI description is at ``/api/openapi.json``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Response
from pydantic import BaseModel, Field

from dossier.api import Archive
from dossier.cite import FORMATS as CITATION_FORMATS
from dossier.errors import QueryError
from dossier.export.tabular import document_json
from dossier.store.base import SORTS, SearchRequest
from dossier.web.deps import Caller, archive_of, require
from dossier.web.problems import PROBLEM

__all__ = ["decode_cursor", "encode_cursor", "router"]

MAX_LIMIT = 200
DATE = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"


def _problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    shape = {"content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    return {status: {"description": "a problem document", **shape} for status in statuses}


router = APIRouter(tags=["archive"], responses=_problems(400, 422))
ArchiveDep = Annotated[Archive, Depends(archive_of)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")]
Cursor = Annotated[
    str | None,
    Query(pattern=r"^o[0-9]{1,9}$", description="The `next` value of the previous page."),
]
Ref = Annotated[str, Query(min_length=1, max_length=500)]


class Problem(BaseModel):
    type: str = "about:blank"
    title: str
    status: int
    detail: str


class Page(BaseModel):
    """One page of a list; ``next`` is the cursor of the following page, or null at the end."""

    items: list[dict[str, Any]]
    next: str | None = None


class SearchResult(BaseModel):
    total: int
    hits: list[dict[str, Any]]
    facets: dict[str, list[dict[str, Any]]]
    next: str | None = None
    notice: str | None = None  # why nothing was searched (no words, too many terms)


class ClaimIn(BaseModel):
    claim: str = Field(min_length=1, max_length=2000)
    limit: int = Field(default=10, ge=1, le=50)


class MergeIn(BaseModel):
    source: str = Field(min_length=1, max_length=500)
    target: str = Field(min_length=1, max_length=500)
    reason: str = Field(default="", max_length=2000)


def encode_cursor(offset: int) -> str:
    return f"o{offset}"


def decode_cursor(cursor: str | None) -> int:
    """The offset a cursor stands for; a cursor this API did not make is a ``QueryError``."""
    if not cursor:
        return 0
    if not (cursor.startswith("o") and cursor[1:].isdigit() and len(cursor) <= 10):
        raise QueryError(f"invalid cursor {cursor!r}")
    return int(cursor[1:])


def _page(items: list[dict[str, Any]], offset: int, limit: int) -> Page:
    """A page from up to ``limit + 1`` items (the extra one says there is more)."""
    more = len(items) > limit
    return Page(items=items[:limit], next=encode_cursor(offset + limit) if more else None)


@router.get("/status")
def status(archive: ArchiveDep) -> dict[str, Any]:
    """Counts of documents, passages, spans and originals; failed files with reasons."""
    return archive.status().to_dict()


@router.get("/documents")
def documents(archive: ArchiveDep, limit: Limit = 50, cursor: Cursor = None) -> Page:
    """Documents ordered by source."""
    offset = decode_cursor(cursor)
    rows = archive.documents(limit + 1, offset)
    return _page([d.to_dict() for d in rows], offset, limit)


@router.get("/documents/{ref}", responses=_problems(404))
def document(archive: ArchiveDep, ref: str) -> dict[str, Any]:
    """One document: its record, text, passages and every span."""
    doc = archive.document(ref)
    out = document_json(doc)
    out["spans"] = [s.to_dict() for s in doc.spans]
    return out


@router.get("/documents/{ref}/passages", responses=_problems(404))
def passages(archive: ArchiveDep, ref: str) -> list[dict[str, Any]]:
    """A document's passages (paragraphs, headings, footnotes, notes) with their ids."""
    return [p.to_dict() for p in archive.passages(ref)]


@router.get(
    "/documents/{ref}/original",
    responses={
        **_problems(404),
        200: {"content": {"application/octet-stream": {}}, "description": "the original bytes"},
    },
    response_class=Response,
)
def original(archive: ArchiveDep, ref: str) -> Response:
    """The original file, byte for byte, as an attachment."""
    doc = archive.document(ref)
    name = (doc.source.rsplit("/", 1)[-1] or doc.id).encode("ascii", "replace").decode()
    name = name.replace('"', "_").replace("\\", "_")
    return Response(
        archive.original(doc.id),
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/documents/{ref}/cite",
    responses={**_problems(404), 200: {"content": {"text/plain": {}}, "description": "citation"}},
    response_class=Response,
)
def cite(
    archive: ArchiveDep,
    ref: str,
    format: Annotated[str, Query(pattern="^(" + "|".join(CITATION_FORMATS) + ")$")] = "chicago",
) -> Response:
    """The document's citation: Chicago note, CSL-JSON, BibTeX or RIS."""
    return Response(archive.cite([ref], format), media_type="text/plain; charset=utf-8")


@router.get("/documents/{ref}/profile", responses=_problems(404))
def profile(archive: ArchiveDep, ref: str) -> dict[str, Any]:
    """The source profile: primary or secondary, genre, gap to the events, corroboration."""
    return archive.profile(ref).to_dict()


@router.get("/documents/{ref}/examine", responses=_problems(404))
def examine(archive: ArchiveDep, ref: str) -> dict[str, Any]:
    """Every claim of the document checked against the other documents."""
    return archive.examine(ref).to_dict()


@router.get("/search")
def search(
    archive: ArchiveDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="Words, phrases, OR.")],
    limit: Limit = 20,
    cursor: Cursor = None,
    sort: Annotated[str, Query(pattern="^(" + "|".join(SORTS) + ")$")] = "relevance",
    date_from: Annotated[str | None, Query(pattern=DATE)] = None,
    date_to: Annotated[str | None, Query(pattern=DATE)] = None,
    genre: Annotated[str | None, Query(max_length=64)] = None,
    language: Annotated[str | None, Query(max_length=32)] = None,
    source: Annotated[str | None, Query(max_length=500)] = None,
    person: Annotated[str | None, Query(max_length=200, description="An entity id.")] = None,
    place: Annotated[str | None, Query(max_length=200, description="An entity id.")] = None,
) -> SearchResult:
    """Full-text search over passages, with highlighted snippets and facets with counts."""
    offset = decode_cursor(cursor)
    request = SearchRequest(
        q, limit, offset, date_from, date_to, genre, language, source, sort, person, place
    )
    try:
        page = archive.search_page(request).to_dict()
    except QueryError as exc:
        return SearchResult(total=0, hits=[], facets={}, notice=str(exc))
    more = offset + limit < page["total"]
    return SearchResult(
        total=page["total"],
        hits=page["hits"],
        facets=page["facets"],
        next=encode_cursor(offset + limit) if more else None,
    )


@router.get("/entities")
def entities(
    archive: ArchiveDep,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page:
    """Entities with mentions, most mentioned first."""
    offset = decode_cursor(cursor)
    found = archive.entities(kind, limit + 1, offset)
    return _page([e.to_dict() for e in found], offset, limit)


@router.get("/entities/{ref}", responses=_problems(404))
def entity(archive: ArchiveDep, ref: str) -> dict[str, Any]:
    """One entity: record with aliases, names it is mentioned by, mentions, co-occurrences."""
    return archive.entity(ref).to_dict()


@router.get("/timeline")
def timeline(archive: ArchiveDep, limit: Limit = 100, cursor: Cursor = None) -> Page:
    """Every time expression across the archive, in time order, with its sentence."""
    offset = decode_cursor(cursor)
    entries = archive.timeline(limit=limit + 1, offset=offset)
    return _page([e.to_dict() for e in entries], offset, limit)


@router.get("/conflicts")
def conflicts(archive: ArchiveDep) -> list[dict[str, Any]]:
    """Events that different sources date differently."""
    return [c.to_dict() for c in archive.conflicts()]


@router.get("/check")
def check_get(
    archive: ArchiveDep,
    claim: Annotated[str, Query(min_length=1, max_length=2000)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, Any]:
    """A claim held against the archive: verdict, confidence, cited evidence best first."""
    return archive.check(claim, limit=limit).to_dict()


@router.post("/check")
def check_post(archive: ArchiveDep, body: Annotated[ClaimIn, Body()]) -> dict[str, Any]:
    """The same as ``GET /api/check``, for long claims."""
    return archive.check(body.claim, limit=body.limit).to_dict()


@router.post("/merges", responses=_problems(403, 404), status_code=201)
def merge(
    archive: ArchiveDep,
    body: Annotated[MergeIn, Body()],
    caller: Annotated[Caller, Depends(require("editor"))],
) -> dict[str, Any]:
    """Record that one entity is another (editors only; undo with ``DELETE``)."""
    return archive.merge(body.source, body.target, body.reason, actor=caller.actor)


@router.delete("/merges/{merge_id}", responses=_problems(403, 404))
def unmerge(
    archive: ArchiveDep, merge_id: str, caller: Annotated[Caller, Depends(require("editor"))]
) -> dict[str, Any]:
    """Undo a merge (editors only); the record stays, marked undone."""
    return archive.unmerge(merge_id, actor=caller.actor)
