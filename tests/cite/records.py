"""Documents written for the citation tests (none is taken from the corpus)."""

from __future__ import annotations

import hashlib

from dossier.model import Document, OffsetMap, Record


def document(record: Record, text: str = "Body of the test document.") -> Document:
    """A document holding ``record``; its id depends on the record, as stored ones do."""
    digest = hashlib.sha256(repr(record).encode("utf-8", "surrogatepass")).hexdigest()
    return Document(
        source="fixtures/test.txt",
        sha256=digest,
        text=text,
        record=record,
        passages=[],
        offsets=OffsetMap.identity(len(text)),
        reader="test@1",
    )


TELEGRAM = Record(
    title="The Consul at Mukden to the Secretary of State",
    date="1947-03-12",
    creators=["Harold Whitcombe"],
    recipients=["The Secretary of State"],
    place="Mukden",
    language="English",
    repository="National Archives and Records Administration",
    collection="Decimal File 1945-1949",
    identifier="893.00/3-1247",
    extra={"box": "7112", "folder": "3", "archive_place": "College Park, MD"},
    classification="Confidential",
    genre="telegram",
    kind="primary",
)

MEMOIR = Record(
    title="Notes on a Winter Journey to the North",
    date="1961-11",
    language="English",
    original_language="Polish",
    translator="Anna Kowalczyk",
    repository="Example Digital Archive",
    source_url="https://archive.example.org/document/42",
    genre="memoir",
    kind="primary",
)

ARTICLE = Record(
    title="Harbours & Treaties: 100% of the story? {Not} quite_",
    date="2019-05-02",
    creators=["Marta de la Cruz"],
    language="English",
    source_url="https://news.example.com/harbours",
    extra={"newspaper": "The Coastal Herald"},
    genre="article",
    kind="secondary",
)
