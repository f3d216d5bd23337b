"""PDF with a text layer, through pypdf.

The reader's own extraction is the text of every page as pypdf extracts it, the pages joined
by a form feed (``\\f``); ``Document.offsets`` maps the document text into that extraction
(``Document.encoding`` is None). Paragraphs are found per page from the lines' positions: a
larger vertical gap, a change of font size, a list bullet, a first-line indent or a short line
ending a sentence starts a new paragraph; short lines in a larger font are a heading.
``Passage.page`` is the page label (``"iv"``, ``"12"``) or number.

Refused with one line each: bytes that are not a PDF, truncated or corrupt PDFs
(``CorruptFile``), encrypted PDFs that need a password (``ReadError``), PDFs without a text
layer (``EmptyDocument``) and PDF bombs (``UnsafeInput``: more than ``MAX_PAGES`` pages, more
extracted characters than ``settings.max_unpacked_bytes``, or pypdf's own stream limits).
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import pypdf
from pypdf.errors import FileNotDecryptedError, LimitReachedError, PyPdfError

from dossier.errors import CorruptFile, EmptyDocument, ReadError, UnsafeInput
from dossier.model import Document, Record
from dossier.read.assemble import Piece, assemble
from dossier.read.base import Probe, make_document, register
from dossier.read.dates import parse_record_date
from dossier.read.text import paragraph_pieces
from dossier.settings import Settings

__all__ = ["MAX_PAGES", "Line", "PdfReader", "page_pieces", "pdf_date"]

MAX_PAGES = 5000
MAGIC = b"%PDF-"
PAGE_SEPARATOR = "\f"
_NEWLINE = re.compile(r"(\n)")
_SENTENCE_END = re.compile(r"[.!?:;\u2026][\"'\u201d\u2019)\]]*$")
_BULLET = re.compile(
    r"[\u2022\u25e6\u25aa\u2023\u2043\u2013\u2014*-]\s"  # bullets and dashes
    r"|\(?\d{1,2}[.)]\s|\([a-z]\)\s"  # 1. 2) (3) (a)
)
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_BROKEN = (
    PyPdfError,
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    AssertionError,
    RecursionError,
    ArithmeticError,
    NotImplementedError,
    OSError,
    EOFError,
    struct.error,
    zlib.error,
)


def pdf_date(raw: object) -> str | None:
    """The ISO prefix of a PDF date string (``D:19580904...`` → ``1958-09-04``)."""
    m = _PDF_DATE.match(str(raw or "").strip())
    if not m:
        return None
    year, month, day = m.groups()
    if month and not 1 <= int(month) <= 12:
        month = day = None
    if day and not 1 <= int(day) <= 31:
        day = None
    return "-".join(p for p in (year, month, day if month else None) if p)


@contextmanager
def _quiet(messages: list[str]) -> Iterator[None]:
    """Silence pypdf's logger and warnings, keeping their messages for the error line."""
    logger = logging.getLogger("pypdf")

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = _Keep()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = lambda message, *_args, **_kw: messages.append(str(message))
            yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _why(exc: BaseException | None, messages: list[str]) -> str:
    """One short line: the exception's message, then pypdf's first complaint."""
    parts = [str(exc).strip() or type(exc).__name__] if exc is not None else []
    parts += messages[:1]
    detail = "; ".join(" ".join(p.split()) for p in parts)
    return detail[:200] or "unknown error"


def _open(data: bytes) -> pypdf.PdfReader:
    """Open and decrypt (empty user password) the PDF; raise the reader's errors."""
    if MAGIC not in data[:1024]:
        raise CorruptFile("not a PDF (no %PDF- header)")
    if b"%%EOF" not in data[-2048:]:
        raise CorruptFile("truncated PDF (no %%EOF marker at the end)")
    reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except (FileNotDecryptedError, NotImplementedError, pypdf.errors.DependencyError) as exc:
            raise ReadError(f"encrypted PDF that cannot be opened ({exc})") from exc
        if not ok:
            raise ReadError("encrypted PDF: a password is required")
    return reader


def _labels(reader: pypdf.PdfReader, count: int) -> list[str]:
    try:
        labels = list(reader.page_labels)
    except _BROKEN:
        labels = []
    return labels if len(labels) == count else [str(i + 1) for i in range(count)]


@dataclass(frozen=True)
class Line:
    """One extracted line: ``text[start:end]`` of its page, where it starts and its font size."""

    start: int
    end: int
    x: float
    y: float
    size: float


def _multiply(m: list[float], n: list[float]) -> tuple[float, ...]:
    """The product of two PDF matrices ``[a b c d e f]``."""
    a1, b1, c1, d1, e1, f1 = (float(v) for v in m)
    a2, b2, c2, d2, e2, f2 = (float(v) for v in n)
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _page_lines(page: pypdf.PageObject) -> tuple[str, list[Line]]:
    """The page's text and its lines with positions (none when pypdf's chunks do not add up)."""
    chunks: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: Any) -> None:
        if text:
            _a, _b, c, d, e, f = _multiply(tm, cm)
            chunks.append((text, e, f, float(size or 0) * ((c * c + d * d) ** 0.5 or 1.0)))

    text = page.extract_text(visitor_text=visit)
    if "".join(c[0] for c in chunks) != text:
        return text, []
    lines: list[Line] = []
    pos, fresh = 0, True
    for piece, x, y, size in chunks:
        for part in _NEWLINE.split(piece):
            if part == "\n":
                fresh = True
            elif part.strip():
                if fresh:
                    lines.append(Line(pos, pos + len(part), x, y, size))
                    fresh = False
                else:
                    last = lines[-1]
                    lines[-1] = replace(last, end=pos + len(part), size=max(last.size, size))
            pos += len(part)
    return text, lines


