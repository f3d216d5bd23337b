"""Rebuild a search index from the store's passages: the engine's own (``native``) or one kept
beside the archive (``tantivy``)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, text

from dossier.errors import ConfigError
from dossier.settings import Settings
from dossier.store.dialects import SearchIndex, TrackedIndex, search_index

__all__ = ["NATIVE_REBUILD", "rebuild"]

Progress = Callable[[int, int], None]

# What makes each engine rebuild its own full-text index from the passages table.
NATIVE_REBUILD = {
    "sqlite": "INSERT INTO passages_fts(passages_fts) VALUES ('rebuild')",
    "postgresql": "REINDEX INDEX ix_passages_search",
}


def _native(engine: Engine, progress: Progress | None) -> int:
    with engine.begin() as conn:
        total = int(conn.execute(text("SELECT COUNT(*) FROM passages")).scalar_one())
        if progress is not None:
            progress(0, total)
        conn.execute(text(NATIVE_REBUILD[engine.dialect.name]))
    if progress is not None:
        progress(total, total)
    return total


def rebuild(
    engine: Engine,
    settings: Settings,
    current: SearchIndex,
    kind: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Rebuild the index ``kind`` names (the archive's own by default); returns the number of
    passages indexed. ``current`` is the archive's open index, reused when it is that kind."""
    kind = kind or settings.search_index
    if kind == "native":
        return _native(engine, progress)
    same = kind == settings.search_index and isinstance(current, TrackedIndex)
    index = current if same else search_index(engine, settings, kind)
    if not isinstance(index, TrackedIndex):
        raise ConfigError(f"the {kind!r} index cannot be rebuilt")
    try:
        return index.rebuild(progress)
    finally:
        if index is not current:
            index.close()
