"""Ingest on a local process pool and on a Dask cluster gives the archive a single process
gives: the same documents, texts, records, spans, entity records and file outcomes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bench.corpus import generate
from sqlalchemy import select

from dossier.api import Archive
from dossier.settings import Settings
from dossier.store import schema as t


def _corpus(root: Path) -> Path:
    generate(root, 40, seed=11, paragraphs=3)
    (root / "0000" / "copy.txt").write_bytes(next((root / "0000").glob("*.txt")).read_bytes())
    (root / "0000" / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    (root / "0000" / "empty.txt").write_bytes(b"")
    return root


def _snapshot(archive: Archive) -> dict[str, Any]:
    store: Any = archive.store
    with store.engine.connect() as conn:
        docs = conn.execute(
            select(t.documents.c.id, t.documents.c.text, t.documents.c.record).order_by(
                t.documents.c.id
            )
        ).all()
        spans = conn.execute(
            select(
                t.spans.c.document_id,
                t.spans.c.layer,
                t.spans.c.start,
                t.spans.c.end,
                t.spans.c.value,
                t.spans.c.confidence,
            )
        ).all()
        files = conn.execute(
            select(t.files.c.source, t.files.c.status, t.files.c.reason, t.files.c.documents)
        ).all()
    return {
        "documents": [(r.id, r.text, json.dumps(r.record, sort_keys=True)) for r in docs],
        "spans": sorted(json.dumps(list(r), sort_keys=True, default=str) for r in spans),
        "files": sorted(tuple(r) for r in files),
        "entities": sorted(json.dumps(r, sort_keys=True) for r in archive.store.entity_records()),
    }


def _ingest(databases: Any, folder: Path, name: str, corpus: Path, **how: Any) -> dict[str, Any]:
    url = databases.new(folder / f"{name}.db")
    with Archive(Settings(db=url)) as archive:
        report = archive.ingest([corpus], **how)
        assert report.count("added") == 40 and report.count("skipped") == 1
        assert {o.source for o in report.failed} == {"0000/broken.pdf", "0000/empty.txt"}
        return _snapshot(archive)


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory, databases: Any) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("distribute")
    corpus = _corpus(folder / "corpus")
    return corpus, _ingest(databases, folder, "single", corpus)


def test_a_local_process_pool_gives_the_same_archive(
    single: tuple[Path, dict[str, Any]], databases: Any, tmp_path: Path
) -> None:
    corpus, expected = single
    assert _ingest(databases, tmp_path, "pool", corpus, workers=2) == expected


def test_a_dask_cluster_gives_the_same_archive(
    single: tuple[Path, dict[str, Any]], databases: Any, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    corpus, expected = single
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        got = _ingest(databases, tmp_path, "dask", corpus, scheduler=cluster.scheduler_address)
    assert got == expected


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    from dossier.errors import ConfigError

    with Archive(Settings(db=str(tmp_path / "x.db"))) as archive, pytest.raises(ConfigError):
        archive.ingest([tmp_path], scheduler="tcp://127.0.0.1:9")
