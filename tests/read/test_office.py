"""DOCX reader: headings, tables, notes and core properties; bombs and broken zips refused."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import datetime
from typing import Any

import docx
import pytest
from tests.conftest import probe_of

from dossier.errors import CorruptFile, ReadError, UnsafeInput
from dossier.model import Document
from dossier.read import choose_reader, read_bytes
from dossier.settings import Settings

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:t>Cabled to the embassy the same evening.</w:t></w:r></w:p>
</w:footnote></w:footnotes>"""
FOOTNOTES_REL = (
    '<Relationship Id="rIdNotes" Target="footnotes.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/footnotes"/>'
)
FOOTNOTES_TYPE = (
    '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.footnotes+xml"/>'
)


def make_docx(**props: Any) -> bytes:
    d = docx.Document()
    d.add_heading("Memorandum of Conversation", level=0)
    d.add_paragraph("The ambassador called at the ministry at noon on the fourth of May.")
    d.add_heading("The question of the railway", level=1)
    d.add_paragraph("He said the joint administration of the line should end by winter.")
    table = d.add_table(rows=2, cols=3)
    rows = [("Port", "Tonnage", "Year"), ("North", "1200", "1951")]
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    d.add_paragraph("")
    d.add_paragraph("The minister promised an answer within the week.")
    for key, value in props.items():
        setattr(d.core_properties, key, value)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def rezip(data: bytes, change: dict[str, bytes | None]) -> bytes:
    """A copy of the zip ``data`` with members replaced, added or (None) removed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename not in change:
                dst.writestr(info, src.read(info), zipfile.ZIP_DEFLATED)
        for name, value in change.items():
            if value is not None:
                dst.writestr(name, value, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def with_footnotes(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        rels = zf.read("word/_rels/document.xml.rels").decode()
        types = zf.read("[Content_Types].xml").decode()
    return rezip(
        data,
        {
            "word/footnotes.xml": FOOTNOTES.encode(),
            "word/_rels/document.xml.rels": rels.replace(
                "</Relationships>", FOOTNOTES_REL + "</Relationships>"
            ).encode(),
            "[Content_Types].xml": types.replace("</Types>", FOOTNOTES_TYPE + "</Types>").encode(),
        },
    )


def read_docx(data: bytes, settings: Settings, name: str = "memo.docx") -> Document:
    docs = read_bytes(probe_of(name, data), name, settings)
    assert len(docs) == 1
    return docs[0]


def test_headings_paragraphs_tables_and_record(settings: Settings) -> None:
    data = make_docx(
        title="Conversation at the Ministry",
        author="C. Brown; D. White",
        created=datetime(1951, 5, 4, 12, 0),
        language="en-US",
        subject="Railway administration",
    )
    doc = read_docx(data, settings)
    got = [(p.kind, p.text_of(doc.text)) for p in doc.passages]
    assert got == [
        ("heading", "Memorandum of Conversation"),
        ("paragraph", "The ambassador called at the ministry at noon on the fourth of May."),
        ("heading", "The question of the railway"),
        ("paragraph", "He said the joint administration of the line should end by winter."),
        ("paragraph", "Port | Tonnage | Year"),
        ("paragraph", "North | 1200 | 1951"),
        ("paragraph", "The minister promised an answer within the week."),
    ]
    record = doc.record
    assert record.title == "Conversation at the Ministry"
    assert record.creators == ["C. Brown", "D. White"]
    assert (record.date, record.language) == ("1951-05-04", "en-US")
    assert record.extra["subject"] == "Railway administration"
    assert record.genre is not None and "memorandum" in record.genre
    assert record.kind == "primary"
    assert doc.encoding is None and doc.reader == "docx@1"


def test_offsets_map_passages_into_the_extraction(settings: Settings) -> None:
    doc = read_docx(make_docx(), settings)
    extraction = "\n\n".join(p.text_of(doc.text) for p in doc.passages)
    for p in doc.passages:
        start, end = doc.offsets.to_original(p.start), doc.offsets.to_original(p.end, end=True)
        assert extraction[start:end] == p.text_of(doc.text)


def test_footnotes_become_footnote_passages(settings: Settings) -> None:
    doc = read_docx(with_footnotes(make_docx()), settings)
    notes = [p for p in doc.passages if p.kind == "footnote"]
    assert [(p.label, p.text_of(doc.text)) for p in notes] == [
        ("1", "Cabled to the embassy the same evening.")
    ]
    assert doc.passages[-1] is notes[0]


def test_missing_core_properties_invent_nothing(settings: Settings) -> None:
    data = make_docx(title="Kept")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        rels = zf.read("_rels/.rels").decode()
    rels = re.sub(r"<Relationship [^>]*core-properties[^>]*/>", "", rels)
    data = rezip(data, {"docProps/core.xml": None, "_rels/.rels": rels.encode()})
    doc = read_docx(data, settings)
    assert doc.record.title is None and doc.record.date is None and doc.record.creators == []


@pytest.mark.parametrize("name", ["memo.txt", "memo.zip", "memo"])
def test_docx_with_a_lying_name_goes_to_the_docx_reader(settings: Settings, name: str) -> None:
    data = make_docx()
    assert choose_reader(probe_of(name, data)).name == "docx"
    assert read_docx(data, settings, name=name).reader == "docx@1"


@pytest.mark.parametrize(
    ("change", "limits", "needle"),
    [
        ({"word/media/pad.bin": b"\0" * (8 * 1024 * 1024)}, {}, "ratio"),
        ({f"word/media/p{i}.bin": b"x" for i in range(40)}, {"max_zip_entries": 30}, "entries"),
        ({"word/media/pad.bin": b"abcdefgh" * 5000}, {"max_unpacked_bytes": 30_000}, "unpacks"),
        ({"../evil.xml": b"<a/>"}, {}, "unsafe name"),
        ({"word/extra.xml": b'<!DOCTYPE a [<!ENTITY b "bb">]><a>&b;</a>'}, {}, "DTD"),
    ],
)
def test_docx_bombs_are_refused(
    settings: Settings, change: dict[str, bytes | None], limits: dict[str, Any], needle: str
) -> None:
    data = rezip(make_docx(), change)
    with pytest.raises(UnsafeInput, match=needle) as err:
        read_docx(data, replace(settings, **limits))
    assert str(err.value).startswith("memo.docx: ")


def test_member_lying_about_its_size_is_corrupt(settings: Settings) -> None:
    data = bytearray(make_docx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    local, size = info.header_offset, 64
    central = data.find(b"word/document.xml", data.find(b"PK\x01\x02")) - 46
    data[local + 22 : local + 26] = size.to_bytes(4, "little")
    data[central + 24 : central + 28] = size.to_bytes(4, "little")
    with pytest.raises(CorruptFile, match=r"document\.xml"):
        read_docx(bytes(data), settings)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"PK\x03\x04" + b"\x01" * 200, CorruptFile),
        (make_docx()[:2000], CorruptFile),
        (rezip(make_docx(), {"word/document.xml": None}), CorruptFile),
        (rezip(make_docx(), {"word/document.xml": b"<w:document"}), CorruptFile),
    ],
)
def test_broken_docx_gets_one_clear_error(
    settings: Settings, data: bytes, error: type[ReadError]
) -> None:
    with pytest.raises(error) as err:
        read_docx(data, settings)
    assert str(err.value).startswith("memo.docx: ") and "\n" not in str(err.value)
