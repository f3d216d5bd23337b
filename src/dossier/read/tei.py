"""TEI P5 editions, FRUS volumes included: one document per ``div[@type="document"]``.

Headings and paragraphs become passages; notes become footnote passages after the body (their
text taken out of the paragraph they sit in); ``pb`` sets the page; ``persName``, ``placeName``
and ``gloss[@target]`` become ``mention`` spans. Offsets map to the decoded original XML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import PurePosixPath
from typing import Any, ClassVar

from lxml import etree

from dossier.data import load_data
from dossier.errors import ConfigError
from dossier.model import Document, Passage, Provenance, Record, Span
from dossier.read.base import Probe, register
from dossier.read.dates import parse_record_date
from dossier.read.genre import infer_genre
from dossier.read.xmlsafe import Emitter, Piece, decode_run, decode_xml, parse_xml, text_runs
from dossier.settings import Settings

__all__ = ["TeiReader", "tei_vocabulary"]

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_PROLOG = re.compile(r"(?:\s*(?:<\?.*?\?>|<!--.*?-->))*\s*", re.DOTALL)
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")
_SPACES = re.compile(r"\s+")
_TEI_MARKS = (b"<TEI", b"<teiCorpus", b"tei-c.org/ns/1.0")


@cache
def _elements(kind: str) -> frozenset[str]:
    """The element names of ``tei.yaml``'s ``elements.<kind>``."""
    names = (tei_vocabulary().get("elements") or {}).get(kind)
    if not isinstance(names, list):
        raise ConfigError(f"tei.yaml: elements.{kind} must be a list of element names")
    return frozenset(str(n) for n in names)


def _local(node: etree._Element) -> str:
    tag = node.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _attr(node: etree._Element, local: str) -> str | None:
    """An attribute by local name, whatever its namespace."""
    for key, value in node.attrib.items():
        name = str(key)
        if name == local or name.endswith("}" + local):
            return str(value)
    return None


@cache
def tei_vocabulary() -> dict[str, Any]:
    """``data/tei.yaml``, validated: classifications and editions."""
    data = load_data("tei")
    if not isinstance(data, dict) or not isinstance(data.get("classifications"), list):
        raise ConfigError("tei.yaml: expected classifications (a list) and editions")
    editions = data.get("editions") or []
    if not all(isinstance(e, dict) and "pattern" in e for e in editions):
        raise ConfigError("tei.yaml: each edition needs a pattern")
    return data


def _locate(root: etree._Element, original: str) -> dict[tuple[etree._Element, bool], list[Piece]]:
    """Where each text node (an element's text or tail) sits in ``original``: the character
    data runs of the source, matched to the text nodes in document order."""
    start = _PROLOG.match(original)
    runs = text_runs(original, start=start.end() if start else 0)
    decoded = [decode_run(original, run) for run in runs]
    joined = ["".join(p[0] for p in pieces) for pieces in decoded]
    out: dict[tuple[etree._Element, bool], list[Piece]] = {}
    cursor = 0
    for node, is_tail, value in _text_nodes(root):
        hit = next(
            (i for i in range(cursor, min(cursor + 64, len(runs))) if joined[i] == value), None
        )
        if hit is None:
            at = runs[cursor].start if cursor < len(runs) else len(original)
            out[(node, is_tail)] = [(value, at, at)]
            continue
        out[(node, is_tail)] = decoded[hit]
        cursor = hit + 1
    return out


def _text_nodes(node: etree._Element) -> Iterator[tuple[etree._Element, bool, str]]:
    if isinstance(node.tag, str) and node.text:
        yield node, False, node.text
    for child in node:
        yield from _text_nodes(child)
        if child.tail:
            yield child, True, child.tail


def _mention(node: etree._Element, name: str) -> dict[str, Any] | None:
    if name == "persName":
        role = node.get("type")
        return {
            "type": "person",
            "corresp": node.get("corresp"),
            "role": role if role in ("from", "to") else None,
        }
    if name == "placeName":
        return {"type": "place", "corresp": node.get("corresp")}
    if name == "gloss" and node.get("target"):
        return {"type": "term", "target": node.get("target")}
    return None


