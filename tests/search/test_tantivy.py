from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from dossier.api import Archive, open_archive
from dossier.cli.main import app
from dossier.errors import ConfigError, QueryError
from dossier.search import tantivy_index
from dossier.search.tantivy_index import TantivyIndex
from dossier.settings import Settings
from dossier.store.base import SearchRequest

DOCS = {
    "memo.md": "---\ndate: 1947-03-02\ntitle: Memo on the port\ngenre: memorandum\n---\n\n"
    "The port of Dairen was closed to shipping.\n\nNothing else happened at the harbour.\n",
    "note.md": "---\ndate: 1954-10-12\ntitle: Later note\ngenre: telegram\n---\n\n"
    "Talks on Port Arthur and Lüshun ended.\n\nThe Soviet garrison left Port Arthur.\n",
    "memoir.md": "---\ndate: 1958\ntitle: Memoir\ngenre: memoir\nlanguage: ru\n---\n\n"
    "Mikoyan flew to Mao in 1949. The treaty on Port Arthur was not yet drafted; Dairen "
    "remained a free port and the harbour of Dalian stayed quiet.\n",
    "article.txt": "War came to Indo-\u0421hina in those years.\n\nThe port arthur question "
    "returned, and the garrison stayed for thirty years.\n",
    "undated.md": "---\ntitle: Undated fragment\n---\n\nA ship reached Dairen; the harbourmaster "
    "wrote to Moscow about the port.\n",
}

QUERIES = [
    "port",
    "Port Arthur",
    '"Port Arthur"',
    '"port arthur" OR Dairen',
    "Dairen OR Mukden harbour",
    "harbour*",
    "Lushun",
    "Lüshun",
    "Indo-China",
    "garrison thirty",
    "nothing matches this",
    "NOT port",
    "a) OR (b",
]


@pytest.fixture
def native(tmp_path: Path, settings: Settings) -> Settings:
    return dataclasses.replace(settings, ner_model="")


@pytest.fixture
def tantivy(tmp_path: Path, native: Settings) -> Settings:
    return dataclasses.replace(native, search_index="tantivy", index_path=str(tmp_path / "index"))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for name, body in DOCS.items():
        (root / name).write_text(body, encoding="utf-8")
    return root


@pytest.fixture
def archive(folder: Path, tantivy: Settings) -> Archive:
    archive = open_archive(tantivy)
    archive.ingest([folder])
    return archive


def _ids(archive: Archive, request: SearchRequest) -> set[int]:
    return {h.passage for h in archive.search(request)}


def _sources(archive: Archive, request: SearchRequest) -> list[str]:
    return sorted({h.source for h in archive.search(request)})


@pytest.mark.parametrize("query", QUERIES)
def test_same_passages_as_the_native_index(archive: Archive, native: Settings, query: str) -> None:
    with open_archive(native) as plain:
        expected = _ids(plain, SearchRequest(query, limit=100))
    assert _ids(archive, SearchRequest(query, limit=100)) == expected


def test_matching_counts_each_passage_as_the_native_index_does(
    archive: Archive, native: Settings
) -> None:
    request = SearchRequest("port OR harbour")
    with open_archive(native) as plain:
        expected = sorted(plain.store.matching(request))
    assert sorted(archive.store.matching(request)) == expected
    assert len(expected) >= 6


