"""Event frames: a passage speaks of the claim's event when it holds a kindred event word and
names one of the claim's entities; only then are dates compared. Invented documents."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.conftest import Databases

from dossier.api import Archive, open_archive
from dossier.examine.check import check_claim
from dossier.settings import Settings

DOCS = {
    "cable.txt": (
        "Cable from the consulate\n\n"
        "Joint statements issued on March 4, 1931, covered trade and credits; they also "
        "announced the withdrawal of the foreign garrison from Lüshun.\n\n"
        "The weather at the port was mild and the markets were quiet."
    ),
    "notes.txt": (
        "Notes of a clerk\n\n"
        "A communiqué on the return of Port Arthur was issued in May 1938, long after the "
        "first talks had ended."
    ),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, databases: Databases) -> Iterator[Archive]:
    root = tmp_path_factory.mktemp("frames")
    folder = root / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, "utf-8")
    with open_archive(Settings(db=databases.new(root / "f.db"))) as opened:
        opened.ingest([folder])
        yield opened


def _bearing(archive: Archive, claim: str) -> tuple[str, dict[str, str]]:
    result = check_claim(archive.store, claim, archive.settings)
    cable = next(e for e in result.evidence if e.hit.source.endswith("cable.txt"))
    reasons = {r.type: r.text for r in cable.assessment.reasons}
    return cable.assessment.stance, reasons | {"verdict": result.verdict}


def test_a_day_apart_about_the_same_event_contradicts(archive: Archive) -> None:
    stance, reasons = _bearing(
        archive,
        "On March 5, 1931 Governor Halvard made a statement about the coming handover of "
        "Port Arthur.",
    )
    assert stance == "contradicts"
    assert "statement" in reasons["event_match"] and "Lüshun" in reasons["event_match"]
    assert reasons["date_conflict"] == "1931-03-05 ≠ 1931-03-04"
    assert reasons["verdict"] in ("contradicted", "conflicting")


def test_the_same_day_supports(archive: Archive) -> None:
    stance, reasons = _bearing(
        archive,
        "On March 4, 1931 Governor Halvard made a statement about the coming handover of "
        "Port Arthur.",
    )
    assert stance == "supports"
    assert reasons["date_match"] == "1931-03-04 ≈ 1931-03-04"


def test_a_date_years_away_is_another_event(archive: Archive) -> None:
    result = check_claim(
        archive.store,
        "On March 5, 1931 Governor Halvard made a statement about the coming handover of "
        "Port Arthur.",
        archive.settings,
    )
    notes = [e for e in result.evidence if e.hit.source.endswith("notes.txt")]
    assert all(e.assessment.stance != "contradicts" for e in notes)


def test_a_less_precise_passage_is_consistent_but_does_not_confirm(archive: Archive) -> None:
    result = check_claim(
        archive.store,
        "On May 20, 1938 the government issued a communiqué on the return of Port Arthur.",
        archive.settings,
    )
    notes = next(e for e in result.evidence if e.hit.source.endswith("notes.txt"))
    types = {r.type for r in notes.assessment.reasons}
    assert "date_consistent" in types, notes.assessment.reasons
    assert "date_conflict" not in types
