"""PDF reader: pages, paragraphs, metadata, and one clear error for every kind of bad PDF."""

from __future__ import annotations

import io
import logging
import random
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from pypdf.constants import PageLabelStyle
from reportlab.lib.pdfencrypt import StandardEncryption  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]
from tests.conftest import probe_of

from dossier.errors import CorruptFile, EmptyDocument, ReadError, UnsafeInput
from dossier.model import Document
from dossier.read import choose_reader, read_bytes
from dossier.read import pdf as pdf_module
from dossier.read.office import DocxReader
from dossier.read.pdf import pdf_date
from dossier.settings import Settings

# Each page is a list of paragraphs; a paragraph is a list of lines; "# " marks a heading.
TWO_PAGES = [
    [
        ["# Report on the Northern Harbour"],
        [
            "The inspection party reached the northern harbour early on Tuesday and found",
            "the outer mole damaged by the autumn storms, with two cranes out of service",
            "and the coal sheds standing empty since the end of the previous month.",
        ],
        [
            "The harbour master asked for timber and cement before the ice closes the bay;",
            "he expects the first convoy of the season in the second week of April.",
        ],
    ],
    [
        [
            "On the second day the party visited the naval yard, where the garrison",
            "commander described the state of the barracks and the winter stores.",
        ],
        ["No decision was taken on the transfer of the yard."],
    ],
]


def make_pdf(
    pages: list[list[list[str]]],
    gap: float = 10.0,
    encrypt: StandardEncryption | str | None = None,
    **meta: str,
) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=encrypt, invariant=True, lang=meta.get("lang"))
    c.setTitle(meta.get("title", ""))
    c.setAuthor(meta.get("author", ""))
    c.setSubject(meta.get("subject", ""))
    for page in pages:
        y = 780.0
        for para in page:
            for line in para:
                heading = line.startswith("# ")
                c.setFont("Helvetica-Bold" if heading else "Helvetica", 18 if heading else 10)
                c.drawString(60, y, line.removeprefix("# "))
                y -= 22 if heading else 13
            y -= gap
        c.showPage()
    c.save()
    return buf.getvalue()


def read_pdf(data: bytes, settings: Settings, name: str = "memo.pdf") -> Document:
    docs = read_bytes(probe_of(name, data), name, settings)
    assert len(docs) == 1
    return docs[0]


def texts(doc: Document) -> list[tuple[str, str | None, str]]:
    return [(p.kind, p.page, p.text_of(doc.text)) for p in doc.passages]


def test_two_pages_with_metadata(settings: Settings) -> None:
    data = make_pdf(
        TWO_PAGES,
        title="Northern Harbour",
        author="A. Petrov; B. Ivanova",
        subject="Harbour repairs",
        lang="en-GB",
    )
    doc = read_pdf(data, settings)
    got = texts(doc)
    assert [(kind, page) for kind, page, _ in got] == [
        ("heading", "1"),
        ("paragraph", "1"),
        ("paragraph", "1"),
        ("paragraph", "2"),
        ("paragraph", "2"),
    ]
    assert got[0][2] == "Report on the Northern Harbour"
    assert got[2][2].startswith("The harbour master") and got[2][2].endswith("April.")
    assert got[4][2] == "No decision was taken on the transfer of the yard."
    assert doc.record.title == "Northern Harbour"
    assert doc.record.creators == ["A. Petrov", "B. Ivanova"]
    assert doc.record.extra["subject"] == "Harbour repairs"
    assert doc.record.language == "en-GB"
    assert doc.record.date is not None and len(doc.record.date) == 10
    assert doc.encoding is None and doc.reader == "pdf@1"
    assert doc.media_type == "application/pdf"


def test_offsets_map_into_the_page_extraction(settings: Settings) -> None:
    data = make_pdf(TWO_PAGES)
    doc = read_pdf(data, settings)
    reader = pypdf.PdfReader(io.BytesIO(data))
    extraction = "".join(p.extract_text() + "\f" for p in reader.pages)
    for passage in doc.passages:
        start = doc.offsets.to_original(passage.start)
        end = doc.offsets.to_original(passage.end, end=True)
        assert extraction[start:end] == passage.text_of(doc.text)


def test_paragraphs_without_gaps_split_on_short_sentence_end(settings: Settings) -> None:
    page = [
        [
            "The delegation travelled by the night train and arrived in the capital",
            "shortly before dawn, tired but in good spirits after the long journey.",
            "They were taken at once to the guest house.",
            "In the afternoon the first talks began in the small hall of the ministry",
            "and lasted, with one short break for tea, until late in the evening.",
        ]
    ]
    doc = read_pdf(make_pdf([page], gap=0.0), settings)
    got = [t for _, _, t in texts(doc)]
    assert len(got) == 2
    assert got[0].endswith("guest house.") and got[1].startswith("In the afternoon")


