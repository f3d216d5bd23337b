"""Passages similar in meaning to a text, as search hits; and the semantic neighbours of a claim
that evidence retrieval adds to its full-text candidates.

Every vector found is looked up in the store: a passage that is gone, or whose text changed since
it was embedded (another fingerprint), is passed over, and the search asks for more until
``limit`` passages remain or the vectors run out.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from pathlib import Path

from sqlalchemy import Engine

from dossier.errors import ConfigError, DossierError
from dossier.search.snippets import ELLIPSIS
from dossier.settings import Settings
from dossier.store.base import Hit, Store
from dossier.vectors.embed import Embedder, load_embedder
from dossier.vectors.index import Neighbour, VectorIndex
from dossier.vectors.rows import (
    PassageRow,
    engine_of,
    needed_folder,
    passages_by_id,
    vectors_folder,
)
from dossier.vectors.storage import VectorFiles, fingerprint

__all__ = ["MIN_SIMILARITY", "NEIGHBOURS", "nearest", "open_index", "similar", "with_neighbours"]

NEIGHBOURS = 20  # semantic neighbours a claim adds to the evidence pool, at most
MIN_SIMILARITY = 0.3  # and only those this close (MiniLM: paraphrases ~0.4-0.9, unrelated <0.25)
_OPEN: OrderedDict[tuple[Path, Settings], tuple[tuple[int, int, int], VectorIndex]] = OrderedDict()
_KEPT = 4
_LOCK = threading.Lock()
_WARNED: set[str] = set()
log = logging.getLogger("dossier.vectors")


def open_index(folder: Path, settings: Settings) -> VectorIndex | None:
    """The vectors in ``folder`` (``None`` when there are none), kept open between calls until
    their manifest changes."""
    try:
        st = (folder / "manifest.json").stat()
    except OSError:
        return None
    stamp, key = (st.st_mtime_ns, st.st_size, st.st_ino), (folder, settings)
    with _LOCK:
        found = _OPEN.get(key)
        if found is not None and found[0] == stamp:
            _OPEN.move_to_end(key)
            return found[1]
        files = VectorFiles.open(folder)
        if files is None:
            return None
        index = VectorIndex(files, settings)
        _OPEN[key] = (stamp, index)
        while len(_OPEN) > _KEPT:
            _OPEN.popitem(last=False)
        return index


def _snippet(text: str, words: int) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (ELLIPSIS if len(parts) > words else "")


def _hit(row: PassageRow, score: float, words: int) -> Hit:
    return Hit(
        passage=row.id,
        document=row.document_id,
        source=row.source,
        title=row.title,
        date=row.date,
        kind=row.kind,
        page=row.page,
        score=round(score, 4),
        snippet=_snippet(row.text, words),
        highlights=[],
        text=row.text,
    )


def _current(engine: Engine, found: list[Neighbour]) -> list[tuple[PassageRow, float]]:
    rows = passages_by_id(engine, (n.passage for n in found))
    out, seen = [], set()
    for n in found:
        row = rows.get(n.passage)
        if row is None or n.passage in seen or fingerprint(row.text) != n.fingerprint:
            continue
        seen.add(n.passage)
        out.append((row, n.score))
    return out


def nearest(
    engine: Engine, index: VectorIndex, embedder: Embedder, text: str, limit: int
) -> list[tuple[PassageRow, float]]:
    """The ``limit`` stored passages nearest to ``text`` that the store still has as embedded."""
    if index.model != embedder.name:
        raise ConfigError(
            f"the vectors were made by {index.model}, not {embedder.name}: run `dossier embed`"
        )
    query = embedder.embed([text])[0]
    k = limit * 2 + 8
    while True:
        found = _current(engine, index.search(query, k))
        if len(found) >= limit or k >= index.count:
            return found[:limit]
        k *= 4


def similar(
    store: Store, settings: Settings, embedder: Embedder, text: str, limit: int = 10
) -> list[Hit]:
    """The passages nearest in meaning to ``text``, best first (score: cosine similarity)."""
    engine = engine_of(store)
    index = open_index(needed_folder(engine, settings), settings)
    if index is None or index.count == 0:
        raise ConfigError("the archive has no passage vectors yet: run `dossier embed`")
    return [
        _hit(row, s, settings.snippet_tokens)
        for row, s in nearest(engine, index, embedder, text, limit)
    ]


def with_neighbours(store: Store, text: str, hits: list[Hit], k: int = NEIGHBOURS) -> list[Hit]:
    """``hits`` followed by the ``k`` passages nearest to ``text`` (with a cosine similarity of
    at least ``MIN_SIMILARITY``) that are not among them, with a full-text score of 0; ``hits``
    itself when the archive has no vectors or the model is not installed."""
    settings = getattr(store, "settings", None)
    engine = getattr(store, "engine", None)
    if not isinstance(settings, Settings) or not isinstance(engine, Engine):
        return hits
    folder = vectors_folder(engine, settings)
    index = open_index(folder, settings) if folder is not None else None
    if index is None or index.count == 0 or not settings.semantic_model:
        return hits
    try:
        found = nearest(engine, index, load_embedder(settings), text, k)
    except DossierError as exc:
        if str(exc) not in _WARNED:
            _WARNED.add(str(exc))
            log.warning("evidence without semantic neighbours: %s", exc)
        return hits
    known = {h.passage for h in hits}
    extra = [
        _hit(row, 0.0, settings.snippet_tokens)
        for row, score in found
        if row.id not in known and score >= MIN_SIMILARITY
    ]
    return hits + extra if extra else hits
