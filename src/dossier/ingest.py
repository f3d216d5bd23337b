"""Ingest: walk paths, read each file, run the pipeline, store each file in one transaction.

Idempotent (a file whose bytes are stored is skipped) and resumable (a killed run loses only the
file in flight; the next run continues). A bad file is recorded with its reason and never stops
the batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dossier.errors import DossierError, ReadError, UnsafeInput
from dossier.model import Document
from dossier.pipeline import Pipeline
from dossier.read import Probe, read_bytes
from dossier.settings import Settings
from dossier.store import Store

__all__ = [
    "FileOutcome",
    "IngestReport",
    "discover",
    "failure",
    "guarded",
    "ingest_file",
    "ingest_files",
    "load",
    "save",
]

SKIP_NAMES = {".DS_Store", "Thumbs.db"}


@dataclass(frozen=True)
class FileOutcome:
    source: str
    status: str  # added | skipped | failed
    documents: list[str] = field(default_factory=list)
    reason: str | None = None
    code: str | None = None


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def to_dict(self) -> dict[str, object]:
        return {
            "added": self.count("added"),
            "skipped": self.count("skipped"),
            "failed": self.count("failed"),
            "documents": sum(len(o.documents) for o in self.outcomes),
            "files": [o.__dict__ for o in self.outcomes],
        }


def discover(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    """Every file under ``paths`` with its source name relative to the path it was found in."""
    for root in paths:
        if root.is_file():
            yield root, root.name
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(root)
            if path.name in SKIP_NAMES or any(part.startswith(".") for part in rel.parts):
                continue
            yield path, rel.as_posix()


def load(path: Path, settings: Settings) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise UnsafeInput(f"file too large ({size} bytes > limit {settings.max_file_bytes})")
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from exc


def ingest_file(
    path: Path, source: str, store: Store, pipeline: Pipeline, settings: Settings
) -> FileOutcome:
    """Ingest one file; never raises for a bad file, only records it."""
    sha = ""

    def work() -> FileOutcome:
        nonlocal sha
        data = load(path, settings)
        sha = hashlib.sha256(data).hexdigest()
        if store.stored_sha(sha):
            return FileOutcome(source, "skipped")
        docs = [
            pipeline.run(d, settings)
            for d in read_bytes(Probe(path.name, data, sha), source, settings)
        ]
        return save(store, pipeline, source, sha, data, docs)

    return guarded(store, source, lambda: sha, work)


def save(
    store: Store, pipeline: Pipeline, source: str, sha: str, data: bytes, docs: list[Document]
) -> FileOutcome:
    """Store one file's documents with the linker records they changed, in one transaction."""
    store.save_file(source, sha, data, docs, pipeline.changed_records())
    return FileOutcome(source, "added", [d.id for d in docs])


def failure(exc: BaseException) -> tuple[str, str]:
    """The one-line reason and the code recorded for a file that failed with ``exc``."""
    if isinstance(exc, ReadError):
        return exc.reason, exc.code
    if isinstance(exc, DossierError):
        return str(exc), exc.code
    return f"internal error: {exc.__class__.__name__}: {exc}", "E999"


def guarded(
    store: Store, source: str, sha: Callable[[], str], work: Callable[[], FileOutcome]
) -> FileOutcome:
    """``work()``, or, when it fails, the failure recorded against ``source``."""
    try:
        return work()
    except Exception as exc:  # a bug in one reader must not end the batch
        reason, code = failure(exc)
    store.record_file(source, sha(), "failed", reason, code)
    return FileOutcome(source, "failed", reason=reason, code=code)


def ingest_files(
    files: list[tuple[Path, str]],
    store: Store,
    pipeline: Pipeline,
    settings: Settings,
    progress: Callable[[FileOutcome], None] | None = None,
) -> IngestReport:
    report = IngestReport()
    for path, source in files:
        outcome = ingest_file(path, source, store, pipeline, settings)
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
    return report
