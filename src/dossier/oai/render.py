"""OAI-PMH 2.0 responses as lxml trees: the envelope, headers, ``oai_dc`` records, errors.
Document text only ever enters the tree as element text, never as markup."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import etree

from dossier.model import Record
from dossier.oai.vocab import vocabulary

__all__ = [
    "DC_NS",
    "OAI_DC_NS",
    "OAI_NS",
    "add",
    "clean",
    "dc_values",
    "dublin_core",
    "envelope",
    "header",
    "serialise",
]

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"

_XML_ILLEGAL = str.maketrans(
    {c: "\ufffd" for c in [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF]}
)


def clean(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (each becomes U+FFFD)."""
    return text.translate(_XML_ILLEGAL)


def add(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A child ``{OAI_NS}tag`` (or a Clark-notation ``tag``) of ``parent``."""
    name = tag if tag.startswith("{") else f"{{{OAI_NS}}}{tag}"
    child = etree.SubElement(parent, name, {k: clean(v) for k, v in attrs.items()})
    if text is not None:
        child.text = clean(text)
    return child


def envelope(response_date: str, base_url: str, arguments: dict[str, str]) -> etree._Element:
    """The ``OAI-PMH`` root with its ``responseDate`` and ``request`` (echoing ``arguments``)."""
    nsmap: dict[Any, str] = {None: OAI_NS, "xsi": XSI_NS}  # None: the default namespace
    root = etree.Element(f"{{{OAI_NS}}}OAI-PMH", nsmap=nsmap)
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_NS} {OAI_SCHEMA}")
    add(root, "responseDate", response_date)
    add(root, "request", base_url, **arguments)
    return root


def header(parent: etree._Element, identifier: str, stamp: str, specs: Iterable[str]) -> None:
    head = add(parent, "header")
    add(head, "identifier", identifier)
    add(head, "datestamp", stamp)
    for spec in specs:
        add(head, "setSpec", spec)


def dc_values(record: Record) -> list[tuple[str, str]]:
    """``(dc element, value)`` for ``record``, in the order of ``data/oai.yaml``."""
    vocab = vocabulary()
    out: list[tuple[str, str]] = []
    for name, element in vocab.export:
        value = getattr(record, name)
        values = value if isinstance(value, list) else [value]
        out.extend((element, v) for v in values if isinstance(v, str) and v.strip())
    if vocab.dcmi_type:
        out.append(("type", vocab.dcmi_type))
    return list(dict.fromkeys(out))


def dublin_core(parent: etree._Element, record: Record) -> None:
    """``<oai_dc:dc>`` for ``record`` inside ``parent`` (a ``metadata`` element)."""
    dc = etree.SubElement(
        parent, f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    )
    dc.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
    for element, value in dc_values(record):
        add(dc, f"{{{DC_NS}}}{element}", value)


def serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
