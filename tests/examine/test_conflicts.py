"""Date conflicts: invented telegrams and articles dating one event differently."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.api import open_archive
from dossier.examine.conflicts import date_conflicts, event_mentions, find_predicates
from dossier.settings import Settings


def _doc(title: str, date: str | None, genre: str, body: str) -> str:
    dated = f"date: {date}\n" if date else ""
    return f"---\ntitle: {title}\n{dated}genre: {genre}\n---\n{body}\n"


def _archive(tmp_path: Path, db: str, docs: dict[str, str]) -> Settings:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    settings = Settings(db=db)
    with open_archive(settings) as archive:
        archive.ingest([folder])
    return settings


def _conflicts(tmp_path: Path, db: str, docs: dict[str, str]) -> list[dict[str, object]]:
    with open_archive(_archive(tmp_path, db, docs)) as archive:
        return [c.to_dict() for c in date_conflicts(archive.store)]


FIRST = "The Treaty of Velmora was signed by Arvid Castell and Ilse Marrow in Geneva on {d}."
SECOND = "Our sources confirm that Arvid Castell and Ilse Marrow concluded it in Geneva on {d}."


@pytest.mark.parametrize(
    ("one", "two", "conflict"),
    [
        ("March 3, 1961", "March 4, 1961", "1961-03-03 ≠ 1961-03-04"),
        ("March 3, 1961", "March 3, 1961", None),
        ("March 3, 1961", "March 1961", None),
        ("March 28, 1961", "April 2, 1961", "1961-03-28 ≠ 1961-04-02"),
        ("March 3, 1961", "July 9, 1963", None),
    ],
)
def test_two_telegrams_and_an_article(
    tmp_path: Path, db_url: str, one: str, two: str, conflict: str | None
) -> None:
    found = _conflicts(
        tmp_path,
        db_url,
        {
            "a.md": _doc("Telegram one", "1961-04-05", "telegram", FIRST.format(d=one)),
            "b.md": _doc("Telegram two", "1961-04-06", "telegram", SECOND.format(d=two)),
            "c.md": _doc(
                "Forgotten treaty",
                None,
                "article",
                "Historians forget that Arvid Castell signed a treaty in Geneva in 1961.",
            ),
        },
    )
    if conflict is None:
        assert found == []
        return
    assert len(found) == 1
    (c,) = found
    assert c["predicate"] == "sign"
    assert c["reason"] == f"date_conflict {conflict}"
    assert "person:arvid-castell" in c["entities"]  # type: ignore[operator]
    values = c["values"]
    assert isinstance(values, list)
    assert {v["source"] for v in values} == {"a.md", "b.md", "c.md"}
    assert {v["value"] for v in values} >= set(conflict.split(" ≠ "))


@pytest.mark.parametrize(
    ("other", "why"),
    [
        ("Arvid Castell visited Geneva on March 4, 1961.", "another predicate"),
        ("Otto Brennan and Clara Voss signed a pact in Lisbon on March 4, 1961.", "others"),
        ("Date signed: March 4, 1961\n\nArvid Castell arrived in Geneva.", "a record line"),
    ],
)
def test_not_the_same_event(tmp_path: Path, db_url: str, other: str, why: str) -> None:
    found = _conflicts(
        tmp_path,
        db_url,
        {
            "a.md": _doc("Telegram one", "1961-04-05", "telegram", FIRST.format(d="March 3, 1961")),
            "b.md": _doc("Telegram two", "1961-04-06", "telegram", other),
        },
    )
    assert found == [], why


def test_inferred_year_does_not_count_against_a_given_one(tmp_path: Path, db_url: str) -> None:
    later = "Arvid Castell and Ilse Marrow signed the treaty in Geneva on March 3."
    found = _conflicts(
        tmp_path,
        db_url,
        {
            "a.md": _doc("Telegram one", "1961-04-05", "telegram", FIRST.format(d="March 3, 1961")),
            "b.md": _doc("Letter", "1962-01-10", "letter", later),
        },
    )
    assert found == []


@pytest.mark.parametrize(
    ("text", "predicate"),
    [
        ("The treaty was signed at noon.", "sign"),
        ("Both sides concluded the agreement.", "sign"),
        ("The two communiqués were read aloud.", "communique"),
        ("A joint statement followed.", "communique"),
        ("The envoy left the capital.", "depart"),
        ("The envoy departed at dawn.", "depart"),
        ("The garrison was handed over to the city.", "transfer"),
        ("The withdrawal of the fleet began.", "withdraw"),
        ("The harbour remained quiet.", None),
    ],
)
def test_predicates_lemmatised_with_synonyms(text: str, predicate: str | None) -> None:
    found = [p[2] for p in find_predicates(text)]
    assert found == ([predicate] if predicate else [])


def test_event_mention_fields(tmp_path: Path, db_url: str) -> None:
    body = FIRST.format(d="March 3, 1961")
    with open_archive(
        _archive(tmp_path, db_url, {"a.md": _doc("T", "1961-04-05", "telegram", body)})
    ) as a:
        (doc,) = list(a.store.iter_documents())
    (m,) = event_mentions(doc)
    assert (m.predicate, m.word, m.value, m.text) == (
        "sign",
        "signed",
        "1961-03-03",
        "March 3, 1961",
    )
    assert m.earliest == m.latest == "1961-03-03"
    assert "Geneva" in m.sentence and m.date == "1961-04-05"


@pytest.mark.corpus
def test_corpus_conflicts(corpus: Path, db_url: str) -> None:
    settings = Settings(db=db_url)
    with open_archive(settings) as archive:
        archive.ingest([corpus])
        found = date_conflicts(archive.store)
    assert found, "the corpus dates the 1954 communiqués and the transfer differently"
    for c in found:
        docs = {v.document for v in c.values}
        assert len(docs) > 1 and c.reason.startswith("date_conflict")
    october = [c for c in found if {"1954-10-12", "1954-10-13"} <= {v.value for v in c.values}]
    assert october
    assert all(c.predicate in ("communique", "transfer") for c in october)
