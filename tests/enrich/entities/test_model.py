from __future__ import annotations

import logging

import pytest

from dossier.enrich.entities.model import DEFAULT_MODEL, chunks, load_ner, ner_status


def test_missing_model_degrades_with_one_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="dossier.enrich.entities"):
        assert load_ner("no_such_pipeline_pkg") is None
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 1 and "\n" not in lines[0]
    assert "no_such_pipeline_pkg" in lines[0] and "authority and rules only" in lines[0]
    assert "not installed" in ner_status("no_such_pipeline_pkg")


@pytest.mark.parametrize("size", [40, 100, 10_000])
def test_chunks_cover_the_text_at_blank_lines(size: int) -> None:
    text = "\n\n".join(f"Paragraph {n} about the harbour." for n in range(30))
    pieces = chunks(text, size)
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)


def test_installed_model_finds_persons_and_places() -> None:
    model = load_ner(DEFAULT_MODEL)
    if model is None:
        pytest.skip("the spaCy model package is not installed")
    text = "Yesterday Boris Yeltsin flew from Moscow to Paris."
    (found,) = model.annotate([text])
    labels = {text[m.start : m.end]: m.label for m in found}
    assert labels.get("Boris Yeltsin") == "PERSON"
    assert labels.get("Moscow") == "GPE"
    assert "parser" not in model.nlp.pipe_names
