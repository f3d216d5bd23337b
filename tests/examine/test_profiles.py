"""Source profiles of invented documents: kind, gap to events, translation, editorial layers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dossier.api import open_archive
from dossier.examine.profiles import document_profile, source_profile, source_profiles
from dossier.model import Provenance, Span
from dossier.settings import Settings

MEMOIR = """---
title: Recollections of the northern harbour
date: 1971-06-01
genre: memoir
language: English
original_language: Polish
translator: Anna Weiss
---
In March 1960 we sailed north. In May 1960 the fleet reached the harbour [sic] and in
June 1962 the last ships left. The captain said: “We shall not come back to this cold coast.”
"""


def _archive(tmp_path: Path, db: str, docs: dict[str, str]) -> Settings:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(db=db)
    with open_archive(settings) as archive:
        archive.ingest([folder])
    return settings


def _doc(genre: str, extra: str = "", body: str = "Nothing happened in 1950.") -> str:
    return f"---\ntitle: A {genre}\ngenre: {genre}\n{extra}---\n{body}\n"


def test_memoir_profile(tmp_path: Path, db_url: str) -> None:
    with open_archive(_archive(tmp_path, db_url, {"m.md": MEMOIR})) as archive:
        p = source_profile(archive.store, "m.md")
    assert (p.kind, p.kind_from, p.genre) == ("primary", "record", "memoir")
    assert p.translated and p.original_language == "Polish" and p.translator == "Anna Weiss"
    assert (p.earliest_event, p.latest_event) == ("1960-03-16", "1962-06-15")
    assert p.median_event == "1960-05-16"
    assert p.gap_years == pytest.approx(11.0, abs=0.1)
    assert p.gap_latest_years == pytest.approx(9.0, abs=0.1)
    assert p.editorial == {"sic": 1}
    assert p.quotations == {"direct": 1}
    assert p.claims is None
    assert p.to_dict()["gap_years"] == p.gap_years


@pytest.mark.parametrize(
    ("genre", "record_kind", "kind", "kind_from"),
    [
        ("article", None, "secondary", "genre"),
        ("telegram", None, "primary", "genre"),
        ("Editorial Note", None, "secondary", "genre"),
        ("article", "primary", "primary", "record"),
        ("sonnet", None, None, None),
    ],
)
def test_kind(
    tmp_path: Path,
    db_url: str,
    genre: str,
    record_kind: str | None,
    kind: str | None,
    kind_from: str | None,
) -> None:
    with open_archive(_archive(tmp_path, db_url, {"d.md": _doc("letter")})) as archive:
        (doc,) = list(archive.store.iter_documents())
    doc = replace(doc, record=replace(doc.record, genre=genre, kind=record_kind))
    p = document_profile(doc)
    assert (p.kind, p.kind_from, p.genre) == (kind, kind_from, genre)


@pytest.mark.parametrize(
    ("extra", "translated"),
    [
        ("language: English\n", False),
        ("language: English\noriginal_language: English\n", False),
        ("language: English\noriginal_language: Russian\n", True),
        ("translator: Jan Ek\n", True),
    ],
)
def test_translation(tmp_path: Path, db_url: str, extra: str, translated: bool) -> None:
    with open_archive(_archive(tmp_path, db_url, {"d.md": _doc("letter", extra)})) as archive:
        (p,) = source_profiles(archive.store)
    assert p.translated is translated


def test_undated_document_has_no_gap_and_later_dates_are_set_apart(
    tmp_path: Path, db_url: str
) -> None:
    body = "The pact of 1950 was renewed in April 1955. In 1990 the papers were released."
    with open_archive(
        _archive(
            tmp_path,
            db_url,
            {"u.md": _doc("note", body=body), "d.md": _doc("note", "date: 1956-01-01\n", body)},
        )
    ) as archive:
        undated = source_profile(archive.store, "u.md")
        dated = source_profile(archive.store, "d.md")
    assert undated.gap_years is None and undated.latest_event == "1990-07-02"
    assert dated.after_writing == 1 and dated.latest_event == "1955-04-15"
    assert dated.gap_latest_years == pytest.approx(0.7, abs=0.1)


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        ([], None),
        (["supported", "supported", "contradicted"], {"corroborated": 2, "contradicted": 1}),
        (["unverified", "conflicting"], {"corroborated": 0, "contradicted": 0}),
    ],
)
def test_claims_counted_from_verdicts(
    tmp_path: Path, db_url: str, verdicts: list[str], expected: dict[str, int] | None
) -> None:
    with open_archive(_archive(tmp_path, db_url, {"m.md": MEMOIR})) as archive:
        (doc,) = list(archive.store.iter_documents())
    prov = Provenance("claims", "0")
    claims = [Span("claim", 0, 5, {"verdict": v}, prov) for v in verdicts]
    claims.append(Span("claim", 0, 5, {"text": "no verdict yet"}, prov))
    found = document_profile(replace(doc, spans=[*doc.spans, *claims])).claims
    if expected is None:
        assert found is None
    else:
        assert found is not None and found["total"] == len(verdicts)
        assert {k: found[k] for k in expected} == expected


@pytest.mark.corpus
def test_corpus_profiles(corpus: Path, db_url: str) -> None:
    with open_archive(Settings(db=db_url)) as archive:
        archive.ingest([corpus])
        profiles = source_profiles(archive.store)
    memoirs = [p for p in profiles if p.genre == "memoir"]
    articles = [p for p in profiles if p.genre == "article"]
    assert len(memoirs) == 1 and articles
    memoir = memoirs[0]
    assert memoir.kind == "primary" and memoir.translated
    assert memoir.original_language == "Russian"
    assert memoir.gap_years is not None and 8 <= memoir.gap_years <= 11
    assert memoir.editorial.get("sic", 0) > 0
    assert all(a.kind == "secondary" for a in articles)
    assert all(p.claims is None for p in profiles)
