"""The archival-record export layout: headed fields fill the record, the body follows Contents."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import FIXTURES, probe_of

from dossier.model import Document
from dossier.read import choose_reader, read_bytes
from dossier.read.archival import citation_fields, field_for, record_from_mapping
from dossier.settings import Settings

TEXT = FIXTURES / "text"


def read(path: Path, settings: Settings) -> Document:
    return read_bytes(probe_of(path.name, path.read_bytes()), str(path), settings)[0]


def assert_maps_back(doc: Document, original: str) -> None:
    for p in doc.passages:
        start, end = doc.offsets.to_original(p.start), doc.offsets.to_original(p.end, end=True)
        assert original[start:end] == p.text_of(doc.text)


def test_markdown_record(settings: Settings) -> None:
    doc = read(TEXT / "record.md", settings)
    r = doc.record
    assert doc.reader == "archival@1"
    assert (r.date, r.title) == ("1950-03-03", "Ivan Petrov's Recollections of a Visit to Harbin")
    assert r.citation is not None and r.citation.startswith('"Ivan Petrov')
    assert r.summary is not None and r.summary.startswith("Petrov describes the railway")
    assert r.credits == "This document was made possible with support from the Example Foundation"
    assert (r.original_language, r.language, r.translator) == ("Russian", "English", "John Doe")
    assert r.repository == "Example Digital Archive"
    assert r.provider == "Provided to the Example History Project by Anna Petrova"
    assert r.rights == "With permission of the Example History Project"
    assert r.source_url == "https://archive.example.org/document/4242"
    assert (r.genre, r.kind) == ("memoir", "primary")


def test_markdown_record_body(settings: Settings) -> None:
    doc = read(TEXT / "record.md", settings)
    kinds = ["heading", "editorial", "editorial", "editorial", "paragraph", "paragraph"]
    assert [p.kind for p in doc.passages] == kinds
    title, summary = (p.text_of(doc.text) for p in doc.passages[:2])
    assert (title, summary) == (doc.record.title, doc.record.summary)
    assert "Translation - English\n\nVersion 1\n\nWe arrived in Harbin" in doc.text
    assert "Citation" not in doc.text and "**" not in doc.text
    assert_maps_back(doc, (TEXT / "record.md").read_text("utf-8"))


def test_plain_record_without_markdown(settings: Settings) -> None:
    doc = read(TEXT / "record_plain.txt", settings)
    r = doc.record
    assert doc.reader == "archival@1"
    assert (r.date, r.title) == ("1951-04-12", "Notes of a Meeting at the Harbour Office")
    assert (r.language, r.original_language) == ("Polish", "Polish")
    assert r.repository == "Example City Library"
    assert r.provider == "Provided by the Harbour Office"
    assert r.source_url == "https://library.example.org/items/77"
    assert r.summary == "Minutes of a meeting on the repair of the eastern pier."
    assert [p.kind for p in doc.passages] == ["heading", "editorial", "editorial", "paragraph"]
    assert doc.passages[1].text_of(doc.text) == r.summary
    assert_maps_back(doc, (TEXT / "record_plain.txt").read_text("utf-8"))


@pytest.mark.parametrize(
    ("data", "reader"),
    [
        ((TEXT / "record.md").read_bytes(), "archival"),
        ((TEXT / "record_plain.txt").read_bytes(), "archival"),
        (b"Citation: a book I liked.\n\nSome prose.\n", "text"),
        (b"Summary:\nprose\n\nContents:\nmore prose\n", "text"),
    ],
)
def test_reader_choice(data: bytes, reader: str) -> None:
    assert choose_reader(probe_of("r.txt", data)).name == reader


@pytest.mark.parametrize(
    ("citation", "expected"),
    [
        (
            '"A Title", May 1, 1950, Example State Archive, Translated from German by Jane Roe '
            "for the Project. <https://a.example/doc/1>",
            {
                "repository": "Example State Archive",
                "translator": "Jane Roe",
                "source_url": "https://a.example/doc/1",
            },
        ),
        ("Plain words only", {}),
    ],
)
def test_citation_fields(citation: str, expected: dict[str, str]) -> None:
    assert citation_fields(citation) == expected


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Original Language", "original_language"),
        ("url", "source_url"),
        ("id", "identifier"),
        ("Author", "creators"),
        ("shelf mark", None),
    ],
)
def test_field_aliases(label: str, field: str | None) -> None:
    assert field_for(label) == field


def test_record_from_mapping_values() -> None:
    from datetime import date

    r = record_from_mapping(
        {
            "date": date(1949, 3, 24),
            "creator": "A. Writer",
            "source": "https://x.example/1",
            "pages": [1, 2],
            "id": 42,
            "date_note": None,
        }
    )
    assert (r.date, r.creators, r.source_url, r.identifier) == (
        "1949-03-24",
        ["A. Writer"],
        "https://x.example/1",
        "42",
    )
    assert r.extra == {"pages": "1; 2"}
    assert record_from_mapping({"date": "sometime"}).extra == {"date": "sometime"}


# --- acceptance: the reference corpus -------------------------------------------------------


def test_memoir_record(corpus: Path, settings: Settings) -> None:
    path = corpus / "seeds" / "002_ecbf789a14d7ac1d.txt"
    doc = read(path, settings)
    r = doc.record
    assert doc.reader == "archival@1"
    assert r.date == "1958-09-04"
    assert (r.original_language, r.language) == ("Russian", "English")
    assert r.translator == "Sergey Radchenko"
    assert r.source_url is not None and r.source_url.startswith("https://")
    assert r.repository and r.provider and r.provider.startswith("Provided")
    assert r.title and r.summary and r.credits and r.citation
    assert (r.genre, r.kind) == ("memoir", "primary")
    kinds = ["heading", "editorial", "editorial", "editorial"]
    assert [p.kind for p in doc.passages[:4]] == kinds
    assert all(p.kind == "paragraph" for p in doc.passages[4:])
    assert "Citation" not in doc.text
    assert_maps_back(doc, path.read_text("utf-8"))
