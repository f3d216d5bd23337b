"""``/``: the archive at a glance: counts, collections (top folders), genres, recent ingests,
failures."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from dossier.store.base import DocumentSummary
from dossier.web.pages.render import ArchiveDep, page

__all__ = ["collection_of", "router"]

router = APIRouter()
SCAN = 10_000


def collection_of(doc: DocumentSummary) -> str:
    """A document's collection: the top folder it was ingested from ("" at the top level)."""
    return doc.source.split("/", 1)[0] if "/" in doc.source else ""


@router.get("/", response_class=HTMLResponse)
def home(request: Request, archive: ArchiveDep) -> HTMLResponse:
    status = archive.status()
    docs = archive.documents(SCAN)
    collections = Counter(collection_of(d) for d in docs)
    dated = sorted((d for d in docs if d.date), key=lambda d: str(d.date))
    span = (dated[0].date, dated[-1].date) if dated else None
    return page(
        request,
        "home.html",
        title="Dossier reading room",
        status=status,
        collections=sorted(collections.items()),
        genres=sorted(status.by_genre.items(), key=lambda kv: (-kv[1], kv[0])),
        span=span,
        entities=archive.linked_entities(),
        recent=archive.recent(8),
    )
