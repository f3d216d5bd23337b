"""Safe XML: refuse DTDs, entity declarations and external references before parsing; find
where each piece of character data sits in the decoded original; and build a text from those
pieces with whitespace collapsed and the map back to the original kept (``Emitter``).

``parse_xml`` never loads a DTD, never expands an entity and never touches the network or the
file system, so billion-laughs and XXE files are refused in microseconds. ``text_runs`` and
``decode_run`` locate the character data of a markup string (XML or HTML) so that readers can
map extracted text back to character offsets of the original.
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

from dossier.errors import CorruptFile, DecodingError, UnsafeInput
from dossier.model import OffsetMap, Passage, TextBuilder
from dossier.read.decode import decode_text

__all__ = ["Emitter", "Piece", "Run", "decode_run", "decode_xml", "parse_xml", "text_runs"]

XINCLUDE_NS = "http://www.w3.org/2001/XInclude"

_PROLOG_ITEM = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)
_DOCTYPE = re.compile(r"\s*<!\s*doctype", re.IGNORECASE)
_ENTITY_DECL = re.compile(r"<!\s*entity", re.IGNORECASE)
_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|<\?.*?\?>"
    r"|(?P<cdata><!\[CDATA\[.*?\]\]>)"
    r"|<!(?:\"[^\"]*\"|'[^']*'|[^'\">])*>"
    r"|</?[^\s<>/!?](?:\"[^\"]*\"|'[^']*'|[^'\">])*>",
    re.DOTALL,
)
_RAW_TEXT = re.compile(
    r"<(script|style|title|template|textarea)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
_ESCAPE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|\r\n?")

_DECLARED = re.compile(rb"^<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")
_TRAILING_POSITION = re.compile(r",\s*line \d+, column \d+\s*$")

_STRETCH = re.compile(r"\S+(?: \S+)*|\s+")
_OPENERS = "([{“‘"
_CLOSERS = ")]},.;:!?”’"

Piece = tuple[str, int, int]


def _scan_text(data: bytes) -> str:
    """The bytes as a string good enough to look for markup: UTF-16/32 decoded, else Latin-1."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    head = data[:64]
    if head.startswith(b"<\x00"):
        return data.decode("utf-16-le", errors="replace")
    if head.startswith(b"\x00<"):
        return data.decode("utf-16-be", errors="replace")
    return data.decode("latin-1")


def _refuse_declarations(text: str) -> None:
    pos = 0
    while True:
        m = _PROLOG_ITEM.match(text, pos)
        if not m:
            break
        pos = m.end()
    if _DOCTYPE.match(text, pos):
        raise UnsafeInput("XML with a DOCTYPE/DTD refused (entities and external references)")
    if _ENTITY_DECL.search(text):
        raise UnsafeInput("XML with an <!ENTITY declaration refused")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,
        recover=False,
    )


def decode_xml(data: bytes) -> tuple[str, str]:
    """Decode XML bytes: the declared encoding when it fits, else BOMs, UTF-8 or a guess."""
    declared = _DECLARED.match(data)
    if declared and not data.startswith(codecs.BOM_UTF8):
        name = declared.group(1).decode("ascii")
        try:
            if not codecs.lookup(name).name.startswith("utf-16"):
                return data.decode(name), name.lower()
        except LookupError:
            pass
        except UnicodeDecodeError as exc:
            raise DecodingError(f"invalid {name} at byte {exc.start}") from exc
    return decode_text(data)


def parse_xml(data: bytes) -> etree._Element:
    """Parse ``data`` safely; ``UnsafeInput`` for DTDs, entities or XInclude, ``CorruptFile``
    (with line and column) for malformed XML."""
    _refuse_declarations(_scan_text(data))
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        msg = _TRAILING_POSITION.sub("", (exc.msg or "syntax error").splitlines()[0])
        raise CorruptFile(f"malformed XML at line {line}, column {column}: {msg}") from exc
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise UnsafeInput("XML with a DOCTYPE/DTD refused (entities and external references)")
    for node in root.iter():
        if isinstance(node, etree._Entity):
            raise UnsafeInput(f"XML entity reference &{node.name}; refused")
        if isinstance(node.tag, str) and etree.QName(node).namespace == XINCLUDE_NS:
            raise UnsafeInput("XML with an XInclude external reference refused")
    return root


@dataclass(frozen=True)
class Run:
    """One stretch of character data in the original: text and CDATA between two pieces of
    markup (tags, comments, processing instructions)."""

    start: int
    end: int
    cdata: tuple[tuple[int, int], ...] = ()


