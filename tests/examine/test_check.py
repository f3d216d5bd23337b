"""Checking claims against a small archive of invented documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import Databases

from dossier.api import Archive, open_archive
from dossier.examine.check import check_claim, examine_document
from dossier.settings import Settings

DOCS = {
    "report.txt": (
        "Report on the harbour\n\n"
        "The Governor of Lüshun announced on 12 March 1931 that the harbour would stay "
        "closed for 25 years.\n\n"
        "The customs officer Weber was not arrested by the police before the governor "
        "left the city.\n\n"
        "After the trial the captain Brandt was sentenced to death for the loss of the ship."
    ),
    "diary.txt": (
        "Diary of a traveller\n\n"
        "The weather was cold and the tea was bitter. We walked to the old market of Kazan "
        "and bought nothing at all."
    ),
}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, databases: Databases) -> Iterator[Archive]:
    root = tmp_path_factory.mktemp("archive")
    folder = root / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, "utf-8")
    with open_archive(Settings(db=databases.new(root / "a.db"))) as opened:
        opened.ingest([folder])
        yield opened


@pytest.mark.parametrize(
    ("claim", "verdict", "reason"),
    [
        (
            "The Governor of Port Arthur announced on 12 March 1931 that the harbour would "
            "stay closed for 25 years.",
            "supported",
            "alias_match",
        ),
        (
            "The Governor of Lüshun announced on 19 June 1935 that the harbour would stay "
            "closed for 25 years.",
            "contradicted",
            "date_conflict",
        ),
        (
            "The Governor of Lüshun announced on 12 March 1931 that the harbour would stay "
            "closed for 40 years.",
            "contradicted",
            "quantity_conflict",
        ),
        (
            "The customs officer Weber was arrested by the police before the governor left "
            "the city.",
            "contradicted",
            "negation",
        ),
        (
            "After the trial the captain Brandt was acquitted for the loss of the ship.",
            "contradicted",
            "antonym",
        ),
        ("The Emperor of Siam visited Lisbon with three elephants in 1911.", "unverified", None),
    ],
)
def test_verdicts_and_reasons(
    archive: Archive, claim: str, verdict: str, reason: str | None
) -> None:
    result = check_claim(archive.store, claim, archive.settings)
    assert result.verdict == verdict
    assert 0.0 <= result.confidence <= 1.0
    if reason is not None:
        top = result.evidence[0]
        assert top.hit.source.endswith("report.txt")
        assert reason in {r.type for r in top.assessment.reasons}


def test_result_shape(archive: Archive) -> None:
    out = check_claim(
        archive.store, "The captain Brandt was sentenced to death.", archive.settings
    ).to_dict()
    assert set(out) == {"claim", "verdict", "confidence", "evidence"}
    assert set(out["evidence"][0]) == {
        "document",
        "source",
        "passage",
        "text",
        "stance",
        "reasons",
        "score",
    }
    scores = [e["score"] for e in out["evidence"]]
    assert scores == sorted(scores, reverse=True)


def test_examine_document_excludes_itself(archive: Archive, tmp_path: Path) -> None:
    report = examine_document(archive.store, "report.txt", archive.settings)
    assert report.results
    for result in report.results:
        assert all(e.hit.document != report.document for e in result.evidence)
    text = report.to_markdown()
    assert "Verdict" in text and report.source in text


# Error classes of claim checking, each on invented documents: a passage that continues a
# sentence broken by a paragraph break, a negated word in a neighbouring sentence, a loose
# antonym in a less aligned passage, a negated verb that is not a word of the claim, and a
# date that names a paper rather than the event.
CLASS_DOCS = {
    "council.txt": (
        "Minutes of the council\n\n"
        "Admiral Lindqvist told the council in Bergen that the harbour defences were sound. "
        "Therefore, he and his officers,\n\n"
        "after a long debate, stood for keeping the fleet in the harbour of Bergen."
    ),
    "envoy.txt": (
        "Ilse Rahn interpreted the talks of the envoy Marten at the castle. "
        "The clerks of the Duke of Kent did not interpret for Marten."
    ),
    "harbour.txt": (
        "Varna, 3 May. The city is quiet. The harbour authorities insist the port stays closed "
        "and under naval command."
    ),
    "garrison.txt": "There is no sign that the naval authorities plan leaving the port of Varna.",
    "treaty.txt": "The port of Varna will be open to the merchant ships of all nations.",
    "malmo.txt": (
        "Owing to the obstacles raised by Denmark, Swedish troops could not be sent to Malmo "
        "in May 1921 and the Swedish envoy was unable to proceed."
    ),
    "memo.txt": (
        "In reply to the consul's memo of May 5, 1933, the ministry confirms that the port of "
        "Trieste stayed closed to merchant ships."
    ),
}


@pytest.fixture(scope="module")
def classes(tmp_path_factory: pytest.TempPathFactory, databases: Databases) -> Iterator[Archive]:
    root = tmp_path_factory.mktemp("classes")
    folder = root / "docs"
    folder.mkdir()
    for name, text in CLASS_DOCS.items():
        (folder / name).write_text(text, "utf-8")
    with open_archive(Settings(db=databases.new(root / "c.db"))) as opened:
        opened.ingest([folder])
        yield opened


@pytest.mark.parametrize(
    ("claim", "verdict", "source", "stance", "reason"),
    [
        (
            "Admiral Lindqvist argued that the fleet should be kept in Bergen.",
            "supported",
            "council.txt",
            "supports",
            None,
        ),
        (
            "Ilse Rahn interpreted the talks between Marten and the Duke of Kent.",
            "supported",
            "envoy.txt",
            "supports",
            None,
        ),
        (
            "In 1931 the authorities kept the port of Varna closed under naval command.",
            "supported",
            "harbour.txt",
            "supports",
            None,
        ),
        (
            "Denmark welcomed Swedish troops into Malmo in May 1921.",
            "contradicted",
            "malmo.txt",
            "contradicts",
            "negated_predicate",
        ),
    ],
)
def test_error_classes(
    classes: Archive, claim: str, verdict: str, source: str, stance: str, reason: str | None
) -> None:
    result = check_claim(classes.store, claim, classes.settings)
    assert result.verdict == verdict
    cited = [e for e in result.evidence[:5] if e.hit.source.endswith(source)]
    assert cited and cited[0].assessment.stance == stance
    if reason is not None:
        assert reason in {r.type for r in cited[0].assessment.reasons}


def test_date_of_a_paper_is_not_the_date_of_the_event(classes: Archive) -> None:
    result = check_claim(
        classes.store, "In 1931 the port of Trieste stayed closed.", classes.settings
    )
    cited = [e for e in result.evidence if e.hit.source.endswith("memo.txt")]
    assert cited
    assert "date_conflict" not in {r.type for r in cited[0].assessment.reasons}
    assert result.verdict != "contradicted"


def test_evidence_cache_keeps_only_the_most_recent_documents(
    archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier.examine import evidence

    monkeypatch.setattr(evidence, "CACHED", 1)
    cache = evidence._Cache()
    ids = [d.id for d in archive.documents()]
    for doc_id in ids:
        doc, _ = evidence._load(archive.store, cache, doc_id)
        assert doc.id == doc_id
    assert list(cache.docs) == ids[-1:]
