"""Ingest reads files in batches (the NER model sees several documents at once) but each file
still stands alone: one whose stages fail is recorded as failed and its neighbours are stored."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from tests.conftest import Databases

from dossier import ingest
from dossier.api import open_archive
from dossier.clean import CleanStage
from dossier.ingest import FileOutcome, IngestReport, Item, discover, prepare_files
from dossier.model import Document
from dossier.pipeline import Pipeline, default_pipeline
from dossier.settings import Settings


class Exploding:
    """A stage that fails on any document saying BOOM."""

    name: ClassVar[str] = "exploding"
    version: ClassVar[str] = "1"
    requires: ClassVar[frozenset[str]] = frozenset()
    adds: ClassVar[frozenset[str]] = frozenset()

    def __call__(self, doc: Document, settings: Settings) -> Document:
        if "BOOM" in doc.text:
            raise RuntimeError("the stage broke")
        return doc


def _files(folder: Path, texts: list[str]) -> Path:
    folder.mkdir()
    for n, text in enumerate(texts):
        (folder / f"f{n:02d}.txt").write_text(text, "utf-8")
    return folder


def test_a_file_whose_stage_fails_fails_alone(tmp_path: Path, databases: Databases) -> None:
    texts = [f"Letter {n} from the consul in Tientsin." for n in range(6)]
    texts[3] = "Letter three: BOOM."
    folder = _files(tmp_path / "in", texts)
    pipeline = Pipeline([CleanStage(), Exploding()])
    with open_archive(Settings(db=databases.new(tmp_path / "a.db")), pipeline) as archive:
        report = archive.ingest([folder])
        assert [o.status for o in report.outcomes] == ["added"] * 3 + ["failed"] + ["added"] * 2
        assert report.outcomes[3].reason == "internal error: RuntimeError: the stage broke"
        assert archive.status().documents == 5


def test_a_file_the_database_refuses_fails_alone_and_the_batch_is_stored(
    tmp_path: Path,
) -> None:
    texts = [f"Letter {n} from the consul in Tientsin." for n in range(5)]
    texts[2] = "Letter two: REFUSE."
    folder = _files(tmp_path / "in", texts)
    with open_archive(Settings(db=str(tmp_path / "a.db")), Pipeline([CleanStage()])) as archive:
        engine = archive.store.engine  # type: ignore[attr-defined]
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON documents WHEN NEW.text LIKE '%REFUSE%' "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        report = archive.ingest([folder])
        assert [o.status for o in report.outcomes] == ["added"] * 2 + ["failed"] + ["added"] * 2
        assert "could not store" in (report.outcomes[2].reason or "")
        assert archive.status().documents == 4
        status = archive.status()
        assert (status.files_ok, status.files_failed) == (4, 1)
        assert [f.source for f in status.failures] == [report.outcomes[2].source]


def test_a_batch_gives_each_file_what_it_would_get_alone(tmp_path: Path) -> None:
    settings = Settings()
    pipeline = default_pipeline()  # with the NER model, which sees the batch at once
    texts = [
        "The Governor of Lüshun sailed on 12 March 1931.",
        "",
        "Mr. Weber wrote from Harbin on 4 May 1932 that the ship had sunk.",
    ]
    items = [
        Item(f"f{n}.txt", f"f{n}.txt", text.encode(), f"{n:064d}") for n, text in enumerate(texts)
    ]
    together = prepare_files(pipeline, settings, items)
    alone = [prepare_files(pipeline, settings, [item])[0] for item in items]
    assert together[1].reason is not None and together[1].partials == []
    for a, b in zip(together, alone, strict=True):
        assert a.reason == b.reason
        assert [p.doc.spans for p in a.partials] == [p.doc.spans for p in b.partials]
        assert [p.prepared for p in a.partials] == [p.prepared for p in b.partials]


def test_discovery_walks_in_path_order_and_skips_hidden_entries(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for rel in ["b.txt", "a/z.txt", "a.txt", "a/b/c.txt", ".hidden/x.txt", "a/.x.txt", "c.txt"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x", "utf-8")
    (root / "link").symlink_to(root / "a", target_is_directory=True)
    found = [source for _, source in discover([root])]
    assert found == ["a/b/c.txt", "a/z.txt", "a.txt", "b.txt", "c.txt"]
    assert found == sorted(found, key=lambda s: Path(s).parts)


def test_a_report_counts_every_file_but_lists_only_the_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ingest, "KEPT", 3)
    report = IngestReport()
    for n in range(5):
        report.add(FileOutcome(f"f{n}", "added", [f"d{n}"]))
    report.add(FileOutcome("bad", "failed", reason="empty file"))
    summary = report.to_dict()
    assert (summary["added"], summary["failed"], summary["documents"]) == (5, 1, 5)
    assert [o.source for o in report.outcomes] == ["f0", "f1", "f2"]
    assert summary["files_not_listed"] == 3 and [o.source for o in report.failed] == ["bad"]
