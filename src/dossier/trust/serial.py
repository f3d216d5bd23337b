"""A whole ``Document`` as plain JSON data and back: text, record, offsets, passages and every
span with its provenance. Deletions keep documents so in the audit trail; bags carry them so."""

from __future__ import annotations

from typing import Any

from dossier.errors import FixityError
from dossier.model import Document, OffsetMap, Passage, Provenance, Record, Span

__all__ = ["document_from_data", "document_to_data"]


def document_to_data(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "source": doc.source,
        "sha256": doc.sha256,
        "fragment": doc.fragment,
        "reader": doc.reader,
        "encoding": doc.encoding,
        "media_type": doc.media_type,
        "record": doc.record.to_dict(),
        "text": doc.text,
        "offsets": doc.offsets.to_list(),
        "passages": [[p.kind, p.start, p.end, p.page, p.label] for p in doc.passages],
        "spans": [
            {
                "layer": s.layer,
                "start": s.start,
                "end": s.end,
                "value": s.value,
                "confidence": s.confidence,
                "provenance": s.provenance.to_dict(),
            }
            for s in doc.spans
        ],
        "layers": sorted(doc.layers),
        "boilerplate": list(doc.boilerplate),
        "stages": list(doc.stages),
    }


def document_from_data(data: dict[str, Any]) -> Document:
    doc = Document(
        source=data["source"],
        sha256=data["sha256"],
        text=data["text"],
        record=Record.from_dict(data["record"]),
        passages=[Passage(*p) for p in data["passages"]],
        offsets=OffsetMap.from_list(data["offsets"]),
        reader=data["reader"],
        encoding=data["encoding"],
        fragment=data["fragment"],
        media_type=data["media_type"],
        spans=[
            Span(
                s["layer"],
                s["start"],
                s["end"],
                s["value"],
                Provenance(**s["provenance"]),
                s["confidence"],
            )
            for s in data["spans"]
        ],
        layers=set(data["layers"]),
        boilerplate=list(data["boilerplate"]),
        stages=list(data["stages"]),
    )
    if "id" in data and doc.id != data["id"]:
        raise FixityError(f"document {data['id']} does not match its sha256 and fragment")
    return doc
