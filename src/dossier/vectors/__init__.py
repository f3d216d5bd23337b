"""Semantic vectors of passages: an embedding model (optional, shipped in a PyPI package), the
vectors kept beside the archive, exact nearest-neighbour search while the archive is small and
an HNSW index from ``Settings.semantic_ann_threshold`` passages on.

- ``embed``: the ``Embedder`` protocol, the MiniLM model, ``load_embedder``;
- ``storage``: the vectors folder (append-only files and a manifest);
- ``index``: exact search and the HNSW index;
- ``sync``: ``embed_archive``, the incremental, resumable pass over the store;
- ``lookup``: passages near a text, and a claim's neighbours for evidence retrieval.
"""

from __future__ import annotations

from dossier.vectors.embed import INSTALL_HINT, Embedder, load_embedder
from dossier.vectors.index import VectorIndex, exact_search
from dossier.vectors.lookup import similar, with_neighbours
from dossier.vectors.sync import embed_archive

__all__ = [
    "INSTALL_HINT",
    "Embedder",
    "VectorIndex",
    "embed_archive",
    "exact_search",
    "load_embedder",
    "similar",
    "with_neighbours",
]
