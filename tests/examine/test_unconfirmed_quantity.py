"""A passage that does not state a claim's number cannot support the number."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.api import open_archive
from dossier.settings import Settings

TEXT = (
    "Garrison records\n\n"
    "In 1931 the rifle regiment was moved to Harbin, where it was quartered in the old barracks."
)


@pytest.mark.parametrize(
    ("claim", "stance"),
    [
        ("The rifle regiment was moved to Harbin in 1931.", "supports"),
        ("The rifle regiment of 3,000 men was moved to Harbin in 1931.", "related"),
    ],
)
def test_numbers_need_the_passage_to_state_them(
    tmp_path: Path, db_url: str, claim: str, stance: str
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "records.txt").write_text(TEXT, "utf-8")
    with open_archive(Settings(db=db_url)) as archive:
        archive.ingest([folder])
        result = archive.check(claim).to_dict()
    top = result["evidence"][0]
    assert top["stance"] == stance
    unconfirmed = [r for r in top["reasons"] if r["type"] == "quantity_unconfirmed"]
    assert bool(unconfirmed) == (stance == "related")
