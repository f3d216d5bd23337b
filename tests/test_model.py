from __future__ import annotations

from dataclasses import replace

import pytest

from dossier.model import (
    Document,
    OffsetMap,
    Provenance,
    Record,
    Span,
    TextBuilder,
    document_id,
)


def test_builder_maps_copies_separators_and_replacements() -> None:
    original = "<p>Hello</p><p>World</p>"
    b = TextBuilder()
    b.add("Hello", 3)
    b.add("\n\n")
    b.add("World", 15)
    text, offsets = b.build()
    assert text == "Hello\n\nWorld"
    assert original[offsets.to_original(7) : offsets.to_original(12, end=True)] == "World"
    assert offsets.to_original(5) == 8


def test_compose_reaches_the_first_original() -> None:
    outer = TextBuilder()
    outer.add("Hello", 3)
    outer.add("\n\n")
    outer.add("World", 15)
    _, first = outer.build()
    inner = TextBuilder()
    inner.add("Hello\n\nW", 0)
    inner.add("0", 8, 9)
    inner.add("rld", 9)
    _, second = inner.build()
    both = second.compose(first)
    assert both.to_original(9) == 17
    assert both.to_original(12, end=True) == 20


def test_serialised_map_round_trips() -> None:
    m = OffsetMap([(0, 3, 10, 13), (3, 4, 13, 20)])
    assert OffsetMap.from_list(m.to_list()).to_list() == m.to_list()


@pytest.mark.parametrize("fragment", [None, "d117"])
def test_document_id_is_stable(fragment: str | None) -> None:
    assert document_id("ab" * 32, fragment) == document_id("ab" * 32, fragment)
    assert document_id("ab" * 32, fragment) != document_id("cd" * 32, fragment)


def test_spans_of_follows_the_spans_list_it_indexes() -> None:
    made = Provenance("test", "1")
    doc = Document("a.txt", "0" * 64, "Port Arthur", Record(), [], OffsetMap([]), "plain")
    doc.spans = [Span("mention", 0, 4, {}, made), Span("time", 5, 11, {}, made)]
    assert [s.start for s in doc.spans_of("mention")] == [0]
    doc.spans_of("mention").clear()  # a copy: the index is not changed through it
    doc.spans.append(Span("mention", 5, 11, {}, made))
    assert [s.start for s in doc.spans_of("mention")] == [0, 5]
    doc.spans = [Span("time", 0, 4, {}, made)]
    assert doc.spans_of("mention") == []
    assert replace(doc, spans=[]).spans_of("time") == []
