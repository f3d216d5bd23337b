"""``TimeStage``: the pipeline stage that adds a ``time`` span for every time expression."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

from dossier.enrich.times.anchor import Narrative
from dossier.enrich.times.expression import TimeExpression
from dossier.enrich.times.extract import compile_patterns
from dossier.enrich.times.tagger import tag_narrative
from dossier.model import Document, Provenance, Span
from dossier.settings import Settings

__all__ = ["TimeStage", "span_value"]


def span_value(expr: TimeExpression) -> dict[str, Any]:
    """The ``value`` dict of a time span."""
    return {
        "value": expr.value,
        "precision": expr.precision,
        "earliest": expr.earliest,
        "latest": expr.latest,
        "flags": sorted(expr.flags),
        "mod": expr.mod,
        "anchor": expr.anchor,
        "anchor_value": expr.anchor_value,
        "text": expr.text,
    }


class TimeStage:
    """Tags every passage of ``doc.text`` in document order, so narrative anchoring runs across
    passages; the document date (``doc.record.date``) anchors deictic words."""

    name: ClassVar[str] = "times"
    version: ClassVar[str] = "2"
    requires: ClassVar[frozenset[str]] = frozenset({"normalised"})
    adds: ClassVar[frozenset[str]] = frozenset({"time"})

    def __init__(self) -> None:
        compile_patterns()

    def __call__(self, doc: Document, settings: Settings) -> Document:
        provenance = Provenance(self.name, self.version, settings=settings.digest())
        narrative = Narrative(doc.record.date)
        pieces = sorted((p.start, p.end) for p in doc.passages) or [(0, len(doc.text))]
        spans: list[Span] = []
        for start, end in pieces:
            for expr in tag_narrative(doc.text[start:end], narrative, offset=start):
                spans.append(Span("time", expr.start, expr.end, span_value(expr), provenance))
        return replace(doc, spans=[*doc.spans, *spans], layers=doc.layers | self.adds)
