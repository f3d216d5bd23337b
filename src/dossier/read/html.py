"""HTML pages: the main text and metadata found by trafilatura, navigation, related links and
footers left out. Nothing in the page is executed or trusted: only its text is kept.

Paragraphs and headings become passages, found again in the page's visible text (tags dropped,
entities decoded, whitespace collapsed) so that their offsets map back to the decoded HTML; a
block that cannot be found maps to the region between its first and last words, or failing
that is inserted where the previous block ended.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import ClassVar

import trafilatura
from lxml import etree

from dossier.errors import EmptyDocument, UnsafeInput
from dossier.model import Document, OffsetMap, Passage, Record, TextBuilder
from dossier.read.base import Probe, make_document, register
from dossier.read.decode import decode_text
from dossier.read.xmlsafe import Emitter, decode_run, parse_xml, text_runs
from dossier.settings import Settings

__all__ = ["HtmlReader", "extract_blocks", "visible_text"]

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MARKS = (b"<html", b"<!doctype html")
_NESTED = {"list", "table", "quote", "div", "main"}
_ANCHOR = 32
_ENTITY_DECL = re.compile(r"<!\s*entity", re.IGNORECASE)


def visible_text(original: str) -> tuple[str, list[list[int]]]:
    """The page's character data, whitespace collapsed, with its segments
    ``[text_start, text_end, orig_start, orig_end]`` into ``original``."""
    out = Emitter()
    out.begin("paragraph")
    for run in text_runs(original, html_mode=True):
        out.add(decode_run(original, run))
    out.end()
    text, offsets = out.build()
    return text, offsets.to_list()


def _blocks(node: etree._Element) -> Iterator[tuple[str, str]]:
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _NESTED and any(isinstance(c.tag, str) for c in child):
            yield from _blocks(child)
            continue
        text = " ".join("".join(str(t) for t in child.itertext()).split())
        if text:
            yield ("heading" if child.tag == "head" else "paragraph"), text


def extract_blocks(original: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """(metadata, blocks) of a page: metadata attributes of trafilatura's XML output (title,
    author, date, sitename, description…) and the (kind, text) blocks of its main text."""
    try:
        xml = trafilatura.extract(
            original,
            output_format="xml",
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura has no exception tree of its own
        raise EmptyDocument(f"HTML extraction failed: {type(exc).__name__}") from exc
    if not xml:
        raise EmptyDocument("no main text found in the HTML page")
    root = parse_xml(xml.encode("utf-8"))
    meta = {str(k): str(v) for k, v in root.attrib.items() if str(v).strip()}
    main = root.find("main")
    blocks = list(_blocks(main)) if main is not None else []
    return meta, blocks


class _Mapper:
    """Finds blocks in the visible text in order and copies them with their map."""

    def __init__(self, original: str) -> None:
        self.plain, self.segments = visible_text(original)
        self.starts = [s[0] for s in self.segments]
        self.map = OffsetMap.from_list(self.segments)
        self.cursor = 0
        self.last_orig = 0

    def add(self, builder: TextBuilder, block: str) -> None:
        at = self.plain.find(block, self.cursor)
        if at >= 0:
            self._copy(builder, at, at + len(block))
            self.cursor = at + len(block)
            return
        head = self.plain.find(block[:_ANCHOR], self.cursor)
        tail = self.plain.find(block[-_ANCHOR:], max(head, self.cursor))
        if head >= 0 and tail >= head:
            a = self._orig(head)
            b = self._orig(tail + len(block[-_ANCHOR:]), end=True)
            builder.add(block, a, b)
            self.cursor, self.last_orig = tail + len(block[-_ANCHOR:]), b
        else:
            builder.add(block, self.last_orig, self.last_orig)

    def _orig(self, offset: int, *, end: bool = False) -> int:
        return self.map.to_original(offset, end=end)

    def _copy(self, builder: TextBuilder, start: int, end: int) -> None:
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        while i < len(self.segments) and self.segments[i][0] < end:
            ts, te, os_, oe = self.segments[i]
            a, b = max(ts, start), min(te, end)
            if b > a:
                if te - ts == oe - os_:
                    builder.add(self.plain[a:b], os_ + a - ts, os_ + b - ts)
                else:
                    builder.add(self.plain[a:b], os_, oe)
                self.last_orig = oe if te - ts != oe - os_ else os_ + b - ts
            i += 1


def _record(meta: dict[str, str], title_fallback: str | None) -> Record:
    authors = [a.strip() for a in meta.get("author", "").split(";") if a.strip()]
    record = Record(
        title=meta.get("title") or title_fallback,
        date=meta.get("date"),
        creators=authors,
        summary=meta.get("description"),
        provider=meta.get("sitename"),
        source_url=meta.get("source") or meta.get("url"),
        rights=meta.get("license"),
        language=meta.get("language"),
    )
    if meta.get("sitename"):
        record.extra["site_name"] = meta["sitename"]
    if meta.get("pagetype"):
        record.extra["page_type"] = meta["pagetype"]
    return record


class HtmlReader:
    name: ClassVar[str] = "html"
    version: ClassVar[str] = "1"

    def score(self, probe: Probe) -> float:
        if probe.suffix in HTML_SUFFIXES:
            return 0.9
        head = probe.head.lower()
        return 0.8 if any(mark in head for mark in _MARKS) else 0.0

    def read(self, probe: Probe, source: str, settings: Settings) -> list[Document]:
        original, encoding = decode_text(probe.data)
        if _ENTITY_DECL.search(original):
            raise UnsafeInput("HTML with an <!ENTITY declaration refused")
        meta, blocks = extract_blocks(original)
        if not blocks:
            raise EmptyDocument("no main text found in the HTML page")
        mapper = _Mapper(original)
        builder = TextBuilder()
        passages: list[Passage] = []
        for kind, block in blocks:
            if passages:
                builder.add("\n\n")
            start = len(builder)
            mapper.add(builder, block)
            passages.append(Passage(kind, start, len(builder)))
        text, offsets = builder.build()
        heading = next((p.text_of(text) for p in passages if p.kind == "heading"), None)
        record = _record(meta, heading)
        built = (text, passages, offsets)
        return [
            make_document(
                self, probe, source, record, built, encoding=encoding, media_type="text/html"
            )
        ]


register(HtmlReader())
