"""Ingest: walk paths, read files in batches, run the pipeline, store each batch in one
transaction (each file on its own when that fails).

Idempotent (a file whose bytes are stored is skipped) and resumable (a killed run loses only the
files in flight, read but not yet stored; the next run continues). A bad file is recorded with its
reason and never stops the batch.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from dossier.errors import DossierError, ReadError, UnsafeInput
from dossier.model import Document
from dossier.pipeline import Partial, Pipeline
from dossier.read import Probe, read_bytes
from dossier.settings import Settings
from dossier.store import Store
from dossier.store.base import FileWrite

__all__ = [
    "Executor",
    "FileOutcome",
    "InProcess",
    "IngestReport",
    "Item",
    "Prepared",
    "discover",
    "failure",
    "guarded",
    "ingest_files",
    "load",
    "prepare_files",
    "record_failure",
]

SKIP_NAMES = {".DS_Store", "Thumbs.db"}
KEPT = 10_000  # file outcomes an ingest report lists
BATCH_BYTES = 64_000  # read together so the NER model sees a batch
BATCH_FILES = 32


@dataclass(frozen=True)
class FileOutcome:
    source: str
    status: str  # added | skipped | failed
    documents: list[str] = field(default_factory=list)
    reason: str | None = None
    code: str | None = None


@dataclass
class IngestReport:
    """What an ingest did: exact counts, and the outcomes of the first ``KEPT`` files and of
    the first ``KEPT`` failures (a run over millions of files must not hold them all)."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    failed: list[FileOutcome] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    documents: int = 0

    def add(self, outcome: FileOutcome) -> None:
        self.counts[outcome.status] += 1
        self.documents += len(outcome.documents)
        if len(self.outcomes) < KEPT:
            self.outcomes.append(outcome)
        if outcome.status == "failed" and len(self.failed) < KEPT:
            self.failed.append(outcome)

    def count(self, status: str) -> int:
        return self.counts[status]

    def to_dict(self) -> dict[str, object]:
        files = sum(self.counts.values())
        return {
            "added": self.count("added"),
            "skipped": self.count("skipped"),
            "failed": self.count("failed"),
            "documents": self.documents,
            "files": [o.__dict__ for o in self.outcomes],
            "files_not_listed": files - len(self.outcomes),
        }


def discover(paths: list[Path]) -> Iterator[tuple[Path, str]]:
    """Every file under ``paths`` with its source name relative to the path it was found in,
    in path order, listing one folder at a time (hidden entries and linked folders skipped)."""
    for root in paths:
        if root.is_file():
            yield root, root.name
            continue
        for path in _walk(root):
            yield path, path.relative_to(root).as_posix()


def _walk(folder: Path) -> Iterator[Path]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file() and entry.name not in SKIP_NAMES:
            yield Path(entry.path)


def load(path: Path, settings: Settings) -> bytes:
    try:
        size = path.stat().st_size
        if size > settings.max_file_bytes:
            raise UnsafeInput(f"file too large ({size} bytes > limit {settings.max_file_bytes})")
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read file: {exc.strerror or exc}") from exc


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
        return record_failure(store, source, sha(), *failure(exc))


def record_failure(store: Store, source: str, sha: str, reason: str, code: str) -> FileOutcome:
    """Record that ``source`` failed, and say so."""
    store.record_file(source, sha, "failed", reason, code)
    return FileOutcome(source, "failed", reason=reason, code=code)


@dataclass
class Prepared:
    """One file's documents after ``Pipeline.start_many``, or why it could not be read."""

    partials: list[Partial] = field(default_factory=list)
    reason: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class Item:
    """A file handed to ``prepare_files``: its name, source, bytes and their hash."""

    name: str
    source: str
    data: bytes
    sha: str


def prepare_files(pipeline: Pipeline, settings: Settings, items: list[Item]) -> list[Prepared]:
    """Read ``items`` and run the stateless stages on all their documents together (the NER
    model is faster on a batch). When the batch fails, each file is retried on its own, so one
    bad file fails alone."""
    out: list[Prepared] = []
    docs: list[list[Document]] = []
    for item in items:
        try:
            docs.append(read_bytes(Probe(item.name, item.data, item.sha), item.source, settings))
            out.append(Prepared())
        except Exception as exc:  # recorded by the caller against this file
            docs.append([])
            reason, code = failure(exc)
            out.append(Prepared(reason=reason, code=code))
    try:
        partials = iter(pipeline.start_many([d for file in docs for d in file], settings))
    except Exception as exc:
        if len(items) > 1:
            return [p for item in items for p in prepare_files(pipeline, settings, [item])]
        reason, code = failure(exc)
        return [Prepared(reason=reason, code=code)]
    for prepared, file in zip(out, docs, strict=True):
        prepared.partials = [next(partials) for _ in file]
    return out


class Pending(Protocol):
    """A batch's future, local or Dask's."""

    def result(self) -> list[Prepared]: ...


class Executor(Protocol):
    """Runs ``prepare_files`` batches (in this process, a process pool or a Dask cluster)."""

    def submit(self, settings: Settings, items: list[Item]) -> Pending: ...

    def shutdown(self) -> None: ...


@dataclass
class _Done:
    value: list[Prepared]

    def result(self) -> list[Prepared]:
        return self.value


@dataclass
class InProcess:
    """Prepares each batch at once, in this process, with ``pipeline``."""

    pipeline: Pipeline

    def submit(self, settings: Settings, items: list[Item]) -> Pending:
        return _Done(prepare_files(self.pipeline, settings, items))

    def shutdown(self) -> None:
        pass


