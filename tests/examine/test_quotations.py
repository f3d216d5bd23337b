"""Quotation tracing: invented quotations copied, altered, truncated and unattested."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.api import open_archive
from dossier.examine.quotations import QuoteTrace, normalise_quote, relation, trace_quotations
from dossier.settings import Settings

ORIGINAL = "We shall open the northern harbour to every merchant ship before the winter comes."
ALTERED = "We shall open the northern harbour to every foreign ship before the winter comes."
TRUNCATED = "We shall open the northern harbour to every merchant ship"


def _doc(title: str, date: str | None, genre: str, body: str, author: str = "") -> str:
    head = f"title: {title}\ngenre: {genre}\n"
    head += f"date: {date}\n" if date else ""
    head += f"author: {author}\n" if author else ""
    return f"---\n{head}---\n{body}\n"


def _said(quote: str) -> str:
    return f"At the meeting the minister Arvid Castell said: “{quote}” Nobody answered him."


def _traces(tmp_path: Path, db: str, docs: dict[str, str]) -> list[QuoteTrace]:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    with open_archive(Settings(db=db)) as archive:
        archive.ingest([folder])
        return trace_quotations(archive.store)


@pytest.mark.parametrize(
    ("copy", "rel", "flags"),
    [
        (ORIGINAL, "identical", set()),
        (ORIGINAL.upper().replace(" ", "  "), "identical", set()),
        (ALTERED, "altered", {"altered"}),
        (TRUNCATED, "truncated", {"truncated"}),
    ],
)
def test_copy_in_a_later_article(
    tmp_path: Path, db_url: str, copy: str, rel: str, flags: set[str]
) -> None:
    traces = _traces(
        tmp_path,
        db_url,
        {
            "tel.md": _doc("Telegram", "1950-01-02", "telegram", _said(ORIGINAL)),
            "art.md": _doc("Retrospective", "1975-05-01", "article", _said(copy)),
        },
    )
    linked = [t for t in traces if t.documents > 1]
    assert len(linked) == 1
    (trace,) = linked
    first, later = trace.occurrences
    assert first.source == "tel.md" and trace.earliest == first.document
    assert trace.earliest_by == "document date 1950-01-02"
    assert later.source == "art.md" and later.relation == rel
    assert {f.kind for f in trace.flags} == flags
    assert all(f.document == later.document for f in trace.flags)
    if "altered" in flags:
        assert "'merchant' → 'foreign'" in trace.flags[0].reason


def test_undated_document_ordered_by_its_events(tmp_path: Path, db_url: str) -> None:
    memoir = "In the spring of 1971 I recalled his words. " + _said(TRUNCATED)
    traces = _traces(
        tmp_path,
        db_url,
        {
            "memoir.md": _doc("Memoir", None, "memoir", memoir),
            "tel.md": _doc("Telegram", "1950-01-02", "telegram", _said(ORIGINAL)),
        },
    )
    (trace,) = [t for t in traces if t.documents > 1]
    assert trace.occurrences[0].source == "tel.md"
    assert "1 undated" in trace.earliest_by
    assert trace.occurrences[1].relation == "truncated"


def test_unquoted_original_is_found(tmp_path: Path, db_url: str) -> None:
    telegram = f"The minister told the assembly that {ORIGINAL[0].lower()}{ORIGINAL[1:]}"
    traces = _traces(
        tmp_path,
        db_url,
        {
            "tel.md": _doc("Telegram", "1950-01-02", "telegram", telegram),
            "art.md": _doc("Retrospective", "1975-05-01", "article", _said(ORIGINAL)),
        },
    )
    (trace,) = [t for t in traces if t.documents > 1]
    first, later = trace.occurrences
    assert (first.source, first.quoted) == ("tel.md", False)
    assert (later.source, later.quoted, later.relation) == ("art.md", True, "identical")


@pytest.mark.parametrize(
    ("held", "flagged"),
    [
        ({}, "which the archive does not hold"),
        (
            {"diary.md": _doc("Diary", "1952-02-02", "diary", "Nothing of note.", "Otto Brandt")},
            "is held but lacks it",
        ),
        (
            {"diary.md": _doc("Diary", "1952-02-02", "diary", _said(ORIGINAL), "Otto Brandt")},
            None,
        ),
    ],
)
def test_attributed_source(
    tmp_path: Path, db_url: str, held: dict[str, str], flagged: str | None
) -> None:
    body = f"Here is a passage from the diary of Colonel Otto Brandt: “{ORIGINAL}”"
    traces = _traces(
        tmp_path, db_url, {"art.md": _doc("Essay", "1990-01-01", "article", body), **held}
    )
    unattested = [f for t in traces for f in t.flags if f.kind == "unattested"]
    if flagged is None:
        assert unattested == []
        assert any(t.documents == 2 for t in traces)
    else:
        assert len(unattested) == 1 and flagged in unattested[0].reason
        assert "diary of Colonel Otto Brandt" in unattested[0].reason


@pytest.mark.parametrize(("genre", "flagged"), [("article", True), ("telegram", False)])
def test_single_quotation(tmp_path: Path, db_url: str, genre: str, flagged: bool) -> None:
    traces = _traces(
        tmp_path, db_url, {"one.md": _doc("One", "1960-01-01", genre, _said(ORIGINAL))}
    )
    assert bool(traces) is flagged
    if flagged:
        assert traces[0].flags[0].kind == "unattested"
        assert "secondary" in traces[0].flags[0].reason


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("one two three four five six", "one two three four five six", "identical"),
        ("one two three four five six", "one two three four five", "truncated"),
        ("one two three four five", "one two three four five six", "extended"),
        ("one two three four five six", "one two three four nine six", "altered"),
        ("one two three four five six", "four five six one two three", "altered"),
        (
            "one two three four five six seven eight",
            "zero one two three four five",
            "altered+truncated",
        ),
        ("one two three four five six", "seven eight nine ten eleven twelve", None),
    ],
)
def test_relation(a: str, b: str, expected: str | None) -> None:
    found = relation(tuple(a.split()), tuple(b.split()))
    assert (found[0] if found else None) == expected


def test_normalise_drops_marks_brackets_and_ellipses() -> None:
    assert normalise_quote("“...Everything [on the coast] is GIVEN… away!”") == [
        "everything",
        "is",
        "given",
        "away",
    ]


@pytest.mark.corpus
def test_corpus_quotations(corpus: Path, db_url: str) -> None:
    with open_archive(Settings(db=db_url)) as archive:
        archive.ingest([corpus])
        traces = trace_quotations(archive.store)
        kinds = {d.id: d.kind for d in archive.documents(limit=1000)}
    flags = [f for t in traces for f in t.flags]
    assert flags and all(f.kind in ("altered", "truncated", "unattested") for f in flags)
    attributed = [
        f
        for f in flags
        if f.kind == "unattested" and "memoirs" in f.reason and "not hold" in f.reason
    ]
    assert attributed, "the article quotes memoirs the archive does not hold"
    assert all(kinds[attributed[0].document] == "secondary" for _ in attributed[:1])
    for t in traces:
        assert t.documents > 1 or t.flags
