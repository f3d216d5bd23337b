"""A small embedder for tests of the vector mechanics (storage, sync, deletion): each word is
hashed to one of ``dim`` buckets, so texts sharing words are near. It counts the texts it was
given and can be told to fail after some calls, as a killed run would stop."""

from __future__ import annotations

import hashlib
import sys
import time

import numpy as np

from dossier.vectors.embed import Vectors


class Stopped(Exception):
    """Raised by ``WordHash`` to cut a run short."""


class WordHash:
    def __init__(self, dim: int = 64, fail_after: int | None = None) -> None:
        self._dim = dim
        self.fail_after = fail_after
        self.calls = 0
        self.texts: list[str] = []

    @property
    def name(self) -> str:
        return f"word-hash-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: list[str]) -> Vectors:
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise Stopped(f"stopped after {self.calls} batches")
        self.calls += 1
        self.texts += texts
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                bucket = hashlib.md5(word.strip(".,;:").encode()).digest()[0] % self._dim
                out[row, bucket] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def clustered(n: int, dim: int, seed: int = 0, clusters: int = 50) -> Vectors:
    """``n`` normalised vectors around ``clusters`` random centres in a 16-number space, mapped
    into ``dim`` numbers (embeddings of real text also fill only a few directions)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, 16))
    latent = centres[rng.integers(0, clusters, n)] + 0.4 * rng.standard_normal((n, 16))
    mixed = latent @ rng.standard_normal((16, dim)) + 0.05 * rng.standard_normal((n, dim))
    out = mixed.astype(np.float32)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


class Slow(WordHash):
    """A ``WordHash`` that takes its time, so that a run can be killed in the middle."""

    def embed(self, texts: list[str]) -> Vectors:
        time.sleep(0.15)
        return super().embed(texts)


def main(db: str, vectors: str) -> None:
    """Embed the archive at ``db`` two passages at a time, slowly (for the kill test)."""
    from dossier.api import open_archive
    from dossier.settings import Settings
    from dossier.vectors import embed_archive

    with open_archive(Settings(db=db, ner_model="", vectors_path=vectors)) as archive:
        embed_archive(archive.store, archive.settings, Slow(), batch=2)


if __name__ == "__main__":
    main(*sys.argv[1:3])
