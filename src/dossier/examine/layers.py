"""Spans of one layer across the archive, each with its document and sentence for context."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from dossier.model import Document, Span
from dossier.store import Store
from dossier.store.base import SpanQuery, StoredSpan

__all__ = ["LayerEntry", "entries_of", "layer_entries", "sentence_of"]

_END = 1 << 62  # past the end of any document
_BATCH = 500


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


def _sentences(store: Store, spans: list[StoredSpan]) -> dict[str, list[tuple[int, int, int]]]:
    """(start, end, span id) of the sentences of the documents of ``spans``, sorted."""
    documents = tuple(sorted({s.document for s in spans}))
    found: dict[str, list[tuple[int, int, int]]] = {d: [] for d in documents}
    if documents:
        for s in store.spans(SpanQuery("sentence", documents=documents, text=False)):
            found[s.document].append((s.start, s.end, s.id))
    return {d: sorted(ranges) for d, ranges in found.items()}


def entries_of(store: Store, spans: list[StoredSpan]) -> list[LayerEntry]:
    """``spans`` with their sentences, as ``sentence_of`` finds them, reading only the sentence
    spans of their documents (and the passages of those whose sentences miss a span)."""
    out: list[LayerEntry] = []
    for at in range(0, len(spans), _BATCH):  # each a few hundred ids for the queries at most
        out += _entries(store, spans[at : at + _BATCH])
    return out


def _entries(store: Store, spans: list[StoredSpan]) -> list[LayerEntry]:
    sentences = _sentences(store, spans)
    chosen: dict[int, int] = {}  # span id → id of its sentence span
    for span in spans:
        ranges = sentences[span.document]
        i = bisect.bisect_right(ranges, (span.start, _END), key=lambda r: (r[0], r[1])) - 1
        if i >= 0 and ranges[i][1] >= span.end:
            chosen[span.id] = ranges[i][2]
    wanted = tuple(sorted(set(chosen.values())))
    texts = {s.id: s.text for s in store.spans(SpanQuery("sentence", ids=wanted))} if wanted else {}
    missed = sorted({s.document for s in spans if s.id not in chosen})
    passages = {d: store.passages(d) for d in missed}

    def sentence(span: StoredSpan) -> str:
        if span.id in chosen:
            return texts[chosen[span.id]]
        for p in passages[span.document]:
            if p.start <= span.start <= p.end:
                return p.text
        return span.text

    return [
        LayerEntry(s.document, s.source, s.title, s.date, s.start, s.end, s.text, s.value,
                   sentence(s))
        for s in spans
    ]  # fmt: skip
