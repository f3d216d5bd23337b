"""The per-document span index gives what a scan over all of a document's spans gives, for every
sentence of a long document: spans in any order, overlapping, empty or even reversed."""

from __future__ import annotations

import random
from dataclasses import fields
from typing import Any

import pytest

from dossier.enrich.claims.extract import _attribution, _entities, _times, claim_values
from dossier.enrich.claims.index import SpanIndex
from dossier.enrich.claims.model import Attribution, Claim, EntityRef, Quantity, TimeRef
from dossier.model import Document, OffsetMap, Passage, Provenance, Record, Span

_P = Provenance("test", "1")
_WORDS = "General Petrov reached Harbin on 3 May 1931 ; he said “ we stayed there ” .".split()  # noqa: SIM905


def _span(rng: random.Random, layer: str, n: int, value: dict[str, Any]) -> Span:
    a, b = sorted((rng.randint(0, n), rng.randint(0, n)))
    if rng.random() < 0.05:  # a reversed span
        a, b = b, a
    return Span(layer, a, b, value, _P)


def _document(seed: int, reversed_spans: bool) -> Document:
    rng = random.Random(seed)
    text = " ".join(rng.choice(_WORDS) for _ in range(600))
    n = len(text)
    cuts = sorted(rng.sample(range(1, n), 60))
    spans = [Span("sentence", a, b, {}, _P) for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
    types = ["person", "organisation", "place", "other"]
    for _ in range(120):
        value = {"entity": rng.choice([None, "a", "b"]), "type": rng.choice(types)}
        spans.append(_span(rng, "mention", n, value))
    for at in cuts[::5]:  # empty, where a sentence ends
        spans.append(Span("mention", at, at, {"entity": "c", "type": "place"}, _P))
        spans.append(Span("time", at, at, {"value": "1931", "earliest": "1931"}, _P))
    for _ in range(40):
        value = {"value": "1931", "earliest": rng.choice([None, "1931"]), "latest": "1931"}
        spans.append(_span(rng, "time", n, value))
    for _ in range(15):
        value = {"kind": rng.choice(["direct", "indirect", "scare"]), "speaker": "Petrov"}
        spans.append(_span(rng, "quote", n, value))
    if not reversed_spans:
        spans = [s for s in spans if s.start <= s.end]
    rng.shuffle(spans)
    record = Record(genre="article")
    passages = [Passage("paragraph", 0, n)]
    return Document(
        "t.txt", "0" * 64, text, record, passages, OffsetMap.identity(n), "t", spans=spans
    )


def _scan_entities(doc: Document, start: int, end: int) -> list[tuple[Any, ...]]:
    inside = [s for s in doc.spans_of("mention") if s.start >= start and s.end <= end]
    return [(s.value["entity"], s.start, s.end) for s in sorted(inside, key=lambda s: s.start)]


def _scan_times(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    return [
        (s.start, s.end)
        for s in doc.spans_of("time")
        if s.start >= start and s.end <= end and s.value.get("earliest")
    ]


def _scan_quote(doc: Document, start: int, end: int) -> tuple[str, Any]:
    best: Span | None = None
    for s in doc.spans_of("quote"):
        if s.value.get("kind") == "scare":
            continue
        inside = s.start >= start and s.end <= end
        if ((s.start <= start + 2 and s.end >= end - 2) or inside) and (
            best is None or s.end - s.start > best.end - best.start
        ):
            best = s
    if best is None:
        return "author", None
    return ("quoted" if best.value["kind"] == "direct" else "reported"), best.value["speaker"]


@pytest.mark.parametrize(("seed", "reversed_spans"), [(1, False), (2, False), (3, True)])
def test_the_index_finds_what_a_scan_finds(seed: int, reversed_spans: bool) -> None:
    doc = _document(seed, reversed_spans)
    index = SpanIndex(doc)
    ranges = [(s.start, s.end) for s in doc.spans_of("sentence")]
    ranges += [(a, a + 200) for a in range(0, len(doc.text), 97)]
    for start, end in ranges:
        entities = [(e["entity"], e["start"], e["end"]) for e in _entities(index, start, end)]
        assert entities == _scan_entities(doc, start, end)
        assert [(t["start"], t["end"]) for t in _times(index, start, end)] == _scan_times(
            doc, start, end
        )
        attribution = _attribution(index, start, end)
        assert (attribution["kind"], attribution["speaker"]) == _scan_quote(doc, start, end)


@pytest.mark.parametrize("reversed_spans", [False, True])
def test_sentences_before_are_the_last_ones_ending_before(reversed_spans: bool) -> None:
    doc = _document(4, reversed_spans)
    if reversed_spans:
        doc.spans.append(Span("sentence", 500, 400, {}, _P))
    index = SpanIndex(doc)
    pairs = sorted((s.start, s.end) for s in doc.spans_of("sentence"))
    for at in range(0, len(doc.text), 37):
        assert index.sentences_before(at, 3) == [p for p in pairs if p[1] <= at][-3:]


def test_the_stored_dicts_have_the_fields_of_the_claim_model() -> None:
    """The stage stores dicts made without the model: their keys must follow its fields."""
    values = claim_values(_document(5, False), min_worth=0.0)
    assert values
    for value in values:
        assert list(value) == [f.name for f in fields(Claim)]
        for key, kind in (("entities", EntityRef), ("when", TimeRef), ("how_many", Quantity)):
            assert all(list(item) == [f.name for f in fields(kind)] for item in value[key])
        assert list(value["attribution"]) == [f.name for f in fields(Attribution)]
    assert any(v["entities"] for v in values) and any(v["when"] for v in values)
