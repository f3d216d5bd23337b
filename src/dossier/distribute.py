"""Ingest on several processes: a local process pool (``workers``) or a Dask cluster
(``scheduler``), with results identical to a single process.

``ingest_files`` hands batches of files to an executor, which reads them and runs the heavy,
stateless part of the pipeline (reading, cleaning, sentences, editorial marks, quotations, times,
the NER model and the mention rules: ``Pipeline.start_many``); the entity linker remembers what
earlier documents found, so its half and the stages after it run in the calling process, in file
order, followed by the batch's write. The executors here run the batches on
other processes, each with its own pipeline built from the same settings.
"""

from __future__ import annotations

import gc
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from dossier.errors import ConfigError
from dossier.ingest import Executor, Item, Pending, Prepared, prepare_files
from dossier.pipeline import Pipeline, default_pipeline
from dossier.settings import Settings

__all__ = ["dask_executor", "local_executor", "prepare_remote"]

_PIPELINES: dict[str, Pipeline] = {}


def _worker_pipeline(settings: Settings) -> Pipeline:
    """This process's pipeline for ``settings`` (models load once per process)."""
    key = settings.digest()
    if key not in _PIPELINES:
        from dossier.enrich.entities import load_authority

        authority = load_authority(settings.authority_files())
        _PIPELINES[key] = default_pipeline(None, authority, settings.ner_model or None)
        gc.collect()
        gc.freeze()  # the models live as long as the process: no full collection walks them
    return _PIPELINES[key]


def prepare_remote(settings: Settings, items: list[Item]) -> list[Prepared]:
    """The worker's task: ``prepare_files`` with this process's pipeline."""
    return prepare_files(_worker_pipeline(settings), settings, items)


class _Pool:
    def __init__(self, workers: int) -> None:
        self.pool = ProcessPoolExecutor(max_workers=workers)

    def submit(self, settings: Settings, items: list[Item]) -> Pending:
        future: Future[list[Prepared]] = self.pool.submit(prepare_remote, settings, items)
        return future

    def shutdown(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


class _Dask:
    """A Dask client behind the executor shape ``ingest_files`` uses."""

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

    def submit(self, settings: Settings, items: list[Item]) -> Pending:
        future: Pending = self.client.submit(prepare_remote, settings, items, pure=False)
        return future

    def shutdown(self) -> None:
        self.client.close()


def dask_executor(address: str) -> Executor:
    return _Dask(address)


def local_executor(workers: int) -> Executor:
    return _Pool(workers)
