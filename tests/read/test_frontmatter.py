"""Text with YAML front matter: record from the keys, FRUS page conventions in the body."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, probe_of

from dossier.errors import ReadError
from dossier.model import Document
from dossier.read import choose_reader, read_bytes
from dossier.read.frontmatter import FrontMatterReader, address_parts, dateline_parts
from dossier.settings import Settings

TEXT = FIXTURES / "text"
_MARK = re.compile(r"\[Page (\d+)\]|^[ \t]*Page[ \t]+(\d+)[ \t]*$", re.MULTILINE)
_PAGE = re.compile(r"\[Page [\w-]+\]|^[ \t]*Page[ \t]+\d+[ \t]*$", re.MULTILINE)


def read(path: Path, settings: Settings) -> Document:
    docs = read_bytes(probe_of(path.name, path.read_bytes()), str(path), settings)
    assert len(docs) == 1
    return docs[0]


def assert_maps_back(doc: Document, original: str) -> None:
    """Every passage is the original's text at its mapped range, page markers aside."""
    for p in doc.passages:
        start, end = doc.offsets.to_original(p.start), doc.offsets.to_original(p.end, end=True)
        assert _PAGE.sub("", original[start:end]) == p.text_of(doc.text)


def kinds(doc: Document) -> list[tuple[str, str | None, str | None]]:
    return [(p.kind, p.label, p.page) for p in doc.passages]


def test_telegram_record_from_front_matter_and_header(settings: Settings) -> None:
    doc = read(TEXT / "telegram_page.md", settings)
    r = doc.record
    assert doc.reader == "frontmatter@1" and doc.encoding == "utf-8"
    assert r.source_url == "https://example.org/frus1948v09/d12"
    assert r.identifier == "frus1948v09/d12"
    assert (r.genre, r.kind) == ("telegram", "primary")
    assert r.creators == ["The Consul General at Mukden (Ward)"]
    assert r.recipients == ["The Secretary of State"]
    assert (r.place, r.date) == ("Mukden", "1948-03-15")
    assert r.title == "The Consul General at Mukden (Ward) to the Secretary of State"
    assert r.extra == {
        "archive_box": "17",
        "file_number": "711.61/3–1548",
        "received": "Received March 16—9:05 a.m.",
    }


def test_telegram_passages_pages_and_footnotes(settings: Settings) -> None:
    doc = read(TEXT / "telegram_page.md", settings)
    assert kinds(doc) == [
        ("heading", "file", None),
        ("heading", "address", None),
        ("heading", "dateline", None),
        ("editorial", "received", None),
        ("paragraph", None, None),
        ("paragraph", None, "302"),
        ("footnote", None, "302"),
        ("footnote", None, "302"),
    ]
    assert "[Page" not in doc.text and "↩" not in doc.text
    assert doc.passages[-2].text_of(doc.text) == "Repeated to Nanking as No. 40."
    original = (TEXT / "telegram_page.md").read_text("utf-8")
    assert_maps_back(doc, original)
    at = doc.text.index("Traders report")
    assert doc.offsets.to_original(at) == original.index("Traders report")


def test_front_matter_date_wins_over_the_dateline(settings: Settings) -> None:
    data = (TEXT / "telegram_page.md").read_bytes().replace(b"archive_box", b"date: 1948-03-14\nx")
    doc = read_bytes(probe_of("t.md", data), "t.md", settings)[0]
    assert doc.record.date == "1948-03-14"
    assert doc.record.place == "Mukden"


def test_hard_wrapped_ocr_page(settings: Settings) -> None:
    doc = read(TEXT / "ocr_page.txt", settings)
    r = doc.record
    assert (r.date, r.place, r.genre) == ("1949-06-12", "Warsaw", "telegram")
    assert r.creators == ["The Ambassador in Poland (Gallman)"]
    assert [p.page for p in doc.passages[1:]] == ["88"] * (len(doc.passages) - 1)
    body = [p.text_of(doc.text) for p in doc.passages if p.kind == "paragraph"]
    assert body[1].startswith("471.") and body[1].endswith("bridges.")
    assert body[2] == "Sent Department, repeated London 55."
    assert_maps_back(doc, (TEXT / "ocr_page.txt").read_text("utf-8"))


def test_heading_gives_the_title_and_numbered_footnotes(settings: Settings) -> None:
    doc = read(TEXT / "editorial_note.md", settings)
    assert doc.record.title == "Editorial Note"
    assert (doc.record.genre, doc.record.kind) == ("editorial note", "secondary")
    assert kinds(doc) == [
        ("heading", None, None),
        ("paragraph", None, None),
        ("footnote", "1", "77"),
    ]
    assert doc.passages[-1].text_of(doc.text) == "Not printed."


def test_markdown_with_aliases_and_unknown_keys(settings: Settings) -> None:
    doc = read(TEXT / "field_notes.md", settings)
    r = doc.record
    assert r.title == "Field notes from the harbour"
    assert (r.date, r.source_url) == ("2021-05-01", "https://notes.example.org/harbour")
    assert r.creators == ["A. Smith", "B. Jones"]
    assert r.extra == {"tags": "port; survey"}
    assert [p.kind for p in doc.passages] == ["heading", "paragraph", "paragraph"]
    assert doc.passages[0].text_of(doc.text) == "Morning survey"
    assert doc.passages[1].text_of(doc.text).count("\n") == 1


