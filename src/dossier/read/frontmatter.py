"""Markdown or plain text with YAML front matter (``---`` … ``---`` at the top).

Front matter keys fill the ``Record`` through the alias table ``data/record_fields.yaml``; unknown
keys go to ``record.extra``. The body follows the conventions of FRUS pages: ``[Page 496]``
markers are removed and set the page of the passages after them; a trailing list of ``- …↩``
lines is footnotes; the header lines (file number and genre, sender to recipient, dateline,
``[Received …]``) fill the record and become heading or editorial passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

import yaml

from dossier.errors import ReadError
from dossier.model import Document, OffsetMap, Record, TextBuilder
from dossier.read.archival import record_from_mapping
from dossier.read.article import title_case_ratio
from dossier.read.assemble import Piece, assemble
from dossier.read.base import Probe, make_document, register
from dossier.read.dates import find_record_date
from dossier.read.decode import decode_text, looks_binary
from dossier.read.genre import genres, infer_genre
from dossier.read.text import TEXT_SUFFIXES
from dossier.settings import Settings

__all__ = [
    "FrontMatterReader",
    "address_parts",
    "dateline_parts",
    "split_front_matter",
    "strip_page_markers",
]

_OPEN = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE)
_KEY_LINE = re.compile(rb"^[A-Za-z_][\w -]*:", re.MULTILINE)
_PAGE = re.compile(
    r"\[Page (?P<inline>[\w-]+)\]|^[ \t]*Page[ \t]+(?P<line>\d+)[ \t]*$", re.MULTILINE
)


def split_front_matter(original: str) -> tuple[dict[str, Any], int] | None:
    """The front matter mapping and where the body starts, or None without front matter.
    Raises ``ReadError`` for front matter that is not YAML or not a mapping."""
    opened = _OPEN.match(original)
    if not opened:
        return None
    closed = _CLOSE.search(original, opened.end())
    if not closed:
        return None
    try:
        data = yaml.safe_load(original[opened.end() : closed.start()])
    except yaml.YAMLError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ReadError(f"front matter is not valid YAML: {reason}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReadError(f"front matter must be a mapping of fields, not a {type(data).__name__}")
    return data, closed.end()


def strip_page_markers(
    original: str, start: int = 0
) -> tuple[str, OffsetMap, list[tuple[int, str]]]:
    """``original[start:]`` without page markers, its map to ``original``, and the pages:
    (offset in the stripped text where the page begins, page label)."""
    builder = TextBuilder()
    pages: list[tuple[int, str]] = []
    pos = start
    for m in _PAGE.finditer(original, start):
        builder.add(original[pos : m.start()], pos)
        pages.append((len(builder), m.group("inline") or m.group("line")))
        pos = m.end()
    builder.add(original[pos:], pos)
    view, offsets = builder.build()
    return view, offsets, pages


def _page_at(pages: list[tuple[int, str]], offset: int) -> str | None:
    page = None
    for at, label in pages:
        if at > offset:
            break
        page = label
    return page


def _pieces(view: str, lines: list[BodyLine], pages: list[tuple[int, str]]) -> list[Piece]:
    out: list[Piece] = []
    for group in _group_paragraphs(view, lines):
        head = group[0]
        out.append(
            Piece(head.kind, head.start, group[-1].end, _page_at(pages, head.start), head.label)
        )
    return out


# --- body layout: lines, header lines, footnotes, paragraphs ------------------------------------

_FILE_LINE = re.compile(
    r"^(?P<file>\d{3}\.[0-9A-Z]+[\w.]*/[^\s:]+)\s*:\s*(?P<genre>[A-Za-z][A-Za-z ]{1,40}?)\s*$"
)
_BRACKETED = re.compile(r"^\[(?P<note>[^\[\]]+)\]\.?$")
_ADDRESS_PREFIX = re.compile(
    r"^(?:[A-Z][a-z]+ )?(?:Telegram|Memorandum|Letter|Despatch|Airgram|Note|Message|Report"
    r"|Instruction)(?: of Conversation)? (?:[Ff]rom|by) "
)
_TO = re.compile(r"\s+to\s+")
_TO_TITLES = ("Ambassador", "Minister", "Representative", "Delegate", "Envoy", "Delegation")
_AND = re.compile(r"\s+and\s+(?=the\b|President\b)")
_FOOTNOTE = re.compile(r"^(?:- (?P<bullet>.)|(?P<num>\d{1,3})\.\s+(?P<numbered>.))")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(?=\S)")
_BARE_NUMBER = re.compile(r"^(?:\d{1,2}\.|\(\d{1,2}\))$")
_ENUMERATION = re.compile(r"^(?:\d{1,2}|[a-z]|\(\d{1,2}\))[.)]?\s")
_HEADER_LABELS = ("file", "address", "dateline", "received")


@dataclass
class BodyLine:
    """One non-blank line of the body: its trimmed range, indent, surroundings and role."""

    start: int
    end: int
    indent: int
    blank_before: bool
    blank_after: bool
    kind: str = "paragraph"
    label: str | None = None


def _raw_lines(view: str) -> list[BodyLine]:
    out: list[BodyLine] = []
    blank = True
    for m in re.finditer(r"[^\n]*(?:\n|\Z)", view):
        raw = m.group().rstrip("\r\n")
        if not raw.strip():
            if out:
                out[-1].blank_after = True
            blank = True
            if m.end() >= len(view):
                break
            continue
        indent = len(raw) - len(raw.lstrip())
        start = m.start() + indent
        out.append(BodyLine(start, start + len(raw.strip()), indent, blank, False))
        blank = False
    if out:
        out[-1].blank_after = True
    return out


def address_parts(line: str) -> tuple[str, list[str]] | None:
    """(sender, recipients) of a ``The X (Name) to the Secretary of State`` line, or None."""
    prefix = _ADDRESS_PREFIX.match(line)
    if len(line) > 200 or len(line.split()) > 30 or line.endswith(_SENTENCE_PUNCT):
        return None
    if not prefix and not line.startswith("The "):
        return None
    rest = line[prefix.end() :] if prefix else line
    cuts = [m for m in _TO.finditer(rest) if not rest[: m.start()].endswith(_TO_TITLES)]
    cut = next((m for m in cuts if rest[: m.start()].endswith(")")), cuts[0] if cuts else None)
    if cut is None:
        return None
    sender = rest[: cut.start()].strip()
    target = re.sub(r"\s*\d{1,3}$", "", rest[cut.end() :].strip())
    if not sender or not target or not target[0].isalpha():
        return None
    recipients = [r[0].upper() + r[1:] for r in _AND.split(target) if r]
    return sender[0].upper() + sender[1:], recipients


def dateline_parts(line: str) -> tuple[str | None, str] | None:
    """(place, ISO date) of a dateline such as ``NANKING, March 24, 1949—11 a.m.``, or None."""
    found = find_record_date(line) if len(line) <= 80 else None
    if found is None or found.precision != "day" or len(line[found.end :].strip()) > 16:
        return None
    place = line[: found.start].strip().rstrip(",").strip()
    if place and not all(w[:1].isupper() or w in _PARTICLES for w in place.split()):
        return None
    if len(place) > 40 or (place and not place[0].isalpha()):
        return None
    return (place.title() if place.isupper() else place) or None, found.iso


_PARTICLES = frozenset({"de", "da", "del", "do", "la", "le", "am", "an", "der", "on", "sur"})
_SENTENCE_PUNCT = (".", ",", ";", ":", "!", "?", "—", "–", "-")


def _header_kind(text: str) -> tuple[str, str] | None:
    if _FILE_LINE.match(text):
        return "heading", "file"
    bracketed = _BRACKETED.match(text)
    if bracketed:
        is_received = bracketed.group("note").lower().startswith("received")
        return "editorial", "received" if is_received else "note"
    if address_parts(text):
        return "heading", "address"
    if dateline_parts(text):
        return "heading", "dateline"
    return None


def _title_like(text: str) -> bool:
    if len(text) > 90 or text.endswith(_SENTENCE_PUNCT) or not text[:1].isupper():
        return False
    return bool(re.search(r"[^\W\d_]{3}", text)) and title_case_ratio(text) >= 0.6


def _mark_footnotes(view: str, lines: list[BodyLine]) -> None:
    zone: list[tuple[BodyLine, re.Match[str]]] = []
    for line in reversed(lines):
        m = _FOOTNOTE.match(view[line.start : line.end])
        if not m or (m.group("num") and not line.indent and view[line.end - 1] != "↩"):
            break
        zone.append((line, m))
    backlinked = any(view[line.end - 1] == "↩" for line, _ in zone)
    if not zone or not (backlinked or all(m.group("num") for _, m in zone)):
        return
    for line, m in zone:
        line.kind, line.label = "footnote", m.group("num")
        line.start += m.start("bullet") if m.group("bullet") else m.start("numbered")
        line.end = line.start + len(view[line.start : line.end].rstrip("↩ \t"))


def _classify_lines(view: str) -> list[BodyLine]:
    """The body's non-blank lines, each marked paragraph, heading, editorial or footnote."""
    lines = _raw_lines(view)
    _mark_footnotes(view, lines)
    for i, line in enumerate(lines):
        if line.kind == "footnote":
            continue
        text = view[line.start : line.end]
        found = _header_kind(text)
        heading = _MD_HEADING.match(text)
        after_label = i > 0 and _is_label(view[lines[i - 1].start : lines[i - 1].end])
        if found and not (after_label and found[1] == "dateline"):
            line.kind, line.label = found
        elif heading and (line.blank_before or line.blank_after):
            line.kind = "heading"
            line.start += heading.end()
        elif (i == 0 or (line.blank_before and line.blank_after)) and _title_like(text):
            line.kind = "heading"
    return lines


