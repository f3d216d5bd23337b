"""OAI-PMH records in simple Dublin Core (``oai_dc``): one harvested ``<record>``, a bare
``<oai_dc:dc>``, or a whole ListRecords/GetRecord response (one document per record).

The Dublin Core elements fill the ``Record`` through ``data/oai.yaml`` (``import``); elements it
does not map, and ``dc:contributor``, go to ``record.extra``. A ``dc:identifier`` that is a URL
becomes the source URL; a ``dc:type`` from the DCMI Type Vocabulary is not taken as the genre.
The text is the descriptions, one paragraph each, or the title alone when there is none.
"""

from __future__ import annotations

import re
from typing import ClassVar

from lxml import etree

from dossier.model import Document, Record
from dossier.oai.render import DC_NS, OAI_DC_NS, OAI_NS
from dossier.oai.vocab import vocabulary
from dossier.read.archival import apply_field
from dossier.read.base import Probe, make_document, register
from dossier.read.xmlsafe import Emitter, Piece, decode_run, decode_xml, parse_xml, text_runs
from dossier.settings import Settings

__all__ = ["OaiDcReader", "dc_fields", "record_from_dc"]

_PROLOG = re.compile(r"(?:\s*(?:<\?.*?\?>|<!--.*?-->))*\s*", re.DOTALL)
_URL = re.compile(r"^https?://\S+$")
_MARK = OAI_DC_NS.encode()


def dc_fields(dc: etree._Element) -> list[tuple[str, etree._Element]]:
    """``(element name, element)`` for every Dublin Core element of ``dc`` with text."""
    return [
        (etree.QName(child).localname, child)
        for child in dc
        if isinstance(child.tag, str)
        and etree.QName(child).namespace == DC_NS
        and (child.text or "").strip()
    ]


def record_from_dc(pairs: list[tuple[str, str]]) -> Record:
    """A ``Record`` from ``(dc element, value)`` pairs."""
    vocab = vocabulary()
    record = Record()
    for element, value in pairs:
        name = vocab.imports.get(element)
        if element == "identifier" and _URL.match(value):
            name = "source_url"
        if element == "type" and value.strip().lower() in {t.lower() for t in vocab.dcmi_types}:
            continue
        if name is None:
            known = record.extra.get(element)
            record.extra[element] = f"{known}; {value}" if known else value
        else:
            apply_field(record, name, value)
    return record


def _records(root: etree._Element) -> list[tuple[str | None, etree._Element]]:
    """``(OAI identifier, oai_dc:dc element)`` of every record that is not deleted."""
    if root.tag == f"{{{OAI_DC_NS}}}dc":
        return [(None, root)]
    holders = [root] if root.tag == f"{{{OAI_NS}}}record" else root.iter(f"{{{OAI_NS}}}record")
    out: list[tuple[str | None, etree._Element]] = []
    for holder in holders:
        head = holder.find(f"{{{OAI_NS}}}header")
        if head is not None and head.get("status") == "deleted":
            continue
        dc = holder.find(f"{{{OAI_NS}}}metadata/{{{OAI_DC_NS}}}dc")
        if dc is not None:
            ident = head.findtext(f"{{{OAI_NS}}}identifier") if head is not None else None
            out.append((ident.strip() if ident else None, dc))
    return out


class _Runs:
    """The character data of the original, matched in order to the elements that hold it."""

    def __init__(self, original: str) -> None:
        start = _PROLOG.match(original)
        runs = text_runs(original, start=start.end() if start else 0)
        self.decoded = [decode_run(original, run) for run in runs]
        self.joined = ["".join(p[0] for p in pieces) for pieces in self.decoded]
        self.cursor = 0

    def pieces(self, value: str) -> list[Piece]:
        for i in range(self.cursor, len(self.joined)):
            if self.joined[i] == value:
                self.cursor = i + 1
                return self.decoded[i]
        return [(value, 0, 0)]


def _build(runs: _Runs, fields: list[tuple[str, etree._Element]]) -> Emitter:
    emit = Emitter()
    body = [el for name, el in fields if name == "description"]
    titles = [el for name, el in fields if name == "title"][:1]
    chosen = [("paragraph", el) for el in body] or [("heading", el) for el in titles]
    for kind, el in chosen:
        emit.begin(kind)
        emit.add(runs.pieces(el.text or ""))
        emit.end()
    return emit


class OaiDcReader:
    """``oai_dc@1``: OAI-PMH records in simple Dublin Core."""

    name: ClassVar[str] = "oai_dc"
    version: ClassVar[str] = "1"

    def score(self, probe: Probe) -> float:
        return 0.95 if _MARK in probe.head else 0.0

    def read(self, probe: Probe, source: str, settings: Settings) -> list[Document]:
        original, encoding = decode_xml(probe.data)
        found = _records(parse_xml(probe.data))
        runs = _Runs(original)
        docs = []
        for identifier, dc in found:
            fields = dc_fields(dc)
            record = record_from_dc([(name, (el.text or "").strip()) for name, el in fields])
            emit = _build(runs, fields)
            text, offsets = emit.build()
            fragment = identifier if len(found) > 1 else None
            built = (text, emit.passages, offsets)
            docs.append(
                make_document(
                    self,
                    probe,
                    source,
                    record,
                    built,
                    encoding=encoding,
                    fragment=fragment,
                    media_type="application/xml",
                )
            )
        return docs


register(OaiDcReader())
