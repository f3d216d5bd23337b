"""Helpers shared by the text-like readers: find blocks of text and assemble a document from
pieces of the original, keeping the map back to it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from dossier.model import OffsetMap, Passage, TextBuilder

__all__ = ["Piece", "assemble", "split_blocks", "split_lines"]

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_NEWLINE = re.compile(r"\r?\n")


@dataclass(frozen=True)
class Piece:
    """A future passage: ``original[start:end]`` (or ``text`` in its place when given)."""

    kind: str
    start: int
    end: int
    page: str | None = None
    label: str | None = None
    text: str | None = None


def _trimmed(original: str, start: int, end: int) -> tuple[int, int] | None:
    chunk = original[start:end]
    stripped = chunk.strip()
    if not stripped:
        return None
    lead = len(chunk) - len(chunk.lstrip())
    return start + lead, start + lead + len(stripped)


def split_blocks(original: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Ranges of the non-blank blocks of ``original[start:end]`` separated by blank lines."""
    end = len(original) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for m in _BLANK_LINE.finditer(original, start, end):
        block = _trimmed(original, pos, m.start())
        if block:
            out.append(block)
        pos = m.end()
    block = _trimmed(original, pos, end)
    if block:
        out.append(block)
    return out


def split_lines(original: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Ranges of the non-blank lines of ``original[start:end]``."""
    end = len(original) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    for m in _NEWLINE.finditer(original, start, end):
        line = _trimmed(original, pos, m.start())
        if line:
            out.append(line)
        pos = m.end()
    line = _trimmed(original, pos, end)
    if line:
        out.append(line)
    return out


def assemble(original: str, pieces: list[Piece]) -> tuple[str, list[Passage], OffsetMap]:
    """Join pieces with blank lines into one text with passages and a map to ``original``."""
    builder = TextBuilder()
    passages: list[Passage] = []
    for piece in pieces:
        if passages:
            builder.add("\n\n")
        begin = len(builder)
        if piece.text is None:
            builder.add(original[piece.start : piece.end], piece.start)
        else:
            builder.add(piece.text, piece.start, piece.end)
        passages.append(Passage(piece.kind, begin, len(builder), piece.page, piece.label))
    text, offsets = builder.build()
    return text, passages, offsets
