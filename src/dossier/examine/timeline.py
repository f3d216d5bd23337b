"""The merged timeline: every time expression of every document, ordered by its interval."""

from __future__ import annotations

from dossier.examine.layers import LayerEntry, layer_entries
from dossier.store import Store

__all__ = ["timeline"]


def _key(entry: LayerEntry) -> tuple[str, str, str, int]:
    earliest = entry.value.get("earliest") or "9999"
    latest = entry.value.get("latest") or earliest
    return str(earliest), str(latest), entry.source, entry.start


def timeline(store: Store, *, dated_only: bool = True) -> list[LayerEntry]:
    """Time spans sorted by interval; durations without an anchor are left out when
    ``dated_only``."""
    entries = layer_entries(store, "time")
    if dated_only:
        entries = [e for e in entries if e.value.get("earliest")]
    return sorted(entries, key=_key)