def _is_label(text: str) -> bool:
    return text.endswith(":") and len(text) < 60


def _is_caps(text: str) -> bool:
    return text.upper() == text and len(re.findall(r"[^\W\d_]", text)) >= 3


def _continues(view: str, prev: BodyLine, line: BodyLine, width: int) -> bool:
    text, before = view[line.start : line.end], view[prev.start : prev.end]
    if line.blank_before or line.indent > prev.indent or _ENUMERATION.match(text):
        return False
    if _is_label(text):
        return False
    if _is_label(before):
        return True
    if _is_caps(text) or _is_caps(before):
        return False
    return not (before.endswith((".", "!", "?", ":", "”", '"')) and len(before) < 0.7 * width)


def _group_paragraphs(view: str, lines: list[BodyLine]) -> list[list[BodyLine]]:
    """Lines grouped into passages: hard-wrapped prose lines join into paragraphs; a body of
    long lines (one paragraph per line) and every non-paragraph line stand alone; a bare
    list number (``1.``, ``(2)``) joins the paragraph it numbers."""
    body = [line.end - line.start for line in lines if line.kind == "paragraph"]
    wrapped = sum(n for n in body if n < 100) > 0.5 * sum(body) if body else False
    width = max(body, default=0)
    groups: list[list[BodyLine]] = []
    prev: BodyLine | None = None
    for line in lines:
        bare = prev is not None and _BARE_NUMBER.match(view[prev.start : prev.end])
        joins = wrapped and prev is not None and _continues(view, prev, line, width)
        if line.kind == "paragraph" and prev is not None and (bare or joins):
            groups[-1].append(line)
        else:
            groups.append([line])
        prev = line if line.kind == "paragraph" else None
    return groups


