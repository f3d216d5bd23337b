"""``ClaimStage`` (a ``claim`` span per check-worthy claim) and ``parse_claim`` for a claim that
someone types in."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import cache
from typing import ClassVar

from dossier.enrich.claims.extract import claim_of, claim_values, extract_claims
from dossier.enrich.claims.model import Claim
from dossier.model import Document, Provenance, Record, Span
from dossier.pipeline import Pipeline, default_pipeline
from dossier.read.assemble import assemble
from dossier.read.text import paragraph_pieces
from dossier.settings import Settings

__all__ = ["ClaimStage", "parse_claim", "reading_pipeline"]


class ClaimStage:
    """``claims@2``: a ``claim`` span per check-worthy sentence or clause, with the claim's
    slots as its value and its check-worthiness as the span's confidence."""

    name: ClassVar[str] = "claims"
    version: ClassVar[str] = "2"
    requires: ClassVar[frozenset[str]] = frozenset(
        {"sentence", "mention", "time", "quote", "editorial"}
    )
    adds: ClassVar[frozenset[str]] = frozenset({"claim"})

    def __call__(self, doc: Document, settings: Settings) -> Document:
        provenance = Provenance(self.name, self.version, settings=settings.digest())
        spans = [
            Span("claim", c["start"], c["end"], c, provenance, c["checkworthiness"])
            for c in claim_values(doc)
        ]
        return replace(doc, spans=[*doc.spans, *spans], layers=doc.layers | self.adds)


@cache
def reading_pipeline() -> Pipeline:
    """The default reading pipeline, built once per process (its NER model loads once)."""
    return default_pipeline()


def parse_claim(text: str, settings: Settings, pipeline: Pipeline | None = None) -> Claim:
    """The main claim of a typed-in ``text``: the reading stages run on it as on a document
    (without storing it), and the most check-worthy sentence wins. A text with no check-worthy
    sentence still gives a claim (with check-worthiness 0), so it can be examined."""
    raw, passages, offsets = assemble(text, paragraph_pieces(text))
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    doc = Document("<claim>", sha, raw, Record(), passages, offsets, "claim@1")
    doc = (pipeline or reading_pipeline()).run(doc, settings)
    found = extract_claims(doc, min_worth=0.0)
    if found:
        best = max(found, key=lambda c: (c.checkworthiness, c.end - c.start))
        if len(found) == 1 or best.end - best.start >= 0.8 * len(doc.text.strip()):
            return best
    whole = claim_of(doc, 0, len(doc.text.rstrip()))
    return whole if not found else max([*found, whole], key=lambda c: c.end - c.start)
