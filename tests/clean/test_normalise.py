from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.clean import CleanStage
from dossier.clean.normalise import (
    _TOKEN,
    Change,
    _normalise_token,
    _verbatim,
    normalise_passage,
    repair_mixed_script,
)
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


def _token_by_token(text: str) -> tuple[str, list[list[int]], list[tuple[str, str, str]]]:
    """Normalisation one token at a time, the way it was written first: the reference for the
    runs that ``normalise_passage`` copies at once."""
    builder, changes = TextBuilder(), list[Change]()
    for m in _TOKEN.finditer(text):
        if _verbatim(m.lastgroup, m.group()):
            builder.add(m.group(), m.start())
        else:
            _normalise_token(text, m, builder, changes)
    built, offsets = builder.build()
    return built, offsets.to_list(), [(c.kind, c.before, c.after) for c in changes]


# ASCII and typographic marks, hyphens before line ends, white space of all kinds, combining
# marks, removed characters, and letters that NFC or the script repair changes.
PIECES = [
    "word",
    "Port",
    "1945",
    "_",
    ".",
    ",",
    "-",
    "--",
    "<",
    "\u0338",
    " ",
    "  ",
    "\n",
    "\t",
    "\r\n",
    "-\n",
    "- \n ",
    "\u201c",
    "\u201d",
    "\u2019",
    "\u2014",
    "\u2026",
    "\u21a9",
    "\u00ab",
    "e\u0301",
    "\u00e9",
    "\u0301",
    "\u00ad",
    "\u200b",
    "\ufeff",
    "P\u043ert",
    "\u041c\u043e",
    "\u00bd",
    "\x1c",
    "\x7f",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_runs_copied_at_once_normalise_as_token_by_token(text: str) -> None:
    builder, changes = TextBuilder(), list[Change]()
    normalise_passage(text, 0, len(text), builder, changes)
    built, offsets = builder.build()
    got = (built, offsets.to_list(), [(c.kind, c.before, c.after) for c in changes])
    assert got == _token_by_token(text)