def text_runs(original: str, *, html_mode: bool = False, start: int = 0) -> list[Run]:
    """The character-data runs of ``original`` from ``start``, in document order. In HTML mode
    the contents of ``script``, ``style``, ``title``, ``template`` and ``textarea`` are markup."""
    markup: list[tuple[int, int, bool]] = []
    raw_spans: list[tuple[int, int]] = []
    if html_mode:
        raw_spans = [(m.start(), m.end()) for m in _RAW_TEXT.finditer(original, start)]
    raw_i = 0
    pos = start
    while True:
        m = _MARKUP.search(original, pos)
        if not m:
            break
        while raw_i < len(raw_spans) and raw_spans[raw_i][1] <= m.start():
            raw_i += 1
        if raw_i < len(raw_spans) and raw_spans[raw_i][0] <= m.start():
            markup.append((raw_spans[raw_i][0], raw_spans[raw_i][1], False))
            pos = raw_spans[raw_i][1]
            continue
        markup.append((m.start(), m.end(), m.group("cdata") is not None))
        pos = m.end()
    return _runs_between(markup, start, len(original))


def _runs_between(markup: list[tuple[int, int, bool]], start: int, end: int) -> list[Run]:
    runs: list[Run] = []
    run_start = start
    cdata: list[tuple[int, int]] = []
    for m_start, m_end, is_cdata in markup:
        if is_cdata:
            cdata.append((m_start, m_end))
            continue
        if m_start > run_start or cdata:
            runs.append(Run(run_start, m_start, tuple(cdata)))
        run_start, cdata = m_end, []
    if end > run_start or cdata:
        runs.append(Run(run_start, end, tuple(cdata)))
    return runs


def _decode_plain(original: str, start: int, end: int, out: list[Piece]) -> None:
    pos = start
    for m in _ESCAPE.finditer(original, start, end):
        if m.start() > pos:
            out.append((original[pos : m.start()], pos, m.start()))
        token = m.group()
        out.append(("\n" if token[0] == "\r" else html.unescape(token), m.start(), m.end()))
        pos = m.end()
    if end > pos:
        out.append((original[pos:end], pos, end))


def decode_run(original: str, run: Run) -> list[Piece]:
    """The run's decoded text as pieces ``(text, orig_start, orig_end)``: verbatim stretches
    (equal lengths) and replacements (entities, CRLF, CDATA markers)."""
    out: list[Piece] = []
    pos = run.start
    for c_start, c_end in run.cdata:
        _decode_plain(original, pos, c_start, out)
        inner_start, inner_end = c_start + 9, c_end - 3
        out.append(("", c_start, inner_start))
        out.append((original[inner_start:inner_end], inner_start, inner_end))
        out.append(("", inner_end, c_end))
        pos = c_end
    _decode_plain(original, pos, run.end, out)
    return out


class Emitter:
    """Builds a text from pieces of character data: each whitespace run becomes one space (none
    at a passage's edges, nor between a bracket and a word when the run was line layout), and
    passages are joined by blank lines. Every piece keeps its place in the original."""

    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.passages: list[Passage] = []
        self._pending: tuple[int, int, bool] | None = None
        self._open: tuple[str, str | None, str | None] | None = None
        self._start = 0
        self._has_content = False

    def __len__(self) -> int:
        return len(self.builder)

    def begin(self, kind: str, page: str | None = None, label: str | None = None) -> None:
        """Start a passage; nothing is added until it receives text."""
        self._open = (kind, page, label)
        self._pending = None
        self._has_content = False

    def end(self) -> Passage | None:
        """Close the open passage; returns it, or None when it received no text."""
        opened, self._open = self._open, None
        if opened is None or not self._has_content:
            return None
        passage = Passage(opened[0], self._start, len(self.builder), opened[1], opened[2])
        self.passages.append(passage)
        self._has_content = False
        return passage

    def separator(self) -> None:
        """A word boundary that the markup implies (a table cell, a line break)."""
        if self._pending is None:
            self._pending = (-1, -1, False)

    def add(self, pieces: list[Piece]) -> None:
        """Append decoded pieces ``(text, orig_start, orig_end)`` to the open passage."""
        for text, start, end in pieces:
            if not text:
                continue
            if len(text) != end - start:
                if text.isspace():
                    self._space(start, end, "\n" in text)
                else:
                    self._content(text, start, end)
                continue
            for m in _STRETCH.finditer(text):
                a, b = start + m.start(), start + m.end()
                if m.group()[0].isspace():
                    self._space(a, b, "\n" in m.group())
                else:
                    self._content(m.group(), a, b)

    def build(self) -> tuple[str, OffsetMap]:
        return self.builder.build()

    def _space(self, start: int, end: int, layout: bool) -> None:
        pending = self._pending
        if pending is None or pending[0] < 0:
            self._pending = (start, end, layout)
        else:
            self._pending = (pending[0], end, pending[2] or layout)

    def _content(self, text: str, start: int, end: int) -> None:
        if not self._has_content:
            if len(self.builder):
                self.builder.add("\n\n")
            self._start = len(self.builder)
            self._has_content = True
            self._pending = None
        else:
            self._flush(text[0])
        self.builder.add(text, start, end)

    def _flush(self, next_char: str) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            return
        if pending[2] and (self.builder.tail() in _OPENERS or next_char in _CLOSERS):
            return
        if pending[0] < 0:
            self.builder.add(" ")
        else:
            self.builder.add(" ", pending[0], pending[1])
