"""Small documents written for the OAI-PMH tests, and an archive of them stored in two batches a
second apart, so that ``from`` and ``until`` can tell the batches apart."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dossier.api import Archive
from dossier.settings import Settings
from dossier.store.base import ChangeQuery

REPOSITORY_ID = "dossier.example.org"


@dataclass(frozen=True)
class Fixture:
    name: str
    title: str
    date: str
    genre: str
    extra: str = ""
    body: str = "A short paragraph of text for the archive."

    def text(self) -> str:
        head = f'title: "{self.title}"\ndate: {self.date}\ngenre: {self.genre}\n{self.extra}'
        return f"---\n{head}---\n\n{self.body}\n"


FIRST = (
    Fixture(
        "cable-harbour.md",
        "Telegram on the harbour lease",
        "1950-02-14",
        "telegram",
        "author: The Consul at Dairen\nrecipient: The Secretary of State\n"
        "repository: Example State Archive\ncollection: Harbour Papers\n"
        "summary: The consul reports talk of a new lease on the harbour.\nlanguage: en\n",
        "The consul heard on the quay that a new lease would be signed within the month.",
    ),
    Fixture(
        "memo-rail.md",
        "Memorandum on rail traffic",
        "1951-06",
        "memorandum",
        "repository: Example State Archive\n",
        "Rail traffic through the junction doubled between spring and autumn.",
    ),
    Fixture(
        "letter-marks.md",
        "Notes on <b>tags</b> & 'quotes'",
        "1952",
        "letter",
        "summary: 'A title with <markup> & an ampersand; never markup in the feed.'\n",
    ),
)
SECOND = (
    Fixture(
        "cable-customs.md",
        "Telegram on the customs house",
        "1953-03-01",
        "telegram",
        "collection: Harbour Papers\n",
        "The customs house reopened under joint management in March.",
    ),
    Fixture(
        "memoir-pilot.md",
        "Recollections of a harbour pilot",
        "1958",
        "memoir",
        "collection: Ōtsu Kōwa Papers\nrights: Free to reuse\n",
        "Writing long afterwards, the pilot recalls the winter the harbour froze.",
    ),
)
TITLES = {f.title for f in FIRST + SECOND}


def write(folder: Path, fixtures: tuple[Fixture, ...]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for item in fixtures:
        (folder / item.name).write_text(item.text(), encoding="utf-8")
    return folder


def settings_for(db: str, page_size: int = 2) -> Settings:
    return Settings(db=db, ner_model="", oai_page_size=page_size, oai_repository_id=REPOSITORY_ID)


def stored_in_two_batches(archive: Archive, folder: Path) -> None:
    """Ingest ``FIRST``, wait for the clock to pass a second, ingest ``SECOND``."""
    assert not archive.ingest([write(folder / "first", FIRST)]).failed
    time.sleep(1.1)
    assert not archive.ingest([write(folder / "second", SECOND)]).failed


def batch_bounds(archive: Archive) -> tuple[datetime, datetime]:
    """When the first batch ended and the second began (each batch may span a second)."""
    changes = archive.store.changes(ChangeQuery(limit=100))[1]
    first = {f.title for f in FIRST}
    end = max(c.stored_at for c in changes if c.record.title in first)
    start = min(c.stored_at for c in changes if c.record.title not in first)
    assert end < start
    return end, start
