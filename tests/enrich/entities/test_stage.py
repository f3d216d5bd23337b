from __future__ import annotations

from dataclasses import replace

import pytest

from dossier.clean import CleanStage
from dossier.enrich.entities import EntityStage, Linker, load_authority
from dossier.model import Document, OffsetMap, Passage, Provenance, Record, Span
from dossier.pipeline import Pipeline
from dossier.settings import Settings

TEXT = (
    "On his arrival at Lushun, General Orlovsky met c. Kovalev. "
    "Later Khrushchev, Nikita Sergeevich signed the order. [p. 12]"
)


def _doc(text: str = TEXT) -> Document:
    doc = Document(
        "x.txt",
        "1" * 64,
        text,
        Record(),
        [Passage("paragraph", 0, len(text))],
        OffsetMap.identity(len(text)),
        "test@1",
    )
    doc.layers |= {"text", "record", "passages", "normalised"}
    return doc


@pytest.fixture(scope="module")
def stage() -> EntityStage:
    return EntityStage(Linker(load_authority()), model=None)


def test_stage_contract() -> None:
    assert (EntityStage.name, EntityStage.version) == ("entities", "2")
    Pipeline([CleanStage(), EntityStage(Linker(load_authority()), model=None)])


def test_stage_adds_linked_mentions(stage: EntityStage, settings: Settings) -> None:
    doc = stage(_doc(), settings)
    values = {doc.text[s.start : s.end]: s.value for s in doc.spans_of("mention")}
    assert values["Lushun"]["entity"] == "place:port-arthur"
    assert values["Orlovsky"]["title"] == "General"
    assert values["Kovalev"]["title"] == "c."
    signed = values["Khrushchev, Nikita Sergeevich"]
    assert signed["entity"] == "person:nikita-khrushchev"
    assert set(signed) >= {"type", "name", "entity", "score", "method"}
    assert "mention" in doc.layers
    span = doc.spans_of("mention")[0]
    assert span.provenance.stage == "entities" and span.confidence == span.value["score"]


def test_mentions_in_editorial_notes_are_ignored(stage: EntityStage, settings: Settings) -> None:
    text = "Stalin agreed. [Ed. note: Molotov was absent.]"
    doc = _doc(text)
    at = text.index("[")
    note = Span("editorial", at, len(text), {"kind": "note"}, Provenance("editorial", "1"))
    out = stage(replace(doc, spans=[note]), settings)
    assert [out.text[s.start : s.end] for s in out.spans_of("mention")] == ["Stalin"]


def test_reader_mentions_get_links_instead_of_duplicates(
    stage: EntityStage, settings: Settings
) -> None:
    text = "The reply signed by Bulganin was short."
    at = text.index("Bulganin")
    reader = Span(
        "mention", at, at + 8, {"type": "person", "corresp": "#p_X1"}, Provenance("tei", "1")
    )
    out = stage(replace(_doc(text), spans=[reader]), settings)
    mentions = out.spans_of("mention")
    assert len(mentions) == 1
    assert mentions[0].value["corresp"] == "#p_X1"
    assert mentions[0].value["entity"] == "person:nikolai-bulganin"
    assert mentions[0].provenance.stage == "tei"
