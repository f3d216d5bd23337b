"""``/timeline``: every dated expression across the archive grouped by year, narrowed without
JavaScript by decade, year and month, with conflicting dates flagged."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from dossier.examine.conflicts import DateConflict
from dossier.examine.layers import LayerEntry
from dossier.web.pages.render import ArchiveDep, page

__all__ = ["Group", "group_entries", "router"]

router = APIRouter()
ZOOM = re.compile(r"^(\d{3}X|\d{4}(-\d{2})?)$")
MONTHS = "January February March April May June July August September October November December"


@dataclass
class Group:
    """One year (or month, zoomed in) of the timeline."""

    key: str
    label: str
    entries: list[tuple[LayerEntry, list[DateConflict]]] = field(default_factory=list)


def _label(key: str) -> str:
    if len(key) == 7:
        return f"{MONTHS.split()[int(key[5:]) - 1]} {key[:4]}"
    return key


def _matches(earliest: str, zoom: str | None) -> bool:
    if not zoom:
        return True
    if zoom.endswith("X"):
        return earliest.startswith(zoom[:3])
    return earliest.startswith(zoom)


def group_entries(
    entries: list[LayerEntry], conflicts: list[DateConflict], zoom: str | None
) -> list[Group]:
    """The entries inside ``zoom`` (``195X``, ``1954`` or ``1954-10``), by year, or by month when
    a year is chosen; each with the conflicts its sentence takes part in."""
    flagged: dict[tuple[str, int], list[DateConflict]] = defaultdict(list)
    for conflict in conflicts:
        for mention in conflict.values:
            flagged[(mention.document, mention.start)].append(conflict)
    by_month = bool(zoom) and not str(zoom).endswith("X")
    groups: dict[str, Group] = {}
    for entry in entries:
        earliest = str(entry.value.get("earliest"))
        if not _matches(earliest, zoom):
            continue
        key = earliest[:7] if by_month else earliest[:4]
        group = groups.setdefault(key, Group(key, _label(key)))
        group.entries.append((entry, flagged.get((entry.document, entry.start), [])))
    return list(groups.values())


def _decades(entries: list[LayerEntry]) -> list[str]:
    return sorted({str(e.value.get("earliest"))[:3] + "X" for e in entries})


def _outer(zoom: str | None) -> str | None:
    """The zoom level one step out: month → year → decade → everything."""
    if not zoom or zoom.endswith("X"):
        return None
    return zoom[:4] if len(zoom) == 7 else zoom[:3] + "X"


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    archive: ArchiveDep,
    zoom: Annotated[str | None, Query(max_length=7)] = None,
) -> HTMLResponse:
    if zoom and not ZOOM.match(zoom):
        zoom = None
    entries = archive.timeline()
    conflicts = archive.conflicts()
    groups = group_entries(entries, conflicts, zoom)
    return page(
        request,
        "timeline.html",
        title="Timeline",
        groups=groups,
        zoom=zoom,
        outer=_outer(zoom),
        decades=_decades(entries),
        conflicts=conflicts,
        total=sum(len(g.entries) for g in groups),
    )
