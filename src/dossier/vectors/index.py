"""Nearest passages by cosine similarity: exact search with numpy while the archive is small, an
HNSW index (hnswlib) from ``Settings.semantic_ann_threshold`` vectors on.

Exact search multiplies the stored rows (mapped from disk, a block at a time) by the query and
keeps the best of each block with ``argpartition``. The HNSW index holds rows by their position;
it is saved beside the vectors with hnswlib's own format, named by the generation, the number of
rows it holds and its parameters. It is extended with the rows added since it was saved, and
built again when it is missing, its parameters changed or the rows were compacted.
"""

from __future__ import annotations

import importlib
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from dossier.errors import ConfigError
from dossier.settings import Settings
from dossier.vectors.storage import Keys, Matrix, VectorFiles

__all__ = ["Neighbour", "VectorIndex", "exact_search"]

BLOCK = 65_536  # rows multiplied at once by exact search, and added at once to HNSW
Rows = npt.NDArray[np.int64]
Scores = npt.NDArray[np.float32]
_SAVED = re.compile(r"hnsw-(\d+)-(\d+)-m(\d+)-ef(\d+)\.bin")


@dataclass(frozen=True)
class Neighbour:
    """A stored vector near the query: its passage id, the fingerprint of the text it was made
    from, and the cosine similarity."""

    passage: int
    fingerprint: int
    score: float


def exact_search(vectors: Matrix, query: Matrix, k: int) -> tuple[Rows, Scores]:
    """The rows of the ``k`` vectors with the largest dot product with ``query`` (cosine, for
    normalised vectors), best first, ties by row."""
    found_rows: list[Rows] = []
    found_scores: list[Scores] = []
    for start in range(0, len(vectors), BLOCK):
        scores = np.asarray(vectors[start : start + BLOCK] @ query, dtype=np.float32)
        top = np.argpartition(-scores, k - 1)[:k] if len(scores) > k else np.arange(len(scores))
        found_rows.append(top.astype(np.int64) + start)
        found_scores.append(scores[top])
    if not found_rows:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    rows, scores = np.concatenate(found_rows), np.concatenate(found_scores)
    order = np.lexsort((rows, -scores))[:k]
    return rows[order], scores[order]


def _hnswlib() -> Any:
    try:
        return importlib.import_module("hnswlib")
    except ImportError as exc:
        raise ConfigError(
            "an archive this large needs the ANN index: pip install 'dossier[semantic]'"
        ) from exc


class VectorIndex:
    """The vectors of one archive and the way to search them that suits their number."""

    def __init__(self, files: VectorFiles, settings: Settings) -> None:
        self.files = files
        self.settings = settings
        self._keys: Keys | None = None
        self._ann: Any = None
        self._ann_of = (-1, -1)  # generation and rows of ``_ann``
        self._lock = threading.Lock()  # one build at a time (the web app checks in threads)

    @property
    def model(self) -> str:
        return self.files.model

    @property
    def count(self) -> int:
        return self.files.count

    @property
    def uses_ann(self) -> bool:
        return self.count >= max(1, self.settings.semantic_ann_threshold)

    def keys(self) -> Keys:
        if self._keys is None or len(self._keys) != self.count:
            self._keys = self.files.keys()
        return self._keys

    def search(self, query: Matrix, k: int) -> list[Neighbour]:
        """The ``k`` stored vectors nearest to ``query`` (one normalised vector), best first."""
        k = min(k, self.count)
        if k <= 0:
            return []
        if self.uses_ann:
            rows, scores = self._ann_search(query, k)
        else:
            rows, scores = exact_search(self.files.vectors(), query, k)
        keys = self.keys()
        return [
            Neighbour(int(keys[r, 0]), int(keys[r, 1]), round(float(s), 6))
            for r, s in zip(rows, scores, strict=True)
        ]

    def prepare(self) -> None:
        """Bring the HNSW index up to date now, when the archive is large enough for one."""
        if self.uses_ann:
            self._ready()

    def _ann_search(self, query: Matrix, k: int) -> tuple[Rows, Scores]:
        ann = self._ready()
        ann.set_ef(max(self.settings.hnsw_ef_search, k))
        try:
            labels, distances = ann.knn_query(query.reshape(1, -1), k=k)
        except RuntimeError:  # hnswlib found fewer than k (k close to the number of rows)
            return exact_search(self.files.vectors(), query, k)
        return labels[0].astype(np.int64), (1.0 - distances[0]).astype(np.float32)

    def _ready(self) -> Any:
        with self._lock:
            return self._updated()

    def _updated(self) -> Any:
        """The HNSW index holding every committed row: loaded, extended or built, and saved."""
        state = (self.files.manifest.generation, self.count)
        if self._ann is not None and self._ann_of == state:
            return self._ann
        hnswlib = _hnswlib()
        saved, held = self._saved()
        ann = hnswlib.Index(space="cosine", dim=self.files.dim)
        if saved is not None:
            ann.load_index(str(saved), max_elements=self.count)
        else:
            ann.init_index(
                max_elements=self.count,
                M=self.settings.hnsw_m,
                ef_construction=self.settings.hnsw_ef_construction,
                random_seed=100,
            )
        vectors = self.files.vectors()
        for start in range(held, self.count, BLOCK):
            stop = min(start + BLOCK, self.count)
            ann.add_items(np.asarray(vectors[start:stop]), np.arange(start, stop))
        if held != self.count:
            self._save(ann)
        self._ann, self._ann_of = ann, state
        return ann

    def _saved(self) -> tuple[Path | None, int]:
        """The saved index of this generation and parameters with the most rows (at most the
        committed ones), and how many rows it holds."""
        best: tuple[Path | None, int] = (None, 0)
        wanted = (self.files.manifest.generation, self.settings.hnsw_m)
        for path in self.files.ann_paths():
            m = _SAVED.fullmatch(path.name)
            if m is None or (int(m[1]), int(m[3])) != wanted:
                continue
            if int(m[4]) != self.settings.hnsw_ef_construction:
                continue
            if best[1] < int(m[2]) <= self.count:
                best = (path, int(m[2]))
        return best

    def _save(self, ann: Any) -> None:
        s, generation = self.settings, self.files.manifest.generation
        name = f"hnsw-{generation}-{self.count}-m{s.hnsw_m}-ef{s.hnsw_ef_construction}.bin"
        target = self.files.folder / name
        spare = target.with_suffix(f".{os.getpid()}.tmp")
        ann.save_index(str(spare))
        spare.replace(target)
        for path in self.files.ann_paths():
            if path != target:
                path.unlink(missing_ok=True)