def _is_break(text: str, a: Line, b: Line, page: _PageStats) -> bool:
    """Whether line ``b`` starts a new paragraph after line ``a``."""
    gap = a.y - b.y
    size = max(a.size, b.size, 1.0)
    if text.count("\n", a.end, b.start) > 1 or gap < -0.5 * size:
        return True
    if _BULLET.match(text[b.start : b.end].lstrip()):
        return True
    if page.spacing and gap > 1.4 * page.spacing:
        return True
    if abs(a.size - b.size) > 0.15 * size:
        return True
    if not _SENTENCE_END.search(text[a.start : a.end].rstrip()):
        return False
    short = len(text[a.start : a.end].strip()) < 0.8 * page.full
    return short or b.x - page.left > 0.8 * size


@dataclass(frozen=True)
class _PageStats:
    spacing: float
    full: float
    left: float
    body: float


def _stats(text: str, lines: list[Line]) -> _PageStats:
    gaps = sorted(
        a.y - b.y
        for a, b in itertools.pairwise(lines)
        if a.y - b.y > 0.5 * max(a.size, b.size, 1.0)
    )
    widths = sorted(len(text[ln.start : ln.end].strip()) for ln in lines)
    return _PageStats(
        spacing=gaps[int(0.25 * (len(gaps) - 1))] if gaps else 0.0,
        full=float(widths[int(0.9 * (len(widths) - 1))]),
        left=min(ln.x for ln in lines),
        body=statistics.median(ln.size for ln in lines),
    )


def page_pieces(text: str, lines: list[Line], base: int, label: str) -> list[Piece]:
    """Paragraph and heading pieces of one page whose text starts at ``base``."""
    if not lines:
        return [
            Piece(p.kind, p.start + base, p.end + base, page=label) for p in paragraph_pieces(text)
        ]
    stats = _stats(text, lines)
    groups: list[list[Line]] = [[lines[0]]]
    for a, b in itertools.pairwise(lines):
        if _is_break(text, a, b, stats):
            groups.append([])
        groups[-1].append(b)
    pieces: list[Piece] = []
    for group in groups:
        start, end = group[0].start, group[-1].end
        chunk = text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        big = stats.body > 0 and all(ln.size > 1.15 * stats.body for ln in group)
        kind = "heading" if big and len(group) <= 2 and end - start <= 150 else "paragraph"
        pieces.append(Piece(kind, start + base, end + base, page=label))
    return pieces


def _extract(
    reader: pypdf.PdfReader, settings: Settings, messages: list[str]
) -> tuple[str, list[Piece]]:
    """The page texts joined by ``PAGE_SEPARATOR`` and their passages; when nothing comes out,
    a PDF pypdf complained about is corrupt, a quiet one has no text layer."""
    count = len(reader.pages)
    if count > MAX_PAGES:
        raise UnsafeInput(f"PDF has {count} pages (limit {MAX_PAGES})")
    if count == 0:
        raise EmptyDocument("PDF has no pages")
    labels = _labels(reader, count)
    parts: list[str] = []
    pieces: list[Piece] = []
    base = 0
    for number, page in enumerate(reader.pages):
        text, lines = _page_lines(page)
        if base + len(text) > settings.max_unpacked_bytes:
            raise UnsafeInput(
                f"PDF text exceeds {settings.max_unpacked_bytes} characters (page {number + 1})"
            )
        pieces.extend(page_pieces(text, lines, base, labels[number]))
        parts.append(text + PAGE_SEPARATOR)
        base += len(parts[-1])
    if not pieces and messages:
        raise CorruptFile(f"corrupt PDF, no text extracted ({_why(None, messages)})")
    if not pieces:
        raise EmptyDocument("no text layer (scanned images?)")
    return "".join(parts), pieces


def _record(reader: pypdf.PdfReader) -> Record:
    record = Record()
    meta: dict[str, Any] = dict(reader.metadata or {})
    title = str(meta.get("/Title") or "").strip()
    record.title = title or None
    author = str(meta.get("/Author") or "")
    record.creators = [a.strip() for a in author.split(";") if a.strip()]
    created = str(meta.get("/CreationDate") or "")
    record.date = pdf_date(created) or (parse_record_date(created) if created else None)
    subject = str(meta.get("/Subject") or "").strip()
    if subject:
        record.extra["subject"] = subject
    keywords = str(meta.get("/Keywords") or "").strip()
    if keywords:
        record.extra["keywords"] = keywords
    lang = reader.trailer.get("/Root", {}).get("/Lang")
    if lang:
        record.language = str(lang).strip() or None
    return record


class PdfReader:
    """Reads PDFs with a text layer; scores only on the ``%PDF-`` magic bytes."""

    name: ClassVar[str] = "pdf"
    version: ClassVar[str] = "1"

    def score(self, probe: Probe) -> float:
        if MAGIC in probe.data[:1024]:
            return 1.0
        return 0.0

    def read(self, probe: Probe, source: str, settings: Settings) -> list[Document]:
        messages: list[str] = []
        try:
            with _quiet(messages):
                reader = _open(probe.data)
                extraction, pieces = _extract(reader, settings, messages)
                record = _record(reader)
        except ReadError:
            raise
        except LimitReachedError as exc:
            raise UnsafeInput(f"PDF exceeds a safety limit ({_why(exc, [])})") from exc
        except FileNotDecryptedError as exc:
            raise ReadError("encrypted PDF: a password is required") from exc
        except _BROKEN as exc:
            raise CorruptFile(f"corrupt PDF ({_why(exc, messages)})") from exc
        built = assemble(extraction, pieces)
        return [make_document(self, probe, source, record, built, media_type="application/pdf")]


register(PdfReader())