@dataclass
class _Walk:
    """One document's walk: passages into ``out``, mentions and notes collected on the way."""

    where: dict[tuple[etree._Element, bool], list[Piece]]
    page: str | None
    out: Emitter = field(default_factory=Emitter)
    marks: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)
    notes: list[tuple[etree._Element, str | None]] = field(default_factory=list)
    heading: Passage | None = None
    source_note: Passage | None = None

    def container(self, node: etree._Element) -> None:
        if self._has_text(node):
            self.block(node, "paragraph")
            return
        for child in node:
            name = _local(child)
            if not name or name in _elements("skipped"):
                continue
            if name == "note":
                self.notes.append((child, self.page))
            elif name == "pb":
                self.page = child.get("n") or self.page
            elif name in _elements("containers"):
                self.container(child)
            else:
                kind = "heading" if name == "head" else "paragraph"
                passage = self.block(child, kind)
                if kind == "heading" and self.heading is None:
                    self.heading = passage

    def block(self, node: etree._Element, kind: str, label: str | None = None) -> Passage | None:
        self.out.begin(kind, self.page, label)
        self.inline(node)
        return self.out.end()

    def inline(self, node: etree._Element) -> None:
        self.out.add(self.where.get((node, False), []))
        for child in node:
            self.child(child)
            self.out.add(self.where.get((child, True), []))

    def child(self, node: etree._Element) -> None:
        name = _local(node)
        if not name or name in _elements("skipped"):
            return
        if name == "note":
            self.notes.append((node, self.page))
            return
        if name == "pb":
            self.page = node.get("n") or self.page
            return
        if name in _elements("separated"):
            self.out.separator()
        start = len(self.out)
        self.inline(node)
        if name in _elements("separated"):
            self.out.separator()
        value = _mention(node, name)
        if value is not None:
            self.marks.append((start, len(self.out), value))

    def footnotes(self) -> None:
        i = 0
        while i < len(self.notes):
            note, self.page = self.notes[i]
            passage = self.block(note, "footnote", note.get("n"))
            if note.get("type") == "source" and self.source_note is None:
                self.source_note = passage
            i += 1

    def _has_text(self, node: etree._Element) -> bool:
        if node.text and node.text.strip():
            return True
        return any(c.tail and c.tail.strip() for c in node)


def _pages_at_start(root: etree._Element, divs: list[etree._Element]) -> dict[int, str | None]:
    """The page each div starts on: the last ``pb`` before it, else one before its first."""
    wanted = {id(d): i for i, d in enumerate(divs)}
    out: dict[int, str | None] = {}
    page: str | None = None
    for node in root.iter():
        if isinstance(node.tag, str) and _local(node) == "pb":
            page = node.get("n") or page
        elif id(node) in wanted:
            out[wanted[id(node)]] = page
    for i, div in enumerate(divs):
        if out.get(i) is None:
            first = next((p.get("n") for p in div.iter() if _local(p) == "pb"), None)
            out[i] = str(int(first) - 1) if first and first.isdigit() else None
    return out


def _spans(text: str, walk: _Walk, version: str) -> list[Span]:
    provenance = Provenance("tei", version)
    spans: list[Span] = []
    for start, end, value in walk.marks:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append(
                Span("mention", start, end, {**value, "name": text[start:end]}, provenance)
            )
    return spans


def _plain(node: etree._Element) -> str:
    """The element's text without its notes, whitespace collapsed."""
    parts: list[str] = []

    def walk(n: etree._Element) -> None:
        if n.text:
            parts.append(n.text)
        for c in n:
            if _local(c) not in ("", "note"):
                walk(c)
            if c.tail:
                parts.append(c.tail)

    walk(node)
    text = _SPACES.sub(" ", "".join(parts)).strip()
    text = re.sub(r"([(\[“‘]) ", r"\1", text)
    return re.sub(r" ([)\],.;:”’])", r"\1", text)


def _outside_notes(node: etree._Element) -> Iterator[etree._Element]:
    """The elements below ``node`` in document order, notes and what they hold left out."""
    for child in node:
        name = _local(child)
        if name and name != "note":
            yield child
            yield from _outside_notes(child)


def _parties(div: etree._Element, role: str) -> list[str]:
    names: list[str] = []
    for node in _outside_notes(div):
        if node.get("type") == role and _local(node) in ("persName", "gloss", "orgName", "name"):
            name = _plain(node)
            if name and name not in names:
                names.append(name)
    return names


def _dateline(div: etree._Element) -> tuple[str | None, str | None]:
    """(ISO date, place) of the first dateline, else the FRUS ``doc-dateTime-min``."""
    date: str | None = None
    place: str | None = None
    for line in (n for n in _outside_notes(div) if _local(n) == "dateline"):
        for node in line.iter():
            name = _local(node)
            if name == "placeName" and place is None:
                place = _plain(node) or None
            elif name == "date" and date is None:
                iso = _ISO.match(node.get("when") or "")
                date = iso.group() if iso else parse_record_date(_plain(node))
        if date or place:
            break
    if date is None:
        iso = _ISO.match(_attr(div, "doc-dateTime-min") or "")
        date = iso.group() if iso else None
    return date, place


