"""The spans of a document by layer, sorted by start once, so that the spans inside a sentence
are found by bisection instead of a scan over the whole document for every sentence."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from operator import sub
from typing import Any

from dossier.model import Document, Span

__all__ = ["SpanIndex"]


@dataclass(frozen=True)
class _Layer:
    """The spans of one layer sorted by start (ties in document order), their starts, their
    positions in ``doc.spans_of(layer)`` (None when that is their order already), the longest
    span's length, and whether any span ends before it starts (then every span is a
    candidate, since such a span can lie "inside" a range it starts after)."""

    spans: list[Span]
    starts: list[int]
    order: list[int] | None
    longest: int
    reversed: bool


def _layer(spans: list[Span]) -> _Layer:
    starts = [s.start for s in spans]
    ends = [s.end for s in spans]
    longest = max(map(sub, ends, starts), default=0)
    reverse = min(map(sub, ends, starts), default=0) < 0
    ordered = sorted(starts)
    if ordered == starts:  # already in order, as most layers are
        return _Layer(spans, starts, None, longest, reverse)
    ranked = sorted(range(len(spans)), key=starts.__getitem__)
    return _Layer([spans[n] for n in ranked], ordered, ranked, longest, reverse)


class SpanIndex:
    """The spans of ``doc`` by layer, each layer sorted on first use. Build one per document
    and pass it along; the document's spans must not change meanwhile."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._layers: dict[str, _Layer] = {}
        self._sentences: list[tuple[int, int]] | None = None
        self.memo: dict[Any, Any] = {}  # what callers work out once per document

    @cached_property
    def doc_id(self) -> str:
        """``doc.id``, a hash worked out on every call."""
        return self.doc.id

    def _of(self, layer: str) -> _Layer:
        found = self._layers.get(layer)
        if found is None:
            found = self._layers[layer] = _layer(self.doc.spans_of(layer))
        return found

    def _bounds(self, layer: _Layer, lo: int, hi: int) -> tuple[int, int]:
        """Where in ``layer.spans`` are the spans starting in ``[lo, hi]`` (all of them when a
        span of the layer is reversed)."""
        if layer.reversed:
            return 0, len(layer.spans)
        return bisect_left(layer.starts, lo), bisect_right(layer.starts, hi)

    def _inside(self, layer: _Layer, start: int, end: int) -> list[Span]:
        """The spans of ``layer`` within ``[start, end]``, sorted by start."""
        a, b = self._bounds(layer, start, end)
        if layer.reversed:
            return [s for s in layer.spans[a:b] if s.start >= start and s.end <= end]
        return [s for s in layer.spans[a:b] if s.end <= end]  # all start in [start, end]

    def inside(self, name: str, start: int, end: int) -> list[Span]:
        """The spans of layer ``name`` within ``[start, end]``, sorted by start (ties in
        document order): what a stable sort by start of a scan of ``spans_of`` gives."""
        layer = self._of(name)
        return self._inside(layer, start, end) if layer.spans else []

    def inside_in_order(self, name: str, start: int, end: int) -> list[Span]:
        """The spans of layer ``name`` within ``[start, end]`` in document order."""
        layer, order = self._of(name), self._of(name).order
        if order is None:
            return self._inside(layer, start, end) if layer.spans else []
        a, b = self._bounds(layer, start, end)
        spans = layer.spans
        at = [n for n in range(a, b) if spans[n].start >= start and spans[n].end <= end]
        return [spans[n] for n in sorted(at, key=order.__getitem__)]

    def near(self, name: str, start: int, end: int, slack: int) -> list[Span]:
        """In document order, every span of layer ``name`` that lies within ``[start, end]``
        or covers ``[start + slack, end - slack]``, among possibly a few others."""
        layer = self._of(name)
        if not layer.spans:
            return []
        lo = min(start, end - slack - layer.longest)
        a, b = self._bounds(layer, lo, max(end, start + slack))
        if layer.order is None:
            return layer.spans[a:b]
        return [layer.spans[n] for n in sorted(range(a, b), key=layer.order.__getitem__)]

    def sentences_before(self, start: int, count: int) -> list[tuple[int, int]]:
        """The last ``count`` of the sentences ending at or before ``start``, as ``(start,
        end)`` sorted by start then end."""
        if self._sentences is None:
            self._sentences = sorted((s.start, s.end) for s in self.doc.spans_of("sentence"))
        pairs = self._sentences
        top = len(pairs) if self._of("sentence").reversed else bisect_right(pairs, (start, start))
        out: list[tuple[int, int]] = []
        for n in range(top - 1, -1, -1):
            if pairs[n][1] <= start:
                out.append(pairs[n])
                if len(out) == count:
                    break
        out.reverse()
        return out
