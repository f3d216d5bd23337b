"""Passage vectors on disk, in a folder beside the archive, written by appending.

    manifest.json              {"format", "model", "dim", "count", "generation"}
    vectors-<g>.f32            ``count`` rows of ``dim`` float32 numbers, one per passage
    keys-<g>.i64               ``count`` rows of two int64: passage id, fingerprint of its text
    hnsw-<g>-<n>-m<M>-ef<E>.bin  an HNSW index of the first ``n`` rows of generation ``g``

Appending writes the rows at the end of both files, syncs them, then replaces the manifest
(written aside and renamed): a run killed at any moment leaves the rows the manifest counts, and
bytes beyond them are cut off before the next append. Compaction (dropping the rows of deleted
passages) writes the next generation's files and switches the manifest to them in one rename.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from dossier.errors import ConfigError, StoreError

__all__ = ["FORMAT", "Keys", "Manifest", "VectorFiles", "fingerprint", "fingerprints", "locked"]

FORMAT = 1
MANIFEST = "manifest.json"
Keys = npt.NDArray[np.int64]
Matrix = npt.NDArray[np.float32]


def fingerprint(text: str) -> int:
    """A signed 64-bit hash of a passage's text: a vector whose passage id was handed out again
    to another text (SQLite reuses the newest ids after a deletion) is recognised as stale."""
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def fingerprints(texts: list[str]) -> Keys:
    return np.array([fingerprint(t) for t in texts], dtype=np.int64)


@dataclass(frozen=True)
class Manifest:
    """What the folder holds: the model that made the vectors, their size and number."""

    model: str
    dim: int
    count: int = 0
    generation: int = 0
    format: int = FORMAT

    @classmethod
    def read(cls, path: Path) -> Manifest | None:
        try:
            data = json.loads(path.read_text("utf-8"))
            if data.get("format") != FORMAT:
                return None
            return cls(**data)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError) as exc:
            raise StoreError(f"{path}: unreadable vectors manifest: {exc}") from exc

    def write(self, path: Path) -> None:
        spare = path.with_suffix(".tmp")
        spare.write_text(json.dumps(asdict(self), sort_keys=True), "utf-8")
        _sync(spare)
        spare.replace(path)


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _append(path: Path, keep: int, data: bytes) -> None:
    """Cut ``path`` to its first ``keep`` bytes (what the manifest counts), add ``data``, sync."""
    with path.open("r+b" if path.exists() else "w+b") as fh:
        fh.truncate(keep)
        fh.seek(keep)
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


class VectorFiles:
    """The vectors folder of one archive, as the manifest last committed it."""

    def __init__(self, folder: Path, manifest: Manifest) -> None:
        self.folder = folder
        self.manifest = manifest

    @classmethod
    def open(cls, folder: Path) -> VectorFiles | None:
        """The folder's committed state, or ``None`` when nothing was embedded there yet."""
        manifest = Manifest.read(folder / MANIFEST)
        return None if manifest is None else cls(folder, manifest)

    @classmethod
    def create(cls, folder: Path, model: str, dim: int) -> VectorFiles:
        """The folder for vectors of ``model``: what it holds when they match, else empty (the
        files of another model or format are left behind as an older generation)."""
        found = cls.open(folder)
        if found is not None and (found.model, found.dim) == (model, dim):
            return found
        if found is None and folder.is_dir() and any(folder.glob("*.f32")):
            raise ConfigError(f"{folder}: vectors of an unknown format; choose another path")
        folder.mkdir(parents=True, exist_ok=True)
        generation = found.manifest.generation + 1 if found is not None else 0
        files = cls(folder, Manifest(model, dim, generation=generation))
        files.manifest.write(folder / MANIFEST)
        if found is not None:
            found.remove()
        return files

    @property
    def model(self) -> str:
        return self.manifest.model

    @property
    def dim(self) -> int:
        return self.manifest.dim

    @property
    def count(self) -> int:
        return self.manifest.count

    def path(self, kind: str, generation: int | None = None) -> Path:
        suffix = {"vectors": "f32", "keys": "i64"}[kind]
        number = self.manifest.generation if generation is None else generation
        return self.folder / f"{kind}-{number}.{suffix}"

    def ann_paths(self) -> list[Path]:
        """This generation's saved HNSW indexes (normally one)."""
        return sorted(self.folder.glob(f"hnsw-{self.manifest.generation}-*.bin"))

    def vectors(self) -> Matrix:
        """The committed rows, mapped from the file (read-only, not loaded into memory)."""
        if self.count == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.memmap(self.path("vectors"), np.float32, "r", shape=(self.count, self.dim))

    def keys(self) -> Keys:
        """``(count, 2)``: passage id and text fingerprint of each row."""
        if self.count == 0:
            return np.zeros((0, 2), dtype=np.int64)
        return np.fromfile(self.path("keys"), np.int64, self.count * 2).reshape(self.count, 2)

    def append(self, vectors: Matrix, ids: Keys, prints: Keys) -> None:
        """Add rows and commit them (see the module docstring for why a kill is harmless)."""
        if len(vectors) == 0:
            return
        if vectors.shape != (len(ids), self.dim) or len(prints) != len(ids):
            raise ValueError(f"expected {len(ids)} vectors of {self.dim}, got {vectors.shape}")
        rows = np.ascontiguousarray(vectors, dtype=np.float32)
        keys = np.ascontiguousarray(np.stack([ids, prints], axis=1), dtype=np.int64)
        _append(self.path("vectors"), self.count * self.dim * 4, rows.tobytes())
        _append(self.path("keys"), self.count * 16, keys.tobytes())
        self.commit(replace(self.manifest, count=self.count + len(rows)))

    def commit(self, manifest: Manifest) -> None:
        manifest.write(self.folder / MANIFEST)
        self.manifest = manifest

    def compact(self, keep: npt.NDArray[np.bool_], chunk: int = 65_536) -> int:
        """Keep only the rows where ``keep`` is true, as the next generation; rows dropped."""
        old = replace(self.manifest)
        vectors, keys = self.vectors(), self.keys()
        following = old.generation + 1
        kept = 0
        with (
            self.path("vectors", following).open("wb") as out_v,
            self.path("keys", following).open("wb") as out_k,
        ):
            for start in range(0, old.count, chunk):
                mask = keep[start : start + chunk]
                out_v.write(np.ascontiguousarray(vectors[start : start + chunk][mask]).tobytes())
                out_k.write(np.ascontiguousarray(keys[start : start + chunk][mask]).tobytes())
                kept += int(mask.sum())
            for fh in (out_v, out_k):
                fh.flush()
                os.fsync(fh.fileno())
        self.commit(replace(old, count=kept, generation=following))
        VectorFiles(self.folder, old).remove()
        return old.count - kept

    def remove(self) -> None:
        """Delete this generation's files (after the manifest moved on)."""
        for path in [self.path("vectors"), self.path("keys"), *self.ann_paths()]:
            path.unlink(missing_ok=True)


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the folder's write lock: one ``embed`` at a time per archive."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "lock").open("w") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise StoreError(f"{folder}: another process is embedding this archive") from exc
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
