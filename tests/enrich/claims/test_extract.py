"""The claims stage: slots, polarity, modality, quantities, and what is not a claim."""

from __future__ import annotations

import pytest

from dossier.enrich.claims.lexicon import find_quantities, lemma
from dossier.enrich.claims.stage import ClaimStage, parse_claim
from dossier.model import Document, OffsetMap, Passage, Record
from dossier.pipeline import default_pipeline
from dossier.settings import Settings


@pytest.mark.parametrize(
    ("text", "polarity", "modality"),
    [
        ("General Petrov was arrested in Harbin on 3 May 1931.", "positive", "asserted"),
        ("General Petrov was not arrested in Harbin on 3 May 1931.", "negative", "asserted"),
        ("General Petrov was probably arrested in Harbin in 1931.", "positive", "hedged"),
        ("It seems that General Petrov never reached Harbin in 1931.", "negative", "hedged"),
    ],
)
def test_polarity_and_modality(text: str, polarity: str, modality: str) -> None:
    claim = parse_claim(text, Settings())
    assert claim.polarity == polarity
    assert claim.modality == modality
    assert claim.checkworthiness > 0.3


@pytest.mark.parametrize(
    ("text", "value", "high", "unit"),
    [
        ("The garrison held out for nine days.", 9, None, "day"),
        ("They signed a 40-year lease.", 40, None, "year"),
        ("The loan came to $250 million.", 250e6, None, "dollar"),
        ("He rose at 6 or 7 o'clock.", 6, 7, "o'clock"),
        ("About 1,200 soldiers crossed the river.", 1200, None, "soldier"),
    ],
)
def test_quantities(text: str, value: float, high: float | None, unit: str) -> None:
    found = find_quantities(text)
    assert [(q["value"], q["high"], q["unit"]) for q in found] == [(value, high, unit)]


def test_years_are_times_not_quantities() -> None:
    claim = parse_claim("The mission left Tientsin on 14 March 1927.", Settings())
    assert claim.how_many == []
    assert [t.value for t in claim.when] == ["1927-03-14"]


@pytest.mark.parametrize(("a", "b"), [("kept", "keeping"), ("left", "leave"), ("forces", "force")])
def test_lemmas_agree(a: str, b: str) -> None:
    assert lemma(a) == lemma(b)


def test_question_is_not_checkworthy() -> None:
    assert parse_claim("Did General Petrov reach Harbin in 1931?", Settings()).checkworthiness == 0


def _doc(parts: list[tuple[str, str]]) -> Document:
    text, passages, pos = "", [], 0
    for kind, piece in parts:
        passages.append(Passage(kind, pos, pos + len(piece)))
        text += piece + "\n\n"
        pos = len(text)
    return Document("t.txt", "0" * 64, text, Record(), passages, OffsetMap.identity(len(text)), "t")


def test_stage_skips_headings_and_editorial_passages() -> None:
    doc = _doc(
        [
            ("heading", "General Petrov in Harbin, 1931"),
            ("editorial", "The editor notes that General Petrov arrived in Harbin in 1931."),
            ("paragraph", "General Petrov arrived in Harbin on 3 May 1931 with 40 officers."),
        ]
    )
    pipeline = default_pipeline()
    assert pipeline.stages[-1].name == ClaimStage.name
    out = pipeline.run(doc, Settings())
    claims = out.spans_of("claim")
    assert len(claims) == 1
    assert claims[0].start >= doc.passages[2].start
    assert claims[0].value["how_many"][0]["unit"] == "person" or claims[0].value["how_many"]


def test_state_named_first_is_the_subject() -> None:
    claim = parse_claim("Denmark welcomed Swedish troops into Malmo in May 1921.", Settings())
    assert claim.predicate == "welcomed"
