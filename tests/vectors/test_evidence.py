"""Semantic neighbours in the evidence for ``check``, with the real model: a claim that shares no
word with the passage bearing on it finds that passage only once the archive has vectors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import Databases

from dossier.api import Archive, open_archive
from dossier.settings import Settings
from dossier.vectors import embed

pytest.importorskip("sentence_transformers")

DOCS = {
    "ledger.txt": "Ledger of the customs house\n\n"
    "In the spring of 1923 the customs house at the river mouth was shut to every trading "
    "vessel.\n\nThe clerks were sent home and paid for three months.",
    "letters.txt": "Letters home\n\n"
    "My aunt baked a plum cake for the village fair, and the choir sang until dark.\n\n"
    "The schoolmaster repaired the church clock in the autumn.",
}
CLAIM = "No merchant ships could enter the estuary port in 1923."


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


def test_vectors_bring_a_paraphrase_into_the_evidence(archive: Archive) -> None:
    assert archive.check(CLAIM).evidence == []
    assert archive.embed() == archive.status().passages
    cited = [e.hit.source for e in archive.check(CLAIM).evidence]
    assert cited == ["ledger.txt"]  # the unrelated letters stay below the similarity floor


def test_check_keeps_working_when_the_model_is_missing(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive.embed()
    before = archive.check("The customs house was shut in 1923.").to_dict()

    def missing(package: str) -> tuple[object, Path]:
        raise ImportError("No module named 'torch'")

    monkeypatch.setattr(embed, "_import_backend", missing)
    after = archive.check("The customs house was shut in 1923.").to_dict()
    assert after["evidence"] and after["evidence"][0]["source"] == "ledger.txt"
    assert after["verdict"] == before["verdict"]
    assert archive.check(CLAIM).evidence == []
