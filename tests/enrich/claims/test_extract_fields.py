"""Catalogue entries ("Label: Value") belong to the record, not to the claims."""

from __future__ import annotations

import pytest

from dossier.enrich.claims.extract import is_field
from dossier.enrich.claims.lexicon import lexicon


@pytest.mark.parametrize(
    "line",
    [
        "Publication Date: October 14, 1954",
        "Release Decision: RIPPUB",
        "Document Page Count: 6",
        "Case Number:",
        "Subject: Transfer of the Harbour Installations",
        "Body: Approved For Release 2001/03/04: ABC-1234-5",
        "Approved For Release 2001/03/04: ABC-1234-5\nApproved For Release 2001/03/04: ABC-1234-5",
        "File: Attachment | Size |\n---|---|\n![]() | 264.58 KB |",
    ],
)
def test_catalogue_lines_are_fields(line: str) -> None:
    assert is_field(line, lexicon())


@pytest.mark.parametrize(
    "line",
    [
        "Note: the garrison left the harbour on 12 October 1954.",
        "The garrison left the harbour on 12 October 1954.",
        "Result: Soviet troops withdrew from the naval base within nine months of the treaty",
        "He said: We will leave Port Arthur in May.",
    ],
)
def test_sentences_with_a_colon_stay_claims(line: str) -> None:
    assert not is_field(line, lexicon())
