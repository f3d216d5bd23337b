"""Run the reading stages on one plain text without storing it, with every span's offsets
mapped back into exactly the text that was given (the interface external scorers use)."""

from __future__ import annotations

import hashlib
from typing import Any

from dossier.model import Document, OffsetMap, Record
from dossier.pipeline import Pipeline
from dossier.read.assemble import assemble
from dossier.read.text import paragraph_pieces
from dossier.settings import Settings

__all__ = ["annotate_text"]


def _mapped(value: dict[str, Any], offsets: OffsetMap) -> dict[str, Any]:
    out = dict(value)
    for key, item in value.items():
        if isinstance(item, int) and not isinstance(item, bool):
            if key.endswith("_start"):
                out[key] = offsets.to_original(item)
            elif key.endswith("_end"):
                out[key] = offsets.to_original(item, end=True)
    return out


def annotate_text(
    text: str, pipeline: Pipeline, settings: Settings, date: str | None = None
) -> list[dict[str, Any]]:
    """Every span the pipeline finds in ``text``, sorted by offset, in ``text``'s coordinates."""
    raw, passages, offsets = assemble(text, paragraph_pieces(text))
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    doc = Document("<annotate>", sha, raw, Record(date=date), passages, offsets, "annotate@1")
    doc = pipeline.run(doc, settings)
    spans = []
    for span in doc.spans:
        start = doc.offsets.to_original(span.start)
        end = doc.offsets.to_original(span.end, end=True)
        value = _mapped(span.value, doc.offsets)
        spans.append(
            {
                "layer": span.layer,
                "start": start,
                "end": end,
                "text": text[start:end],
                "value": value.get("value") if span.layer == "time" else None,
                "interval": [value.get("earliest"), value.get("latest")]
                if span.layer == "time"
                else None,
                "entity": value.get("entity"),
                "attributes": value,
                "confidence": span.confidence,
            }
        )
    return sorted(spans, key=lambda s: (s["start"], -s["end"], s["layer"]))
