"""The merged timeline: every time expression of every document, ordered by its interval, read
a page at a time; and how many there are per decade, year or month."""

from __future__ import annotations

from dossier.examine.layers import LayerEntry, entries_of
from dossier.store import Store
from dossier.store.base import SpanQuery

__all__ = ["period_bounds", "timeline", "timeline_counts"]


def period_bounds(period: str | None) -> tuple[str | None, str | None]:
    """``[since, before)`` of the earliest dates inside ``period`` (``195X``, ``1954`` or
    ``1954-10``: every ISO date beginning so), as text bounds; no bounds for no period."""
    if not period:
        return None, None
    prefix = period.rstrip("X")
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def timeline(
    store: Store,
    *,
    dated_only: bool = True,
    period: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[LayerEntry]:
    """Time spans sorted by interval (then source and position); durations without an anchor
    are left out when ``dated_only``. ``period`` keeps those whose earliest date lies in it;
    ``limit`` and ``offset`` page through them."""
    since, before = period_bounds(period)
    query = SpanQuery(
        "time",
        dated=dated_only or since is not None,
        since=since,
        before=before,
        order="time",
        limit=limit,
        offset=offset,
    )
    return entries_of(store, store.spans(query))


def timeline_counts(store: Store, width: int, period: str | None = None) -> dict[str, int]:
    """Dated time spans per period, keyed by the first ``width`` characters of their earliest
    date (3: decade, 4: year, 7: month), within ``period``; in time order."""
    return dict(sorted(store.time_counts(width, *period_bounds(period)).items()))