@dataclass
class _Batch:
    """Files read here and handed to the executor together; ``outcomes`` holds those settled
    before that (stored already, unreadable), by position."""

    files: int = 0
    items: dict[int, Item] = field(default_factory=dict)
    outcomes: dict[int, FileOutcome] = field(default_factory=dict)
    size: int = 0
    future: Pending | None = None


def _add(batch: _Batch, path: Path, source: str, store: Store, settings: Settings) -> None:
    """Read ``path`` into ``batch``, or record why it cannot be read."""
    at, sha = batch.files, ""
    batch.files += 1

    def read() -> FileOutcome:
        nonlocal sha
        data = load(path, settings)
        sha = hashlib.sha256(data).hexdigest()
        batch.items[at] = Item(path.name, source, data, sha)
        batch.size += len(data)
        return FileOutcome(source, "read")

    outcome = guarded(store, source, lambda: sha, read)
    if outcome.status != "read":
        batch.outcomes[at] = outcome


def _skip_stored(batch: _Batch, store: Store) -> None:
    """Settle the batch's files whose bytes are stored already, before any work on them."""
    stored = store.stored_shas([item.sha for item in batch.items.values()])
    for at, item in list(batch.items.items()):
        if item.sha in stored:
            batch.outcomes[at] = FileOutcome(item.source, "skipped")
            del batch.items[at]


def _results(batch: _Batch) -> list[Prepared]:
    """What the executor made of the batch; when it failed as a whole (a worker died), each
    file of it fails with the reason."""
    try:
        return batch.future.result() if batch.future is not None else []
    except Exception as exc:
        reason, code = failure(exc)
        return [Prepared(reason=reason, code=code) for _ in batch.items]


def _finish(
    batch: _Batch, store: Store, pipeline: Pipeline, settings: Settings
) -> list[FileOutcome]:
    """Link and finish the batch's files in order, then store them in one transaction (each in
    its own when that fails): a file is reported only once it is stored."""
    prepared = dict(zip(batch.items, _results(batch), strict=True))
    stored = store.stored_shas([item.sha for item in batch.items.values()])
    outcomes = dict(batch.outcomes)
    writes: dict[int, FileWrite] = {}
    for at, item in batch.items.items():
        if item.sha in stored:  # the same bytes earlier in this run
            outcomes[at] = FileOutcome(item.source, "skipped")
            continue
        stored.add(item.sha)
        ready = prepared[at]
        if ready.reason is not None:
            outcomes[at] = record_failure(
                store, item.source, item.sha, ready.reason, ready.code or "E999"
            )
            continue
        try:
            docs = [pipeline.finish(p, settings) for p in ready.partials]
            writes[at] = FileWrite(
                item.source, item.sha, item.data, docs, pipeline.changed_records()
            )
        except Exception as exc:  # this file fails alone
            outcomes[at] = record_failure(store, item.source, item.sha, *failure(exc))
    outcomes.update(_write(writes, store))
    return [outcomes[at] for at in range(batch.files)]


def _write(writes: dict[int, FileWrite], store: Store) -> dict[int, FileOutcome]:
    """Store the finished files together, or, when that fails, one by one, so that only the
    file that cannot be stored fails."""
    if not writes:
        return {}
    try:
        store.save_files(list(writes.values()))
    except Exception:  # found again, and recorded, file by file
        return {at: _save_one(write, store) for at, write in writes.items()}
    return {at: _added(write) for at, write in writes.items()}


def _save_one(write: FileWrite, store: Store) -> FileOutcome:
    try:
        store.save_files([write])
    except Exception as exc:  # this file fails alone
        return record_failure(store, write.source, write.sha256, *failure(exc))
    return _added(write)


def _added(write: FileWrite) -> FileOutcome:
    return FileOutcome(write.source, "added", [d.id for d in write.docs])


@contextmanager
def _settled_heap() -> Iterator[None]:
    """Keep the objects that exist now (the pipeline's models and tables, a few million) out of
    the garbage collector's full passes while the block runs: ingest makes and drops many small
    objects, and each full pass would walk the models again (a quarter of the time, measured).
    What is frozen returns to the collector afterwards, garbage included."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def ingest_files(
    files: Iterable[tuple[Path, str]],
    store: Store,
    pipeline: Pipeline,
    settings: Settings,
    progress: Callable[[FileOutcome], None] | None = None,
    executor: Executor | None = None,
    window: int = 0,
) -> IngestReport:
    """Ingest ``files`` in batches of about ``BATCH_BYTES``: each batch's stateless stages run
    on ``executor`` (in this process by default), and its files are linked and stored here, in
    file order, so the archive does not depend on the executor. ``files`` is read as it goes
    and at most ``window`` batches wait besides the one being finished, so memory does not grow
    with the corpus."""
    run = executor or InProcess(pipeline)
    report = IngestReport()
    pending: deque[_Batch] = deque()

    def flush(batch: _Batch, keep: int) -> None:
        if batch.files:
            _skip_stored(batch, store)
            if batch.items:
                batch.future = run.submit(settings, list(batch.items.values()))
            pending.append(batch)
        while len(pending) > keep:
            for outcome in _finish(pending.popleft(), store, pipeline, settings):
                report.add(outcome)
                if progress is not None:
                    progress(outcome)

    with _settled_heap():
        try:
            batch = _Batch()
            for path, source in files:
                _add(batch, path, source, store, settings)
                if batch.size >= BATCH_BYTES or batch.files >= BATCH_FILES:
                    flush(batch, window)
                    batch = _Batch()
            flush(batch, 0)
        finally:
            run.shutdown()
    return report
