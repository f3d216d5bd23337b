"""``/entities``: people, places and organisations; ``/entities/{id}``: one entity's names,
aliases with periods, mentions in context, its co-occurrence network and, for places, a map."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from dossier.examine.layers import LayerEntry
from dossier.web.pages.graphics import MapView, map_view, network
from dossier.web.pages.render import ArchiveDep, PageNumber, page

__all__ = ["context_of", "router"]

router = APIRouter()
KINDS = ("person", "place", "organisation", "event", "work")
PER_PAGE = 100


@router.get("/entities", response_class=HTMLResponse)
def entity_list(
    request: Request,
    archive: ArchiveDep,
    kind: Annotated[str | None, Query(alias="type", max_length=40)] = None,
    number: PageNumber = 1,
) -> HTMLResponse:
    found = archive.entities(kind or None)
    shown = found[(number - 1) * PER_PAGE : number * PER_PAGE]
    return page(
        request,
        "entities.html",
        title="Entities",
        entities=shown,
        kind=kind,
        kinds=KINDS,
        number=number,
        pages=max(1, -(-len(found) // PER_PAGE)),
    )


def context_of(entry: LayerEntry) -> tuple[str, str, str]:
    """The mention's sentence as (before, the mention, after); the mention alone when the
    sentence does not hold it."""
    at = entry.sentence.find(entry.text)
    if at < 0:
        return "", entry.text, ""
    return entry.sentence[:at], entry.text, entry.sentence[at + len(entry.text) :]


def _periods(alias: dict[str, Any]) -> str:
    start, end = alias.get("from"), alias.get("to")
    if start and end:
        return f"{start}–{end}"
    if start:
        return f"from {start}"
    return f"until {end}" if end else ""


def _map(record: dict[str, Any]) -> MapView | None:
    coords = record.get("coordinates")
    if record.get("type") != "place" or not coords or len(coords) != 2:
        return None
    return map_view(float(coords[0]), float(coords[1]))


@router.get("/entities/{ref:path}", response_class=HTMLResponse)
def entity_page(request: Request, ref: str, archive: ArchiveDep) -> HTMLResponse:
    profile = archive.entity(ref)
    record = profile.record
    name = str(record.get("name") or record["id"])
    aliases = [(a, _periods(a)) for a in record.get("aliases", [])]
    return page(
        request,
        "entity.html",
        title=name,
        record=record,
        name=name,
        aliases=aliases,
        profile=profile,
        mentions=[(m, context_of(m)) for m in profile.mentions],
        graph=network(str(record["id"]), name, profile.cooccurring),
        map=_map(record),
    )
