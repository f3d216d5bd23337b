"""Embedding the archive: every stored passage that has no vector yet gets one.

Passages are read from the store in id order, ``batch`` at a time, each page in its own short
transaction (memory holds one page, plus 16 bytes of keys per stored vector), and compared with
the vectors already kept by (passage id, text fingerprint); the new ones are embedded and
appended, one commit per ``batch``. A killed run keeps what it committed and the next run goes on
from there; a run with nothing new embeds nothing. Every kind of passage is embedded (headings and
editorial notes too): whoever searches decides what to show (evidence for ``check`` leaves those
kinds out, as it does for full-text hits).

Vectors of passages the store no longer has (deleted documents, re-read documents whose passages
changed) are found by the same pass. They are never returned, as searches look every hit up in
the store; they are dropped from the files (and the HNSW index built again) when they are a tenth
of the rows or more, or at once while the archive is below the HNSW threshold.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dossier.settings import Settings
from dossier.store.base import Store
from dossier.vectors.embed import Embedder
from dossier.vectors.index import VectorIndex
from dossier.vectors.rows import count_passages, engine_of, needed_folder, passage_batches
from dossier.vectors.storage import Keys, VectorFiles, fingerprints, locked

__all__ = ["COMPACT_AT", "Progress", "embed_archive"]

Progress = Callable[[int, int], None]
COMPACT_AT = 0.1
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _combined(ids: Keys, prints: Keys) -> npt.NDArray[np.uint64]:
    """One 64-bit key per (passage id, fingerprint) pair, for sorted look-ups."""
    return (ids.astype(np.uint64) * _MIX) ^ prints.view(np.uint64)


@dataclass
class _Known:
    """The keys already stored, sorted, and which of them the store still has."""

    sorted_keys: npt.NDArray[np.uint64]
    order: npt.NDArray[np.intp]
    alive: npt.NDArray[np.bool_]

    @classmethod
    def of(cls, keys: Keys) -> _Known:
        combined = _combined(keys[:, 0], keys[:, 1])
        order = np.argsort(combined, kind="stable")
        return cls(combined[order], order, np.zeros(len(keys), dtype=bool))

    def missing(self, ids: Keys, prints: Keys) -> npt.NDArray[np.bool_]:
        """Which of these passages have no vector; the others are marked alive."""
        wanted = _combined(ids, prints)
        at = np.searchsorted(self.sorted_keys, wanted)
        inside = at < len(self.sorted_keys)
        found = np.zeros(len(wanted), dtype=bool)
        found[inside] = self.sorted_keys[at[inside]] == wanted[inside]
        self.alive[self.order[at[found]]] = True
        return ~found


def embed_archive(
    store: Store,
    settings: Settings,
    embedder: Embedder,
    progress: Progress | None = None,
    *,
    batch: int = 512,
) -> int:
    """Embed every passage of ``store`` without a vector; returns how many were embedded.
    ``progress(passages seen, passages in the store)`` is called as the pass goes on."""
    engine = engine_of(store)
    folder = needed_folder(engine, settings)
    with locked(folder):
        files = VectorFiles.create(folder, embedder.name, embedder.dim)
        known = _Known.of(files.keys())
        total, seen, added = count_passages(engine), 0, 0
        pending: list[tuple[int, int, str]] = []
        for page in passage_batches(engine, batch):
            ids = np.array([i for i, _ in page], dtype=np.int64)
            prints = fingerprints([t for _, t in page])
            for n in np.flatnonzero(known.missing(ids, prints)):
                pending.append((int(ids[n]), int(prints[n]), page[n][1]))
                if len(pending) >= batch:
                    added += _commit(files, embedder, pending)
            seen += len(page)
            if progress is not None:
                progress(seen, max(total, seen))
        added += _commit(files, embedder, pending)
        _drop_dead(files, known.alive, settings)
        VectorIndex(files, settings).prepare()
    return added


def _commit(files: VectorFiles, embedder: Embedder, pending: list[tuple[int, int, str]]) -> int:
    """Embed and append the pending passages (emptying the list); how many there were."""
    if not pending:
        return 0
    vectors = embedder.embed([t for _, _, t in pending])
    ids = np.array([i for i, _, _ in pending], dtype=np.int64)
    prints = np.array([p for _, p, _ in pending], dtype=np.int64)
    files.append(vectors, ids, prints)
    done = len(pending)
    pending.clear()
    return done


def _drop_dead(files: VectorFiles, alive: npt.NDArray[np.bool_], settings: Settings) -> int:
    """Compact away the rows of passages the store no longer has, when worth it."""
    keep = np.ones(files.count, dtype=bool)
    keep[: len(alive)] = alive
    dead = int((~keep).sum())
    small = files.count < settings.semantic_ann_threshold  # no HNSW index to build again
    if dead == 0 or not (small or dead >= COMPACT_AT * files.count):
        return 0
    return files.compact(keep)
