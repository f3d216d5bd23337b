"""``/search``: full-text results with highlighted snippets, facets, sorting and pages."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from dossier.store.base import Hit, SearchRequest
from dossier.web.pages.render import ArchiveDep, PageNumber, page

__all__ = ["Piece", "pieces_of", "router"]

router = APIRouter()
PER_PAGE = 20
FACET_TITLES = {
    "genre": "Genre",
    "year": "Year",
    "person": "People",
    "place": "Places",
    "language": "Language",
    "source": "Collection",
}


@dataclass(frozen=True)
class Piece:
    text: str
    hit: bool


def pieces_of(hit: Hit) -> list[Piece]:
    """The snippet cut into plain and matched pieces (the template marks the matched ones)."""
    out: list[Piece] = []
    at = 0
    for start, end in sorted(hit.highlights):
        if start < at or end <= start:
            continue
        if start > at:
            out.append(Piece(hit.snippet[at:start], False))
        out.append(Piece(hit.snippet[start:end], True))
        at = end
    if at < len(hit.snippet):
        out.append(Piece(hit.snippet[at:], False))
    return out


def _request(params: dict[str, str], number: int) -> SearchRequest:
    year = params.get("year")
    return SearchRequest(
        params["q"],
        limit=PER_PAGE,
        offset=(number - 1) * PER_PAGE,
        date_from=params.get("date_from") or year,
        date_to=params.get("date_to") or year,
        genre=params.get("genre"),
        language=params.get("language"),
        source=params.get("source"),
        sort=params.get("sort") or "relevance",
        person=params.get("person"),
        place=params.get("place"),
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    archive: ArchiveDep,
    q: str = "",
    page_number: PageNumber = 1,
) -> HTMLResponse:
    keys = ("genre", "language", "source", "year", "person", "place", "sort", "date_from")
    params = {k: v for k in keys if (v := request.query_params.get(k))}
    if request.query_params.get("date_to"):
        params["date_to"] = request.query_params["date_to"]
    if not q.strip():
        return page(request, "search.html", title="Search", q=q, result=None, params=params)
    params["q"] = q
    result = archive.search_page(_request(params, page_number))
    pages = max(1, -(-result.total // PER_PAGE))
    facets = [(k, FACET_TITLES[k], result.facets.get(k, [])) for k in FACET_TITLES]
    labels = {(k, f.value): f.label for k, _, items in facets for f in items}
    active = [
        (k, FACET_TITLES[k], labels.get((k, params[k]), params[k]))
        for k in FACET_TITLES
        if k in params
    ]
    return page(
        request,
        "search.html",
        title=f"{q} — search",
        q=q,
        params=params,
        result=result,
        hits=[(h, pieces_of(h)) for h in result.hits],
        facets=[f for f in facets if f[2]],
        active=active,
        number=page_number,
        pages=pages,
    )
