"""Readers during an ingest see no error and no half-written document: a reader process-side
view (its own connection) polls the archive while another connection ingests."""

from __future__ import annotations

import threading
from pathlib import Path

from bench.corpus import generate

from dossier.api import Archive
from dossier.settings import Settings
from dossier.store.base import SearchRequest


def test_readers_during_an_ingest_see_only_whole_documents(
    tmp_path: Path, settings: Settings
) -> None:
    generate(tmp_path / "corpus", 60, seed=21, paragraphs=3)
    problems: list[str] = []
    seen: list[int] = []
    done = threading.Event()
    quiet = Settings(db=settings.db, ner_model="")
    with Archive(quiet) as writer:
        writer.status()  # the schema exists before the reader opens it

        def read() -> None:
            with Archive(quiet) as reader:
                while not done.is_set():
                    try:
                        summaries = reader.documents(1000)
                        seen.append(len(summaries))
                        for summary in summaries[-5:]:
                            doc = reader.document(summary.id)
                            if not doc.passages or not reader.passages(doc.id):
                                problems.append(f"{doc.id} has no passages")
                        reader.search(SearchRequest("harbour OR consul", limit=5))
                    except Exception as exc:  # every error is a broken promise
                        problems.append(f"{type(exc).__name__}: {exc}")

        thread = threading.Thread(target=read)
        thread.start()
        try:
            report = writer.ingest([tmp_path / "corpus"])
        finally:
            done.set()
            thread.join(timeout=60)
    assert report.count("added") == 60
    assert not problems, problems[:5]
    assert len(seen) > 3 and seen == sorted(seen), "the count of documents never goes down"