def test_matching_counts_large_results_slice_by_slice(
    archive: Archive, native: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """tantivy caps the buckets of one aggregation; a cap of 2 forces the slicing."""
    monkeypatch.setattr(tantivy_index, "BUCKETS", 2)
    request = SearchRequest("port OR harbour OR ship")
    with open_archive(native) as plain:
        expected = sorted(plain.store.matching(request))
    assert sorted(archive.store.matching(request)) == expected


@pytest.mark.parametrize(
    ("request_", "sources"),
    [
        (SearchRequest("port", date_from="1950"), ["memoir.md", "note.md"]),
        (SearchRequest("port", date_to="1947-03"), ["memo.md"]),
        (SearchRequest("port", date_from="1954-10", date_to="1954"), ["note.md"]),
        (SearchRequest("port", genre="memoir"), ["memoir.md"]),
        (SearchRequest("port", language="ru"), ["memoir.md"]),
        (SearchRequest("port", source="ME"), ["memo.md", "memoir.md"]),
        (SearchRequest("port", source="memo."), ["memo.md"]),
        (SearchRequest("port", source="[a-z]*"), []),
        (SearchRequest("port", within=()), []),
        (SearchRequest("port", limit=1, offset=50), []),
    ],
)
def test_filters(archive: Archive, request_: SearchRequest, sources: list[str]) -> None:
    assert _sources(archive, request_) == sources


def test_filter_by_document(archive: Archive) -> None:
    memo = next(d.id for d in archive.documents() if d.source == "memo.md")
    assert _sources(archive, SearchRequest("port", within=(memo,))) == ["memo.md"]


def test_date_sort_puts_the_oldest_first_and_the_undated_last(archive: Archive) -> None:
    hits = archive.search(SearchRequest("port OR harbour", sort="date", limit=50))
    sources = list(dict.fromkeys(h.source for h in hits))
    assert sources[:3] == ["memo.md", "note.md", "memoir.md"]
    assert set(sources[3:]) == {"article.txt", "undated.md"}  # undated, in no set order


def test_limit_and_offset_page_through_the_hits(archive: Archive) -> None:
    everything = [h.passage for h in archive.search(SearchRequest("port", limit=50))]
    pages = [
        h.passage
        for offset in range(0, len(everything), 2)
        for h in archive.search(SearchRequest("port", limit=2, offset=offset))
    ]
    assert pages == everything and len(everything) >= 5


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("Dairen", {"Dairen"}),
        ("lushun", {"Lüshun"}),
        ('"Port Arthur"', {"Port Arthur", "port arthur"}),
        ("harb*", {"harbour", "harbourmaster"}),
        ("garrison OR treaty", {"garrison", "treaty"}),
    ],
)
def test_snippets_highlight_the_query_terms(archive: Archive, query: str, marked: set[str]) -> None:
    hits = archive.search(SearchRequest(query, limit=50))
    assert hits
    seen = set()
    for hit in hits:
        assert hit.highlights, hit.snippet
        seen |= {hit.snippet[a:b] for a, b in hit.highlights}
    assert seen == marked


def test_long_passages_are_cut_around_the_match(tmp_path: Path, tantivy: Settings) -> None:
    words = [f"word{i}" for i in range(200)]
    words[150] = "Vladivostok"
    (tmp_path / "long.txt").write_text(" ".join(words) + "\n", encoding="utf-8")
    with open_archive(dataclasses.replace(tantivy, snippet_tokens=10)) as archive:
        archive.ingest([tmp_path / "long.txt"])
        (hit,) = archive.search(SearchRequest("vladivostok"))
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet.split()) == 10
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["Vladivostok"]


def test_queries_without_words_give_a_clear_message(archive: Archive) -> None:
    with pytest.raises(QueryError, match="nothing to search"):
        archive.search(SearchRequest('"*"'))


# -- consistency with the store -------------------------------------------------------------------


def _delete_behind_the_index(settings: Settings, source: str) -> None:
    with open_archive(settings) as plain:
        engine = plain.store.engine  # type: ignore[attr-defined]
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM documents WHERE source = :s"), {"s": source})


def test_rows_deleted_behind_the_index_are_dropped_from_it(
    archive: Archive, native: Settings, tantivy: Settings
) -> None:
    assert "memo.md" in _sources(archive, SearchRequest("Dairen"))
    _delete_behind_the_index(native, "memo.md")
    assert "memo.md" not in _sources(archive, SearchRequest("Dairen"))  # skipped meanwhile
    archive.close()
    with open_archive(tantivy) as again:
        assert _sources(again, SearchRequest("Dairen")) == ["memoir.md", "undated.md"]
        assert again.integrity_check() == []
        assert len(again.store.matching(SearchRequest("Dairen"))) == 2


def test_documents_added_without_the_index_are_indexed_at_the_next_opening(
    archive: Archive, native: Settings, tantivy: Settings, tmp_path: Path
) -> None:
    archive.close()
    (tmp_path / "late.txt").write_text("Harbin was quiet that winter.\n", encoding="utf-8")
    with open_archive(native) as plain:
        plain.ingest([tmp_path / "late.txt"])
    with open_archive(tantivy) as again:
        assert _sources(again, SearchRequest("Harbin")) == ["late.txt"]


_CRASH = """
import dataclasses, os, sys
from dossier.api import open_archive
from dossier.settings import Settings

settings = Settings(db=sys.argv[1], ner_model="", search_index="tantivy", index_path=sys.argv[2])
archive = open_archive(settings)
doc = archive.document("memo.md")
changed = dataclasses.replace(doc, text=doc.text.replace("Dairen", "Mukden"))
archive.store.index.changed = lambda ids: os._exit(3)  # the process dies after the commit
archive.store.replace_documents(doc.sha256, [changed])
"""


