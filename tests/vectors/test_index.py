"""Exact search, the HNSW index and their files, on vectors made up for the purpose."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from tests.vectors.words import clustered

from dossier.settings import Settings
from dossier.vectors.index import VectorIndex, exact_search
from dossier.vectors.storage import VectorFiles


def _files(folder: Path, vectors: np.ndarray, model: str = "test") -> VectorFiles:
    files = VectorFiles.create(folder, model, vectors.shape[1])
    ids = np.arange(1, len(vectors) + 1, dtype=np.int64) * 10
    files.append(vectors, ids, -ids)
    return files


@pytest.mark.parametrize("k", [1, 10, 100])
def test_exact_search_returns_the_true_nearest(k: int) -> None:
    vectors = clustered(5_000, 32, seed=1)
    query = clustered(1, 32, seed=2)[0]
    rows, scores = exact_search(vectors, query, k)
    truth = np.argsort(-(vectors @ query), kind="stable")[:k]
    assert set(rows.tolist()) == set(truth.tolist())
    assert np.all(np.diff(scores) <= 0)
    assert np.allclose(scores, vectors[rows] @ query, atol=1e-6)


def test_exact_search_crosses_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    from dossier.vectors import index

    monkeypatch.setattr(index, "BLOCK", 7)
    vectors = clustered(100, 16, seed=3)
    rows, _ = exact_search(vectors, vectors[63], 5)
    assert rows[0] == 63 and len(set(rows.tolist())) == 5


def test_search_maps_rows_to_passage_ids(tmp_path: Path) -> None:
    vectors = clustered(300, 24, seed=4)
    index = VectorIndex(_files(tmp_path, vectors), Settings())
    found = index.search(vectors[41], 3)
    assert not index.uses_ann
    assert (found[0].passage, found[0].fingerprint) == (420, -420)
    assert found[0].score == pytest.approx(1.0, abs=1e-5)
    assert len(index.search(vectors[0], 1000)) == 300


def test_hnsw_recall_against_exact_search(tmp_path: Path) -> None:
    pytest.importorskip("hnswlib")
    vectors = clustered(20_000, 64, seed=5, clusters=200)
    queries = clustered(100, 64, seed=6, clusters=200)
    settings = Settings(semantic_ann_threshold=1_000, hnsw_ef_construction=100, hnsw_ef_search=64)
    index = VectorIndex(_files(tmp_path, vectors), settings)
    assert index.uses_ann
    recall = []
    for query in queries:
        truth = {n.passage for n in VectorIndex(index.files, Settings()).search(query, 10)}
        found = {n.passage for n in index.search(query, 10)}
        recall.append(len(truth & found) / 10)
    assert np.mean(recall) >= 0.95
    assert len(list(tmp_path.glob("hnsw-0-20000-m16-ef100.bin"))) == 1


def test_hnsw_index_is_saved_extended_and_rebuilt(tmp_path: Path) -> None:
    pytest.importorskip("hnswlib")
    vectors = clustered(3_000, 32, seed=7)
    settings = Settings(semantic_ann_threshold=100, hnsw_ef_construction=64)
    files = _files(tmp_path, vectors[:2_000])
    VectorIndex(files, settings).prepare()
    assert [p.name for p in files.ann_paths()] == ["hnsw-0-2000-m16-ef64.bin"]
    ids = np.arange(1, 1_001, dtype=np.int64) * 7
    files.append(vectors[2_000:], ids, ids)
    reopened = VectorFiles.open(tmp_path)
    assert reopened is not None
    extended = VectorIndex(reopened, settings)
    assert extended.search(vectors[2_500], 1)[0].passage == 7 * 501
    assert [p.name for p in files.ann_paths()] == ["hnsw-0-3000-m16-ef64.bin"]
    other = dataclasses.replace(settings, hnsw_m=8)
    assert VectorIndex(files, other).search(vectors[5], 1)[0].passage == 60
    assert [p.name for p in files.ann_paths()] == ["hnsw-0-3000-m8-ef64.bin"]


def test_files_round_trip_and_ignore_an_unfinished_append(tmp_path: Path) -> None:
    vectors = clustered(50, 8, seed=8)
    _files(tmp_path, vectors[:40])
    with (tmp_path / "vectors-0.f32").open("ab") as fh:  # a run killed mid-append
        fh.write(b"\x01" * 100)
    reopened = VectorFiles.open(tmp_path)
    assert reopened is not None and reopened.count == 40
    assert np.array_equal(reopened.vectors(), vectors[:40])
    reopened.append(vectors[40:], np.array([7] * 10), np.array([8] * 10))
    again = VectorFiles.open(tmp_path)
    assert again is not None and again.count == 50
    assert np.array_equal(again.vectors(), vectors)
    assert again.keys()[:, 0].tolist() == [*range(10, 410, 10), *[7] * 10]
    assert (tmp_path / "vectors-0.f32").stat().st_size == 50 * 8 * 4


def test_compaction_and_a_new_model_start_a_new_generation(tmp_path: Path) -> None:
    vectors = clustered(20, 8, seed=9)
    files = _files(tmp_path, vectors)
    keep = np.arange(20) % 2 == 0
    assert files.compact(keep) == 10
    assert not (tmp_path / "vectors-0.f32").exists()
    reopened = VectorFiles.open(tmp_path)
    assert reopened is not None and reopened.manifest.generation == 1
    assert np.array_equal(reopened.vectors(), vectors[keep])
    fresh = VectorFiles.create(tmp_path, "another model", 8)
    assert (fresh.count, fresh.manifest.generation) == (0, 2)
    assert not (tmp_path / "vectors-1.f32").exists()
