"""The time stage: spans over passages, narrative anchoring across passages, provenance."""

from __future__ import annotations

from dossier.enrich.times.stage import TimeStage
from dossier.model import Document, OffsetMap, Passage, Record
from dossier.pipeline import Pipeline
from dossier.settings import Settings


def _doc(paragraphs: list[str], date: str | None = None) -> Document:
    text = "\n\n".join(paragraphs)
    passages, at = [], 0
    for para in paragraphs:
        passages.append(Passage("paragraph", at, at + len(para)))
        at += len(para) + 2
    return Document(
        "letter.txt",
        "0" * 64,
        text,
        Record(date=date),
        passages,
        OffsetMap.identity(len(text)),
        "test@1",
        layers={"normalised"},
    )


def test_stage_adds_time_spans_with_values_and_provenance() -> None:
    doc = _doc(["The envoy reached the city on 2 March 1950.", "The next day he left."])
    out = TimeStage()(doc, Settings())
    spans = out.spans_of("time")
    assert [out.text[s.start : s.end] for s in spans] == ["2 March 1950", "The next day"]
    second = spans[1].value
    assert second["value"] == "1950-03-03" and second["anchor"] == "narrative"
    assert second["flags"] == ["relative"] and second["text"] == "The next day"
    assert set(second) == {
        "value",
        "precision",
        "earliest",
        "latest",
        "flags",
        "mod",
        "anchor",
        "anchor_value",
        "text",
    }
    assert spans[0].provenance.stage == "times" and spans[0].provenance.version == TimeStage.version
    assert "time" in out.layers and doc.spans == []


def test_stage_uses_the_record_date_for_deictic_words() -> None:
    out = TimeStage()(_doc(["Last year the harvest failed."], "1947-02-01"), Settings())
    (span,) = out.spans_of("time")
    assert span.value["value"] == "1946" and span.value["anchor"] == "document"


def test_stage_declares_its_contract() -> None:
    stage = TimeStage()
    assert (stage.name, stage.requires, stage.adds) == (
        "times",
        frozenset({"normalised"}),
        frozenset({"time"}),
    )
    Pipeline([_Normalised(), stage])


class _Normalised:
    name = "clean"
    version = "1"
    requires: frozenset[str] = frozenset()
    adds = frozenset({"normalised"})

    def __call__(self, doc: Document, settings: Settings) -> Document:
        return doc
