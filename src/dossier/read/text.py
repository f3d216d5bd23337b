"""Plain text in any common encoding: paragraphs are blocks separated by blank lines, or lines
when the file has no blank lines at all."""

from __future__ import annotations

from typing import ClassVar

from dossier.model import Document, Record
from dossier.read.assemble import Piece, assemble, split_blocks, split_lines
from dossier.read.base import Probe, make_document, register
from dossier.read.decode import decode_text, looks_binary
from dossier.settings import Settings

__all__ = ["PlainTextReader", "paragraph_pieces"]

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}


def paragraph_pieces(original: str, start: int = 0, end: int | None = None) -> list[Piece]:
    """Paragraph pieces of ``original[start:end]``: blank-line blocks, or lines if none."""
    blocks = split_blocks(original, start, end)
    if len(blocks) == 1 and original.count("\n", *blocks[0]) > 3:
        blocks = split_lines(original, *blocks[0])
    return [Piece("paragraph", a, b) for a, b in blocks]


def _is_title(line: str) -> bool:
    """A first block that reads as a title: one short line without closing punctuation."""
    return 0 < len(line) <= 120 and "\n" not in line and not line.endswith((".", ",", ";", ":"))


class PlainTextReader:
    name: ClassVar[str] = "text"
    version: ClassVar[str] = "1"

    def score(self, probe: Probe) -> float:
        if looks_binary(probe.head) and b"\x00" not in probe.head:
            return 0.0
        return 0.5 if probe.suffix in TEXT_SUFFIXES else 0.05

    def read(self, probe: Probe, source: str, settings: Settings) -> list[Document]:
        original, encoding = decode_text(probe.data)
        pieces = paragraph_pieces(original)
        record = Record()
        if len(pieces) > 1 and _is_title(original[pieces[0].start : pieces[0].end]):
            pieces[0] = Piece("heading", pieces[0].start, pieces[0].end)
            record.title = original[pieces[0].start : pieces[0].end]
        built = assemble(original, pieces)
        return [make_document(self, probe, source, record, built, encoding=encoding)]


register(PlainTextReader())
