"""The store's span lookups over hand-made documents: spans outside every sentence (the passage
stands in) or every passage (the span alone), unlinked mentions, undated time spans, merged
entities counted once per document."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest

from dossier.examine import layers
from dossier.examine.layers import entries_of, layer_entries
from dossier.model import Document, OffsetMap, Passage, Provenance, Record, Span
from dossier.settings import Settings
from dossier.store import Store, lookups, open_store
from dossier.store.base import SpanQuery

MADE = Provenance("test", "1")
TEXT = {
    "b.txt": "Zhou left Dairen in 1954. He came back.\n\n"
    "To Dairen, Lüshun; late 1954 and 1953\nEnd",
    "a.txt": "Dairen in October 1954 was quiet. Nothing else.\n\nLüshun stayed.",
}
MENTIONS = {  # (text, entity) by document
    "b.txt": [("Zhou", "person:zhou"), ("Dairen", "place:dalian"), ("He", ""),
              ("Dairen", "place:dalian"), ("Lüshun", "place:port-arthur")],
    "a.txt": [("Dairen", "place:dalian"), ("Lüshun", "place:port-arthur")],
}  # fmt: skip
TIMES = {  # (text, earliest, latest)
    "b.txt": [("1954", "1954-01-01", "1954-12-31"), ("late 1954", "1954-09-01", "1954-12-31"),
              ("1953", "1953-01-01", "1953-12-31"), ("End", None, None)],
    "a.txt": [("October 1954", "1954-10-01", "1954-10-31"), ("Nothing", None, "1954-01-01")],
}  # fmt: skip


def _document(source: str) -> Document:
    text = TEXT[source]
    cut = text.index("\n\n")
    spans = [Span("sentence", 0, text.index(".") + 1, {}, MADE)]  # only the first sentence
    for name, entity in MENTIONS[source]:
        at = text.index(name, max((s.end for s in spans if s.layer == "mention"), default=0))
        value = {"entity": entity, "method": "test", "reason": f"{name} here"}
        spans.append(Span("mention", at, at + len(name), value, MADE))
    for name, earliest, latest in TIMES[source]:
        at = text.index(name)
        value = {"value": name, "earliest": earliest, "latest": latest}
        spans.append(Span("time", at, at + len(name), value, MADE))
    return Document(
        source=source,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        text=text,
        record=Record(title=f"Title of {source}", date="1955"),
        passages=[Passage("paragraph", 0, cut), Passage("paragraph", cut + 2, len(text) - 4)],
        offsets=OffsetMap.identity(len(text)),
        reader="test",
        spans=spans,
    )


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    opened = open_store(settings)
    for source in TEXT:
        doc = _document(source)
        opened.save_file(source, doc.sha256, doc.text.encode(), [doc])
    yield opened
    opened.close()


@pytest.mark.parametrize("batch", [2, 500])
def test_spans_in_context_match_whole_documents(
    store: Store, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layers, "_BATCH", batch)
    for layer in ("mention", "time"):
        found = store.spans(SpanQuery(layer))
        assert entries_of(store, found) == layer_entries(store, layer), layer
    sentences = {e.text: e.sentence for e in layer_entries(store, "time")}
    assert sentences["1954"] == "Zhou left Dairen in 1954."  # its sentence
    assert sentences["1953"] == "To Dairen, Lüshun; late 1954 and 1953"  # its passage
    assert sentences["End"] == "End"  # outside every passage


def test_time_order_and_periods(store: Store) -> None:
    def values(query: SpanQuery) -> list[str]:
        return [s.text for s in store.spans(query)]

    assert values(SpanQuery("time", order="time", dated=True)) == [
        "1953", "1954", "late 1954", "October 1954"]  # fmt: skip
    assert values(SpanQuery("time", order="time")) == [
        "1953", "1954", "late 1954", "October 1954", "Nothing", "End"]  # fmt: skip
    assert values(SpanQuery("time", order="time", since="1954-09", before="1954-11")) == [
        "late 1954", "October 1954"]  # fmt: skip
    assert values(SpanQuery("time", order="time", dated=True, limit=2, offset=1)) == [
        "1954", "late 1954"]  # fmt: skip
    assert store.time_counts(4) == {"1953": 1, "1954": 3}
    assert store.time_counts(7, "1954", "1955") == {"1954-01": 1, "1954-09": 1, "1954-10": 1}


@pytest.mark.parametrize("few", [0, 1000])
def test_mention_counts_and_names(store: Store, few: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lookups, "FEW", few)  # documents read through or looked up
    assert sorted(store.mention_counts()) == [
        ("person:zhou", 1, 1), ("place:dalian", 3, 2), ("place:port-arthur", 2, 2)]  # fmt: skip
    merged = {"place:dalian": "place:port-arthur"}
    assert sorted(store.mention_counts(merged)) == [
        ("person:zhou", 1, 1), ("place:port-arthur", 5, 2)]  # fmt: skip
    assert store.mention_counts(merged, entities=["place:dalian"]) == [("place:port-arthur", 3, 2)]
    assert sorted(store.mention_counts(together_with=["person:zhou"])) == [
        ("person:zhou", 1, 1), ("place:dalian", 2, 1), ("place:port-arthur", 1, 1)]  # fmt: skip
    assert sorted(store.mention_names(["place:dalian"])) == [
        ("Dairen", "test", "Dairen here", 3)]  # fmt: skip
    assert store.mention_names([]) == []