@pytest.mark.parametrize("bullet", ["- ", "* ", "1. ", "2) ", "(a) "])
def test_list_items_start_new_paragraphs(settings: Settings, bullet: str) -> None:
    page = [
        [
            "The convoy carried the following stores for the garrison",
            f"{bullet}flour and salted fish for the winter",
            f"{bullet}lamp oil, rope and tar for the",
            "  repair of the small boats",
        ]
    ]
    got = [t for _, _, t in texts(read_pdf(make_pdf([page], gap=0.0), settings))]
    assert len(got) == 3
    assert got[2].startswith(bullet.strip()) and got[2].endswith("small boats")


def test_page_labels_are_used(settings: Settings) -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf(TWO_PAGES)))
    writer.set_page_label(0, 1, style=PageLabelStyle.LOWERCASE_ROMAN)
    buf = io.BytesIO()
    writer.write(buf)
    doc = read_pdf(buf.getvalue(), settings)
    assert {p.page for p in doc.passages} == {"i", "ii"}


def test_pdf_named_txt_goes_to_the_pdf_reader(settings: Settings) -> None:
    data = make_pdf(TWO_PAGES)
    assert choose_reader(probe_of("notes.txt", data)).name == "pdf"
    assert read_pdf(data, settings, name="notes.txt").reader == "pdf@1"


def test_truncated_pdf_is_corrupt(settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    data = make_pdf(TWO_PAGES)
    with caplog.at_level(logging.DEBUG), pytest.raises(CorruptFile, match="truncated") as err:
        read_pdf(data[: len(data) // 2], settings)
    assert "memo.pdf" in str(err.value) and "\n" not in str(err.value)
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_garbage_behind_a_pdf_header_is_corrupt(
    settings: Settings, seed: int, recwarn: pytest.WarningsRecorder
) -> None:
    body = random.Random(seed).randbytes(3000)
    with pytest.raises(CorruptFile):
        read_pdf(b"%PDF-1.4\n" + body + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", settings)
    assert not [w for w in recwarn if "pypdf" in str(w.filename)]


def test_blank_pdf_has_no_text_layer(settings: Settings) -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(50, 50, 400, 600, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(EmptyDocument, match="no text layer"):
        read_pdf(buf.getvalue(), settings)


def test_random_bytes_named_pdf_get_a_clear_error(settings: Settings) -> None:
    data = random.Random(7).randbytes(5000)
    assert pdf_module.PdfReader().score(probe_of("scan.pdf", data)) == 0.0
    with pytest.raises(ReadError) as err:
        read_pdf(data, settings, name="scan.pdf")
    assert not isinstance(err.value, EmptyDocument)
    assert str(err.value).startswith("scan.pdf: ") and "\n" not in str(err.value)


def test_encrypted_pdf_needs_a_password(settings: Settings) -> None:
    data = make_pdf(TWO_PAGES, encrypt="secret")
    with pytest.raises(ReadError, match="password") as err:
        read_pdf(data, settings)
    assert not isinstance(err.value, (EmptyDocument, CorruptFile))


def test_owner_password_only_pdf_is_read(settings: Settings) -> None:
    encrypt = StandardEncryption("", ownerPassword="owner", canPrint=1)
    doc = read_pdf(make_pdf(TWO_PAGES, encrypt=encrypt), settings)
    assert "naval yard" in doc.text


def test_page_cap(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "MAX_PAGES", 1)
    with pytest.raises(UnsafeInput, match="pages"):
        read_pdf(make_pdf(TWO_PAGES), settings)


def test_character_cap_follows_settings(settings: Settings) -> None:
    with pytest.raises(UnsafeInput, match="characters"):
        read_pdf(make_pdf(TWO_PAGES), replace(settings, max_unpacked_bytes=300))


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("D:19580904120000+03'00'", "1958-09-04"),
        ("D:195409", "1954-09"),
        ("1954", "1954"),
        ("D:19541399", "1954"),
        ("D:19541032", "1954-10"),
        ("", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_pdf_date(raw: str | None, iso: str | None) -> None:
    assert pdf_date(raw) == iso


@pytest.mark.corpus
def test_corpus_files_are_not_claimed_by_binary_readers(corpus: Path) -> None:
    files = [p for p in sorted(corpus.rglob("*")) if p.is_file()]
    assert files
    for path in files:
        probe = probe_of(path.name, path.read_bytes())
        assert pdf_module.PdfReader().score(probe) == 0.0, path.name
        assert DocxReader().score(probe) == 0.0, path.name