@pytest.mark.parametrize(
    ("front", "message"),
    [("- one\n- two\n", "mapping of fields, not a list"), ("key: [open\n", "not valid YAML")],
)
def test_bad_front_matter_is_refused(front: str, message: str, settings: Settings) -> None:
    data = f"---\n{front}---\nBody text here.\n".encode()
    with pytest.raises(ReadError, match=message) as info:
        read_bytes(probe_of("bad.md", data), "bad.md", settings)
    assert info.value.source == "bad.md"


def test_scalar_front_matter_is_refused_by_the_reader(settings: Settings) -> None:
    probe = probe_of("s.md", b"---\njust a string\n---\nBody.\n")
    assert choose_reader(probe).name == "text"
    with pytest.raises(ReadError, match="mapping of fields, not a str"):
        FrontMatterReader().read(probe, "s.md", settings)


@pytest.mark.parametrize(
    ("name", "data", "reader"),
    [
        ("a.md", b"---\ntitle: T\n---\nBody.\n", "frontmatter"),
        ("a.txt", b"\xef\xbb\xbf---\nid: 1\n---\nBody.\n", "frontmatter"),
        ("a.md", b"---\n\nJust a rule above prose.\n", "text"),
        ("a.yaml", b"---\ntitle: T\n---\nother: 1\n", "text"),
        ("a.txt", b"Plain prose.\n\nMore prose.\n", "text"),
    ],
)
def test_reader_choice(name: str, data: bytes, reader: str) -> None:
    chosen = choose_reader(probe_of(name, data))
    assert chosen.name == reader
    if reader == "text":
        assert chosen.score(probe_of(name, data)) <= 0.5


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "The Ambassador in Spain (Culbertson) to President Truman and the Secretary of State",
            (
                "The Ambassador in Spain (Culbertson)",
                ["President Truman", "The Secretary of State"],
            ),
        ),
        (
            "The Ambassador to Italy (Dunn) to the Secretary of State 7",
            ("The Ambassador to Italy (Dunn)", ["The Secretary of State"]),
        ),
        (
            "Telegram From the Embassy in Norway to the Department of State",
            ("The Embassy in Norway", ["The Department of State"]),
        ),
        ("The harbour was closed to all shipping.", None),
        ("Grain went to the market", None),
    ],
)
def test_address_parts(line: str, expected: tuple[str, list[str]] | None) -> None:
    assert address_parts(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("OSLO, May 3, 1948—6 p.m.", ("Oslo", "1948-05-03")),
        ("Rio de Janeiro, 4 June 1950.", ("Rio de Janeiro", "1950-06-04")),
        ("June 4, 1950", (None, "1950-06-04")),
        ("Signed at Moscow, August 14, 1945: a treaty series", None),
        ("OSLO, May 1948", None),
    ],
)
def test_dateline_parts(line: str, expected: tuple[str | None, str] | None) -> None:
    assert dateline_parts(line) == expected


# --- acceptance: the reference corpus -------------------------------------------------------


def test_every_frus_page_is_read_by_the_frontmatter_reader(
    corpus: Path, settings: Settings
) -> None:
    files = sorted((corpus / "frus-pages").glob("*.txt"))
    assert files
    for path in files:
        original = path.read_text("utf-8")
        doc = read(path, settings)
        assert doc.reader == "frontmatter@1", path.name
        assert doc.record.identifier and doc.record.source_url, path.name
        assert doc.record.title and doc.record.genre and doc.record.kind, path.name
        assert "[Page " not in doc.text and "↩" not in doc.text, path.name
        marks = [(m.start(), m.group(1) or m.group(2)) for m in _MARK.finditer(original)]
        for p in doc.passages:
            at = doc.offsets.to_original(p.start)
            expected = [page for offset, page in marks if offset <= at]
            assert p.page == (expected[-1] if expected else None), (path.name, p)
        assert_maps_back(doc, original)


def test_frus_header_fields_and_footnotes(corpus: Path, settings: Settings) -> None:
    pages = corpus / "frus-pages"
    telegrams = [p for p in pages.glob("frus19*.txt") if ": Telegram" in p.read_text("utf-8")]
    assert len(telegrams) >= 10
    for path in telegrams:
        doc = read(path, settings)
        assert doc.record.genre == "telegram", path.name
        assert doc.record.creators and doc.record.recipients, path.name
    with_notes = read(pages / "frus1947v07_d402.txt", settings)
    assert [p.kind for p in with_notes.passages].count("footnote") == 2
    assert any(p.kind == "editorial" and p.label == "received" for p in with_notes.passages)
    undated = read(pages / "frus1949v08_p0863_wisc.txt", settings)
    assert (undated.record.date, undated.record.place) == ("1949-03-24", "Nanking")
