from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from dossier.api import open_archive
from dossier.errors import NotFound, StoreError
from dossier.model import Document, OffsetMap, Passage, Record
from dossier.settings import Settings
from dossier.store import open_store
from dossier.store.base import SearchRequest


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_document_round_trips_through_the_store(tmp_path: Path, settings: Settings) -> None:
    _write(tmp_path / "in", "a.txt", "First paragraph here.\n\nSecond, about Dairen.\n")
    with open_archive(settings) as archive:
        report = archive.ingest([tmp_path / "in"])
        (doc_id,) = report.outcomes[0].documents
        doc = archive.document(doc_id)
    assert doc.source == "a.txt"
    assert [p.text_of(doc.text) for p in doc.passages] == [
        "First paragraph here.",
        "Second, about Dairen.",
    ]
    assert doc.stages[0] == "clean@1" and "times@2" in doc.stages
    assert doc.sha256 == hashlib.sha256((tmp_path / "in" / "a.txt").read_bytes()).hexdigest()


def test_original_bytes_are_kept_and_offsets_reach_them(tmp_path: Path, settings: Settings) -> None:
    raw = "Line one of the\ntelegram, wrapped.\n\nNext  paragraph.\n".encode("cp1251")
    (tmp_path / "t.txt").write_bytes(raw)
    with open_archive(settings) as archive:
        (outcome,) = archive.ingest([tmp_path / "t.txt"]).outcomes
        doc = archive.document(outcome.documents[0])
        assert archive.original(doc.id) == raw
    second = doc.passages[1]
    decoded = raw.decode(doc.encoding or "utf-8")
    start = doc.offsets.to_original(second.start)
    assert decoded[start : doc.offsets.to_original(second.end, end=True)] == "Next  paragraph."


def test_second_ingest_adds_nothing(tmp_path: Path, settings: Settings) -> None:
    for i in range(3):
        _write(tmp_path / "in", f"d{i}.txt", f"Document number {i} on Port Arthur.")
    with open_archive(settings) as archive:
        first = archive.ingest([tmp_path / "in"])
        second = archive.ingest([tmp_path / "in"])
        assert archive.status().documents == 3
    assert (first.count("added"), second.count("added"), second.count("skipped")) == (3, 0, 3)


def test_failed_file_is_recorded_then_retried(tmp_path: Path, settings: Settings) -> None:
    bad = tmp_path / "in" / "bad.txt"
    bad.parent.mkdir()
    bad.write_bytes(b"")
    with open_archive(settings) as archive:
        archive.ingest([tmp_path / "in"])
        bad.write_text("Now it has text.", encoding="utf-8")
        report = archive.ingest([tmp_path / "in"])
        st = archive.status()
    assert report.count("added") == 1
    assert st.files_failed == 0 and st.documents == 1


def test_unknown_document_is_not_found(settings: Settings) -> None:
    with open_archive(settings) as archive, pytest.raises(NotFound):
        archive.document("nope")


def test_unknown_backend_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no archive backend"):
        open_store(Settings(db="mongodb://localhost/x"))


def test_integrity_check_passes_on_a_fresh_archive(tmp_path: Path, settings: Settings) -> None:
    _write(tmp_path / "in", "a.txt", "Some text.")
    with open_archive(settings) as archive:
        archive.ingest([tmp_path / "in"])
        assert archive.integrity_check() == []


def test_nul_characters_are_stored_the_same_on_every_backend(settings: Settings) -> None:
    text = "Dairen\x00 harbour."
    sha = hashlib.sha256(text.encode()).hexdigest()
    doc = Document(
        source="n.txt",
        sha256=sha,
        text=text,
        record=Record(title="Memo\x00", extra={"note\x00": "a\x00b"}),
        passages=[Passage("paragraph", 0, len(text))],
        offsets=OffsetMap.identity(len(text)),
        reader="test",
    )
    store = open_store(settings)
    try:
        store.save_file("n.txt", sha, text.encode(), [doc])
        stored = store.document(doc.id)
        (passage,) = store.passages(doc.id)
        (hit,) = store.search(SearchRequest("Dairen"))
    finally:
        store.close()
    assert stored.text == passage.text == hit.text == "Dairen\ufffd harbour."
    assert stored.record.title == "Memo\ufffd" and stored.record.extra == {"note\ufffd": "a\ufffdb"}
    (mark,) = stored.spans_of("normalisation")
    assert (mark.start, mark.end, mark.value["kind"]) == (6, 7, "nul")