def test_a_crash_between_the_store_commit_and_the_index_is_repaired(
    archive: Archive, tantivy: Settings
) -> None:
    assert "memo.md" in _sources(archive, SearchRequest("Dairen"))
    archive.close()
    argv = [sys.executable, "-c", _CRASH, tantivy.db, tantivy.index_path]
    assert subprocess.run(argv, capture_output=True, check=False).returncode == 3
    assert list((Path(tantivy.index_path) / "pending").glob("pending-*.txt"))
    with open_archive(tantivy) as again:
        assert _sources(again, SearchRequest("Mukden")) == ["memo.md"]
        assert "memo.md" not in _sources(again, SearchRequest("Dairen"))
        assert again.integrity_check() == []
    assert not list((Path(tantivy.index_path) / "pending").glob("pending-*.txt"))


def test_a_damaged_index_is_built_again(archive: Archive, tantivy: Settings) -> None:
    archive.close()
    for path in Path(tantivy.index_path).glob("*.idx"):
        path.write_bytes(b"garbage")
    (Path(tantivy.index_path) / "meta.json").write_text("{not json")
    with open_archive(tantivy) as again:
        assert _sources(again, SearchRequest("Lushun")) == ["note.md"]


def test_a_foreign_folder_is_never_taken_for_the_index(tmp_path: Path, tantivy: Settings) -> None:
    foreign = tmp_path / "papers"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    settings = dataclasses.replace(tantivy, index_path=str(foreign))
    with (
        open_archive(settings) as archive,
        pytest.raises(ConfigError, match="not a Dossier search index"),
    ):
        archive.search(SearchRequest("port"))
    assert (foreign / "notes.txt").read_text() == "mine"


def test_the_index_sits_beside_a_sqlite_archive(tmp_path: Path, native: Settings) -> None:
    settings = Settings(db=str(tmp_path / "a.db"), search_index="tantivy", ner_model="")
    with open_archive(settings) as archive:
        assert isinstance(archive.store.index, TantivyIndex)  # type: ignore[attr-defined]
        assert archive.store.index.path == tmp_path / "a.db.tantivy"  # type: ignore[attr-defined]


def test_an_unknown_index_is_refused(native: Settings) -> None:
    with pytest.raises(ConfigError, match="unknown search_index"):
        open_archive(dataclasses.replace(native, search_index="lucene"))


# -- reindex --------------------------------------------------------------------------------------


def test_reindex_rebuilds_the_index_from_the_store(archive: Archive) -> None:
    passages = archive.status().passages
    steps: list[tuple[int, int]] = []
    assert archive.reindex(progress=lambda done, total: steps.append((done, total))) == passages
    assert steps[-1] == (passages, passages)
    assert _sources(archive, SearchRequest("Lushun")) == ["note.md"]
    assert archive.integrity_check() == []


@pytest.mark.parametrize("kind", ["tantivy", "native"])
def test_reindex_command(archive: Archive, tantivy: Settings, kind: str) -> None:
    passages = archive.status().passages
    archive.close()
    env = {"DOSSIER_INDEX_PATH": tantivy.index_path, "DOSSIER_NER_MODEL": ""}
    result = CliRunner().invoke(
        app, ["--db", tantivy.db, "reindex", "--index", kind, "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    assert f'"passages": {passages}' in result.stdout
    with open_archive(
        tantivy if kind == "tantivy" else dataclasses.replace(tantivy, search_index="native")
    ) as again:
        assert _sources(again, SearchRequest("Lushun")) == ["note.md"]


def test_writes_inside_a_callers_transaction_reach_the_index_before_the_next_search(
    archive: Archive,
) -> None:
    memo = archive.document("memo.md")
    store = archive.store
    with store.engine.begin() as conn:  # type: ignore[attr-defined]
        store.delete_documents(conn, [memo.id])  # type: ignore[attr-defined]
    assert len(store.matching(SearchRequest("Dairen"))) == 2
    with store.engine.begin() as conn:  # type: ignore[attr-defined]
        store.insert(conn, [memo], [])  # type: ignore[attr-defined]
    assert "memo.md" in _sources(archive, SearchRequest("Dairen"))
    assert archive.integrity_check() == []
