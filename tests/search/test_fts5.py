from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from dossier.api import Archive, open_archive
from dossier.errors import QueryError
from dossier.search.query import parse_query
from dossier.search.tsvector import tsquery_expression
from dossier.settings import Settings
from dossier.store.base import SearchRequest

DOCS = {
    "memo.md": "---\ndate: 1947-03-02\ntitle: Memo on the port\n---\n\nThe port of Dairen was "
    "closed to shipping.\n\nNothing else happened.\n",
    "note.md": "---\ndate: 1954-10-12\ntitle: Later note\n---\n\nTalks on Port Arthur and "
    "Lüshun ended.\n",
    "article.txt": "War came to Indo-\u0421hina in those years.\n",
}


@pytest.fixture
def archive(tmp_path: Path, settings: Settings) -> Archive:
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    archive = open_archive(settings)
    archive.ingest([tmp_path])
    return archive


def test_ranked_hits_carry_ids_sources_and_highlights(archive: Archive) -> None:
    (hit,) = archive.search(SearchRequest("Dairen"))
    assert hit.source == "memo.md" and hit.document.startswith("d")
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["Dairen"]


def test_homoglyph_text_is_found_by_its_latin_spelling(archive: Archive) -> None:
    assert [h.source for h in archive.search(SearchRequest("Indo-China"))] == ["article.txt"]


def test_diacritics_are_folded(archive: Archive) -> None:
    assert [h.source for h in archive.search(SearchRequest("Lushun"))] == ["note.md"]


@pytest.mark.parametrize(
    ("request_", "sources"),
    [
        (SearchRequest("port", date_from="1950"), ["note.md"]),
        (SearchRequest("port", date_to="1947-03"), ["memo.md"]),
        (SearchRequest("port", source="me"), ["memo.md"]),
        (SearchRequest("port", limit=1, offset=5), []),
    ],
)
def test_filters(archive: Archive, request_: SearchRequest, sources: list[str]) -> None:
    assert sorted(h.source for h in archive.search(request_)) == sources


@pytest.mark.parametrize("raw", ["NEAR(", "a) OR (b", "x*y*", "AND", "NOT port", "\x00port", "OR"])
def test_hostile_queries_give_results(archive: Archive, raw: str) -> None:
    assert isinstance(archive.search(SearchRequest(raw)), list)


@pytest.mark.parametrize("raw", ['"', "*", "()", "\x00"])
def test_queries_without_words_give_a_clear_message(archive: Archive, raw: str) -> None:
    with pytest.raises(QueryError, match="nothing to search"):
        archive.search(SearchRequest(raw))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Port Arthur", "'Port' & 'Arthur'"),
        ('"Port Arthur" OR Dairen', "(('Port' <-> 'Arthur') | 'Dairen')"),
        ("Lüsh* NOT", "'Lüsh':* & 'NOT'"),
        ("Indo-China", "('Indo' <-> 'China')"),
    ],
)
def test_tsquery_expression_quotes_every_word(raw: str, expected: str) -> None:
    assert tsquery_expression(parse_query(raw)) == expected


def test_fold_table_folds_like_unaccent_where_the_extension_is_missing(
    backend: str, db_url: str
) -> None:
    if backend != "postgresql":
        pytest.skip("the folding table is used on PostgreSQL only")
    import psycopg

    migration = importlib.import_module("dossier.store.migrations.versions.0003_postgres_search")
    source, target = migration.fold_table()
    words = "Lüshun Dvořák Ryōjun Şişli Dairen"
    with psycopg.connect(db_url) as conn:
        row = conn.execute(
            "SELECT translate(%s, %s, %s), unaccent(%s)", (words, source, target, words)
        ).fetchone()
    assert row == ("Lushun Dvorak Ryojun Sisli Dairen",) * 2
