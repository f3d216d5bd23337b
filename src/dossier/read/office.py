"""DOCX (Word 2007+) through python-docx, opened only after ``zipsafe.check_zip``.

The reader's own extraction is the text of every block joined by blank lines: body paragraphs
and table rows in document order (cells joined by `` | ``), then footnotes and endnotes, read
from their parts with python-docx's own entity-free XML parser (python-docx has no footnote
API). ``Document.offsets`` maps the document text into that extraction (``encoding`` is None).
Paragraphs in ``Heading N``, ``Title`` or ``Subtitle`` styles, or with an outline level, become
``heading`` passages. The record comes from the core properties (``docProps/core.xml``) when the
file has them. XML members with a DTD or entity declarations are refused as unsafe.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any, ClassVar

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from dossier.errors import CorruptFile, ReadError, UnsafeInput
from dossier.model import Document, Record
from dossier.read.assemble import Piece, assemble
from dossier.read.base import Probe, make_document, register
from dossier.read.zipsafe import central_directory, check_zip, read_member
from dossier.settings import Settings

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

__all__ = ["DOCX_MEMBER", "DocxReader", "docx_blocks"]

DOCX_MEMBER = "word/document.xml"
CORE_MEMBER = "docProps/core.xml"
ZIP_MAGIC = b"PK\x03\x04"
DOCX_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
HEADING_STYLES = ("Heading", "Title", "Subtitle")
CELL_SEPARATOR = " | "
_NOTE_SKIP = {"separator", "continuationSeparator", "continuationNotice"}
_BROKEN = (
    zipfile.BadZipFile,
    etree.LxmlError,
    LookupError,
    ValueError,
    TypeError,
    AttributeError,
    EOFError,
    OSError,
    RecursionError,
    NotImplementedError,
    zlib.error,
)

Block = tuple[str, str, str | None]
"""A future passage: ``(kind, text, label)``."""


def _is_heading(paragraph: Paragraph) -> bool:
    style = paragraph.style
    name = str(style.name or "") if style is not None else ""
    if name.startswith(HEADING_STYLES):
        return True
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:outlineLvl")) is not None


def _row_text(row: Any) -> str:
    seen: set[int] = set()
    cells: list[str] = []
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        text = " ".join(cell.text.split())
        if text:
            cells.append(text)
    return CELL_SEPARATOR.join(cells)


def _body_blocks(document: DocxDocument) -> Iterator[Block]:
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if text:
                yield ("heading" if _is_heading(item) else "paragraph", text, None)
        elif isinstance(item, Table):
            for row in item.rows:
                text = _row_text(row)
                if text:
                    yield "paragraph", text, None


def _note_blocks(document: DocxDocument, reltype: str, tag: str) -> Iterator[Block]:
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype != reltype:
            continue
        root = parse_xml(rel.target_part.blob)
        for note in root.iter(qn(tag)):
            if note.get(qn("w:type")) in _NOTE_SKIP:
                continue
            paras = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in note.iter(qn("w:p"))]
            text = " ".join(" ".join(paras).split())
            if text:
                yield "footnote", text, note.get(qn("w:id"))


def docx_blocks(document: DocxDocument) -> list[Block]:
    """Every block of ``document``: body paragraphs and table rows, then foot- and endnotes."""
    blocks = list(_body_blocks(document))
    blocks += _note_blocks(document, RT.FOOTNOTES, "w:footnote")
    blocks += _note_blocks(document, RT.ENDNOTES, "w:endnote")
    return blocks


def _record(document: DocxDocument) -> Record:
    props = document.core_properties
    record = Record(
        title=(props.title or "").strip() or None,
        creators=[a.strip() for a in (props.author or "").split(";") if a.strip()],
        language=(props.language or "").strip() or None,
        identifier=(props.identifier or "").strip() or None,
    )
    if props.created is not None:
        record.date = props.created.date().isoformat()
    for key, value in (
        ("subject", props.subject),
        ("keywords", props.keywords),
        ("description", props.comments),
    ):
        if (value or "").strip():
            record.extra[key] = value.strip()
    return record


def _check_members(zf: zipfile.ZipFile, settings: Settings) -> None:
    """Refuse XML members with a DTD or entities; make sure the main part is there."""
    names = zf.namelist()
    if DOCX_MEMBER not in names:
        raise CorruptFile(f"not a DOCX (the zip has no {DOCX_MEMBER})")
    budget = settings.max_unpacked_bytes
    for name in names:
        if not name.endswith((".xml", ".rels")):
            continue
        data = read_member(zf, name, budget)
        budget -= len(data)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise UnsafeInput(f"DOCX member {name} declares a DTD or entities")


class DocxReader:
    """Reads DOCX; scores on the zip magic and ``word/document.xml`` in the central directory."""

    name: ClassVar[str] = "docx"
    version: ClassVar[str] = "1"

    def score(self, probe: Probe) -> float:
        if not probe.data.startswith(ZIP_MAGIC):
            return 0.0
        directory = central_directory(probe.data)
        if directory is not None and DOCX_MEMBER.encode() in directory:
            return 1.0
        return 0.3 if probe.suffix in DOCX_SUFFIXES else 0.0

    def read(self, probe: Probe, source: str, settings: Settings) -> list[Document]:
        with check_zip(probe.data, settings) as zf:
            _check_members(zf, settings)
            has_core = CORE_MEMBER in zf.namelist()
        try:
            document = docx.Document(io.BytesIO(probe.data))
            blocks = docx_blocks(document)
            record = _record(document) if has_core else Record()
        except ReadError:
            raise
        except _BROKEN as exc:
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            raise CorruptFile(f"corrupt DOCX ({reason})") from exc
        extraction = "\n\n".join(text for _, text, _ in blocks)
        pieces: list[Piece] = []
        pos = 0
        for kind, text, label in blocks:
            pieces.append(Piece(kind, pos, pos + len(text), label=label))
            pos += len(text) + 2
        built = assemble(extraction, pieces)
        return [make_document(self, probe, source, record, built, media_type=DOCX_MEDIA_TYPE)]


register(DocxReader())
