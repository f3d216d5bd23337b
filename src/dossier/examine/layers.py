"""Spans of one layer across the archive, each with its document and sentence for context."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from dossier.model import Document, Span
from dossier.store import Store

__all__ = ["LayerEntry", "layer_entries", "sentence_of"]


@dataclass(frozen=True)
class LayerEntry:
    document: str
    source: str
    title: str | None
    date: str | None
    start: int
    end: int
    text: str
    value: dict[str, Any]
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def sentence_of(doc: Document, span: Span, sentences: list[tuple[int, int]] | None = None) -> str:
    """The sentence around ``span`` (or its passage when no sentence layer is present);
    ``sentences`` is the document's sorted sentence ranges when the caller has them."""
    if sentences is None:
        sentences = sorted((s.start, s.end) for s in doc.spans_of("sentence"))
    i = bisect.bisect_right(sentences, (span.start, len(doc.text))) - 1
    if 0 <= i < len(sentences) and sentences[i][1] >= span.end:
        return doc.text[sentences[i][0] : sentences[i][1]]
    for p in doc.passages:
        if p.start <= span.start <= p.end:
            return doc.text[p.start : p.end]
    return doc.text[span.start : span.end]


def layer_entries(store: Store, layer: str) -> list[LayerEntry]:
    """Every span of ``layer`` in the archive, in document order."""
    out: list[LayerEntry] = []
    for doc in store.iter_documents():
        sentences = sorted((s.start, s.end) for s in doc.spans_of("sentence"))
        for span in doc.spans_of(layer):
            out.append(
                LayerEntry(
                    document=doc.id,
                    source=doc.source,
                    title=doc.record.title,
                    date=doc.record.date,
                    start=span.start,
                    end=span.end,
                    text=doc.text[span.start : span.end],
                    value=span.value,
                    sentence=sentence_of(doc, span, sentences),
                )
            )
    return out
