"""Acceptance on ../shared/corpus: the memoir seed, a translated archival record."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.api import Archive
from dossier.cite import csl_item, dumps_ris, page_metadata
from dossier.settings import Settings

pytestmark = pytest.mark.corpus


def test_memoir_seed_chicago_names_archive_translator_and_date(
    settings: Settings, corpus: Path
) -> None:
    with Archive(settings) as archive:
        assert not archive.ingest([corpus / "seeds" / "002_ecbf789a14d7ac1d.txt"]).failed
        [summary] = archive.documents()
        doc = archive.document(summary.id)
    item = csl_item(doc)
    assert item["type"] == "manuscript"
    assert item["translator"] == [{"family": "Radchenko", "given": "Sergey"}]
    assert item["archive"] == "Wilson Center Digital Archive"
    assert item["issued"] == {"date-parts": [[1958, 9, 4]]}
    assert item["note"].startswith("Original language: Russian")
    meta = page_metadata(doc)
    for text in (meta.chicago_note, meta.chicago_bibliography):
        assert "Mikoyan" in text
        assert "September 4, 1958" in text
        assert "Wilson Center Digital Archive" in text
    assert "trans. Sergey Radchenko" in meta.chicago_note
    assert "Translated by Sergey Radchenko" in meta.chicago_bibliography
    ris = dumps_ris([item])
    assert "TY  - MANSCPT\r\n" in ris and "AV  - Wilson Center Digital Archive\r\n" in ris
    assert "A4  - Radchenko, Sergey\r\n" in ris
