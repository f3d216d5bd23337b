"""Ingest on several processes: a local process pool (``workers``) or a Dask cluster
(``scheduler``), with results identical to a single process.

The heavy, stateless part of the pipeline (reading, cleaning, sentences, editorial marks,
quotations, times, the NER model and the mention rules: ``Pipeline.start``) runs on the workers.
The entity linker remembers what earlier documents found, so its half and the stages after it
(``Pipeline.finish``) run here, in file order, followed by the one-transaction-per-file write.
At most ``window`` files are in flight, so memory does not grow with the corpus.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from dossier.errors import ConfigError
from dossier.ingest import FileOutcome, IngestReport, failure, guarded, load, save
from dossier.pipeline import Partial, Pipeline, default_pipeline
from dossier.read import Probe, read_bytes
from dossier.settings import Settings
from dossier.store import Store

__all__ = ["Executor", "Prepared", "dask_executor", "ingest_parallel", "prepare_file"]


@dataclass
class Prepared:
    """One file's documents after ``Pipeline.start``, or why it could not be read."""

    partials: list[Partial] = field(default_factory=list)
    reason: str | None = None
    code: str | None = None


_PIPELINES: dict[str, Pipeline] = {}


def _worker_pipeline(settings: Settings) -> Pipeline:
    """This process's pipeline for ``settings`` (models load once per process)."""
    key = settings.digest()
    if key not in _PIPELINES:
        from dossier.enrich.entities import load_authority

        authority = load_authority(settings.authority_files())
        _PIPELINES[key] = default_pipeline(None, authority, settings.ner_model or None)
    return _PIPELINES[key]


def prepare_file(settings: Settings, name: str, source: str, data: bytes, sha: str) -> Prepared:
    """The worker's task: read one file and run the stateless stages on its documents."""
    pipeline = _worker_pipeline(settings)
    try:
        docs = read_bytes(Probe(name, data, sha), source, settings)
        return Prepared([pipeline.start(d, settings) for d in docs])
    except Exception as exc:  # reported to the caller, which records it
        reason, code = failure(exc)
        return Prepared(reason=reason, code=code)


class Pending(Protocol):
    """A task's future, local or Dask's."""

    def result(self) -> Prepared: ...


class Executor(Protocol):
    def submit(self, fn: Callable[..., Prepared], /, *args: Any) -> Pending: ...

    def shutdown(self, wait: bool = True) -> None: ...


class _DaskExecutor:
    """Dask's client behind the ``concurrent.futures`` shape that ``ingest_parallel`` uses."""

    def __init__(self, address: str) -> None:
        try:
            import distributed
        except ImportError as exc:
            raise ConfigError("--scheduler needs Dask: pip install 'dask[distributed]'") from exc
        try:
            client: Any = distributed.Client
            self.client: Any = client(address, timeout=30)
        except OSError as exc:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc

    def submit(self, fn: Callable[..., Prepared], /, *args: Any) -> Pending:
        future: Pending = self.client.submit(fn, *args, pure=False)
        return future

    def shutdown(self, wait: bool = True) -> None:
        self.client.close()


def dask_executor(address: str) -> Executor:
    return _DaskExecutor(address)


def local_executor(workers: int) -> Executor:
    return ProcessPoolExecutor(max_workers=workers)


@dataclass
class _Task:
    source: str
    sha: str = ""
    data: bytes = b""
    future: Pending | None = None
    outcome: FileOutcome | None = None  # known before any worker saw it


def _submitted(
    path: Path,
    source: str,
    store: Store,
    settings: Settings,
    submit: Callable[[str, str, bytes, str], Pending],
) -> _Task:
    """Read ``path`` and hand it to a worker, unless it is stored already or unreadable."""
    task = _Task(source)

    def read() -> FileOutcome:
        task.data = load(path, settings)
        task.sha = hashlib.sha256(task.data).hexdigest()
        if store.stored_sha(task.sha):
            return FileOutcome(source, "skipped")
        task.future = submit(path.name, source, task.data, task.sha)
        return FileOutcome(source, "submitted")

    outcome = guarded(store, source, lambda: task.sha, read)
    if outcome.status != "submitted":
        task.outcome = outcome
    return task


def _finish(task: _Task, store: Store, pipeline: Pipeline, settings: Settings) -> FileOutcome:
    if task.outcome is not None:
        return task.outcome
    assert task.future is not None

    def work() -> FileOutcome:
        assert task.future is not None
        prepared = task.future.result()
        if prepared.reason is not None:
            store.record_file(task.source, task.sha, "failed", prepared.reason, prepared.code)
            return FileOutcome(task.source, "failed", reason=prepared.reason, code=prepared.code)
        if store.stored_sha(task.sha):  # the same bytes earlier in this batch
            return FileOutcome(task.source, "skipped")
        docs = [pipeline.finish(p, settings) for p in prepared.partials]
        return save(store, pipeline, task.source, task.sha, task.data, docs)

    return guarded(store, task.source, lambda: task.sha, work)


def ingest_parallel(
    files: list[tuple[Path, str]],
    store: Store,
    pipeline: Pipeline,
    settings: Settings,
    executor: Executor,
    progress: Callable[[FileOutcome], None] | None = None,
    window: int = 16,
) -> IngestReport:
    """Ingest ``files`` with the stateless stages on ``executor``, finishing in file order."""
    report = IngestReport()

    def submit(name: str, source: str, data: bytes, sha: str) -> Pending:
        return executor.submit(prepare_file, settings, name, source, data, sha)

    pending: deque[_Task] = deque()
    try:
        for path, source in files:
            pending.append(_submitted(path, source, store, settings, submit))
            while len(pending) > window:
                _done(pending.popleft(), store, pipeline, settings, report, progress)
        while pending:
            _done(pending.popleft(), store, pipeline, settings, report, progress)
    finally:
        executor.shutdown(wait=False)
    return report


def _done(
    task: _Task,
    store: Store,
    pipeline: Pipeline,
    settings: Settings,
    report: IngestReport,
    progress: Callable[[FileOutcome], None] | None,
) -> None:
    outcome = _finish(task, store, pipeline, settings)
    task.data = b""
    report.outcomes.append(outcome)
    if progress is not None:
        progress(outcome)
