"""Embedding an archive: incremental, resumable, idempotent; deleted or changed passages never
come back from a search. The word-hash embedder of ``words.py`` stands in for the model here
(these tests are about what is embedded when, not about meaning; ``test_model.py`` uses the
real model)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from tests.conftest import Databases
from tests.vectors.words import Stopped, WordHash

from dossier.api import Archive, open_archive
from dossier.errors import ConfigError, StoreError
from dossier.settings import Settings
from dossier.store.base import SearchRequest
from dossier.vectors import embed_archive, similar, with_neighbours
from dossier.vectors.rows import engine_of, vectors_folder
from dossier.vectors.storage import Manifest, VectorFiles, locked

DOCS = {
    "mill.txt": "The paper mill\n\nThe paper mill on the weir burned down in the winter of "
    "1907.\n\nIts owner rebuilt the mill in brick and stone within two years.",
    "orchard.txt": "Orchard notes\n\nThe pear trees of the orchard gave no fruit after the "
    "frost.\n\nGrafts from the old apple trees were sent to the nursery in town.",
    "railway.txt": "A branch line\n\nThe branch railway reached the valley in 1912.\n\n"
    "Goods trains carried timber and slate down to the coast twice a week.",
}
LATER = "Bridge accounts\n\nThe toll bridge over the river was rebuilt in iron in 1921.\n"


@pytest.fixture
def archive(tmp_path: Path, databases: Databases) -> Iterator[Archive]:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, body in DOCS.items():
        (folder / name).write_text(body, "utf-8")
    db = databases.new(tmp_path / "a.db")
    settings = Settings(db=db, ner_model="", vectors_path=str(tmp_path / "vectors"))
    with open_archive(settings) as opened:
        opened.ingest([folder])
        yield opened
    databases.drop(db)


def _embed(archive: Archive, embedder: WordHash, batch: int = 512) -> int:
    return embed_archive(archive.store, archive.settings, embedder, batch=batch)


def _files(archive: Archive) -> VectorFiles:
    found = VectorFiles.open(Path(archive.settings.vectors_path))
    assert found is not None
    return found


def _sources(archive: Archive, query: str, limit: int = 10) -> list[str]:
    hits = similar(archive.store, archive.settings, WordHash(), query, limit)
    return [h.source for h in hits]


def test_embeds_every_passage_once(archive: Archive, tmp_path: Path) -> None:
    total = archive.status().passages
    first = WordHash()
    seen: list[tuple[int, int]] = []
    count = embed_archive(archive.store, archive.settings, first, lambda d, t: seen.append((d, t)))
    assert count == total == len(first.texts) == _files(archive).count
    assert seen[-1] == (total, total)
    again = WordHash()
    assert _embed(archive, again) == 0 and again.calls == 0
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "bridge.txt").write_text(LATER, "utf-8")
    archive.ingest([tmp_path / "more"])
    later = WordHash()
    assert _embed(archive, later) == 2
    assert later.texts == ["Bridge accounts", LATER.split("\n\n")[1].strip()]
    assert _files(archive).count == total + 2


def test_a_stopped_run_keeps_its_batches_and_the_next_resumes(archive: Archive) -> None:
    total = archive.status().passages
    with pytest.raises(Stopped):
        _embed(archive, WordHash(fail_after=2), batch=2)
    assert _files(archive).count == 4
    resumed = WordHash()
    assert _embed(archive, resumed, batch=2) == total - 4
    files = _files(archive)
    assert files.count == total
    assert len(set(files.keys()[:, 0].tolist())) == total


@pytest.mark.slow
def test_a_killed_run_keeps_what_it_committed(archive: Archive) -> None:
    root = Path(__file__).resolve().parents[2]
    folder = Path(archive.settings.vectors_path)
    argv = [sys.executable, "-m", "tests.vectors.words", archive.settings.db, str(folder)]
    child = subprocess.Popen(argv, cwd=root, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while (VectorFiles.open(folder) or VectorFiles(folder, Manifest("", 0))).count < 4:
        assert child.poll() is None, child.stderr.read() if child.stderr else ""
        assert time.monotonic() < deadline
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    kept = _files(archive).count
    total = archive.status().passages
    assert 4 <= kept < total
    rest = WordHash()
    assert _embed(archive, rest) == total - kept == len(rest.texts)
    with engine_of(archive.store).connect() as conn:
        stored = sorted(row[0] for row in conn.execute(text("SELECT id FROM passages")))
    assert sorted(_files(archive).keys()[:, 0].tolist()) == stored


def test_similar_finds_by_shared_words_and_skips_deleted_documents(archive: Archive) -> None:
    _embed(archive, WordHash())
    assert _sources(archive, "the paper mill burned", 1) == ["mill.txt"]
    mill = next(d.id for d in archive.documents() if d.source == "mill.txt")
    archive.delete_document(mill, reason="test")
    left = _sources(archive, "the paper mill burned")
    assert "mill.txt" not in left and len(left) == archive.status().passages
    assert _embed(archive, WordHash()) == 0
    assert _files(archive).count == archive.status().passages  # compacted
    assert _files(archive).manifest.generation == 1


def test_a_passage_whose_text_changed_is_embedded_again(archive: Archive) -> None:
    _embed(archive, WordHash())
    engine = engine_of(archive.store)
    with engine.begin() as conn:
        pid = conn.execute(text("SELECT id FROM passages WHERE text LIKE 'Goods trains%'")).one()[0]
        conn.execute(
            text("UPDATE passages SET text = :t WHERE id = :id"),
            {"t": "Steam ferries crossed the estuary every hour.", "id": pid},
        )
    assert "railway.txt" not in _sources(archive, "goods trains carried timber and slate", 1)
    fresh = WordHash()
    assert _embed(archive, fresh) == 1
    assert fresh.texts == ["Steam ferries crossed the estuary every hour."]
    assert _sources(archive, "steam ferries crossed the estuary", 1) == ["railway.txt"]


def test_without_vectors_the_evidence_pool_is_left_alone(archive: Archive) -> None:
    hits = archive.search(SearchRequest("mill"))
    assert hits and with_neighbours(archive.store, "the mill burned", hits) is hits
    with pytest.raises(ConfigError, match="dossier embed"):
        similar(archive.store, archive.settings, WordHash(), "mill")


def test_one_embedding_run_at_a_time(archive: Archive) -> None:
    with locked(Path(archive.settings.vectors_path)), pytest.raises(StoreError, match="another"):
        _embed(archive, WordHash())


def test_vectors_of_another_model_are_replaced(archive: Archive) -> None:
    _embed(archive, WordHash(dim=64))
    assert _embed(archive, WordHash(dim=32)) == archive.status().passages
    files = _files(archive)
    assert (files.dim, files.manifest.generation) == (32, 1)
    with pytest.raises(ConfigError, match="word-hash-32"):
        similar(archive.store, archive.settings, WordHash(dim=64), "mill")


def test_where_the_vectors_are_kept(tmp_path: Path) -> None:
    beside = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert vectors_folder(beside, Settings()) == Path(f"{tmp_path / 'x.db'}.vectors")
    server = create_engine("postgresql+psycopg://someone@127.0.0.1:1/archive")
    assert vectors_folder(server, Settings()) is None
    chosen = Settings(vectors_path=str(tmp_path / "v"))
    assert vectors_folder(server, chosen) == tmp_path / "v"
