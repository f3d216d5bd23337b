"""Plain-text web articles: repeated title, paragraphs, trailing link line as boilerplate."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import FIXTURES, probe_of

from dossier.model import Document
from dossier.read import choose_reader, read_bytes
from dossier.read.article import is_link_line, repeated_title
from dossier.settings import Settings

TEXT = FIXTURES / "text"


def read(path: Path, settings: Settings) -> Document:
    return read_bytes(probe_of(path.name, path.read_bytes()), str(path), settings)[0]


def assert_maps_back(doc: Document, original: str) -> None:
    for p in doc.passages:
        start, end = doc.offsets.to_original(p.start), doc.offsets.to_original(p.end, end=True)
        assert original[start:end] == p.text_of(doc.text)


def test_article_title_and_boilerplate(settings: Settings) -> None:
    doc = read(TEXT / "article.txt", settings)
    assert doc.reader == "article@1"
    assert doc.record.title == "Harbour Handover Was a Mistake"
    assert (doc.record.genre, doc.record.kind) == ("article", "secondary")
    assert [p.kind for p in doc.passages] == ["heading", "paragraph", "paragraph"]
    assert doc.text.count("Harbour Handover Was a Mistake") == 1
    links = "Why Old Forts Matter Today Ten Bridges That Changed The Region Forever"
    assert doc.boilerplate == [links]
    assert "Old Forts" not in doc.text
    assert_maps_back(doc, (TEXT / "article.txt").read_text("utf-8"))


def test_last_sentence_is_not_boilerplate(settings: Settings) -> None:
    doc = read(TEXT / "article_no_links.txt", settings)
    assert doc.boilerplate == []
    assert doc.text.endswith("the harbour master said later.")


@pytest.mark.parametrize(
    ("data", "reader"),
    [
        ((TEXT / "article.txt").read_bytes(), "article"),
        (b"A Title\n\nA Title\n\nBody.\n", "article"),
        (b"A Title\n\nA different line.\n\nBody.\n", "text"),
        (b"Ends with a stop.\nEnds with a stop.\nBody.\n", "text"),
    ],
)
def test_reader_choice(data: bytes, reader: str) -> None:
    assert choose_reader(probe_of("a.txt", data)).name == reader


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Who Sank the Ferry? Ten Forgotten Harbours of the North Sea Coast", True),
        ("The ships waited outside the harbour for three days", False),
        ("The ships waited outside the harbour.", False),
        ("Short Title Case", False),
    ],
)
def test_is_link_line(line: str, expected: bool) -> None:
    assert is_link_line(line) is expected


def test_repeated_title_ranges() -> None:
    text = "Heading\n\nHeading\nBody"
    assert repeated_title(text) == ((0, 7), (9, 16))


# --- acceptance: the reference corpus -------------------------------------------------------


def test_seed_article(corpus: Path, settings: Settings) -> None:
    path = corpus / "seeds" / "000_22ddac4f5dd0773c.txt"
    original = path.read_text("utf-8")
    doc = read(path, settings)
    assert doc.reader == "article@1"
    assert doc.record.title == original.splitlines()[0]
    assert doc.passages[0].kind == "heading"
    assert doc.text.count(doc.record.title) == 1
    last = original.strip().splitlines()[-1]
    assert doc.boilerplate == [last]
    assert last not in doc.text
    assert (doc.record.genre, doc.record.kind) == ("article", "secondary")
    assert_maps_back(doc, original)


def test_every_seed_has_its_reader(corpus: Path) -> None:
    expected = {"000_22ddac4f5dd0773c.txt": "article", "002_ecbf789a14d7ac1d.txt": "archival"}
    for path in sorted((corpus / "seeds").iterdir()):
        assert choose_reader(probe_of(path.name, path.read_bytes())).name == expected[path.name]
