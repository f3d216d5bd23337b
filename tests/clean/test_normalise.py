from __future__ import annotations

import pytest

from dossier.clean import CleanStage
from dossier.clean.normalise import repair_mixed_script
from dossier.model import Document, Passage, Record, TextBuilder
from dossier.settings import Settings


def _doc(text: str) -> Document:
    b = TextBuilder()
    b.add(text, 0)
    built, offsets = b.build()
    return Document(
        "x.txt", "0" * 64, built, Record(), [Passage("paragraph", 0, len(text))], offsets, "test@1"
    )


@pytest.mark.parametrize(
    ("word", "fixed"),
    [
        ("Indo-\u0421hina", "Indo-China"),
        ("P\u043ert", "Port"),
        ("Москва", "Москва"),
        ("Arthur", "Arthur"),
        ("М\u043eскв\u0061", "Москва"),
    ],
)
def test_mixed_script_words_are_repaired(word: str, fixed: str) -> None:
    assert repair_mixed_script(word) == fixed


def test_clean_records_the_repair_and_maps_back() -> None:
    original = "War in Indo-\u0421hina from 1966"
    doc = CleanStage()(_doc(original), Settings())
    assert doc.text == "War in Indo-China from 1966"
    (span,) = doc.spans_of("normalisation")
    assert span.value == {"kind": "mixed-script", "before": "\u0421hina", "after": "China"}
    assert doc.text[span.start : span.end] == "China"
    start = doc.offsets.to_original(span.start)
    assert original[start : doc.offsets.to_original(span.end, end=True)] == "\u0421hina"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("general reconstruc-\ntion of the port", "general reconstruction of the port"),
        ("the Indo-\nChina war", "the Indo-China war"),
        ("many   spaces\n and\tlines", "many spaces and lines"),
        ("soft\u00adhyphen", "softhyphen"),
        ("cafe\u0301", "caf\u00e9"),
    ],
)
def test_whitespace_hyphens_and_nfc(raw: str, clean: str) -> None:
    doc = CleanStage()(_doc(raw), Settings())
    assert doc.text == clean
    assert doc.passages[0].end == len(clean)
    assert doc.offsets.to_original(len(clean), end=True) == len(raw)
