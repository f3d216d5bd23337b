"""JSON and CSV exports of documents: records, ids, sources, and (JSON) text and passages."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from dossier.model import Document, Record

__all__ = ["CSV_FIELDS", "document_json", "write_array", "write_csv", "write_json"]

CSV_FIELDS = [
    "id",
    "source",
    "sha256",
    "reader",
    "title",
    "date",
    "genre",
    "kind",
    "language",
    "original_language",
    "translator",
    "creators",
    "recipients",
    "repository",
    "identifier",
    "citation",
    "source_url",
    "rights",
    "passages",
    "characters",
]


def document_json(doc: Document, *, with_text: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": doc.id,
        "source": doc.source,
        "sha256": doc.sha256,
        "reader": doc.reader,
        "encoding": doc.encoding,
        "media_type": doc.media_type,
        "record": doc.record.to_dict(),
    }
    if with_text:
        out["text"] = doc.text
        out["passages"] = [
            {
                "seq": i,
                "kind": p.kind,
                "start": p.start,
                "end": p.end,
                "page": p.page,
                "label": p.label,
            }
            for i, p in enumerate(doc.passages)
        ]
        out["boilerplate"] = doc.boilerplate
    return out


def write_json(docs: Iterable[Document], out: TextIO) -> int:
    """A JSON array, written one document at a time."""
    return write_array((document_json(doc) for doc in docs), out)


def write_array(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    """A JSON array of ``items``, written one at a time (memory does not grow with it)."""
    n = 0
    out.write("[")
    for item in items:
        out.write(",\n" if n else "\n")
        out.write(json.dumps(item, ensure_ascii=False))
        n += 1
    out.write("\n]\n")
    return n


def _csv_row(doc: Document) -> dict[str, Any]:
    record: Record = doc.record
    row: dict[str, Any] = {name: getattr(record, name, None) for name in CSV_FIELDS}
    row.update(
        id=doc.id,
        source=doc.source,
        sha256=doc.sha256,
        reader=doc.reader,
        creators="; ".join(record.creators),
        recipients="; ".join(record.recipients),
        passages=len(doc.passages),
        characters=len(doc.text),
    )
    return row


def write_csv(docs: Iterable[Document], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    n = 0
    for doc in docs:
        writer.writerow(_csv_row(doc))
        n += 1
    return n
