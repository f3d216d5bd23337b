"""Acceptance on the reference collection (skips where ``../shared/corpus`` is absent)."""

from __future__ import annotations

from pathlib import Path

from dossier.api import open_archive
from dossier.settings import Settings
from dossier.store.base import SearchRequest


def test_reference_collection_ingests_searches_and_keeps_records(
    corpus: Path, settings: Settings
) -> None:
    with open_archive(settings) as archive:
        first = archive.ingest([corpus])
        second = archive.ingest([corpus])
        assert (first.count("added"), first.count("failed")) == (22, 0)
        assert (second.count("added"), second.count("skipped")) == (0, 22)
        hits = archive.search(SearchRequest('"Port Arthur"', limit=200))
        assert len({h.document for h in hits}) >= 6
        indo = archive.search(SearchRequest("Indo-China"))
        assert [h.source for h in indo] == ["seeds/000_22ddac4f5dd0773c.txt"]
        memoir = archive.document("seeds/002_ecbf789a14d7ac1d.txt").record
        assert (memoir.date, memoir.original_language) == ("1958-09-04", "Russian")
        assert memoir.translator and memoir.citation and memoir.source_url
        telegram = archive.document("frus/frus1955-57v02_d117.xml").record
        assert (telegram.date, telegram.classification) == ("1955-02-18", "Secret")
        assert telegram.creators == ["Bohlen"] and telegram.source_note
        assert archive.integrity_check() == []