def _classification(*texts: str) -> str | None:
    words = [str(w) for w in tei_vocabulary()["classifications"]]
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    for text in texts:
        found = pattern.search(text)
        if found:
            return next(w for w in words if w.lower() == found.group().lower())
    return None


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):  # fmt: skip
        while number >= value:
            out, number = out + letters, number - value
    return out


def _edition(candidates: list[str], div_id: str | None) -> tuple[str | None, dict[str, str]]:
    """(volume id, record fields) from the first edition of ``tei.yaml`` that matches."""
    for spec in tei_vocabulary().get("editions") or []:
        for candidate in candidates:
            m = re.match(str(spec["pattern"]), candidate)
            if not m:
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            shown = {k: _roman(int(v)) if k in spec.get("roman", []) else v
                     for k, v in groups.items()}  # fmt: skip
            fields = {k: str(v) for k, v in spec.items() if k not in ("pattern", "roman")}
            collection = fields.pop("collection", "").format(**shown)
            part = fields.pop("collection_part", "")
            if part and "part" in groups:
                collection += part.format(**shown)
            fields = {k: v.format(**groups, div=div_id or "") for k, v in fields.items()}
            if collection:
                fields["collection"] = collection
            return groups.get("volume", m.group()), fields
    return (candidates[0] if candidates else None), {}


def _record(root: etree._Element, div: etree._Element, walk: _Walk, text: str,
            source: str) -> Record:  # fmt: skip
    div_id = div.get(XML_ID)
    candidates = [c for c in (root.get(XML_ID), PurePosixPath(source).stem) if c]
    volume, fields = _edition(candidates, div_id)
    record = Record.from_dict({k: v for k, v in fields.items() if k != "kind"})
    record.kind = fields.get("kind")
    if walk.heading is not None:
        title = walk.heading.text_of(text)
        number = div.get("n")
        if number and title.startswith(f"{number}. "):
            title = title[len(number) + 2 :]
        record.title = title or None
    record.date, record.place = _dateline(div)
    record.creators = _parties(div, "from")
    record.recipients = _parties(div, "to")
    source_note = walk.source_note.text_of(text) if walk.source_note else None
    record.source_note = source_note
    openers = " ".join(_plain(n) for n in _outside_notes(div) if _local(n) == "opener")
    record.classification = _classification(source_note or "", openers)
    record.identifier = f"{volume}/{div_id}" if volume and div_id else (div_id or volume)
    record.language = root.get("{http://www.w3.org/XML/1998/namespace}lang") or record.language
    genre, kind = infer_genre(record, f"{source_note or ''}\n{record.title or ''}")
    record.genre, record.kind = genre, record.kind or kind
    return record


class TeiReader:
    name: ClassVar[str] = "tei"
    version: ClassVar[str] = "1"

    def score(self, probe: Probe) -> float:
        head = probe.head
        if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[1:2] == b"\x00":
            head = head.replace(b"\x00", b"")
        if any(mark in head for mark in _TEI_MARKS):
            return 0.95
        return 0.2 if probe.suffix == ".tei" else 0.0

    def read(self, probe: Probe, source: str, settings: Settings) -> list[Document]:
        original, encoding = decode_xml(probe.data)
        root = parse_xml(probe.data)
        where = _locate(root, original)
        divs = [d for d in root.iter() if _local(d) == "div" and d.get("type") == "document"]
        targets = divs or [next((n for n in root.iter() if _local(n) == "text"), root)]
        pages = _pages_at_start(root, targets)
        docs: list[Document] = []
        for i, div in enumerate(targets):
            walk = _Walk(where, pages[i])
            walk.container(div)
            walk.footnotes()
            text, offsets = walk.out.build()
            fragment = div.get(XML_ID) if divs else None
            doc = Document(
                source=f"{source}#{fragment}" if fragment and len(targets) > 1 else source,
                sha256=probe.sha256,
                text=text,
                record=_record(root, div, walk, text, source),
                passages=walk.out.passages,
                offsets=offsets,
                reader=f"{self.name}@{self.version}",
                encoding=encoding,
                fragment=fragment,
                media_type="application/tei+xml",
            )
            doc.spans = _spans(text, walk, self.version)
            docs.append(doc)
        return docs


register(TeiReader())
