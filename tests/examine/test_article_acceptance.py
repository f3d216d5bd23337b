"""Acceptance on ``../shared/corpus``: the polemical article's dated claim about the Port
Arthur announcement is set against the FRUS telegram that dates the same statements otherwise
(skips when the corpus is absent)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import CORPUS, Databases

from dossier.api import Archive, open_archive
from dossier.examine.check import examine_document
from dossier.settings import Settings


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, databases: Databases) -> Iterator[Archive]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    db = tmp_path_factory.mktemp("article") / "a.db"
    with open_archive(Settings(db=databases.new(Path(db)))) as opened:
        opened.ingest([CORPUS])
        yield opened


def test_article_claims_meet_the_frus_dates(archive: Archive) -> None:
    article = next(d for d in archive.store.iter_documents() if "seeds/000_" in d.source)
    report = examine_document(archive.store, article.id, archive.settings, limit=5)
    framed = [
        (r, e)
        for r in report.results
        for e in r.evidence
        if any(x.type == "event_match" for x in e.assessment.reasons)
    ]
    assert framed, "no claim of the article was matched to an event of another source"
    conflicts = [
        (r, e)
        for r, e in framed
        if e.assessment.stance == "contradicts"
        and e.hit.source.startswith("frus/")
        and any(x.type == "date_conflict" for x in e.assessment.reasons)
    ]
    assert conflicts
    result, _ = conflicts[0]
    assert result.verdict in ("contradicted", "conflicting")
    assert result.confidence < 0.8  # one source, a day apart: never more certain than that
