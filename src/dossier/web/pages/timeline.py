"""``/timeline``: every dated expression across the archive grouped by year, narrowed without
JavaScript by decade, year and month, with conflicting dates flagged; a page of ``PAGE``
expressions at a time, with the counts of the whole period."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from dossier.examine.conflicts import DateConflict
from dossier.examine.layers import LayerEntry
from dossier.web.pages.render import ArchiveDep, PageNumber, page

__all__ = ["Group", "group_entries", "router"]

router = APIRouter()
ZOOM = re.compile(r"^(\d{3}X|\d{4}(-\d{2})?)$")
PAGE = 200
MONTHS = "January February March April May June July August September October November December"


@dataclass
class Group:
    """One year (or month, zoomed in) of the timeline."""

    key: str
    label: str
    entries: list[tuple[LayerEntry, list[DateConflict]]] = field(default_factory=list)
    total: int = 0  # expressions in the whole year or month, on this page or not


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


def _outer(zoom: str | None) -> str | None:
    """The zoom level one step out: month → year → decade → everything."""
    if not zoom or zoom.endswith("X"):
        return None
    return zoom[:4] if len(zoom) == 7 else zoom[:3] + "X"


def _window(entries: list[LayerEntry]) -> tuple[str, str]:
    """The earliest and the latest date of ``entries`` (in time order)."""
    first = str(entries[0].value["earliest"])
    return first, max(str(e.value.get("latest") or e.value["earliest"]) for e in entries)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(
    request: Request,
    archive: ArchiveDep,
    zoom: Annotated[str | None, Query(max_length=7)] = None,
    number: PageNumber = 1,
) -> HTMLResponse:
    if zoom and not ZOOM.match(zoom):
        zoom = None
    by_month = bool(zoom) and not str(zoom).endswith("X")
    counts = archive.timeline_counts(7 if by_month else 4, zoom)
    shown = archive.timeline(period=zoom, limit=PAGE, offset=(number - 1) * PAGE)
    conflicts = archive.conflicts(_window(shown)) if shown else []
    groups = group_entries(shown, conflicts, zoom)
    for group in groups:
        group.total = counts.get(group.key, len(group.entries))
    total = sum(counts.values())
    return page(
        request,
        "timeline.html",
        title="Timeline",
        groups=groups,
        zoom=zoom,
        outer=_outer(zoom),
        decades=[key + "X" for key in archive.timeline_counts(3)],
        conflicts=conflicts,
        total=total,
        number=number,
        pages=max(1, -(-total // PAGE)),
    )