def _fill_from_header(record: Record, view: str, lines: list[BodyLine]) -> None:
    """Fill empty record fields from the first header lines of each sort."""
    first: dict[str, str] = {}
    for line in lines:
        key = line.label if line.label in _HEADER_LABELS else None
        if line.kind == "heading" and line.label is None:
            key = "heading"
        if key:
            first.setdefault(key, view[line.start : line.end])
    if "file" in first and (m := _FILE_LINE.match(first["file"])):
        record.genre = record.genre or m.group("genre").strip().lower()
        record.extra.setdefault("file_number", m.group("file"))
    if "address" in first and (parts := address_parts(first["address"])):
        record.creators = record.creators or [parts[0]]
        record.recipients = record.recipients or parts[1]
        record.title = record.title or re.sub(r"\s*\d{1,3}$", "", first["address"])
    if "dateline" in first and (dateline := dateline_parts(first["dateline"])):
        record.place = record.place or dateline[0]
        record.date = record.date or dateline[1]
    if "received" in first:
        note = _BRACKETED.match(first["received"])
        record.extra.setdefault("received", note.group("note") if note else first["received"])
    if "heading" in first:
        record.title = record.title or first["heading"].strip("#* ")


def _finish_record(record: Record, view: str, lines: list[BodyLine]) -> None:
    _fill_from_header(record, view, lines)
    if record.genre:
        folded = record.genre.lower()
        record.genre = next((g for g in genres() if g.lower() == folded), folded)
    record.genre, record.kind = infer_genre(record, view)


class FrontMatterReader:
    """``frontmatter@1``: text with YAML front matter; FRUS page conventions in the body."""

    name: ClassVar[str] = "frontmatter"
    version: ClassVar[str] = "1"

    def score(self, probe: Probe) -> float:
        if probe.suffix not in TEXT_SUFFIXES or looks_binary(probe.head):
            return 0.0
        head = probe.head.removeprefix(b"\xef\xbb\xbf")
        if not re.match(rb"---[ \t]*\r?\n", head):
            return 0.0
        block = re.split(rb"^(?:---|\.\.\.)[ \t]*\r?$", head[3:], maxsplit=1, flags=re.M)
        if len(block) < 2:
            return 0.0
        if _KEY_LINE.search(block[0]):
            return 0.8
        items = [line for line in block[0].splitlines() if line.strip()]
        return 0.6 if items and all(i.lstrip().startswith(b"- ") for i in items) else 0.0

    def read(self, probe: Probe, source: str, settings: Settings) -> list[Document]:
        original, encoding = decode_text(probe.data)
        found = split_front_matter(original)
        if found is None:
            raise ReadError("no YAML front matter (--- … --- at the top)")
        mapping, body_start = found
        record = record_from_mapping(mapping)
        view, inner, pages = strip_page_markers(original, body_start)
        lines = _classify_lines(view)
        _finish_record(record, view, lines)
        text, passages, offsets = assemble(view, _pieces(view, lines, pages))
        built = (text, passages, offsets.compose(inner))
        return [make_document(self, probe, source, record, built, encoding=encoding)]


register(FrontMatterReader())
